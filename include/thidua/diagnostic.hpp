// One diagnostic format for the whole project:
//   file:line:col: error: message
//     the source line
//     ^~~~
#pragma once

#include <string>
#include <vector>

#include "thidua/language.hpp"

namespace thidua {

enum class Severity { error, warning, note };

struct Diagnostic {
  Severity severity = Severity::error;
  std::string file;         // policy file name, or data file name
  int line = 0;             // 1-based; 0 when the diagnostic has no position
  int column = 0;           // 1-based, counted in Unicode code points
  int length = 1;           // code points the caret underlines
  std::string message;      // in English
  std::string message_vi = {};  // in Vietnamese; empty when untranslated
  std::string source_line;  // the line of text the position is on, without its newline

  const std::string& message_in(Language language) const noexcept {
    return language == Language::vi && !message_vi.empty() ? message_vi : message;
  }
  bool operator==(const Diagnostic&) const = default;
};

// "file:line:col: error: message", then the source line and a caret line when known.
// In Vietnamese: "file:line:col: lỗi: thông báo".
std::string format(const Diagnostic& diagnostic, Language language = Language::en);
std::string format(const std::vector<Diagnostic>& diagnostics, Language language = Language::en);
const char* to_string(Severity severity, Language language = Language::en);

}  // namespace thidua
