// A policy's text with its name, and the mapping from byte offsets to line and column,
// so that every stage can point at the plan's own words.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "thidua/diagnostic.hpp"

namespace thidua::detail {

// Half-open byte range [begin, end) in a source text.
struct SourceRange {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool operator==(const SourceRange&) const = default;
};

class SourceFile {
 public:
  SourceFile(std::string name, std::string text);

  const std::string& name() const noexcept { return name_; }
  const std::string& text() const noexcept { return text_; }
  std::string_view slice(SourceRange range) const;

  int line_of(std::uint32_t offset) const;    // 1-based
  int column_of(std::uint32_t offset) const;  // 1-based, in code points
  std::string_view line_text(int line) const;  // without its newline

  Diagnostic diagnose(SourceRange range, Message message, Severity severity = Severity::error) const;

 private:
  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

// Collects diagnostics from one compilation, so that all of them are reported at once.
class Diagnostics {
 public:
  explicit Diagnostics(const SourceFile& file) : file_(file) {}
  // Every message in both languages: the caller of the library picks one.
  void error(SourceRange range, Message message) {
    list_.push_back(file_.diagnose(range, std::move(message), Severity::error));
    ++errors_;
  }
  void warning(SourceRange range, Message message) {
    list_.push_back(file_.diagnose(range, std::move(message), Severity::warning));
  }
  void note(SourceRange range, Message message) {
    list_.push_back(file_.diagnose(range, std::move(message), Severity::note));
  }
  bool has_errors() const noexcept { return errors_ > 0; }
  int error_count() const noexcept { return errors_; }
  const std::vector<Diagnostic>& list() const noexcept { return list_; }
  std::vector<Diagnostic> take() { return std::move(list_); }
  const SourceFile& file() const noexcept { return file_; }

 private:
  const SourceFile& file_;
  std::vector<Diagnostic> list_;
  int errors_ = 0;
};

}  // namespace thidua::detail
