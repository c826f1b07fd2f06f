// LazyColumn (src/result/result_data.hpp): per-record values that take memory only once a
// record differs from the default.
#include <gtest/gtest.h>

#include <cstdint>

#include "src/result/result_data.hpp"

namespace thidua::detail {
namespace {

TEST(LazyColumn, ReadsTheDefaultAndHoldsNothingUntilARecordDiffers) {
  LazyColumn<std::int32_t, -1> column;
  column.reset(5);
  for (std::size_t r = 0; r < 5; ++r) EXPECT_EQ(column[r], -1);
  column.set(2, -1);  // the default: still nothing held
  EXPECT_EQ(column.size(), 0u);
  EXPECT_EQ(column.data(), nullptr);
}

TEST(LazyColumn, HoldsEveryRecordOnceOneDiffers) {
  LazyColumn<std::uint32_t, 0> column;
  column.reset(4);
  column.set(3, 7);
  ASSERT_EQ(column.size(), 4u);
  EXPECT_EQ(column[0], 0u);
  EXPECT_EQ(column[3], 7u);
  column.set(3, 0);  // back to the default, kept as a value
  column.set(1, 9);
  EXPECT_EQ(column[1], 9u);
  EXPECT_EQ(column[3], 0u);
}

TEST(LazyColumn, ResetForgetsTheValues) {
  LazyColumn<std::int64_t, -1> column;
  column.reset(3);
  column.set(0, 12);
  column.reset(2);
  EXPECT_EQ(column.size(), 0u);
  EXPECT_EQ(column[0], -1);
  EXPECT_EQ(column[1], -1);
}

}  // namespace
}  // namespace thidua::detail
