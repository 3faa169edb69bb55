#include "core/sources/xlsx_ingest.h"

#include <fmt/format.h>

#include "core/sources/ingest.h"

namespace kpi {
namespace {

bool ends_with_ci(std::string_view s, std::string_view suffix) noexcept {
  if (s.size() < suffix.size()) return false;
  s = s.substr(s.size() - suffix.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char a = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
    const char b = suffix[i] >= 'A' && suffix[i] <= 'Z' ? static_cast<char>(suffix[i] - 'A' + 'a') : suffix[i];
    if (a != b) return false;
  }
  return true;
}

}  // namespace

bool XlsxIngest::begin_part(std::string_view name, Issue& error) {
  finish_part();
  if (failure_) return true;  // the previous part failed the file
  if (sheet_) {
    error = Issue{ErrorCode::kBadUsage, 0, 0, 0, fmt::format("a part after the sheet ({})", name)};
    return false;
  }
  part_name_ = std::string(name);
  if (ends_with_ci(name, "workbook.xml.rels")) {
    part_ = Part::kRels;
    workbook_.begin_rels();
  } else if (ends_with_ci(name, "workbook.xml")) {
    part_ = Part::kWorkbook;
    workbook_.begin_workbook(name);
  } else if (ends_with_ci(name, "styles.xml")) {
    part_ = Part::kStyles;
  } else if (ends_with_ci(name, "sharedStrings.xml")) {
    part_ = Part::kStrings;
  } else {
    part_ = Part::kSheet;
    const size_t slash = name.rfind('/');
    sheet_ = std::make_unique<XlsxSheetReader>(
        std::string(slash == std::string_view::npos ? name : name.substr(slash + 1)), styles_, strings_,
        workbook_.date1904());
  }
  return true;
}

void XlsxIngest::feed(std::string_view bytes, CsvHandler& sink) {
  if (failure_) return;
  switch (part_) {
    case Part::kNone: return;
    case Part::kWorkbook: case Part::kRels: workbook_.feed(bytes); break;
    case Part::kStyles: styles_.feed(bytes); break;
    case Part::kStrings: strings_.feed(bytes); break;
    case Part::kSheet: sheet_->feed(bytes, sink); return;
  }
  check_part();
}

void XlsxIngest::check_part() {
  const XmlScanner* scanner = part_ == Part::kStyles    ? &styles_.scanner()
                              : part_ == Part::kStrings ? &strings_.scanner()
                                                        : &workbook_.scanner();
  if (scanner->failed() && !failure_) {
    failure_ = Issue{ErrorCode::kBadXlsx, 0, scanner->error_byte(), 0,
                     fmt::format("{}: {}", part_name_, *scanner->error()), {text_param("part", part_name_)},
                     "XLSX_BAD_XML"};
  }
}

void XlsxIngest::finish_part() {
  switch (part_) {
    case Part::kNone: case Part::kSheet: return;  // the sheet ends with the file
    case Part::kWorkbook: case Part::kRels: workbook_.finish(); break;
    case Part::kStyles: styles_.finish(); break;
    case Part::kStrings: strings_.finish(); break;
  }
  check_part();
  part_ = Part::kNone;
}

bool XlsxIngest::keep_container_error(ErrorCode code, uint64_t byte, std::string_view message, bool table_known,
                                      const std::string& rule, const Params& params) {
  if (!sheet_ || !table_known) return false;
  container_error_ = Issue{code, 0, byte, 0, std::string(message), params, rule};
  part_ = Part::kNone;  // the rest of the sheet is ignored
  return true;
}

std::optional<Issue> XlsxIngest::finish(CsvHandler& sink, InputSummary& summary, std::optional<Issue>& reader_error) {
  finish_part();
  if (failure_) return failure_;
  if (!sheet_) {
    const std::string expected = workbook_.sheet_part();
    return Issue{ErrorCode::kBadXlsx, 0, 0, 0,
                 fmt::format("the workbook has no worksheet ({} is missing)",
                             expected.empty() ? "xl/worksheets/sheet1.xml" : expected),
                 {text_param("part", expected.empty() ? "xl/worksheets/sheet1.xml" : expected)}, "XLSX_NO_SHEET"};
  }
  sheet_->finish(sink);
  for (const Issue& i : sheet_->issues()) {
    add_row_issue(summary, i.code, i.line, i.byte, i.column, i.message, false, i.rule, i.params);
  }
  summary.issue_count += sheet_->issue_count() - sheet_->issues().size();
  reader_error = container_error_ ? container_error_ : sheet_->error();
  return std::nullopt;
}

}  // namespace kpi
