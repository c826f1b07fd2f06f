#include "src/evaluate/key_table.hpp"

#include <limits>
#include <numeric>

namespace thidua::detail {

namespace {

constexpr std::int64_t limit = std::numeric_limits<std::int64_t>::max() / 2;  // headroom: no overflow anywhere

// The value as an int64 when it is one of modest size.
bool small(const Integer& value, std::int64_t& out) {
  if (value > limit || value < -limit) return false;
  out = value.convert_to<std::int64_t>();
  return true;
}

}  // namespace

KeyTable::KeyTable(const std::vector<Number>& keys, std::size_t k) : keys_(&keys), k_(k) {
  if (k == 0 || keys.empty()) return;
  const std::size_t n = keys.size() / k;
  std::vector<std::int64_t> numerators(keys.size()), denominators(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (!small(boost::multiprecision::numerator(keys[i]), numerators[i]) ||
        !small(boost::multiprecision::denominator(keys[i]), denominators[i]))
      return;
  scaled_.resize(keys.size());
  for (std::size_t j = 0; j < k; ++j) {
    // The least common multiple of the key's denominators (denominators are positive).
    std::int64_t common = 1;
    for (std::size_t c = 0; c < n; ++c) {
      const auto d = denominators[c * k + j];
      const auto factor = d / std::gcd(common, d);
      if (common > limit / factor) {
        scaled_.clear();
        return;
      }
      common *= factor;
    }
    for (std::size_t c = 0; c < n; ++c) {
      const std::size_t i = c * k + j;
      const auto scale = common / denominators[i];
      const auto value = static_cast<__int128>(numerators[i]) * scale;
      if (value > limit || value < -limit) {
        scaled_.clear();
        return;
      }
      scaled_[i] = static_cast<std::int64_t>(value);
    }
  }
}

}  // namespace thidua::detail
