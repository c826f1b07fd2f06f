// One compiled policy and one bound dataset used from four threads at once (the API promises
// that every const method is thread-safe). Meant for the ThreadSanitizer build
// (SANITIZE=thread BUILD_DIR=build-tsan .ci/sanitize), and a plain consistency check otherwise.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "thidua/thidua.hpp"

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string example_dir = THIDUA_SOURCE_DIR "/examples/an-giang-2026/";

TEST(Concurrency, OnePolicyRunsFromFourThreadsAtOnce) {
  const auto policy = thidua::Policy::load(example_dir + "policy.thidua");
  const auto data_text = slurp(example_dir + "data.json");
  const auto data = thidua::Dataset::from_json(policy, data_text, "data.json");
  const auto expected = thidua::run(policy, data).to_json_string();
  const auto expected_explain = thidua::run(policy, data).explain("P013", thidua::Language::en);

  constexpr int threads = 4;
  constexpr int rounds = 3;
  std::vector<std::string> results(threads * rounds);
  std::vector<std::string> explains(threads * rounds);
  std::vector<std::string> rebound(threads * rounds);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (int r = 0; r < rounds; ++r) {
        const auto i = static_cast<std::size_t>(t * rounds + r);
        // The shared dataset, and a dataset bound on this thread, against the shared policy.
        const auto result = thidua::run(policy, data);
        results[i] = result.to_json_string();
        explains[i] = result.explain("P013", thidua::Language::en);
        const auto own = thidua::Dataset::from_json(policy, data_text, "data.json");
        rebound[i] = thidua::run(policy, own).to_json_string();
      }
    });
  for (auto& thread : pool) thread.join();
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i], expected) << "run " << i;
    EXPECT_EQ(explains[i], expected_explain) << "run " << i;
    EXPECT_EQ(rebound[i], expected) << "run " << i;
  }
}

TEST(Concurrency, PoliciesCompileFromFourThreadsAtOnce) {
  const auto source = slurp(example_dir + "policy.thidua");
  const auto expected = thidua::Policy::compile(source, "policy.thidua").sha256();
  std::vector<std::string> hashes(4);
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < hashes.size(); ++t)
    pool.emplace_back([&, t] { hashes[t] = thidua::Policy::compile(source, "policy.thidua").sha256(); });
  for (auto& thread : pool) thread.join();
  for (const auto& h : hashes) EXPECT_EQ(h, expected);
}

}  // namespace
