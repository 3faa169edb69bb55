// Metrics 1 (first response time) and 2 (SLA) end to end through
// kpi::Analyzer on small canonical CSV fixtures. Times are Moscow wall-clock
// (UTC+3); the default calendar is Mon-Fri 09:00-18:00. March 2026: the 2nd
// is a Monday, the 7th and 8th a weekend. Every expected number is worked
// out by hand in the comments.
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

// Median, mean, p90 (minutes); NaN = expect null.
void expect_frt(const MetricValues& m, double median, double mean, double p90) {
  auto check = [&](Metric key, double want) { test::expect_value(m, key, want); };
  check(Metric::kFrtMedianMin, median);
  check(Metric::kFrtMeanMin, mean);
  check(Metric::kFrtP90Min, p90);
}

// SLA share, breached, total; NaN = expect null.
void expect_sla(const MetricValues& m, double share, double breached, double total) {
  auto check = [&](Metric key, double want) { test::expect_value(m, key, want); };
  check(Metric::kSlaShare, share);
  check(Metric::kSlaBreached, breached);
  check(Metric::kSlaTotal, total);
}

const Unavailable* unavailable(const Report& r, std::string_view metric) {
  for (const Unavailable& u : r.unavailable) {
    if (u.metric == metric) return &u;
  }
  return nullptr;
}

// Norms: hot "Звонок" 10 min, warm "Форма" (keyword форм) 30 min, cold
// "Холодная база" (keyword холод) 540 min = one working day.
//
// | deal | owner | class | created (MSK)  | first outgoing touch | working min | clock min |
// |------|-------|-------|----------------|----------------------|-------------|-----------|
// | R1   | Anna  | hot   | Tue 03-03 02:00 | Tue 09:05 call      | 5           | 425       |
// | R2   | Anna  | warm  | Sat 03-07 11:00 | Mon 03-09 09:20     | 20          | 2780      |
// | R3   | Boris | hot   | Tue 03-03 10:00 | Tue 10:45 (10:20 was incoming) | 45 | 45      |
// | R4   | Boris | cold  | Wed 03-04 15:00 | Thu 03-05 11:00     | 180+120=300 | 1200      |
// | R5   | Vera  | cold  | Tue 03-10 16:00 | Thu 03-12 10:00     | 120+540+60=720 | 2520   |
// | R6   | Vera  | hot   | Mon 03-09 10:00 | none (only an incoming e-mail) | -  | -         |
// | R7   | Gleb  | hot   | Fri 02-20 10:00 | 10:05; created before the period `from` 03-01 |
//
// R2 also has an outgoing message on Fri 03-06, before the lead existed: ignored.
// as_of by default = the latest event, A8 on Thu 03-12 10:00.
constexpr std::string_view kDeals =
    "R1,,Main,New,open,Anna,Звонок,SMB,,,2026-03-03 02:00:00,,\n"
    "R2,,Main,New,open,Anna,Форма,SMB,,,2026-03-07 11:00:00,,\n"
    "R3,,Main,New,open,Boris,Звонок,Enterprise,,,2026-03-03 10:00:00,,\n"
    "R4,,Main,New,open,Boris,Холодная база,Enterprise,,,2026-03-04 15:00:00,,\n"
    "R5,,Main,New,open,Vera,Холодная база,SMB,,,2026-03-10 16:00:00,,\n"
    "R6,,Main,New,open,Vera,Звонок,SMB,,,2026-03-09 10:00:00,,\n"
    "R7,,Main,New,open,Gleb,Звонок,SMB,,,2026-02-20 10:00:00,,\n";
constexpr std::string_view kActivities =
    "A1,R1,Anna,email_in,2026-03-03 08:30:00,\n"     // incoming: not a response (would make R1 0 min)
    "A2,R1,Anna,call_out,2026-03-03 09:05:00,120\n"
    "A3,R1,Anna,email_out,2026-03-03 09:30:00,\n"    // later outgoing: not the first
    "A4,R2,Anna,message_out,2026-03-06 16:00:00,\n"  // before created_at: ignored
    "A5,R2,Anna,email_out,2026-03-09 09:20:00,\n"
    "A11,R3,Boris,call_in,2026-03-03 10:20:00,60\n"  // incoming before the first outgoing (would be 20)
    "A6,R3,Boris,call_out,2026-03-03 10:45:00,30\n"
    "A7,R4,Boris,message_out,2026-03-05 11:00:00,\n"
    "A8,R5,Vera,call_out,2026-03-12 10:00:00,90\n"
    "A9,R6,Vera,email_in,2026-03-09 10:05:00,\n"
    "A10,R7,Gleb,meeting,2026-02-20 10:05:00,\n";

class ResponseFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    load(analyzer_, "deals.csv", kDealsHeader, kDeals);
    load(analyzer_, "activities.csv", kActivitiesHeader, kActivities);
    configure(analyzer_, R"({"from": "2026-03-01"})");
  }
  Analyzer analyzer_;
};

TEST_F(ResponseFixture, WorkingMinutesByDefault) {
  const Report r = analyzer_.analyze();
  EXPECT_EQ(format_instant(r.as_of), "2026-03-12T07:00:00Z");  // A8, 10:00 MSK
  // Cohort R1-R6 (R7 is before `from`); answered R1-R5: 5, 20, 45, 300, 720.
  // median 45; mean 1090 / 5 = 218; p90 at rank 4 x 0.9 = 3.6: 300 + 0.6 x 420 = 552.
  expect_frt(r.team, 45, 218, 552);
  expect_frt(find(r.managers, "Anna"), 12.5, 12.5, 18.5);     // 5, 20: p90 5 + 0.9 x 15
  expect_frt(find(r.managers, "Boris"), 172.5, 172.5, 274.5);  // 45, 300: p90 45 + 0.9 x 255
  expect_frt(find(r.managers, "Vera"), 720, 720, 720);         // R6 has no response: not in FRT
  expect_frt(find(r.managers, "Gleb"), kNull, kNull, kNull);   // no cohort deal: null, not 0
}

TEST_F(ResponseFixture, NightLeadAnsweredAt0905TakesFiveWorkingMinutes) {
  configure(analyzer_, R"({"from": "2026-03-03", "to": "2026-03-03 09:00"})");  // R1 alone
  const Report r = analyzer_.analyze();
  expect_frt(r.team, 5, 5, 5);
  expect_sla(r.team, 1, 0, 1);  // hot, 5 <= 10
  configure(analyzer_, R"({"from": "2026-03-03", "to": "2026-03-03 09:00", "calendar": "none"})");  // a whole document
  const Report clock = analyzer_.analyze();
  expect_frt(clock.team, 425, 425, 425);  // 02:00 -> 09:05 = 7 h 05 min
  expect_sla(clock.team, 0, 1, 1);        // 425 > 10
}

TEST_F(ResponseFixture, ClockMinutesWithCalendarNone) {
  configure(analyzer_, R"({"from": "2026-03-01", "calendar": "none"})");
  const Report r = analyzer_.analyze();
  // 45, 425, 1200, 2520, 2780 (weekend lead R2: Sat 11:00 -> Mon 09:20 = 48 h - 100 min).
  // median 1200; mean 6970 / 5 = 1394; p90: 2520 + 0.6 x 260 = 2676.
  expect_frt(r.team, 1200, 1394, 2676);
  expect_frt(find(r.managers, "Anna"), 1602.5, 1602.5, 2544.5);  // 425, 2780: p90 425 + 0.9 x 2355
  // In clock time every answered deal is over its norm; R6 (10:10 deadline) too.
  expect_sla(r.team, 0, 6, 6);
}

// Issue 10: the team's FRT status is the worst of its lead classes' (one
// judge for the tile and the matrix's team cell), naming the class. Medians
// by class: hot R1 5, R3 45 -> 25; warm R2 20; cold R4 300, R5 720 -> 510.
// The team's median 45 against the mix of its answered leads' norms
// (10 + 30 + 10 + 540 + 540) / 5 = 226 would be ok; hot 25 > 10 is bad.
TEST_F(ResponseFixture, TeamFrtStatusIsItsWorstLeadClass) {
  const auto k = static_cast<size_t>(Metric::kFrtMedianMin);
  const auto tile = [](const Report& r) -> const BoardTile& { return r.board[0]; };
  const Report r = analyzer_.analyze();
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kFrtMedianMin), 45);
  EXPECT_DOUBLE_EQ(r.team.judged.norm[k].value, 226);
  EXPECT_DOUBLE_EQ(r.by_class[0].metrics.get(Metric::kFrtMedianMin), 25);
  EXPECT_DOUBLE_EQ(r.by_class[1].metrics.get(Metric::kFrtMedianMin), 20);
  EXPECT_DOUBLE_EQ(r.by_class[2].metrics.get(Metric::kFrtMedianMin), 510);
  EXPECT_EQ(r.by_class[0].metrics.judged.status[k], Status::kBad);
  EXPECT_EQ(r.by_class[1].metrics.judged.status[k], Status::kOk);
  EXPECT_EQ(r.by_class[2].metrics.judged.status[k], Status::kOk);
  EXPECT_EQ(r.team.judged.status[k], Status::kBad);
  EXPECT_EQ(r.team.judged.frt_class, "hot");
  ASSERT_EQ(tile(r).id, "frt");
  EXPECT_EQ(tile(r).status, "bad");
  EXPECT_EQ(tile(r).status_lead_class, "hot");
  EXPECT_EQ(tile(r).by_class[0].status, Status::kBad);
  // Hot held to 50: all three ok, so the team is ok, and no class is named.
  configure(analyzer_, R"({"from": "2026-03-01", "norms": {"frt_min": {"hot": 50}}})");
  const Report ok = analyzer_.analyze();
  EXPECT_EQ(ok.team.judged.status[k], Status::kOk);
  EXPECT_EQ(tile(ok).status, "ok");
  EXPECT_EQ(tile(ok).status_lead_class, "");
  // Cold held to 480: 510 misses by 6.25 % (warn, within 10 %): the team warns, naming cold.
  configure(analyzer_, R"({"from": "2026-03-01", "norms": {"frt_min": {"hot": 50, "cold": 480}}})");
  const Report warn = analyzer_.analyze();
  EXPECT_EQ(warn.by_class[2].metrics.judged.status[k], Status::kWarn);
  EXPECT_EQ(warn.team.judged.status[k], Status::kWarn);
  EXPECT_EQ(warn.team.judged.frt_class, "cold");
  EXPECT_EQ(tile(warn).status, "warn");
  EXPECT_EQ(tile(warn).status_lead_class, "cold");
}

TEST_F(ResponseFixture, SlaPerLeadClass) {
  const Report r = analyzer_.analyze();
  // R1 hot 5 ok; R2 warm 20 ok; R3 hot 45 breach; R4 cold 300 ok; R5 cold 720 breach;
  // R6 hot unanswered, deadline Mon 10:10 < as_of: breach. 3 ok of 6.
  expect_sla(r.team, 0.5, 3, 6);
  expect_sla(find(r.managers, "Anna"), 1, 0, 2);
  expect_sla(find(r.managers, "Boris"), 0.5, 1, 2);
  expect_sla(find(r.managers, "Vera"), 0, 2, 2);
  expect_sla(find(r.managers, "Gleb"), kNull, kNull, kNull);
}

TEST_F(ResponseFixture, GroupsBySourceAndSegment) {
  const Report r = analyzer_.analyze();
  ASSERT_EQ(r.by_source.size(), 3u);  // byte order: З < Ф < Х
  EXPECT_EQ(r.by_source[0].name, "Звонок");
  expect_frt(r.by_source[0].metrics, 25, 25, 41);   // R1 5, R3 45 (R7 out of period): p90 5 + 0.9 x 40
  expect_sla(r.by_source[0].metrics, 1.0 / 3, 2, 3);  // R1 ok, R3 and R6 breach
  expect_frt(find(r.by_source, "Форма"), 20, 20, 20);
  expect_frt(find(r.by_source, "Холодная база"), 510, 510, 678);  // 300, 720: p90 300 + 0.9 x 420
  expect_sla(find(r.by_source, "Холодная база"), 0.5, 1, 2);
  // SMB: R1 5, R2 20, R5 720 (R6 unanswered). p90 at rank 1.8: 20 + 0.8 x 700 = 580.
  expect_frt(find(r.by_segment, "SMB"), 20, 745.0 / 3, 580);
  expect_sla(find(r.by_segment, "SMB"), 0.5, 2, 4);  // R1, R2 ok; R5, R6 breach
  expect_frt(find(r.by_segment, "Enterprise"), 172.5, 172.5, 274.5);
}

TEST_F(ResponseFixture, AsOfBeforeLastEventLeavesColdLeadPending) {
  configure(analyzer_, R"({"from": "2026-03-01", "as_of": "2026-03-11 12:00"})");
  const Report r = analyzer_.analyze();
  // A8 (03-12) is not seen yet: R5 is unanswered; its deadline is one working
  // day after Tue 16:00 = Wed 03-11 16:00, after as_of: pending, left out.
  // FRT 5, 20, 45, 300: median 32.5; mean 92.5; p90 at rank 2.7: 45 + 0.7 x 255 = 223.5.
  expect_frt(r.team, 32.5, 92.5, 223.5);
  expect_sla(r.team, 0.6, 2, 5);  // ok R1 R2 R4, breach R3 R6
  expect_frt(find(r.managers, "Vera"), kNull, kNull, kNull);  // cohort deals, none answered
  expect_sla(find(r.managers, "Vera"), 0, 1, 1);               // R6 breach, R5 pending
}

TEST_F(ResponseFixture, UnansweredDealBreachesOnlyAfterItsWorkingDeadline) {
  configure(analyzer_, R"({"from": "2026-03-01", "as_of": "2026-03-11 16:00"})");  // deadline == now: not yet before now
  expect_sla(find(analyzer_.analyze().managers, "Vera"), 0, 1, 1);
  configure(analyzer_, R"({"from": "2026-03-01", "as_of": "2026-03-11 16:01"})");
  expect_sla(find(analyzer_.analyze().managers, "Vera"), 0, 2, 2);
  // In clock time the deadline is Tue 16:00 + 9 h = Wed 01:00, long before 12:00.
  configure(analyzer_, R"({"from": "2026-03-01", "as_of": "2026-03-11 12:00", "calendar": "none"})");
  expect_sla(find(analyzer_.analyze().managers, "Vera"), 0, 2, 2);
}

TEST_F(ResponseFixture, NormsComeFromSettings) {
  // Hot norm 50: R3 (45) is now in time; team 4 ok of 6.
  configure(analyzer_, R"({"from": "2026-03-01", "norms": {"frt_min": {"hot": 50}}})");
  expect_sla(analyzer_.analyze().team, 4.0 / 6, 2, 6);
  // "Форма" mapped to hot 10: R2 (20) breaches.
  configure(analyzer_, R"({"from": "2026-03-01", "norms": {"frt_min": {"hot": 10}}, "source_classes": {"Форма": "hot"}})");
  expect_sla(find(analyzer_.analyze().managers, "Anna"), 0.5, 1, 2);
}

// E1 has no source (warm, 30); E2 is answered in exactly 10 minutes (the norm
// holds: <=); E3 in the same second it was created (0 minutes, at >= created).
TEST(Response, NoSourceIsWarmAndNormIsInclusive) {
  Analyzer a;
  load(a, "deals.csv", kDealsHeader,
       "E1,,Main,New,open,Anna,,SMB,,,2026-03-02 10:00:00,,\n"
       "E2,,Main,New,open,Anna,Звонок,SMB,,,2026-03-02 11:00:00,,\n"
       "E3,,Main,New,open,Anna,Звонок,SMB,,,2026-03-02 12:00:00,,\n");
  load(a, "activities.csv", kActivitiesHeader,
       "1,E1,Anna,email_out,2026-03-02 10:25:00,\n"
       "2,E2,Anna,call_out,2026-03-02 11:10:00,\n"
       "3,E3,Anna,message_out,2026-03-02 12:00:00,\n");
  test::configure(a, R"({"period_preset": "whole"})");  // figures over the whole export (the default: the last complete month or week)
  const Report r = a.analyze();
  // 0, 10, 25: median 10; mean 35 / 3; p90 at rank 1.8: 10 + 0.8 x 15 = 22.
  expect_frt(r.team, 10, 35.0 / 3, 22);
  expect_sla(r.team, 1, 0, 3);  // E1 25 <= 30 (warm, as hot it would breach)
  configure(a, R"({"norms": {"frt_min": {"warm": 24}}, "period_preset": "whole"})");
  expect_sla(a.analyze().team, 2.0 / 3, 1, 3);  // only E1 is warm
}

TEST(Response, NoActivitiesFileMeansUnavailable) {
  Analyzer a;
  load(a, "deals.csv", kDealsHeader, kDeals);
  const Report r = a.analyze();
  expect_frt(r.team, kNull, kNull, kNull);
  expect_sla(r.team, kNull, kNull, kNull);
  expect_sla(find(r.managers, "Vera"), kNull, kNull, kNull);  // R6 is not a breach: nothing to judge by
  for (std::string_view metric : {"frt", "sla"}) {
    const Unavailable* u = unavailable(r, metric);
    ASSERT_NE(u, nullptr) << metric;
    EXPECT_EQ(u->reason, "needs calls or messages with dates");
  }
}

TEST(Response, ActivitiesButNoResponseLeavesFrtNullWithoutUnavailable) {
  Analyzer a;
  load(a, "deals.csv", kDealsHeader, "N1,,Main,New,open,Anna,Звонок,SMB,,,2026-03-02 10:00:00,,\n");
  load(a, "activities.csv", kActivitiesHeader, "1,N1,Anna,call_in,2026-03-02 15:00:00,60\n");
  test::configure(a, R"({"period_preset": "whole"})");  // figures over the whole export (the default: the last complete month or week)
  const Report r = a.analyze();  // as_of 15:00: N1's deadline 10:10 has passed
  expect_frt(r.team, kNull, kNull, kNull);
  expect_sla(r.team, 0, 1, 1);
  EXPECT_EQ(unavailable(r, "frt"), nullptr);
  EXPECT_EQ(unavailable(r, "sla"), nullptr);
}

}  // namespace
}  // namespace kpi
