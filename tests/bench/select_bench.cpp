// The optimizer alone (src/select), on a million persons in 1,000 units: three awards decided
// one after another (each excluding the recipients of the one before), with per-unit and
// overall caps (the greedy path, also with a cross-cutting cap), with a lower bound (the flow
// path), and with both (min-cost flow); and one award with a share (min-cost flow). The
// problems are built outside the timed loop.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "src/select/select.hpp"

namespace {

using thidua::detail::Quota;
using thidua::detail::SelectionProblem;
using thidua::detail::Share;
using thidua::detail::unlimited;

constexpr std::uint32_t persons = 1'000'000;
constexpr std::uint32_t units = 1'000;

struct Population {
  std::vector<std::uint32_t> unit;
  std::vector<std::uint8_t> kind;    // 1 for about 5%: a lower bound counts them
  std::vector<std::uint8_t> gender;  // a cross-cutting cap counts 0
  std::vector<std::vector<std::uint32_t>> rankings;  // per award, persons best first
};

const Population& population() {
  static const Population p = [] {
    Population out;
    std::mt19937 rng(1);
    out.unit.resize(persons);
    out.kind.resize(persons);
    out.gender.resize(persons);
    for (std::uint32_t i = 0; i < persons; ++i) {
      out.unit[i] = static_cast<std::uint32_t>(rng() % units);
      out.kind[i] = rng() % 20 == 0;
      out.gender[i] = rng() % 2;
    }
    for (int a = 0; a < 3; ++a) {
      std::vector<std::uint32_t> order(persons);
      for (std::uint32_t i = 0; i < persons; ++i) order[i] = i;
      std::shuffle(order.begin(), order.end(), rng);
      out.rankings.push_back(std::move(order));
    }
    return out;
  }();
  return p;
}

// One award's problem over the persons not yet awarded, in its rank order.
enum class Extra { none, lower_bound, cross_cap, both };

SelectionProblem award_problem(const Population& p, int award, const std::vector<std::uint8_t>& awarded,
                               std::vector<std::uint32_t>& candidates, Extra extra) {
  candidates.clear();
  for (const auto person : p.rankings[static_cast<std::size_t>(award)])
    if (!awarded[person]) candidates.push_back(person);
  SelectionProblem problem;
  problem.size = candidates.size();
  std::vector<std::vector<std::uint32_t>> by_unit(units);
  Quota all{{}, 0, 1'500}, kind{{}, 300, unlimited}, men{{}, 0, 600};
  for (std::uint32_t i = 0; i < candidates.size(); ++i) {
    const auto person = candidates[i];
    by_unit[p.unit[person]].push_back(i);
    all.members.push_back(i);
    if (p.kind[person]) kind.members.push_back(i);
    if (p.gender[person] == 0) men.members.push_back(i);
  }
  problem.quotas.push_back(std::move(all));
  for (auto& members : by_unit) problem.quotas.push_back(Quota{std::move(members), 0, 2});
  if (extra == Extra::lower_bound || extra == Extra::both) problem.quotas.push_back(std::move(kind));
  if (extra == Extra::cross_cap || extra == Extra::both) problem.quotas.push_back(std::move(men));
  return problem;
}

void three_awards(benchmark::State& state, Extra extra) {
  const auto& p = population();
  // Each award's problem depends on the one before; build them once, outside the timing.
  std::vector<SelectionProblem> problems;
  std::vector<std::uint8_t> awarded(persons, 0);
  std::vector<std::uint32_t> candidates;
  for (int a = 0; a < 3; ++a) {
    problems.push_back(award_problem(p, a, awarded, candidates, extra));
    const auto chosen = thidua::detail::select(problems.back());
    for (std::size_t i = 0; i < candidates.size(); ++i)
      if (chosen.selected[i]) awarded[candidates[i]] = 1;
  }
  std::size_t selected = 0, proven = 0;
  for (auto _ : state) {
    selected = proven = 0;
    for (const auto& problem : problems) {
      const auto chosen = thidua::detail::select(problem);
      for (const auto s : chosen.selected) selected += s;
      proven += chosen.proven && chosen.feasible;
    }
    benchmark::DoNotOptimize(selected);
  }
  state.counters["selected"] = static_cast<double>(selected);
  state.counters["proven"] = static_cast<double>(proven);
}

// 1,500 places per award, at most 2 per unit; "at least 300 of kind 1" (5% of persons);
// "at most 600 men". With both, the quotas form three families: the last is the min-cost
// flow's side condition.
void BM_Select_CapsOnly(benchmark::State& state) { three_awards(state, Extra::none); }
void BM_Select_LowerBound(benchmark::State& state) { three_awards(state, Extra::lower_bound); }
void BM_Select_CrossCap(benchmark::State& state) { three_awards(state, Extra::cross_cap); }
void BM_Select_LowerBoundAndCrossCap(benchmark::State& state) { three_awards(state, Extra::both); }

// One award with a share: 1,000 unit caps of 200, at most 200,000 in all, and "at most 50%
// men" where two thirds of the persons are men (the min-cost flow path).
void BM_Select_CapsAndShare(benchmark::State& state) {
  std::mt19937 rng(7);
  SelectionProblem problem;
  problem.size = persons;
  std::vector<std::vector<std::uint32_t>> by_unit(units);
  std::vector<std::uint32_t> men, all(persons);
  for (std::uint32_t i = 0; i < persons; ++i) {
    all[i] = i;
    by_unit[rng() % units].push_back(i);
    if (rng() % 3 != 0) men.push_back(i);
  }
  problem.quotas.push_back(Quota{all, 0, 200'000});
  for (auto& members : by_unit) problem.quotas.push_back(Quota{std::move(members), 0, 200});
  problem.shares.push_back(Share{all, men, 1, 2, false});
  std::size_t selected = 0, proven = 0;
  for (auto _ : state) {
    const auto chosen = thidua::detail::select(problem);
    selected = 0;
    for (const auto s : chosen.selected) selected += s;
    proven = chosen.proven && chosen.feasible;
    benchmark::DoNotOptimize(selected);
  }
  state.counters["selected"] = static_cast<double>(selected);
  state.counters["proven"] = static_cast<double>(proven);
}

BENCHMARK(BM_Select_CapsOnly)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Select_LowerBound)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Select_CrossCap)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Select_LowerBoundAndCrossCap)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Select_CapsAndShare)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
