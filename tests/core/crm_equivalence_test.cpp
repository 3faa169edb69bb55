// One small set of deals (tests/fixtures/equivalence/README.md) in five
// formats must give one report: canonical CSV, the amoCRM UI export, the
// amoCRM API v4 dump, the Bitrix24 UI export and the Bitrix24 REST dump.
// Compared against the canonical CSV's report: the team's and every
// manager's and source's metrics (all of them, samples included), the stage
// rows, the loss reasons and the unlinked-rows count. What legitimately
// differs is excluded where it differs, and says why.
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/analyzer.h"
#include "tests/core/support.h"

namespace kpi {
namespace {

// The period, and the stage order every format is read with: the UI exports
// and the canonical CSV carry no stage order of their own (the API dumps do,
// from their pipeline / status files: crm_json_test.cpp checks that order).
constexpr std::string_view kSettings = R"({
  "as_of": "2026-03-31T23:59:59+03:00", "from": "2026-03-01T00:00:00+03:00", "to": "2026-04-01T00:00:00+03:00",
  "pipelines": {"Продажи": ["Первичный контакт", "Переговоры", "Принимают решение"]}
})";

struct Format {
  const char* name;
  std::vector<std::string> files;  // under tests/fixtures
  bool has_loss_reasons;
};

const std::vector<Format> kFormats = {
    {"canonical CSV",
     {"equivalence/canonical/deals.csv", "equivalence/canonical/stage_events.csv", "equivalence/canonical/tasks.csv",
      "equivalence/canonical/activities.csv"},
     true},
    // The amoCRM UI exports only leads: stage history, tasks and calls come
    // as canonical CSV beside it (docs/formats.md).
    {"amoCRM UI CSV",
     {"equivalence/amocrm-csv/amocrm_export_leads_2026-03-31.csv", "equivalence/canonical/stage_events.csv",
      "equivalence/canonical/tasks.csv", "equivalence/canonical/activities.csv"},
     true},
    {"amoCRM API v4",
     {"amocrm-api/leads_page_1.json", "amocrm-api/leads_page_2.json", "amocrm-api/events.json", "amocrm-api/tasks.json",
      "amocrm-api/notes.json", "amocrm-api/pipelines.json", "amocrm-api/users.json", "amocrm-api/loss_reasons.json"},
     true},
    // The Bitrix24 UI exports only deals; its history names the portal's
    // failure stages («Дорого», «Нет бюджета»), which are its loss reasons.
    // The export has no loss-reason column (Bitrix24 has no such field), so
    // its loss reasons are "none given" and are not compared.
    {"Bitrix24 UI CSV",
     {"equivalence/bitrix24-csv/deals.csv", "equivalence/bitrix24-csv/stage_events.csv",
      "equivalence/canonical/tasks.csv", "equivalence/canonical/activities.csv"},
     false},
    {"Bitrix24 REST",
     {"bitrix24-rest/crm.deal.list.json", "bitrix24-rest/crm.stagehistory.list.json",
      "bitrix24-rest/crm.activity.list_page1.json", "bitrix24-rest/crm.activity.list_page2.json",
      "bitrix24-rest/tasks.task.list.json", "bitrix24-rest/crm.status.list.json",
      "bitrix24-rest/crm.category.list.json", "bitrix24-rest/user.get.json"},
     true},
};

Report analyze(const Format& f) {
  Analyzer a;
  test::configure(a, kSettings);
  for (const std::string& path : f.files) {
    std::ifstream in(std::string(KPI_FIXTURES) + "/" + path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string bytes = ss.str();
    EXPECT_FALSE(bytes.empty()) << path;
    Issue error;
    EXPECT_TRUE(a.begin_file(path, error));
    for (size_t i = 0; i < bytes.size(); i += 256) a.feed(std::string_view(bytes).substr(i, 256));
    const InputSummary& s = a.end_file();
    EXPECT_TRUE(s.ok) << path << ": " << s.error.message;
    EXPECT_EQ(s.skipped, 0u) << path;
    EXPECT_EQ(s.issue_count, 0u) << path << ": " << (s.issues.empty() ? "" : s.issues[0].message);
  }
  return a.analyze();
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void expect_same_metrics(const MetricValues& want, const MetricValues& got, const std::string& row) {
  for (size_t m = 0; m < kMetricCount; ++m) {
    const auto metric = static_cast<Metric>(m);
    EXPECT_TRUE(same(want.get(metric), got.get(metric)))
        << row << " " << metric_key(metric) << ": " << want.get(metric) << " vs " << got.get(metric);
  }
}

void expect_same_rows(const std::vector<NamedMetrics>& want, const std::vector<NamedMetrics>& got, const char* what) {
  ASSERT_EQ(want.size(), got.size()) << what;
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(want[i].name, got[i].name) << what;
    expect_same_metrics(want[i].metrics, got[i].metrics, std::string(what) + " " + want[i].name);
    for (size_t k = 0; k < want[i].samples.size(); ++k) EXPECT_TRUE(same(want[i].samples[k].n, got[i].samples[k].n));
  }
}

uint64_t unlinked(const Report& r) {
  for (const QualityRow& q : r.data_quality) {
    if (q.check == "unlinked_rows") return q.count;
  }
  return ~uint64_t{0};
}

TEST(CrossFormat, FiveFormatsOneReport) {
  const Report want = analyze(kFormats[0]);
  // The reference itself is the scenario of the README (crm_json_test.cpp
  // checks the same figures from the dumps): 2 won, 2 lost, 130 000.
  test::expect_value(want.team, Metric::kWinRate, 0.5);
  test::expect_value(want.team, Metric::kRevenue, 130000);
  ASSERT_EQ(want.managers.size(), 2u);
  ASSERT_EQ(want.stages.size(), 3u);
  ASSERT_EQ(want.loss_reasons.size(), 2u);
  for (size_t f = 1; f < kFormats.size(); ++f) {
    SCOPED_TRACE(kFormats[f].name);
    const Report got = analyze(kFormats[f]);
    EXPECT_EQ(got.from, want.from);
    EXPECT_EQ(got.to, want.to);
    expect_same_metrics(want.team, got.team, "team");
    expect_same_rows(want.managers, got.managers, "manager");
    expect_same_rows(want.by_source, got.by_source, "source");
    ASSERT_EQ(got.stages.size(), want.stages.size());
    for (size_t i = 0; i < want.stages.size(); ++i) {
      const StageRow &w = want.stages[i], &g = got.stages[i];
      EXPECT_EQ(g.pipeline, w.pipeline);
      EXPECT_EQ(g.stage, w.stage);
      EXPECT_EQ(g.order, w.order);
      for (auto [a, b] : {std::pair{w.reached, g.reached}, {w.converted, g.converted}, {w.conversion, g.conversion},
                          {w.open, g.open}, {w.stalled, g.stalled}, {w.stalled_share, g.stalled_share},
                          {w.median_days_in_stage, g.median_days_in_stage},
                          {w.p90_days_in_stage, g.p90_days_in_stage}}) {
        EXPECT_TRUE(same(a, b)) << w.stage << ": " << a << " vs " << b;
      }
    }
    if (kFormats[f].has_loss_reasons) {
      ASSERT_EQ(got.loss_reasons.size(), want.loss_reasons.size());
      for (size_t i = 0; i < want.loss_reasons.size(); ++i) {
        EXPECT_EQ(got.loss_reasons[i].reason, want.loss_reasons[i].reason);
        EXPECT_EQ(got.loss_reasons[i].count, want.loss_reasons[i].count);
      }
    }
    EXPECT_EQ(unlinked(got), unlinked(want));  // task #4 of deal 9999
  }
}

}  // namespace
}  // namespace kpi
