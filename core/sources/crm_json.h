// CRM API dumps saved as JSON (amoCRM API v4 pages, Bitrix24 REST results):
// the part both adapters share. A dump is parsed whole (simdjson's DOM needs
// the padded document), recognised by its envelope and by what its entities
// hold, never by file name, and handed to the adapter of its CRM
// (amocrm_json.h, bitrix24_json.h) one page at a time. Ids that name
// something defined in another file (users, stages, loss reasons) are written
// as placeholders and resolved at analysis time (references.h).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "core/model/rows.h"
#include "core/sources/ingest.h"

namespace kpi {

/// The largest JSON dump read by default (Analyzer::set_max_json_bytes):
/// the document, its parsed tape and the model must fit in memory at once
/// (the wasm heap stops at 2 GiB). Analyzer::kMaxJsonBytes is the same.
inline constexpr size_t kMaxJsonBytes = size_t{512} << 20;
/// Spare capacity the text must have past its end (simdjson reads ahead).
inline constexpr size_t kJsonPadding = simdjson::SIMDJSON_PADDING;

/// Reads one JSON dump into the model. `text` holds the file's UTF-8 text
/// and must have simdjson::SIMDJSON_PADDING bytes of spare capacity (the
/// caller reserves them); `base` is the number of file bytes before the
/// text (a BOM), for byte offsets in errors. Fills ctx.summary: format,
/// kind, rows, row issues, or `ok = false` with the error.
void read_json_dump(std::string& text, uint64_t base, IngestContext ctx);

/// An inspect read of a dump: reads it into a scratch model (ctx.data is not
/// touched) and sets ctx.summary's format, kind, error and `inspection`
/// (kind_by "json", crm, endpoint, entities, and the first `preview_rows`
/// entities as rows of the table's fields). Same padding rule as read_json_dump.
void inspect_json_dump(std::string& text, uint64_t base, IngestContext ctx, size_t preview_rows);

/// Where `text` stops being JSON and what is there, in plain words ("found
/// '/' where a value was expected (JSON has no comments)"); `at` is
/// text.size() (and `what` empty) when it ends too early (a truncated file).
/// For error messages only: O(n), no allocation beyond a depth stack.
struct JsonFault {
  size_t at = 0;
  std::string what;
};
JsonFault json_fault(std::string_view text);
/// json_fault(text).at.
size_t json_error_offset(std::string_view text);
/// The offset of the first byte that is not UTF-8 text (text.size() when all is).
size_t first_invalid_utf8(std::string_view text);

namespace json {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

/// The member `key` of `o`, or false when absent (null counts as present).
inline bool member(object o, std::string_view key, element& out) noexcept {
  return o.at_key(key).get(out) == simdjson::SUCCESS;
}
inline bool is_absent_or_null(object o, std::string_view key) noexcept {
  element e;
  return !member(o, key, e) || e.is_null();
}
/// An integer: a JSON integer, an integral double, or a string of digits
/// (Bitrix24 sends every number as a string).
bool int_of(element e, int64_t& out) noexcept;
/// A number: a JSON number or a numeric string ("19999.99").
bool number_of(element e, double& out) noexcept;
/// A string, or false.
bool string_of(element e, std::string_view& out) noexcept;
/// An id: an integer or a non-empty string, written as text into `out`.
bool id_of(element e, std::string& out);

}  // namespace json

/// What one JSON page or file is, across both CRMs. The file's summary.kind
/// is the TableKind each maps to.
enum class DumpKind : uint8_t {
  kUnknown,
  kDeals,        ///< amo leads, Bitrix crm.deal.list
  kEvents,       ///< amo events: stage changes and touches
  kStageEvents,  ///< Bitrix crm.stagehistory.list
  kTasks,        ///< amo tasks, Bitrix tasks.task.list
  kActivities,   ///< amo notes (calls), Bitrix crm.activity.list
  kPipelines,    ///< amo pipelines with statuses, Bitrix crm.category.list
  kStatuses,     ///< Bitrix crm.status.list (stages, sources)
  kUsers,        ///< amo users, Bitrix user.get
  kLossReasons,  ///< amo loss reasons
};

TableKind table_kind_of(DumpKind kind) noexcept;

/// A record of the stage a deal entered (Bitrix24's stage history): the
/// stage it left is the same deal's previous record of the file.
struct StageEntry {
  StrId deal = kNoStr, stage = kNoStr;
  Instant at = kNoTime;
  bool created = false;  ///< the deal was created in this stage: no move
};

/// What the adapters write through: the ingest context plus placeholders,
/// reference rows and entity issues, with scratch space reused across rows.
class JsonIngest {
 public:
  explicit JsonIngest(IngestContext ctx) : ctx_(ctx) {}

  IngestContext& ctx() noexcept { return ctx_; }
  Dataset& data() noexcept { return ctx_.data; }

  /// The placeholder "<crm>:<what>:<id>" (e.g. "amocrm:user:5"), interned
  /// in the names pool; kNoStr for an empty id.
  StrId placeholder(std::string_view crm, std::string_view what, std::string_view id);
  StrId placeholder(std::string_view crm, std::string_view what, int64_t id);
  /// "<crm>:stage:<pipeline>:<status>" (amoCRM status ids repeat per pipeline).
  StrId stage_placeholder(std::string_view crm, int64_t pipeline, int64_t status);
  /// A reference row: `key` names `name` (and, for a stage, its pipeline,
  /// order and semantics). Ignored when key or name is empty.
  void reference(StrId key, std::string_view name, StrId group = kNoStr,
                 int32_t sort = ReferenceTable::kNoSort, int8_t state = -1);
  /// An entity skipped (or, with skipped = false, kept with a gap):
  /// "leads[3] (id 17): \"created_at\" is not a number".
  void entity_issue(ErrorCode code, std::string_view list, size_t index, std::string_view id,
                    std::string_view problem, bool skipped = true, std::string rule = {}, Params params = {});
  /// The text of an integer id (no allocation).
  std::string_view id_text(int64_t id) noexcept;
  /// `prefix` + `id` in a buffer reused across rows (valid until the next
  /// call): the text ids of tasks and activities ("amocrm:note:40004").
  std::string_view row_id(std::string_view prefix, std::string_view id);
  /// Scratch space for case-folding a field name, reused across rows.
  std::string& fold_buffer() noexcept { return folded_; }
  /// Records the kind of the page being read; the file's kind is the first one.
  void set_kind(DumpKind kind);
  DumpKind kind() const noexcept { return kind_; }
  void count_row() noexcept { ++ctx_.summary.rows; }

  /// Appends one row to its table (core/model/rows.h) and counts it.
  void add(const DealRow& r);
  void add(const StageEventRow& r);
  void add(const TaskRow& r);
  void add(const ActivityRow& r);
  /// Collects a stage-entry record; finish() turns the file's records into
  /// stage events, so a deal's history may span the pages of one file.
  void add(const StageEntry& e) { entries_.push_back(e); }
  /// Ends the file: writes the collected stage entries as stage events.
  void finish();

 private:
  IngestContext ctx_;
  DumpKind kind_ = DumpKind::kUnknown;
  std::string scratch_, row_id_, folded_;
  std::vector<StageEntry> entries_;
  std::vector<StrId> named_;  // per key StrId: the name this file last gave it
  char digits_[24] = {};
};

}  // namespace kpi
