// Metric 12, plan pace: fact (revenue won in the plan period up to now)
// against the plan, the expected-to-date share of it by elapsed working days,
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

// Revenue won by `owner` (kNoStr = everyone) within [from, to) and at or before now.
double revenue_won(const Context& c, StrId owner, Instant from, Instant to) {
  const DealTable& d = c.data.deals;
  double sum = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    if (!c.counted[i] || d.state[i] != DealState::kWon || std::isnan(d.amount[i])) continue;
    if (owner != kNoStr && d.owner[i] != owner) continue;
    const Instant t = d.closed_at[i];
    if (t == kNoTime || t < from || t >= to || t > c.period.as_of) continue;
    sum += d.amount[i];
  }
  return sum;
}

Pace pace_of(const Context& c, const Plan& p, StrId owner) {
  Pace pace;
  pace.plan = p.revenue;
  pace.fact = revenue_won(c, owner, p.from, p.to);
  const double total = static_cast<double>(c.calendar.working_days(p.from, p.to));
  const Instant elapsed_end = std::min(p.to, c.period.as_of + 1);  // today counts as elapsed
  const double elapsed = static_cast<double>(c.calendar.working_days(p.from, elapsed_end));
  pace.expected = total > 0 ? p.revenue * elapsed / total : kNull;
  pace.forecast = elapsed > 0 ? pace.fact / elapsed * total : kNull;
  return pace;
}

void write(const Pace& p, MetricValues& m) {
  m.set(Metric::kPlanRevenue, p.plan);
  m.set(Metric::kPlanFactShare, p.plan > 0 ? p.fact / p.plan : kNull);
  m.set(Metric::kPlanPace, p.expected > 0 ? p.fact / p.expected : kNull);
  m.set(Metric::kPlanForecast, p.forecast);
}

}  // namespace

void compute_plan(const Context& c, Report& r) {
  const std::vector<Plan>& plans = c.settings.plans;
  if (plans.empty()) {
    mark_unavailable(r, "plan", "NEEDS_PLAN");
    return;
  }
  const Instant now = c.period.as_of;
  if (now == kNoTime) return;
  std::vector<const Plan*> team_plans;
  for (const Plan& p : plans) {
    if (is_team_plan(p)) team_plans.push_back(&p);
  }
  // Managers: each one's own plan. Without a team plan the team is the sum of them.
  Pace sum;
  bool any_manager = false;
  for (size_t i = 0; i < r.managers.size(); ++i) {
    std::vector<const Plan*> own;
    for (const Plan& p : plans) {
      if (!is_team_plan(p) && same_name(p.owner, r.managers[i].name)) own.push_back(&p);
    }
    const Plan* p = plan_at(own, now);
    if (p == nullptr) continue;
    const Pace pace = pace_of(c, *p, c.managers[i]);
    write(pace, r.managers[i].metrics);
    any_manager = true;
    sum.plan += pace.plan;
    sum.fact += pace.fact;
    sum.expected += std::isnan(pace.expected) ? 0 : pace.expected;
    sum.forecast += std::isnan(pace.forecast) ? 0 : pace.forecast;
  }
  if (const Plan* team = plan_at(team_plans, now)) {
    write(pace_of(c, *team, kNoStr), r.team);
  } else if (any_manager) {
    write(sum, r.team);
  }
}

}  // namespace kpi
