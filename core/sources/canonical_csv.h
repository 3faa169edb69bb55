// The canonical CSV tables of spec/formats.md §1 (deals, stage_events, tasks,
// activities): the table is recognised from the header, columns are found by
// name (case-insensitive, any order, extra columns ignored), and each row is
// appended to the model. Row problems skip the row or the cell and are
// counted; a header that matches no table stops the file.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "core/io/csv_reader.h"
#include "core/sources/ingest.h"

namespace kpi {

class CanonicalCsvSink final : public CsvHandler {
 public:
  static constexpr size_t kMaxColumns = 16;

  explicit CanonicalCsvSink(IngestContext ctx) : ctx_(ctx) {}

  bool on_record(const CsvRecord& record) override;

  TableKind kind() const noexcept { return kind_; }
  /// Set when the header matched no table or lacked a required column.
  const std::optional<Issue>& fatal() const noexcept { return fatal_; }

 private:
  bool read_header(const CsvRecord& record);
  void read_deal(const CsvRecord& r);
  void read_stage_event(const CsvRecord& r);
  void read_task(const CsvRecord& r);
  void read_activity(const CsvRecord& r);

  std::string_view cell(const CsvRecord& r, size_t column) const noexcept;
  /// open / won / lost from a stage name (settings' and CRMs' final stages), cached per stage.
  DealState state_of_stage(StrId stage);
  /// A closed_at cell that says the deal is open («не закрыта»).
  bool says_not_closed(std::string_view text) const;
  /// Parses a timestamp cell; an empty cell gives kNoTime. On a bad value
  /// records the issue and returns false.
  bool time_cell(const CsvRecord& r, size_t column, bool required, Instant& out);

  IngestContext ctx_;
  TableKind kind_ = TableKind::kUnknown;
  size_t header_fields_ = 0;
  std::array<int, kMaxColumns> columns_{};  // field index of each canonical column, -1 = absent
  std::optional<Issue> fatal_;
  std::vector<int8_t> stage_state_;  // per stage StrId: -1 unknown, else DealState
  bool bitrix_ = false;              // Bitrix24 headers: repeated ids are product rows
  std::vector<uint32_t> row_of_id_;  // per deal-id StrId: deal row + 1 when read from this file
  std::string folded_;               // scratch for case-folded cells
};

}  // namespace kpi
