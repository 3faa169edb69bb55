// The drill-down: the deals (or tasks) behind one number of the report. A
// metric key of METRICS (or a board tile id) names the cohort; a manager and a
// group narrow it the way the report's rows do. The rows come from the same
// per-deal facts the families sum (deal_facts.h), so the rows behind
// sla_share for Anna are exactly Anna's sla_total, and the flagged ones her
// sla_breached.
//
//   kpi::DrillQuery q{.metric = "stalled_share", .manager = "Anna"};
//   kpi::Issue error;
//   kpi::DrillResult r = kpi::drill(data, settings, q, error);  // r.total == Anna's open_count
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model/dataset.h"
#include "core/report/report.h"
#include "core/settings.h"

namespace kpi {

inline constexpr size_t kDrillLimit = 500;

struct DrillQuery {
  std::string metric;    ///< a METRICS key ("sla_share"), a family or a board tile id ("win_rate_by_source")
  std::string manager;   ///< only this owner's rows (the task's owner for overdue); empty = the team
  std::string group_by;  ///< "", "source", "lead_class" or "segment"
  std::string group;     ///< the group's name in that grouping ("hot" / "warm" / "cold" for lead_class)
  bool flagged_only = false;  ///< only the rows that miss the norm (breaches, stalled, lost...)
  size_t limit = kDrillLimit;
};

/// One deal (or, for overdue, one task) of the cohort.
struct DrillRow {
  std::string deal_id, task_id, title, manager, stage, source, segment, currency;
  double amount = kNull;
  Instant date = kNoTime;  ///< the instant the row is judged from (created, due, closed)
  double value = kNull;    ///< the per-deal value: FRT minutes, days stalled, days late, touches...
  double norm = kNull;     ///< the norm that value was held to, where there is one
  std::string state;       ///< what the row is: "late", "unanswered", "ok", "no_step", "stalled", "lost"...
  bool flagged = false;    ///< counts against the norm
  /// How a face shows the row (JSON "status"): "bad" when flagged, "warn" when
  /// flagged only for a touch count outside the band (advice, not a breach), else "ok".
  std::string_view status = "ok";
};

struct DrillResult {
  std::string metric;  ///< as asked
  std::string family;  ///< frt, sla, next_step, overdue, touches, win_rate, revenue, stalled, velocity
  std::string unit;    ///< of `value`: min, days, working_days, touches, amount; empty when none
  uint64_t total = 0;    ///< rows in the cohort after the manager / group filter (the denominator)
  uint64_t flagged = 0;  ///< of them, the flagged ones
  uint64_t more = 0;     ///< rows matching the query but left out by the limit
  std::vector<DrillRow> rows;  ///< flagged first, then by value (largest first), then input order
};

/// The rows behind `query.metric`. An unknown metric or grouping is an error
/// (kBadUsage); plan metrics have no deal list (kBadUsage, saying so).
DrillResult drill(const Dataset& data, const Settings& settings, const DrillQuery& query, Issue& error);

/// `{"metric", "family", "unit", "total", "flagged", "shown", "more", "rows": [...]}`.
std::string to_json(const DrillResult& result);

}  // namespace kpi
