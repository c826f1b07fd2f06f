// Scoring sheets in the result JSON ("scores") and in explanations (a table per sheet):
// every candidate's points per part, the row or rule that gave them, verified points and
// their difference from the self-assessed ones, bonuses and the total (docs/sheets.md).
#include <algorithm>

#include "src/evaluate/sheet.hpp"
#include "src/result/json_writer.hpp"
#include "src/result/result_data.hpp"

namespace thidua::detail {

namespace {

const char* kind_name(SheetPartDef::Kind kind) {
  switch (kind) {
    case SheetPartDef::section: return "section";
    case SheetPartDef::item: return "item";
    case SheetPartDef::bonus: return "bonus";
  }
  return "?";
}

const char* rule_name(ScoreRuleDef::Kind kind) {
  switch (kind) {
    case ScoreRuleDef::bands: return "bands";
    case ScoreRuleDef::when: return "when";
    case ScoreRuleDef::proportional: return "proportional";
    case ScoreRuleDef::deduct: return "deduct";
  }
  return "?";
}

// How the rule gave the points, for people: the row's label, or the value and the formula.
std::string basis(const SheetPartDef& part, const PartScore& score, Language language) {
  const auto& rule = part.rule;
  const bool vi = language == Language::vi;
  switch (rule.kind) {
    case ScoreRuleDef::bands:
      return rule.source_text + " = " + to_string(score.value) + ": " + rule.rows[static_cast<std::size_t>(score.row)].label;
    case ScoreRuleDef::when: return rule.rows[static_cast<std::size_t>(score.row)].label;
    case ScoreRuleDef::proportional:
      return rule.source_text + " = " + to_string(score.value) + " × " + to_string(part.maximum) +
             (score.capped ? (vi ? " (giới hạn trong 0 đến điểm tối đa)" : " (kept within 0 and the maximum)") : "");
    case ScoreRuleDef::deduct:
      return to_string(part.maximum) + " − " + to_string(rule.each) + " × " + rule.source_text + " (" +
             to_string(score.value) + ")" +
             (score.capped ? (vi ? ", không dưới " : ", not below ") + to_string(rule.floor) : "");
  }
  return {};
}

// Columns of a text table: widths in code points, so that Vietnamese lines up.
std::size_t width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}
std::string pad(const std::string& text, std::size_t to) {
  const auto w = width(text);
  return w >= to ? text : text + std::string(to - w, ' ');
}
std::string pad_left(const std::string& text, std::size_t to) {
  const auto w = width(text);
  return w >= to ? text : std::string(to - w, ' ') + text;
}

}  // namespace

void write_scores(JsonWriter& w, const ResultData& result) {
  const auto& policy = *result.policy;
  const auto& data = *result.data;
  if (policy.sheets.empty()) return;
  const Evaluator evaluator(policy, data, result.facts);
  w.key("scores").begin_object();
  for (const auto& sheet : policy.sheets) {
    w.key(sheet.name).begin_object();
    w.key("label").value(sheet.label);
    w.key("entity").value(policy.entities[static_cast<std::size_t>(sheet.entity)].name);
    w.key("out_of").value(to_string(sheet.out_of));
    w.key("up_to").value(to_string(sheet.up_to));
    w.key("candidates").begin_object();
    const auto& ids = data.tables[static_cast<std::size_t>(sheet.entity)].ids;
    for (const auto record : records_in_id_order(data, sheet.entity)) {
      const auto score = score_sheet(evaluator, sheet, record);
      w.key(ids[record]).begin_object();
      w.key("total").value(to_string(score.total));
      if (score.rescaled) {
        w.key("rescaled").begin_object();
        w.key("points").value(to_string(score.sections));
        w.key("out_of").value(to_string(score.applicable_maximum));
        w.key("to").value(to_string(score.base));
        w.end_object();
      }
      w.key("bonuses").value(to_string(score.bonuses));
      if (score.capped) w.key("capped_at").value(to_string(sheet.up_to));
      w.key("parts").begin_object();
      std::vector<std::string> differences;
      for (std::size_t i = 0; i < sheet.parts.size(); ++i) {
        const auto& part = sheet.parts[i];
        const auto& s = score.parts[i];
        w.key(part.name).begin_object();
        w.key("kind").value(kind_name(part.kind));
        w.key("label").value(part.label);
        if (part.in_section >= 0) w.key("section").value(sheet.parts[static_cast<std::size_t>(part.in_section)].name);
        w.key("maximum").value(to_string(part.maximum));
        if (!s.applicable) {
          w.key("applicable").value(false);
          w.end_object();
          continue;
        }
        w.key("points").value(to_string(s.points));
        if (part.kind != SheetPartDef::section) {
          w.key("rule").value(rule_name(part.rule.kind));
          if (s.row >= 0) w.key("row").value(part.rule.rows[static_cast<std::size_t>(s.row)].label);
          if (part.rule.kind != ScoreRuleDef::when) w.key("value").value(to_string(s.value));
          w.key("basis").value(basis(part, s, Language::vi));
          if (s.verified) {
            w.key("self_assessed").value(to_string(s.computed));
            w.key("verified").value(to_string(*s.verified));
            if (*s.verified != s.computed) differences.push_back(part.name);
          }
        }
        if (s.capped) w.key("capped").value(true);
        w.end_object();
      }
      w.end_object();
      if (!differences.empty()) {
        w.key("differences").begin_array();
        for (const auto& name : differences) w.value(name);
        w.end_array();
      }
      w.end_object();
    }
    w.end_object();
    w.end_object();
  }
  w.end_object();
}

std::string explain_sheets(const Evaluator& evaluator, std::int32_t entity, std::uint32_t record, Language language) {
  const auto& policy = evaluator.policy();
  const bool vi = language == Language::vi;
  std::string out;
  for (const auto& sheet : policy.sheets) {
    if (sheet.entity != entity) continue;
    const auto score = score_sheet(evaluator, sheet, record);
    struct Row {
      std::string part, maximum, points, basis;
    };
    std::vector<Row> rows;
    rows.push_back({vi ? "Nội dung" : "Part", vi ? "Tối đa" : "Max", vi ? "Điểm" : "Points", vi ? "Căn cứ" : "Basis"});
    for (std::size_t i = 0; i < sheet.parts.size(); ++i) {
      const auto& part = sheet.parts[i];
      const auto& s = score.parts[i];
      Row row;
      row.part = part.kind == SheetPartDef::item ? "  " + part.label
                 : part.kind == SheetPartDef::bonus ? (vi ? "Điểm thưởng: " : "Bonus: ") + part.label
                                                    : part.label;
      row.maximum = to_string(part.maximum);
      if (!s.applicable) {
        row.points = "—";
        row.basis = part.kind == SheetPartDef::section ? (vi ? "không áp dụng" : "not applicable") : "";
      } else {
        row.points = to_string(s.points);
        if (part.kind != SheetPartDef::section) {
          row.basis = basis(part, s, language);
          if (s.verified)
            row.basis += (vi ? "; tự chấm " : "; self-assessed ") + to_string(s.computed) + (vi ? ", thẩm định " : ", verified ") +
                         to_string(*s.verified) + (*s.verified != s.computed ? (vi ? " (chênh lệch)" : " (differs)") : "");
        } else if (s.capped) {
          row.basis = vi ? "giới hạn ở điểm tối đa của phần" : "cut to the section's maximum";
        }
      }
      rows.push_back(std::move(row));
    }
    Row total{vi ? "Tổng điểm" : "Total", to_string(sheet.out_of), to_string(score.total), ""};
    if (score.rescaled)
      total.basis = (vi ? "quy đổi " : "rescaled ") + to_string(score.sections) + "/" + to_string(score.applicable_maximum) +
                    (vi ? " về thang " : " to the scale of ") + to_string(sheet.out_of) + " = " + to_string(score.base);
    if (score.bonuses != 0)
      total.basis += (total.basis.empty() ? "" : "; ") + std::string(vi ? "điểm thưởng " : "bonuses ") + to_string(score.bonuses);
    if (score.capped)
      total.basis += (total.basis.empty() ? "" : "; ") + std::string(vi ? "tối đa " : "at most ") + to_string(sheet.up_to);
    rows.push_back(std::move(total));

    std::size_t w0 = 0, w1 = 0, w2 = 0;
    for (const auto& r : rows) {
      w0 = std::max(w0, width(r.part));
      w1 = std::max(w1, width(r.maximum));
      w2 = std::max(w2, width(r.points));
    }
    out += "\n" + sheet.label + " [" + sheet.name + "]: " + to_string(score.total) + "/" + to_string(sheet.out_of) + "\n";
    for (const auto& r : rows) {
      std::string line = "    " + pad(r.part, w0) + "  " + pad_left(r.maximum, w1) + "  " + pad_left(r.points, w2);
      if (!r.basis.empty()) line += "  " + r.basis;
      out += line + "\n";
    }
  }
  return out;
}

}  // namespace thidua::detail
