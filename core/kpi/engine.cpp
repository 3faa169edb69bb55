#include "core/kpi/engine.h"

#include "core/kpi/board.h"
#include "core/kpi/families.h"

namespace kpi {
namespace {

std::vector<NamedMetrics> rows_named(const Context& c, const std::vector<StrId>& names) {
  std::vector<NamedMetrics> rows(names.size());
  for (size_t i = 0; i < names.size(); ++i) rows[i].name = std::string(c.data.strings.view(names[i]));
  return rows;
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

  compute_outcomes(c, r);
  compute_response(c, r);
  compute_touches(c, r);
  compute_tasks(c, r);
  compute_pipeline(c, r);
  compute_plan(c, r);
  compute_quality(c, r);
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
