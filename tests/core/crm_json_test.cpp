// CRM API dumps: amoCRM API v4 pages (tests/fixtures/amocrm-api) and
// Bitrix24 REST replies (tests/fixtures/bitrix24-rest) hold the same five
// deals (tests/fixtures/equivalence/README.md), in multi-page files, separate
// page files, a bare array, with users, pipelines, statuses and loss reasons
// in files of their own. Every value below is counted by hand; the ids they
// name resolve whatever order the files come in, and removing a file undoes
// only what it said.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/analyzer.h"
#include "core/sources/crm_json.h"
#include "tests/core/support.h"

namespace kpi {
namespace {

using test::expect_value;
using test::find;

// March 2026 in Moscow, as of the end of the month.
constexpr std::string_view kMarch =
    R"({"as_of": "2026-03-31T23:59:59+03:00", "from": "2026-03-01T00:00:00+03:00", "to": "2026-04-01T00:00:00+03:00"})";

std::string read_fixture(const std::string& path) {
  std::ifstream in(std::string(KPI_FIXTURES) + "/" + path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Feeds a file in 100-byte chunks (a JSON dump is buffered whole: chunking must not matter).
InputSummary feed(Analyzer& a, std::string_view name, std::string_view bytes) {
  Issue error;
  EXPECT_TRUE(a.begin_file(name, error)) << error.message;
  for (size_t i = 0; i < bytes.size(); i += 100) a.feed(bytes.substr(i, 100));
  return a.end_file();
}

InputSummary load(Analyzer& a, const std::string& path) {
  const std::string bytes = read_fixture(path);
  EXPECT_FALSE(bytes.empty()) << path;
  return feed(a, path.substr(path.rfind('/') + 1), bytes);
}

const std::vector<std::string> kAmoFiles = {
    "amocrm-api/leads_page_1.json", "amocrm-api/leads_page_2.json", "amocrm-api/events.json",
    "amocrm-api/tasks.json",        "amocrm-api/notes.json",        "amocrm-api/pipelines.json",
    "amocrm-api/users.json",        "amocrm-api/loss_reasons.json",
};
const std::vector<std::string> kBitrixFiles = {
    "bitrix24-rest/crm.deal.list.json",           "bitrix24-rest/crm.stagehistory.list.json",
    "bitrix24-rest/crm.activity.list_page1.json", "bitrix24-rest/crm.activity.list_page2.json",
    "bitrix24-rest/tasks.task.list.json",         "bitrix24-rest/crm.status.list.json",
    "bitrix24-rest/crm.category.list.json",       "bitrix24-rest/user.get.json",
};

void load_all(Analyzer& a, const std::vector<std::string>& files) {
  test::configure(a, kMarch);
  for (const std::string& f : files) {
    const InputSummary s = load(a, f);
    ASSERT_TRUE(s.ok) << f << ": " << s.error.message;
    ASSERT_EQ(s.skipped, 0u) << f;
    ASSERT_EQ(s.issue_count, 0u) << f << ": " << (s.issues.empty() ? "" : s.issues[0].message);
  }
}

// The hand-computed report of the five deals, whichever CRM they come from.
void expect_scenario(const Report& r) {
  // Won: 1001 (Анна, closed 03-05, 100 000) and 1004 (Игорь, 03-10, 30 000);
  // lost: 1002 (Анна, «Дорого») and 1005 (Игорь, «Нет бюджета»); 1003 open.
  expect_value(r.team, Metric::kWonCount, 2);
  expect_value(r.team, Metric::kLostCount, 2);
  expect_value(r.team, Metric::kWinRate, 0.5);         // 2 / (2 + 2)
  expect_value(r.team, Metric::kRevenue, 130000);      // 100 000 + 30 000
  expect_value(r.team, Metric::kAvgWonAmount, 65000);  // 130 000 / 2
  expect_value(r.team, Metric::kOpenCount, 1);         // 1003
  // Tasks due in March: #1 (due 03-20 18:00, done 17:00), #3 (due 03-03
  // 12:00, done 03-04 10:00: late), #4 (due 03-11 12:00, done 11:00); #2 is
  // due 04-02. Overdue = 1 / 3.
  expect_value(r.team, Metric::kTasksDueCount, 3);
  expect_value(r.team, Metric::kOverdueShare, 1.0 / 3.0);
  // Touches before the close: 1001 has calls #1 and #2; 1004 has call #4 and
  // the chat message of 03-06 → (2 + 2) / 2.
  expect_value(r.team, Metric::kTouchesPerWonMean, 2);
  // First outgoing touch: 1001 10:00 → 10:20 = 20 min; 1003 09:00 → 09:30 =
  // 30 min; 1004 14:00 → 15:00 = 60 min (all on working days, in hours).
  expect_value(r.team, Metric::kFrtMeanMin, (20.0 + 30.0 + 60.0) / 3.0);
  const MetricValues& anna = find(r.managers, "Анна Смирнова");
  expect_value(anna, Metric::kWinRate, 0.5);  // 1001 won, 1002 lost
  expect_value(anna, Metric::kRevenue, 100000);
  expect_value(anna, Metric::kOverdueShare, 0.5);  // #3 late, #4 on time
  expect_value(anna, Metric::kFrtMeanMin, 20);
  const MetricValues& igor = find(r.managers, "Игорь Петров");
  expect_value(igor, Metric::kWinRate, 0.5);  // 1004 won, 1005 lost
  expect_value(igor, Metric::kRevenue, 30000);
  expect_value(igor, Metric::kOverdueShare, 0);  // #1 on time
  expect_value(igor, Metric::kFrtMeanMin, 45);   // (30 + 60) / 2
  // Sources by name: Звонок = 1001 won + 1003 open; Сайт = 1002, 1005 lost, 1004 won.
  expect_value(find(r.by_source, "Звонок"), Metric::kWinRate, 1);
  expect_value(find(r.by_source, "Сайт"), Metric::kWinRate, 1.0 / 3.0);
  ASSERT_EQ(r.loss_reasons.size(), 2u);
  EXPECT_EQ(r.loss_reasons[0].reason, "Дорого");
  EXPECT_EQ(r.loss_reasons[0].count, 1u);
  EXPECT_EQ(r.loss_reasons[1].reason, "Нет бюджета");
  EXPECT_EQ(r.loss_reasons[1].count, 1u);
  // Stage rows of «Продажи» in the order of the pipeline / status files
  // (sort 10, 20, 30). Every deal starts in Первичный контакт; all but 1002
  // (lost from there) reached Переговоры; the won deals passed Принимают
  // решение (a skipped stage is reached), which only the reference file names.
  ASSERT_EQ(r.stages.size(), 3u);
  EXPECT_EQ(r.stages[0].pipeline, "Продажи");
  EXPECT_EQ(r.stages[0].stage, "Первичный контакт");
  EXPECT_EQ(r.stages[0].reached, 5);
  EXPECT_EQ(r.stages[0].converted, 4);
  EXPECT_EQ(r.stages[1].stage, "Переговоры");
  EXPECT_EQ(r.stages[1].reached, 4);
  EXPECT_EQ(r.stages[1].converted, 2);  // 1001, 1004
  EXPECT_EQ(r.stages[1].open, 1);       // 1003
  EXPECT_EQ(r.stages[2].stage, "Принимают решение");
  EXPECT_EQ(r.stages[2].reached, 2);
  // Task #4 belongs to deal 9999, which no file holds.
  const auto unlinked = std::find_if(r.data_quality.begin(), r.data_quality.end(),
                                     [](const QualityRow& q) { return q.check == "unlinked_rows"; });
  ASSERT_NE(unlinked, r.data_quality.end());
  EXPECT_EQ(unlinked->count, 1u);
  EXPECT_EQ(unlinked->examples, std::vector<std::string>{"9999"});
}

TEST(AmoCrmApi, ReadsEveryEndpoint) {
  Analyzer a;
  load_all(a, kAmoFiles);
  const std::vector<InputSummary>& f = a.files();
  // Rows: 3 + 2 leads; 8 status changes + 1 chat + 1 call event (the contact's
  // call and lead_added are not read); 4 tasks; 4 call notes (the common note
  // is no touch); 1 pipeline + 5 statuses; 2 users; 1 loss reason.
  const std::vector<std::pair<std::string, uint64_t>> kinds = {
      {"deals", 3}, {"deals", 2}, {"events", 10}, {"tasks", 4},
      {"activities", 4}, {"pipelines", 6}, {"users", 2}, {"loss_reasons", 1}};
  ASSERT_EQ(f.size(), kinds.size());
  for (size_t i = 0; i < f.size(); ++i) {
    EXPECT_EQ(f[i].format, "amocrm-json") << f[i].file;
    EXPECT_EQ(f[i].kind, kinds[i].first) << f[i].file;
    EXPECT_EQ(f[i].rows, kinds[i].second) << f[i].file;
  }
  expect_scenario(a.analyze());
}

TEST(AmoCrmApi, ReferenceFilesMayComeFirst) {
  Analyzer a;
  std::vector<std::string> reversed(kAmoFiles.rbegin(), kAmoFiles.rend());
  load_all(a, reversed);
  expect_scenario(a.analyze());
}

TEST(AmoCrmApi, UnresolvedIdsKeepTheirPlaceholderAndRemovingAFileUndoesItsNames) {
  Analyzer a;
  test::configure(a, kMarch);
  ASSERT_TRUE(load(a, "amocrm-api/leads_page_1.json").ok);
  ASSERT_TRUE(load(a, "amocrm-api/users.json").ok);
  Report r = a.analyze();
  // Page 1: 1001, 1002 (user 501) and 1003 (user 502), named by the users file.
  ASSERT_EQ(r.managers.size(), 2u);
  EXPECT_EQ(r.managers[0].name, "Анна Смирнова");
  EXPECT_EQ(r.managers[1].name, "Игорь Петров");
  ASSERT_TRUE(a.remove_file(1));  // the users file
  r = a.analyze();
  std::vector<std::string> names;
  for (const NamedMetrics& m : r.managers) names.push_back(m.name);
  EXPECT_EQ(names, (std::vector<std::string>{"amocrm:user:501", "amocrm:user:502"}));
  // Without a pipelines file the stage shows as pipeline:status, the pipeline as its id.
  ASSERT_FALSE(r.stages.empty());
  EXPECT_EQ(r.stages[0].pipeline, "amocrm:pipeline:7001");
  EXPECT_EQ(r.stages[0].stage, "amocrm:stage:7001:62");  // 1003's; 1001 and 1002 are closed
  // The model itself never holds resolved names: analysis restores it.
  EXPECT_EQ(a.dataset().strings.view(a.dataset().deals.owner[0]), "amocrm:user:501");
}

TEST(AmoCrmApi, ACallInEventsAndNotesCountsOnce) {
  Analyzer a;
  test::configure(a, kMarch);
  for (const char* f : {"amocrm-api/leads_page_2.json", "amocrm-api/events.json"}) ASSERT_TRUE(load(a, f).ok);
  // Without notes, 1004's touches are the call event and the chat: 2 → mean over 1004 alone = 2.
  expect_value(a.analyze().team, Metric::kTouchesPerWonMean, 2);
  ASSERT_TRUE(load(a, "amocrm-api/notes.json").ok);
  // With notes, call note 40004 is the same call as the event pointing at it: still 2.
  expect_value(a.analyze().team, Metric::kTouchesPerWonMean, 2);
}

TEST(AmoCrmApi, BareArrayAndLeadFields) {
  Analyzer a;
  test::configure(a, kMarch);
  const InputSummary s = feed(a, "leads.json", R"([
    {"id": 7, "name": "Lead 7", "price": 1500, "responsible_user_id": 0, "status_id": 143, "pipeline_id": 1,
     "created_at": 1772434800, "closed_at": 1772521200, "loss_reason_id": null,
     "_embedded": {"loss_reason": {"id": 4, "name": "Конкурент"}}},
    {"id": 8, "is_deleted": true, "status_id": 142, "pipeline_id": 1, "created_at": 1772434800},
    {"id": 9, "price": null, "responsible_user_id": 0, "status_id": 143, "pipeline_id": 1,
     "created_at": 1772434800, "closed_at": 1772521200, "_embedded": {"loss_reason": [{"id": 4, "name": "Конкурент"}]}}
  ])");
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.kind, "deals");
  EXPECT_EQ(s.rows, 2u);  // a deleted lead is not read
  const Dataset& d = a.dataset();
  EXPECT_EQ(d.deals.state[0], DealState::kLost);  // 143
  EXPECT_EQ(d.deals.owner[0], kNoStr);            // 0: the robot, no manager
  EXPECT_EQ(d.strings.view(d.deals.loss_reason[0]), "amocrm:loss_reason:4");
  EXPECT_EQ(d.references.size(), 1u);  // 7 and 9 name reason 4 alike: one reference row
  const Report r = a.analyze();
  ASSERT_EQ(r.loss_reasons.size(), 1u);
  EXPECT_EQ(r.loss_reasons[0].reason, "Конкурент");  // the embedded name resolves it
  EXPECT_EQ(r.loss_reasons[0].count, 2u);             // leads 7 and 9 (an array form)
}

TEST(Bitrix24Rest, ReadsEveryMethod) {
  Analyzer a;
  load_all(a, kBitrixFiles);
  const std::vector<InputSummary>& f = a.files();
  // Rows: 5 deals (two pages in one file); 13 history records (5 creations
  // + 8 moves); 4 + 3 activities less the contact's call and the planned
  // one = 3 + 2; 4 tasks; 6 stages + 2 sources (DEAL_TYPE is not read);
  // 1 pipeline; 2 users.
  const std::vector<std::pair<std::string, uint64_t>> kinds = {
      {"deals", 5}, {"stage_events", 13}, {"activities", 4}, {"activities", 1},
      {"tasks", 4}, {"statuses", 8}, {"pipelines", 1}, {"users", 2}};
  ASSERT_EQ(f.size(), kinds.size());
  for (size_t i = 0; i < f.size(); ++i) {
    EXPECT_EQ(f[i].format, "bitrix24-json") << f[i].file;
    EXPECT_EQ(f[i].kind, kinds[i].first) << f[i].file;
    EXPECT_EQ(f[i].rows, kinds[i].second) << f[i].file;
  }
  // The stage left comes from the previous record of the same deal; a
  // creation record is the entry into the first stage (no stage left).
  const Dataset& d = a.dataset();
  EXPECT_EQ(d.stage_events.size(), 13u);  // 5 creations + 8 moves
  EXPECT_EQ(d.strings.view(d.stage_events.from_stage[0]), "");
  EXPECT_EQ(d.strings.view(d.stage_events.to_stage[0]), "bitrix24:stage:NEW");
  EXPECT_EQ(d.strings.view(d.stage_events.from_stage[1]), "bitrix24:stage:NEW");
  EXPECT_EQ(d.strings.view(d.stage_events.to_stage[1]), "bitrix24:stage:PREPARATION");
  expect_scenario(a.analyze());
}

TEST(Bitrix24Rest, ReferenceFilesMayComeFirst) {
  Analyzer a;
  std::vector<std::string> reversed(kBitrixFiles.rbegin(), kBitrixFiles.rend());
  load_all(a, reversed);
  expect_scenario(a.analyze());
}

TEST(Bitrix24Rest, StateFromTheStageWhenTheDealDoesNotSay) {
  Analyzer a;
  test::configure(a, kMarch);
  // No STAGE_SEMANTIC_ID, not CLOSED: open, until a status list says UC_GONE is a failure.
  const InputSummary s = feed(a, "deals.json", R"({"result": [
    {"ID": "1", "STAGE_ID": "C2:UC_GONE", "CATEGORY_ID": "2", "DATE_CREATE": "2026-03-02T10:00:00+03:00",
     "MOVED_TIME": "2026-03-04T10:00:00+03:00", "ASSIGNED_BY_ID": "9", "OPPORTUNITY": "10.50"},
    {"ID": "2", "STAGE_ID": "C2:WON", "CATEGORY_ID": 2, "DATE_CREATE": "2026-03-02T10:00:00+03:00",
     "MOVED_TIME": "2026-03-05T10:00:00+03:00", "ASSIGNED_BY_ID": "9", "OPPORTUNITY": "19999.99"}
  ], "total": 2})");
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(a.dataset().deals.state[0], DealState::kOpen);
  EXPECT_EQ(a.dataset().deals.state[1], DealState::kWon);  // the success stage is always WON
  expect_value(a.analyze().team, Metric::kLostCount, 0);  // deal 2 won, deal 1 open
  const InputSummary st = feed(a, "status.json", R"({"result": [
    {"ENTITY_ID": "DEAL_STAGE_2", "STATUS_ID": "C2:UC_GONE", "NAME": "Пропал", "SORT": "70",
     "EXTRA": {"SEMANTICS": "failure"}}]})");
  ASSERT_TRUE(st.ok) << st.error.message;
  const Report r = a.analyze();
  expect_value(r.team, Metric::kLostCount, 1);
  expect_value(r.team, Metric::kRevenue, 19999.99);
  // A deal lost at analysis time has no loss reason of its own (it was open when read).
  EXPECT_EQ(a.dataset().deals.state[0], DealState::kOpen);  // restored after the analysis
}

// Issue 12, defect 3: a Bitrix24 stage history of creation records only, or
// of deals no file holds, is still a history: the report says what is true
// and counts the records of unknown deals in unlinked_rows.
TEST(Bitrix24Rest, AHistoryOfCreationRecordsIsAHistory) {
  Analyzer a;
  ASSERT_TRUE(feed(a, "deals.json", R"({"result": [
    {"ID": "7", "TITLE": "A", "STAGE_ID": "NEW", "ASSIGNED_BY_ID": "1", "DATE_CREATE": "2026-03-02T10:00:00+03:00",
     "OPPORTUNITY": "100", "CLOSED": "N"},
    {"ID": "8", "TITLE": "B", "STAGE_ID": "NEW", "ASSIGNED_BY_ID": "1", "DATE_CREATE": "2026-03-03T10:00:00+03:00",
     "OPPORTUNITY": "200", "CLOSED": "N"}]})").ok);
  const InputSummary s = feed(a, "history.json", R"({"result": {"items": [
    {"ID": 1, "TYPE_ID": 1, "OWNER_ID": 7, "CREATED_TIME": "2026-03-02T10:00:00+03:00", "STAGE_ID": "NEW"},
    {"ID": 2, "TYPE_ID": 1, "OWNER_ID": 8, "CREATED_TIME": "2026-03-03T10:00:00+03:00", "STAGE_ID": "NEW"},
    {"ID": 3, "TYPE_ID": 1, "OWNER_ID": 99, "CREATED_TIME": "2026-03-03T11:00:00+03:00", "STAGE_ID": "NEW"},
    {"ID": 4, "TYPE_ID": 2, "OWNER_ID": 98, "CREATED_TIME": "2026-03-04T11:00:00+03:00", "STAGE_ID": "WON"}]}})");
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.kind, "stage_events");
  EXPECT_EQ(s.rows, 4u);
  const Report r = a.analyze();
  for (const Unavailable& u : r.unavailable) {
    EXPECT_NE(u.reason, "needs stage history (stage_events)") << u.metric;
  }
  bool covered = false;
  for (const CoverageRow& cov : r.coverage) {
    if (cov.metric != "conversion") continue;
    covered = true;
    EXPECT_EQ(cov.covered, 2u);  // both deals have a history: their creation records
    EXPECT_EQ(cov.total, 2u);
    EXPECT_EQ(cov.note, "");
  }
  EXPECT_TRUE(covered);
  bool unlinked = false;
  for (const QualityRow& q : r.data_quality) {
    if (q.check != "unlinked_rows") continue;
    unlinked = true;
    EXPECT_EQ(q.count, 2u);  // the records of deals 99 and 98
    EXPECT_EQ(q.examples, (std::vector<std::string>{"99", "98"}));
  }
  EXPECT_TRUE(unlinked);
}

TEST(Bitrix24Rest, AHistoryOfUnknownDealsOnlySaysSo) {
  Analyzer a;
  ASSERT_TRUE(feed(a, "deals.json", R"({"result": [
    {"ID": "7", "TITLE": "A", "STAGE_ID": "NEW", "ASSIGNED_BY_ID": "1", "DATE_CREATE": "2026-03-02T10:00:00+03:00",
     "OPPORTUNITY": "100", "CLOSED": "N"}]})").ok);
  ASSERT_TRUE(feed(a, "history.json", R"({"result": {"items": [
    {"ID": 3, "TYPE_ID": 1, "OWNER_ID": 99, "CREATED_TIME": "2026-03-03T11:00:00+03:00", "STAGE_ID": "NEW"}]}})").ok);
  const Report r = a.analyze();
  bool conversion = false;
  for (const Unavailable& u : r.unavailable) {
    if (u.metric != "conversion") continue;
    conversion = true;
    EXPECT_EQ(u.reason, "no stage event of a known deal at or before as_of");
  }
  EXPECT_TRUE(conversion);
  size_t notes = 0;
  for (const CoverageRow& cov : r.coverage) {
    if (cov.metric != "conversion") continue;
    ++notes;
    EXPECT_EQ(cov.note, "100 % of deals have no stage history");
  }
  EXPECT_EQ(notes, 1u);
}

TEST(Bitrix24Rest, AHistorySpanningPagesOfOneFileIsOneHistory) {
  Analyzer a;
  // Replies in ID order, as the API pages them: deal 7's records fall on both pages.
  const InputSummary s = feed(a, "history.json", R"([
    {"result": {"items": [
      {"ID": 1, "TYPE_ID": 1, "OWNER_ID": 7, "CREATED_TIME": "2026-03-02T10:00:00+03:00", "STAGE_ID": "NEW"},
      {"ID": 2, "TYPE_ID": 1, "OWNER_ID": 8, "CREATED_TIME": "2026-03-02T11:00:00+03:00", "STAGE_ID": "NEW"}]},
     "next": 2, "total": 4},
    {"result": {"items": [
      {"ID": 3, "TYPE_ID": 2, "OWNER_ID": 7, "CREATED_TIME": "2026-03-03T10:00:00+03:00", "STAGE_ID": "PREPARATION"},
      {"ID": 4, "TYPE_ID": 3, "OWNER_ID": 7, "CREATED_TIME": "2026-03-04T10:00:00+03:00", "STAGE_ID": "WON"}]},
     "total": 4}
  ])");
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.kind, "stage_events");
  EXPECT_EQ(s.rows, 4u);  // 2 creations + 2 moves
  const Dataset& d = a.dataset();
  ASSERT_EQ(d.stage_events.size(), 4u);  // deal 7: created in NEW, two moves; deal 8: created in NEW
  EXPECT_EQ(d.strings.view(d.stage_events.from_stage[0]), "");
  EXPECT_EQ(d.strings.view(d.stage_events.to_stage[0]), "bitrix24:stage:NEW");
  EXPECT_EQ(d.strings.view(d.stage_events.from_stage[1]), "bitrix24:stage:NEW");  // from page 1
  EXPECT_EQ(d.strings.view(d.stage_events.to_stage[1]), "bitrix24:stage:PREPARATION");
  EXPECT_EQ(d.strings.view(d.stage_events.from_stage[2]), "bitrix24:stage:PREPARATION");
  EXPECT_EQ(d.strings.view(d.stage_events.to_stage[2]), "bitrix24:stage:WON");
  EXPECT_EQ(d.strings.view(d.stage_events.from_stage[3]), "");
}

// ---- errors ----------------------------------------------------------------------

struct BadCase {
  const char* name;
  std::string json;
  ErrorCode code;
  const char* message_part;
  uint64_t byte;
};

TEST(CrmJson, BadFilesFailAloneWithANamedError) {
  const std::vector<BadCase> cases = {
      {"truncated", R"({"_embedded": {"leads": [{"id": 1, "name": "A)", ErrorCode::kBadJson, "ends early", 45},  // the string never closes: the end
      {"malformed", R"({"_embedded": {"leads": [1,, 2]}})", ErrorCode::kBadJson, "malformed at byte 27", 27},
      {"contacts page", R"({"_page": 1, "_embedded": {"contacts": [{"id": 1}]}})", ErrorCode::kUnknownDocument,
       "it holds \"contacts\"", 0},
      {"bitrix contacts", R"({"result": [{"ID": "1", "NAME": "Иван", "HAS_PHONE": "Y", "ASSIGNED_BY_ID": "1"}]})",
       ErrorCode::kUnknownDocument, "crm.contact.list (contacts)", 0},
      {"bitrix leads", R"({"result": [{"ID": "1", "TITLE": "x", "STATUS_ID": "NEW"}]})", ErrorCode::kUnknownDocument,
       "crm.lead.list", 0},
      {"unknown envelope", R"({"data": [{"id": 1}]})", ErrorCode::kUnknownDocument, "unknown JSON envelope", 0},
      {"bitrix error reply", R"({"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"})",
       ErrorCode::kUnknownDocument, "Too many requests", 0},
      {"amo error reply", R"({"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "no token"})",
       ErrorCode::kUnknownDocument, "Unauthorized", 0},
      {"scalar", "[1, 2, 3]", ErrorCode::kUnknownDocument, "neither pages nor CRM entities", 0},
      {"empty array", " []", ErrorCode::kEmptyFile, "empty JSON array", 0},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    Analyzer a;
    ASSERT_TRUE(load(a, "amocrm-api/users.json").ok);
    const InputSummary s = feed(a, "bad.json", c.json);
    EXPECT_FALSE(s.ok);
    EXPECT_EQ(s.error.code, c.code) << error_name(s.error.code) << ": " << s.error.message;
    EXPECT_NE(s.error.message.find(c.message_part), std::string::npos) << s.error.message;
    EXPECT_EQ(s.error.message.rfind("bad.json: ", 0), 0u) << s.error.message;
    EXPECT_EQ(s.error.byte, c.byte);
    ASSERT_TRUE(load(a, "amocrm-api/leads_page_1.json").ok);  // the rest still loads
    EXPECT_EQ(a.analyze().managers.size(), 2u);
  }
}

TEST(CrmJson, ALargerDumpThanTheLimitIsRefused) {
  Analyzer a;
  a.set_max_json_bytes(1000);
  const std::string users = read_fixture("amocrm-api/users.json");  // 566 bytes: under the limit
  ASSERT_LT(users.size(), 1000u);
  EXPECT_TRUE(feed(a, "users.json", users).ok);
  const std::string big = read_fixture("amocrm-api/events.json");  // 6,206 bytes
  const InputSummary s = feed(a, "events.json", big);
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.error.code, ErrorCode::kFileTooLarge);
  EXPECT_EQ(s.error.byte, 1000u);
  EXPECT_EQ(s.bytes, big.size());  // the rest is counted, not kept
  EXPECT_NE(s.error.message.find("larger than 1000 bytes"), std::string::npos) << s.error.message;
  EXPECT_EQ(a.dataset().references.size(), 2u);  // the users file stands
}

TEST(CrmJson, WrongTypesSkipTheEntityAndNameIt) {
  Analyzer a;
  test::configure(a, kMarch);
  const InputSummary s = feed(a, "leads.json", R"({"_embedded": {"leads": [
    {"id": 1, "status_id": 142, "pipeline_id": 1, "created_at": "yesterday"},
    "not an object",
    {"id": 3, "status_id": 142, "pipeline_id": 1, "created_at": 1772434800, "price": "a lot"},
    {"name": "no id", "status_id": 142, "pipeline_id": 1, "created_at": 1772434800},
    {"id": 5, "status_id": 142, "pipeline_id": 1, "created_at": 1772434800}
  ]}})");
  ASSERT_TRUE(s.ok) << s.error.message;
  // Kept: 3 (its price dropped with an issue) and 5. Skipped: 1, the string, the lead without an id.
  EXPECT_EQ(s.rows, 2u);
  EXPECT_EQ(s.skipped, 3u);
  ASSERT_EQ(s.issue_count, 4u);
  EXPECT_EQ(s.issues[0].code, ErrorCode::kBadTimestamp);
  EXPECT_EQ(s.issues[0].message, "leads[0] (id 1): \"created_at\" is not a unix time");
  EXPECT_EQ(s.issues[1].message, "leads[1]: not an object");
  EXPECT_EQ(s.issues[2].message, "leads[2] (id 3): \"price\" is not a number");
  EXPECT_EQ(s.issues[3].message, "leads[3]: \"id\" is missing or not an id");
  EXPECT_TRUE(std::isnan(a.dataset().deals.amount[0]));
}

TEST(CrmJson, ABadPageOfManyIsSkipped) {
  Analyzer a;
  const InputSummary s = feed(a, "pages.json", R"([
    {"_page": 1, "_embedded": {"users": [{"id": 1, "name": "A"}]}},
    {"_page": 2, "_embedded": {"contacts": [{"id": 2}]}},
    {"_page": 3, "_embedded": {"users": [{"id": 3, "name": "C"}]}}
  ])");
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.kind, "users");
  EXPECT_EQ(s.rows, 2u);
  ASSERT_EQ(s.issues.size(), 1u);
  EXPECT_EQ(s.issues[0].code, ErrorCode::kUnknownDocument);
  EXPECT_NE(s.issues[0].message.find("page 2: not a leads"), std::string::npos) << s.issues[0].message;
}

// Issue 12, defect 4: a broken dump says in plain words what is at the byte
// where it breaks, never simdjson's internal codes.
TEST(CrmJson, MalformedJsonSaysWhatIsFoundAtWhichByte) {
  struct Case {
    const char* name;
    std::string json;
    std::string message;  // exact, after "bad.json: "
    uint64_t byte;
  };
  const std::vector<Case> cases = {
      {"comment", "{\"_embedded\": // leads\n {}}",
       "the JSON is malformed at byte 14: found '/' where a value was expected (JSON has no comments)", 14},
      {"missing quote", R"({"_embedded": {"leads": [{"id": 1, "name: "A"}]}})",
       "the JSON is malformed at byte 43: found 'A' where ':' was expected (a missing quote before it?)", 43},
      {"single quotes", R"({'_embedded': {}})",
       "the JSON is malformed at byte 1: found ''' where a quoted key or '}' was expected", 1},
      {"bad number", R"({"_embedded": {"leads": [{"id": 01}]}})",
       "the JSON is malformed at byte 32: found '01', which is not a number", 32},
      {"bad escape", R"({"_embedded": {"leads": [{"id": 1, "name": "a\qb"}]}})",
       "the JSON is malformed at byte 45: found '\\q', which is not a JSON escape", 45},
      {"raw line break", "{\"_embedded\": {\"leads\": [{\"id\": 1, \"name\": \"a\nb\"}]}}",
       "the JSON is malformed at byte 45: found a line break inside a string (a missing closing quote?)", 45},
      {"wrong bracket", R"({"_embedded": {"leads": [1, 2}}})",
       "the JSON is malformed at byte 29: found '}' where ',' or ']' was expected", 29},
      {"trailing text", R"({"_embedded": {}} x)",
       "the JSON is malformed at byte 18: found 'x' where the end of the document was expected", 18},
      {"cyrillic", R"({"_embedded": {"leads": [ы]}})",
       "the JSON is malformed at byte 25: found 'ы' where a value was expected", 25},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Analyzer a;
    const InputSummary s = feed(a, "bad.json", c.json);
    EXPECT_FALSE(s.ok);
    EXPECT_EQ(s.error.code, ErrorCode::kBadJson);
    EXPECT_EQ(s.error.message, "bad.json: " + c.message);
    EXPECT_EQ(s.error.byte, c.byte);
  }
}

// Bytes that are no UTF-8 never reach the JSON reader through the Analyzer
// (the decoder reads such a file as Windows-1251); the finder still places them.
TEST(CrmJson, FirstInvalidUtf8) {
  EXPECT_EQ(first_invalid_utf8("ab\xD0\x96" "c"), 5u);          // all valid: the end
  EXPECT_EQ(first_invalid_utf8("ab\xC3\x28" "c"), 2u);          // a lead byte without its continuation
  EXPECT_EQ(first_invalid_utf8("ab\x80" "c"), 2u);              // a stray continuation byte
  EXPECT_EQ(first_invalid_utf8("ab\xC0\xAF" "c"), 2u);          // an overlong form
  EXPECT_EQ(first_invalid_utf8("\xD0\x96\xED\xA0\x80"), 2u);  // a surrogate
  EXPECT_EQ(first_invalid_utf8("ab\xE2\x82"), 2u);          // cut at the end
}

TEST(CrmJson, ErrorOffsets) {
  struct Case {
    std::string_view text;
    size_t offset;
  };
  const Case cases[] = {
      {"{\"a\": 1}", 8},        // valid: the end
      {"{\"a\": 1", 7},         // truncated after a value
      {"{\"a\": \"xy", 9},      // truncated in a string
      {"[1, 2", 5},             //
      {"{\"a\" 1}", 5},         // missing colon
      {"[1 2]", 3},             // missing comma
      {"{\"a\": 1]", 7},        // wrong closing bracket
      {"[tru", 4},              // cut inside a literal
      {"[1] x", 4},             // trailing text
      {"{1: 2}", 1},            // a key that is no string
      {"[]", 2},
      {"  {}", 4},
  };
  for (const Case& c : cases) EXPECT_EQ(json_error_offset(c.text), c.offset) << c.text;
}

}  // namespace
}  // namespace kpi
