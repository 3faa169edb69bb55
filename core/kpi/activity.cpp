// Activity per manager and day (issue 10, amoCRM's "report by employee"):
// what each manager did in the period, touch by touch, per local day and in
// total. Counted for the touch's owner (the deal's owner when the touch has
// none); touches of owners that are not report rows count for the team only.
#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "core/kpi/first_hour.h"
#include "core/kpi/period.h"

namespace kpi {
namespace {

// `YYYY-MM-DD` of a local day number (period.h local_day): formatted once
// per row and day, not per touch.
std::string date_of(int64_t day) {
  const CivilTime d = civil_from_instant(day * 86400);
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

void count(ManagerActivityCounts& a, ActivityKind kind, Direction dir, int32_t duration_s) {
  switch (kind) {
    case ActivityKind::kCall:
      if (dir == Direction::kOut) a.calls_out += 1;
      else if (dir == Direction::kIn) a.calls_in += 1;
      if (duration_s > 0) a.talk_min += duration_s;  // seconds while counting: minutes in row_of
      break;
    case ActivityKind::kMeeting: a.meetings += 1; break;
    case ActivityKind::kEmail: if (dir == Direction::kOut) a.emails_out += 1; break;
    case ActivityKind::kMessage: if (dir == Direction::kOut) a.messages_out += 1; break;
  }
}

// Per-day counts of one row, one slot per day of the period's touches (a slot
// no touch of the row reached keeps `touched` 0 and is not written).
struct Tally {
  ManagerActivityCounts period;
  std::vector<ManagerActivityCounts> days;
  std::vector<uint8_t> touched;
};

// Seconds of talk summed as integers, divided once: 7623.15, not 7623.149999999997.
ManagerActivityCounts in_minutes(ManagerActivityCounts a) {
  a.talk_min /= 60;
  return a;
}

ManagerActivityRow row_of(std::string manager, const Tally& t, const std::vector<int64_t>& slot_day) {
  ManagerActivityRow row{std::move(manager), in_minutes(t.period), {}};
  for (size_t i = 0; i < t.days.size(); ++i) {
    if (t.touched[i]) row.days.push_back({date_of(slot_day[i]), in_minutes(t.days[i])});
  }
  return row;
}

// The most days one slot each from the first touched day to the last; a
// longer span (one date mistyped by centuries) gets a slot per touched day.
constexpr int64_t kDenseDays = 4096;

}  // namespace

void compute_activity(const Context& c, Report& r) {
  const ActivityTable& a = c.data.activities;
  std::vector<ManagerActivityRow>& rows = r.first_hour.activity;
  rows.clear();
  if (a.size() == 0) return;  // no touches loaded: no rows (JSON null), never zeros
  // The touch's row (the team's, and its owner's when that is a report row) and local day.
  const auto owner_row = [&](size_t i) -> int32_t {
    StrId owner = a.owner[i];
    if (owner == kNoStr) {
      const int64_t deal = c.deal(a.deal_id[i]);
      if (deal >= 0) owner = c.data.deals.owner[static_cast<size_t>(deal)];
    }
    return owner != kNoStr && owner < c.manager_at.size() ? c.manager_at[owner] : -1;
  };
  // Day slots: every day from the first touched to the last, ascending.
  int64_t first = 0, last = -1;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!c.period.contains(a.at[i])) continue;
    const int64_t day = local_day(c.settings.tz, a.at[i]);
    if (last < first) first = last = day;
    first = std::min(first, day);
    last = std::max(last, day);
  }
  std::vector<int64_t> slot_day;
  if (last - first < kDenseDays) {
    for (int64_t day = first; day <= last; ++day) slot_day.push_back(day);
  } else {
    for (size_t i = 0; i < a.size(); ++i) {
      if (c.period.contains(a.at[i])) slot_day.push_back(local_day(c.settings.tz, a.at[i]));
    }
    std::sort(slot_day.begin(), slot_day.end());
    slot_day.erase(std::unique(slot_day.begin(), slot_day.end()), slot_day.end());
  }
  const bool dense = last - first < kDenseDays;
  const auto slot_of = [&](int64_t day) {
    return static_cast<size_t>(dense ? day - first : std::lower_bound(slot_day.begin(), slot_day.end(), day) - slot_day.begin());
  };
  std::vector<Tally> tallies(c.managers.size() + 1);  // [0]: the team, [m + 1]: manager m
  for (Tally& t : tallies) {
    t.days.resize(slot_day.size());
    t.touched.resize(slot_day.size());
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (!c.period.contains(a.at[i])) continue;
    const size_t day = slot_of(local_day(c.settings.tz, a.at[i]));
    const int32_t m = owner_row(i);
    for (Tally* t : {&tallies[0], m >= 0 ? &tallies[static_cast<size_t>(m) + 1] : nullptr}) {
      if (t == nullptr) continue;
      count(t->period, a.kind[i], a.direction[i], a.duration_s[i]);
      count(t->days[day], a.kind[i], a.direction[i], a.duration_s[i]);
      t->touched[day] = 1;
    }
  }
  // Every manager, also one without a touch in the period (a true zero: activities were loaded).
  rows.push_back(row_of("", tallies[0], slot_day));
  for (size_t m = 0; m < c.managers.size(); ++m) {
    rows.push_back(row_of(std::string(c.data.strings.view(c.managers[m])), tallies[m + 1], slot_day));
  }
}

}  // namespace kpi
