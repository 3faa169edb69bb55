// Metric 12 on a hand-computed month. March 2026 (Mar 1 is a Sunday) has 22
// weekdays; as of Sunday Mar 15 00:00 Moscow, 10 of them have begun.
#include <string>

#include <gtest/gtest.h>

#include "core/analyzer.h"
#include "core/settings.h"

namespace kpi {
namespace {

constexpr const char* kDeals =
    "id,stage,state,owner,amount,created_at,closed_at\n"
    "A1,Won,won,Anna,300000,2026-02-20 10:00,2026-03-05 12:00\n"   // in the plan, before now
    "A2,Won,won,Anna,200000,2026-02-20 10:00,2026-03-20 12:00\n"   // after now: not yet fact
    "A3,Won,won,Anna,50000,2026-02-01 10:00,2026-02-27 12:00\n"    // before the plan period
    "B1,Won,won,Boris,100000,2026-02-20 10:00,2026-03-10 12:00\n"
    "A4,Lost,lost,Anna,999999,2026-02-20 10:00,2026-03-06 12:00\n";  // lost: not revenue

const char* kAnnaPlan = R"("plans": [{"owner": "Anna", "from": "2026-03-01", "to": "2026-04-01", "revenue": 1500000}])";

Report analyze_with(const std::string& settings, const char* deals = kDeals) {
  Analyzer a;
  Issue error;
  a.begin_file("deals.csv", error);
  a.feed(deals);
  EXPECT_TRUE(a.end_file().ok);
  EXPECT_TRUE(a.set_settings(settings, error)) << error.message;
  return a.analyze();
}

const MetricValues& manager(const Report& r, std::string_view name) {
  for (const NamedMetrics& m : r.managers) {
    if (m.name == name) return m.metrics;
  }
  static const MetricValues kNone;
  ADD_FAILURE() << name;
  return kNone;
}

TEST(Plan, FactPaceAndForecastInWorkingDays) {
  const Report r = analyze_with(std::string(R"({"as_of": "2026-03-15", )") + kAnnaPlan + "}");
  const MetricValues& anna = manager(r, "Anna");
  EXPECT_DOUBLE_EQ(anna.get(Metric::kPlanRevenue), 1500000);
  EXPECT_DOUBLE_EQ(anna.get(Metric::kPlanFactShare), 0.2);                // 300000 / 1.5M
  EXPECT_DOUBLE_EQ(anna.get(Metric::kPlanPace), 300000.0 / (1500000.0 * 10 / 22));  // = 0.44
  EXPECT_DOUBLE_EQ(anna.get(Metric::kPlanForecast), 300000.0 / 10 * 22);  // 660000
  EXPECT_FALSE(manager(r, "Boris").has(Metric::kPlanRevenue));          // no plan: no data
  // No team plan: the team is the sum of the managers' plans.
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kPlanRevenue), 1500000);
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kPlanFactShare), 0.2);
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kPlanForecast), 660000);
}

TEST(Plan, ExplicitTeamPlanCountsEveryonesRevenue) {
  const Report r = analyze_with(
      R"({"as_of": "2026-03-15", "plans": [{"owner": "team", "from": "2026-03-01", "to": "2026-04-01", "revenue": 2000000}]})");
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kPlanFactShare), 0.2);  // (300000 + 100000) / 2M
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kPlanPace), 400000.0 / (2000000.0 * 10 / 22));
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kPlanForecast), 880000);
  EXPECT_FALSE(manager(r, "Anna").has(Metric::kPlanRevenue));
}

TEST(Plan, ClockCalendarCountsCalendarDays) {
  // 31 days in March; Mar 1..15 have begun.
  const Report r = analyze_with(std::string(R"({"as_of": "2026-03-15", "calendar": "none", )") + kAnnaPlan + "}");
  const MetricValues& anna = manager(r, "Anna");
  EXPECT_DOUBLE_EQ(anna.get(Metric::kPlanPace), 300000.0 / (1500000.0 * 15 / 31));
  EXPECT_DOUBLE_EQ(anna.get(Metric::kPlanForecast), 300000.0 / 15 * 31);  // 620000
}

TEST(Plan, PlanContainingNowWinsOverOthers) {
  const Report r = analyze_with(
      R"({"as_of": "2026-03-15", "plans": [
          {"owner": "Anna", "from": "2026-02-01", "to": "2026-03-01", "revenue": 100},
          {"owner": "anna", "from": "2026-03-01", "to": "2026-04-01", "revenue": 1500000},
          {"owner": "Anna", "from": "2026-04-01", "to": "2026-05-01", "revenue": 7}]})");
  EXPECT_DOUBLE_EQ(manager(r, "Anna").get(Metric::kPlanRevenue), 1500000);  // owner matched case-insensitively
}

TEST(Plan, NoPlanIsUnavailableWithReason) {
  const Report r = analyze_with("{}");
  EXPECT_FALSE(r.team.has(Metric::kPlanPace));
  bool found = false;
  for (const Unavailable& u : r.unavailable) found = found || (u.metric == "plan" && u.reason == "needs a sales plan (settings: plans)");
  EXPECT_TRUE(found);
}

TEST(Plan, BadPlanDatesAreASettingsError) {
  Analyzer a;
  Issue error;
  EXPECT_FALSE(a.set_settings(R"({"plans": [{"owner": "Anna", "from": "2026-04-01", "to": "2026-03-01", "revenue": 1}]})", error));
  EXPECT_EQ(error.code, ErrorCode::kBadSettings);
  EXPECT_FALSE(a.set_settings(R"({"plans": [{"owner": "Anna", "from": "soon", "to": "2026-03-01"}]})", error));
  EXPECT_NE(error.message.find("/plans/0/from"), std::string::npos) << error.message;
}


// Plans by the number of deals won (docs/kpi.md "Plan pace"): the same pace and
// forecast over deals won in the plan period up to now. Anna won A1 (Mar 5)
// before now; A2 (Mar 20) is after now; Boris won B1 (Mar 10). 10 of 22
// working days have begun.
Status status(const MetricValues& m, Metric k) { return m.judged.status[static_cast<size_t>(k)]; }

TEST(Plan, CountPlansPaceForecastAndJudgement) {
  const Report r = analyze_with(R"({"as_of": "2026-03-15", "plans": [
      {"owner": "Anna", "from": "2026-03-01", "to": "2026-04-01", "won_count": 4},
      {"owner": "Boris", "from": "2026-03-01", "to": "2026-04-01", "won_count": 2}]})");
  const MetricValues& anna = manager(r, "Anna");
  EXPECT_DOUBLE_EQ(anna.get(Metric::kPlanWonCount), 4);
  EXPECT_DOUBLE_EQ(anna.get(Metric::kPlanWonFactShare), 0.25);                 // 1 of 4
  EXPECT_DOUBLE_EQ(anna.get(Metric::kPlanWonPace), 1.0 / (4.0 * 10 / 22));    // = 0.55
  EXPECT_DOUBLE_EQ(anna.get(Metric::kPlanWonForecast), 2.2);                  // 1 / 10 × 22
  EXPECT_EQ(status(anna, Metric::kPlanWonPace), Status::kBad);                // 0.55 < 0.9
  EXPECT_EQ(status(anna, Metric::kPlanWonForecast), Status::kBad);            // 2.2 against 4
  EXPECT_FALSE(anna.has(Metric::kPlanRevenue));                               // no money plan
  const MetricValues& boris = manager(r, "Boris");
  EXPECT_DOUBLE_EQ(boris.get(Metric::kPlanWonPace), 1.0 / (2.0 * 10 / 22));   // = 1.1
  EXPECT_EQ(status(boris, Metric::kPlanWonPace), Status::kOk);
  EXPECT_EQ(status(boris, Metric::kPlanWonForecast), Status::kOk);            // 2.2 against 2
  // No team plan: the sum of the managers' count plans.
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kPlanWonCount), 6);
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kPlanWonFactShare), 2.0 / 6);
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kPlanWonPace), 2.0 / (60.0 / 22));       // 0.7333…
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kPlanWonForecast), 4.4);
  EXPECT_EQ(status(r.team, Metric::kPlanWonPace), Status::kBad);
  EXPECT_EQ(status(r.team, Metric::kPlanWonForecast), Status::kBad);          // 4.4 against 6: 26.7 % short
  EXPECT_EQ(r.team.judged.reason[static_cast<size_t>(Metric::kPlanPace)], "NOT_COMPUTED");
}

TEST(Plan, MoneyAndCountPlansSideBySide) {
  // One row with both, and a team plan by count only in its own row.
  const Report r = analyze_with(R"({"as_of": "2026-03-15", "plans": [
      {"owner": "Anna", "from": "2026-03-01", "to": "2026-04-01", "revenue": 1500000, "won_count": 5},
      {"owner": "", "from": "2026-03-01", "to": "2026-04-01", "won_count": 11}]})");
  const MetricValues& anna = manager(r, "Anna");
  EXPECT_DOUBLE_EQ(anna.get(Metric::kPlanFactShare), 0.2);
  EXPECT_DOUBLE_EQ(anna.get(Metric::kPlanWonFactShare), 0.2);   // 1 of 5
  EXPECT_DOUBLE_EQ(anna.get(Metric::kPlanWonForecast), 2.2);
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kPlanWonCount), 11);      // the team's own count plan
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kPlanWonPace), 2.0 / (11.0 * 10 / 22));  // = 0.4
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kPlanRevenue), 1500000);  // money: no team plan, Anna's sum
}

// report.plans carries the numbers the faces draw (docs/report.md "plans"):
// nothing left for a face to derive. As of Mar 15, 10 of March's 22 working
// days have begun; Anna won A1 (300 000) before now, Boris B1.
TEST(Plan, ReportCarriesPlanFactExpectedAndForecast) {
  const Report r = analyze_with(R"({"as_of": "2026-03-15", "plans": [
      {"owner": "Anna", "from": "2026-03-01", "to": "2026-04-01", "revenue": 1500000, "won_count": 5},
      {"owner": "", "from": "2026-03-01", "to": "2026-04-01", "won_count": 11}]})");
  // Money: Anna's plan; no team money plan, so the team is Anna's sum.
  ASSERT_EQ(r.plans.revenue.managers.size(), 1u);
  const PlanPace& anna = r.plans.revenue.managers[0];
  EXPECT_EQ(anna.manager, "Anna");
  EXPECT_DOUBLE_EQ(anna.plan, 1500000);
  EXPECT_DOUBLE_EQ(anna.fact, 300000);                       // A1; A2 is after now, A3 before the plan
  EXPECT_DOUBLE_EQ(anna.expected, 1500000.0 * 10 / 22);      // 681 818.18…
  EXPECT_DOUBLE_EQ(anna.forecast, 660000);                   // 300 000 / 10 × 22
  ASSERT_TRUE(r.plans.revenue.has_team);
  EXPECT_DOUBLE_EQ(r.plans.revenue.team.plan, 1500000);
  EXPECT_DOUBLE_EQ(r.plans.revenue.team.fact, 300000);
  EXPECT_DOUBLE_EQ(r.plans.revenue.team.expected, 1500000.0 * 10 / 22);
  // Count: Anna 1 of 5; the team's own plan of 11 counts A1 and B1.
  ASSERT_EQ(r.plans.won_count.managers.size(), 1u);
  const PlanPace& anna_won = r.plans.won_count.managers[0];
  EXPECT_DOUBLE_EQ(anna_won.plan, 5);
  EXPECT_DOUBLE_EQ(anna_won.fact, 1);
  EXPECT_DOUBLE_EQ(anna_won.expected, 50.0 / 22);            // 5 × 10 / 22 = 2.2727…
  EXPECT_DOUBLE_EQ(anna_won.forecast, 2.2);                  // 1 / 10 × 22
  ASSERT_TRUE(r.plans.won_count.has_team);
  EXPECT_DOUBLE_EQ(r.plans.won_count.team.plan, 11);
  EXPECT_DOUBLE_EQ(r.plans.won_count.team.fact, 2);
  EXPECT_DOUBLE_EQ(r.plans.won_count.team.expected, 5);      // 11 × 10 / 22
  EXPECT_DOUBLE_EQ(r.plans.won_count.team.forecast, 4.4);    // 2 / 10 × 22
  const std::string json = to_json(r);
  EXPECT_NE(json.find(R"("won_count":{"team":{"plan":11,"fact":2,"expected":5,)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("managers":[{"manager":"Anna","plan":1500000,"fact":300000,)"), std::string::npos) << json;
}

TEST(Plan, ReportPlansAreEmptyWithoutAPlan) {
  const Report r = analyze_with(R"({"as_of": "2026-03-15"})");
  EXPECT_FALSE(r.plans.revenue.has_team);
  EXPECT_TRUE(r.plans.won_count.managers.empty());
  EXPECT_NE(to_json(r).find(R"("plans":{"revenue":{"team":null,"managers":[]},"won_count":{"team":null,"managers":[]}})"),
            std::string::npos);
}

TEST(Plan, CountPlanCountsWonDealsWithoutAmount) {
  const Report r = analyze_with(R"({"as_of": "2026-03-15", "plans": [
      {"owner": "Anna", "from": "2026-03-01", "to": "2026-04-01", "revenue": 1000, "won_count": 4}]})",
                                "id,stage,state,owner,amount,created_at,closed_at\n"
                                "A1,Won,won,Anna,,2026-03-02 10:00,2026-03-05 12:00\n"
                                "A2,Won,won,Anna,100,2026-03-02 10:00,2026-03-06 12:00\n");
  EXPECT_DOUBLE_EQ(manager(r, "Anna").get(Metric::kPlanWonFactShare), 0.5);  // 2 of 4
  EXPECT_DOUBLE_EQ(manager(r, "Anna").get(Metric::kPlanFactShare), 0.1);     // 100 of 1000
}

TEST(Plan, SettingsCarryAndCheckCountPlans) {
  Settings s;
  std::vector<SettingsError> errors;
  ASSERT_TRUE(read_settings(R"({"plans": [{"owner": "Anna", "from": "2026-03-01", "to": "2026-04-01", "won_count": 7}]})",
                            s, errors));
  ASSERT_EQ(s.plans.size(), 1u);
  EXPECT_FALSE(s.plans[0].has_revenue);
  EXPECT_DOUBLE_EQ(s.plans[0].won_count, 7);
  const std::string json = settings_json(s);
  EXPECT_NE(json.find(R"("revenue":null,"won_count":7)"), std::string::npos) << json;
  Settings again;
  EXPECT_TRUE(read_settings(json, again, errors));  // the written document reads back
  EXPECT_EQ(Settings{}.plans.size(), 0u);           // defaults(): no plan

  errors.clear();
  EXPECT_FALSE(read_settings(R"({"plans": [{"owner": "Anna", "from": "2026-03-01", "to": "2026-04-01"},
      {"owner": "Boris", "from": "2026-03-01", "to": "2026-04-01", "won_count": -2}]})", s, errors));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].path, "/plans/0/revenue");  // neither money nor count
  EXPECT_EQ(errors[0].rule, "SETTINGS_REQUIRED");
  EXPECT_EQ(errors[1].path, "/plans/1/won_count");
  EXPECT_EQ(errors[1].rule, "SETTINGS_NEGATIVE");
}

}  // namespace
}  // namespace kpi
