#include "src/evaluate/evaluate.hpp"

#include <algorithm>

#include "src/evaluate/sheet.hpp"
#include "thidua/errors.hpp"

namespace thidua::detail {

namespace {

std::string quote_text(const std::string& text) { return "\"" + text + "\""; }

}  // namespace

Evaluator::Evaluator(const CompiledPolicy& policy, const DatasetData& data, const std::vector<AwardFacts>& awards,
                     std::optional<int> review_year)
    : policy_(policy), data_(data), awards_(awards), review_year_(review_year ? review_year : policy.year) {
  // A constant the data never mentions gets an id no pool entry has, so it equals nothing.
  std::uint32_t unseen = UINT32_MAX;
  for (const auto& text : policy.text_constants) {
    const auto id = data.texts.find(text);
    text_constant_ids_.push_back(id ? *id : unseen--);
  }
}

void Evaluator::stop_at(const Expr& e, Message message) const {
  const Diagnostic d = policy_.source.diagnose(e.range, std::move(message));
  throw Error(Message{format(d, Language::en), format(d, Language::vi)});
}

Number Evaluator::year_under_review(const Expr& e) const {
  if (!review_year_)
    stop_at(e, {"the year under review is not known: give it as 'year' in the policy's header or with the run "
                "(--year)",
                "chưa biết năm xét: hãy ghi 'year' ở đầu chính sách hoặc cho năm khi chạy (--year)"});
  return Number(*review_year_);
}

Number Evaluator::year_of(const Expr& e, std::uint32_t record) const {
  const auto& table = data_.tables[static_cast<std::size_t>(e.args[0].type.ref)];
  return table.columns[static_cast<std::size_t>(e.b)].numbers[record];
}

const Column& Evaluator::column(const Frame& frame, std::int32_t field) const {
  return data_.tables[static_cast<std::size_t>(frame.entity)].columns[static_cast<std::size_t>(field)];
}

const Evaluator::Index& Evaluator::index(std::int32_t entity, std::int32_t field) const {
  auto it = indexes_.find({entity, field});
  if (it == indexes_.end()) {
    // Counting sort of the records by the record their relation field points at.
    const auto& table = data_.tables[static_cast<std::size_t>(entity)];
    const auto& owners = table.columns[static_cast<std::size_t>(field)].codes;
    const auto target = policy_.entities[static_cast<std::size_t>(entity)].fields[static_cast<std::size_t>(field)].type.ref;
    const auto owner_count = data_.tables[static_cast<std::size_t>(target)].size;
    Index index;
    index.offsets.assign(owner_count + 1, 0);
    // A record whose optional relation is missing has no owner: it is listed apart.
    const auto& present = table.columns[static_cast<std::size_t>(field)].present;
    auto has_owner = [&](std::uint32_t r) { return present.empty() || present[r] != 0; };
    for (std::uint32_t r = 0; r < owners.size(); ++r) {
      if (has_owner(r)) ++index.offsets[owners[r] + 1];
      else index.unowned.push_back(r);
    }
    for (std::size_t i = 1; i < index.offsets.size(); ++i) index.offsets[i] += index.offsets[i - 1];
    index.records.resize(index.offsets.back());
    auto next = index.offsets;
    for (std::uint32_t r = 0; r < owners.size(); ++r)
      if (has_owner(r)) index.records[next[owners[r]]++] = r;
    it = indexes_.emplace(std::make_pair(entity, field), std::move(index)).first;
  }
  return it->second;
}

std::span<const std::uint32_t> Evaluator::members(std::int32_t entity, std::int32_t field, std::uint32_t owner) const {
  const auto& index = this->index(entity, field);
  return std::span<const std::uint32_t>(index.records).subspan(index.offsets[owner],
                                                              index.offsets[owner + 1] - index.offsets[owner]);
}

void Evaluator::records(const Expr& e, const Frame& frame, RecordVisitor visit) const {
  switch (e.op) {
    case Op::all_records: {
      const auto n = static_cast<std::uint32_t>(data_.tables[static_cast<std::size_t>(e.a)].size);
      for (std::uint32_t r = 0; r < n; ++r)
        if (!visit(r)) return;
      return;
    }
    case Op::members_of:
      // The filter this stands for was written in the owner's frame.
      for (const auto r : members(e.a, e.b, frame.record))
        if (!visit(r)) return;
      return;
    case Op::filter: {
      const auto element = e.args[0].type.ref;
      auto keep = [&](std::uint32_t r) {
        const Frame inner{element, r, &frame};
        return truth(e.args[1], inner) ? visit(r) : true;
      };
      records(e.args[0], frame, keep);
      return;
    }
    case Op::derived:
      records(policy_.entities[static_cast<std::size_t>(frame.entity)].derived[static_cast<std::size_t>(e.a)].value,
              Frame{frame.entity, frame.record, nullptr}, visit);
      return;
    case Op::at_record:
      records(e.args[1], Frame{e.args[0].type.ref, code(e.args[0], frame), nullptr}, visit);
      return;
    case Op::first_match: records(e.args[2 * decided_row(e, frame) + 1], frame, visit); return;
    case Op::last_years: {
      const Number last = year_under_review(e);
      const Number first = last - number(e.args[1], frame);
      records(e.args[0], frame, [&](std::uint32_t r) {
        const auto& year = year_of(e, r);
        return year > first && year <= last ? visit(r) : true;
      });
      return;
    }
    default:
      throw Error("internal error: expression is not a set of records");
  }
}

bool Evaluator::truth(const Expr& e, const Frame& frame) const {
  switch (e.op) {
    case Op::constant_bool: return e.a != 0;
    case Op::field: return column(frame, e.a).flags[frame.record] != 0;
    case Op::derived:
      return truth(policy_.entities[static_cast<std::size_t>(frame.entity)].derived[static_cast<std::size_t>(e.a)].value,
                   Frame{frame.entity, frame.record, nullptr});
    case Op::at_record: return truth(e.args[1], Frame{e.args[0].type.ref, code(e.args[0], frame), nullptr});
    case Op::not_: return !truth(e.args[0], frame);
    case Op::and_:
      return std::all_of(e.args.begin(), e.args.end(), [&](const Expr& a) { return truth(a, frame); });
    case Op::or_:
      return std::any_of(e.args.begin(), e.args.end(), [&](const Expr& a) { return truth(a, frame); });
    case Op::eq: case Op::ne: case Op::lt: case Op::le: case Op::gt: case Op::ge: return compare(e, frame);
    case Op::in_set: return contains(e, frame);
    case Op::some:
    case Op::no: {
      bool any = false;
      if (e.args[0].type.kind == Type::entity_set) {
        records(e.args[0], frame, [&](std::uint32_t) { return !(any = true); });
      } else {
        any = !values(e.args[0], frame).empty();
      }
      return e.op == Op::some ? any : !any;
    }
    case Op::all: {
      bool all = true;
      const auto element = e.args[0].type.ref;
      records(e.args[0], frame, [&](std::uint32_t r) {
        all = truth(e.args[1], Frame{element, r, &frame});
        return all;
      });
      return all;
    }
    case Op::eligible: {
      const auto& facts = awards_[static_cast<std::size_t>(e.a)];
      return facts.open && facts.eligible[static_cast<std::size_t>(frame.entity)][frame.record] == 1;
    }
    case Op::awarded:
      return awards_[static_cast<std::size_t>(e.a)].selected[static_cast<std::size_t>(frame.entity)][frame.record] == 1;
    case Op::first_match: return truth(e.args[2 * decided_row(e, frame) + 1], frame);
    default:
      throw Error("internal error: expression is not a condition");
  }
}

Number Evaluator::number(const Expr& e, const Frame& frame) const {
  switch (e.op) {
    case Op::constant_number: return e.number;
    case Op::field: return column(frame, e.a).numbers[frame.record];
    case Op::derived:
      return number(policy_.entities[static_cast<std::size_t>(frame.entity)].derived[static_cast<std::size_t>(e.a)].value,
                    Frame{frame.entity, frame.record, nullptr});
    case Op::at_record: return number(e.args[1], Frame{e.args[0].type.ref, code(e.args[0], frame), nullptr});
    case Op::sheet_points: {
      const auto score = score_sheet(*this, policy_.sheets[static_cast<std::size_t>(e.a)], frame.record);
      return e.b < 0 ? score.total : score.parts[static_cast<std::size_t>(e.b)].points;
    }
    case Op::negate: return -number(e.args[0], frame);
    case Op::add: return number(e.args[0], frame) + number(e.args[1], frame);
    case Op::sub: return number(e.args[0], frame) - number(e.args[1], frame);
    case Op::mul: return number(e.args[0], frame) * number(e.args[1], frame);
    case Op::div: {
      const Number divisor = number(e.args[1], frame);
      if (divisor == 0) {
        const std::string text(policy_.source.slice(e.range));
        stop_at(e, {"division by zero in " + text, "chia cho 0 trong " + text});
      }
      return number(e.args[0], frame) / divisor;
    }
    case Op::floor: return thidua::floor(number(e.args[0], frame));
    case Op::ceil: return thidua::ceil(number(e.args[0], frame));
    case Op::round: return round_half_up(number(e.args[0], frame));
    case Op::min_of:
    case Op::max_of: {
      Number best = number(e.args[0], frame);
      for (std::size_t i = 1; i < e.args.size(); ++i) {
        Number next = number(e.args[i], frame);
        if (e.op == Op::min_of ? next < best : next > best) best = std::move(next);
      }
      return best;
    }
    case Op::count: {
      if (e.args[0].type.kind != Type::entity_set) return Number(values(e.args[0], frame).size());
      if (e.args[0].op == Op::all_records) return Number(data_.tables[static_cast<std::size_t>(e.args[0].a)].size);
      std::size_t n = 0;
      records(e.args[0], frame, [&](std::uint32_t) { return ++n, true; });
      return Number(n);
    }
    case Op::sum: case Op::min: case Op::max: case Op::avg: {
      Number total = 0;
      std::size_t n = 0;
      const auto element = e.args[0].type.ref;
      records(e.args[0], frame, [&](std::uint32_t r) {
        Number value = number(e.args[1], Frame{element, r, &frame});
        if (n == 0 || e.op == Op::sum || e.op == Op::avg) total = n == 0 ? value : total + value;
        else if (e.op == Op::min ? value < total : value > total) total = std::move(value);
        ++n;
        return true;
      });
      if (n == 0 && e.op != Op::sum) {
        const std::string text(policy_.source.slice(e.range));
        stop_at(e, {text + " has no records to take the " +
                        (e.op == Op::avg ? "average" : e.op == Op::min ? "minimum" : "maximum") + " of",
                    text + " không có bản ghi nào để tính " +
                        (e.op == Op::avg ? "trung bình" : e.op == Op::min ? "giá trị nhỏ nhất" : "giá trị lớn nhất")});
      }
      return e.op == Op::avg ? total / n : total;
    }
    case Op::first_match: return number(e.args[2 * decided_row(e, frame) + 1], frame);
    case Op::review_year: return year_under_review(e);
    case Op::consecutive_years: {
      // The years with a record for which the condition holds; then the run of them that
      // ends with the last year.
      std::vector<Number> years;
      const auto element = e.args[0].type.ref;
      records(e.args[0], frame, [&](std::uint32_t r) {
        if (truth(e.args[1], Frame{element, r, &frame})) years.push_back(year_of(e, r));
        return true;
      });
      std::sort(years.begin(), years.end());
      Number year = e.args.size() > 2 ? number(e.args[2], frame) : year_under_review(e);
      std::size_t n = 0;
      while (std::binary_search(years.begin(), years.end(), year)) {
        ++n;
        year -= 1;
      }
      return Number(n);
    }
    default:
      throw Error("internal error: expression is not a number");
  }
}

std::uint32_t Evaluator::code(const Expr& e, const Frame& frame) const {
  switch (e.op) {
    case Op::constant_text: return text_constant_ids_[static_cast<std::size_t>(e.a)];
    case Op::constant_enum: return static_cast<std::uint32_t>(e.a);
    case Op::field: return column(frame, e.a).codes[frame.record];
    case Op::derived:
      return code(policy_.entities[static_cast<std::size_t>(frame.entity)].derived[static_cast<std::size_t>(e.a)].value,
                  Frame{frame.entity, frame.record, nullptr});
    case Op::at_record: return code(e.args[1], Frame{e.args[0].type.ref, code(e.args[0], frame), nullptr});
    case Op::single_record: return 0;
    case Op::this_record: return frame.outer ? frame.outer->record : frame.record;
    case Op::first_match: return code(e.args[2 * decided_row(e, frame) + 1], frame);
    default:
      throw Error("internal error: expression has no code");
  }
}

std::span<const std::uint32_t> Evaluator::values(const Expr& e, const Frame& frame) const {
  switch (e.op) {
    case Op::field: {
      const auto& c = column(frame, e.a);
      return std::span<const std::uint32_t>(c.set_values)
          .subspan(c.set_offsets[frame.record], c.set_offsets[frame.record + 1] - c.set_offsets[frame.record]);
    }
    case Op::derived:
      return values(policy_.entities[static_cast<std::size_t>(frame.entity)].derived[static_cast<std::size_t>(e.a)].value,
                    Frame{frame.entity, frame.record, nullptr});
    case Op::at_record: return values(e.args[1], Frame{e.args[0].type.ref, code(e.args[0], frame), nullptr});
    case Op::first_match: return values(e.args[2 * decided_row(e, frame) + 1], frame);
    default:
      throw Error("internal error: expression is not a set of values");
  }
}

std::size_t Evaluator::decided_row(const Expr& e, const Frame& frame) const {
  for (std::size_t row = 0; 2 * row < e.args.size(); ++row)
    if (truth(e.args[2 * row], frame)) return row;
  // The checker proves that some row applies, or requires an `otherwise`.
  throw Error("internal error: no row of a decision table applies");
}

std::optional<std::pair<std::int32_t, std::size_t>> Evaluator::deciding_row(const Expr& e, const Frame& frame) const {
  switch (e.op) {
    case Op::first_match: return std::pair{e.a, decided_row(e, frame)};
    case Op::derived:
      return deciding_row(policy_.entities[static_cast<std::size_t>(frame.entity)].derived[static_cast<std::size_t>(e.a)].value,
                          Frame{frame.entity, frame.record, nullptr});
    case Op::at_record: return deciding_row(e.args[1], Frame{e.args[0].type.ref, code(e.args[0], frame), nullptr});
    default: return std::nullopt;
  }
}

std::optional<std::pair<std::int64_t, std::int64_t>> Evaluator::fraction_of(const Expr& e, const Frame& frame) const {
  switch (e.op) {
    case Op::constant_number: return small_fraction(e.number);
    case Op::field: return column(frame, e.a).numbers.fraction(frame.record);
    default: return std::nullopt;
  }
}

bool Evaluator::compare(const Expr& e, const Frame& frame) const {
  const Expr& left = e.args[0];
  const Expr& right = e.args[1];
  int order = 0;  // <0, 0, >0 as left is less than, equal to or greater than right
  switch (left.type.kind) {
    case Type::integer:
    case Type::decimal: {
      // A field and a constant, as most comparisons are, in 64-bit integers when both fit.
      if (const auto a = fraction_of(left, frame)) {
        if (const auto b = fraction_of(right, frame)) {
          __extension__ using wide = __int128;  // GCC and Clang; exact products of two 64-bit values
          const wide x = static_cast<wide>(a->first) * b->second, y = static_cast<wide>(b->first) * a->second;
          order = x < y ? -1 : x > y ? 1 : 0;  // denominators are positive
          break;
        }
      }
      order = thidua::compare(number(left, frame), number(right, frame));
      break;
    }
    case Type::boolean:
      order = static_cast<int>(truth(left, frame)) - static_cast<int>(truth(right, frame));
      break;
    case Type::enumeration: {
      // Scales list their items best first: a smaller index is a greater value.
      const auto a = code(left, frame), b = code(right, frame);
      order = a < b ? 1 : a > b ? -1 : 0;
      break;
    }
    default:
      order = code(left, frame) == code(right, frame) ? 0 : 1;
  }
  switch (e.op) {
    case Op::eq: return order == 0;
    case Op::ne: return order != 0;
    case Op::lt: return order < 0;
    case Op::le: return order <= 0;
    case Op::gt: return order > 0;
    case Op::ge: return order >= 0;
    default: return false;
  }
}

bool Evaluator::contains(const Expr& e, const Frame& frame) const {
  const auto element = code(e.args[0], frame);
  if (e.args[1].type.kind == Type::entity_set) {
    bool found = false;
    records(e.args[1], frame, [&](std::uint32_t r) { return !(found = r == element); });
    return found;
  }
  const auto set = values(e.args[1], frame);
  return std::binary_search(set.begin(), set.end(), element);
}

std::string Evaluator::show(const Expr& e, const Frame& frame) const {
  if (e.may_be_unknown && unknown(e, frame)) return "missing";
  switch (e.type.kind) {
    case Type::boolean: return truth(e, frame) ? "true" : "false";
    case Type::integer:
    case Type::decimal: return to_string(number(e, frame));
    case Type::text: {
      const auto id = code(e, frame);
      return id < data_.texts.size() ? quote_text(data_.texts.text(id)) : "?";
    }
    case Type::enumeration: {
      const auto& enumeration = policy_.enumerations[static_cast<std::size_t>(e.type.ref)];
      return enumeration.items[code(e, frame)].label;
    }
    case Type::entity: {
      const auto& table = data_.tables[static_cast<std::size_t>(e.type.ref)];
      const auto r = code(e, frame);
      return table.ids.empty() ? policy_.entities[static_cast<std::size_t>(e.type.ref)].name : table.ids[r];
    }
    case Type::text_set:
    case Type::enum_set: {
      std::string out = "[";
      for (const auto v : values(e, frame)) {
        if (out.size() > 1) out += ", ";
        out += e.type.kind == Type::text_set
                   ? quote_text(data_.texts.text(v))
                   : policy_.enumerations[static_cast<std::size_t>(e.type.ref)].items[v].label;
      }
      return out + "]";
    }
    case Type::entity_set: {
      const auto& table = data_.tables[static_cast<std::size_t>(e.type.ref)];
      std::string out = "[";
      std::size_t shown = 0;
      records3(e, frame, [&](std::uint32_t r, Truth member) {
        if (shown == 10) {
          out += ", …";
          return false;
        }
        out += (shown++ ? ", " : "") + table.ids[r] + (member == Truth::unknown ? "?" : "");
        return true;
      });
      return out + "]";
    }
    case Type::none: break;
  }
  return "?";
}

}  // namespace thidua::detail
