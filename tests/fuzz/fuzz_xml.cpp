// Lean target: the XLSX XML readers — the same bytes as shared strings, as
// styles, as the workbook, and as a sheet over those strings and styles.
#include "core/io/xlsx_reader.h"
#include "tests/fuzz/lean.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const kpi::fuzz::Input in = kpi::fuzz::split(data, size);
  kpi::SharedStrings strings;
  kpi::CellStyles styles;
  kpi::WorkbookInfo workbook;
  workbook.begin_workbook("xl/workbook.xml");
  kpi::fuzz::in_chunks(in, [&](std::string_view c) {
    strings.feed(c);
    styles.feed(c);
    workbook.feed(c);
  });
  strings.finish();
  styles.finish();
  workbook.finish();
  kpi::XlsxSheetReader sheet("sheet1.xml", styles, strings, workbook.date1904());
  kpi::fuzz::TouchAll handler;
  kpi::fuzz::in_chunks(in, [&](std::string_view c) { sheet.feed(c, handler); });
  sheet.finish(handler);
  return 0;
}
