// The per-deal (or per-task) judgements behind the metrics: one fact per
// member of a metric's cohort, with the value that made it count. Each family
// sums its facts into the report; the drill-down (drill.cpp) lists the same
// facts, so a deal is "late", "stalled" or "overdue" by one definition only.
#pragma once

#include <cstdint>
#include <vector>

#include "core/kpi/context.h"

namespace kpi {

// ---- 1 frt, 2 sla (response.cpp) ------------------------------------------

enum class SlaOutcome : uint8_t { kOk, kBreach, kPending };

/// A deal created in the period (the FRT/SLA cohort).
struct ResponseFact {
  uint32_t row;
  double frt_min;     ///< working (or clock) minutes to the first response; NaN when unanswered
  double norm_min;    ///< the norm of the deal's lead class
  double waited_min;  ///< frt_min when answered, else the working minutes waited up to now
  SlaOutcome outcome;
};
/// Every deal of the cohort, in row order. Empty when no activity is loaded
/// (the metrics are then unavailable, and no lead is called a breach).
std::vector<ResponseFact> response_facts(const Context& c);

// ---- 3 next step, 4 overdue (tasks.cpp) -----------------------------------

enum class StepState : uint8_t { kNextStep, kOverdueStep, kNoStep };

/// A deal open at now (the next-step cohort).
struct StepFact {
  uint32_t row;
  StepState state;
  double days_open;  ///< days from created_at to now
  bool has_task;     ///< any task seen at now (dated or not): coverage
};
std::vector<StepFact> next_step_facts(const Context& c);

/// A task due in the period before now and seen at now (the overdue cohort).
struct OverdueFact {
  uint32_t task;
  int64_t deal_row;  ///< -1 when the task names no known deal
  bool late;         ///< not done by now, or done after its due date
  double days_late;  ///< due to completion (or to now when still open); 0 when on time
};
std::vector<OverdueFact> overdue_facts(const Context& c);

// ---- 5 touches (touches.cpp) ----------------------------------------------

/// Per deal row: the counted touches of a deal won in the period (closed[row]
/// == 1, from closed_in_period), 0 elsewhere.
std::vector<uint32_t> touches_of_won(const Context& c, const std::vector<uint8_t>& closed);
/// A call shorter than settings.min_call_s (missed or cut off): not a touch.
inline bool is_short_call(const ActivityTable& a, size_t i, double min_call_s) noexcept {
  return a.kind[i] == ActivityKind::kCall && a.duration_s[i] >= 0 && a.duration_s[i] < min_call_s;
}

// ---- 8 stalled, 10 velocity (pipeline.cpp) --------------------------------

/// A deal open at now (the stalled cohort).
struct StallFact {
  uint32_t row;
  StrId stage;          ///< the stage at now (the last event's to_stage, else the deal's stage)
  double idle_days;     ///< working days since the last stage change (calendar days without a calendar)
  double control_days;  ///< the stage's control period
  bool stalled;
};
std::vector<StallFact> stall_facts(const Context& c);

/// Days from created_at to closed_at of a deal won in the period (closed[row]
/// == 1); NaN for any other row and for a deal closed before it was created.
double won_velocity_days(const Context& c, const std::vector<uint8_t>& closed, size_t row) noexcept;

}  // namespace kpi
