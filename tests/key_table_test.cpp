// Rank keys: every way a key reaches the table (integers, numbers scaled to integers, a column
// read in place, rationals that do not fit) and every sort (one packed 64-bit integer, rows of
// integers, rationals) gives exactly the order and the comparisons of exact rationals sorted
// by a plain comparison: larger keys first, then the smaller tie-break.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "src/evaluate/key_table.hpp"

namespace {

using thidua::Number;
using thidua::detail::KeyTable;

// "92.75", "-3", "1e-18", or a fraction "1/3".
Number value_of(const std::string& text) {
  if (const auto slash = text.find('/'); slash != std::string::npos)
    return *thidua::parse_decimal(text.substr(0, slash)) / *thidua::parse_decimal(text.substr(slash + 1));
  return *thidua::parse_decimal(text);
}

struct Case {
  std::string name;
  std::vector<std::vector<std::string>> keys;  // by key, by candidate
  std::vector<bool> descending;                // by key
  std::vector<std::uint32_t> tie_break;        // by candidate, all different
};

// The order and the comparisons the table must give, from the rationals themselves.
struct Expected {
  std::vector<std::size_t> order;
  std::vector<std::vector<Number>> keys;  // by key, by candidate, turned so that larger is better
};

Expected expected(const std::vector<std::vector<Number>>& keys, const std::vector<bool>& descending,
                  const std::vector<std::uint32_t>& tie_break) {
  Expected e;
  for (std::size_t j = 0; j < keys.size(); ++j) {
    auto& turned = e.keys.emplace_back();
    for (const auto& v : keys[j]) turned.push_back(descending[j] ? v : Number(-v));
  }
  e.order.resize(tie_break.size());
  std::iota(e.order.begin(), e.order.end(), 0);
  std::sort(e.order.begin(), e.order.end(), [&](std::size_t x, std::size_t y) {
    for (const auto& key : e.keys)
      if (key[x] != key[y]) return key[x] > key[y];
    return tie_break[x] < tie_break[y];
  });
  return e;
}

// How the keys are given to the table.
enum class Path { numbers, column, integers };

KeyTable table_of(const std::vector<std::vector<Number>>& keys, const std::vector<bool>& descending, std::size_t n, Path path) {
  KeyTable table(n, keys.size());
  for (std::size_t j = 0; j < keys.size(); ++j) {
    const auto& values = keys[j];
    const bool fits = std::all_of(values.begin(), values.end(), [](const Number& v) {
      return thidua::is_integer(v) && boost::multiprecision::abs(v) <= Number(std::int64_t{1} << 62);
    });
    if (path == Path::integers && fits) {
      std::vector<std::int64_t> integers;
      for (const auto& v : values) {
        const auto i = boost::multiprecision::numerator(v).convert_to<std::int64_t>();
        integers.push_back(descending[j] ? i : -i);
      }
      table.set_integers(j, std::move(integers));
    } else if (path == Path::column) {
      // The candidates' values lie in a column in the other order, between values nobody reads.
      thidua::detail::NumberColumn column;
      for (std::size_t r = 0; r < 2 * n + 1; ++r) column.push_back(r % 2 ? Number(0) : Number(7) / 3);
      std::vector<std::uint32_t> rows(n);
      for (std::size_t i = 0; i < n; ++i) {
        rows[i] = static_cast<std::uint32_t>(2 * (n - 1 - i) + 1);
        column.set(rows[i], values[i]);
      }
      if (!table.set_scaled(j, column, rows, !descending[j])) {
        std::vector<Number> turned;
        for (const auto& v : values) turned.push_back(descending[j] ? v : Number(-v));
        table.set_numbers(j, std::move(turned));
      }
    } else {
      std::vector<Number> turned;
      for (const auto& v : values) turned.push_back(descending[j] ? v : Number(-v));
      table.set_numbers(j, std::move(turned));
    }
  }
  return table;
}

void check(const std::vector<std::vector<Number>>& keys, const std::vector<bool>& descending,
           const std::vector<std::uint32_t>& tie_break, const std::string& label) {
  const auto want = expected(keys, descending, tie_break);
  for (const auto path : {Path::numbers, Path::column, Path::integers}) {
    SCOPED_TRACE(label + ", path " + std::to_string(static_cast<int>(path)));
    auto table = table_of(keys, descending, tie_break.size(), path);
    ASSERT_EQ(table.rank(tie_break), want.order);
    for (std::size_t x = 0; x < want.order.size(); ++x)
      for (std::size_t y = 0; y < want.order.size(); ++y)
        for (std::size_t j = 0; j < keys.size(); ++j)
          ASSERT_EQ(table.compare(x, y, j), thidua::compare(want.keys[j][want.order[x]], want.keys[j][want.order[y]]))
              << "places " << x << " and " << y << ", key " << j;
  }
}

class KeyTableCase : public testing::TestWithParam<Case> {};

TEST_P(KeyTableCase, RanksAndComparesAsExactRationals) {
  const auto& c = GetParam();
  std::vector<std::vector<Number>> keys;
  for (const auto& texts : c.keys) {
    auto& values = keys.emplace_back();
    for (const auto& t : texts) values.push_back(value_of(t));
  }
  check(keys, c.descending, c.tie_break, c.name);
}

const std::string big = "123456789012345678901234567890";  // beyond 64 bits

INSTANTIATE_TEST_SUITE_P(
    Edges, KeyTableCase,
    testing::Values(
        Case{"decimals_ties_broken_by_id", {{"92.75", "92.75", "90.25", "96.5", "92.75"}}, {true}, {3, 1, 2, 0, 9}},
        Case{"ascending_negative_decimals", {{"-0.5", "-0.25", "0", "-0.5", "3.125"}}, {false}, {4, 3, 2, 1, 0}},
        Case{"condition_then_score_then_count",
             {{"1", "0", "1", "1", "0", "1"}, {"90.5", "99", "90.5", "97.25", "99", "90.5"}, {"2", "0", "1", "1", "0", "2"}},
             {true, true, true}, {5, 4, 3, 2, 1, 0}},
        Case{"eighteen_decimals", {{"0.000000000000000001", "-0.000000000000000001", "0", "0.000000000000000002"}}, {true}, {0, 1, 2, 3}},
        // Scaled by 10^18 these pass 2^62: rationals.
        Case{"many_decimals_too_large_once_scaled",
             {{"5.123456789012345678", "5.123456789012345677", "-5.123456789012345678", "5.5"}}, {true}, {0, 1, 2, 3}},
        Case{"beyond_64_bits", {{big, "-" + big, "1", big, "0.5"}}, {true}, {1, 0, 2, 3, 4}},
        Case{"beyond_64_bits_ascending", {{big, "-" + big, "1", big, "0.5"}}, {false}, {1, 0, 2, 3, 4}},
        Case{"thirds_and_sevenths", {{"1/3", "2/7", "1/3", "-1/7", "0.5"}}, {true}, {0, 1, 2, 3, 4}},
        // The denominators' common multiple passes 2^62: rationals.
        Case{"denominators_without_a_small_multiple",
             {{"1/1000003", "1/1000033", "1/1000037", "1/1000039", "2/1000003"}}, {true}, {4, 3, 2, 1, 0}},
        // Ranges too wide for one 64-bit integer: rows of integers.
        Case{"wide_ranges",
             {{"2305843009213693951", "-2305843009213693951", "0", "2305843009213693951"}, {"-2305843009213693951", "5", "5", "2305843009213693951"}},
             {true, false}, {0, 1, 2, 3}},
        Case{"five_keys",
             {{"1", "1", "1", "0"}, {"2", "2", "2", "2"}, {"0.5", "0.5", "0.25", "0.5"}, {"3", "4", "3", "4"}, {"1", "1", "1", "1"}},
             {true, false, true, false, true}, {0, 1, 2, 3}},
        // Five keys whose ranges are too wide to pack: compared one by one.
        Case{"five_wide_keys",
             {{"2305843009213693951", "-2305843009213693951", "2305843009213693951", "0"}, {"1", "1", "0", "1"},
              {"0.5", "0.5", "0.25", "0.5"}, {"-2305843009213693951", "2305843009213693951", "3", "4"}, {"1", "1", "1", "1"}},
             {true, false, true, false, true}, {0, 1, 2, 3}},
        Case{"rational_key_then_integer_key", {{big, big, "1", "1"}, {"0.25", "0.5", "0.25", "0.5"}}, {true, false}, {0, 1, 2, 3}},
        Case{"all_equal_ids_decide", {{"7", "7", "7"}}, {true}, {20, 10, 30}},
        Case{"one_candidate", {{"-1.5"}}, {true}, {0}},
        Case{"no_keys", {}, {}, {2, 0, 1}},
        Case{"no_candidates", {{}}, {true}, {}}),
    [](const testing::TestParamInfo<Case>& info) { return info.param.name; });

// Random keys drawn from edge values, many candidates, tie-breaks with gaps (the ids of a
// subset of a table): every path agrees with the rationals.
TEST(KeyTable, RandomKeysFromEdgeValues) {
  const std::vector<std::string> edges = {"0", "1", "-1", "92.75", "92.5", "-92.75", "0.001", "1/3", "-2/7",
                                          "4611686018427387904", "-4611686018427387903", "2305843009213693951", big,
                                          "0.000000000000000001", "999999999999999999", "1e-19", "17", "3.5"};
  std::mt19937 random(2026);
  for (int round = 0; round < 300; ++round) {
    const std::size_t n = std::uniform_int_distribution<std::size_t>(0, 60)(random);
    const std::size_t k = std::uniform_int_distribution<std::size_t>(1, 5)(random);
    // A few values per key, so that ties are common; some rounds only small integers.
    const bool plain = round % 3 == 0;
    std::vector<std::vector<Number>> keys(k);
    std::vector<bool> descending(k);
    for (std::size_t j = 0; j < k; ++j) {
      descending[j] = random() % 2;
      std::vector<Number> choices;
      for (int c = 0; c < 3; ++c)
        choices.push_back(plain ? Number(static_cast<int>(random() % 5) - 2) : value_of(edges[random() % edges.size()]));
      for (std::size_t i = 0; i < n; ++i) keys[j].push_back(choices[random() % choices.size()]);
    }
    std::vector<std::uint32_t> tie_break(3 * n);
    std::iota(tie_break.begin(), tie_break.end(), 0);
    std::shuffle(tie_break.begin(), tie_break.end(), random);
    tie_break.resize(n);
    check(keys, descending, tie_break, "round " + std::to_string(round));
  }
}

}  // namespace
