// Whole runs: the example's result as a golden file, input order independence, and the
// evaluation semantics on small policies.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "thidua/thidua.hpp"

namespace {

using json = nlohmann::ordered_json;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string example_dir = THIDUA_SOURCE_DIR "/examples/an-giang-2026/";

json run_example(const std::string& data_text) {
  const auto policy = thidua::Policy::load(example_dir + "policy.thidua");
  const auto data = thidua::Dataset::from_json(policy, data_text, "data.json");
  return thidua::run(policy, data).to_json();
}

TEST(Example, MatchesTheGoldenResult) {
  // Named as from the repository's root, so the golden file does not depend on where it runs.
  const auto policy = thidua::Policy::compile(slurp(example_dir + "policy.thidua"), "examples/an-giang-2026/policy.thidua");
  const auto data = thidua::Dataset::from_json(policy, slurp(example_dir + "data.json"), "examples/an-giang-2026/data.json");
  const auto actual = thidua::run(policy, data).to_json_string(2);
  const std::string golden_path = THIDUA_TEST_DIR "/golden/an-giang-2026.result.json";
  if (std::getenv("THIDUA_UPDATE_GOLDEN")) std::ofstream(golden_path, std::ios::binary) << actual;
  EXPECT_EQ(actual, slurp(golden_path)) << "regenerate with THIDUA_UPDATE_GOLDEN=1 after checking the change";
}

// --no-candidates and --compact: the same document less its per-candidate members, written
// at the indent asked for. The scoring example has "scores" too.
struct WrittenAs {
  const char* example;
  int indent;
};
class ResultWithoutCandidates : public testing::TestWithParam<WrittenAs> {};

TEST_P(ResultWithoutCandidates, IsTheWholeResultLessCandidatesAndScores) {
  const std::string dir = THIDUA_SOURCE_DIR "/examples/" + std::string(GetParam().example) + "/";
  const auto policy = thidua::Policy::load(dir + "policy.thidua");
  const auto result = thidua::run(policy, thidua::Dataset::load_json(policy, dir + "data.json"));
  auto expected = result.to_json();
  ASSERT_TRUE(expected.contains("candidates"));
  expected.erase("candidates");
  expected.erase("scores");
  const thidua::JsonOptions options{.indent = GetParam().indent, .candidates = false};
  EXPECT_EQ(result.to_json_string(options), expected.dump(GetParam().indent) + "\n");
  std::ostringstream streamed;
  result.write_json(streamed, options);
  EXPECT_EQ(streamed.str(), result.to_json_string(options));
}

INSTANTIATE_TEST_SUITE_P(Examples, ResultWithoutCandidates,
                         testing::Values(WrittenAs{"an-giang-2026", 2}, WrittenAs{"an-giang-2026", -1},
                                         WrittenAs{"an-giang-2026-scoring", 2}, WrittenAs{"an-giang-2026-scoring", -1}),
                         [](const testing::TestParamInfo<WrittenAs>& info) {
                           std::string name = info.param.example;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name + (info.param.indent < 0 ? "_compact" : "_indented");
                         });

TEST(Result, CompactIsTheIndentedTextOnOneLine) {
  const auto policy = thidua::Policy::load(example_dir + "policy.thidua");
  const auto result = thidua::run(policy, thidua::Dataset::load_json(policy, example_dir + "data.json"));
  const auto compact = result.to_json_string(thidua::JsonOptions{.indent = -1});
  EXPECT_EQ(std::count(compact.begin(), compact.end(), '\n'), 1);
  EXPECT_EQ(json::parse(compact), json::parse(result.to_json_string(2)));
}

TEST(Example, GivesTheSameResultForEveryInputOrder) {
  const std::string text = slurp(example_dir + "data.json");
  auto expected = run_example(text);
  expected.erase("data");
  std::mt19937 random(2026);
  for (int round = 0; round < 20; ++round) {
    auto data = json::parse(text);
    std::shuffle(data["units"].begin(), data["units"].end(), random);
    std::shuffle(data["persons"].begin(), data["persons"].end(), random);
    auto actual = run_example(data.dump());
    actual.erase("data");  // the data's hash changes with its order; nothing else may
    ASSERT_EQ(actual, expected) << "round " << round;
  }
}

// ---- semantics on small policies

constexpr const char* small_policy = R"(policy "Nhỏ"
scale Rating { xuat_sac "Xuất sắc" tot "Tốt" kha "Khá" }
single entity Board from board { par_index: Rating }
entity Unit from units { rating: Rating  score: decimal  members = Person where unit == this }
entity Person from persons {
  unit: Unit
  ok: bool "Đạt"
  titles: set of text
  score: decimal
}
award top "Giải" {
  open when Board.par_index >= tot "Ban đạt loại Tốt trở lên"
  for Person {
    require ok
    require "Lao động tiên tiến" in titles "Đạt LĐTT"
    rank by score desc
    at most floor(40% * count(Person)) "Không quá 40%"
  }
  for Unit {
    require rating >= tot
    require no members where not ok "Không ai không đạt"
    rank by score
    at most 1
  }
}
award second "Giải nhì" {
  for Person { require ok  rank by score desc }
}
precedence top > second
)";

struct Person {
  std::string id, unit;
  bool ok;
  std::vector<std::string> titles;
  std::string score;
};

std::string dataset(const std::string& par, const std::vector<Person>& persons) {
  std::string out = R"({"board": {"par_index": ")" + par + R"("}, "units": [
    {"id": "U1", "rating": "Tốt", "score": 90}, {"id": "U2", "rating": "kha", "score": 95}], "persons": [)";
  for (std::size_t i = 0; i < persons.size(); ++i) {
    const auto& p = persons[i];
    out += (i ? "," : "") + std::string(R"({"id": ")") + p.id + R"(", "unit": ")" + p.unit + R"(", "ok": )" +
           (p.ok ? "true" : "false") + R"(, "titles": [)";
    for (std::size_t t = 0; t < p.titles.size(); ++t) out += (t ? ",\"" : "\"") + p.titles[t] + "\"";
    out += R"(], "score": )" + p.score + "}";
  }
  return out + "]}";
}

json run_small(const std::string& data) {
  const auto policy = thidua::Policy::compile(small_policy, "small.thidua");
  return thidua::run(policy, thidua::Dataset::from_json(policy, data)).to_json();
}

const std::string ldtt = "Lao động tiên tiến";
// The same title decomposed (NFD), as text often arrives.
const std::string ldtt_nfd = "Lao \xC4\x91o\xCC\xA3\xCC\x82ng tie\xCC\x82n tie\xCC\x82\xCC\x81n";

TEST(Semantics, RanksCutsAndReportsATieAtTheCut) {
  // 5 persons: quota floor(40% × 5) = 2. P2 and P3 tie at the cut: P2 wins by id.
  const auto r = run_small(dataset("Xuất sắc", {{"P1", "U1", true, {ldtt}, "99"},
                                                {"P3", "U1", true, {ldtt}, "90.50"},
                                                {"P2", "U1", true, {ldtt}, "90.5"},
                                                {"P4", "U2", true, {}, "100"},
                                                {"P5", "U2", false, {ldtt}, "100"}}));
  const auto& top = r["awards"]["top"];
  ASSERT_EQ(top["selected"].size(), 3u);
  EXPECT_EQ(top["selected"][0]["id"], "P1");
  EXPECT_EQ(top["selected"][1]["id"], "U1");  // rank 1 of the Unit block follows rank 1 of Person
  EXPECT_EQ(top["selected"][2]["id"], "P2");
  EXPECT_EQ(top["ties"], json::parse(R"([{"entity":"Person","ids":["P2","P3"],"selected":["P2"],"rank":2,"resolved_by":"id"}])"));
  EXPECT_EQ(r["candidates"]["P3"]["top"], json::parse(R"({"status":"not_selected","rank":3,"quota":"2","quota_label":"Không quá 40%","taken":2,
                            "cut":{"id":"P2","rank":2,"decided_by":"id"}})"));
  EXPECT_EQ(r["candidates"]["P4"]["top"]["status"], "ineligible");
  EXPECT_EQ(r["candidates"]["P4"]["top"]["failed"][0]["label"], "Đạt LĐTT");
  EXPECT_EQ(r["candidates"]["P5"]["top"]["failed"][0]["label"], "Đạt");
  // U2 is rated Khá and has a member who is not ok: both reasons are listed.
  EXPECT_EQ(r["candidates"]["U2"]["top"]["failed"].size(), 2u);
  // Precedence: the recipients of `top` are excluded from `second`.
  EXPECT_EQ(r["candidates"]["P1"]["second"], json::parse(R"({"status":"excluded","by":"top","by_label":"Giải"})"));
  EXPECT_EQ(r["candidates"]["P3"]["second"]["status"], "selected");
}

TEST(Semantics, AClosedAwardSelectsNobodyAndSaysWhy) {
  const auto r = run_small(dataset("kha", {{"P1", "U1", true, {ldtt}, "99"}}));
  EXPECT_EQ(r["awards"]["top"]["open"], false);
  EXPECT_EQ(r["awards"]["top"]["selected"], json::array());
  EXPECT_EQ(r["candidates"]["P1"]["top"], json::parse(R"({"status":"closed","reason":"Ban đạt loại Tốt trở lên"})"));
  EXPECT_EQ(r["candidates"]["P1"]["second"]["status"], "selected");
}

TEST(Semantics, ComparesDecomposedTextAfterNormalisation) {
  const auto r = run_small(dataset("Xuất sắc", {{"P1", "U1", true, {ldtt_nfd}, "99"}}));
  EXPECT_EQ(r["candidates"]["P1"]["top"]["status"], "not_selected");  // floor(40% × 1) = 0
  EXPECT_EQ(r["candidates"]["P1"]["top"]["quota"], "0");
}

TEST(Semantics, ReadsDecimalsExactly) {
  // 0.1 + 0.2 style traps: 92.75000000000000001 is greater than 92.75.
  const auto r = run_small(dataset("Xuất sắc", {{"P1", "U1", true, {ldtt}, "92.75"},
                                                {"P2", "U1", true, {ldtt}, "92.75000000000000001"},
                                                {"P3", "U1", true, {ldtt}, "1"},
                                                {"P4", "U1", true, {ldtt}, "1"},
                                                {"P5", "U1", true, {ldtt}, "1"}}));
  EXPECT_EQ(r["awards"]["top"]["selected"][0]["id"], "P2");
  EXPECT_EQ(r["awards"]["top"]["ties"], json::array());
}

TEST(Result, ExplainsACandidateWithLabelsAndValues) {
  const auto policy = thidua::Policy::compile(small_policy, "small.thidua");
  const auto data = thidua::Dataset::from_json(policy, dataset("Xuất sắc", {{"P1", "U1", true, {}, "99"}}));
  const auto result = thidua::run(policy, data);
  EXPECT_EQ(result.status("P1", "top"), thidua::Status::ineligible);
  EXPECT_EQ(result.selected("second"), (std::vector<std::string>{"P1"}));
  const auto text = result.explain("P1");
  EXPECT_NE(text.find("✗ Đạt LĐTT  [\"Lao động tiên tiến\" in titles]  (titles = [])"), std::string::npos) << text;
  EXPECT_NE(text.find("✓ Đạt  (ok = true)"), std::string::npos) << text;
  EXPECT_THROW(result.explain("nobody"), std::out_of_range);
  EXPECT_THROW(result.status("P1", "nothing"), std::out_of_range);
}

}  // namespace

namespace {

TEST(Semantics, PrecedenceLinesChainAndStringsNameScaleItems) {
  const auto policy = thidua::Policy::compile(R"(policy "Chuỗi"
scale Rating { tot "Tốt" kha "Khá" }
entity Person from persons { rating: Rating }
award a { for Person { require "Tốt" == rating  rank by rating  at most 1 } }
award b { for Person { require true } }
award c { for Person { require true } }
precedence a > b
precedence b > c
)");
  const auto data = thidua::Dataset::from_json(
      policy, R"({"persons": [{"id": "P1", "rating": "tot"}, {"id": "P2", "rating": "Khá"}]})");
  const auto result = thidua::run(policy, data);
  EXPECT_EQ(result.selected("a"), (std::vector<std::string>{"P1"}));
  EXPECT_EQ(result.status("P1", "c"), thidua::Status::excluded);  // through b
  EXPECT_EQ(result.status("P2", "a"), thidua::Status::ineligible);
  EXPECT_EQ(result.selected("b"), (std::vector<std::string>{"P2"}));
  EXPECT_EQ(result.status("P2", "c"), thidua::Status::excluded);
}

}  // namespace

namespace {

constexpr const char* per_unit_policy = R"(policy "Theo đơn vị"
entity Unit from units { members = Person where unit == this }
entity Person from persons { unit: Unit  score: decimal }
award a "Giải" {
  for Person {
    require score >= 50
    rank by score
    at most 3 "Không quá 3 người"
    at most max(1, floor(50% * count(members))) per unit "Mỗi đơn vị không quá 50%, ít nhất 1"
  }
}
)";

TEST(Semantics, CapsPerGroupAndOverallTogether) {
  const auto policy = thidua::Policy::compile(per_unit_policy);
  // U1 has 3 persons (quota max(1, floor(1.5)) = 1), U2 has 4 (quota 2), U3 has 1 (quota 1).
  const auto data = thidua::Dataset::from_json(policy, R"({"units": [{"id": "U1"}, {"id": "U2"}, {"id": "U3"}],
    "persons": [{"id": "P1", "unit": "U1", "score": 99}, {"id": "P6", "unit": "U1", "score": 99},
                {"id": "P2", "unit": "U1", "score": 98}, {"id": "P3", "unit": "U2", "score": 97},
                {"id": "P4", "unit": "U2", "score": 96}, {"id": "P7", "unit": "U2", "score": 10},
                {"id": "P8", "unit": "U2", "score": 10}, {"id": "P5", "unit": "U3", "score": 95}]})");
  const auto result = thidua::run(policy, data);
  // P6 ties P1 but U1 is full; P3 and P4 fill U2; the overall quota of 3 is then reached.
  EXPECT_EQ(result.selected("a"), (std::vector<std::string>{"P1", "P3", "P4"}));
  const auto json = result.to_json();
  EXPECT_EQ(json["candidates"]["P6"]["a"],
            json::parse(R"({"status":"not_selected","rank":2,"quota":"1",
                            "quota_label":"Mỗi đơn vị không quá 50%, ít nhất 1","group":"U1","taken":1,
                            "cut":{"id":"P1","rank":1,"decided_by":"id"}})"));
  EXPECT_EQ(json["candidates"]["P5"]["a"],
            json::parse(R"({"status":"not_selected","rank":6,"quota":"3","quota_label":"Không quá 3 người","taken":3,
                            "cut":{"id":"P4","rank":5,"decided_by":"score","value":"95","cut_value":"96","short_by":"1"}})"));
  EXPECT_NE(result.explain("P5", thidua::Language::en).find("behind P4 (rank 5) on score: 95 against 96, short by 1"),
            std::string::npos)
      << result.explain("P5", thidua::Language::en);
  EXPECT_EQ(json["awards"]["a"]["ties"],
            json::parse(R"([{"entity":"Person","ids":["P1","P6"],"selected":["P1"],"rank":1,"resolved_by":"id","group":"U1"}])"));
  EXPECT_EQ(json["awards"]["a"]["quotas"]["Person"]["per"]["quotas"], json::parse(R"({"U1":"1","U2":"2","U3":"1"})"));
  EXPECT_NE(result.explain("P6").find("số lượng tối đa 1 của U1"), std::string::npos) << result.explain("P6");
}

}  // namespace
