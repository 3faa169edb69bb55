// Metrics 6 (stage conversion), 8 (stalled) and 10 (velocity) and the
// report's `stages` rows, end to end through kpi::Analyzer on hand-made
// canonical CSV. Times are Moscow wall-clock (UTC+3, no DST); 2026-03-02 is a
// Monday, 03-07/08 a weekend. The expected numbers are worked out by hand in
// the comments. The default calendar is Mon-Fri 09:00-18:00: one working
// day = 9 h.
#include "core/analyzer.h"

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace kpi {
namespace {

void load(Analyzer& a, std::string_view name, std::string_view csv) {
  Issue error;
  ASSERT_TRUE(a.begin_file(name, error)) << error.message;
  a.feed(csv);
  const InputSummary& s = a.end_file();
  ASSERT_TRUE(s.ok) << s.error.message;
  ASSERT_EQ(s.skipped, 0u) << name;
}

Report run(std::string_view deals, std::string_view events, std::string_view settings = "{}") {
  Analyzer a;
  load(a, "deals.csv", deals);
  if (!events.empty()) load(a, "stage_events.csv", events);
  Issue error;
  EXPECT_TRUE(a.set_settings(settings, error)) << error.message;
  return a.analyze();
}

const StageRow& stage_row(const Report& r, std::string_view pipeline, std::string_view stage) {
  for (const StageRow& row : r.stages) {
    if (row.pipeline == pipeline && row.stage == stage) return row;
  }
  ADD_FAILURE() << "no stage row " << pipeline << " / " << stage;
  static const StageRow kMissing;
  return kMissing;
}

const MetricValues& manager(const Report& r, std::string_view name) {
  for (const NamedMetrics& m : r.managers) {
    if (m.name == name) return m.metrics;
  }
  ADD_FAILURE() << "no manager " << name;
  static const MetricValues kMissing;
  return kMissing;
}

// "pipeline/stage@order" for every row, in report order.
std::vector<std::string> row_names(const Report& r) {
  std::vector<std::string> out;
  for (const StageRow& row : r.stages) out.push_back(row.pipeline + "/" + row.stage + "@" + std::to_string(row.order));
  return out;
}

void expect_value(double got, double want, std::string_view what) {
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(got)) << what << " = " << got << ", want null";
  } else {
    EXPECT_NEAR(got, want, 1e-9) << what;
  }
}

void expect_conversion(const StageRow& row, double reached, double converted, double conversion) {
  expect_value(row.reached, reached, row.stage + " reached");
  expect_value(row.converted, converted, row.stage + " converted");
  expect_value(row.conversion, conversion, row.stage + " conversion");
}

void expect_stalled(const StageRow& row, double open, double stalled, double share) {
  expect_value(row.open, open, row.stage + " open");
  expect_value(row.stalled, stalled, row.stage + " stalled");
  expect_value(row.stalled_share, share, row.stage + " stalled_share");
}

void expect_stalled(const MetricValues& m, double count, double share, std::string_view who) {
  expect_value(m.get(Metric::kStalledCount), count, std::string(who) + " stalled_count");
  expect_value(m.get(Metric::kStalledShare), share, std::string(who) + " stalled_share");
}

bool listed_unavailable(const Report& r, std::string_view metric, std::string* reason = nullptr) {
  for (const Unavailable& u : r.unavailable) {
    if (u.metric != metric) continue;
    if (reason != nullptr) *reason = u.reason;
    return true;
  }
  return false;
}

// ---- conversion -------------------------------------------------------------

// Pipeline Main; the period is March (from 03-01), as_of 03-10.
constexpr std::string_view kConversionDeals =
    "id,pipeline,stage,state,owner,created_at,closed_at\n"
    "C1,Main,won,won,Anna,2026-03-02 10:00,2026-03-06 10:00\n"
    "C2,Main,Meeting,open,Anna,2026-03-02 11:00,\n"
    "C3,Main,Qualification,open,Anna,2026-03-02 12:00,\n"
    "C4,Main,lost,lost,Boris,2026-03-02 13:00,2026-03-06 13:00\n"
    "C5,Main,Meeting,open,Boris,2026-02-20 10:00,\n"
    "C6,Main,Qualification,open,Boris,2026-03-04 09:00,\n"
    "C7,Main,New,open,Boris,2026-03-05 10:00,\n";
// Out of order on purpose (C1 backwards, C4 shuffled): the history is sorted by time.
constexpr std::string_view kConversionEvents =
    "deal_id,from_stage,to_stage,at\n"
    "C1,Negotiation,won,2026-03-06 10:00\n"
    "C1,Meeting,Negotiation,2026-03-05 10:00\n"
    "C1,Qualification,Meeting,2026-03-04 10:00\n"
    "C1,New,Qualification,2026-03-03 10:00\n"
    "C1,,New,2026-03-02 10:00\n"
    "C2,,New,2026-03-02 11:00\n"
    "C2,New,Meeting,2026-03-03 11:00\n"  // skips Qualification
    "C3,,New,2026-03-02 12:00\n"
    "C3,New,Qualification,2026-03-03 12:00\n"
    "C3,Qualification,Meeting,2026-03-04 12:00\n"
    "C3,Meeting,Qualification,2026-03-05 12:00\n"  // a step back
    "C4,Negotiation,lost,2026-03-06 13:00\n"
    "C4,,New,2026-03-02 13:00\n"
    "C4,Qualification,Meeting,2026-03-04 13:00\n"
    "C4,New,Qualification,2026-03-03 13:00\n"
    "C4,Meeting,Negotiation,2026-03-05 13:00\n"
    "C5,,New,2026-02-20 10:00\n"
    "C5,New,Qualification,2026-02-25 10:00\n"
    "C5,Qualification,Meeting,2026-03-03 09:00\n"
    "C7,,New,2026-03-05 10:00\n"
    "C7,New,Qualification,2026-03-11 10:00\n"  // after as_of: not seen
    "X9,,New,2026-03-03 10:00\n";              // no such deal: ignored
constexpr std::string_view kConversionSettings = R"({"from": "2026-03-01", "as_of": "2026-03-10"})";

TEST(Conversion, ReachedAndConvertedPerStageByHand) {
  const Report r = run(kConversionDeals, kConversionEvents, kConversionSettings);
  // Order from the data, mean first position (first stage of a deal = 0):
  // New 0; Qualification (C1 1, C3 1, C4 1, C5 1, C6 0 without history) = 0.8;
  // Meeting (2, C2 1, 2, 2, 2) = 1.8; Negotiation (3, 3) = 3. won/lost are terminal: no rows.
  EXPECT_EQ(row_names(r), (std::vector<std::string>{"Main/New@0", "Main/Qualification@1", "Main/Meeting@2",
                                                    "Main/Negotiation@3"}));
  // Highest stage reached (0 New .. 3 Negotiation, 4 won) and entry dates:
  //   C1 won: 4; enters New 03-02, Qual 03-03, Meeting 03-04, Neg 03-05.
  //   C2 skip: 2; New 03-02, Qual and Meeting both 03-03 (skipped = reached).
  //   C3 step back: 2 (Meeting stays reached); New 03-02, Qual 03-03, Meeting 03-04.
  //   C4 lost from Negotiation: 3; New .. Neg 03-02 .. 03-05.
  //   C5: 2; New 02-20 and Qual 02-25 before the period (not in those cohorts), Meeting 03-03.
  //   C6 no history, at Qualification: 1; New and Qual entered at created_at 03-04.
  //   C7: 0 (its move on 03-11 is after as_of); New 03-05. X9 is no deal.
  // New: cohort C1 C2 C3 C4 C6 C7 = 6, reached Qual: all but C7 = 5.
  expect_conversion(stage_row(r, "Main", "New"), 6, 5, 5.0 / 6.0);
  // Qualification: C1 C2 C3 C4 C6 = 5 (C5 entered in Feb), reached Meeting: C1 C2 C3 C4 = 4.
  expect_conversion(stage_row(r, "Main", "Qualification"), 5, 4, 0.8);
  // Meeting: C1 C2 C3 C4 C5 = 5, reached Negotiation: C1 C4 = 2.
  expect_conversion(stage_row(r, "Main", "Meeting"), 5, 2, 0.4);
  // Negotiation (the last open stage converts into won): C1 C4 = 2, won: C1 = 1.
  expect_conversion(stage_row(r, "Main", "Negotiation"), 2, 1, 0.5);
  EXPECT_FALSE(listed_unavailable(r, "conversion"));
}

TEST(Conversion, EntryBeforeThePeriodLeavesTheCohort) {
  // The same data from 03-04 12:30: every entry before that instant leaves its cohort.
  const Report r = run(kConversionDeals, kConversionEvents, R"({"from": "2026-03-04 12:30", "as_of": "2026-03-10"})");
  // New: C7 only (entered 03-05 10:00), never moved on by as_of.
  expect_conversion(stage_row(r, "Main", "New"), 1, 0, 0.0);
  // Qualification: every entry is on or before 03-04 09:00: empty cohort, conversion null.
  expect_conversion(stage_row(r, "Main", "Qualification"), 0, 0, kNull);
  // Meeting: C4 (03-04 13:00), went on to Negotiation.
  expect_conversion(stage_row(r, "Main", "Meeting"), 1, 1, 1.0);
  // Negotiation: C1 (03-05 10:00) won, C4 (03-05 13:00) lost.
  expect_conversion(stage_row(r, "Main", "Negotiation"), 2, 1, 0.5);
}

TEST(Conversion, DealsWithoutHistoryBesideDealsWithIt) {
  // Stage order from settings. H1 has a history; the others have none:
  //   W1 won: enters New at created_at (03-02 09:00), every later stage and won at closed_at.
  //   L1 lost: reached the first stage only (at created_at).
  //   O1 open at Meeting: was there since created_at (03-03), so New .. Meeting entered then.
  const Report r = run(
      "id,pipeline,stage,state,owner,created_at,closed_at\n"
      "H1,Main,Qualification,open,Anna,2026-03-02 09:00,\n"
      "W1,Main,Won,won,Anna,2026-03-02 09:00,2026-03-05 09:00\n"
      "L1,Main,Lost,lost,Anna,2026-03-02 09:00,2026-03-04 09:00\n"
      "O1,Main,Meeting,open,Anna,2026-03-03 09:00,\n",
      "deal_id,from_stage,to_stage,at\n"
      "H1,,New,2026-03-02 09:00\n"
      "H1,New,Qualification,2026-03-03 09:00\n",
      R"({"pipelines": {"Main": ["New", "Qualification", "Meeting"]}, "period_preset": "whole",
          "won_stages": ["Won"], "lost_stages": ["Lost"]})");
  EXPECT_EQ(row_names(r), (std::vector<std::string>{"Main/New@0", "Main/Qualification@1", "Main/Meeting@2"}));
  // New: H1 W1 L1 O1 = 4; went on: H1 W1 O1 = 3.
  expect_conversion(stage_row(r, "Main", "New"), 4, 3, 0.75);
  // Qualification: H1 W1 O1 = 3; went on: W1 O1 = 2.
  expect_conversion(stage_row(r, "Main", "Qualification"), 3, 2, 2.0 / 3.0);
  // Meeting: W1 O1 = 2; won: W1 = 1.
  expect_conversion(stage_row(r, "Main", "Meeting"), 2, 1, 0.5);
}

// ---- stage order ------------------------------------------------------------

constexpr std::string_view kOrderDeals =
    "id,pipeline,stage,state,owner,created_at,closed_at\n"
    "O1,Main,Alpha,open,Anna,2026-03-02 10:00,\n"
    "O2,Main,Alpha,open,Anna,2026-03-02 10:00,\n"
    "O3,Main,Mu,open,Anna,2026-03-02 10:00,\n"
    "O4,Main,Delta,open,Anna,2026-03-02 10:00,\n"
    "O5,Aux,Start,open,Anna,2026-03-02 10:00,\n"
    "O6,,Solo,open,Anna,2026-03-02 10:00,\n";
constexpr std::string_view kOrderEvents =
    "deal_id,from_stage,to_stage,at\n"
    "O1,,Zeta,2026-03-02 10:00\n"
    "O1,Zeta,Mu,2026-03-03 10:00\n"
    "O1,Mu,Alpha,2026-03-04 10:00\n"
    "O2,Zeta,Alpha,2026-03-03 10:00\n"  // no creation event: the first from_stage is where it started
    "O3,,Zeta,2026-03-02 10:00\n"
    "O3,Zeta,Mu,2026-03-03 10:00\n";

TEST(StageOrder, FromTheDataByMeanFirstPositionThenName) {
  const Report r = run(kOrderDeals, kOrderEvents);
  // Main: Zeta (O1 0, O2 0, O3 0) = 0; Delta (O4, no history: its current stage) = 0;
  // Mu (O1 1, O3 1) = 1; Alpha (O1 2, O2 1) = 1.5. Delta and Zeta tie: by name. (Were O2's
  // first from_stage ignored, Alpha would be at (2 + 0) / 2 = 1 and come before Mu by name.)
  // Rows by pipeline name: "" (O6 has none), Aux, Main.
  EXPECT_EQ(row_names(r), (std::vector<std::string>{"/Solo@0", "Aux/Start@0", "Main/Delta@0", "Main/Zeta@1",
                                                    "Main/Mu@2", "Main/Alpha@3"}));
}

TEST(StageOrder, FromSettingsThenTheRestInDataOrder) {
  // Pipeline and stage names match case-insensitively; "won" is terminal and
  // dropped; Omega has no deal but is a row; Delta and Mu follow in data order.
  // Names are shown as the data spells them (Zeta, not zeta).
  const Report r = run(kOrderDeals, kOrderEvents, R"({"pipelines": {"main": ["Alpha", "Omega", "zeta", "won"]}})");
  EXPECT_EQ(row_names(r), (std::vector<std::string>{"/Solo@0", "Aux/Start@0", "Main/Alpha@0", "Main/Omega@1",
                                                    "Main/Zeta@2", "Main/Delta@3", "Main/Mu@4"}));
}

TEST(StageOrder, DataWithoutPipelinesTakesTheOnlyConfiguredOne) {
  const Report r = run(
      "id,stage,state,owner,created_at\n"
      "P1,Новая,open,Anna,2026-03-02 10:00\n"
      "P2,Квалификация,open,Anna,2026-03-02 10:00\n",
      "", R"({"pipelines": {"Продажи": ["Новая", "Квалификация"]}})");
  // Without the settings the tie (both at position 0) would put Квалификация first, by name.
  EXPECT_EQ(row_names(r), (std::vector<std::string>{"/Новая@0", "/Квалификация@1"}));
}

// ---- stalled ----------------------------------------------------------------

// as_of Tue 03-10 12:00. Control periods (defaults): 3 days, Квалификация 2, Переговоры 5.
// Working time from the last stage change to as_of (9 h a day, the weekend skipped):
//   S1 Квалификация since Fri 03-06 12:00: 6 + 9 + 3 = 18 h = 2 days, not more than 2: ok.
//       Clock: 4 days > 2: stalled.
//   S2 квалификация (any case) since Thu 03-05 12:00: 6 + 9 + 9 + 3 = 27 h = 3 days > 2: stalled.
//       Clock: 5 days.
//   S3 Переговоры since Mon 03-02 12:00: 6 + 36 + 9 + 3 = 54 h = 6 days > 5: stalled. Clock: 8 days.
//   S4 Переговоры since Wed 03-04 12:00: 6 + 9 + 9 + 9 + 3 = 36 h = 4 days: ok. Clock: 6 days > 5.
//   S5 Встреча (default 3) since Thu 03-05 10:00: 8 + 9 + 9 + 3 = 29 h > 27 h: stalled. Clock: 5.08.
//   S6 Встреча since Fri 03-06 15:00: 3 + 9 + 3 = 15 h: ok. Clock: 3.875 days > 3: stalled.
//   S7 Новая, no history, since created_at Mon 03-09 09:00: 9 + 3 = 12 h: ok. Clock: 1.125: ok.
//   S8 won on 03-12, after as_of: open at now, in Встреча since Mon 03-09 10:00: 8 + 3 = 11 h: ok.
//       Clock: 1.08: ok.
//   S9 lost on 03-09: not open.
constexpr std::string_view kStalledDeals =
    "id,pipeline,stage,state,owner,created_at,closed_at\n"
    "S1,Продажи,Квалификация,open,Anna,2026-03-02 10:00,\n"
    "S2,Продажи,квалификация,open,Anna,2026-03-02 10:00,\n"
    "S3,Продажи,Переговоры,open,Anna,2026-03-02 10:00,\n"
    "S4,Продажи,Переговоры,open,Anna,2026-03-02 10:00,\n"
    "S5,Продажи,Встреча,open,Boris,2026-03-02 09:00,\n"
    "S6,Продажи,Встреча,open,Boris,2026-03-02 09:00,\n"
    "S7,Продажи,Новая,open,Boris,2026-03-09 09:00,\n"
    "S8,Продажи,Успешно реализовано,won,Boris,2026-03-02 09:00,2026-03-12 10:00\n"
    "S9,Продажи,Закрыто и не реализовано,lost,Vera,2026-03-02 09:00,2026-03-09 11:00\n";
constexpr std::string_view kStalledEvents =
    "deal_id,from_stage,to_stage,at\n"
    "S1,Новая,Квалификация,2026-03-06 12:00\n"
    "S2,Новая,КВАЛИФИКАЦИЯ,2026-03-05 12:00\n"
    "S3,Новая,Переговоры,2026-03-02 12:00\n"
    "S4,Новая,Переговоры,2026-03-04 12:00\n"
    "S5,Новая,Встреча,2026-03-05 10:00\n"
    "S6,Новая,Встреча,2026-03-06 15:00\n"
    "S8,Новая,Встреча,2026-03-09 10:00\n"
    "S8,Встреча,Успешно реализовано,2026-03-12 10:00\n"
    "S9,Новая,Закрыто и не реализовано,2026-03-09 11:00\n";
constexpr std::string_view kStalledPipeline = R"("pipelines": {"Продажи": ["Новая", "Квалификация", "Встреча", "Переговоры"]})";

TEST(Stalled, InWorkingDaysAcrossAWeekend) {
  const Report r = run(kStalledDeals, kStalledEvents,
                       std::string(R"({"as_of": "2026-03-10 12:00", )") + std::string(kStalledPipeline) + "}");
  EXPECT_EQ(row_names(r), (std::vector<std::string>{"Продажи/Новая@0", "Продажи/Квалификация@1",
                                                    "Продажи/Встреча@2", "Продажи/Переговоры@3"}));
  // Open at now: S1..S8 = 8; stalled: S2 S3 S5 = 3.
  expect_stalled(r.team, 3, 3.0 / 8.0, "team");
  expect_stalled(manager(r, "Anna"), 2, 0.5, "Anna");     // S2 S3 of S1..S4
  expect_stalled(manager(r, "Boris"), 1, 0.25, "Boris");  // S5 of S5..S8
  expect_stalled(manager(r, "Vera"), kNull, kNull, "Vera");  // no open deal: null, not 0
  expect_stalled(stage_row(r, "Продажи", "Новая"), 1, 0, 0.0);                  // S7
  expect_stalled(stage_row(r, "Продажи", "Квалификация"), 2, 1, 0.5);           // S1 S2
  expect_stalled(stage_row(r, "Продажи", "Встреча"), 3, 1, 1.0 / 3.0);          // S5 S6 S8
  expect_stalled(stage_row(r, "Продажи", "Переговоры"), 2, 1, 0.5);             // S3 S4
  EXPECT_FALSE(listed_unavailable(r, "stalled"));
}

TEST(Stalled, InCalendarDaysWithoutACalendar) {
  const Report r = run(kStalledDeals, kStalledEvents,
                       std::string(R"({"calendar": "none", "as_of": "2026-03-10 12:00", )") +
                           std::string(kStalledPipeline) + "}");
  // Stalled: S1 S2 S3 S4 S5 S6 = 6 of 8.
  expect_stalled(r.team, 6, 0.75, "team");
  expect_stalled(manager(r, "Anna"), 4, 1.0, "Anna");
  expect_stalled(manager(r, "Boris"), 2, 0.5, "Boris");  // S5 S6
  expect_stalled(manager(r, "Vera"), kNull, kNull, "Vera");
  expect_stalled(stage_row(r, "Продажи", "Новая"), 1, 0, 0.0);
  expect_stalled(stage_row(r, "Продажи", "Квалификация"), 2, 2, 1.0);
  expect_stalled(stage_row(r, "Продажи", "Встреча"), 3, 2, 2.0 / 3.0);
  expect_stalled(stage_row(r, "Продажи", "Переговоры"), 2, 2, 1.0);
}

TEST(Stalled, ControlPeriodsFollowTheSettings) {
  // Квалификация raised to 3 working days (a lower-case key matches): S2's 3 days are no longer more.
  // The map given is the whole map (docs/kpi.md "Settings"): Переговоры keeps its 5 days by saying so.
  const Report r = run(kStalledDeals, kStalledEvents,
                       std::string(R"({"as_of": "2026-03-10 12:00", "stage_control_days": {"квалификация": 3, "Переговоры": 5}, )") +
                           std::string(kStalledPipeline) + "}");
  expect_stalled(stage_row(r, "Продажи", "Квалификация"), 2, 0, 0.0);
  expect_stalled(r.team, 2, 0.25, "team");  // S3 S5
}

// ---- velocity and time in stage ---------------------------------------------

// March, as_of 03-15 00:00.
//   V1 Anna won: New 03-02 10:00 -> 03-03 22:00 (1.5 d), Qualification -> 03-05 10:00 (1.5 d); 3 days.
//   V2 Anna lost: New 03-02 12:00 -> 03-03 00:00 (0.5 d), Qualification -> 03-09 (6 d).
//   V3 Boris won: New 03-01 -> 03-02 (1 d), Qualification -> 03-03 (1 d); 2 days.
//   V4 Boris won: New 03-02 -> 03-06 (4 d), Qualification -> 03-14 (8 d); 12 days.
//   V5: its New stay ended 02-27, before the period; its Qualification stay has not ended.
//   V6: its New stay ends 03-20, after as_of: not seen.
//   V7 Anna won in February: not in velocity's cohort.
constexpr std::string_view kVelocityDeals =
    "id,pipeline,stage,state,owner,created_at,closed_at\n"
    "V1,Main,won,won,Anna,2026-03-02 10:00,2026-03-05 10:00\n"
    "V2,Main,lost,lost,Anna,2026-03-02 12:00,2026-03-09 00:00\n"
    "V3,Main,won,won,Boris,2026-03-01 00:00,2026-03-03 00:00\n"
    "V4,Main,won,won,Boris,2026-03-02 00:00,2026-03-14 00:00\n"
    "V5,Main,Qualification,open,Boris,2026-02-20 00:00,\n"
    "V6,Main,New,open,Anna,2026-03-10 00:00,\n"
    "V7,Main,won,won,Anna,2026-02-01 00:00,2026-02-21 00:00\n";
constexpr std::string_view kVelocityEvents =
    "deal_id,from_stage,to_stage,at\n"
    "V1,,New,2026-03-02 10:00\n"
    "V1,New,Qualification,2026-03-03 22:00\n"
    "V1,Qualification,won,2026-03-05 10:00\n"
    "V2,,New,2026-03-02 12:00\n"
    "V2,New,Qualification,2026-03-03 00:00\n"
    "V2,Qualification,lost,2026-03-09 00:00\n"
    "V3,,New,2026-03-01 00:00\n"
    "V3,New,Qualification,2026-03-02 00:00\n"
    "V3,Qualification,won,2026-03-03 00:00\n"
    "V4,,New,2026-03-02 00:00\n"
    "V4,New,Qualification,2026-03-06 00:00\n"
    "V4,Qualification,won,2026-03-14 00:00\n"
    "V5,,New,2026-02-20 00:00\n"
    "V5,New,Qualification,2026-02-27 00:00\n"
    "V6,,New,2026-03-10 00:00\n"
    "V6,New,Qualification,2026-03-20 00:00\n";
constexpr std::string_view kVelocitySettings = R"({"from": "2026-03-01", "to": "2026-04-01", "as_of": "2026-03-15"})";

TEST(Velocity, MedianDaysFromCreatedToWon) {
  const Report r = run(kVelocityDeals, kVelocityEvents, kVelocitySettings);
  expect_value(r.team.get(Metric::kVelocityMedianDays), 3.0, "team");              // 2, 3, 12
  expect_value(manager(r, "Anna").get(Metric::kVelocityMedianDays), 3.0, "Anna");  // V1
  expect_value(manager(r, "Boris").get(Metric::kVelocityMedianDays), 7.0, "Boris");  // (2 + 12) / 2
  EXPECT_FALSE(listed_unavailable(r, "velocity"));
}

TEST(Velocity, MedianAndP90DaysInStage) {
  const Report r = run(kVelocityDeals, kVelocityEvents, kVelocitySettings);
  // New: 0.5, 1, 1.5, 4. Median (1 + 1.5) / 2 = 1.25; p90 at rank 0.9 x 3 = 2.7: 1.5 + 0.7 x 2.5 = 3.25.
  const StageRow& fresh = stage_row(r, "Main", "New");
  expect_value(fresh.median_days_in_stage, 1.25, "New median");
  expect_value(fresh.p90_days_in_stage, 3.25, "New p90");
  // Qualification: 1, 1.5, 6, 8. Median (1.5 + 6) / 2 = 3.75; p90: 6 + 0.7 x 2 = 7.4.
  const StageRow& qualification = stage_row(r, "Main", "Qualification");
  expect_value(qualification.median_days_in_stage, 3.75, "Qualification median");
  expect_value(qualification.p90_days_in_stage, 7.4, "Qualification p90");
}

// ---- without stage history --------------------------------------------------

TEST(NoStageHistory, ConversionUnavailableStalledFromCreatedAt) {
  // as_of Fri 03-06 18:00. N1 Новая since Mon 03-02 10:00: 8 + 27 + 9 = 44 h > 27 h: stalled.
  // N2 Квалификация since Thu 03-05 10:00: 8 + 9 = 17 h, not more than 18 h: ok.
  // N3 won in 2.5 days (03-02 10:00 -> 03-04 22:00).
  const Report r = run(
      "id,pipeline,stage,state,owner,created_at,closed_at\n"
      "N1,Продажи,Новая,open,Anna,2026-03-02 10:00,\n"
      "N2,Продажи,Квалификация,open,Anna,2026-03-05 10:00,\n"
      "N3,Продажи,Успешно реализовано,won,Boris,2026-03-02 10:00,2026-03-04 22:00\n"
      "N4,Продажи,Закрыто и не реализовано,lost,Boris,2026-03-02 10:00,2026-03-03 10:00\n",
      "", R"({"as_of": "2026-03-06 18:00", "period_preset": "whole"})");
  std::string reason;
  ASSERT_TRUE(listed_unavailable(r, "conversion", &reason));
  EXPECT_EQ(reason, "needs stage history (stage_events)");
  EXPECT_FALSE(listed_unavailable(r, "stalled"));
  EXPECT_FALSE(listed_unavailable(r, "velocity"));
  // Both open stages at position 0: by name. Terminal stages are no rows.
  EXPECT_EQ(row_names(r), (std::vector<std::string>{"Продажи/Квалификация@0", "Продажи/Новая@1"}));
  const StageRow& fresh = stage_row(r, "Продажи", "Новая");
  expect_conversion(fresh, kNull, kNull, kNull);
  expect_value(fresh.median_days_in_stage, kNull, "median days in stage");
  expect_stalled(fresh, 1, 1, 1.0);
  expect_stalled(stage_row(r, "Продажи", "Квалификация"), 1, 0, 0.0);
  expect_stalled(r.team, 1, 0.5, "team");
  expect_stalled(manager(r, "Boris"), kNull, kNull, "Boris");  // no open deal
  expect_value(r.team.get(Metric::kVelocityMedianDays), 2.5, "velocity");
}

TEST(NoStageHistory, NoDealsMeansEveryPipelineMetricUnavailable) {
  Analyzer a;
  const Report r = a.analyze();
  std::string reason;
  ASSERT_TRUE(listed_unavailable(r, "stalled", &reason));
  EXPECT_EQ(reason, "needs a deals table");
  EXPECT_TRUE(listed_unavailable(r, "conversion"));
  EXPECT_TRUE(listed_unavailable(r, "velocity"));
  EXPECT_TRUE(r.stages.empty());
}

}  // namespace
}  // namespace kpi
