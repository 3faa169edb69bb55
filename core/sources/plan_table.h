// The sales-plan table the user imports in Settings (docs/web.md "Sales
// plans"): one row per manager and period, with a revenue, a number of deals
// won, or both, read by the core's own readers (encoding detection, CSV
// dialect, XLSX parts) instead of a second parser on the page. Each row that
// cannot become a plan is an error with its line, a code and params (the
// faces render them from wasm/strings); the other rows are plans in the
// settings document's shape. Cold code: it runs once per import.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kpi {

/// One part of an XLSX workbook as the caller unzipped it: its name in the
/// zip ("xl/workbook.xml") and its bytes.
struct PlanTablePart {
  std::string_view name;
  std::string_view bytes;
};

/// Reads a plan table. With no `parts`, `csv` is a CSV file's bytes (any
/// encoding and delimiter the core reads). With parts (xl/workbook.xml, its
/// rels, styles, shared strings and every worksheet), an XLSX: the sheet named
/// `sheet` when there is one, else the first whose header names a manager, an
/// amount and a period, else the first. Returns
///   {"plans":[{"owner","from","to","revenue"?,"won_count"?,"line"}],
///    "errors":[{"line","code","params"}],"encoding":"utf-8"|null,
///    "sheet":"Plans"|null,"sheets":["Plans",...]}
/// `from`/`to` are days, `to` exclusive; owner "" is the whole team. Codes:
/// PLAN_IMPORT_EMPTY, PLAN_IMPORT_UNREADABLE {reason}, PLAN_IMPORT_NO_COLUMNS
/// {missing: ["owner","amount","period"]}, PLAN_IMPORT_NO_OWNER,
/// PLAN_IMPORT_BAD_PERIOD {value}, PLAN_IMPORT_BAD_NUMBER {value, column},
/// PLAN_IMPORT_NO_AMOUNT.
std::string plan_table_json(std::string_view csv, const std::vector<PlanTablePart>& parts = {},
                            std::string_view sheet = {});

}  // namespace kpi
