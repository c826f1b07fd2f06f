// Decision tables (`first { when ... then ... otherwise ... }`): the checker's coverage
// analysis, the value of the first matching row, and the row an explanation names.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "thidua/thidua.hpp"

namespace {

// The messages (English) a policy gets from the checker: its errors, or else its warnings.
std::vector<std::string> messages(const std::string& members) {
  const std::string source = "policy \"Bảng\"\nentity Person from persons {\n  score: int\n  points: decimal\n"
                             "  disciplined: bool\n" + members + "\n}\n";
  try {
    const auto policy = thidua::Policy::compile(source, "p.thidua");
    std::vector<std::string> out;
    for (const auto& d : policy.warnings()) out.push_back("warning: " + d.message);
    return out;
  } catch (const thidua::PolicyError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) out.push_back(d.message);
    return out;
  }
}

struct CoverageCase {
  const char* name;
  const char* members;
  std::vector<std::string> expected;
};

class Coverage : public testing::TestWithParam<CoverageCase> {};

TEST_P(Coverage, ReportsExactly) { EXPECT_EQ(messages(GetParam().members), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    DecisionTable, Coverage,
    testing::Values(
        CoverageCase{"bands_covering_every_int",
                     "b = first { when score >= 90 then 3 when score >= 70 and score < 90 then 2 "
                     "when score >= 50 and score < 70 then 1 when score < 50 then 0 }",
                     {}},
        CoverageCase{"a_gap_between_bands",
                     "b = first { when score >= 90 then 3 when score >= 70 and score < 90 then 2 "
                     "when score < 50 then 0 }",
                     {"no row covers score from 50 to 69; add a row for it or an 'otherwise' row"}},
        CoverageCase{"a_gap_in_decimals",
                     "b = first { when points >= 90 then 3 when points >= 70 and points < 90 then 2 "
                     "when points < 50 then 0 }",
                     {"no row covers points from 50 to under 70; add a row for it or an 'otherwise' row"}},
        CoverageCase{"two_gaps",
                     "b = first { when points > 0 and points < 10 then 1 when points >= 20 then 2 }",
                     {"no row covers points up to 0; add a row for it or an 'otherwise' row",
                      "no row covers points from 10 to under 20; add a row for it or an 'otherwise' row"}},
        CoverageCase{"whole_numbers_leave_no_gap_between_4_and_5",
                     "b = first { when score >= 5 then 1 when score <= 4 then 0 }", {}},
        CoverageCase{"constant_on_the_left", "b = first { when 50 <= score then 1 when 50 > score then 0 }", {}},
        CoverageCase{"a_row_about_something_else_first",
                     "b = first { when disciplined then 0 when score >= 50 then 2 when score < 50 then 1 }", {}},
        CoverageCase{"a_row_about_something_else_does_not_cover",
                     "b = first { when disciplined then 0 when score >= 50 then 2 }",
                     {"no row covers score up to 49; add a row for it or an 'otherwise' row"}},
        CoverageCase{"conditions_not_about_a_number_need_otherwise",
                     "b = first { when disciplined then 0 when not disciplined then 1 }",
                     {"add an 'otherwise' row: these rows do not compare one number with constants, so the checker "
                      "cannot tell that they cover every case"}},
        CoverageCase{"otherwise_covers_the_rest", "b = first { when disciplined then 0 otherwise 1 }", {}},
        CoverageCase{"a_row_taken_by_earlier_rows",
                     "b = first { when score >= 50 then 1 when score >= 90 then 2 when score < 50 then 0 }",
                     {"warning: this row never applies: the rows above it already take every value of score it covers"}},
        CoverageCase{"an_otherwise_never_used",
                     "b = first { when score >= 50 then 1 when score < 50 then 0 otherwise 9 }",
                     {"warning: 'otherwise' never applies: the rows above cover every value of score"}},
        CoverageCase{"values_of_one_kind",
                     "b = first { when score >= 50 then 1 otherwise \"thấp\" }",
                     {"every row of a decision table gives the same kind of value: this row gives text, row 1 gives "
                      "a whole number"}},
        CoverageCase{"an_int_and_a_decimal_mix", "b = first { when score >= 50 then 1 otherwise 0.5 }\n  c = b > 0.7",
                     {}},
        CoverageCase{"a_row_condition_must_be_a_condition",
                     "b = first { when score then 1 otherwise 0 }",
                     {"expected a condition (true or false), but this is a whole number"}}),
    [](const auto& info) { return std::string(info.param.name); });

constexpr const char* rating_policy = R"(policy "Xếp loại"
scale XepLoai {
  xuat_sac "Hoàn thành xuất sắc nhiệm vụ"
  tot "Hoàn thành tốt nhiệm vụ"
  hoan_thanh "Hoàn thành nhiệm vụ"
  khong "Không hoàn thành nhiệm vụ"
}
entity Person from persons {
  score: decimal
  disciplined: bool
  rating = first {
    when disciplined then khong "Bị kỷ luật"
    when score >= 90 then xuat_sac "Từ 90 điểm"
    when score >= 70 and score < 90 then tot "Từ 70 đến dưới 90 điểm"
    when score >= 50 and score < 70 then hoan_thanh
    when score < 50 then khong "Dưới 50 điểm"
  }
  bonus = first { when rating == xuat_sac then 2 when rating == tot then 1 otherwise 0 }
}
award khen "Khen" {
  for Person {
    require rating >= tot "Hoàn thành tốt nhiệm vụ trở lên"
    rank by bonus desc, score desc
  }
}
)";

constexpr const char* rating_data = R"({"persons": [
  {"id": "A", "score": 95, "disciplined": false},
  {"id": "B", "score": 90, "disciplined": true},
  {"id": "C", "score": 70, "disciplined": false},
  {"id": "D", "score": 69.5, "disciplined": false},
  {"id": "E", "score": 49, "disciplined": false}
]})";

TEST(DecisionTable, TheFirstMatchingRowGivesTheValue) {
  const auto policy = thidua::Policy::compile(rating_policy, "p.thidua");
  const auto data = thidua::Dataset::from_json(policy, rating_data, "d.json");
  const auto result = thidua::run(policy, data);
  EXPECT_EQ(result.selected("khen"), (std::vector<std::string>{"A", "C"}));
  EXPECT_EQ(result.status("B", "khen"), thidua::Status::ineligible);  // disciplined: the first row wins
  EXPECT_EQ(result.status("D", "khen"), thidua::Status::ineligible);
}

TEST(DecisionTable, TheExplanationNamesTheRowThatDecided) {
  const auto policy = thidua::Policy::compile(rating_policy, "p.thidua");
  const auto data = thidua::Dataset::from_json(policy, rating_data, "d.json");
  const auto result = thidua::run(policy, data);
  const std::string c = result.explain("C", thidua::Language::en);
  EXPECT_NE(c.find("rating = Hoàn thành tốt nhiệm vụ by the row \"Từ 70 đến dưới 90 điểm\""), std::string::npos) << c;
  const std::string b = result.explain("B", thidua::Language::vi);
  EXPECT_NE(b.find("rating = Không hoàn thành nhiệm vụ theo dòng \"Bị kỷ luật\""), std::string::npos) << b;
  // A row without a label is named by its condition.
  const std::string d = result.explain("D", thidua::Language::en);
  EXPECT_NE(d.find("by the row \"score >= 50 and score < 70\""), std::string::npos) << d;
}

}  // namespace
