// One function per metric family of spec/kpi.md §3. Each reads the context,
// writes its METRICS keys for the team and every manager, source and segment
// row of the report (rows exist already, named, all null), fills its own
// report sections (stages, loss reasons...) and, when its inputs are
// missing, adds its reason to report.unavailable.
#pragma once

#include "core/kpi/context.h"

namespace kpi {

void compute_outcomes(const Context& c, Report& r);  ///< 7 win rate, 9 revenue, 11 loss reasons (outcomes.cpp)
void compute_response(const Context& c, Report& r);  ///< 1 frt, 2 sla (response.cpp)
void compute_touches(const Context& c, Report& r);   ///< 5 touches per won deal (touches.cpp)
void compute_tasks(const Context& c, Report& r);     ///< 3 next step, 4 overdue (tasks.cpp)
void compute_pipeline(const Context& c, Report& r);  ///< 6 conversion, 8 stalled, 10 velocity (pipeline.cpp)
void compute_plan(const Context& c, Report& r);      ///< 12 plan pace (plan.cpp)
void compute_motivation(const Context& c, Report& r);  ///< §7 bonus over revenue and win rate (motivation.cpp)
void compute_quality(const Context& c, Report& r);   ///< §6 data quality (quality.cpp)

}  // namespace kpi
