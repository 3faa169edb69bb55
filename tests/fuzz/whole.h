// What the whole-path libFuzzer targets (ingest, crm_json, xlsx) share: the
// settings they analyse with and the JSON check.
//
// Lean by default, so that small inputs run at well over 1,000 executions per
// second: the analysis runs on every input (both periods, the judge, the
// board), but without the series (a point per week or month: a whole analysis
// per point, hundreds of them for a file whose dates span years) and without
// writing the report as JSON. One input in eight — those whose length is a
// multiple of 8, so the choice is the input's own and a crash reproduces —
// gets the whole report: series on ("auto") and the report written and
// validated as JSON. The input summary is validated on every input (it is
// small).
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

/// Analyses; for a whole report, writes it and checks that it is valid JSON.
inline Report analyze(const Analyzer& analyzer, size_t size) {
  Report report = analyzer.analyze();
  if (whole_report(size)) require_json(to_json(report), "the report");
  return report;
}

}  // namespace kpi::fuzz
