// The result as one self-contained HTML page for publication, in Vietnamese.
// The decisions come from the result JSON (CONTRACT §4, the contract other tools read too);
// names, labels and the values that ranked each nominee come from the policy and the data.
#include "thidua/report.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "src/common/text.hpp"
#include "thidua/number.hpp"
#include "src/evaluate/evaluate.hpp"
#include "src/result/result_data.hpp"
#include "thidua/version.hpp"

namespace thidua {

namespace {

using nlohmann::ordered_json;

std::string escape(std::string_view text) { return detail::markup_escape(text); }

// Phones first: tables become one card per row below 40em; print: A4, black on white, no
// section split from its heading.
constexpr std::string_view style = R"css(
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #8b0000; --good: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60em; padding: 1em; font: 16px/1.5 "Noto Serif", "Times New Roman", serif; color: var(--ink); background: #fff; }
header { text-align: center; border-bottom: 2px solid var(--accent); padding-bottom: .75em; margin-bottom: 1em; }
header .issuer { text-transform: uppercase; font-weight: bold; margin: 0; }
h1 { font-size: 1.5em; margin: .4em 0; color: var(--accent); }
h2 { font-size: 1.25em; margin: 1.5em 0 .3em; color: var(--accent); border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05em; margin: 1em 0 .3em; }
p, ul { margin: .3em 0; }
.meta, .code, .muted { color: var(--muted); font-size: .9em; }
details { margin: .3em 0; } summary { cursor: pointer; } td.total { white-space: nowrap; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: .9em; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; margin: .3em 0; }
th, td { border: 1px solid var(--line); padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.rank { text-align: center; font-weight: bold; }
.status-selected { color: var(--good); font-weight: bold; }
.closed { font-weight: bold; color: var(--accent); }
ul.reasons { margin: 0; padding-left: 1.1em; }
@media (max-width: 40em) {
  body { padding: .5em; font-size: 15px; }
  table, thead, tbody, tr, th, td { display: block; width: 100%; }
  thead { display: none; }
  tr { border: 1px solid var(--line); margin: .5em 0; padding: .3em; }
  td { border: none; padding: .15em .3em; }
  td[data-label]::before { content: attr(data-label) ": "; font-weight: bold; color: var(--muted); }
  td.rank { text-align: left; }
}
@media print {
  @page { size: A4; margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  h1, h2, .closed { color: #000; }
  header { border-color: #000; }
  h2, h3 { break-after: avoid; }
  tr { break-inside: avoid; }
  th { background: none; }
}
)css";

// Who a candidate is: its entity and record, its entity's label and (when it has a text field
// called `name`) its name.
struct Candidate {
  std::int32_t entity = -1;
  std::uint32_t record = 0;
  std::string kind;
  std::string name;
};

class Report {
 public:
  explicit Report(const detail::ResultData& result)
      : policy_(*result.policy), data_(*result.data),
        evaluator_(policy_, data_, result.facts, result.review_year), json_(detail::result_json(result)) {}

  std::string html() {
    out_ += "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n";
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out_ += "<title>" + escape(policy_.title) + "</title>\n<style>" + std::string(style) + "</style>\n</head>\n<body>\n";
    header();
    summary();
    out_ += "<main>\n";
    if (json_.contains("scores"))
      for (const auto& [id, sheet] : json_["scores"].items()) sheet_section(id, sheet);
    for (const auto& [id, award] : json_["awards"].items()) award_section(id, award);
    out_ += "</main>\n<footer class=\"meta\"><p>Trang này do " + std::string(engine_name) + " " +
            std::string(engine_version) +
            " lập từ kế hoạch và dữ liệu nêu trên; mọi phép tính là chính xác (số hữu tỉ), không làm tròn.</p>"
            "</footer>\n</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  void header() {
    out_ += "<header>\n";
    if (!policy_.issuer.empty()) out_ += "<p class=\"issuer\">" + escape(policy_.issuer) + "</p>\n";
    out_ += "<h1>" + escape(policy_.title) + "</h1>\n";
    out_ += "<p>Kết quả xét thi đua, khen thưởng";
    if (policy_.year) out_ += " năm " + std::to_string(*policy_.year);
    out_ += "</p>\n";
    if (!policy_.basis.empty()) out_ += "<p>Căn cứ: " + escape(policy_.basis) + "</p>\n";
    const auto& p = json_["policy"];
    const auto& d = json_["data"];
    out_ += "<p class=\"meta\">Kế hoạch: <code>" + escape(p["file"].get<std::string>()) + "</code> (SHA-256 <code>" +
            escape(p["sha256"].get<std::string>()) + "</code>)<br>Dữ liệu: <code>" +
            escape(d["source"].get<std::string>()) + "</code> (SHA-256 <code>" +
            escape(d["sha256"].get<std::string>()) + "</code>)</p>\n";
    out_ += "</header>\n";
  }

  void summary() {
    out_ += "<nav>\n<h2>Tóm tắt</h2>\n<table class=\"summary\">\n<thead><tr><th>Hình thức khen thưởng</th>"
            "<th>Xét</th><th>Số được đề nghị</th></tr></thead>\n<tbody>\n";
    for (const auto& [id, award] : json_["awards"].items()) {
      out_ += "<tr><td data-label=\"Hình thức\"><a href=\"#award-" + escape(id) + "\">" +
              escape(award["label"].get<std::string>()) + "</a></td>";
      out_ += std::string("<td data-label=\"Xét\">") + (award["open"].get<bool>() ? "có" : "không xét") + "</td>";
      out_ += "<td data-label=\"Số được đề nghị\">" + std::to_string(award["selected"].size()) + "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n</nav>\n";
  }

  Candidate who(const std::string& id) const {
    Candidate p;
    const auto [entity, record] = data_.records_by_id.at(id);
    p.entity = entity;
    p.record = record;
    const auto& def = policy_.entities[static_cast<std::size_t>(entity)];
    p.kind = def.label.empty() ? def.name : def.label;
    const int name = def.field_index("name");
    if (name >= 0 && def.fields[static_cast<std::size_t>(name)].type.kind == detail::Type::text) {
      const auto& column = data_.tables[static_cast<std::size_t>(entity)].columns[static_cast<std::size_t>(name)];
      const bool present = column.present.empty() || column.present[record];
      if (present) p.name = data_.texts.text(column.codes[record]);
    }
    return p;
  }

  std::string entity_label(const std::string& name) const {
    const int e = policy_.entity_index(name);
    if (e < 0) return name;
    const auto& def = policy_.entities[static_cast<std::size_t>(e)];
    return def.label.empty() ? def.name : def.label;
  }

  // "floor(20% * count(Person))": the record counts the formula reads, so that a reader can
  // redo the computation.
  std::string counts_in(const std::string& formula) const {
    std::string out;
    for (std::size_t e = 0; e < policy_.entities.size(); ++e) {
      const std::string call = "count(" + policy_.entities[e].name + ")";
      if (formula.find(call) == std::string::npos) continue;
      out += (out.empty() ? "" : ", ") + call + " = " + std::to_string(data_.tables[e].size);
    }
    return out;
  }

  void quotas(const ordered_json& award) {
    out_ += "<h3>Số lượng</h3>\n<ul class=\"quotas\">\n";
    for (const auto& [entity, q] : award["quotas"].items()) {
      out_ += "<li><strong>" + escape(entity_label(entity)) + "</strong>: " + std::to_string(q["eligible"].get<int>()) +
              " đối tượng đủ điều kiện được xếp hạng; ";
      if (q["quota"].is_null()) {
        out_ += "không giới hạn số lượng.";
      } else {
        const auto formula = q["formula"].get<std::string>();
        const auto quota = q["quota"].get<std::string>();
        out_ += "số lượng tối đa <strong class=\"quota\">" + escape(quota) + "</strong>";
        if (q.contains("label") && !q["label"].get<std::string>().empty())
          out_ += " (" + escape(q["label"].get<std::string>()) + ")";
        out_ += ".";
        if (formula != quota) {
          out_ += " Cách tính: <code>" + escape(formula) + "</code>";
          if (const auto counts = counts_in(formula); !counts.empty()) out_ += " với <code>" + escape(counts) + "</code>";
          out_ += " = " + escape(quota) + ".";
        }
      }
      if (q.contains("per")) {
        const auto& per = q["per"];
        out_ += " Ngoài ra tối đa theo từng <code>" + escape(per["field"].get<std::string>()) + "</code>: <code>" +
                escape(per["formula"].get<std::string>()) + "</code>";
        if (!per["label"].get<std::string>().empty()) out_ += " (" + escape(per["label"].get<std::string>()) + ")";
        out_ += ": ";
        bool first = true;
        for (const auto& [group, value] : per["quotas"].items()) {
          out_ += std::string(first ? "" : ", ") + escape(group) + " " + escape(value.get<std::string>());
          first = false;
        }
        out_ += ".";
      }
      out_ += "</li>\n";
    }
    out_ += "</ul>\n";
  }

  // The values the rank keys read for a nominee: why it stands where it stands.
  std::string rank_values(std::int32_t award, const Candidate& p) const {
    const auto& award_def = policy_.awards[static_cast<std::size_t>(award)];
    const auto* block = award_def.block_for(p.entity);
    if (!block || block->rank_keys.empty()) return "xếp theo mã";
    std::string out;
    const detail::Frame frame{p.entity, p.record, nullptr};
    for (const auto& key : block->rank_keys) {
      out += out.empty() ? "" : "; ";
      out += "<code>" + escape(key.source_text) + "</code>: ";
      if (key.key.type.kind == detail::Type::boolean)
        out += evaluator_.truth(key.key, frame) ? "có" : "không";
      else
        out += escape(evaluator_.show(key.key, frame));
    }
    return out;
  }

  void nominees(const std::string& award_id, const ordered_json& award) {
    const int a = policy_.award_index(award_id);
    out_ += "<h3>Danh sách đề nghị khen thưởng</h3>\n";
    if (award["selected"].empty()) {
      out_ += "<p class=\"none\">Không có đối tượng nào được đề nghị.</p>\n";
      return;
    }
    out_ += "<table class=\"nominees\">\n<thead><tr><th>Hạng</th><th>Mã</th><th>Tên</th><th>Đối tượng</th>"
            "<th>Lý do</th></tr></thead>\n<tbody>\n";
    for (const auto& s : award["selected"]) {
      const auto id = s["id"].get<std::string>();
      const Candidate p = who(id);
      out_ += "<tr data-id=\"" + escape(id) + "\"><td class=\"rank\" data-label=\"Hạng\">" +
              std::to_string(s["rank"].get<int>()) + "</td><td data-label=\"Mã\">" + escape(id) +
              "</td><td data-label=\"Tên\">" + escape(p.name) + "</td><td data-label=\"Đối tượng\">" + escape(p.kind) +
              "</td><td data-label=\"Lý do\">Đạt mọi điều kiện; trong số lượng. Xếp hạng theo " + rank_values(a, p) +
              "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }

  void ties(const ordered_json& award) {
    if (award["ties"].empty()) return;
    out_ += "<h3>Đồng hạng tại ngưỡng số lượng</h3>\n<ul class=\"ties\">\n";
    for (const auto& tie : award["ties"]) {
      auto list = [](const ordered_json& ids) {
        std::string out;
        for (const auto& id : ids) out += (out.empty() ? "" : ", ") + escape(id.get<std::string>());
        return out;
      };
      out_ += "<li>" + escape(entity_label(tie["entity"].get<std::string>())) + ", từ hạng " +
              std::to_string(tie["rank"].get<int>());
      if (tie.contains("group")) out_ += " (trong " + escape(tie["group"].get<std::string>()) + ")";
      out_ += ": " + list(tie["ids"]) + " bằng nhau trên mọi tiêu chí xếp hạng; được chọn: " +
              (tie["selected"].empty() ? std::string("không ai") : list(tie["selected"])) +
              " — phân định theo thứ tự mã.</li>\n";
    }
    out_ += "</ul>\n";
  }

  static std::string not_selected_reason(const ordered_json& c) {
    std::string out = "Hạng " + std::to_string(c["rank"].get<int>());
    if (c.contains("quota")) {
      out += "; vượt số lượng tối đa " + escape(c["quota"].get<std::string>());
      if (c.contains("group")) out += " của " + escape(c["group"].get<std::string>());
      if (c.contains("quota_label") && !c["quota_label"].get<std::string>().empty())
        out += " (" + escape(c["quota_label"].get<std::string>()) + ")";
    }
    if (c.contains("cut")) {
      const auto& cut = c["cut"];
      out += "; sau " + escape(cut["id"].get<std::string>()) + " (hạng " + std::to_string(cut["rank"].get<int>()) + ")";
      const auto decided_by = cut["decided_by"].get<std::string>();
      if (decided_by == "id" && !cut.contains("value")) {
        out += ", bằng nhau trên mọi tiêu chí, phân định theo mã";
      } else {
        out += " về <code>" + escape(decided_by) + "</code>: " + escape(cut["value"].get<std::string>()) + " so với " +
               escape(cut["cut_value"].get<std::string>());
        if (cut.contains("short_by")) out += ", kém " + escape(cut["short_by"].get<std::string>());
      }
    }
    return out + ".";
  }

  static std::string ineligible_reason(const ordered_json& c) {
    std::string out = "<ul class=\"reasons\">";
    for (const auto& f : c["failed"]) {
      out += "<li>Chưa đạt: " + escape(f["label"].get<std::string>());
      if (f.contains("standard")) out += " <span class=\"muted\">(" + escape(f["standard"].get<std::string>()) + ")</span>";
      out += "</li>";
    }
    return out + "</ul>";
  }

  // Why a candidate is pending (the missing data, the conditions it leaves unknown) or deferred.
  static std::string undecided_reason(const ordered_json& c) {
    std::string out = "<ul class=\"reasons\">";
    if (c.contains("missing") && !c["missing"].empty()) {
      std::string names;
      for (const auto& m : c["missing"]) names += (names.empty() ? "" : ", ") + escape(m.get<std::string>());
      out += "<li>Thiếu dữ liệu: " + names + "</li>";
    }
    for (const auto& f : c.contains("reasons") ? c["reasons"] : c["unknown"])
      out += "<li>" + std::string(c.contains("reasons") ? "Tạm hoãn: " : "Chưa rõ: ") + escape(f["label"].get<std::string>()) + "</li>";
    if (c.contains("unknown_keys"))
      for (const auto& key : c["unknown_keys"]) out += "<li>Chưa xếp hạng được theo: " + escape(key.get<std::string>()) + "</li>";
    if (c.contains("waiting_for")) out += "<li>Chờ kết quả xét " + escape(c["waiting_for"].get<std::string>()) + "</li>";
    return out + "</ul>";
  }

  // Everyone else the award considered, with the reason: outside the quota (best rank first),
  // then ineligible, then excluded by a higher award, then deferred and pending.
  void others(const std::string& award_id, const ordered_json& award) {
    struct Row {
      int order;
      std::int32_t entity;
      int rank;
      std::string id, outcome, reason;
    };
    std::vector<Row> rows;
    for (const auto& [id, awards] : json_["candidates"].items()) {
      if (!awards.contains(award_id)) continue;
      const auto& c = awards[award_id];
      const auto status = c["status"].get<std::string>();
      if (status == "not_selected")
        rows.push_back({0, data_.records_by_id.at(id).first, c["rank"].get<int>(), id, "Đủ điều kiện nhưng ngoài số lượng", not_selected_reason(c)});
      else if (status == "ineligible")
        rows.push_back({1, data_.records_by_id.at(id).first, 0, id, "Không đủ điều kiện", ineligible_reason(c)});
      else if (status == "excluded")
        rows.push_back({2, data_.records_by_id.at(id).first, 0, id, "Không xét",
                        "Đã được đề nghị " + escape(c["by_label"].get<std::string>()) + " (xét trước)."});
      else if (status == "deferred")
        rows.push_back({3, data_.records_by_id.at(id).first, 0, id, "Tạm hoãn xét", undecided_reason(c)});
      else if (status == "pending")
        rows.push_back({4, data_.records_by_id.at(id).first, 0, id, "Chưa xét được (thiếu dữ liệu)", undecided_reason(c)});
    }
    if (!award["open"].get<bool>()) return;  // one reason for all, given above
    out_ += "<h3>Các trường hợp không được đề nghị</h3>\n";
    if (rows.empty()) {
      out_ += "<p class=\"none\">Không có.</p>\n";
      return;
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row& x, const Row& y) {
                       return std::tie(x.order, x.entity, x.rank) < std::tie(y.order, y.entity, y.rank);
                     });
    out_ += "<table class=\"others\">\n<thead><tr><th>Mã</th><th>Tên</th><th>Đối tượng</th><th>Kết quả</th>"
            "<th>Lý do</th></tr></thead>\n<tbody>\n";
    for (const auto& row : rows) {
      const Candidate p = who(row.id);
      out_ += "<tr data-id=\"" + escape(row.id) + "\"><td data-label=\"Mã\">" + escape(row.id) +
              "</td><td data-label=\"Tên\">" + escape(p.name) + "</td><td data-label=\"Đối tượng\">" + escape(p.kind) +
              "</td><td data-label=\"Kết quả\">" + row.outcome + "</td><td data-label=\"Lý do\">" + row.reason +
              "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }

  // A scoring sheet: every candidate's section points and total, best total first, then each
  // candidate's items with the band or row that gave their points (in a <details>, so the page
  // stays short).
  void sheet_section(const std::string& id, const ordered_json& sheet) {
    out_ += "<section class=\"sheet\" id=\"sheet-" + escape(id) + "\" data-sheet=\"" + escape(id) + "\">\n";
    out_ += "<h2>" + escape(sheet["label"].get<std::string>()) + "</h2>\n";
    out_ += "<p class=\"code\">Bảng chấm điểm <code>" + escape(id) + "</code>; đối tượng: " +
            escape(entity_label(sheet["entity"].get<std::string>())) + "; thang điểm " +
            escape(sheet["out_of"].get<std::string>());
    if (sheet["up_to"] != sheet["out_of"]) out_ += ", tối đa " + escape(sheet["up_to"].get<std::string>()) + " khi có điểm thưởng";
    out_ += ".</p>\n";
    struct Row {
      std::string id;
      const ordered_json* score;
      Number total;  // read once, for the sort
    };
    std::vector<Row> rows;
    for (const auto& [candidate, score] : sheet["candidates"].items())
      rows.push_back({candidate, &score, *parse_decimal(score["total"].get<std::string>())});
    std::stable_sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) { return compare(x.total, y.total) > 0; });
    if (rows.empty()) {
      out_ += "<p class=\"none\">Không có đối tượng nào.</p>\n</section>\n";
      return;
    }
    // The columns: the sections and bonuses of the sheet, as the first candidate lists them.
    std::vector<std::string> columns;
    out_ += "<table class=\"scores\">\n<thead><tr><th>Mã</th><th>Tên</th>";
    for (const auto& [part, p] : (*rows.front().score)["parts"].items()) {
      if (p["kind"] == "item") continue;
      columns.push_back(part);
      out_ += "<th>" + escape(p["label"].get<std::string>()) + " (" + escape(p["maximum"].get<std::string>()) + ")</th>";
    }
    out_ += "<th>Tổng điểm</th></tr></thead>\n<tbody>\n";
    for (const auto& [candidate, score, total] : rows) {
      const Candidate p = who(candidate);
      out_ += "<tr data-id=\"" + escape(candidate) + "\"><td data-label=\"Mã\">" + escape(candidate) +
              "</td><td data-label=\"Tên\">" + escape(p.name) + "</td>";
      for (const auto& column : columns) {
        const auto& part = (*score)["parts"][column];
        out_ += "<td data-label=\"" + escape(part["label"].get<std::string>()) + "\">" +
                (part.contains("points") ? escape(part["points"].get<std::string>()) : std::string("không áp dụng")) + "</td>";
      }
      out_ += "<td class=\"total\" data-label=\"Tổng điểm\"><strong>" + escape((*score)["total"].get<std::string>()) + "</strong>";
      if (score->contains("rescaled"))
        out_ += " <span class=\"muted\">(quy đổi từ " + escape((*score)["rescaled"]["points"].get<std::string>()) + "/" +
                escape((*score)["rescaled"]["out_of"].get<std::string>()) + ")</span>";
      if (score->contains("capped_at")) out_ += " <span class=\"muted\">(tối đa " + escape((*score)["capped_at"].get<std::string>()) + ")</span>";
      out_ += "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
    for (const auto& row : rows) sheet_details(row.id, *row.score);
    out_ += "</section>\n";
  }

  // One candidate's items: the rule's row or basis, the points and the maximum.
  void sheet_details(const std::string& candidate, const ordered_json& score) {
    out_ += "<details data-id=\"" + escape(candidate) + "\"><summary>Chi tiết điểm của " + escape(candidate);
    if (const auto name = who(candidate).name; !name.empty()) out_ += " — " + escape(name);
    out_ += "</summary>\n<table class=\"items\">\n<thead><tr><th>Tiêu chí</th><th>Căn cứ</th><th>Điểm</th></tr></thead>\n<tbody>\n";
    for (const auto& [id, part] : score["parts"].items()) {
      const bool item = part["kind"] != "section";
      out_ += std::string("<tr") + (item ? "" : " class=\"part\"") + "><td data-label=\"Tiêu chí\">" +
              (item ? "" : "<strong>") + escape(part["label"].get<std::string>()) + (item ? "" : "</strong>") +
              "</td><td data-label=\"Căn cứ\">";
      if (part.contains("basis")) out_ += escape(part["basis"].get<std::string>());
      if (part.contains("verified"))
        out_ += " <span class=\"muted\">(tự chấm " + escape(part["self_assessed"].get<std::string>()) + ", thẩm định " +
                escape(part["verified"].get<std::string>()) + ")</span>";
      out_ += "</td><td data-label=\"Điểm\">" +
              (part.contains("points") ? escape(part["points"].get<std::string>()) + " / " + escape(part["maximum"].get<std::string>())
                                       : std::string("không áp dụng")) +
              "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n</details>\n";
  }

  void award_section(const std::string& id, const ordered_json& award) {
    out_ += "<section class=\"award\" id=\"award-" + escape(id) + "\" data-award=\"" + escape(id) + "\">\n";
    out_ += "<h2>" + escape(award["label"].get<std::string>()) + "</h2>\n";
    out_ += "<p class=\"code\">Mã hình thức: <code>" + escape(id) + "</code></p>\n";
    if (!award["open"].get<bool>()) {
      out_ += "<p class=\"closed\">Không xét: điều kiện mở xét chưa đạt — " +
              escape(award["closed_reason"].get<std::string>()) + ".</p>\n";
    }
    quotas(award);
    nominees(id, award);
    ties(award);
    others(id, award);
    out_ += "</section>\n";
  }

  const detail::CompiledPolicy& policy_;
  const detail::DatasetData& data_;
  detail::Evaluator evaluator_;
  ordered_json json_;
  std::string out_;
};

}  // namespace

std::string report_html(const Result& result) { return Report(result.data()).html(); }

}  // namespace thidua
