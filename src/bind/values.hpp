// Helpers shared by the binders (bind_json.cpp, bind_columns.cpp): NFC normalisation and the
// pieces of their messages, so both report the same problem in the same words.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/common/text.hpp"
#include "src/bind/dataset_data.hpp"
#include "src/bind/messages.hpp"
#include "src/compile/model.hpp"

namespace thidua::detail::values {

inline constexpr std::size_t max_shown = 60;    // bytes of an offending value quoted in a message

// True when valid UTF-8 text is certainly NFC already: it holds only code points below
// U+0300 (no combining marks among them) and the precomposed Vietnamese letters
// U+1EA0..U+1EF9, none of which NFC changes. Most Vietnamese data passes this one scan and
// skips utf8proc.
inline bool surely_nfc(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    if (end - p >= 8) {  // most bytes are ASCII: 8 at a time while none has its high bit
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        p += 8;
        continue;
      }
    }
    if (*p < 0x80) {
      ++p;
    } else if (*p >= 0xC2 && *p < 0xCC && end - p >= 2) {  // U+0080..U+02FF
      p += 2;
    } else if (*p == 0xE1 && end - p >= 3 && ((p[1] == 0xBA && p[2] >= 0xA0) || (p[1] == 0xBB && p[2] <= 0xB9))) {
      p += 3;
    } else {
      return false;
    }
  }
  return true;
}

// NFC in place; false when the text is not valid UTF-8.
inline bool normalise(std::string& s) {
  if (surely_nfc(s)) return true;
  auto nfc = to_nfc(s);
  if (!nfc) return false;
  s = std::move(*nfc);
  return true;
}

// The text as a JSON string literal, quotes and escapes included.
inline std::string json_string(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }

// The text cut to about max_shown bytes, at a character boundary.
// The values an enum accepts, as messages list them: `tot "Tốt", kha "Khá"`.
inline std::string accepted_values(const EnumerationDef& enumeration) {
  std::string list;
  for (const auto& item : enumeration.items) {
    if (!list.empty()) list += ", ";
    list += item.code;
    if (item.label != item.code) {
      list += ' ';  // appended apart: GCC 12 at -O3 warns falsely (-Wrestrict) on " " + string
      list += json_string(item.label);
    }
  }
  return list;
}

inline std::string shorten(std::string text) {
  if (text.size() <= max_shown) return text;
  std::size_t cut = max_shown;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "…";
}

// Appends one JSON pointer segment, escaped.
inline void append_segment(std::string& path, std::string_view segment) {
  path += '/';
  for (const char c : segment) {
    if (c == '~') path += "~0";
    else if (c == '/') path += "~1";
    else path += c;
  }
}

inline std::string pointer(std::string_view member) {
  std::string path;
  append_segment(path, member);
  return path;
}

// A relation field's value before its id is resolved: an index into the names a binder
// collected, or `unset` where there is none (a missing optional value, or one already reported).
inline constexpr std::uint32_t unset = std::numeric_limits<std::uint32_t>::max();

// One empty table per entity, with a column per field, before any record is read.
inline void empty_tables(const CompiledPolicy& policy, DatasetData& out) {
  out.tables.resize(policy.entities.size());
  for (std::size_t e = 0; e < policy.entities.size(); ++e) {
    auto& table = out.tables[e];
    table.columns.resize(policy.entities[e].fields.size());
    for (std::size_t f = 0; f < table.columns.size(); ++f)
      if (policy.entities[e].fields[f].type.is_set()) table.columns[f].set_offsets.push_back(0);
  }
}

// Appends a record to a table being read, every column with its empty cell (a relation
// `unset`, an optional value absent), and returns its index.
inline std::uint32_t new_record(const EntityDef& entity, Table& t) {
  const auto r = static_cast<std::uint32_t>(t.size++);
  if (!entity.single) t.ids.emplace_back();
  const auto& fields = entity.fields;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    Column& c = t.columns[i];
    switch (fields[i].type.kind) {
      case Type::boolean: c.flags.push_back(0); break;
      case Type::integer:
      case Type::decimal: c.numbers.resize(c.numbers.size() + 1); break;
      case Type::text_set:
      case Type::enum_set: c.set_offsets.push_back(static_cast<std::uint32_t>(c.set_values.size())); break;
      default: c.codes.push_back(fields[i].type.kind == Type::entity ? unset : 0); break;
    }
    if (fields[i].optional) c.present.push_back(0);
  }
  return r;
}

// Replaces every relation field's name index by the record it names, once all records are
// read. `skip(target)` leaves fields pointing at an entity whose records could not be read;
// `report(entity, field, record, message)` receives each id that names no record of the
// right entity.
template <class Skip, class Report>
void resolve_references(const CompiledPolicy& policy, DatasetData& out, const std::vector<std::string>& names,
                        Skip skip, Report report) {
  std::vector<std::pair<std::int32_t, std::uint32_t>> found(names.size(), {-1, 0});
  for (std::size_t i = 0; i < names.size(); ++i)
    if (const auto* record = out.records_by_id.find(names[i])) found[i] = *record;
  for (std::size_t e = 0; e < policy.entities.size(); ++e) {
    const EntityDef& def = policy.entities[e];
    for (std::size_t f = 0; f < def.fields.size(); ++f) {
      if (def.fields[f].type.kind != Type::entity) continue;
      const int target = def.fields[f].type.ref;
      if (skip(target)) continue;
      auto& codes = out.tables[e].columns[f].codes;
      for (std::uint32_t r = 0; r < codes.size(); ++r) {
        if (codes[r] == unset) {
          codes[r] = 0;
          continue;
        }
        const auto [entity_found, record] = found[codes[r]];
        if (entity_found == target) {
          codes[r] = record;
          continue;
        }
        report(static_cast<int>(e), f, r,
               say::no_record_with_id(policy.entities[static_cast<std::size_t>(target)], json_string(names[codes[r]]),
                                      entity_found >= 0 ? &policy.entities[static_cast<std::size_t>(entity_found)]
                                                        : nullptr));
      }
    }
  }
}

}  // namespace thidua::detail::values
