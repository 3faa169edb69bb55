// Quantiles as numpy computes them by default ("linear"); values checked with
// numpy.percentile by hand: [1, 2, 3, 4] -> median 2.5, p90 3.7.
#include "core/kpi/stats.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace kpi {
namespace {

TEST(Stats, QuantilesInterpolateBetweenClosestRanks) {
  std::vector<double> v = {4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(median(v), 2.5);
  EXPECT_DOUBLE_EQ(quantile(v, 0.9), 3.7);  // h = 3 * 0.9 = 2.7 -> 3 + 0.7 * (4 - 3)
  EXPECT_DOUBLE_EQ(quantile(v, 0.0), 1);
  EXPECT_DOUBLE_EQ(quantile(v, 1.0), 4);
  std::vector<double> odd = {10, 30, 20};
  EXPECT_DOUBLE_EQ(median(odd), 20);
  std::vector<double> one = {7};
  EXPECT_DOUBLE_EQ(quantile(one, 0.9), 7);
}

TEST(Stats, EmptySetsAreNull) {
  std::vector<double> none;
  EXPECT_TRUE(std::isnan(median(none)));
  EXPECT_TRUE(std::isnan(mean(none)));
  EXPECT_TRUE(std::isnan(share(3, 0)));
  EXPECT_DOUBLE_EQ(mean(std::vector<double>{1, 2, 6}), 3);
  EXPECT_DOUBLE_EQ(share(1, 4), 0.25);
}

}  // namespace
}  // namespace kpi
