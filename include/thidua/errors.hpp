// Exceptions thrown by the public API. Every failure a user can cause is one of these.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "thidua/diagnostic.hpp"

namespace thidua {

// what() is in English; message(Language::vi) gives the Vietnamese text where there is one.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& english) : std::runtime_error(english), vietnamese_() {}
  explicit Error(const Message& message) : std::runtime_error(message.en), vietnamese_(message.vi) {}
  virtual std::string message(Language language) const {
    return language == Language::vi && !vietnamese_.empty() ? vietnamese_ : std::string(what());
  }

 private:
  std::string vietnamese_;
};

// A policy that does not parse or does not check. Carries every diagnostic found.
class PolicyError : public Error {
 public:
  explicit PolicyError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }
  // Every diagnostic, formatted.
  std::string message(Language language) const override;

 private:
  std::vector<Diagnostic> diagnostics_;
};

// One problem in the input data, located by a JSON pointer ("/persons/17/score").
struct DataIssue {
  std::string path;
  std::string message;     // in English
  std::string message_vi = {};  // in Vietnamese; empty when untranslated
  const std::string& message_in(Language language) const noexcept {
    return language == Language::vi && !message_vi.empty() ? message_vi : message;
  }
  bool operator==(const DataIssue&) const = default;
};

// "data.json: /persons/17/score: message", one line per issue; warnings say so.
std::string format(const std::string& source_name, const DataIssue& issue, Language language = Language::en,
                   Severity severity = Severity::error);

// Input data that does not fit the policy. Carries every problem found.
class DataError : public Error {
 public:
  DataError(std::string source_name, std::vector<DataIssue> issues);
  const std::vector<DataIssue>& issues() const noexcept { return issues_; }
  const std::string& source_name() const noexcept { return source_name_; }
  // Every issue, one line each.
  std::string message(Language language) const override;

 private:
  std::string source_name_;
  std::vector<DataIssue> issues_;
};

}  // namespace thidua
