// Summary statistics as spec/kpi.md defines them: median and percentiles
// interpolate linearly between the closest ranks (numpy's default), a mean
// or a share over an empty set is null (NaN here).
#pragma once

#include <span>
#include <utility>

namespace kpi {

/// The q-th quantile (0..1) of `values`, which it reorders in place. NaN when empty.
double quantile(std::span<double> values, double q) noexcept;
/// quantile(values, 0.5).
double median(std::span<double> values) noexcept;
/// Arithmetic mean; NaN when empty.
double mean(std::span<const double> values) noexcept;
/// part / whole; NaN when whole is 0.
double share(double part, double whole) noexcept;

/// The 95 % Wilson score interval of a share observed on n cases (z = 1.96);
/// {NaN, NaN} when n is 0. Unlike share ± 1.96·se it stays inside [0, 1] and
/// is honest for small n: 1 of 2 gives [0.09, 0.91], not "50 %".
std::pair<double, double> wilson_interval(double share, double n) noexcept;

}  // namespace kpi
