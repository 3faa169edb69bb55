#include "core/kpi/engine.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "core/kpi/outcomes.h"
#include "core/kpi/period.h"

namespace kpi {
namespace {

constexpr size_t kMaxExamples = 5;

// The metrics this version does not compute yet, by metric family.
struct Pending {
  std::string_view metric;
  std::initializer_list<Metric> keys;
};
const std::array<Pending, 8> kPending = {{
    {"frt", {Metric::kFrtMedianMin, Metric::kFrtMeanMin, Metric::kFrtP90Min}},
    {"sla", {Metric::kSlaShare, Metric::kSlaBreached, Metric::kSlaTotal}},
    {"next_step", {Metric::kNextStepShare, Metric::kOverdueStepCount, Metric::kOpenCount}},
    {"overdue", {Metric::kOverdueShare, Metric::kOverdueCount, Metric::kTasksDueCount}},
    {"touches", {Metric::kTouchesPerWonMean, Metric::kTouchesPerWonMedian}},
    {"stalled", {Metric::kStalledCount, Metric::kStalledShare}},
    {"velocity", {Metric::kVelocityMedianDays}},
    {"plan", {Metric::kPlanRevenue, Metric::kPlanFactShare, Metric::kPlanPace, Metric::kPlanForecast}},
}};

// Marks the first row of each deal id; later rows with the same id are duplicates.
std::vector<uint8_t> first_rows(const Dataset& d, QualityRow& duplicates) {
  std::vector<uint8_t> seen(d.strings.size(), 0);
  std::vector<uint8_t> counted(d.deals.size(), 0);
  for (size_t i = 0; i < d.deals.size(); ++i) {
    const StrId id = d.deals.id[i];
    if (seen[id]) {
      ++duplicates.count;
      if (duplicates.examples.size() < kMaxExamples) duplicates.examples.emplace_back(d.strings.view(id));
      continue;
    }
    seen[id] = 1;
    counted[i] = 1;
  }
  return counted;
}

// Distinct non-empty ids of `column`, sorted by their text (byte order = code point order).
std::vector<StrId> distinct_sorted(const Dataset& d, std::initializer_list<const std::vector<StrId>*> columns) {
  std::vector<uint8_t> seen(d.strings.size(), 0);
  std::vector<StrId> out;
  for (const auto* column : columns) {
    for (StrId id : *column) {
      if (id == kNoStr || seen[id]) continue;
      seen[id] = 1;
      out.push_back(id);
    }
  }
  std::sort(out.begin(), out.end(), [&](StrId a, StrId b) { return d.strings.view(a) < d.strings.view(b); });
  return out;
}

std::vector<NamedMetrics> named_outcomes(const Dataset& d, const std::vector<StrId>& names,
                                         const std::vector<OutcomeTotals>& totals) {
  std::vector<NamedMetrics> out;
  out.reserve(names.size());
  for (StrId id : names) {
    NamedMetrics row;
    row.name = std::string(d.strings.view(id));
    write_outcomes(totals[id], row.metrics);
    out.push_back(std::move(row));
  }
  return out;
}

void add_example(QualityRow& row, std::string_view id) {
  ++row.count;
  if (row.examples.size() < kMaxExamples) row.examples.emplace_back(id);
}

// Rows of stage events, tasks and activities whose deal id is no known deal.
void count_unlinked(const Dataset& d, QualityRow& row) {
  std::vector<uint8_t> known(d.strings.size(), 0);
  for (StrId id : d.deals.id) known[id] = 1;
  for (const auto* column : {&d.stage_events.deal_id, &d.tasks.deal_id, &d.activities.deal_id}) {
    for (StrId id : *column) {
      if (id != kNoStr && !known[id]) add_example(row, d.strings.view(id));
    }
  }
}

}  // namespace

Report analyze(const Dataset& d, const Settings& settings, const std::vector<InputSummary>& inputs) {
  Report r;
  r.inputs = inputs;
  const Period period = resolve_period(d, settings);
  r.as_of = period.as_of;
  r.from = period.from;
  r.to = period.to;

  QualityRow skipped{"skipped_rows", 0, {}};
  for (const InputSummary& in : inputs) {
    skipped.count += in.skipped;
    for (const Issue& issue : in.issues) {
      if (skipped.examples.size() >= kMaxExamples) break;
      if (issue.line != 0) skipped.examples.push_back(fmt::format("{}:{}", in.file, issue.line));
    }
  }
  QualityRow duplicates{"duplicate_deal_id", 0, {}};
  const std::vector<uint8_t> counted = first_rows(d, duplicates);
  const std::vector<uint8_t> closed = closed_in_period(d.deals, counted, period);
  const size_t n_strings = d.strings.size();

  // Team and managers.
  const std::vector<OutcomeTotals> by_owner = outcomes_by(d.deals, closed, d.deals.owner, n_strings);
  OutcomeTotals team;
  for (const OutcomeTotals& t : by_owner) {
    team.won += t.won;
    team.lost += t.lost;
    team.won_with_amount += t.won_with_amount;
    team.revenue += t.revenue;
  }
  write_outcomes(team, r.team);
  r.managers = named_outcomes(d, distinct_sorted(d, {&d.deals.owner, &d.tasks.owner}), by_owner);
  r.by_source = named_outcomes(d, distinct_sorted(d, {&d.deals.source}),
                               outcomes_by(d.deals, closed, d.deals.source, n_strings));
  r.by_segment = named_outcomes(d, distinct_sorted(d, {&d.deals.segment}),
                                outcomes_by(d.deals, closed, d.deals.segment, n_strings));

  // Loss reasons of deals lost in the period; the empty reason is "no reason given".
  std::vector<uint64_t> reasons(n_strings, 0);
  for (size_t i = 0; i < d.deals.size(); ++i) {
    if (closed[i] == 2) ++reasons[d.deals.loss_reason[i]];
  }
  for (StrId id = 0; id < reasons.size(); ++id) {
    if (reasons[id] == 0) continue;
    r.loss_reasons.push_back({std::string(d.strings.view(id)), reasons[id],
                              static_cast<double>(reasons[id]) / team.lost});
  }
  std::sort(r.loss_reasons.begin(), r.loss_reasons.end(), [](const LossReasonRow& a, const LossReasonRow& b) {
    if (a.count != b.count) return a.count > b.count;
    if (a.reason.empty() != b.reason.empty()) return b.reason.empty();  // "no reason" last among equals
    return a.reason < b.reason;
  });

  // Data quality (spec §6), over each deal counted once.
  QualityRow missing_owner{"missing_owner", 0, {}}, missing_source{"missing_source", 0, {}};
  QualityRow won_no_amount{"won_missing_amount", 0, {}}, lost_no_reason{"lost_missing_reason", 0, {}};
  QualityRow closed_no_date{"closed_missing_closed_at", 0, {}}, unlinked{"unlinked_rows", 0, {}};
  for (size_t i = 0; i < d.deals.size(); ++i) {
    if (!counted[i]) continue;
    const std::string_view id = d.strings.view(d.deals.id[i]);
    if (d.deals.owner[i] == kNoStr) add_example(missing_owner, id);
    if (d.deals.source[i] == kNoStr) add_example(missing_source, id);
    const DealState state = d.deals.state[i];
    if (state == DealState::kWon && std::isnan(d.deals.amount[i])) add_example(won_no_amount, id);
    if (state == DealState::kLost && d.deals.loss_reason[i] == kNoStr) add_example(lost_no_reason, id);
    if (state != DealState::kOpen && d.deals.closed_at[i] == kNoTime) add_example(closed_no_date, id);
  }
  count_unlinked(d, unlinked);
  r.data_quality = {skipped, duplicates, missing_owner, missing_source, won_no_amount,
                    lost_no_reason, closed_no_date, unlinked};

  // What cannot be computed, and why.
  if (d.deals.size() == 0) {
    r.unavailable.push_back({"win_rate", "needs a deals table"});
    r.unavailable.push_back({"revenue", "needs a deals table"});
  } else if (team.won + team.lost == 0) {
    r.unavailable.push_back({"win_rate", "no deal was won or lost in the period"});
    r.unavailable.push_back({"revenue", "no deal was won in the period"});
  } else if (team.won_with_amount == 0) {
    r.unavailable.push_back({"revenue", team.won == 0 ? "no deal was won in the period"
                                                      : "the won deals have no amount"});
  }
  for (const Pending& p : kPending) {
    r.unavailable.push_back({std::string(p.metric), "not computed by this version yet"});
  }
  return r;
}

}  // namespace kpi
