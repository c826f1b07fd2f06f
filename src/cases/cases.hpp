// Sample cases: small made-up data with the outcome a policy author expects, written in YAML
// (docs/cases.md), run against a policy and compared with its Result.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "thidua/diagnostic.hpp"
#include "thidua/errors.hpp"
#include "thidua/language.hpp"
#include "thidua/policy.hpp"
#include "thidua/result.hpp"

namespace thidua::cases {

// A case file that cannot be read: every problem found, located in the YAML.
class CaseFileError : public Error {
 public:
  explicit CaseFileError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }
  std::string message(Language language) const override;

 private:
  std::vector<Diagnostic> diagnostics_;
};

// One thing a case expects of the result.
struct Expectation {
  enum class Kind {
    selected,      // the award's recipients are exactly `values` (any order)
    not_selected,  // none of `values` receives the award
    status,        // the candidate's status for the award is values[0]
    failed,        // the labels of the candidate's failed conditions are exactly `values`
    ties,          // the award's ties across the cut are exactly `ties`
    points,        // the candidate's points on a sheet (`award`: "sheet" or "sheet.part") are values[0]
  };
  struct Tie {
    std::vector<std::string> ids;
    std::vector<std::string> selected;
  };
  Kind kind = Kind::selected;
  int line = 0;
  std::string award;
  std::string candidate;  // for status and failed
  std::vector<std::string> values;
  std::vector<Tie> ties;
};

// One parsed case: its data and its expectations.
struct CaseDefinition {
  std::string name;
  std::string description;
  int line = 0;
  // Inline data, converted to the JSON that Dataset::from_json takes, with the line of the
  // case file each JSON pointer came from; or, when data_file is set, a JSON file or a
  // directory of CSV files.
  std::string data_json;
  std::map<std::string, int> data_lines;
  std::string data_file;
  std::vector<Expectation> expectations;
};

// The cases of one file, in file order. Cheap to copy.
class CaseFile {
 public:
  // Reads and checks the file's structure; throws CaseFileError listing every problem.
  static CaseFile load(const std::filesystem::path& path);

  const std::string& path() const noexcept { return path_; }
  const std::vector<CaseDefinition>& cases() const noexcept { return *cases_; }
  std::size_t size() const noexcept { return cases_->size(); }

 private:
  CaseFile() = default;
  std::string path_;
  std::shared_ptr<const std::vector<CaseDefinition>> cases_;
};

// What running one case found.
struct CaseOutcome {
  std::string file;
  int line = 0;  // of the case's `name`
  std::string name;
  bool passed = false;
  // One readable entry per expectation that did not hold, or the data problems that stopped
  // the run: each what was expected and what happened.
  std::vector<std::string> differences;
  // thidua's explanation of every candidate a difference names (Result::explain).
  std::string explanation;
};

// Runs every case of the file against the policy. Never throws for a bad case: a case whose
// data does not bind, or that names an unknown award or candidate, fails with the reason.
// `options` (the year under review) apply to every case.
std::vector<CaseOutcome> run(const Policy& policy, const CaseFile& file, Language language,
                             const RunOptions& options = {});

// "PASS  name" / "ĐẠT  name", then for a failure its differences and the explanation.
std::string format(const CaseOutcome& outcome, Language language);
// "12 cases: 11 passed, 1 failed."
std::string summary(const std::vector<CaseOutcome>& outcomes, Language language);
// JUnit XML, one <testsuite> per case file, for continuous integration servers.
std::string junit_xml(const std::vector<CaseOutcome>& outcomes, Language language);

}  // namespace thidua::cases
