// to_json(Report): the `kpi-lens/report@1` text parsed back with simdjson.
// Every METRICS key in spec/report.md order, NaN as null, ISO instants,
// strings that stay valid JSON and UTF-8 whatever bytes they held, and
// numbers that round-trip.
#include "core/report/report.h"

#include <cmath>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

namespace kpi {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// spec/report.md, METRICS, in its order.
const std::vector<std::string_view> kMetricKeys = {
    "frt_median_min", "frt_mean_min", "frt_p90_min", "sla_share", "sla_breached", "sla_total",
    "next_step_share", "overdue_step_count", "open_count",
    "overdue_share", "overdue_count", "tasks_due_count",
    "touches_per_won_mean", "touches_per_won_median",
    "won_count", "lost_count", "win_rate", "revenue", "avg_won_amount",
    "stalled_count", "stalled_share", "velocity_median_days",
    "plan_revenue", "plan_fact_share", "plan_pace", "plan_forecast",
    "plan_won_count", "plan_won_fact_share", "plan_won_pace", "plan_won_forecast",
};

// Parses `json` (the parser must outlive the returned element).
element parse(simdjson::dom::parser& parser, const std::string& json) {
  element doc;
  const auto err = parser.parse(json).get(doc);
  EXPECT_EQ(err, simdjson::SUCCESS) << simdjson::error_message(err) << "\n" << json;
  return doc;
}

element at(element e, std::string_view key) {
  element v;
  EXPECT_EQ(e[key].get(v), simdjson::SUCCESS) << "missing key " << key;
  return v;
}

std::string text(element e) {
  std::string_view s;
  EXPECT_EQ(e.get_string().get(s), simdjson::SUCCESS);
  return std::string(s);
}

double number(element e) {
  double d = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(e.get_double().get(d), simdjson::SUCCESS);
  return d;
}

std::vector<std::string> keys(element e) {
  std::vector<std::string> out;
  object o;
  EXPECT_EQ(e.get_object().get(o), simdjson::SUCCESS);
  for (auto field : o) out.emplace_back(field.key);
  return out;
}

std::vector<std::string> metric_keys_wanted() { return {kMetricKeys.begin(), kMetricKeys.end()}; }

void expect_metrics(element metrics, const MetricValues& want) {
  ASSERT_EQ(keys(metrics), metric_keys_wanted());
  for (size_t i = 0; i < kMetricCount; ++i) {
    SCOPED_TRACE(kMetricKeys[i]);
    const element v = at(metrics, kMetricKeys[i]);
    if (std::isfinite(want.values[i])) {
      EXPECT_EQ(number(v), want.values[i]);
    } else {
      EXPECT_TRUE(v.is_null());
    }
  }
}

Report sample_report() {
  Report r;
  r.as_of = 1775001599;  // 2026-03-31T23:59:59Z
  r.from = 1772323200;   // 2026-03-01T00:00:00Z
  r.to = 1775001600;     // 2026-04-01T00:00:00Z
  r.team.set(Metric::kWonCount, 3);
  r.team.set(Metric::kLostCount, 3);
  r.team.set(Metric::kWinRate, 0.5);
  r.team.set(Metric::kRevenue, 3500.5);
  r.team.set(Metric::kFrtMedianMin, 0.1 + 0.2);
  r.team.set(Metric::kPlanPace, std::numeric_limits<double>::infinity());  // not finite: null
  NamedMetrics anna{"Anna", {}};
  anna.metrics.set(Metric::kOpenCount, 7);
  anna.metrics.set(Metric::kSlaShare, 1.0 / 3.0);
  r.managers.push_back(anna);
  r.managers.push_back({"Boris", {}});
  NamedMetrics web{"web", {}};
  web.metrics.set(Metric::kWinRate, 0.25);
  r.by_source.push_back(web);
  r.by_segment.push_back({"SMB", {}});
  r.loss_reasons.push_back({"", 3, 0.6});
  r.loss_reasons.push_back({"\xD0\x94\xD0\xBE\xD1\x80\xD0\xBE\xD0\xB3\xD0\xBE", 2, 0.4});  // Дорого
  StageRow stage;
  stage.pipeline = "Main";
  stage.stage = "New";
  stage.order = 1;
  stage.reached = 10;
  stage.conversion = 0.7;
  r.stages.push_back(stage);
  BoardTile tile;
  tile.id = "win_rate_by_source";
  tile.norm = ">= 0.3";
  tile.status = "warn";
  tile.value = 0.27;
  tile.worst = {"Boris"};
  tile.deal_ids = {"D1", "D2"};
  r.board.push_back(tile);
  r.data_quality.push_back({"deals_missing_owner", 2, {"D7", "D8"}});
  r.unavailable.push_back({"frt", "needs calls or messages with dates", "NEEDS_ACTIVITIES", {}});
  InputSummary ok;
  ok.file = "deals.csv";
  ok.kind = "deals";
  ok.format = "canonical-csv";
  ok.encoding = "utf-8";
  ok.delimiter = ';';
  ok.bytes = 1234;
  ok.rows = 10;
  ok.skipped = 1;
  ok.issue_count = 1;
  ok.issues.push_back({ErrorCode::kRaggedRow, 5, 200, 0, "line 5 has 3 fields, the header has 13"});
  r.inputs.push_back(ok);
  InputSummary bad;
  bad.file = "mystery.csv";
  bad.ok = false;
  bad.error = {ErrorCode::kUnknownTable, 1, 0, 0, "mystery.csv: the header row matches none of the tables"};
  r.inputs.push_back(bad);
  return r;
}

TEST(ReportJson, WritesSchemaPeriodAndTopLevelKeysInOrder) {
  const std::string json = to_json(sample_report());
  simdjson::dom::parser parser;
  const element doc = parse(parser, json);
  EXPECT_EQ(text(at(doc, "schema")), "kpi-lens/report@1");
  EXPECT_EQ(text(at(doc, "as_of")), "2026-03-31T23:59:59Z");
  EXPECT_EQ(text(at(at(doc, "period"), "from")), "2026-03-01T00:00:00Z");
  EXPECT_EQ(text(at(at(doc, "period"), "to")), "2026-04-01T00:00:00Z");
  EXPECT_EQ(keys(doc), (std::vector<std::string>{"schema", "as_of", "tz", "layout", "period", "currency", "inputs", "team", "managers", "groups", "splits",
                                                 "stages", "loss_reasons", "board", "data_quality", "unavailable", "norms",
                                                 "coverage", "catalogue", "motivation", "design_check", "state", "crm", "today", "ranking",
                                                 "activity", "open_pipeline", "new_deals", "series", "off_norm", "plans",
                                                 "win_rate_change", "loss_mix", "plan_days"}));
  EXPECT_EQ(keys(at(doc, "groups")), (std::vector<std::string>{"source", "segment", "lead_class"}));
}

TEST(ReportJson, WritesUnsetInstantsAsNull) {
  const std::string json = to_json(Report{});
  simdjson::dom::parser parser;
  const element doc = parse(parser, json);
  EXPECT_TRUE(at(doc, "as_of").is_null());
  EXPECT_TRUE(at(at(doc, "period"), "from").is_null());
  EXPECT_TRUE(at(at(doc, "period"), "to").is_null());
  // An empty report still has every METRICS key, all null.
  expect_metrics(at(at(doc, "team"), "metrics"), MetricValues{});
  array managers;
  ASSERT_EQ(at(doc, "managers").get_array().get(managers), simdjson::SUCCESS);
  EXPECT_EQ(managers.size(), 0u);
}

TEST(ReportJson, WritesEveryMetricKeyForTeamManagersAndGroups) {
  const Report r = sample_report();
  ASSERT_EQ(kMetricKeys.size(), kMetricCount);
  for (size_t i = 0; i < kMetricCount; ++i) EXPECT_EQ(metric_key(static_cast<Metric>(i)), kMetricKeys[i]);

  const std::string json = to_json(r);
  simdjson::dom::parser parser;
  const element doc = parse(parser, json);
  expect_metrics(at(at(doc, "team"), "metrics"), r.team);
  EXPECT_TRUE(at(at(at(doc, "team"), "metrics"), "plan_pace").is_null());  // infinity

  array managers;
  ASSERT_EQ(at(doc, "managers").get_array().get(managers), simdjson::SUCCESS);
  ASSERT_EQ(managers.size(), 2u);
  size_t i = 0;
  for (element m : managers) {
    SCOPED_TRACE(r.managers[i].name);
    EXPECT_EQ(keys(m), (std::vector<std::string>{"name", "metrics", "samples", "status", "status_reason", "norms",
                                                 "norm_sources", "previous", "expected"}));
    EXPECT_EQ(text(at(m, "name")), r.managers[i].name);
    expect_metrics(at(m, "metrics"), r.managers[i].metrics);
    ++i;
  }
  for (std::string_view group : {"source", "segment"}) {
    SCOPED_TRACE(group);
    array rows;
    ASSERT_EQ(at(at(doc, "groups"), group).get_array().get(rows), simdjson::SUCCESS);
    ASSERT_EQ(rows.size(), 1u);
    const auto& want = group == "source" ? r.by_source[0] : r.by_segment[0];
    const element row = rows.at(0).value_unsafe();
    EXPECT_EQ(text(at(row, "name")), want.name);
    expect_metrics(at(row, "metrics"), want.metrics);
  }
}

TEST(ReportJson, WritesNoReasonAsNull) {
  const std::string json = to_json(sample_report());
  simdjson::dom::parser parser;
  const element doc = parse(parser, json);
  array reasons;
  ASSERT_EQ(at(doc, "loss_reasons").get_array().get(reasons), simdjson::SUCCESS);
  ASSERT_EQ(reasons.size(), 2u);
  const element none = reasons.at(0).value_unsafe();
  EXPECT_EQ(keys(none), (std::vector<std::string>{"reason", "count", "share", "norm", "status", "status_reason"}));
  EXPECT_EQ(number(at(none, "norm")), 0.05);  // "no reason given" is held to at most 5 %
  EXPECT_TRUE(at(none, "reason").is_null());
  EXPECT_EQ(number(at(none, "count")), 3);
  EXPECT_EQ(number(at(none, "share")), 0.6);
  EXPECT_EQ(text(at(reasons.at(1).value_unsafe(), "reason")), "\xD0\x94\xD0\xBE\xD1\x80\xD0\xBE\xD0\xB3\xD0\xBE");
}

TEST(ReportJson, WritesStagesBoardQualityAndInputs) {
  const std::string json = to_json(sample_report());
  simdjson::dom::parser parser;
  const element doc = parse(parser, json);

  const element stage = at(doc, "stages").at(0).value_unsafe();
  EXPECT_EQ(keys(stage), (std::vector<std::string>{"pipeline", "stage", "order", "reached", "converted",
                                                   "conversion", "open", "stalled", "stalled_share",
                                                   "median_days_in_stage", "p90_days_in_stage", "status",
                                                   "status_reason"}));
  EXPECT_EQ(text(at(stage, "stage")), "New");
  EXPECT_EQ(number(at(stage, "order")), 1);
  EXPECT_EQ(number(at(stage, "reached")), 10);
  EXPECT_TRUE(at(stage, "converted").is_null());
  EXPECT_EQ(number(at(stage, "conversion")), 0.7);

  const element tile = at(doc, "board").at(0).value_unsafe();
  EXPECT_EQ(keys(tile), (std::vector<std::string>{"id", "value", "norm", "status", "delta_prev", "worst", "deal_ids",
                                                  "metric", "flagged", "cards"}));
  EXPECT_EQ(text(at(tile, "id")), "win_rate_by_source");
  EXPECT_EQ(number(at(tile, "value")), 0.27);
  EXPECT_TRUE(at(tile, "delta_prev").is_null());
  EXPECT_EQ(text(at(tile, "deal_ids").at(1).value_unsafe()), "D2");

  const element quality = at(doc, "data_quality").at(0).value_unsafe();
  EXPECT_EQ(text(at(quality, "check")), "deals_missing_owner");
  EXPECT_EQ(number(at(quality, "count")), 2);
  EXPECT_EQ(text(at(quality, "examples").at(0).value_unsafe()), "D7");

  const element unavailable = at(doc, "unavailable").at(0).value_unsafe();
  EXPECT_EQ(text(at(unavailable, "metric")), "frt");
  EXPECT_EQ(text(at(unavailable, "code")), "NEEDS_ACTIVITIES");
  EXPECT_EQ(text(at(unavailable, "reason")), "needs calls or messages with dates");
  EXPECT_TRUE(at(unavailable, "params").is_object());

  const element ok = at(doc, "inputs").at(0).value_unsafe();
  EXPECT_EQ(text(at(ok, "file")), "deals.csv");
  EXPECT_EQ(text(at(ok, "kind")), "deals");
  EXPECT_EQ(text(at(ok, "format")), "canonical-csv");
  EXPECT_EQ(number(at(ok, "rows")), 10);
  EXPECT_EQ(number(at(ok, "skipped")), 1);
  EXPECT_TRUE(at(ok, "ok").is_bool());
  EXPECT_EQ(text(at(ok, "delimiter")), ";");
  EXPECT_TRUE(at(ok, "error").is_null());
  const element issue = at(ok, "issues").at(0).value_unsafe();
  EXPECT_EQ(text(at(issue, "code")), "RAGGED_ROW");
  EXPECT_EQ(number(at(issue, "line")), 5);
  EXPECT_EQ(number(at(issue, "byte")), 200);
  EXPECT_TRUE(at(issue, "column").is_null());
  EXPECT_TRUE(at(issue, "params").is_object());

  const element bad = at(doc, "inputs").at(1).value_unsafe();
  bool ok_flag = true;
  ASSERT_EQ(at(bad, "ok").get_bool().get(ok_flag), simdjson::SUCCESS);
  EXPECT_FALSE(ok_flag);
  EXPECT_TRUE(at(bad, "kind").is_null());
  EXPECT_TRUE(at(bad, "delimiter").is_null());
  const element error = at(bad, "error");
  EXPECT_EQ(text(at(error, "code")), "UNKNOWN_TABLE");
  EXPECT_EQ(text(at(error, "file")), "mystery.csv");
  EXPECT_EQ(number(at(error, "line")), 1);
}

TEST(ReportJson, EscapesStringsIntoValidUtf8Json) {
  struct Case {
    const char* name;
    std::string in;
    std::string out;  // the string as parsed back
  };
  const Case cases[] = {
      {"quotes and backslashes", "Say \"hi\" C:\\path\\", "Say \"hi\" C:\\path\\"},
      {"control characters", std::string("a\nb\rc\td\x01" "e\x1f" "f\x7f", 12),
       std::string("a\nb\rc\td\x01" "e\x1f" "f\x7f", 12)},
      {"NUL byte", std::string("x\0y", 3), std::string("x\0y", 3)},
      {"valid multibyte", "\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0 \xE2\x82\xBD \xF0\x9F\x98\x80",
       "\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0 \xE2\x82\xBD \xF0\x9F\x98\x80"},
      {"stray byte", "ok\xFFok", "ok\xEF\xBF\xBDok"},
      {"cp1251 text", "\xC0\xED\xED\xE0", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"truncated sequence at end", "a\xD0", "a\xEF\xBF\xBD"},
      {"truncated 3-byte sequence", "\xE2\x82z", "\xEF\xBF\xBD\xEF\xBF\xBDz"},
      {"overlong", "\xC0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"surrogate in UTF-8", "\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"above U+10FFFF", "\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Report r;
    r.managers.push_back({c.in, {}});
    r.loss_reasons.push_back({c.in, 1, 1});
    r.inputs.push_back(InputSummary{});
    r.inputs.back().file = c.in;
    r.inputs.back().ok = false;
    r.inputs.back().error.message = c.in;
    const std::string json = to_json(r);
    simdjson::dom::parser parser;  // validates UTF-8 as it parses
    const element doc = parse(parser, json);
    EXPECT_EQ(text(at(at(doc, "managers").at(0).value_unsafe(), "name")), c.out);
    EXPECT_EQ(text(at(at(doc, "loss_reasons").at(0).value_unsafe(), "reason")), c.out);
    const element input = at(doc, "inputs").at(0).value_unsafe();
    EXPECT_EQ(text(at(input, "file")), c.out);
    EXPECT_EQ(text(at(at(input, "error"), "message")), c.out);
    EXPECT_EQ(text(at(at(input, "error"), "file")), c.out);
  }
}

TEST(ReportJson, AppendsJsonStringLiterals) {
  std::string out;
  append_json_string(out, "a\"b\\c\n\x01");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001\"");
}

// The `ascii` option (the worker's report for the page, docs/performance.md): every
// non-ASCII character as \uXXXX, in exact bytes; off, the bytes are the default's.
TEST(ReportJson, AsciiOptionEscapesEveryNonAsciiCharacter) {
  const std::string in = "\xD0\x96" "a\x01\xF0\x9F\x98\x80\xFF\"";  // Ж, a, U+0001, U+1F600, a stray byte, a quote
  std::string ascii, utf8;
  append_json_string(ascii, in, true);
  append_json_string(utf8, in, false);
  EXPECT_EQ(ascii, "\"\\u0416a\\u0001\\ud83d\\ude00\\ufffd\\\"\"");
  EXPECT_EQ(utf8, "\"\xD0\x96" "a\\u0001\xF0\x9F\x98\x80\xEF\xBF\xBD\\\"\"");
}

TEST(ReportJson, AsciiReportParsesToTheSameReport) {
  Report r = sample_report();
  r.managers.push_back({"\xD0\x91\xD0\xBE\xD1\x80\xD0\xB8\xD1\x81 \xF0\x9F\x91\x8D\t\x02", {}});  // Борис 👍, a tab, U+0002
  const std::string utf8 = to_json(r), ascii = to_json(r, true);
  EXPECT_EQ(to_json(r, false), utf8);
  ASSERT_NE(ascii, utf8);
  for (const char c : ascii) ASSERT_LT(static_cast<unsigned char>(c), 0x80);
  EXPECT_NE(ascii.find("\\u0411\\u043e\\u0440\\u0438\\u0441 \\ud83d\\udc4d\\t\\u0002"), std::string::npos);
  simdjson::dom::parser a, b;  // parsed back and written again, both are the same document
  EXPECT_EQ(simdjson::to_string(parse(a, ascii)), simdjson::to_string(parse(b, utf8)));
}

TEST(ReportJson, WritesNumbersThatRoundTrip) {
  Report r;
  const double values[] = {0.1 + 0.2, 1.0 / 3.0, 3, 0, -0.5, 1500000, 1e-7, 123456789.125, 2.5e20};
  for (size_t i = 0; i < std::size(values); ++i) r.team.values[i] = values[i];
  const std::string json = to_json(r);
  simdjson::dom::parser parser;
  const element doc = parse(parser, json);
  const element metrics = at(at(doc, "team"), "metrics");
  for (size_t i = 0; i < std::size(values); ++i) {
    SCOPED_TRACE(kMetricKeys[i]);
    EXPECT_EQ(number(at(metrics, kMetricKeys[i])), values[i]);  // bit-exact, not approximately
  }
  // Integers without ".0"; the shortest form for the rest.
  EXPECT_NE(json.find("\"frt_median_min\":0.30000000000000004,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"frt_p90_min\":3,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"sla_share\":0,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"sla_breached\":-0.5,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"sla_total\":1500000,"), std::string::npos) << json;
  EXPECT_EQ(json.find(".0,"), std::string::npos) << json;
  EXPECT_EQ(json.find(".0}"), std::string::npos) << json;
  // Counts from the input summary are integers too.
  Report counts;
  counts.inputs.push_back(InputSummary{});
  counts.inputs.back().rows = 12;
  EXPECT_NE(to_json(counts).find("\"rows\":12,"), std::string::npos);
}

TEST(ReportJson, WritesInputSummaryAndErrorObjects) {
  InputSummary s;
  s.file = "a.csv";
  s.kind = "tasks";
  s.ok = true;
  simdjson::dom::parser parser;
  const element doc = parse(parser, to_json(s));
  EXPECT_EQ(keys(doc), (std::vector<std::string>{"file", "kind", "format", "rows", "skipped", "ok", "encoding",
                                                 "delimiter", "bytes", "issue_count", "issues", "error",
                                                 "inspection"}));
  EXPECT_EQ(text(at(doc, "kind")), "tasks");

  simdjson::dom::parser parser2;
  const element err = parse(parser2, error_json(Issue{ErrorCode::kBadTimestamp, 3, 40, 2, "bad \"date\""}, "t.csv"));
  EXPECT_EQ(keys(err), (std::vector<std::string>{"code", "file", "line", "byte", "column", "message", "params", "rule"}));
  EXPECT_EQ(text(at(err, "code")), "BAD_TIMESTAMP");
  EXPECT_EQ(text(at(err, "rule")), "BAD_TIMESTAMP");  // no finer rule: the code's name (docs/report.md)
  simdjson::dom::parser parser3;
  const element ruled = parse(parser3, error_json(Issue{ErrorCode::kBadTimestamp, 3, 40, 2, "m",
                                                        {text_param("column", "Дата"), text_param("value", "x")},
                                                        "CELL_NOT_DATE"}, "t.csv"));
  EXPECT_EQ(text(at(ruled, "rule")), "CELL_NOT_DATE");
  EXPECT_EQ(text(at(at(ruled, "params"), "column")), "Дата");
  EXPECT_EQ(text(at(err, "file")), "t.csv");
  EXPECT_EQ(number(at(err, "line")), 3);
  EXPECT_EQ(number(at(err, "byte")), 40);
  EXPECT_EQ(number(at(err, "column")), 2);
  EXPECT_EQ(text(at(err, "message")), "bad \"date\"");
}

}  // namespace
}  // namespace kpi
