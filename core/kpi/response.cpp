// First response time and SLA compliance (spec/kpi.md metrics 1 and 2) over
// the deals created in the period: the first outgoing touch at or after
// created_at (and seen by as_of), measured in working minutes, or clock
// minutes with `--calendar none`; SLA against the norm of the lead's class.
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/kpi/deal_facts.h"
#include "core/kpi/families.h"
#include "core/kpi/lead_class.h"
#include "core/kpi/stats.h"

namespace kpi {

// report.coverage rows (quality.cpp).

namespace {

// Per deal row: the first outgoing touch (call, e-mail, message out; meetings
// are stored as out) at or after created_at and at or before as_of, else
// kNoTime; a touch before created_at is not an answer to this lead (it
// belongs to an earlier conversation). The earliest such touch of any date
// is indexed once per analysis (Context::first_touch): it is the answer at
// now when it is at or before as_of, else no touch is.
Instant first_response(const Context& c, size_t row) noexcept {
  const Instant at = c.first_touch[row];
  return at != kNoTime && at <= c.period.as_of ? at : kNoTime;
}

// Answered (frt_s >= 0): within the norm or not. Unanswered (frt_s < 0): a
// breach once the deadline (created_at + norm in working time) is before now,
// pending until then.
SlaOutcome sla_outcome(const Context& c, Instant created, int64_t frt_s, double norm_min) {
  const double norm_s = norm_min * 60.0;
  if (frt_s >= 0) return static_cast<double>(frt_s) <= norm_s ? SlaOutcome::kOk : SlaOutcome::kBreach;
  const Instant deadline = c.calendar.add_working(created, static_cast<int64_t>(norm_s + 0.5));
  return deadline != kNoTime && deadline < c.period.as_of ? SlaOutcome::kBreach : SlaOutcome::kPending;
}

void write_frt(std::vector<double>& minutes, MetricValues& m) noexcept {
  if (minutes.empty()) return;  // no answered deal in the cohort: no data, not 0
  m.set(Metric::kFrtMeanMin, mean(minutes));
  m.set(Metric::kFrtMedianMin, quantile(minutes, 0.5));
  m.set(Metric::kFrtP90Min, quantile(minutes, 0.9));
}

// hit = deals within the norm, total = ok + breach (pending deals are left out).
void write_sla(const GroupedCounts::Cell& cell, MetricValues& m) noexcept {
  if (cell.total == 0) return;  // nothing decided yet: no data, not 0
  m.set(Metric::kSlaTotal, cell.total);
  m.set(Metric::kSlaBreached, cell.total - cell.hit);
  m.set(Metric::kSlaShare, cell.hit / cell.total);
}

}  // namespace

std::vector<ResponseFact> response_facts(const Context& c) {
  const DealTable& d = c.data.deals;
  std::vector<ResponseFact> facts;
  if (c.data.activities.size() == 0) return facts;
  for (const uint32_t i : c.created_rows()) {  // counted, created in the period
    const Instant created = d.created_at[i];
    const Instant first = first_response(c, i);
    const int64_t frt_s = first == kNoTime ? -1 : c.calendar.working_seconds(created, first);
    const double norm_min = c.settings.norms.frt_min[static_cast<size_t>(c.class_of[d.source[i]])];
    const int64_t waited_s = frt_s >= 0 ? frt_s : c.calendar.working_seconds(created, c.period.as_of);
    facts.push_back({static_cast<uint32_t>(i), frt_s >= 0 ? static_cast<double>(frt_s) / 60.0 : kNull, norm_min,
                     static_cast<double>(waited_s) / 60.0, sla_outcome(c, created, frt_s, norm_min)});
  }
  return facts;
}

void compute_response(const Context& c, Report& r) {
  const DealTable& d = c.data.deals;
  if (c.data.activities.size() == 0) {
    mark_unavailable(r, "frt", "NEEDS_ACTIVITIES");
    mark_unavailable(r, "sla", "NEEDS_ACTIVITIES");
    if (!c.full()) return;  // a series point keeps no coverage rows
    const uint64_t cohort = c.created_rows().size();
    add_coverage_missing(r, "frt", cohort, "NEEDS_ACTIVITIES");
    add_coverage_missing(r, "sla", cohort, "NEEDS_ACTIVITIES");
    return;
  }
  GroupedValues frt(c);
  GroupedCounts norms(c);  // hit: the class norms of the answered leads, total: their count
  GroupedCounts sla(c);
  std::vector<Card> late;  // breaches: answered late, by how much; unanswered, by time waited so far
  uint64_t cohort = 0, answered = 0, decided = 0;
  for (const ResponseFact& f : response_facts(c)) {
    ++cohort;
    if (!std::isnan(f.frt_min)) {  // unanswered: not in FRT
      frt.add_deal(f.row, f.frt_min);
      norms.add_deal(f.row, f.norm_min, 1);
      ++answered;
    }
    if (f.outcome != SlaOutcome::kPending) {
      sla.add_deal(f.row, f.outcome == SlaOutcome::kOk ? 1 : 0, 1);
      ++decided;
    }
    if (f.outcome == SlaOutcome::kBreach && c.full()) {  // a series point has no cards
      // Still-open deals first (something can be done today), then by how many times over the norm.
      const bool replied = !std::isnan(f.frt_min);
      late.emplace_back((c.open_at_now(f.row) ? 1e12 : 0) + f.waited_min / f.norm_min, f.row,
                        replied ? "SLA_LATE" : "SLA_UNANSWERED", f.waited_min, f.norm_min, "min");
    }
  }
  for_each_group(r, frt, [](MetricValues& m, std::vector<double>& v) { write_frt(v, m); });
  // The FRT norm of a row is the mix of its answered leads' class norms
  // (docs/kpi.md "First response time"): a row working hot leads is held to
  // the hot norm.
  for_each_group(r, norms, [](MetricValues& m, const GroupedCounts::Cell& cell) {
    if (cell.total > 0) m.frt_norm = cell.hit / cell.total;
  });
  for_each_group(r, sla, [](MetricValues& m, const GroupedCounts::Cell& cell) { write_sla(cell, m); });
  // Both tiles review the same leads: the ones answered (or still waiting)
  // past their norm, the most times over it first.
  add_cards(c, r, "frt", late);
  add_cards(c, r, "sla", std::move(late));
  if (!c.full()) return;  // a series point keeps no coverage rows
  if (d.size() == 0) {
    add_coverage_missing(r, "frt", 0, "NEEDS_DEALS");
    add_coverage_missing(r, "sla", 0, "NEEDS_DEALS");
  } else {
    add_coverage(r, "frt", answered, cohort, "have no outgoing touch");
    add_coverage(r, "sla", decided, cohort, "still within their deadline");
  }
}

}  // namespace kpi
