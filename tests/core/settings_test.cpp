// read_settings / apply_settings: defaults, the example document of
// spec/kpi.md §3a, whole-document semantics (a key not given takes its
// default), dates read in the configured zone, errors that name every bad
// field by its JSON pointer and leave the settings exactly as they were, and
// settings_json, the whole document, which reads back to the same settings.
#include "core/settings.h"
#include "core/kpi/roles.h"
#include "core/model/calendar.h"
#include "core/report/report.h"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace kpi {
namespace {

// Cyrillic names used below, as UTF-8.
#define KPI_CALL "\xD0\x97\xD0\xB2\xD0\xBE\xD0\xBD\xD0\xBE\xD0\xBA"                      // Звонок
#define KPI_QUALIFICATION "\xD0\x9A\xD0\xB2\xD0\xB0\xD0\xBB\xD0\xB8\xD1\x84\xD0\xB8\xD0\xBA\xD0\xB0\xD1\x86\xD0\xB8\xD1\x8F"  // Квалификация
#define KPI_NEGOTIATION "\xD0\x9F\xD0\xB5\xD1\x80\xD0\xB5\xD0\xB3\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x80\xD1\x8B"  // Переговоры
#define KPI_WON_STAGE \
  "\xD0\xA3\xD1\x81\xD0\xBF\xD0\xB5\xD1\x88\xD0\xBD\xD0\xBE \xD1\x80\xD0\xB5\xD0\xB0\xD0\xBB\xD0\xB8\xD0\xB7\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xBE"  // Успешно реализовано
#define KPI_LOST_STAGE                                                                                       \
  "\xD0\x97\xD0\xB0\xD0\xBA\xD1\x80\xD1\x8B\xD1\x82\xD0\xBE \xD0\xB8 \xD0\xBD\xD0\xB5 "                    \
  "\xD1\x80\xD0\xB5\xD0\xB0\xD0\xBB\xD0\xB8\xD0\xB7\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xBE"  // Закрыто и не реализовано

// The example document of spec/kpi.md §3a, verbatim.
constexpr std::string_view kExample = R"({
  "norms": {"frt_min": {"hot": 10, "warm": 30, "cold": 540},
            "sla_share": 0.85, "next_step_share": 0.85, "overdue_share": 0.05,
            "touches": [8, 12], "stalled_share": 0.10},
  "source_classes": {")" KPI_CALL R"(": "hot", "site_form": "warm"},
  "stage_control_days": {"default": 3, ")" KPI_QUALIFICATION R"(": 2, "Qualification": 2,
                         ")" KPI_NEGOTIATION R"(": 5, "Negotiation": 5},
  "min_call_s": 10,
  "won_stages": [")" KPI_WON_STAGE R"(", "won"], "lost_stages": [")" KPI_LOST_STAGE R"(", "lost"],
  "pipelines": {"Main": ["New", "Qualification", "Meeting", "Proposal", "Negotiation", "Invoice"]},
  "plans": [{"owner": "Anna", "from": "2026-03-01", "to": "2026-04-01", "revenue": 1500000}]
})";

using StageDays = std::vector<std::pair<std::string, double>>;

const StageDays kDefaultStageDays = {
    {"default", 3}, {KPI_QUALIFICATION, 2}, {"Qualification", 2}, {KPI_NEGOTIATION, 5}, {"Negotiation", 5}};

bool same_plans(const std::vector<Plan>& a, const std::vector<Plan>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].owner != b[i].owner || a[i].from != b[i].from || a[i].to != b[i].to ||
        a[i].revenue != b[i].revenue || a[i].won_count != b[i].won_count) {
      return false;
    }
  }
  return true;
}

// Every field of two Settings, the zone by name and by offset.
void expect_same(const Settings& a, const Settings& b) {
  EXPECT_EQ(a.as_of, b.as_of);
  EXPECT_EQ(a.from, b.from);
  EXPECT_EQ(a.to, b.to);
  EXPECT_EQ(a.tz_name, b.tz_name);
  EXPECT_EQ(a.tz.name(), b.tz.name());
  EXPECT_EQ(a.tz.offset_at(1772409600), b.tz.offset_at(1772409600));
  EXPECT_EQ(a.calendar, b.calendar);
  EXPECT_EQ(a.norms.frt_min, b.norms.frt_min);
  EXPECT_EQ(a.norms.sla_share, b.norms.sla_share);
  EXPECT_EQ(a.norms.next_step_share, b.norms.next_step_share);
  EXPECT_EQ(a.norms.overdue_share, b.norms.overdue_share);
  EXPECT_EQ(a.norms.touches, b.norms.touches);
  EXPECT_EQ(a.norms.win_rate_change, b.norms.win_rate_change);
  EXPECT_EQ(a.norms.stalled_share, b.norms.stalled_share);
  EXPECT_EQ(a.source_classes, b.source_classes);
  EXPECT_EQ(a.stage_control_days, b.stage_control_days);
  EXPECT_EQ(a.min_call_s, b.min_call_s);
  EXPECT_EQ(a.crm_account, b.crm_account);
  EXPECT_EQ(a.won_stages, b.won_stages);
  EXPECT_EQ(a.lost_stages, b.lost_stages);
  EXPECT_EQ(a.pipelines, b.pipelines);
  EXPECT_TRUE(same_plans(a.plans, b.plans));
}

void expect_defaults(const Settings& s) {
  EXPECT_FALSE(s.as_of);
  EXPECT_FALSE(s.from);
  EXPECT_FALSE(s.to);
  EXPECT_EQ(s.tz_name, "Europe/Moscow");
  EXPECT_EQ(s.tz.offset_at(1772409600), 3 * 3600);
  EXPECT_EQ(s.calendar, "default");
  EXPECT_EQ(s.norms.frt_min, (std::array<double, 3>{10, 30, 540}));
  EXPECT_EQ(s.norms.sla_share, 0.85);
  EXPECT_EQ(s.norms.next_step_share, 0.85);
  EXPECT_EQ(s.norms.overdue_share, 0.05);
  EXPECT_EQ(s.norms.touches, (std::pair<double, double>{8, 12}));
  EXPECT_EQ(s.norms.stalled_share, 0.10);
  EXPECT_TRUE(s.source_classes.empty());
  EXPECT_EQ(s.stage_control_days, kDefaultStageDays);
  EXPECT_EQ(s.min_call_s, 10);
  EXPECT_EQ(s.won_stages, (std::vector<std::string>{KPI_WON_STAGE, "won"}));
  EXPECT_EQ(s.lost_stages, (std::vector<std::string>{KPI_LOST_STAGE, "lost"}));
  EXPECT_TRUE(s.pipelines.empty());
  EXPECT_TRUE(s.plans.empty());
}

TEST(ApplySettings, EmptyObjectKeepsDefaults) {
  Settings s;
  expect_defaults(s);
  Issue error;
  ASSERT_TRUE(apply_settings("{}", s, error)) << error.message;
  expect_defaults(s);
  // An unknown key is an error (a typo must not silently take the default).
  std::vector<SettingsError> errors;
  ASSERT_FALSE(read_settings("  { \"unknown_key\": [1, 2, {\"x\": null}] }  ", s, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rule, "SETTINGS_UNKNOWN_KEY");
  EXPECT_EQ(errors[0].path, "/unknown_key");
  expect_defaults(s);
}

TEST(ApplySettings, ReadsSpecExample) {
  Settings s;
  Issue error;
  ASSERT_TRUE(apply_settings(kExample, s, error)) << error.message;
  EXPECT_EQ(s.norms.frt_min, (std::array<double, 3>{10, 30, 540}));
  EXPECT_EQ(s.norms.sla_share, 0.85);
  EXPECT_EQ(s.norms.next_step_share, 0.85);
  EXPECT_EQ(s.norms.overdue_share, 0.05);
  EXPECT_EQ(s.norms.touches, (std::pair<double, double>{8, 12}));
  EXPECT_EQ(s.norms.stalled_share, 0.10);
  EXPECT_EQ(s.source_classes, (std::vector<std::pair<std::string, LeadClass>>{{KPI_CALL, LeadClass::kHot},
                                                                             {"site_form", LeadClass::kWarm}}));
  EXPECT_EQ(s.stage_control_days, kDefaultStageDays);
  EXPECT_EQ(s.min_call_s, 10);
  EXPECT_EQ(s.won_stages, (std::vector<std::string>{KPI_WON_STAGE, "won"}));
  EXPECT_EQ(s.lost_stages, (std::vector<std::string>{KPI_LOST_STAGE, "lost"}));
  ASSERT_EQ(s.pipelines.size(), 1u);
  EXPECT_EQ(s.pipelines[0].first, "Main");
  EXPECT_EQ(s.pipelines[0].second,
            (std::vector<std::string>{"New", "Qualification", "Meeting", "Proposal", "Negotiation", "Invoice"}));
  ASSERT_EQ(s.plans.size(), 1u);
  EXPECT_EQ(s.plans[0].owner, "Anna");
  EXPECT_EQ(format_instant(s.plans[0].from), "2026-02-28T21:00:00Z");  // Moscow midnight
  EXPECT_EQ(format_instant(s.plans[0].to), "2026-03-31T21:00:00Z");
  EXPECT_EQ(s.plans[0].revenue, 1500000);
  EXPECT_EQ(s.plans[0].won_count, -1);
  EXPECT_EQ(s.tz_name, "Europe/Moscow");
}

TEST(ApplySettings, SetsEveryFieldToNonDefaultValues) {
  Settings s;
  Issue error;
  const std::string_view doc = R"({
    "norms": {"frt_min": {"hot": 5, "cold": 600}, "sla_share": 0.9, "next_step_share": 0.7,
              "overdue_share": 0.1, "touches": [3, 5.5], "stalled_share": 0.2},
    "source_classes": {"cold_call": "cold", "chat": "hot"},
    "stage_control_days": {")" KPI_NEGOTIATION R"(": 7, "Invoice": 1.5},
    "min_call_s": 20,
    "won_stages": ["Won!"],
    "lost_stages": [],
    "pipelines": {"Main": ["A", "B"], "Partners": []},
    "plans": [{"owner": null, "from": "2026-03-01", "to": "2026-04-01", "revenue": 2e6, "won_count": 12},
              {"owner": "Boris", "from": "2026-03-01T00:00:00Z", "to": "2026-03-16T00:00:00Z", "revenue": 250000.5}],
    "calendar": "none"
  })";
  ASSERT_TRUE(apply_settings(doc, s, error)) << error.message;
  EXPECT_EQ(s.norms.frt_min, (std::array<double, 3>{5, 30, 600}));  // warm keeps its value
  EXPECT_EQ(s.norms.sla_share, 0.9);
  EXPECT_EQ(s.norms.next_step_share, 0.7);
  EXPECT_EQ(s.norms.overdue_share, 0.1);
  EXPECT_EQ(s.norms.touches, (std::pair<double, double>{3, 5.5}));
  EXPECT_EQ(s.norms.stalled_share, 0.2);
  EXPECT_EQ(s.source_classes, (std::vector<std::pair<std::string, LeadClass>>{{"cold_call", LeadClass::kCold},
                                                                             {"chat", LeadClass::kHot}}));
  // The map given replaces the default one; "default" keeps its 3 days unless given.
  EXPECT_EQ(s.stage_control_days, (StageDays{{"default", 3}, {KPI_NEGOTIATION, 7}, {"Invoice", 1.5}}));
  EXPECT_EQ(s.min_call_s, 20);
  EXPECT_EQ(s.won_stages, (std::vector<std::string>{"Won!"}));
  EXPECT_TRUE(s.lost_stages.empty());
  ASSERT_EQ(s.pipelines.size(), 2u);
  EXPECT_EQ(s.pipelines[0].first, "Main");
  EXPECT_EQ(s.pipelines[0].second, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(s.pipelines[1].first, "Partners");
  EXPECT_TRUE(s.pipelines[1].second.empty());
  ASSERT_EQ(s.plans.size(), 2u);
  EXPECT_EQ(s.plans[0].owner, "");
  EXPECT_EQ(s.plans[0].revenue, 2000000);
  EXPECT_EQ(s.plans[0].won_count, 12);
  EXPECT_EQ(s.plans[1].owner, "Boris");
  EXPECT_EQ(format_instant(s.plans[1].from), "2026-03-01T00:00:00Z");
  EXPECT_EQ(s.plans[1].revenue, 250000.5);
  EXPECT_EQ(s.plans[1].won_count, -1);
  EXPECT_EQ(s.calendar, "none");

  // A second document is the whole document: what it does not name is back at its default.
  ASSERT_TRUE(apply_settings(R"({"min_call_s": 30, "source_classes": {}})", s, error)) << error.message;
  EXPECT_EQ(s.min_call_s, 30);
  EXPECT_TRUE(s.source_classes.empty());
  EXPECT_EQ(s.norms.sla_share, 0.85);
  EXPECT_TRUE(s.plans.empty());
  EXPECT_EQ(s.stage_control_days, kDefaultStageDays);
  EXPECT_EQ(s.calendar, "default");
}

TEST(ApplySettings, KeepsCalendarObjectAsText) {
  Settings s;
  Issue error;
  ASSERT_TRUE(apply_settings(R"({"calendar": { "hours" : {"mon": ["10:00", "19:00"], "sun": null}, "holidays": [] }})", s, error))
      << error.message;
  EXPECT_EQ(s.calendar, R"({"hours":{"mon":["10:00","19:00"],"sun":null},"holidays":[]})");
  ASSERT_TRUE(apply_settings(R"({"calendar": "default"})", s, error)) << error.message;
  EXPECT_EQ(s.calendar, "default");
}

TEST(ApplySettings, ReadsDatesInConfiguredZone) {
  constexpr Instant kEndOfMarchUtc = 1775001599;  // 2026-03-31T23:59:59Z
  constexpr Instant kMarch1Utc = 1772323200;      // 2026-03-01T00:00:00Z
  constexpr Instant kApril1Utc = 1775001600;      // 2026-04-01T00:00:00Z
  Issue error;

  Settings moscow;
  ASSERT_TRUE(apply_settings(R"({"as_of": "2026-03-31 23:59:59", "from": "2026-03-01", "to": "2026-04-01"})",
                             moscow, error))
      << error.message;
  EXPECT_EQ(moscow.as_of, kEndOfMarchUtc - 3 * 3600);
  EXPECT_EQ(moscow.from, kMarch1Utc - 3 * 3600);
  EXPECT_EQ(moscow.to, kApril1Utc - 3 * 3600);

  // `tz` applies to the dates of the same document wherever it stands.
  Settings utc;
  ASSERT_TRUE(apply_settings(R"({"as_of": "2026-03-31 23:59:59", "period": {"from": "2026-03-01", "to": "2026-04-01"},
                                 "tz": "UTC"})",
                             utc, error))
      << error.message;
  EXPECT_EQ(utc.tz_name, "UTC");
  EXPECT_EQ(utc.as_of, kEndOfMarchUtc);
  EXPECT_EQ(utc.from, kMarch1Utc);
  EXPECT_EQ(utc.to, kApril1Utc);
  EXPECT_EQ(*moscow.as_of - *utc.as_of, -3 * 3600);

  Settings fixed;
  ASSERT_TRUE(apply_settings(R"({"tz": "+05:30", "as_of": "2026-03-31 23:59:59"})", fixed, error));
  EXPECT_EQ(fixed.as_of, kEndOfMarchUtc - 5 * 3600 - 30 * 60);

  // An explicit offset wins over the zone; null (or no key) is no date.
  Settings s;
  ASSERT_TRUE(apply_settings(R"({"as_of": "2026-03-31T23:59:59Z", "from": "2026-03-01"})", s, error));
  EXPECT_EQ(s.as_of, kEndOfMarchUtc);
  ASSERT_TRUE(apply_settings(R"({"as_of": null, "period": {"from": null}})", s, error));
  EXPECT_FALSE(s.as_of);
  EXPECT_FALSE(s.from);
}

struct BadCase {
  const char* name;
  std::string_view json;
  std::string_view named;  // a word the message must contain
};

TEST(ApplySettings, RejectsBadDocumentsAndKeepsSettings) {
  const BadCase cases[] = {
      {"invalid JSON", R"({"norms": )", "JSON"},
      {"not JSON at all", "norms=1", "JSON"},
      {"empty text", "", "JSON"},
      {"array root", "[1, 2]", "object"},
      {"string root", R"("settings")", "object"},
      {"number where a share goes", R"({"norms": {"sla_share": "x"}})", "sla_share"},
      {"unknown zone", R"({"tz": "Mars/Base"})", "Mars/Base"},
      {"zone not a string", R"({"tz": 3})", "tz"},
      {"as_of not a date", R"({"as_of": "yesterday"})", "as_of"},
      {"from not a date", R"({"period": {"from": "soon"}})", "from"},
      {"bad lead class", R"({"source_classes": {"x": "tepid"}})", "tepid"},
      {"touches not a pair", R"({"norms": {"touches": [8]}})", "touches"},
      {"stage days not a number", R"({"stage_control_days": {"Invoice": "two"}})", "Invoice"},
      {"won_stages not an array", R"({"won_stages": "won"})", "won_stages"},
      {"won_stages item not a string", R"({"won_stages": ["won", 1]})", "won_stages"},
      {"plan revenue not a number", R"({"plans": [{"revenue": "a lot"}]})", "revenue"},
      {"bad calendar word", R"({"calendar": "weekly"})", "calendar"},
      {"min_call_s not a number", R"({"min_call_s": true})", "min_call_s"},
      // Valid keys before the bad one must not be applied either.
      {"partly valid", R"({"min_call_s": 99, "tz": "UTC", "norms": {"sla_share": "x"}})", "sla_share"},
  };
  // Start from non-default settings so "unchanged" is not "back to defaults".
  Settings before;
  Issue error;
  ASSERT_TRUE(apply_settings(R"({"tz": "Asia/Yekaterinburg", "as_of": "2026-03-31 23:59:59", "min_call_s": 15,
                                 "plans": [{"owner": "Anna", "from": "2026-03-01", "to": "2026-04-01", "revenue": 10}], "won_stages": ["W"]})",
                             before, error))
      << error.message;
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    Settings s = before;
    Issue e;
    EXPECT_FALSE(apply_settings(c.json, s, e));
    EXPECT_EQ(e.code, ErrorCode::kBadSettings);
    EXPECT_NE(e.message.find(c.named), std::string::npos) << e.message;
    expect_same(s, before);
  }
}

TEST(ApplySettings, ErrorMessagesNameTheProblem) {
  Settings s;
  Issue e;
  ASSERT_FALSE(apply_settings(R"({"tz": "Mars/Base"})", s, e));
  EXPECT_NE(e.message.find("time zone"), std::string::npos) << e.message;
  ASSERT_FALSE(apply_settings(R"({"source_classes": {"x": "tepid"}})", s, e));
  EXPECT_NE(e.message.find("/source_classes/x"), std::string::npos) << e.message;
  ASSERT_FALSE(apply_settings(R"({"as_of": "yesterday"})", s, e));
  EXPECT_NE(e.message.find("yesterday"), std::string::npos) << e.message;
}

// Every bad field of one document, each with its rule, JSON pointer and parameters.
TEST(ReadSettings, NamesEveryBadFieldByItsPath) {
  Settings s;
  std::vector<SettingsError> errors;
  ASSERT_FALSE(read_settings(R"({
    "norms": {"sla_share": 1.5, "touches": [12, 8], "frt_min": {"hot": -1, "lukewarm": 3}},
    "stage_control_days": {"a/b": 0},
    "source_classes": {"x": "tepid"},
    "plans": [{"owner": "Anna", "from": "2026-03-01", "to": "2026-04-01", "revenue": 1},
              {"owner": "Boris", "from": "2026-04-01", "to": "2026-03-01", "revenue": "lots"}],
    "calendar": {"hours": {"mon": ["18:00", "09:00"]}, "holidays": ["2026-13-45"]},
    "motivation": {"base_salary": 1, "steps": [[0, 1], [0, 2]], "weights": {"revenue": 0}},
    "from": "2026-04-01", "to": "2026-03-01"
  })", s, errors));
  std::vector<std::pair<std::string, std::string>> got;
  for (const SettingsError& e : errors) got.emplace_back(e.path, e.rule);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"/norms/sla_share", "SETTINGS_SHARE"},
      {"/norms/touches/1", "SETTINGS_RANGE"},
      {"/norms/frt_min/hot", "SETTINGS_NEGATIVE"},
      {"/norms/frt_min/lukewarm", "SETTINGS_UNKNOWN_KEY"},
      {"/stage_control_days/a~1b", "SETTINGS_NOT_POSITIVE"},
      {"/source_classes/x", "SETTINGS_LEAD_CLASS"},
      {"/plans/1/revenue", "SETTINGS_NOT_NUMBER"},
      {"/plans/1/to", "SETTINGS_ORDER"},
      {"/calendar/hours/mon", "SETTINGS_HOURS"},
      {"/calendar/holidays/0", "SETTINGS_NOT_DATE"},
      {"/motivation/steps/1/0", "SETTINGS_ASCENDING"},
      {"/motivation/weights", "SETTINGS_WEIGHTS"},
      {"/to", "SETTINGS_ORDER"},
  };
  EXPECT_EQ(got, want);
  // Parameters are JSON values: the class as a string, the bounds as numbers.
  EXPECT_EQ(errors[5].params, (std::vector<std::pair<std::string, std::string>>{{"value", "\"tepid\""}}));
  EXPECT_EQ(errors[1].params, (std::vector<std::pair<std::string, std::string>>{{"low", "12"}, {"high", "8"}}));
  EXPECT_EQ(settings_error_json(errors[0]),
            R"({"rule":"SETTINGS_SHARE","path":"/norms/sla_share","params":{"value":1.5},)"
            R"("message":"/norms/sla_share must be a share from 0 to 1, not 1.5"})");
  expect_defaults(s);
}

TEST(ReadSettings, NotJsonAndNotAnObjectNameTheDocument) {
  Settings s;
  std::vector<SettingsError> errors;
  ASSERT_FALSE(read_settings("id,title\n1,x\n", s, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rule, "SETTINGS_NOT_JSON");
  EXPECT_EQ(errors[0].path, "");
  ASSERT_FALSE(read_settings("[1, 2]", s, errors));
  EXPECT_EQ(errors[0].rule, "SETTINGS_NOT_OBJECT");
  // A report (JSON of another shape) is not a settings document.
  ASSERT_FALSE(read_settings(R"({"schema": "kpi-lens/report@1", "team": {}})", s, errors));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].rule, "SETTINGS_SCHEMA");
  EXPECT_EQ(errors[1].path, "/team");
  expect_defaults(s);
}

// What the form's custom calendar and bonus table start from (issue 9): one document the core takes,
// whose calendar works the same hours as the `default` one, and whose table is docs/kpi.md's.
TEST(SettingsStarts, AreADocumentWithTheDefaultCalendarsHours) {
  Settings s;
  Issue error;
  ASSERT_TRUE(apply_settings(settings_starts_json(), s, error)) << error.message;
  const auto custom = WorkingCalendar::from_json(s.calendar, TimeZone::utc(), error);
  ASSERT_TRUE(custom) << error.message;
  const auto standard = WorkingCalendar::standard(TimeZone::utc());
  for (Instant day = 0; day < 7 * 86400; day += 86400) {  // 1970-01-01 was a Thursday: every weekday once
    EXPECT_EQ(custom->working_seconds(day, day + 86400), standard.working_seconds(day, day + 86400)) << day;
  }
  ASSERT_TRUE(s.motivation);
  EXPECT_EQ(s.motivation->base_salary, 100000);
  EXPECT_EQ(s.motivation->steps.size(), 4u);
}

// The whole document: every key, in the shape read_settings takes, and it reads back to the same settings.
TEST(SettingsJson, DefaultsAndEveryFieldReadBack) {
  const std::string defaults = settings_json(Settings{});
  EXPECT_EQ(defaults,
            R"({"schema":"kpi-lens/settings@1","as_of":null,"from":null,"to":null,"tz":"Europe/Moscow","calendar":"default",)"
            R"("norms":{"frt_min":{"hot":10,"warm":30,"cold":540},"sla_share":0.85,"next_step_share":0.85,)"
            R"("overdue_share":0.05,"touches":[8,12],"stalled_share":0.1,"win_rate_change":[0.02,0.05]},"min_call_s":10,"crm_account":"","source_classes":{},)"
            R"("stage_control_days":{"default":3,")" KPI_QUALIFICATION R"(":2,"Qualification":2,")" KPI_NEGOTIATION
            R"(":5,"Negotiation":5},"won_stages":[")" KPI_WON_STAGE R"(","won"],"lost_stages":[")" KPI_LOST_STAGE
            R"(","lost"],"pipelines":{},"plans":[],"motivation":null,"series_bucket":"auto","period_preset":"auto",)"
            R"("role":"general","standup_cards":3,"norm_history":[]})");
  Settings s;
  Issue error;
  ASSERT_TRUE(apply_settings(defaults, s, error)) << error.message;
  expect_defaults(s);

  const std::string_view doc = R"({"as_of": "2026-03-31 23:59:59", "period": {"from": "2026-03-01", "to": "2026-04-01"},
    "tz": "UTC", "calendar": {"hours": {"mon": ["10:00", "19:00"]}},
    "norms": {"frt_min": {"warm": 20}, "touches": [3, 5.5], "win_rate_change": [0.01, 0.04]}, "source_classes": {"chat": "hot"},
    "stage_control_days": {"Invoice": 1.5}, "won_stages": ["W"], "pipelines": {"Main": ["A", "B"]}, "crm_account": "acme.bitrix24.ru",
    "plans": [{"owner": "Anna", "from": "2026-03-01", "to": "2026-04-01", "revenue": 10, "won_count": 2}],
    "motivation": {"base_salary": {"default": 5, "Anna": 7}, "steps": [[0, 0], [1, 1.5]]}})";
  ASSERT_TRUE(apply_settings(doc, s, error)) << error.message;
  const std::string whole = settings_json(s);
  EXPECT_NE(whole.find(R"("as_of":"2026-03-31 23:59:59","from":"2026-03-01","to":"2026-04-01","tz":"UTC")"), std::string::npos)
      << whole;
  EXPECT_NE(whole.find(R"("motivation":{"base_salary":{"default":5,"Anna":7},"weights":{"revenue":1,"win_rate":0},)"
                       R"("steps":[[0,0],[1,1.5]]})"),
            std::string::npos)
      << whole;
  Settings again;
  ASSERT_TRUE(apply_settings(whole, again, error)) << error.message;
  expect_same(again, s);
  EXPECT_EQ(settings_json(again), whole);
}

// Role KPI sets (issue 11, core/kpi/roles.h, docs/kpi.md "Role KPI sets").
TEST(RoleSettings, RoleChoosesTheLayoutAndPresetsAreTheCoresTable) {
  EXPECT_EQ(Settings{}.role, "general");
  Settings s;
  std::vector<SettingsError> errors;
  ASSERT_TRUE(read_settings(R"({"role": "inbound"})", s, errors));
  EXPECT_EQ(s.role, "inbound");
  EXPECT_NE(settings_json(s).find(R"("role":"inbound")"), std::string::npos);
  EXPECT_FALSE(read_settings(R"({"role": "janitor"})", s, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rule, "SETTINGS_CHOICE");
  EXPECT_EQ(errors[0].path, "/role");
  EXPECT_EQ(s.role, "inbound");  // kept
  // The table: six roles, each with 7-11 columns and 3-6 tiles, general first with the spec's board.
  const std::string json = role_presets_json();
  EXPECT_EQ(json.rfind(R"([{"role":"general","columns":["frt_median_min","sla_share",)", 0), 0u) << json;
  EXPECT_NE(json.find(R"({"role":"online_chat","columns":["frt_median_min","frt_p90_min","sla_share","sla_breached",)"
                      R"("next_step_share","won_count","win_rate"],"tiles":["frt","sla","next_step"],)"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("norms":{"frt_min":{"hot":10,"warm":30,"cold":540},"sla_share":0.85,"next_step_share":0.85,)"
                      R"("overdue_share":0.05,"touches":[8,12],"stalled_share":0.1}})"),
            std::string::npos);
  for (const RolePreset& r : kRolePresets) {
    SCOPED_TRACE(r.id);
    EXPECT_GE(r.columns.size(), 7u);
    EXPECT_LE(r.columns.size(), 11u);
    EXPECT_GE(r.tiles.size(), 3u);
    for (std::string_view key : r.columns) {
      bool known = false;
      for (size_t k = 0; k < kMetricCount; ++k) known = known || metric_key(static_cast<Metric>(k)) == key;
      EXPECT_TRUE(known) << key;
    }
  }
}

// Issue 9: the settings form's lists and tables are described by the core's schema (the page
// draws them from it): the period's dates, the time zone, the calendar's date lists, the
// source and stage maps, the plan table and the bonus table's salary, weights, steps and
// per-manager salaries. The scalar fields before them are unchanged.
TEST(SettingsSchema, DescribesTheListsAndTables) {
  const std::string json = settings_schema_json();
  EXPECT_EQ(json.rfind(R"([{"path":"/norms/sla_share","section":"norms","type":"number","unit":"share","min":0,"max":1},)", 0), 0u) << json;
  const size_t at = json.find(R"({"path":"/from")");
  ASSERT_NE(at, std::string::npos) << json;
  EXPECT_EQ(json.substr(at),
            R"({"path":"/from","section":"period","type":"date"},)"
            R"({"path":"/to","section":"period","type":"date","end":"exclusive"},)"
            R"({"path":"/as_of","section":"period","type":"date_time"},)"
            R"({"path":"/source_classes","section":"sources","type":"map","keys":"sources",)"
            R"("value":{"type":"choice","choices":["hot","warm","cold"]}},)"
            R"({"path":"/stage_control_days","section":"stages","type":"map","keys":"stages",)"
            R"("value":{"type":"number","unit":"days","min":0,"above_min":true}},)"
            R"({"path":"/tz","section":"calendar","type":"zone"},)"
            R"({"path":"/calendar/holidays","section":"calendar","type":"date_list"},)"
            R"({"path":"/calendar/workdays","section":"calendar","type":"date_list"},)"
            R"({"path":"/plans","section":"plans","type":"table","columns":[)"
            R"({"key":"owner","type":"choice","keys":"managers"},{"key":"from","type":"date"},)"
            R"({"key":"to","type":"date","end":"exclusive"},{"key":"revenue","type":"number","unit":"money","min":0,"step":1000},)"
            R"({"key":"won_count","type":"number","unit":"count","min":0,"step":1}]},)"
            R"({"path":"/motivation/base_salary/default","section":"motivation","type":"number","unit":"money","min":0,"step":1000},)"
            R"({"path":"/motivation/weights/revenue","section":"motivation","type":"number","min":0,"step":0.1},)"
            R"({"path":"/motivation/weights/win_rate","section":"motivation","type":"number","min":0,"step":0.1},)"
            R"({"path":"/motivation/steps","section":"motivation","type":"table","columns":[)"
            R"({"key":"0","type":"number","unit":"share"},{"key":"1","type":"number","min":0}]},)"
            R"({"path":"/motivation/base_salary","section":"motivation","type":"map","keys":"managers",)"
            R"("value":{"type":"number","unit":"money","min":0,"step":1000}}])");
}

// A date typed into a settings field, read as the core reads dates (the page no longer parses
// dates itself): each language's own forms, ISO in both, a time in 24 or 12 hours.
TEST(SettingsSchema, ReadsTypedDates) {
  const std::pair<std::string_view, std::string_view> ru[] = {
      {"01.03.2026", "2026-03-01"}, {"1.3.26", "2026-03-01"}, {"31.12.2026 9:05", "2026-12-31T09:05"},
      {"2026-03-01", "2026-03-01"}, {" 2026-03-01T10:00:30 ", "2026-03-01T10:00"}, {"29.02.2024", "2024-02-29"}};
  for (const auto& [text, iso] : ru) EXPECT_EQ(read_typed_date(text, "ru").value_or("null"), iso) << text;
  const std::pair<std::string_view, std::string_view> en[] = {
      {"Mar 1, 2026", "2026-03-01"}, {"March 1 2026", "2026-03-01"}, {"Sept. 30, 2026", "2026-09-30"},
      {"3/31/2026", "2026-03-31"}, {"3/31/26", "2026-03-31"}, {"Dec 31, 2026, 2:30 PM", "2026-12-31T14:30"},
      {"Dec 31, 2026 12:05 am", "2026-12-31T00:05"}, {"Dec 31, 2026 14:30", "2026-12-31T14:30"},
      {"01.03.2026", "2026-03-01"}, {"2026-03-01T10:00", "2026-03-01T10:00"}};
  for (const auto& [text, iso] : en) EXPECT_EQ(read_typed_date(text, "en").value_or("null"), iso) << text;
  // Not dates (the page then sends the text as typed, and read_settings names the field).
  const std::pair<std::string_view, std::string_view> no[] = {
      {"31.02.2026", "ru"}, {"3/31/2026", "ru"}, {"Foo 1, 2026", "en"}, {"13.13.2026", "ru"}, {"Mar 1, 2026 25:00", "en"},
      {"Mar 1, 2026 13:00 PM", "en"}, {"", "ru"}, {"завтра", "ru"}, {"1.3.202", "ru"}, {"Mar 1,2026", "en"},
      {"2026-03-01T10:00+03:00", "en"}, {"31.12.2026 9:5", "ru"}, {"Mar 1, 2026 2:30 xm", "en"}};
  for (const auto& [text, lang] : no) EXPECT_EQ(read_typed_date(text, lang), std::nullopt) << text << " " << lang;
}

}  // namespace
}  // namespace kpi
