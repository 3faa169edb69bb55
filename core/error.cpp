#include "core/error.h"

namespace kpi {

std::string_view error_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kOk: return "OK";
    case ErrorCode::kEmptyFile: return "EMPTY_FILE";
    case ErrorCode::kBinaryFile: return "BINARY_FILE";
    case ErrorCode::kUnsupportedFormat: return "UNSUPPORTED_FORMAT";
    case ErrorCode::kUnknownTable: return "UNKNOWN_TABLE";
    case ErrorCode::kMissingColumn: return "MISSING_COLUMN";
    case ErrorCode::kUnterminatedQuote: return "UNTERMINATED_QUOTE";
    case ErrorCode::kRowTooLong: return "ROW_TOO_LONG";
    case ErrorCode::kRaggedRow: return "RAGGED_ROW";
    case ErrorCode::kMissingValue: return "MISSING_VALUE";
    case ErrorCode::kBadTimestamp: return "BAD_TIMESTAMP";
    case ErrorCode::kBadNumber: return "BAD_NUMBER";
    case ErrorCode::kBadState: return "BAD_STATE";
    case ErrorCode::kBadValue: return "BAD_VALUE";
    case ErrorCode::kBadSettings: return "BAD_SETTINGS";
    case ErrorCode::kBadUsage: return "BAD_USAGE";
    case ErrorCode::kBadMapping: return "BAD_MAPPING";
    case ErrorCode::kBadXlsx: return "BAD_XLSX";
    case ErrorCode::kBadZip: return "BAD_ZIP";
    case ErrorCode::kBadJson: return "BAD_JSON";
    case ErrorCode::kFileTooLarge: return "FILE_TOO_LARGE";
    case ErrorCode::kUnknownDocument: return "UNKNOWN_DOCUMENT";
  }
  return "UNKNOWN";
}

std::string_view issue_rule(const Issue& issue) noexcept {
  return issue.rule.empty() ? error_name(issue.code) : std::string_view(issue.rule);
}

}  // namespace kpi
