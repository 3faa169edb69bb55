// Motivation (spec/kpi.md §7, optional): per manager, the weighted attainment
// of the result metrics (revenue vs plan, win rate vs the team's), the
// multiplier of the step it reaches, and bonus = base salary x multiplier
// (docs/kpi.md "Motivation"). Reads what compute_outcomes and compute_plan wrote.
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/kpi/families.h"
#include "core/model/text.h"

namespace kpi {
namespace {

// Attainments are quotients of amounts and rates, so a manager exactly on a
// threshold can land an ulp below it (0.3 x 1/3 + 0.7 x 1 is 0.7999999999999999):
// a threshold counts as reached within this relative distance.
constexpr double kThresholdTolerance = 1e-9;

bool reaches(double attainment, double threshold) {
  return attainment >= threshold - kThresholdTolerance * std::max(1.0, std::fabs(threshold));
}

// The multiplier of the highest step reached; 0 below the first threshold.
double multiplier_at(const std::vector<Motivation::Step>& steps, double attainment) {
  double multiplier = 0;
  for (const Motivation::Step& step : steps) {
    if (!reaches(attainment, step.threshold)) break;
    multiplier = step.multiplier;
  }
  return multiplier;
}

double quotient_or_null(double num, double den) {
  return std::isnan(num) || std::isnan(den) || !(den > 0) ? kNull : num / den;
}

void append_reason(std::string& reason, std::string_view part) {
  if (!reason.empty()) reason += "; ";
  reason += part;
}

// Why a weighted attainment is missing, in the words the page shows.
std::string missing_attainment(const Motivation& m, const MetricValues& manager, const MetricValues& team) {
  std::string reason;
  if (m.revenue_weight > 0) {
    append_reason(reason, manager.has(Metric::kPlanRevenue) ? "the sales plan is 0"
                                                             : "needs a sales plan (settings: plans)");
  }
  if (m.win_rate_weight > 0) {
    // The team's rate exists whenever the manager's does; it is 0 only when no one won.
    append_reason(reason, !manager.has(Metric::kWinRate) || !team.has(Metric::kWinRate)
                              ? "needs deals closed in the period (win rate)"
                              : "the team's win rate is 0");
  }
  return reason;
}

}  // namespace

void compute_motivation(const Context& c, Report& r) {
  if (!c.settings.motivation) return;
  const Motivation& m = *c.settings.motivation;

  std::vector<std::pair<std::string, double>> salaries;  // folded name, salary
  salaries.reserve(m.salaries.size());
  for (const auto& [name, salary] : m.salaries) salaries.emplace_back(fold_case(name), salary);
  std::string folded;

  const double team_win_rate = r.team.get(Metric::kWinRate);
  r.motivation.resize(r.managers.size());
  for (size_t i = 0; i < r.managers.size(); ++i) {
    const MetricValues& metrics = r.managers[i].metrics;
    MotivationRow& row = r.motivation[i];
    row.manager = r.managers[i].name;
    row.revenue_attainment = metrics.get(Metric::kPlanFactShare);
    row.win_rate_attainment = quotient_or_null(metrics.get(Metric::kWinRate), team_win_rate);

    fold_case(row.manager, folded);
    row.base_salary = m.base_salary.value_or(kNull);
    for (const auto& [name, salary] : salaries) {
      if (name == folded) row.base_salary = salary;  // the last one named wins, as JSON readers do
    }

    // Σ weight × attainment / Σ weight, over the weighted attainments that exist.
    const std::pair<double, double> parts[] = {{m.revenue_weight, row.revenue_attainment},
                                               {m.win_rate_weight, row.win_rate_attainment}};
    double weighted = 0, weights = 0, only = kNull;
    int present = 0;
    for (const auto& [weight, attainment] : parts) {
      if (!(weight > 0) || std::isnan(attainment)) continue;
      weighted += weight * attainment;
      weights += weight;
      only = attainment;
      ++present;
    }
    // One attainment alone is itself: w × a / w can round below a threshold.
    if (present == 1) row.attainment = only;
    else if (present > 1) row.attainment = weighted / weights;

    if (present == 0) {
      row.reason = missing_attainment(m, metrics, r.team);
    } else {
      row.multiplier = multiplier_at(m.steps, row.attainment);
    }
    if (std::isnan(row.base_salary)) {
      append_reason(row.reason, "no base salary for this manager (settings: motivation.base_salary)");
    } else if (present > 0) {
      row.bonus = row.base_salary * row.multiplier;
    }
  }
}

}  // namespace kpi
