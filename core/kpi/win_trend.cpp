// Win rate change over 3 and 6 months (issue 11; docs/kpi.md "Win rate
// change"): the latest complete month's win rate against the month 3 and 6
// months before it, for the team and each manager, judged against the norm
// range (default +2..+5 pp). Uses the outcomes family's own cohort
// (closed_in_period: deals won or lost within the month, seen at as_of), so a
// month's rate here equals that month's win_rate in a fresh analysis.
#include <algorithm>

#include "core/kpi/dynamics.h"
#include "core/kpi/outcomes.h"

namespace kpi {
namespace {

struct MonthTotals {
  OutcomeTotals team;
  std::vector<OutcomeTotals> managers;  // per report row
};

MonthTotals month_totals(const Context& c, Instant from, Instant to) {
  Period month = c.period;
  month.from = from;
  month.to = to;
  const DealTable& d = c.data.deals;
  const std::vector<uint8_t> closed = closed_in_period(d, c.counted, month);
  const std::vector<OutcomeTotals> by_owner = outcomes_by(d, closed, d.owner, c.data.strings.size());
  MonthTotals out;
  out.managers.resize(c.managers.size());
  for (size_t m = 0; m < c.managers.size(); ++m) out.managers[m] = by_owner[c.managers[m]];
  for (const OutcomeTotals& t : by_owner) {
    out.team.won += t.won;
    out.team.lost += t.lost;
  }
  return out;
}

double rate(const OutcomeTotals& t) noexcept {
  const uint32_t n = t.won + t.lost;
  return n == 0 ? kNull : static_cast<double>(t.won) / n;
}

// The change from `before` to `after`, judged: at least the norm's low bound
// is ok (above the high bound too: growth beyond the expected is no fault);
// growth below the low bound is warn; no growth or a fall is bad.
WinRateChange judge_change(const OutcomeTotals& before, const OutcomeTotals& after, bool before_data,
                           const std::pair<double, double>& norm) {
  WinRateChange w;
  w.before_closed = before.won + before.lost;
  w.after_closed = after.won + after.lost;
  w.before = rate(before);
  w.after = rate(after);
  if (before_data) {
    w.status_reason = "WIN_BEFORE_DATA";
    return w;
  }
  if (w.before_closed == 0 || w.after_closed == 0) {
    w.status_reason = "WIN_MONTH_NO_CLOSED";
    return w;
  }
  w.change = w.after - w.before;
  // Rounding: a change equal to the bound within 1e-9 holds it (0.07 − 0.05 is not exactly 0.02).
  constexpr double kEps = 1e-9;
  w.status = w.change >= norm.first - kEps ? Status::kOk : w.change > kEps ? Status::kWarn : Status::kBad;
  return w;
}

// The earliest instant a deal of the data was created or closed (kNoTime for none).
Instant earliest_deal(const Context& c) noexcept {
  const DealTable& d = c.data.deals;
  Instant first = kNoTime;
  for (size_t i = 0; i < d.size(); ++i) {
    if (!c.counted[i]) continue;
    for (Instant t : {d.created_at[i], d.closed_at[i]}) {
      if (t != kNoTime && (first == kNoTime || t < first)) first = t;
    }
  }
  return first;
}

}  // namespace

std::pair<Instant, Instant> latest_complete_month(const TimeZone& tz, Instant as_of) noexcept {
  const int64_t current = bucket_start(local_day(tz, as_of + 1), false);
  return {day_start(tz, bucket_shift(current, false, -1)), day_start(tz, current)};
}

void compute_win_trend(const Context& c, Report& r) {
  WinTrend& out = r.win_trend;
  if (c.period.as_of == kNoTime || c.data.deals.size() == 0) return;
  const TimeZone& tz = c.settings.tz;
  const auto [latest_from, latest_to] = latest_complete_month(tz, c.period.as_of);
  out.latest_from = latest_from;
  out.latest_to = latest_to;
  out.norm_low = c.settings.norms.win_rate_change.first;
  out.norm_high = c.settings.norms.win_rate_change.second;
  const MonthTotals latest = month_totals(c, latest_from, latest_to);
  const Instant earliest = earliest_deal(c);
  const int64_t latest_day = local_day(tz, latest_from);

  out.team.manager.clear();
  out.managers.resize(r.managers.size());
  for (size_t m = 0; m < r.managers.size(); ++m) out.managers[m].manager = r.managers[m].name;
  for (size_t k = 0; k < kWinChangeMonths.size(); ++k) {
    const Instant from = day_start(tz, bucket_shift(latest_day, false, -kWinChangeMonths[k]));
    const Instant to = day_start(tz, bucket_shift(latest_day, false, 1 - kWinChangeMonths[k]));
    const MonthTotals before = month_totals(c, from, to);
    // The data begin after the earlier month's end: nothing could have closed in it.
    const bool before_data = earliest == kNoTime || earliest >= to;
    const auto fill = [&](WinRateChange w) {
      w.months = kWinChangeMonths[k];
      w.before_from = from;
      w.before_to = to;
      return w;
    };
    out.team.changes[k] = fill(judge_change(before.team, latest.team, before_data, c.settings.norms.win_rate_change));
    for (size_t m = 0; m < r.managers.size() && m < before.managers.size(); ++m) {
      out.managers[m].changes[k] =
          fill(judge_change(before.managers[m], latest.managers[m], before_data, c.settings.norms.win_rate_change));
    }
  }
}

}  // namespace kpi
