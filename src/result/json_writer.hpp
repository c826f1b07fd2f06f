// Writes JSON text as it goes, byte for byte as nlohmann's dump(indent) would write the same
// document (ensure_ascii off), without building the document first: a result of a million
// candidates is written in one pass, in bounded memory when it goes to a stream.
#pragma once

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstring>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace thidua::detail {

class JsonWriter {
 public:
  // indent < 0: compact; otherwise one line per member or element, `indent` spaces a level.
  // With a sink, the text is handed to it in blocks; without, take() returns all of it.
  explicit JsonWriter(int indent, std::ostream* sink = nullptr) : indent_(indent), sink_(sink) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }

  // An object's member name; its value is written next.
  JsonWriter& key(std::string_view name) {
    reserve(line_size() + literal_size(name) + 4);
    Level& level = levels_.back();
    if (!level.first) put(',');
    level.first = false;
    new_line();
    string_literal(name);
    if (indent_ >= 0) put("\": ", 3);
    else put("\":", 2);
    after_key_ = true;
    return *this;
  }

  JsonWriter& value(std::string_view text) {
    reserve(line_size() + literal_size(text) + 2);
    begin_value();
    string_literal(text);
    put('"');
    return flush_if_full();
  }
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag) {
    reserve(line_size() + 5);
    begin_value();
    if (flag) put("true", 4);
    else put("false", 5);
    return *this;
  }
  template <class Integer>
    requires std::is_integral_v<Integer>
  JsonWriter& value(Integer number) {
    reserve(line_size() + 24);
    begin_value();
    size_ = static_cast<std::size_t>(std::to_chars(out_.data() + size_, out_.data() + out_.size(), number).ptr - out_.data());
    return *this;
  }
  JsonWriter& null() {
    reserve(line_size() + 4);
    begin_value();
    put("null", 4);
    return *this;
  }

  // Bytes added as they are, after everything written (a final line end).
  JsonWriter& raw(std::string_view bytes) {
    reserve(bytes.size());
    put(bytes.data(), bytes.size());
    return flush_if_full();
  }

  // A writer for part of the members or elements of the innermost open object or array, to
  // be made on another thread and then added with append(): the same bytes as writing them
  // here, in order.
  JsonWriter fork() const {
    JsonWriter part(indent_);
    part.levels_ = levels_;
    part.levels_.back().first = true;
    return part;
  }
  JsonWriter& append(const JsonWriter& part) {
    if (part.levels_.back().first) return *this;  // it wrote nothing
    Level& level = levels_.back();
    reserve(1);
    if (!level.first) put(',');
    level.first = false;
    return add(part);
  }

  // Forgets what a part made by fork() wrote, to write the next part with its buffer.
  void clear() {
    size_ = 0;
    holes_.clear();
    levels_.back().first = true;
    after_key_ = false;
  }

  // A writer for the value of the member whose key was just written, to be added with
  // append_value(), here or after other keys at the same depth: a value that many records
  // share is written once and copied after.
  JsonWriter fork_value() const {
    JsonWriter part = fork();
    part.after_key_ = true;
    return part;
  }
  JsonWriter& append_value(const JsonWriter& part) {
    reserve(line_size());
    begin_value();
    return add(part);
  }

  // In a part made by fork_value(): the value of the member whose key was just written, left
  // out, to be given each time the part is added with append_value(part, fill). So a value
  // that many records share but for a few members (a rank, a score) is still written once.
  JsonWriter& hole() {
    assert(after_key_ && "a hole is a member's value");
    holes_.push_back(size_);
    after_key_ = false;
    return *this;
  }
  // Adds a part with holes: fill(i) writes the i-th hole's value with value() (or null()).
  template <class Fill>
  JsonWriter& append_value(const JsonWriter& part, Fill&& fill) {
    reserve(line_size());
    begin_value();
    std::size_t from = 0;
    for (std::size_t i = 0; i < part.holes_.size(); ++i) {
      const std::size_t to = part.holes_[i];
      reserve(to - from);
      put(part.out_.data() + from, to - from);
      after_key_ = true;  // the text up to the hole ends with the member's key
      fill(i);
      from = to;
    }
    reserve(part.size_ - from);
    put(part.out_.data() + from, part.size_ - from);
    return flush_if_full();
  }

  // The text written (all of it when there is no sink); the writer is left empty.
  std::string take() {
    out_.resize(size_);
    size_ = 0;
    return std::move(out_);
  }
  // Hands what is buffered to the sink.
  void flush() {
    if (sink_ && size_ > 0) {
      sink_->write(out_.data(), static_cast<std::streamsize>(size_));
      size_ = 0;
    }
  }

 private:
  struct Level {
    bool first = true;
  };

  // The text is kept in out_[0, size_): out_ is grown ahead (reserve) and written into
  // directly, not appended to a byte or a piece at a time.
  void reserve(std::size_t bytes) {
    if (out_.size() - size_ < bytes) out_.resize(std::max(2 * out_.size(), size_ + bytes + 4096));
  }
  void put(char c) { out_[size_++] = c; }
  void put(const char* bytes, std::size_t count) {
    std::memcpy(out_.data() + size_, bytes, count);
    size_ += count;
  }
  // The most a comma and a new line take; the most a string's literal takes.
  std::size_t line_size() const { return 2 + (indent_ < 0 ? 0 : levels_.size() * static_cast<std::size_t>(indent_)); }
  static std::size_t literal_size(std::string_view text) { return 1 + 6 * text.size(); }

  JsonWriter& open(char bracket) {
    reserve(line_size() + 1);
    begin_value();
    put(bracket);
    levels_.push_back({});
    return *this;
  }

  JsonWriter& close(char bracket) {
    const bool empty = levels_.back().first;
    levels_.pop_back();
    reserve(line_size() + 1);
    if (!empty) new_line();
    put(bracket);
    return flush_if_full();
  }

  // A part's text after this one's: with a sink, this one's goes first and the part's
  // straight after, without a copy.
  JsonWriter& add(const JsonWriter& part) {
    assert(part.holes_.empty() && "a part with holes is added with append_value(part, fill)");
    if (sink_ && part.size_ >= block_size / 4) {
      flush();
      sink_->write(part.out_.data(), static_cast<std::streamsize>(part.size_));
      return *this;
    }
    reserve(part.size_);
    put(part.out_.data(), part.size_);
    return flush_if_full();
  }

  // An array element is preceded by its comma and line; a member's value by its key.
  // The caller has reserved line_size().
  void begin_value() {
    if (after_key_ || levels_.empty()) {
      after_key_ = false;
      return;
    }
    Level& level = levels_.back();
    if (!level.first) put(',');
    level.first = false;
    new_line();
  }

  void new_line() {
    if (indent_ < 0) return;
    const std::size_t spaces = levels_.size() * static_cast<std::size_t>(indent_);
    put('\n');
    std::memset(out_.data() + size_, ' ', spaces);
    size_ += spaces;
  }

  // The opening quote and the escaped text; the caller adds what follows and has reserved
  // literal_size(text).
  void string_literal(std::string_view text) {
    put('"');
    if (!needs_escape(text)) {  // ids, labels, keys: nearly always
      put(text.data(), text.size());
      return;
    }
    std::size_t plain = 0;  // start of the run of bytes copied as they are
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      put(text.data() + plain, i - plain);
      plain = i + 1;
      put('\\');
      switch (c) {
        case '"': put('"'); break;
        case '\\': put('\\'); break;
        case '\b': put('b'); break;
        case '\f': put('f'); break;
        case '\n': put('n'); break;
        case '\r': put('r'); break;
        case '\t': put('t'); break;
        default: {
          static constexpr char hex[] = "0123456789abcdef";
          put("u00", 3);
          put(hex[c >> 4]);
          put(hex[c & 0xF]);
        }
      }
    }
    put(text.data() + plain, text.size() - plain);
  }

  // Whether the text has a byte that a JSON string escapes (a control byte, '"' or a
  // backslash), eight bytes at a time: the word tests for a byte below 0x20 and for a zero
  // byte (after xor with the quote or the backslash) are exact.
  static bool needs_escape(std::string_view text) {
    constexpr std::uint64_t ones = 0x0101010101010101, highs = 0x8080808080808080;
    const auto zero_byte = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
      std::uint64_t v;
      std::memcpy(&v, text.data() + i, 8);
      if (((v - ones * 0x20) & ~v & highs) | zero_byte(v ^ (ones * '"')) | zero_byte(v ^ (ones * '\\'))) return true;
    }
    for (; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c < 0x20 || c == '"' || c == '\\') return true;
    }
    return false;
  }

  JsonWriter& flush_if_full() {
    if (sink_ && size_ >= block_size) flush();
    return *this;
  }

  // Text handed to the sink at a time: more saves little time and costs memory.
  static constexpr std::size_t block_size = std::size_t{256} << 10;
  int indent_;
  std::ostream* sink_;
  std::string out_;
  std::size_t size_ = 0;
  std::vector<Level> levels_;
  bool after_key_ = false;
  std::vector<std::size_t> holes_;  // where hole() left values out, in order
};

}  // namespace thidua::detail
