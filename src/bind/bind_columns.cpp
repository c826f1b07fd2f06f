// The bind stage for columnar input (the Python binding's dicts of lists and DataFrames):
// the same typed columns, checks and messages as bind_json, read column by column.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/bind/bind.hpp"
#include "src/bind/values.hpp"

namespace thidua::detail {

namespace {

using namespace values;

// Where a value is. Its JSON pointer is made only for a message: nearly every cell is fine,
// and making a million pointers cost more than reading the cells.
struct Cell {
  const std::string& base;  // the entity's member, e.g. "/persons"
  bool single;              // the member is the record itself, not columns of records
  std::uint32_t row;
  std::string_view field;
  std::ptrdiff_t element = -1;  // the element of a set, when >= 0

  Cell element_at(std::size_t k) const {
    Cell cell = *this;
    cell.element = static_cast<std::ptrdiff_t>(k);
    return cell;
  }
  std::string path() const {
    std::string path = base;
    if (!single) {
      path += '/';  // appended apart: GCC 12 at -O3 warns falsely (-Wrestrict) on "/" + string
      path += std::to_string(row);
    }
    append_segment(path, field);
    if (element >= 0) {
      path += '/';
      path += std::to_string(element);
    }
    return path;
  }
};

class ColumnBinder {
 public:
  ColumnBinder(const CompiledPolicy& policy, DatasetData& out) : policy_(policy), out_(out) {
    out_.tables.resize(policy_.entities.size());
    for (std::size_t e = 0; e < policy_.entities.size(); ++e)
      out_.tables[e].columns.resize(policy_.entities[e].fields.size());
    enum_lists_.resize(policy_.enumerations.size());
    broken_.assign(policy_.entities.size(), 0);
  }

  std::vector<DataIssue> run(const std::vector<InputMember>& input) {
    std::vector<std::uint8_t> seen(policy_.entities.size(), 0);
    for (const InputMember& member : input) {
      int e = 0;
      while (e < static_cast<int>(policy_.entities.size()) && entity(e).source != member.name) ++e;
      if (e == static_cast<int>(policy_.entities.size())) {
        warn(pointer(member.name), say::unknown_member(json_string(member.name)));
        continue;
      }
      if (seen[static_cast<std::size_t>(e)]) {
        error(pointer(member.name), say::duplicate_member(json_string(member.name)));
        continue;
      }
      seen[static_cast<std::size_t>(e)] = 1;
      bind_entity(e, member);
    }
    for (std::size_t e = 0; e < policy_.entities.size(); ++e) {
      if (seen[e]) continue;
      const EntityDef& def = policy_.entities[e];
      error(pointer(def.source), say::missing_records(def));
    }
    resolve_references();
    return reports_.finish();
  }

 private:
  const EntityDef& entity(int e) const { return policy_.entities[static_cast<std::size_t>(e)]; }
  Table& table(int e) { return out_.tables[static_cast<std::size_t>(e)]; }

  void bind_entity(int e, const InputMember& member) {
    const EntityDef& def = entity(e);
    const std::string base = pointer(member.name);
    if (def.single && member.form != InputMember::record)
      return error(base, say::expected_the_record(def) + Message{", ", ", "} + say::got(shorten(member.rendering)));
    if (!def.single && member.form != InputMember::columns)
      return error(base, say::expected_columns(def) + Message{", ", ", "} + say::got(shorten(member.rendering)));
    // The number of records: every column must have it.
    std::size_t rows = def.single ? 1 : 0;
    const std::string* first = nullptr;
    for (const auto& [name, column] : member.fields) {
      if (first == nullptr) {
        first = &name;
        if (!def.single) rows = column.size();
      } else if (column.size() != rows) {
        broken_[static_cast<std::size_t>(e)] = 1;
        return error(base, say::column_lengths_differ(json_string(name), column.size(), json_string(*first), rows));
      }
    }
    Table& t = table(e);
    t.size = rows;
    if (!def.single) t.ids.assign(rows, std::string());
    for (std::size_t i = 0; i < def.fields.size(); ++i) {
      const FieldDef& field = def.fields[i];
      Column& c = t.columns[i];
      switch (field.type.kind) {
        case Type::boolean: c.flags.assign(rows, 0); break;
        case Type::integer:
        case Type::decimal: c.numbers.resize(rows); break;
        case Type::text_set:
        case Type::enum_set: c.set_offsets.assign(1, 0); break;
        default: c.codes.assign(rows, field.type.kind == Type::entity ? unset : 0); break;
      }
      if (field.optional) c.present.assign(rows, 0);
    }
    std::vector<const InputColumn*> by_field(def.fields.size(), nullptr);
    const InputColumn* ids = nullptr;
    for (const auto& [name, column] : member.fields) {
      if (!def.single && name == "id") {
        ids = &column;
        continue;
      }
      const int i = def.field_index(name);
      if (i < 0) {
        std::string path = base;
        if (def.single) append_segment(path, name);
        warn(std::move(path), say::unknown_field(json_string(name), def, !def.single));
        continue;
      }
      by_field[static_cast<std::size_t>(i)] = &column;
    }
    if (!def.single) {
      if (ids == nullptr) error(base, say::missing_id(true));
      else read_ids(e, base, *ids);
    }
    for (std::size_t i = 0; i < def.fields.size(); ++i) {
      const FieldDef& field = def.fields[i];
      if (by_field[i] == nullptr) {
        if (field.type.kind == Type::text_set || field.type.kind == Type::enum_set)
          t.columns[i].set_offsets.assign(rows + 1, 0);
        if (field.optional) continue;
        error(base, say::missing_field(json_string(field.name), field, !def.single));
        continue;
      }
      for (std::uint32_t r = 0; r < rows; ++r) read_field(e, base, r, i, *by_field[i]);
    }
  }


  static std::string render(const InputColumn& c, std::size_t r) {
    const auto slot = static_cast<std::size_t>(c.slots[r]);
    switch (c.kinds[r]) {
      case InputColumn::null: return "null";
      case InputColumn::boolean: return c.slots[r] != 0 ? "true" : "false";
      case InputColumn::integer: return std::to_string(c.slots[r]);
      case InputColumn::number: return c.texts[slot];
      case InputColumn::string: return json_string(c.texts[slot]);
      case InputColumn::other: return c.texts[slot];
      case InputColumn::list: {
        std::string out = "[";
        for (auto k = c.list_offsets[slot]; k < c.list_offsets[slot + 1] && out.size() <= max_shown; ++k) {
          if (k != c.list_offsets[slot]) out += ",";
          out += c.element_is_string[k] ? json_string(c.texts[k]) : c.texts[k];
        }
        return out + "]";
      }
    }
    return "?";
  }

  void reject(const Cell& cell, const InputColumn& c, std::size_t r, const Message& expected,
              std::string_view separator = ", ") {
    error(cell.path(), expected + Message{std::string(separator), std::string(separator)} +
                               say::got(shorten(render(c, r))));
  }

  void read_ids(int e, const std::string& base, const InputColumn& c) {
    Table& t = table(e);
    for (std::uint32_t r = 0; r < c.size(); ++r) {
      const Cell cell{base, false, r, "id"};
      if (c.kinds[r] != InputColumn::string || c.texts[static_cast<std::size_t>(c.slots[r])].empty()) {
        reject(cell, c, r, say::expected_id);
        continue;
      }
      std::string id = c.texts[static_cast<std::size_t>(c.slots[r])];
      if (!normalise(id)) {
        error(cell.path(), say::invalid_utf8_in_id);
        continue;
      }
      if (const auto found = out_.records_by_id.insert(id, {e, r})) {
        const auto [other, row] = *found;
        error(cell.path(), say::duplicate_id(json_string(id),
                                      pointer(entity(other).source) + "/" + std::to_string(row) + "/id"));
        continue;
      }
      t.ids[r] = std::move(id);
    }
  }

  void read_field(int e, const std::string& base, std::uint32_t r, std::size_t i, const InputColumn& in) {
    const EntityDef& def = entity(e);
    const FieldDef& field = def.fields[i];
    Column& c = table(e).columns[i];
    const bool is_set = field.type.kind == Type::text_set || field.type.kind == Type::enum_set;
    const auto close_set = [&] {
      if (is_set) c.set_offsets.push_back(static_cast<std::uint32_t>(c.set_values.size()));
    };
    if (in.kinds[r] == InputColumn::null && field.optional) return close_set();
    const Cell cell{base, def.single, r, field.name};
    bool ok = false;
    switch (field.type.kind) {
      case Type::boolean:
        if (in.kinds[r] != InputColumn::boolean) {
          reject(cell, in, r, say::expected_boolean);
          break;
        }
        c.flags[r] = in.slots[r] != 0 ? 1 : 0;
        ok = true;
        break;
      case Type::integer:
      case Type::decimal:
      {
        Number value;
        ok = read_number(cell, in, r, field.type.kind == Type::integer, value);
        if (ok) c.numbers.set(r, value);
        break;
      }
      case Type::text:
        if (in.kinds[r] != InputColumn::string) {
          reject(cell, in, r, say::expected_text);
          break;
        }
        ok = read_text(cell, in.texts[static_cast<std::size_t>(in.slots[r])], c.codes[r]);
        break;
      case Type::enumeration:
        ok = read_enum(cell, in, r, field.type.ref, c.codes[r]);
        break;
      case Type::entity:
        ok = read_reference(cell, in, r, field.type.ref, c.codes[r]);
        break;
      case Type::text_set:
      case Type::enum_set:
        ok = read_set(cell, in, r, field, c);
        break;
      default:
        reject(cell, in, r, say::impossible_value(field, "columns"));
        break;
    }
    close_set();
    if (ok && field.optional) c.present[r] = 1;
  }

  bool read_number(const Cell& cell, const InputColumn& in, std::size_t r, bool integer, Number& out) {
    const Message& expected = integer ? say::expected_integer : say::expected_decimal;
    switch (in.kinds[r]) {
      case InputColumn::integer: out = Number(in.slots[r]); return true;
      case InputColumn::number: {
        const std::string& text = in.texts[static_cast<std::size_t>(in.slots[r])];
        if (integer && text.find_first_of(".eE") != std::string::npos) break;
        if (auto n = parse_decimal(text)) {
          out = std::move(*n);
          return true;
        }
        reject(cell, in, r, expected + say::within_bounds);
        return false;
      }
      default: break;
    }
    reject(cell, in, r, expected);
    return false;
  }

  bool read_text(const Cell& cell, std::string text, std::uint32_t& out) {
    if (!normalise(text)) {
      error(cell.path(), say::invalid_utf8_in_text);
      return false;
    }
    out = out_.texts.intern(text);
    return true;
  }

  const std::string& accepted_values(int enumeration) {
    std::string& list = enum_lists_[static_cast<std::size_t>(enumeration)];
    if (list.empty()) list = values::accepted_values(policy_.enumerations[static_cast<std::size_t>(enumeration)]);
    return list;
  }

  // The item `text` names; -1 when none (or not UTF-8).
  int find_item(int enumeration, std::string text) const {
    if (!normalise(text)) return -1;
    return policy_.enumerations[static_cast<std::size_t>(enumeration)].find(text);
  }

  bool read_enum(const Cell& cell, const InputColumn& in, std::size_t r, int enumeration, std::uint32_t& out) {
    if (in.kinds[r] == InputColumn::string) {
      const int item = find_item(enumeration, in.texts[static_cast<std::size_t>(in.slots[r])]);
      if (item >= 0) {
        out = static_cast<std::uint32_t>(item);
        return true;
      }
    }
    reject(cell, in, r, say::expected_one_of(accepted_values(enumeration)), "; ");
    return false;
  }

  bool read_reference(const Cell& cell, const InputColumn& in, std::size_t r, int target, std::uint32_t& out) {
    std::string id;
    if (in.kinds[r] == InputColumn::string) id = in.texts[static_cast<std::size_t>(in.slots[r])];
    if (id.empty() || !normalise(id)) {
      reject(cell, in, r, say::expected_id_of(entity(target)));
      return false;
    }
    auto it = reference_ids_.find(id);
    if (it == reference_ids_.end()) {
      it = reference_ids_.emplace(id, static_cast<std::uint32_t>(reference_names_.size())).first;
      reference_names_.push_back(std::move(id));
    }
    out = it->second;
    return true;
  }

  bool read_set(const Cell& cell, const InputColumn& in, std::size_t r, const FieldDef& field, Column& c) {
    const bool text = field.type.kind == Type::text_set;
    if (in.kinds[r] != InputColumn::list) {
      reject(cell, in, r, text ? say::expected_text_array
                               : say::expected_enum_array(
                                     policy_.enumerations[static_cast<std::size_t>(field.type.ref)].name));
      return false;
    }
    const auto begin_size = c.set_values.size();
    const auto slot = static_cast<std::size_t>(in.slots[r]);
    for (auto k = in.list_offsets[slot]; k < in.list_offsets[slot + 1]; ++k) {
      const Cell element = cell.element_at(k - in.list_offsets[slot]);
      const std::string& value = in.texts[k];
      const auto shown = [&] { return shorten(in.element_is_string[k] ? json_string(value) : value); };
      if (text) {
        std::uint32_t code = 0;
        if (!in.element_is_string[k])
          error(element.path(), say::expected_text + Message{", ", ", "} + say::got(shown()));
        else if (read_text(element, value, code)) c.set_values.push_back(code);
        continue;
      }
      const int item = in.element_is_string[k] ? find_item(field.type.ref, value) : -1;
      if (item >= 0) c.set_values.push_back(static_cast<std::uint32_t>(item));
      else
        error(element.path(),
              say::expected_one_of(accepted_values(field.type.ref)) + Message{"; ", "; "} + say::got(shown()));
    }
    const auto begin = c.set_values.begin() + static_cast<std::ptrdiff_t>(begin_size);
    std::sort(begin, c.set_values.end());
    c.set_values.erase(std::unique(begin, c.set_values.end()), c.set_values.end());
    return true;
  }

  void resolve_references() {
    values::resolve_references(
        policy_, out_, reference_names_,
        [&](int target) { return broken_[static_cast<std::size_t>(target)] != 0; },  // its records were not read
        [&](int e, std::size_t field, std::uint32_t r, Message message) {
          const EntityDef& def = entity(e);
          const std::string base = pointer(def.source);
          error(Cell{base, def.single, r, def.fields[field].name}.path(), std::move(message));
        });
  }

  void error(std::string path, Message message) { reports_.error(std::move(path), std::move(message)); }
  void warn(std::string path, Message message) { reports_.warn(std::move(path), std::move(message)); }

  const CompiledPolicy& policy_;
  DatasetData& out_;
  std::vector<std::string> enum_lists_;
  std::vector<std::uint8_t> broken_;  // per entity: its columns could not be read as records
  std::unordered_map<std::string, std::uint32_t> reference_ids_;
  std::vector<std::string> reference_names_;
  Reports reports_{policy_.limits.reported_issues, out_.warnings};
};

}  // namespace

std::shared_ptr<const DatasetData> bind_columns(std::shared_ptr<const CompiledPolicy> policy,
                                                const std::vector<InputMember>& input, std::string source_name) {
  auto data = std::make_shared<DatasetData>();
  data->policy = std::move(policy);
  data->source_name = std::move(source_name);
  ColumnBinder binder(*data->policy, *data);
  auto issues = binder.run(input);
  if (!issues.empty()) throw DataError(data->source_name, std::move(issues));
  order_ids(*data);
  return data;
}

}  // namespace thidua::detail
