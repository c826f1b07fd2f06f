// Writes JSON text as it goes, byte for byte as nlohmann's dump(indent) would write the same
// document (ensure_ascii off), without building the document first: a result of a million
// candidates is written in one pass, in bounded memory when it goes to a stream.
#pragma once

#include <charconv>
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
  // With a sink, the text is handed to it in blocks; without, text() holds all of it.
  explicit JsonWriter(int indent, std::ostream* sink = nullptr) : indent_(indent), sink_(sink) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }

  // An object's member name; its value is written next.
  JsonWriter& key(std::string_view name) {
    Level& level = levels_.back();
    if (!level.first) out_ += ',';
    level.first = false;
    new_line();
    string_literal(name);
    out_ += indent_ >= 0 ? "\": " : "\":";
    after_key_ = true;
    return *this;
  }

  JsonWriter& value(std::string_view text) {
    begin_value();
    string_literal(text);
    out_ += '"';
    return flush_if_full();
  }
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag) {
    begin_value();
    out_ += flag ? "true" : "false";
    return *this;
  }
  template <class Integer>
    requires std::is_integral_v<Integer>
  JsonWriter& value(Integer number) {
    begin_value();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    out_.append(digits, end);
    return *this;
  }
  JsonWriter& null() {
    begin_value();
    out_ += "null";
    return *this;
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
    if (!level.first) out_ += ',';
    level.first = false;
    out_ += part.out_;
    return flush_if_full();
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
    begin_value();
    out_ += part.out_;
    return flush_if_full();
  }

  // Text written so far (all of it when there is no sink).
  std::string& text() { return out_; }
  // Hands what is buffered to the sink.
  void flush() {
    if (sink_ && !out_.empty()) {
      sink_->write(out_.data(), static_cast<std::streamsize>(out_.size()));
      out_.clear();
    }
  }

 private:
  struct Level {
    bool first = true;
  };

  JsonWriter& open(char bracket) {
    begin_value();
    out_ += bracket;
    levels_.push_back({});
    return *this;
  }

  JsonWriter& close(char bracket) {
    const bool empty = levels_.back().first;
    levels_.pop_back();
    if (!empty) new_line();
    out_ += bracket;
    return flush_if_full();
  }

  // An array element is preceded by its comma and line; a member's value by its key.
  void begin_value() {
    if (after_key_ || levels_.empty()) {
      after_key_ = false;
      return;
    }
    Level& level = levels_.back();
    if (!level.first) out_ += ',';
    level.first = false;
    new_line();
  }

  void new_line() {
    if (indent_ < 0) return;
    out_ += '\n';
    out_.append(levels_.size() * static_cast<std::size_t>(indent_), ' ');
  }

  // The opening quote and the escaped text; the caller adds what follows.
  void string_literal(std::string_view text) {
    out_ += '"';
    std::size_t plain = 0;  // start of the run of bytes copied as they are
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(text.data() + plain, i - plain);
      plain = i + 1;
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default: {
          static constexpr char hex[] = "0123456789abcdef";
          out_ += "\\u00";
          out_ += hex[c >> 4];
          out_ += hex[c & 0xF];
        }
      }
    }
    out_.append(text.data() + plain, text.size() - plain);
  }

  JsonWriter& flush_if_full() {
    if (sink_ && out_.size() >= block_size) flush();
    return *this;
  }

  static constexpr std::size_t block_size = 1 << 20;
  int indent_;
  std::ostream* sink_;
  std::string out_;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

}  // namespace thidua::detail
