// Sharing a number of places among groups by weight, by a named method, exactly.
// Pure arithmetic: it knows neither the language nor the data (a later stage will call it
// for quotas apportioned among units).
#pragma once

#include <cstddef>
#include <vector>

#include "thidua/number.hpp"

namespace thidua::detail {

enum class ApportionMethod {
  largest_remainder,  // Hamilton: whole quotas first, then the largest remainders
  dhondt,             // highest averages, divisors 1, 2, 3, ...
  sainte_lague,       // highest averages, divisors 1, 3, 5, ...
};

struct Apportionment {
  std::vector<std::size_t> seats;  // per group
  // Groups that tie for the last places: the method cannot tell them apart. The places
  // went by group order, and the result must say so rather than hide it.
  std::vector<std::size_t> tied;
  std::size_t tied_places = 0;  // how many of the places were contested among `tied`
};

// Weights must be non-negative with a positive total; throws std::invalid_argument otherwise.
Apportionment apportion(const std::vector<Number>& weights, std::size_t places, ApportionMethod method);

}  // namespace thidua::detail
