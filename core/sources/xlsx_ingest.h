// An XLSX workbook read part by part (the unzipping is the caller's: the
// page's worker and the command line hand each part's bytes in order): the
// small parts (workbook, its relationships, styles, shared strings) are kept
// until the sheet, which streams its rows into the same table sink as CSV.
// A malformed part before the sheet fails the file: without its strings or
// styles the rows would be read wrong.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/io/csv_reader.h"
#include "core/io/xlsx_reader.h"
#include "core/report/report.h"

namespace kpi {

class XlsxIngest {
 public:
  /// Ends the part before and starts part `name`. False, with `error`, for a
  /// part after the sheet (a caller's mistake). When the part before turned
  /// out malformed, failure() is set and the call returns true.
  bool begin_part(std::string_view name, Issue& error);
  /// The next bytes of the current part; the sheet's rows go to `sink`.
  void feed(std::string_view bytes, CsvHandler& sink);
  /// Set once a part before the sheet was malformed: the file fails with
  /// this error (BAD_XLSX, the byte in the part, "part: message").
  const std::optional<Issue>& failure() const noexcept { return failure_; }

  /// An error of the container (the unzipper: a broken zip, a part too big).
  /// Once the sheet's table was recognised (`table_known`) the rows read so
  /// far are kept and the error becomes the file's last row issue (true);
  /// otherwise the caller fails the file (false).
  bool keep_container_error(ErrorCode code, uint64_t byte, std::string_view message, bool table_known,
                            const std::string& rule, const Params& params);

  /// The end of the file: ends the last part, then the sheet, whose row
  /// issues join `summary`'s. Returns the error that fails the file (a
  /// malformed part, no worksheet), else sets `reader_error` to the error that
  /// stopped the sheet or the container, if any.
  std::optional<Issue> finish(CsvHandler& sink, InputSummary& summary, std::optional<Issue>& reader_error);

  /// The worksheet part the workbook names ("xl/worksheets/sheet1.xml"), "" before it is known.
  std::string sheet_part() const { return workbook_.sheet_part(); }

 private:
  enum class Part : uint8_t { kNone, kWorkbook, kRels, kStyles, kStrings, kSheet };
  void check_part();
  void finish_part();

  WorkbookInfo workbook_;
  CellStyles styles_;
  SharedStrings strings_;
  std::unique_ptr<XlsxSheetReader> sheet_;
  Part part_ = Part::kNone;
  std::string part_name_;
  std::optional<Issue> failure_;
  std::optional<Issue> container_error_;  // keep_container_error() after the sheet had rows
};

}  // namespace kpi
