// One diagnostic format for the whole project:
//   file:line:col: error: message
//     the source line
//     ^~~~
#pragma once

#include <string>
#include <vector>

namespace thidua {

enum class Severity { error, warning, note };

struct Diagnostic {
  Severity severity = Severity::error;
  std::string file;         // policy file name, or data file name
  int line = 0;             // 1-based; 0 when the diagnostic has no position
  int column = 0;           // 1-based, counted in Unicode code points
  int length = 1;           // code points the caret underlines
  std::string message;
  std::string source_line;  // the line of text the position is on, without its newline

  bool operator==(const Diagnostic&) const = default;
};

// "file:line:col: error: message", then the source line and a caret line when known.
std::string format(const Diagnostic& diagnostic);
std::string format(const std::vector<Diagnostic>& diagnostics);
const char* to_string(Severity severity);

}  // namespace thidua
