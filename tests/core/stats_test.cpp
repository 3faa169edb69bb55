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

namespace kpi {
namespace {

TEST(Stats, WilsonIntervalIsHonestForSmallSamples) {
  // 3 of 6: center (0.5 + 1.96²/12) / (1 + 1.96²/6) = 0.5; half-width 1.96·√(0.25/6 + 1.96²/144) / 1.64027 = 0.31239.
  const auto [low, high] = wilson_interval(0.5, 6);
  EXPECT_NEAR(low, 0.18761, 1e-5);
  EXPECT_NEAR(high, 0.81239, 1e-5);
  // 1 of 2: "50 %" is anywhere from 9 % to 91 %.
  const auto [l2, h2] = wilson_interval(0.5, 2);
  EXPECT_NEAR(l2, 0.09453, 1e-5);
  EXPECT_NEAR(h2, 0.90547, 1e-5);
  // 0 of 10 and 10 of 10 stay inside [0, 1].
  EXPECT_DOUBLE_EQ(wilson_interval(0, 10).first, 0);
  EXPECT_NEAR(wilson_interval(0, 10).second, 0.27754, 1e-5);
  EXPECT_DOUBLE_EQ(wilson_interval(1, 10).second, 1);
  EXPECT_TRUE(std::isnan(wilson_interval(0.5, 0).first));
}

}  // namespace
}  // namespace kpi
