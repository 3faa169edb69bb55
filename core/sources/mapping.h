// How a file is to be read, beyond what its bytes say: "inspect" it (read
// the header and the first rows, report the columns and the guesses, add
// nothing to the model), or read it with an explicit column mapping chosen
// by the user (the mapping dialog, a saved preset, the CLI's --mapping),
// which overrides the header alias dictionary. The options arrive as JSON
// (docs/formats.md "Column mapping"); a bad option is an error naming its key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/sources/ingest.h"

namespace kpi {

/// A canonical column of a table (formats.md §1): its name and whether the table needs it.
struct ColumnSpec {
  std::string_view name;
  bool required;
};

/// The canonical columns of a table, in the order the readers index them (empty for kUnknown).
std::span<const ColumnSpec> table_columns(TableKind kind) noexcept;
/// The table called `name` ("deals", ...), kUnknown for any other name.
TableKind table_kind_of(std::string_view name) noexcept;
/// The four tables in order.
inline constexpr TableKind kTableKinds[] = {TableKind::kDeals, TableKind::kStageEvents, TableKind::kTasks,
                                            TableKind::kActivities};

/// How date cells of a mapped file are written. kAuto = the usual reading
/// (ISO 8601, day first for dd.mm.yyyy and dd/mm/yyyy).
enum class DateOrder : uint8_t { kAuto, kDayFirst, kMonthFirst, kYearFirst, kUnixSeconds };
/// The decimal mark of amounts in a mapped file. kAuto = parse_amount's rules.
enum class DecimalMark : uint8_t { kAuto, kComma, kDot };

struct ColumnMapping {
  /// One canonical field and the header column that holds it: by 0-based
  /// index, or by header name (case-folded, trimmed; the first of repeats).
  struct Column {
    size_t field = 0;        ///< index into table_columns(kind)
    int64_t index = -1;      ///< >= 0: by position
    std::string name;        ///< else: by header name
  };
  TableKind kind = TableKind::kUnknown;
  std::vector<Column> columns;
  DateOrder date_format = DateOrder::kAuto;
  DecimalMark decimal = DecimalMark::kAuto;
};

struct FileOptions {
  /// At most this many preview rows are reported.
  static constexpr size_t kMaxPreviewRows = 20;
  static constexpr size_t kDefaultPreviewRows = 10;

  /// Read the header and the first `preview_rows` rows only; add nothing to the model.
  bool inspect = false;
  size_t preview_rows = kDefaultPreviewRows;
  std::optional<ColumnMapping> mapping;
  /// The reader's clock (unix seconds) for an inspect read: a date column
  /// whose dates lie after it is no closing date. kNoTime = not known.
  Instant now = kNoTime;
  /// Set when the options themselves are bad: the file is then not read and
  /// its summary carries this error (BAD_MAPPING naming the key).
  std::optional<Issue> invalid;
};

/// Parses `{"inspect": bool, "preview_rows": n, "mapping": {"kind": "deals",
/// "columns": {"owner": 3, "amount": "Сумма"}, "date_format": "dmy",
/// "decimal": "comma"}}`. Empty text = defaults. Never throws; a problem
/// sets `invalid` with the offending key.
FileOptions parse_file_options(std::string_view json);

/// Parses a timestamp cell written in `order` (kAuto = parse_instant).
bool parse_instant_in(std::string_view text, DateOrder order, const TimeZone& zone, Instant& out) noexcept;
/// Parses an amount written with `mark` as the decimal mark (kAuto = parse_amount).
bool parse_amount_with(std::string_view text, DecimalMark mark, double& out) noexcept;

}  // namespace kpi
