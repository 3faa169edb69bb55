// libFuzzer target for the XLSX part readers: arbitrary bytes as the parts of
// one workbook, fed through Analyzer::begin_part in chunks whose sizes come
// from the first input bytes, then analysed when it read a row (series, the
// report's JSON and the analysis even of an empty model for one input in
// eight, whole.h). Beyond "no crash, no sanitizer report" it
// checks that the summary (and that report) are valid JSON.
//
// Input layout: byte 0 = flags; its low 3 bits (mod 5) say how many of the
// next bytes are chunk sizes (each +1, cycled; none = one chunk per part).
// The rest is split at NUL bytes into up to five parts, in the order the page
// feeds them: workbook, rels, styles, shared strings, sheet (fewer pieces:
// the last one is the sheet). Bit 0x08 drops the sheet (no worksheet).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/analyzer.h"
#include "tests/fuzz/whole.h"

namespace {

constexpr std::string_view kParts[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                                       "xl/sharedStrings.xml"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  const size_t n_sizes = std::min<size_t>((flags & 0x07) % 5, size - 1);
  std::vector<size_t> chunks;
  for (size_t i = 0; i < n_sizes; ++i) chunks.push_back(size_t{data[1 + i]} + 1);
  std::string_view rest(reinterpret_cast<const char*>(data) + 1 + n_sizes, size - 1 - n_sizes);
  std::vector<std::string_view> pieces;
  while (pieces.size() < 4) {
    const size_t nul = rest.find('\0');
    if (nul == std::string_view::npos) break;
    pieces.push_back(rest.substr(0, nul));
    rest.remove_prefix(nul + 1);
  }
  pieces.push_back(rest);

  kpi::Analyzer analyzer;
  kpi::Issue error;
  kpi::fuzz::lean_settings(analyzer, size);
  if (!analyzer.begin_file("fuzz.xlsx", error)) std::abort();
  auto feed = [&](std::string_view part, std::string_view bytes) {
    if (!analyzer.begin_part(part, error)) std::abort();
    if (chunks.empty()) {
      analyzer.feed(bytes);
      return;
    }
    size_t pos = 0;
    for (size_t k = 0; pos < bytes.size(); ++k) {
      const size_t len = std::min(chunks[k % chunks.size()], bytes.size() - pos);
      analyzer.feed(bytes.substr(pos, len));
      pos += len;
    }
  };
  for (size_t i = 0; i + 1 < pieces.size(); ++i) feed(kParts[i], pieces[i]);
  if (!(flags & 0x08)) {
    const std::string sheet = analyzer.sheet_part();
    feed(sheet.empty() ? "xl/worksheets/sheet1.xml" : sheet, pieces.back());
  }
  const kpi::InputSummary& summary = analyzer.end_file();

  kpi::fuzz::require_json(kpi::to_json(summary), "the input summary");
  (void)kpi::fuzz::analyze(analyzer, size);

  if (!analyzer.file_ids().empty()) analyzer.remove_file(analyzer.file_ids().front());
  const kpi::Dataset& d = analyzer.dataset();
  if (d.deals.size() + d.stage_events.size() + d.tasks.size() + d.activities.size() != 0) std::abort();
  return 0;
}
