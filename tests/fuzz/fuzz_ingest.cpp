// libFuzzer target: arbitrary bytes as one input file, fed to kpi::Analyzer
// in chunks whose sizes come from the first input bytes, then analysed when
// it read a row (the whole analyze path: every reader the sniffing picks, the
// model, both periods, the judge, the board; series and the report's JSON,
// and the analysis even of an empty model, for one input in eight, whole.h). Beyond "no crash, no sanitizer report" it checks that
// the file summary (and that report) are valid JSON (simdjson validates
// UTF-8 too) and that removing the file empties the model.
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

#include "core/analyzer.h"
#include "tests/fuzz/whole.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  const size_t n_sizes = std::min<size_t>((flags & 0x07) % 5, size - 1);
  std::vector<size_t> chunks;
  for (size_t i = 0; i < n_sizes; ++i) chunks.push_back(size_t{data[1 + i]} + 1);
  const std::string_view file(reinterpret_cast<const char*>(data) + 1 + n_sizes, size - 1 - n_sizes);

  kpi::Analyzer analyzer;
  kpi::Issue error;
  kpi::fuzz::lean_settings(analyzer, size, (flags & 0x80) != 0);
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

  kpi::fuzz::require_json(kpi::to_json(summary), "the input summary");
  (void)kpi::fuzz::analyze(analyzer, size);

  // Dropping the file must leave an empty model behind.
  if (!analyzer.file_ids().empty()) analyzer.remove_file(analyzer.file_ids().front());
  const kpi::Dataset& d = analyzer.dataset();
  if (d.deals.size() + d.stage_events.size() + d.tasks.size() + d.activities.size() != 0) std::abort();
  return 0;
}
