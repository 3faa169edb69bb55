// The one judge (docs/report.md "Statuses"): every status in the report, of
// every row (team, previous period, managers, groups, splits, stages, loss
// reasons, board tiles), is decided by `judge` below, with the norm in force
// for that row. No face compares a value with a norm; they render
// status / status_reason / norms from the report.
#pragma once

#include "core/kpi/context.h"

namespace kpi {

/// The status rule: ok when the norm holds, warn when the value misses it by
/// at most 10 % of the norm (relative; for a range, of the bound it misses),
/// bad beyond. kNone when the norm does not exist or the value or the norm
/// is NaN.
Status judge(double value, const Norm& norm) noexcept;

/// How far a value misses its norm, relative to the norm (0 when it holds or
/// cannot be judged): ranks the managers furthest off.
double miss(double value, const Norm& norm) noexcept;

/// The norm of `m` in force for a row of `r` (the team row when `team`).
/// `previous` is the previous period's report (null without one): the
/// team's win rate is held to its previous value, everyone else's to the
/// team's.
Norm norm_for(const Context& c, const Report& r, const MetricValues& row, Metric m, bool team,
              const Report* previous) noexcept;

/// Judges every row of `r`, its stages and loss reasons, and fills
/// r.catalogue with the team's norms.
void judge_report(const Context& c, const Report* previous, Report& r);

}  // namespace kpi
