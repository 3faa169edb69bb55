// Columns and guesses (inspect reads, and files the dictionary could not place
// fully) and explicit column mappings: what the mapping dialog, presets and
// the CLI's --mapping rely on. Every expected value is worked out by hand.
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "core/analyzer.h"
#include "core/sources/header_match.h"
#include "core/sources/mapping.h"
#include "tests/core/support.h"

namespace kpi {
namespace {

using test::find;

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(KPI_FIXTURES) + "/crm/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Reads `bytes` with the options JSON, in 7-byte chunks (headers and rows
// split anywhere); stops early when the core says it needs no more.
InputSummary read(Analyzer& a, const std::string& name, std::string_view bytes, std::string_view options,
                  size_t* fed = nullptr) {
  Issue error;
  EXPECT_TRUE(a.begin_file(name, parse_file_options(options), error)) << error.message;
  size_t i = 0;
  for (; i < bytes.size(); i += 7) {
    if (!a.feed(bytes.substr(i, 7))) { i += 7; break; }
  }
  if (fed) *fed = std::min(i, bytes.size());
  return a.end_file();
}

std::vector<std::string> fields_of(const Inspection& in) {
  std::vector<std::string> out;
  for (const ColumnGuess& c : in.columns) out.push_back(c.field + "/" + c.by);
  return out;
}

// Issue 12, defect 7: guesses look at the values and say how sure they are.
// A phone column named "Бюджет" is no amount; a "Дата закрытия" whose dates
// lie in the future (a resolution deadline) is no closing date.
const ColumnGuess& column(const Inspection& in, std::string_view name) {
  for (const ColumnGuess& c : in.columns) {
    if (c.name == name) return c;
  }
  ADD_FAILURE() << "no column " << name;
  static const ColumnGuess kNone;
  return kNone;
}

TEST(Mapping, APhoneColumnIsNoAmount) {
  Analyzer a;
  const InputSummary s = read(a, "deals_phone_as_budget.csv", fixture("deals_phone_as_budget.csv"),
                              R"({"inspect": true, "now": 1772841600})");  // 2026-03-07
  ASSERT_TRUE(s.inspection.has_value());
  const Inspection& in = *s.inspection;
  EXPECT_EQ(in.kind, "deals");
  const ColumnGuess& budget = column(in, "Бюджет");
  EXPECT_EQ(budget.values, "phone");
  EXPECT_EQ(budget.field, "");
  EXPECT_EQ(budget.doubt, "values_look_like_phones");
  EXPECT_DOUBLE_EQ(budget.confidence, 0);
  EXPECT_EQ(column(in, "ID").field, "id");
  EXPECT_DOUBLE_EQ(column(in, "ID").confidence, 1.0);          // the canonical name
  EXPECT_EQ(column(in, "Ответственный").field, "owner");
  EXPECT_DOUBLE_EQ(column(in, "Ответственный").confidence, 0.8);  // a dictionary name over text
  EXPECT_EQ(column(in, "Дата закрытия").field, "closed_at");
  EXPECT_DOUBLE_EQ(column(in, "Дата закрытия").confidence, 0.9);  // a dictionary name the dates agree with
  EXPECT_TRUE(looks_like_phone("+7 999 123-45-67"));
  EXPECT_TRUE(looks_like_phone("89991234567"));
  EXPECT_FALSE(looks_like_phone("1 200 000"));
  EXPECT_FALSE(looks_like_phone("19999.99"));
}

TEST(Mapping, AFutureDeadlineIsNoClosingDate) {
  Analyzer a;
  const InputSummary s = read(a, "deals_deadline_as_closed.csv", fixture("deals_deadline_as_closed.csv"),
                              R"({"inspect": true, "now": 1772841600})");  // 2026-03-07
  ASSERT_TRUE(s.inspection.has_value());
  const Inspection& in = *s.inspection;
  EXPECT_EQ(in.kind, "deals");
  const ColumnGuess& closed = column(in, "Дата закрытия");
  EXPECT_EQ(closed.values, "date");
  EXPECT_EQ(closed.field, "");
  EXPECT_EQ(closed.doubt, "dates_in_future");
  const ColumnGuess& list = column(in, "Сделки");  // a deals list is text: no date, no guess
  EXPECT_EQ(list.values, "text");
  EXPECT_EQ(list.field, "");
  // Without a clock the future cannot be told: the name's guess stands.
  Analyzer b;
  const InputSummary t = read(b, "deals_deadline_as_closed.csv", fixture("deals_deadline_as_closed.csv"),
                              R"({"inspect": true})");
  EXPECT_EQ(column(*t.inspection, "Дата закрытия").field, "closed_at");
}

// Issue 12, defect 2: inspecting a JSON dump says what it is.
TEST(Mapping, InspectingAJsonDumpSaysWhatItIs) {
  std::ifstream file(std::string(KPI_FIXTURES) + "/amocrm-api/leads_page_1.json", std::ios::binary);
  std::stringstream ss;
  ss << file.rdbuf();
  Analyzer a;
  const InputSummary s = read(a, "leads_page_1.json", ss.str(), R"({"inspect": true, "preview_rows": 2})");
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.format, "amocrm-json");
  EXPECT_EQ(s.kind, "deals");
  ASSERT_TRUE(s.inspection.has_value());
  const Inspection& in = *s.inspection;
  EXPECT_EQ(in.kind, "deals");
  EXPECT_EQ(in.kind_by, "json");
  EXPECT_EQ(in.crm, "amocrm");
  EXPECT_EQ(in.endpoint, "leads");
  EXPECT_EQ(in.entities, 3u);
  ASSERT_EQ(in.preview.size(), 2u);
  EXPECT_EQ(in.preview[0][0], "1001");
  EXPECT_EQ(in.preview[0][1], "Альфа");
  EXPECT_EQ(in.preview[0][4], "100000");
  EXPECT_EQ(in.preview[0][5], "2026-03-02T07:00:00Z");  // created_at 1772434800
  EXPECT_EQ(a.dataset().deals.size(), 0u);  // an inspect read adds nothing
  // A malformed dump: the named error, no description.
  Analyzer b;
  const InputSummary bad = read(b, "bad.json", R"({"_embedded": {"leads": [1,, 2]}})", R"({"inspect": true})");
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.error.code, ErrorCode::kBadJson);
  EXPECT_EQ(bad.error.message,
            "bad.json: the JSON is malformed at byte 27: found ',' where a value was expected");
  EXPECT_FALSE(bad.inspection.has_value());
}

TEST(Mapping, GuessesOddHeadersFromTheirValues) {
  // No header of odd_deals.csv is in the dictionary: the table and the fields
  // come from the cells (states, dates, amounts); id, stage and owner cannot be guessed.
  Analyzer a;
  const InputSummary s = read(a, "odd_deals.csv", fixture("odd_deals.csv"), "");
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.error.code, ErrorCode::kUnknownTable);
  ASSERT_TRUE(s.inspection.has_value());
  const Inspection& in = *s.inspection;
  EXPECT_EQ(in.kind, "deals");
  EXPECT_EQ(in.kind_by, "values");
  EXPECT_EQ(in.header_line, 1u);
  EXPECT_EQ(in.header_columns, 8u);
  EXPECT_EQ(fields_of(in), (std::vector<std::string>{"/", "/", "/", "created_at/values", "state/values",
                                                     "amount/values", "/", "closed_at/values"}));
  EXPECT_EQ(in.columns[3].values, "date");
  EXPECT_EQ(in.columns[4].values, "state");
  EXPECT_EQ(in.columns[5].values, "number");  // "1 000", "2 500,50", "300"
  EXPECT_EQ(in.columns[7].values, "date");    // the empty third cell does not count
  EXPECT_EQ(in.columns[1].values, "text");
  EXPECT_EQ(in.missing, (std::vector<std::string>{"id", "stage", "owner"}));
  EXPECT_EQ(in.signature[5], "sum, rub");
  EXPECT_EQ(in.signature[2], "manager name");
  ASSERT_EQ(in.preview.size(), 3u);
  EXPECT_EQ(in.preview[1][5], "2 500,50");
  EXPECT_EQ(in.preview[2][7], "");
  ASSERT_EQ(in.tables.size(), 4u);
  EXPECT_EQ(in.tables[0].kind, "deals");
  EXPECT_EQ(in.tables[0].required, (std::vector<std::string>{"id", "stage", "owner", "created_at"}));
  EXPECT_EQ(in.tables[3].fields.back(), "direction");
  EXPECT_TRUE(a.files().size() == 1 && a.dataset().deals.size() == 0);  // a failed file, nothing read
}

TEST(Mapping, GuessesAliasesCanonicalNamesAndValuesTogether) {
  // Four deal columns by name, "Когда" by its dates: only created_at was
  // missing, so the file fails with MISSING_COLUMN and the guess fills it.
  Analyzer a;
  const InputSummary s =
      read(a, "partial.csv", "ID;Менеджер;Когда;Сумма сделки;stage;Заметка\n7;Ann;02.03.2026;100;New;x\n", "");
  EXPECT_EQ(s.error.code, ErrorCode::kMissingColumn);
  ASSERT_TRUE(s.inspection.has_value());
  EXPECT_EQ(s.inspection->kind, "deals");
  EXPECT_EQ(s.inspection->kind_by, "header");
  EXPECT_EQ(fields_of(*s.inspection), (std::vector<std::string>{"id/canonical", "owner/alias", "created_at/values",
                                                                "amount/alias", "stage/canonical", "/"}));
  EXPECT_TRUE(s.inspection->missing.empty());
}

TEST(Mapping, InspectReadsOnlyTheFirstRowsAndAddsNothing) {
  // The decoder holds the first 4 KiB while it decides the encoding: make
  // the file longer than that, so stopping early shows.
  std::string bytes = fixture("amocrm_export_leads.csv");
  const std::string rows = bytes.substr(bytes.find('\n') + 1);
  for (int i = 0; i < 20; ++i) bytes += rows;
  Analyzer a;
  size_t fed = 0;
  const InputSummary s = read(a, "leads.csv", bytes, R"({"inspect": true, "preview_rows": 2})", &fed);
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_LT(fed, bytes.size());  // stopped after the second row
  EXPECT_EQ(s.kind, "deals");
  EXPECT_EQ(s.format, "amocrm-csv");
  EXPECT_EQ(s.rows, 0u);
  ASSERT_TRUE(s.inspection.has_value());
  EXPECT_EQ(s.inspection->kind_by, "header");
  EXPECT_EQ(s.inspection->preview.size(), 2u);
  EXPECT_EQ(s.inspection->preview[1][0], "102");
  // "Источник" repeats (lead and contact): only the first is the source.
  EXPECT_EQ(s.inspection->columns[10].field, "source");
  EXPECT_EQ(s.inspection->columns[12].field, "");
  EXPECT_EQ(s.inspection->columns[2].field, "amount");
  EXPECT_EQ(s.inspection->columns[2].by, "alias");
  EXPECT_TRUE(a.files().empty());
  EXPECT_EQ(a.dataset().deals.size(), 0u);
}

TEST(Mapping, ExplicitMappingReadsOddHeaders) {
  // Result is both the stage and the state; "Sum, RUB" uses a decimal comma.
  Analyzer a;
  test::configure(a, R"({"as_of": "2026-03-12 00:00"})");
  const InputSummary s = read(a, "odd_deals.csv", fixture("odd_deals.csv"), R"({"mapping": {
      "kind": "deals",
      "columns": {"id": "Deal No", "title": 1, "owner": "MANAGER NAME", "stage": "Result", "state": 4,
                  "created_at": "Opened", "amount": "Sum, RUB", "source": 6, "closed_at": "Closed",
                  "segment": null},
      "date_format": "dmy", "decimal": "comma"}})");
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.kind, "deals");
  EXPECT_EQ(s.format, "mapped-csv");
  EXPECT_EQ(s.rows, 3u);
  EXPECT_EQ(s.skipped, 0u);
  EXPECT_FALSE(s.inspection.has_value());
  EXPECT_DOUBLE_EQ(a.dataset().deals.amount[1], 2500.5);
  const Report r = a.analyze();
  // D-1 won 1 000 (Ann), D-2 lost (Ann), D-3 open (Bob).
  test::expect_value(r.team, Metric::kWonCount, 1);
  test::expect_value(r.team, Metric::kLostCount, 1);
  test::expect_value(r.team, Metric::kWinRate, 0.5);
  test::expect_value(r.team, Metric::kRevenue, 1000);
  test::expect_value(find(r.managers, "Ann"), Metric::kWinRate, 0.5);
  test::expect_value(find(r.managers, "Bob"), Metric::kWinRate, kNull);
  test::expect_value(find(r.by_source, "Site"), Metric::kWinRate, 1.0);
}

TEST(Mapping, DateOrderAndDecimalMarkApplyToMappedCells) {
  const std::string_view csv = "n,who,step,when,sum\n1,Ann,Won,03/04/2026 10:00,\"1,234\"\n";
  Analyzer a;
  InputSummary s = read(a, "us.csv", csv, R"({"mapping": {"kind": "deals", "columns":
      {"id": 0, "owner": 1, "stage": 2, "created_at": 3, "amount": 4}, "date_format": "mdy", "decimal": "dot"}})");
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(format_instant(a.dataset().deals.created_at[0]), "2026-03-04T07:00:00Z");  // March 4, 10:00 Moscow
  EXPECT_DOUBLE_EQ(a.dataset().deals.amount[0], 1234);  // the comma groups thousands
  // The same cells without date_format/decimal: day first, decimal comma.
  s = read(a, "us2.csv", csv, R"({"mapping": {"kind": "deals", "columns":
      {"id": 0, "owner": 1, "stage": 2, "created_at": 3, "amount": 4}}})");
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(format_instant(a.dataset().deals.created_at[1]), "2026-04-03T07:00:00Z");
  EXPECT_DOUBLE_EQ(a.dataset().deals.amount[1], 1.234);
  // Unix seconds and year first.
  s = read(a, "unix.csv", "id,owner,stage,at\n9,Ann,New,1772438400\n", R"({"mapping": {"kind": "deals",
      "columns": {"id": "id", "owner": "owner", "stage": "stage", "created_at": "at"}, "date_format": "unix"}})");
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(format_instant(a.dataset().deals.created_at[2]), "2026-03-02T08:00:00Z");
  s = read(a, "ymd.csv", "id,owner,stage,at\n10,Ann,New,2026/03/02 11:00\n", R"({"mapping": {"kind": "deals",
      "columns": {"id": 0, "owner": 1, "stage": 2, "created_at": 3}, "date_format": "ymd"}})");
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(format_instant(a.dataset().deals.created_at[3]), "2026-03-02T08:00:00Z");
}

TEST(Mapping, BadMappingsAreErrorsNamingTheKey) {
  struct Case {
    std::string_view options, message;
  };
  const Case cases[] = {
      {R"({"mapping": {"kind": "leads", "columns": {}}})", "mapping.kind: must be \"deals\""},
      {R"({"mapping": {"columns": {}}})", "mapping.kind: is missing"},
      {R"({"mapping": {"kind": "deals"}})", "mapping.columns: is missing"},
      {R"({"mapping": {"kind": "deals", "columns": {"id": 0, "owner": 1, "stage": 2, "created_at": 3, "budget": 4}}})",
       "mapping.columns.budget: the deals table has no field \"budget\""},
      {R"({"mapping": {"kind": "deals", "columns": {"id": 0, "stage": 2, "created_at": 3}}})",
       "mapping.columns.owner: is required for the deals table"},
      {R"({"mapping": {"kind": "deals", "columns": {"id": -1, "owner": 1, "stage": 2, "created_at": 3}}})",
       "mapping.columns.id: must be a column index"},
      {R"({"mapping": {"kind": "deals", "columns": {"id": true, "owner": 1, "stage": 2, "created_at": 3}}})",
       "mapping.columns.id: must be a column index"},
      {R"({"mapping": {"kind": "deals", "columns": {"id": 0, "owner": 1, "stage": 2, "created_at": 3},
          "date_format": "yyyy-mm-dd"}})", "mapping.date_format: must be \"auto\""},
      {R"({"mapping": {"kind": "deals", "columns": {"id": 0, "owner": 1, "stage": 2, "created_at": 3},
          "decimal": ";"}})", "mapping.decimal: must be"},
      {R"({"mapping": {"kind": "deals", "columns": {"id": 0, "owner": 1, "stage": 2, "created_at": 3}, "sep": 1}})",
       "mapping.sep: is not a mapping key"},
      {R"({"preview_rows": 21})", "preview_rows: must be a whole number from 0 to 20"},
      {R"({"mapping": {"kind": "deals", "columns": )", "options: are not valid JSON"},
      {R"({"mapping": {"kind": "deals", "columns": {"id": 42, "owner": 1, "stage": 2, "created_at": 3}}})",
       "mapping.columns.id: column 42 is beyond the header's 4 columns"},
      {R"({"mapping": {"kind": "deals", "columns": {"id": 0, "owner": "Boss", "stage": 2, "created_at": 3}}})",
       "mapping.columns.owner: the header has no column \"Boss\""},
  };
  for (const Case& c : cases) {
    Analyzer a;
    const InputSummary s = read(a, "m.csv", "id,owner,stage,created_at\n1,Ann,New,2026-03-02\n", c.options);
    EXPECT_FALSE(s.ok) << c.options;
    EXPECT_EQ(s.error.code, ErrorCode::kBadMapping) << c.options;
    EXPECT_EQ(s.error.message.rfind("m.csv: ", 0), 0u) << s.error.message;
    EXPECT_NE(s.error.message.find(c.message), std::string::npos) << s.error.message;
    EXPECT_EQ(a.dataset().deals.size(), 0u);
    // The other files still load.
    const InputSummary next = read(a, "ok.csv", "id,owner,stage,created_at\n1,Ann,New,2026-03-02\n", "");
    EXPECT_TRUE(next.ok);
    EXPECT_EQ(a.files().size(), 2u);
  }
}

TEST(Mapping, AHeaderThatMissesTheMappingStillReportsItsColumns) {
  Analyzer a;
  const InputSummary s = read(a, "m.csv", "id;who;stage;created_at\n1;Ann;New;2026-03-02\n",
                              R"({"mapping": {"kind": "deals", "columns": {"id": 0, "owner": "Owner", "stage": 2,
                                  "created_at": 3}}})");
  ASSERT_FALSE(s.ok);
  ASSERT_TRUE(s.inspection.has_value());
  EXPECT_EQ(s.inspection->kind_by, "mapping");
  EXPECT_EQ(fields_of(*s.inspection), (std::vector<std::string>{"id/mapping", "/", "stage/mapping",
                                                                "created_at/mapping"}));
  EXPECT_EQ(s.inspection->missing, (std::vector<std::string>{"owner"}));
  ASSERT_EQ(s.inspection->preview.size(), 1u);
}

TEST(Mapping, MappedHtmlTablesSayHtml) {
  Analyzer a;
  const InputSummary s = read(a, "t.xls",
                              "<table><tr><th>N</th><th>Who</th><th>Step</th><th>When</th></tr>"
                              "<tr><td>1</td><td>Ann</td><td>Won</td><td>02.03.2026</td></tr></table>",
                              R"({"mapping": {"kind": "deals", "columns": {"id": "n", "owner": "who", "stage": "step",
                                  "created_at": "when"}}})");
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.format, "mapped-html");
  EXPECT_EQ(s.rows, 1u);
}

}  // namespace
}  // namespace kpi
