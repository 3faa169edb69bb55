// The plan in dynamics (issue 11; docs/kpi.md "Plan by working day"): each
// plan of report.plans (the team's and each manager's, revenue or deals won)
// as a track over the working days of its window — the plan line (plan ×
// working days through the day ÷ the window's working days) and the fact
// accumulated to the end of each day up to as_of — with the status the judge
// gave the pace. The last point with a fact is plan.cpp's fact and expected.
#include <algorithm>
#include <cmath>

#include "core/kpi/dynamics.h"

namespace kpi {
namespace {

enum class Measure { kRevenue, kWonCount };

// owner kNoStr = every owner (the team).
PlanTrack track(const Context& c, const PlanPace& pace, StrId owner, Measure what) {
  PlanTrack t;
  t.manager = pace.manager;
  t.from = pace.from;
  t.to = pace.to;
  t.plan = pace.plan;
  if (pace.from == kNoTime || pace.to == kNoTime || pace.to <= pace.from) return t;
  const TimeZone& tz = c.settings.tz;
  const int64_t first = local_day(tz, pace.from), last = local_day(tz, pace.to - 1);
  if (last - first + 1 > kMaxPlanTrackDays) return t;
  const Instant now = c.period.as_of;
  // Won in the window up to now, per local day of the window.
  std::vector<double> won(static_cast<size_t>(last - first + 1), 0);
  const DealTable& d = c.data.deals;
  for (size_t i = 0; i < d.size(); ++i) {
    if (!c.counted[i] || d.state[i] != DealState::kWon) continue;
    if (what == Measure::kRevenue && std::isnan(d.amount[i])) continue;
    if (owner != kNoStr && d.owner[i] != owner) continue;
    const Instant at = d.closed_at[i];
    if (at == kNoTime || at < pace.from || at >= pace.to || at > now) continue;
    won[static_cast<size_t>(local_day(tz, at) - first)] += what == Measure::kRevenue ? d.amount[i] : 1.0;
  }
  std::vector<int64_t> working;
  for (int64_t day = first; day <= last; ++day) {
    const Instant start = std::max(day_start(tz, day), pace.from), end = std::min(day_start(tz, day + 1), pace.to);
    if (c.calendar.working_days(start, end) > 0) working.push_back(day);
  }
  const double total = static_cast<double>(working.size());
  double fact = 0;
  int64_t summed_to = first;  // days before this one are in `fact`
  for (size_t k = 0; k < working.size(); ++k) {
    PlanDay p;
    p.day = working[k];
    p.expected = pace.plan * static_cast<double>(k + 1) / total;
    if (day_start(tz, working[k]) <= now) {  // the day has begun: its fact so far counts (as the pace's "today")
      for (; summed_to <= working[k]; ++summed_to) fact += won[static_cast<size_t>(summed_to - first)];
      p.fact = fact;
    }
    t.days.push_back(p);
  }
  return t;
}

void fill(const Context& c, const Report& r, const PlanMeasure& plans, Measure what, Metric pace_key,
          PlanDaysMeasure& out) {
  const size_t k = static_cast<size_t>(pace_key);
  if (plans.has_team) {
    out.has_team = true;
    out.team = track(c, plans.team, kNoStr, what);
    out.team.status = r.team.judged.status[k];
    out.team.status_reason = r.team.judged.reason[k];
  }
  for (const PlanPace& p : plans.managers) {
    const auto m = std::find_if(r.managers.begin(), r.managers.end(), [&](const NamedMetrics& n) { return n.name == p.manager; });
    if (m == r.managers.end()) continue;
    PlanTrack t = track(c, p, c.managers[static_cast<size_t>(m - r.managers.begin())], what);
    t.status = m->metrics.judged.status[k];
    t.status_reason = m->metrics.judged.reason[k];
    out.managers.push_back(std::move(t));
  }
}

}  // namespace

void compute_plan_days(const Context& c, Report& r) {
  if (c.period.as_of == kNoTime) return;
  fill(c, r, r.plans.revenue, Measure::kRevenue, Metric::kPlanPace, r.plan_days.revenue);
  fill(c, r, r.plans.won_count, Measure::kWonCount, Metric::kPlanWonPace, r.plan_days.won_count);
}

}  // namespace kpi
