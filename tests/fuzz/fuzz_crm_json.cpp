// libFuzzer target for the CRM API dump readers (amoCRM API v4, Bitrix24
// REST): the input is one or more JSON files separated by a NUL byte, read
// into one Analyzer in that order (so references may come before or after
// what they name), analysed when they read a row or a reference (series, the
// report's JSON and the analysis even of an empty model for one input in
// eight, whole.h), and removed again (analysed after each removal for that
// one input in eight). Beyond "no crash, no sanitizer report"
// it checks that the summaries (and that report) are valid JSON, that an analysis leaves the model exactly as it was read (the
// placeholders are resolved for the analysis only), and that removing every
// file leaves an empty model, reference directory included.
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

// The columns an analysis rewrites while it runs, as read.
std::vector<uint32_t> snapshot(const kpi::Dataset& d) {
  std::vector<uint32_t> out;
  for (const auto* column : {&d.deals.owner, &d.deals.stage, &d.deals.pipeline, &d.deals.loss_reason,
                             &d.deals.source, &d.stage_events.to_stage, &d.tasks.owner, &d.activities.owner,
                             &d.activities.deal_id}) {
    out.insert(out.end(), column->begin(), column->end());
    out.push_back(~0u);
  }
  for (kpi::DealState s : d.deals.state) out.push_back(static_cast<uint32_t>(s));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  kpi::Analyzer analyzer;
  kpi::Issue error;
  kpi::fuzz::lean_settings(analyzer, size);
  size_t files = 0;
  for (size_t pos = 0; pos <= input.size() && files < 8; ++files) {
    const size_t end = std::min(input.find('\0', pos), input.size());
    const std::string_view file = input.substr(pos, end - pos);
    pos = end + 1;
    if (!analyzer.begin_file("fuzz.json", error)) std::abort();
    // Odd files in 7-byte chunks: buffering must not depend on chunking.
    for (size_t i = 0; i < file.size(); i += files % 2 ? 7 : file.size()) analyzer.feed(file.substr(i, files % 2 ? 7 : file.size()));
    const kpi::InputSummary& summary = analyzer.end_file();
    if (summary.bytes != file.size()) std::abort();
    kpi::fuzz::require_json(kpi::to_json(summary), "the input summary");
  }
  const std::vector<uint32_t> before = snapshot(analyzer.dataset());
  (void)kpi::fuzz::analyze(analyzer, size);
  if (snapshot(analyzer.dataset()) != before) {
    std::fprintf(stderr, "the analysis did not restore the model\n");
    std::abort();
  }
  // Remove from the middle first, then the rest; for a whole report (one
  // input in eight, whole.h), analyse in between: the references left behind
  // by a removed file are what these analyses reach; for every input they
  // doubled or tripled the analyses of a small input.
  const bool whole = kpi::fuzz::whole_report(size);
  while (!analyzer.files().empty()) {
    analyzer.remove_file(analyzer.file_ids()[analyzer.files().size() / 2]);
    if (whole) (void)analyzer.analyze();
  }
  const kpi::Dataset& d = analyzer.dataset();
  if (d.deals.size() + d.stage_events.size() + d.tasks.size() + d.activities.size() + d.references.size() != 0) {
    std::abort();
  }
  return 0;
}
