#include "thidua/diagnostic.hpp"

namespace thidua {

const char* to_string(Severity severity, Language language) {
  const bool vi = language == Language::vi;
  switch (severity) {
    case Severity::error: return vi ? "lỗi" : "error";
    case Severity::warning: return vi ? "cảnh báo" : "warning";
    case Severity::note: return vi ? "ghi chú" : "note";
  }
  return vi ? "lỗi" : "error";
}

std::string format(const Diagnostic& d, Language language) {
  std::string out = d.file;
  if (d.line > 0) out += ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
  out += ": ";
  out += to_string(d.severity, language);
  out += ": ";
  out += d.message_in(language);
  out += '\n';
  if (d.line > 0) {
    out += "  " + d.source_line + '\n';
    // Tabs stay tabs so that the caret lines up under them.
    std::string pad;
    int column = 1;
    for (std::size_t i = 0; i < d.source_line.size() && column < d.column; ++i) {
      const auto byte = static_cast<unsigned char>(d.source_line[i]);
      if ((byte & 0xC0) == 0x80) continue;  // continuation byte
      pad += d.source_line[i] == '\t' ? '\t' : ' ';
      ++column;
    }
    out += "  " + pad + "^" + std::string(static_cast<std::size_t>(d.length > 1 ? d.length - 1 : 0), '~') + '\n';
  }
  return out;
}

std::string format(const std::vector<Diagnostic>& diagnostics, Language language) {
  std::string out;
  for (const auto& d : diagnostics) out += format(d, language);
  return out;
}

}  // namespace thidua
