// From detail::parallel_threshold records, a block's requirements are read on two threads, half
// the records each: the result must be the bytes of one thread, with failed, unknown and
// deferred conditions on both sides of the split, and an error on either side must be the one
// a single thread stops with.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "src/bind/dataset_data.hpp"
#include "thidua/thidua.hpp"

namespace {

constexpr const char* policy_text = R"(policy "Hai luồng"
entity Person from persons {
  score: decimal
  bonus: decimal?
  divisor: int
  under_review: bool
  open_complaint: bool?
}
award giay_khen "Giấy khen" {
  for Person {
    require score >= 90 "Đạt từ 90 điểm"
    require bonus > 1 "Có điểm thưởng"
    defer when under_review "Đang bị xem xét kỷ luật"
    defer when open_complaint "Đang có khiếu nại"
    rank by score desc, bonus desc
    at most floor(20% * count(Person))
  }
}
award chia "Chia" {
  for Person {
    require score / divisor > 0
  }
}
)";

// Persons enough for two threads; `zero_divisor_at` lists the records whose divisor is 0.
std::string input(std::size_t persons, std::size_t zero_at_1, std::size_t zero_at_2) {
  std::uint64_t state = 7;
  const auto next = [&](std::uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  const char* scores[] = {"80.5", "90", "92.75", "-3.125", "97.25", "99.999"};
  std::string text = "{\"persons\": [";
  for (std::size_t p = 0; p < persons; ++p) {
    text += std::string(p ? "," : "") + "{\"id\": \"P" + std::to_string((p * 7919) % persons) + "\", \"score\": " +
            scores[next(6)];
    if (next(10)) text += ", \"bonus\": " + std::to_string(next(4)) + ".5";  // else missing: unknown
    text += ", \"divisor\": " + std::string(p == zero_at_1 || p == zero_at_2 ? "0" : "3");
    text += std::string(", \"under_review\": ") + (next(30) ? "false" : "true");
    if (next(8)) text += std::string(", \"open_complaint\": ") + (next(40) ? "false" : "true");
    text += "}";
  }
  return text + "]}";
}

// The result, or the error's message, with THIDUA_THREADS as given.
std::string outcome(const std::string& policy_source, const std::string& data_text, const char* threads) {
  setenv("THIDUA_THREADS", threads, 1);
  std::string text;
  try {
    const auto policy = thidua::Policy::compile(policy_source, "policy.thidua");
    const auto data = thidua::Dataset::from_json(policy, data_text, "data.json");
    std::ostringstream out;
    thidua::run(policy, data).write_json(out);
    text = out.str();
  } catch (const thidua::Error& e) {
    text = std::string("error: ") + e.what();
  }
  unsetenv("THIDUA_THREADS");
  return text;
}

const std::size_t persons = thidua::detail::parallel_threshold + 2000;

TEST(RunThreads, TwoThreadsDecideAsOne) {
  const auto policy = std::string(policy_text).substr(0, std::string(policy_text).find("award chia"));
  const auto data = input(persons, persons, persons);
  const auto one = outcome(policy, data, "1");
  ASSERT_GT(one.size(), 1000000u);
  ASSERT_EQ(one.find("error"), std::string::npos) << one.substr(0, 200);
  for (const char* status : {"\"ineligible\"", "\"pending\"", "\"deferred\"", "\"selected\""})
    EXPECT_NE(one.find(status), std::string::npos) << status;
  EXPECT_TRUE(one == outcome(policy, data, "2")) << "the results differ";
}

struct ErrorCase {
  const char* name;
  std::size_t zero_at_1, zero_at_2;  // records with a divisor of 0 (persons: none)
};

class RunThreadsError : public testing::TestWithParam<ErrorCase> {};

TEST_P(RunThreadsError, StopsAsOneThreadDoes) {
  const auto data = input(persons, GetParam().zero_at_1, GetParam().zero_at_2);
  const auto one = outcome(policy_text, data, "1");
  EXPECT_EQ(one.rfind("error: ", 0), 0u) << one.substr(0, 200);
  EXPECT_NE(one.find("division by zero in score / divisor"), std::string::npos) << one;
  EXPECT_EQ(outcome(policy_text, data, "2"), one);
}

INSTANTIATE_TEST_SUITE_P(Splits, RunThreadsError,
                         testing::Values(ErrorCase{"first_half", 10, persons},
                                         ErrorCase{"second_half", persons - 10, persons},
                                         ErrorCase{"both_halves", 10, persons - 10},
                                         ErrorCase{"at_the_split", persons / 2, persons}),
                         [](const testing::TestParamInfo<ErrorCase>& info) { return info.param.name; });

}  // namespace
