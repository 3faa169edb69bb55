// libFuzzer target: arbitrary bytes as a settings document. A rejected
// document must leave the settings untouched (checked through the report
// they produce); an accepted one is analysed over a small fixed dataset, so
// odd norms, zones, periods and plans reach the KPI engine.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "core/analyzer.h"

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

void require_json(const std::string& json) {
  static simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto err = parser.parse(json).get(doc); err != simdjson::SUCCESS) {
    std::fprintf(stderr, "the report is not valid JSON (%s):\n%s\n", simdjson::error_message(err), json.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);

  // The bare function: a failure must name itself as BAD_SETTINGS.
  kpi::Settings settings;
  kpi::Issue error;
  if (!kpi::apply_settings(json, settings, error) && error.code != kpi::ErrorCode::kBadSettings) std::abort();

  kpi::Analyzer analyzer;
  load(analyzer, "deals.csv", kDeals);
  load(analyzer, "tasks.csv", kTasks);
  const std::string before = kpi::to_json(analyzer.analyze());
  if (analyzer.set_settings(json, error)) {
    require_json(kpi::to_json(analyzer.analyze()));
  } else if (kpi::to_json(analyzer.analyze()) != before) {
    std::fprintf(stderr, "rejected settings changed the report: %s\n", error.message.c_str());
    std::abort();
  }
  return 0;
}
