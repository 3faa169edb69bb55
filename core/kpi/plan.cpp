// Metric 12, plan pace: fact (revenue won in the plan period up to now, or
// the number of deals won for a plan by count) against the plan, the expected-to-date share of it by elapsed working days,
// and the run-rate forecast for the whole period (docs/kpi.md "Plan").
#include <algorithm>

#include "core/kpi/families.h"

namespace kpi {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool is_team_plan(const Plan& p) { return p.owner.empty() || same_name(p.owner, "team"); }

// The plan that applies at `now` among `candidates`: the one whose period
// contains now, else the latest one that started before now; nullptr if none.
const Plan* plan_at(const std::vector<const Plan*>& candidates, Instant now) {
  const Plan* best = nullptr;
  for (const Plan* p : candidates) {
    if (p->from > now) continue;
    const bool contains = now < p->to;
    const bool best_contains = best != nullptr && now < best->to;
    if (best == nullptr || (contains && !best_contains) || (contains == best_contains && p->from > best->from)) {
      best = p;
    }
  }
  return best;
}

struct Pace {
  double plan = 0, fact = 0, expected = 0, forecast = 0;
};

// What a plan counts: revenue won (money plans) or deals won (count plans).
enum class Measure { kRevenue, kWonCount };

// Revenue or deals won by `owner` (kNoStr = everyone) within [from, to) and at
// or before now. Revenue skips won deals without an amount; the count does not.
double won(const Context& c, StrId owner, Instant from, Instant to, Measure what) {
  const DealTable& d = c.data.deals;
  double sum = 0;
  // The counted deals won or lost with a closed_at in [from, to) and by now, in row order.
  for (const uint32_t i : c.index()->deals_by_closed().rows_in(from, to, c.period.as_of)) {
    if (d.state[i] != DealState::kWon) continue;
    if (what == Measure::kRevenue && std::isnan(d.amount[i])) continue;
    if (owner != kNoStr && d.owner[i] != owner) continue;
    sum += what == Measure::kRevenue ? d.amount[i] : 1.0;
  }
  return sum;
}

bool has(const Plan& p, Measure what) { return what == Measure::kRevenue ? p.has_revenue : p.won_count >= 0; }

Pace pace_of(const Context& c, const Plan& p, StrId owner, Measure what) {
  Pace pace;
  pace.plan = what == Measure::kRevenue ? p.revenue : p.won_count;
  pace.fact = won(c, owner, p.from, p.to, what);
  const double total = static_cast<double>(c.calendar.working_days(p.from, p.to));
  const Instant elapsed_end = std::min(p.to, c.period.as_of + 1);  // today counts as elapsed
  const double elapsed = static_cast<double>(c.calendar.working_days(p.from, elapsed_end));
  pace.expected = total > 0 ? pace.plan * elapsed / total : kNull;
  pace.forecast = elapsed > 0 ? pace.fact / elapsed * total : kNull;
  return pace;
}

struct Keys {
  Metric plan, fact_share, pace, forecast;
};
constexpr Keys kRevenueKeys = {Metric::kPlanRevenue, Metric::kPlanFactShare, Metric::kPlanPace, Metric::kPlanForecast};
constexpr Keys kWonKeys = {Metric::kPlanWonCount, Metric::kPlanWonFactShare, Metric::kPlanWonPace,
                           Metric::kPlanWonForecast};

void write(const Pace& p, const Keys& k, MetricValues& m) {
  m.set(k.plan, p.plan);
  m.set(k.fact_share, p.plan > 0 ? p.fact / p.plan : kNull);
  m.set(k.pace, p.expected > 0 ? p.fact / p.expected : kNull);
  m.set(k.forecast, p.forecast);
}

// One measure's plans: each manager's own, and the team's (its own plan, else
// the sum of the managers' plans of that measure).
PlanPace row(const Pace& p, const std::string& manager, Instant from = kNoTime, Instant to = kNoTime) {
  return PlanPace{manager, p.plan, p.fact, p.expected, p.forecast, from, to};
}

void compute_measure(const Context& c, Report& r, Measure what) {
  const Keys& keys = what == Measure::kRevenue ? kRevenueKeys : kWonKeys;
  PlanMeasure& out = what == Measure::kRevenue ? r.plans.revenue : r.plans.won_count;
  const Instant now = c.period.as_of;
  std::vector<const Plan*> team_plans;
  for (const Plan& p : c.settings.plans) {
    if (has(p, what) && is_team_plan(p)) team_plans.push_back(&p);
  }
  Pace sum;
  bool any_manager = false;
  for (size_t i = 0; i < r.managers.size(); ++i) {
    std::vector<const Plan*> own;
    for (const Plan& p : c.settings.plans) {
      if (has(p, what) && !is_team_plan(p) && same_name(p.owner, r.managers[i].name)) own.push_back(&p);
    }
    const Plan* p = plan_at(own, now);
    if (p == nullptr) continue;
    const Pace pace = pace_of(c, *p, c.managers[i], what);
    write(pace, keys, r.managers[i].metrics);
    out.managers.push_back(row(pace, r.managers[i].name, p->from, p->to));
    any_manager = true;
    sum.plan += pace.plan;
    sum.fact += pace.fact;
    sum.expected += std::isnan(pace.expected) ? 0 : pace.expected;
    sum.forecast += std::isnan(pace.forecast) ? 0 : pace.forecast;
  }
  if (const Plan* team = plan_at(team_plans, now)) {
    const Pace pace = pace_of(c, *team, kNoStr, what);
    write(pace, keys, r.team);
    out.team = row(pace, "", team->from, team->to);
    out.has_team = true;
  } else if (any_manager) {
    write(sum, keys, r.team);
    // The summed plans have one window when every manager's has the same (issue 11: the plan by day).
    const bool one_window = std::all_of(out.managers.begin(), out.managers.end(), [&](const PlanPace& m) {
      return m.from == out.managers.front().from && m.to == out.managers.front().to;
    });
    out.team = one_window ? row(sum, "", out.managers.front().from, out.managers.front().to) : row(sum, "");
    out.has_team = true;
  }
}

}  // namespace

void compute_plan(const Context& c, Report& r) {
  if (c.settings.plans.empty()) {
    mark_unavailable(r, "plan", "NEEDS_PLAN");
    return;
  }
  if (c.period.as_of == kNoTime) return;
  compute_measure(c, r, Measure::kRevenue);
  compute_measure(c, r, Measure::kWonCount);
}

}  // namespace kpi
