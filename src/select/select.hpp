// The select stage: who is nominated, given candidates already in rank order and the quotas
// as sets of candidates with whole-number bounds. Knows nothing of the language, the data or
// JSON, so it can be proven on its own (tests/select_test.cpp checks it against brute force).
//
// A "candidate" here is one place in the rank order. Several awards decided together are
// one problem whose candidates are (person, award) pairs in precedence order, with a quota
// "at most 1" on the pairs of each person.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace thidua::detail {

inline constexpr std::size_t unlimited = std::numeric_limits<std::size_t>::max();

// At least `at_least` and at most `at_most` of `members` are selected.
struct Quota {
  std::vector<std::uint32_t> members;  // positions in rank order, each once, any order
  std::size_t at_least = 0;
  std::size_t at_most = unlimited;
};

// A share instead of a count: of the candidates selected among `base`, those also in
// `members` are at most (or, with `at_least`, at least) numerator/denominator of them:
// `at most 50% where gender == nam` is a share of 1/2 whose base is everyone. A selection of
// nobody meets every share.
struct Share {
  std::vector<std::uint32_t> base;     // positions in rank order, each once
  std::vector<std::uint32_t> members;  // a subset of base
  std::int64_t numerator = 0;          // 0 <= numerator; both at most 10^9
  std::int64_t denominator = 1;        // > 0
  bool at_least = false;
};

struct SelectionProblem {
  std::size_t size = 0;  // candidates, in rank order, best first
  // tie_class[i] == tie_class[i + 1] when candidates i and i + 1 are equal on every rank key
  // (their order then comes only from the id tie-break). Empty: no two are equal. A class is a
  // run of places: the values never decrease.
  std::vector<std::uint32_t> tie_class;
  std::vector<Quota> quotas;
  std::vector<Share> shares;
  // Steps of search the general path may take before it gives up proving (see `proven`).
  std::size_t work_budget = 20'000'000;
};

// How the selection was found (docs/selection.md says why each is exact).
enum class Method : std::uint8_t {
  greedy,  // caps only (any overlap): take in rank order while every quota holding it has room
  flow,    // quotas in at most two nested families: a feasible flow, repaired by augmenting cycles
  min_cost_flow,  // two nested families plus one share or one-sided quota: a cheapest circulation
  search,  // anything else (several shares, ...): depth-first search over the remaining candidates
};

// A group of candidates equal on every key that a quota cuts through.
struct CutTie {
  std::vector<std::size_t> members;   // positions in the quota, in rank order
  std::vector<std::size_t> selected;  // the members selected
  std::size_t quota = 0;              // the quota that kept the others out
};

struct Selection {
  std::vector<std::uint8_t> selected;  // by position
  // By position, for a candidate not selected: the quota that kept it out (-1 if none did,
  // e.g. when no selection exists; quotas.size() + s for share s), and when its places were
  // kept for a lower bound of another quota, that quota (else -1).
  std::vector<std::int32_t> stopped_by;
  std::vector<std::int32_t> reserved_for;
  std::vector<CutTie> ties;
  // False when no selection meets every quota; then nobody is selected and `unmet` lists the
  // lower bounds that cannot be met together with the rest.
  bool feasible = true;
  std::vector<std::size_t> unmet;
  // False when the work budget ran out: `selected` meets every quota but may not be the best.
  bool proven = true;
  Method method = Method::greedy;
};

// The lexicographically best selection: the best-ranked candidate who can be selected (some
// selection meeting every quota contains it and the choices made so far) is selected, then
// the next, and so on.
Selection select(const SelectionProblem& problem);

}  // namespace thidua::detail
