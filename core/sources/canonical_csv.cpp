#include "core/sources/canonical_csv.h"

#include <cmath>
#include <span>

#include <fmt/format.h>

#include "core/io/number.h"
#include "core/model/rows.h"
#include "core/model/text.h"
#include "core/sources/dictionary.h"
#include "core/sources/header_match.h"

namespace kpi {
namespace {

// A duration cell: seconds (`95`, `95,5`), or a clock `h:mm:ss` / `m:ss`
// (telephony reports). -1 when it is neither.
int64_t duration_seconds(std::string_view text, DecimalMark mark) noexcept {
  if (text.find(':') != std::string_view::npos) {
    int64_t total = 0;
    size_t parts = 0;
    int64_t part = -1;
    for (char ch : text) {
      if (ch >= '0' && ch <= '9') {
        part = (part < 0 ? 0 : part) * 10 + (ch - '0');
        if (part > 1000000) return -1;
      } else if (ch == ':' && part >= 0 && parts < 2) {
        total = total * 60 + part;
        part = -1;
        ++parts;
      } else {
        return -1;
      }
    }
    if (part < 0 || (parts > 0 && part >= 60)) return -1;
    return total * 60 + part;
  }
  double v = 0;
  if (!parse_amount_with(text, mark, v) || !(v >= 0) || v >= 1e9) return -1;
  return static_cast<int64_t>(v + 0.5);
}

}  // namespace

std::string_view CanonicalCsvSink::cell(const CsvRecord& r, size_t column) const noexcept {
  const int field = columns_[column];
  if (field < 0 || static_cast<size_t>(field) >= r.fields.size()) return {};
  return trim(r.fields[static_cast<size_t>(field)]);
}

void CanonicalCsvSink::keep_header(const CsvRecord& record) {
  header_.fields = record.fields.size();
  header_.line = record.line;
  header_.cells.clear();
  for (size_t f = 0; f < record.fields.size() && f < Inspection::kMaxColumns; ++f) {
    header_.cells.push_back(preview_cell(trim(record.fields[f])));
  }
  header_.folded.resize(record.fields.size());  // once per file
  for (size_t f = 0; f < record.fields.size(); ++f) header_.folded[f] = fold_case(trim(record.fields[f]));
}

std::string_view CanonicalCsvSink::column_name(size_t column) const {
  const int f = columns_[column];
  if (f >= 0 && static_cast<size_t>(f) < header_.cells.size() && !header_.cells[static_cast<size_t>(f)].empty()) {
    return header_.cells[static_cast<size_t>(f)];
  }
  return spec_of(kind_).columns[column].name;
}

Inspection CanonicalCsvSink::inspection() const {
  return inspect_table(header_done_ ? &header_ : nullptr, preview_, options_.mapping ? &*options_.mapping : nullptr,
                       options_.now);
}

bool CanonicalCsvSink::read_header(const CsvRecord& record) {
  const std::vector<HeaderMatch> matches = match_header(header_.folded);
  const int t = best_table(matches);
  if (t < 0) {
    std::string header;
    for (size_t i = 0; i < record.fields.size() && i < 8; ++i) {
      header += (i ? ", " : "") + std::string(record.fields[i].substr(0, 40));
    }
    fatal_ = Issue{ErrorCode::kUnknownTable, record.line, record.byte, 0,
                   fmt::format("the header row ({}) matches none of the tables deals, stage_events, tasks, "
                               "activities", header),
                   {text_param("header", header)}, "CSV_UNKNOWN_HEADER"};
    return false;
  }
  const TableSpec& best = kTables[static_cast<size_t>(t)];
  const TableScore score = score_table(matches, static_cast<size_t>(t));
  columns_.fill(-1);
  bool amo = false, bitrix = false, generic = false;
  for (size_t c = 0; c < best.columns.size(); ++c) {
    const int f = score.field[c];
    if (f < 0) {
      if (!best.columns[c].required) continue;
      fatal_ = Issue{ErrorCode::kMissingColumn, record.line, record.byte, 0,
                     fmt::format("the {} table needs a column \"{}\"", table_kind_name(best.kind),
                                 best.columns[c].name),
                     {text_param("table", table_kind_name(best.kind)), text_param("field", best.columns[c].name)},
                     "CSV_NEEDS_COLUMN"};
      return false;
    }
    columns_[c] = f;
    const Origin origin = matches[static_cast<size_t>(f)].origin[static_cast<size_t>(t)];
    if (const HeaderLanguage* l = matches[static_cast<size_t>(f)].language[static_cast<size_t>(t)]) {
      comma_hint_ = comma_hint_ || l->decimal_comma;
    }
    amo = amo || origin == Origin::kAmo;
    bitrix = bitrix || origin == Origin::kBitrix;
    generic = generic || origin == Origin::kGeneric;
  }
  kind_ = best.kind;
  bitrix_ = bitrix && !amo;
  ctx_.summary.kind = std::string(table_kind_name(kind_));
  ctx_.summary.format = amo ? "amocrm-csv" : bitrix ? "bitrix24-csv" : generic ? "generic-csv" : "canonical-csv";
  return true;
}

bool CanonicalCsvSink::map_header(const CsvRecord& record) {
  const ColumnMapping& m = *options_.mapping;
  columns_.fill(-1);
  for (const ColumnMapping::Column& col : m.columns) {
    const std::string_view field = spec_of(m.kind).columns[col.field].name;
    int f = -1;
    if (col.index >= 0) {
      if (static_cast<size_t>(col.index) >= record.fields.size()) {
        fatal_ = Issue{ErrorCode::kBadMapping, record.line, record.byte, 0,
                       fmt::format("mapping.columns.{}: column {} is beyond the header's {} columns", field,
                                   col.index, record.fields.size()),
                       {text_param("field", field), number_param("index", static_cast<double>(col.index)),
                        number_param("n", static_cast<double>(record.fields.size()))},
                       "MAPPING_COLUMN_BEYOND"};
        return false;
      }
      f = static_cast<int>(col.index);
    } else {
      const std::string wanted = fold_case(trim(col.name));
      for (size_t i = 0; i < header_.folded.size() && f < 0; ++i) {
        if (header_.folded[i] == wanted) f = static_cast<int>(i);
      }
      if (f < 0) {
        fatal_ = Issue{ErrorCode::kBadMapping, record.line, record.byte, 0,
                       fmt::format("mapping.columns.{}: the header has no column \"{}\"", field,
                                   std::string_view(col.name).substr(0, 60)),
                       {text_param("field", field), text_param("column", std::string_view(col.name).substr(0, 60))},
                       "MAPPING_NO_COLUMN"};
        return false;
      }
    }
    columns_[col.field] = f;
  }
  kind_ = m.kind;
  date_order_ = m.date_format;
  decimal_ = m.decimal;
  ctx_.summary.kind = std::string(table_kind_name(kind_));
  ctx_.summary.format = "mapped-csv";
  return true;
}

bool CanonicalCsvSink::on_record(const CsvRecord& r) {
  if (!header_done_) {
    header_done_ = true;
    keep_header(r);
    const bool ok = options_.mapping && !options_.inspect ? map_header(r) : read_header(r);
    // An inspect read, or a header that failed, goes on to the preview rows.
    collecting_ = options_.inspect || !ok;
    if (collecting_) return options_.preview_rows > 0;
    return ok;
  }
  if (collecting_) {
    std::vector<std::string>& row = preview_.emplace_back();
    for (size_t f = 0; f < r.fields.size() && f < Inspection::kMaxColumns; ++f) {
      row.push_back(preview_cell(r.fields[f]));
    }
    return preview_.size() < options_.preview_rows;
  }
  if (r.fields.size() != header_.fields) {
    // Trailing empty fields beyond the header (a trailing delimiter) are harmless.
    bool only_empty_extra = r.fields.size() > header_.fields;
    for (size_t i = header_.fields; only_empty_extra && i < r.fields.size(); ++i) {
      only_empty_extra = trim(r.fields[i]).empty();
    }
    if (!only_empty_extra) {
      ctx_.row_issue(ErrorCode::kRaggedRow, r.line, r.byte, 0,
                     fmt::format("{} {} has {} fields, the header has {}", ctx_.line_word, r.line, r.fields.size(),
                                 header_.fields),
                     true, "CSV_RAGGED_ROW",
                     {number_param("n", static_cast<double>(r.fields.size())),
                      number_param("header", static_cast<double>(header_.fields))});
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
  const std::string_view name = spec_of(kind_).columns[column].name;
  const auto field = static_cast<uint32_t>(columns_[column] + 1);
  if (text.empty()) {
    out = kNoTime;
    if (!required) return true;
    ctx_.row_issue(ErrorCode::kMissingValue, r.line, r.byte, field,
                   fmt::format("{} {}: \"{}\" is empty", ctx_.line_word, r.line, name), true, "CELL_EMPTY",
                   {text_param("column", column_name(column))});
    return false;
  }
  if (!parse_instant_in(text, date_order_, ctx_.settings.tz, out)) {
    out = kNoTime;
    ctx_.row_issue(ErrorCode::kBadTimestamp, r.line, r.byte, field,
                   fmt::format("{} {}: \"{}\" is not a date/time: \"{}\"", ctx_.line_word, r.line, name, text.substr(0, 40)),
                   required, required ? "CELL_NOT_DATE_SKIPPED" : "CELL_NOT_DATE",
                   {text_param("column", column_name(column)), text_param("value", text.substr(0, 40))});
    return !required;
  }
  return true;
}

namespace {
// Reports the first empty required cell of a row, if any.
template <size_t N>
bool required_present(const std::array<ColumnSpec, N>& spec, std::initializer_list<size_t> cols,
                      const std::array<int, kMaxTableColumns>& map, const CsvRecord& r,
                      IngestContext& ctx, const std::vector<std::string>& cells) {
  for (size_t c : cols) {
    const int f = map[c];
    if (f < 0 || trim(r.fields[static_cast<size_t>(f)]).empty()) {
      ctx.row_issue(ErrorCode::kMissingValue, r.line, r.byte, static_cast<uint32_t>(f + 1),
                    fmt::format("{} {}: \"{}\" is empty", ctx.line_word, r.line, spec[c].name), true, "CELL_EMPTY",
                    {text_param("column", f >= 0 && static_cast<size_t>(f) < cells.size() && !cells[static_cast<size_t>(f)].empty()
                                              ? std::string_view(cells[static_cast<size_t>(f)]) : spec[c].name)});
      return false;
    }
  }
  return true;
}
}  // namespace

DecimalMark CanonicalCsvSink::amount_mark(std::string_view text) const noexcept {
  if (decimal_ != DecimalMark::kAuto || !comma_hint_) return decimal_;
  // "5.000" or "1.250.000" under a decimal-comma header: dots group thousands.
  size_t i = text[0] == '-' ? 1 : 0, digits = 0, groups = 0;
  for (; i < text.size(); ++i) {
    if (text[i] >= '0' && text[i] <= '9') {
      ++digits;
    } else if (text[i] == '.' && digits > 0 && (groups == 0 ? digits <= 3 : digits == 3)) {
      ++groups;
      digits = 0;
    } else {
      return DecimalMark::kAuto;
    }
  }
  return groups > 0 && digits == 3 ? DecimalMark::kComma : DecimalMark::kAuto;
}

bool CanonicalCsvSink::says_not_closed(std::string_view text) const {
  // A date starts with a digit: only words are folded, so real dates cost nothing here.
  if (text.empty() || (text[0] >= '0' && text[0] <= '9')) return false;
  return is_not_closed_word(fold_case(text));
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
    // Only the CRMs' own final stages here: the settings' won_stages / lost_stages are
    // applied at analysis time (core/sources/references.cpp), so changing them needs no re-read.
    known = listed(builtin_won_stages()) ? 1 : listed(builtin_lost_stages()) ? 2 : 0;
  }
  return static_cast<DealState>(known);
}

// An export may hold a column of links to the deals in the CRM (a custom
// report, a Bitrix24 "Ссылка" field): the first of the first rows' cells that
// is one names the account for the deal links (issue 10). Only the first
// url_rows_left_ deal rows are searched, so a big file pays nothing.
void CanonicalCsvSink::find_deal_url(const CsvRecord& r) {
  --url_rows_left_;
  std::string host, crm;
  for (const std::string_view field : r.fields) {
    if (!crm_deal_url(trim(field), host, crm)) continue;
    ctx_.summary.account = std::move(host);
    ctx_.summary.account_crm = std::move(crm);
    ctx_.summary.account_from = "deal_url_column";
    url_rows_left_ = 0;
    return;
  }
}

void CanonicalCsvSink::read_deal(const CsvRecord& r) {
  if (!required_present(kDealColumns, {kDId, kDStage, kDOwner}, columns_, r, ctx_, header_.cells)) return;
  DealState state{};
  if (cell(r, kDState).empty()) {
    state = state_of_stage(ctx_.data.strings.intern(cell(r, kDStage)));  // no state column: from the stage
  } else if (!parse_state(cell(r, kDState), state, folded_cell_)) {
    ctx_.row_issue(ErrorCode::kBadState, r.line, r.byte, static_cast<uint32_t>(columns_[kDState] + 1),
                   fmt::format("{} {}: state \"{}\" is not open, won or lost", ctx_.line_word, r.line,
                               cell(r, kDState).substr(0, 40)),
                   true, "CELL_BAD_STATE",
                   {text_param("column", column_name(kDState)), text_param("value", cell(r, kDState).substr(0, 40))});
    return;
  }
  Instant created = kNoTime, closed = kNoTime;
  if (!time_cell(r, kDCreated, true, created)) return;
  if (!says_not_closed(cell(r, kDClosed))) time_cell(r, kDClosed, false, closed);
  // amoCRM writes "Дата закрытия" without seconds (22.03.2022 13:32) and
  // "Дата создания" with them (22.03.2022 13:32:57): a deal closed within the
  // minute it was created would close before it was created. The same minute
  // is the creation time (issue 12, defect 1; docs/formats.md).
  if (closed != kNoTime && created != kNoTime && closed < created && created - closed < 60 && closed % 60 == 0) {
    closed = created;
  }
  double amount = kNull;
  if (const std::string_view a = cell(r, kDAmount); !a.empty() && !parse_amount_with(a, amount_mark(a), amount)) {
    amount = kNull;
    ctx_.row_issue(ErrorCode::kBadNumber, r.line, r.byte, static_cast<uint32_t>(columns_[kDAmount] + 1),
                   fmt::format("{} {}: amount \"{}\" is not a number", ctx_.line_word, r.line, a.substr(0, 40)), false,
                   "CELL_NOT_AMOUNT", {text_param("column", column_name(kDAmount)), text_param("value", a.substr(0, 40))});
  }
  StringPool& s = ctx_.data.strings;
  const StrId id = ctx_.data.ids.intern(cell(r, kDId));
  if (bitrix_) {
    // Bitrix24 writes one row per product: the deal repeats and its amount
    // cell holds that product's sum. The deal is the first row; the sums add up.
    if (id >= row_of_id_.size()) row_of_id_.resize(ctx_.data.ids.size() + 1024, 0);
    if (const uint32_t first = row_of_id_[id]; first != 0) {
      double& total = ctx_.data.deals.amount[first - 1];
      if (!std::isnan(amount)) total = std::isnan(total) ? amount : total + amount;
      ++ctx_.summary.rows;
      return;
    }
    row_of_id_[id] = static_cast<uint32_t>(ctx_.data.deals.size() + 1);
  }
  if (url_rows_left_ > 0) find_deal_url(r);
  DealRow row;
  row.id = id;
  row.title = cell(r, kDTitle);
  row.pipeline = intern_cell(s, r, kDPipeline);
  row.stage = intern_cell(s, r, kDStage);
  row.owner = intern_cell(s, r, kDOwner);
  row.source = intern_cell(s, r, kDSource);
  row.segment = intern_cell(s, r, kDSegment);
  row.currency = intern_cell(s, r, kDCurrency);
  row.loss_reason = intern_cell(s, r, kDLossReason);
  row.state = state;
  row.amount = amount;
  row.created_at = created;
  row.closed_at = closed;
  append(ctx_.data, ctx_.file, row);
  ++ctx_.summary.rows;
}

void CanonicalCsvSink::read_stage_event(const CsvRecord& r) {
  if (!required_present(kStageEventColumns, {kEDeal, kETo}, columns_, r, ctx_, header_.cells)) return;
  Instant at = kNoTime;
  if (!time_cell(r, kEAt, true, at)) return;
  StringPool& s = ctx_.data.strings;
  StageEventRow row;
  row.deal_id = intern_cell(ctx_.data.ids, r, kEDeal);
  row.from_stage = intern_cell(s, r, kEFrom);
  row.to_stage = intern_cell(s, r, kETo);
  row.by = intern_cell(s, r, kEBy);
  row.at = at;
  append(ctx_.data, ctx_.file, row);
  ++ctx_.summary.rows;
}

void CanonicalCsvSink::read_task(const CsvRecord& r) {
  if (!required_present(kTaskColumns, {kTId, kTOwner}, columns_, r, ctx_, header_.cells)) return;
  Instant created = kNoTime, due = kNoTime, completed = kNoTime;
  time_cell(r, kTCreated, false, created);
  time_cell(r, kTDue, false, due);  // a task without a due date is kept (spec: neither step nor overdue)
  time_cell(r, kTCompleted, false, completed);
  StringPool& s = ctx_.data.strings;
  TaskRow row;
  row.id = cell(r, kTId);
  row.deal_id = intern_cell(ctx_.data.ids, r, kTDeal);
  row.owner = intern_cell(s, r, kTOwner);
  row.type = intern_cell(s, r, kTType);
  row.created_at = created;
  row.due_at = due;
  row.completed_at = completed;
  append(ctx_.data, ctx_.file, row);
  ++ctx_.summary.rows;
}

void CanonicalCsvSink::read_activity(const CsvRecord& r) {
  if (!required_present(kActivityColumns, {kADeal, kAType}, columns_, r, ctx_, header_.cells)) return;
  const std::string_view type = cell(r, kAType);
  const ActivityWord* word = nullptr;
  bool memo_hit = false;
  for (const auto& [text, w] : type_memo_) {
    if (text == type) {
      word = w;
      memo_hit = true;
      break;
    }
  }
  if (!memo_hit) {
    fold_case(type, folded_cell_);
    word = activity_word(folded_cell_);
    if (type_memo_.size() < kTypeMemo) type_memo_.emplace_back(type, word);
  }
  if (word == nullptr) {
    ctx_.row_issue(ErrorCode::kBadValue, r.line, r.byte, static_cast<uint32_t>(columns_[kAType] + 1),
                   fmt::format("{} {}: activity type \"{}\" is not one of call_in, call_out, email_in, "
                               "email_out, meeting, message_in, message_out (or a call, e-mail, meeting "
                               "or message word)",
                               ctx_.line_word, r.line, cell(r, kAType).substr(0, 40)),
                   true, "CELL_BAD_ACTIVITY_TYPE",
                   {text_param("column", column_name(kAType)), text_param("value", cell(r, kAType).substr(0, 40))});
    return;
  }
  // The type's own direction wins; else the direction column; else outgoing
  // (what a manager logs by hand is mostly outgoing; docs/formats.md).
  Dir dir = word->dir;
  if (dir == Dir::kNone) {
    if (const std::string_view text = cell(r, kADirection); !text.empty()) {
      fold_case(text, folded_cell_);
      dir = direction_word(folded_cell_);
      if (dir == Dir::kNone) {
        ctx_.row_issue(ErrorCode::kBadValue, r.line, r.byte, static_cast<uint32_t>(columns_[kADirection] + 1),
                       fmt::format("{} {}: direction \"{}\" is neither incoming nor outgoing", ctx_.line_word, r.line,
                                   text.substr(0, 40)),
                       true, "CELL_BAD_DIRECTION",
                       {text_param("column", column_name(kADirection)), text_param("value", text.substr(0, 40))});
        return;
      }
    }
  }
  const ActivityKind kind = word->kind;
  Instant at = kNoTime;
  if (!time_cell(r, kAAt, true, at)) return;
  int32_t duration = -1;
  if (const std::string_view text = cell(r, kADuration); !text.empty()) {
    const int64_t seconds = duration_seconds(text, decimal_);
    if (seconds >= 0 && seconds < 1000000000) {
      duration = static_cast<int32_t>(seconds);
    } else {
      ctx_.row_issue(ErrorCode::kBadNumber, r.line, r.byte, static_cast<uint32_t>(columns_[kADuration] + 1),
                     fmt::format("{} {}: duration_s \"{}\" is not a number of seconds", ctx_.line_word, r.line,
                                 text.substr(0, 40)),
                     false, "CELL_NOT_DURATION",
                     {text_param("column", column_name(kADuration)), text_param("value", text.substr(0, 40))});
    }
  }
  ActivityRow row;
  row.id = cell(r, kAId);
  row.deal_id = intern_cell(ctx_.data.ids, r, kADeal);
  row.owner = intern_cell(ctx_.data.strings, r, kAOwner);
  row.kind = kind;
  row.direction = dir == Dir::kIn ? Direction::kIn : Direction::kOut;
  row.at = at;
  row.duration_s = duration;
  append(ctx_.data, ctx_.file, row);
  ++ctx_.summary.rows;
}

}  // namespace kpi
