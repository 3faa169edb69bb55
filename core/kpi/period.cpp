#include "core/kpi/period.h"

#include <algorithm>

namespace kpi {
namespace {

constexpr int64_t kDay = 86400;

void widen(const std::vector<Instant>& column, Instant& lo, Instant& hi) noexcept {
  for (Instant t : column) {
    if (t == kNoTime) continue;
    lo = lo == kNoTime ? t : std::min(lo, t);
    hi = hi == kNoTime ? t : std::max(hi, t);
  }
}

int64_t floor_div(int64_t a, int64_t b) noexcept { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// The same local wall-clock time `months` months earlier (the day cut to
// the month's length: 31 March → 28 February).
Instant months_before(const TimeZone& tz, Instant t, int months) noexcept {
  const int64_t local = t + tz.offset_at(t);
  CivilTime c = civil_from_instant(local);
  const int index = c.year * 12 + (c.month - 1) - months;
  c.year = index / 12;
  c.month = index % 12 + 1;
  const int64_t first = days_from_civil(c.year, c.month, 1);
  const int64_t length = bucket_shift(first, false, 1) - first;
  c.day = std::min<int>(c.day, static_cast<int>(length));
  return tz.to_utc(instant_from_civil(c));
}

// A calendar preset: the unit (weeks, months, quarters = 3 months), the
// current unit to date or the last complete one(s).
struct Calendar {
  bool weeks;
  int months;  // per unit: 1 or 3 (ignored for weeks)
  bool to_date;
  int units = 1;
};

bool calendar_of(std::string_view preset, Calendar& out) noexcept {
  if (preset == "this_week") out = {true, 1, true};
  else if (preset == "last_week") out = {true, 1, false};
  else if (preset == "this_month") out = {false, 1, true};
  else if (preset == "last_month") out = {false, 1, false};
  else if (preset == "this_quarter") out = {false, 3, true};
  else if (preset == "last_quarter") out = {false, 3, false};
  else if (preset == "last_3_months") out = {false, 1, false, 3};
  else return false;
  return true;
}

void resolve_calendar(const TimeZone& tz, const Calendar& cal, Period& p) noexcept {
  const int64_t today = local_day(tz, p.as_of);
  int64_t start = bucket_start(today, cal.weeks);
  if (!cal.weeks && cal.months == 3) {  // the quarter's first month
    const CivilTime c = civil_from_instant(start * kDay);
    start = days_from_civil(c.year, c.month - (c.month - 1) % 3, 1);
  }
  const int step = cal.weeks ? 1 : cal.months;
  if (cal.to_date) {
    // The unit so far, against the same part of the unit before it.
    p.from = day_start(tz, start);
    p.to = p.as_of + 1;
    const int64_t before = bucket_shift(start, cal.weeks, -step);
    p.previous_from = day_start(tz, before);
    p.previous_to = cal.weeks ? p.to - (p.from - p.previous_from) : months_before(tz, p.to, step);
    p.previous_to = std::min(p.previous_to, p.from);
    return;
  }
  const int span = step * cal.units;
  const int64_t first = bucket_shift(start, cal.weeks, -span);
  p.from = day_start(tz, first);
  p.to = day_start(tz, start);
  p.previous_from = day_start(tz, bucket_shift(first, cal.weeks, -span));
  p.previous_to = p.from;
}

}  // namespace

int64_t local_day(const TimeZone& tz, Instant t) noexcept { return floor_div(t + tz.offset_at(t), kDay); }

Instant day_start(const TimeZone& tz, int64_t day) noexcept { return tz.to_utc(day * kDay); }

int64_t bucket_start(int64_t day, bool weeks) noexcept {
  if (weeks) return day - weekday_from_days(day);
  const CivilTime c = civil_from_instant(day * kDay);
  return days_from_civil(c.year, c.month, 1);
}

int64_t bucket_shift(int64_t first, bool weeks, int count) noexcept {
  if (weeks) return first + 7 * int64_t{count};
  const CivilTime c = civil_from_instant(first * kDay);
  const int index = c.year * 12 + (c.month - 1) + count;
  return days_from_civil(index / 12, index % 12 + 1, 1);
}

std::pair<Instant, Instant> observed_range(const Dataset& d) noexcept {
  Instant lo = kNoTime, hi = kNoTime;
  widen(d.deals.created_at, lo, hi);
  widen(d.deals.closed_at, lo, hi);
  widen(d.stage_events.at, lo, hi);
  widen(d.tasks.created_at, lo, hi);
  widen(d.tasks.completed_at, lo, hi);
  widen(d.activities.at, lo, hi);
  return {lo, hi};
}

Period resolve_period(const Dataset& data, const Settings& settings) noexcept {
  return resolve_period(observed_range(data), settings);
}

Period resolve_period(std::pair<Instant, Instant> observed, const Settings& settings) noexcept {
  const auto [lo, hi] = observed;
  Period p;
  p.as_of = settings.as_of.value_or(hi);
  if (p.as_of == kNoTime) return p;
  const Instant earliest = lo == kNoTime ? p.as_of : std::min(lo, p.as_of);
  std::string_view preset = settings.period_preset;
  // "auto" (the default): the settings' own from / to when either is given (a
  // document written before the presets existed reads as it did), else the
  // last complete month, or week for a short export (docs/kpi.md "Period presets").
  if (preset == "auto") {
    if (settings.from || settings.to) preset = "custom";
    else preset = p.as_of - earliest >= kAutoMonthDays * kDay ? "last_month" : "last_week";
  }
  for (std::string_view known : kPeriodPresets) {
    if (known == preset) p.preset = known;  // a static string
  }
  Calendar cal{};
  if (calendar_of(p.preset, cal)) {
    resolve_calendar(settings.tz, cal, p);
    return p;
  }
  if (p.preset == "whole") {
    p.from = earliest;
    p.to = p.as_of + 1;
    return p;
  }
  p.from = settings.from.value_or(earliest);
  p.to = settings.to.value_or(p.as_of + 1);
  return p;
}

}  // namespace kpi
