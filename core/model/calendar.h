// Working time (spec/kpi.md §1 "Calendar"): working hours per weekday,
// holidays and extra working days, read in a time zone. Durations such as
// first response time and stage control periods are measured in working
// time when a calendar is set (a lead created at night and answered at 09:05
// took 5 working minutes), in clock time with `--calendar none`.
//
// Internally W(t) = working seconds from a fixed origin to t, computed in
// closed form (whole weeks + the days of this week − holidays + extra
// working days, by prefix sums), so any interval costs O(log holidays).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model/time.h"

namespace kpi {

class WorkingCalendar {
 public:
  /// Working hours of one weekday as seconds after local midnight, [start, end).
  struct Hours {
    int start = 0;
    int end = 0;
    int length() const noexcept { return end > start ? end - start : 0; }
  };

  /// The working hours of standard() on Mon–Fri (also where a custom calendar starts, settings_starts_json).
  static constexpr Hours kStandardHours{9 * 3600, 18 * 3600};
  /// Mon–Fri 09:00–18:00, no holidays, in `zone`.
  static WorkingCalendar standard(TimeZone zone);
  /// True for a day's hours ["HH:MM", "HH:MM"] that from_json accepts (the end not before the start).
  static bool valid_hours(std::string_view from, std::string_view to) noexcept;
  /// The Russian production calendar (`--calendar ru`): Mon–Fri 09:00–18:00
  /// plus the non-working holidays and moved working days of 2024, 2025 and
  /// 2026 as the government decrees set them (sources in calendar.cpp). Days
  /// before 2024 and after 2026 follow the plain Mon–Fri week; pre-holiday
  /// days shortened by one hour keep their full hours.
  static WorkingCalendar russia(TimeZone zone);
  /// Clock time: every second counts (`--calendar none`).
  static WorkingCalendar clock(TimeZone zone);
  /// Reads the calendar JSON of docs/kpi.md ({"hours": {"mon": ["09:00","18:00"], …},
  /// "holidays": ["2026-01-01", …], "workdays": [...]}); the zone comes from settings.
  static std::optional<WorkingCalendar> from_json(std::string_view json, TimeZone zone, Issue& error);

  bool is_clock() const noexcept { return clock_; }
  const TimeZone& zone() const noexcept { return zone_; }
  /// Seconds of working time in [a, b); 0 when b <= a.
  int64_t working_seconds(Instant a, Instant b) const noexcept;
  /// The first instant at which `seconds` of working time have passed since
  /// `start`; kNoTime when the calendar has no working time at all.
  Instant add_working(Instant start, int64_t seconds) const noexcept;
  /// Length of a standard working day (the longest weekday's hours), for
  /// control periods in working days; 86400 in clock mode.
  int64_t day_seconds() const noexcept;
  /// Working days (days with working hours) whose local date lies in [a, b).
  int64_t working_days(Instant a, Instant b) const noexcept;

 private:
  int64_t cumulative(Instant t) const noexcept;         // W(t)
  int64_t days_before(int64_t day) const noexcept;      // working days before local day `day`
  int64_t seconds_before(int64_t day) const noexcept;   // working seconds before local day `day`
  Hours hours_of(int64_t day) const noexcept;
  void index();

  bool clock_ = false;
  TimeZone zone_ = TimeZone::utc();
  std::array<Hours, 7> week_{};       // Monday first
  std::vector<int64_t> holidays_;     // sorted local day numbers
  std::vector<int64_t> workdays_;     // sorted; extra working days with Monday's hours
  // Prefix sums over holidays_/workdays_: the seconds (and days) they remove or add.
  std::vector<int64_t> holiday_seconds_, workday_seconds_, holiday_days_, workday_days_;
  std::array<int64_t, 8> week_prefix_{};   // seconds of Monday..(k-1)
  std::array<int64_t, 8> week_day_prefix_{};
};

}  // namespace kpi
