// Lean target: the HTML table reader (Bitrix24's ".xls"), fed in chunks.
#include "core/io/html_table_reader.h"
#include "tests/fuzz/lean.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const kpi::fuzz::Input in = kpi::fuzz::split(data, size);
  kpi::HtmlTableReader reader;
  kpi::fuzz::TouchAll handler;
  kpi::fuzz::in_chunks(in, [&](std::string_view c) { reader.feed(c, handler); });
  reader.finish(handler);
  return 0;
}
