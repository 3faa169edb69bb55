// Branch design (issue 11): the bonus KPIs beyond revenue and win rate
// (docs/kpi.md "Motivation") and the KPI design check (core/kpi/design.h,
// docs/kpi.md "KPI design check"), on motivation_test's hand-computed March
// 2026 plus tasks. As of Sunday Mar 15. Closed in the period: Anna 3 won
// (1.2M) of 4, Boris 1 won (400k) of 4, Vera 2 won (200k) of 4; Gleb has one
// open deal. Plans: Anna 1M (fact share 1.2), Boris 500k (0.8).
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "core/analyzer.h"
#include "core/kpi/design.h"
#include "tests/core/motivation_fixture.h"

namespace kpi {
namespace {

using motivation_fixture::kDeals;
using motivation_fixture::kPlans;
using motivation_fixture::row;

// Overdue share (norm at most 0.05): Anna 1 late of 4 = 0.25; Boris 0 of 1;
// Vera 1 never done of 2 = 0.5; Gleb none due before now (null). Gleb's open
// deal has a task due after now: next step 1 of 1 (norm at least 0.85).
constexpr const char* kTasks =
    "id,deal_id,owner,created_at,due_at,completed_at\n"
    "T1,A1,Anna,2026-03-02 09:00,2026-03-03 18:00,2026-03-03 12:00\n"
    "T2,A2,Anna,2026-03-02 09:00,2026-03-04 18:00,2026-03-05 12:00\n"
    "T3,A3,Anna,2026-03-02 09:00,2026-03-05 18:00,2026-03-05 12:00\n"
    "T4,A4,Anna,2026-03-02 09:00,2026-03-06 18:00,2026-03-06 12:00\n"
    "T5,B1,Boris,2026-03-02 09:00,2026-03-03 18:00,2026-03-02 12:00\n"
    "T6,V1,Vera,2026-03-02 09:00,2026-03-04 18:00,\n"
    "T7,V2,Vera,2026-03-02 09:00,2026-03-05 18:00,2026-03-05 12:00\n"
    "T8,G1,Gleb,2026-03-02 09:00,2026-03-20 18:00,\n";

Report analyze_with(const std::string& settings) {
  Analyzer a;
  Issue error;
  a.begin_file("deals.csv", error);
  a.feed(kDeals);
  EXPECT_TRUE(a.end_file().ok);
  a.begin_file("tasks.csv", error);
  a.feed(kTasks);
  EXPECT_TRUE(a.end_file().ok);
  EXPECT_TRUE(a.set_settings(settings, error)) << error.message;
  return a.analyze();
}

// `extra` goes into the document as is ("" = nothing more).
std::string settings_with(std::string_view motivation, std::string_view extra = "") {
  std::string doc = std::string(R"({"as_of": "2026-03-15", "period_preset": "whole", )") + std::string(kPlans);
  if (!motivation.empty()) doc += ", \"motivation\": " + std::string(motivation);
  if (!extra.empty()) doc += ", " + std::string(extra);
  return doc + "}";
}

std::vector<std::string> codes(const Report& r) {
  std::vector<std::string> out;
  for (const DesignWarning& d : r.design_check) out.push_back(d.code);
  return out;
}

const DesignWarning* find(const Report& r, std::string_view code) {
  for (const DesignWarning& d : r.design_check) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

double number(const DesignWarning& d, std::string_view name) {
  for (const Param& p : d.params) {
    if (p.name == name) return p.number;
  }
  ADD_FAILURE() << name;
  return kNull;
}

std::string text(const DesignWarning& d, std::string_view name) {
  for (const Param& p : d.params) {
    if (p.name == name) return p.text;
  }
  ADD_FAILURE() << name;
  return {};
}

// ---- the bonus KPIs

TEST(BonusKpis, KeysWithoutANormAreHeldToTheTeamPerManager) {
  // won_count (a count): the team's 6 won over 4 managers = 1.5 each; avg_won_amount (a mean): the team's 1.8M / 6 = 300k.
  const Report r = analyze_with(settings_with(R"({"base_salary": 100000,
      "weights": {"revenue": 0.5, "won_count": 0.25, "avg_won_amount": 0.25},
      "steps": [[0.8, 0.5], [1.0, 1.0], [1.2, 1.5]]})"));
  const MotivationRow& anna = row(r, "Anna");
  ASSERT_EQ(anna.kpis.size(), 2u);  // METRICS order: won_count before avg_won_amount
  EXPECT_EQ(anna.kpis[0].metric, "won_count");
  EXPECT_EQ(anna.kpis[0].weight, 0.25);
  EXPECT_EQ(anna.kpis[0].value, 3);
  EXPECT_EQ(anna.kpis[0].attainment, 1.5);  // 3 / 1.5 = 2, capped at 1.5
  EXPECT_EQ(anna.kpis[1].metric, "avg_won_amount");
  EXPECT_DOUBLE_EQ(anna.kpis[1].attainment, 4.0 / 3);  // 400k / 300k
  // 0.5 x 1.2 + 0.25 x 1.5 + 0.25 x 4/3 = 1.308333: step 1.2, x1.5.
  EXPECT_DOUBLE_EQ(anna.attainment, 0.6 + 0.375 + 1.0 / 3);
  EXPECT_EQ(anna.multiplier, 1.5);
  EXPECT_EQ(anna.bonus, 150000);

  // Boris: 0.5 x 0.8 + 0.25 x (1 / 1.5) + 0.25 x (400k / 300k) = 0.9: step 0.8, x0.5.
  const MotivationRow& boris = row(r, "Boris");
  EXPECT_DOUBLE_EQ(boris.kpis[0].attainment, 2.0 / 3);
  EXPECT_DOUBLE_EQ(boris.attainment, 0.9);
  EXPECT_EQ(boris.multiplier, 0.5);
  EXPECT_EQ(boris.bonus, 50000);

  // Vera has no plan: (0.25 x 2/1.5 + 0.25 x 100k/300k) / 0.5 = 0.833333: x0.5.
  const MotivationRow& vera = row(r, "Vera");
  EXPECT_TRUE(std::isnan(vera.revenue_attainment));
  EXPECT_DOUBLE_EQ(vera.attainment, (0.25 * 4.0 / 3 + 0.25 / 3) / 0.5);
  EXPECT_EQ(vera.multiplier, 0.5);
  EXPECT_EQ(vera.bonus, 50000);
}

TEST(BonusKpis, KeysWithANormAreHeldToIt) {
  // overdue_share (at most 0.05): norm / value, capped at 1.5.
  const Report r = analyze_with(settings_with(R"({"base_salary": 100000,
      "weights": {"revenue": 1, "overdue_share": 1}, "steps": [[0.5, 0.5], [1.0, 1.0]]})"));
  // Anna: 0.05 / 0.25 = 0.2; (1.2 + 0.2) / 2 = 0.7: x0.5.
  const MotivationRow& anna = row(r, "Anna");
  ASSERT_EQ(anna.kpis.size(), 1u);
  EXPECT_DOUBLE_EQ(anna.kpis[0].value, 0.25);
  EXPECT_DOUBLE_EQ(anna.kpis[0].attainment, 0.2);
  EXPECT_DOUBLE_EQ(anna.attainment, 0.7);
  EXPECT_EQ(anna.bonus, 50000);
  // Boris: no task late, 0.05 / 0 = the cap 1.5; (0.8 + 1.5) / 2 = 1.15: x1.
  const MotivationRow& boris = row(r, "Boris");
  EXPECT_EQ(boris.kpis[0].value, 0);
  EXPECT_EQ(boris.kpis[0].attainment, 1.5);
  EXPECT_DOUBLE_EQ(boris.attainment, 1.15);
  EXPECT_EQ(boris.bonus, 100000);
  // Vera: no plan; 0.05 / 0.5 = 0.1 alone: below the first step.
  const MotivationRow& vera = row(r, "Vera");
  EXPECT_DOUBLE_EQ(vera.attainment, 0.1);
  EXPECT_EQ(vera.multiplier, 0);
  EXPECT_EQ(vera.bonus, 0);
  // Gleb: no plan, no task due before now: no attainment, with both reasons as codes.
  const MotivationRow& gleb = row(r, "Gleb");
  EXPECT_TRUE(std::isnan(gleb.kpis[0].attainment));
  EXPECT_FALSE(gleb.kpis[0].reason.empty());
  EXPECT_TRUE(std::isnan(gleb.bonus));
  ASSERT_EQ(gleb.reasons.size(), 2u);
  EXPECT_EQ(gleb.reasons[0].code, "BONUS_NEEDS_PLAN");
  EXPECT_EQ(gleb.reasons[1].code, "BONUS_KPI_MISSING");
  EXPECT_EQ(gleb.reasons[1].params[0].text, "overdue_share");
  EXPECT_EQ(gleb.reason, "needs a sales plan (settings: plans); needs overdue_share (" +
                             std::string(gleb.kpis[0].reason) + ")");

  // next_step_share (at least 0.85): Gleb's 1 of 1 = 1 / 0.85.
  const Report n = analyze_with(settings_with(R"({"base_salary": 100000,
      "weights": {"next_step_share": 1}, "steps": [[1.0, 1.0]]})"));
  EXPECT_DOUBLE_EQ(row(n, "Gleb").attainment, 1 / 0.85);
  EXPECT_EQ(row(n, "Gleb").bonus, 100000);
}

TEST(BonusKpis, OldDocumentsKeepTheirResultsAndTheirJsonRoundTrips) {
  Settings s;
  Issue error;
  ASSERT_TRUE(apply_settings(R"({"motivation": {"base_salary": 1, "weights": {"win_rate": 2, "sla_total": 0.5,
      "frt_median_min": 1}, "steps": [[1, 1]]}})", s, error)) << error.message;
  EXPECT_EQ(s.motivation->revenue_weight, 0);
  EXPECT_EQ(s.motivation->win_rate_weight, 2);
  // METRICS order, whatever the document's.
  EXPECT_EQ(s.motivation->kpi_weights,
            (std::vector<std::pair<std::string, double>>{{"frt_median_min", 1}, {"sla_total", 0.5}}));
  const std::string json = settings_json(s);
  EXPECT_NE(json.find(R"("weights":{"revenue":0,"win_rate":2,"frt_median_min":1,"sla_total":0.5})"), std::string::npos)
      << json;
  // An old document writes its weights as before.
  ASSERT_TRUE(apply_settings(R"({"motivation": {"base_salary": 1, "steps": [[1, 1]]}})", s, error));
  EXPECT_NE(settings_json(s).find(R"("weights":{"revenue":1,"win_rate":0})"), std::string::npos);
  EXPECT_FALSE(apply_settings(R"({"motivation": {"base_salary": 1, "weights": {"touches": 1}, "steps": [[1, 1]]}})", s,
                              error));
  EXPECT_NE(error.message.find("/motivation/weights: unknown key \"touches\""), std::string::npos) << error.message;
}

// ---- the design check

TEST(DesignCheck, BonusOnActivityAloneIsFlaggedAndAResultKpiClearsIt) {
  const Report activity = analyze_with(settings_with(R"({"base_salary": 1,
      "weights": {"next_step_share": 1, "overdue_share": 1}, "steps": [[1, 1]]})"));
  const DesignWarning* d = find(activity, "BONUS_ONLY_ACTIVITY");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(number(*d, "n"), 2);
  EXPECT_EQ(d->metrics, (std::vector<std::string>{"next_step_share", "overdue_share"}));
  EXPECT_EQ(codes(activity), std::vector<std::string>{"BONUS_ONLY_ACTIVITY"});

  const Report mixed = analyze_with(settings_with(R"({"base_salary": 1,
      "weights": {"next_step_share": 1, "win_rate": 0.1}, "steps": [[1, 1]]})"));
  EXPECT_TRUE(codes(mixed).empty());
  EXPECT_TRUE(codes(analyze_with(settings_with(""))).empty());  // no bonus, nothing to check
  // A weight of 0 is no bonus KPI: revenue at 0 beside an activity still flags.
  const Report zero = analyze_with(settings_with(R"({"base_salary": 1,
      "weights": {"revenue": 0, "sla_share": 1}, "steps": [[1, 1]]})"));
  EXPECT_EQ(codes(zero), std::vector<std::string>{"BONUS_ONLY_ACTIVITY"});
}

TEST(DesignCheck, AKpiTheManagerCannotInfluenceInTheBonusIsFlaggedOncePerKey) {
  const Report r = analyze_with(settings_with(R"({"base_salary": 1,
      "weights": {"revenue": 1, "sla_total": 1, "plan_revenue": 0.5}, "steps": [[1, 1]]})"));
  ASSERT_EQ(codes(r), (std::vector<std::string>{"BONUS_NOT_INFLUENCED", "BONUS_NOT_INFLUENCED"}));
  EXPECT_EQ(text(r.design_check[0], "metric"), "sla_total");
  EXPECT_EQ(r.design_check[1].metrics, std::vector<std::string>{"plan_revenue"});
  const Report fine = analyze_with(settings_with(R"({"base_salary": 1,
      "weights": {"revenue": 1, "overdue_share": 1}, "steps": [[1, 1]]})"));
  EXPECT_TRUE(codes(fine).empty());
  // The catalogue says where the classification comes from.
  const std::string json = to_json(r);
  EXPECT_NE(json.find(R"("sla_total":{"family":"response","unit":"count","statistic":"count","direction":"none",)"
                      R"("unavailable":"sla","kind":"volume","influence":"none")"),
            std::string::npos);
  EXPECT_NE(json.find(R"("design_check":[{"code":"BONUS_NOT_INFLUENCED","params":{"metric":"sla_total"},)"
                      R"("metrics":["sla_total"]})"),
            std::string::npos);
}

TEST(DesignCheck, MoreThanTenMetricsInUseIsFlaggedAndExactlyTenIsNot) {
  // The general role judges 7 keys (FRT median, SLA, next step, overdue, touches per won, stalled, win rate);
  // its tiles judge the same ones. The bonus adds revenue, plan_pace and frt_p90_min: 10.
  const Report ten = analyze_with(settings_with(R"({"base_salary": 1,
      "weights": {"revenue": 1, "plan_pace": 1, "frt_p90_min": 1}, "steps": [[1, 1]]})"));
  EXPECT_EQ(metrics_in_use(Settings{}, ten).size(), 7u);  // the role alone
  EXPECT_TRUE(codes(ten).empty());
  const Report eleven = analyze_with(settings_with(R"({"base_salary": 1,
      "weights": {"revenue": 1, "plan_pace": 1, "frt_p90_min": 1, "touches_per_won_median": 1}, "steps": [[1, 1]]})"));
  const DesignWarning* d = find(eleven, "METRICS_OVER_LIMIT");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(number(*d, "n"), 11);
  EXPECT_EQ(number(*d, "limit"), 10);
  EXPECT_EQ(d->metrics, (std::vector<std::string>{"frt_median_min", "frt_p90_min", "sla_share", "next_step_share",
                                                  "overdue_share", "touches_per_won_mean", "touches_per_won_median",
                                                  "win_rate", "revenue", "stalled_share", "plan_pace"}));
}

std::string history(std::initializer_list<std::pair<const char*, double>> records) {
  // Each record: its date and its SLA norm (the rest default).
  std::string out = R"("norm_history": [)";
  bool first = true;
  for (const auto& [at, sla] : records) {
    out += std::string(first ? "" : ", ") + R"({"at": ")" + at + R"(", "norms": {"sla_share": )" + std::to_string(sla) + "}}";
    first = false;
  }
  return out + "]";
}

TEST(DesignCheck, NormsChangedMoreOftenThanOnceAQuarterAreFlagged) {
  // Changes on Feb 1 and May 1: exactly a quarter apart, not too often. Mar 1 re-applies Feb's norms: no change.
  const Report quarterly = analyze_with(settings_with("", history({{"2026-01-15", 0.85}, {"2026-02-01", 0.9},
                                                                    {"2026-03-01", 0.9}, {"2026-05-01", 0.8}})));
  EXPECT_TRUE(codes(quarterly).empty());
  // Feb 1 then Apr 30: 88 days, a day short of a quarter.
  const Report often = analyze_with(settings_with("", history({{"2026-01-15", 0.85}, {"2026-02-01", 0.9},
                                                               {"2026-04-30", 0.8}})));
  const DesignWarning* d = find(often, "NORMS_CHANGED_OFTEN");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(number(*d, "n"), 2);
  EXPECT_EQ(number(*d, "days"), 88);
  EXPECT_EQ(number(*d, "months"), 3);
  EXPECT_EQ(text(*d, "from"), "2026-02-01");
  EXPECT_EQ(text(*d, "to"), "2026-04-30");
  // Out of order in the document: sorted by time first. Nov 30 + 3 months = Feb 28: Feb 27 is too soon, Feb 28 is not.
  EXPECT_EQ(codes(analyze_with(settings_with("", history({{"2026-02-27", 0.8}, {"2025-11-30", 0.9}, {"2025-11-01", 0.85}})))),
            std::vector<std::string>{"NORMS_CHANGED_OFTEN"});
  EXPECT_TRUE(codes(analyze_with(settings_with("", history({{"2025-11-01", 0.85}, {"2025-11-30", 0.9}, {"2026-02-28", 0.8}}))))
                  .empty());
  // Tuning while setting up is one review: three changes within a week of the first are one sitting.
  EXPECT_TRUE(codes(analyze_with(settings_with("", history({{"2026-01-01", 0.85}, {"2026-01-10", 0.9},
                                                           {"2026-01-10", 0.8}, {"2026-01-16", 0.75}}))))
                  .empty());
  // A change 7 days after a review's first is a review of its own, and too soon after it.
  const Report week = analyze_with(settings_with("", history({{"2026-01-01", 0.85}, {"2026-01-10", 0.9},
                                                              {"2026-01-12", 0.8}, {"2026-01-17", 0.75}})));
  const DesignWarning* w = find(week, "NORMS_CHANGED_OFTEN");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(number(*w, "n"), 2);
  EXPECT_EQ(number(*w, "days"), 7);
  EXPECT_EQ(text(*w, "from"), "2026-01-10");
  EXPECT_EQ(text(*w, "to"), "2026-01-17");
  // Two quick changes more than 12 months before the newest one no longer count.
  EXPECT_TRUE(codes(analyze_with(settings_with("", history({{"2024-01-01", 0.85}, {"2024-01-10", 0.9},
                                                           {"2024-01-20", 0.85}, {"2026-01-01", 0.9}}))))
                  .empty());
}

TEST(DesignCheck, NormHistoryIsReadCheckedAndWrittenBack) {
  Settings s;
  std::vector<SettingsError> errors;
  ASSERT_TRUE(read_settings(R"({"norm_history": [{"at": "2026-02-01", "norms": {"sla_share": 0.9}}]})", s, errors));
  ASSERT_EQ(s.norm_history.size(), 1u);
  EXPECT_EQ(s.norm_history[0].norms.sla_share, 0.9);
  EXPECT_EQ(s.norm_history[0].norms.next_step_share, 0.85);  // the rest default
  EXPECT_NE(settings_json(s).find(R"("norm_history":[{"at":"2026-02-01","norms":{"frt_min":{"hot":10,"warm":30,"cold":540},)"
                                  R"("sla_share":0.9,)"),
            std::string::npos);
  // A record without norms holds the document's own, wherever the document gives them; a bad one is named at /norms only.
  ASSERT_TRUE(read_settings(R"({"norm_history": [{"at": "2026-02-01", "norms": {}}, {"at": "2026-03-01"}],
      "norms": {"sla_share": 0.7}})", s, errors));
  ASSERT_EQ(s.norm_history.size(), 2u);
  EXPECT_EQ(s.norm_history[0].norms.sla_share, 0.85);
  EXPECT_EQ(s.norm_history[1].norms.sla_share, 0.7);
  EXPECT_EQ(norm_changes(s.norm_history).size(), 1u);
  EXPECT_FALSE(read_settings(R"({"norm_history": [{"at": "2026-03-01"}], "norms": {"sla_share": 7}})", s, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "/norms/sla_share");
  EXPECT_FALSE(read_settings(R"({"norm_history": [{"norms": {"sla_share": 2}}, {"at": "soon"}]})", s, errors));
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].path, "/norm_history/0/norms/sla_share");
  EXPECT_EQ(errors[1].path, "/norm_history/0/at");
  EXPECT_EQ(errors[1].rule, "SETTINGS_REQUIRED");
  EXPECT_EQ(errors[2].path, "/norm_history/1/at");
  EXPECT_EQ(errors[2].rule, "SETTINGS_NOT_DATE");
}

}  // namespace
}  // namespace kpi
