// Motivation (spec/kpi.md §7, optional): per manager, the weighted attainment
// of the bonus KPIs (revenue vs plan, win rate vs the team's, and since branch
// design any other METRICS key against the norm in force on the manager's
// row), the multiplier of the step it reaches, and bonus = base salary x
// multiplier (docs/kpi.md "Motivation"). Runs after the judge: reads the
// metrics and the norms judge_report wrote.
#include <algorithm>
#include <cmath>
#include <optional>
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

// The other keys' attainments are capped: a discipline KPI at 0 overdue
// tasks (norm / value) would otherwise be unbounded (docs/kpi.md "Motivation").
constexpr double kAttainmentCap = 1.5;

// num / den within [0, kAttainmentCap]; den 0 gives the cap (num > 0) or 1 (both 0: on the norm).
double capped_ratio(double num, double den) {
  const double r = den > 0 ? num / den : num > 0 ? kAttainmentCap : 1.0;
  return std::clamp(r, 0.0, kAttainmentCap);
}

// The attainment of a METRICS key other than revenue and win_rate (docs/kpi.md
// "Motivation"): the plan fact shares are attainments themselves; a key with a
// norm on the manager's row is held to it (higher: value / norm, lower: norm /
// value, range: 1 inside, else towards the bound it misses); a key without
// one to the team's figure per manager (a count or sum divided by the number
// of managers). Null with a status reason code when the value or its
// reference is missing.
void attain(const Report& r, const NamedMetrics& row, Metric m, MotivationRow::Kpi& out) {
  const auto i = static_cast<size_t>(m);
  const MetricValues& v = row.metrics;
  out.value = v.values[i];
  const std::string_view why = v.judged.reason[i].empty() ? std::string_view("NOT_COMPUTED") : v.judged.reason[i];
  if (std::isnan(out.value)) {
    out.reason = why;
    return;
  }
  if (m == Metric::kPlanFactShare || m == Metric::kPlanWonFactShare) {
    out.attainment = std::clamp(out.value, 0.0, kAttainmentCap);
    return;
  }
  const Norm& norm = v.judged.norm[i];
  switch (norm.kind) {
    case NormKind::kAtLeast:
    case NormKind::kAtMost:
      if (std::isnan(norm.value)) break;
      out.attainment = norm.kind == NormKind::kAtLeast ? capped_ratio(out.value, norm.value)
                                                       : capped_ratio(norm.value, out.value);
      return;
    case NormKind::kRange:
      if (std::isnan(norm.low) || std::isnan(norm.high)) break;
      out.attainment = out.value < norm.low    ? capped_ratio(out.value, norm.low)
                       : out.value > norm.high ? capped_ratio(norm.high, out.value)
                                               : 1.0;
      return;
    case NormKind::kNone: {
      const MetricInfo& info = metric_info(m);
      double reference = r.team.values[i];
      if ((info.statistic == "count" || info.statistic == "sum") && !r.managers.empty()) {
        reference /= static_cast<double>(r.managers.size());
      }
      if (std::isnan(reference)) break;
      out.attainment = info.direction == "lower" ? capped_ratio(reference, out.value) : capped_ratio(out.value, reference);
      return;
    }
  }
  out.reason = why;
}

double quotient_or_null(double num, double den) {
  return std::isnan(num) || std::isnan(den) || !(den > 0) ? kNull : num / den;
}

void append_reason(std::string& reason, std::string_view part) {
  if (!reason.empty()) reason += "; ";
  reason += part;
}

// Why a weighted attainment is missing, in the words of the JSON's `reason`
// and as codes of wasm/messages.mjs (the faces render the codes).
// Why revenue's and win rate's attainments are missing, as codes of
// wasm/messages.mjs (each part's own, for the bonus table's cells).
void part_reasons(const MetricValues& manager, const MetricValues& team, MotivationRow& row) {
  if (std::isnan(row.revenue_attainment)) {
    row.revenue_reason = manager.has(Metric::kPlanRevenue) ? "BONUS_PLAN_ZERO" : "BONUS_NEEDS_PLAN";
  }
  if (std::isnan(row.win_rate_attainment)) {
    // The team's rate exists whenever the manager's does; it is 0 only when no one won.
    row.win_rate_reason = !manager.has(Metric::kWinRate) || !team.has(Metric::kWinRate) ? "BONUS_NEEDS_CLOSED" : "BONUS_TEAM_WIN_ZERO";
  }
}

// Why a weighted attainment is missing, in the words of the JSON's `reason`
// and as codes of wasm/messages.mjs (the faces render the codes).
void missing_attainment(const Motivation& m, MotivationRow& row) {
  const auto add = [&row](std::string_view code, std::string_view words, Params params = {}) {
    append_reason(row.reason, words);
    row.reasons.push_back({std::string(code), std::move(params)});
  };
  if (m.revenue_weight > 0) {
    if (row.revenue_reason == "BONUS_PLAN_ZERO") add(row.revenue_reason, "the sales plan is 0");
    else add(row.revenue_reason, "needs a sales plan (settings: plans)");
  }
  if (m.win_rate_weight > 0) {
    if (row.win_rate_reason == "BONUS_NEEDS_CLOSED") add(row.win_rate_reason, "needs deals closed in the period (win rate)");
    else add(row.win_rate_reason, "the team's win rate is 0");
  }
  for (const MotivationRow::Kpi& kpi : row.kpis) {
    if (!(kpi.weight > 0)) continue;
    add("BONUS_KPI_MISSING", "needs " + kpi.metric + " (" + std::string(kpi.reason) + ")",
        {text_param("metric", kpi.metric), text_param("reason", kpi.reason)});
  }
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
    row.revenue_weight = m.revenue_weight;
    row.win_rate_weight = m.win_rate_weight;
    part_reasons(metrics, r.team, row);

    fold_case(row.manager, folded);
    row.base_salary = m.base_salary.value_or(kNull);
    for (const auto& [name, salary] : salaries) {
      if (name == folded) row.base_salary = salary;  // the last one named wins, as JSON readers do
    }

    row.kpis.resize(m.kpi_weights.size());
    std::vector<std::pair<double, double>> parts = {{m.revenue_weight, row.revenue_attainment},
                                                    {m.win_rate_weight, row.win_rate_attainment}};
    for (size_t k = 0; k < m.kpi_weights.size(); ++k) {
      MotivationRow::Kpi& kpi = row.kpis[k];
      kpi.metric = m.kpi_weights[k].first;
      kpi.weight = m.kpi_weights[k].second;
      if (const std::optional<Metric> key = metric_from_key(kpi.metric)) attain(r, r.managers[i], *key, kpi);
      parts.emplace_back(kpi.weight, kpi.attainment);
    }

    // Σ weight × attainment / Σ weight, over the weighted attainments that exist.
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
      missing_attainment(m, row);
    } else {
      row.multiplier = multiplier_at(m.steps, row.attainment);
    }
    if (std::isnan(row.base_salary)) {
      append_reason(row.reason, "no base salary for this manager (settings: motivation.base_salary)");
      row.reasons.push_back({"BONUS_NO_SALARY", {}});
    } else if (present > 0) {
      row.bonus = row.base_salary * row.multiplier;
    }
  }
}

}  // namespace kpi
