#include "thidua/errors.hpp"

namespace thidua {

namespace {
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }
}  // namespace

PolicyError::PolicyError(std::vector<Diagnostic> diagnostics)
    : Error(diagnostics.empty() ? std::string("invalid policy") : first_line(format(diagnostics.front()))),
      diagnostics_(std::move(diagnostics)) {}

std::string PolicyError::message(Language language) const { return format(diagnostics_, language); }

std::string format(const std::string& source_name, const DataIssue& issue, Language language, Severity severity) {
  std::string out = source_name + ": " + (issue.path.empty() ? "" : issue.path + ": ");  // the whole input: no path
  if (severity != Severity::error) out += std::string(to_string(severity, language)) + ": ";
  return out + issue.message_in(language) + "\n";
}

std::string DataError::message(Language language) const {
  std::string out;
  for (const auto& issue : issues_) out += format(source_name_, issue, language);
  return out;
}

DataError::DataError(std::string source_name, std::vector<DataIssue> issues)
    : Error(issues.empty() ? Message{source_name + ": invalid data", source_name + ": dữ liệu không hợp lệ"}
                           : Message{first_line(format(source_name, issues.front(), Language::en)),
                                     first_line(format(source_name, issues.front(), Language::vi))}),
      source_name_(std::move(source_name)),
      issues_(std::move(issues)) {}

}  // namespace thidua
