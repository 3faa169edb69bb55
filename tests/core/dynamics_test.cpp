// Dynamics (issue 11, second session; docs/kpi.md "Win rate change", "Loss
// reasons against the team", "Plan by working day", "KPI design check").
// Exact values worked by hand on tests/fixtures/dynamics (README there).
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "core/analyzer.h"
#include "core/kpi/dynamics.h"
#include "core/report/report.h"
#include "tests/core/support.h"

namespace kpi {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string read_fixture(const std::string& name) { return read_file(std::string(KPI_FIXTURES) + "/dynamics/" + name); }

Report analyze_fixture(std::string_view settings = "{}") {
  Analyzer a;
  test::load(a, "deals.csv", read_fixture("deals.csv"));
  test::configure(a, settings);
  return a.analyze();
}

std::string utc(Instant t) { return t == kNoTime ? "null" : format_instant(t); }

const WinTrendRow& win_row(const Report& r, std::string_view name) {
  for (const WinTrendRow& row : r.win_trend.managers) {
    if (row.manager == name) return row;
  }
  ADD_FAILURE() << "no win trend row " << name;
  static const WinTrendRow kNone;
  return kNone;
}

void expect_change(const WinRateChange& c, double before, double after, uint32_t before_n, uint32_t after_n, Status s,
                   std::string_view reason = {}) {
  if (std::isnan(before)) EXPECT_TRUE(std::isnan(c.before)); else EXPECT_DOUBLE_EQ(c.before, before);
  EXPECT_DOUBLE_EQ(c.after, after);
  EXPECT_EQ(c.before_closed, before_n);
  EXPECT_EQ(c.after_closed, after_n);
  if (reason.empty()) {
    EXPECT_NEAR(c.change, after - before, 1e-12);
  } else {
    EXPECT_TRUE(std::isnan(c.change));
  }
  EXPECT_EQ(c.status, s) << c.months << " months";
  EXPECT_EQ(c.status_reason, reason);
}

// as_of = 2 Dec 10:00 (D2 created): the latest complete month is November;
// 3 months before it August, 6 months before it May (Moscow months).
//   May: Anna M1 won, M2-M4 lost (M4 at 31 May 23:30) 1/4; Boris M5 won, M6 lost (1 May 00:00) 1/2; team 2/6
//   Aug: Anna A1 (1 Aug 00:00), A2 won, A3, A4 lost 2/4; Boris A5 won, A6-A8 lost 1/4; team 3/8
//   Nov: Anna N1 (1 Nov 00:00)-N3 won, N4, N5 lost 3/5; Boris N6 won, N7-N9 lost 1/4; Vera N10 won 1/1; team 5/10
//   (D1 closes at 1 Dec 00:00: December, not counted; J1, J2, S1, O1 are in months not compared.)
TEST(WinTrend, MonthsAgainstThreeAndSixMonthsBeforeJudgedAgainstTheDefaultNorm) {
  const Report r = analyze_fixture();
  const WinTrend& t = r.win_trend;
  EXPECT_EQ(utc(t.latest_from), "2026-10-31T21:00:00Z");
  EXPECT_EQ(utc(t.latest_to), "2026-11-30T21:00:00Z");
  EXPECT_DOUBLE_EQ(t.norm_low, 0.02);
  EXPECT_DOUBLE_EQ(t.norm_high, 0.05);
  ASSERT_EQ(t.team.changes.size(), 2u);
  EXPECT_EQ(t.team.changes[0].months, 3);
  EXPECT_EQ(utc(t.team.changes[0].before_from), "2026-07-31T21:00:00Z");
  EXPECT_EQ(utc(t.team.changes[0].before_to), "2026-08-31T21:00:00Z");
  EXPECT_EQ(t.team.changes[1].months, 6);
  EXPECT_EQ(utc(t.team.changes[1].before_from), "2026-04-30T21:00:00Z");
  EXPECT_EQ(utc(t.team.changes[1].before_to), "2026-05-31T21:00:00Z");
  // Team: 3/8 → 5/10 = +12.5 pp; 2/6 → 5/10 = +16.7 pp: both at least +2 pp.
  expect_change(t.team.changes[0], 0.375, 0.5, 8, 10, Status::kOk);
  expect_change(t.team.changes[1], 2.0 / 6, 0.5, 6, 10, Status::kOk);
  ASSERT_EQ(t.managers.size(), 3u);
  // Anna 2/4 → 3/5 = +10 pp, 1/4 → 3/5 = +35 pp.
  expect_change(win_row(r, "Anna").changes[0], 0.5, 0.6, 4, 5, Status::kOk);
  expect_change(win_row(r, "Anna").changes[1], 0.25, 0.6, 4, 5, Status::kOk);
  // Boris 1/4 → 1/4: no growth; 1/2 → 1/4: a fall. Both bad.
  expect_change(win_row(r, "Boris").changes[0], 0.25, 0.25, 4, 4, Status::kBad);
  expect_change(win_row(r, "Boris").changes[1], 0.5, 0.25, 2, 4, Status::kBad);
  // Vera closed nothing before November: no change, and why.
  expect_change(win_row(r, "Vera").changes[0], kNull, 1.0, 0, 1, Status::kNone, "WIN_MONTH_NO_CLOSED");
  expect_change(win_row(r, "Vera").changes[1], kNull, 1.0, 0, 1, Status::kNone, "WIN_MONTH_NO_CLOSED");
}

// Each month's rate equals win_rate of a fresh analysis of that month.
TEST(WinTrend, EachMonthEqualsAFreshAnalysisOfIt) {
  const Report r = analyze_fixture();
  const WinRateChange& three = r.win_trend.team.changes[0];
  const Report august = analyze_fixture(R"({"from": "2026-08-01", "to": "2026-09-01", "series_bucket": "none"})");
  EXPECT_DOUBLE_EQ(august.team.get(Metric::kWinRate), three.before);
  const Report november = analyze_fixture(R"({"from": "2026-11-01", "to": "2026-12-01", "series_bucket": "none"})");
  EXPECT_DOUBLE_EQ(november.team.get(Metric::kWinRate), three.after);
  EXPECT_DOUBLE_EQ(test::find(november.managers, "Boris").get(Metric::kWinRate), win_row(r, "Boris").changes[0].after);
}

// The norm is settable: [+15, +30] pp makes the team's +12.5 pp over 3 months
// a warning (growth, but less than expected); +16.7 pp over 6 still holds.
// [+10, +20] pp: Anna's 2/4 → 3/5 is +10 pp exactly (0.6 − 0.5 in doubles is
// 0.0999…) and holds it.
TEST(WinTrend, SettableNormWarnsOnGrowthBelowIt) {
  Report r = analyze_fixture(R"({"norms": {"win_rate_change": [0.15, 0.30]}})");
  EXPECT_DOUBLE_EQ(r.win_trend.norm_low, 0.15);
  EXPECT_DOUBLE_EQ(r.win_trend.norm_high, 0.30);
  EXPECT_EQ(r.win_trend.team.changes[0].status, Status::kWarn);
  EXPECT_EQ(r.win_trend.team.changes[1].status, Status::kOk);
  EXPECT_EQ(win_row(r, "Anna").changes[0].status, Status::kWarn);
  EXPECT_EQ(win_row(r, "Boris").changes[0].status, Status::kBad);
  r = analyze_fixture(R"({"norms": {"win_rate_change": [0.10, 0.20]}})");
  EXPECT_EQ(win_row(r, "Anna").changes[0].status, Status::kOk);
  EXPECT_EQ(r.win_trend.team.changes[0].status, Status::kOk);
}

TEST(WinTrend, BadNormIsASettingsError) {
  Analyzer a;
  std::vector<SettingsError> errors;
  EXPECT_FALSE(a.set_settings(R"({"norms": {"win_rate_change": [0.05, 0.02]}})", errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rule, "SETTINGS_RANGE");
  EXPECT_EQ(errors[0].path, "/norms/win_rate_change/1");
  errors.clear();
  EXPECT_FALSE(a.set_settings(R"({"norms": {"win_rate_change": [2, 5]}})", errors));
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].rule, "SETTINGS_SHARE");
}

// Data that begin in September cannot say what May or August were.
TEST(WinTrend, MonthsBeforeTheDataSaySo) {
  Analyzer a;
  test::load(a, "deals.csv", "id,stage,state,owner,created_at,closed_at\n",
             "S1,Won,won,Anna,2026-09-02 10:00,2026-09-03 10:00\n"
             "N1,Won,won,Anna,2026-11-02 10:00,2026-11-03 10:00\n"
             "N2,Lost,lost,Anna,2026-11-02 10:00,2026-11-04 10:00\n"
             "D1,New,open,Anna,2026-12-03 10:00,\n");
  const Report r = a.analyze();
  for (const WinRateChange& c : r.win_trend.team.changes) {
    EXPECT_EQ(c.status, Status::kNone);
    EXPECT_EQ(c.status_reason, "WIN_BEFORE_DATA");
    EXPECT_DOUBLE_EQ(c.after, 0.5);
  }
  // Without any dated data there is no latest month at all (JSON null).
  Analyzer empty;
  EXPECT_EQ(empty.analyze().win_trend.latest_from, kNoTime);
}

TEST(WinTrend, LatestCompleteMonthEndsAtOrBeforeAsOf) {
  const TimeZone moscow = *TimeZone::from_name("Europe/Moscow");
  Instant t = kNoTime;
  ASSERT_TRUE(parse_instant("2026-11-30 23:59:59", moscow, t));
  EXPECT_EQ(utc(latest_complete_month(moscow, t).first), "2026-10-31T21:00:00Z");  // November ends at as_of + 1 s
  ASSERT_TRUE(parse_instant("2026-11-30 23:59:58", moscow, t));
  EXPECT_EQ(utc(latest_complete_month(moscow, t).first), "2026-09-30T21:00:00Z");  // November not yet complete
}

// Loss reasons of the whole data (period_preset whole: 30 Apr – 2 Dec).
//   Anna lost 7: Price 4 (M2, M3, A3, N4), Competitor 1 (M4), Timing 1 (N5), none 1 (A4)
//   Boris lost 9: Competitor 5 (M6, A6, A7, O1, N7), Timing 3 (J2, A8, N9), Price 1 (N8)
//   Team 16: Competitor 6, Price 5, Timing 4, none 1 (its table's order: count, then name)
//   Anna − team: Competitor 1/7 − 6/16 = −0.232143, Price 4/7 − 5/16 = +0.258929,
//                Timing 1/7 − 4/16 = −0.107143, none 1/7 − 1/16 = +0.080357 → ranks Price, Competitor, Timing
//   Boris − team: Competitor 5/9 − 6/16 = +0.180556, Price 1/9 − 5/16 = −0.201389,
//                 Timing 3/9 − 4/16 = +0.083333, none 0 − 1/16 = −0.0625 → ranks Price, Competitor, Timing
//   Vera lost nothing.
TEST(LossMix, EachManagerAgainstTheTeamsMix) {
  const Report r = analyze_fixture(R"({"period_preset": "whole"})");
  ASSERT_EQ(r.loss_reasons.size(), 4u);
  EXPECT_EQ(r.loss_reasons[0].reason, "Competitor");
  EXPECT_EQ(r.loss_reasons[1].reason, "Price");
  EXPECT_EQ(r.loss_reasons[2].reason, "Timing");
  EXPECT_EQ(r.loss_reasons[3].reason, "");
  ASSERT_EQ(r.loss_mix.size(), 3u);
  const LossMixRow& anna = r.loss_mix[0];
  EXPECT_EQ(anna.manager, "Anna");
  EXPECT_EQ(anna.lost, 7u);
  ASSERT_EQ(anna.reasons.size(), 4u);
  const double team[] = {6.0 / 16, 5.0 / 16, 4.0 / 16, 1.0 / 16};
  const uint32_t anna_counts[] = {1, 4, 1, 1}, anna_ranks[] = {2, 1, 3, 0};
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(anna.reasons[k].reason, r.loss_reasons[k].reason);
    EXPECT_EQ(anna.reasons[k].count, anna_counts[k]) << k;
    EXPECT_DOUBLE_EQ(anna.reasons[k].share, anna_counts[k] / 7.0) << k;
    EXPECT_DOUBLE_EQ(anna.reasons[k].team_share, team[k]) << k;
    EXPECT_DOUBLE_EQ(anna.reasons[k].diff, anna_counts[k] / 7.0 - team[k]) << k;
    EXPECT_EQ(anna.reasons[k].rank, anna_ranks[k]) << k;
  }
  EXPECT_NEAR(anna.reasons[1].diff, 0.258929, 1e-6);
  const LossMixRow& boris = r.loss_mix[1];
  EXPECT_EQ(boris.lost, 9u);
  const uint32_t boris_counts[] = {5, 1, 3, 0}, boris_ranks[] = {2, 1, 3, 0};
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(boris.reasons[k].count, boris_counts[k]) << k;
    EXPECT_DOUBLE_EQ(boris.reasons[k].diff, boris_counts[k] / 9.0 - team[k]) << k;
    EXPECT_EQ(boris.reasons[k].rank, boris_ranks[k]) << k;
  }
  EXPECT_TRUE(boris.reason_code.empty());
  const LossMixRow& vera = r.loss_mix[2];
  EXPECT_EQ(vera.lost, 0u);
  EXPECT_TRUE(vera.reasons.empty());
  EXPECT_EQ(vera.reason_code, "NO_LOST_DEAL");
}

// The period's cohort: in November Anna lost Price and Timing, Boris
// Competitor, Price, Timing (team: Price 2, Timing 2, Competitor 1 → 2/5, 2/5, 1/5).
// Anna: Price 1/2 − 2/5 = +0.1, Timing +0.1, Competitor 0 − 1/5 = −0.2 → Competitor, then Price, Timing.
TEST(LossMix, FollowsThePeriod) {
  const Report r = analyze_fixture(R"({"from": "2026-11-01", "to": "2026-12-01", "series_bucket": "none"})");
  ASSERT_EQ(r.loss_reasons.size(), 3u);
  EXPECT_EQ(r.loss_reasons[0].reason, "Price");
  EXPECT_EQ(r.loss_reasons[1].reason, "Timing");
  EXPECT_EQ(r.loss_reasons[2].reason, "Competitor");
  const LossMixRow& anna = r.loss_mix[0];
  EXPECT_EQ(anna.lost, 2u);
  EXPECT_DOUBLE_EQ(anna.reasons[0].diff, 0.5 - 0.4);
  EXPECT_DOUBLE_EQ(anna.reasons[2].diff, -0.2);
  EXPECT_EQ(anna.reasons[2].rank, 1u);
  EXPECT_EQ(anna.reasons[0].rank, 2u);  // +0.1 and +0.1: the team's order decides
  EXPECT_EQ(anna.reasons[1].rank, 3u);
}

// The plan by working day: November 2026 (Sunday 1st) seen as of 16 Nov 12:00,
// the default calendar (Mon–Fri): 21 working days (2–6, 9–13, 16–20, 23–27, 30).
//   Team plan 2100 → the line is 100 per working day.
//   Won by then: N1 300 (Sun 1 Nov: counts on Mon 2), N2 310 (12th), N3 320 (13th), N6 330 (16th 10:00).
//   Team: 2 Nov 300 … 11 Nov 300, 12 Nov 610, 13 Nov 930, 16 Nov 1260 (line 1100: pace 1.145, ok), later days no fact.
//   Boris plan 1000: on 16 Nov 330 against 1000 × 11/21 = 523.8 (pace 0.63: bad).
//   Anna plan 5 deals won: 1, …, 1, 2 (12th), 3 (13th), 3 (16th) against 5 × 11/21.
constexpr std::string_view kPlanSettings = R"({"as_of": "2026-11-16 12:00", "from": "2026-11-01", "to": "2026-12-01",
  "series_bucket": "none", "plans": [
    {"owner": "team", "from": "2026-11-01", "to": "2026-12-01", "revenue": 2100},
    {"owner": "Boris", "from": "2026-11-01", "to": "2026-12-01", "revenue": 1000},
    {"owner": "Anna", "from": "2026-11-01", "to": "2026-12-01", "won_count": 5}]})";

std::string date_of(int64_t day) {
  const CivilTime c = civil_from_instant(day * 86400);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

TEST(PlanDays, CumulativeFactAgainstThePlanLineByWorkingDay) {
  const Report r = analyze_fixture(kPlanSettings);
  const PlanDaysMeasure& revenue = r.plan_days.revenue;
  ASSERT_TRUE(revenue.has_team);
  const PlanTrack& team = revenue.team;
  EXPECT_DOUBLE_EQ(team.plan, 2100);
  ASSERT_EQ(team.days.size(), 21u);
  EXPECT_EQ(date_of(team.days[0].day), "2026-11-02");
  EXPECT_EQ(date_of(team.days[4].day), "2026-11-06");
  EXPECT_EQ(date_of(team.days[5].day), "2026-11-09");  // the weekend is left out
  EXPECT_EQ(date_of(team.days[20].day), "2026-11-30");
  const double fact[] = {300, 300, 300, 300, 300, 300, 300, 300, 610, 930, 1260};
  for (size_t k = 0; k < team.days.size(); ++k) {
    EXPECT_DOUBLE_EQ(team.days[k].expected, 100.0 * static_cast<double>(k + 1)) << k;
    if (k < 11) {
      EXPECT_DOUBLE_EQ(team.days[k].fact, fact[k]) << k;
    } else {
      EXPECT_TRUE(std::isnan(team.days[k].fact)) << k;  // after as_of
    }
  }
  EXPECT_EQ(team.status, Status::kOk);
  // The last point with a fact is the pace's fact and expected (plan.cpp).
  EXPECT_DOUBLE_EQ(team.days[10].fact, r.plans.revenue.team.fact);
  EXPECT_DOUBLE_EQ(team.days[10].expected, r.plans.revenue.team.expected);
  ASSERT_EQ(revenue.managers.size(), 1u);
  const PlanTrack& boris = revenue.managers[0];
  EXPECT_EQ(boris.manager, "Boris");
  ASSERT_EQ(boris.days.size(), 21u);
  EXPECT_DOUBLE_EQ(boris.days[9].fact, 0);
  EXPECT_DOUBLE_EQ(boris.days[10].fact, 330);
  EXPECT_DOUBLE_EQ(boris.days[10].expected, 1000.0 * 11 / 21);
  EXPECT_EQ(boris.status, Status::kBad);
  const PlanDaysMeasure& won = r.plan_days.won_count;
  ASSERT_EQ(won.managers.size(), 1u);
  const PlanTrack& anna = won.managers[0];
  EXPECT_EQ(anna.manager, "Anna");
  EXPECT_DOUBLE_EQ(anna.days[0].fact, 1);
  EXPECT_DOUBLE_EQ(anna.days[8].fact, 2);
  EXPECT_DOUBLE_EQ(anna.days[10].fact, 3);
  EXPECT_DOUBLE_EQ(anna.days[10].expected, 5.0 * 11 / 21);
  EXPECT_EQ(anna.status, Status::kOk);  // 3 against 2.62
  // The team's won-count plan is Anna's alone (the managers' plans summed, one window).
  ASSERT_TRUE(won.has_team);
  EXPECT_DOUBLE_EQ(won.team.plan, 5);
  EXPECT_EQ(won.team.days.size(), 21u);
}

// The Russian calendar takes out 4 November (Unity Day, a Wednesday): 20 working days.
TEST(PlanDays, FollowsTheWorkingCalendar) {
  std::string settings(kPlanSettings);
  settings.insert(1, R"("calendar": "ru", )");
  const Report r = analyze_fixture(settings);
  const PlanTrack& team = r.plan_days.revenue.team;
  ASSERT_EQ(team.days.size(), 20u);
  EXPECT_EQ(date_of(team.days[2].day), "2026-11-05");
  EXPECT_DOUBLE_EQ(team.days[0].expected, 2100.0 / 20);
}

// Found by fuzz_settings (issue 12): a plan to "2726-02-01" was a track of
// 182,000 working days, seconds of analysis and megabytes of report. A
// window of more than kMaxPlanTrackDays local days has no track; the pace stands.
TEST(PlanDays, AWindowOfCenturiesHasNoTrackButItsPace) {
  const Report r = analyze_fixture(read_file(std::string(KPI_FIXTURES) + "/fuzz-crashes/settings-plan-centuries.json"));
  ASSERT_EQ(r.plan_days.revenue.managers.size(), 1u);
  const PlanTrack& anna = r.plan_days.revenue.managers[0];
  EXPECT_EQ(anna.manager, "Anna");
  EXPECT_DOUBLE_EQ(anna.plan, 1500000);
  EXPECT_TRUE(anna.days.empty());
  ASSERT_EQ(r.plans.revenue.managers.size(), 1u);
  EXPECT_DOUBLE_EQ(r.plans.revenue.managers[0].plan, 1500000);
}

// 2026-01-01 (a Thursday) to 2028-01-01 is 731 local days: 104 weeks and
// Thursday, Friday, Saturday = 522 working days (Mon-Fri); one day more is no track.
TEST(PlanDays, AtMostTwoYearsOfDays) {
  const auto plan_to = [](std::string_view to) {
    return analyze_fixture(std::string(R"({"as_of": "2026-11-16 12:00", "series_bucket": "none", "plans": [)") +
                           R"({"owner": "team", "from": "2026-01-01", "to": ")" + std::string(to) +
                           R"(", "revenue": 522}]})");
  };
  const Report two_years = plan_to("2028-01-02");
  ASSERT_TRUE(two_years.plan_days.revenue.has_team);
  ASSERT_EQ(two_years.plan_days.revenue.team.days.size(), 522u);
  EXPECT_EQ(date_of(two_years.plan_days.revenue.team.days.back().day), "2027-12-31");
  EXPECT_DOUBLE_EQ(two_years.plan_days.revenue.team.days[0].expected, 1);
  const Report longer = plan_to("2028-01-03");
  ASSERT_TRUE(longer.plan_days.revenue.has_team);
  EXPECT_TRUE(longer.plan_days.revenue.team.days.empty());
  EXPECT_DOUBLE_EQ(longer.plans.revenue.team.plan, 522);
}

TEST(PlanDays, NoPlanNoTrack) {
  const Report r = analyze_fixture();
  EXPECT_FALSE(r.plan_days.revenue.has_team);
  EXPECT_TRUE(r.plan_days.revenue.managers.empty());
}

}  // namespace
}  // namespace kpi
