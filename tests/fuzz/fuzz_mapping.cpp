// libFuzzer target for column mappings and inspect reads: arbitrary options
// JSON and an arbitrary file. Beyond "no crash, no sanitizer report" it checks
// that the summary is valid JSON, that an inspect read adds nothing (no file,
// no row), that a preview has at most 20 rows, and that removing a mapped
// file leaves an empty model.
//
// Input layout: byte 0 = length L of the options JSON (the next L bytes);
// byte 1's bit 0 turns the read into an inspect read whatever the options
// say. The rest is the file, fed in chunks of 5 bytes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "core/analyzer.h"
#include "core/sources/mapping.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t len = std::min<size_t>(data[0], size - 2);
  const bool force_inspect = (data[1] & 1) != 0;
  const std::string_view options(reinterpret_cast<const char*>(data) + 2, len);
  const std::string_view file(reinterpret_cast<const char*>(data) + 2 + len, size - 2 - len);

  kpi::FileOptions opts = kpi::parse_file_options(options);
  if (opts.invalid && opts.invalid->code != kpi::ErrorCode::kBadMapping) std::abort();
  if (opts.preview_rows > kpi::FileOptions::kMaxPreviewRows) std::abort();
  if (force_inspect) opts.inspect = true;
  const bool inspect = opts.inspect;

  kpi::Analyzer analyzer;
  kpi::Issue error;
  if (!analyzer.begin_file("fuzz.csv", std::move(opts), error)) std::abort();
  for (size_t pos = 0; pos < file.size(); pos += 5) {
    if (!analyzer.feed(file.substr(pos, 5)) && inspect) break;
  }
  const kpi::InputSummary summary = analyzer.end_file();
  if (summary.inspection && summary.inspection->preview.size() > kpi::FileOptions::kMaxPreviewRows) std::abort();

  static simdjson::dom::parser parser;
  const std::string json = kpi::to_json(summary);
  simdjson::dom::element doc;
  if (parser.parse(json).get(doc) != simdjson::SUCCESS) {
    std::fprintf(stderr, "the summary is not valid JSON:\n%s\n", json.c_str());
    std::abort();
  }
  const kpi::Dataset& d = analyzer.dataset();
  const size_t rows = d.deals.size() + d.stage_events.size() + d.tasks.size() + d.activities.size();
  if (inspect) {
    if (!analyzer.files().empty() || rows != 0) std::abort();
    return 0;
  }
  if (!analyzer.file_ids().empty()) analyzer.remove_file(analyzer.file_ids().front());
  if (d.deals.size() + d.stage_events.size() + d.tasks.size() + d.activities.size() != 0) std::abort();
  return 0;
}
