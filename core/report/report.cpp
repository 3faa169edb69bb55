#include "core/report/report.h"

#include <array>
#include <cmath>

namespace kpi {

Report::Report() = default;
Report::~Report() = default;
Report::Report(const Report&) = default;
Report::Report(Report&&) noexcept = default;
Report& Report::operator=(const Report&) = default;
Report& Report::operator=(Report&&) noexcept = default;

std::string_view metric_key(Metric m) noexcept {
  static constexpr std::array<std::string_view, kMetricCount> kKeys = {
      "frt_median_min", "frt_mean_min", "frt_p90_min", "sla_share", "sla_breached", "sla_total",
      "next_step_share", "overdue_step_count", "open_count",
      "overdue_share", "overdue_count", "tasks_due_count",
      "touches_per_won_mean", "touches_per_won_median",
      "won_count", "lost_count", "win_rate", "revenue", "avg_won_amount",
      "stalled_count", "stalled_share", "velocity_median_days",
      "plan_revenue", "plan_fact_share", "plan_pace", "plan_forecast",
      "plan_won_count", "plan_won_fact_share", "plan_won_pace", "plan_won_forecast",
  };
  return kKeys[static_cast<size_t>(m)];
}

std::optional<Metric> metric_from_key(std::string_view key) noexcept {
  for (size_t i = 0; i < kMetricCount; ++i) {
    if (metric_key(static_cast<Metric>(i)) == key) return static_cast<Metric>(i);
  }
  return std::nullopt;
}

const MetricInfo& metric_info(Metric m) noexcept {
  // family, unit, statistic, direction, report.unavailable family, kind, influence
  // (kind and influence: branch design, docs/kpi.md "KPI design check")
  static constexpr std::array<MetricInfo, kMetricCount> kInfo = {{
      {"response", "minutes", "median", "lower", "frt", "activity", "manager"},      // frt_median_min
      {"response", "minutes", "mean", "lower", "frt", "activity", "manager"},        // frt_mean_min
      {"response", "minutes", "p90", "lower", "frt", "activity", "manager"},         // frt_p90_min
      {"response", "share", "share", "higher", "sla", "activity", "manager"},        // sla_share
      {"response", "count", "count", "lower", "sla", "activity", "manager"},         // sla_breached
      {"response", "count", "count", "none", "sla", "volume", "none"},          // sla_total
      {"next_step", "share", "share", "higher", "next_step", "activity", "manager"}, // next_step_share
      {"next_step", "count", "count", "lower", "next_step", "activity", "manager"},  // overdue_step_count
      {"pipeline", "count", "count", "none", "stalled", "volume", "none"},      // open_count
      {"tasks", "share", "share", "lower", "overdue", "activity", "manager"},        // overdue_share
      {"tasks", "count", "count", "lower", "overdue", "activity", "manager"},        // overdue_count
      {"tasks", "count", "count", "none", "overdue", "volume", "none"},         // tasks_due_count
      {"touches", "touches", "mean", "range", "touches", "activity", "manager"},     // touches_per_won_mean
      {"touches", "touches", "median", "range", "touches", "activity", "manager"},   // touches_per_won_median
      {"outcome", "count", "count", "higher", "win_rate", "result", "manager"},    // won_count
      {"outcome", "count", "count", "lower", "win_rate", "result", "manager"},     // lost_count
      {"outcome", "share", "share", "higher", "win_rate", "result", "manager"},    // win_rate
      {"outcome", "money", "sum", "higher", "revenue", "result", "manager"},       // revenue
      {"outcome", "money", "mean", "higher", "revenue", "result", "manager"},      // avg_won_amount
      {"pipeline", "count", "count", "lower", "stalled", "activity", "manager"},     // stalled_count
      {"pipeline", "share", "share", "lower", "stalled", "activity", "manager"},     // stalled_share
      {"pipeline", "days", "median", "lower", "velocity", "result", "manager"},    // velocity_median_days
      {"plan", "money", "sum", "none", "plan", "volume", "none"},               // plan_revenue
      {"plan", "share", "ratio", "higher", "plan", "result", "manager"},           // plan_fact_share
      {"plan", "share", "ratio", "higher", "plan", "result", "manager"},           // plan_pace
      {"plan", "money", "sum", "higher", "plan", "result", "manager"},             // plan_forecast
      {"plan", "count", "sum", "none", "plan", "volume", "none"},               // plan_won_count
      {"plan", "share", "ratio", "higher", "plan", "result", "manager"},           // plan_won_fact_share
      {"plan", "share", "ratio", "higher", "plan", "result", "manager"},           // plan_won_pace
      {"plan", "count", "sum", "higher", "plan", "result", "manager"},             // plan_won_forecast
  }};
  return kInfo[static_cast<size_t>(m)];
}

std::string_view status_name(Status s) noexcept {
  switch (s) {
    case Status::kOk: return "ok";
    case Status::kWarn: return "warn";
    case Status::kBad: return "bad";
    case Status::kNone: break;
  }
  return "";
}

std::string_view norm_kind_name(NormKind k) noexcept {
  switch (k) {
    case NormKind::kAtMost: return "at_most";
    case NormKind::kAtLeast: return "at_least";
    case NormKind::kRange: return "range";
    case NormKind::kNone: break;
  }
  return "";
}

std::string_view norm_source_name(NormSource s) noexcept {
  switch (s) {
    case NormSource::kDefault: return "default";
    case NormSource::kSettings: return "settings";
    case NormSource::kLeadClass: return "lead_class";
    case NormSource::kStage: return "stage";
    case NormSource::kTeam: return "team";
    case NormSource::kPlan: return "plan";
    case NormSource::kPreviousPeriod: return "previous_period";
  }
  return "";
}

namespace {
bool same(double a, double b) noexcept { return (std::isnan(a) && std::isnan(b)) || a == b; }
}  // namespace

bool Norm::operator==(const Norm& o) const noexcept {
  return kind == o.kind && source == o.source && same(value, o.value) && same(low, o.low) && same(high, o.high);
}

}  // namespace kpi
