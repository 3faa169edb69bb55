// Metrics 3 (next-step coverage) and 4 (overdue tasks) end to end through
// kpi::Analyzer on small canonical CSV fixtures. Times are Moscow wall-clock
// (UTC+3); every expected number is worked out by hand in the comments.
#include "core/analyzer.h"

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "tests/core/support.h"

namespace kpi {
namespace {

using test::find;

// Seven deals. D4 is closed after the as_of used below, D6 before it.
constexpr std::string_view kDeals =
    "id,title,pipeline,stage,state,owner,source,segment,amount,currency,created_at,closed_at,loss_reason\n"
    "D1,,Main,Proposal,open,Anna,Звонок,SMB,,,2026-03-01 10:00:00,,\n"
    "D2,,Main,Proposal,open,Anna,Форма,SMB,,,2026-03-02 10:00:00,,\n"
    "D3,,Main,Meeting,open,Boris,Звонок,Enterprise,,,2026-03-03 10:00:00,,\n"
    "D4,,Main,Won,won,Boris,Форма,Enterprise,5000,RUB,2026-03-04 10:00:00,2026-03-25 15:00:00,\n"
    "D5,,Main,New,open,Boris,Звонок,SMB,,,2026-03-05 10:00:00,,\n"
    "D6,,Main,Lost,lost,Vera,Звонок,SMB,,,2026-03-01 09:00:00,2026-03-10 10:00:00,Дорого\n"
    "D7,,Main,New,open,Anna,Форма,SMB,,,2026-03-06 10:00:00,,\n";

// What each task is at now = 2026-03-20 12:00 (the as_of of the tests below):
//   T1  D1 open, due 03-25 (>= now)                   next step; due after now: not in metric 4
//   T2  D2 open, due 03-15                            overdue step; overdue
//   T3  D2 done 03-19, due 03-18                      closed at now; overdue (done late)
//   T4  D3 open, no due date                          neither
//   T5  D4 done 03-22 (after now), due 03-19          open at now, due before now; overdue
//   T6  D4 done 03-24 (after now), due 03-21          open at now: next step; due after now
//   T7  D5 created 03-21 (after now)                  not seen
//   T8  D5 done exactly at due 03-12 10:00            closed at now; on time
//   T9  D6 done 03-09, due 03-08 (D6 lost 03-10)      overdue (done late); D6 is not open
//   T10 D6 open, due 03-25                            D6 is not open: no step; due after now
//   T11 no deal, Gleb, open, due 03-10                overdue: team and Gleb only
//   T12 unknown deal D99, Gleb, done 03-11 09:00, due 03-11 10:00   on time: team and Gleb only
//   T13 D1, Gleb, open, due 02-27 (before the period)  D1's dated tasks include it; not in metric 4
//   T14 D7 open, due exactly now                       next step; due not before now: not in metric 4
constexpr std::string_view kTasks =
    "id,deal_id,owner,created_at,due_at,completed_at,type\n"
    "T1,D1,Anna,2026-03-10 10:00:00,2026-03-25 10:00:00,,call\n"
    "T2,D2,Anna,2026-03-05 10:00:00,2026-03-15 10:00:00,,call\n"
    "T3,D2,Anna,2026-03-05 10:00:00,2026-03-18 10:00:00,2026-03-19 10:00:00,call\n"
    "T4,D3,Boris,2026-03-05 10:00:00,,,call\n"
    "T5,D4,Boris,2026-03-06 10:00:00,2026-03-19 10:00:00,2026-03-22 10:00:00,call\n"
    "T6,D4,Boris,2026-03-06 10:00:00,2026-03-21 10:00:00,2026-03-24 10:00:00,call\n"
    "T7,D5,Boris,2026-03-21 10:00:00,2026-03-25 10:00:00,,call\n"
    "T8,D5,Boris,2026-03-06 10:00:00,2026-03-12 10:00:00,2026-03-12 10:00:00,call\n"
    "T9,D6,Vera,2026-03-02 10:00:00,2026-03-08 10:00:00,2026-03-09 10:00:00,call\n"
    "T10,D6,Vera,2026-03-02 10:00:00,2026-03-25 10:00:00,,call\n"
    "T11,,Gleb,2026-03-01 12:00:00,2026-03-10 10:00:00,,call\n"
    "T12,D99,Gleb,2026-03-01 12:00:00,2026-03-11 10:00:00,2026-03-11 09:00:00,call\n"
    "T13,D1,Gleb,2026-03-01 12:00:00,2026-02-27 10:00:00,,call\n"
    "T14,D7,Anna,2026-03-07 10:00:00,2026-03-20 12:00:00,,call\n";

// Before the last event (D4 closed 03-25 15:00), so the later completions and T7 are unseen.
// Figures over the whole data as of now (the default period is the last complete week or month).
constexpr std::string_view kAsOf = R"({"as_of": "2026-03-20 12:00:00", "period_preset": "whole"})";

void load(Analyzer& a, std::string_view name, std::string_view csv) {
  Issue error;
  ASSERT_TRUE(a.begin_file(name, error)) << error.message;
  a.feed(csv);
  const InputSummary& s = a.end_file();
  ASSERT_TRUE(s.ok) << s.error.message;
  ASSERT_EQ(s.skipped, 0u) << name;
}

Report analyze(std::initializer_list<std::string_view> files, std::string_view settings) {
  Analyzer a;
  for (std::string_view csv : files) load(a, "input.csv", csv);  // the table is recognised by its header
  Issue error;
  EXPECT_TRUE(a.set_settings(settings, error)) << error.message;
  return a.analyze();
}

void expect_next_step(const MetricValues& m, double open, double share, double overdue_steps) {
  test::expect_value(m, Metric::kOpenCount, open);
  test::expect_value(m, Metric::kNextStepShare, share);
  test::expect_value(m, Metric::kOverdueStepCount, overdue_steps);
}

void expect_overdue(const MetricValues& m, double due, double overdue, double share) {
  test::expect_value(m, Metric::kTasksDueCount, due);
  test::expect_value(m, Metric::kOverdueCount, overdue);
  test::expect_value(m, Metric::kOverdueShare, share);
}

std::string reason_for(const Report& r, std::string_view metric) {
  for (const Unavailable& u : r.unavailable) {
    if (u.metric == metric) return u.reason;
  }
  return "";
}

TEST(Tasks, AsOfBeforeLastEventFixesThePeriod) {
  const Report r = analyze({kDeals, kTasks}, kAsOf);
  EXPECT_EQ(format_instant(r.as_of), "2026-03-20T09:00:00Z");
  EXPECT_EQ(format_instant(r.from), "2026-03-01T06:00:00Z");  // D6 created 03-01 09:00, the earliest event
  EXPECT_EQ(format_instant(r.to), "2026-03-20T09:00:01Z");
  EXPECT_EQ(reason_for(r, "next_step"), "");
  EXPECT_EQ(reason_for(r, "overdue"), "");
}

TEST(Tasks, NextStepCoverageByManager) {
  const Report r = analyze({kDeals, kTasks}, kAsOf);
  // Open at now: D1, D2, D3, D4 (won only on 03-25), D5, D7; D6 was lost 03-10.
  //   D1 next step (T1; T13 is overdue but one step ahead is enough)
  //   D2 overdue step (T2 only; T3 was done by now)
  //   D3 neither (T4 has no due date)
  //   D4 next step (T6, done only after now)
  //   D5 neither (T7 not created yet, T8 done)
  //   D7 next step (T14 due exactly now)
  // Team: 6 open, 3 with a next step = 0.5, 1 overdue step.
  expect_next_step(r.team, 6, 0.5, 1);
  expect_next_step(find(r.managers, "Anna"), 3, 2.0 / 3.0, 1);   // D1 next, D2 overdue step, D7 next
  expect_next_step(find(r.managers, "Boris"), 3, 1.0 / 3.0, 0);  // D3 neither, D4 next, D5 neither
  expect_next_step(find(r.managers, "Gleb"), kNull, kNull, kNull);  // owns only tasks
  expect_next_step(find(r.managers, "Vera"), kNull, kNull, kNull);  // no open deal: no data, not 0
}

TEST(Tasks, NextStepCoverageBySource) {
  const Report r = analyze({kDeals, kTasks}, kAsOf);
  ASSERT_EQ(r.by_source.size(), 2u);
  expect_next_step(find(r.by_source, "Звонок"), 3, 1.0 / 3.0, 0);  // D1 next, D3, D5 neither (D6 closed)
  expect_next_step(find(r.by_source, "Форма"), 3, 2.0 / 3.0, 1);   // D2 overdue step, D4 and D7 next
  expect_next_step(find(r.by_segment, "Enterprise"), 2, 0.5, 0);   // D3 neither, D4 next
}

TEST(Tasks, OverdueTasksByOwner) {
  const Report r = analyze({kDeals, kTasks}, kAsOf);
  // Due in [03-01 09:00, now] and before now: T2, T3, T5, T8, T9, T11, T12 (7).
  // Out: T1, T6, T7, T10 due after now; T14 due exactly now; T13 due before the period; T4 undated.
  // Overdue: T2 (open), T3 (done late), T5 (done after now), T9 (done late), T11 (open) = 5.
  // On time: T8 (done exactly at due), T12 (done before due).
  expect_overdue(r.team, 7, 5, 5.0 / 7.0);
  expect_overdue(find(r.managers, "Anna"), 2, 2, 1.0);   // T2, T3
  expect_overdue(find(r.managers, "Boris"), 2, 1, 0.5);  // T5 late, T8 on time
  expect_overdue(find(r.managers, "Gleb"), 2, 1, 0.5);   // T11 late, T12 on time: a manager with tasks only
  expect_overdue(find(r.managers, "Vera"), 1, 1, 1.0);   // T9, on a deal closed before now
}

TEST(Tasks, OverdueTasksByLinkedDealsGroup) {
  const Report r = analyze({kDeals, kTasks}, kAsOf);
  // Unlinked T11 and T12 (unknown D99) count for the team and Gleb only.
  expect_overdue(find(r.by_source, "Звонок"), 2, 1, 0.5);  // T8 (D5) on time, T9 (D6) late
  expect_overdue(find(r.by_source, "Форма"), 3, 3, 1.0);   // T2, T3 (D2), T5 (D4)
  expect_overdue(find(r.by_segment, "SMB"), 4, 3, 0.75);   // T2, T3, T8, T9
  expect_overdue(find(r.by_segment, "Enterprise"), 1, 1, 1.0);  // T5
}

TEST(Tasks, NoTasksFileLeavesOpenCountOnly) {
  const Report r = analyze({kDeals}, kAsOf);
  expect_next_step(r.team, 6, kNull, kNull);
  expect_next_step(find(r.managers, "Anna"), 3, kNull, kNull);
  expect_next_step(find(r.managers, "Vera"), kNull, kNull, kNull);
  expect_next_step(find(r.by_source, "Форма"), 3, kNull, kNull);
  expect_overdue(r.team, kNull, kNull, kNull);
  EXPECT_EQ(reason_for(r, "next_step"), "needs tasks with due dates");
  EXPECT_EQ(reason_for(r, "overdue"), "needs tasks with due dates");
}

TEST(Tasks, NoDealsFileStillCountsOverdueTasks) {
  const Report r = analyze({kTasks}, kAsOf);
  // The period starts at the earliest task event, T11-T13 created 03-01 12:00; T9 (due 03-08)
  // is still inside, so the cohort is the same 7 tasks, 5 overdue, all unlinked now.
  EXPECT_EQ(format_instant(r.from), "2026-03-01T09:00:00Z");
  expect_overdue(r.team, 7, 5, 5.0 / 7.0);
  expect_overdue(find(r.managers, "Anna"), 2, 2, 1.0);
  EXPECT_TRUE(r.by_source.empty());
  expect_next_step(r.team, kNull, kNull, kNull);
  EXPECT_EQ(reason_for(r, "next_step"), "needs a deals table");
  EXPECT_EQ(reason_for(r, "overdue"), "");
}

TEST(Tasks, EmptyCohortsAreNullWithAReason) {
  // Default as_of: D1 created 03-01 10:00, the only event; T1's due date does not count.
  constexpr std::string_view deals =
      "id,stage,state,owner,created_at,closed_at\n"
      "D1,Won,won,Anna,2026-03-01 10:00:00,2026-03-01 10:00:00\n";
  constexpr std::string_view tasks =
      "id,deal_id,owner,due_at\n"
      "T1,D1,Anna,2026-03-05 10:00:00\n";
  const Report r = analyze({deals, tasks}, "{}");
  expect_next_step(r.team, kNull, kNull, kNull);  // D1 closed at now
  expect_overdue(r.team, kNull, kNull, kNull);    // T1 due after now
  EXPECT_EQ(reason_for(r, "next_step"), "no deal is open at now");
  EXPECT_EQ(reason_for(r, "overdue"), "no task was due in the period before now");
}

}  // namespace
}  // namespace kpi

namespace kpi {
namespace {

TEST(Tasks, OnlyUndatedTasksMeanNextStepAndOverdueAreUnavailable) {
  Analyzer a;
  Issue error;
  a.begin_file("deals.csv", error);
  a.feed("id,stage,state,owner,created_at\nD1,New,open,Anna,2026-03-01 10:00\n");
  ASSERT_TRUE(a.end_file().ok);
  a.begin_file("tasks.csv", error);
  a.feed("id,deal_id,owner,created_at,due_at,completed_at\nT1,D1,Anna,2026-03-01 11:00,,\n");
  ASSERT_TRUE(a.end_file().ok);
  const Report r = a.analyze();
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kOpenCount), 1);
  EXPECT_FALSE(r.team.has(Metric::kNextStepShare));  // not 0: no task has a due date
  EXPECT_FALSE(r.team.has(Metric::kOverdueShare));
  int reasons = 0;
  for (const Unavailable& u : r.unavailable) {
    if ((u.metric == "next_step" || u.metric == "overdue") && u.reason == "needs tasks with due dates") ++reasons;
  }
  EXPECT_EQ(reasons, 2);
}

}  // namespace
}  // namespace kpi
