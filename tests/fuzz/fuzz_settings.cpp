// libFuzzer target: arbitrary bytes as a settings document, through
// apply_settings and Analyzer::set_settings (which must agree). A rejected
// document must leave the settings untouched (the document in force, as
// settings_json writes it, is still the defaults); an accepted one is
// analysed over a small fixed dataset, so odd norms, zones, periods and plans
// reach the KPI engine.
//
// Lean (issue 12: well over 1,000 executions per second on small inputs): the
// dataset is read once into one Analyzer whose settings go back to the
// defaults after each accepted document; the analysis runs without the series
// and without writing JSON, except for one accepted document in eight (its
// length a multiple of 8, whole.h), which gets the series — when they have at
// most 60 points: a period of centuries in weeks is thousands of whole
// analyses, slow but no defect — and the report written and validated as JSON.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/analyzer.h"
#include "core/kpi/context.h"
#include "core/kpi/engine.h"
#include "core/kpi/series.h"
#include "tests/fuzz/whole.h"

namespace {

constexpr std::string_view kDeals =
    "id,title,pipeline,stage,state,owner,source,segment,amount,currency,created_at,closed_at,loss_reason\n"
    "D1,a,Main,New,open,Anna,site_form,SMB,1000,RUB,2026-03-02 10:00,,\n"
    "D2,b,Main,Invoice,won,Anna,call,SMB,2500.5,RUB,2026-03-03 11:00,2026-03-20 12:00,\n"
    "D3,c,Main,Negotiation,lost,Boris,call,ENT,,RUB,2026-02-20 09:00,2026-03-31 18:00,Price\n"
    "D4,d,Partners,New,lost,Boris,,,,,2026-03-05,2026-03-06,\n";
constexpr std::string_view kTasks =
    "id,deal_id,owner,created_at,due_at,completed_at,type\n"
    "T1,D1,Anna,2026-03-02 10:00,2026-03-04 18:00,,call\n"
    "T2,D3,Gleb,2026-03-02 10:00,2026-04-02 18:00,2026-03-03 09:00,meeting\n";

void load(kpi::Analyzer& a, std::string_view name, std::string_view bytes) {
  kpi::Issue error;
  if (!a.begin_file(name, error)) std::abort();
  a.feed(bytes);
  if (!a.end_file().ok) std::abort();
}

/// The fixed dataset, read once under the default settings.
kpi::Analyzer& fixture() {
  static kpi::Analyzer* analyzer = [] {
    auto* a = new kpi::Analyzer();
    load(*a, "deals.csv", kDeals);
    load(*a, "tasks.csv", kTasks);
    return a;
  }();
  return *analyzer;
}

/// At most this many series points in a whole report (see above).
constexpr size_t kSeriesPointsAtMost = 60;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);

  // The bare function: a failure must name itself as BAD_SETTINGS.
  kpi::Settings bare;
  kpi::Issue error;
  const bool applies = kpi::apply_settings(json, bare, error);
  if (!applies && error.code != kpi::ErrorCode::kBadSettings) std::abort();

  kpi::Analyzer& analyzer = fixture();
  static const std::string defaults = kpi::settings_json(analyzer.settings());
  if (!analyzer.set_settings(json, error)) {
    if (applies) std::abort();  // the two must agree
    if (kpi::settings_json(analyzer.settings()) != defaults) {
      std::fprintf(stderr, "rejected settings changed the settings in force: %s\n", error.message.c_str());
      std::abort();
    }
    return 0;
  }
  if (!applies) std::abort();
  kpi::Settings settings = analyzer.settings();
  const bool whole = kpi::fuzz::whole_report(size);
  if (whole) {
    const kpi::Context c(analyzer.dataset(), settings);
    const std::string_view bucket = kpi::series_bucket(settings, c.period);
    if (!bucket.empty() && c.period.as_of != kpi::kNoTime &&
        kpi::series_windows(c.period.from, std::min(c.period.to, c.period.as_of + 1), bucket == "week", settings.tz)
                .size() > kSeriesPointsAtMost) {
      settings.series_bucket = "none";
    }
  } else {
    settings.series_bucket = "none";
  }
  const kpi::Report report = kpi::analyze(analyzer.dataset(), settings, analyzer.files());
  if (whole) kpi::fuzz::require_json(kpi::to_json(report), "the report");
  if (!analyzer.set_settings("{}", error)) std::abort();  // back to the defaults for the next input
  return 0;
}
