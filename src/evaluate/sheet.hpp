// Scoring sheets read for one record: every part's points, how the rule gave them, and the
// total (docs/sheets.md). Expressions read them through Op::sheet_points; the result and the
// explanation show the whole breakdown.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "src/evaluate/evaluate.hpp"

namespace thidua::detail {

struct PartScore {
  bool applicable = true;          // false: its section's `when` does not hold
  Number points;                   // what counts: the verified points where present, else `computed`
  Number computed;                 // by the item's rule from the record's data (tự đánh giá)
  std::optional<Number> verified;  // the verified points (thẩm định), where the data has them
  std::int32_t row = -1;           // bands and `when`: the row that gave the points
  Number value;                    // bands: the value; proportional: the ratio; deduct: the occurrences
  bool capped = false;             // cut to the maximum (or to a deduction's floor)
};

struct SheetScore {
  std::vector<PartScore> parts;  // parallel to SheetDef::parts
  Number sections;               // the applicable sections' points
  Number applicable_maximum;     // the applicable sections' maxima
  Number base;                   // `sections` on the sheet's full scale
  bool rescaled = false;         // some section did not apply
  Number bonuses;
  Number total;                  // base + bonuses, at most the sheet's `up to`
  bool capped = false;
};

// Throws thidua::Error when the data cannot be scored: a value in no band (outside the
// bands' `within`), verified points outside 0 .. the maximum, a division by zero.
SheetScore score_sheet(const Evaluator& evaluator, const SheetDef& sheet, std::uint32_t record);

// `value` rounded half up to `digits` decimals.
Number round_to(const Number& value, int digits);

}  // namespace thidua::detail
