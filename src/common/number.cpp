#include "thidua/number.hpp"

#include <boost/version.hpp>
#include <cctype>
#include <numeric>

namespace thidua {

namespace {
bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}
Integer power_of_ten(unsigned exponent) {
  Integer result = 1;
  for (unsigned i = 0; i < exponent; ++i) result *= 10;
  return result;
}

#if BOOST_VERSION < 107700
// Up to Boost 1.76 a cpp_rational holds a boost::rational<Integer>, which offers no way to set
// a numerator and denominator already in lowest terms without normalising them again (a gcd
// and two big-integer divisions). An explicit instantiation may name private members, so this
// one hands out the denominator.
using Fraction = boost::rational<Integer>;
template <Integer Fraction::*Denominator>
struct FractionParts {
  friend Integer& denominator_of(Fraction& f) { return f.*Denominator; }
};
Integer& denominator_of(Fraction& f);
template struct FractionParts<&Fraction::den>;
#endif
}  // namespace

Number detail::reduced_fraction(std::int64_t numerator, std::int64_t denominator) {
  Number value(numerator);
#if BOOST_VERSION < 107700
  if (denominator != 1) denominator_of(value.backend().data()) = denominator;
#else
  if (denominator != 1) value = Number(Integer(numerator), Integer(denominator));
#endif
  return value;
}

std::pair<std::int64_t, std::int64_t> detail::decimal_fraction(std::int64_t digits, unsigned decimals) {
  std::int64_t scale = 1;
  for (unsigned i = 0; i < decimals; ++i) scale *= 10;
  const std::int64_t common = std::gcd(digits, scale);  // positive: scale is (gcd(0, s) = s: 0/1)
  return {digits / common, scale / common};
}

Number decimal(std::int64_t digits, unsigned decimals) {
  if (digits == 0) return Number(0);
  const auto [numerator, denominator] = detail::decimal_fraction(digits, decimals);
  return detail::reduced_fraction(numerator, denominator);
}

std::optional<Number> parse_decimal(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  long exponent = 0;
  if (const auto e = text.find_first_of("eE"); e != std::string_view::npos) {
    auto exponent_text = text.substr(e + 1);
    bool exponent_negative = false;
    if (!exponent_text.empty() && (exponent_text.front() == '-' || exponent_text.front() == '+')) {
      exponent_negative = exponent_text.front() == '-';
      exponent_text.remove_prefix(1);
    }
    if (!all_digits(exponent_text) || exponent_text.size() > 6) return std::nullopt;
    exponent = std::stol(std::string(exponent_text));
    if (exponent_negative) exponent = -exponent;
    text = text.substr(0, e);
  }
  std::string_view whole = text, fraction;
  if (const auto dot = text.find('.'); dot != std::string_view::npos) {
    whole = text.substr(0, dot);
    fraction = text.substr(dot + 1);
    if (!all_digits(fraction)) return std::nullopt;
  }
  if (!all_digits(whole)) return std::nullopt;
  if (whole.size() + fraction.size() > max_number_digits) return std::nullopt;
  if (exponent == 0 && whole.size() + fraction.size() <= 18) {
    std::int64_t digits = 0;
    for (const char c : whole) digits = digits * 10 + (c - '0');
    for (const char c : fraction) digits = digits * 10 + (c - '0');
    return decimal(negative ? -digits : digits, static_cast<unsigned>(fraction.size()));
  }
  exponent -= static_cast<long>(fraction.size());
  if (exponent > max_decimal_exponent || exponent < -max_decimal_exponent) return std::nullopt;

  // Leading zeros go: Boost reads a string starting with 0 as octal ("010" would be 8).
  std::string text_digits = std::string(whole) + std::string(fraction);
  const auto first = text_digits.find_first_not_of('0');
  text_digits.erase(0, first == std::string::npos ? text_digits.size() - 1 : first);
  Integer digits(text_digits);
  if (negative) digits = -digits;
  if (exponent >= 0) return Number(digits * power_of_ten(static_cast<unsigned>(exponent)));
  return Number(digits, power_of_ten(static_cast<unsigned>(-exponent)));
}

namespace {
__extension__ typedef __int128 wide;  // exact products of two 63-bit values
__extension__ typedef unsigned __int128 unsigned_wide;

// The value of a one-limb integer below 2^63, or nothing.
std::optional<long long> small(const Integer& value) {
  const auto& b = value.backend();
  if (b.size() != 1 || b.limbs()[0] >> 63) return std::nullopt;
  const auto magnitude = static_cast<long long>(b.limbs()[0]);
  return b.sign() ? -magnitude : magnitude;
}
}  // namespace

std::optional<std::pair<std::int64_t, std::int64_t>> detail::small_fraction(const Number& value) {
  const auto& fraction = value.backend().data();
  const auto numerator = small(fraction.numerator());
  const auto denominator = small(fraction.denominator());
  if (!numerator || !denominator) return std::nullopt;
  return std::make_pair(static_cast<std::int64_t>(*numerator), static_cast<std::int64_t>(*denominator));
}

int compare(const Number& a, const Number& b) {
  const auto& x = a.backend().data();
  const auto& y = b.backend().data();
  const auto xn = small(x.numerator()), xd = small(x.denominator());
  const auto yn = small(y.numerator()), yd = small(y.denominator());
  if (xn && xd && yn && yd) {
    // Denominators are positive, so the cross products compare as the fractions do.
    const wide left = static_cast<wide>(*xn) * *yd, right = static_cast<wide>(*yn) * *xd;
    return left < right ? -1 : left > right ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

bool is_integer(const Number& value) {
  return boost::multiprecision::denominator(value) == 1;
}

std::string to_string(const Number& value) {
  // Values of 64 bits (as data's decimals are) without big-integer arithmetic: the same text.
  const auto& fraction = value.backend().data();
  if (const auto n = small(fraction.numerator()), d = small(fraction.denominator()); n && d) {
    if (*d == 1) return std::to_string(*n);
    auto rest = static_cast<unsigned long long>(*d);
    unsigned twos = 0, fives = 0;
    while (rest % 2 == 0) { rest /= 2; ++twos; }
    while (rest % 5 == 0) { rest /= 5; ++fives; }
    const unsigned places = std::max(twos, fives);
    if (rest == 1 && places <= 18) {
      unsigned long long scale = 1;
      for (unsigned i = 0; i < places; ++i) scale *= 10;
      const auto magnitude = static_cast<unsigned long long>(*n < 0 ? -*n : *n);
      const auto scaled = static_cast<unsigned_wide>(magnitude) * (scale / static_cast<unsigned long long>(*d));
      if (scaled >> 64 == 0) {
        std::string digits = std::to_string(static_cast<unsigned long long>(scaled));
        if (digits.size() <= places) digits.insert(0, places - digits.size() + 1, '0');
        digits.insert(digits.size() - places, ".");
        return *n < 0 ? "-" + digits : digits;
      }
    }
  }
  const Integer num = boost::multiprecision::numerator(value);
  const Integer den = boost::multiprecision::denominator(value);
  if (den == 1) return num.str();
  // A terminating decimal exactly when the denominator has no prime factors but 2 and 5.
  Integer rest = den;
  unsigned twos = 0, fives = 0;
  while (rest % 2 == 0) { rest /= 2; ++twos; }
  while (rest % 5 == 0) { rest /= 5; ++fives; }
  if (rest != 1) return num.str() + "/" + den.str();
  const unsigned places = std::max(twos, fives);
  Integer scaled = boost::multiprecision::abs(num) * (power_of_ten(places) / den);
  std::string digits = scaled.str();
  if (digits.size() <= places) digits.insert(0, places - digits.size() + 1, '0');
  digits.insert(digits.size() - places, ".");
  return (num < 0 ? "-" : "") + digits;
}

Number floor(const Number& value) {
  const Integer num = boost::multiprecision::numerator(value);
  const Integer den = boost::multiprecision::denominator(value);
  Integer q = num / den;  // truncates towards zero
  if (num < 0 && q * den != num) q -= 1;
  return Number(q);
}

Number ceil(const Number& value) { return -floor(-value); }

Number round_half_up(const Number& value) { return floor(value + Number(1, 2)); }

}  // namespace thidua
