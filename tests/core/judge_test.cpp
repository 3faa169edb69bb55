// The one judge (core/kpi/judge.h): the status rule, the norm in force per
// row, and the report's statuses on tests/fixtures/statuses, hand-computed
// (the fixture's README has the table). The board's FRT tile must be the
// matrix's team cell: same key, value, norm and status.
#include "core/kpi/judge.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/analyzer.h"

namespace kpi {
namespace {

Norm at_most(double v) { Norm n; n.kind = NormKind::kAtMost; n.value = v; return n; }
Norm at_least(double v) { Norm n; n.kind = NormKind::kAtLeast; n.value = v; return n; }
Norm range(double low, double high) { Norm n; n.kind = NormKind::kRange; n.low = low; n.high = high; return n; }

TEST(Judge, OkWithinNormWarnWithinTenPercentBadBeyond) {
  struct Case { double value; Norm norm; Status want; };
  const Case cases[] = {
      {0.90, at_least(0.85), Status::kOk},  {0.85, at_least(0.85), Status::kOk},
      {0.77, at_least(0.85), Status::kWarn},  // the edge is 0.765
      {0.76, at_least(0.85), Status::kBad},  {30, at_most(30), Status::kOk},
      {33, at_most(30), Status::kWarn},      {33.5, at_most(30), Status::kBad},
      {0.05, at_most(0.05), Status::kOk},    {0.055, at_most(0.05), Status::kWarn},
      {10, range(8, 12), Status::kOk},       {7.5, range(8, 12), Status::kWarn},  // 8 − 0.8 = 7.2
      {7, range(8, 12), Status::kBad},       {13, range(8, 12), Status::kWarn},   // 12 + 1.2 = 13.2
      {13.5, range(8, 12), Status::kBad},
  };
  for (const Case& c : cases) EXPECT_EQ(judge(c.value, c.norm), c.want) << c.value;
  EXPECT_EQ(judge(kNull, at_least(0.85)), Status::kNone);  // no value
  EXPECT_EQ(judge(0.5, at_least(kNull)), Status::kNone);   // no reference (no previous period)
  EXPECT_EQ(judge(0.5, Norm{}), Status::kNone);            // no norm
  EXPECT_DOUBLE_EQ(miss(25, at_most(10)), 1.5);
  EXPECT_DOUBLE_EQ(miss(0.5, at_least(1)), 0.5);
  EXPECT_DOUBLE_EQ(miss(5, at_most(10)), 0);
}

std::string read(const std::string& name) {
  std::ifstream in(std::string(KPI_FIXTURES) + "/statuses/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Report statuses_report() {
  Analyzer a;
  Issue error;
  for (const char* name : {"deals.csv", "activities.csv"}) {
    EXPECT_TRUE(a.begin_file(name, error)) << error.message;
    a.feed(read(name));
    EXPECT_TRUE(a.end_file().ok) << name;
  }
  EXPECT_TRUE(a.set_settings(read("settings.json"), error)) << error.message;
  return a.analyze();
}

const NamedMetrics& manager(const Report& r, std::string_view name) {
  for (const NamedMetrics& m : r.managers) {
    if (m.name == name) return m;
  }
  ADD_FAILURE() << "no manager " << name;
  static const NamedMetrics kNone;
  return kNone;
}

Status status(const MetricValues& m, Metric k) { return m.judged.status[static_cast<size_t>(k)]; }
std::string_view reason(const MetricValues& m, Metric k) { return m.judged.reason[static_cast<size_t>(k)]; }

TEST(Judge, EveryRowOfTheStatusesFixture) {
  const Report r = statuses_report();
  struct Row { std::string_view name; double frt; Status frt_s; double sla; Status sla_s; double forecast; Status plan_s; };
  const Row rows[] = {
      {"Anna", 6, Status::kOk, 1.0, Status::kOk, 1200, Status::kOk},
      {"Boris", 11, Status::kWarn, 0.5, Status::kBad, 920, Status::kWarn},
      {"Vera", 25, Status::kBad, 0.0, Status::kBad, 400, Status::kBad},
  };
  for (const Row& row : rows) {
    const MetricValues& m = manager(r, row.name).metrics;
    EXPECT_DOUBLE_EQ(m.get(Metric::kFrtMedianMin), row.frt) << row.name;
    EXPECT_EQ(status(m, Metric::kFrtMedianMin), row.frt_s) << row.name;
    EXPECT_DOUBLE_EQ(m.frt_norm, 10) << row.name;  // every lead is hot
    EXPECT_DOUBLE_EQ(m.get(Metric::kSlaShare), row.sla) << row.name;
    EXPECT_EQ(status(m, Metric::kSlaShare), row.sla_s) << row.name;
    EXPECT_DOUBLE_EQ(m.get(Metric::kPlanForecast), row.forecast) << row.name;
    EXPECT_EQ(status(m, Metric::kPlanForecast), row.plan_s) << row.name;
    EXPECT_EQ(status(m, Metric::kPlanPace), row.plan_s) << row.name;  // 1.2, 0.92, 0.4 of 1
    // Win rate: each won 1 of 1, as the team: at the team's rate is ok.
    EXPECT_EQ(status(m, Metric::kWinRate), Status::kOk) << row.name;
    const Norm& wn = m.judged.norm[static_cast<size_t>(Metric::kWinRate)];
    EXPECT_EQ(wn.source, NormSource::kTeam);
    EXPECT_DOUBLE_EQ(wn.value, 1.0);
    // No tasks: the family's code, not a bare null.
    EXPECT_EQ(status(m, Metric::kNextStepShare), Status::kNone);
    EXPECT_EQ(reason(m, Metric::kNextStepShare), "NEEDS_TASKS") << row.name;
    EXPECT_EQ(reason(m, Metric::kRevenue), "NO_NORM");
  }
  // The team: FRT median of 5, 7, 10, 12, 20, 30 = 11 (warn), SLA 3 of 6
  // (bad), forecast 2520 of a 3000 plan (bad, under 2700).
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kFrtMedianMin), 11);
  EXPECT_EQ(status(r.team, Metric::kFrtMedianMin), Status::kWarn);
  EXPECT_EQ(status(r.team, Metric::kFrtMeanMin), Status::kBad);  // 84 / 6 = 14
  EXPECT_EQ(status(r.team, Metric::kSlaShare), Status::kBad);
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kPlanForecast), 2520);
  EXPECT_EQ(status(r.team, Metric::kPlanForecast), Status::kBad);
  // The team's win rate is held to the previous period's, which had no closed deal.
  EXPECT_EQ(status(r.team, Metric::kWinRate), Status::kNone);
  EXPECT_EQ(reason(r.team, Metric::kWinRate), "NO_PREVIOUS");
  // The catalogue holds the team's norms.
  const Norm& frt = r.catalogue[static_cast<size_t>(Metric::kFrtMedianMin)];
  EXPECT_EQ(frt.kind, NormKind::kAtMost);
  EXPECT_EQ(frt.source, NormSource::kLeadClass);
  EXPECT_DOUBLE_EQ(frt.value, 10);
  const Norm& sla = r.catalogue[static_cast<size_t>(Metric::kSlaShare)];
  EXPECT_EQ(sla.kind, NormKind::kAtLeast);
  EXPECT_EQ(sla.source, NormSource::kDefault);
  EXPECT_DOUBLE_EQ(sla.value, 0.85);
  EXPECT_EQ(r.catalogue[static_cast<size_t>(Metric::kRevenue)].kind, NormKind::kNone);
}

TEST(Judge, TheFrtTileIsTheMatrixTeamCell) {
  const Report r = statuses_report();
  ASSERT_EQ(r.board.size(), 6u);
  const BoardTile& frt = r.board[0];
  ASSERT_EQ(frt.id, "frt");
  EXPECT_EQ(frt.metric, "frt_median_min");
  EXPECT_DOUBLE_EQ(frt.value, r.team.get(Metric::kFrtMedianMin));
  EXPECT_DOUBLE_EQ(frt.value, 11);
  EXPECT_EQ(frt.status, "warn");
  EXPECT_EQ(frt.status, status_name(status(r.team, Metric::kFrtMedianMin)));
  EXPECT_TRUE(frt.norm_in_force == r.team.judged.norm[static_cast<size_t>(Metric::kFrtMedianMin)]);
  EXPECT_DOUBLE_EQ(frt.norm_in_force.value, 10);
  // The managers named are exactly those not ok, furthest first: Vera (25 = 2.5x), Boris (11).
  EXPECT_EQ(frt.worst, (std::vector<std::string>{"Vera", "Boris"}));
  const BoardTile& sla = r.board[1];
  EXPECT_EQ(sla.metric, "sla_share");
  EXPECT_EQ(sla.status, "bad");
  EXPECT_EQ(sla.worst, (std::vector<std::string>{"Vera", "Boris"}));  // 0 % misses by 100 %, 50 % by 41 %
  EXPECT_DOUBLE_EQ(sla.flagged, 3);                                    // B2, V1, V2 breached
  EXPECT_TRUE(std::isnan(frt.flagged));
  EXPECT_DOUBLE_EQ(r.board[4].flagged, 6);  // every open deal is stalled (see below)
  EXPECT_DOUBLE_EQ(r.board[5].flagged, 0);  // the win-rate tile: no deal was lost
  // Tasks are missing: the tiles say why with the family's code.
  EXPECT_EQ(r.board[2].status, "");
  EXPECT_EQ(r.board[2].status_reason, "NEEDS_TASKS");
  // The SLA cards carry their rows: the three breaches, most times over the norm first
  // (all closed-later open deals: V2 30/10, V1 20/10, B2 12/10).
  ASSERT_EQ(sla.cards.size(), 3u);
  EXPECT_EQ(sla.cards[0].deal_id, "V2");
  EXPECT_EQ(sla.cards[0].manager, "Vera");
  EXPECT_EQ(sla.cards[0].stage, "New");
  // Its reasons: this tile's, then the other tiles' holding the same deal. Every
  // open deal sits in "New" since 2 March 10:00: 80 hours = 3.33 days by 18:00 on
  // the 5th, past the 3-day control period (clock days with calendar none).
  ASSERT_EQ(sla.cards[0].reasons.size(), 2u);
  EXPECT_EQ(sla.cards[0].reasons[0].code, "SLA_LATE");
  EXPECT_DOUBLE_EQ(sla.cards[0].reasons[0].params[0].number, 30);  // value: answered in 30 min
  EXPECT_DOUBLE_EQ(sla.cards[0].reasons[0].params[1].number, 10);  // norm
  EXPECT_EQ(sla.cards[0].reasons[1].code, "STALLED");
  EXPECT_NEAR(sla.cards[0].reasons[1].params[0].number, 80.0 / 24, 1e-9);
  EXPECT_DOUBLE_EQ(sla.cards[0].reasons[1].params[1].number, 3);
  EXPECT_EQ(sla.cards[2].deal_id, "B2");
}

// The previous period's rows are judged in a report that is gone when the
// current one is written: their reason codes must not point into it.
TEST(Judge, PreviousRowsKeepTheirReasonsAfterTheirReportIsGone) {
  Analyzer a;
  Issue error;
  ASSERT_TRUE(a.begin_file("deals.csv", error));
  a.feed(read("deals.csv"));
  ASSERT_TRUE(a.end_file().ok);
  ASSERT_TRUE(a.set_settings(read("settings.json"), error)) << error.message;
  const Report r = a.analyze();
  ASSERT_TRUE(r.has_previous);
  // No activities at all: the previous FRT is missing for the same reason as the current one.
  EXPECT_EQ(reason(r.team_previous, Metric::kFrtMedianMin), "NEEDS_ACTIVITIES");
  EXPECT_EQ(reason(manager(r, "Anna").previous, Metric::kSlaShare), "NEEDS_ACTIVITIES");
  const std::string json = to_json(r);
  EXPECT_NE(json.find(R"("previous_status_reason":{"frt_median_min":"NEEDS_ACTIVITIES")"), std::string::npos);
}

TEST(Judge, UnavailableEntriesCarryTheirCode) {
  const Report r = statuses_report();
  bool tasks = false;
  for (const Unavailable& u : r.unavailable) {
    EXPECT_FALSE(u.code.empty()) << u.metric;
    if (u.metric == "next_step") {
      tasks = true;
      EXPECT_EQ(u.code, "NEEDS_TASKS");
      EXPECT_EQ(u.reason, "needs tasks with due dates");  // the English sentence stays for old readers
    }
  }
  EXPECT_TRUE(tasks);
}

}  // namespace
}  // namespace kpi
