// Missing data is not false: optional fields, Kleene's three-valued logic, `pending` and
// `deferred` candidates (docs/language.md, "Missing values" and "Deferral").
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "src/compile/model.hpp"
#include "thidua/thidua.hpp"

namespace {

using json = nlohmann::ordered_json;

constexpr const char* header = R"(policy "Thiếu dữ liệu"
entity Unit from units { name: text }
entity Person from persons {
  unit: Unit?
  a: bool?
  b: bool?
  x: decimal?
  y: decimal
  t: set of text?
}
)";

json run(const std::string& policy_text, const json& data) {
  const auto policy = thidua::Policy::compile(policy_text, "p.thidua");
  const auto dataset = thidua::Dataset::from_json(policy, data.dump(), "data.json");
  return thidua::run(policy, dataset).to_json();
}

// Persons with `y: 1` unless given, in unit U1.
json persons(std::vector<json> records) {
  json data = {{"units", json::array({{{"id", "U1"}, {"name", "A"}}})}, {"persons", json::array()}};
  int n = 0;
  for (auto& r : records) {
    json p = {{"id", "P" + std::to_string(++n)}, {"y", 1}};
    for (auto& [k, v] : r.items()) p[k] = v;
    data["persons"].push_back(p);
  }
  return data;
}

struct TruthRow {
  const char* name;
  const char* condition;       // required of every Person
  std::vector<json> records;   // P1, P2, ...
  const char* status;          // P1's
};

void PrintTo(const TruthRow& row, std::ostream* os) { *os << row.name; }

class ThreeValued : public testing::TestWithParam<TruthRow> {};

TEST_P(ThreeValued, DecidesTheCandidateAsKleeneLogicSays) {
  const auto& row = GetParam();
  const auto result = run(std::string(header) + "award k { for Person { require " + row.condition + " } }\n",
                          persons(row.records));
  EXPECT_EQ(result["candidates"]["P1"]["k"]["status"], row.status) << result["candidates"]["P1"].dump();
}

const json null = nullptr;

INSTANTIATE_TEST_SUITE_P(
    Missing, ThreeValued,
    testing::Values(
        // not, and, or
        TruthRow{"NotUnknownIsUnknown", "not a", {{{"a", null}}}, "pending"},
        TruthRow{"NotTrueIsFalse", "not a", {{{"a", true}}}, "ineligible"},
        TruthRow{"FalseAndUnknownIsFalse", "a and b", {{{"a", false}}}, "ineligible"},
        TruthRow{"UnknownAndFalseIsFalse", "a and b", {{{"b", false}}}, "ineligible"},
        TruthRow{"TrueAndUnknownIsUnknown", "a and b", {{{"a", true}, {"b", null}}}, "pending"},
        TruthRow{"UnknownAndUnknownIsUnknown", "a and b", {json::object()}, "pending"},
        TruthRow{"TrueOrUnknownIsTrue", "a or b", {{{"a", true}}}, "selected"},
        TruthRow{"UnknownOrTrueIsTrue", "a or b", {{{"b", true}}}, "selected"},
        TruthRow{"FalseOrUnknownIsUnknown", "a or b", {{{"a", false}}}, "pending"},
        TruthRow{"KnownValuesAreTwoValued", "a and not b", {{{"a", true}, {"b", false}}}, "selected"},
        // comparisons and arithmetic
        TruthRow{"ComparisonWithMissingIsUnknown", "x > 5", {json::object()}, "pending"},
        TruthRow{"ArithmeticWithMissingIsUnknown", "x + y > 5", {{{"y", 10}}}, "pending"},
        TruthRow{"ArithmeticOnKnownValues", "x + y > 5", {{{"x", 1}, {"y", 10}}}, "selected"},
        TruthRow{"EqualityWithMissingIsUnknown", "a == b", {{{"a", true}}}, "pending"},
        TruthRow{"KnownPartDecidesOr", "x > 5 or y > 5", {{{"y", 10}}}, "selected"},
        TruthRow{"KnownPartDecidesAnd", "x > 5 and y > 5", {{{"y", 1}}}, "ineligible"},
        TruthRow{"FunctionOfMissingIsUnknown", "floor(x) >= 0", {json::object()}, "pending"},
        // aggregates: unknown unless the known part decides
        TruthRow{"SomeIsTrueWhenOneSurelyHolds", "some Person where a", {{{"a", null}}, {{"a", true}}}, "selected"},
        TruthRow{"SomeIsUnknownWhenNoneSurelyHolds", "some Person where a", {{{"a", null}}, {{"a", false}}}, "pending"},
        TruthRow{"SomeIsFalseWhenNoneHolds", "some Person where a", {{{"a", false}}, {{"a", false}}}, "ineligible"},
        TruthRow{"NoIsFalseWhenOneSurelyHolds", "no Person where a", {{{"a", null}}, {{"a", true}}}, "ineligible"},
        TruthRow{"NoIsUnknownOtherwise", "no Person where a", {{{"a", null}}, {{"a", false}}}, "pending"},
        TruthRow{"CountOfAnUnknownFilterIsUnknown", "count(Person where a) >= 0", {{{"a", null}}}, "pending"},
        TruthRow{"CountOfAKnownFilter", "count(Person where a) == 1", {{{"a", true}}, {{"a", false}}}, "selected"},
        TruthRow{"AllIsFalseWhenOneSurelyFails", "all(Person, a)", {{{"a", null}}, {{"a", false}}}, "ineligible"},
        TruthRow{"AllIsUnknownOtherwise", "all(Person, a)", {{{"a", null}}, {{"a", true}}}, "pending"},
        TruthRow{"AllOverAFilterSkipsSureNonMembers", "all(Person where y > 1, a)",
                 {{{"y", 2}, {"a", true}}, {{"a", null}}}, "selected"},
        TruthRow{"SumOverAMissingValueIsUnknown", "sum(Person, x) > 0", {{{"x", 2}}, {{"x", null}}}, "pending"},
        TruthRow{"MaxOverAMissingValueIsUnknown", "max(Person, x) > 0", {{{"x", 2}}, json::object()}, "pending"},
        TruthRow{"SumOverAnUnknownFilterIsUnknown", "sum(Person where a, y) > 0", {{{"a", true}}, json::object()}, "pending"},
        TruthRow{"SumOverKnownValues", "sum(Person, x) == 5", {{{"x", 2}}, {{"x", 3}}}, "selected"},
        // sets
        TruthRow{"CountOfAMissingSetIsUnknown", "count(t) >= 0", {json::object()}, "pending"},
        TruthRow{"InAMissingSetIsUnknown", "\"a\" in t", {{{"t", null}}}, "pending"},
        TruthRow{"SomeOfAPresentSet", "some t", {{{"t", {"a"}}}}, "selected"},
        // relations
        TruthRow{"AMissingRelationIsUnknown", "unit.name == \"A\"", {json::object()}, "pending"},
        TruthRow{"APresentRelation", "unit.name == \"A\"", {{{"unit", "U1"}}}, "selected"}),
    [](const testing::TestParamInfo<TruthRow>& info) { return std::string(info.param.name); });

// ---- pending and deferred candidates in the result

constexpr const char* quota_policy = R"(policy "Thiếu dữ liệu"
entity Person from persons {
  score: decimal? "Điểm thi đua"
  bonus: int?
  under_review: bool? "Đang xem xét kỷ luật"
  complies: bool
}
award k "Giấy khen" {
  for Person {
    require complies "Chấp hành tốt"
    require score >= 1 "Điểm từ 1 trở lên"
    defer when under_review "Đang trong thời gian xem xét kỷ luật"
    rank by score desc, bonus desc
    at most 1
  }
}
award b "Bằng khen" {
  for Person { require awarded(k) "Đã được Giấy khen" }
}
)";

json quota_data() {
  return json::parse(R"({"persons": [
    {"id": "P1", "bonus": 1, "complies": true, "under_review": false},
    {"id": "P2", "score": 5, "bonus": 1, "complies": true, "under_review": false},
    {"id": "P3", "score": 9, "bonus": 1, "under_review": true, "complies": true},
    {"id": "P4", "score": 9, "bonus": 1, "under_review": true, "complies": false},
    {"id": "P5", "score": 9, "complies": true, "under_review": false},
    {"id": "P6", "score": 3, "bonus": 0, "complies": true, "under_review": null},
    {"id": "P7", "score": 4, "bonus": 0, "complies": true, "under_review": false}
  ]})");
}

TEST(Pending, NamesTheMissingFieldsAndTheUnknownConditions) {
  const auto result = run(quota_policy, quota_data());
  EXPECT_EQ(result["candidates"]["P1"]["k"].dump(),
            R"({"status":"pending","missing":["score"],"unknown":[{"label":"Điểm từ 1 trở lên",)"
            R"("condition":"score >= 1","line":11}]})");
}

TEST(Pending, AnUnknownRankKeyMakesAnEligibleCandidatePending) {
  const auto result = run(quota_policy, quota_data());
  EXPECT_EQ(result["candidates"]["P5"]["k"].dump(),
            R"({"status":"pending","missing":["bonus"],"unknown":[],"unknown_keys":["bonus"]})");
}

TEST(Pending, AnUnknownDeferralMakesTheCandidatePending) {
  const auto result = run(quota_policy, quota_data());
  EXPECT_EQ(result["candidates"]["P6"]["k"]["status"], "pending");
  EXPECT_EQ(result["candidates"]["P6"]["k"]["missing"], json::parse(R"(["under_review"])"));
}

TEST(Deferred, GivesTheReasonAndTakesNoPlace) {
  const auto result = run(quota_policy, quota_data());
  EXPECT_EQ(result["candidates"]["P3"]["k"].dump(),
            R"({"status":"deferred","reasons":[{"label":"Đang trong thời gian xem xét kỷ luật",)"
            R"("condition":"under_review","line":12}]})");
  // A known failure decides whatever the review finds.
  EXPECT_EQ(result["candidates"]["P4"]["k"]["status"], "ineligible");
  // Neither pending nor deferred candidates take a place: P7 (4) is second to P2 (5).
  EXPECT_EQ(result["awards"]["k"]["selected"].dump(), R"([{"id":"P2","entity":"Person","rank":1}])");
  EXPECT_EQ(result["candidates"]["P7"]["k"]["status"], "not_selected");
  EXPECT_EQ(result["awards"]["k"]["quotas"]["Person"]["eligible"], 2);
}

TEST(Awards, ListTheirPendingAndDeferredCandidates) {
  const auto result = run(quota_policy, quota_data());
  EXPECT_EQ(result["awards"]["k"]["pending"].dump(),
            R"([{"id":"P1","entity":"Person"},{"id":"P5","entity":"Person"},{"id":"P6","entity":"Person"}])");
  EXPECT_EQ(result["awards"]["k"]["deferred"].dump(), R"([{"id":"P3","entity":"Person"}])");
}

TEST(Awards, WriteNoFollowUpListsWhenEveryoneIsDecided) {
  const auto result = run(quota_policy, json::parse(R"({"persons": [
    {"id": "P1", "score": 2, "bonus": 1, "complies": true, "under_review": false}]})"));
  EXPECT_FALSE(result["awards"]["k"].contains("pending"));
  EXPECT_FALSE(result["awards"]["k"].contains("deferred"));
}

TEST(Chained, AwardedOfAnUndecidedCandidateIsUnknown) {
  const auto result = run(quota_policy, quota_data());
  EXPECT_EQ(result["candidates"]["P1"]["b"]["status"], "pending");  // pending for k
  EXPECT_EQ(result["candidates"]["P3"]["b"]["status"], "pending");  // deferred for k
  EXPECT_EQ(result["candidates"]["P2"]["b"]["status"], "selected");
  EXPECT_EQ(result["candidates"]["P7"]["b"]["status"], "ineligible");
}

TEST(Chained, EligibleOfAPendingCandidateIsUnknown) {
  const auto result = run(R"(policy "Chuỗi"
entity Person from persons { score: decimal? }
award k { for Person { require score >= 1 } }
award e { for Person { require eligible(k) } }
award n { for Person { require not eligible(k) } }
)",
                          json::parse(R"({"persons": [{"id": "P1"}, {"id": "P2", "score": 5}, {"id": "P3", "score": 0}]})"));
  EXPECT_EQ(result["candidates"]["P1"]["e"]["status"], "pending");
  EXPECT_EQ(result["candidates"]["P1"]["n"]["status"], "pending");
  EXPECT_EQ(result["candidates"]["P2"]["e"]["status"], "selected");
  EXPECT_EQ(result["candidates"]["P3"]["n"]["status"], "selected");
}

TEST(Precedence, ALowerAwardWaitsForAnUndecidedHigherOne) {
  const std::string policy = std::string(R"(policy "Thiếu dữ liệu"
entity Person from persons { score: decimal? }
award high { for Person { require score > 5 } }
award low { for Person { require true } }
precedence high > low
)");
  const auto result = run(policy, json::parse(R"({"persons": [{"id": "P1"}, {"id": "P2", "score": 9}, {"id": "P3", "score": 1}]})"));
  EXPECT_EQ(result["candidates"]["P1"]["low"].dump(), R"({"status":"pending","missing":[],"unknown":[],"waiting_for":"high"})");
  EXPECT_EQ(result["candidates"]["P2"]["low"]["status"], "excluded");
  EXPECT_EQ(result["candidates"]["P3"]["low"]["status"], "selected");
}

TEST(Pending, AMissingGroupOfAPerQuotaMakesTheCandidatePending) {
  const auto result = run(R"(policy "Nhóm"
entity Unit from units { name: text }
entity Person from persons { unit: Unit? score: decimal }
award k { for Person { rank by score at most 1 per unit "Mỗi đơn vị 01 người" } }
)",
                          json::parse(R"({"units": [{"id": "U1", "name": "A"}],
                                          "persons": [{"id": "P1", "score": 9}, {"id": "P2", "unit": "U1", "score": 5}]})"));
  EXPECT_EQ(result["candidates"]["P1"]["k"].dump(),
            R"({"status":"pending","missing":["unit"],"unknown":[],"unknown_keys":["Mỗi đơn vị 01 người"]})");
  EXPECT_EQ(result["candidates"]["P2"]["k"]["status"], "selected");
}

TEST(Pending, ARecordWithoutItsRelationMayBelongToAnyGroup) {
  const auto result = run(R"(policy "Nhóm"
entity Unit from units { members = Person where unit == this }
entity Person from persons { unit: Unit? score: decimal }
award clean { for Unit { require no members where score < 5 "Không có ai dưới 5 điểm" } }
award big { for Unit { require some members } }
award counted { for Unit { require count(members) >= 1 } }
)",
                          json::parse(R"({"units": [{"id": "U1"}, {"id": "U2"}],
                                          "persons": [{"id": "P1", "score": 1}, {"id": "P2", "unit": "U1", "score": 9}]})"));
  EXPECT_EQ(result["candidates"]["U1"]["clean"].dump(),
            R"({"status":"pending","missing":["Person.unit"],"unknown":[{"label":"Không có ai dưới 5 điểm",)"
            R"("condition":"no members where score < 5","line":4}]})");
  EXPECT_EQ(result["candidates"]["U1"]["big"]["status"], "selected");  // P2 surely belongs
  EXPECT_EQ(result["candidates"]["U2"]["big"]["status"], "pending");
  EXPECT_EQ(result["candidates"]["U1"]["counted"]["status"], "pending");  // one or two members
}

TEST(Explain, SaysWhatIsMissingAndMarksUnknownConditions) {
  const auto policy = thidua::Policy::compile(quota_policy, "p.thidua");
  const auto data = thidua::Dataset::from_json(policy, quota_data().dump(), "data.json");
  const auto result = thidua::run(policy, data);
  EXPECT_EQ(result.status("P1", "k"), thidua::Status::pending);
  EXPECT_EQ(result.status("P3", "k"), thidua::Status::deferred);
  EXPECT_EQ(result.explain("P1", thidua::Language::en),
            "P1 · Person\n"
            "\n"
            "Giấy khen [k]: pending: data is missing (missing: score)\n"
            "    ✓ Chấp hành tốt  (complies = true)\n"
            "    ? Điểm từ 1 trở lên  [score >= 1]  (score = missing)\n"
            "    ✗ Deferred when: Đang trong thời gian xem xét kỷ luật  (under_review = false)\n"
            "\n"
            "Bằng khen [b]: pending: data is missing\n"
            "    ? Đã được Giấy khen  [awarded(k)]\n");
  // In Vietnamese the missing value reads "thiếu", as the list of missing fields does.
  EXPECT_NE(result.explain("P1", thidua::Language::vi).find("    ? Điểm từ 1 trở lên  [score >= 1]  (score = thiếu)\n"),
            std::string::npos);
  EXPECT_EQ(result.explain("P3", thidua::Language::vi),
            "P3 · Person\n"
            "\n"
            "Giấy khen [k]: tạm hoãn xét\n"
            "    ✓ Chấp hành tốt  (complies = true)\n"
            "    ✓ Điểm từ 1 trở lên  [score >= 1]  (score = 9)\n"
            "    ✓ Tạm hoãn khi: Đang trong thời gian xem xét kỷ luật  (under_review = true)\n"
            "\n"
            "Bằng khen [b]: chưa xét được vì thiếu dữ liệu\n"
            "    ? Đã được Giấy khen  [awarded(k)]\n");
}

TEST(Binding, ARequiredFieldLeftOutStaysAnError) {
  const auto policy = thidua::Policy::compile(quota_policy, "p.thidua");
  EXPECT_THROW(thidua::Dataset::from_json(policy, R"({"persons": [{"id": "P1"}]})", "data.json"), thidua::DataError);
}

TEST(Binding, AnEmptyCsvCellIsMissing) {
  const auto dir = std::filesystem::temp_directory_path() / ("thidua-unknown-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "persons.csv") << "id,score,bonus,under_review,complies\nP1,,1,false,true\nP2,5,1,false,true\n";
  const auto policy = thidua::Policy::compile(quota_policy, "p.thidua");
  const auto data = thidua::Dataset::load_csv(policy, dir);
  std::filesystem::remove_all(dir);
  const auto result = thidua::run(policy, data);
  EXPECT_EQ(result.status("P1", "k"), thidua::Status::pending);
  EXPECT_EQ(result.status("P2", "k"), thidua::Status::selected);
}

TEST(Quota, ThatReadsAMissingValueStopsTheRun) {
  const auto policy = thidua::Policy::compile(R"(policy "Q"
single entity Board from board { places: int? }
entity Person from persons { score: decimal }
award a { for Person { rank by score at most Board.places } }
)",
                                              "p.thidua");
  const auto data = thidua::Dataset::from_json(policy, R"({"board": {}, "persons": [{"id": "P1", "score": 1}]})", "d.json");
  try {
    thidua::run(policy, data);
    FAIL() << "the run went on";
  } catch (const thidua::Error& e) {
    EXPECT_STREQ(e.what(),
                 "p.thidua:4:46: error: Board.places has no value: it reads a missing value (Board.places)\n"
                 "  award a { for Person { rank by score at most Board.places } }\n"
                 "                                               ^~~~~~~~~~~~\n");
  }
}

}  // namespace

namespace {

TEST(Report, ListsPendingAndDeferredCandidatesWithTheirReasons) {
  const auto policy = thidua::Policy::compile(quota_policy, "p.thidua");
  const auto html = thidua::report_html(thidua::run(policy, thidua::Dataset::from_json(policy, quota_data().dump(), "d.json")));
  EXPECT_NE(html.find("<td data-label=\"Kết quả\">Tạm hoãn xét</td><td data-label=\"Lý do\"><ul class=\"reasons\">"
                      "<li>Tạm hoãn: Đang trong thời gian xem xét kỷ luật</li></ul></td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td data-label=\"Kết quả\">Chưa xét được (thiếu dữ liệu)</td><td data-label=\"Lý do\">"
                      "<ul class=\"reasons\"><li>Thiếu dữ liệu: score</li><li>Chưa rõ: Điểm từ 1 trở lên</li></ul></td>"),
            std::string::npos);
  EXPECT_NE(html.find("<li>Thiếu dữ liệu: bonus</li><li>Chưa xếp hạng được theo: bonus</li>"), std::string::npos);
}

}  // namespace

namespace {

// ---- the fast path: only expressions that may read a missing value are read three-valued

std::size_t marked(const thidua::detail::Expr& e) {
  std::size_t n = e.may_be_unknown ? 1 : 0;
  for (const auto& arg : e.args) n += marked(arg);
  return n;
}

std::size_t marked(const thidua::detail::CompiledPolicy& policy) {
  std::size_t n = 0;
  for (const auto& entity : policy.entities)
    for (const auto& d : entity.derived) n += marked(d.value);
  for (const auto& award : policy.awards) {
    if (award.open_when) n += marked(award.open_when->expr);
    for (const auto& block : award.blocks) {
      for (const auto& c : block.requirements) n += marked(c.expr);
      for (const auto& c : block.deferrals) n += marked(c.expr);
      for (const auto& key : block.rank_keys) n += marked(key.key);
    }
  }
  return n;
}

TEST(FastPath, APolicyWithoutOptionalFieldsHasNothingToReadThreeValued) {
  const auto policy = thidua::Policy::load(THIDUA_SOURCE_DIR "/examples/an-giang-2026/policy.thidua");
  EXPECT_EQ(marked(policy.compiled()), 0u);
}

TEST(FastPath, OnlyWhatReadsAnOptionalFieldIsMarked) {
  const auto policy = thidua::Policy::load(THIDUA_SOURCE_DIR "/examples/thieu-du-lieu-2026/policy.thidua");
  const auto& award = policy.compiled().awards[0];  // giay_khen
  const auto& block = award.blocks[0];
  EXPECT_FALSE(block.requirements[0].expr.may_be_unknown);  // complies
  EXPECT_TRUE(block.requirements[1].expr.may_be_unknown);   // score >= 90 or initiatives >= 1
  EXPECT_FALSE(block.deferrals[0].expr.may_be_unknown);     // under_review
  EXPECT_TRUE(block.deferrals[1].expr.may_be_unknown);      // open_complaint
  // bang_khen reads awarded(giay_khen), which a deferral can leave undecided.
  EXPECT_TRUE(policy.compiled().awards[1].blocks[0].requirements[0].expr.may_be_unknown);
}

}  // namespace
