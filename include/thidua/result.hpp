// Running a policy on a dataset: who is nominated for what, and why.
#pragma once

#include <memory>
#include <optional>
#include <iosfwd>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "thidua/fwd.hpp"
#include "thidua/language.hpp"

namespace thidua {

struct RunOptions {
  // The year under review (`review_year` in a policy); when empty, the policy header's `year`.
  std::optional<int> year;
};

// One candidate's outcome for one award, as CONTRACT §4 names it.
// pending: undecided for lack of data (a condition reads a missing value); deferred: not
// considered yet (`defer when`). Neither takes a place.
enum class Status { selected, not_selected, ineligible, excluded, closed, pending, deferred };
const char* to_string(Status status);

// How the result JSON is written.
struct JsonOptions {
  // Spaces per level, a line per member or element; below 0, compact: all on one line.
  int indent = 2;
  // false leaves out the per-candidate members, "candidates" and "scores": the awards
  // (quotas, selected, ties) only, for large runs whose candidates are explained on demand.
  // Such a result has less than CONTRACT §4 asks for.
  bool candidates = true;
};

class Result {
 public:
  // CONTRACT §4, with the policy, data and engine identified.
  nlohmann::ordered_json to_json() const;
  std::string to_json_string(int indent = 2) const;
  std::string to_json_string(const JsonOptions& options) const;
  // The same text written to a stream as it is made, in bounded memory (for large results).
  void write_json(std::ostream& out, int indent = 2) const;
  void write_json(std::ostream& out, const JsonOptions& options) const;

  // Recipients of an award, best rank first. Throws std::out_of_range for an unknown award.
  std::vector<std::string> selected(std::string_view award) const;
  // Throws std::out_of_range when the candidate or the award is unknown, or the award is not
  // given to the candidate's kind.
  Status status(std::string_view candidate_id, std::string_view award) const;
  // A readable account of one candidate: every award, the decisive conditions with the
  // policy's labels and the values that decided them.
  std::string explain(std::string_view candidate_id, Language language = Language::vi) const;

  const detail::ResultData& data() const noexcept { return *impl_; }
  explicit Result(std::shared_ptr<const detail::ResultData> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const detail::ResultData> impl_;
};

// Evaluates every award in dependency order and selects within the quotas.
Result run(const Policy& policy, const Dataset& data, const RunOptions& options = {});

}  // namespace thidua
