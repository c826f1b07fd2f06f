// What a decision table's rows say about one number, so that the checker can tell whether
// they cover every case: `when score >= 90 ...`, `when score >= 70 and score < 90 ...`.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "src/compile/intervals.hpp"
#include "src/compile/model.hpp"

namespace thidua::detail {

struct TableBands {
  // The number the rows compare with constants (the first such row's); null when no row does.
  const Expr* subject = nullptr;
  // Per row: the values of the subject for which its condition holds, when the condition is
  // a comparison of the subject with a constant or a conjunction of such comparisons.
  std::vector<std::optional<Interval>> rows;
};

TableBands table_bands(std::span<const Expr* const> conditions);

// Whether two compiled expressions read the same value (same operations on the same facts).
bool same_value(const Expr& a, const Expr& b);

}  // namespace thidua::detail
