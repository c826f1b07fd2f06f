// The fast path of the JSON bind stage: simdjson's On-Demand reader binds input that is valid
// and fits the policy, into exactly the columns bind_json's nlohmann binder would make. At the
// first thing it would have to report (an error or a warning), it gives up and the caller runs
// the nlohmann binder over the same text, which reports it: every message stays that binder's.
// So this file only decides when the input is clean, and never says why it is not.
#include "src/bind/bind_json_fast.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/bind/values.hpp"

namespace thidua::detail {

namespace {

namespace od = simdjson::ondemand;
using namespace values;

// Thrown at the first sign of a problem; never escapes this file.
struct Unfit {};
[[noreturn]] void unfit() { throw Unfit{}; }
void check(simdjson::error_code e) {
  if (e != simdjson::SUCCESS) unfit();
}

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// The text of a string whose raw form starts at `raw` (just after its opening quote), when it
// holds no escape: then it is the input's own bytes, already checked as UTF-8 without control
// characters by simdjson. Empty optional when it has an escape.
std::optional<std::string_view> unescaped_in_place(const char* raw) {
  // simdjson validated the string, so its closing quote follows. A loop, not strchr: under
  // AddressSanitizer strchr measures the whole rest of the input first, at every string.
  const char* end = raw;
  while (*end != '"') ++end;
  if (std::memchr(raw, '\\', static_cast<std::size_t>(end - raw)) != nullptr) return std::nullopt;
  return std::string_view(raw, static_cast<std::size_t>(end - raw));
}

// The exact value of a JSON number token, as bind_json reads it; empty when that binder
// would report it (not a JSON number, not an integer where one is required, beyond
// nlohmann's long double range, beyond thidua's bounds).
std::optional<Number> exact_number(std::string_view t, bool integer) {
  std::size_t i = 0;
  const std::size_t n = t.size();
  const auto digit = [&](std::size_t k) { return k < n && t[k] >= '0' && t[k] <= '9'; };
  const bool negative = n > 0 && t[0] == '-';
  if (negative) ++i;
  if (!digit(i)) return std::nullopt;
  if (t[i] == '0') ++i;
  else while (digit(i)) ++i;
  const std::size_t whole_end = i;
  std::size_t fraction_begin = i, fraction_end = i;
  if (i < n && t[i] == '.') {
    fraction_begin = ++i;
    if (!digit(i)) return std::nullopt;
    while (digit(i)) ++i;
    fraction_end = i;
  }
  bool exponent = false;
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    exponent = true;
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digit(i)) return std::nullopt;
    while (digit(i)) ++i;
  }
  if (i != n) return std::nullopt;
  const std::size_t whole_begin = negative ? 1 : 0;
  const std::size_t fraction_digits = fraction_end - fraction_begin;
  if (integer && (fraction_digits > 0 || exponent)) return std::nullopt;
  if (!exponent && (whole_end - whole_begin) + fraction_digits <= 18) {
    // The common case, without parse_decimal's strings: digits as one 64-bit integer.
    std::int64_t m = 0;
    for (std::size_t k = whole_begin; k < whole_end; ++k) m = m * 10 + (t[k] - '0');
    for (std::size_t k = fraction_begin; k < fraction_end; ++k) m = m * 10 + (t[k] - '0');
    return decimal(negative ? -m : m, static_cast<unsigned>(fraction_digits));
  }
  // nlohmann reads such a token as a long double first, and reports it when that overflows.
  if (exponent || n > 300) {
    const std::string text(t);
    if (!std::isfinite(std::strtold(text.c_str(), nullptr))) return std::nullopt;
  }
  return parse_decimal(t);
}

class FastBinder {
 public:
  FastBinder(const CompiledPolicy& policy, DatasetData& out) : policy_(policy), out_(out) {
    values::empty_tables(policy_, out_);
  }

  void run(simdjson::padded_string_view json) {
    // Input nested deeper than a record's set is never clean; below that depth the nlohmann
    // binder's limit could fire on clean input, so it decides.
    if (policy_.limits.json_depth < 4) unfit();
    od::parser parser;
    od::document doc;
    check(parser.iterate(json).get(doc));
    od::object top;
    check(doc.get_object().get(top));
    std::vector<std::uint8_t> entity_seen(policy_.entities.size(), 0);
    for (auto member : top) {
      od::field f;
      check(std::move(member).get(f));
      const auto key = unescaped_in_place(f.key().raw());
      if (!key) unfit();
      std::size_t e = 0;
      while (e < policy_.entities.size() && policy_.entities[e].source != *key) ++e;
      if (e == policy_.entities.size() || entity_seen[e]) unfit();  // warned of, or a duplicate
      entity_seen[e] = 1;
      const int entity = static_cast<int>(e);
      od::value v = f.value();
      if (policy_.entities[e].single) {
        od::object record;
        check(v.get_object().get(record));
        read_record(entity, new_record(entity), record);
        continue;
      }
      od::array list;
      check(v.get_array().get(list));
      for (auto element : list) {
        od::object record;
        check(element.get_object().get(record));
        read_record(entity, new_record(entity), record);
      }
    }
    if (doc.current_location().error() == simdjson::SUCCESS) unfit();  // more after the object
    for (const auto seen : entity_seen)
      if (!seen) unfit();
    values::resolve_references(
        policy_, out_, reference_names_, [](int) { return false; },
        [](int, std::size_t, std::uint32_t, const Message&) { unfit(); });
  }

 private:
  const EntityDef& entity(int e) const { return policy_.entities[static_cast<std::size_t>(e)]; }
  Table& table(int e) { return out_.tables[static_cast<std::size_t>(e)]; }

  std::uint32_t new_record(int e) { return values::new_record(entity(e), table(e)); }

  void read_record(int e, std::uint32_t r, od::object& record) {
    const EntityDef& def = entity(e);
    const std::size_t n = def.fields.size();
    seen_.assign(n, 0);
    bool id_seen = false;
    std::size_t guess = 0;
    for (auto member : record) {
      od::field f;
      check(std::move(member).get(f));
      const auto name = unescaped_in_place(f.key().raw());
      if (!name) unfit();
      od::value v = f.value();
      if (!def.single && *name == "id") {
        if (id_seen) unfit();
        id_seen = true;
        read_id(e, r, v);
        continue;
      }
      // Records usually list their members in the same order: try the one after the last first.
      std::size_t k = 0;
      for (; k < n; ++k) {
        const std::size_t i = (guess + k) % n;
        if (def.fields[i].name != *name) continue;
        if (seen_[i]) unfit();
        seen_[i] = 1;
        guess = i + 1;
        read_field(e, r, i, v);
        break;
      }
      if (k == n) unfit();  // an unknown member: the nlohmann binder warns of it
    }
    if (!def.single && !id_seen) unfit();
    for (std::size_t i = 0; i < n; ++i)
      if (!seen_[i] && !def.fields[i].optional) unfit();
  }

  // The text of a string value: the input's own bytes when it has no escape.
  static std::string_view string_of(od::value& v) {
    // A peek, which leaves the value unread; the reader skips it like any value not read.
    const std::string_view token = v.raw_json_token();
    if (token.empty() || token.front() != '"') unfit();
    if (auto text = unescaped_in_place(token.data() + 1)) return *text;
    std::string_view text;
    check(v.get_string().get(text));  // simdjson checks the escapes and unescapes
    return text;
  }

  // NFC text, in `scratch` when normalising changed it.
  static std::string_view nfc(std::string_view text, std::string& scratch) {
    if (surely_nfc(text)) return text;
    scratch.assign(text);
    if (!normalise(scratch)) unfit();
    return scratch;
  }

  void read_id(int e, std::uint32_t r, od::value& v) {
    const std::string_view id = nfc(string_of(v), scratch_);
    if (id.empty()) unfit();
    if (out_.records_by_id.insert(id, {e, r})) unfit();
    table(e).ids[r] = id;
  }

  void read_field(int e, std::uint32_t r, std::size_t i, od::value& v) {
    const FieldDef& field = entity(e).fields[i];
    Column& c = table(e).columns[i];
    od::json_type type;
    check(v.type().get(type));
    if (type == od::json_type::null) {
      bool is_null = false;
      check(v.is_null().get(is_null));
      if (!is_null || !field.optional) unfit();
      return;  // missing: present stays 0
    }
    switch (field.type.kind) {
      case Type::boolean: {
        bool flag = false;
        check(v.get_bool().get(flag));
        c.flags[r] = flag ? 1 : 0;
        break;
      }
      case Type::integer:
      case Type::decimal: {
        if (type != od::json_type::number) unfit();
        std::string_view token = v.raw_json_token();
        while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' || token.back() == '\r'))
          token.remove_suffix(1);
        auto number = exact_number(token, field.type.kind == Type::integer);
        if (!number) unfit();
        c.numbers.set(r, *number);
        break;
      }
      case Type::text: c.codes[r] = out_.texts.intern(nfc(string_of(v), scratch_)); break;
      case Type::enumeration: c.codes[r] = enum_item(field.type.ref, v); break;
      case Type::entity: c.codes[r] = reference(v); break;
      case Type::text_set:
      case Type::enum_set: {
        od::array elements;
        check(v.get_array().get(elements));
        for (auto element : elements) {
          od::value ev;
          check(std::move(element).get(ev));
          c.set_values.push_back(field.type.kind == Type::text_set ? out_.texts.intern(nfc(string_of(ev), scratch_))
                                                                    : enum_item(field.type.ref, ev));
        }
        const auto begin = c.set_values.begin() + c.set_offsets[r];
        std::sort(begin, c.set_values.end());
        c.set_values.erase(std::unique(begin, c.set_values.end()), c.set_values.end());
        c.set_offsets[r + 1] = static_cast<std::uint32_t>(c.set_values.size());
        break;
      }
      default: unfit();
    }
    if (field.optional) c.present[r] = 1;
  }

  std::uint32_t enum_item(int enumeration, od::value& v) {
    const int item = policy_.enumerations[static_cast<std::size_t>(enumeration)].find(nfc(string_of(v), scratch_));
    if (item < 0) unfit();
    return static_cast<std::uint32_t>(item);
  }

  // Ids are resolved once every record is read, as bind_json does: records may refer forwards.
  std::uint32_t reference(od::value& v) {
    const std::string_view id = nfc(string_of(v), scratch_);
    if (id.empty()) unfit();
    auto it = reference_ids_.find(id);
    if (it == reference_ids_.end()) {
      it = reference_ids_.emplace(std::string(id), static_cast<std::uint32_t>(reference_names_.size())).first;
      reference_names_.emplace_back(id);
    }
    return it->second;
  }

  const CompiledPolicy& policy_;
  DatasetData& out_;
  std::vector<std::uint8_t> seen_;  // per field of the open record
  std::string scratch_;
  std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> reference_ids_;
  std::vector<std::string> reference_names_;
};

}  // namespace

bool bind_json_fast(std::string_view json_text, std::size_t readable, DatasetData& out) {
  // A UTF-8 byte-order mark is skipped, as bind_json does.
  if (json_text.starts_with("\xEF\xBB\xBF")) {
    json_text.remove_prefix(3);
    readable = readable >= 3 ? readable - 3 : 0;
  }
  simdjson::padded_string copy;
  simdjson::padded_string_view json(json_text.data(), json_text.size(), readable);
  if (readable < json_text.size() + simdjson::SIMDJSON_PADDING) {
    copy = simdjson::padded_string(json_text);
    json = copy;
  }
  try {
    FastBinder(*out.policy, out).run(json);
    return true;
  } catch (const Unfit&) {
    return false;
  }
}

}  // namespace thidua::detail
