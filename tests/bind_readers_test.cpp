// The two JSON readers of the bind stage give the same data: simdjson's fast path
// (src/bind/bind_json_fast.cpp) on clean input, nlohmann's binder on everything. On input with
// anything to report the fast path must decline, so that every message is nlohmann's binder's.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "src/bind/bind.hpp"
#include "src/bind/values.hpp"
#include "src/common/text.hpp"
#include "thidua/policy.hpp"
#ifdef THIDUA_HAVE_SIMDJSON
#include <unistd.h>

#include "src/bind/bind_json_fast.hpp"
#endif

namespace {

using namespace thidua::detail;
using thidua::DataError;
using thidua::DataIssue;

FieldDef field(std::string name, Type type, bool optional = false) {
  FieldDef f;
  f.label = name;
  f.name = std::move(name);
  f.type = type;
  f.optional = optional;
  return f;
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

EnumerationDef enumeration(std::string name, std::vector<EnumItemDef> items) {
  EnumerationDef e;
  e.name = name;
  e.label = std::move(name);
  e.items = std::move(items);
  return e;
}

// Every kind of field, optional ones among them (the checker does not admit those in policy
// text yet, so the policy is built by hand).
std::shared_ptr<const CompiledPolicy> every_kind_policy() {
  auto p = std::make_shared<CompiledPolicy>(SourceFile("test.thidua", ""));
  p->enumerations.push_back(enumeration("Rating", {{"xuat_sac", "Xuất sắc"}, {"tot", "Tốt"}, {"kha", "Khá"}}));
  p->enumerations.push_back(enumeration("Topic", {{"tham_muu", "Tham mưu"}, {"chuyen_doi_so", "Chuyển đổi số"}}));
  p->entities.push_back(entity("Board", "board", true, {field("par_index", {Type::enumeration, 0})}));
  p->entities.push_back(entity("Unit", "units", false,
                               {field("name", {Type::text}), field("score", {Type::decimal}),
                                field("note", {Type::text}, true)}));
  p->entities.push_back(entity("Person", "persons", false,
                               {field("name", {Type::text}), field("unit", {Type::entity, 1}),
                                field("mentor", {Type::entity, 2}, true), field("active", {Type::boolean}),
                                field("initiatives", {Type::integer}), field("titles", {Type::text_set}),
                                field("topics", {Type::enum_set, 1}), field("rating", {Type::enumeration, 0}),
                                field("score", {Type::decimal}), field("bonus", {Type::decimal}, true),
                                field("years", {Type::integer}, true)}));
  return p;
}

void expect_same_data(const DatasetData& fast, const DatasetData& slow) {
  EXPECT_EQ(fast.sha256, slow.sha256);
  EXPECT_EQ(fast.source_name, slow.source_name);
  ASSERT_EQ(fast.texts.size(), slow.texts.size());
  for (std::uint32_t i = 0; i < fast.texts.size(); ++i) EXPECT_EQ(fast.texts.text(i), slow.texts.text(i)) << i;
  ASSERT_EQ(fast.tables.size(), slow.tables.size());
  for (std::size_t e = 0; e < fast.tables.size(); ++e) {
    const Table& a = fast.tables[e];
    const Table& b = slow.tables[e];
    SCOPED_TRACE("entity " + std::to_string(e));
    EXPECT_EQ(a.size, b.size);
    EXPECT_EQ(a.ids, b.ids);
    EXPECT_EQ(a.id_rank, b.id_rank);
    ASSERT_EQ(a.columns.size(), b.columns.size());
    for (std::size_t f = 0; f < a.columns.size(); ++f) {
      SCOPED_TRACE("field " + std::to_string(f));
      EXPECT_EQ(a.columns[f].flags, b.columns[f].flags);
      EXPECT_EQ(a.columns[f].numbers, b.columns[f].numbers);
      EXPECT_EQ(a.columns[f].codes, b.columns[f].codes);
      EXPECT_EQ(a.columns[f].set_offsets, b.columns[f].set_offsets);
      EXPECT_EQ(a.columns[f].set_values, b.columns[f].set_values);
      EXPECT_EQ(a.columns[f].present, b.columns[f].present);
    }
  }
  EXPECT_EQ(fast.records_by_id, slow.records_by_id);
  EXPECT_EQ(fast.by_id, slow.by_id);
  ASSERT_EQ(fast.warnings.size(), slow.warnings.size());
  for (std::size_t i = 0; i < fast.warnings.size(); ++i) {
    EXPECT_EQ(fast.warnings[i].path, slow.warnings[i].path);
    EXPECT_EQ(fast.warnings[i].message, slow.warnings[i].message);
  }
}

std::vector<DataIssue> issues_of(const std::shared_ptr<const CompiledPolicy>& policy, const std::string& text,
                                 JsonReader reader) {
  try {
    bind_json(policy, text, "test.json", reader);
  } catch (const DataError& e) {
    return e.issues();
  }
  return {};
}

#ifdef THIDUA_HAVE_SIMDJSON
// The fast path reads records in chunks, on one thread or two: each way in turn, from one record
// a chunk to the whole list in one, so that cuts fall everywhere in small inputs.
struct FastWay {
  std::size_t chunk_bytes;
  bool two_threads;
};
const FastWay fast_ways[] = {{json_chunk_bytes, false}, {json_chunk_bytes, true}, {1, false},   {1, true},
                             {100, true},               {700, false},             {4000, true}};

// The fast path's data for the text, or nullopt when it declines.
std::optional<DatasetData> fast_data(const std::shared_ptr<const CompiledPolicy>& policy, const std::string& text,
                                     FastWay way) {
  std::optional<DatasetData> fast(std::in_place);
  fast->policy = policy;
  fast->source_name = "test.json";
  if (bind_json_fast(text, *fast, way.chunk_bytes, way.two_threads)) {
    order_ids(*fast);
    fast->sha256 = sha256_hex(text);
  } else {
    fast.reset();
  }
  // The same text from a file, read a block at a time: the same answer, the same data and hash.
  const auto path = std::filesystem::temp_directory_path() / ("thidua_bind_readers_" + std::to_string(::getpid()) + ".json");
  std::ofstream(path, std::ios::binary) << text;
  DatasetData from_file;
  from_file.policy = policy;
  from_file.source_name = "test.json";
  const bool file_taken = bind_json_file_fast(path.string(), text.size(), from_file, way.chunk_bytes, way.two_threads);
  std::filesystem::remove(path);
  EXPECT_EQ(file_taken, fast.has_value());
  if (file_taken && fast) {
    order_ids(from_file);
    expect_same_data(from_file, *fast);
  }
  return fast;
}
#endif

// How many of the fast ways take this text; each that does must give nlohmann's binder's data.
std::size_t fast_ways_taking(const std::shared_ptr<const CompiledPolicy>& policy, const std::string& text) {
  const auto slow = bind_json(policy, text, "test.json", JsonReader::nlohmann);
  const auto chosen = bind_json(policy, text, "test.json", JsonReader::fastest);
  expect_same_data(*chosen, *slow);
  std::size_t taking = 0;
#ifdef THIDUA_HAVE_SIMDJSON
  for (const FastWay way : fast_ways) {
    SCOPED_TRACE("chunks of " + std::to_string(way.chunk_bytes) + " bytes, " + (way.two_threads ? "two threads" : "one"));
    if (const auto fast = fast_data(policy, text, way)) {
      expect_same_data(*fast, *slow);
      ++taking;
    }
  }
#endif
  return taking;
}

// Whether the fast path took this text every way (and then that its data is nlohmann's binder's).
bool fast_path_takes(const std::shared_ptr<const CompiledPolicy>& policy, const std::string& text) {
#ifdef THIDUA_HAVE_SIMDJSON
  return fast_ways_taking(policy, text) == std::size(fast_ways);
#else
  fast_ways_taking(policy, text);
  return false;
#endif
}

bool fast_path_declines([[maybe_unused]] const std::shared_ptr<const CompiledPolicy>& policy,
                        [[maybe_unused]] const std::string& text) {
#ifdef THIDUA_HAVE_SIMDJSON
  for (const FastWay way : fast_ways)
    if (fast_data(policy, text, way)) return false;
#endif
  return true;
}

#ifdef THIDUA_HAVE_SIMDJSON
constexpr bool fast_reader_built = true;
#else
constexpr bool fast_reader_built = false;
#endif

TEST(BindReaders, BundledExamplesBindAlikeOnTheFastPath) {
  const std::filesystem::path examples = std::filesystem::path(THIDUA_SOURCE_DIR) / "examples";
  int seen = 0;
  for (const auto& dir : std::filesystem::directory_iterator(examples)) {
    if (!std::filesystem::exists(dir.path() / "data.json")) continue;
    SCOPED_TRACE(dir.path().string());
    const auto policy = thidua::Policy::load(dir.path() / "policy.thidua");
    const std::string text = read_file((dir.path() / "data.json").string());
    EXPECT_EQ(fast_path_takes(policy.shared(), text), fast_reader_built);
    ++seen;
  }
  EXPECT_GE(seen, 2);
}

// Generated input with every kind of value in the forms JSON allows: escapes, text that NFC
// changes, numbers with exponents and beyond 64 bits, nulls and missing optional members,
// repeated set elements, members in shuffled order, ids that refer forwards.
std::string generated(std::size_t persons) {
  std::uint64_t state = 20261127;
  const auto next = [&](std::uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  const char* names[] = {"Nguyễn Văn An", "Tr\\u1ea7n Th\\u1ecb B\\u00ecnh", "Le\\u0302 Va\\u0306n Cu\\u031bo\\u031b\\u0300ng",
                         "\\\"Quote\\\" \\\\ back\\/slash", "Phạm\\tTab", "Lê Thị Hồng", ""};
  const char* numbers[] = {"92.75", "0", "-0", "1e2", "9.275E+1", "1e400", "-12.5e-3", "100.000",
                           "12345678901234567890", "0.1", "99999999999999999.99", "123456789012345678901234567890.5"};
  const char* integers[] = {"0", "-0", "7", "-42", "9223372036854775807", "-9223372036854775808",
                            "18446744073709551615", "123456789012345678901234567890"};
  const char* ratings[] = {"xuat_sac", "Tốt", "kha", "Kha\\u0301", "\\u0054\\u1ed1t"};
  const char* topics[] = {"tham_muu", "Chuyển đổi số", "chuyen_doi_so"};
  const std::size_t units = persons / 10 + 1;
  std::string out = "\xEF\xBB\xBF {\"persons\" :[";
  for (std::size_t p = 0; p < persons; ++p) {
    std::vector<std::string> members;
    members.push_back("\"id\":\"P" + std::to_string(p * 7919 % 100003) + "\"");
    members.push_back("\"name\":\"" + std::string(names[next(7)]) + "\"");
    members.push_back("\"unit\":\"U" + std::to_string(next(units)) + "\"");
    if (next(3) == 0) members.push_back("\"mentor\":" + (next(2) ? "null" : "\"P" + std::to_string(next(persons) * 7919 % 100003) + "\""));
    members.push_back(std::string("\"active\":") + (next(2) ? "true" : "false"));
    members.push_back(std::string("\"initiatives\": ") + integers[next(8)]);
    std::string titles = "\"titles\":[";
    for (std::uint64_t k = 0, n = next(4); k < n; ++k) titles += (k ? ", \"" : "\"") + std::string(names[next(7)]) + "\"";
    members.push_back(titles + "]");
    std::string topic_list = "\"topics\":[";
    for (std::uint64_t k = 0, n = next(4); k < n; ++k) topic_list += (k ? "," : "") + ("\"" + std::string(topics[next(3)]) + "\"");
    members.push_back(topic_list + "]");
    members.push_back("\"rating\":\"" + std::string(ratings[next(5)]) + "\"");
    members.push_back(std::string("\"score\":") + numbers[next(12)] + "\n");
    if (next(2)) members.push_back(std::string("\"bonus\":") + (next(3) ? numbers[next(12)] : "null"));
    if (next(2)) members.push_back(std::string("\"years\":\t") + (next(3) ? integers[next(8)] : "null"));
    for (std::size_t k = members.size(); k > 1; --k) std::swap(members[k - 1], members[next(k)]);
    out += p ? ",\n {" : "\n {";
    for (std::size_t k = 0; k < members.size(); ++k) out += (k ? ", " : "") + members[k];
    out += "}";
  }
  out += "],\r\n\"units\":[";
  for (std::size_t u = 0; u < units; ++u) {
    out += (u ? "," : "") + std::string("{\"name\":\"Phòng ") + std::to_string(u) + "\",\"id\":\"U" + std::to_string(u) +
           "\",\"score\":" + numbers[next(12)] + (next(2) ? ",\"note\":null" : next(2) ? ",\"note\":\"ghi chú\"" : "") + "}";
  }
  out += "], \"board\": {\"par_index\": \"tot\"}}\n";
  return out;
}

TEST(BindReaders, GeneratedInputBindsAlikeOnTheFastPath) {
  const auto policy = every_kind_policy();
  for (const std::size_t persons : {1u, 50u, 3000u}) {
    SCOPED_TRACE(std::to_string(persons) + " persons");
    EXPECT_EQ(fast_path_takes(policy, generated(persons)), fast_reader_built);
  }
}

// Input with something to report: the fast path declines, and both readers report the same.
// (Besides, it declines a member name with an escape: rare, and left to nlohmann's binder.)
TEST(BindReaders, ProblemsAreReportedAlike) {
  const auto policy = every_kind_policy();
  const std::string good = generated(3);
  ASSERT_TRUE(issues_of(policy, good, JsonReader::nlohmann).empty());
  const std::string person =
      R"({"id":"P1","name":"A","unit":"U0","active":true,"initiatives":1,"titles":[],"topics":[],"rating":"tot","score":1})";
  const auto with_person = [&](const std::string& record) {
    return R"({"board":{"par_index":"tot"},"units":[{"id":"U0","name":"B","score":2}],"persons":[)" + record + "]}";
  };
  const auto replace = [&](std::string what, const std::string& by) {
    std::string text = person;
    return with_person(text.replace(text.find(what), what.size(), by));
  };
  const std::vector<std::string> inputs = {
      "", "   ", "\xEF\xBB\xBF", "[]", "null", "{", "{}", "{} {}", "{\"board\":{\"par_index\":\"tot\"}} x",
      with_person(person) + " ]", with_person(person + ","), with_person(person + ",null"), with_person("[]"),
      replace("\"name\":\"A\"", "\"name\":\"A\",\"name\":\"B\""), replace("\"name\":\"A\"", "\"nome\":\"A\""),
      replace("\"id\":\"P1\"", "\"id\":\"\""), replace("\"id\":\"P1\",", ""), replace("\"id\":\"P1\"", "\"id\":1"),
      replace("\"name\":\"A\",", ""), replace("\"name\":\"A\"", "\"name\":null"), replace("\"name\":\"A\"", "\"name\":7"),
      replace("\"name\":\"A\"", "\"name\":\"\\ud800\""), replace("\"name\":\"A\"", "\"name\":\"\\udc00x\""),
      replace("\"name\":\"A\"", "\"name\":\"A\tB\""), replace("\"name\":\"A\"", "\"name\":\"\xC3\x28\""),
      replace("\"name\":\"A\"", "\"name\":\"\\x\""), replace("\"name\":\"A\"", "\"n\\u0061me\":\"A\""),
      replace("\"unit\":\"U0\"", "\"unit\":\"U9\""), replace("\"unit\":\"U0\"", "\"unit\":\"P1\""),
      replace("\"active\":true", "\"active\":tru"), replace("\"active\":true", "\"active\":1"),
      replace("\"initiatives\":1", "\"initiatives\":1.0"), replace("\"initiatives\":1", "\"initiatives\":1e2"),
      replace("\"initiatives\":1", "\"initiatives\":01"), replace("\"initiatives\":1", "\"initiatives\":-"),
      replace("\"initiatives\":1", "\"initiatives\":+1"), replace("\"score\":1", "\"score\":1e5000"),
      replace("\"score\":1", "\"score\":1e4001"), replace("\"score\":1", "\"score\":.5"), replace("\"score\":1", "\"score\":1."),
      replace("\"score\":1", "\"score\":NaN"), replace("\"score\":1", "\"score\":\"1\""),
      replace("\"score\":1", "\"score\":1" + std::string(5000, '0')),
      replace("\"titles\":[]", "\"titles\":[1]"), replace("\"titles\":[]", "\"titles\":\"x\""),
      replace("\"titles\":[]", "\"titles\":[[\"x\"]]"), replace("\"topics\":[]", "\"topics\":[\"nothing\"]"),
      replace("\"rating\":\"tot\"", "\"rating\":\"tốt lắm\""), replace("\"rating\":\"tot\"", "\"rating\":{\"a\":[1,{}]}"),
      with_person(person + "," + person),
      R"({"board":{"par_index":"tot"},"units":[{"id":"U0","name":"B","score":2}],"persons":[],"extra":1})",
      R"({"board":{"par_index":"tot"},"units":[{"id":"U0","name":"B","score":2}]})",
      R"({"board":{"par_index":"tot"},"board":{"par_index":"tot"},"units":[],"persons":[]})",
      R"({"board":[],"units":[],"persons":[]})",
      R"({"board":{"par_index":"tot"},"units":{},"persons":[]})",
  };
  std::size_t reported = 0;
  for (const auto& input : inputs) {
    SCOPED_TRACE(input);
    const auto slow = issues_of(policy, input, JsonReader::nlohmann);
    if (!slow.empty()) ++reported;
    const auto chosen = issues_of(policy, input, JsonReader::fastest);
    ASSERT_EQ(chosen.size(), slow.size());
    for (std::size_t i = 0; i < slow.size(); ++i) {
      EXPECT_EQ(chosen[i].path, slow[i].path);
      EXPECT_EQ(chosen[i].message, slow[i].message);
      EXPECT_EQ(chosen[i].message_vi, slow[i].message_vi);
    }
    // Whether it has problems or only warnings, nothing in it is left to the fast path.
    EXPECT_TRUE(fast_path_declines(policy, input));
  }
  // All but two: the unknown top-level member is only warned of, and a member name written with
  // an escape ("n\u0061me") is good input that the fast path leaves to nlohmann's binder.
  EXPECT_EQ(reported, inputs.size() - 2);
}

// surely_nfc reads ASCII 8 bytes at a time: a byte that is not ASCII is noticed wherever it sits,
// in a whole word, in the bytes after the last one, and across a word's edge.
TEST(BindReaders, SurelyNfcLooksAtEveryByte) {
  using values::surely_nfc;
  for (std::size_t n = 0; n <= 35; ++n) {
    const std::string ascii(n, 'a');
    EXPECT_TRUE(surely_nfc(ascii)) << n;
    for (std::size_t i = 0; i < n; ++i) {
      SCOPED_TRACE(std::to_string(n) + " bytes, at " + std::to_string(i));
      std::string text = ascii;
      text[i] = '\xFF';  // never in UTF-8
      EXPECT_FALSE(surely_nfc(text));
      text[i] = '\x80';  // a continuation byte alone
      EXPECT_FALSE(surely_nfc(text));
      if (i + 1 < n) {
        text.replace(i, 2, "\xC3\xA9");  // é, precomposed: NFC
        EXPECT_TRUE(surely_nfc(text));
        text.replace(i, 2, "\xCC\x81");  // U+0301, a combining mark: maybe not NFC
        EXPECT_FALSE(surely_nfc(text));
      }
      if (i + 2 < n) {
        text = ascii;
        text.replace(i, 3, "\xE1\xBB\x87");  // ệ (U+1EC7): NFC
        EXPECT_TRUE(surely_nfc(text));
        text.replace(i, 3, "\xE1\xBB\xBA");  // U+1EFA: beyond the Vietnamese letters, not sure
        EXPECT_FALSE(surely_nfc(text));
      }
    }
  }
}

}  // namespace

namespace {

#ifdef THIDUA_HAVE_SIMDJSON
// With every chunk size from one byte to the whole text, on one thread and two: how many
// ways the fast path takes the text; each that does must give nlohmann's binder's data.
std::size_t taken_at_every_cut(const std::shared_ptr<const CompiledPolicy>& policy, const std::string& text) {
  std::shared_ptr<const DatasetData> slow;  // stays null when nlohmann's binder reports problems
  try {
    slow = bind_json(policy, text, "test.json", JsonReader::nlohmann);
  } catch (const DataError&) {
  }
  std::size_t taken = 0;
  for (std::size_t chunk_bytes = 1; chunk_bytes <= text.size() + 1; ++chunk_bytes) {
    for (const bool two_threads : {false, true}) {
      SCOPED_TRACE("chunks of " + std::to_string(chunk_bytes) + " bytes, " + (two_threads ? "two threads" : "one"));
      if (const auto fast = fast_data(policy, text, {chunk_bytes, two_threads})) {
        if (slow) expect_same_data(*fast, *slow);
        else ADD_FAILURE() << "the fast path took input with problems";
        ++taken;
      }
    }
  }
  return taken;
}

std::string persons_named(const std::vector<std::string>& names) {
  std::string text = R"({"board":{"par_index":"tot"},"units":[{"id":"U0","name":"B","score":2}],"persons":[)";
  for (std::size_t i = 0; i < names.size(); ++i)
    text += (i ? ",\n " : "") + std::string(R"({"id":"P)") + std::to_string(i) + R"(","name":")" + names[i] +
            R"(","unit":"U0","active":true,"initiatives":1,"titles":[")" + names[i] +
            R"("],"topics":[],"rating":"tot","score":1})";
  return text + "]}";
}

// A record boundary written inside a string (`},{`, even a whole record's text behind escaped
// quotes) may be where a chunk is cut: then that chunk does not bind and the fast path
// declines; it never binds anything else. With no `]` after the brace, a cut at the default
// chunk size (the whole list) never falls there, and the fast path takes the text.
TEST(BindReaders, RecordBoundariesInsideStringsNeverBindOtherData) {
  const auto policy = every_kind_policy();
  const std::string braces = persons_named({"a},{b", "c} , {d", R"(e},{\"id\":\"P9\",\"name\":\"x\"},{f)", "g}", "h,{"});
  const std::size_t taken = taken_at_every_cut(policy, braces);
  EXPECT_GT(taken, 0u);
  EXPECT_LT(taken, 2 * (braces.size() + 1));  // some cuts do fall inside the strings
  EXPECT_TRUE(fast_data(policy, braces, {json_chunk_bytes, false}));
  EXPECT_TRUE(fast_data(policy, braces, {json_chunk_bytes, true}));
  // `}]` inside a string looks like the end of the list, wherever the cut.
  const std::string list_end = persons_named({"a}]", "b} ]}", "c"});
  EXPECT_EQ(taken_at_every_cut(policy, list_end), 0u);
}

// A nested object or array of objects in a record: whatever the cut, never bound (nlohmann's
// binder reports it).
TEST(BindReaders, NestedValuesAtCutsAreDeclined) {
  const auto policy = every_kind_policy();
  std::string text = persons_named({"a", "b", "c"});
  for (const std::string nested : {R"("rating":{"a":{"b":1},"c":[{},{"d":"}"}]})", R"("rating":[{"x":1},{"y":2}])"}) {
    std::string broken = text;
    const std::string rating = R"("rating":"tot")";
    broken.replace(broken.find(rating, broken.find("P1")), rating.size(), nested);
    SCOPED_TRACE(broken);
    ASSERT_FALSE(issues_of(policy, broken, JsonReader::nlohmann).empty());
    EXPECT_EQ(taken_at_every_cut(policy, broken), 0u);
  }
}

// Chunks bound apart merge into what one reading makes: a duplicate id in another chunk is
// found, a relation names a record of a later chunk, and a text first seen in a later chunk
// gets its id then (so a set whose chunk saw its texts in another order is sorted again).
TEST(BindReaders, ChunksMergeAsOneReading) {
  const auto policy = every_kind_policy();
  const std::string record =
      R"({"id":"%ID","name":"%NAME","unit":"U0","mentor":"%MENTOR","active":true,"initiatives":1,"titles":[%TITLES],"topics":[],"rating":"tot","score":1})";
  const auto person = [&](std::string id, std::string name, std::string mentor, std::string titles) {
    std::string r = record;
    for (const auto& [key, value] : {std::pair{std::string("%ID"), id}, {"%NAME", name}, {"%MENTOR", mentor}, {"%TITLES", titles}})
      r.replace(r.find(key), key.size(), value);
    return r;
  };
  const auto input = [&](const std::vector<std::string>& persons) {
    std::string text = R"({"board":{"par_index":"tot"},"persons":[)";
    for (std::size_t i = 0; i < persons.size(); ++i) text += (i ? "," : "") + persons[i];
    return text + R"(],"units":[{"id":"U0","name":"B","score":2}]})";
  };
  const std::string good = input({person("P1", "Y", "P3", R"("Z")"), person("P2", "X", "P1", R"("X","Y","W")"),
                                  person("P3", "W", "P2", R"("Y","X")")});
  EXPECT_GT(taken_at_every_cut(policy, good), 0u);
  EXPECT_TRUE(fast_path_takes(policy, good));
  const std::string duplicate = input({person("P1", "Y", "P3", ""), person("P2", "X", "P1", ""), person("P1", "W", "P2", "")});
  ASSERT_FALSE(issues_of(policy, duplicate, JsonReader::nlohmann).empty());
  EXPECT_EQ(taken_at_every_cut(policy, duplicate), 0u);
  const std::string dangling = input({person("P1", "Y", "P3", ""), person("P2", "X", "P9", "")});
  ASSERT_FALSE(issues_of(policy, dangling, JsonReader::nlohmann).empty());
  EXPECT_EQ(taken_at_every_cut(policy, dangling), 0u);
}

// Texts, relation ids and record ids recur from chunk to chunk, new texts join late, and the two
// threads take chunks in turn: each thread keeps its pools across its chunks, and every text
// still gets the id one reading from the start gives it; the data is nlohmann's binder's.
TEST(BindReaders, TextsSharedAcrossChunks) {
  const auto policy = every_kind_policy();
  std::vector<std::string> names;
  for (int i = 0; i < 60; ++i) {
    names.emplace_back(1, 'T');  // appended apart: GCC 12 at -O3 warns falsely (-Wrestrict) on "T" + string
    names.back() += std::to_string(i * 7 % 13 + i / 20 * 10);
  }
  const std::string text = persons_named(names);
  const auto slow = bind_json(policy, text, "test.json", JsonReader::nlohmann);
  ASSERT_EQ(slow->texts.size(), 34u);  // T0..T32 and the unit's name
  for (const std::size_t chunk_bytes : {1u, 150u, 400u, 1000u, 3000u}) {
    for (const bool two_threads : {false, true}) {
      SCOPED_TRACE("chunks of " + std::to_string(chunk_bytes) + " bytes, " + (two_threads ? "two threads" : "one"));
      const auto fast = fast_data(policy, text, {chunk_bytes, two_threads});
      ASSERT_TRUE(fast);
      expect_same_data(*fast, *slow);
    }
  }
}

// Decimals of up to 18 digits are kept as their fraction in lowest terms without building a
// Number; longer ones and exponents go through parse_decimal. Either way, the same values.
TEST(BindReaders, ShortDecimalsAreKeptInLowestTerms) {
  const auto policy = every_kind_policy();
  const std::vector<std::string> scores = {"92.750", "-0", "0.5", "100", "-12.25", "0.000000000000000001",
                                           "999999999999999999", "1e2", "1234567890123456789"};
  std::string text = R"({"board":{"par_index":"tot"},"units":[{"id":"U0","name":"B","score":2}],"persons":[)";
  for (std::size_t i = 0; i < scores.size(); ++i) {
    text += i ? ",{" : "{";
    text += R"("id":"P)";
    text += std::to_string(i);
    text += R"(","name":"A","unit":"U0","active":true,"initiatives":1,"titles":[],"topics":[],"rating":"tot","score":)";
    text += scores[i];
    text += "}";
  }
  text += "]}";
  EXPECT_TRUE(fast_path_takes(policy, text));
  const auto fast = fast_data(policy, text, {json_chunk_bytes, false});
  ASSERT_TRUE(fast);
  const auto& numbers = fast->tables[2].columns[8].numbers;  // Person.score
  using Fraction = std::pair<std::int64_t, std::int64_t>;
  const std::vector<Fraction> expected = {{371, 4}, {0, 1}, {1, 2}, {100, 1}, {-49, 4}, {1, 1000000000000000000},
                                          {999999999999999999, 1}, {100, 1}, {1234567890123456789, 1}};
  ASSERT_EQ(numbers.size(), expected.size());
  for (std::size_t r = 0; r < expected.size(); ++r) EXPECT_EQ(numbers.fraction(r), expected[r]) << scores[r];
}
#endif

}  // namespace

namespace {

// order_ids: every record's place in byte order of the ids, across tables.
DatasetData ordered(const std::vector<std::vector<std::string>>& tables) {
  DatasetData data;
  for (const auto& ids : tables) {
    Table table;
    table.size = ids.size();
    table.ids = ids;
    data.tables.push_back(std::move(table));
  }
  order_ids(data);
  return data;
}

using Records = std::vector<std::pair<std::int32_t, std::uint32_t>>;
using Ranks = std::vector<std::uint32_t>;

TEST(IdOrder, Empty) {
  EXPECT_TRUE(ordered({}).by_id.empty());
  const auto data = ordered({{}, {}});
  EXPECT_TRUE(data.by_id.empty());
  EXPECT_TRUE(data.tables[0].id_rank.empty());
}

TEST(IdOrder, OneTable) {
  const auto data = ordered({{"P2", "P1", "P3"}});
  EXPECT_EQ(data.by_id, (Records{{0, 1}, {0, 0}, {0, 2}}));
  EXPECT_EQ(data.tables[0].id_rank, (Ranks{1, 0, 2}));
}

TEST(IdOrder, AlreadySorted) {
  const auto data = ordered({{"A", "B", "C", "D"}, {"E", "F"}});
  EXPECT_EQ(data.by_id, (Records{{0, 0}, {0, 1}, {0, 2}, {0, 3}, {1, 0}, {1, 1}}));
  EXPECT_EQ(data.tables[0].id_rank, (Ranks{0, 1, 2, 3}));
  EXPECT_EQ(data.tables[1].id_rank, (Ranks{0, 1}));
}

TEST(IdOrder, Reverse) {
  const auto data = ordered({{"P0000005", "P0000004", "P0000003", "P0000002", "P0000001"}});
  EXPECT_EQ(data.by_id, (Records{{0, 4}, {0, 3}, {0, 2}, {0, 1}, {0, 0}}));
  EXPECT_EQ(data.tables[0].id_rank, (Ranks{4, 3, 2, 1, 0}));
}

// The first 8 bytes alike: the rest decides, byte by byte ("ABCDEFGH" before its extensions).
TEST(IdOrder, EqualEightBytePrefixesWithDifferentTails) {
  const auto data = ordered({{"ABCDEFGH2", "ABCDEFGH10", "ABCDEFGH", "ABCDEFGH1", "ABCDEFGG9", "ABCDEFGI"}});
  EXPECT_EQ(data.by_id, (Records{{0, 4}, {0, 2}, {0, 3}, {0, 1}, {0, 0}, {0, 5}}));
  EXPECT_EQ(data.tables[0].id_rank, (Ranks{4, 3, 1, 2, 0, 5}));
}

// Shorter ids: padded with zeros in the prefix, so "a" and "a\0" share it and compare whole;
// bytes compare unsigned ("Ă" after "z").
TEST(IdOrder, IdsShorterThanEightBytes) {
  const auto data = ordered({{"b", std::string("a\0", 2), "ab", "a", "Ăn", "z", "B"}});
  EXPECT_EQ(data.by_id, (Records{{0, 6}, {0, 3}, {0, 1}, {0, 2}, {0, 0}, {0, 5}, {0, 4}}));
  EXPECT_EQ(data.tables[0].id_rank, (Ranks{4, 2, 3, 1, 6, 5, 0}));
}

// Records of several tables interleave in id order; a single entity's table has no ids.
TEST(IdOrder, SeveralTablesInterleaved) {
  const auto data = ordered({{"U2", "P3", "P1"}, {}, {"P2", "U1", "A"}, {"P0", "U3"}});
  EXPECT_EQ(data.by_id, (Records{{2, 2}, {3, 0}, {0, 2}, {2, 0}, {0, 1}, {2, 1}, {0, 0}, {3, 1}}));
  EXPECT_EQ(data.tables[0].id_rank, (Ranks{2, 1, 0}));
  EXPECT_EQ(data.tables[2].id_rank, (Ranks{1, 2, 0}));
  EXPECT_EQ(data.tables[3].id_rank, (Ranks{0, 1}));
}

// Many ids of every length up to 12, most sharing long prefixes, in two tables (one sorted
// already): the order of a plain sort of the strings.
TEST(IdOrder, ManyIdsInTheOrderOfAPlainSort) {
  std::uint64_t state = 7;
  const auto next = [&](std::uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  std::vector<std::vector<std::string>> tables(2);
  std::set<std::string> seen;
  while (seen.size() < 5000) {
    std::string id = next(2) ? "P000" : "Q";
    for (std::uint64_t k = 0, n = next(9); k < n; ++k) id += static_cast<char>(next(4) == 0 ? 0xC3 : '0' + next(3));
    if (seen.insert(id).second) tables[next(2)].push_back(id);
  }
  std::sort(tables[1].begin(), tables[1].end());
  const auto data = ordered(tables);
  Records expected;
  for (std::size_t e = 0; e < 2; ++e)
    for (std::uint32_t r = 0; r < tables[e].size(); ++r) expected.emplace_back(static_cast<std::int32_t>(e), r);
  std::sort(expected.begin(), expected.end(),
            [&](const auto& x, const auto& y) { return tables[x.first][x.second] < tables[y.first][y.second]; });
  EXPECT_EQ(data.by_id, expected);
  std::uint32_t rank[2] = {0, 0};
  for (const auto& [e, r] : expected) EXPECT_EQ(data.tables[static_cast<std::size_t>(e)].id_rank[r], rank[e]++);
}

}  // namespace
