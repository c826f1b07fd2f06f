// An independent check of the optimizer on medium instances (30 to 40 candidates, two awards,
// overlapping caps and lower bounds) with GLPK's glpsol, a test-only dependency: for every
// candidate the optimizer left out, the integer program "the choices above it as made, this
// one selected, every quota met" must have no solution, and when the optimizer says no
// selection exists, neither may the program with every quota alone.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "src/select/select.hpp"

namespace {

using thidua::detail::Quota;
using thidua::detail::select;
using thidua::detail::SelectionProblem;
using thidua::detail::unlimited;

bool have_glpsol() { return std::system("glpsol --version > /dev/null 2>&1") == 0; }

// Whether the quotas, with candidates [0, fixed) set as in `chosen` and `forced` selected,
// have a 0/1 solution, by glpsol on a CPLEX LP file.
bool glpk_feasible(const SelectionProblem& problem, const std::vector<std::uint8_t>& chosen, std::size_t fixed,
                   std::optional<std::size_t> forced) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto lp = dir / ("thidua_select_" + std::to_string(::getpid()) + ".lp");
  const auto out = dir / ("thidua_select_" + std::to_string(::getpid()) + ".out");
  std::ofstream f(lp);
  f << "Maximize\n obj: x0\nSubject To\n";
  for (std::size_t q = 0; q < problem.quotas.size(); ++q) {
    const auto& quota = problem.quotas[q];
    if (quota.members.empty()) {
      if (quota.at_least > 0) return false;
      continue;
    }
    std::string sum;
    for (const auto m : quota.members) sum += " + x" + std::to_string(m);
    if (quota.at_least > 0) f << " l" << q << ":" << sum << " >= " << quota.at_least << "\n";
    if (quota.at_most != unlimited) f << " u" << q << ":" << sum << " <= " << quota.at_most << "\n";
  }
  // A row so that the section is never empty.
  f << " all:";
  for (std::size_t i = 0; i < problem.size; ++i) f << " + x" << i;
  f << " >= 0\nBounds\n";
  for (std::size_t i = 0; i < problem.size; ++i) {
    if (i < fixed) f << " x" << i << " = " << int(chosen[i]) << "\n";
    else if (forced && i == *forced) f << " x" << i << " = 1\n";
    else f << " 0 <= x" << i << " <= 1\n";
  }
  f << "Binary\n";
  for (std::size_t i = 0; i < problem.size; ++i) f << " x" << i << "\n";
  f << "End\n";
  f.close();
  const std::string command = "glpsol --lp " + lp.string() + " -o " + out.string() + " > /dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0);
  std::ifstream result(out);
  std::stringstream text;
  text << result.rdbuf();
  std::filesystem::remove(lp);
  std::filesystem::remove(out);
  if (text.str().find("INTEGER OPTIMAL") != std::string::npos) return true;
  EXPECT_NE(text.str().find("INTEGER EMPTY"), std::string::npos) << text.str();
  return false;
}

SelectionProblem medium_problem(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int persons = pick(15, 20);
  const int units = pick(3, 6);
  SelectionProblem problem;
  problem.size = static_cast<std::size_t>(2 * persons);  // award 0's ranking, then award 1's
  std::vector<int> unit(static_cast<std::size_t>(persons)), kind(static_cast<std::size_t>(persons)),
      gender(static_cast<std::size_t>(persons));
  std::vector<std::uint32_t> rank0(static_cast<std::size_t>(persons)), rank1(static_cast<std::size_t>(persons));
  for (int p = 0; p < persons; ++p) {
    unit[static_cast<std::size_t>(p)] = pick(0, units - 1);
    kind[static_cast<std::size_t>(p)] = pick(0, 3) == 0;
    gender[static_cast<std::size_t>(p)] = pick(0, 1);
    rank0[static_cast<std::size_t>(p)] = static_cast<std::uint32_t>(p);
    rank1[static_cast<std::size_t>(p)] = static_cast<std::uint32_t>(p);
  }
  std::shuffle(rank0.begin(), rank0.end(), rng);
  std::shuffle(rank1.begin(), rank1.end(), rng);
  // position of (person p, award a)
  std::vector<std::uint32_t> at0(static_cast<std::size_t>(persons)), at1(static_cast<std::size_t>(persons));
  for (std::uint32_t i = 0; i < static_cast<std::uint32_t>(persons); ++i) {
    at0[rank0[i]] = i;
    at1[rank1[i]] = static_cast<std::uint32_t>(persons) + i;
  }
  auto add = [&](auto keep, int award, std::size_t lo, std::size_t hi) {
    Quota q{{}, lo, hi};
    for (int p = 0; p < persons; ++p) {
      if (!keep(static_cast<std::size_t>(p))) continue;
      if (award != 1) q.members.push_back(at0[static_cast<std::size_t>(p)]);
      if (award != 0) q.members.push_back(at1[static_cast<std::size_t>(p)]);
    }
    problem.quotas.push_back(std::move(q));
  };
  for (int p = 0; p < persons; ++p) add([&](std::size_t x) { return x == static_cast<std::size_t>(p); }, -1, 0, 1);
  for (int a = 0; a < 2; ++a) {
    add([](std::size_t) { return true; }, a, 0, static_cast<std::size_t>(pick(4, 12)));
    for (int u = 0; u < units; ++u)
      add([&](std::size_t x) { return unit[x] == u; }, a, 0, static_cast<std::size_t>(pick(1, 3)));
    add([&](std::size_t x) { return kind[x] == 1; }, a, static_cast<std::size_t>(pick(0, 2)), unlimited);
    add([&](std::size_t x) { return gender[x] == 0; }, a, 0, static_cast<std::size_t>(pick(2, 6)));
  }
  add([&](std::size_t x) { return gender[x] == 1; }, -1, static_cast<std::size_t>(pick(0, 4)), unlimited);
  return problem;
}

TEST(SelectGlpk, NoLeftOutCandidateCouldHaveBeenSelected) {
  if (!have_glpsol()) GTEST_SKIP() << "glpsol not found: install glpk-utils (.ci/install-deps does)";
  std::mt19937 rng(4242);
  std::size_t checked = 0;
  for (int round = 0; round < 20; ++round) {
    const auto problem = medium_problem(rng);
    const auto got = select(problem);
    if (!got.proven) ADD_FAILURE() << "round " << round << ": not proven";
    if (!got.proven) continue;
    if (!got.feasible) {
      EXPECT_FALSE(glpk_feasible(problem, got.selected, 0, std::nullopt)) << "round " << round;
      continue;
    }
    EXPECT_TRUE(glpk_feasible(problem, got.selected, problem.size, std::nullopt)) << "round " << round;
    for (std::size_t i = 0; i < problem.size; ++i) {
      if (got.selected[i]) continue;
      ++checked;
      EXPECT_FALSE(glpk_feasible(problem, got.selected, i, i)) << "round " << round << ", candidate " << i;
    }
  }
  EXPECT_GT(checked, 100u);
}

}  // namespace
