// Metric 12 on a hand-computed month. March 2026 (Mar 1 is a Sunday) has 22
// weekdays; as of Sunday Mar 15 00:00 Moscow, 10 of them have begun.
#include <string>

#include <gtest/gtest.h>

#include "core/analyzer.h"

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

Report analyze_with(const std::string& settings) {
  Analyzer a;
  Issue error;
  a.begin_file("deals.csv", error);
  a.feed(kDeals);
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

}  // namespace
}  // namespace kpi
