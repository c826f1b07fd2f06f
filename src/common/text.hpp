// Text helpers backed by maintained libraries: utf8proc for Unicode, nettle for SHA-256.
#pragma once

#include <nettle/sha2.h>

#include <optional>
#include <string>
#include <string_view>

namespace thidua::detail {

// NFC form of valid UTF-8 text; nothing when the text is not valid UTF-8.
std::optional<std::string> to_nfc(std::string_view text);
bool is_valid_utf8(std::string_view text);
// Byte offset of the first invalid UTF-8 sequence; npos when the text is valid.
std::size_t first_invalid_utf8(std::string_view text);
// Number of code points in valid UTF-8 text.
std::size_t code_points(std::string_view text);
// Lowercase hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);
// SHA-256 of bytes given piece by piece (a file hashed as it is read).
class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // Lowercase hex of the hash of what was given; the hash starts over after.
  std::string hex();

 private:
  sha256_ctx state_;
};
// Damerau-free Levenshtein distance in code points, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b);
// Reads a whole file; throws thidua::Error naming the path when it cannot. The string has room
// for `spare` more bytes (capacity), which readers that look past the end may use.
std::string read_file(const std::string& path, std::size_t spare = 0);

// Text made safe inside XML or HTML, in element content and in quoted attributes: & < > " '
// become references, and the control characters XML 1.0 forbids (all but tab and line
// breaks) are dropped.
std::string markup_escape(std::string_view text);

}  // namespace thidua::detail
