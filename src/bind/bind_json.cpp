// The bind stage for JSON: one streaming (SAX) pass straight into typed columns, then the
// references between records are resolved. No DOM of the input is ever built, so binding a
// million records costs the columns and little more.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "src/bind/bind.hpp"
#include "src/bind/bind_json_fast.hpp"
#include "src/bind/values.hpp"
#include "src/common/text.hpp"
#include "thidua/dataset.hpp"
#include "thidua/policy.hpp"

namespace thidua {

namespace detail {

namespace {

using namespace values;

// The parser's float type is long double, not double: nlohmann rejects a number whose float
// value is infinite before handing us its text, and 1e400 overflows a double. We never use
// the float value; every number is read exactly from its text.
using Json = nlohmann::basic_json<std::map, std::vector, std::string, bool, std::int64_t,
                                  std::uint64_t, long double>;

constexpr int member_ignored = -1;        // Frame::field of a member that is skipped
constexpr int member_id = -2;             // Frame::field of a record's "id"

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <class T>
using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

// Invalid UTF-8 replaced by U+FFFD: nlohmann's messages quote raw input bytes.
std::string valid_utf8(std::string_view text) {
  std::string out;
  for (auto bad = first_invalid_utf8(text); bad != std::string_view::npos; bad = first_invalid_utf8(text)) {
    out.append(text.substr(0, bad)).append("\xEF\xBF\xBD");
    text.remove_prefix(bad + 1);
  }
  return out.append(text);
}

// One JSON value as the parser reports it; containers carry only their kind.
struct Value {
  enum Kind { null, boolean, integer, unsigned_integer, number, string, object, array };
  explicit Value(Kind k = null) : kind(k) {}

  Kind kind;
  bool flag = false;
  std::int64_t integer_value = 0;
  std::uint64_t unsigned_value = 0;
  std::string_view number_text;
  std::string* string_value = nullptr;  // ours to move from, as nlohmann allows

  bool is_container() const { return kind == object || kind == array; }
};

std::string render(const Value& v) {
  switch (v.kind) {
    case Value::null: return "null";
    case Value::boolean: return v.flag ? "true" : "false";
    case Value::integer: return std::to_string(v.integer_value);
    case Value::unsigned_integer: return std::to_string(v.unsigned_value);
    case Value::number: return std::string(v.number_text);
    case Value::string: return json_string(*v.string_value);
    case Value::object: return "{";
    case Value::array: return "[";
  }
  return "?";
}

// An open object or array, and what it holds.
struct Frame {
  enum Kind : std::uint8_t {
    top,     // the input's object: one member per entity
    list,    // the array of an entity's records
    record,  // one record
    set,     // a text_set or enum_set field's array
    skip,    // ignored: an unknown member or a value already reported as wrong
  };
  Kind kind = skip;
  bool array = false;
  int entity = -1;
  int field = -1;  // record: the current member's field (or member_id, member_ignored); set: its field
  std::uint32_t row = 0;  // record, set: the record's index in its table
  std::size_t count = 0;  // members or elements begun so far
  std::string key;        // object: the current member's name
};

class Binder final : public nlohmann::json_sax<Json> {
 public:
  Binder(const CompiledPolicy& policy, DatasetData& out) : policy_(policy), out_(out) {
    frames_.reserve(max_depth() + 1);  // frames are referenced across pushes: never reallocate
    values::empty_tables(policy_, out_);
    entity_seen_.assign(policy_.entities.size(), 0);
    warned_.resize(policy_.entities.size());
    enum_lists_.resize(policy_.enumerations.size());
  }

  // Reads the whole input; returns the problems found (empty when the data is good).
  std::vector<DataIssue> run(std::string_view text) {
    // A UTF-8 byte-order mark is harmless and some Windows tools write one: skip it.
    // (nlohmann would skip it too; doing it here makes the rule ours, not a library detail.)
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      error("", say::empty_input);
    } else {
      // sax_parse keeps its own explicit stack: it does not recurse, whatever the nesting.
      const bool complete = Json::sax_parse(text.data(), text.data() + text.size(), this);
      if (complete && !stopped_ && root_is_object_) {
        check_members();
        resolve_references();
      }
    }
    return reports_.finish();
  }

  // --- SAX events -----------------------------------------------------------------------

  bool null() override { return scalar(Value{}); }
  bool boolean(bool value) override {
    Value v{Value::boolean};
    v.flag = value;
    return scalar(v);
  }
  bool number_integer(number_integer_t value) override {
    Value v{Value::integer};
    v.integer_value = value;
    return scalar(v);
  }
  bool number_unsigned(number_unsigned_t value) override {
    Value v{Value::unsigned_integer};
    v.unsigned_value = value;
    return scalar(v);
  }
  bool number_float(number_float_t, const string_t& text) override {
    Value v{Value::number};
    v.number_text = text;
    return scalar(v);
  }
  bool string(string_t& text) override {
    Value v{Value::string};
    v.string_value = &text;
    return scalar(v);
  }
  bool binary(binary_t&) override { return true; }  // never sent for JSON text
  bool start_object(std::size_t) override { return open(Value::object); }
  bool start_array(std::size_t) override { return open(Value::array); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& name) override {
    Frame& f = frames_[depth_ - 1];
    ++f.count;
    f.key.assign(name);  // assign, not move: the frame's buffer is reused record after record
    if (capturing_) capture_key(name);
    if (f.kind == Frame::record) f.field = member_field(f, name);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) override {
    stopped_ = true;
    // The problem is in the element being read, not the one before it.
    if (depth_ > 0 && frames_[depth_ - 1].array) ++frames_[depth_ - 1].count;
    const Message at = say::at_byte(position);
    if (ex.id == 406) {  // a number beyond even long double: its text is the token
      error(here(), say::number_out_of_bounds(shorten(valid_utf8(last_token))) + at + say::rest_not_read);
      return false;
    }
    std::string reason = ex.what();
    if (const auto end = reason.find("] "); reason.starts_with("[json.exception.") && end != std::string::npos)
      reason.erase(0, end + 2);
    if (reason.find("ill-formed UTF-8") != std::string::npos)
      error(here(), say::invalid_utf8_in_string + at + say::rest_not_read);
    else
      error(here(), say::invalid_json(at, valid_utf8(reason)));
    return false;
  }

 private:
  // Deeper input is hostile or broken, never data (Limits::json_depth).
  std::size_t max_depth() const { return static_cast<std::size_t>(std::max(policy_.limits.json_depth, 1)); }

  // --- dispatch ---------------------------------------------------------------------------

  bool scalar(Value v) {
    advance();
    dispatch(v);
    return true;
  }

  bool open(Value::Kind kind) {
    advance();
    if (depth_ >= max_depth()) {
      error(here(), say::nesting_too_deep(policy_.limits.json_depth) + say::rest_not_read);
      stopped_ = true;
      return false;  // stops the parser
    }
    Value v{kind};
    dispatch(v);
    return true;
  }

  bool close() {
    Frame& f = frames_[depth_ - 1];
    if (capturing_) {
      capture_close(f.array);
      if (depth_ == capture_depth_) {
        capturing_ = false;
        error(std::move(capture_path_), capture_message_ + say::got(shorten(std::move(capture_text_))));
      }
    } else if (f.kind == Frame::record) {
      end_record(f);
    } else if (f.kind == Frame::set) {
      end_set(f);
    }
    --depth_;
    return true;
  }

  void advance() {
    if (depth_ > 0 && frames_[depth_ - 1].array) ++frames_[depth_ - 1].count;
  }

  // Every value arrives here. A container must push exactly one frame.
  void dispatch(Value& v) {
    if (capturing_) {
      capture_value(v);
      if (v.is_container()) push(Frame::skip, v.kind == Value::array);
      return;
    }
    if (depth_ == 0) return root(v);
    Frame& f = frames_[depth_ - 1];
    switch (f.kind) {
      case Frame::top: return top_member(f, v);
      case Frame::list: return list_element(f, v);
      case Frame::record: return record_member(f, v);
      case Frame::set: return set_element(f, v);
      case Frame::skip: return skip(v);
    }
  }

  Frame& push(Frame::Kind kind, bool array) {
    if (depth_ == frames_.size()) frames_.emplace_back();
    Frame& f = frames_[depth_++];
    f.kind = kind;
    f.array = array;
    f.entity = -1;
    f.field = member_ignored;
    f.row = 0;
    f.count = 0;
    f.key.clear();
    return f;
  }

  void skip(const Value& v) {
    if (v.is_container()) push(Frame::skip, v.kind == Value::array);
  }

  // Reports a value of the wrong kind. A container is skipped, and reported at its end so
  // that the message can show it.
  void reject(const Value& v, const Message& expected, std::string_view separator = ", ") {
    const Message message = expected + Message{std::string(separator), std::string(separator)};
    if (!v.is_container()) return error(here(), message + say::got(shorten(render(v))));
    capture_path_ = here();
    capture_message_ = message;
    capture_text_ = render(v);
    capture_levels_.assign(1, {v.kind == Value::object, true});
    push(Frame::skip, v.kind == Value::array);
    capture_depth_ = depth_;
    capturing_ = true;
  }

  // --- the input's levels -----------------------------------------------------------------

  void root(const Value& v) {
    if (v.kind == Value::object) {
      root_is_object_ = true;
      push(Frame::top, false);
      return;
    }
    std::string members;
    for (const auto& entity : policy_.entities) members += (members.empty() ? "" : ", ") + entity.source;
    reject(v, say::expected_top_object(members));
  }

  void top_member(Frame& f, const Value& v) {
    int e = 0;
    while (e < static_cast<int>(policy_.entities.size()) && entity(e).source != f.key) ++e;
    if (e == static_cast<int>(policy_.entities.size())) {
      warn(here(), say::unknown_member(json_string(f.key)));
      return skip(v);
    }
    if (entity_seen_[static_cast<std::size_t>(e)]) {
      error(here(), say::duplicate_member(json_string(f.key)));
      return skip(v);
    }
    entity_seen_[static_cast<std::size_t>(e)] = 1;
    if (entity(e).single) {
      if (v.kind != Value::object) return reject(v, say::expected_the_record(entity(e)));
      begin_record(e, new_record(e));
    } else {
      if (v.kind != Value::array) return reject(v, say::expected_records(entity(e)));
      push(Frame::list, true).entity = e;
    }
  }

  void list_element(const Frame& f, const Value& v) {
    // One record per element, even a wrong one, so that record r is always element r.
    const auto r = new_record(f.entity);
    if (v.kind != Value::object) return reject(v, say::expected_a_record(entity(f.entity)));
    begin_record(f.entity, r);
  }

  // --- records ------------------------------------------------------------------------------

  const EntityDef& entity(int e) const { return policy_.entities[static_cast<std::size_t>(e)]; }
  Table& table(int e) { return out_.tables[static_cast<std::size_t>(e)]; }

  std::uint32_t new_record(int e) { return values::new_record(entity(e), table(e)); }

  void begin_record(int e, std::uint32_t r) {
    Frame& f = push(Frame::record, false);
    f.entity = e;
    f.row = r;
    seen_.assign(entity(e).fields.size(), 0);
    id_seen_ = false;
    guess_ = 0;
  }

  // The field a member names; reports a duplicate and warns (once) of an unknown member.
  int member_field(const Frame& f, std::string_view name) {
    const EntityDef& def = entity(f.entity);
    if (!def.single && name == "id") {
      if (id_seen_) return duplicate(name);
      id_seen_ = true;
      return member_id;
    }
    // Records usually list their members in the same order: try the one after the last first.
    const std::size_t n = def.fields.size();
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = (guess_ + k) % n;
      if (def.fields[i].name != name) continue;
      guess_ = i + 1;
      if (seen_[i]) return duplicate(name);
      seen_[i] = 1;
      return static_cast<int>(i);
    }
    if (warned_[static_cast<std::size_t>(f.entity)].emplace(name).second)
      warn(here(), say::unknown_field(json_string(name), def));
    return member_ignored;
  }

  int duplicate(std::string_view name) {
    error(here(), say::duplicate_member(json_string(name)));
    return member_ignored;
  }

  void record_member(const Frame& f, Value& v) {
    if (f.field == member_ignored) return skip(v);
    if (f.field == member_id) return read_id(f, v);
    read_field(f.entity, f.row, static_cast<std::size_t>(f.field), v);
  }

  void end_record(const Frame& f) {
    const EntityDef& def = entity(f.entity);
    if (!def.single && !id_seen_) error(path(depth_ - 1), say::missing_id());
    for (std::size_t i = 0; i < def.fields.size(); ++i) {
      const FieldDef& field = def.fields[i];
      if (seen_[i] || field.optional) continue;
      error(path(depth_ - 1), say::missing_field(json_string(field.name), field));
    }
  }

  std::string record_path(int e, std::uint32_t r) const {
    return pointer(entity(e).source) + "/" + std::to_string(r);
  }

  void read_id(const Frame& f, Value& v) {
    if (v.kind != Value::string || v.string_value->empty()) return reject(v, say::expected_id);
    std::string& id = *v.string_value;
    if (!normalise(id)) return error(here(), say::invalid_utf8_in_id);
    if (const auto other = out_.records_by_id.insert(id, {f.entity, f.row})) {
      const auto [e, r] = *other;
      return error(here(), say::duplicate_id(json_string(id), record_path(e, r) + "/id"));
    }
    table(f.entity).ids[f.row] = std::move(id);
  }

  void read_field(int e, std::uint32_t r, std::size_t i, Value& v) {
    const FieldDef& field = entity(e).fields[i];
    Column& c = table(e).columns[i];
    if (v.kind == Value::null && field.optional) return;  // missing: present stays 0
    bool ok = false;
    switch (field.type.kind) {
      case Type::boolean:
        if (v.kind != Value::boolean) { reject(v, say::expected_boolean); break; }
        c.flags[r] = v.flag ? 1 : 0;
        ok = true;
        break;
      case Type::integer:
      case Type::decimal:
      {
        Number value;
        ok = read_number(v, field.type.kind == Type::integer, value);
        if (ok) c.numbers.set(r, value);
        break;
      }
      case Type::text:
        ok = read_text(v, c.codes[r]);
        break;
      case Type::enumeration:
        ok = read_enum(v, field.type.ref, c.codes[r]);
        break;
      case Type::entity:
        ok = read_reference(v, field.type.ref, c.codes[r]);
        break;
      case Type::text_set:
      case Type::enum_set:
        if (v.kind != Value::array) {
          reject(v, field.type.kind == Type::text_set ? say::expected_text_array
                                                      : say::expected_enum_array(enum_name(field.type.ref)));
          break;
        }
        {
          Frame& s = push(Frame::set, true);
          s.entity = e;
          s.field = static_cast<int>(i);
          s.row = r;
        }
        ok = true;
        break;
      default:  // the checker admits no other field types
        reject(v, say::impossible_value(field, "JSON"));
        break;
    }
    if (ok && field.optional) c.present[r] = 1;
  }

  bool read_number(const Value& v, bool integer, Number& out) {
    const Message& expected = integer ? say::expected_integer : say::expected_decimal;
    switch (v.kind) {
      case Value::integer: out = Number(v.integer_value); return true;
      case Value::unsigned_integer: out = Number(v.unsigned_value); return true;
      case Value::number:
        // An integer is a JSON integer token: 1.0 and 1e2 are not. Integers too long for
        // 64 bits arrive here too (nlohmann reads them as floats), still without '.' or 'e'.
        if (integer && v.number_text.find_first_of(".eE") != std::string_view::npos) break;
        if (auto n = parse_decimal(v.number_text)) {
          out = std::move(*n);
          return true;
        }
        reject(v, expected + say::within_bounds);
        return false;
      default: break;
    }
    reject(v, expected);
    return false;
  }

  bool read_text(Value& v, std::uint32_t& out) {
    if (v.kind != Value::string) {
      reject(v, say::expected_text);
      return false;
    }
    if (!normalise(*v.string_value)) {
      error(here(), say::invalid_utf8_in_text);
      return false;
    }
    out = out_.texts.intern(*v.string_value);
    return true;
  }

  const std::string& enum_name(int enumeration) const {
    return policy_.enumerations[static_cast<std::size_t>(enumeration)].name;
  }

  const std::string& accepted_values(int enumeration) {
    std::string& list = enum_lists_[static_cast<std::size_t>(enumeration)];
    if (list.empty()) list = values::accepted_values(policy_.enumerations[static_cast<std::size_t>(enumeration)]);
    return list;
  }

  bool read_enum(Value& v, int enumeration, std::uint32_t& out) {
    if (v.kind == Value::string && normalise(*v.string_value)) {
      const int item = policy_.enumerations[static_cast<std::size_t>(enumeration)].find(*v.string_value);
      if (item >= 0) {
        out = static_cast<std::uint32_t>(item);
        return true;
      }
    }
    reject(v, say::expected_one_of(accepted_values(enumeration)), "; ");
    return false;
  }

  // Ids are resolved once every record is read: records may refer forwards.
  bool read_reference(Value& v, int target, std::uint32_t& out) {
    if (v.kind != Value::string || v.string_value->empty() || !normalise(*v.string_value)) {
      reject(v, say::expected_id_of(entity(target)));
      return false;
    }
    std::string& id = *v.string_value;
    auto it = reference_ids_.find(id);
    if (it == reference_ids_.end()) {
      it = reference_ids_.emplace(id, static_cast<std::uint32_t>(reference_names_.size())).first;
      reference_names_.push_back(std::move(id));
    }
    out = it->second;
    return true;
  }

  void set_element(const Frame& f, Value& v) {
    const FieldDef& field = entity(f.entity).fields[static_cast<std::size_t>(f.field)];
    std::uint32_t element = 0;
    const bool ok = field.type.kind == Type::text_set ? read_text(v, element)
                                                      : read_enum(v, field.type.ref, element);
    if (ok) table(f.entity).columns[static_cast<std::size_t>(f.field)].set_values.push_back(element);
  }

  void end_set(const Frame& f) {
    Column& c = table(f.entity).columns[static_cast<std::size_t>(f.field)];
    const auto begin = c.set_values.begin() + c.set_offsets[f.row];
    std::sort(begin, c.set_values.end());
    c.set_values.erase(std::unique(begin, c.set_values.end()), c.set_values.end());
    c.set_offsets[f.row + 1] = static_cast<std::uint32_t>(c.set_values.size());
  }

  // --- after the last byte --------------------------------------------------------------

  void check_members() {
    for (std::size_t e = 0; e < policy_.entities.size(); ++e) {
      if (entity_seen_[e]) continue;
      const EntityDef& def = policy_.entities[e];
      error(pointer(def.source), say::missing_records(def));
    }
  }

  void resolve_references() {
    values::resolve_references(
        policy_, out_, reference_names_, [](int) { return false; },
        [&](int e, std::size_t field, std::uint32_t r, Message message) {
          std::string path = record_path(e, r);
          append_segment(path, entity(e).fields[field].name);
          error(std::move(path), std::move(message));
        });
  }

  // --- messages -----------------------------------------------------------------------------

  // JSON pointer of the value being read, from the open containers' current members.
  std::string here() const { return path(depth_); }
  std::string path(std::size_t levels) const {
    std::string p;
    for (std::size_t i = 0; i < levels; ++i) {
      const Frame& f = frames_[i];
      if (f.count == 0) break;
      if (f.array) {
        p += '/';  // appended apart: GCC 12 at -O3 warns falsely (-Wrestrict) on "/" + string
        p += std::to_string(f.count - 1);
      } else {
        append_segment(p, f.key);
      }
    }
    return p;
  }

  void error(std::string path, Message message) { reports_.error(std::move(path), std::move(message)); }
  void warn(std::string path, Message message) { reports_.warn(std::move(path), std::move(message)); }

  // A rejected container is rendered compactly, up to max_shown bytes, as it is skipped.
  struct CaptureLevel {
    bool object;
    bool first;
  };
  void capture(std::string_view text) {
    if (capture_text_.size() <= max_shown) capture_text_ += text;
  }
  void capture_value(const Value& v) {
    auto& level = capture_levels_.back();
    if (!level.object && !std::exchange(level.first, false)) capture(",");
    capture(render(v));
    if (v.is_container()) capture_levels_.push_back({v.kind == Value::object, true});
  }
  void capture_key(std::string_view name) {
    if (!std::exchange(capture_levels_.back().first, false)) capture(",");
    capture(json_string(name) + ":");
  }
  void capture_close(bool array) {
    capture(array ? "]" : "}");
    capture_levels_.pop_back();
  }

  const CompiledPolicy& policy_;
  DatasetData& out_;

  std::vector<Frame> frames_;  // frames_[0 .. depth_) are open; the rest keep their buffers
  std::size_t depth_ = 0;
  bool root_is_object_ = false;
  bool stopped_ = false;  // the parse ended early: later checks would only add noise

  std::vector<std::uint8_t> entity_seen_;  // per entity: its top-level member was read
  std::vector<std::uint8_t> seen_;         // per field of the open record
  bool id_seen_ = false;
  std::size_t guess_ = 0;
  std::vector<StringSet> warned_;          // per entity: unknown members already reported
  std::vector<std::string> enum_lists_;    // per enumeration: its accepted values, for messages

  StringMap<std::uint32_t> reference_ids_;  // ids named by relation fields, before resolution
  std::vector<std::string> reference_names_;

  bool capturing_ = false;
  std::size_t capture_depth_ = 0;
  std::string capture_path_, capture_text_;
  Message capture_message_;
  std::vector<CaptureLevel> capture_levels_;

  Reports reports_{policy_.limits.reported_issues, out_.warnings};
};

}  // namespace

std::shared_ptr<const DatasetData> bind_json(std::shared_ptr<const CompiledPolicy> policy,
                                             std::string_view json_text, std::string source_name,
                                             [[maybe_unused]] JsonReader reader,
                                             [[maybe_unused]] std::size_t readable) {
  if (json_text.size() > policy->limits.data_bytes) {
    std::vector<DataIssue> issues;
    push_issue(issues, "", say::too_large(json_text.size(), policy->limits.data_bytes));
    throw DataError(std::move(source_name), std::move(issues));
  }
  // The hash of the bytes as given (BOM included) does not depend on binding: at scale it is
  // taken on a second thread meanwhile (a jthread: joined even when binding throws).
  std::string sha256;
  std::jthread hashing;
  if (use_threads(json_text.size() / 256)) hashing = std::jthread([&sha256, json_text] { sha256 = sha256_hex(json_text); });
  else sha256 = sha256_hex(json_text);
  const auto fresh = [&] {
    auto data = std::make_shared<DatasetData>();
    data->policy = policy;
    data->source_name = source_name;
    // About one record per 256 bytes of input: the id index then seldom grows by rehashing.
    data->records_by_id.reserve(json_text.size() / 256);
    return data;
  };
  std::shared_ptr<DatasetData> data;
#ifdef THIDUA_HAVE_SIMDJSON
  if (reader == JsonReader::fastest) {
    data = fresh();
    if (!bind_json_fast(json_text, std::max(readable, json_text.size()), *data)) data.reset();
  }
#endif
  if (!data) {
    data = fresh();
    Binder binder(*data->policy, *data);
    auto issues = binder.run(json_text);
    if (!issues.empty()) throw DataError(data->source_name, std::move(issues));
  }
  order_ids(*data);
  if (hashing.joinable()) hashing.join();
  data->sha256 = std::move(sha256);
  return data;
}

}  // namespace detail

Dataset Dataset::from_json(const Policy& policy, std::string_view json_text, std::string source_name) {
  return Dataset(detail::bind_json(policy.shared(), json_text, std::move(source_name)));
}

Dataset Dataset::load_json(const Policy& policy, const std::filesystem::path& path) {
  // Read with room past the end, so that the fast reader need not copy the text.
  const std::string text = detail::read_file(path.string(), 64);
  return Dataset(detail::bind_json(policy.shared(), text, path.string(), detail::JsonReader::fastest, text.capacity()));
}

}  // namespace thidua
