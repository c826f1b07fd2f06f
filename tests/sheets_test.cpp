// Scoring sheets (docs/sheets.md): the points of every rule, rescaling, bonuses and their cap,
// verified points, in the result's "scores" member and in explanations. The examples'
// sample cases (examples/*/cases) check more totals; docs/errors.md every error.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "thidua/thidua.hpp"

namespace {

using json = nlohmann::ordered_json;

const char* const policy_text = R"(policy "Bảng điểm thử"
entity Unit from units {
  plan: enum { dung_han "Đúng hạn", tre_han "Trễ hạn", khong "Không ban hành" }
  done_share: decimal
  on_time: int
  received: int
  late_reports: int
  meetings: int
  surveyed: bool
  satisfaction: decimal
  flag: bool
  plan_checked: decimal?
}
sheet cchc "Bảng điểm" for Unit out of 100 up to 105 rounding 2 {
  section a "Chỉ đạo" out of 30 {
    item ke_hoach "Kế hoạch" out of 1 verified plan_checked {
      when plan == dung_han: 1 "Đúng hạn"
      when plan == tre_han: 0.5 "Trễ hạn"
      otherwise: 0 "Không ban hành"
    }
    item thuc_hien "Thực hiện" out of 2 {
      bands done_share within >= 0, <= 100% {
        > 90%: 2 "Trên 90%"
        >= 70%, <= 90%: 1 "Từ 70% đến 90%"
        < 70%: 0 "Dưới 70%"
      }
    }
    item hop "Họp" out of 20 { bands meetings within >= 0 { >= 4: 20; 3: 15; 2: 10; 1: 5; 0: 0 } }
    item bao_cao "Báo cáo" out of 7 { deduct 0.5 per late_reports not below 0 }
  }
  section b "Hồ sơ" out of 50 {
    item dung_han "Đúng hạn" out of 50 { proportional on_time / received }
  }
  section c "Hài lòng" out of 20 when surveyed {
    item hl "Hài lòng" out of 20 { proportional satisfaction }
  }
  bonus co "Cờ" out of 10 { when flag: 10 otherwise: 0 }
}
award x "Khen" { for Unit { require cchc >= 50 and cchc.a >= 10 rank by cchc desc } }
)";

// A: 0.5 verified for a plan on time; 0.95 done; 3 meetings; 3 late reports; 9/11 on time;
//    surveyed, 87.6% satisfied; a flag.
// B: late plan; exactly 90% done; 5 meetings; 30 late reports; 10/10; no survey; no flag.
// C: A's figures with every dossier on time and full satisfaction, for the cap.
const char* const data_text = R"({"units": [
 {"id": "A", "plan": "dung_han", "done_share": 0.95, "on_time": 9, "received": 11, "late_reports": 3,
  "meetings": 3, "surveyed": true, "satisfaction": 0.876, "flag": true, "plan_checked": 0.5},
 {"id": "B", "plan": "tre_han", "done_share": 0.9, "on_time": 10, "received": 10, "late_reports": 30,
  "meetings": 5, "surveyed": false, "satisfaction": 0, "flag": false},
 {"id": "C", "plan": "dung_han", "done_share": 1, "on_time": 10, "received": 10, "late_reports": 0,
  "meetings": 4, "surveyed": true, "satisfaction": 1, "flag": true}
]})";

class Sheets : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto policy = thidua::Policy::compile(policy_text, "sheet.thidua");
    const auto data = thidua::Dataset::from_json(policy, data_text, "data.json");
    const auto result = thidua::run(policy, data);
    scores_ = new json(result.to_json().at("scores").at("cchc"));
    explanation_ = new std::string(result.explain("B", thidua::Language::en));
  }
  static const json& unit(const char* id) { return scores_->at("candidates").at(id); }
  static json* scores_;
  static std::string* explanation_;
};
json* Sheets::scores_ = nullptr;
std::string* Sheets::explanation_ = nullptr;

TEST_F(Sheets, DescribeTheSheet) {
  EXPECT_EQ(scores_->at("label"), "Bảng điểm");
  EXPECT_EQ(scores_->at("entity"), "Unit");
  EXPECT_EQ(scores_->at("out_of"), "100");
  EXPECT_EQ(scores_->at("up_to"), "105");
}

TEST_F(Sheets, BandsGiveTheRowHoldingTheValue) {
  EXPECT_EQ(unit("A").at("parts").at("thuc_hien").at("points"), "2");
  EXPECT_EQ(unit("A").at("parts").at("thuc_hien").at("row"), "Trên 90%");
  // Exactly 90% is in the band from 70% to 90% inclusive.
  EXPECT_EQ(unit("B").at("parts").at("thuc_hien").at("points"), "1");
  EXPECT_EQ(unit("B").at("parts").at("thuc_hien").at("value"), "0.9");
  // Counts: 3 meetings give 15; 5 meetings, in ">= 4", give 20.
  EXPECT_EQ(unit("A").at("parts").at("hop").at("points"), "15");
  EXPECT_EQ(unit("B").at("parts").at("hop").at("row"), ">= 4");
}

TEST_F(Sheets, DeductionsStopAtTheFloor) {
  EXPECT_EQ(unit("A").at("parts").at("bao_cao").at("points"), "5.5");  // 7 - 3 × 0.5
  EXPECT_EQ(unit("B").at("parts").at("bao_cao").at("points"), "0");    // 7 - 30 × 0.5 < 0
  EXPECT_TRUE(unit("B").at("parts").at("bao_cao").at("capped").get<bool>());
  EXPECT_FALSE(unit("A").at("parts").at("bao_cao").contains("capped"));
}

TEST_F(Sheets, ProportionalPointsAreExactThenRounded) {
  // 9/11 × 50 = 40.909..., rounded to 2 decimals; the ratio itself stays exact.
  EXPECT_EQ(unit("A").at("parts").at("dung_han").at("points"), "40.91");
  EXPECT_EQ(unit("A").at("parts").at("dung_han").at("value"), "9/11");
  EXPECT_EQ(unit("A").at("parts").at("hl").at("points"), "17.52");  // 0.876 × 20
}

TEST_F(Sheets, VerifiedPointsCountAndDifferencesAreListed) {
  const auto& plan = unit("A").at("parts").at("ke_hoach");
  EXPECT_EQ(plan.at("points"), "0.5");
  EXPECT_EQ(plan.at("self_assessed"), "1");
  EXPECT_EQ(plan.at("verified"), "0.5");
  EXPECT_EQ(unit("A").at("differences"), json::array({"ke_hoach"}));
  // Without verified points: the computed points, and no differences.
  EXPECT_FALSE(unit("B").at("parts").at("ke_hoach").contains("verified"));
  EXPECT_FALSE(unit("B").contains("differences"));
}

TEST_F(Sheets, SectionsAndTotalAddUp) {
  // A: 0.5 + 2 + 15 + 5.5 = 23; 40.91; 17.52; bonus 10: 23 + 40.91 + 17.52 + 10 = 91.43.
  EXPECT_EQ(unit("A").at("parts").at("a").at("points"), "23");
  EXPECT_EQ(unit("A").at("bonuses"), "10");
  EXPECT_EQ(unit("A").at("total"), "91.43");
  EXPECT_FALSE(unit("A").contains("rescaled"));
}

TEST_F(Sheets, ANotApplicableSectionIsRescaled) {
  // B: 0.5 + 1 + 20 + 0 = 21.5, and 50: 71.5 of 80 applicable, × 100/80 = 89.375 → 89.38.
  EXPECT_FALSE(unit("B").at("parts").at("c").at("applicable").get<bool>());
  EXPECT_FALSE(unit("B").at("parts").at("hl").at("applicable").get<bool>());
  EXPECT_FALSE(unit("B").at("parts").at("hl").contains("points"));
  EXPECT_EQ(unit("B").at("rescaled"), json({{"points", "71.5"}, {"out_of", "80"}, {"to", "89.38"}}));
  EXPECT_EQ(unit("B").at("total"), "89.38");
}

TEST_F(Sheets, BonusesStopAtTheSheetsCap) {
  // C: 100 and a bonus of 10, capped at "up to 105".
  EXPECT_EQ(unit("C").at("total"), "105");
  EXPECT_EQ(unit("C").at("capped_at"), "105");
}

TEST_F(Sheets, ExplanationShowsTheSheetAsATable) {
  EXPECT_NE(explanation_->find("Bảng điểm [cchc]: 89.38/100\n"
                               "    Part         Max  Points  Basis\n"
                               "    Chỉ đạo       30    21.5\n"
                               "      Kế hoạch     1     0.5  Trễ hạn\n"
                               "      Thực hiện    2       1  done_share = 0.9: Từ 70% đến 90%\n"),
            std::string::npos)
      << *explanation_;
  EXPECT_NE(explanation_->find("    Total        100   89.38  rescaled 71.5/80 to the scale of 100 = 89.38\n"),
            std::string::npos)
      << *explanation_;
  // The condition on the sheet shows its points.
  EXPECT_NE(explanation_->find("(cchc = 89.38; cchc.a = 21.5)"), std::string::npos) << *explanation_;
}

TEST(SheetsRanking, TheTotalRanksTheCandidates) {
  const auto policy = thidua::Policy::compile(policy_text, "sheet.thidua");
  const auto data = thidua::Dataset::from_json(policy, data_text, "data.json");
  EXPECT_EQ(thidua::run(policy, data).selected("x"), (std::vector<std::string>{"C", "A", "B"}));
}

}  // namespace
