#include "core/kpi/stats.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kpi {

double quantile(std::span<double> values, double q) noexcept {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  // numpy "linear": position h = (n - 1) q between ranks floor(h) and floor(h) + 1.
  // Selection instead of a full sort: the two ranks are all we need.
  const double h = static_cast<double>(values.size() - 1) * q;
  const auto lo = static_cast<size_t>(std::floor(h));
  const auto lo_it = values.begin() + static_cast<std::ptrdiff_t>(lo);
  std::nth_element(values.begin(), lo_it, values.end());
  const double low = *lo_it;
  if (lo + 1 >= values.size()) return low;
  const double high = *std::min_element(lo_it + 1, values.end());
  return low + (h - static_cast<double>(lo)) * (high - low);
}

double median(std::span<double> values) noexcept { return quantile(values, 0.5); }

double mean(std::span<const double> values) noexcept {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

std::pair<double, double> wilson_interval(double p, double n) noexcept {
  if (!(n > 0) || std::isnan(p)) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return {nan, nan};
  }
  constexpr double z = 1.96;
  const double z2 = z * z;
  const double denom = 1 + z2 / n;
  const double center = (p + z2 / (2 * n)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

double share(double part, double whole) noexcept {
  return whole == 0 ? std::numeric_limits<double>::quiet_NaN() : part / whole;
}

}  // namespace kpi
