// Each manager's loss reasons against the team's mix (issue 11; docs/kpi.md
// "Loss reasons against the team"): the deals lost in the period (the
// cohort of report.loss_reasons), counted per manager and reason; each
// manager's share of every team reason beside the team's share, and the
// reasons where the manager differs most (|difference| ≥ 5 pp, at most 3,
// largest first) ranked here, so that no face compares shares.
#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "core/kpi/dynamics.h"
#include "core/kpi/outcomes.h"

namespace kpi {

void compute_loss_mix(const Context& c, Report& r) {
  r.loss_mix.assign(r.managers.size(), {});
  for (size_t m = 0; m < r.managers.size(); ++m) r.loss_mix[m].manager = r.managers[m].name;
  if (r.loss_reasons.empty()) {
    for (LossMixRow& row : r.loss_mix) row.reason_code = "NO_LOST_DEAL";
    return;
  }
  // The team's reasons by name, in their table's order.
  std::unordered_map<std::string_view, size_t> team_at;
  for (size_t i = 0; i < r.loss_reasons.size(); ++i) team_at.emplace(r.loss_reasons[i].reason, i);

  const DealTable& d = c.data.deals;
  const std::vector<uint8_t>& closed = c.closed();
  std::vector<uint32_t> counts(r.managers.size() * r.loss_reasons.size(), 0);
  for (size_t i = 0; i < d.size(); ++i) {
    if (closed[i] != 2) continue;
    const int32_t m = c.manager_at[d.owner[i]];
    if (m < 0) continue;
    const auto at = team_at.find(c.data.strings.view(d.loss_reason[i]));
    if (at == team_at.end()) continue;  // cannot be: the team's table counts the same deals
    ++counts[static_cast<size_t>(m) * r.loss_reasons.size() + at->second];
  }

  for (size_t m = 0; m < r.managers.size(); ++m) {
    LossMixRow& row = r.loss_mix[m];
    const uint32_t* mine = &counts[m * r.loss_reasons.size()];
    for (size_t k = 0; k < r.loss_reasons.size(); ++k) row.lost += mine[k];
    if (row.lost == 0) {
      row.reason_code = "NO_LOST_DEAL";
      continue;
    }
    row.reasons.resize(r.loss_reasons.size());
    std::vector<size_t> order;
    for (size_t k = 0; k < r.loss_reasons.size(); ++k) {
      LossMixReason& x = row.reasons[k];
      x.reason = r.loss_reasons[k].reason;
      x.count = mine[k];
      x.share = static_cast<double>(mine[k]) / row.lost;
      x.team_share = r.loss_reasons[k].share;
      x.diff = x.share - x.team_share;
      if (std::abs(x.diff) >= kLossMixMinDiff - 1e-12) order.push_back(k);
    }
    // Largest difference first; equal differences keep the team's order.
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return std::abs(row.reasons[a].diff) > std::abs(row.reasons[b].diff);
    });
    for (size_t i = 0; i < order.size() && i < kLossMixTop; ++i) row.reasons[order[i]].rank = static_cast<uint32_t>(i + 1);
  }
}

}  // namespace kpi
