// Data quality checks (spec/kpi.md §6) and the coverage of each metric, end
// to end through kpi::Analyzer on small canonical CSV fixtures. Times are
// Moscow wall-clock (UTC+3); every expected number is worked out beside it.
#include "core/analyzer.h"

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace kpi {
namespace {

constexpr std::string_view kDealHeader =
    "id,pipeline,stage,state,owner,source,amount,currency,created_at,closed_at,loss_reason\n";
constexpr std::string_view kEventHeader = "deal_id,from_stage,to_stage,at\n";
constexpr std::string_view kTaskHeader = "id,deal_id,owner,created_at,due_at,completed_at\n";
constexpr std::string_view kActivityHeader = "id,deal_id,owner,type,at,duration_s\n";

void load(Analyzer& a, std::string_view csv) {
  Issue error;
  ASSERT_TRUE(a.begin_file("input.csv", error)) << error.message;  // the table is recognised by its header
  a.feed(csv);
  const InputSummary& s = a.end_file();
  ASSERT_TRUE(s.ok) << s.error.message;
  ASSERT_EQ(s.skipped, 0u) << csv.substr(0, 40);
}

Report analyze(const std::vector<std::string>& files, std::string_view settings) {
  Analyzer a;
  for (const std::string& csv : files) load(a, csv);
  Issue error;
  EXPECT_TRUE(a.set_settings(settings, error)) << error.message;
  return a.analyze();
}

QualityRow quality(const Report& r, std::string_view check) {
  for (const QualityRow& q : r.data_quality) {
    if (q.check == check) return q;
  }
  ADD_FAILURE() << "no check " << check;
  return {};
}

void expect_check(const Report& r, std::string_view check, uint64_t count, const std::vector<std::string>& examples) {
  const QualityRow q = quality(r, check);
  EXPECT_EQ(q.count, count) << check;
  EXPECT_EQ(q.examples, examples) << check;
}

// ---- a clean data set: every check present, all zero --------------------------

// Two open deals with a task and a touch, one won in RUB, one lost early in the
// month with one of few reasons; stages carry decisions.
const std::string kCleanDeals = std::string(kDealHeader) +
    "K1,Main,Qualification,open,Anna,Звонок,,,2026-03-02 10:00,,\n"
    "K2,Main,Proposal,open,Boris,Форма,,,2026-03-03 10:00,,\n"
    "K3,Main,won,won,Anna,Звонок,1000,RUB,2026-03-04 10:00,2026-03-10 10:00,\n"
    "K4,Main,lost,lost,Boris,Форма,,,2026-03-05 10:00,2026-03-12 10:00,Дорого\n";
const std::string kCleanEvents = std::string(kEventHeader) +
    "K1,New,Qualification,2026-03-03 10:00\n"
    "K2,Qualification,Proposal,2026-03-04 10:00\n"
    "K3,Proposal,won,2026-03-10 10:00\n"
    "K4,Qualification,lost,2026-03-12 10:00\n";
const std::string kCleanTasks = std::string(kTaskHeader) +
    "T1,K1,Anna,2026-03-02 11:00,2026-03-25 10:00,\n"
    "T2,K2,Boris,2026-03-03 11:00,2026-03-25 10:00,\n";
const std::string kCleanActivities = std::string(kActivityHeader) +
    "A1,K1,Anna,call_out,2026-03-02 10:05,60\n"
    "A2,K2,Boris,email_out,2026-03-03 10:20,\n"
    "A3,K3,Anna,call_out,2026-03-04 10:03,120\n"
    "A4,K4,Boris,email_out,2026-03-05 10:10,\n";
constexpr std::string_view kMarch = R"({"from": "2026-03-01", "to": "2026-04-01", "as_of": "2026-03-20 12:00"})";

TEST(DataQuality, CleanDataHasEveryCheckAtZero) {
  const Report r = analyze({kCleanDeals, kCleanEvents, kCleanTasks, kCleanActivities}, kMarch);
  std::vector<std::string> names;
  for (const QualityRow& q : r.data_quality) {
    names.push_back(q.check);
    EXPECT_EQ(q.count, 0u) << q.check;
    EXPECT_TRUE(q.examples.empty()) << q.check;
    EXPECT_EQ(q.severity, "ok") << q.check;  // found nothing
  }
  // The earlier checks keep their order; the new ones follow.
  EXPECT_EQ(names, (std::vector<std::string>{"skipped_rows", "duplicate_deal_id", "missing_owner", "missing_source",
                                             "won_missing_amount", "lost_missing_reason", "closed_missing_closed_at",
                                             "unlinked_rows", "junk_stages", "too_many_loss_reasons",
                                             "open_without_task_or_touch", "artificial_cleanup", "mixed_currencies",
                                             "closed_before_created"}));
}

// ---- junk stages ---------------------------------------------------------------

struct JunkCase {
  std::string_view stage;
  bool junk;
};

// One open deal at the stage; case folded in ASCII and Cyrillic.
TEST(DataQuality, JunkStageWords) {
  const JunkCase cases[] = {
      {"Думает", true},       {"Клиент думают", true}, {"ЖДЁМ ответа", true}, {"ждем оплату", true},
      {"Ожидание", true},     {"Пауза", true},         {"Thinking", true},    {"WAITING for docs", true},
      {"On Hold", true},      {"Квалификация", false}, {"Переговоры", false}, {"Hold", false},
      {"Wait", false},        {"Ждали", false},
  };
  for (const JunkCase& c : cases) {
    const std::string deals = std::string(kDealHeader) + fmt::format("J1,Main,{},open,Anna,Звонок,,,2026-03-02 10:00,,\n", c.stage);
    const Report r = analyze({deals}, kMarch);
    if (c.junk) {
      expect_check(r, "junk_stages", 1, {std::string(c.stage)});
    } else {
      expect_check(r, "junk_stages", 0, {});
    }
  }
}

// Distinct names in use, case-insensitively, shown as first spelled: the
// deals' current stages in row order, then both sides of each event.
TEST(DataQuality, JunkStagesCountsDistinctNamesFromDealsAndEvents) {
  const std::string deals = std::string(kDealHeader) +
      "J1,Main,Думает,open,Anna,Звонок,,,2026-03-02 10:00,,\n"
      "J2,Main,думает,open,Anna,Звонок,,,2026-03-02 10:00,,\n"    // same name, other case: not again
      "J3,Main,Квалификация,open,Anna,Звонок,,,2026-03-02 10:00,,\n"
      "J4,Main,ON HOLD,open,Boris,Звонок,,,2026-03-02 10:00,,\n"
      "J5,Main,Ждем КП,open,Boris,Звонок,,,2026-03-02 10:00,,\n";
  const std::string events = std::string(kEventHeader) +
      "J3,Ждём ответа,Квалификация,2026-03-05 10:00\n"
      "J3,Квалификация,ЖДЁМ ОТВЕТА,2026-03-06 10:00\n"  // folded like "Ждём ответа"
      "J3,ЖДЁМ ОТВЕТА,Ожидание оплаты,2026-03-07 10:00\n"
      "J5,Переговоры,Waiting for docs,2026-03-08 10:00\n"
      "J5,Waiting for docs,Ждем КП,2026-03-09 10:00\n";
  const Report r = analyze({deals, events}, kMarch);
  // Думает, ON HOLD, Ждем КП (deals); Ждём ответа, Ожидание оплаты, Waiting for docs (events): 6.
  expect_check(r, "junk_stages", 6, {"Думает", "ON HOLD", "Ждем КП", "Ждём ответа", "Ожидание оплаты"});
  // How serious a finding is and what its count counts come with it (a face decides neither).
  EXPECT_EQ(quality(r, "junk_stages").severity, "medium");
  EXPECT_EQ(quality(r, "junk_stages").unit, "stages");
  EXPECT_EQ(quality(r, "missing_source").unit, "deals");
}

// ---- too many loss reasons ---------------------------------------------------------

// Lost deals with the given reasons, closed on `closed` (one row per use).
std::string lost_deals(const std::vector<std::pair<std::string_view, int>>& reasons, std::string_view closed,
                       std::string_view prefix) {
  std::string out;
  int n = 0;
  for (const auto& [reason, uses] : reasons) {
    for (int i = 0; i < uses; ++i) {
      out += fmt::format("{}{},Main,lost,lost,Anna,Звонок,,,2026-03-02 10:00,{},{}\n", prefix, ++n, closed, reason);
    }
  }
  return out;
}

// Eleven reasons over the period's lost deals: Дорого and Тест 3 uses, five
// reasons 2 uses, four reasons 1 use; one more reason outside the period and
// a lost deal without reason do not count.
const std::vector<std::pair<std::string_view, int>> kElevenReasons = {
    {"Дорого", 3}, {"Тест", 3}, {"Долго", 2}, {"Конкурент", 2}, {"Нет бюджета", 2}, {"Не актуально", 2},
    {"Сроки", 2},  {"Спам", 1}, {"Ошибка", 1}, {"Дубль", 1}, {"Другое", 1},
};

TEST(DataQuality, TooManyLossReasonsShowsTheLeastUsed) {
  const std::string deals = std::string(kDealHeader) + lost_deals(kElevenReasons, "2026-03-10 10:00", "L") +
                            lost_deals({{"Прошлый год", 1}}, "2026-02-10 10:00", "P") +
                            "N1,Main,lost,lost,Anna,Звонок,,,2026-03-02 10:00,2026-03-10 10:00,\n";
  const Report r = analyze({deals}, kMarch);
  // Least used first (the four single uses, by text), then the first of the 2-use reasons by text.
  expect_check(r, "too_many_loss_reasons", 11, {"Другое", "Дубль", "Ошибка", "Спам", "Долго"});
}

TEST(DataQuality, TenLossReasonsAreNotTooMany) {
  std::vector<std::pair<std::string_view, int>> ten(kElevenReasons.begin(), kElevenReasons.end() - 1);
  const std::string deals = std::string(kDealHeader) + lost_deals(ten, "2026-03-10 10:00", "L") +
                            lost_deals({{"Прошлый год", 1}}, "2026-02-10 10:00", "P");  // the 11th, not in March
  const Report r = analyze({deals}, kMarch);
  expect_check(r, "too_many_loss_reasons", 0, {});
}

// ---- open deals without task or touch -----------------------------------------------

TEST(DataQuality, OpenDealsWithoutTaskOrTouchAtNow) {
  // now = 03-20 12:00.
  const std::string deals = std::string(kDealHeader) +
      "O1,Main,New,open,Anna,Звонок,,,2026-03-02 10:00,,\n"                   // a task: worked
      "O2,Main,New,open,Anna,Звонок,,,2026-03-02 10:00,,\n"                   // an incoming touch: worked
      "O3,Main,New,open,Anna,Звонок,,,2026-03-02 10:00,,\n"                   // nothing: flagged
      "O4,Main,New,open,Anna,Звонок,,,2026-03-02 10:00,,\n"                   // only a task created after now: flagged
      "O5,Main,won,won,Anna,Звонок,10,RUB,2026-03-02 10:00,2026-03-05 10:00,\n"  // won: not open
      "O6,Main,won,won,Anna,Звонок,10,RUB,2026-03-02 10:00,2026-03-25 10:00,\n"  // won after now: open, flagged
      "O7,Main,New,open,Anna,Звонок,,,2026-03-21 10:00,,\n"                   // created after now: not there yet
      "O8,Main,New,open,Anna,Звонок,,,2026-03-02 10:00,,\n"                   // only a touch after now: flagged
      "O9,Main,New,open,Anna,Звонок,,,2026-03-02 10:00,,\n";                  // a task done long ago: worked
  const std::string tasks = std::string(kTaskHeader) +
      "T1,O1,Anna,2026-03-02 11:00,2026-03-25 10:00,\n"
      "T2,O4,Anna,2026-03-21 11:00,2026-03-25 10:00,\n"
      "T3,O9,Anna,2026-03-02 11:00,2026-03-03 10:00,2026-03-03 09:00\n";
  const std::string activities = std::string(kActivityHeader) +
      "A1,O2,Anna,call_in,2026-03-02 10:05,30\n"
      "A2,O8,Anna,call_out,2026-03-21 10:05,30\n";
  const Report r = analyze({deals, tasks, activities}, R"({"as_of": "2026-03-20 12:00"})");
  expect_check(r, "open_without_task_or_touch", 4, {"O3", "O4", "O6", "O8"});
}

// ---- artificial cleanup -------------------------------------------------------------

// March, now = 03-31 18:00: the last three days are [03-29 00:00, 04-01 00:00).
// Control periods (defaults): Qualification/Квалификация 2 days,
// Negotiation/Переговоры 5, else 3.
const std::string kCleanupDeals = std::string(kDealHeader) +
    "L1,Main,lost,lost,Anna,Звонок,,,2026-03-01 10:00,2026-03-30 10:00,Дорого\n"
    "L2,Main,lost,lost,Anna,Звонок,,,2026-03-20 10:00,2026-03-30 12:00,Дорого\n"
    "L3,Main,lost,lost,Anna,Звонок,,,2026-03-20 10:00,2026-03-29 10:00,Дорого\n"
    "L4,Main,lost,lost,Anna,Звонок,,,2026-03-20 10:00,2026-03-31 10:00,Дорого\n"
    "L5,Main,lost,lost,Anna,Звонок,,,2026-03-01 10:00,2026-03-15 10:00,Дорого\n"
    "L6,Main,lost,lost,Anna,Звонок,,,2026-03-01 10:00,2026-03-31 20:00,Дорого\n"
    "L7,Main,lost,lost,Anna,Звонок,,,2026-03-01 10:00,2026-03-28 23:00,Дорого\n"
    "L8,Продажи,Закрыто и не реализовано,lost,Boris,Звонок,,,2026-03-05 10:00,2026-03-30 10:00,Дорого\n"
    "L9,Продажи,Отказ,lost,Boris,Звонок,,,2026-03-05 10:00,2026-03-30 10:00,Дорого\n"
    "L10,Main,lost,lost,Boris,Звонок,,,2026-03-26 10:00,2026-03-30 10:00,Дорого\n";
const std::string kCleanupEvents = std::string(kEventHeader) +
    "L1,New,Qualification,2026-03-02 10:00\n"               // still 28 days > 2: stalled
    "L1,Qualification,lost,2026-03-30 10:00\n"
    "L2,New,Negotiation,2026-03-27 10:00\n"                 // 3 days 2 h, not > 5
    "L2,Negotiation,lost,2026-03-30 12:00\n"
    "L3,lost,New,2026-03-30 12:00\n"                        // after its loss: ignored; from created, 9 days > 3
    "L4,New,Meeting,2026-03-28 12:00\n"                     // 2 days 22 h, not > 3
    "L4,Meeting,lost,2026-03-31 10:00\n"
    "L8,Новая,Переговоры,2026-03-10 10:00\n"                // 20 days > 5: stalled
    "L8,Переговоры,Закрыто и не реализовано,2026-03-30 10:00\n"
    "L9,Новая,Квалификация,2026-03-10 10:00\n"              // 20 days > 2: stalled (Отказ is its lost stage)
    "L9,Квалификация,Отказ,2026-03-30 10:00\n"
    "L10,Переговоры,lost,2026-03-30 10:00\n";               // from created: 4 days, in Переговоры: not > 5
constexpr std::string_view kCleanupPeriod = R"({"from": "2026-03-01", "to": "2026-04-01", "as_of": "2026-03-31 18:00"})";

// Early losses (03-10) that only add to the period's losses.
std::string early_losses(int n) {
  std::string out;
  for (int i = 1; i <= n; ++i) {
    out += fmt::format("E{},Main,lost,lost,Anna,Звонок,,,2026-03-01 10:00,2026-03-10 10:00,Дорого\n", i);
  }
  return out;
}

TEST(DataQuality, ArtificialCleanupFlagsStalledLossesAtThePeriodEnd) {
  const Report r = analyze({kCleanupDeals, kCleanupEvents}, kCleanupPeriod);
  // Losses in March by now: L1-L5, L7-L10 = 9 (L6 closes after now). In the
  // last three days: L1, L2, L3, L4, L8, L9, L10; stalled: L1, L3, L8, L9 = 4 of 9.
  expect_check(r, "artificial_cleanup", 4, {"L1", "L3", "L8", "L9"});
}

TEST(DataQuality, ArtificialCleanupNeedsMoreThanTwentyPercentOfLosses) {
  // 4 of 19 losses (21 %): flagged; 4 of 20 (exactly 20 %): not.
  const Report flagged = analyze({kCleanupDeals + early_losses(10), kCleanupEvents}, kCleanupPeriod);
  expect_check(flagged, "artificial_cleanup", 4, {"L1", "L3", "L8", "L9"});
  const Report calm = analyze({kCleanupDeals + early_losses(11), kCleanupEvents}, kCleanupPeriod);
  expect_check(calm, "artificial_cleanup", 0, {});
}

// ---- mixed currencies -------------------------------------------------------------

TEST(DataQuality, MixedCurrenciesAmongDealsWonInThePeriod) {
  const std::string deals = std::string(kDealHeader) +
      "M1,Main,won,won,Anna,Звонок,100,RUB,2026-03-02 10:00,2026-03-05 10:00,\n"
      "M2,Main,won,won,Anna,Звонок,100,USD,2026-03-02 10:00,2026-03-06 10:00,\n"
      "M3,Main,won,won,Anna,Звонок,100,RUB,2026-03-02 10:00,2026-03-07 10:00,\n"
      "M4,Main,won,won,Anna,Звонок,100,,2026-03-02 10:00,2026-03-07 10:00,\n"           // no currency
      "M5,Main,won,won,Anna,Звонок,100,EUR,2026-02-02 10:00,2026-02-07 10:00,\n"         // won before March
      "M6,Main,lost,lost,Anna,Звонок,100,KZT,2026-03-02 10:00,2026-03-07 10:00,Дорого\n";  // not won
  const Report mixed = analyze({deals}, kMarch);
  expect_check(mixed, "mixed_currencies", 2, {"RUB", "USD"});
  EXPECT_EQ(quality(mixed, "mixed_currencies").severity, "high");
  EXPECT_EQ(quality(mixed, "mixed_currencies").unit, "currencies");

  const std::string one = std::string(kDealHeader) +
      "M1,Main,won,won,Anna,Звонок,100,RUB,2026-03-02 10:00,2026-03-05 10:00,\n"
      "M5,Main,won,won,Anna,Звонок,100,EUR,2026-02-02 10:00,2026-02-07 10:00,\n";
  expect_check(analyze({one}, kMarch), "mixed_currencies", 0, {});
}

// report.currency: the deals' one currency as an ISO code; RUB when none names
// one; null when several or an unknown one.
TEST(DataQuality, ReportCurrencyIsTheDealsOneCurrency) {
  const auto with = [](const std::string& a, const std::string& b) {
    return std::string(kDealHeader) + "C1,Main,won,won,Anna,Звонок,100," + a +
           ",2026-03-02 10:00,2026-03-05 10:00,\n" "C2,Main,open,open,Anna,Звонок,100," + b +
           ",2026-03-02 10:00,,\n";
  };
  EXPECT_EQ(analyze({with("RUB", "руб.")}, kMarch).currency, "RUB");
  EXPECT_EQ(analyze({with("₽", "")}, kMarch).currency, "RUB");   // a deal without one does not count
  EXPECT_EQ(analyze({with("usd", "$")}, kMarch).currency, "USD");
  EXPECT_EQ(analyze({with("RUB", "USD")}, kMarch).currency, "");  // several: no one currency
  EXPECT_EQ(analyze({with("", "")}, kMarch).currency, "RUB");     // none named: bare amounts are rubles
  EXPECT_EQ(analyze({with("рубли и копейки", "RUB")}, kMarch).currency, "");  // unknown: not guessed
}

// ---- coverage -----------------------------------------------------------------------

struct ExpectedCoverage {
  std::string metric;
  uint64_t covered, total;
  std::string note;
};

// Each row's verdict, its uncovered percent and why nothing is covered, as "severity pct code"
// ("high 100 NEEDS_TASKS", "ok - "): what a face shows without re-deriving it.
std::vector<std::string> judged(const Report& r) {
  std::vector<std::string> out;
  for (const CoverageRow& row : r.coverage) {
    out.push_back(fmt::format("{} {} {}", row.severity, row.lacking_pct ? std::to_string(*row.lacking_pct) : "-", row.code));
  }
  return out;
}

void expect_coverage(const Report& r, const std::vector<ExpectedCoverage>& want) {
  ASSERT_EQ(r.coverage.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const CoverageRow& got = r.coverage[i];
    EXPECT_EQ(got.metric, want[i].metric) << i;
    EXPECT_EQ(got.covered, want[i].covered) << want[i].metric;
    EXPECT_EQ(got.total, want[i].total) << want[i].metric;
    EXPECT_EQ(got.note, want[i].note) << want[i].metric;
  }
}

// now = Friday 03-20 12:00, period from 03-01.
const std::string kCoverageDeals = std::string(kDealHeader) +
    "C1,Main,Qualification,open,Anna,Звонок,,,2026-03-02 10:00,,\n"
    "C2,Main,New,open,Anna,,,,2026-03-03 10:00,,\n"
    "C3,Main,New,open,Boris,Звонок,,,2026-03-20 11:55,,\n"
    "C4,Main,won,won,Boris,Звонок,1000,RUB,2026-03-04 10:00,2026-03-10 10:00,\n"
    "C5,Main,won,won,Anna,Звонок,,,2026-03-05 10:00,2026-03-12 10:00,\n"
    "C6,Main,lost,lost,Anna,Звонок,,,2026-03-06 10:00,2026-03-15 10:00,Дорого\n"
    "C7,Main,lost,lost,Boris,Звонок,,,2026-03-07 10:00,,Дорого\n"
    "C8,Main,New,open,Anna,Звонок,,,2026-02-20 10:00,,\n"
    "C9,Main,won,won,Boris,Звонок,500,RUB,2026-03-08 10:00,2026-03-25 10:00,\n";
const std::string kCoverageEvents = std::string(kEventHeader) +
    "C1,New,Qualification,2026-03-03 10:00\n"
    "C4,New,won,2026-03-10 10:00\n"
    "C6,New,lost,2026-03-15 10:00\n"
    "C9,New,won,2026-03-25 10:00\n";  // after now: not seen
const std::string kCoverageTasks = std::string(kTaskHeader) +
    "T1,C1,Anna,2026-03-02 11:00,2026-03-25 10:00,\n"
    "T2,C3,Boris,2026-03-20 11:56,,\n"                       // undated: still a task
    "T3,C9,Boris,2026-03-08 11:00,2026-03-09 10:00,2026-03-09 09:00\n"
    "T4,C8,Anna,2026-03-21 10:00,2026-03-25 10:00,\n";       // created after now: not seen
const std::string kCoverageActivities = std::string(kActivityHeader) +
    "A1,C1,Anna,call_out,2026-03-02 10:05,60\n"
    "A2,C4,Boris,call_out,2026-03-04 10:02,\n"
    "A3,C4,Boris,email_in,2026-03-05 10:00,\n"
    "A4,C5,Anna,call_out,2026-03-05 10:00,5\n"               // a response, but too short to be a touch
    "A5,C6,Anna,call_out,2026-03-06 10:30,60\n"
    "A6,C9,Boris,message_out,2026-03-08 10:10,\n";
constexpr std::string_view kCoveragePeriod = R"({"from": "2026-03-01", "as_of": "2026-03-20 12:00"})";

TEST(Coverage, EveryFamilyInOrderWithWhatTheRestLacks) {
  const Report r = analyze({kCoverageDeals, kCoverageEvents, kCoverageTasks, kCoverageActivities}, kCoveragePeriod);
  expect_coverage(r, {
      // Created in the period: C1-C7, C9 = 8; answered: C1, C4, C5, C6, C9 = 5; 3 of 8 = 37.5 %.
      {"frt", 5, 8, "38 % have no outgoing touch"},
      // Decided: the 5 answered, C2 and C7 past their deadline; C3 (10 working minutes from 11:55) pending.
      {"sla", 7, 8, "13 % still within their deadline"},
      // Open at now: C1, C2, C3, C8, C9 (won after now); with a task: C1, C3 (undated), C9 (done).
      {"next_step", 3, 5, "40 % of open deals have no task"},
      // Won in the period: C4 (2 touches), C5 (only a 5 s call).
      {"touches", 1, 2, "50 % of won deals have no touch"},
      // All nine exist at now; history by now: C1, C4, C6.
      {"conversion", 3, 9, "67 % of deals have no stage history"},
      // Closed at now: C4, C5, C6, C7 (C9 closes after now); C7 has no close date.
      {"win_rate", 3, 4, "25 % of closed deals have no close date"},
      // Won in the period: C4 with an amount, C5 without.
      {"revenue", 1, 2, "50 % of won deals have no amount"},
  });
  // High under half covered, medium under 90 %.
  EXPECT_EQ(judged(r), (std::vector<std::string>{"medium 38 ", "medium 13 ", "medium 40 ", "medium 50 ", "high 67 ",
                                                 "medium 25 ", "medium 50 "}));
}

TEST(Coverage, MissingInputsAreNamed) {
  // Deals only: no activities, tasks or stage history to cover anything with.
  const Report r = analyze({kCoverageDeals}, kCoveragePeriod);
  expect_coverage(r, {
      {"frt", 0, 8, "no activities loaded"},
      {"sla", 0, 8, "no activities loaded"},
      {"next_step", 0, 5, "no tasks with due dates loaded"},
      {"touches", 0, 2, "no activities loaded"},
      {"conversion", 0, 9, "no stage events loaded"},
      {"win_rate", 3, 4, "25 % of closed deals have no close date"},
      {"revenue", 1, 2, "50 % of won deals have no amount"},
  });
  EXPECT_EQ(judged(r), (std::vector<std::string>{"high 100 NEEDS_ACTIVITIES", "high 100 NEEDS_ACTIVITIES", "high 100 NEEDS_TASKS",
                                                 "high 100 NEEDS_ACTIVITIES", "high 100 NEEDS_HISTORY", "medium 25 ", "medium 50 "}));

  // No deals at all: every cohort is empty.
  const Report empty = analyze({kCoverageActivities}, kCoveragePeriod);
  expect_coverage(empty, {
      {"frt", 0, 0, "no deals loaded"},
      {"sla", 0, 0, "no deals loaded"},
      {"next_step", 0, 0, "no tasks with due dates loaded"},
      {"touches", 0, 0, "no deals loaded"},
      {"conversion", 0, 0, "no deals loaded"},
      {"win_rate", 0, 0, "no deals loaded"},
      {"revenue", 0, 0, "no deals loaded"},
  });
  EXPECT_EQ(judged(empty), (std::vector<std::string>{"high - NEEDS_DEALS", "high - NEEDS_DEALS", "high - NEEDS_TASKS", "high - NEEDS_DEALS",
                                                     "high - NEEDS_DEALS", "high - NEEDS_DEALS", "high - NEEDS_DEALS"}));
}

TEST(Coverage, FullyCoveredHasNoNote) {
  const Report r = analyze({kCleanDeals, kCleanEvents, kCleanTasks, kCleanActivities}, kMarch);
  for (const CoverageRow& row : r.coverage) {
    EXPECT_EQ(row.covered, row.total) << row.metric;
    EXPECT_EQ(row.note, "") << row.metric;
  }
  for (const std::string& verdict : judged(r)) EXPECT_EQ(verdict, "ok - ");
  EXPECT_EQ(r.coverage.size(), 7u);
}

// Whole percent, half up, but a partial gap never reads "0 %" or "100 %".
TEST(Coverage, PercentRoundsButNeverHidesAGap) {
  struct Case {
    int won, with_amount;
    std::string note;
  };
  const Case cases[] = {
      {8, 7, "13 % of won deals have no amount"},   // 12.5 rounds up
      {300, 299, "1 % of won deals have no amount"},  // 0.33 %: not 0
      {300, 1, "99 % of won deals have no amount"},   // 99.67 %: not 100
      {2, 0, "100 % of won deals have no amount"},
  };
  for (const Case& c : cases) {
    std::string deals(kDealHeader);
    for (int i = 0; i < c.won; ++i) {
      deals += fmt::format("W{},Main,won,won,Anna,Звонок,{},RUB,2026-03-02 10:00,2026-03-05 10:00,\n", i,
                           i < c.with_amount ? "100" : "");
    }
    const Report r = analyze({deals}, kMarch);
    ASSERT_EQ(r.coverage.back().metric, "revenue");
    EXPECT_EQ(r.coverage.back().note, c.note) << c.won << " " << c.with_amount;
  }
}

}  // namespace
}  // namespace kpi
