// Helpers shared by the binders (bind_json.cpp, bind_columns.cpp): NFC normalisation and the
// pieces of their messages, so both report the same problem in the same words.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "src/common/text.hpp"
#include "src/compile/model.hpp"

namespace thidua::detail::values {

inline constexpr std::size_t max_issues = 100;  // problems listed before "… and N more"
inline constexpr std::size_t max_shown = 60;    // bytes of an offending value quoted in a message

// True when valid UTF-8 text is certainly NFC already: it holds only code points below
// U+0300 (no combining marks among them) and the precomposed Vietnamese letters
// U+1EA0..U+1EF9, none of which NFC changes. Most Vietnamese data passes this one scan and
// skips utf8proc.
inline bool surely_nfc(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
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
    if (item.label != item.code) list += " " + json_string(item.label);
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

}  // namespace thidua::detail::values
