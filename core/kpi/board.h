// The deviation board (spec/kpi.md §4): six tiles, each with the team value,
// its norm, a status (ok / warn / bad: warn when within 10 % relative of the
// norm), the change against the previous period of equal length, the
// managers furthest from the norm, and the deals behind it.
#pragma once

#include "core/kpi/context.h"

namespace kpi {

/// Fills report.board from the current report and the previous period's one
/// (`previous` may be null when there is no previous period).
void compute_board(const Context& c, const Report* previous, Report& r);

/// Settings for the window of the same length just before the period:
/// [from − length, from), seen as of from − 1 s. nullopt when the period is unknown.
std::optional<Settings> previous_period(const Context& c);

/// ok / warn / bad for a value against a norm that must not be exceeded
/// (`at_most`) or not be undershot; warn within 10 % (relative) of the norm.
std::string_view norm_status(double value, double norm, bool at_most) noexcept;

}  // namespace kpi
