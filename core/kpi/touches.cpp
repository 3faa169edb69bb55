// Touches per won deal (spec/kpi.md metric 5): activities of any kind and
// direction on a deal won in the period, up to its close; calls shorter than
// `min_call_s` are dropped (missed or cut-off calls are not a conversation),
// calls of unknown length count. Mean and median per group.
#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/kpi/deal_facts.h"
#include "core/kpi/families.h"
#include "core/kpi/outcomes.h"
#include "core/kpi/stats.h"

namespace kpi {

// report.coverage rows (quality.cpp).

namespace {

void write_touches(std::vector<double>& per_deal, MetricValues& m) noexcept {
  if (per_deal.empty()) return;  // no deal won in the period: no data, not 0
  m.set(Metric::kTouchesPerWonMean, mean(per_deal));
  m.set(Metric::kTouchesPerWonMedian, median(per_deal));
}

}  // namespace

// closed_at <= as_of for the deals won in the period, so nothing after now is seen.
// The touches of each won deal up to its close are indexed once per analysis
// (Context::won_touches: one pass over the activities for every window).
std::vector<uint32_t> touches_of_won(const Context& c, const std::vector<uint8_t>& closed) {
  std::vector<uint32_t> touches(c.data.deals.size(), 0);
  if (c.won_touches.empty()) return touches;
  for (size_t row = 0; row < closed.size(); ++row) {
    if (closed[row] == 1) touches[row] = c.won_touches[row];
  }
  return touches;
}

void compute_touches(const Context& c, Report& r) {
  const DealTable& d = c.data.deals;
  const std::vector<uint32_t>& closed = c.closed_rows();
  const auto won = static_cast<uint64_t>(
      std::count_if(closed.begin(), closed.end(), [&](uint32_t row) { return d.state[row] == DealState::kWon; }));
  if (c.data.activities.size() == 0) {
    mark_unavailable(r, "touches", "NEEDS_TOUCHES");
    add_coverage_missing(r, "touches", won, "NEEDS_ACTIVITIES");
    return;
  }
  // touches_of_won, over the window's won deals only.
  GroupedValues per_won(c);
  uint64_t touched = 0;
  for (const uint32_t row : closed) {
    if (d.state[row] != DealState::kWon) continue;
    const uint32_t touches = c.won_touches.empty() ? 0 : c.won_touches[row];
    per_won.add_deal(row, touches);  // a won deal with no touch counts as 0
    if (touches > 0) ++touched;
  }
  for_each_group(r, per_won, [](MetricValues& m, std::vector<double>& v) { write_touches(v, m); });
  if (!c.full()) return;  // a series point keeps no coverage rows
  if (d.size() == 0) {
    add_coverage_missing(r, "touches", 0, "NEEDS_DEALS");
  } else {
    add_coverage(r, "touches", touched, won, "of won deals have no touch");
  }
}

}  // namespace kpi
