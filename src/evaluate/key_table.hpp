// Rank keys laid out for sorting: a ranking compares keys O(n log n) times, and exact
// rationals (64 bytes each, read through Boost) make that the slowest part of a run. A key
// whose values are integers, or fractions whose denominators share a small common multiple —
// decimals from data always do — is stored as one 64-bit integer per candidate, scaled by that
// multiple, and compares as an integer; any other key keeps its rationals. Decimal columns are
// read straight into the integers, without building a rational per candidate.
#pragma once

#include <cstdint>
#include <vector>

#include "src/bind/dataset_data.hpp"
#include "thidua/number.hpp"

namespace thidua::detail {

class KeyTable {
 public:
  // `n` candidates with `k` keys each; every key is then given once, by one of the setters.
  KeyTable(std::size_t n, std::size_t k);

  // Key j of every candidate, larger is better, as integers of at most 2^62 in magnitude
  // (conditions as 1 or 0, scale items as their place).
  void set_integers(std::size_t j, std::vector<std::int64_t> values);
  // Key j of every candidate, larger is better, exactly: scaled to integers when they fit.
  void set_numbers(std::size_t j, std::vector<Number> values);
  // Key j read in place from its 64-bit fractions: candidate i's is column[rows[i]], negated
  // when `negate`. Only when every value fits once scaled, else it sets nothing and returns
  // false (then the caller evaluates the key and calls set_numbers).
  bool set_scaled(std::size_t j, const NumberColumn& column, const std::vector<std::uint32_t>& rows, bool negate);

  // Puts the candidates in rank order: larger keys first, then the smaller `tie_break` (every
  // candidate's is different). Returns the candidates in that order. From then on, compare()
  // takes places in rank order, and reads neighbours in memory.
  const std::vector<std::size_t>& rank(const std::vector<std::uint32_t>& tie_break);

  // After rank(): -1, 0 or 1 as key j of the candidate at place x is less than, equal to or
  // greater than that of the candidate at place y.
  int compare(std::size_t x, std::size_t y, std::size_t j) const {
    if (!packed_.empty()) {
      // Stored as the distance below the key's largest value: the smaller is the greater.
      const auto a = (packed_[x] >> shifts_[j]) & masks_[j], b = (packed_[y] >> shifts_[j]) & masks_[j];
      return a < b ? 1 : a > b ? -1 : 0;
    }
    if (!numbers_[j].empty()) return thidua::compare(numbers_[j][order_[x]], numbers_[j][order_[y]]);
    const auto a = ranked_[x * k_ + j], b = ranked_[y * k_ + j];
    return a < b ? -1 : a > b ? 1 : 0;
  }

 private:
  std::size_t n_, k_;
  std::vector<std::vector<std::int64_t>> integers_;  // by key, by candidate; until rank()
  std::vector<std::vector<Number>> numbers_;         // by key: empty unless the key did not fit
  // After rank(): the candidates in rank order, and the integer keys in that order, either
  // packed into one integer per candidate (key j at shifts_[j], masks_[j] wide) or row by row.
  std::vector<std::size_t> order_;
  std::vector<std::uint64_t> packed_;
  std::vector<unsigned> shifts_;
  std::vector<std::uint64_t> masks_;
  std::vector<std::int64_t> ranked_;
};

}  // namespace thidua::detail
