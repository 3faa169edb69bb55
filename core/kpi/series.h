// Series (issue 11, docs/report.md "Series"): every METRICS key for the team
// and each manager per week or month of the period. Each point equals a fresh
// analysis of the model with the period set to its bucket and as_of at the
// bucket's end (the same cohort rules as the period figures, judged by the
// one judge with the previous window a fresh analysis would use; series_test
// checks it). It is computed as one, at the series point's scope, but no
// family passes over a whole table: each walks its bucket's rows, ranges of
// the index's time orders (Context::closed_rows and the others), so the
// points together visit about what one analysis of the period does; the files
// are never read again.
#pragma once

#include <vector>

#include "core/kpi/context.h"

namespace kpi {

/// A bucket window: [from, to) seen as of to − 1 s; `partial` when the
/// period's start or end cuts it.
struct SeriesWindow {
  Instant from = kNoTime, to = kNoTime;
  bool partial = false;
};

/// The buckets covering [from, end): local Monday-to-Monday weeks or
/// first-of-month months of `tz`, the first and last cut to the range.
/// The most points a series has (each runs every family on its window):
/// ten years of months. A longer period keeps its latest points (issue 12).
inline constexpr size_t kMaxSeriesPoints = 120;

std::vector<SeriesWindow> series_windows(Instant from, Instant end, bool weeks, const TimeZone& tz);

/// "week" or "month" for the settings' series_bucket and the period ("" for none).
std::string_view series_bucket(const Settings& s, const Period& p) noexcept;

/// Fills r.series (r.managers must be the report's rows; the period's
/// settings in `c`). Leaves it empty for series_bucket "none" or a period
/// that is unknown.
void compute_series(const Context& c, Report& r);

/// Fills r.off_norm from the judged manager rows: each manager's metrics
/// whose status is warn or bad, furthest from the norm (relative) first.
void rank_off_norm(Report& r);

}  // namespace kpi
