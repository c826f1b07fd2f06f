// Exceptions thrown by the public API. Every failure a user can cause is one of these.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "thidua/diagnostic.hpp"

namespace thidua {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A policy that does not parse or does not check. Carries every diagnostic found.
class PolicyError : public Error {
 public:
  explicit PolicyError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// One problem in the input data, located by a JSON pointer ("/persons/17/score").
struct DataIssue {
  std::string path;
  std::string message;
  bool operator==(const DataIssue&) const = default;
};

// Input data that does not fit the policy. Carries every problem found.
class DataError : public Error {
 public:
  DataError(std::string source_name, std::vector<DataIssue> issues);
  const std::vector<DataIssue>& issues() const noexcept { return issues_; }
  const std::string& source_name() const noexcept { return source_name_; }

 private:
  std::string source_name_;
  std::vector<DataIssue> issues_;
};

}  // namespace thidua
