// What the whole-path libFuzzer targets (ingest, crm_json, xlsx) share: the
// settings they analyse with and the JSON check.
//
// Lean by default, so that small inputs run at well over 1,000 executions per
// second: every input whose model has a row (or a reference) is analysed
// (both periods, the judge, the board), but without the series (a point per
// week or month: a whole analysis per point, hundreds of them for a file whose
// dates span years) and without writing the report as JSON. One input in
// eight — those whose length is a multiple of 8, so the choice is the input's
// own and a crash reproduces — gets the whole report: series on ("auto") and
// the report written and validated as JSON, and it is analysed even when
// nothing was read. The other inputs that read nothing (most small mutants:
// no header recognised, a broken dump) skip the analysis: over an empty model
// it differs from one such input to the next only in the input summaries it
// quotes, and it was most of their time. The input summary is validated on
// every input (it is small).
#pragma once

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <simdjson.h>

#include "core/analyzer.h"

namespace kpi::fuzz {

/// This input gets the series and the report's JSON.
inline bool whole_report(size_t size) { return size % 8 == 0; }

/// Settings for this input: the series only for a whole report; `utc` reads wall-clock times as UTC.
inline void lean_settings(Analyzer& analyzer, size_t size, bool utc = false) {
  const bool whole = whole_report(size);
  if (whole && !utc) return;  // the defaults: series "auto", Moscow time
  std::string json = whole ? "{" : R"({"series_bucket": "none")";
  if (utc) json += whole ? R"("tz": "UTC")" : R"(, "tz": "UTC")";
  json += "}";
  Issue error;
  if (!analyzer.set_settings(json, error)) std::abort();
}

inline void require_json(const std::string& json, const char* what) {
  static simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto err = parser.parse(json).get(doc); err != simdjson::SUCCESS) {
    std::fprintf(stderr, "%s is not valid JSON (%s):\n%s\n", what, simdjson::error_message(err), json.c_str());
    std::abort();
  }
}

/// The rows and references of the model: what an analysis reads.
inline size_t model_size(const Dataset& d) {
  return d.deals.size() + d.stage_events.size() + d.tasks.size() + d.activities.size() + d.references.size();
}

/// Analyses unless the model is empty and this is not a whole report (above);
/// for a whole report, writes it and checks that it is valid JSON. True if it analysed.
inline bool analyze(const Analyzer& analyzer, size_t size) {
  const bool whole = whole_report(size);
  if (!whole && model_size(analyzer.dataset()) == 0) return false;
  const Report report = analyzer.analyze();
  if (whole) require_json(to_json(report), "the report");
  return true;
}

}  // namespace kpi::fuzz
