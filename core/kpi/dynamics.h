// Dynamics (issue 11, second session; docs/kpi.md "Win rate change", "Loss
// reasons against the team", "Plan by working day", "KPI design check"): what
// the core adds to the report about how the team moves over time and whether
// the KPI design itself is sound. Each part is computed and judged here; the
// faces only draw report.win_rate_change, loss_mix, plan_days, design_check.
#pragma once

#include "core/kpi/context.h"

namespace kpi {

/// The latest complete month before the report's as_of (its [from, to) in the
/// settings' zone): the month that ends at or before as_of + 1 s.
std::pair<Instant, Instant> latest_complete_month(const TimeZone& tz, Instant as_of) noexcept;

/// Fills r.win_trend: for the team and each manager (r.managers), the win
/// rate of the latest complete month against the months kWinChangeMonths
/// before it, judged against settings.norms.win_rate_change.
void compute_win_trend(const Context& c, Report& r);

/// Fills r.loss_mix from r.loss_reasons (computed already): each manager's
/// shares of the same reasons, the difference from the team's, and the
/// reasons where they differ most ranked.
void compute_loss_mix(const Context& c, Report& r);

/// Fills r.plan_days from r.plans (each plan's window and numbers) and the
/// judged plan_pace / plan_won_pace statuses: the plan line and the
/// cumulative fact per working day of the settings' calendar. Run after the judge.
void compute_plan_days(const Context& c, Report& r);

/// A plan whose window spans more local days than this (two years) has no
/// day track (its pace in r.plans stands): a plan is by month, quarter or
/// year, and a window of centuries (a typo in `to`) was a point per working
/// day, 180,000 of them, in every report (issue 12, found by fuzz_settings).
inline constexpr int64_t kMaxPlanTrackDays = 731;

}  // namespace kpi
