// Exact numbers: reading decimal text, printing, rounding and comparing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "thidua/number.hpp"

namespace {

using thidua::Number;

Number n(const char* text) { return *thidua::parse_decimal(text); }

TEST(Number, ReadsDecimalTextExactly) {
  EXPECT_EQ(n("92.75"), Number(9275, 100));
  EXPECT_EQ(n("-0.2"), Number(-1, 5));
  EXPECT_EQ(n("1.5e2"), Number(150));
  EXPECT_EQ(n("89.750"), n("89.75"));
  EXPECT_NE(n("92.75000000000000001"), n("92.75"));
  EXPECT_EQ(n("1e400"), Number(thidua::Integer("1" + std::string(400, '0'))));
  // Leading zeros are decimal, never octal (found by fuzzing: 0.10 once read as 0.08).
  EXPECT_EQ(n("0.10"), Number(1, 10));
  EXPECT_EQ(n("0.09"), Number(9, 100));
  EXPECT_EQ(n("007"), Number(7));
  EXPECT_EQ(n("0"), Number(0));
  EXPECT_EQ(n("0.000"), Number(0));
  EXPECT_EQ(n("-0.5e1"), Number(-5));
  EXPECT_FALSE(thidua::parse_decimal("abc"));
  EXPECT_FALSE(thidua::parse_decimal("1e99999"));
  EXPECT_FALSE(thidua::parse_decimal(std::string(5000, '9')));
  EXPECT_FALSE(thidua::parse_decimal("1."));
  EXPECT_FALSE(thidua::parse_decimal(""));
}

// The general reading: every digit into one big integer over a power of ten, normalised by
// Boost. Literals of at most 18 digits take parse_decimal's 64-bit path instead; both must give
// the same fraction, in lowest terms with a positive denominator (== compares the parts).
Number general(std::string_view text) {
  const bool negative = text.front() == '-';
  if (negative) text.remove_prefix(1);
  const auto dot = text.find('.');
  const std::string fraction = dot == std::string_view::npos ? "" : std::string(text.substr(dot + 1));
  std::string digits = std::string(text.substr(0, dot)) + fraction;
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));  // not octal
  thidua::Integer scale = 1;
  for (std::size_t i = 0; i < fraction.size(); ++i) scale *= 10;
  const thidua::Integer numerator(digits);
  return Number(negative ? thidua::Integer(-numerator) : numerator, scale);
}

TEST(Number, ReadsShortDecimalsIn64BitsAsTheGeneralReadingDoes) {
  std::vector<std::string> literals = {
      "0", "-0", "-0.0", "0.000", "00.50", "007", "-007.250", "92.75", "88", "-3.5", "0.1", "0.125", "-0.0625",
      "999999999999999999", "-999999999999999999", "99999999999999999.9", "0.000000000000000001",
      "-0.100000000000000000", "922337203685477580", "1000000000000000000", "123456789.123456789",
      "0.999999999999999999", "500000000000000000", "0.5", "2.50", "1024.0000000"};
  // Every literal of up to 4 digits with each place for the point, and a spread of longer ones.
  for (int v = 0; v < 10000; v += 7)
    for (int places = 0; places <= 4; ++places) {
      std::string digits = std::to_string(v);
      digits.insert(0, static_cast<std::size_t>(std::max(0, places + 1 - static_cast<int>(digits.size()))), '0');
      const std::string text = places == 0 ? digits : digits.insert(digits.size() - static_cast<std::size_t>(places), ".");
      literals.push_back(text);
      literals.push_back("-" + text);
    }
  std::uint64_t x = 88172645463325252u;  // xorshift: digits of every length up to 18
  for (int i = 0; i < 20000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    std::string digits = std::to_string(x % 1000000000000000000u);
    digits.resize(1 + x % digits.size());
    const std::size_t point = (x >> 20) % (digits.size() + 1);
    if (point > 0) digits.insert(digits.size() - point, ".");
    if (digits.front() == '.') digits.insert(0, "0");
    literals.push_back((x >> 40) % 2 ? "-" + digits : digits);
  }
  for (const auto& text : literals) {
    const auto read = thidua::parse_decimal(text);
    ASSERT_TRUE(read) << text;
    EXPECT_EQ(*read, general(text)) << text;
    EXPECT_GT(boost::multiprecision::denominator(*read), 0) << text;
  }
  EXPECT_EQ(thidua::decimal(9275, 2), Number(371, 4));
  EXPECT_EQ(thidua::decimal(-35, 1), Number(-7, 2));
  EXPECT_EQ(thidua::decimal(0, 18), Number(0));
  EXPECT_EQ(thidua::decimal(-999999999999999999, 18), general("-0.999999999999999999"));
  // Beyond 18 digits and with exponents: the general path, still the same value.
  EXPECT_EQ(n("1234567890123456789.5"), general("1234567890123456789.5"));
  EXPECT_EQ(n("92.75e0"), Number(371, 4));
  EXPECT_EQ(n("-0.0e5"), Number(0));
}

TEST(Number, PrintsExactDecimalsAndFractions) {
  EXPECT_EQ(thidua::to_string(n("92.75")), "92.75");
  EXPECT_EQ(thidua::to_string(Number(-1, 5)), "-0.2");
  EXPECT_EQ(thidua::to_string(Number(1, 3)), "1/3");
  EXPECT_EQ(thidua::to_string(Number(12)), "12");
  EXPECT_EQ(thidua::to_string(Number(1, 200)), "0.005");
}

// Values of 64 bits are printed without big-integer arithmetic; larger ones with it: the
// same text on both sides of the boundary.
TEST(Number, PrintsLargeAndSmallValuesAlike) {
  EXPECT_EQ(thidua::to_string(Number(0)), "0");
  EXPECT_EQ(thidua::to_string(Number(-7)), "-7");
  EXPECT_EQ(thidua::to_string(n("-12.50")), "-12.5");
  EXPECT_EQ(thidua::to_string(Number(-1, 1024)), "-0.0009765625");
  EXPECT_EQ(thidua::to_string(n("0.000000000000000001")), "0.000000000000000001");   // 18 places
  EXPECT_EQ(thidua::to_string(n("0.0000000000000000001")), "0.0000000000000000001");  // 19
  EXPECT_EQ(thidua::to_string(Number(9223372036854775807LL, 1024)), "9007199254740991.9990234375");
  EXPECT_EQ(thidua::to_string(n("-123456789012345678901234.5")), "-123456789012345678901234.5");
  EXPECT_EQ(thidua::to_string(n("123456789012345678901234")), "123456789012345678901234");
  EXPECT_EQ(thidua::to_string(Number(2, 7)), "2/7");
}

TEST(Number, RoundsAsThePolicySays) {
  EXPECT_EQ(thidua::floor(Number(63, 5)), 12);  // 20% of 63 persons
  EXPECT_EQ(thidua::floor(Number(17, 5)), 3);   // 20% of 17 persons
  EXPECT_EQ(thidua::floor(Number(-1, 2)), -1);
  EXPECT_EQ(thidua::ceil(Number(17, 5)), 4);
  EXPECT_EQ(thidua::ceil(Number(-1, 2)), 0);
  EXPECT_EQ(thidua::round_half_up(Number(5, 2)), 3);
  EXPECT_EQ(thidua::round_half_up(Number(-5, 2)), -2);
  EXPECT_EQ(thidua::round_half_up(Number(12, 5)), 2);
}

TEST(Number, ComparesExactlyOnTheFastAndTheGeneralPath) {
  EXPECT_EQ(thidua::compare(n("92.75"), n("92.750")), 0);
  EXPECT_EQ(thidua::compare(n("92.75"), n("92.76")), -1);
  EXPECT_EQ(thidua::compare(n("-1"), n("-2")), 1);
  EXPECT_EQ(thidua::compare(Number(1, 3), Number(333333, 1000000)), 1);
  // Beyond 64 bits: the general path.
  const Number big = n("123456789012345678901234567890.5");
  EXPECT_EQ(thidua::compare(big, big + Number(1, 1000000)), -1);
  EXPECT_EQ(thidua::compare(n("92.75000000000000001"), n("92.75")), 1);
  EXPECT_EQ(thidua::compare(-big, Number(0)), -1);
}

}  // namespace
