// Activity per manager and day (issue 10, amoCRM's "report by employee"):
// what each manager did in the period, touch by touch, per local day and in
// total. Counted for the touch's owner (the deal's owner when the touch has
// none); touches of owners that are not report rows count for the team only.
#include <map>

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

struct Tally {
  ManagerActivityCounts period;
  std::map<int64_t, ManagerActivityCounts> days;  // by local day number: few per manager, in date order
};

// Seconds of talk summed as integers, divided once: 7623.15, not 7623.149999999997.
ManagerActivityCounts in_minutes(ManagerActivityCounts a) {
  a.talk_min /= 60;
  return a;
}

ManagerActivityRow row_of(std::string manager, Tally& t) {
  ManagerActivityRow row{std::move(manager), in_minutes(t.period), {}};
  row.days.reserve(t.days.size());
  for (auto& [day, counts] : t.days) row.days.push_back({date_of(day), in_minutes(counts)});
  return row;
}

}  // namespace

void compute_activity(const Context& c, Report& r) {
  const ActivityTable& a = c.data.activities;
  std::vector<ManagerActivityRow>& rows = r.first_hour.activity;
  rows.clear();
  if (a.size() == 0) return;  // no touches loaded: no rows (JSON null), never zeros
  Tally team;
  std::vector<Tally> managers(c.managers.size());
  for (size_t i = 0; i < a.size(); ++i) {
    if (!c.period.contains(a.at[i])) continue;
    StrId owner = a.owner[i];
    if (owner == kNoStr) {
      const int64_t deal = c.deal(a.deal_id[i]);
      if (deal >= 0) owner = c.data.deals.owner[static_cast<size_t>(deal)];
    }
    const int64_t day = local_day(c.settings.tz, a.at[i]);
    const int32_t m = owner != kNoStr && owner < c.manager_at.size() ? c.manager_at[owner] : -1;
    for (Tally* t : {&team, m >= 0 ? &managers[static_cast<size_t>(m)] : nullptr}) {
      if (t == nullptr) continue;
      count(t->period, a.kind[i], a.direction[i], a.duration_s[i]);
      count(t->days[day], a.kind[i], a.direction[i], a.duration_s[i]);
    }
  }
  // Every manager, also one without a touch in the period (a true zero: activities were loaded).
  rows.push_back(row_of("", team));
  for (size_t m = 0; m < managers.size(); ++m) {
    rows.push_back(row_of(std::string(c.data.strings.view(c.managers[m])), managers[m]));
  }
}

}  // namespace kpi
