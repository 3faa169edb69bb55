// The drill-down lists exactly the deals a metric counted: on the skeleton
// fixture (tests/fixtures/skeleton/README.md; Moscow times, as of 03-31
// 20:00, the default period from 02-20 10:00) and on four leads with calls
// and tasks, every count below is worked out by hand and also checked against
// the report's own numerator and denominator.
#include "core/kpi/drill.h"

#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "tests/core/support.h"

namespace kpi {
namespace {

using test::find;

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(KPI_FIXTURES) + "/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class SkeletonDrill : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"deals.csv", "tasks.csv"}) test::load(a, name, read_fixture(std::string("skeleton/") + name));
    test::configure(a, R"({"period_preset": "whole"})");  // the whole export, not the default last complete month
    report = a.analyze();
  }
  DrillResult run(DrillQuery q) {
    Issue error;
    DrillResult r = drill(a.dataset(), a.settings(), q, error);
    EXPECT_EQ(error.code, ErrorCode::kOk) << error.message;
    return r;
  }
  static std::vector<std::string> ids(const DrillResult& r) {
    std::vector<std::string> out;
    for (const DrillRow& row : r.rows) out.push_back(row.deal_id);
    return out;
  }
  Analyzer a;
  Report report;
};

TEST_F(SkeletonDrill, WinRateRowsAreTheClosedDealsWithTheLostOnesFlagged) {
  // Anna closed D1 (won 03-05), D2 (lost 03-06), D3 (won 03-20); the duplicate D1 row is not a deal.
  const DrillResult anna = run({.metric = "win_rate", .manager = "Anna"});
  const MetricValues& m = find(report.managers, "Anna");
  EXPECT_EQ(anna.total, 3u);
  EXPECT_EQ(anna.flagged, 1u);
  EXPECT_DOUBLE_EQ(static_cast<double>(anna.total), m.get(Metric::kWonCount) + m.get(Metric::kLostCount));
  EXPECT_DOUBLE_EQ(static_cast<double>(anna.flagged), m.get(Metric::kLostCount));
  // Lost first, then the latest close first.
  EXPECT_EQ(ids(anna), (std::vector<std::string>{"D2", "D3", "D1"}));
  EXPECT_EQ(anna.rows[0].state, "lost");
  EXPECT_EQ(anna.rows[0].title, "Beta, \"big\"");
  EXPECT_EQ(anna.rows[0].manager, "Anna");
  EXPECT_EQ(anna.rows[0].stage, "Lost");
  EXPECT_EQ(anna.rows[0].source, "Звонок");

  // The team: 3 won (D1, D3, D6), 3 lost (D2, D4, D7).
  const DrillResult team = run({.metric = "win_rate_by_source"});
  EXPECT_EQ(team.family, "win_rate");
  EXPECT_EQ(team.total, 6u);
  EXPECT_EQ(team.flagged, 3u);
  EXPECT_DOUBLE_EQ(static_cast<double>(team.flagged), report.team.get(Metric::kLostCount));
}

TEST_F(SkeletonDrill, WonCountAndRevenueListTheWonDealsLargestFirst) {
  const DrillResult anna = run({.metric = "revenue", .manager = "Anna"});
  EXPECT_EQ(anna.total, 2u);  // D1 1000, D3 2 500,50
  EXPECT_DOUBLE_EQ(static_cast<double>(anna.total), find(report.managers, "Anna").get(Metric::kWonCount));
  EXPECT_EQ(ids(anna), (std::vector<std::string>{"D3", "D1"}));
  EXPECT_DOUBLE_EQ(anna.rows[0].value, 2500.5);
  EXPECT_DOUBLE_EQ(anna.rows[0].value + anna.rows[1].value, find(report.managers, "Anna").get(Metric::kRevenue));
  // Boris won D6 without an amount: the row is there, flagged, value null.
  const DrillResult boris = run({.metric = "won_count", .manager = "Boris"});
  EXPECT_EQ(boris.total, 1u);
  EXPECT_EQ(boris.flagged, 1u);
  EXPECT_EQ(ids(boris), (std::vector<std::string>{"D6"}));
  EXPECT_TRUE(std::isnan(boris.rows[0].value));
}

TEST_F(SkeletonDrill, NextStepStalledAndOverdueCountTheirCohorts) {
  // D5 (Boris) is the one open deal; T1 is open and due 04-02, after now: a next step.
  const DrillResult steps = run({.metric = "next_step_share", .manager = "Boris"});
  EXPECT_EQ(steps.total, 1u);
  EXPECT_EQ(steps.flagged, 0u);
  EXPECT_DOUBLE_EQ(static_cast<double>(steps.total), find(report.managers, "Boris").get(Metric::kOpenCount));
  ASSERT_EQ(steps.rows.size(), 1u);
  EXPECT_EQ(steps.rows[0].state, "next_step");

  // D5 has no stage history: idle since created Wed 03-04 09:00 to Tue 03-31 20:00.
  // Working days (Mon-Fri 09-18): 03-04..06 (3) + 3 full weeks (15) + 03-30, 31 (2) = 20 > 3.
  const DrillResult stalled = run({.metric = "stalled_share", .manager = "Boris"});
  EXPECT_EQ(stalled.total, 1u);
  EXPECT_EQ(stalled.flagged, 1u);
  EXPECT_DOUBLE_EQ(static_cast<double>(stalled.flagged), find(report.managers, "Boris").get(Metric::kStalledCount));
  ASSERT_EQ(stalled.rows.size(), 1u);
  EXPECT_EQ(stalled.rows[0].deal_id, "D5");
  EXPECT_EQ(stalled.rows[0].stage, "Proposal");
  EXPECT_DOUBLE_EQ(stalled.rows[0].value, 20.0);
  EXPECT_DOUBLE_EQ(stalled.rows[0].norm, 3.0);

  // Overdue counts tasks for their owner: Gleb's T2 (due 03-06 10:00, done 09:00) is on time;
  // T1 is due after now, T3 has no due date. Boris has no task in the cohort.
  const DrillResult gleb = run({.metric = "overdue_share", .manager = "Gleb"});
  EXPECT_EQ(gleb.total, 1u);
  EXPECT_EQ(gleb.flagged, 0u);
  EXPECT_DOUBLE_EQ(static_cast<double>(gleb.total), find(report.managers, "Gleb").get(Metric::kTasksDueCount));
  ASSERT_EQ(gleb.rows.size(), 1u);
  EXPECT_EQ(gleb.rows[0].task_id, "T2");
  EXPECT_EQ(gleb.rows[0].deal_id, "D5");
  EXPECT_EQ(gleb.rows[0].manager, "Gleb");  // the task's owner, not the deal's (Boris)
  EXPECT_EQ(run({.metric = "overdue_count", .manager = "Boris"}).total, 0u);
}

TEST_F(SkeletonDrill, GroupsNarrowTheRowsLikeTheSplits) {
  // Anna's closed deals by source: Звонок D1, D2; Форма D3. By class: Звонок is hot, Форма warm.
  EXPECT_EQ(run({.metric = "win_rate", .manager = "Anna", .group_by = "source", .group = "Звонок"}).total, 2u);
  EXPECT_EQ(run({.metric = "win_rate", .manager = "Anna", .group_by = "lead_class", .group = "warm"}).total, 1u);
  // Segment Enterprise: D4 (lost), D6 (won), both Boris's.
  const DrillResult ent = run({.metric = "win_rate", .group_by = "segment", .group = "Enterprise"});
  EXPECT_EQ(ent.total, 2u);
  EXPECT_EQ(ent.flagged, 1u);
  // Unknown names match nothing rather than everything.
  EXPECT_EQ(run({.metric = "win_rate", .manager = "Nobody"}).total, 0u);
  EXPECT_EQ(run({.metric = "win_rate", .group_by = "source", .group = "Nowhere"}).total, 0u);
}

TEST_F(SkeletonDrill, WithoutActivitiesFrtHasNoRowsAndUnknownMetricsAreErrors) {
  EXPECT_EQ(run({.metric = "frt_mean_min"}).total, 0u);  // unavailable: never a list of zeros
  EXPECT_EQ(run({.metric = "touches_per_won_mean"}).total, 0u);
  Issue error;
  drill(a.dataset(), a.settings(), {.metric = "plan_pace"}, error);
  EXPECT_EQ(error.code, ErrorCode::kBadUsage);
  EXPECT_NE(error.message.find("plan_pace"), std::string::npos);
  error = {};
  drill(a.dataset(), a.settings(), {.metric = "win_rate", .group_by = "city"}, error);
  EXPECT_EQ(error.code, ErrorCode::kBadUsage);
}

TEST_F(SkeletonDrill, TheLimitKeepsTheWorstRowsAndCountsTheRest) {
  const DrillResult r = run({.metric = "win_rate", .limit = 2});
  EXPECT_EQ(r.total, 6u);
  EXPECT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.more, 4u);
  // The two latest losses: D7 (03-31), D4 (03-10).
  EXPECT_EQ(ids(r), (std::vector<std::string>{"D7", "D4"}));
  const DrillResult lost = run({.metric = "win_rate", .flagged_only = true});
  EXPECT_EQ(lost.rows.size(), 3u);
  EXPECT_EQ(lost.more, 0u);
  EXPECT_EQ(lost.total, 6u);  // the cohort is still reported whole
}

// Four leads on Monday 2026-03-02 (Moscow), seen as of 18:00 (board_test's):
//   L1 Звонок (hot, 10 min)  answered 10:05 =   5 min  ok
//   L2 Звонок (hot, 10 min)  answered 11:00 =  60 min  breach, 6x
//   L3 Форма  (warm, 30 min) answered 12:00 = 120 min  breach, 4x
//   L4 Звонок (hot, 10 min)  unanswered, waited 480 working min  breach, 48x
// Tasks: T1 due 12:00 still open = 6 h late; T2 due 09:00 done 17:00 = 8 h late.
TEST(Drill, SlaFrtAndOverdueRowsCarryTheirMinutesAndDays) {
  Analyzer a;
  test::load(a, "deals.csv", "id,stage,state,owner,source,created_at\n",
             "L1,New,open,Anna,Звонок,2026-03-02 10:00\nL2,New,open,Anna,Звонок,2026-03-02 10:00\n"
             "L3,New,open,Anna,Форма,2026-03-02 10:00\nL4,New,open,Anna,Звонок,2026-03-02 10:00\n");
  test::load(a, "activities.csv", "deal_id,type,at\n",
             "L1,call_out,2026-03-02 10:05\nL2,call_out,2026-03-02 11:00\nL3,email_out,2026-03-02 12:00\n");
  test::load(a, "tasks.csv", "id,deal_id,owner,created_at,due_at,completed_at\n",
             "T1,L1,Anna,2026-03-02 08:00,2026-03-02 12:00,\nT2,L2,Anna,2026-03-02 08:00,2026-03-02 09:00,2026-03-02 17:00\n");
  test::configure(a, R"({"as_of": "2026-03-02 18:00", "period_preset": "whole"})");
  const Report report = a.analyze();
  Issue error;

  const DrillResult sla = drill(a.dataset(), a.settings(), {.metric = "sla_share", .manager = "Anna"}, error);
  EXPECT_EQ(sla.total, 4u);
  EXPECT_EQ(sla.flagged, 3u);
  EXPECT_DOUBLE_EQ(static_cast<double>(sla.total), report.team.get(Metric::kSlaTotal));
  EXPECT_DOUBLE_EQ(static_cast<double>(sla.flagged), report.team.get(Metric::kSlaBreached));
  ASSERT_EQ(sla.rows.size(), 4u);
  const std::vector<std::pair<std::string, double>> want = {{"L4", 480}, {"L2", 60}, {"L3", 120}, {"L1", 5}};
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(sla.rows[i].deal_id, want[i].first) << i;
    EXPECT_DOUBLE_EQ(sla.rows[i].value, want[i].second) << i;
  }
  EXPECT_EQ(sla.rows[0].state, "unanswered");
  EXPECT_EQ(sla.rows[1].state, "late");
  EXPECT_DOUBLE_EQ(sla.rows[2].norm, 30);
  EXPECT_EQ(sla.rows[3].state, "ok");
  EXPECT_FALSE(sla.rows[3].flagged);
  // The face shows the row as the core says (issue 9): a breach is bad, an answer in time ok.
  EXPECT_EQ(sla.rows[0].status, "bad");
  EXPECT_EQ(sla.rows[1].status, "bad");
  EXPECT_EQ(sla.rows[3].status, "ok");

  // FRT: the three answered leads, the slowest first; L2 and L3 over their norms.
  const DrillResult frt = drill(a.dataset(), a.settings(), {.metric = "frt_mean_min"}, error);
  EXPECT_EQ(frt.total, 3u);
  EXPECT_EQ(frt.flagged, 2u);
  ASSERT_EQ(frt.rows.size(), 3u);
  EXPECT_EQ(frt.rows[0].deal_id, "L3");
  EXPECT_DOUBLE_EQ((frt.rows[0].value + frt.rows[1].value + frt.rows[2].value) / 3,
                   report.team.get(Metric::kFrtMeanMin));  // (120 + 60 + 5) / 3

  const DrillResult overdue = drill(a.dataset(), a.settings(), {.metric = "overdue_count"}, error);
  EXPECT_EQ(overdue.flagged, 2u);
  EXPECT_DOUBLE_EQ(static_cast<double>(overdue.flagged), report.team.get(Metric::kOverdueCount));
  ASSERT_EQ(overdue.rows.size(), 2u);
  EXPECT_EQ(overdue.rows[0].task_id, "T2");
  EXPECT_DOUBLE_EQ(overdue.rows[0].value, 8.0 / 24);
  EXPECT_DOUBLE_EQ(overdue.rows[1].value, 6.0 / 24);
  // Each row says what the task is, never "answered late" (issue 10): T2 was
  // done 8 hours late; T1 is still open, on L1, an open deal.
  EXPECT_EQ(overdue.rows[0].state, "task_done_late");
  EXPECT_EQ(overdue.rows[1].state, "task_overdue_open_deal");
  EXPECT_EQ(error.code, ErrorCode::kOk);

  const std::string json = to_json(sla);
  EXPECT_NE(json.find(R"("total":4,"flagged":3,"shown":4,"more":0)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("deal_id":"L4","task_id":null)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("state":"unanswered","flagged":true,"status":"bad"})"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("state":"ok","flagged":false,"status":"ok"})"), std::string::npos) << json;
}

// Three deals won on 2026-03-10 with 2, 9 and 14 touches against the 8-12 band:
// W3 is 2 past it, W1 6 short of it, W2 inside. Outside the band is advice
// (warn), not a breach: the rows say so and no face maps a state to a tone.
TEST(Drill, TouchesOutsideTheBandWarn) {
  Analyzer a;
  test::load(a, "deals.csv", "id,stage,state,owner,created_at,closed_at,amount\n",
             "W1,Won,won,Anna,2026-03-02 10:00,2026-03-10 10:00,100\n"
             "W2,Won,won,Anna,2026-03-02 10:00,2026-03-10 10:00,100\n"
             "W3,Won,won,Anna,2026-03-02 10:00,2026-03-10 10:00,100\n");
  std::string touches;
  for (const auto& [deal, n] : std::vector<std::pair<std::string, int>>{{"W1", 2}, {"W2", 9}, {"W3", 14}}) {
    for (int i = 0; i < n; ++i) touches += deal + ",call_out,2026-03-0" + std::to_string(3 + i % 6) + " 1" + std::to_string(i % 10) + ":00\n";
  }
  test::load(a, "activities.csv", "deal_id,type,at\n", touches);
  test::configure(a, R"({"as_of": "2026-03-20 18:00", "period_preset": "whole"})");
  Issue error;
  const DrillResult r = drill(a.dataset(), a.settings(), {.metric = "touches_per_won_mean"}, error);
  EXPECT_EQ(error.code, ErrorCode::kOk) << error.message;
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.flagged, 2u);
  // Flagged first, the furthest from the band first: W1 (6 short), W3 (2 over), then W2.
  const std::vector<std::tuple<std::string, double, std::string, std::string>> want = {
      {"W1", 2, "few", "warn"}, {"W3", 14, "many", "warn"}, {"W2", 9, "ok", "ok"}};
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(r.rows[i].deal_id, std::get<0>(want[i])) << i;
    EXPECT_DOUBLE_EQ(r.rows[i].value, std::get<1>(want[i])) << i;
    EXPECT_EQ(r.rows[i].state, std::get<2>(want[i])) << i;
    EXPECT_EQ(r.rows[i].status, std::get<3>(want[i])) << i;
  }
}

}  // namespace
}  // namespace kpi
