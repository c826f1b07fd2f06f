// The quota forms of the language, end to end: formulas and chained caps, lower bounds and
// cross-cutting caps that greedy would get wrong, several `per` quotas, apportionment, and
// what the result and the explanation say about them.
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

constexpr const char* entities = R"(policy "Hạn mức"
entity Department from departments { name: text }
entity Unit from units {
  kind: enum { phong "Phòng", don_vi_su_nghiep "Đơn vị sự nghiệp" }
  department: Department
  headcount: int
  score: decimal
  members = Person where unit == this
}
entity Person from persons {
  unit: Unit
  department: Department
  gender: enum { nam "Nam", nu "Nữ" }
  score: decimal
}
)";

// Units U1..U5 (U4 and U5 are đơn vị sự nghiệp); persons P1..P8, best score first.
constexpr const char* data = R"({
  "departments": [{"id": "D1", "name": "Khối 1"}, {"id": "D2", "name": "Khối 2"}],
  "units": [
    {"id": "U1", "kind": "phong", "department": "D1", "headcount": 5117, "score": 99},
    {"id": "U2", "kind": "phong", "department": "D1", "headcount": 4400, "score": 98},
    {"id": "U3", "kind": "phong", "department": "D2", "headcount": 162, "score": 97},
    {"id": "U4", "kind": "don_vi_su_nghiep", "department": "D2", "headcount": 161, "score": 80},
    {"id": "U5", "kind": "don_vi_su_nghiep", "department": "D2", "headcount": 160, "score": 70}],
  "persons": [
    {"id": "P1", "unit": "U1", "department": "D1", "gender": "nam", "score": 100},
    {"id": "P2", "unit": "U1", "department": "D1", "gender": "nam", "score": 99},
    {"id": "P3", "unit": "U1", "department": "D1", "gender": "nu", "score": 98},
    {"id": "P4", "unit": "U2", "department": "D1", "gender": "nam", "score": 97},
    {"id": "P5", "unit": "U2", "department": "D1", "gender": "nu", "score": 96},
    {"id": "P6", "unit": "U3", "department": "D2", "gender": "nam", "score": 95},
    {"id": "P7", "unit": "U4", "department": "D2", "gender": "nu", "score": 94},
    {"id": "P8", "unit": "U5", "department": "D2", "gender": "nam", "score": 90}]
})";

json run(const std::string& awards, const std::string& data_text = data) {
  const auto policy = thidua::Policy::compile(std::string(entities) + awards, "quota.thidua");
  return thidua::run(policy, thidua::Dataset::from_json(policy, data_text)).to_json();
}

std::vector<std::string> selected(const json& result, const std::string& award) {
  std::vector<std::string> ids;
  for (const auto& s : result["awards"][award]["selected"]) ids.push_back(s["id"]);
  return ids;
}

using Ids = std::vector<std::string>;

// A real rule: "at most 20% of the units rated TTLĐTT; if that is below 1, then 1", with the
// cap of one award computed from the recipients of another.
TEST(Quota, AFormulaOnTheRecipientsOfAnotherAward) {
  const auto r = run(R"(
award tap_the_lao_dong_tien_tien "TTLĐTT" { for Unit { require score >= 90 } }
award tap_the_xuat_sac "TTLĐXS" {
  for Unit {
    require awarded(tap_the_lao_dong_tien_tien)
    rank by score
    at most max(1, floor(20% * count(Unit where awarded(tap_the_lao_dong_tien_tien)))) "Không quá 20%, ít nhất 1"
  }
}
)");
  // 3 units are TTLĐTT; 20% of 3 is 0.6, floor 0, so the cap is 1.
  EXPECT_EQ(selected(r, "tap_the_lao_dong_tien_tien"), (Ids{"U1", "U2", "U3"}));
  EXPECT_EQ(r["awards"]["tap_the_xuat_sac"]["quotas"]["Unit"]["quota"], "1");
  EXPECT_EQ(selected(r, "tap_the_xuat_sac"), (Ids{"U1"}));
}

TEST(Quota, CapsThatDependOnEachOtherAreACycle) {
  try {
    run(R"(
award a { for Unit { rank by score  at most count(Unit where awarded(b)) } }
award b { for Unit { rank by score  at most count(Unit where awarded(a)) } }
)");
    FAIL() << "no error";
  } catch (const thidua::PolicyError& e) {
    EXPECT_NE(e.message(thidua::Language::en).find("awards depend on each other in a cycle"), std::string::npos)
        << e.message(thidua::Language::en);
  }
}

// Greedy would take U1 and U2 and then miss the đơn vị sự nghiệp.
TEST(Quota, ALowerBoundKeepsAPlace) {
  const auto r = run(R"(
award a {
  for Unit {
    rank by score
    at most 2 "Không quá 2"
    at least 1 where kind == don_vi_su_nghiep "Ít nhất 1 đơn vị sự nghiệp"
  }
}
)");
  EXPECT_EQ(selected(r, "a"), (Ids{"U1", "U4"}));
  EXPECT_EQ(r["candidates"]["U2"]["a"], json::parse(R"({"status": "not_selected", "rank": 2, "quota": "2",
      "quota_label": "Không quá 2", "taken": 2, "reserved_for": {"label": "Ít nhất 1 đơn vị sự nghiệp"},
      "cut": {"id": "U1", "rank": 1, "decided_by": "score", "value": "98", "cut_value": "99", "short_by": "1"}})"))
      << r["candidates"]["U2"]["a"].dump();
  const auto& quota = r["awards"]["a"]["quotas"]["Unit"];
  EXPECT_EQ(quota["bounds"], json::parse(R"([{"bound": "at_least", "label": "Ít nhất 1 đơn vị sự nghiệp",
      "formula": "1 where kind == don_vi_su_nghiep", "quota": "1"}])"));
  EXPECT_FALSE(quota.contains("feasible"));
  EXPECT_FALSE(quota.contains("optimal"));
  const auto policy = thidua::Policy::compile(std::string(entities) + R"(
award a {
  for Unit {
    rank by score
    at most 2 "Không quá 2"
    at least 1 where kind == don_vi_su_nghiep "Ít nhất 1 đơn vị sự nghiệp"
  }
}
)");
  const auto text = thidua::run(policy, thidua::Dataset::from_json(policy, data)).explain("U2", thidua::Language::en);
  EXPECT_NE(text.find("quota 2: Không quá 2; already 2 of 2; the remaining places are kept for Ít nhất 1 đơn vị sự nghiệp"), std::string::npos)
      << text;
}

TEST(Quota, ALowerBoundNobodyCanMeetIsStated) {
  const auto r = run(R"(
award a {
  for Unit {
    require kind == phong
    rank by score
    at least 1 where kind == don_vi_su_nghiep "Ít nhất 1 đơn vị sự nghiệp"
  }
}
)");
  EXPECT_EQ(selected(r, "a"), Ids{});
  const auto& quota = r["awards"]["a"]["quotas"]["Unit"];
  EXPECT_EQ(quota["feasible"], false);
  EXPECT_EQ(quota["unmet"], json::parse(R"([{"label": "Ít nhất 1 đơn vị sự nghiệp", "at_least": "1", "candidates": 0}])"));
  const auto policy = thidua::Policy::compile(std::string(entities) + R"(
award a { for Unit { require kind == phong  rank by score  at least 1 where kind == don_vi_su_nghiep "Ít nhất 1 ĐVSN" } }
)");
  const auto text = thidua::run(policy, thidua::Dataset::from_json(policy, data)).explain("U1", thidua::Language::vi);
  EXPECT_NE(text.find("không có cách chọn nào đáp ứng mọi giới hạn số lượng\n    ✗ Ít nhất 1 ĐVSN: cần ít nhất 1, nhưng chỉ có 0 đối tượng được tính"),
            std::string::npos)
      << text;
}

// Per unit at most 2, overall at most 4, at most 2 men: greedy would take P1, P2 (men, U1)
// and then refuse every other man; the best is the same here, but a woman fills in.
TEST(Quota, ACrossCuttingCapWithPerUnitCaps) {
  const auto r = run(R"(
award a {
  for Person {
    rank by score
    at most 4
    at most 2 per unit "Mỗi phòng không quá 2"
    at most 2 where gender == nam "Không quá 2 nam"
  }
}
)");
  EXPECT_EQ(selected(r, "a"), (Ids{"P1", "P2", "P5", "P7"}));
  EXPECT_EQ(r["candidates"]["P3"]["a"]["quota_label"], "Mỗi phòng không quá 2");
  EXPECT_EQ(r["candidates"]["P3"]["a"]["group"], "U1");
  EXPECT_EQ(r["candidates"]["P4"]["a"]["quota_label"], "Không quá 2 nam");
}

// `at most 50% where c` is a share of those selected, not a count: P4 would make 3 men of 4.
TEST(Quota, AShareOfThoseSelected) {
  const auto r = run(R"(
award a {
  for Person {
    rank by score
    at most 4
    at most 50% where gender == nam "Nam không quá 50%"
  }
}
)");
  EXPECT_EQ(selected(r, "a"), (Ids{"P1", "P2", "P3", "P5"}));
  EXPECT_EQ(r["candidates"]["P4"]["a"], json::parse(R"({"status": "not_selected", "rank": 4, "quota": "50%",
      "quota_label": "Nam không quá 50%", "taken": 2, "among": 4})"));
  EXPECT_EQ(r["candidates"]["P6"]["a"]["quota"], "4");  // then the cap is full
  const auto bound = r["awards"]["a"]["quotas"]["Person"]["bounds"][0];
  EXPECT_EQ(bound["share"], true);
  EXPECT_EQ(bound["quota"], "50%");
  const auto policy = thidua::Policy::compile(std::string(entities) + R"(
award a { for Person { rank by score  at most 4  at most 50% where gender == nam "Nam không quá 50%" } }
)");
  const auto result = thidua::run(policy, thidua::Dataset::from_json(policy, data));
  EXPECT_NE(result.explain("P4", thidua::Language::en).find("quota 50%: Nam không quá 50%; already 2 of the 4 selected"),
            std::string::npos);
  EXPECT_NE(result.explain("P4", thidua::Language::vi).find("đã có 2 trong số 4 người được đề nghị"), std::string::npos);
}

// `at least 50% where c`: each man taken needs a woman beside him within the cap.
TEST(Quota, AShareThatMustBeReached) {
  const auto r = run(R"(
award a { for Person { rank by score  at most 3  at least 50% where gender == nu } }
)");
  EXPECT_EQ(selected(r, "a"), (Ids{"P1", "P3", "P5"}));
  EXPECT_EQ(r["candidates"]["P2"]["a"]["quota"], "50%");
}

// With `per unit`, the share holds among each unit's selected: P6, the only one of U3, is a
// man, so U3 can send nobody.
TEST(Quota, AShareInEachGroup) {
  const auto r = run(R"(
award a { for Person { rank by score  at most 50% per unit where gender == nam } }
)");
  EXPECT_EQ(selected(r, "a"), (Ids{"P1", "P3", "P4", "P5", "P7"}));
  EXPECT_EQ(r["candidates"]["P6"]["a"]["group"], "U3");
}

TEST(Quota, APercentageNeedsWhere) {
  EXPECT_THROW(run("award a { for Person { rank by score  at most 20% } }\n"), thidua::PolicyError);
  EXPECT_THROW(run("award a { for Person { rank by score  at most 150% where gender == nam } }\n"), thidua::PolicyError);
}

// Two awards compete for one cap: the Bằng khen, decided first, takes its places from it.
TEST(Quota, ACapSharedWithAnotherAward) {
  const auto awards = R"(
award bang_khen { for Person { rank by score  at most 2 } }
award giay_khen {
  for Person {
    rank by score
    at most 4 shared with bang_khen "Bằng khen và Giấy khen không quá 4"
  }
}
precedence bang_khen > giay_khen
)";
  const auto r = run(awards);
  EXPECT_EQ(selected(r, "bang_khen"), (Ids{"P1", "P2"}));
  EXPECT_EQ(selected(r, "giay_khen"), (Ids{"P3", "P4"}));
  EXPECT_EQ(r["candidates"]["P5"]["giay_khen"], json::parse(R"({"status": "not_selected", "rank": 3, "quota": "4",
      "quota_label": "Bằng khen và Giấy khen không quá 4", "taken": 4,
      "cut": {"id": "P4", "rank": 2, "decided_by": "score", "value": "96", "cut_value": "97", "short_by": "1"}})"));
  const auto bound = r["awards"]["giay_khen"]["quotas"]["Person"]["bounds"][0];
  EXPECT_EQ(bound["shared_with"], json::parse(R"(["bang_khen"])"));
  EXPECT_EQ(bound["taken_by_others"], 2);
  EXPECT_EQ(bound["formula"], "4 shared with bang_khen");
  const auto policy = thidua::Policy::compile(std::string(entities) + awards);
  const auto result = thidua::run(policy, thidua::Dataset::from_json(policy, data));
  EXPECT_NE(result.explain("P5", thidua::Language::en).find("quota 4: Bằng khen và Giấy khen không quá 4; already 4 of 4"),
            std::string::npos);
}

// Per unit too; and the awards it names are decided first whatever the policy's order.
TEST(Quota, ACapSharedPerUnit) {
  const auto r = run(R"(
award giay_khen { for Person { rank by score  at most 1 per unit shared with bang_khen } }
award bang_khen { for Person { rank by score  at most 1 } }
precedence bang_khen > giay_khen
)");
  EXPECT_EQ(selected(r, "bang_khen"), (Ids{"P1"}));
  EXPECT_EQ(selected(r, "giay_khen"), (Ids{"P4", "P6", "P7", "P8"}));  // U1 has used its place
}

TEST(Quota, SharedWithOnlyOnCapsOfOtherAwards) {
  EXPECT_THROW(run("award a { for Person { rank by score  at most 2 shared with a } }\n"), thidua::PolicyError);
  EXPECT_THROW(run("award b { for Person { rank by score } }\naward a { for Person { rank by score  at least 1 shared with b } }\n"),
               thidua::PolicyError);
  EXPECT_THROW(run("award b { for Unit { rank by score } }\naward a { for Person { rank by score  at most 1 shared with b } }\n"),
               thidua::PolicyError);
}

// Units nest in departments: at most 2 per unit and 3 per department.
TEST(Quota, NestedGroups) {
  const auto r = run(R"(
award a {
  for Person {
    rank by score
    at most 2 per unit
    at most 3 per department "Mỗi khối không quá 3"
  }
}
)");
  EXPECT_EQ(selected(r, "a"), (Ids{"P1", "P2", "P4", "P6", "P7", "P8"}));
  EXPECT_EQ(r["candidates"]["P5"]["a"]["quota_label"], "Mỗi khối không quá 3");
  EXPECT_EQ(r["candidates"]["P5"]["a"]["group"], "D1");
}

// Balinski and Young's example by headcount: 100 places.
TEST(Quota, ApportionedAmongUnits) {
  const auto places = [](const std::string& method) {
    const auto r = run(R"(
award a { for Person { rank by score  at most apportion(100, headcount, )" + method + R"() per unit "Chia theo quân số" } }
)");
    const auto& per = r["awards"]["a"]["quotas"]["Person"]["per"];
    EXPECT_EQ(per["apportioned"]["total"], "100");
    EXPECT_EQ(per["apportioned"]["method"], method);
    std::vector<std::string> out;
    for (const auto& [unit, quota] : per["quotas"].items()) out.push_back(quota);
    return out;
  };
  // The weight is read for each group record: here, each unit.
  EXPECT_EQ(places("largest_remainder"), (Ids{"51", "44", "2", "2", "1"}));
  EXPECT_EQ(places("dhondt"), (Ids{"52", "45", "1", "1", "1"}));
  EXPECT_EQ(places("sainte_lague"), (Ids{"51", "43", "2", "2", "2"}));
}

TEST(Quota, AnApportionmentTieIsReported) {
  const auto r = run(R"(
award a { for Person { rank by score  at most apportion(1, count(members), dhondt) per unit } }
)");
  // U3, U4 and U5 have one member each, U1 three, U2 two: the single place goes to U1.
  const auto& apportioned = r["awards"]["a"]["quotas"]["Person"]["per"]["apportioned"];
  EXPECT_FALSE(apportioned.contains("tied"));
  const auto tied = run(R"(
award a { for Person { rank by score  at most apportion(4, 1, largest_remainder) per unit } }
)");
  // 4 places among 5 equal units: one unit must go without, and which one is a tie.
  const auto& t = tied["awards"]["a"]["quotas"]["Person"]["per"]["apportioned"];
  EXPECT_EQ(t["tied"], json::parse(R"(["U1", "U2", "U3", "U4", "U5"])"));
  EXPECT_EQ(t["tied_places"], 4);
}

TEST(Quota, ApportionOnlyInTheFirstGroupCap) {
  EXPECT_THROW(run(R"(
award a { for Person { rank by score  at most apportion(4, 1, dhondt) } }
)"),
               thidua::PolicyError);
  EXPECT_THROW(run(R"(
award a { for Person { rank by score  at most apportion(4, 1, hare) per unit } }
)"),
               thidua::PolicyError);
}

// A cut explanation per unit: each unit keeps its best person and cuts the other two at that
// person. With more units than the result writer keeps rendered shapes of (4,096 per
// thread), the last units' shapes are rendered and used once, and every member must still be
// the record's own.
TEST(Quota, EveryGroupsCutIsItsOwn) {
  constexpr int units = 5000;
  json input = {{"departments", json::array({{{"id", "D1"}, {"name", "Khối 1"}}})}, {"units", json::array()},
                {"persons", json::array()}};
  const char* const suffixes[] = {"a", "b", "c"};
  const char* const scores[] = {"99.5", "98.25", "97"};
  const auto unit_id = [](int u) {
    std::string id = std::to_string(u);
    return "U" + std::string(5 - id.size(), '0') + id;
  };
  for (int u = 0; u < units; ++u) {
    input["units"].push_back({{"id", unit_id(u)}, {"kind", "phong"}, {"department", "D1"}, {"headcount", 3}, {"score", 90}});
    for (int k = 0; k < 3; ++k)
      input["persons"].push_back({{"id", "P" + unit_id(u).substr(1) + suffixes[k]}, {"unit", unit_id(u)}, {"department", "D1"},
                                  {"gender", "nam"}, {"score", json::parse(scores[k])}});
  }
  const auto r = run(R"(
award a { for Person { rank by score  at most 1 per unit "Mỗi phòng 1" } }
)", input.dump());
  ASSERT_EQ(r["awards"]["a"]["selected"].size(), static_cast<std::size_t>(units));
  const char* const short_by[] = {nullptr, "1.25", "2.5"};
  for (int u = 0; u < units; ++u) {
    const std::string best = "P" + unit_id(u).substr(1) + "a";
    ASSERT_EQ(r["candidates"][best]["a"]["status"], "selected") << best;
    for (int k = 1; k < 3; ++k) {
      const std::string id = "P" + unit_id(u).substr(1) + suffixes[k];
      const auto& c = r["candidates"][id]["a"];
      ASSERT_EQ(c["status"], "not_selected") << id;
      ASSERT_EQ(c["group"], unit_id(u)) << id;
      ASSERT_EQ(c["quota"], "1") << id;
      ASSERT_EQ(c["taken"], 1) << id;
      ASSERT_EQ(c["cut"]["id"], best) << id;
      ASSERT_EQ(c["cut"]["value"], scores[k]) << id;
      ASSERT_EQ(c["cut"]["cut_value"], "99.5") << id;
      ASSERT_EQ(c["cut"]["short_by"], short_by[k]) << id;
      ASSERT_EQ(c["rank"], r["candidates"][best]["a"]["rank"].get<int>() + (k == 1 ? units : 2 * units)) << id;
    }
  }
}

// The data's order never changes the result.
TEST(Quota, InputOrderDoesNotMatter) {
  const std::string awards = R"(
award a {
  for Person {
    rank by score
    at most 4
    at most 2 per unit
    at least 1 where gender == nu
    at most 1 per department where gender == nam
  }
}
award b {
  for Person { rank by score  at most apportion(3, headcount, sainte_lague) per unit  at least 1 where gender == nam }
}
precedence a > b
)";
  auto expected = run(awards);
  expected.erase("data");
  std::mt19937 random(11);
  for (int round = 0; round < 20; ++round) {
    auto shuffled = json::parse(data);
    std::shuffle(shuffled["units"].begin(), shuffled["units"].end(), random);
    std::shuffle(shuffled["persons"].begin(), shuffled["persons"].end(), random);
    auto actual = run(awards, shuffled.dump());
    actual.erase("data");
    ASSERT_EQ(actual, expected) << "round " << round;
  }
}

}  // namespace

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// examples/phan-bo-chi-tieu-2026: apportioned places per unit, an overall cap and two lower
// bounds; its expected result is kept beside it.
TEST(QuotaExample, MatchesTheExpectedResult) {
  const std::string dir = "examples/phan-bo-chi-tieu-2026/";
  const auto policy = thidua::Policy::compile(slurp(THIDUA_SOURCE_DIR "/" + dir + "policy.thidua"), dir + "policy.thidua");
  const auto data = thidua::Dataset::from_json(policy, slurp(THIDUA_SOURCE_DIR "/" + dir + "data.json"), dir + "data.json");
  const auto actual = thidua::run(policy, data).to_json_string(2);
  const std::string expected_path = THIDUA_SOURCE_DIR "/" + dir + "expected.json";
  if (std::getenv("THIDUA_UPDATE_GOLDEN")) std::ofstream(expected_path, std::ios::binary) << actual;
  EXPECT_EQ(actual, slurp(expected_path)) << "regenerate with THIDUA_UPDATE_GOLDEN=1 after checking the change";
  // Greedy would take P19 and P20 (ranks 8 and 9) and then have no room for the đơn vị sự
  // nghiệp and the second woman, who come at ranks 12 and 16.
  EXPECT_EQ(selected(json::parse(actual), "giay_khen"), (Ids{"P12", "P09", "P05", "P11", "P24", "P06"}));
}

}  // namespace
