// Errors as data. Every reader reports problems as an Issue: a code (stable,
// shown to users and tests as its UPPER_SNAKE name), where it happened (file,
// line, byte) and a sentence. Fatal issues stop one file; the others are
// counted as skipped rows and the rest of the data is still analysed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kpi {

enum class ErrorCode : uint8_t {
  kOk = 0,
  kEmptyFile,           ///< the file has no bytes, or only a BOM / blank lines
  kBinaryFile,          ///< NUL bytes or a known binary signature: not text we can read
  kUnsupportedFormat,   ///< recognised but not readable by this version (a zip fed as raw bytes, old XLS)
  kUnknownTable,        ///< a CSV whose header matches no known table
  kMissingColumn,       ///< a required column is absent from the header
  kUnterminatedQuote,   ///< a quoted field never closes (truncated file)
  kRowTooLong,          ///< one record is larger than the reader's limit
  kRaggedRow,           ///< a row has a different number of fields than the header
  kMissingValue,        ///< a required cell is empty
  kBadTimestamp,        ///< a date/time cell in no known format, or out of range
  kBadNumber,           ///< an amount or duration that is not a number
  kBadState,            ///< a deal state other than open / won / lost
  kBadValue,            ///< a cell outside its allowed set (an unknown activity type)
  kBadSettings,         ///< the settings JSON is malformed or has a wrong type
  kBadUsage,            ///< the API was called out of order (feed without begin_file)
  kBadMapping,          ///< a column mapping or file option that cannot apply (names the key)
  kBadXlsx,             ///< an XLSX part is malformed XML, or the workbook has no worksheet
  kBadZip,              ///< the zip around an XLSX is cut short, corrupt or uses an unsupported feature
  kBadJson,             ///< a JSON document that is malformed or truncated (byte = where it breaks)
  kFileTooLarge,        ///< a file larger than its reader can hold (JSON dumps are parsed whole)
  kUnknownDocument,     ///< JSON of no known dump: another endpoint (contacts), an error reply, a foreign envelope
};

/// The stable name of a code, e.g. "RAGGED_ROW".
std::string_view error_name(ErrorCode code) noexcept;

/// One named parameter of a coded message (docs/report.md "Codes and
/// parameters"): a number, or a text when `is_text`. The faces render a code
/// and its parameters through wasm/messages.mjs; they never read `message`.
struct Param {
  std::string name;
  double number = 0;
  std::string text;
  bool is_text = false;
};
using Params = std::vector<Param>;
inline Param number_param(std::string_view name, double v) { return {std::string(name), v, {}, false}; }
inline Param text_param(std::string_view name, std::string_view v) { return {std::string(name), 0, std::string(v), true}; }

/// A problem found in the input, with the place it was found.
struct Issue {
  Issue() = default;
  // A constructor rather than an aggregate, so that `Issue{code, line, byte,
  // column, message}` keeps working now that params follow.
  Issue(ErrorCode c, uint64_t l, uint64_t b, uint32_t col, std::string m, Params p = {}, std::string r = {})
      : code(c), line(l), byte(b), column(col), message(std::move(m)), params(std::move(p)), rule(std::move(r)) {}

  ErrorCode code = ErrorCode::kOk;
  uint64_t line = 0;    ///< 1-based physical line; 0 = not line-addressable
  uint64_t byte = 0;    ///< 0-based byte offset in the file as given
  uint32_t column = 0;  ///< 1-based field number; 0 = whole row
  std::string message;  ///< one sentence, without the file name (English, for old readers and logs)
  Params params;        ///< the values the message names, for the faces' strings table (JSON "params")
  /// The strings-table key of this exact message (JSON "rule"), finer than the
  /// code: "CSV_NOT_A_DATE" is one BAD_TIMESTAMP. Empty = the code's name.
  std::string rule;
};

/// `Issue::rule`, or the code's name when the issue has no finer rule.
std::string_view issue_rule(const Issue& issue) noexcept;

}  // namespace kpi
