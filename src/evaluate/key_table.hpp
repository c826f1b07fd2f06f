// Rank keys laid out for sorting: a ranking compares keys O(n log n) times, and exact
// rationals (64 bytes each, read through Boost) make that the slowest part of a run. When every
// value of a key is a fraction whose denominators share a small common multiple — decimals
// from data always do — the key is stored as one 64-bit integer per candidate, scaled by that
// multiple, and compares as an integer; otherwise the table compares the rationals.
#pragma once

#include <cstdint>
#include <vector>

#include "thidua/number.hpp"

namespace thidua::detail {

class KeyTable {
 public:
  // keys: `k` values per candidate, candidate after candidate.
  KeyTable(const std::vector<Number>& keys, std::size_t k);

  // The candidates in rank order: larger keys first, then the smaller `tie_break` (every
  // candidate's is different). When the keys are integers the rows themselves are sorted,
  // side by side in memory: at a million candidates, sorting indices into the keys spends
  // its time waiting for memory.
  std::vector<std::size_t> order(const std::vector<std::uint32_t>& tie_break) const;

  // -1, 0 or 1 as candidate x's key j is less than, equal to or greater than y's.
  int compare(std::size_t x, std::size_t y, std::size_t j) const {
    if (!scaled_.empty()) {
      const auto a = scaled_[x * k_ + j], b = scaled_[y * k_ + j];
      return a < b ? -1 : a > b ? 1 : 0;
    }
    return thidua::compare((*keys_)[x * k_ + j], (*keys_)[y * k_ + j]);
  }

 private:
  const std::vector<Number>* keys_;
  std::size_t k_;
  std::vector<std::int64_t> scaled_;  // empty when some key does not fit
};

}  // namespace thidua::detail
