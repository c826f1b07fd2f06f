// Apportionment by the named methods, checked against published results.
#include <gtest/gtest.h>

#include "src/select/apportion.hpp"

namespace {

using thidua::Number;
using thidua::detail::apportion;
using thidua::detail::ApportionMethod;

std::vector<Number> weights(std::initializer_list<long> values) {
  std::vector<Number> out;
  for (const auto v : values) out.emplace_back(v);
  return out;
}

using Seats = std::vector<std::size_t>;

// Balinski and Young's example: votes 5117, 4400, 162, 161, 160 and 100 seats.
TEST(Apportion, MatchesThePublishedExample) {
  const auto votes = weights({5117, 4400, 162, 161, 160});
  EXPECT_EQ(apportion(votes, 100, ApportionMethod::largest_remainder).seats, (Seats{51, 44, 2, 2, 1}));
  EXPECT_EQ(apportion(votes, 100, ApportionMethod::dhondt).seats, (Seats{52, 45, 1, 1, 1}));
  EXPECT_EQ(apportion(votes, 100, ApportionMethod::sainte_lague).seats, (Seats{51, 43, 2, 2, 2}));
}

// The Alabama paradox: with one more place, the largest remainder method takes one away.
TEST(Apportion, LargestRemainderShowsTheAlabamaParadox) {
  const auto w = weights({6, 6, 2});
  EXPECT_EQ(apportion(w, 10, ApportionMethod::largest_remainder).seats, (Seats{4, 4, 2}));
  EXPECT_EQ(apportion(w, 11, ApportionMethod::largest_remainder).seats, (Seats{5, 5, 1}));
}

TEST(Apportion, ReportsATieForTheLastPlace) {
  // Three equal groups, two places: any two of them could have them.
  const auto r = apportion(weights({1, 1, 1}), 2, ApportionMethod::dhondt);
  EXPECT_EQ(r.seats, (Seats{1, 1, 0}));
  EXPECT_EQ(r.tied, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(r.tied_places, 2u);
  const auto h = apportion(weights({1, 1, 1}), 4, ApportionMethod::largest_remainder);
  EXPECT_EQ(h.seats, (Seats{2, 1, 1}));
  EXPECT_EQ(h.tied, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(h.tied_places, 1u);
  // No tie when the cut falls between different claims.
  EXPECT_TRUE(apportion(weights({5117, 4400, 162, 161, 160}), 100, ApportionMethod::dhondt).tied.empty());
}

TEST(Apportion, IsExactWithDecimalWeights) {
  std::vector<Number> w{Number(1, 3), Number(1, 3), Number(1, 3)};
  EXPECT_EQ(apportion(w, 3, ApportionMethod::sainte_lague).seats, (Seats{1, 1, 1}));
  EXPECT_TRUE(apportion(w, 3, ApportionMethod::sainte_lague).tied.empty());
}

TEST(Apportion, RejectsWeightsItCannotShareBy) {
  EXPECT_THROW(apportion({}, 3, ApportionMethod::dhondt), std::invalid_argument);
  EXPECT_THROW(apportion(weights({0, 0}), 3, ApportionMethod::dhondt), std::invalid_argument);
  EXPECT_THROW(apportion(weights({-1, 2}), 3, ApportionMethod::dhondt), std::invalid_argument);
  EXPECT_EQ(apportion(weights({3, 1}), 0, ApportionMethod::largest_remainder).seats, (Seats{0, 0}));
}

}  // namespace
