#include "src/select/apportion.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace thidua::detail {

namespace {

// Gives `remaining` places one by one to the groups with the largest priority, and reports a
// tie when the last place given and the first place refused have equal priorities.
// `priority(g, seats)` is the claim of group g holding `seats` places.
template <class Priority>
void hand_out(Apportionment& result, std::size_t remaining, Priority priority, bool once_per_group) {
  const std::size_t n = result.seats.size();
  std::vector<std::size_t> given_this_round(n, 0);
  Number last_given;
  std::vector<std::size_t> last_group_ties;
  for (std::size_t place = 0; place <= remaining; ++place) {
    // The best claim; among equal claims the first group, so that the outcome is repeatable.
    std::size_t best = n;
    Number best_claim;
    for (std::size_t g = 0; g < n; ++g) {
      if (once_per_group && given_this_round[g]) continue;
      const Number claim = priority(g, result.seats[g]);
      if (best == n || compare(claim, best_claim) > 0) {
        best = g;
        best_claim = claim;
      }
    }
    if (best == n) break;
    if (place == remaining) {
      // The first place refused: a tie when it claims as much as the last one given.
      if (remaining > 0 && compare(best_claim, last_given) == 0) {
        std::vector<std::size_t> tied;
        std::size_t contested = 0;
        for (std::size_t g = 0; g < n; ++g) {
          const bool holds_last = given_this_round[g] &&
                                  compare(priority(g, result.seats[g] - 1), last_given) == 0;
          const bool refused = !(once_per_group && given_this_round[g]) &&
                               compare(priority(g, result.seats[g]), last_given) == 0;
          if (holds_last) ++contested;
          if (holds_last || refused) tied.push_back(g);
        }
        result.tied = std::move(tied);
        result.tied_places = contested;
      }
      break;
    }
    ++result.seats[best];
    ++given_this_round[best];
    last_given = best_claim;
  }
}

}  // namespace

Apportionment apportion(const std::vector<Number>& weights, std::size_t places, ApportionMethod method) {
  if (weights.empty()) throw std::invalid_argument("apportionment needs at least one group");
  Number total = 0;
  for (const auto& w : weights) {
    if (w < 0) throw std::invalid_argument("apportionment weights must not be negative");
    total += w;
  }
  if (total == 0) throw std::invalid_argument("apportionment weights must not all be zero");

  Apportionment result;
  result.seats.assign(weights.size(), 0);
  switch (method) {
    case ApportionMethod::largest_remainder: {
      // Whole quotas first; the remainders compete for what is left, one place each.
      std::size_t given = 0;
      std::vector<Number> remainders(weights.size());
      for (std::size_t g = 0; g < weights.size(); ++g) {
        const Number quota = weights[g] * places / total;
        const Number whole = floor(quota);
        result.seats[g] = boost::multiprecision::numerator(whole).convert_to<std::size_t>();
        remainders[g] = quota - whole;
        given += result.seats[g];
      }
      hand_out(result, places - given, [&](std::size_t g, std::size_t) { return remainders[g]; }, true);
      break;
    }
    case ApportionMethod::dhondt:
      hand_out(result, places, [&](std::size_t g, std::size_t seats) { return weights[g] / (seats + 1); }, false);
      break;
    case ApportionMethod::sainte_lague:
      hand_out(result, places, [&](std::size_t g, std::size_t seats) { return weights[g] / (2 * seats + 1); }, false);
      break;
  }
  return result;
}

}  // namespace thidua::detail
