// The deviation board (spec/kpi.md §4): six tiles, each showing one METRICS
// key's team value with the team row's norm and status (judge.h: the same
// cell as the matrix's team row), the change against the previous period of
// equal length, the managers (for win rate, the sources) whose status is not
// ok, furthest first, and the deals behind it with their rows.
#pragma once

#include "core/kpi/context.h"

namespace kpi {

/// Fills report.board from the current report and the previous period's one
/// (`previous` may be null when there is no previous period).
void compute_board(const Context& c, const Report* previous, Report& r);

/// Settings for the window of the same length just before the period:
/// [from − length, from), seen as of from − 1 s. nullopt when the period is unknown.
std::optional<Settings> previous_period(const Context& c);

}  // namespace kpi
