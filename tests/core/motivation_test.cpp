// Spec §7 motivation on a hand-computed month: March 2026 plans, as of
// Sunday Mar 15 (10 of 22 working days begun). Closed in the period: Anna
// 3 won (1.2M) of 4, Boris 1 won (400k) of 4, Vera 2 won (200k) of 4, so the
// team wins 6 of 12 = 0.5; Gleb has only an open deal.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "core/analyzer.h"
#include "tests/core/motivation_fixture.h"

namespace kpi {
namespace {

using motivation_fixture::kDeals;
using motivation_fixture::kPlans;
using motivation_fixture::row;

Report analyze_with(std::string_view settings, std::string_view deals = kDeals) {
  Analyzer a;
  Issue error;
  a.begin_file("deals.csv", error);
  a.feed(deals);
  EXPECT_TRUE(a.end_file().ok);
  EXPECT_TRUE(a.set_settings(settings, error)) << error.message;
  return a.analyze();
}

std::string settings_with(std::string_view motivation) {
  return std::string(R"({"as_of": "2026-03-15", "period_preset": "whole", )") + std::string(kPlans) + ", \"motivation\": " +
         std::string(motivation) + "}";
}

TEST(Motivation, WeightedAttainmentPicksTheStepAndPaysTheBonus) {
  const Report r = analyze_with(settings_with(R"({
      "base_salary": {"default": 100000, "anna": 120000},
      "weights": {"revenue": 0.7, "win_rate": 0.3},
      "steps": [[0.8, 0.5], [1.0, 1.0], [1.2, 1.5]]})"));
  ASSERT_EQ(r.motivation.size(), 4u);  // every manager, in report order
  EXPECT_EQ(r.motivation[0].manager, "Anna");
  EXPECT_EQ(r.motivation[1].manager, "Boris");
  EXPECT_EQ(r.motivation[2].manager, "Gleb");
  EXPECT_EQ(r.motivation[3].manager, "Vera");

  // Anna: 0.7 x 1.2 + 0.3 x (0.75 / 0.5) = 1.29, step 1.2, salary override (any case).
  const MotivationRow& anna = row(r, "Anna");
  EXPECT_DOUBLE_EQ(anna.revenue_attainment, 1.2);
  EXPECT_DOUBLE_EQ(anna.win_rate_attainment, 1.5);
  EXPECT_DOUBLE_EQ(anna.attainment, 1.29);
  EXPECT_EQ(anna.multiplier, 1.5);
  EXPECT_EQ(anna.base_salary, 120000);
  EXPECT_DOUBLE_EQ(anna.bonus, 180000);
  EXPECT_TRUE(anna.reason.empty());

  // Boris: 0.7 x 0.8 + 0.3 x (0.25 / 0.5) = 0.71, below the first threshold.
  const MotivationRow& boris = row(r, "Boris");
  EXPECT_DOUBLE_EQ(boris.revenue_attainment, 0.8);
  EXPECT_DOUBLE_EQ(boris.win_rate_attainment, 0.5);
  EXPECT_DOUBLE_EQ(boris.attainment, 0.71);
  EXPECT_EQ(boris.multiplier, 0);
  EXPECT_EQ(boris.base_salary, 100000);
  EXPECT_EQ(boris.bonus, 0);
  EXPECT_TRUE(boris.reason.empty());

  // Vera has no plan: weighted by win rate alone, 0.5 / 0.5 = 1.0, exactly on a step.
  const MotivationRow& vera = row(r, "Vera");
  EXPECT_TRUE(std::isnan(vera.revenue_attainment));
  EXPECT_EQ(vera.win_rate_attainment, 1.0);
  EXPECT_EQ(vera.attainment, 1.0);
  EXPECT_EQ(vera.multiplier, 1.0);
  EXPECT_EQ(vera.bonus, 100000);

  // Gleb: no plan and nothing closed: no attainment, so no multiplier or bonus.
  const MotivationRow& gleb = row(r, "Gleb");
  EXPECT_TRUE(std::isnan(gleb.attainment));
  EXPECT_TRUE(std::isnan(gleb.revenue_attainment));
  EXPECT_TRUE(std::isnan(gleb.win_rate_attainment));
  EXPECT_TRUE(std::isnan(gleb.multiplier));
  EXPECT_TRUE(std::isnan(gleb.bonus));
  EXPECT_EQ(gleb.base_salary, 100000);
  EXPECT_EQ(gleb.reason, "needs a sales plan (settings: plans); needs deals closed in the period (win rate)");

  for (const Unavailable& u : r.unavailable) EXPECT_NE(u.metric, "motivation");
}

TEST(Motivation, ThresholdReachedExactlyPicksItsStep) {
  // Default weights: revenue alone. Anna is on 1.2, Boris on 0.8.
  const Report r = analyze_with(settings_with(R"({
      "base_salary": 100000, "steps": [[0, 0], [0.8, 0.5], [1.0, 1.0], [1.2, 1.5]]})"));
  EXPECT_EQ(row(r, "Anna").attainment, 1.2);
  EXPECT_EQ(row(r, "Anna").multiplier, 1.5);
  EXPECT_EQ(row(r, "Anna").bonus, 150000);
  EXPECT_EQ(row(r, "Boris").attainment, 0.8);
  EXPECT_EQ(row(r, "Boris").multiplier, 0.5);
  EXPECT_EQ(row(r, "Boris").bonus, 50000);
  // Vera's win rate is reported but weighs nothing: no weighted attainment.
  const MotivationRow& vera = row(r, "Vera");
  EXPECT_EQ(vera.win_rate_attainment, 1.0);
  EXPECT_TRUE(std::isnan(vera.attainment));
  EXPECT_TRUE(std::isnan(vera.bonus));
  EXPECT_EQ(vera.reason, "needs a sales plan (settings: plans)");

  const std::string json = to_json(r);
  EXPECT_NE(json.find(R"({"manager":"Boris","attainment":0.8,"revenue_attainment":0.8,"win_rate_attainment":0.5,)"
                      R"("multiplier":0.5,"base_salary":100000,"bonus":50000,"reason":null,"reasons":[],"revenue_weight":1,)"
                      R"("revenue_reason":null,"win_rate_weight":0,"win_rate_reason":null,"kpis":[]})"),
            std::string::npos)
      << json.substr(json.find("\"motivation\""));
}

TEST(Motivation, EachPartSaysItsWeightAndWhyItIsMissing) {
  // The bonus table's per-KPI columns (web/components/design.mjs): the weights in force and, for a
  // missing attainment, why, with the code of the row's own reasons.
  const Report r = analyze_with(settings_with(R"({
      "base_salary": 100000, "weights": {"revenue": 0.7, "win_rate": 0.3}, "steps": [[0.8, 0.5]]})"));
  for (const MotivationRow& m : r.motivation) {
    EXPECT_EQ(m.revenue_weight, 0.7) << m.manager;
    EXPECT_EQ(m.win_rate_weight, 0.3) << m.manager;
  }
  // Anna has both; Vera no plan (revenue missing, win rate there); Gleb neither.
  EXPECT_EQ(row(r, "Anna").revenue_reason, "");
  EXPECT_EQ(row(r, "Anna").win_rate_reason, "");
  EXPECT_EQ(row(r, "Vera").revenue_reason, "BONUS_NEEDS_PLAN");
  EXPECT_EQ(row(r, "Vera").win_rate_reason, "");
  EXPECT_EQ(row(r, "Gleb").revenue_reason, "BONUS_NEEDS_PLAN");
  EXPECT_EQ(row(r, "Gleb").win_rate_reason, "BONUS_NEEDS_CLOSED");
  const std::string json = to_json(r);
  EXPECT_NE(json.find(R"("revenue_weight":0.7,"revenue_reason":"BONUS_NEEDS_PLAN","win_rate_weight":0.3,)"
                      R"("win_rate_reason":"BONUS_NEEDS_CLOSED")"),
            std::string::npos);

  // Nobody won: every win rate is 0, and so is the team's, which no rate can be held to.
  const Report lost = analyze_with(R"({"as_of": "2026-03-15", "period_preset": "whole",
      "motivation": {"base_salary": 1, "weights": {"win_rate": 1}, "steps": [[1, 1]]}})",
                                   "id,stage,state,owner,amount,created_at,closed_at\n"
                                   "L1,Lost,lost,Anna,100,2026-03-02 10:00,2026-03-03 10:00\n"
                                   "L2,Lost,lost,Boris,100,2026-03-02 10:00,2026-03-04 10:00\n");
  ASSERT_EQ(lost.motivation.size(), 2u);
  EXPECT_EQ(lost.motivation[0].win_rate_reason, "BONUS_TEAM_WIN_ZERO");
  EXPECT_EQ(lost.motivation[0].revenue_weight, 0);
  EXPECT_EQ(lost.motivation[0].revenue_reason, "BONUS_NEEDS_PLAN");  // said even where it weighs nothing
  ASSERT_EQ(lost.motivation[0].reasons.size(), 1u);  // ... but the row's reasons name only what weighs
  EXPECT_EQ(lost.motivation[0].reasons[0].code, "BONUS_TEAM_WIN_ZERO");
}

TEST(Motivation, RoundingJustBelowAThresholdStillReachesIt) {
  // Vera: plan 600k, fact 200k; 0.3 x 1/3 + 0.7 x 1.0 is 0.8, which doubles give as 0.7999999999999999.
  const Report r = analyze_with(R"({"as_of": "2026-03-15", "period_preset": "whole",
      "plans": [{"owner": "Vera", "from": "2026-03-01", "to": "2026-04-01", "revenue": 600000}],
      "motivation": {"base_salary": 100000, "weights": {"revenue": 0.3, "win_rate": 0.7},
                     "steps": [[0.8, 0.5], [1.0, 1.0]]}})");
  const MotivationRow& vera = row(r, "Vera");
  EXPECT_DOUBLE_EQ(vera.attainment, 0.8);
  EXPECT_EQ(vera.multiplier, 0.5);
  EXPECT_EQ(vera.bonus, 50000);
}

TEST(Motivation, SalaryMissingForAManagerLeavesTheBonusNull) {
  const Report r = analyze_with(settings_with(R"({"base_salary": {"Boris": 90000}, "steps": [[0.8, 0.5]]})"));
  const MotivationRow& anna = row(r, "Anna");
  EXPECT_EQ(anna.multiplier, 0.5);  // the step is still shown
  EXPECT_TRUE(std::isnan(anna.base_salary));
  EXPECT_TRUE(std::isnan(anna.bonus));
  EXPECT_EQ(anna.reason, "no base salary for this manager (settings: motivation.base_salary)");
  EXPECT_EQ(row(r, "Boris").bonus, 45000);
}

TEST(Motivation, WithoutSettingsTheSectionIsEmptyAndNothingIsUnavailable) {
  const Report r = analyze_with(std::string(R"({"as_of": "2026-03-15", )") + std::string(kPlans) + "}");
  EXPECT_TRUE(r.motivation.empty());
  for (const Unavailable& u : r.unavailable) EXPECT_NE(u.metric, "motivation");
  EXPECT_NE(to_json(r).find(R"("motivation":[])"), std::string::npos);
}

TEST(MotivationSettings, ReadsEveryKeyAndNullTurnsItOff) {
  Settings s;
  Issue error;
  EXPECT_FALSE(s.motivation);
  ASSERT_TRUE(apply_settings(R"({"motivation": {"base_salary": {"default": 100000, "Anna": 120000},
      "weights": {"win_rate": 2}, "steps": [[0, 0], [0.8, 0.5], [1.0, 1.0]]}})", s, error)) << error.message;
  ASSERT_TRUE(s.motivation);
  EXPECT_EQ(s.motivation->base_salary, 100000);
  EXPECT_EQ(s.motivation->salaries, (std::vector<std::pair<std::string, double>>{{"Anna", 120000}}));
  EXPECT_EQ(s.motivation->revenue_weight, 0);  // weights given: those not named weigh nothing
  EXPECT_EQ(s.motivation->win_rate_weight, 2);
  ASSERT_EQ(s.motivation->steps.size(), 3u);
  EXPECT_EQ(s.motivation->steps[1].threshold, 0.8);
  EXPECT_EQ(s.motivation->steps[1].multiplier, 0.5);

  ASSERT_TRUE(apply_settings(R"({"motivation": {"base_salary": 5, "steps": [[1, 1]]}})", s, error));
  EXPECT_EQ(s.motivation->revenue_weight, 1);  // replaced as a whole: default weights
  EXPECT_EQ(s.motivation->win_rate_weight, 0);
  EXPECT_TRUE(s.motivation->salaries.empty());

  ASSERT_TRUE(apply_settings(R"({"motivation": null})", s, error));
  EXPECT_FALSE(s.motivation);
}

TEST(MotivationSettings, BadValuesAreSettingsErrorsNamingTheKey) {
  struct Case {
    const char* name;
    const char* motivation;
    const char* message;  // a fragment of the error
  };
  const Case cases[] = {
      {"not an object", "[]", "/motivation must be an object"},
      {"no salary", R"({"steps": [[1, 1]]})", "/motivation/base_salary is required"},
      {"no steps", R"({"base_salary": 1})", "/motivation/steps is required"},
      {"salary text", R"({"base_salary": "lots", "steps": [[1, 1]]})", "/motivation/base_salary must be a number"},
      {"negative salary", R"({"base_salary": -1, "steps": [[1, 1]]})", "/motivation/base_salary must not be negative"},
      {"negative override", R"({"base_salary": {"Anna": -5}, "steps": [[1, 1]]})",
       "/motivation/base_salary/Anna must not be negative"},
      {"negative weight", R"({"base_salary": 1, "weights": {"revenue": -0.5, "win_rate": 1}, "steps": [[1, 1]]})",
       "/motivation/weights/revenue must not be negative"},
      {"zero weights", R"({"base_salary": 1, "weights": {"revenue": 0}, "steps": [[1, 1]]})",
       "/motivation/weights must give a metric a weight above 0"},
      {"unknown weight", R"({"base_salary": 1, "weights": {"frt": 1}, "steps": [[1, 1]]})",
       "/motivation/weights: unknown key \"frt\""},
      {"empty steps", R"({"base_salary": 1, "steps": []})", "/motivation/steps needs at least one"},
      {"step not a pair", R"({"base_salary": 1, "steps": [[1]]})", "/motivation/steps/0 must be a [threshold, multiplier] pair"},
      {"descending", R"({"base_salary": 1, "steps": [[1, 1], [0.8, 0.5]]})", "/motivation/steps/1/0: thresholds must ascend"},
      {"repeated threshold", R"({"base_salary": 1, "steps": [[1, 1], [1, 2]]})", "thresholds must ascend"},
      {"negative multiplier", R"({"base_salary": 1, "steps": [[1, -1]]})",
       "/motivation/steps/0/1 must not be negative"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Settings s;
    Issue error;
    ASSERT_TRUE(apply_settings(R"({"motivation": {"base_salary": 7, "steps": [[1, 1]]}})", s, error));
    EXPECT_FALSE(apply_settings(std::string(R"({"motivation": )") + c.motivation + "}", s, error));
    EXPECT_EQ(error.code, ErrorCode::kBadSettings);
    EXPECT_NE(error.message.find(c.message), std::string::npos) << error.message;
    ASSERT_TRUE(s.motivation);  // the settings in force stay
    EXPECT_EQ(s.motivation->base_salary, 7);
  }
}

}  // namespace
}  // namespace kpi
