// Metric 5 (touches per won deal) end to end through kpi::Analyzer on a small
// canonical CSV fixture. Times are Moscow wall-clock (UTC+3); every expected
// number is worked out by hand in the comments.
#include "core/analyzer.h"

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "tests/core/support.h"

namespace kpi {
namespace {

using test::configure;
using test::find;
using test::load;

constexpr std::string_view kDealsHeader =
    "id,title,pipeline,stage,state,owner,source,segment,amount,currency,created_at,closed_at,loss_reason\n";
constexpr std::string_view kActivitiesHeader = "id,deal_id,owner,type,at,duration_s\n";

// Mean and median touches per won deal; NaN = expect null.
void expect_touches(const MetricValues& m, double mean, double median) {
  auto check = [&](Metric key, double want) { test::expect_value(m, key, want); };
  check(Metric::kTouchesPerWonMean, mean);
  check(Metric::kTouchesPerWonMedian, median);
}

// | deal | owner | state | closed (MSK)    | touches counted (min_call_s 10)            |
// |------|-------|-------|-----------------|--------------------------------------------|
// | W1   | Anna  | won   | Fri 03-06 12:00 | T1 call 120 s, T3, T4 meeting, T5 call of unknown length = 4 |
// |      |       |       |                 | (T2 call 5 s: too short; T6 after the close)                 |
// | W2   | Anna  | won   | Tue 03-10 10:00 | T7, T8 call 30 s, T9 call at closed_at exactly = 3           |
// | W3   | Boris | won   | Mon 03-09 15:00 | none = 0 (a won deal without touches counts as 0)           |
// | W4   | Boris | won   | Thu 03-12 15:00 | T10, T11 = 2; the latest event, so the default as_of        |
// | L1   | Vera  | lost  | Sun 03-08 12:00 | lost: not in the cohort                                      |
// | O1   | Gleb  | open  |                 | open: not in the cohort                                      |
// T14 points at D99, no such deal.
constexpr std::string_view kDeals =
    "W1,,Main,Won,won,Anna,Звонок,SMB,1000,RUB,2026-03-02 10:00:00,2026-03-06 12:00:00,\n"
    "W2,,Main,Won,won,Anna,Форма,SMB,1000,RUB,2026-03-03 10:00:00,2026-03-10 10:00:00,\n"
    "W3,,Main,Won,won,Boris,Форма,Enterprise,1000,RUB,2026-03-02 11:00:00,2026-03-09 15:00:00,\n"
    "W4,,Main,Won,won,Boris,Звонок,Enterprise,1000,RUB,2026-03-04 10:00:00,2026-03-12 15:00:00,\n"
    "L1,,Main,Lost,lost,Vera,Звонок,SMB,,,2026-03-02 12:00:00,2026-03-08 12:00:00,Дорого\n"
    "O1,,Main,New,open,Gleb,Звонок,SMB,,,2026-03-03 12:00:00,,\n";
constexpr std::string_view kActivities =
    "T1,W1,Anna,call_out,2026-03-02 10:05:00,120\n"
    "T2,W1,Anna,call_out,2026-03-03 11:00:00,5\n"
    "T3,W1,Anna,email_in,2026-03-04 12:00:00,\n"
    "T4,W1,Anna,meeting,2026-03-05 15:00:00,\n"
    "T5,W1,Anna,call_in,2026-03-05 16:00:00,\n"
    "T6,W1,Anna,message_out,2026-03-07 10:00:00,\n"
    "T7,W2,Anna,email_out,2026-03-03 10:30:00,\n"
    "T8,W2,Anna,call_out,2026-03-04 11:00:00,30\n"
    "T9,W2,Anna,call_out,2026-03-10 10:00:00,60\n"
    "T10,W4,Boris,call_out,2026-03-05 10:00:00,45\n"
    "T11,W4,Boris,message_in,2026-03-11 12:00:00,\n"
    "T12,L1,Vera,call_out,2026-03-03 10:00:00,200\n"
    "T13,O1,Gleb,call_out,2026-03-04 10:00:00,200\n"
    "T14,D99,Gleb,call_out,2026-03-04 10:00:00,200\n";

class TouchesFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    load(analyzer_, "deals.csv", kDealsHeader, kDeals);
    load(analyzer_, "activities.csv", kActivitiesHeader, kActivities);
    configure(analyzer_, R"({"period_preset": "whole"})");  // the whole data (the default: its last complete week)
  }
  Analyzer analyzer_;
};

TEST_F(TouchesFixture, TeamAndManagers) {
  const Report r = analyzer_.analyze();
  // 4, 3, 0, 2: mean 9 / 4 = 2.25; sorted 0 2 3 4, median (2 + 3) / 2 = 2.5.
  expect_touches(r.team, 2.25, 2.5);
  expect_touches(find(r.managers, "Anna"), 3.5, 3.5);     // 4, 3
  expect_touches(find(r.managers, "Boris"), 1, 1);        // 0, 2
  expect_touches(find(r.managers, "Vera"), kNull, kNull);  // lost only: no data, not 0
  expect_touches(find(r.managers, "Gleb"), kNull, kNull);  // open only
}

TEST_F(TouchesFixture, GroupsBySourceAndSegment) {
  const Report r = analyzer_.analyze();
  expect_touches(find(r.by_source, "Звонок"), 3, 3);     // W1 4, W4 2
  expect_touches(find(r.by_source, "Форма"), 1.5, 1.5);  // W2 3, W3 0
  expect_touches(find(r.by_segment, "SMB"), 3.5, 3.5);   // W1, W2 (L1, O1 not won)
  expect_touches(find(r.by_segment, "Enterprise"), 1, 1);
}

TEST_F(TouchesFixture, ShortCallsCountWhenMinCallIsZero) {
  configure(analyzer_, R"({"min_call_s": 0, "period_preset": "whole"})");
  const Report r = analyzer_.analyze();
  // W1 gains T2 (5 s): 5, 3, 0, 2: mean 10 / 4 = 2.5; median still (2 + 3) / 2.
  expect_touches(r.team, 2.5, 2.5);
  expect_touches(find(r.managers, "Anna"), 4, 4);
}

TEST_F(TouchesFixture, LongerMinimumDropsMoreCalls) {
  configure(analyzer_, R"({"min_call_s": 60, "period_preset": "whole"})");
  const Report r = analyzer_.analyze();
  // Calls under 60 s drop: T8 (30) from W2, T10 (45) from W4; T9 (60) stays.
  // 4, 2, 0, 1: mean 7 / 4 = 1.75; sorted 0 1 2 4, median 1.5.
  expect_touches(r.team, 1.75, 1.5);
}

TEST_F(TouchesFixture, AsOfBeforeLastCloseDropsDealsStillOpenThen) {
  configure(analyzer_, R"({"as_of": "2026-03-11 12:00", "period_preset": "whole"})");
  const Report r = analyzer_.analyze();
  // W4 closes on 03-12: open at now, not won yet. 4, 3, 0: mean 7 / 3; median 3.
  expect_touches(r.team, 7.0 / 3, 3);
  expect_touches(find(r.managers, "Boris"), 0, 0);  // W3 won with no touch: 0 is data
}

TEST_F(TouchesFixture, PeriodSelectsDealsWonInIt) {
  configure(analyzer_, R"({"from": "2026-03-09", "to": "2026-03-11"})");
  const Report r = analyzer_.analyze();
  // Won in [03-09, 03-11): W3 (0) and W2 (3); W1 closed 03-06 is before.
  expect_touches(r.team, 1.5, 1.5);
  expect_touches(find(r.managers, "Anna"), 3, 3);
}

TEST(Touches, MinimumLengthIsForCallsOnly) {
  Analyzer a;
  load(a, "deals.csv", kDealsHeader,
       "S1,,Main,Won,won,Anna,Звонок,SMB,1000,RUB,2026-03-02 10:00:00,2026-03-03 10:00:00,\n");
  // A meeting logged with 5 s and a message with 3 s still count; the 3 s call does not.
  load(a, "activities.csv", kActivitiesHeader,
       "1,S1,Anna,meeting,2026-03-02 11:00:00,5\n"
       "2,S1,Anna,message_out,2026-03-02 12:00:00,3\n"
       "3,S1,Anna,call_out,2026-03-02 13:00:00,3\n");
  test::configure(a, R"({"period_preset": "whole"})");  // figures over the whole export (the default: the last complete month or week)
  expect_touches(a.analyze().team, 2, 2);
}

TEST(Touches, NoActivitiesFileMeansUnavailable) {
  Analyzer a;
  load(a, "deals.csv", kDealsHeader, kDeals);
  const Report r = a.analyze();
  expect_touches(r.team, kNull, kNull);
  expect_touches(find(r.managers, "Anna"), kNull, kNull);
  bool found = false;
  for (const Unavailable& u : r.unavailable) {
    if (u.metric != "touches") continue;
    found = true;
    EXPECT_EQ(u.reason, "needs activities (calls, e-mails, messages) linked to deals");
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace kpi
