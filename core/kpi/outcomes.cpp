#include "core/kpi/outcomes.h"

#include <cmath>

namespace kpi {

std::vector<uint8_t> closed_in_period(const DealTable& deals, const std::vector<uint8_t>& counted,
                                      const Period& period) {
  std::vector<uint8_t> closed(deals.size(), 0);
  for (size_t i = 0; i < deals.size(); ++i) {
    if (!counted[i] || deals.state[i] == DealState::kOpen) continue;
    if (!period.contains(deals.closed_at[i])) continue;
    closed[i] = deals.state[i] == DealState::kWon ? 1 : 2;
  }
  return closed;
}

std::vector<OutcomeTotals> outcomes_by(const DealTable& deals, const std::vector<uint8_t>& closed,
                                       const std::vector<StrId>& key, size_t key_count) {
  std::vector<OutcomeTotals> totals(key_count);
  for (size_t i = 0; i < deals.size(); ++i) {
    if (closed[i] == 0) continue;
    OutcomeTotals& t = totals[key[i]];
    if (closed[i] == 2) {
      ++t.lost;
      continue;
    }
    ++t.won;
    if (!std::isnan(deals.amount[i])) {
      ++t.won_with_amount;
      t.revenue += deals.amount[i];
    }
  }
  return totals;
}

void write_outcomes(const OutcomeTotals& t, MetricValues& m) noexcept {
  const uint32_t closed = t.won + t.lost;
  if (closed == 0) return;
  m.set(Metric::kWonCount, t.won);
  m.set(Metric::kLostCount, t.lost);
  m.set(Metric::kWinRate, static_cast<double>(t.won) / closed);
  if (t.won_with_amount == 0) return;
  m.set(Metric::kRevenue, t.revenue);
  m.set(Metric::kAvgWonAmount, t.revenue / t.won_with_amount);
}

}  // namespace kpi
