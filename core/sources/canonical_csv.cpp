#include "core/sources/canonical_csv.h"

#include <cmath>
#include <span>

#include <fmt/format.h>

#include "core/io/number.h"
#include "core/model/text.h"

namespace kpi {
namespace {

struct ColumnSpec {
  std::string_view name;
  bool required;
};

// Column order here is the index used by the read_* functions below.
constexpr std::array<ColumnSpec, 13> kDealColumns = {{
    {"id", true}, {"title", false}, {"pipeline", false}, {"stage", true}, {"state", false},
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

// Header aliases: what CRMs call the canonical columns (crm-formats.md). A
// header matches case-folded (ASCII and Cyrillic); the origin of the matches
// names the file's format. Extend freely: order does not matter.
enum class Origin : uint8_t { kCanonical, kGeneric, kAmo, kBitrix };
struct Alias {
  TableKind table;
  size_t column;
  std::string_view header;
  Origin origin;
};
constexpr Alias kAliases[] = {
    // amoCRM / Kommo UI export (Russian).
    {TableKind::kDeals, kDAmount, "Бюджет", Origin::kAmo},
    {TableKind::kDeals, kDStage, "Этап сделки", Origin::kAmo},
    {TableKind::kDeals, kDPipeline, "Воронка", Origin::kAmo},
    {TableKind::kDeals, kDCreated, "Дата создания сделки", Origin::kAmo},
    {TableKind::kDeals, kDClosed, "Дата закрытия", Origin::kAmo},
    // Bitrix24 UI export (Russian and English).
    {TableKind::kDeals, kDStage, "Стадия сделки", Origin::kBitrix},
    {TableKind::kDeals, kDAmount, "Сумма", Origin::kBitrix},
    {TableKind::kDeals, kDPipeline, "Направление", Origin::kBitrix},
    {TableKind::kDeals, kDCreated, "Дата создания", Origin::kBitrix},
    {TableKind::kDeals, kDClosed, "Предполагаемая дата закрытия", Origin::kBitrix},
    {TableKind::kDeals, kDState, "Группа стадий", Origin::kBitrix},
    {TableKind::kDeals, kDAmount, "Income", Origin::kBitrix},
    {TableKind::kDeals, kDClosed, "Assumed close date", Origin::kBitrix},
    // Any CRM, Russian and English (Pipedrive, HubSpot, 1C ...).
    {TableKind::kDeals, kDId, "Deal - ID", Origin::kGeneric},
    {TableKind::kDeals, kDId, "Record ID", Origin::kGeneric},
    {TableKind::kDeals, kDId, "Номер сделки", Origin::kGeneric},
    {TableKind::kDeals, kDTitle, "Название сделки", Origin::kGeneric},
    {TableKind::kDeals, kDTitle, "Название", Origin::kGeneric},
    {TableKind::kDeals, kDTitle, "Deal Name", Origin::kGeneric},
    {TableKind::kDeals, kDTitle, "Deal - Title", Origin::kGeneric},
    {TableKind::kDeals, kDPipeline, "Pipeline", Origin::kGeneric},
    {TableKind::kDeals, kDPipeline, "Deal - Pipeline", Origin::kGeneric},
    {TableKind::kDeals, kDStage, "Этап", Origin::kGeneric},
    {TableKind::kDeals, kDStage, "Стадия", Origin::kGeneric},
    {TableKind::kDeals, kDStage, "Deal Stage", Origin::kGeneric},
    {TableKind::kDeals, kDStage, "Deal - Stage", Origin::kGeneric},
    {TableKind::kDeals, kDState, "Статус", Origin::kGeneric},
    {TableKind::kDeals, kDState, "Состояние", Origin::kGeneric},
    {TableKind::kDeals, kDState, "Status", Origin::kGeneric},
    {TableKind::kDeals, kDState, "Deal status", Origin::kGeneric},
    {TableKind::kDeals, kDState, "Deal - Status", Origin::kGeneric},
    {TableKind::kDeals, kDOwner, "Ответственный", Origin::kGeneric},
    {TableKind::kDeals, kDOwner, "Менеджер", Origin::kGeneric},
    {TableKind::kDeals, kDOwner, "Responsible", Origin::kGeneric},
    {TableKind::kDeals, kDOwner, "Responsible user", Origin::kGeneric},
    {TableKind::kDeals, kDOwner, "Deal owner", Origin::kGeneric},
    {TableKind::kDeals, kDOwner, "Deal - Owner", Origin::kGeneric},
    {TableKind::kDeals, kDSource, "Источник", Origin::kGeneric},
    {TableKind::kDeals, kDSource, "Канал", Origin::kGeneric},
    {TableKind::kDeals, kDSource, "Deal - Source", Origin::kGeneric},
    {TableKind::kDeals, kDSource, "Original Source", Origin::kGeneric},
    {TableKind::kDeals, kDSegment, "Сегмент", Origin::kGeneric},
    {TableKind::kDeals, kDAmount, "Сумма сделки", Origin::kGeneric},
    {TableKind::kDeals, kDAmount, "Amount", Origin::kGeneric},
    {TableKind::kDeals, kDAmount, "Value", Origin::kGeneric},
    {TableKind::kDeals, kDAmount, "Deal - Value", Origin::kGeneric},
    {TableKind::kDeals, kDCurrency, "Валюта", Origin::kGeneric},
    {TableKind::kDeals, kDCurrency, "Deal - Currency", Origin::kGeneric},
    {TableKind::kDeals, kDCreated, "Created", Origin::kGeneric},
    {TableKind::kDeals, kDCreated, "Create Date", Origin::kGeneric},
    {TableKind::kDeals, kDCreated, "Deal - Deal created", Origin::kGeneric},
    {TableKind::kDeals, kDCreated, "Deal - Add time", Origin::kGeneric},
    {TableKind::kDeals, kDClosed, "Close Date", Origin::kGeneric},
    {TableKind::kDeals, kDClosed, "Deal - Closed on", Origin::kGeneric},
    {TableKind::kDeals, kDLossReason, "Причина отказа", Origin::kGeneric},
    {TableKind::kDeals, kDLossReason, "Причина проигрыша", Origin::kGeneric},
    {TableKind::kDeals, kDLossReason, "Причина провала", Origin::kGeneric},
    {TableKind::kDeals, kDLossReason, "Loss reason", Origin::kGeneric},
    {TableKind::kDeals, kDLossReason, "Lost reason", Origin::kGeneric},
    {TableKind::kDeals, kDLossReason, "Deal - Lost reason", Origin::kGeneric},
    {TableKind::kDeals, kDLossReason, "Closed Lost Reason", Origin::kGeneric},
};

// Final stages of the CRMs' default pipelines, besides settings.won_stages / lost_stages.
constexpr std::string_view kBuiltinWon[] = {"Успешно реализовано", "Сделка успешна", "Closed won", "Won", "Выиграна"};
constexpr std::string_view kBuiltinLost[] = {"Закрыто и не реализовано", "Сделка провалена", "Анализ причины провала",
                                             "Closed lost", "Lost", "Проиграна"};

// What a closed_at cell says for a deal that is still open (amoCRM: «не закрыта»).
constexpr std::string_view kNotClosed[] = {"не закрыта", "не закрыто", "not closed", "-", "—"};

bool equals_ci(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

// `folded` is scratch space for the case-folded cell (Bitrix24 writes
// "Успешная", "Провал": Cyrillic capitals).
bool parse_state(std::string_view s, DealState& out, std::string& folded) {
  static constexpr std::array<std::pair<std::string_view, DealState>, 11> kStates = {{
      {"\xD1\x83\xD1\x81\xD0\xBF\xD0\xB5\xD1\x88\xD0\xBD\xD0\xB0\xD1\x8F", DealState::kWon},  // успешная
      {"\xD0\xBF\xD1\x80\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBB", DealState::kLost},                    // провал
      {"open", DealState::kOpen}, {"won", DealState::kWon}, {"lost", DealState::kLost},
      {"\xD0\xBE\xD1\x82\xD0\xBA\xD1\x80\xD1\x8B\xD1\x82\xD0\xB0", DealState::kOpen},           // открыта
      {"\xD0\xB2 \xD1\x80\xD0\xB0\xD0\xB1\xD0\xBE\xD1\x82\xD0\xB5", DealState::kOpen},          // в работе
      {"\xD0\xB2\xD1\x8B\xD0\xB8\xD0\xB3\xD1\x80\xD0\xB0\xD0\xBD\xD0\xB0", DealState::kWon},    // выиграна
      {"\xD1\x83\xD1\x81\xD0\xBF\xD0\xB5\xD1\x88\xD0\xBD\xD0\xB0", DealState::kWon},            // успешна
      {"\xD0\xBF\xD1\x80\xD0\xBE\xD0\xB8\xD0\xB3\xD1\x80\xD0\xB0\xD0\xBD\xD0\xB0", DealState::kLost},  // проиграна
      {"\xD0\xBF\xD1\x80\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBB\xD0\xB5\xD0\xBD\xD0\xB0", DealState::kLost},  // провалена
  }};
  fold_case(s, folded);
  for (const auto& [name, state] : kStates) {
    if (folded == name) { out = state; return true; }
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
    case TableKind::kEvents: return "events";
    case TableKind::kPipelines: return "pipelines";
    case TableKind::kStatuses: return "statuses";
    case TableKind::kUsers: return "users";
    case TableKind::kLossReasons: return "loss_reasons";
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

// How header field `field` (folded) names column `column` of `table`: its
// canonical name, or an alias; nullopt when it does not.
std::optional<Origin> names_column(std::string_view folded, const TableSpec& table, size_t column) {
  if (folded == table.columns[column].name) return Origin::kCanonical;
  for (const Alias& a : kAliases) {
    if (a.table == table.kind && a.column == column && folded == fold_case(a.header)) return a.origin;
  }
  return std::nullopt;
}

bool CanonicalCsvSink::read_header(const CsvRecord& record) {
  header_fields_ = record.fields.size();
  std::vector<std::string> folded(record.fields.size());  // once per file
  for (size_t f = 0; f < record.fields.size(); ++f) folded[f] = fold_case(trim(record.fields[f]));
  // Score every table by the columns its header names; the best full match wins.
  const TableSpec* best = nullptr;
  size_t best_score = 0;
  for (const TableSpec& table : kTables) {
    size_t hits = 0;
    bool complete = true;
    for (size_t c = 0; c < table.columns.size(); ++c) {
      bool found = false;
      for (const std::string& f : folded) found = found || names_column(f, table, c).has_value();
      hits += found ? 1 : 0;
      complete = complete && (found || !table.columns[c].required);
    }
    const size_t score = hits * 2 + (complete ? 1 : 0);
    if (score > best_score) { best_score = score; best = &table; }
  }
  if (best == nullptr || best_score < 4) {
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
  bool amo = false, bitrix = false, generic = false;
  for (size_t c = 0; c < best->columns.size(); ++c) {
    for (size_t f = 0; f < folded.size(); ++f) {
      const std::optional<Origin> origin = names_column(folded[f], *best, c);
      if (!origin) continue;
      columns_[c] = static_cast<int>(f);  // the first of repeated names wins (amoCRM repeats some)
      amo = amo || *origin == Origin::kAmo;
      bitrix = bitrix || *origin == Origin::kBitrix;
      generic = generic || *origin == Origin::kGeneric;
      break;
    }
    if (columns_[c] < 0 && best->columns[c].required) {
      fatal_ = Issue{ErrorCode::kMissingColumn, record.line, record.byte, 0,
                     fmt::format("the {} table needs a column \"{}\"", table_kind_name(best->kind),
                                 best->columns[c].name)};
      return false;
    }
  }
  kind_ = best->kind;
  bitrix_ = bitrix && !amo;
  ctx_.summary.kind = std::string(table_kind_name(kind_));
  ctx_.summary.format = amo ? "amocrm-csv" : bitrix ? "bitrix24-csv" : generic ? "generic-csv" : "canonical-csv";
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
    default: break;  // the CSV tables are the four above
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

bool CanonicalCsvSink::says_not_closed(std::string_view text) const {
  // A date starts with a digit: only words are folded, so real dates cost nothing here.
  if (text.empty() || (text[0] >= '0' && text[0] <= '9')) return false;
  const std::string folded = fold_case(text);
  for (std::string_view n : kNotClosed) {
    if (folded == n) return true;
  }
  return false;
}

DealState CanonicalCsvSink::state_of_stage(StrId stage) {
  if (stage >= stage_state_.size()) stage_state_.resize(ctx_.data.strings.size() + 64, -1);
  int8_t& known = stage_state_[stage];
  if (known < 0) {  // once per distinct stage name
    const std::string name = fold_case(ctx_.data.strings.view(stage));
    auto listed = [&](auto const& names) {
      for (const auto& n : names) {
        if (fold_case(n) == name) return true;
      }
      return false;
    };
    known = listed(ctx_.settings.won_stages) || listed(kBuiltinWon)     ? 1
            : listed(ctx_.settings.lost_stages) || listed(kBuiltinLost) ? 2
                                                                         : 0;
  }
  return static_cast<DealState>(known);
}

void CanonicalCsvSink::read_deal(const CsvRecord& r) {
  if (!required_present(kDealColumns, {kDId, kDStage, kDOwner}, columns_, r, ctx_)) return;
  DealState state{};
  if (cell(r, kDState).empty()) {
    state = state_of_stage(ctx_.data.strings.intern(cell(r, kDStage)));  // no state column: from the stage
  } else if (!parse_state(cell(r, kDState), state, folded_)) {
    ctx_.row_issue(ErrorCode::kBadState, r.line, r.byte, static_cast<uint32_t>(columns_[kDState] + 1),
                   fmt::format("line {}: state \"{}\" is not open, won or lost", r.line,
                               cell(r, kDState).substr(0, 40)),
                   true);
    return;
  }
  Instant created = kNoTime, closed = kNoTime;
  if (!time_cell(r, kDCreated, true, created)) return;
  if (!says_not_closed(cell(r, kDClosed))) time_cell(r, kDClosed, false, closed);
  double amount = kNull;
  if (const std::string_view a = cell(r, kDAmount); !a.empty() && !parse_amount(a, amount)) {
    amount = kNull;
    ctx_.row_issue(ErrorCode::kBadNumber, r.line, r.byte, static_cast<uint32_t>(columns_[kDAmount] + 1),
                   fmt::format("line {}: amount \"{}\" is not a number", r.line, a.substr(0, 40)), false);
  }
  StringPool& s = ctx_.data.strings;
  DealTable& d = ctx_.data.deals;
  const StrId id = ctx_.data.ids.intern(cell(r, kDId));
  if (bitrix_) {
    // Bitrix24 writes one row per product: the deal repeats and its amount
    // cell holds that product's sum. The deal is the first row; the sums add up.
    if (id >= row_of_id_.size()) row_of_id_.resize(ctx_.data.ids.size() + 1024, 0);
    if (const uint32_t first = row_of_id_[id]; first != 0) {
      double& total = d.amount[first - 1];
      if (!std::isnan(amount)) total = std::isnan(total) ? amount : total + amount;
      ++ctx_.summary.rows;
      return;
    }
    row_of_id_[id] = static_cast<uint32_t>(d.size() + 1);
  }
  d.id.push_back(id);
  d.title.push_back(cell(r, kDTitle));
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
  e.deal_id.push_back(ctx_.data.ids.intern(cell(r, kEDeal)));
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
  t.id.push_back(cell(r, kTId));
  t.deal_id.push_back(ctx_.data.ids.intern(cell(r, kTDeal)));
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
  a.id.push_back(cell(r, kAId));
  a.deal_id.push_back(ctx_.data.ids.intern(cell(r, kADeal)));
  a.owner.push_back(s.intern(cell(r, kAOwner)));
  a.kind.push_back(kind);
  a.direction.push_back(dir);
  a.at.push_back(at);
  a.duration_s.push_back(duration);
  a.file.push_back(ctx_.file);
  ++ctx_.summary.rows;
}

}  // namespace kpi
