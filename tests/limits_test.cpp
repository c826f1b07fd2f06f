// thidua::Limits: every bound is configurable, applies to the policy, its data and its runs,
// and is reported as an error in the one format, never as a crash.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "thidua/thidua.hpp"

namespace {

using thidua::Language;
using thidua::Limits;

constexpr const char* base = R"(policy "Giới hạn"
entity Person from persons {
  score: decimal
  titles: set of text
}
)";

std::string nested(int depth) {
  return "award a { for Person { require score > " + std::string(static_cast<std::size_t>(depth), '(') + "1" +
         std::string(static_cast<std::size_t>(depth), ')') + " } }\n";
}

std::string policy_error(const std::string& source, const Limits& limits, Language language = Language::en) {
  try {
    thidua::Policy::compile(source, "p.thidua", limits);
  } catch (const thidua::PolicyError& e) {
    return e.message(language);
  }
  return "";
}

std::string data_error(const thidua::Policy& policy, const std::string& json, Language language = Language::en) {
  try {
    thidua::Dataset::from_json(policy, json, "d.json");
  } catch (const thidua::DataError& e) {
    return e.message(language);
  }
  return "";
}

TEST(Limits, ExpressionDepthCanBeLowered) {
  Limits limits;
  limits.expression_depth = 8;
  EXPECT_EQ(policy_error(std::string(base) + nested(7), limits), "");
  const auto message = policy_error(std::string(base) + nested(9), limits);
  EXPECT_NE(message.find("p.thidua:6:49: error: expression nested too deeply (limit 8)\n"), std::string::npos)
      << message;
  EXPECT_NE(policy_error(std::string(base) + nested(9), limits, Language::vi)
                .find("lỗi: biểu thức lồng nhau quá sâu (tối đa 8 mức)"),
            std::string::npos);
}

TEST(Limits, ExpressionDepthCanBeRaisedAndTheStackFollows) {
  EXPECT_NE(policy_error(std::string(base) + nested(1000), Limits{}).find("(limit 256)"), std::string::npos);
  Limits limits;
  limits.expression_depth = 1024;
  EXPECT_EQ(policy_error(std::string(base) + nested(1000), limits), "");
}

TEST(Limits, ExpressionDepthOutsideItsRangeIsAProgrammingError) {
  for (const int depth : {0, -1, Limits::max_expression_depth + 1}) {
    Limits limits;
    limits.expression_depth = depth;
    EXPECT_THROW(thidua::Policy::compile(base, "p.thidua", limits), std::invalid_argument) << depth;
  }
}

TEST(Limits, PolicySize) {
  Limits limits;
  limits.policy_bytes = 40;
  const std::string source = std::string(base) + "award a { for Person { require score > 1 } }\n";
  EXPECT_EQ(policy_error(source, limits),
            "p.thidua: error: the policy is " + std::to_string(source.size()) + " bytes, more than the limit of 40\n");
  EXPECT_EQ(policy_error(source, limits, Language::vi),
            "p.thidua: lỗi: chính sách dài " + std::to_string(source.size()) + " byte, vượt giới hạn 40 byte\n");
}

TEST(Limits, JsonDepthDataSizeAndReportedIssuesComeWithThePolicy) {
  const std::string source = std::string(base) + "award a { for Person { require score > 1 } }\n";
  Limits limits;
  limits.json_depth = 3;  // the top object, the list, a record
  const auto shallow = thidua::Policy::compile(source, "p.thidua", limits);
  EXPECT_EQ(shallow.limits().json_depth, 3);
  EXPECT_EQ(data_error(shallow, R"({"persons": [{"id": "A", "score": 1, "titles": []}]})"),
            "d.json: /persons/0/titles: nesting deeper than 3 levels; the rest of the input was not read\n");

  limits = Limits{};
  limits.reported_issues = 2;
  const auto terse = thidua::Policy::compile(source, "p.thidua", limits);
  EXPECT_EQ(data_error(terse, R"({"persons": [{"id": "A", "score": "x", "titles": 1},
                                              {"id": "B", "score": "y", "titles": []}]})"),
            "d.json: /persons/0/score: expected a decimal, got \"x\"\n"
            "d.json: /persons/0/titles: expected an array of text, got 1\n"
            "d.json: … and 1 more problem\n");

  limits = Limits{};
  limits.data_bytes = 20;
  const auto small = thidua::Policy::compile(source, "p.thidua", limits);
  const std::string json = R"({"persons": []})" "                ";
  EXPECT_EQ(data_error(small, json),
            "d.json: the data is " + std::to_string(json.size()) + " bytes, more than the limit of 20\n");
  EXPECT_EQ(data_error(small, json, Language::vi),
            "d.json: dữ liệu dài " + std::to_string(json.size()) + " byte, vượt giới hạn 20 byte\n");
}

// Five crossing caps and a lower bound (no one of them left out lets the others nest in two
// families): the optimizer's exact search. With no work allowed
// it cannot prove its selection the best, and the result says so; with the default it can.
TEST(Limits, OptimizerWorkBoundsTheSearchAndTheResultSaysSo) {
  const std::string source = R"(policy "Ngân sách tìm kiếm"
entity Person from persons {
  score: decimal
  a: bool
  b: bool
  c: bool
}
award khen {
  for Person {
    rank by score desc
    at most 3
    at most 1 where a
    at most 1 where b
    at most 1 where c
    at least 2 where a or b
    at most 2 where b or c
    at most 2 where a or c
  }
}
)";
  std::string json = R"({"persons": [)";
  const char* flags[] = {"true", "false"};
  for (int i = 0; i < 12; ++i)
    json += std::string(i ? "," : "") + R"({"id": "P)" + std::to_string(10 + i) + R"(", "score": )" +
            std::to_string(100 - i) + R"(, "a": )" + flags[i % 2] + R"(, "b": )" + flags[(i / 2) % 2] +
            R"(, "c": )" + flags[(i / 4) % 2] + "}";
  json += "]}";
  const auto proven_with = [&](std::uint64_t work) {
    Limits limits;
    limits.optimizer_work = work;
    const auto policy = thidua::Policy::compile(source, "p.thidua", limits);
    const auto result = thidua::run(policy, thidua::Dataset::from_json(policy, json, "d.json"));
    return result.to_json_string().find("\"optimal\": false") == std::string::npos;
  };
  EXPECT_FALSE(proven_with(0));
  EXPECT_TRUE(proven_with(Limits{}.optimizer_work));
}

}  // namespace
