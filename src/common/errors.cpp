#include "thidua/errors.hpp"

namespace thidua {

namespace {
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }
}  // namespace

PolicyError::PolicyError(std::vector<Diagnostic> diagnostics)
    : Error(diagnostics.empty() ? std::string("invalid policy") : first_line(format(diagnostics.front()))),
      diagnostics_(std::move(diagnostics)) {}

DataError::DataError(std::string source_name, std::vector<DataIssue> issues)
    : Error(issues.empty() ? source_name + ": invalid data"
                           : source_name + ": " + issues.front().path + ": " + issues.front().message),
      source_name_(std::move(source_name)),
      issues_(std::move(issues)) {}

}  // namespace thidua
