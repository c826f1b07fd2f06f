// The bind stage: JSON in, typed columns out, or every problem with its JSON path.
// The policy is built by hand (the shape of examples/an-giang-2026) so that these tests
// depend on the binder alone.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "src/bind/bind.hpp"
#include "src/common/text.hpp"
#include "thidua/dataset.hpp"
#include "thidua/policy.hpp"

namespace thidua {
// Printed by gtest when an assertion on issues fails.
void PrintTo(const DataIssue& issue, std::ostream* os) { *os << issue.path << ": " << issue.message; }
}  // namespace thidua

namespace {

using thidua::DataError;
using thidua::DataIssue;
using thidua::Number;
using namespace thidua::detail;
using Json = nlohmann::json;

FieldDef field(std::string name, std::string label, Type type, bool optional = false) {
  FieldDef f;
  f.name = std::move(name);
  f.label = std::move(label);
  f.type = type;
  f.optional = optional;
  return f;
}

EnumerationDef enumeration(std::string name, std::vector<EnumItemDef> items, bool ordered) {
  EnumerationDef e;
  e.name = name;
  e.label = std::move(name);
  e.ordered = ordered;
  e.items = std::move(items);
  return e;
}

EntityDef entity(std::string name, std::string source, bool single, std::vector<FieldDef> fields) {
  EntityDef e;
  e.label = name;
  e.name = std::move(name);
  e.source = std::move(source);
  e.single = single;
  e.fields = std::move(fields);
  return e;
}

// Board (single), Unit and Person as in the example policy, with two optional fields.
std::shared_ptr<const CompiledPolicy> make_policy() {
  auto p = std::make_shared<CompiledPolicy>(SourceFile("test.thidua", ""));
  p->enumerations.push_back(enumeration("Rating",
                                        {{"xuat_sac", "Xuất sắc"},
                                         {"tot", "Tốt"},
                                         {"kha", "Khá"},
                                         {"trung_binh", "Trung bình"},
                                         {"yeu", "Yếu"}},
                                        true));
  p->enumerations.push_back(enumeration(
      "Unit.kind", {{"phong", "Phòng chuyên môn"}, {"don_vi_su_nghiep", "Đơn vị sự nghiệp công lập"}}, false));
  p->enumerations.push_back(enumeration("Person.contributions",
                                        {{"tham_muu", "Tham mưu"},
                                         {"chuyen_doi_so", "Chuyển đổi số"},
                                         {"thu_tuc_hanh_chinh", "Giải quyết thủ tục hành chính"}},
                                        false));
  p->entities.push_back(entity("Board", "board", true, {field("par_index", "PAR INDEX", {Type::enumeration, 0})}));
  p->entities.push_back(entity("Unit", "units", false,
                               {field("name", "Tên tập thể", {Type::text}),
                                field("kind", "Loại tập thể", {Type::enumeration, 1}),
                                field("complies", "Chấp hành", {Type::boolean}),
                                field("tasks_rating", "Mức hoàn thành", {Type::enumeration, 0}),
                                field("recognized_initiatives", "Số sáng kiến", {Type::integer}),
                                field("score", "Điểm thi đua", {Type::decimal}),
                                field("note", "note", {Type::text}, true)}));
  p->entities.push_back(entity("Person", "persons", false,
                               {field("name", "Họ và tên", {Type::text}),
                                field("unit", "Thuộc tập thể", {Type::entity, 1}),
                                field("disciplined", "Bị kỷ luật", {Type::boolean}),
                                field("initiatives", "Số sáng kiến", {Type::integer}),
                                field("titles", "Danh hiệu", {Type::text_set}),
                                field("contributions", "Đóng góp", {Type::enum_set, 2}),
                                field("score", "Điểm thi đua", {Type::decimal}),
                                field("bonus", "Điểm thưởng", {Type::decimal}, true)}));
  return p;
}

const std::shared_ptr<const CompiledPolicy>& policy() {
  static const auto p = make_policy();
  return p;
}

// A valid input: two units, two persons (who refer forwards: nlohmann::json sorts members,
// so "persons" comes before "units", and "id" is not the first member of a record).
Json base() {
  return Json::parse(R"({
    "board": {"par_index": "Xuất sắc"},
    "units": [
      {"id": "VP", "name": "Văn phòng", "kind": "phong", "complies": true, "tasks_rating": "Tốt",
       "recognized_initiatives": 2, "score": 96.5, "note": "ghi chú"},
      {"id": "QLDT", "name": "Phòng Quản lý đầu tư", "kind": "Đơn vị sự nghiệp công lập",
       "complies": false, "tasks_rating": "xuat_sac", "recognized_initiatives": -1, "score": 97,
       "note": null}
    ],
    "persons": [
      {"id": "P001", "name": "Nguyễn Văn A", "unit": "VP", "disciplined": false, "initiatives": 1,
       "titles": ["Lao động tiên tiến"], "contributions": ["tham_muu"], "score": 92.75, "bonus": 1.5},
      {"id": "P002", "name": "Trần Thị B", "unit": "QLDT", "disciplined": true, "initiatives": 0,
       "titles": [], "contributions": [], "score": 80}
    ]
  })");
}

// The base input with some values replaced (raw JSON text) or removed (nullopt).
std::string edit(std::vector<std::pair<std::string, std::optional<std::string>>> edits) {
  Json doc = base();
  for (auto& [path, value] : edits) {
    const Json::json_pointer pointer(path);
    if (value) doc[pointer] = Json::parse(*value);
    else doc[pointer.parent_pointer()].erase(pointer.back());
  }
  return doc.dump();
}

// The base input with one value replaced by raw text that nlohmann::json would not keep exact.
std::string edit_raw(const std::string& path, const std::string& raw) {
  std::string text = edit({{path, "\"@raw@\""}});
  return text.replace(text.find("\"@raw@\""), 7, raw);
}

std::shared_ptr<const DatasetData> bind_text(std::string_view json) { return bind_json(policy(), json, "test.json"); }

// The issues of input that must not bind.
std::vector<DataIssue> issues_of(std::string_view json) {
  try {
    bind_text(json);
  } catch (const DataError& e) {
    EXPECT_EQ(e.source_name(), "test.json");
    return e.issues();
  }
  ADD_FAILURE() << "bound without error";
  return {};
}

// The tables give the English text; every issue must also have its Vietnamese one.
std::vector<DataIssue> in_english(std::vector<DataIssue> issues) {
  for (auto& issue : issues) {
    EXPECT_FALSE(issue.message_vi.empty()) << "untranslated: " << issue.message;
    EXPECT_NE(issue.message_vi, issue.message) << "untranslated: " << issue.message;
    issue.message_vi.clear();
  }
  return issues;
}

std::uint32_t code(const DatasetData& d, int e, const char* field, std::uint32_t record) {
  const auto& def = d.policy->entities[static_cast<std::size_t>(e)];
  return d.tables[static_cast<std::size_t>(e)].columns[static_cast<std::size_t>(def.field_index(field))].codes[record];
}
const Column& column(const DatasetData& d, int e, const char* field) {
  const auto& def = d.policy->entities[static_cast<std::size_t>(e)];
  return d.tables[static_cast<std::size_t>(e)].columns[static_cast<std::size_t>(def.field_index(field))];
}
std::vector<std::uint32_t> set_of(const Column& c, std::uint32_t record) {
  return {c.set_values.begin() + c.set_offsets[record], c.set_values.begin() + c.set_offsets[record + 1]};
}
constexpr int board = 0, unit = 1, person = 2;

const std::string rating_values =
    R"(xuat_sac "Xuất sắc", tot "Tốt", kha "Khá", trung_binh "Trung bình", yeu "Yếu")";
const std::string contribution_values =
    R"(tham_muu "Tham mưu", chuyen_doi_so "Chuyển đổi số", thu_tuc_hanh_chinh "Giải quyết thủ tục hành chính")";

// --- the good input, column by column --------------------------------------------------------

TEST(Bind, FillsEveryColumnExactly) {
  const std::string text = edit({});
  const auto d = bind_text(text);
  EXPECT_EQ(d->source_name, "test.json");
  EXPECT_EQ(d->sha256, sha256_hex(text));
  EXPECT_TRUE(d->warnings.empty());
  ASSERT_EQ(d->tables.size(), 3u);

  const Table& b = d->tables[board];
  EXPECT_EQ(b.size, 1u);
  EXPECT_TRUE(b.ids.empty());
  EXPECT_EQ(b.columns[0].codes, std::vector<std::uint32_t>{0});

  const Table& u = d->tables[unit];
  EXPECT_EQ(u.size, 2u);
  EXPECT_EQ(u.ids, (std::vector<std::string>{"VP", "QLDT"}));
  EXPECT_EQ(d->texts.text(code(*d, unit, "name", 0)), "Văn phòng");
  EXPECT_EQ(d->texts.text(code(*d, unit, "name", 1)), "Phòng Quản lý đầu tư");
  EXPECT_EQ(column(*d, unit, "kind").codes, (std::vector<std::uint32_t>{0, 1}));  // code, then label
  EXPECT_EQ(column(*d, unit, "complies").flags, (std::vector<std::uint8_t>{1, 0}));
  EXPECT_EQ(column(*d, unit, "tasks_rating").codes, (std::vector<std::uint32_t>{1, 0}));
  EXPECT_EQ(column(*d, unit, "recognized_initiatives").numbers.to_vector(), (std::vector<Number>{2, -1}));
  EXPECT_EQ(column(*d, unit, "score").numbers.to_vector(), (std::vector<Number>{Number(193, 2), 97}));
  EXPECT_TRUE(column(*d, unit, "score").present.empty());  // required: no presence flags
  EXPECT_EQ(column(*d, unit, "note").present, (std::vector<std::uint8_t>{1, 0}));
  EXPECT_EQ(d->texts.text(code(*d, unit, "note", 0)), "ghi chú");

  const Table& p = d->tables[person];
  EXPECT_EQ(p.size, 2u);
  EXPECT_EQ(p.ids, (std::vector<std::string>{"P001", "P002"}));
  EXPECT_EQ(column(*d, person, "unit").codes, (std::vector<std::uint32_t>{0, 1}));  // record indices
  EXPECT_EQ(column(*d, person, "disciplined").flags, (std::vector<std::uint8_t>{0, 1}));
  EXPECT_EQ(column(*d, person, "initiatives").numbers.to_vector(), (std::vector<Number>{1, 0}));
  EXPECT_EQ(column(*d, person, "score").numbers.to_vector(), (std::vector<Number>{Number(9275, 100), 80}));
  EXPECT_EQ(column(*d, person, "bonus").numbers[0], Number(3, 2));
  EXPECT_EQ(column(*d, person, "bonus").present, (std::vector<std::uint8_t>{1, 0}));
  const Column& titles = column(*d, person, "titles");
  EXPECT_EQ(titles.set_offsets, (std::vector<std::uint32_t>{0, 1, 1}));
  ASSERT_EQ(titles.set_values.size(), 1u);
  EXPECT_EQ(d->texts.text(titles.set_values[0]), "Lao động tiên tiến");
  EXPECT_EQ(d->texts.find("Lao động tiên tiến"), titles.set_values[0]);
  const Column& contributions = column(*d, person, "contributions");
  EXPECT_EQ(contributions.set_offsets, (std::vector<std::uint32_t>{0, 1, 1}));
  EXPECT_EQ(contributions.set_values, std::vector<std::uint32_t>{0});

  using Where = std::pair<std::int32_t, std::uint32_t>;
  EXPECT_EQ(d->records_by_id.size(), 4u);
  EXPECT_EQ(d->records_by_id.at("VP"), (Where{unit, 0}));
  EXPECT_EQ(d->records_by_id.at("QLDT"), (Where{unit, 1}));
  EXPECT_EQ(d->records_by_id.at("P002"), (Where{person, 1}));
}

TEST(Bind, EmptyListsGiveEmptyTables) {
  const auto d = bind_text(R"({"board": {"par_index": "yeu"}, "units": [], "persons": []})");
  EXPECT_EQ(d->tables[unit].size, 0u);
  EXPECT_EQ(d->tables[person].size, 0u);
  EXPECT_EQ(column(*d, person, "titles").set_offsets, std::vector<std::uint32_t>{0});
  EXPECT_EQ(d->tables[board].columns[0].codes, std::vector<std::uint32_t>{4});
}

TEST(Bind, SetsAreSortedAndWithoutRepeats) {
  const auto d = bind_text(edit({{"/persons/0/titles", R"(["b", "a", "b", "c", "a"])"},
                            {"/persons/0/contributions", R"(["thu_tuc_hanh_chinh", "tham_muu", "Tham mưu"])"},
                            {"/persons/1/titles", R"(["c", "c"])"}}));
  const Column& titles = column(*d, person, "titles");
  EXPECT_EQ(titles.set_offsets, (std::vector<std::uint32_t>{0, 3, 4}));
  const auto first = set_of(titles, 0);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_TRUE(std::is_sorted(first.begin(), first.end()));
  std::vector<std::string> texts;
  for (const auto id : first) texts.push_back(d->texts.text(id));
  EXPECT_THAT(texts, testing::UnorderedElementsAre("a", "b", "c"));
  EXPECT_EQ(set_of(titles, 1), std::vector<std::uint32_t>{*d->texts.find("c")});
  EXPECT_EQ(set_of(column(*d, person, "contributions"), 0), (std::vector<std::uint32_t>{0, 2}));
}

// Vietnamese text often arrives decomposed (NFD): it is read as NFC everywhere.
TEST(Bind, DecomposedTextIsNormalised) {
  const std::string nfd_xuat_sac = "Xua\u0302\u0301t sa\u0306\u0301c";  // "Xuất sắc", decomposed
  const std::string nfd_name = "Nguye\u0302\u0303n Va\u0306n A";        // "Nguyễn Văn A"
  ASSERT_NE(nfd_xuat_sac, "Xuất sắc");
  const auto d = bind_text(edit({{"/board/par_index", Json(nfd_xuat_sac).dump()},
                            {"/persons/0/name", Json(nfd_name).dump()},
                            {"/persons/0/titles", Json({"La\u0302\u0300u", "Lầu"}).dump()},
                            {"/units/0/id", Json("Ve\u0302").dump()},
                            {"/persons/0/unit", Json("Vê").dump()}}));
  EXPECT_EQ(d->tables[board].columns[0].codes, std::vector<std::uint32_t>{0});
  EXPECT_EQ(d->texts.text(code(*d, person, "name", 0)), "Nguyễn Văn A");
  EXPECT_EQ(set_of(column(*d, person, "titles"), 0), std::vector<std::uint32_t>{*d->texts.find("Lầu")});
  EXPECT_EQ(d->tables[unit].ids[0], "Vê");
  EXPECT_EQ(code(*d, person, "unit", 0), 0u);
}

TEST(Bind, NumbersAreReadExactlyFromTheirText) {
  const std::string text = R"({"board": {"par_index": "tot"}, "persons": [], "units": [
    {"id": "A", "name": "a", "kind": "phong", "complies": true, "tasks_rating": "tot",
     "recognized_initiatives": 123456789012345678901234567890, "score": 1e400},
    {"id": "B", "name": "b", "kind": "phong", "complies": true, "tasks_rating": "tot",
     "recognized_initiatives": -9223372036854775808, "score": 0.1},
    {"id": "C", "name": "c", "kind": "phong", "complies": true, "tasks_rating": "tot",
     "recognized_initiatives": 18446744073709551615, "score": -2.5E-3}]})";
  const auto d = bind_text(text);
  const auto& initiatives = column(*d, unit, "recognized_initiatives").numbers;
  EXPECT_EQ(initiatives[0], Number(thidua::Integer("123456789012345678901234567890")));
  EXPECT_EQ(initiatives[1], Number(std::numeric_limits<std::int64_t>::min()));
  EXPECT_EQ(initiatives[2], Number(std::numeric_limits<std::uint64_t>::max()));
  const auto& score = column(*d, unit, "score").numbers;
  EXPECT_EQ(score[0], Number(thidua::Integer("1" + std::string(400, '0'))));
  EXPECT_EQ(score[1], Number(1, 10));
  EXPECT_EQ(score[2], Number(-25, 10000));
}

TEST(Bind, ByteOrderMarkIsSkipped) {
  const std::string text = "\xEF\xBB\xBF" + edit({});
  const auto d = bind_text(text);
  EXPECT_EQ(d->tables[person].size, 2u);
  EXPECT_EQ(d->sha256, sha256_hex(text));  // of the bytes as given
}

TEST(Bind, UnknownMembersAreWarnedOncePerEntityAndName) {
  const auto d = bind_text(edit({{"/extra", "[1, 2]"},
                            {"/units/0/foo", "1"},
                            {"/units/1/foo", "{\"deep\": [1]}"},
                            {"/units/1/bar", "null"},
                            {"/persons/1/foo", "true"},
                            {"/board/id", "\"B\""}}));
  EXPECT_EQ(in_english(d->warnings), (std::vector<DataIssue>{
                             {"/board/id", R"(unknown field "id" of Board (ignored))"},
                             {"/extra", R"(unknown member "extra" (no entity reads it; ignored))"},
                             {"/persons/1/foo", R"(unknown field "foo" of Person (ignored))"},
                             {"/units/0/foo", R"(unknown field "foo" of Unit (ignored))"},
                             {"/units/1/bar", R"(unknown field "bar" of Unit (ignored))"},
                         }));
  EXPECT_EQ(d->tables[unit].size, 2u);
}

TEST(Bind, DatasetAccessors) {
  const thidua::Dataset data(bind_text(edit({{"/extra", "1"}})));
  EXPECT_EQ(data.source_name(), "test.json");
  EXPECT_EQ(data.sha256().size(), 64u);
  EXPECT_EQ(data.warnings().size(), 1u);
  EXPECT_EQ(data.size("Board"), 1u);
  EXPECT_EQ(data.size("Unit"), 2u);
  EXPECT_EQ(data.size("Person"), 2u);
  EXPECT_THROW(data.size("Nobody"), std::out_of_range);
}

TEST(Model, Lookups) {
  const CompiledPolicy& p = *policy();
  EXPECT_EQ(p.entity_index("Person"), person);
  EXPECT_EQ(p.entity_index("person"), -1);
  EXPECT_EQ(p.entities[person].field_index("titles"), 4);
  EXPECT_EQ(p.entities[person].field_index("id"), -1);
  EXPECT_EQ(p.enumerations[0].find("kha"), 2);
  EXPECT_EQ(p.enumerations[0].find("Khá"), 2);
  EXPECT_EQ(p.enumerations[0].find("Kha"), -1);
  EXPECT_EQ(p.award_index("giay_khen"), -1);
}

// --- bad input: every problem, exactly -------------------------------------------------------

struct BadCase {
  std::string name;
  std::string json;
  std::vector<DataIssue> expected;
};
void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class BindRejects : public testing::TestWithParam<BadCase> {};

TEST_P(BindRejects, WithTheseIssues) { EXPECT_EQ(in_english(issues_of(GetParam().json)), GetParam().expected); }

std::string repeated(const std::string& text, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

std::vector<BadCase> bad_cases() {
  const std::string digits = "1." + std::string(4999, '2');
  const std::string huge = "1" + std::string(5000, '0');
  const std::string long_text(100, 'x');
  return {
      // wrong JSON type, field type by field type
      {"BooleanGivenText", edit({{"/units/0/complies", "\"yes\""}}),
       {{"/units/0/complies", R"(expected a boolean, got "yes")"}}},
      {"BooleanGivenNumber", edit({{"/persons/1/disciplined", "0"}}),
       {{"/persons/1/disciplined", "expected a boolean, got 0"}}},
      {"IntegerGivenFraction", edit({{"/units/0/recognized_initiatives", "1.5"}}),
       {{"/units/0/recognized_initiatives", "expected an integer, got 1.5"}}},
      {"IntegerGivenWholeFloat", R"({"board": {"par_index": "tot"}, "persons": [], "units": [{"id": "A",
          "name": "a", "kind": "phong", "complies": true, "tasks_rating": "tot",
          "recognized_initiatives": 1.0, "score": 1}]})",
       {{"/units/0/recognized_initiatives", "expected an integer, got 1.0"}}},
      {"IntegerGivenText", edit({{"/units/0/recognized_initiatives", "\"3\""}}),
       {{"/units/0/recognized_initiatives", R"(expected an integer, got "3")"}}},
      {"DecimalGivenText", edit({{"/units/0/score", "\"abc\""}}),
       {{"/units/0/score", R"(expected a decimal, got "abc")"}}},
      {"DecimalGivenNull", edit({{"/persons/0/score", "null"}}),
       {{"/persons/0/score", "expected a decimal, got null"}}},
      {"DecimalGivenObject", edit({{"/persons/0/score", R"({"value": [1, 2.5, "x"], "b": {}})"}}),
       {{"/persons/0/score", R"(expected a decimal, got {"b":{},"value":[1,2.5,"x"]})"}}},
      {"TextGivenNumber", edit({{"/units/0/name", "3"}}), {{"/units/0/name", "expected text, got 3"}}},
      {"LongValueIsShortened", edit({{"/units/0/name", Json(std::vector<std::string>(3, long_text)).dump()}}),
       {{"/units/0/name", "expected text, got [\"" + std::string(58, 'x') + "…"}}},
      {"TextSetGivenText", edit({{"/persons/0/titles", "\"Lao động tiên tiến\""}}),
       {{"/persons/0/titles", R"(expected an array of text, got "Lao động tiên tiến")"}}},
      {"TextSetElementGivenNumber", edit({{"/persons/0/titles", R"(["a", 3, ["b"]])"}}),
       {{"/persons/0/titles/1", "expected text, got 3"}, {"/persons/0/titles/2", R"(expected text, got ["b"])"}}},
      {"EnumSetGivenObject", edit({{"/persons/0/contributions", R"({"a": 1})"}}),
       {{"/persons/0/contributions", R"(expected an array of Person.contributions values, got {"a":1})"}}},
      {"EntityGivenNumber", edit({{"/persons/0/unit", "5"}}),
       {{"/persons/0/unit", "expected the id of a Unit, got 5"}}},
      {"IdGivenNumber", edit({{"/units/1/id", "7"}, {"/persons/1/unit", "\"VP\""}}),
       {{"/units/1/id", "expected a non-empty string id, got 7"}}},
      {"IdEmpty", edit({{"/persons/1/id", "\"\""}}), {{"/persons/1/id", R"(expected a non-empty string id, got "")"}}},

      // enumerations
      {"UnknownRating", edit({{"/units/0/tasks_rating", "\"Tot\""}}),
       {{"/units/0/tasks_rating", "expected one of " + rating_values + R"(; got "Tot")"}}},
      {"RatingGivenNumber", edit({{"/board/par_index", "1"}}),
       {{"/board/par_index", "expected one of " + rating_values + "; got 1"}}},
      {"UnknownInlineEnum", edit({{"/units/1/kind", "\"phòng\""}}),
       {{"/units/1/kind",
         R"(expected one of phong "Phòng chuyên môn", don_vi_su_nghiep "Đơn vị sự nghiệp công lập"; got "phòng")"}}},
      {"UnknownEnumSetElement", edit({{"/persons/0/contributions", R"(["tham_muu", "khac"])"}}),
       {{"/persons/0/contributions/1", "expected one of " + contribution_values + R"(; got "khac")"}}},

      // ids and references
      {"DuplicateIdAcrossEntities", edit({{"/persons/0/id", "\"VP\""}}),
       // The id names the first record that had it: the reference then finds a Person.
       {{"/units/0/id", R"(duplicate id "VP" (also at /persons/0/id))"},
        {"/persons/0/unit", R"(no Unit with id "VP" (that id is a Person))"}}},
      {"DuplicateIdInOneList", edit({{"/persons/1/id", "\"P001\""}}),
       {{"/persons/1/id", R"(duplicate id "P001" (also at /persons/0/id))"}}},
      {"DuplicateIdAfterNfc", edit({{"/persons/0/id", Json("\u00C1").dump()}, {"/persons/1/id", Json("A\u0301").dump()}}),
       {{"/persons/1/id", R"(duplicate id "Á" (also at /persons/0/id))"}}},
      {"DanglingUnit", edit({{"/persons/1/unit", "\"XX\""}}), {{"/persons/1/unit", R"(no Unit with id "XX")"}}},
      {"UnitIdOfAPerson", edit({{"/persons/1/unit", "\"P001\""}}),
       {{"/persons/1/unit", R"(no Unit with id "P001" (that id is a Person))"}}},

      // missing things
      {"MissingField", edit({{"/units/0/score", std::nullopt}}),
       {{"/units/0", R"(missing field "score" (Điểm thi đua))"}}},
      {"MissingId", edit({{"/persons/1/id", std::nullopt}}), {{"/persons/1", R"(missing field "id")"}}},
      {"MissingList", edit({{"/persons", std::nullopt}}),
       {{"/persons", "missing; expected an array of Person records"}}},
      {"MissingSingle", edit({{"/board", std::nullopt}}),
       {{"/board", "missing; expected an object (the Board record)"}}},
      {"ListGivenObject", edit({{"/units", "{}"}}),
       {{"/units", "expected an array of Unit records, got {}"},
        {"/persons/0/unit", R"(no Unit with id "VP")"},
        {"/persons/1/unit", R"(no Unit with id "QLDT")"}}},
      {"SingleGivenArray", edit({{"/board", "[]"}}), {{"/board", "expected an object (the Board record), got []"}}},
      {"RecordGivenNumber", edit({{"/units/1", "5"}, {"/persons/1/unit", "\"VP\""}}),
       {{"/units/1", "expected an object (a Unit record), got 5"}}},
      {"DuplicateMember",
       R"({"board": {"par_index": "tot", "par_index": "kha"}, "board": {}, "units": [], "persons": []})",
       {{"/board/par_index", R"(duplicate member "par_index")"}, {"/board", R"(duplicate member "board")"}}},

      // numbers out of bounds
      {"ExponentBeyondBound", edit_raw("/units/0/score", "1e4500"),
       {{"/units/0/score", "expected a decimal within bounds, got 1e4500"}}},
      {"FiveThousandDigitFraction", edit_raw("/units/0/score", digits),
       {{"/units/0/score", "expected a decimal within bounds, got " + digits.substr(0, 60) + "…"}}},
      {"FiveThousandDigitInteger", R"({"units": [{"score": )" + huge + "}]}",
       {{"/units/0/score", "number out of bounds, got " + huge.substr(0, 60) + "… (byte 5022); the rest of the input was not read"}}},

      // input that is not JSON, or not an object
      {"Empty", "", {{"", "empty input; expected a JSON object"}}},
      {"OnlySpace", " \n\t ", {{"", "empty input; expected a JSON object"}}},
      {"OnlyByteOrderMark", "\xEF\xBB\xBF", {{"", "empty input; expected a JSON object"}}},
      {"NotAnObject", "[1, {\"a\": null}]",
       {{"", R"(expected a JSON object with the members board, units, persons, got [1,{"a":null}])"}}},
      {"NotJson", "{\"board\": {\"par_index\": tot}}",
       {{"/board/par_index",
         "invalid JSON (byte 26): parse error at line 1, column 26: syntax error while parsing value - "
         "invalid literal; last read: '\"par_index\": to'"}}},
      // Problems before a syntax error are real and reported; nothing after it is checked.
      {"Truncated", "{\"units\": [{\"id\": \"A\", \"name\": \"a\", \"kind\": \"phong\", \"complies\": true, "
                    "\"tasks_rating\": \"tot\", \"recognized_initiatives\": 1}, ",
       {{"/units/0", R"(missing field "score" (Điểm thi đua))"},
        {"/units/1",
         "invalid JSON (byte 125): parse error at line 1, column 125: syntax error while parsing value - "
         "unexpected end of input; expected '[', '{', or a literal"}}},
      {"TrailingText", edit({}) + " x",
       {{"", "invalid JSON (byte " + std::to_string(edit({}).size() + 2) + "): parse error at line 1, column " +
                 std::to_string(edit({}).size() + 2) +
                 ": syntax error while parsing value - invalid literal; last read: '\"xuat_sac\"}]} x'; "
                 "expected end of input"}}},
      {"InvalidUtf8", "{\"units\": [{\"name\": \"Nguy\xC3\"}]}",
       {{"/units/0/name", "invalid UTF-8 in a string (byte 27); the rest of the input was not read"}}},
      {"DeepNesting", "{\"units\": " + std::string(100000, '['),
       {{"/units" + repeated("/0", 63), "nesting deeper than 64 levels; the rest of the input was not read"}}},

      // several problems at once, in input order, then what only the end can tell
      {"AllProblemsTogether",
       edit({{"/board/par_index", "\"good\""},
             {"/persons/0/score", "\"92,5\""},
             {"/persons/0/unit", "\"NONE\""},
             {"/persons/1/name", std::nullopt},
             {"/units/1/complies", "1"}}),
       {{"/board/par_index", "expected one of " + rating_values + R"(; got "good")"},
        {"/persons/0/score", R"(expected a decimal, got "92,5")"},
        {"/persons/1", R"(missing field "name" (Họ và tên))"},
        {"/units/1/complies", "expected a boolean, got 1"},
        {"/persons/0/unit", R"(no Unit with id "NONE")"}}},
  };
}

INSTANTIATE_TEST_SUITE_P(Bind, BindRejects, testing::ValuesIn(bad_cases()),
                         [](const testing::TestParamInfo<BadCase>& info) { return info.param.name; });

TEST(Bind, ManyProblemsAreCapped) {
  Json doc = base();
  for (int i = 0; i < 150; ++i) {
    Json unit_record = doc["units"][0];
    unit_record["id"] = "U" + std::to_string(i);
    unit_record["score"] = "bad";
    doc["units"].push_back(unit_record);
  }
  const auto issues = in_english(issues_of(doc.dump()));
  ASSERT_EQ(issues.size(), 101u);
  EXPECT_EQ(issues[0], (DataIssue{"/units/2/score", R"(expected a decimal, got "bad")"}));
  EXPECT_EQ(issues[99], (DataIssue{"/units/101/score", R"(expected a decimal, got "bad")"}));
  EXPECT_EQ(issues[100], (DataIssue{"", "… and 50 more problems"}));
}

TEST(Bind, DataErrorNamesTheSourceAndFirstProblem) {
  try {
    bind_text(edit({{"/units/0/score", "true"}}));
    FAIL() << "bound without error";
  } catch (const DataError& e) {
    EXPECT_STREQ(e.what(), "test.json: /units/0/score: expected a decimal, got true");
  }
}

// Policy authors read Vietnamese: the same problems, word for word in Vietnamese.
TEST(Bind, ProblemsReadInVietnamese) {
  try {
    bind_text(edit({{"/units/0/score", "true"}, {"/persons/0/unit", "\"XX\""}, {"/persons/1/titles", "3"}}));
    FAIL() << "bound without error";
  } catch (const DataError& e) {
    EXPECT_EQ(e.message(thidua::Language::vi),
              "test.json: /persons/1/titles: cần một mảng các chuỗi văn bản, nhận được 3\n"
              "test.json: /units/0/score: cần một số, nhận được true\n"
              "test.json: /persons/0/unit: không có Unit nào có id \"XX\"\n");
    EXPECT_EQ(e.message(thidua::Language::en),
              "test.json: /persons/1/titles: expected an array of text, got 3\n"
              "test.json: /units/0/score: expected a decimal, got true\n"
              "test.json: /persons/0/unit: no Unit with id \"XX\"\n");
  }
}

// The public entry points, on the example policy (compiled by the checker) and its data.
TEST(BindExample, LoadsTheExampleData) {
  const std::string dir = THIDUA_SOURCE_DIR "/examples/an-giang-2026/";
  const auto policy = thidua::Policy::load(dir + "policy.thidua");
  const auto data = thidua::Dataset::load_json(policy, dir + "data.json");
  const Json doc = Json::parse(read_file(dir + "data.json"));
  EXPECT_EQ(data.source_name(), dir + "data.json");
  EXPECT_EQ(data.sha256(), sha256_hex(read_file(dir + "data.json")));
  EXPECT_TRUE(data.warnings().empty());
  EXPECT_EQ(data.size("Board"), 1u);
  EXPECT_EQ(data.size("Unit"), doc["units"].size());
  EXPECT_EQ(data.size("Person"), doc["persons"].size());
  EXPECT_EQ(data.data().records_by_id.size(), doc["units"].size() + doc["persons"].size());
}

TEST(BindExample, FromJsonNamesTheSource) {
  const auto policy = thidua::Policy::load(THIDUA_SOURCE_DIR "/examples/an-giang-2026/policy.thidua");
  try {
    thidua::Dataset::from_json(policy, R"({"board": {"par_index": "Tốt"}, "units": [], "persons": 1})", "inline");
    FAIL() << "bound without error";
  } catch (const DataError& e) {
    EXPECT_EQ(e.source_name(), "inline");
    EXPECT_EQ(in_english(e.issues()),
              (std::vector<DataIssue>{{"/persons", "expected an array of Person records, got 1"}}));
  }
  EXPECT_THROW(thidua::Dataset::load_json(policy, THIDUA_TEST_DIR "/data/bind/no-such-file.json"), thidua::Error);
}

}  // namespace

// NumberColumn keeps 64-bit fractions in 16 bytes and anything else whole: both read back exactly,
// and a value can be replaced by one of the other kind.
TEST(NumberColumn, KeepsEveryValueExactly) {
  using thidua::Integer;
  const std::vector<Number> values = {
      0, -1, Number(9275, 100), Number(1, 3), Number(std::numeric_limits<std::int64_t>::max()),
      Number(std::numeric_limits<std::int64_t>::min()), Number(Integer("123456789012345678901234567890"), 7),
      Number(1, Integer("1" + std::string(30, '0'))), Number(-7, std::numeric_limits<std::int64_t>::max())};
  thidua::detail::NumberColumn column;
  for (const auto& v : values) column.push_back(v);
  EXPECT_EQ(column.to_vector(), values);
  EXPECT_EQ(column.fraction(2), std::make_pair(std::int64_t{371}, std::int64_t{4}));
  EXPECT_EQ(column.fraction(5), std::nullopt);  // -2^63: its magnitude does not fit
  EXPECT_EQ(column.fraction(6), std::nullopt);
  thidua::detail::NumberColumn replaced;
  replaced.resize(values.size());
  EXPECT_EQ(replaced[3], 0);
  for (std::size_t r = 0; r < values.size(); ++r) replaced.set(r, values[values.size() - 1 - r]);
  for (std::size_t r = 0; r < values.size(); ++r) replaced.set(r, values[r]);
  EXPECT_EQ(replaced, column);
  replaced.set(0, 5);
  EXPECT_FALSE(replaced == column);
  thidua::detail::NumberColumn both = column;
  both.append(replaced);
  std::vector<Number> expected = values;
  for (const auto& v : replaced.to_vector()) expected.push_back(v);
  EXPECT_EQ(both.to_vector(), expected);
}
