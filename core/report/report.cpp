#include "core/report/report.h"

#include <array>

namespace kpi {

std::string_view metric_key(Metric m) noexcept {
  static constexpr std::array<std::string_view, kMetricCount> kKeys = {
      "frt_median_min", "frt_mean_min", "frt_p90_min", "sla_share", "sla_breached", "sla_total",
      "next_step_share", "overdue_step_count", "open_count",
      "overdue_share", "overdue_count", "tasks_due_count",
      "touches_per_won_mean", "touches_per_won_median",
      "won_count", "lost_count", "win_rate", "revenue", "avg_won_amount",
      "stalled_count", "stalled_share", "velocity_median_days",
      "plan_revenue", "plan_fact_share", "plan_pace", "plan_forecast",
  };
  return kKeys[static_cast<size_t>(m)];
}

}  // namespace kpi
