// "As of" and the analysis period (spec/kpi.md §2): default `now` is the
// latest instant at which something happened (deal created or closed, stage
// move, task created or completed, touch); due dates do not count. The
// default period runs from the earliest such instant to `now`, both included:
// [earliest, now + 1 s).
#pragma once

#include "core/model/dataset.h"
#include "core/settings.h"

namespace kpi {

struct Period {
  Instant as_of = kNoTime;  ///< kNoTime when the data has no timestamp at all
  Instant from = kNoTime;   ///< inclusive
  Instant to = kNoTime;     ///< exclusive
  bool contains(Instant t) const noexcept { return t != kNoTime && t >= from && t < to && t <= as_of; }
};

/// Earliest and latest "happened" instants in the data (kNoTime when none).
std::pair<Instant, Instant> observed_range(const Dataset& data) noexcept;

Period resolve_period(const Dataset& data, const Settings& settings) noexcept;

}  // namespace kpi
