// Comparing two versions of a policy on the same data: which candidates' outcomes change, and why.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "thidua/fwd.hpp"
#include "thidua/language.hpp"

namespace thidua {

// One candidate's outcome for one award that differs between the two results.
struct OutcomeChange {
  std::string candidate;
  std::string award;
  std::string award_label;
  // CONTRACT §4 statuses ("selected", "ineligible", ...); empty where that version of the
  // policy does not decide this award for this candidate.
  std::string before;
  std::string after;
  std::vector<Message> reasons;  // what changed that explains it, in the policy's own labels
};

// A difference in an award itself: added, removed, opened, closed, a quota changed.
struct AwardChange {
  std::string award;
  Message what;
};

struct PolicyDiff {
  std::vector<AwardChange> awards;
  std::vector<OutcomeChange> outcomes;  // by candidate id, then award

  std::size_t candidates_changed() const;
};

// Compares two results of running two versions of a policy on the same data. Only the
// statuses count as outcomes: a recipient whose rank moves is not a change.
PolicyDiff diff(const Result& before, const Result& after);

// For people: the award changes, then one entry per changed outcome with its reasons.
std::string format(const PolicyDiff& changes, Language language);

// {"awards": [{"award", "change": {"en", "vi"}}], "outcomes": [{"candidate", "award", "before",
// "after", "reasons": [{"en", "vi"}]}]}; a status is null where the award is not decided.
nlohmann::ordered_json to_json(const PolicyDiff& changes);

}  // namespace thidua
