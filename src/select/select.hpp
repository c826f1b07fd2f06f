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

// A group of candidates equal on every key that a quota cuts through.
struct CutTie {
  std::vector<std::size_t> members;   // positions, in rank order
  std::vector<std::size_t> selected;  // the members inside the quota
};

struct Selection {
  std::vector<std::uint8_t> selected;  // by position
  std::vector<CutTie> ties;
};

// The best `cap` candidates (all of them when there is no cap): with a single cap the
// lexicographically best selection is the first `cap` in rank order.
Selection select_top(const Ranked& ranked, std::optional<std::size_t> cap);

}  // namespace thidua::detail
