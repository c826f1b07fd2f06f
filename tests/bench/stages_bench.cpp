// In-process benchmarks (Google Benchmark), one stage at a time: compile, bind, evaluate,
// run (evaluate and select), result JSON. Run by tests/bench/run.sh; not part of the tests.
//
//   THIDUA_BENCH_DATA=DIR thidua_stages_bench [--benchmark_filter=...]
//
// DIR holds persons-10k.json, persons-100k.json and persons-1m.json from generate.py (sizes
// whose file is missing are skipped). CPU times are the calling thread's: work handed to a
// second thread (sorting ids, writing the result at scale) is not counted in them. The policy is examples/an-giang-2026/policy.thidua.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>

#include "src/common/text.hpp"
#include "src/evaluate/evaluate.hpp"
#include "src/result/json_writer.hpp"
#include "src/result/result_data.hpp"
#include "thidua/thidua.hpp"

namespace {

const std::filesystem::path source_dir = THIDUA_SOURCE_DIR;

const std::string& example_policy_text() {
  static const std::string text = thidua::detail::read_file((source_dir / "examples/an-giang-2026/policy.thidua").string());
  return text;
}

const thidua::Policy& example_policy() {
  static const thidua::Policy policy = thidua::Policy::compile(example_policy_text(), "policy.thidua");
  return policy;
}

// The example's entities and standard with one award of `rules` requirements on Person,
// of the kinds policies use: comparisons, set membership, counts over a unit's members.
std::string policy_with_rules(int rules) {
  const std::string& base = example_policy_text();
  std::string text = base.substr(0, base.find("# V.3"));
  text += "award many \"Many rules\" {\n  for Person {\n    require general\n";
  for (int i = 1; i < rules; ++i) {
    switch (i % 5) {
      case 0: text += "    require score >= " + std::to_string(50 + i % 40) + "." + std::to_string(i % 100) + "\n"; break;
      case 1: text += "    require initiatives + " + std::to_string(i) + " > " + std::to_string(i / 2) + "\n"; break;
      case 2: text += "    require \"Lao động tiên tiến " + std::to_string(i) + "\" in titles or complies\n"; break;
      case 3: text += "    require count(unit.members) >= " + std::to_string(i % 7) + "\n"; break;
      case 4: text += "    require unit.tasks_rating >= kha or score > " + std::to_string(i % 90) + "\n"; break;
    }
  }
  text += "    rank by score desc\n  }\n}\n";
  return text;
}

void compile_example(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(thidua::Policy::compile(example_policy_text(), "policy.thidua"));
}
BENCHMARK(compile_example)->Unit(benchmark::kMillisecond);

void compile_1000_rules(benchmark::State& state) {
  const std::string text = policy_with_rules(1000);
  for (auto _ : state) benchmark::DoNotOptimize(thidua::Policy::compile(text, "many.thidua"));
}
BENCHMARK(compile_1000_rules)->Unit(benchmark::kMillisecond);

// The data files, read once each.
const std::string& data_text(const std::string& name) {
  static std::map<std::string, std::string> texts;
  auto it = texts.find(name);
  if (it == texts.end()) {
    const char* dir = std::getenv("THIDUA_BENCH_DATA");
    const auto path = std::filesystem::path(dir ? dir : ".") / name;
    it = texts.emplace(name, std::filesystem::exists(path) ? thidua::detail::read_file(path.string()) : "").first;
  }
  return it->second;
}

const thidua::Dataset& bound(const std::string& name) {
  static std::map<std::string, thidua::Dataset> datasets;
  auto it = datasets.find(name);
  if (it == datasets.end()) it = datasets.emplace(name, thidua::Dataset::from_json(example_policy(), data_text(name), name)).first;
  return it->second;
}

bool have(benchmark::State& state, const std::string& name) {
  if (!data_text(name).empty()) return true;
  state.SkipWithError(("no " + name + " in $THIDUA_BENCH_DATA").c_str());
  return false;
}

void bind(benchmark::State& state, const std::string& name) {
  if (!have(state, name)) return;
  const auto& text = data_text(name);
  for (auto _ : state) benchmark::DoNotOptimize(thidua::Dataset::from_json(example_policy(), text, name));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

// The first decision step (the Giấy khen's eligibility): every requirement on every record.
void evaluate(benchmark::State& state, const std::string& name) {
  if (!have(state, name)) return;
  using namespace thidua::detail;
  const auto& policy = example_policy().compiled();
  const auto& data = bound(name).data();
  const std::vector<AwardFacts> facts(policy.awards.size());
  const auto& award = policy.awards[static_cast<std::size_t>(policy.steps.front().award)];
  for (auto _ : state) {
    const Evaluator evaluator(policy, data, facts);
    std::size_t passed = 0;
    for (const auto& block : award.blocks) {
      const auto n = static_cast<std::uint32_t>(data.tables[static_cast<std::size_t>(block.entity)].size);
      for (std::uint32_t r = 0; r < n; ++r)
        for (const auto& requirement : block.requirements)
          passed += evaluator.truth(requirement.expr, Frame{block.entity, r, nullptr});
    }
    benchmark::DoNotOptimize(passed);
  }
}

void run(benchmark::State& state, const std::string& name) {
  if (!have(state, name)) return;
  const auto& data = bound(name);
  for (auto _ : state) benchmark::DoNotOptimize(thidua::run(example_policy(), data));
}

void result_json(benchmark::State& state, const std::string& name) {
  if (!have(state, name)) return;
  const auto result = thidua::run(example_policy(), bound(name));
  // To /dev/null, as `thidua run -o` writes a file: in blocks, never the whole text at once.
  std::ofstream sink("/dev/null", std::ios::binary);
  for (auto _ : state) {
    result.write_json(sink);
    benchmark::DoNotOptimize(sink.tellp());
  }
}

const char* const sizes[] = {"persons-10k.json", "persons-100k.json", "persons-1m.json"};

void register_all() {
  for (const char* size : sizes) {
    const std::string name = size;
    const auto iterations = name == "persons-1m.json" ? 3 : 0;  // a few, at a million
    for (const auto& [stage, fn] : {std::pair{"bind", &bind}, {"evaluate", &evaluate}, {"run", &run},
                                    {"result_json", &result_json}}) {
      auto* b = benchmark::RegisterBenchmark((std::string(stage) + "/" + name).c_str(), fn, name);
      b->Unit(benchmark::kMillisecond);
      if (iterations) b->Iterations(iterations);
      // Binding runs on two threads at scale (and hashes the input on one more): its CPU time is
      // the process's, not the calling thread's alone.
      if (std::string_view(stage) == "bind") b->MeasureProcessCPUTime();
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
