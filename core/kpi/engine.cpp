#include "core/kpi/engine.h"

#include "core/kpi/board.h"
#include "core/kpi/families.h"
#include "core/kpi/lead_class.h"
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
}

// Every family over one period, without the board.
Report analyze_period(const Context& c, const std::vector<InputSummary>& inputs) {
  Report r;
  r.inputs = inputs;
  r.as_of = c.period.as_of;
  r.from = c.period.from;
  r.to = c.period.to;
  r.managers = rows_named(c, c.managers);
  r.by_source = rows_named(c, c.sources);
  r.by_segment = rows_named(c, c.segments);
  r.by_class.resize(3);
  for (size_t i = 0; i < 3; ++i) r.by_class[i].name = std::string(lead_class_name(static_cast<LeadClass>(i)));

  compute_outcomes(c, r);
  compute_response(c, r);
  compute_touches(c, r);
  compute_tasks(c, r);
  compute_pipeline(c, r);
  compute_plan(c, r);
  compute_quality(c, r);
  add_samples(r);
  return r;
}

}  // namespace

Report analyze(const Dataset& d, const Settings& settings, const std::vector<InputSummary>& inputs) {
  const Context c(d, settings);
  Report r = analyze_period(c, inputs);
  if (const std::optional<Settings> prev = previous_period(c)) {
    const Context pc(d, *prev);
    const Report previous = analyze_period(pc, {});
    compute_board(c, &previous, r);
  } else {
    compute_board(c, nullptr, r);
  }
  return r;
}

}  // namespace kpi
