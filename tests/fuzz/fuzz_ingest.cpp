// libFuzzer target: arbitrary bytes as one input file, fed to kpi::Analyzer
// in chunks whose sizes come from the first input bytes, then analysed and
// written as JSON. Beyond "no crash, no sanitizer report" it checks that the
// report and the file summary are valid JSON (simdjson validates UTF-8 too).
//
// Input layout: byte 0 = flags; its low 3 bits (mod 5) say how many of the
// next bytes are chunk sizes (each +1, cycled; none = one chunk); bit 0x80
// reads wall-clock times as UTC instead of Moscow. The rest is the file.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "core/analyzer.h"

namespace {

void require_json(simdjson::dom::parser& parser, const std::string& json, const char* what) {
  simdjson::dom::element doc;
  if (auto err = parser.parse(json).get(doc); err != simdjson::SUCCESS) {
    std::fprintf(stderr, "%s is not valid JSON (%s):\n%s\n", what, simdjson::error_message(err), json.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  const size_t n_sizes = std::min<size_t>((flags & 0x07) % 5, size - 1);
  std::vector<size_t> chunks;
  for (size_t i = 0; i < n_sizes; ++i) chunks.push_back(size_t{data[1 + i]} + 1);
  const std::string_view file(reinterpret_cast<const char*>(data) + 1 + n_sizes, size - 1 - n_sizes);

  kpi::Analyzer analyzer;
  kpi::Issue error;
  if (flags & 0x80) {
    if (!analyzer.set_settings(R"({"tz": "UTC"})", error)) std::abort();
  }
  if (!analyzer.begin_file("fuzz.csv", error)) std::abort();
  if (chunks.empty()) {
    analyzer.feed(file);
  } else {
    size_t pos = 0;
    for (size_t k = 0; pos < file.size(); ++k) {
      const size_t len = std::min(chunks[k % chunks.size()], file.size() - pos);
      analyzer.feed(file.substr(pos, len));
      pos += len;
    }
  }
  const kpi::InputSummary& summary = analyzer.end_file();
  if (summary.bytes != file.size()) std::abort();

  static simdjson::dom::parser parser;
  require_json(parser, kpi::to_json(summary), "the input summary");
  const kpi::Report report = analyzer.analyze();
  require_json(parser, kpi::to_json(report), "the report");

  // Dropping the file must leave an empty model behind.
  if (!analyzer.file_ids().empty()) analyzer.remove_file(analyzer.file_ids().front());
  const kpi::Dataset& d = analyzer.dataset();
  if (d.deals.size() + d.stage_events.size() + d.tasks.size() + d.activities.size() != 0) std::abort();
  return 0;
}
