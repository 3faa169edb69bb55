// "As of" and the analysis period (spec/kpi.md §2): default `now` is the
// latest instant at which something happened (deal created or closed, stage
// move, task created or completed, touch); due dates do not count. The
// default period runs from the earliest such instant to `now`, both included:
// [earliest, now + 1 s). A period preset (settings `period_preset`, issue 11;
// docs/kpi.md "Period presets") sets the window relative to `now` instead,
// with its own previous window.
#pragma once

#include <array>
#include <string_view>

#include "core/model/dataset.h"
#include "core/settings.h"

namespace kpi {

struct Period {
  Instant as_of = kNoTime;  ///< kNoTime when the data has no timestamp at all
  Instant from = kNoTime;   ///< inclusive
  Instant to = kNoTime;     ///< exclusive
  /// The preset in force ("custom", "whole", "this_week", ...; "auto" resolved
  /// to the one it chose) and, for a calendar preset, its previous window
  /// (kNoTime: the window of the same length just before `from`).
  std::string_view preset = "custom";
  Instant previous_from = kNoTime, previous_to = kNoTime;
  bool contains(Instant t) const noexcept { return t != kNoTime && t >= from && t < to && t <= as_of; }
};

/// Earliest and latest "happened" instants in the data (kNoTime when none).
std::pair<Instant, Instant> observed_range(const Dataset& data) noexcept;

Period resolve_period(const Dataset& data, const Settings& settings) noexcept;
/// The same, with the data's observed_range already known (ContextIndex keeps it: one scan of
/// every dated column per model, not per window).
Period resolve_period(std::pair<Instant, Instant> observed, const Settings& settings) noexcept;

/// The period presets settings accept (period_preset), "custom" first.
inline constexpr std::array<std::string_view, 10> kPeriodPresets = {
    "custom", "auto", "whole", "this_week", "last_week", "this_month", "last_month", "this_quarter", "last_quarter",
    "last_3_months"};
/// "auto" takes the last complete month when the data span at least this many days before now, else the last week.
inline constexpr int64_t kAutoMonthDays = 60;

// Local calendar arithmetic in a zone (weeks from Monday, months from the 1st).
/// The local day number (days since 1970-01-01 in the zone) of an instant.
int64_t local_day(const TimeZone& tz, Instant t) noexcept;
/// The instant of a local day's midnight.
Instant day_start(const TimeZone& tz, int64_t day) noexcept;
/// The first day of the week (Monday) or month holding `day`.
int64_t bucket_start(int64_t day, bool weeks) noexcept;
/// The first day of the week or month `months` (or weeks) after the one starting at `first` (may be negative).
int64_t bucket_shift(int64_t first, bool weeks, int count) noexcept;

}  // namespace kpi
