// Metrics 3 (next-step coverage) and 4 (overdue tasks) of spec/kpi.md §3.
// Both read the tasks as they stood at `now`: a task created after as_of is
// not seen, and a task completed after as_of was still open at now.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "core/kpi/deal_facts.h"
#include "core/kpi/families.h"

namespace kpi {

// report.coverage rows (quality.cpp).

namespace {

constexpr std::string_view kNeedsTasks = "NEEDS_TASKS";

// Created at or before as_of; a task without a creation date is taken as always there.
bool seen_at_now(const TaskTable& t, size_t i, Instant now) noexcept {
  return t.created_at[i] == kNoTime || t.created_at[i] <= now;
}

bool open_at_now(const TaskTable& t, size_t i, Instant now) noexcept {
  return seen_at_now(t, i, now) && (t.completed_at[i] == kNoTime || t.completed_at[i] > now);
}

// Per deal: bits for "has an open dated task due at or after now" and "has
// an open dated task due before now" (undated tasks set neither), and "has
// any task seen at now" (for coverage).
constexpr uint8_t kStepAhead = 1;
constexpr uint8_t kStepBehind = 2;
constexpr uint8_t kAnyTask = 4;

// The bits of deal row `row` from the tasks naming it (ContextIndex::deal_tasks).
uint8_t step_flags(const Context& c, const ContextIndex::DealTasks& by_deal, size_t row) {
  const TaskTable& t = c.data.tasks;
  const Instant now = c.period.as_of;
  uint8_t flag = 0;
  for (uint32_t k = by_deal.task_start[row]; k < by_deal.task_start[row + 1]; ++k) {
    const uint32_t i = by_deal.tasks[k];
    if (!seen_at_now(t, i, now)) continue;
    flag |= kAnyTask;
    if (t.due_at[i] == kNoTime || !open_at_now(t, i, now)) continue;
    flag |= t.due_at[i] >= now ? kStepAhead : kStepBehind;
  }
  return flag;
}

void compute_next_step(const Context& c, Report& r) {
  const DealTable& d = c.data.deals;
  // Undated tasks cannot make a next step: without any due date the metric lacks its input.
  const bool has_tasks = c.index()->any_due;
  // total: open deals; hit: deals with a next step (ahead) / with only overdue dated tasks (behind).
  GroupedCounts ahead(c), behind(c);
  std::vector<Card> missing;  // open deals without a next step: overdue steps first, then the oldest
  const std::vector<StepFact> facts = next_step_facts(c);
  uint64_t with_task = 0;
  for (const StepFact& f : facts) {
    if (f.has_task) ++with_task;
    const bool next = f.state == StepState::kNextStep;
    const bool overdue = f.state == StepState::kOverdueStep;
    ahead.add_deal(f.row, next ? 1 : 0, 1);
    behind.add_deal(f.row, overdue ? 1 : 0, 1);
    if (!next && c.full()) missing.emplace_back((overdue ? 1e9 : 0) + f.days_open, f.row, overdue ? "NEXT_STEP_OVERDUE" : "NO_NEXT_STEP");
  }
  const uint64_t open = facts.size();
  if (has_tasks) add_cards(c, r, "next_step", std::move(missing));
  for_each_group(r, ahead, [&](MetricValues& m, const GroupedCounts::Cell& cell) {
    if (cell.total == 0) return;  // no open deal: no data, not 0
    m.set(Metric::kOpenCount, cell.total);
    if (has_tasks) m.set(Metric::kNextStepShare, cell.hit / cell.total);
  });
  if (has_tasks) {
    for_each_group(r, behind, [](MetricValues& m, const GroupedCounts::Cell& cell) {
      if (cell.total > 0) m.set(Metric::kOverdueStepCount, cell.hit);
    });
  }

  if (!has_tasks) {
    mark_unavailable(r, "next_step", kNeedsTasks);
  } else if (d.size() == 0) {
    mark_unavailable(r, "next_step", "NEEDS_DEALS");
  } else if (ahead.team.total == 0) {
    mark_unavailable(r, "next_step", "NO_OPEN_DEAL");
  }

  if (!c.full()) return;  // a series point keeps no coverage rows
  if (!has_tasks) {
    add_coverage_missing(r, "next_step", open, "NEEDS_TASKS");
  } else if (d.size() == 0) {
    add_coverage_missing(r, "next_step", 0, "NEEDS_DEALS");
  } else {
    add_coverage(r, "next_step", with_task, open, "of open deals have no task");
  }
}

void compute_overdue(const Context& c, Report& r) {
  const TaskTable& t = c.data.tasks;
  const DealTable& d = c.data.deals;
  GroupedCounts overdue(c);  // total: tasks due in the period before now; hit: overdue ones
  std::vector<double> worst_delay(c.full() ? d.size() : 0, -1);  // per deal row, for the cards (none in a series point)
  for (const OverdueFact& f : overdue_facts(c)) {
    // Counted for the task's owner; source and segment are the linked deal's (none when unlinked).
    const StrId source = f.deal_row < 0 ? kNoStr : d.source[static_cast<size_t>(f.deal_row)];
    const StrId segment = f.deal_row < 0 ? kNoStr : d.segment[static_cast<size_t>(f.deal_row)];
    overdue.add(t.owner[f.task], source, segment, f.late ? 1 : 0, 1);
    if (f.late && f.deal_row >= 0 && c.full()) {
      double& delay = worst_delay[static_cast<size_t>(f.deal_row)];
      delay = std::max(delay, f.days_late);
    }
  }
  std::vector<Card> cards;  // deals of overdue tasks, the longest overdue first
  for (size_t row = 0; row < worst_delay.size(); ++row) {
    if (worst_delay[row] >= 0) {
      cards.emplace_back(worst_delay[row], static_cast<uint32_t>(row), "TASK_OVERDUE", worst_delay[row], kNull, "days");
    }
  }
  add_cards(c, r, "overdue", std::move(cards));
  for_each_group(r, overdue, [](MetricValues& m, const GroupedCounts::Cell& cell) {
    if (cell.total == 0) return;
    m.set(Metric::kTasksDueCount, cell.total);
    m.set(Metric::kOverdueCount, cell.hit);
    m.set(Metric::kOverdueShare, cell.hit / cell.total);
  });

  if (!c.index()->any_due) {
    mark_unavailable(r, "overdue", kNeedsTasks);
  } else if (overdue.team.total == 0) {
    mark_unavailable(r, "overdue", "NO_TASK_DUE");
  }
}

}  // namespace

std::vector<StepFact> next_step_facts(const Context& c) {
  const DealTable& d = c.data.deals;
  const ContextIndex::DealTasks& by_deal = c.index()->deal_tasks();
  std::vector<StepFact> facts;
  for (const uint32_t row : c.open_rows()) {
    const uint8_t flags = step_flags(c, by_deal, row);
    const StepState state = (flags & kStepAhead) != 0    ? StepState::kNextStep
                            : (flags & kStepBehind) != 0 ? StepState::kOverdueStep
                                                         : StepState::kNoStep;
    facts.push_back({row, state, static_cast<double>(c.period.as_of - d.created_at[row]) / 86400.0,
                     (flags & kAnyTask) != 0});
  }
  return facts;
}

std::vector<OverdueFact> overdue_facts(const Context& c) {
  const TaskTable& t = c.data.tasks;
  const Instant now = c.period.as_of;
  std::vector<OverdueFact> facts;
  for (const uint32_t i : c.due_tasks()) {  // due in the period before now, seen at now
    const Instant due = t.due_at[i];
    // Not done by now, or done after its due date (done after now is both). Done at due is on time.
    const Instant done = t.completed_at[i];
    const bool late = done == kNoTime || done > due;
    const Instant end = done == kNoTime || done > now ? now : done;
    facts.push_back({i, int64_t{c.task_deal[i]}, late, late ? static_cast<double>(end - due) / 86400.0 : 0.0});
  }
  return facts;
}

void compute_tasks(const Context& c, Report& r) {
  compute_next_step(c, r);
  compute_overdue(c, r);
}

}  // namespace kpi
