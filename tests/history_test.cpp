// History over years: `review_year`, `consecutive_years(...)`, `last_years(...)`, and the
// year under review given by the run instead of the policy's header.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "thidua/thidua.hpp"

namespace {

constexpr const char* entities = R"(
scale XepLoai { xuat_sac "Hoàn thành xuất sắc nhiệm vụ" tot "Hoàn thành tốt nhiệm vụ" hoan_thanh "Hoàn thành nhiệm vụ" }
entity Person from persons {
  history = Year where person == this
}
entity Year from history {
  person: Person
  year: int
  rating: XepLoai
  cstdcs: bool
}
)";

std::string policy_text(const std::string& header, const std::string& awards) {
  return "policy \"Lịch sử\"" + header + entities + awards;
}

constexpr const char* awards = R"(
award streak2 { for Person { require consecutive_years(history, cstdcs, review_year - 1) >= 2 } }
award five { for Person {
  require consecutive_years(history, rating >= tot) >= 5
  require count(last_years(history, 5) where cstdcs) >= 3
} }
)";

// P1: rated tot or better 2021-2025, CSTĐCS in 2021, 2022, 2024.
// P2: CSTĐCS in 2023 and 2024 only.
constexpr const char* data_text = R"({"persons": [{"id": "P1"}, {"id": "P2"}], "history": [
  {"id": "P1-2021", "person": "P1", "year": 2021, "rating": "tot", "cstdcs": true},
  {"id": "P1-2022", "person": "P1", "year": 2022, "rating": "xuat_sac", "cstdcs": true},
  {"id": "P1-2023", "person": "P1", "year": 2023, "rating": "tot", "cstdcs": false},
  {"id": "P1-2024", "person": "P1", "year": 2024, "rating": "tot", "cstdcs": true},
  {"id": "P1-2025", "person": "P1", "year": 2025, "rating": "tot", "cstdcs": false},
  {"id": "P2-2023", "person": "P2", "year": 2023, "rating": "hoan_thanh", "cstdcs": true},
  {"id": "P2-2024", "person": "P2", "year": 2024, "rating": "tot", "cstdcs": true}
]})";

TEST(History, CountsConsecutiveYearsEndingWithTheYearUnderReview) {
  const auto policy = thidua::Policy::compile(policy_text(" year 2025", awards), "p.thidua");
  const auto data = thidua::Dataset::from_json(policy, data_text, "d.json");
  const auto result = thidua::run(policy, data);
  EXPECT_EQ(result.selected("streak2"), std::vector<std::string>{"P2"});  // 2024 and 2023
  EXPECT_EQ(result.selected("five"), std::vector<std::string>{"P1"});
  const std::string p1 = result.explain("P1", thidua::Language::en);
  EXPECT_NE(p1.find("consecutive_years(history, cstdcs, review_year - 1) = 1"), std::string::npos) << p1;
  EXPECT_NE(p1.find("last_years(history, 5) where cstdcs = [P1-2021, P1-2022, P1-2024]"), std::string::npos) << p1;
}

TEST(History, TheRunMayGiveAnotherYearUnderReview) {
  const auto policy = thidua::Policy::compile(policy_text(" year 2025", awards), "p.thidua");
  const auto data = thidua::Dataset::from_json(policy, data_text, "d.json");
  // Reviewing 2023: P1's 2021-2022 are CSTĐCS years in a row before it; nobody has five years.
  const auto result = thidua::run(policy, data, thidua::RunOptions{2023});
  EXPECT_EQ(result.selected("streak2"), std::vector<std::string>{"P1"});
  EXPECT_TRUE(result.selected("five").empty());
  EXPECT_NE(result.explain("P1", thidua::Language::en).find("review_year - 1) = 2"), std::string::npos);
  // The result says which year was under review; without --year it says nothing more.
  EXPECT_EQ(result.to_json()["policy"]["review_year"], 2023);
  EXPECT_FALSE(thidua::run(policy, data).to_json()["policy"].contains("review_year"));
}

TEST(History, WithoutAYearUnderReviewTheRunStops) {
  const auto policy = thidua::Policy::compile(policy_text("", awards), "p.thidua");
  const auto data = thidua::Dataset::from_json(policy, data_text, "d.json");
  try {
    thidua::run(policy, data);
    FAIL() << "expected the run to stop";
  } catch (const thidua::Error& e) {
    EXPECT_NE(std::string(e.what()).find("the year under review is not known: give it as 'year' in the policy's "
                                         "header or with the run (--year)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(thidua::run(policy, data, thidua::RunOptions{2025}).selected("five"), std::vector<std::string>{"P1"});
}

std::vector<std::string> errors(const std::string& award_lines) {
  try {
    thidua::Policy::compile(policy_text(" year 2025", award_lines), "p.thidua");
  } catch (const thidua::PolicyError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) out.push_back(d.message);
    return out;
  }
  return {};
}

struct ErrorCase {
  const char* name;
  const char* award;
  std::vector<std::string> expected;
};

class HistoryErrors : public testing::TestWithParam<ErrorCase> {};

TEST_P(HistoryErrors, AreReportedExactly) { EXPECT_EQ(errors(GetParam().award), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    History, HistoryErrors,
    testing::Values(
        ErrorCase{"through_a_relation_is_fine", "award a { for Year { require consecutive_years(person.history, cstdcs) > 1 } }",
                  {}},
        ErrorCase{"a_set_of_records_without_year",
                  "award a { for Person { require consecutive_years(Person, true) > 1 } }",
                  {"consecutive_years() needs records with an int field 'year', and Person has none"}},
        ErrorCase{"not_a_set", "award a { for Person { require last_years(review_year, 2) == history } }",
                  {"last_years() needs a set of records, but this is a whole number"}},
        ErrorCase{"the_wrong_number_of_arguments", "award a { for Person { require consecutive_years(history) > 1 } }",
                  {"consecutive_years() takes a set of yearly records, a condition and optionally the last year"}},
        ErrorCase{"a_year_that_is_not_whole",
                  "award a { for Person { require consecutive_years(history, cstdcs, review_year / 2) > 1 } }",
                  {"a year or a number of years is a whole number, but this is a decimal"}},
        ErrorCase{"a_condition_is_needed",
                  "award a { for Person { require consecutive_years(history, rating) > 1 } }",
                  {"expected a condition (true or false), but this is a value of XepLoai"}}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
