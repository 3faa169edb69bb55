// The skeleton metrics end to end through kpi::Analyzer on the hand-computed
// fixture tests/fixtures/skeleton (its README has the table the numbers below
// come from). Times in the fixture are Moscow wall-clock, UTC+3.
#include "core/analyzer.h"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/core/support.h"

namespace kpi {
namespace {

using test::find;

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(KPI_FIXTURES) + "/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void load(Analyzer& a, const std::string& name, size_t chunk = 7) {
  const std::string bytes = read_fixture("skeleton/" + name);
  ASSERT_FALSE(bytes.empty()) << name;
  Issue error;
  ASSERT_TRUE(a.begin_file(name, error));
  for (size_t i = 0; i < bytes.size(); i += chunk) a.feed(std::string_view(bytes).substr(i, chunk));
  const InputSummary& s = a.end_file();
  ASSERT_TRUE(s.ok) << s.error.message;
}

// Won, lost, win rate, revenue, average won amount; NaN = expect null.
void expect_outcomes(const MetricValues& m, double won, double lost, double rate, double revenue, double avg) {
  auto check = [&](Metric key, double want) { test::expect_value(m, key, want); };
  check(Metric::kWonCount, won);
  check(Metric::kLostCount, lost);
  check(Metric::kWinRate, rate);
  check(Metric::kRevenue, revenue);
  check(Metric::kAvgWonAmount, avg);
}

class SkeletonFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    load(analyzer_, "deals.csv");
    load(analyzer_, "tasks.csv");
    // The figures below are over the whole export (the default period is its last complete week).
    Issue error;
    ASSERT_TRUE(analyzer_.set_settings(R"({"period_preset": "whole"})", error)) << error.message;
  }
  Analyzer analyzer_;
};

TEST_F(SkeletonFixture, WholePeriodRunsFromFirstEventToLastHappenedEvent) {
  const Report r = analyzer_.analyze();
  // D7 closed 2026-03-31 20:00 MSK is the latest event; T1's due date (04-02) does not count.
  EXPECT_EQ(format_instant(r.as_of), "2026-03-31T17:00:00Z");
  EXPECT_EQ(format_instant(r.from), "2026-02-20T07:00:00Z");  // D7 created 02-20 10:00 MSK
  EXPECT_EQ(format_instant(r.to), "2026-03-31T17:00:01Z");    // now included
}

TEST_F(SkeletonFixture, TeamAndManagersOverWholeData) {
  const Report r = analyzer_.analyze();
  // Closed: D1 won 1000, D2 lost, D3 won 2500.5, D4 lost, D6 won (no amount), D7 lost.
  expect_outcomes(r.team, 3, 3, 0.5, 3500.5, 1750.25);
  ASSERT_EQ(r.managers.size(), 4u);  // deal owners and Gleb, who owns only tasks; sorted by name
  EXPECT_EQ(r.managers[0].name, "Anna");
  EXPECT_EQ(r.managers[1].name, "Boris");
  EXPECT_EQ(r.managers[2].name, "Gleb");
  EXPECT_EQ(r.managers[3].name, "Vera");
  expect_outcomes(r.managers[0].metrics, 2, 1, 2.0 / 3.0, 3500.5, 1750.25);  // duplicate D1 row ignored
  expect_outcomes(r.managers[1].metrics, 1, 1, 0.5, kNull, kNull);          // D6 won without amount
  expect_outcomes(r.managers[2].metrics, kNull, kNull, kNull, kNull, kNull);  // no deal: no data, not 0
  expect_outcomes(r.managers[3].metrics, 0, 1, 0.0, kNull, kNull);           // closed but never won
}

TEST_F(SkeletonFixture, GroupsBySourceAndSegment) {
  const Report r = analyzer_.analyze();
  ASSERT_EQ(r.by_source.size(), 2u);  // D6 has no source: in the team, in no source group
  EXPECT_EQ(r.by_source[0].name, "Звонок");
  EXPECT_EQ(r.by_source[1].name, "Форма");
  expect_outcomes(r.by_source[0].metrics, 1, 2, 1.0 / 3.0, 1000, 1000);  // D1 won, D2 and D7 lost
  expect_outcomes(r.by_source[1].metrics, 1, 1, 0.5, 2500.5, 2500.5);    // D3 won, D4 lost
  ASSERT_EQ(r.by_segment.size(), 2u);
  EXPECT_EQ(r.by_segment[0].name, "Enterprise");
  expect_outcomes(r.by_segment[0].metrics, 1, 1, 0.5, kNull, kNull);
  expect_outcomes(find(r.by_segment, "SMB"), 2, 2, 0.5, 3500.5, 1750.25);
}

TEST_F(SkeletonFixture, AsOfBeforeLastEventSeesOnlyWhatHappenedByThen) {
  Issue error;
  ASSERT_TRUE(analyzer_.set_settings(R"({"as_of": "2026-03-15", "period_preset": "whole"})", error)) << error.message;
  const Report r = analyzer_.analyze();
  EXPECT_EQ(format_instant(r.as_of), "2026-03-14T21:00:00Z");  // midnight Moscow
  // Closed by then: D1 won, D2 lost, D4 lost. D3 (03-20) and D6, D7 are open at now.
  expect_outcomes(r.team, 1, 2, 1.0 / 3.0, 1000, 1000);
  expect_outcomes(find(r.managers, "Anna"), 1, 1, 0.5, 1000, 1000);
  expect_outcomes(find(r.managers, "Boris"), 0, 1, 0.0, kNull, kNull);
  expect_outcomes(find(r.managers, "Vera"), kNull, kNull, kNull, kNull, kNull);
}

TEST_F(SkeletonFixture, ExplicitPeriodIsHalfOpen) {
  Issue error;
  ASSERT_TRUE(analyzer_.set_settings(R"({"from": "2026-03-06", "to": "2026-03-21"})", error));
  const Report r = analyzer_.analyze();
  EXPECT_EQ(format_instant(r.from), "2026-03-05T21:00:00Z");
  EXPECT_EQ(format_instant(r.to), "2026-03-20T21:00:00Z");
  // D2 (03-06 10:00), D3 (03-20 18:00), D4 (03-10); D1 closed 03-05 is before.
  expect_outcomes(r.team, 1, 2, 1.0 / 3.0, 2500.5, 2500.5);
}

TEST_F(SkeletonFixture, SettingsChangeReanalysesWithoutRereading) {
  const size_t deals = analyzer_.dataset().deals.size();
  Issue error;
  ASSERT_TRUE(analyzer_.set_settings(R"({"as_of": "2026-03-15", "period_preset": "whole"})", error));
  EXPECT_DOUBLE_EQ(analyzer_.analyze().team.get(Metric::kWonCount), 1);
  ASSERT_TRUE(analyzer_.set_settings(R"({"as_of": null, "period_preset": "whole"})", error));
  EXPECT_DOUBLE_EQ(analyzer_.analyze().team.get(Metric::kWonCount), 3);
  EXPECT_EQ(analyzer_.dataset().deals.size(), deals);
}

TEST_F(SkeletonFixture, LossReasonsWithNoReasonRow) {
  const Report r = analyzer_.analyze();
  ASSERT_EQ(r.loss_reasons.size(), 2u);
  EXPECT_EQ(r.loss_reasons[0].reason, "Дорого");
  EXPECT_EQ(r.loss_reasons[0].count, 2u);
  EXPECT_DOUBLE_EQ(r.loss_reasons[0].share, 2.0 / 3.0);
  EXPECT_EQ(r.loss_reasons[1].reason, "");  // "no reason given" (D4)
  EXPECT_EQ(r.loss_reasons[1].count, 1u);
}

TEST_F(SkeletonFixture, DataQualityCountsWithExamples) {
  const Report r = analyzer_.analyze();
  auto check = [&](std::string_view name, uint64_t count, std::vector<std::string> examples) {
    for (const QualityRow& q : r.data_quality) {
      if (q.check != name) continue;
      EXPECT_EQ(q.count, count) << name;
      EXPECT_EQ(q.examples, examples) << name;
      return;
    }
    ADD_FAILURE() << "no check " << name;
  };
  check("skipped_rows", 0, {});
  check("duplicate_deal_id", 1, {"D1"});
  check("missing_owner", 0, {});
  check("missing_source", 1, {"D6"});
  check("won_missing_amount", 1, {"D6"});
  check("lost_missing_reason", 1, {"D4"});
  check("closed_missing_closed_at", 0, {});
  check("unlinked_rows", 1, {"D99"});
}

TEST_F(SkeletonFixture, UnavailableMetricsSayWhy) {
  const Report r = analyzer_.analyze();
  // Every family whose inputs the skeleton lacks is listed with a reason. Which
  // families those are changes as families land, so each family's own test
  // pins its entries; here: every entry has a reason, and outcomes (computed) are absent.
  auto reason_of = [&](std::string_view metric) {
    for (const Unavailable& u : r.unavailable) {
      if (u.metric == metric) return u.reason;
    }
    return std::string();
  };
  for (const Unavailable& u : r.unavailable) EXPECT_FALSE(u.reason.empty()) << u.metric;
  EXPECT_EQ(reason_of("win_rate"), "");
  EXPECT_EQ(reason_of("revenue"), "");
  // The fixture has no activities file, so response and touches say what they need.
  EXPECT_EQ(reason_of("frt"), "needs calls or messages with dates");
  EXPECT_EQ(reason_of("sla"), "needs calls or messages with dates");
  EXPECT_EQ(reason_of("touches"), "needs activities (calls, e-mails, messages) linked to deals");
  EXPECT_FALSE(r.team.has(Metric::kFrtMedianMin));
  EXPECT_FALSE(r.team.has(Metric::kSlaShare));
  EXPECT_FALSE(r.team.has(Metric::kTouchesPerWonMean));
}

TEST_F(SkeletonFixture, BoardCardsNameTheDealsToReview) {
  const Report r = analyzer_.analyze();
  ASSERT_EQ(r.board.size(), 6u);
  // D5 (Boris, open since 03-04) has sat in its stage for weeks by 03-31: stalled.
  EXPECT_EQ(r.board[4].id, "stalled");
  EXPECT_EQ(r.board[4].deal_ids, (std::vector<std::string>{"D5"}));
  EXPECT_EQ(r.board[4].status, "bad");
  // Звонок (1 of 3) is below the team's 50 %: its lost deals, the latest first.
  EXPECT_EQ(r.board[5].worst, (std::vector<std::string>{"Звонок"}));
  EXPECT_EQ(r.board[5].deal_ids, (std::vector<std::string>{"D7", "D2"}));
}

TEST_F(SkeletonFixture, SharesCarryTheirSampleSize) {
  const Report r = analyzer_.analyze();
  // Team win rate 3 of 6; Boris 1 of 2, which must not read as a firm "50 %".
  EXPECT_DOUBLE_EQ(r.team_samples[0].n, 6);
  EXPECT_NEAR(r.team_samples[0].low, 0.18761, 1e-5);
  const Samples& boris = r.managers[1].samples;
  EXPECT_DOUBLE_EQ(boris[0].n, 2);
  EXPECT_NEAR(boris[0].low, 0.09453, 1e-5);
  EXPECT_NEAR(boris[0].high, 0.90547, 1e-5);
  EXPECT_EQ(boris[1].n, 0);  // no SLA data: no sample
  // Lead classes are always three rows.
  ASSERT_EQ(r.by_class.size(), 3u);
  EXPECT_EQ(r.by_class[0].name, "hot");
  EXPECT_EQ(r.by_class[2].name, "cold");
}

TEST_F(SkeletonFixture, FairComparisonSplitsManagersByGroupAndExpectsTheirMix) {
  const Report r = analyzer_.analyze();
  // Lead classes: Звонок is hot (D1 won; D2, D7 lost); Форма and the deal without
  // a source are warm (D3, D6 won; D4 lost); no cold lead.
  EXPECT_DOUBLE_EQ(r.by_class[0].metrics.get(Metric::kWinRate), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.by_class[1].metrics.get(Metric::kWinRate), 2.0 / 3.0);
  EXPECT_FALSE(r.by_class[2].metrics.has(Metric::kWinRate));
  // Manager x source, manager-major: Anna in Звонок 1 of 2, in Форма 1 of 1.
  ASSERT_EQ(r.split_source.size(), 4u * 2u);
  EXPECT_EQ(r.split_source[0].manager, "Anna");
  EXPECT_EQ(r.split_source[0].group, "Звонок");
  EXPECT_DOUBLE_EQ(r.split_source[0].metrics.get(Metric::kWinRate), 0.5);
  EXPECT_DOUBLE_EQ(r.split_source[1].metrics.get(Metric::kWinRate), 1.0);
  EXPECT_DOUBLE_EQ(r.split_source[3].metrics.get(Metric::kWinRate), 0.0);  // Boris in Форма: D4 lost
  // Flagged against the same group's average, not the team's: Anna in Звонок
  // (1/2) beats Звонок's 1/3; Boris in Форма (0) is below Форма's 1/2.
  EXPECT_FALSE(r.split_source[0].worse_than_group[0]);
  EXPECT_TRUE(r.split_source[3].worse_than_group[0]);
  // What the team's source rates give on Anna's mix: (2 x 1/3 + 1 x 1/2) / 3 = 7/18;
  // she wins 2/3: better than her mix explains.
  EXPECT_DOUBLE_EQ(r.managers[0].expected.source[0], 7.0 / 18.0);
  // By segment Anna is all SMB (rate 2 of 4): expected 0.5.
  EXPECT_DOUBLE_EQ(r.managers[0].expected.segment[0], 0.5);
}

TEST(Analyzer, NoDealsMeansWinRateUnavailableNotZero) {
  Analyzer a;
  load(a, "tasks.csv");
  const Report r = a.analyze();
  EXPECT_FALSE(r.team.has(Metric::kWinRate));
  ASSERT_FALSE(r.unavailable.empty());
  EXPECT_EQ(r.unavailable[0].metric, "win_rate");
  EXPECT_EQ(r.unavailable[0].reason, "needs a deals table");
}

TEST(Analyzer, EmptyAnalyzerHasNoAsOf) {
  Analyzer a;
  const Report r = a.analyze();
  EXPECT_EQ(r.as_of, kNoTime);
  EXPECT_TRUE(r.managers.empty());
}

TEST(Analyzer, BadFileDoesNotStopTheOthers) {
  Analyzer a;
  Issue error;
  ASSERT_TRUE(a.begin_file("junk.bin", error));
  a.feed(std::string_view("\x00\x01\x02garbage\x00", 11));
  const InputSummary& bad = a.end_file();
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.error.code, ErrorCode::kBinaryFile);
  EXPECT_NE(bad.error.message.find("junk.bin"), std::string::npos);
  load(a, "deals.csv");
  test::configure(a, R"({"period_preset": "whole"})");  // figures over the whole export (the default: the last complete month or week)
  const Report r = a.analyze();
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kWonCount), 3);
  ASSERT_EQ(r.inputs.size(), 2u);
  EXPECT_FALSE(r.inputs[0].ok);
  EXPECT_TRUE(r.inputs[1].ok);
}

TEST(Analyzer, RemoveFileDropsItsRowsOnly) {
  Analyzer a;
  load(a, "tasks.csv");
  load(a, "deals.csv");
  ASSERT_TRUE(a.remove_file(0));
  EXPECT_EQ(a.dataset().tasks.size(), 0u);
  EXPECT_EQ(a.dataset().deals.size(), 8u);
  const Report r = a.analyze();
  EXPECT_EQ(r.managers.size(), 3u);  // Gleb owned only tasks
  EXPECT_FALSE(a.remove_file(5));
}

TEST(Analyzer, AbortFileDropsPartialRows) {
  Analyzer a;
  Issue error;
  ASSERT_TRUE(a.begin_file("deals.csv", error));
  a.feed(read_fixture("skeleton/deals.csv"));
  a.abort_file();
  EXPECT_EQ(a.dataset().deals.size(), 0u);
  EXPECT_TRUE(a.files().empty());
}

}  // namespace
}  // namespace kpi

namespace kpi {
namespace {

// Ids are given when a file ends, follow the file, and are never reused.
TEST(Analyzer, FileIdsAreStableAndNeverReused) {
  Analyzer a;
  load(a, "tasks.csv");
  const uint32_t tasks = a.last_file_id();
  load(a, "deals.csv");
  const uint32_t deals = a.last_file_id();
  load(a, "tasks.csv");  // a second copy
  const uint32_t activities = a.last_file_id();
  EXPECT_EQ(a.file_ids(), (std::vector<uint32_t>{tasks, deals, activities}));
  ASSERT_TRUE(a.remove_file(deals));  // the middle one
  EXPECT_EQ(a.file_ids(), (std::vector<uint32_t>{tasks, activities}));
  EXPECT_EQ(a.files()[1].file, "tasks.csv");
  EXPECT_EQ(a.dataset().deals.size(), 0u);
  EXPECT_FALSE(a.remove_file(deals));  // gone
  load(a, "deals.csv");
  EXPECT_GT(a.last_file_id(), activities);  // a new id, not the freed one
  a.clear();
  load(a, "deals.csv");
  EXPECT_GT(a.last_file_id(), activities + 1);  // not even after clear()
  ASSERT_TRUE(a.remove_file(a.last_file_id()));
  EXPECT_TRUE(a.files().empty());
}

// analyze() is a pure function of the model and the settings: an API dump's
// placeholders are resolved in a copy, and the model keeps what the files said.
TEST(Analyzer, AnalyzeResolvesReferencesWithoutWritingTheModel) {
  Analyzer a;
  test::configure(a, R"({"as_of": "2026-03-31 23:59:59", "from": "2026-03-01", "to": "2026-04-01", "calendar": "none"})");
  for (const char* name : {"amocrm-api/leads_page_1.json", "amocrm-api/users.json"}) {
    const std::string bytes = read_fixture(name);
    ASSERT_FALSE(bytes.empty()) << name;
    Issue error;
    ASSERT_TRUE(a.begin_file(name, error));
    a.feed(bytes);
    ASSERT_TRUE(a.end_file().ok) << name;
  }
  const Analyzer& reader = a;
  const std::vector<StrId> owners = reader.dataset().deals.owner;
  const std::vector<DealState> states = reader.dataset().deals.state;
  const size_t names = reader.dataset().strings.size();
  const Report first = reader.analyze();
  ASSERT_EQ(first.managers.size(), 2u);
  EXPECT_EQ(first.managers[0].name, "\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0 \xD0\xA1\xD0\xBC\xD0\xB8\xD1\x80\xD0\xBD\xD0\xBE\xD0\xB2\xD0\xB0");  // Анна Смирнова
  // The model still holds the placeholders the dump gave, unchanged.
  EXPECT_EQ(reader.dataset().deals.owner, owners);
  EXPECT_EQ(reader.dataset().deals.state, states);
  EXPECT_EQ(reader.dataset().strings.size(), names);
  EXPECT_EQ(reader.dataset().strings.view(owners[0]).substr(0, 13), "amocrm:user:5");
  // And the same question gives the same answer.
  EXPECT_EQ(to_json(reader.analyze()), to_json(first));
}

}  // namespace
}  // namespace kpi

namespace kpi {
namespace {

// A deal's won / lost state from its stage name is decided when the report is
// made, not when the file is read: naming a stage in won_stages moves its open
// deals to won on the next analysis, with nothing read again.
TEST(Analyzer, WonStagesChangeNeedsNoReread) {
  Analyzer a;
  test::configure(a, R"({"tz": "UTC", "calendar": "none", "as_of": "2026-03-31", "from": "2026-03-01", "to": "2026-04-01"})");
  test::load(a, "deals.csv",
             "id,stage,owner,amount,created_at,closed_at\n"
             "P1,Paid,Anna,100,2026-03-02 10:00,2026-03-05 10:00\n"
             "P2,Paid,Boris,300,2026-03-03 10:00,2026-03-06 10:00\n"
             "P3,Refused,Anna,,2026-03-03 10:00,2026-03-07 10:00\n"
             "P4,New,Anna,50,2026-03-04 10:00,\n");
  Report r = a.analyze();
  // No stage is final by name yet: nothing won or lost.
  EXPECT_FALSE(r.team.has(Metric::kLostCount) && r.team.get(Metric::kLostCount) > 0);
  EXPECT_FALSE(r.team.has(Metric::kWonCount) && r.team.get(Metric::kWonCount) > 0);

  test::configure(a, R"({"tz": "UTC", "calendar": "none", "as_of": "2026-03-31", "from": "2026-03-01", "to": "2026-04-01",
                         "won_stages": ["paid"], "lost_stages": ["Refused"]})");
  r = a.analyze();
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kWonCount), 2);
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kLostCount), 1);
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kRevenue), 400);
  EXPECT_DOUBLE_EQ(r.team.get(Metric::kWinRate), 2.0 / 3.0);
  test::expect_value(find(r.managers, "Boris"), Metric::kWonCount, 1);
  // The model is as read (the deals are still open there); nothing was read again.
  EXPECT_EQ(a.files().size(), 1u);
  for (DealState s : a.dataset().deals.state) EXPECT_EQ(s, DealState::kOpen);
}

// And the other way: a file read while a stage was named won reopens its deals
// once the name is gone from the settings, again without a re-read.
TEST(Analyzer, WonStageRemovedReopensWithoutReread) {
  Analyzer a;
  constexpr std::string_view kBase = R"("tz": "UTC", "calendar": "none", "as_of": "2026-03-31", "from": "2026-03-01", "to": "2026-04-01")";
  test::configure(a, std::string("{") + std::string(kBase) + R"(, "won_stages": ["Paid"]})");
  test::load(a, "deals.csv",
             "id,stage,owner,amount,created_at,closed_at\n"
             "P1,Paid,Anna,100,2026-03-02 10:00,2026-03-05 10:00\n"
             "P2,Won,Anna,50,2026-03-02 10:00,2026-03-05 10:00\n");  // a CRM's own final stage: won when read
  EXPECT_DOUBLE_EQ(a.analyze().team.get(Metric::kWonCount), 2);
  test::configure(a, std::string("{") + std::string(kBase) + "}");
  EXPECT_DOUBLE_EQ(a.analyze().team.get(Metric::kWonCount), 1);  // P2 only
  EXPECT_DOUBLE_EQ(a.analyze().team.get(Metric::kRevenue), 50);
}

// The Analyzer keeps the model's analysis index (core/kpi/context.h
// ContextIndex) across analyses: after a file is added or removed, or the
// settings it depends on change, the report must be the one a fresh Analyzer
// gives for the same files and settings.
TEST(Analyzer, KeptIndexFollowsFileAndSettingsChanges) {
  const auto file = [](const std::string& name) {
    std::ifstream in(std::string(KPI_FIXTURES) + "/first-hour/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  constexpr std::string_view kSettings = R"({"as_of": "2026-03-20 12:00:00", "period": {"from": "2026-03-01", "to": "2026-04-01"}})";
  constexpr std::string_view kChanged =
      R"({"as_of": "2026-03-20 12:00:00", "period": {"from": "2026-03-01", "to": "2026-04-01"},
          "min_call_s": 100, "source_classes": {"Форма": "hot", "Звонок": "cold"}})";
  const auto fresh = [&](std::initializer_list<std::string_view> names, std::string_view settings) {
    Analyzer b;
    test::configure(b, settings);
    for (std::string_view name : names) test::load(b, name, file(std::string(name)));
    return to_json(b.analyze());
  };
  Analyzer a;
  test::configure(a, kSettings);
  test::load(a, "deals.csv", file("deals.csv"));
  test::load(a, "activities.csv", file("activities.csv"));
  const uint32_t activities = a.last_file_id();
  const std::string before = to_json(a.analyze());  // builds the index
  EXPECT_EQ(before, fresh({"deals.csv", "activities.csv"}, kSettings));

  test::load(a, "stage_events.csv", file("stage_events.csv"));
  const std::string added = to_json(a.analyze());
  EXPECT_NE(added, before);
  EXPECT_EQ(added, fresh({"deals.csv", "activities.csv", "stage_events.csv"}, kSettings));

  test::configure(a, kChanged);  // lead classes and the shortest call are indexed
  const std::string changed = to_json(a.analyze());
  EXPECT_NE(changed, added);
  EXPECT_EQ(changed, fresh({"deals.csv", "activities.csv", "stage_events.csv"}, kChanged));

  ASSERT_TRUE(a.remove_file(activities));
  EXPECT_EQ(to_json(a.analyze()), fresh({"deals.csv", "stage_events.csv"}, kChanged));
}

}  // namespace
}  // namespace kpi
