// `thidua diff`: two versions of a policy on the same data, compared outcome by outcome.
// The seed example against a stricter draft is a golden file (THIDUA_UPDATE_GOLDEN=1 rewrites
// it); small policies check each kind of change word for word.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "thidua/thidua.hpp"

namespace {

const std::string example_dir = THIDUA_SOURCE_DIR "/examples/an-giang-2026/";
const std::string data_dir = THIDUA_SOURCE_DIR "/tests/data/diff/";

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

thidua::Result run(const thidua::Policy& policy, const std::string& json) {
  return thidua::run(policy, thidua::Dataset::from_json(policy, json));
}

TEST(Diff, SamePolicyChangesNothing) {
  const auto policy = thidua::Policy::load(example_dir + "policy.thidua");
  const auto data = thidua::Dataset::load_json(policy, example_dir + "data.json");
  const auto changes = thidua::diff(thidua::run(policy, data), thidua::run(policy, data));
  EXPECT_TRUE(changes.awards.empty());
  EXPECT_TRUE(changes.outcomes.empty());
  EXPECT_EQ(thidua::format(changes, thidua::Language::en), "No outcome changes.\n");
  EXPECT_EQ(thidua::format(changes, thidua::Language::vi), "Không có kết quả nào thay đổi.\n");
}

// The seed plan against a draft with a 15% cap and units rated Xuất sắc.
TEST(Diff, StricterDraftOfTheSeedPlan) {
  const auto old_policy = thidua::Policy::load(example_dir + "policy.thidua");
  const auto new_policy = thidua::Policy::load(data_dir + "policy-2027.thidua");
  const auto old_result = thidua::run(old_policy, thidua::Dataset::load_json(old_policy, example_dir + "data.json"));
  const auto new_result = thidua::run(new_policy, thidua::Dataset::load_json(new_policy, example_dir + "data.json"));
  const auto changes = thidua::diff(old_result, new_result);
  const auto text = thidua::to_json(changes).dump(2) + "\n";
  const auto golden = data_dir + "an-giang-2027.json";
  if (std::getenv("THIDUA_UPDATE_GOLDEN")) std::ofstream(golden, std::ios::binary) << text;
  EXPECT_EQ(text, read(golden));
  // Every changed outcome really differs, and every other one is the same.
  for (const auto& o : changes.outcomes) {
    EXPECT_NE(o.before, o.after) << o.candidate;
    EXPECT_EQ(o.after, thidua::to_string(new_result.status(o.candidate, o.award))) << o.candidate;
    EXPECT_EQ(o.before, thidua::to_string(old_result.status(o.candidate, o.award))) << o.candidate;
  }
  EXPECT_EQ(changes.candidates_changed(), 5u);
}

const char* small_header = R"(policy "Thử"
entity Person "Cá nhân" from persons {
  score: decimal "Điểm"
}
)";

const char* small_data = R"({"persons": [{"id": "A", "score": 95}, {"id": "B", "score": 80}, {"id": "C", "score": 55}]})";

TEST(Diff, EachKindOfChangeIsExplained) {
  const auto old_policy = thidua::Policy::compile(std::string(small_header) + R"(
award giay_khen "Giấy khen" {
  for Person {
    require score >= 50 "Từ 50 điểm"
    rank by score
    at most 2 "Không quá 2"
  }
}
award cu "Hình thức cũ" {
  for Person { require score >= 90 }
}
)");
  const auto new_policy = thidua::Policy::compile(std::string(small_header) + R"(
award bang_khen "Bằng khen" {
  for Person {
    require score >= 90 "Từ 90 điểm"
  }
}
award giay_khen "Giấy khen" {
  for Person {
    require score >= 60 "Từ 60 điểm"
    rank by score
    at most 1 "Không quá 1"
  }
}
precedence bang_khen > giay_khen
)");
  const auto changes = thidua::diff(run(old_policy, small_data), run(new_policy, small_data));
  EXPECT_EQ(thidua::format(changes, thidua::Language::en),
            "Changes to the awards:\n"
            "  bang_khen: added\n"
            "  giay_khen: quota for Person: 2 → 1\n"
            "  cu: removed\n"
            "8 outcomes change, for 3 candidates:\n"
            "A · Bằng khen [bang_khen]: not considered → selected\n"
            "    - the old policy did not consider this candidate for this award\n"
            "    - rank 1, within the quota (no limit)\n"
            "A · Giấy khen [giay_khen]: selected → excluded (a higher award)\n"
            "    - now receives “Bằng khen” first\n"
            "A · Hình thức cũ [cu]: selected → not considered\n"
            "    - the new policy does not consider this candidate for this award\n"
            "B · Bằng khen [bang_khen]: not considered → ineligible\n"
            "    - the old policy did not consider this candidate for this award\n"
            "    - now fails “Từ 90 điểm”\n"
            "B · Hình thức cũ [cu]: ineligible → not considered\n"
            "    - the new policy does not consider this candidate for this award\n"
            "C · Bằng khen [bang_khen]: not considered → ineligible\n"
            "    - the old policy did not consider this candidate for this award\n"
            "    - now fails “Từ 90 điểm”\n"
            "C · Giấy khen [giay_khen]: not selected (outside the quota) → ineligible\n"
            "    - now fails “Từ 60 điểm”\n"
            "C · Hình thức cũ [cu]: ineligible → not considered\n"
            "    - the new policy does not consider this candidate for this award\n");
  const auto vi = thidua::format(changes, thidua::Language::vi);
  EXPECT_EQ(vi.substr(0, vi.find("B ·")),
            "Thay đổi ở các hình thức khen thưởng:\n"
            "  bang_khen: hình thức mới\n"
            "  giay_khen: số lượng tối đa cho Person: 2 → 1\n"
            "  cu: đã bỏ\n"
            "8 kết quả thay đổi, của 3 đối tượng:\n"
            "A · Bằng khen [bang_khen]: không thuộc diện xét → được đề nghị\n"
            "    - chính sách cũ không xét đối tượng này cho hình thức này\n"
            "    - hạng 1, trong số lượng (không giới hạn)\n"
            "A · Giấy khen [giay_khen]: được đề nghị → không xét vì đã được đề nghị hình thức cao hơn\n"
            "    - nay được đề nghị “Bằng khen” trước\n"
            "A · Hình thức cũ [cu]: được đề nghị → không thuộc diện xét\n"
            "    - chính sách mới không xét đối tượng này cho hình thức này\n");
}

}  // namespace
