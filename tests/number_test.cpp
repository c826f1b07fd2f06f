// Exact numbers: reading decimal text, printing, rounding and comparing.
#include <gtest/gtest.h>

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
