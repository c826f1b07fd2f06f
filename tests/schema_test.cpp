// thidua::input_schema: the JSON Schema of a policy's input follows the policy's entities,
// fields, types and enum values as the binder reads them (tests/integration/test_schema.py
// validates real data against it).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "thidua/thidua.hpp"

namespace {

using nlohmann::ordered_json;

const char* const policy_text = R"(policy "Kế hoạch <thử>" issuer "Sở Nội vụ"
scale Level "Mức" { high "Cao" low "Thấp" }
single entity Office "Cơ quan" from office { level: Level }
entity Team from teams { size: int  tags: set of text }
entity Member "Thành viên" from members {
  team: Team "Thuộc đội"
  points: decimal "Điểm"
  active: bool
  skills: set of enum { a "Kỹ năng A", b "Kỹ năng B" } "Kỹ năng"
}
award prize "Giải" { for Member { require active rank by points desc at most 1 } }
)";

const ordered_json& schema() {
  static const ordered_json s = thidua::input_schema(thidua::Policy::compile(policy_text, "p.thidua"));
  return s;
}

TEST(Schema, IsDraft2020_12WithThePolicysTitle) {
  EXPECT_EQ(schema()["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(schema()["title"], "Kế hoạch <thử>");
  EXPECT_EQ(schema()["description"], "Dữ liệu đầu vào của kế hoạch \"Kế hoạch <thử>\" (Sở Nội vụ)");
  EXPECT_EQ(schema()["type"], "object");
}

TEST(Schema, OneRequiredMemberPerEntity) {
  EXPECT_EQ(schema()["required"], ordered_json::parse(R"(["office", "teams", "members"])"));
  EXPECT_EQ(schema()["properties"]["office"], ordered_json::parse(R"({"description": "Cơ quan", "$ref": "#/$defs/Office"})"));
  // An entity without a label is described by its name.
  EXPECT_EQ(schema()["properties"]["teams"],
            ordered_json::parse(R"({"description": "Team", "type": "array", "items": {"$ref": "#/$defs/Team"}})"));
}

TEST(Schema, RecordsHaveIdsExceptTheSingleEntity) {
  const auto& member = schema()["$defs"]["Member"];
  EXPECT_EQ(member["required"], ordered_json::parse(R"(["id", "team", "points", "active", "skills"])"));
  EXPECT_EQ(member["properties"]["id"]["type"], "string");
  EXPECT_EQ(member["properties"]["id"]["minLength"], 1);
  EXPECT_FALSE(schema()["$defs"]["Office"]["properties"].contains("id"));
  EXPECT_EQ(schema()["$defs"]["Office"]["required"], ordered_json::parse(R"(["level"])"));
}

TEST(Schema, FieldTypesAndLabels) {
  const auto& p = schema()["$defs"]["Member"]["properties"];
  EXPECT_EQ(p["points"], ordered_json::parse(R"({"description": "Điểm", "type": "number"})"));
  EXPECT_EQ(p["active"], ordered_json::parse(R"({"description": "active", "type": "boolean"})"));
  EXPECT_EQ(p["team"]["type"], "string");
  EXPECT_EQ(p["team"]["description"], "Thuộc đội");
  EXPECT_EQ(p["team"]["$comment"], "the id of a Team record");
  EXPECT_EQ(p["skills"]["type"], "array");
  EXPECT_EQ(p["skills"]["items"], ordered_json::parse(R"({"$ref": "#/$defs/Member.skills"})"));
  const auto& t = schema()["$defs"]["Team"]["properties"];
  EXPECT_EQ(t["size"]["type"], "integer");
  EXPECT_EQ(t["tags"], ordered_json::parse(R"({"description": "tags", "type": "array", "items": {"type": "string"}})"));
}

TEST(Schema, EnumsAcceptCodesThenLabels) {
  const auto& level = schema()["$defs"]["Level"];
  EXPECT_EQ(level["description"], "Mức");
  EXPECT_EQ(level["type"], "string");
  EXPECT_EQ(level["enum"], ordered_json::parse(R"(["high", "low", "Cao", "Thấp"])"));
  EXPECT_EQ(level["$comment"], "a scale, best first; an item's code or its label: high = Cao, low = Thấp");
  EXPECT_EQ(schema()["$defs"]["Member.skills"]["enum"], ordered_json::parse(R"(["a", "b", "Kỹ năng A", "Kỹ năng B"])"));
}

}  // namespace
