// Intervals of exact numbers, and the analysis of rows read top to bottom where the first row
// containing a value wins: a decision table's bands, a scoring sheet's bands. Shared by the
// checks that tell a policy author "no row covers values from 50 to under 70" or "this row can
// never match".
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "thidua/language.hpp"
#include "thidua/number.hpp"

namespace thidua::detail {

struct Endpoint {
  Number value;
  bool inclusive = true;
};

// The numbers between two endpoints; a missing endpoint is unbounded on that side.
struct Interval {
  std::optional<Endpoint> low;
  std::optional<Endpoint> high;

  static Interval everything() { return {}; }
  static Interval at_least(Number value) { return {Endpoint{std::move(value), true}, std::nullopt}; }
  static Interval above(Number value) { return {Endpoint{std::move(value), false}, std::nullopt}; }
  static Interval at_most(Number value) { return {std::nullopt, Endpoint{std::move(value), true}}; }
  static Interval below(Number value) { return {std::nullopt, Endpoint{std::move(value), false}}; }
  static Interval exactly(const Number& value) { return {Endpoint{value, true}, Endpoint{value, true}}; }

  bool contains(const Number& value) const;
  bool empty() const;  // no number at all (e.g. from 5 to under 5)
  // The numbers in both; empty when they share none.
  Interval intersect(const Interval& other) const;
};

bool operator==(const Endpoint& a, const Endpoint& b);
bool operator==(const Interval& a, const Interval& b);

// What rows of intervals read top to bottom leave open or do twice, within a domain.
struct RowsAnalysis {
  std::vector<Interval> gaps;            // parts of the domain no row contains, in order
  std::vector<std::size_t> unreachable;  // rows whose every value (in the domain) an earlier row takes
  std::vector<std::pair<std::size_t, std::size_t>> overlaps;  // rows i < j sharing a value
};

// With `integers`, only the integers of the domain count: rows {1}, {2}, {3, and above}
// cover the integers from 1 up, and a band from 1.2 to 1.8 is unreachable.
RowsAnalysis analyse_rows(std::span<const Interval> rows, const Interval& domain, bool integers = false);

// For people: "from 50 to under 70", "90 and above", "under 50", "exactly 3", "every value"
// ("từ 50 đến dưới 70", "từ 90 trở lên", "dưới 50", "đúng 3", "mọi giá trị").
Message describe(const Interval& interval);

}  // namespace thidua::detail
