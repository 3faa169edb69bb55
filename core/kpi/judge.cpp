#include "core/kpi/judge.h"

#include <array>
#include <cmath>

#include "core/kpi/lead_class.h"
#include "core/settings.h"

namespace kpi {
namespace {

constexpr double kSlack = 0.1;  // warn within 10 % (relative) of the norm

// A share norm from the settings: "default" while it equals the default.
Norm settings_norm(NormKind kind, double value, double default_value) noexcept {
  Norm n;
  n.kind = kind;
  n.value = value;
  n.source = value == default_value ? NormSource::kDefault : NormSource::kSettings;
  return n;
}

Norm reference(NormKind kind, double value, NormSource source) noexcept {
  Norm n;
  n.kind = kind;
  n.value = value;
  n.source = source;
  return n;
}

// Why a value is missing, per metric: its family's unavailable code when the
// whole family is, else NOT_COMPUTED. Found once per report (the unavailable
// list is final when the judge runs), not once per row and metric: a report
// has hundreds of rows of missing values, and each lookup scans the list.
using MissingReasons = std::array<std::string_view, kMetricCount>;

MissingReasons missing_reasons(const Report& r) noexcept {
  MissingReasons out{};
  for (size_t i = 0; i < kMetricCount; ++i) {
    const std::string_view code = unavailable_code(r, metric_info(static_cast<Metric>(i)).unavailable);
    out[i] = code.empty() ? std::string_view("NOT_COMPUTED") : code;
  }
  return out;
}

// Why a status is none: the value missing, no norm, or the norm's reference
// missing (no previous period, no plan).
std::string_view reason_for(const MissingReasons& missing, Metric m, double value, const Norm& norm) noexcept {
  if (std::isnan(value)) return missing[static_cast<size_t>(m)];
  if (norm.kind == NormKind::kNone) return "NO_NORM";
  if (norm.source == NormSource::kPreviousPeriod) return "NO_PREVIOUS";
  if (norm.source == NormSource::kPlan) return "NO_PLAN";
  return "NOT_COMPUTED";
}

void judge_row(const Context& c, const Report& r, const MissingReasons& missing, MetricValues& row, bool team,
               const Report* previous) {
  for (size_t i = 0; i < kMetricCount; ++i) {
    const auto m = static_cast<Metric>(i);
    const Norm norm = norm_for(c, r, row, m, team, previous);
    const Status s = judge(row.values[i], norm);
    row.judged.norm[i] = norm;
    row.judged.status[i] = s;
    row.judged.reason[i] = s == Status::kNone ? reason_for(missing, m, row.values[i], norm) : std::string_view();
  }
}

// The team's FRT median is judged per lead class (docs/kpi.md "First
// response"): its status is the worst of its lead classes' statuses, naming
// that class when it is warn or bad (the furthest off of equally bad ones,
// hot first on a tie), so
// the tile and the matrix's team cell can never be green beside a red class.
// When no class could be judged, the median against the mix norm stands.
void judge_team_frt_by_class(Report& r) noexcept {
  const auto k = static_cast<size_t>(Metric::kFrtMedianMin);
  const auto rank = [](Status s) { return s == Status::kBad ? 3 : s == Status::kWarn ? 2 : s == Status::kOk ? 1 : 0; };
  const NamedMetrics* worst = nullptr;
  for (const NamedMetrics& row : r.by_class) {
    const Status s = row.metrics.judged.status[k];
    if (rank(s) == 0) continue;
    if (worst != nullptr) {
      const Status w = worst->metrics.judged.status[k];
      if (rank(s) < rank(w)) continue;
      if (rank(s) == rank(w) && miss(row.metrics.values[k], row.metrics.judged.norm[k]) <=
                                    miss(worst->metrics.values[k], worst->metrics.judged.norm[k])) {
        continue;
      }
    }
    worst = &row;
  }
  r.team.judged.frt_class = {};
  if (worst == nullptr) return;
  r.team.judged.status[k] = worst->metrics.judged.status[k];
  r.team.judged.reason[k] = {};
  if (r.team.judged.status[k] == Status::kOk) return;  // every class holds its norm: none to name
  // by_class names are "hot" / "warm" / "cold": the static names, not the row's copy.
  for (size_t i = 0; i < r.by_class.size(); ++i) {
    if (&r.by_class[i] == worst) r.team.judged.frt_class = lead_class_name(static_cast<LeadClass>(i));
  }
}

}  // namespace

Status judge(double value, const Norm& norm) noexcept {
  switch (norm.kind) {
    case NormKind::kNone: return Status::kNone;
    case NormKind::kAtMost:
    case NormKind::kAtLeast: {
      if (std::isnan(value) || std::isnan(norm.value)) return Status::kNone;
      const bool at_most = norm.kind == NormKind::kAtMost;
      if (at_most ? value <= norm.value : value >= norm.value) return Status::kOk;
      const double slack = std::abs(norm.value) * kSlack;
      return (at_most ? value <= norm.value + slack : value >= norm.value - slack) ? Status::kWarn : Status::kBad;
    }
    case NormKind::kRange: {
      if (std::isnan(value) || std::isnan(norm.low) || std::isnan(norm.high)) return Status::kNone;
      if (value < norm.low) return judge(value, reference(NormKind::kAtLeast, norm.low, norm.source));
      return judge(value, reference(NormKind::kAtMost, norm.high, norm.source));
    }
  }
  return Status::kNone;
}

double miss(double value, const Norm& norm) noexcept {
  if (judge(value, norm) == Status::kNone) return 0;
  double bound = norm.value, gap = 0;
  switch (norm.kind) {
    case NormKind::kAtMost: gap = value - norm.value; break;
    case NormKind::kAtLeast: gap = norm.value - value; break;
    case NormKind::kRange:
      bound = value < norm.low ? norm.low : norm.high;
      gap = value < norm.low ? norm.low - value : value - norm.high;
      break;
    case NormKind::kNone: return 0;
  }
  if (gap <= 0) return 0;
  return bound != 0 ? gap / std::abs(bound) : gap;
}

Norm norm_for(const Context& c, const Report& r, const MetricValues& row, Metric m, bool team,
              const Report* previous) noexcept {
  const Norms& n = c.settings.norms;
  static const Norms kDefaults = Settings{}.norms;
  switch (m) {
    case Metric::kFrtMedianMin:
    case Metric::kFrtMeanMin: return reference(NormKind::kAtMost, row.frt_norm, NormSource::kLeadClass);
    case Metric::kSlaShare: return settings_norm(NormKind::kAtLeast, n.sla_share, kDefaults.sla_share);
    case Metric::kNextStepShare: return settings_norm(NormKind::kAtLeast, n.next_step_share, kDefaults.next_step_share);
    case Metric::kOverdueShare: return settings_norm(NormKind::kAtMost, n.overdue_share, kDefaults.overdue_share);
    case Metric::kStalledShare: return settings_norm(NormKind::kAtMost, n.stalled_share, kDefaults.stalled_share);
    case Metric::kTouchesPerWonMean:
    case Metric::kTouchesPerWonMedian: {
      Norm out;
      out.kind = NormKind::kRange;
      out.low = n.touches.first;
      out.high = n.touches.second;
      out.source = n.touches == kDefaults.touches ? NormSource::kDefault : NormSource::kSettings;
      return out;
    }
    case Metric::kWinRate:
      if (team) {
        return reference(NormKind::kAtLeast, previous != nullptr ? previous->team.get(Metric::kWinRate) : kNull,
                         NormSource::kPreviousPeriod);
      }
      return reference(NormKind::kAtLeast, r.team.get(Metric::kWinRate), NormSource::kTeam);
    case Metric::kPlanPace: return reference(NormKind::kAtLeast, 1.0, NormSource::kPlan);
    case Metric::kPlanForecast: return reference(NormKind::kAtLeast, row.get(Metric::kPlanRevenue), NormSource::kPlan);
    case Metric::kPlanWonPace: return reference(NormKind::kAtLeast, 1.0, NormSource::kPlan);
    case Metric::kPlanWonForecast: return reference(NormKind::kAtLeast, row.get(Metric::kPlanWonCount), NormSource::kPlan);
    default: return {};
  }
}

void judge_report(const Context& c, const Report* previous, Report& r) {
  const MissingReasons missing = missing_reasons(r);
  judge_row(c, r, missing, r.team, true, previous);
  r.catalogue = r.team.judged.norm;
  for (auto* rows : {&r.managers, &r.by_source, &r.by_class, &r.by_segment}) {
    for (NamedMetrics& row : *rows) judge_row(c, r, missing, row.metrics, false, previous);
  }
  judge_team_frt_by_class(r);
  for (auto* rows : {&r.split_source, &r.split_class, &r.split_segment}) {
    for (SplitRow& row : *rows) judge_row(c, r, missing, row.metrics, false, previous);
  }
  // The stalled norm holds per stage: each stage's share is judged by it.
  const Norm stalled = r.catalogue[static_cast<size_t>(Metric::kStalledShare)];
  for (StageRow& s : r.stages) {
    s.status = judge(s.stalled_share, stalled);
    s.status_reason = s.status == Status::kNone ? std::string_view("NOT_COMPUTED") : std::string_view();
  }
  const Norm no_reason = reference(NormKind::kAtMost, kNoReasonShareNorm, NormSource::kDefault);
  for (LossReasonRow& l : r.loss_reasons) {
    if (!l.reason.empty()) {
      l.status = Status::kNone;
      l.status_reason = "NO_NORM";
      continue;
    }
    l.status = judge(l.share, no_reason);
    l.status_reason = l.status == Status::kNone ? std::string_view("NOT_COMPUTED") : std::string_view();
  }
}

}  // namespace kpi
