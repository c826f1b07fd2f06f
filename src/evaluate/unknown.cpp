// The evaluator's three-valued path: expressions that may read a missing value (an optional
// field) are unknown where they depend on one, by Kleene's strong logic. An expression that
// cannot be unknown goes straight to the two-valued truth()/number()/code().
//
// A known result never depends on the missing values (Kleene's logic is monotone), so for a
// known value the two-valued path, which reads a missing value as false, 0 or the first item,
// gives the same answer; the error cases below rely on that.
#include <algorithm>

#include "src/evaluate/evaluate.hpp"
#include "thidua/errors.hpp"

namespace thidua::detail {

namespace {

Truth of(bool b) { return b ? Truth::yes : Truth::no; }

Truth negate(Truth t) { return t == Truth::unknown ? t : of(t == Truth::no); }

// Kleene's `and`: false wins, then unknown.
Truth both(Truth x, Truth y) {
  if (x == Truth::no || y == Truth::no) return Truth::no;
  return x == Truth::unknown || y == Truth::unknown ? Truth::unknown : Truth::yes;
}

}  // namespace

// An operation with no case of its own here (a constant, or a kind of expression added since):
// unknown when an argument is, otherwise read two-valued. An operation that can decide with an
// argument missing, or reads an argument for other records, needs its own case.
bool Evaluator::strictly_unknown(const Expr& e, const Frame& frame) const {
  return std::any_of(e.args.begin(), e.args.end(),
                     [&](const Expr& arg) { return arg.may_be_unknown && unknown(arg, frame); });
}

bool Evaluator::present(const Frame& frame, std::int32_t field) const {
  const auto& c = column(frame, field);
  return c.present.empty() || c.present[frame.record] != 0;
}

Truth Evaluator::truth3(const Expr& e, const Frame& frame) const {
  if (!e.may_be_unknown) return of(truth(e, frame));
  switch (e.op) {
    case Op::field: return present(frame, e.a) ? of(column(frame, e.a).flags[frame.record] != 0) : Truth::unknown;
    case Op::derived:
      return truth3(policy_.entities[static_cast<std::size_t>(frame.entity)].derived[static_cast<std::size_t>(e.a)].value,
                    Frame{frame.entity, frame.record, nullptr});
    case Op::at_record: {
      const auto record = code3(e.args[0], frame);
      return record ? truth3(e.args[1], Frame{e.args[0].type.ref, *record, nullptr}) : Truth::unknown;
    }
    case Op::not_: return negate(truth3(e.args[0], frame));
    case Op::and_:
    case Op::or_: {
      // `or` is `not (not a and not b)`.
      const bool is_or = e.op == Op::or_;
      Truth result = Truth::yes;
      for (const auto& arg : e.args) {
        const Truth t = is_or ? negate(truth3(arg, frame)) : truth3(arg, frame);
        result = both(result, t);
        if (result == Truth::no) break;
      }
      return is_or ? negate(result) : result;
    }
    case Op::eq: case Op::ne: case Op::lt: case Op::le: case Op::gt: case Op::ge: return compare3(e, frame);
    case Op::in_set: return contains3(e, frame);
    case Op::some:
    case Op::no: {
      Truth any = Truth::no;
      if (e.args[0].type.kind == Type::entity_set) {
        const bool known = records3(e.args[0], frame, [&](std::uint32_t, Truth member) {
          any = member == Truth::yes ? Truth::yes : Truth::unknown;
          return member != Truth::yes;
        });
        if (!known) return Truth::unknown;
      } else {
        std::span<const std::uint32_t> set;
        if (!values3(e.args[0], frame, set)) return Truth::unknown;
        any = of(!set.empty());
      }
      return e.op == Op::some ? any : negate(any);
    }
    case Op::all: {
      // Every possible member m satisfies `not m or c`.
      Truth all = Truth::yes;
      const auto element = e.args[0].type.ref;
      const bool known = records3(e.args[0], frame, [&](std::uint32_t r, Truth member) {
        const Truth holds = negate(both(member, negate(truth3(e.args[1], Frame{element, r, &frame}))));
        all = both(all, holds);
        return all != Truth::no;
      });
      return known || all == Truth::no ? all : Truth::unknown;
    }
    case Op::eligible: {
      const auto& facts = awards_[static_cast<std::size_t>(e.a)];
      if (!facts.open) return Truth::no;
      const auto v = facts.eligible[static_cast<std::size_t>(frame.entity)][frame.record];
      return v == AwardFacts::undecided ? Truth::unknown : of(v != 0);
    }
    case Op::awarded: {
      const auto v = awards_[static_cast<std::size_t>(e.a)].selected[static_cast<std::size_t>(frame.entity)][frame.record];
      return v == AwardFacts::undecided ? Truth::unknown : of(v != 0);
    }
    default:
      return strictly_unknown(e, frame) ? Truth::unknown : of(truth(e, frame));
  }
}

std::optional<Number> Evaluator::number3(const Expr& e, const Frame& frame) const {
  if (!e.may_be_unknown) return number(e, frame);
  switch (e.op) {
    case Op::field:
      if (!present(frame, e.a)) return std::nullopt;
      return column(frame, e.a).numbers[frame.record];
    case Op::derived:
      return number3(policy_.entities[static_cast<std::size_t>(frame.entity)].derived[static_cast<std::size_t>(e.a)].value,
                     Frame{frame.entity, frame.record, nullptr});
    case Op::at_record: {
      const auto record = code3(e.args[0], frame);
      if (!record) return std::nullopt;
      return number3(e.args[1], Frame{e.args[0].type.ref, *record, nullptr});
    }
    case Op::negate: {
      auto x = number3(e.args[0], frame);
      if (x) *x = -*x;
      return x;
    }
    case Op::add: case Op::sub: case Op::mul: case Op::div: {
      const auto x = number3(e.args[0], frame);
      const auto y = number3(e.args[1], frame);
      if (e.op == Op::div && y && *y == 0) return number(e, frame);  // stops: division by zero
      if (!x || !y) return std::nullopt;
      switch (e.op) {
        case Op::add: return *x + *y;
        case Op::sub: return *x - *y;
        case Op::mul: return *x * *y;
        default: return *x / *y;
      }
    }
    case Op::floor: case Op::ceil: case Op::round: {
      const auto x = number3(e.args[0], frame);
      if (!x) return std::nullopt;
      return e.op == Op::floor ? thidua::floor(*x) : e.op == Op::ceil ? thidua::ceil(*x) : round_half_up(*x);
    }
    case Op::min_of:
    case Op::max_of: {
      std::optional<Number> best;
      for (const auto& arg : e.args) {
        auto next = number3(arg, frame);
        if (!next) return std::nullopt;
        if (!best || (e.op == Op::min_of ? *next < *best : *next > *best)) best = std::move(next);
      }
      return best;
    }
    case Op::count: {
      if (e.args[0].type.kind != Type::entity_set) {
        std::span<const std::uint32_t> set;
        if (!values3(e.args[0], frame, set)) return std::nullopt;
        return Number(set.size());
      }
      std::size_t n = 0;
      bool certain = true;
      const bool known = records3(e.args[0], frame, [&](std::uint32_t, Truth member) {
        ++n;
        certain = member == Truth::yes;
        return certain;
      });
      if (!known || !certain) return std::nullopt;
      return Number(n);
    }
    case Op::sum: case Op::min: case Op::max: case Op::avg: {
      Number total = 0;
      std::size_t n = 0;
      bool certain = true;
      const auto element = e.args[0].type.ref;
      const bool known = records3(e.args[0], frame, [&](std::uint32_t r, Truth member) {
        auto value = member == Truth::yes ? number3(e.args[1], Frame{element, r, &frame}) : std::nullopt;
        if (!value) return certain = false;
        if (n == 0 || e.op == Op::sum || e.op == Op::avg) total = n == 0 ? *value : total + *value;
        else if (e.op == Op::min ? *value < total : *value > total) total = std::move(*value);
        ++n;
        return true;
      });
      if (!known || !certain) return std::nullopt;
      if (n == 0 && e.op != Op::sum) return number(e, frame);  // stops: no records
      return e.op == Op::avg ? total / n : total;
    }
    default:
      if (strictly_unknown(e, frame)) return std::nullopt;
      return number(e, frame);
  }
}

std::optional<std::uint32_t> Evaluator::code3(const Expr& e, const Frame& frame) const {
  if (!e.may_be_unknown) return code(e, frame);
  switch (e.op) {
    case Op::field:
      if (!present(frame, e.a)) return std::nullopt;
      return column(frame, e.a).codes[frame.record];
    case Op::derived:
      return code3(policy_.entities[static_cast<std::size_t>(frame.entity)].derived[static_cast<std::size_t>(e.a)].value,
                   Frame{frame.entity, frame.record, nullptr});
    case Op::at_record: {
      const auto record = code3(e.args[0], frame);
      if (!record) return std::nullopt;
      return code3(e.args[1], Frame{e.args[0].type.ref, *record, nullptr});
    }
    default:
      if (strictly_unknown(e, frame)) return std::nullopt;
      return code(e, frame);
  }
}

bool Evaluator::values3(const Expr& e, const Frame& frame, std::span<const std::uint32_t>& out) const {
  if (!e.may_be_unknown) {
    out = values(e, frame);
    return true;
  }
  switch (e.op) {
    case Op::field:
      if (!present(frame, e.a)) return false;
      out = values(e, frame);
      return true;
    case Op::derived:
      return values3(policy_.entities[static_cast<std::size_t>(frame.entity)].derived[static_cast<std::size_t>(e.a)].value,
                     Frame{frame.entity, frame.record, nullptr}, out);
    case Op::at_record: {
      const auto record = code3(e.args[0], frame);
      return record && values3(e.args[1], Frame{e.args[0].type.ref, *record, nullptr}, out);
    }
    default:
      throw Error("internal error: expression is not a set of values");
  }
}

bool Evaluator::records3(const Expr& e, const Frame& frame, const MemberVisitor& visit) const {
  if (!e.may_be_unknown) {
    records(e, frame, [&](std::uint32_t r) { return visit(r, Truth::yes); });
    return true;
  }
  switch (e.op) {
    case Op::members_of: {
      // The record's members, and, as possible members, those whose relation is missing.
      for (const auto r : members(e.a, e.b, frame.record))
        if (!visit(r, Truth::yes)) return true;
      for (const auto r : index(e.a, e.b).unowned)
        if (!visit(r, Truth::unknown)) return true;
      return true;
    }
    case Op::filter: {
      const auto element = e.args[0].type.ref;
      return records3(e.args[0], frame, [&](std::uint32_t r, Truth member) {
        const Truth keep = both(member, truth3(e.args[1], Frame{element, r, &frame}));
        return keep == Truth::no || visit(r, keep);
      });
    }
    case Op::derived:
      return records3(policy_.entities[static_cast<std::size_t>(frame.entity)].derived[static_cast<std::size_t>(e.a)].value,
                      Frame{frame.entity, frame.record, nullptr}, visit);
    case Op::at_record: {
      const auto record = code3(e.args[0], frame);
      return record && records3(e.args[1], Frame{e.args[0].type.ref, *record, nullptr}, visit);
    }
    default:
      throw Error("internal error: expression is not a set of records");
  }
}

Truth Evaluator::compare3(const Expr& e, const Frame& frame) const {
  const Expr& left = e.args[0];
  const Expr& right = e.args[1];
  int order = 0;
  switch (left.type.kind) {
    case Type::integer:
    case Type::decimal: {
      const auto x = number3(left, frame), y = number3(right, frame);
      if (!x || !y) return Truth::unknown;
      order = thidua::compare(*x, *y);
      break;
    }
    case Type::boolean: {
      const Truth x = truth3(left, frame), y = truth3(right, frame);
      if (x == Truth::unknown || y == Truth::unknown) return Truth::unknown;
      order = static_cast<int>(x == Truth::yes) - static_cast<int>(y == Truth::yes);
      break;
    }
    default: {
      const auto x = code3(left, frame), y = code3(right, frame);
      if (!x || !y) return Truth::unknown;
      if (left.type.kind == Type::enumeration) order = *x < *y ? 1 : *x > *y ? -1 : 0;  // best first
      else order = *x == *y ? 0 : 1;
    }
  }
  switch (e.op) {
    case Op::eq: return of(order == 0);
    case Op::ne: return of(order != 0);
    case Op::lt: return of(order < 0);
    case Op::le: return of(order <= 0);
    case Op::gt: return of(order > 0);
    case Op::ge: return of(order >= 0);
    default: return Truth::no;
  }
}

Truth Evaluator::contains3(const Expr& e, const Frame& frame) const {
  const auto element = code3(e.args[0], frame);
  if (!element) return Truth::unknown;
  if (e.args[1].type.kind == Type::entity_set) {
    Truth found = Truth::no;
    const bool known = records3(e.args[1], frame, [&](std::uint32_t r, Truth member) {
      if (r != *element) return true;
      found = member;
      return false;
    });
    return known ? found : Truth::unknown;
  }
  std::span<const std::uint32_t> set;
  if (!values3(e.args[1], frame, set)) return Truth::unknown;
  return of(std::binary_search(set.begin(), set.end(), *element));
}

bool Evaluator::unknown(const Expr& e, const Frame& frame) const {
  switch (e.type.kind) {
    case Type::boolean: return truth3(e, frame) == Truth::unknown;
    case Type::integer:
    case Type::decimal: return !number3(e, frame);
    case Type::text_set:
    case Type::enum_set: {
      std::span<const std::uint32_t> set;
      return !values3(e, frame, set);
    }
    case Type::entity_set: return !records3(e, frame, [](std::uint32_t, Truth) { return false; });
    case Type::none: return false;
    default: return !code3(e, frame);
  }
}

Number Evaluator::known_number(const Expr& e, const Frame& frame) const {
  if (auto value = number3(e, frame)) return std::move(*value);
  std::vector<std::string> missing;
  missing_fields(e, frame, missing);
  std::string names;
  for (const auto& m : missing) names += (names.empty() ? "" : ", ") + m;
  const std::string text(policy_.source.slice(e.range));
  stop_at(e, {text + " has no value: it reads a missing value (" + names + ")",
              text + " không có giá trị: nó đọc một giá trị bị thiếu (" + names + ")"});
}

bool Evaluator::known_truth(const Expr& e, const Frame& frame) const {
  const Truth t = truth3(e, frame);
  if (t != Truth::unknown) return t == Truth::yes;
  std::vector<std::string> missing;
  missing_fields(e, frame, missing);
  std::string names;
  for (const auto& m : missing) names += (names.empty() ? "" : ", ") + m;
  const std::string text(policy_.source.slice(e.range));
  stop_at(e, {text + " is unknown: it reads a missing value (" + names + ")",
              text + " chưa xác định được: nó đọc một giá trị bị thiếu (" + names + ")"});
}

void Evaluator::missing_fields(const Expr& e, const Frame& frame, std::vector<std::string>& out) const {
  if (!e.may_be_unknown) return;
  auto add = [&](std::string name) {
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
  };
  // The fields of the record an expression is about are named plainly; others with their entity.
  auto fields_of = [&](const Expr& inner, const Frame& at) {
    std::vector<std::string> theirs;
    missing_fields(inner, at, theirs);
    const auto& entity = policy_.entities[static_cast<std::size_t>(at.entity)];
    for (auto& name : theirs) add(name.find('.') == std::string::npos ? entity.name + "." + name : std::move(name));
  };
  switch (e.op) {
    case Op::field:
      if (!present(frame, e.a))
        add(policy_.entities[static_cast<std::size_t>(frame.entity)].fields[static_cast<std::size_t>(e.a)].name);
      return;
    case Op::derived:
      missing_fields(policy_.entities[static_cast<std::size_t>(frame.entity)].derived[static_cast<std::size_t>(e.a)].value,
                     Frame{frame.entity, frame.record, nullptr}, out);
      return;
    case Op::at_record: {
      missing_fields(e.args[0], frame, out);
      if (const auto record = code3(e.args[0], frame)) fields_of(e.args[1], Frame{e.args[0].type.ref, *record, nullptr});
      return;
    }
    case Op::members_of:
      if (!index(e.a, e.b).unowned.empty())
        add(policy_.entities[static_cast<std::size_t>(e.a)].name + "." +
            policy_.entities[static_cast<std::size_t>(e.a)].fields[static_cast<std::size_t>(e.b)].name);
      return;
    case Op::filter: case Op::all: case Op::sum: case Op::min: case Op::max: case Op::avg: {
      missing_fields(e.args[0], frame, out);
      const auto element = e.args[0].type.ref;
      records3(e.args[0], frame, [&](std::uint32_t r, Truth) {
        fields_of(e.args[1], Frame{element, r, &frame});
        return true;
      });
      return;
    }
    default:
      for (const auto& arg : e.args) missing_fields(arg, frame, out);
  }
}

}  // namespace thidua::detail
