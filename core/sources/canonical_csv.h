// The row readers of the canonical tables of spec/formats.md §1 (deals,
// stage_events, tasks, activities), fed record by record by the CSV, HTML
// and XLSX readers: the table is recognised from the header (header_match.h,
// through the dictionary of dictionary.h), columns are found by name
// (case-insensitive, any order, extra columns ignored), and each row is
// appended to the model (core/model/rows.h). Row problems skip the row or the
// cell and are counted; a header that matches no table stops the file.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "core/io/csv_reader.h"
#include "core/sources/ingest.h"
#include "core/sources/header_match.h"
#include "core/sources/mapping.h"
#include "core/sources/tables.h"
#include "core/sources/dictionary.h"

namespace kpi {

class CanonicalCsvSink final : public CsvHandler {
 public:
  static constexpr size_t kMaxColumns = kMaxTableColumns;

  /// `options` (inspect, an explicit mapping) must outlive the sink.
  CanonicalCsvSink(IngestContext ctx, const FileOptions& options) : ctx_(ctx), options_(options) {}

  bool on_record(const CsvRecord& record) override;
  /// "row" for a sheet: messages then say "row 12" for the record of line 12.
  void set_line_word(std::string_view word) noexcept { ctx_.line_word = word; }

  TableKind kind() const noexcept { return kind_; }
  /// Set when the header matched no table, lacked a required column, or did
  /// not fit the mapping.
  const std::optional<Issue>& fatal() const noexcept { return fatal_; }
  /// The columns, guesses and preview rows read so far (docs/formats.md
  /// "Columns and guesses"). Preview rows are kept for an inspect read and
  /// after a header that failed; otherwise the preview is empty.
  Inspection inspection() const;

 private:
  void keep_header(const CsvRecord& record);
  bool read_header(const CsvRecord& record);
  bool map_header(const CsvRecord& record);
  void read_deal(const CsvRecord& r);
  void find_deal_url(const CsvRecord& r);
  void read_stage_event(const CsvRecord& r);
  void read_task(const CsvRecord& r);
  void read_activity(const CsvRecord& r);

  std::string_view cell(const CsvRecord& r, size_t column) const noexcept;
  /// open / won / lost from a stage name (the CRMs' own final stages; the settings' are
  /// applied at analysis time), cached per stage.
  DealState state_of_stage(StrId stage);
  /// The decimal mark to read an amount cell with: the mapping's; else, under
  /// a header in a decimal-comma language, comma for "5.000"-shaped cells.
  DecimalMark amount_mark(std::string_view text) const noexcept;
  /// A closed_at cell that says the deal is open («не закрыта»).
  bool says_not_closed(std::string_view text) const;
  /// Parses a timestamp cell; an empty cell gives kNoTime. On a bad value
  /// records the issue and returns false.
  bool time_cell(const CsvRecord& r, size_t column, bool required, Instant& out);
  /// The cell of a canonical column interned in `pool`, a repeat of the
  /// column's previous row's value found without hashing.
  StrId intern_cell(StringPool& pool, const CsvRecord& r, size_t column) {
    return pool.intern(cell(r, column), recent_[column]);
  }
  /// The header cell of a canonical column as the file writes it (its
  /// canonical name when absent), for the params of a row issue.
  std::string_view column_name(size_t column) const;

  IngestContext ctx_;
  const FileOptions& options_;
  TableKind kind_ = TableKind::kUnknown;
  bool header_done_ = false;
  bool collecting_ = false;  // taking preview rows instead of reading them into the model
  HeaderRow header_;                                   // as written (cut) and folded; once per file
  std::vector<std::vector<std::string>> preview_;      // at most FileOptions::kMaxPreviewRows rows
  std::string folded_cell_;                            // reused for case-folding cells
  std::array<StringPool::Recent, kMaxColumns> recent_{};  // each interned column's last id
  // Activity type cells as written and the word each folds to: a file uses a
  // handful of types, so a row's type is one short comparison, not a case
  // fold and a dictionary search (at most kTypeMemo of them).
  static constexpr size_t kTypeMemo = 16;
  std::vector<std::pair<std::string, const ActivityWord*>> type_memo_;
  DateOrder date_order_ = DateOrder::kAuto;
  DecimalMark decimal_ = DecimalMark::kAuto;
  std::array<int, kMaxColumns> columns_{};  // field index of each canonical column, -1 = absent
  std::optional<Issue> fatal_;
  std::vector<int8_t> stage_state_;  // per stage StrId: -1 unknown, else DealState
  bool comma_hint_ = false;          // the header is in a decimal-comma language (dictionary.h)
  bool bitrix_ = false;              // Bitrix24 headers: repeated ids are product rows
  uint32_t url_rows_left_ = 20;      // deal rows still searched for a column of deal URLs (issue 10)
  std::vector<uint32_t> row_of_id_;  // per deal-id StrId: deal row + 1 when read from this file
};

}  // namespace kpi
