// What a head of sales looks for first (issue 10): activity per manager and
// day, money in the open pipeline per stage and manager with a forecast
// weighted by each stage's historical conversion to won, and new deals per
// manager and source. Each family fills its part of Report::first_hour;
// docs/kpi.md ("Activity, open pipeline, new deals") defines every figure.
#pragma once

#include "core/kpi/context.h"

namespace kpi {

void compute_activity(const Context& c, Report& r);       ///< activity per manager and day (activity.cpp)
void compute_open_pipeline(const Context& c, Report& r);  ///< open money per stage and manager, forecast (open_pipeline.cpp)
void compute_new_deals(const Context& c, Report& r);      ///< new deals per manager and source (new_deals.cpp)

/// All three, after the families of families.h (the pipeline's stage order is read from r.stages).
inline void compute_first_hour(const Context& c, Report& r) {
  compute_activity(c, r);
  compute_open_pipeline(c, r);
  compute_new_deals(c, r);
}

}  // namespace kpi
