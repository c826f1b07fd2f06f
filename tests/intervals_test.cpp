// Rows of intervals read top to bottom (decision tables, scoring bands): gaps, rows that can
// never match, overlaps, and how intervals are described to policy authors.
#include <gtest/gtest.h>

#include "src/compile/intervals.hpp"

namespace {

using thidua::Number;
using thidua::detail::analyse_rows;
using thidua::detail::describe;
using thidua::detail::Endpoint;
using thidua::detail::Interval;

Number n(const char* text) { return *thidua::parse_decimal(text); }
// from low to under high
Interval band(const char* low, const char* high) { return {Endpoint{n(low), true}, Endpoint{n(high), false}}; }

struct RowsCase {
  std::string name;
  std::vector<Interval> rows;
  Interval domain;
  bool integers = false;
  std::vector<std::string> gaps;  // described in English
  std::vector<std::size_t> unreachable;
  std::vector<std::pair<std::size_t, std::size_t>> overlaps;
};

std::ostream& operator<<(std::ostream& out, const RowsCase& c) { return out << c.name; }

class Rows : public testing::TestWithParam<RowsCase> {};

TEST_P(Rows, Analysis) {
  const auto& c = GetParam();
  const auto analysis = analyse_rows(c.rows, c.domain, c.integers);
  std::vector<std::string> gaps;
  for (const auto& gap : analysis.gaps) gaps.push_back(describe(gap).en);
  EXPECT_EQ(gaps, c.gaps);
  EXPECT_EQ(analysis.unreachable, c.unreachable);
  EXPECT_EQ(analysis.overlaps, c.overlaps);
}

const auto everything = Interval::everything();

INSTANTIATE_TEST_SUITE_P(
    Intervals, Rows,
    testing::Values(
        RowsCase{"RatingBandsCoverEverything",
                 {Interval::at_least(n("90")), band("70", "90"), band("50", "70"), Interval::below(n("50"))},
                 everything, false, {}, {}, {}},
        RowsCase{"MissingBandIsAGap",
                 {Interval::at_least(n("90")), band("70", "90"), Interval::below(n("50"))},
                 everything, false, {"from 50 to under 70"}, {}, {}},
        RowsCase{"TwoBandsSharingTheirBoundOverlap",
                 {Interval::at_least(n("90")), {Endpoint{n("70"), true}, Endpoint{n("90"), true}}, Interval::below(n("70"))},
                 everything, false, {}, {}, {{0, 1}}},
        RowsCase{"WiderRowFirstHidesTheNarrowerOne",
                 {Interval::at_least(n("70")), Interval::at_least(n("90")), Interval::below(n("70"))},
                 everything, false, {}, {1}, {{0, 1}}},
        RowsCase{"EmptyRowIsUnreachable",
                 {band("5", "5"), Interval::everything()},
                 everything, false, {}, {0}, {}},
        RowsCase{"PercentBandsCoverTheirDomain",
                 {Interval::above(n("0.9")), {Endpoint{n("0.7"), true}, Endpoint{n("0.9"), true}}, Interval::below(n("0.7"))},
                 {Endpoint{n("0"), true}, Endpoint{n("1"), true}}, false, {}, {}, {}},
        RowsCase{"RowsOutsideTheDomainAreUnreachable",
                 {Interval::below(n("0")), Interval::at_least(n("0"))},
                 Interval::at_least(n("0")), false, {}, {0}, {}},
        RowsCase{"OpenEndedGapAboveTheLastBand",
                 {band("0", "50"), band("50", "100")},
                 Interval::at_least(n("0")), false, {"100 and above"}, {}, {}},
        RowsCase{"CountsCoverTheIntegersFromOne",
                 {Interval::at_least(n("4")), Interval::exactly(n("3")), Interval::exactly(n("2")), Interval::exactly(n("1"))},
                 Interval::at_least(n("1")), true, {}, {}, {}},
        RowsCase{"CountsMissZero",
                 {Interval::at_least(n("4")), Interval::exactly(n("3")), Interval::exactly(n("2")), Interval::exactly(n("1"))},
                 Interval::at_least(n("0")), true, {"exactly 0"}, {}, {}},
        RowsCase{"IntegerGapIsNamedByItsIntegers",
                 {Interval::exactly(n("1")), Interval::at_least(n("5"))},
                 Interval::at_least(n("1")), true, {"from 2 to 4"}, {}, {}},
        RowsCase{"BandWithoutIntegersIsUnreachableForCounts",
                 {band("1.2", "1.8"), Interval::everything()},
                 everything, true, {}, {0}, {}},
        RowsCase{"NoRowsLeaveTheWholeDomain",
                 {}, everything, false, {"every value"}, {}, {}}),
    [](const testing::TestParamInfo<RowsCase>& info) { return info.param.name; });

struct DescribeCase {
  std::string name;
  Interval interval;
  std::string en, vi;
};

std::ostream& operator<<(std::ostream& out, const DescribeCase& c) { return out << c.name; }

class Describe : public testing::TestWithParam<DescribeCase> {};

TEST_P(Describe, InBothLanguages) {
  const auto message = describe(GetParam().interval);
  EXPECT_EQ(message.en, GetParam().en);
  EXPECT_EQ(message.vi, GetParam().vi);
}

INSTANTIATE_TEST_SUITE_P(
    Intervals, Describe,
    testing::Values(DescribeCase{"Band", band("50", "70"), "from 50 to under 70", "từ 50 đến dưới 70"},
                    DescribeCase{"ClosedBand", {Endpoint{n("70"), true}, Endpoint{n("90"), true}}, "from 70 to 90", "từ 70 đến 90"},
                    DescribeCase{"OpenLow", {Endpoint{n("0.9"), false}, Endpoint{n("1"), true}}, "above 0.9 to 1", "trên 0.9 đến 1"},
                    DescribeCase{"AtLeast", Interval::at_least(n("90")), "90 and above", "từ 90 trở lên"},
                    DescribeCase{"Above", Interval::above(n("90")), "above 90", "trên 90"},
                    DescribeCase{"Below", Interval::below(n("50")), "under 50", "dưới 50"},
                    DescribeCase{"AtMost", Interval::at_most(n("50")), "up to 50", "từ 50 trở xuống"},
                    DescribeCase{"Exactly", Interval::exactly(n("3")), "exactly 3", "đúng 3"},
                    DescribeCase{"Everything", Interval::everything(), "every value", "mọi giá trị"}),
    [](const testing::TestParamInfo<DescribeCase>& info) { return info.param.name; });

TEST(Intervals, IntersectKeepsTheTighterBounds) {
  const auto both = Interval::at_least(n("50")).intersect(Interval::below(n("70")));
  EXPECT_EQ(both, band("50", "70"));
  EXPECT_TRUE(Interval::above(n("3")).intersect(Interval::at_most(n("3"))).empty());
  EXPECT_FALSE(Interval::exactly(n("3")).empty());
  EXPECT_TRUE(band("1", "2").contains(n("1")));
  EXPECT_FALSE(band("1", "2").contains(n("2")));
}

}  // namespace
