#include "core/kpi/stats.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kpi {

double quantile(std::span<double> values, double q) noexcept {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  // numpy "linear": position h = (n - 1) q between ranks floor(h) and floor(h) + 1.
  const double h = static_cast<double>(values.size() - 1) * q;
  const auto lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

double median(std::span<double> values) noexcept { return quantile(values, 0.5); }

double mean(std::span<const double> values) noexcept {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

double share(double part, double whole) noexcept {
  return whole == 0 ? std::numeric_limits<double>::quiet_NaN() : part / whole;
}

}  // namespace kpi
