// The optimizer against brute force: on thousands of seeded random small instances (up to 12
// candidates, up to 3 awards, caps, per-group caps, lower bounds, cross-cutting and shared
// caps, shares such as "at most 50% of those selected") it returns exactly the lexicographically best selection, or says none exists.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <random>

#include "src/select/select.hpp"

namespace {

using thidua::detail::Method;
using thidua::detail::Quota;
using thidua::detail::select;
using thidua::detail::SelectionProblem;
using thidua::detail::Share;
using thidua::detail::unlimited;

bool meets(const SelectionProblem& problem, const std::vector<std::uint8_t>& chosen) {
  for (const auto& q : problem.quotas) {
    std::size_t count = 0;
    for (const auto m : q.members) count += chosen[m];
    if (count < q.at_least || (q.at_most != unlimited && count > q.at_most)) return false;
  }
  for (const auto& share : problem.shares) {
    std::int64_t in_base = 0, in_members = 0;
    for (const auto b : share.base) in_base += chosen[b];
    for (const auto m : share.members) in_members += chosen[m];
    const auto left = share.denominator * in_members, right = share.numerator * in_base;
    if (share.at_least ? left < right : left > right) return false;
  }
  return true;
}

// Whether quota or share `q` (numbered after the quotas) can be the reason candidate i was
// refused: it counts i, and for a share, taking i moves it towards its limit.
bool names_a_reason(const SelectionProblem& problem, std::size_t q, std::uint32_t i) {
  if (q < problem.quotas.size()) {
    const auto& m = problem.quotas[q].members;
    return std::find(m.begin(), m.end(), i) != m.end();
  }
  const auto& share = problem.shares[q - problem.quotas.size()];
  const bool member = std::find(share.members.begin(), share.members.end(), i) != share.members.end();
  const bool in_base = std::find(share.base.begin(), share.base.end(), i) != share.base.end();
  return share.at_least ? in_base && !member : member;
}

// Every subset; the best is the one whose first differing position is selected.
std::optional<std::vector<std::uint8_t>> brute_force(const SelectionProblem& problem) {
  const std::size_t n = problem.size;
  std::optional<std::vector<std::uint8_t>> best;
  for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
    std::vector<std::uint8_t> chosen(n);
    for (std::size_t i = 0; i < n; ++i) chosen[i] = (mask >> (n - 1 - i)) & 1u;
    if (meets(problem, chosen) && (!best || chosen > *best)) best = chosen;
  }
  return best;
}

// Persons, each eligible for some of the awards; candidates are (person, award) pairs in
// precedence order (award 0's ranking, then award 1's, ...), one award per person.
// `side_conditions`: no shares, and every award has per-group caps, a lower bound on a kind and
// a cap on a trait that cuts across both (one of them the min-cost flow's side condition).
SelectionProblem random_problem(std::mt19937& rng, bool side_conditions = false) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int awards = pick(1, 3);
  struct Item { int person, award; };
  std::vector<Item> items;
  const int persons = pick(2, 12 / awards + 1);
  for (int a = 0; a < awards; ++a) {
    std::vector<int> order(static_cast<std::size_t>(persons));
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    for (const int person : order)
      if (items.size() < 12 && pick(0, 3) > 0) items.push_back({person, a});
  }
  SelectionProblem problem;
  problem.size = items.size();
  std::vector<int> unit(static_cast<std::size_t>(persons)), kind(static_cast<std::size_t>(persons));
  const int units = pick(1, 3);
  for (int person = 0; person < persons; ++person) {
    unit[static_cast<std::size_t>(person)] = pick(0, units - 1);
    kind[static_cast<std::size_t>(person)] = pick(0, 1);
  }
  // With side conditions the cross-cutting cap counts a trait independent of the kind (a cap
  // on the other kind nests beside the lower bound).
  std::vector<int> trait(static_cast<std::size_t>(persons), 0);
  if (side_conditions)
    for (auto& t : trait) t = pick(0, 1);
  auto members = [&](auto keep) {
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < items.size(); ++i)
      if (keep(items[i])) out.push_back(static_cast<std::uint32_t>(i));
    return out;
  };
  auto cap = [&](std::vector<std::uint32_t> m, std::size_t at_least, std::size_t at_most) {
    problem.quotas.push_back(Quota{std::move(m), at_least, at_most});
  };
  if (awards > 1)
    for (int person = 0; person < persons; ++person) cap(members([&](Item x) { return x.person == person; }), 0, 1);
  for (int a = 0; a < awards; ++a) {
    if (pick(0, 2) > 0) cap(members([&](Item x) { return x.award == a; }), 0, static_cast<std::size_t>(pick(0, 5)));
    if (side_conditions || pick(0, 1))
      for (int u = 0; u < units; ++u)
        cap(members([&](Item x) { return x.award == a && unit[static_cast<std::size_t>(x.person)] == u; }), 0,
            static_cast<std::size_t>(pick(side_conditions ? 1 : 0, 2)));
    if (side_conditions || pick(0, 2) == 0)  // a lower bound on a kind
      cap(members([&](Item x) { return x.award == a && kind[static_cast<std::size_t>(x.person)] == 1; }),
          static_cast<std::size_t>(pick(1, side_conditions ? 1 : 2)), unlimited);
    if (side_conditions || pick(0, 2) == 0)  // a cross-cutting cap on the other kind
      cap(members([&](Item x) {
            const auto p = static_cast<std::size_t>(x.person);
            return x.award == a && (side_conditions ? trait[p] == 1 : kind[p] == 0);
          }),
          0, static_cast<std::size_t>(pick(0, 3)));
  }
  for (int a = 0; a < awards; ++a) {
    if (side_conditions || pick(0, 3) > 0) continue;  // a share of those selected: "at most 50% where kind == 0"
    const std::int64_t fractions[][2] = {{1, 2}, {1, 3}, {2, 3}, {3, 10}, {0, 1}, {1, 1}};
    const auto& f = fractions[pick(0, 5)];
    problem.shares.push_back(Share{members([&](Item x) { return x.award == a; }),
                                   members([&](Item x) { return x.award == a && kind[static_cast<std::size_t>(x.person)] == 0; }),
                                   f[0], f[1], pick(0, 1) == 1});
  }
  if (awards > 1 && pick(0, 2) == 0)  // two awards share a cap
    cap(members([](Item x) { return x.award <= 1; }), 0, static_cast<std::size_t>(pick(1, 5)));
  if (pick(0, 4) == 0) {  // an arbitrary subset with both bounds
    auto m = members([&](Item) { return pick(0, 1) == 1; });
    const auto lo = static_cast<std::size_t>(pick(0, 2));
    cap(std::move(m), lo, lo + static_cast<std::size_t>(pick(0, 2)));
  }
  problem.tie_class.resize(problem.size);
  for (std::size_t i = 1; i < problem.size; ++i) problem.tie_class[i] = problem.tie_class[i - 1] + (pick(0, 2) ? 1 : 0);
  return problem;
}

// Compares `rounds` instances with brute force; counts them by method.
void compare_with_brute_force(std::uint32_t seed, int rounds, bool side_conditions, std::size_t (&by_method)[4],
                              std::size_t& infeasible, std::size_t& decided_by_a_share) {
  std::mt19937 rng(seed);
  for (int round = 0; round < rounds; ++round) {
    const auto problem = random_problem(rng, side_conditions);
    const auto expected = brute_force(problem);
    if (!problem.shares.empty()) {
      auto without = problem;
      without.shares.clear();
      decided_by_a_share += brute_force(without) != expected;
    }
    const auto got = select(problem);
    ASSERT_TRUE(got.proven) << "round " << round;
    ++by_method[static_cast<int>(got.method)];
    if (!expected) {
      ++infeasible;
      EXPECT_FALSE(got.feasible) << "round " << round;
      EXPECT_FALSE(got.unmet.empty()) << "round " << round;
      continue;
    }
    ASSERT_TRUE(got.feasible) << "round " << round;
    ASSERT_EQ(got.selected, *expected) << "round " << round;
    for (std::size_t i = 0; i < problem.size; ++i) {
      if (got.selected[i] || got.stopped_by[i] < 0) continue;
      EXPECT_TRUE(names_a_reason(problem, static_cast<std::size_t>(got.stopped_by[i]), static_cast<std::uint32_t>(i)))
          << "round " << round << ": names a quota not holding it";
    }
  }
}

TEST(Select, MatchesBruteForceOnRandomInstances) {
  std::size_t by_method[4] = {0, 0, 0, 0};
  std::size_t infeasible = 0, decided_by_a_share = 0;
  compare_with_brute_force(20261127, 20000, false, by_method, infeasible, decided_by_a_share);
  if (HasFatalFailure()) return;
  // Every path was exercised.
  EXPECT_GT(by_method[static_cast<int>(Method::greedy)], 100u);
  EXPECT_GT(by_method[static_cast<int>(Method::flow)], 100u);
  EXPECT_GT(by_method[static_cast<int>(Method::min_cost_flow)], 1000u);
  EXPECT_GT(by_method[static_cast<int>(Method::search)], 100u);
  std::printf("greedy %zu, flow %zu, min_cost_flow %zu, search %zu, infeasible %zu\n", by_method[0], by_method[1], by_method[2],
              by_method[3], infeasible);
  EXPECT_GT(infeasible, 10u);
  EXPECT_GT(decided_by_a_share, 500u);  // the shares were not idle
}

// Lower bounds with cross-cutting caps beside per-group caps, no shares: mostly the min-cost
// flow with a quota as its side condition.
TEST(Select, MatchesBruteForceWithOneSideCondition) {
  std::size_t by_method[4] = {0, 0, 0, 0};
  std::size_t infeasible = 0, decided_by_a_share = 0;
  compare_with_brute_force(7771, 20000, true, by_method, infeasible, decided_by_a_share);
  if (HasFatalFailure()) return;
  EXPECT_GT(by_method[static_cast<int>(Method::min_cost_flow)], 2000u);
  std::printf("flow %zu, min_cost_flow %zu, search %zu, infeasible %zu\n", by_method[1], by_method[2], by_method[3],
              infeasible);
}

// Neither the order of the quotas nor the order of their members changes anything.
TEST(Select, QuotaOrderDoesNotMatter) {
  std::mt19937 rng(7);
  for (int round = 0; round < 1000; ++round) {
    auto problem = random_problem(rng);
    const auto before = select(problem);
    std::shuffle(problem.quotas.begin(), problem.quotas.end(), rng);
    for (auto& q : problem.quotas) std::shuffle(q.members.begin(), q.members.end(), rng);
    const auto after = select(problem);
    ASSERT_EQ(before.feasible, after.feasible) << "round " << round;
    ASSERT_EQ(before.selected, after.selected) << "round " << round;
  }
}

// Greedy would take 0 and 1 and then could not meet "at least 1 of {2, 3}".
TEST(Select, LowerBoundReservesAPlace) {
  SelectionProblem problem;
  problem.size = 4;
  problem.quotas = {Quota{{0, 1, 2, 3}, 0, 2}, Quota{{2, 3}, 1, unlimited}};
  const auto got = select(problem);
  EXPECT_EQ(got.selected, (std::vector<std::uint8_t>{1, 0, 1, 0}));
  EXPECT_EQ(got.stopped_by[1], 0);
  EXPECT_EQ(got.reserved_for[1], 1);
  EXPECT_EQ(got.method, Method::flow);
}

TEST(Select, ALowerBoundNobodyCanMeetIsReported) {
  SelectionProblem problem;
  problem.size = 3;
  problem.quotas = {Quota{{0, 1, 2}, 0, 2}, Quota{{}, 1, unlimited}};
  const auto got = select(problem);
  EXPECT_FALSE(got.feasible);
  EXPECT_EQ(got.unmet, (std::vector<std::size_t>{1}));
  EXPECT_EQ(got.selected, (std::vector<std::uint8_t>{0, 0, 0}));
}

TEST(Select, CapsThatNestAreGreedy) {
  SelectionProblem problem;
  problem.size = 5;
  problem.tie_class = {0, 1, 1, 2, 3};
  // overall 3; group {0, 1, 2} at most 1
  problem.quotas = {Quota{{0, 1, 2, 3, 4}, 0, 3}, Quota{{0, 1, 2}, 0, 1}};
  const auto got = select(problem);
  EXPECT_EQ(got.method, Method::greedy);
  EXPECT_EQ(got.selected, (std::vector<std::uint8_t>{1, 0, 0, 1, 1}));
  EXPECT_EQ(got.stopped_by[1], 1);
  EXPECT_TRUE(got.ties.empty());  // 1 and 2 are tied but both out
}

TEST(Select, ATieCutByAQuotaIsReported) {
  SelectionProblem problem;
  problem.size = 4;
  problem.tie_class = {0, 1, 1, 2};
  problem.quotas = {Quota{{0, 1, 2, 3}, 0, 2}};
  const auto got = select(problem);
  ASSERT_EQ(got.ties.size(), 1u);
  EXPECT_EQ(got.ties[0].members, (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(got.ties[0].selected, (std::vector<std::size_t>{1}));
  EXPECT_EQ(got.ties[0].quota, 0u);
}

// Caps per group and "at most 50% of kind 0" (members 0, 1, 3): a min-cost flow. Taking 1
// (or later 3) would make 2 of kind 0 among at most 3 selected.
TEST(Select, AShareWithNestedCapsIsAMinCostFlow) {
  SelectionProblem problem;
  problem.size = 5;
  problem.quotas = {Quota{{0, 1, 2, 3, 4}, 0, 3}, Quota{{0, 1}, 0, 2}, Quota{{2, 3, 4}, 0, 2}};
  problem.shares = {Share{{0, 1, 2, 3, 4}, {0, 1, 3}, 1, 2, false}};
  const auto got = select(problem);
  EXPECT_EQ(got.method, Method::min_cost_flow);
  EXPECT_TRUE(got.proven);
  EXPECT_EQ(got.selected, (std::vector<std::uint8_t>{1, 0, 1, 0, 1}));
  EXPECT_EQ(got.stopped_by[1], 3);  // the share
  EXPECT_EQ(got.stopped_by[3], 3);
}

// A lower bound and a cross-cutting cap besides per-group caps (three families when the
// largest go first): the cap is left out as the min-cost flow's condition.
TEST(Select, ALowerBoundAndACrossCapAreAMinCostFlow) {
  SelectionProblem problem;
  problem.size = 6;
  // at most 3; at least 1 of {4, 5}; at most 1 of {0, 1, 4}; at most 2 per group {0, 2, 4}, {1, 3, 5}
  problem.quotas = {Quota{{0, 1, 2, 3, 4, 5}, 0, 3}, Quota{{4, 5}, 1, unlimited}, Quota{{0, 1, 4}, 0, 1},
                    Quota{{0, 2, 4}, 0, 2}, Quota{{1, 3, 5}, 0, 2}};
  const auto got = select(problem);
  EXPECT_EQ(got.method, Method::min_cost_flow);
  EXPECT_EQ(got.selected, (std::vector<std::uint8_t>{1, 0, 1, 0, 0, 1}));
  EXPECT_EQ(got.stopped_by[1], 2);
  EXPECT_EQ(got.stopped_by[3], 0);
  EXPECT_EQ(got.reserved_for[3], 1);
}

// Three overlapping families and a tiny budget: the answer meets every quota but is not
// claimed to be the best.
TEST(Select, ABudgetThatRunsOutIsSaid) {
  std::mt19937 rng(3);
  SelectionProblem problem;
  problem.size = 40;
  for (int q = 0; q < 30; ++q) {
    std::vector<std::uint32_t> m;
    for (std::uint32_t i = 0; i < 40; ++i)
      if (rng() % 3 == 0) m.push_back(i);
    problem.quotas.push_back(Quota{m, q % 4 == 0 ? 1u : 0u, 2 + static_cast<std::size_t>(rng() % 3)});
  }
  problem.work_budget = 1;
  const auto got = select(problem);
  EXPECT_FALSE(got.proven);
  if (got.feasible) {
    EXPECT_TRUE(meets(problem, got.selected));
  }
  problem.work_budget = 100'000'000;
  const auto full = select(problem);
  EXPECT_TRUE(full.proven);
}

}  // namespace
