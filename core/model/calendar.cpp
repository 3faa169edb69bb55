#include "core/model/calendar.h"

#include <algorithm>

#include <fmt/format.h>
#include <simdjson.h>

namespace kpi {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kMondayDay = 4;  // 1970-01-05 was a Monday

int64_t floor_div(int64_t a, int64_t b) noexcept {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool parse_clock_time(std::string_view s, int& seconds) noexcept {
  int h = 0, m = 0;
  if (s.size() == 5 && s[2] == ':') {
    h = (s[0] - '0') * 10 + (s[1] - '0');
    m = (s[3] - '0') * 10 + (s[4] - '0');
  } else if (s.size() == 4 && s[1] == ':') {
    h = s[0] - '0';
    m = (s[2] - '0') * 10 + (s[3] - '0');
  } else {
    return false;
  }
  if (h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0)) return false;
  seconds = h * 3600 + m * 60;
  return true;
}

}  // namespace

bool WorkingCalendar::valid_hours(std::string_view from, std::string_view to) noexcept {
  int start = 0, end = 0;
  return parse_clock_time(from, start) && parse_clock_time(to, end) && end >= start;
}

WorkingCalendar WorkingCalendar::standard(TimeZone zone) {
  WorkingCalendar c;
  c.zone_ = std::move(zone);
  for (int d = 0; d < 5; ++d) c.week_[static_cast<size_t>(d)] = kStandardHours;
  c.index();
  return c;
}

WorkingCalendar WorkingCalendar::russia(TimeZone zone) {
  // Labour Code art. 112 gives the non-working holidays (Jan 1-8, Feb 23,
  // Mar 8, May 1, May 9, Jun 12, Nov 4); a holiday on a weekend moves to the
  // next working day, and each year a government decree moves days off
  // (the January ones included). Below are the weekdays off and the worked
  // Saturdays that result; weekend days that are holidays anyway are left out.
  //   2024: decree No. 1314 of 2023-08-10 (normativ.kontur.ru documentId=454126,
  //         full text): Jan 6 -> May 10, Jan 7 -> Dec 31, Sat Apr 27 -> Apr 29,
  //         Sat Nov 2 -> Apr 30, Sat Dec 28 -> Dec 30. 248 working days by hand
  //         count (the total itself was not found in a source).
  //   2025: decree No. 1335 of 2024-10-04 (government announcement via
  //         teko.cntd.ru, fpur.ru): Jan 4 -> May 2, Jan 5 -> Dec 31,
  //         Feb 23 -> May 8, Mar 8 -> Jun 13, Sat Nov 1 -> Nov 3; 247 working days.
  //   2026: decree No. 1466 of 2025-09-24 (profedu38.ru, tvzvezda.ru, penzainform.ru):
  //         Jan 3 -> Jan 9, Jan 4 -> Dec 31; Mar 8 (Sun) -> Mar 9 and
  //         May 9 (Sat) -> May 11 by art. 112; no worked Saturday; 247 working
  //         days (ria.ru 2026-01-27, news.mail.ru 2026-02-18).
  // A new year's decree comes out in the autumn before it: add its lines here.
  struct Date {
    int year, month, day;
  };
  static constexpr Date kDaysOff[] = {
      {2024, 1, 1}, {2024, 1, 2}, {2024, 1, 3}, {2024, 1, 4}, {2024, 1, 5}, {2024, 1, 8},
      {2024, 2, 23}, {2024, 3, 8}, {2024, 4, 29}, {2024, 4, 30}, {2024, 5, 1}, {2024, 5, 9},
      {2024, 5, 10}, {2024, 6, 12}, {2024, 11, 4}, {2024, 12, 30}, {2024, 12, 31},
      {2025, 1, 1}, {2025, 1, 2}, {2025, 1, 3}, {2025, 1, 6}, {2025, 1, 7}, {2025, 1, 8},
      {2025, 5, 1}, {2025, 5, 2}, {2025, 5, 8}, {2025, 5, 9}, {2025, 6, 12}, {2025, 6, 13},
      {2025, 11, 3}, {2025, 11, 4}, {2025, 12, 31},
      {2026, 1, 1}, {2026, 1, 2}, {2026, 1, 5}, {2026, 1, 6}, {2026, 1, 7}, {2026, 1, 8},
      {2026, 1, 9}, {2026, 2, 23}, {2026, 3, 9}, {2026, 5, 1}, {2026, 5, 11}, {2026, 6, 12},
      {2026, 11, 4}, {2026, 12, 31},
  };
  static constexpr Date kWorkedSaturdays[] = {
      {2024, 4, 27}, {2024, 11, 2}, {2024, 12, 28}, {2025, 11, 1},
  };
  WorkingCalendar c = standard(std::move(zone));
  for (const Date& d : kDaysOff) c.holidays_.push_back(days_from_civil(d.year, d.month, d.day));
  for (const Date& d : kWorkedSaturdays) c.workdays_.push_back(days_from_civil(d.year, d.month, d.day));
  c.index();
  return c;
}

WorkingCalendar WorkingCalendar::clock(TimeZone zone) {
  WorkingCalendar c;
  c.clock_ = true;
  c.zone_ = std::move(zone);
  for (auto& h : c.week_) h = {0, static_cast<int>(kDay)};
  c.index();
  return c;
}

std::optional<WorkingCalendar> WorkingCalendar::from_json(std::string_view json, TimeZone zone, Issue& error) {
  auto fail = [&](std::string message) -> std::optional<WorkingCalendar> {
    error = Issue{ErrorCode::kBadSettings, 0, 0, 0, "calendar: " + std::move(message)};
    return std::nullopt;
  };
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  simdjson::dom::object root;
  if (parser.parse(padded).get_object().get(root) != simdjson::SUCCESS) return fail("must be a JSON object");
  WorkingCalendar c = standard(std::move(zone));
  static constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  simdjson::dom::element v;
  if (root["hours"].get(v) == simdjson::SUCCESS) {
    simdjson::dom::object hours;
    if (v.get_object().get(hours) != simdjson::SUCCESS) return fail("\"hours\" must be an object");
    for (auto [key, span] : hours) {
      const auto it = std::find(kDays.begin(), kDays.end(), key);
      if (it == kDays.end()) return fail(fmt::format("unknown day \"{}\" (use mon..sun)", key));
      Hours& h = c.week_[static_cast<size_t>(it - kDays.begin())];
      if (span.is_null()) { h = {}; continue; }
      simdjson::dom::array pair;
      std::string_view from, to;
      if (span.get_array().get(pair) != simdjson::SUCCESS || pair.size() != 2 ||
          pair.at(0).get_string().get(from) != simdjson::SUCCESS ||
          pair.at(1).get_string().get(to) != simdjson::SUCCESS || !parse_clock_time(from, h.start) ||
          !parse_clock_time(to, h.end) || h.end < h.start) {
        return fail(fmt::format("\"{}\" must be [\"HH:MM\", \"HH:MM\"] or null", key));
      }
    }
  }
  auto read_days = [&](const char* name, std::vector<int64_t>& out) -> bool {
    if (root[name].get(v) != simdjson::SUCCESS) return true;
    simdjson::dom::array days;
    if (v.get_array().get(days) != simdjson::SUCCESS) return false;
    for (auto day : days) {
      std::string_view text;
      ParsedTime p;
      if (day.get_string().get(text) != simdjson::SUCCESS || !parse_timestamp(text, p)) return false;
      out.push_back(floor_div(p.seconds, kDay));
    }
    return true;
  };
  if (!read_days("holidays", c.holidays_)) return fail("\"holidays\" must be a list of dates");
  if (!read_days("workdays", c.workdays_)) return fail("\"workdays\" must be a list of dates");
  c.index();
  return c;
}

void WorkingCalendar::index() {
  auto sort_unique = [](std::vector<int64_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  };
  sort_unique(holidays_);
  sort_unique(workdays_);
  // A date that is both: the holiday wins.
  std::erase_if(workdays_, [&](int64_t d) { return std::binary_search(holidays_.begin(), holidays_.end(), d); });
  for (size_t k = 0; k < 7; ++k) {
    week_prefix_[k + 1] = week_prefix_[k] + week_[k].length();
    week_day_prefix_[k + 1] = week_day_prefix_[k] + (week_[k].length() > 0 ? 1 : 0);
  }
  auto weekday_len = [&](int64_t d) { return week_[static_cast<size_t>(weekday_from_days(d))].length(); };
  holiday_seconds_.assign(1, 0);
  holiday_days_.assign(1, 0);
  for (int64_t d : holidays_) {
    holiday_seconds_.push_back(holiday_seconds_.back() + weekday_len(d));
    holiday_days_.push_back(holiday_days_.back() + (weekday_len(d) > 0 ? 1 : 0));
  }
  workday_seconds_.assign(1, 0);
  workday_days_.assign(1, 0);
  for (int64_t d : workdays_) {
    workday_seconds_.push_back(workday_seconds_.back() + week_[0].length() - weekday_len(d));
    workday_days_.push_back(workday_days_.back() + (weekday_len(d) > 0 ? 0 : 1));
  }
}

WorkingCalendar::Hours WorkingCalendar::hours_of(int64_t day) const noexcept {
  if (std::binary_search(holidays_.begin(), holidays_.end(), day)) return {};
  if (std::binary_search(workdays_.begin(), workdays_.end(), day)) return week_[0];
  return week_[static_cast<size_t>(weekday_from_days(day))];
}

int64_t WorkingCalendar::seconds_before(int64_t day) const noexcept {
  const int64_t weeks = floor_div(day - kMondayDay, 7);
  const auto rest = static_cast<size_t>(day - kMondayDay - weeks * 7);
  const auto h = static_cast<size_t>(std::lower_bound(holidays_.begin(), holidays_.end(), day) - holidays_.begin());
  const auto w = static_cast<size_t>(std::lower_bound(workdays_.begin(), workdays_.end(), day) - workdays_.begin());
  return weeks * week_prefix_[7] + week_prefix_[rest] - holiday_seconds_[h] + workday_seconds_[w];
}

int64_t WorkingCalendar::days_before(int64_t day) const noexcept {
  const int64_t weeks = floor_div(day - kMondayDay, 7);
  const auto rest = static_cast<size_t>(day - kMondayDay - weeks * 7);
  const auto h = static_cast<size_t>(std::lower_bound(holidays_.begin(), holidays_.end(), day) - holidays_.begin());
  const auto w = static_cast<size_t>(std::lower_bound(workdays_.begin(), workdays_.end(), day) - workdays_.begin());
  return weeks * week_day_prefix_[7] + week_day_prefix_[rest] - holiday_days_[h] + workday_days_[w];
}

int64_t WorkingCalendar::cumulative(Instant t) const noexcept {
  const int64_t local = t + zone_.offset_at(t);
  const int64_t day = floor_div(local, kDay);
  const int64_t second = local - day * kDay;
  const Hours h = hours_of(day);
  const int64_t inside = std::clamp<int64_t>(second - h.start, 0, h.length());
  return seconds_before(day) + inside;
}

int64_t WorkingCalendar::working_seconds(Instant a, Instant b) const noexcept {
  if (a == kNoTime || b == kNoTime || b <= a) return 0;
  if (clock_) return b - a;
  return cumulative(b) - cumulative(a);
}

Instant WorkingCalendar::add_working(Instant start, int64_t seconds) const noexcept {
  if (start == kNoTime) return kNoTime;
  if (clock_) return start + seconds;
  if (week_prefix_[7] == 0 && workdays_.empty()) return kNoTime;
  const int64_t target = cumulative(start) + seconds;
  // W is non-decreasing: widen an upper bound, then bisect for the first t with W(t) >= target.
  int64_t span = kDay;
  constexpr int64_t kLimit = int64_t{200} * 366 * kDay;
  while (cumulative(start + span) < target) {
    if (span > kLimit) return kNoTime;
    span *= 2;
  }
  Instant lo = start, hi = start + span;
  while (lo < hi) {
    const Instant mid = lo + (hi - lo) / 2;
    if (cumulative(mid) >= target) hi = mid; else lo = mid + 1;
  }
  return lo;
}

int64_t WorkingCalendar::day_seconds() const noexcept {
  if (clock_) return kDay;
  int64_t longest = 0;
  for (const Hours& h : week_) longest = std::max<int64_t>(longest, h.length());
  return longest == 0 ? kDay : longest;
}

int64_t WorkingCalendar::working_days(Instant a, Instant b) const noexcept {
  if (a == kNoTime || b == kNoTime || b <= a) return 0;
  const auto local_day = [&](Instant t) { return floor_div(t + zone_.offset_at(t), kDay); };
  if (clock_) return local_day(b - 1) - local_day(a) + 1;
  // Days whose local date is in [day(a), day(b-1)].
  return days_before(local_day(b - 1) + 1) - days_before(local_day(a));
}

}  // namespace kpi
