// Exact numbers. Every number the engine computes with is a rational: 92.75 is 9275/100 and
// 20% is 1/5. No binary floating point is used anywhere in evaluation.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace thidua {

using Integer = boost::multiprecision::cpp_int;
using Number = boost::multiprecision::cpp_rational;

// Longest exponent accepted in a number's text ("1e400" is accepted, "1e100000" is not):
// a bound so that hostile input cannot make the engine build gigantic integers.
inline constexpr int max_decimal_exponent = 4000;
// Longest digit string accepted.
inline constexpr std::size_t max_number_digits = 4000;

// Parses the text of a JSON or policy number ("92.75", "-3", "1.5e2") exactly.
// Returns nothing when the text is not such a number or is out of bounds.
std::optional<Number> parse_decimal(std::string_view text);

// digits / 10^decimals exactly, for decimals <= 18: reduced in 64-bit arithmetic, without the
// big-integer division that building a Number from two Integers costs (the common case of
// parse_decimal, and of the JSON reader's numbers).
Number decimal(std::int64_t digits, unsigned decimals);

namespace detail {
// digits / 10^decimals (decimals <= 18) as numerator and denominator in lowest terms, the
// denominator > 0: decimal's value, for a reader that keeps the pair.
std::pair<std::int64_t, std::int64_t> decimal_fraction(std::int64_t digits, unsigned decimals);
// numerator / denominator for a fraction already in lowest terms with denominator > 0, built
// without the gcd and big-integer divisions that normalising costs.
Number reduced_fraction(std::int64_t numerator, std::int64_t denominator);
// The numerator and denominator of `value` in lowest terms, when both fit in 64 bits.
std::optional<std::pair<std::int64_t, std::int64_t>> small_fraction(const Number& value);
}  // namespace detail

// Exact decimal text when the value has one ("92.75", "3", "-0.2"); otherwise "p/q".
std::string to_string(const Number& value);

bool is_integer(const Number& value);
// -1, 0 or 1 as a is less than, equal to or greater than b; exact, and fast when numerators
// and denominators fit in 64 bits (as decimals from data do).
int compare(const Number& a, const Number& b);
Number floor(const Number& value);
Number ceil(const Number& value);
// Half away from zero? No: half up (towards +infinity), as LANGUAGE.md says: round(2.5) = 3,
// round(-2.5) = -2.
Number round_half_up(const Number& value);

}  // namespace thidua
