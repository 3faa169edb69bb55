// What a head of sales looks for first (issue 10): activity per manager and
// day, open-pipeline money per stage and manager with the weighted forecast,
// new deals per manager and source. End to end through kpi::Analyzer on the
// hand-made fixture tests/fixtures/first-hour (Moscow wall-clock times,
// UTC+3); every expected number is worked out by hand in the comments.
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "core/analyzer.h"
#include "core/report/report.h"
#include "tests/core/support.h"

namespace kpi {
namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(KPI_FIXTURES) + "/first-hour/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// March is the period; now is 03-20 12:00, so D9 (won 03-25) is still open
// in New, D10 (created 03-25) does not exist yet, and A11 (13:00) is unseen.
// `from` and `more_activities` (a further activities file) widen it for one test.
Report analyze_fixture(const std::string& from = "2026-03-01", const std::string& more_activities = {}) {
  Analyzer a;
  for (const char* f : {"deals.csv", "stage_events.csv", "activities.csv"}) test::load(a, f, read_fixture(f));
  if (!more_activities.empty()) test::load(a, "more.csv", more_activities);
  test::configure(a, R"({"as_of": "2026-03-20 12:00:00", "period": {"from": ")" + from + R"(", "to": "2026-04-01"}})");
  return a.analyze();
}

const ManagerActivityRow& activity_of(const Report& r, std::string_view manager) {
  for (const ManagerActivityRow& a : r.first_hour.activity) {
    if (a.manager == manager) return a;
  }
  ADD_FAILURE() << "no activity row " << manager;
  static const ManagerActivityRow kNone;
  return kNone;
}

void expect_counts(const ManagerActivityCounts& a, double calls_out, double calls_in, double talk_min, double meetings,
                   double emails_out, double messages_out) {
  EXPECT_DOUBLE_EQ(a.calls_out, calls_out);
  EXPECT_DOUBLE_EQ(a.calls_in, calls_in);
  EXPECT_DOUBLE_EQ(a.talk_min, talk_min);
  EXPECT_DOUBLE_EQ(a.meetings, meetings);
  EXPECT_DOUBLE_EQ(a.emails_out, emails_out);
  EXPECT_DOUBLE_EQ(a.messages_out, messages_out);
}

TEST(FirstHour, ActivityPerManagerAndPeriod) {
  const Report r = analyze_fixture();
  // Rows: the team, then every manager (Anna, Boris: owners of deals); Vera
  // owns no deal or task, so her call A9 counts for the team only.
  ASSERT_EQ(r.first_hour.activity.size(), 3u);
  EXPECT_EQ(r.first_hour.activity[0].manager, "");
  EXPECT_EQ(r.first_hour.activity[1].manager, "Anna");
  EXPECT_EQ(r.first_hour.activity[2].manager, "Boris");
  // Anna in the period (A10 is in February, A11 after now, A5 is incoming e-mail):
  //   calls out A1, A3 (0 s, still a call made), A12 = 3; calls in A2 = 1;
  //   talk (120 + 60 + 0 + 60) s = 240 s = 4 min; e-mails out A4 = 1.
  expect_counts(activity_of(r, "Anna").period, 3, 1, 4, 0, 1, 0);
  // Boris: meeting A6 (its 3600 s are not talk time), message A7, and A8
  // (no owner: the deal D7's owner) = 1 call out, 90 s = 1.5 min.
  expect_counts(activity_of(r, "Boris").period, 1, 0, 1.5, 1, 0, 1);
  // Team: calls out A1, A3, A8, A9, A12 = 5; talk (120+60+0+90+30+60) s = 360 s = 6 min.
  expect_counts(activity_of(r, "").period, 5, 1, 6, 1, 1, 1);
}

TEST(FirstHour, ActivityPerManagerAndDay) {
  const Report r = analyze_fixture();
  const ManagerActivityRow& anna = activity_of(r, "Anna");
  // A12 at 23:30 Moscow (20:30 UTC) is on Anna's 03-02, with A1-A3: 3 out, 1 in, 4 min.
  ASSERT_EQ(anna.days.size(), 2u);
  EXPECT_EQ(anna.days[0].date, "2026-03-02");
  expect_counts(anna.days[0].counts, 3, 1, 4, 0, 0, 0);
  EXPECT_EQ(anna.days[1].date, "2026-03-03");
  expect_counts(anna.days[1].counts, 0, 0, 0, 0, 1, 0);
  const ManagerActivityRow& boris = activity_of(r, "Boris");
  ASSERT_EQ(boris.days.size(), 2u);
  EXPECT_EQ(boris.days[0].date, "2026-03-04");
  expect_counts(boris.days[0].counts, 0, 0, 0, 1, 0, 1);
  EXPECT_EQ(boris.days[1].date, "2026-03-10");
  expect_counts(boris.days[1].counts, 1, 0, 1.5, 0, 0, 0);
  // The team's days: 03-02, 03-03, 03-04, 03-10, and Vera's 03-11 (1 call, 30 s = 0.5 min).
  const ManagerActivityRow& team = activity_of(r, "");
  ASSERT_EQ(team.days.size(), 5u);
  EXPECT_EQ(team.days[4].date, "2026-03-11");
  expect_counts(team.days[4].counts, 1, 0, 0.5, 0, 0, 0);
}

// Touches decades apart (a date mistyped by years) are counted per touched day
// too, not per day of the span between them. The period from 1990 holds
// Anna's call of 1990-06-01 (90 s) and her A10 of 2026-02-27 (600 s) before
// her March days; the team adds Boris's 03-04 and 03-10 and Vera's 03-11.
TEST(FirstHour, ActivityDaysYearsApart) {
  const Report r =
      analyze_fixture("1990-01-01", "id,deal_id,owner,type,at,duration_s\nA90,D1,Anna,call_out,1990-06-01 10:00:00,90\n");
  const ManagerActivityRow& anna = activity_of(r, "Anna");
  ASSERT_EQ(anna.days.size(), 4u);
  EXPECT_EQ(anna.days[0].date, "1990-06-01");
  expect_counts(anna.days[0].counts, 1, 0, 1.5, 0, 0, 0);
  EXPECT_EQ(anna.days[1].date, "2026-02-27");
  expect_counts(anna.days[1].counts, 1, 0, 10, 0, 0, 0);
  EXPECT_EQ(anna.days[2].date, "2026-03-02");
  expect_counts(anna.days[2].counts, 3, 1, 4, 0, 0, 0);
  EXPECT_EQ(anna.days[3].date, "2026-03-03");
  const ManagerActivityRow& team = activity_of(r, "");
  ASSERT_EQ(team.days.size(), 7u);
  EXPECT_EQ(team.days[0].date, "1990-06-01");
  EXPECT_EQ(team.days[6].date, "2026-03-11");
}

TEST(FirstHour, OpenPipelineMoneyPerStageAndWeightedForecast) {
  const Report r = analyze_fixture();
  // Open at now: D1 Proposal 1000 (Anna), D2 New no amount (Anna), D3 Proposal
  // 3000 (Boris), D7 New 500 (Boris), D8 Negotiation 10000 (Boris), D9 New 7000
  // (Anna; won only on 03-25). Stage win probability: of the deals closed by
  // now that left the stage, the share won.
  //   New: left by D4 (won), D5 (lost), D6 (won 03-05) -> 2/3 (D9 left it after now)
  //   Proposal: left by D4 (won), D6 (won) -> 2/2 = 1
  //   Negotiation: left by no closed deal -> no probability
  const std::vector<OpenStageMoney>& s = r.first_hour.open_by_stage;
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].stage, "New");
  EXPECT_EQ(s[1].stage, "Proposal");
  EXPECT_EQ(s[2].stage, "Negotiation");
  // New: D2, D7, D9: 3 open, 500 + 7000 = 7500, one without amount; 7500 × 2/3 = 5000.
  EXPECT_DOUBLE_EQ(s[0].open_count, 3);
  EXPECT_DOUBLE_EQ(s[0].amount, 7500);
  EXPECT_DOUBLE_EQ(s[0].no_amount, 1);
  EXPECT_DOUBLE_EQ(s[0].closed_from_stage, 3);
  EXPECT_DOUBLE_EQ(s[0].won_from_stage, 2);
  EXPECT_DOUBLE_EQ(s[0].win_probability, 2.0 / 3.0);
  EXPECT_NEAR(s[0].weighted, 5000, 1e-9);
  // Proposal: D1, D3: 4000 × 1 = 4000.
  EXPECT_DOUBLE_EQ(s[1].open_count, 2);
  EXPECT_DOUBLE_EQ(s[1].amount, 4000);
  EXPECT_DOUBLE_EQ(s[1].win_probability, 1);
  EXPECT_DOUBLE_EQ(s[1].weighted, 4000);
  // Negotiation: D8 10000, no probability: weighted is null, not 0.
  EXPECT_DOUBLE_EQ(s[2].open_count, 1);
  EXPECT_DOUBLE_EQ(s[2].amount, 10000);
  EXPECT_DOUBLE_EQ(s[2].closed_from_stage, 0);
  EXPECT_TRUE(std::isnan(s[2].win_probability));
  EXPECT_TRUE(std::isnan(s[2].weighted));
}

TEST(FirstHour, OpenPipelineMoneyPerManager) {
  const Report r = analyze_fixture();
  const std::vector<OpenManagerMoney>& m = r.first_hour.open_by_manager;
  ASSERT_EQ(m.size(), 3u);
  // Team: 6 open, 1000 + 3000 + 500 + 10000 + 7000 = 21500, D2 without amount;
  // weighted 1000×1 + 3000×1 + 500×2/3 + 7000×2/3 = 4000 + 5000 = 9000; D8's 10000 unweighted.
  EXPECT_EQ(m[0].manager, "");
  EXPECT_DOUBLE_EQ(m[0].open_count, 6);
  EXPECT_DOUBLE_EQ(m[0].amount, 21500);
  EXPECT_DOUBLE_EQ(m[0].no_amount, 1);
  EXPECT_NEAR(m[0].weighted, 9000, 1e-9);
  EXPECT_DOUBLE_EQ(m[0].unweighted_amount, 10000);
  // Anna: D1, D2, D9: 1000 + 7000 = 8000; weighted 1000 + 7000×2/3 = 5666.67.
  EXPECT_EQ(m[1].manager, "Anna");
  EXPECT_DOUBLE_EQ(m[1].open_count, 3);
  EXPECT_DOUBLE_EQ(m[1].amount, 8000);
  EXPECT_DOUBLE_EQ(m[1].no_amount, 1);
  EXPECT_NEAR(m[1].weighted, 1000 + 7000.0 * 2 / 3, 1e-9);
  EXPECT_DOUBLE_EQ(m[1].unweighted_amount, 0);
  // Boris: D3, D7, D8: 3000 + 500 + 10000 = 13500; weighted 3000 + 500×2/3 = 3333.33; 10000 unweighted.
  EXPECT_EQ(m[2].manager, "Boris");
  EXPECT_DOUBLE_EQ(m[2].open_count, 3);
  EXPECT_DOUBLE_EQ(m[2].amount, 13500);
  EXPECT_DOUBLE_EQ(m[2].no_amount, 0);
  EXPECT_NEAR(m[2].weighted, 3000 + 500.0 * 2 / 3, 1e-9);
  EXPECT_DOUBLE_EQ(m[2].unweighted_amount, 10000);
}

TEST(FirstHour, NewDealsPerManagerAndSource) {
  const Report r = analyze_fixture();
  // Created in March by now: D1 (Anna, Звонок, 1000), D2 (Anna, Форма, no
  // amount), D7 (Boris, no source, 500), D9 (Anna, Звонок, 7000, 03-01 09:00).
  // D10 (03-25) is after now; D3-D6 and D8 were created in February.
  const std::vector<NewDealsRow>& m = r.first_hour.new_by_manager;
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].manager, "");
  EXPECT_DOUBLE_EQ(m[0].count, 4);
  EXPECT_DOUBLE_EQ(m[0].amount, 8500);
  EXPECT_DOUBLE_EQ(m[0].no_amount, 1);
  EXPECT_EQ(m[1].manager, "Anna");
  EXPECT_DOUBLE_EQ(m[1].count, 3);
  EXPECT_DOUBLE_EQ(m[1].amount, 8000);
  EXPECT_DOUBLE_EQ(m[1].no_amount, 1);
  EXPECT_EQ(m[2].manager, "Boris");
  EXPECT_DOUBLE_EQ(m[2].count, 1);
  EXPECT_DOUBLE_EQ(m[2].amount, 500);
  // By manager and source, sorted: (Anna, Звонок) 2 / 8000, (Anna, Форма) 1 / 0 + 1 without amount,
  // (Boris, no source) 1 / 500.
  const std::vector<NewDealsRow>& s = r.first_hour.new_by_manager_source;
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].manager, "Anna");
  EXPECT_EQ(s[0].source, "Звонок");
  EXPECT_DOUBLE_EQ(s[0].count, 2);
  EXPECT_DOUBLE_EQ(s[0].amount, 8000);
  EXPECT_EQ(s[1].source, "Форма");
  EXPECT_DOUBLE_EQ(s[1].count, 1);
  EXPECT_DOUBLE_EQ(s[1].amount, 0);
  EXPECT_DOUBLE_EQ(s[1].no_amount, 1);
  EXPECT_EQ(s[2].manager, "Boris");
  EXPECT_EQ(s[2].source, "");
  EXPECT_DOUBLE_EQ(s[2].count, 1);
  EXPECT_DOUBLE_EQ(s[2].amount, 500);
}

TEST(FirstHour, ReportJsonCarriesTheSections) {
  const std::string json = to_json(analyze_fixture());
  EXPECT_NE(json.find(R"("activity":[{"manager":null,"period":{"calls_out":5,"calls_in":1,"talk_min":6,)"),
            std::string::npos);
  EXPECT_NE(json.find(R"("open_pipeline":{"stages":[{"pipeline":"Main","stage":"New",)"), std::string::npos);
  EXPECT_NE(json.find(R"("win_probability":null,"weighted":null})"), std::string::npos);
  EXPECT_NE(json.find(R"("new_deals":{"managers":[{"manager":null,"count":4,"amount":8500,"no_amount":1})"),
            std::string::npos);
}

TEST(FirstHour, WithoutItsTableASectionIsNullNotZeros) {
  Analyzer a;
  test::load(a, "deals.csv", read_fixture("deals.csv"));
  test::configure(a, R"({"as_of": "2026-03-20 12:00:00"})");
  const Report r = a.analyze();
  EXPECT_TRUE(r.first_hour.activity.empty());
  EXPECT_NE(to_json(r).find(R"("activity":null,"open_pipeline":{"stages":[)"), std::string::npos);
  // No table at all: every section is null.
  EXPECT_NE(to_json(Report{}).find(R"("activity":null,"open_pipeline":null,"new_deals":null,)"), std::string::npos);
}

}  // namespace
}  // namespace kpi
