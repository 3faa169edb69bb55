// Today's list, deal links, the managers' ranking and the report's state
// (issue 10, core/kpi/board.cpp; docs/kpi.md "Today's list"). The hand-made
// fixture tests/fixtures/first-hour plus a few tasks and one old deal given
// here; calendar "none" so idle days are clock days, worked out by hand.
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "core/analyzer.h"
#include "core/report/report.h"
#include "core/sources/ingest.h"
#include "tests/core/support.h"

namespace kpi {
namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(KPI_FIXTURES) + "/first-hour/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// T1: D1's only task, due 03-10, not done: overdue 10 days, D1's next step overdue.
// T2: on D5 (lost 02-25), due 03-05, not done: overdue on a closed deal.
// T3: D8's next step, due 03-25.
constexpr std::string_view kTasks =
    "id,deal_id,owner,created_at,due_at,completed_at,type\n"
    "T1,D1,Anna,2026-03-02 10:00:00,2026-03-10 10:00:00,,call\n"
    "T2,D5,Anna,2026-02-20 10:00:00,2026-03-05 10:00:00,,call\n"
    "T3,D8,Boris,2026-03-06 10:00:00,2026-03-25 10:00:00,,call\n";
// D11: open since 2025-12-01 10:00 with no stage event: idle 109 days at now.
constexpr std::string_view kOldDeal =
    "id,title,pipeline,stage,state,owner,source,segment,amount,currency,created_at,closed_at,loss_reason\n"
    "D11,,Main,Proposal,open,Anna,Звонок,SMB,50000,RUB,2025-12-01 10:00:00,,\n";

void load_all(Analyzer& a) {
  for (const char* f : {"deals.csv", "stage_events.csv", "activities.csv"}) test::load(a, f, read_fixture(f));
  test::load(a, "tasks.csv", kTasks);
  test::load(a, "old-deal.csv", kOldDeal);
}

std::string settings(std::string_view crm_account) {
  return std::string(R"({"as_of": "2026-03-20 10:00:00", "period": {"from": "2026-03-01", "to": "2026-04-01"},)") +
         R"("calendar": "none", "crm_account": ")" + std::string(crm_account) + "\"}";
}

Report analyze_with(std::string_view crm_account) {
  Analyzer a;
  load_all(a);
  test::configure(a, settings(crm_account));
  return a.analyze();
}

std::vector<std::string> codes(const TodayRow& row) {
  std::vector<std::string> out;
  for (const CardReason& why : row.reasons) out.push_back(why.code);
  return out;
}

double param(const CardReason& why, std::string_view name) {
  for (const Param& p : why.params) {
    if (p.name == name) return p.number;
  }
  return kNull;
}

TEST(Today, OpenSavableDealsRankedByMoneyAndFreshness) {
  const Report r = analyze_with("");
  const TodayList& t = r.today;
  EXPECT_DOUBLE_EQ(t.stale_days, 60);
  // Open at now (03-20 10:00): D1, D2, D3, D7, D8, D9, D11 — all stalled
  // (control 3 days, Negotiation 5), so all flagged; D11 is idle 109 days > 60: stale.
  EXPECT_EQ(t.open_flagged, 7u);
  EXPECT_EQ(t.stale, 1u);
  // D5 (lost) has an overdue task: flagged, but closed — not today's.
  EXPECT_EQ(t.closed, 1u);
  EXPECT_EQ(t.more, 0u);
  ASSERT_EQ(t.rows.size(), 6u);
  // score = amount × (1 − idle / 60); idle = days since the last stage change:
  // D8 Negotiation since 03-06 10:00 (14 d), D9 New since 03-01 09:00 (19 d 1 h),
  // D3 Proposal since 02-12 10:00 (36 d), D1 Proposal since 03-04 (16 d),
  // D7 New since 03-10 (10 d), D2 New since 03-03 (17 d, no amount: 0).
  const std::vector<std::string> order = {"D8", "D9", "D3", "D1", "D7", "D2"};
  for (size_t i = 0; i < order.size(); ++i) EXPECT_EQ(t.rows[i].deal_id, order[i]) << i;
  EXPECT_DOUBLE_EQ(t.rows[0].score, 10000 * (1 - 14.0 / 60));
  EXPECT_DOUBLE_EQ(t.rows[1].score, 7000 * (1 - (19 + 1.0 / 24) / 60));
  EXPECT_DOUBLE_EQ(t.rows[2].score, 3000 * (1 - 36.0 / 60));
  EXPECT_DOUBLE_EQ(t.rows[3].score, 1000 * (1 - 16.0 / 60));
  EXPECT_DOUBLE_EQ(t.rows[4].score, 500 * (1 - 10.0 / 60));
  EXPECT_DOUBLE_EQ(t.rows[5].score, 0);
  EXPECT_TRUE(std::isnan(t.rows[5].amount));
  EXPECT_DOUBLE_EQ(t.rows[0].idle_days, 14);
  EXPECT_DOUBLE_EQ(t.rows[5].idle_days, 17);
  EXPECT_EQ(t.rows[0].manager, "Boris");
  EXPECT_EQ(t.rows[0].stage, "Negotiation");
  // Reasons in board order; SLA_LATE (answered already) is never today's.
  EXPECT_EQ(codes(t.rows[0]), (std::vector<std::string>{"STALLED"}));
  EXPECT_EQ(codes(t.rows[1]), (std::vector<std::string>{"NO_NEXT_STEP", "STALLED"}));
  EXPECT_EQ(codes(t.rows[3]), (std::vector<std::string>{"NEXT_STEP_OVERDUE", "TASK_OVERDUE", "STALLED"}));
  EXPECT_DOUBLE_EQ(param(t.rows[3].reasons[1], "value"), 10);  // T1 due 03-10, now 03-20
  EXPECT_DOUBLE_EQ(param(t.rows[0].reasons[0], "value"), 14);
  EXPECT_DOUBLE_EQ(param(t.rows[0].reasons[0], "norm"), 5);
  // Without an account address no deal has a link.
  EXPECT_EQ(t.rows[0].url, "");
  EXPECT_EQ(r.crm.account, "");
}

// The stand-up list (issue 11, docs/kpi.md "The stand-up list"): the same
// deals, by how far off their norms they are: each reason counts value / norm
// where it has both (at least 1), else 1. Stalled: idle days against the
// stage's control period (New and Proposal 3, Negotiation 5):
//   D3  NO_NEXT_STEP 1 + STALLED 36/3                      = 13
//   D9  NO_NEXT_STEP 1 + STALLED (19 + 1/24)/3             = 7.347...
//   D1  NEXT_STEP_OVERDUE 1 + TASK_OVERDUE 1 (no norm) + STALLED 16/3 = 7.333...
//   D2  NO_NEXT_STEP 1 + STALLED 17/3                      = 6.666...
//   D7  NO_NEXT_STEP 1 + STALLED 10/3                      = 4.333...
//   D8  STALLED 14/5 (T3 is its next step)                 = 2.8
TEST(Today, StandupTakesTheMostDeviantCards) {
  const Report r = analyze_with("");
  const TodayList& t = r.today;
  ASSERT_EQ(t.standup.size(), 3u);  // the default: 3 cards
  EXPECT_EQ(t.standup[0].deal_id, "D3");
  EXPECT_EQ(t.standup[1].deal_id, "D9");
  EXPECT_EQ(t.standup[2].deal_id, "D1");
  EXPECT_DOUBLE_EQ(t.standup[0].deviation, 1 + 36.0 / 3);
  EXPECT_DOUBLE_EQ(t.standup[1].deviation, 1 + (19 + 1.0 / 24) / 3);
  EXPECT_DOUBLE_EQ(t.standup[2].deviation, 2 + 16.0 / 3);
  // Every row of today's list carries its deviation too (D8 first there, by money).
  EXPECT_EQ(t.rows[0].deal_id, "D8");
  EXPECT_DOUBLE_EQ(t.rows[0].deviation, 14.0 / 5);
  // Five cards: D2 and D7 follow; the card is today's row itself (reasons, amount, link).
  Analyzer a;
  load_all(a);
  std::string doc = settings("");
  doc.insert(doc.size() - 1, R"(, "standup_cards": 5)");
  test::configure(a, doc);
  const Report five = a.analyze();
  ASSERT_EQ(five.today.standup.size(), 5u);
  EXPECT_EQ(five.today.standup[3].deal_id, "D2");
  EXPECT_EQ(five.today.standup[4].deal_id, "D7");
  EXPECT_DOUBLE_EQ(five.today.standup[3].deviation, 1 + 17.0 / 3);
  EXPECT_EQ(codes(five.today.standup[2]), (std::vector<std::string>{"NEXT_STEP_OVERDUE", "TASK_OVERDUE", "STALLED"}));
}

TEST(Today, StandupCardsIsAWholeNumberFromThreeToFive) {
  EXPECT_EQ(Settings{}.standup_cards, 3);
  for (const char* bad : {R"({"standup_cards": 2})", R"({"standup_cards": 6})", R"({"standup_cards": 3.5})"}) {
    Settings s;
    std::vector<SettingsError> errors;
    EXPECT_FALSE(read_settings(bad, s, errors)) << bad;
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_EQ(errors[0].rule, "SETTINGS_WHOLE_RANGE");
    EXPECT_EQ(errors[0].path, "/standup_cards");
  }
  Settings s;
  std::vector<SettingsError> errors;
  ASSERT_TRUE(read_settings(R"({"standup_cards": 4})", s, errors));
  EXPECT_EQ(s.standup_cards, 4);
  EXPECT_NE(settings_json(s).find(R"("standup_cards":4)"), std::string::npos);
}

// The report names the zone it was computed in (an embedding face renders
// instants in it) and the role KPI set's columns and tiles (issue 11).
TEST(Today, ReportCarriesItsZoneAndLayout) {
  Report r = analyze_with("");
  EXPECT_EQ(r.tz, "Europe/Moscow");
  EXPECT_EQ(r.layout.role, "general");
  EXPECT_EQ(r.layout.tiles, (std::vector<std::string>{"frt", "sla", "next_step", "overdue", "stalled", "win_rate_by_source"}));
  EXPECT_EQ(r.layout.columns.size(), 11u);
  Analyzer a;
  load_all(a);
  std::string doc = settings("");
  doc.insert(doc.size() - 1, R"(, "tz": "Asia/Vladivostok", "role": "account_management")");
  test::configure(a, doc);
  r = a.analyze();
  EXPECT_EQ(r.tz, "Asia/Vladivostok");
  EXPECT_EQ(r.layout.role, "account_management");
  EXPECT_EQ(r.layout.tiles, (std::vector<std::string>{"next_step", "overdue", "stalled"}));
  EXPECT_EQ(r.layout.columns, (std::vector<std::string>{"next_step_share", "overdue_share", "open_count", "stalled_share",
                                                        "won_count", "revenue", "avg_won_amount", "plan_fact_share"}));
  const std::string json = to_json(r);
  EXPECT_NE(json.find(R"("tz":"Asia/Vladivostok","layout":{"role":"account_management","columns":["next_step_share",)"),
            std::string::npos);
}

TEST(Today, LinksToTheDealInTheCrm) {
  const Report amo = analyze_with("https://Example.amocrm.ru/");
  EXPECT_EQ(amo.crm.kind, "amocrm");
  EXPECT_EQ(amo.crm.account, "example.amocrm.ru");
  EXPECT_EQ(amo.crm.source, "settings");
  EXPECT_EQ(amo.today.rows[0].url, "https://example.amocrm.ru/leads/detail/D8");
  const Report b24 = analyze_with("acme.bitrix24.ru");
  EXPECT_EQ(b24.crm.kind, "bitrix24");
  EXPECT_EQ(b24.today.rows[0].url, "https://acme.bitrix24.ru/crm/deal/details/D8/");
  // A host that names neither CRM, from CSV files: no link (the kind is unknown).
  const Report other = analyze_with("crm.example.com");
  EXPECT_EQ(other.crm.kind, "");
  EXPECT_EQ(other.today.rows[0].url, "");
}

// Bitrix24 API pages name no portal: the account comes from the folder's
// manifest `kpi-lens fetch` writes (.kpi-fetch/state.json), or from an
// export's column of deal URLs; the settings still win.
void expect_crm(const Report& r, std::string_view kind, std::string_view account, std::string_view source) {
  EXPECT_EQ(r.crm.kind, kind);
  EXPECT_EQ(r.crm.account, account);
  EXPECT_EQ(r.crm.source, source);
}

TEST(Today, AccountFromTheFetchManifestOrADealUrlColumn) {
  constexpr std::string_view kManifest =
      R"({"schema": "kpi-lens/fetch-state@1", "crm": "bitrix24", "account": "https://client.bitrix24.ru", )"
      R"("since": null, "lists": {}, "complete": true})";
  {
    Analyzer a;
    load_all(a);
    test::load(a, "state.json", kManifest);
    test::configure(a, settings(""));
    const Report r = a.analyze();
    expect_crm(r, "bitrix24", "client.bitrix24.ru", "fetch_manifest");
    EXPECT_EQ(r.today.rows[0].url, "https://client.bitrix24.ru/crm/deal/details/D8/");
    EXPECT_EQ(r.inputs.back().kind, "fetch_manifest");
    EXPECT_EQ(r.inputs.back().rows, 0u);
    // The address typed in the settings wins over the files'.
    test::configure(a, settings("acme.amocrm.ru"));
    const Report typed = a.analyze();
    EXPECT_EQ(typed.crm.source, "settings");
    EXPECT_EQ(typed.today.rows[0].url, "https://acme.amocrm.ru/leads/detail/D8");
  }
  // An export with a column of links (its 2nd row holds the first one): the
  // portal and the CRM from it; a contact's link names no deal.
  constexpr std::string_view kLinked =
      "id,title,pipeline,stage,state,owner,source,segment,amount,currency,created_at,closed_at,loss_reason,link\n"
      "501,,Main,New,open,Anna,Звонок,SMB,900,RUB,2026-03-18 10:00:00,,,https://acme.bitrix24.ru/crm/contact/details/7/\n"
      "502,,Main,New,open,Anna,Звонок,SMB,800,RUB,2026-03-18 11:00:00,,, https://shop.bitrix24.ru/crm/deal/details/502/ \n";
  Analyzer a;
  test::load(a, "deals.csv", kLinked);
  test::configure(a, settings(""));
  expect_crm(a.analyze(), "bitrix24", "shop.bitrix24.ru", "deal_url_column");
  std::string host, crm;
  EXPECT_TRUE(crm_deal_url("https://x.amocrm.ru/leads/detail/12345", host, crm));
  EXPECT_EQ(host, "x.amocrm.ru");
  EXPECT_EQ(crm, "amocrm");
  EXPECT_TRUE(crm_deal_url("https://b.bitrix24.kz/crm/deal/details/9/?IFRAME=Y", host, crm));
  EXPECT_EQ(crm, "bitrix24");
  EXPECT_FALSE(crm_deal_url("https://x.amocrm.ru/leads/detail/", host, crm));
  EXPECT_FALSE(crm_deal_url("https://x.amocrm.ru/leads/pipeline/3", host, crm));
  EXPECT_FALSE(crm_deal_url("see https://x.amocrm.ru/leads/detail/1", host, crm));
}

TEST(Today, CrmAccountIsCheckedWithItsPath) {
  Settings s;
  std::vector<SettingsError> errors;
  EXPECT_FALSE(read_settings(R"({"crm_account": "not a host/leads"})", s, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rule, "SETTINGS_CRM_ACCOUNT");
  EXPECT_EQ(errors[0].path, "/crm_account");
  errors.clear();
  EXPECT_TRUE(read_settings(R"({"crm_account": "http://shop.kommo.com"})", s, errors));
  EXPECT_EQ(s.crm_account, "shop.kommo.com");
  EXPECT_EQ(Settings{}.crm_account, "");
}

// Three managers over the board's metrics (no activities: FRT and SLA are
// null for everyone; no task due in the period: overdue is null too).
// Next step (norm ≥ 0.85): Anna 1/1, Boris 0/1 (bad), Cora 1/1.
// Stalled (norm ≤ 0.10; control 3 days): Anna's A1 idle 2 days, Cora's C1 1 day, Boris's B1 19 days: 1/1 (bad).
// Win rate against the team's 2/3: Anna 1, Boris 0 (bad), Cora 1.
TEST(Today, ManagersRankedByTheBoardsDeviations) {
  Analyzer a;
  test::load(a, "deals.csv", "id,stage,state,owner,amount,created_at,closed_at\n",
             "A1,New,open,Anna,100,2026-03-18 10:00,\nA2,Won,won,Anna,100,2026-03-01 10:00,2026-03-10 10:00\n"
             "B1,New,open,Boris,100,2026-03-01 10:00,\nB2,Lost,lost,Boris,100,2026-03-01 10:00,2026-03-10 10:00\n"
             "C1,New,open,Cora,100,2026-03-19 10:00,\nC2,Won,won,Cora,100,2026-03-01 10:00,2026-03-10 10:00\n");
  test::load(a, "tasks.csv", "id,deal_id,owner,created_at,due_at,completed_at\n",
             "T1,A1,Anna,2026-03-18 10:00,2026-03-25 10:00,\nT2,C1,Cora,2026-03-19 10:00,2026-03-25 10:00,\n");
  test::configure(a, R"({"as_of": "2026-03-20 10:00", "period": {"from": "2026-03-01", "to": "2026-04-01"}, "calendar": "none"})");
  const Report r = a.analyze();
  ASSERT_EQ(r.ranking.size(), 3u);
  EXPECT_EQ(r.ranking[0].manager, "Boris");
  EXPECT_EQ(r.ranking[0].bad, 3u);
  EXPECT_EQ(r.ranking[0].warn, 0u);
  EXPECT_EQ(r.ranking[0].ok, 0u);
  // Relative misses: next step (0.85 − 0) / 0.85 = 1, stalled (1 − 0.1) / 0.1 = 9, win rate (2/3 − 0) / (2/3) = 1.
  EXPECT_DOUBLE_EQ(r.ranking[0].miss, 11);
  EXPECT_EQ(r.ranking[0].off, (std::vector<std::string>{"next_step_share", "stalled_share", "win_rate"}));
  // Anna and Cora: all three judged metrics on norm; by name.
  EXPECT_EQ(r.ranking[1].manager, "Anna");
  EXPECT_EQ(r.ranking[1].ok, 3u);
  EXPECT_EQ(r.ranking[1].bad + r.ranking[1].warn, 0u);
  EXPECT_EQ(r.ranking[2].manager, "Cora");
  EXPECT_TRUE(r.ranking[2].off.empty());
  // Today's list: only B1 (no next step, stalled 19 days); A1 and C1 have a next step and move.
  ASSERT_EQ(r.today.rows.size(), 1u);
  EXPECT_EQ(r.today.rows[0].deal_id, "B1");
  EXPECT_DOUBLE_EQ(r.today.rows[0].score, 100 * (1 - 19.0 / 60));
}

TEST(Today, ReportStateSaysWhenNothingWasRead) {
  Analyzer empty;
  EXPECT_EQ(empty.analyze().state.code, "NO_FILES");
  Analyzer junk;
  Issue error;
  ASSERT_TRUE(junk.begin_file("notes.csv", error));
  junk.feed("colour,taste\nred,sweet\n");
  junk.end_file();
  const Report r = junk.analyze();
  EXPECT_EQ(r.state.code, "NO_DEALS_READ");
  EXPECT_EQ(r.state.files, 1u);
  EXPECT_EQ(r.state.unreadable, 1u);
  EXPECT_EQ(r.state.deals, 0u);
  EXPECT_TRUE(r.today.rows.empty());
  EXPECT_EQ(analyze_with("").state.code, "OK");
}

}  // namespace
}  // namespace kpi
