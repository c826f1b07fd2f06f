#include "src/common/source.hpp"

#include <algorithm>

#include "src/common/text.hpp"

namespace thidua::detail {

SourceFile::SourceFile(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::uint32_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

std::string_view SourceFile::slice(SourceRange range) const {
  const auto begin = std::min<std::size_t>(range.begin, text_.size());
  const auto end = std::clamp<std::size_t>(range.end, begin, text_.size());
  return std::string_view(text_).substr(begin, end - begin);
}

int SourceFile::line_of(std::uint32_t offset) const {
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<int>(it - line_starts_.begin());
}

int SourceFile::column_of(std::uint32_t offset) const {
  const auto start = line_starts_[static_cast<std::size_t>(line_of(offset) - 1)];
  const auto end = std::min<std::size_t>(offset, text_.size());
  return static_cast<int>(code_points(std::string_view(text_).substr(start, end - start))) + 1;
}

std::string_view SourceFile::line_text(int line) const {
  if (line < 1 || static_cast<std::size_t>(line) > line_starts_.size()) return {};
  const std::size_t start = line_starts_[static_cast<std::size_t>(line - 1)];
  std::size_t end = static_cast<std::size_t>(line) < line_starts_.size()
                        ? line_starts_[static_cast<std::size_t>(line)] - 1
                        : text_.size();
  if (end > start && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(start, end - start);
}

Diagnostic SourceFile::diagnose(SourceRange range, Message message, Severity severity) const {
  Diagnostic d;
  d.severity = severity;
  d.file = name_;
  d.message = std::move(message.en);
  d.message_vi = std::move(message.vi);
  d.line = line_of(range.begin);
  d.column = column_of(range.begin);
  d.source_line = std::string(line_text(d.line));
  // Underline the range, but never past the end of its first line.
  const auto line_end_column = static_cast<int>(code_points(d.source_line)) + 1;
  const int end_column =
      range.end > range.begin && line_of(range.end) == d.line ? column_of(range.end) : line_end_column;
  d.length = std::max(1, std::min(end_column, line_end_column) - d.column);
  return d;
}

}  // namespace thidua::detail
