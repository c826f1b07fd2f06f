// Large inputs use a second thread (sorting the ids, writing the result); the output must be
// the very bytes one thread writes. And the streaming result writer must write what
// nlohmann's dump(indent) writes for the same document, at every indent.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "src/bind/dataset_data.hpp"
#include "src/result/json_writer.hpp"
#include "src/result/result_data.hpp"
#include "thidua/thidua.hpp"

namespace {

const std::string example_dir = THIDUA_SOURCE_DIR "/examples/an-giang-2026/";

// Records enough to pass detail::parallel_threshold, in a scrambled order, with many ties.
std::string large_input(std::size_t persons) {
  std::uint64_t state = 2026;
  const auto next = [&](std::uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  const char* ratings[] = {"\"Xuất sắc\"", "\"tot\"", "\"Khá\""};
  const char* scores[] = {"80.5", "88", "92.75", "95.5", "97.25"};
  std::string text = "{\"board\": {\"par_index\": \"xuat_sac\"}, \"units\": [";
  for (int u = 0; u < 40; ++u)
    text += std::string(u ? "," : "") + "{\"id\": \"U" + std::to_string(u) + "\", \"name\": \"Phòng " + std::to_string(u) +
            "\", \"kind\": \"phong\", \"complies\": true, \"tasks_completed\": true, \"tasks_rating\": " +
            ratings[next(3)] + ", \"disciplined\": false, \"recognized_initiatives\": " + std::to_string(next(3)) +
            ", \"emulation_rating\": \"tot\", \"score\": " + scores[next(5)] + "}";
  text += "], \"persons\": [";
  for (std::size_t p = 0; p < persons; ++p) {
    const auto id = (p * 7919) % persons;  // a permutation: input order is not id order
    text += std::string(p ? "," : "") + "{\"id\": \"P" + std::to_string(id) + "\", \"name\": \"Nguyễn Văn " +
            std::to_string(id) + "\", \"unit\": \"U" + std::to_string(next(40)) + "\", \"complies\": " +
            (next(20) ? "true" : "false") + ", \"tasks_completed\": true, \"disciplined\": " +
            (next(500) ? "false" : "true") + ", \"initiatives\": " + std::to_string(next(3)) +
            ", \"titles\": [" + (next(4) ? "\"Lao động tiên tiến\"" : "") + "], \"contributions\": [" +
            (next(5) ? "\"tham_muu\"" : "") + "], \"score\": " + scores[next(5)] + "}";
  }
  return text + "]}";
}

class Threads : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    policy_ = new thidua::Policy(thidua::Policy::load(example_dir + "policy.thidua"));
    input_ = new std::string(large_input(thidua::detail::parallel_threshold + 10000));
  }
  static void TearDownTestSuite() {
    delete policy_;
    delete input_;
  }
  // The result written for the input, with THIDUA_THREADS as given ("" leaves it unset).
  static std::string result_with(const char* threads) {
    if (*threads) setenv("THIDUA_THREADS", threads, 1);
    else unsetenv("THIDUA_THREADS");
    const auto data = thidua::Dataset::from_json(*policy_, *input_, "large.json");
    std::ostringstream out;
    thidua::run(*policy_, data).write_json(out);
    unsetenv("THIDUA_THREADS");
    return out.str();
  }
  static thidua::Policy* policy_;
  static std::string* input_;
};
thidua::Policy* Threads::policy_ = nullptr;
std::string* Threads::input_ = nullptr;

TEST_F(Threads, TwoThreadsWriteTheBytesOfOne) {
  const auto one = result_with("1");
  const auto two = result_with("2");
  ASSERT_GT(one.size(), 1000000u);
  EXPECT_TRUE(one == two) << "the results differ (" << one.size() << " and " << two.size() << " bytes)";
}

TEST_F(Threads, StreamedResultIsTheResultString) {
  const auto data = thidua::Dataset::from_json(*policy_, *input_, "large.json");
  const auto result = thidua::run(*policy_, data);
  std::ostringstream out;
  result.write_json(out);
  EXPECT_TRUE(out.str() == result.to_json_string(2));
}

// result_json() is the written text parsed back; dumping it again must give that text.
class WriterMatchesNlohmann : public testing::TestWithParam<int> {};

TEST_P(WriterMatchesNlohmann, AtIndent) {
  const auto policy = thidua::Policy::load(example_dir + "policy.thidua");
  const auto data = thidua::Dataset::load_json(policy, example_dir + "data.json");
  const auto result = thidua::run(policy, data);
  const int indent = GetParam();
  EXPECT_EQ(thidua::detail::result_json_text(result.data(), indent), result.to_json().dump(indent));
}

INSTANTIATE_TEST_SUITE_P(Indents, WriterMatchesNlohmann, testing::Values(-1, 0, 2, 4),
                         [](const testing::TestParamInfo<int>& info) {
                           return info.param < 0 ? std::string("Compact") : "Indent" + std::to_string(info.param);
                         });

// Strings are escaped as nlohmann escapes them, whichever byte needs it and wherever it falls
// in the eight-byte words the writer scans.
TEST(JsonWriterStrings, EscapesAsNlohmann) {
  const std::string specials[] = {"\"", "\\", "\n", "\t", "\x01", "\x1f", "\x7f", "\xc3\xa1", " ", "/"};
  for (const auto& special : specials)
    for (std::size_t at = 0; at < 18; ++at) {
      const std::string text = std::string(at, 'a') + special + std::string(17 - at, 'b');
      thidua::detail::JsonWriter w(2);
      w.begin_object().key(text).value(text).key("list").begin_array().value(text).end_array().end_object();
      nlohmann::ordered_json document;
      document[text] = text;
      document["list"] = nlohmann::ordered_json::array({text});
      EXPECT_EQ(w.take(), document.dump(2)) << "special byte(s) " << nlohmann::json(special).dump() << " at " << at;
    }
}

// A part with holes, added with the values to fill them, writes what writing those values in
// place would: at any indent, for any number of holes, twice over from one part.
TEST(JsonWriterHoles, FilledPartsAreTheTextWrittenInPlace) {
  for (const int indent : {-1, 0, 2, 4}) {
    const auto member = [](thidua::detail::JsonWriter& w, int rank, const std::string& value) -> thidua::detail::JsonWriter& {
      return w.begin_object().key("status").value("not_selected").key("rank").value(rank).key("cut").begin_object()
          .key("value").value(value).key("cut_value").value("98.5").end_object().end_object();
    };
    thidua::detail::JsonWriter direct(indent);
    direct.begin_object().key("candidates").begin_object();
    direct.key("P1");
    member(direct, 7, "92.75");
    direct.key("P2");
    member(direct, 12, "a \"quoted\" value");
    direct.end_object().end_object();

    thidua::detail::JsonWriter filled(indent);
    filled.begin_object().key("candidates").begin_object();
    filled.key("P1");
    thidua::detail::JsonWriter part = filled.fork_value();
    part.begin_object().key("status").value("not_selected").key("rank").hole().key("cut").begin_object()
        .key("value").hole().key("cut_value").value("98.5").end_object().end_object();
    filled.append_value(part, [&](std::size_t hole) {
      if (hole == 0) filled.value(7);
      else filled.value("92.75");
    });
    filled.key("P2");
    filled.append_value(part, [&](std::size_t hole) {
      if (hole == 0) filled.value(12);
      else filled.value("a \"quoted\" value");
    });
    filled.end_object().end_object();
    EXPECT_EQ(filled.take(), direct.take()) << "indent " << indent;
  }
}

}  // namespace
