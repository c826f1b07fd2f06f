#include "src/evaluate/key_table.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <numeric>
#include <tuple>
#include <utility>

namespace thidua::detail {

namespace {

constexpr std::int64_t limit = std::numeric_limits<std::int64_t>::max() / 2;  // headroom: no overflow anywhere

// The values value(0) .. value(n - 1), each a fraction in lowest terms (numerator, denominator >
// 0) or none when it does not fit in 64 bits, negated when `negate`, times the least common
// multiple of their denominators: exact integers in the same order. False when one does not fit.
template <class Value>
bool scale(std::size_t n, const Value& value, bool negate, std::vector<std::int64_t>& out) {
  out.resize(n);
  std::vector<std::int64_t> denominators(n);
  std::int64_t common = 1;
  std::int64_t last = 1;  // a denominator that divides `common`: few differ, and division is slow
  for (std::size_t i = 0; i < n; ++i) {
    const std::optional<std::pair<std::int64_t, std::int64_t>> fraction = value(i);
    if (!fraction) return false;
    const auto [numerator, denominator] = *fraction;
    if (numerator > limit || numerator < -limit || denominator > limit) return false;
    out[i] = negate ? -numerator : numerator;
    denominators[i] = denominator;  // positive
    if (denominator == last) continue;
    if (common % denominator != 0) {
      const auto factor = denominator / std::gcd(common, denominator);
      if (common > limit / factor) return false;
      common *= factor;
    }
    last = denominator;
  }
  if (common == 1) return true;
  std::int64_t last_denominator = 0, factor = 0;
  for (std::size_t i = 0; i < n; ++i) {
    __extension__ using wide = __int128;  // GCC and Clang; __extension__ keeps -Wpedantic quiet
    if (denominators[i] != last_denominator) {
      last_denominator = denominators[i];
      factor = common / last_denominator;
    }
    const auto scaled = static_cast<wide>(out[i]) * factor;
    if (scaled > limit || scaled < -limit) return false;
    out[i] = static_cast<std::int64_t>(scaled);
  }
  return true;
}

// Sorts 64-bit values in ascending order of their bits [low, high) (those above are 0): a
// least-significant-digit radix sort, 11 bits a pass.
void radix_sort(std::vector<std::uint64_t>& values, unsigned low, unsigned high) {
  constexpr unsigned digit = 11;
  constexpr std::size_t buckets = std::size_t{1} << digit;
  std::vector<std::uint64_t> other(values.size());
  std::vector<std::size_t> counts(buckets);
  for (unsigned shift = low; shift < high; shift += digit) {
    std::fill(counts.begin(), counts.end(), 0);
    for (const auto v : values) ++counts[(v >> shift) & (buckets - 1)];
    std::size_t total = 0;
    for (auto& c : counts) total += std::exchange(c, total);
    for (const auto v : values) other[counts[(v >> shift) & (buckets - 1)]++] = v;
    values.swap(other);
  }
}

}  // namespace

KeyTable::KeyTable(std::size_t n, std::size_t k) : n_(n), k_(k), integers_(k), numbers_(k) {}

void KeyTable::set_integers(std::size_t j, std::vector<std::int64_t> values) { integers_[j] = std::move(values); }

void KeyTable::set_numbers(std::size_t j, std::vector<Number> values) {
  if (!scale(values.size(), [&](std::size_t i) { return small_fraction(values[i]); }, false, integers_[j]))
    numbers_[j] = std::move(values);
}

bool KeyTable::set_scaled(std::size_t j, const NumberColumn& column, const std::vector<std::uint32_t>& rows,
                          bool negate) {
  return scale(rows.size(), [&](std::size_t i) { return column.fraction(rows[i]); }, negate, integers_[j]) ||
         (integers_[j].clear(), false);
}

const std::vector<std::size_t>& KeyTable::rank(const std::vector<std::uint32_t>& tie_break) {
  order_.resize(n_);
  std::iota(order_.begin(), order_.end(), 0);
  if (n_ == 0) return order_;
  const bool integers = std::all_of(numbers_.begin(), numbers_.end(), [](const auto& v) { return v.empty(); });

  // Every key, the tie-break and the candidate in one 64-bit integer when their ranges allow
  // (they usually do: a condition takes 1 bit, a score a few, the id's place and the
  // candidate 20 each at a million), sorted by radix on all but the candidate: each key as its
  // distance below the key's largest value, most significant first. The tie-breaks differ,
  // so the candidate below them never decides.
  const std::uint32_t last_tie = *std::max_element(tie_break.begin(), tie_break.end());
  const auto candidate_bits = static_cast<unsigned>(std::bit_width(n_ - 1));
  unsigned bits = candidate_bits + static_cast<unsigned>(std::bit_width(last_tie));
  std::vector<std::uint64_t> largest(k_);
  std::vector<unsigned> widths(k_);
  for (std::size_t j = 0; integers && j < k_; ++j) {
    const auto [low, high] = std::minmax_element(integers_[j].begin(), integers_[j].end());
    largest[j] = static_cast<std::uint64_t>(*high);
    widths[j] = static_cast<unsigned>(std::bit_width(largest[j] - static_cast<std::uint64_t>(*low)));
    bits += widths[j];
  }
  if (integers && bits <= 64) {
    shifts_.assign(k_, 0);
    masks_.assign(k_, 0);
    unsigned shift = bits;
    for (std::size_t j = 0; j < k_; ++j) {
      if (widths[j] == 0) continue;  // the same for everyone
      shift -= widths[j];
      shifts_[j] = shift;
      masks_[j] = ~std::uint64_t{0} >> (64 - widths[j]);
    }
    packed_.resize(n_);
    for (std::size_t x = 0; x < n_; ++x) {
      std::uint64_t value = (static_cast<std::uint64_t>(tie_break[x]) << candidate_bits) | x;
      for (std::size_t j = 0; j < k_; ++j)
        value |= (largest[j] - static_cast<std::uint64_t>(integers_[j][x])) << shifts_[j];
      packed_[x] = value;
    }
    radix_sort(packed_, candidate_bits, bits);
    const std::uint64_t candidate_mask = candidate_bits == 0 ? 0 : ~std::uint64_t{0} >> (64 - candidate_bits);
    for (std::size_t i = 0; i < n_; ++i) order_[i] = packed_[i] & candidate_mask;
    integers_.clear();
    return order_;
  } else if (integers && k_ <= 4) {
    // Wider ranges: the rows themselves are sorted, side by side in memory (sorting indices
    // into the keys spends its time waiting for memory).
    constexpr std::size_t packed = 4;
    struct Row {
      std::array<std::int64_t, packed> keys;  // negated, so that ascending order is rank order
      std::uint32_t tie_break;
      std::uint32_t position;
    };
    std::vector<Row> rows(n_);
    for (std::size_t x = 0; x < n_; ++x) {
      rows[x].keys.fill(0);
      for (std::size_t j = 0; j < k_; ++j) rows[x].keys[j] = -integers_[j][x];
      rows[x].tie_break = tie_break[x];
      rows[x].position = static_cast<std::uint32_t>(x);
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      return std::tie(a.keys, a.tie_break) < std::tie(b.keys, b.tie_break);
    });
    ranked_.resize(n_ * k_);
    for (std::size_t i = 0; i < n_; ++i) {
      order_[i] = rows[i].position;
      for (std::size_t j = 0; j < k_; ++j) ranked_[i * k_ + j] = -rows[i].keys[j];
    }
    return order_;
  } else {
    std::sort(order_.begin(), order_.end(), [&](std::size_t x, std::size_t y) {
      for (std::size_t j = 0; j < k_; ++j) {
        const int c = numbers_[j].empty() ? (integers_[j][x] > integers_[j][y]) - (integers_[j][x] < integers_[j][y])
                                          : thidua::compare(numbers_[j][x], numbers_[j][y]);
        if (c != 0) return c > 0;
      }
      return tie_break[x] < tie_break[y];
    });
  }

  // The integer keys in rank order, row by row, for compare().
  ranked_.assign(n_ * k_, 0);  // a rational key's place is unused
  for (std::size_t j = 0; j < k_; ++j) {
    if (!numbers_[j].empty()) continue;
    for (std::size_t i = 0; i < n_; ++i) ranked_[i * k_ + j] = integers_[j][order_[i]];
    std::vector<std::int64_t>().swap(integers_[j]);
  }
  return order_;
}

}  // namespace thidua::detail
