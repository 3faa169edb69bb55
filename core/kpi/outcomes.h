// Results of closed deals (spec/kpi.md metrics 7 and 9): won and lost
// counts, win rate, revenue and average won amount over deals closed in the
// period, for any grouping column (owner, source, segment) in one pass.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/kpi/period.h"
#include "core/report/report.h"

namespace kpi {

struct OutcomeTotals {
  uint32_t won = 0;
  uint32_t lost = 0;
  uint32_t won_with_amount = 0;
  double revenue = 0;

  /// Counts one closed deal: won (with its amount, when it has one) or lost.
  void add(bool is_won, double amount) noexcept {
    if (!is_won) {
      ++lost;
      return;
    }
    ++won;
    if (!std::isnan(amount)) {
      ++won_with_amount;
      revenue += amount;
    }
  }
};

/// Per deal row: 0 = not closed in the period (or a duplicate), 1 = won, 2 = lost.
std::vector<uint8_t> closed_in_period(const DealTable& deals, const std::vector<uint8_t>& counted,
                                      const Period& period);

/// Sums the closed deals by `key` (a deal column of string ids); the result is
/// indexed by StrId and sized to `key_count`.
std::vector<OutcomeTotals> outcomes_by(const DealTable& deals, const std::vector<uint8_t>& closed,
                                       const std::vector<StrId>& key, size_t key_count);

/// Writes won_count, lost_count, win_rate, revenue, avg_won_amount. With no
/// closed deal all five stay null; with no won deal revenue and average stay
/// null, and so do they when no won deal has an amount (docs/kpi.md).
void write_outcomes(const OutcomeTotals& t, MetricValues& m) noexcept;

}  // namespace kpi
