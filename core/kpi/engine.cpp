#include "core/kpi/engine.h"

#include "core/kpi/board.h"
#include "core/kpi/design.h"
#include "core/kpi/dynamics.h"
#include "core/kpi/families.h"
#include "core/kpi/first_hour.h"
#include "core/kpi/judge.h"
#include "core/kpi/lead_class.h"
#include "core/kpi/roles.h"
#include "core/kpi/series.h"
#include "core/kpi/stats.h"

namespace kpi {
namespace {

std::vector<NamedMetrics> rows_named(const Context& c, const std::vector<StrId>& names) {
  std::vector<NamedMetrics> rows(names.size());
  for (size_t i = 0; i < names.size(); ++i) rows[i].name = std::string(c.data.strings.view(names[i]));
  return rows;
}

// n of each sampled share, read from the counts the families wrote.
Samples samples_of(const MetricValues& m) {
  const std::array<double, kSampledShares.size()> n = {
      m.get(Metric::kWonCount) + m.get(Metric::kLostCount), m.get(Metric::kSlaTotal), m.get(Metric::kOpenCount),
      m.get(Metric::kTasksDueCount), m.get(Metric::kOpenCount)};
  Samples out{};
  for (size_t i = 0; i < out.size(); ++i) {
    const double share = m.get(kSampledShares[i]);
    if (std::isnan(share) || !(n[i] > 0)) continue;
    const auto [low, high] = wilson_interval(share, n[i]);
    out[i] = {n[i], low, high};
  }
  return out;
}

void add_samples(Report& r) {
  r.team_samples = samples_of(r.team);
  for (auto* rows : {&r.managers, &r.by_source, &r.by_class, &r.by_segment}) {
    for (NamedMetrics& row : *rows) row.samples = samples_of(row.metrics);
  }
  for (auto* rows : {&r.split_source, &r.split_class, &r.split_segment}) {
    for (SplitRow& row : *rows) row.samples = samples_of(row.metrics);
  }
}

std::vector<SplitRow> split_rows(const std::vector<NamedMetrics>& managers, const std::vector<NamedMetrics>& groups) {
  std::vector<SplitRow> rows(managers.size() * groups.size());
  for (size_t m = 0; m < managers.size(); ++m) {
    for (size_t g = 0; g < groups.size(); ++g) {
      rows[m * groups.size() + g].manager = managers[m].name;
      rows[m * groups.size() + g].group = groups[g].name;
    }
  }
  return rows;
}

// Mix-adjusted expectation of each sampled share for manager m: the groups'
// own rates weighted by the manager's n in each group.
std::array<double, kSampledShares.size()> expected_over(const std::vector<SplitRow>& split,
                                                        const std::vector<NamedMetrics>& groups, size_t m) {
  std::array<double, kSampledShares.size()> out;
  out.fill(kNull);
  for (size_t k = 0; k < kSampledShares.size(); ++k) {
    double weighted = 0, n = 0;
    for (size_t g = 0; g < groups.size(); ++g) {
      const double rate = groups[g].metrics.get(kSampledShares[k]);
      const double count = split[m * groups.size() + g].samples[k].n;
      if (std::isnan(rate) || !(count > 0)) continue;
      weighted += count * rate;
      n += count;
    }
    if (n > 0) out[k] = weighted / n;
  }
  return out;
}

// Flags each manager's shares that are worse than the same group's average.
void flag_against_groups(std::vector<SplitRow>& split, const std::vector<NamedMetrics>& groups) {
  if (groups.empty()) return;
  for (size_t i = 0; i < split.size(); ++i) {
    const MetricValues& group = groups[i % groups.size()].metrics;
    for (size_t k = 0; k < kSampledShares.size(); ++k) {
      const double mine = split[i].metrics.get(kSampledShares[k]);
      const double theirs = group.get(kSampledShares[k]);
      if (std::isnan(mine) || std::isnan(theirs)) continue;
      split[i].worse_than_group[k] = kHigherIsBetter[k] ? mine < theirs : mine > theirs;
    }
  }
}

void add_expected(Report& r) {
  flag_against_groups(r.split_source, r.by_source);
  flag_against_groups(r.split_class, r.by_class);
  flag_against_groups(r.split_segment, r.by_segment);
  for (size_t m = 0; m < r.managers.size(); ++m) {
    Expected& e = r.managers[m].expected;
    e.source = expected_over(r.split_source, r.by_source, m);
    e.lead_class = expected_over(r.split_class, r.by_class, m);
    e.segment = expected_over(r.split_segment, r.by_segment, m);
  }
}

// The previous period's metrics beside the current ones, matched by name
// (both lists are sorted by name), for the matrix's change column.
void add_previous(const Report& previous, Report& r) {
  r.team_previous = previous.team;
  r.has_previous = true;
  size_t j = 0;
  for (NamedMetrics& m : r.managers) {
    while (j < previous.managers.size() && previous.managers[j].name < m.name) ++j;
    m.has_previous = true;
    if (j < previous.managers.size() && previous.managers[j].name == m.name) m.previous = previous.managers[j].metrics;
  }
}

// The report's rows for the context, named, every value null.
Report empty_rows(const Context& c, const std::vector<InputSummary>& inputs) {
  Report r;
  r.inputs = inputs;
  r.as_of = c.period.as_of;
  r.from = c.period.from;
  r.to = c.period.to;
  r.managers = rows_named(c, c.managers);
  // The lead classes' rows in a series point too: the team's FRT status is the
  // worst of its classes' (judge.cpp), so a point must be judged like a fresh analysis.
  r.by_class.resize(3);
  for (size_t i = 0; i < 3; ++i) r.by_class[i].name = std::string(lead_class_name(static_cast<LeadClass>(i)));
  if (!c.full()) return r;  // a series point: the team, its classes and the managers only
  r.by_source = rows_named(c, c.sources);
  r.by_segment = rows_named(c, c.segments);
  r.split_source = split_rows(r.managers, r.by_source);
  r.split_class = split_rows(r.managers, r.by_class);
  r.split_segment = split_rows(r.managers, r.by_segment);
  return r;
}

}  // namespace

Report analyze_outcomes(const Context& c) {
  Report r = empty_rows(c, {});
  compute_outcomes(c, r);
  return r;
}

// Every family over one period, without the board.
Report analyze_period(const Context& c, const std::vector<InputSummary>& inputs) {
  Report r = empty_rows(c, inputs);
  compute_outcomes(c, r);
  compute_response(c, r);
  compute_touches(c, r);
  compute_tasks(c, r);
  compute_pipeline(c, r);
  compute_plan(c, r);
  if (!c.full()) {  // a series point keeps the metrics and samples alone
    add_samples(r);
    return r;
  }
  compute_quality(c, r);
  add_samples(r);
  add_expected(r);
  return r;
}

Report analyze(const Dataset& d, const Settings& settings, const std::vector<InputSummary>& inputs) {
  return analyze(d, settings, inputs, std::make_shared<const ContextIndex>(d, settings));
}

Report analyze(const Dataset& d, const Settings& settings, const std::vector<InputSummary>& inputs,
               std::shared_ptr<const ContextIndex> index) {
  const Context c(d, settings, std::move(index));
  Report r = analyze_period(c, inputs);
  compute_first_hour(c, r);  // the current period only: no previous-period figures of these
  r.period_preset = std::string(c.period.preset);
  r.tz = settings.tz_name;  // issue 11: the zone every instant of the report was computed in
  if (const RolePreset* role = role_preset(settings.role)) {
    r.layout.role = std::string(role->id);
    r.layout.columns.assign(role->columns.begin(), role->columns.end());
    r.layout.tiles.assign(role->tiles.begin(), role->tiles.end());
  }
  if (const std::optional<Settings> prev = previous_period(c)) {
    r.previous_from = prev->from.value_or(kNoTime);
    r.previous_to = prev->to.value_or(kNoTime);
    r.previous_as_of = prev->as_of.value_or(kNoTime);
    // The report keeps only the previous window's team and manager metrics
    // (add_previous, the judge's win-rate norm, the board's deltas): the
    // series point's scope computes exactly those, each equal to a full
    // analysis's (series_test), without the groups, splits, cards, stage
    // rows and quality rows a full analysis would build and drop.
    const Context pc(d, *prev, c.index(), Scope::kSeriesPoint);
    Report previous = analyze_period(pc, {});
    judge_report(pc, nullptr, previous);
    add_previous(previous, r);
    judge_report(c, &previous, r);
    compute_board(c, &previous, r);
  } else {
    judge_report(c, nullptr, r);
    compute_board(c, nullptr, r);
  }
  compute_motivation(c, r);    // after the judge: bonus KPIs are held to the norms it set (branch design)
  compute_design_check(c, r);  // branch design: the KPI design check (design.h)
  compute_series(c, r);  // issue 11: every metric per week or month of the period
  rank_off_norm(r);      // issue 11: each manager's metrics furthest off (the 1:1 sheet)
  compute_win_trend(c, r);  // issue 11: win rate change over 3 and 6 months (dynamics.h)
  compute_loss_mix(c, r);   // issue 11: each manager's loss reasons against the team's
  compute_plan_days(c, r);  // issue 11: each plan's track by working day
  return r;
}

}  // namespace kpi
