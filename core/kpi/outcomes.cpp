#include "core/kpi/outcomes.h"

#include <cmath>

namespace kpi {

std::vector<uint8_t> closed_in_period(const DealTable& deals, const std::vector<uint8_t>& counted,
                                      const Period& period) {
  std::vector<uint8_t> closed(deals.size(), 0);
  for (size_t i = 0; i < deals.size(); ++i) {
    if (!counted[i] || deals.state[i] == DealState::kOpen) continue;
    if (!period.contains(deals.closed_at[i])) continue;
    closed[i] = deals.state[i] == DealState::kWon ? 1 : 2;
  }
  return closed;
}

std::vector<OutcomeTotals> outcomes_by(const DealTable& deals, const std::vector<uint8_t>& closed,
                                       const std::vector<StrId>& key, size_t key_count) {
  std::vector<OutcomeTotals> totals(key_count);
  for (size_t i = 0; i < deals.size(); ++i) {
    if (closed[i] != 0) totals[key[i]].add(closed[i] == 1, deals.amount[i]);
  }
  return totals;
}

void write_outcomes(const OutcomeTotals& t, MetricValues& m) noexcept {
  const uint32_t closed = t.won + t.lost;
  if (closed == 0) return;
  m.set(Metric::kWonCount, t.won);
  m.set(Metric::kLostCount, t.lost);
  m.set(Metric::kWinRate, static_cast<double>(t.won) / closed);
  if (t.won_with_amount == 0) return;
  m.set(Metric::kRevenue, t.revenue);
  m.set(Metric::kAvgWonAmount, t.revenue / t.won_with_amount);
}

}  // namespace kpi

// ---- the family: team, managers, groups, loss reasons ---------------------

#include <algorithm>
#include <string_view>

#include "core/kpi/families.h"

namespace kpi {

// report.coverage rows (quality.cpp).

namespace {

void add_to(OutcomeTotals& into, const OutcomeTotals& t) {
  into.won += t.won;
  into.lost += t.lost;
  into.won_with_amount += t.won_with_amount;
  into.revenue += t.revenue;
}

// Manager × source / lead class / segment totals in one pass over the closed deals.
void write_split_outcomes(const Context& c, const std::vector<uint8_t>& closed, Report& r) {
  const DealTable& d = c.data.deals;
  const size_t S = c.sources.size(), G = c.segments.size();
  std::vector<OutcomeTotals> ms(c.managers.size() * S), mc(c.managers.size() * 3), mg(c.managers.size() * G);
  for (size_t i = 0; i < d.size(); ++i) {
    if (closed[i] == 0) continue;
    const int32_t m = c.manager_at[d.owner[i]];
    if (m < 0) continue;
    OutcomeTotals one;
    (closed[i] == 1 ? one.won : one.lost) = 1;
    if (closed[i] == 1 && !std::isnan(d.amount[i])) {
      one.won_with_amount = 1;
      one.revenue = d.amount[i];
    }
    const auto mi = static_cast<size_t>(m);
    if (const int32_t s = c.source_at[d.source[i]]; s >= 0) add_to(ms[mi * S + static_cast<size_t>(s)], one);
    add_to(mc[mi * 3 + static_cast<size_t>(c.class_of[d.source[i]])], one);
    if (const int32_t g = c.segment_at[d.segment[i]]; g >= 0) add_to(mg[mi * G + static_cast<size_t>(g)], one);
  }
  for (size_t i = 0; i < r.split_source.size(); ++i) write_outcomes(ms[i], r.split_source[i].metrics);
  for (size_t i = 0; i < r.split_class.size(); ++i) write_outcomes(mc[i], r.split_class[i].metrics);
  for (size_t i = 0; i < r.split_segment.size(); ++i) write_outcomes(mg[i], r.split_segment[i].metrics);
}

OutcomeTotals sum(const std::vector<OutcomeTotals>& all) {
  OutcomeTotals team;
  for (const OutcomeTotals& t : all) {
    team.won += t.won;
    team.lost += t.lost;
    team.won_with_amount += t.won_with_amount;
    team.revenue += t.revenue;
  }
  return team;
}

void write_rows(std::vector<NamedMetrics>& rows, const std::vector<StrId>& names,
                const std::vector<OutcomeTotals>& totals) {
  for (size_t i = 0; i < rows.size(); ++i) write_outcomes(totals[names[i]], rows[i].metrics);
}

// Coverage of win rate: the deals closed (won or lost) at now, of any date,
// and how many of them have the closed_at that places them in a period. A
// deal created or closed after as_of is not closed at now.
void add_closed_coverage(const Context& c, Report& r) {
  const DealTable& d = c.data.deals;
  const Instant now = c.period.as_of;
  uint64_t closed = 0, dated = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    if (!c.counted[i] || d.state[i] == DealState::kOpen) continue;
    if (d.created_at[i] != kNoTime && d.created_at[i] > now) continue;
    if (d.closed_at[i] != kNoTime && d.closed_at[i] > now) continue;
    ++closed;
    if (d.closed_at[i] != kNoTime) ++dated;
  }
  add_coverage(r, "win_rate", dated, closed, "of closed deals have no close date");
}

// The groups (source, lead class, segment), each manager within each group,
// and the loss reasons: what a full analysis adds to the team and managers.
void write_group_outcomes(const Context& c, const std::vector<uint8_t>& closed, const OutcomeTotals& team, Report& r) {
  const DealTable& d = c.data.deals;
  const size_t n = c.data.strings.size();
  const std::vector<OutcomeTotals> by_source = outcomes_by(d, closed, d.source, n);
  write_rows(r.by_source, c.sources, by_source);
  write_rows(r.by_segment, c.segments, outcomes_by(d, closed, d.segment, n));
  // Lead classes from the sources' totals (no source = warm), and each manager within each group.
  std::array<OutcomeTotals, 3> by_class{};
  for (StrId src = 0; src < by_source.size(); ++src) add_to(by_class[static_cast<size_t>(c.class_of[src])], by_source[src]);
  for (size_t i = 0; i < r.by_class.size(); ++i) write_outcomes(by_class[i], r.by_class[i].metrics);
  write_split_outcomes(c, closed, r);

  // Loss reasons of deals lost in the period; the empty reason is "no reason given".
  std::vector<uint64_t> reasons(n, 0);
  for (size_t i = 0; i < d.size(); ++i) {
    if (closed[i] == 2) ++reasons[d.loss_reason[i]];
  }
  for (StrId id = 0; id < reasons.size(); ++id) {
    if (reasons[id] == 0) continue;
    LossReasonRow row;
    row.reason = std::string(c.data.strings.view(id));
    row.count = reasons[id];
    row.share = static_cast<double>(reasons[id]) / team.lost;
    r.loss_reasons.push_back(std::move(row));
  }
  std::sort(r.loss_reasons.begin(), r.loss_reasons.end(), [](const LossReasonRow& a, const LossReasonRow& b) {
    if (a.count != b.count) return a.count > b.count;
    if (a.reason.empty() != b.reason.empty()) return b.reason.empty();  // "no reason" last among equals
    return a.reason < b.reason;
  });
}

}  // namespace

void compute_outcomes(const Context& c, Report& r) {
  const DealTable& d = c.data.deals;
  const size_t n = c.data.strings.size();
  // outcomes_by over the window's closed deals only (the same rows in the same order).
  std::vector<OutcomeTotals> by_owner(n);
  for (const uint32_t i : c.closed_rows()) by_owner[d.owner[i]].add(d.state[i] == DealState::kWon, d.amount[i]);
  const OutcomeTotals team = sum(by_owner);
  write_outcomes(team, r.team);
  write_rows(r.managers, c.managers, by_owner);
  if (c.full()) write_group_outcomes(c, c.closed(), team, r);

  if (d.size() == 0) {
    mark_unavailable(r, "win_rate", "NEEDS_DEALS");
    mark_unavailable(r, "revenue", "NEEDS_DEALS");
  } else if (team.won + team.lost == 0) {
    mark_unavailable(r, "win_rate", "NO_CLOSED_DEAL");
    mark_unavailable(r, "revenue", "NO_WON_DEAL");
  } else if (team.won_with_amount == 0) {
    mark_unavailable(r, "revenue", team.won == 0 ? "NO_WON_DEAL" : "NO_AMOUNT");
  }

  if (!c.full()) return;  // a series point keeps no coverage rows
  if (d.size() == 0) {
    add_coverage_missing(r, "win_rate", 0, "NEEDS_DEALS");
    add_coverage_missing(r, "revenue", 0, "NEEDS_DEALS");
  } else {
    add_closed_coverage(c, r);
    add_coverage(r, "revenue", team.won_with_amount, team.won, "of won deals have no amount");
  }
}

}  // namespace kpi
