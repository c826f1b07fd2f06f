// thidua::report_html on small policies: what a reader must find on the page, and the page's
// own safety (every text from the policy and the data escaped). The bundled example is
// rendered in a real browser by tests/integration/test_report.py.
#include <gtest/gtest.h>

#include <string>

#include "thidua/thidua.hpp"

namespace {

const char* const policy_text = R"(policy "Kế hoạch <b>&" issuer "Sở Nội vụ" year 2026
single entity Office from office { ready: bool "Đã sẵn sàng" }
entity Member "Thành viên" from members {
  name: text "Họ và tên"
  points: decimal "Điểm"
  active: bool "Đang công tác"
}
award first "Giải nhất" {
  open when Office.ready "Cơ quan đã sẵn sàng"
  for Member { require active rank by points desc at most 1 "Một người" }
}
award second "Giải <nhì>" {
  for Member { require active "Phải đang công tác" rank by points desc at most floor(count(Member) / 2) }
}
precedence first > second
)";

std::string page(const char* data) {
  const auto policy = thidua::Policy::compile(policy_text, "p.thidua");
  return thidua::report_html(thidua::run(policy, thidua::Dataset::from_json(policy, data, "d.json")));
}

const char* const members = R"("members": [
  {"id": "M1", "name": "An <script>", "points": 9, "active": true},
  {"id": "M2", "name": "Bình", "points": 8, "active": true},
  {"id": "M3", "name": "Chi", "points": 8, "active": true},
  {"id": "M4", "name": "Dũng", "points": 7, "active": false}])";

std::string open_page() { return page((std::string(R"({"office": {"ready": true}, )") + members + "}").c_str()); }

TEST(Report, EscapesEveryTextFromThePolicyAndTheData) {
  const auto html = open_page();
  EXPECT_NE(html.find("<h1>Kế hoạch &lt;b&gt;&amp;</h1>"), std::string::npos);
  EXPECT_NE(html.find("<h2>Giải &lt;nhì&gt;</h2>"), std::string::npos);
  EXPECT_NE(html.find("An &lt;script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(Report, NomineesInRankOrderWithTheirRankValues) {
  const auto html = open_page();
  const auto second = html.find("data-award=\"second\"");
  ASSERT_NE(second, std::string::npos);
  // M1 takes the first award; of M2 and M3 (equal) the quota floor(4 / 2) = 2 takes both.
  const auto m2 = html.find("<tr data-id=\"M2\"><td class=\"rank\" data-label=\"Hạng\">1</td>", second);
  const auto m3 = html.find("<tr data-id=\"M3\"><td class=\"rank\" data-label=\"Hạng\">2</td>", second);
  EXPECT_NE(m2, std::string::npos);
  EXPECT_LT(m2, m3);
  EXPECT_NE(html.find("Xếp hạng theo <code>points</code>: 8", second), std::string::npos);
  EXPECT_NE(html.find("Cách tính: <code>floor(count(Member) / 2)</code> với <code>count(Member) = 4</code> = 2.", second),
            std::string::npos);
}

TEST(Report, ReasonsForTheOthers) {
  const auto html = open_page();
  const auto first = html.find("data-award=\"first\"");
  const auto second = html.find("data-award=\"second\"");
  // Outside the quota of the first award: who holds the last place and by how much.
  EXPECT_NE(html.find("Hạng 2; vượt số lượng tối đa 1 (Một người); sau M1 (hạng 1) về <code>points</code>: 8 so "
                      "với 9, kém 1.",
                      first),
            std::string::npos);
  EXPECT_NE(html.find("<li>Chưa đạt: Phải đang công tác</li>", second), std::string::npos);
  EXPECT_NE(html.find("Đã được đề nghị Giải nhất (xét trước).", second), std::string::npos);
}

TEST(Report, AClosedAwardSaysWhy) {
  const auto html = page((std::string(R"({"office": {"ready": false}, )") + members + "}").c_str());
  EXPECT_NE(html.find("<p class=\"closed\">Không xét: điều kiện mở xét chưa đạt — Cơ quan đã sẵn sàng.</p>"),
            std::string::npos);
  EXPECT_NE(html.find("Không có đối tượng nào được đề nghị."), std::string::npos);
}

TEST(Report, ATieAtTheCut) {
  const auto html = page(R"({"office": {"ready": false}, "members": [
    {"id": "M1", "name": "An", "points": 9, "active": true},
    {"id": "M2", "name": "Bình", "points": 9, "active": true},
    {"id": "M3", "name": "Chi", "points": 9, "active": true}]})");
  EXPECT_NE(html.find("<li>Thành viên, từ hạng 1: M1, M2, M3 bằng nhau trên mọi tiêu chí xếp hạng; được chọn: M1 — "
                      "phân định theo thứ tự mã.</li>"),
            std::string::npos);
}

TEST(Report, AScoringSheetBestTotalFirstWithItsItems) {
  const auto policy = thidua::Policy::compile(R"(policy "Chấm điểm"
entity Unit "Tập thể" from units {
  name: text "Tên"
  done: decimal "Tỷ lệ hoàn thành"
  surveyed: bool "Có khảo sát"
  satisfied: decimal "Tỷ lệ hài lòng"
}
sheet diem "Bảng <điểm>" for Unit out of 100 rounding 2 {
  section viec "Công việc" out of 80 {
    item hoan_thanh "Hoàn thành" out of 80 { proportional done }
  }
  section hai_long "Hài lòng" out of 20 when surveyed {
    item ty_le "Tỷ lệ hài lòng" out of 20 { proportional satisfied }
  }
}
award khen "Khen" { for Unit { require diem >= 50 "Từ 50 điểm" } }
)",
                                              "sheet.thidua");
  const auto html = thidua::report_html(thidua::run(policy, thidua::Dataset::from_json(policy, R"({"units": [
    {"id": "A", "name": "Phòng A", "done": 0.5, "surveyed": true, "satisfied": 1},
    {"id": "B", "name": "Phòng B", "done": 0.9, "surveyed": false, "satisfied": 0}]})",
                                                                                      "d.json")));
  const auto sheet = html.find("<section class=\"sheet\" id=\"sheet-diem\" data-sheet=\"diem\">\n<h2>Bảng &lt;điểm&gt;</h2>");
  ASSERT_NE(sheet, std::string::npos);
  EXPECT_LT(sheet, html.find("data-award=\"khen\""));  // the points come before the awards they feed
  EXPECT_NE(html.find("<th>Công việc (80)</th><th>Hài lòng (20)</th><th>Tổng điểm</th>", sheet), std::string::npos);
  // B: 72 of the 80 applicable points, brought to the scale of 100 = 90, ahead of A's 40 + 20.
  const auto b = html.find("<tr data-id=\"B\"><td data-label=\"Mã\">B</td><td data-label=\"Tên\">Phòng B</td>"
                           "<td data-label=\"Công việc\">72</td><td data-label=\"Hài lòng\">không áp dụng</td>"
                           "<td class=\"total\" data-label=\"Tổng điểm\"><strong>90</strong> <span class=\"muted\">(quy đổi "
                           "từ 72/80)</span></td></tr>",
                           sheet);
  const auto a = html.find("<tr data-id=\"A\"><td data-label=\"Mã\">A</td><td data-label=\"Tên\">Phòng A</td>"
                           "<td data-label=\"Công việc\">40</td><td data-label=\"Hài lòng\">20</td>"
                           "<td class=\"total\" data-label=\"Tổng điểm\"><strong>60</strong></td></tr>",
                           sheet);
  EXPECT_NE(b, std::string::npos);
  EXPECT_LT(b, a);
  EXPECT_NE(html.find("<details data-id=\"A\"><summary>Chi tiết điểm của A — Phòng A</summary>", sheet), std::string::npos);
  EXPECT_NE(html.find("<td data-label=\"Tiêu chí\">Hoàn thành</td><td data-label=\"Căn cứ\">done = 0.5 × 80</td>"
                      "<td data-label=\"Điểm\">40 / 80</td>",
                      sheet),
            std::string::npos);
}

}  // namespace
