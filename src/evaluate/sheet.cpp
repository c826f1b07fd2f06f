#include "src/evaluate/sheet.hpp"

#include <algorithm>

#include "thidua/errors.hpp"

namespace thidua::detail {

Number round_to(const Number& value, int digits) {
  Number scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  return round_half_up(value * scale) / scale;
}

namespace {

// Stops the run with a diagnostic at the policy text the problem is about, as Evaluator does.
[[noreturn]] void stop_at(const Evaluator& evaluator, SourceRange range, Message message) {
  const Diagnostic d = evaluator.policy().source.diagnose(range, std::move(message));
  throw Error(Message{format(d, Language::en), format(d, Language::vi)});
}

const std::string& record_id(const Evaluator& evaluator, const SheetDef& sheet, std::uint32_t record) {
  return evaluator.data().tables[static_cast<std::size_t>(sheet.entity)].ids[record];
}

// The points an item's rule gives, before any verified points.
void apply_rule(const Evaluator& evaluator, const SheetDef& sheet, const SheetPartDef& part, const Frame& frame,
                PartScore& score) {
  const auto& rule = part.rule;
  switch (rule.kind) {
    case ScoreRuleDef::bands: {
      score.value = evaluator.number(rule.value, frame);
      for (std::size_t i = 0; i < rule.rows.size() && rule.within.contains(score.value); ++i) {
        if (!rule.rows[i].band.contains(score.value)) continue;
        score.row = static_cast<std::int32_t>(i);
        score.computed = rule.rows[i].points;
        return;
      }
      const std::string id = record_id(evaluator, sheet, frame.record);
      const Message range = describe(rule.within);
      stop_at(evaluator, rule.value.range,
              Message{id + ": " + rule.source_text + " = " + to_string(score.value) + " is outside the values the bands of '" +
                          part.name + "' are read for (",
                      id + ": " + rule.source_text + " = " + to_string(score.value) + " nằm ngoài phạm vi chấm điểm của '" +
                          part.name + "' ("} +
                  range + Message{")", ")"});
    }
    case ScoreRuleDef::when:
      for (std::size_t i = 0; i < rule.rows.size(); ++i) {
        if (rule.rows[i].condition && !evaluator.truth(*rule.rows[i].condition, frame)) continue;
        score.row = static_cast<std::int32_t>(i);
        score.computed = rule.rows[i].points;
        return;
      }
      return;
    case ScoreRuleDef::proportional: {
      score.value = evaluator.number(rule.value, frame);
      Number points = score.value * part.maximum;
      if (sheet.rounding) points = round_to(points, *sheet.rounding);
      if (points > part.maximum || points < 0) {
        points = points < 0 ? Number(0) : part.maximum;
        score.capped = true;
      }
      score.computed = std::move(points);
      return;
    }
    case ScoreRuleDef::deduct: {
      score.value = evaluator.number(rule.value, frame);
      Number points = part.maximum - rule.each * score.value;
      if (points < rule.floor) {
        points = rule.floor;
        score.capped = true;
      }
      score.computed = std::min(points, part.maximum);
      return;
    }
  }
}

void score_item(const Evaluator& evaluator, const SheetDef& sheet, const SheetPartDef& part, const Frame& frame,
                PartScore& score) {
  apply_rule(evaluator, sheet, part, frame, score);
  score.points = score.computed;
  if (part.verified < 0) return;
  const auto& column =
      evaluator.data().tables[static_cast<std::size_t>(sheet.entity)].columns[static_cast<std::size_t>(part.verified)];
  if (column.present.empty() || !column.present[frame.record]) return;
  const Number verified = column.numbers[frame.record];
  if (verified < 0 || verified > part.maximum) {
    const std::string id = record_id(evaluator, sheet, frame.record);
    const auto& field = evaluator.policy().entities[static_cast<std::size_t>(sheet.entity)]
                            .fields[static_cast<std::size_t>(part.verified)].name;
    stop_at(evaluator, part.range, Message{id + ": verified points " + field + " = " + to_string(verified) + " are outside 0 to " +
                            to_string(part.maximum) + ", the maximum of '" + part.name + "'",
                        id + ": điểm thẩm định " + field + " = " + to_string(verified) + " nằm ngoài khoảng 0 đến " +
                            to_string(part.maximum) + ", điểm tối đa của '" + part.name + "'"});
  }
  score.verified = verified;
  score.points = verified;
}

}  // namespace

SheetScore score_sheet(const Evaluator& evaluator, const SheetDef& sheet, std::uint32_t record) {
  const Frame frame{sheet.entity, record, nullptr};
  SheetScore out;
  out.parts.resize(sheet.parts.size());
  for (std::size_t i = 0; i < sheet.parts.size(); ++i) {
    const auto& part = sheet.parts[i];
    auto& score = out.parts[i];
    switch (part.kind) {
      case SheetPartDef::section:
        score.applicable = !part.applies || evaluator.truth(*part.applies, frame);
        break;
      case SheetPartDef::item:
        score.applicable = out.parts[static_cast<std::size_t>(part.in_section)].applicable;
        if (score.applicable) {
          score_item(evaluator, sheet, part, frame, score);
          out.parts[static_cast<std::size_t>(part.in_section)].points += score.points;
        }
        break;
      case SheetPartDef::bonus:
        score_item(evaluator, sheet, part, frame, score);
        out.bonuses += score.points;
        break;
    }
  }
  // Sections never exceed their maximum; the applicable ones make the base.
  for (std::size_t i = 0; i < sheet.parts.size(); ++i) {
    const auto& part = sheet.parts[i];
    auto& score = out.parts[i];
    if (part.kind != SheetPartDef::section || !score.applicable) continue;
    if (score.points > part.maximum) {
      score.points = part.maximum;
      score.capped = true;
    }
    score.computed = score.points;
    out.sections += score.points;
    out.applicable_maximum += part.maximum;
  }
  out.rescaled = out.applicable_maximum != sheet.out_of;
  out.base = out.sections;
  if (out.rescaled) {
    // Not applicable parts: the others are brought to the full scale (docs/sheets.md).
    out.base = out.applicable_maximum == 0 ? Number(0) : out.sections * sheet.out_of / out.applicable_maximum;
    if (sheet.rounding) out.base = round_to(out.base, *sheet.rounding);
  }
  out.total = out.base + out.bonuses;
  if (out.total > sheet.up_to) {
    out.total = sheet.up_to;
    out.capped = true;
  }
  return out;
}

}  // namespace thidua::detail
