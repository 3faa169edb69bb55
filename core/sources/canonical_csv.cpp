#include "core/sources/canonical_csv.h"

#include <span>

#include <fmt/format.h>

#include "core/io/number.h"

namespace kpi {
namespace {

struct ColumnSpec {
  std::string_view name;
  bool required;
};

// Column order here is the index used by the read_* functions below.
constexpr std::array<ColumnSpec, 13> kDealColumns = {{
    {"id", true}, {"title", false}, {"pipeline", false}, {"stage", true}, {"state", true},
    {"owner", true}, {"source", false}, {"segment", false}, {"amount", false}, {"currency", false},
    {"created_at", true}, {"closed_at", false}, {"loss_reason", false},
}};
enum DealCol : size_t { kDId, kDTitle, kDPipeline, kDStage, kDState, kDOwner, kDSource, kDSegment,
                        kDAmount, kDCurrency, kDCreated, kDClosed, kDLossReason };

constexpr std::array<ColumnSpec, 5> kStageEventColumns = {{
    {"deal_id", true}, {"from_stage", false}, {"to_stage", true}, {"at", true}, {"by", false},
}};
enum EventCol : size_t { kEDeal, kEFrom, kETo, kEAt, kEBy };

constexpr std::array<ColumnSpec, 7> kTaskColumns = {{
    {"id", true}, {"deal_id", false}, {"owner", true}, {"created_at", false}, {"due_at", true},
    {"completed_at", false}, {"type", false},
}};
enum TaskCol : size_t { kTId, kTDeal, kTOwner, kTCreated, kTDue, kTCompleted, kTType };

constexpr std::array<ColumnSpec, 6> kActivityColumns = {{
    {"id", false}, {"deal_id", true}, {"owner", false}, {"type", true}, {"at", true}, {"duration_s", false},
}};
enum ActivityCol : size_t { kAId, kADeal, kAOwner, kAType, kAAt, kADuration };

struct TableSpec {
  TableKind kind;
  std::span<const ColumnSpec> columns;
};
constexpr std::array<TableSpec, 4> kTables = {{
    {TableKind::kDeals, kDealColumns},
    {TableKind::kStageEvents, kStageEventColumns},
    {TableKind::kTasks, kTaskColumns},
    {TableKind::kActivities, kActivityColumns},
}};

bool equals_ci(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

bool parse_state(std::string_view s, DealState& out) noexcept {
  static constexpr std::array<std::pair<std::string_view, DealState>, 9> kStates = {{
      {"open", DealState::kOpen}, {"won", DealState::kWon}, {"lost", DealState::kLost},
      {"\xD0\xBE\xD1\x82\xD0\xBA\xD1\x80\xD1\x8B\xD1\x82\xD0\xB0", DealState::kOpen},           // открыта
      {"\xD0\xB2 \xD1\x80\xD0\xB0\xD0\xB1\xD0\xBE\xD1\x82\xD0\xB5", DealState::kOpen},          // в работе
      {"\xD0\xB2\xD1\x8B\xD0\xB8\xD0\xB3\xD1\x80\xD0\xB0\xD0\xBD\xD0\xB0", DealState::kWon},    // выиграна
      {"\xD1\x83\xD1\x81\xD0\xBF\xD0\xB5\xD1\x88\xD0\xBD\xD0\xB0", DealState::kWon},            // успешна
      {"\xD0\xBF\xD1\x80\xD0\xBE\xD0\xB8\xD0\xB3\xD1\x80\xD0\xB0\xD0\xBD\xD0\xB0", DealState::kLost},  // проиграна
      {"\xD0\xBF\xD1\x80\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBB\xD0\xB5\xD0\xBD\xD0\xB0", DealState::kLost},  // провалена
  }};
  for (const auto& [name, state] : kStates) {
    if (equals_ci(s, name)) { out = state; return true; }
  }
  return false;
}

bool parse_activity_type(std::string_view s, ActivityKind& kind, Direction& dir) noexcept {
  struct Type { std::string_view name; ActivityKind kind; Direction dir; };
  static constexpr std::array<Type, 7> kTypes = {{
      {"call_in", ActivityKind::kCall, Direction::kIn}, {"call_out", ActivityKind::kCall, Direction::kOut},
      {"email_in", ActivityKind::kEmail, Direction::kIn}, {"email_out", ActivityKind::kEmail, Direction::kOut},
      {"meeting", ActivityKind::kMeeting, Direction::kOut},
      {"message_in", ActivityKind::kMessage, Direction::kIn}, {"message_out", ActivityKind::kMessage, Direction::kOut},
  }};
  for (const Type& t : kTypes) {
    if (equals_ci(s, t.name)) { kind = t.kind; dir = t.dir; return true; }
  }
  return false;
}

}  // namespace

std::string_view table_kind_name(TableKind kind) noexcept {
  switch (kind) {
    case TableKind::kDeals: return "deals";
    case TableKind::kStageEvents: return "stage_events";
    case TableKind::kTasks: return "tasks";
    case TableKind::kActivities: return "activities";
    case TableKind::kUnknown: break;
  }
  return "";
}

void add_row_issue(InputSummary& summary, ErrorCode code, uint64_t line, uint64_t byte, uint32_t column,
                   std::string message, bool skipped) {
  if (skipped) ++summary.skipped;
  ++summary.issue_count;
  if (summary.issues.size() < kMaxIssuesKept) {
    summary.issues.push_back(Issue{code, line, byte, column, std::move(message)});
  }
}

std::string_view CanonicalCsvSink::cell(const CsvRecord& r, size_t column) const noexcept {
  const int field = columns_[column];
  if (field < 0 || static_cast<size_t>(field) >= r.fields.size()) return {};
  return trim(r.fields[static_cast<size_t>(field)]);
}

bool CanonicalCsvSink::read_header(const CsvRecord& record) {
  header_fields_ = record.fields.size();
  // Score every table by the columns its header names; the best full match wins.
  const TableSpec* best = nullptr;
  size_t best_hits = 0;
  for (const TableSpec& table : kTables) {
    size_t hits = 0;
    for (const ColumnSpec& col : table.columns) {
      for (std::string_view f : record.fields) {
        if (equals_ci(trim(f), col.name)) { ++hits; break; }
      }
    }
    bool complete = true;
    for (const ColumnSpec& col : table.columns) {
      if (!col.required) continue;
      bool found = false;
      for (std::string_view f : record.fields) found = found || equals_ci(trim(f), col.name);
      complete = complete && found;
    }
    const size_t score = hits * 2 + (complete ? 1 : 0);
    if (score > best_hits) { best_hits = score; best = &table; }
  }
  if (best == nullptr || best_hits < 4) {
    std::string header;
    for (size_t i = 0; i < record.fields.size() && i < 8; ++i) {
      header += (i ? ", " : "") + std::string(record.fields[i].substr(0, 40));
    }
    fatal_ = Issue{ErrorCode::kUnknownTable, record.line, record.byte, 0,
                   fmt::format("the header row ({}) matches none of the tables deals, stage_events, tasks, "
                               "activities", header)};
    return false;
  }
  columns_.fill(-1);
  for (size_t c = 0; c < best->columns.size(); ++c) {
    for (size_t f = 0; f < record.fields.size(); ++f) {
      if (equals_ci(trim(record.fields[f]), best->columns[c].name)) {
        columns_[c] = static_cast<int>(f);  // the first of repeated names wins
        break;
      }
    }
    if (columns_[c] < 0 && best->columns[c].required) {
      fatal_ = Issue{ErrorCode::kMissingColumn, record.line, record.byte, 0,
                     fmt::format("the {} table needs a column \"{}\"", table_kind_name(best->kind),
                                 best->columns[c].name)};
      return false;
    }
  }
  kind_ = best->kind;
  ctx_.summary.kind = std::string(table_kind_name(kind_));
  ctx_.summary.format = "canonical-csv";
  return true;
}

bool CanonicalCsvSink::on_record(const CsvRecord& r) {
  if (kind_ == TableKind::kUnknown) return read_header(r);
  if (r.fields.size() != header_fields_) {
    // Trailing empty fields beyond the header (a trailing delimiter) are harmless.
    bool only_empty_extra = r.fields.size() > header_fields_;
    for (size_t i = header_fields_; only_empty_extra && i < r.fields.size(); ++i) {
      only_empty_extra = trim(r.fields[i]).empty();
    }
    if (!only_empty_extra) {
      ctx_.row_issue(ErrorCode::kRaggedRow, r.line, r.byte, 0,
                     fmt::format("line {} has {} fields, the header has {}", r.line, r.fields.size(),
                                 header_fields_),
                     true);
      return true;
    }
  }
  switch (kind_) {
    case TableKind::kDeals: read_deal(r); break;
    case TableKind::kStageEvents: read_stage_event(r); break;
    case TableKind::kTasks: read_task(r); break;
    case TableKind::kActivities: read_activity(r); break;
    case TableKind::kUnknown: break;
  }
  return true;
}

bool CanonicalCsvSink::time_cell(const CsvRecord& r, size_t column, bool required, Instant& out) {
  const std::string_view text = cell(r, column);
  const std::string_view name = kTables[static_cast<size_t>(kind_) - 1].columns[column].name;
  const auto field = static_cast<uint32_t>(columns_[column] + 1);
  if (text.empty()) {
    out = kNoTime;
    if (!required) return true;
    ctx_.row_issue(ErrorCode::kMissingValue, r.line, r.byte, field,
                   fmt::format("line {}: \"{}\" is empty", r.line, name), true);
    return false;
  }
  if (!parse_instant(text, ctx_.settings.tz, out)) {
    out = kNoTime;
    ctx_.row_issue(ErrorCode::kBadTimestamp, r.line, r.byte, field,
                   fmt::format("line {}: \"{}\" is not a date/time: \"{}\"", r.line, name, text.substr(0, 40)),
                   required);
    return !required;
  }
  return true;
}

namespace {
// Reports the first empty required cell of a row, if any.
template <size_t N>
bool required_present(const std::array<ColumnSpec, N>& spec, std::initializer_list<size_t> cols,
                      const std::array<int, CanonicalCsvSink::kMaxColumns>& map, const CsvRecord& r,
                      IngestContext& ctx) {
  for (size_t c : cols) {
    const int f = map[c];
    if (f < 0 || trim(r.fields[static_cast<size_t>(f)]).empty()) {
      ctx.row_issue(ErrorCode::kMissingValue, r.line, r.byte, static_cast<uint32_t>(f + 1),
                    fmt::format("line {}: \"{}\" is empty", r.line, spec[c].name), true);
      return false;
    }
  }
  return true;
}
}  // namespace

void CanonicalCsvSink::read_deal(const CsvRecord& r) {
  if (!required_present(kDealColumns, {kDId, kDStage, kDState, kDOwner}, columns_, r, ctx_)) return;
  DealState state{};
  if (!parse_state(cell(r, kDState), state)) {
    ctx_.row_issue(ErrorCode::kBadState, r.line, r.byte, static_cast<uint32_t>(columns_[kDState] + 1),
                   fmt::format("line {}: state \"{}\" is not open, won or lost", r.line,
                               cell(r, kDState).substr(0, 40)),
                   true);
    return;
  }
  Instant created = kNoTime, closed = kNoTime;
  if (!time_cell(r, kDCreated, true, created)) return;
  time_cell(r, kDClosed, false, closed);
  double amount = kNull;
  if (const std::string_view a = cell(r, kDAmount); !a.empty() && !parse_amount(a, amount)) {
    amount = kNull;
    ctx_.row_issue(ErrorCode::kBadNumber, r.line, r.byte, static_cast<uint32_t>(columns_[kDAmount] + 1),
                   fmt::format("line {}: amount \"{}\" is not a number", r.line, a.substr(0, 40)), false);
  }
  StringPool& s = ctx_.data.strings;
  DealTable& d = ctx_.data.deals;
  d.id.push_back(s.intern(cell(r, kDId)));
  d.title.push_back(s.intern(cell(r, kDTitle)));
  d.pipeline.push_back(s.intern(cell(r, kDPipeline)));
  d.stage.push_back(s.intern(cell(r, kDStage)));
  d.owner.push_back(s.intern(cell(r, kDOwner)));
  d.source.push_back(s.intern(cell(r, kDSource)));
  d.segment.push_back(s.intern(cell(r, kDSegment)));
  d.currency.push_back(s.intern(cell(r, kDCurrency)));
  d.loss_reason.push_back(s.intern(cell(r, kDLossReason)));
  d.state.push_back(state);
  d.amount.push_back(amount);
  d.created_at.push_back(created);
  d.closed_at.push_back(closed);
  d.file.push_back(ctx_.file);
  ++ctx_.summary.rows;
}

void CanonicalCsvSink::read_stage_event(const CsvRecord& r) {
  if (!required_present(kStageEventColumns, {kEDeal, kETo}, columns_, r, ctx_)) return;
  Instant at = kNoTime;
  if (!time_cell(r, kEAt, true, at)) return;
  StringPool& s = ctx_.data.strings;
  StageEventTable& e = ctx_.data.stage_events;
  e.deal_id.push_back(s.intern(cell(r, kEDeal)));
  e.from_stage.push_back(s.intern(cell(r, kEFrom)));
  e.to_stage.push_back(s.intern(cell(r, kETo)));
  e.by.push_back(s.intern(cell(r, kEBy)));
  e.at.push_back(at);
  e.file.push_back(ctx_.file);
  ++ctx_.summary.rows;
}

void CanonicalCsvSink::read_task(const CsvRecord& r) {
  if (!required_present(kTaskColumns, {kTId, kTOwner}, columns_, r, ctx_)) return;
  Instant created = kNoTime, due = kNoTime, completed = kNoTime;
  time_cell(r, kTCreated, false, created);
  time_cell(r, kTDue, false, due);  // a task without a due date is kept (spec: neither step nor overdue)
  time_cell(r, kTCompleted, false, completed);
  StringPool& s = ctx_.data.strings;
  TaskTable& t = ctx_.data.tasks;
  t.id.push_back(s.intern(cell(r, kTId)));
  t.deal_id.push_back(s.intern(cell(r, kTDeal)));
  t.owner.push_back(s.intern(cell(r, kTOwner)));
  t.type.push_back(s.intern(cell(r, kTType)));
  t.created_at.push_back(created);
  t.due_at.push_back(due);
  t.completed_at.push_back(completed);
  t.file.push_back(ctx_.file);
  ++ctx_.summary.rows;
}

void CanonicalCsvSink::read_activity(const CsvRecord& r) {
  if (!required_present(kActivityColumns, {kADeal, kAType}, columns_, r, ctx_)) return;
  ActivityKind kind{};
  Direction dir{};
  if (!parse_activity_type(cell(r, kAType), kind, dir)) {
    ctx_.row_issue(ErrorCode::kBadValue, r.line, r.byte, static_cast<uint32_t>(columns_[kAType] + 1),
                   fmt::format("line {}: activity type \"{}\" is not one of call_in, call_out, email_in, "
                               "email_out, meeting, message_in, message_out",
                               r.line, cell(r, kAType).substr(0, 40)),
                   true);
    return;
  }
  Instant at = kNoTime;
  if (!time_cell(r, kAAt, true, at)) return;
  int32_t duration = -1;
  if (const std::string_view text = cell(r, kADuration); !text.empty()) {
    double v = 0;
    if (parse_amount(text, v) && v >= 0 && v < 1e9) {
      duration = static_cast<int32_t>(v + 0.5);
    } else {
      ctx_.row_issue(ErrorCode::kBadNumber, r.line, r.byte, static_cast<uint32_t>(columns_[kADuration] + 1),
                     fmt::format("line {}: duration_s \"{}\" is not a number of seconds", r.line,
                                 text.substr(0, 40)),
                     false);
    }
  }
  StringPool& s = ctx_.data.strings;
  ActivityTable& a = ctx_.data.activities;
  a.id.push_back(s.intern(cell(r, kAId)));
  a.deal_id.push_back(s.intern(cell(r, kADeal)));
  a.owner.push_back(s.intern(cell(r, kAOwner)));
  a.kind.push_back(kind);
  a.direction.push_back(dir);
  a.at.push_back(at);
  a.duration_s.push_back(duration);
  a.file.push_back(ctx_.file);
  ++ctx_.summary.rows;
}

}  // namespace kpi
