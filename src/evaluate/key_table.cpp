#include "src/evaluate/key_table.hpp"

#include <algorithm>
#include <array>
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
      __extension__ using wide = __int128;  // GCC and Clang; __extension__ keeps -Wpedantic quiet
      const auto value = static_cast<wide>(numerators[i]) * scale;
      if (value > limit || value < -limit) {
        scaled_.clear();
        return;
      }
      scaled_[i] = static_cast<std::int64_t>(value);
    }
  }
}

std::vector<std::size_t> KeyTable::order(const std::vector<std::uint32_t>& tie_break) const {
  const std::size_t n = tie_break.size();
  std::vector<std::size_t> positions(n);
  std::iota(positions.begin(), positions.end(), 0);
  constexpr std::size_t packed = 4;  // keys a row holds; rankings seldom have more
  if (scaled_.empty() || k_ > packed) {
    std::sort(positions.begin(), positions.end(), [&](std::size_t x, std::size_t y) {
      for (std::size_t j = 0; j < k_; ++j)
        if (const int c = compare(x, y, j); c != 0) return c > 0;
      return tie_break[x] < tie_break[y];
    });
    return positions;
  }
  struct Row {
    std::array<std::int64_t, packed> keys;  // negated, so that ascending order is rank order
    std::uint32_t tie_break;
    std::uint32_t position;
  };
  std::vector<Row> rows(n);
  for (std::size_t x = 0; x < n; ++x) {
    rows[x].keys.fill(0);
    for (std::size_t j = 0; j < k_; ++j) rows[x].keys[j] = -scaled_[x * k_ + j];
    rows[x].tie_break = tie_break[x];
    rows[x].position = static_cast<std::uint32_t>(x);
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.keys, a.tie_break) < std::tie(b.keys, b.tie_break);
  });
  for (std::size_t i = 0; i < n; ++i) positions[i] = rows[i].position;
  return positions;
}

}  // namespace thidua::detail
