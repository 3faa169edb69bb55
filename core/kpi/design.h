// The KPI design check (issue 11, branch design; docs/kpi.md "KPI design
// check"): not how the team did, but whether the KPIs it is held to are well
// chosen, by the rules of the methods this product follows. Each finding is a
// code with its parameters in report.design_check; the faces only render them.
//   BONUS_ONLY_ACTIVITY   the bonus weighs no "result" KPI: it can be earned
//                         without a single sale
//   METRICS_OVER_LIMIT    more than kMaxMetricsInUse KPIs in use
//   BONUS_NOT_INFLUENCED  a KPI the manager cannot influence is in the bonus
//   NORMS_CHANGED_OFTEN   two norm changes less than a quarter apart
// The kind and influence of each METRICS key are the catalogue's
// (metric_info: report.catalogue[key].kind / .influence).
#pragma once

#include <vector>

#include "core/kpi/context.h"

namespace kpi {

/// The methods: 7-10 metrics in all (2-4 per role).
inline constexpr size_t kMaxMetricsInUse = 10;
/// Norms are reviewed at most once a quarter: changes closer than this many
/// calendar months (by the local date in the settings' zone) are too often.
inline constexpr int kNormChangeMonths = 3;
/// Norm changes within this many days of a review's first change are that one review.
inline constexpr int64_t kReviewDays = 7;
/// Only the changes within this many months up to the newest one count.
inline constexpr int kNormHistoryMonths = 12;

/// The KPIs in use: the METRICS keys the role's matrix columns and board
/// tiles judge (a key with a norm in the catalogue; a figure shown without
/// one is context, not a KPI the manager is held to), plus every key with a
/// bonus weight above 0 ("revenue" and "win_rate" included). METRICS order.
std::vector<Metric> metrics_in_use(const Settings& settings, const Report& r);

/// The instants at which a history's norms changed: each record whose norms
/// differ from the record before it (the first record is the baseline),
/// ordered by time.
std::vector<Instant> norm_changes(std::vector<NormRecord> history);

/// Fills r.design_check. Runs after the judge, the board and the motivation.
void compute_design_check(const Context& c, Report& r);

}  // namespace kpi
