// The select stage: who is nominated, given candidates already in rank order and the quotas
// as plain numbers. Knows nothing of the language, the data or JSON, so it can be proven on
// its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace thidua::detail {

struct Ranked {
  // Candidates in rank order, best first; 0-based positions are used below.
  std::size_t size = 0;
  // tie_class[i] == tie_class[i + 1] when candidates i and i + 1 are equal on every rank
  // key (their order then comes only from the id tie-break).
  std::vector<std::uint32_t> tie_class;
};

// A partition of the candidates into groups, each with its own limit (`at most 2 per unit`).
struct Groups {
  std::vector<std::uint32_t> of;     // by position: the candidate's group
  std::vector<std::size_t> limit;    // by group
};

// Which quota kept a candidate out.
enum class Stop : std::uint8_t { none, overall, group };

// A group of candidates equal on every key that a quota cuts through.
struct CutTie {
  std::vector<std::size_t> members;   // positions, in rank order
  std::vector<std::size_t> selected;  // the members inside the quota
  Stop quota = Stop::overall;         // the quota that cut it
  std::uint32_t group = 0;            // with Stop::group, the group it was cut in
};

struct Selection {
  std::vector<std::uint8_t> selected;  // by position
  std::vector<Stop> stopped_by;        // by position: the quota that kept it out
  std::vector<CutTie> ties;
};

// The lexicographically best selection (the best-ranked candidate who can be taken is taken,
// then the next, ...) under an overall cap and per-group limits. The quotas form a laminar
// family (a partition and the whole), so taking candidates greedily in rank order is optimal.
Selection select_top(const Ranked& ranked, std::optional<std::size_t> cap, const Groups* groups = nullptr);

}  // namespace thidua::detail
