#include "core/sources/header_match.h"

#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/io/number.h"
#include "core/model/text.h"

namespace kpi {

namespace {

// Every alias of every language, case-folded once (the dictionary is data:
// folding it per header, as the first version did, cost most of an inspect
// read of a small file), by folded header; each list keeps the dictionary's
// order (languages in header_languages() order, aliases in file order), so
// the first alias of a table to match a header still wins.
struct FoldedAlias {
  const Alias* alias;
  const HeaderLanguage* language;
};
const std::unordered_map<std::string, std::vector<FoldedAlias>>& folded_aliases() {
  static const std::unordered_map<std::string, std::vector<FoldedAlias>> index = [] {
    std::unordered_map<std::string, std::vector<FoldedAlias>> out;
    for (const HeaderLanguage& language : header_languages()) {
      for (const Alias& a : language.aliases) out[fold_case(a.header)].push_back({&a, &language});
    }
    return out;
  }();
  return index;
}

}  // namespace

std::vector<HeaderMatch> match_header(const std::vector<std::string>& folded) {
  std::vector<HeaderMatch> out(folded.size());
  for (size_t t = 0; t < kTables.size(); ++t) {
    for (size_t c = 0; c < kTables[t].columns.size(); ++c) {
      for (size_t f = 0; f < folded.size(); ++f) {
        if (out[f].column[t] < 0 && folded[f] == kTables[t].columns[c].name) {
          out[f].column[t] = static_cast<int8_t>(c);
          out[f].origin[t] = Origin::kCanonical;
        }
      }
    }
  }
  const auto& aliases = folded_aliases();
  for (size_t f = 0; f < folded.size(); ++f) {
    const auto found = aliases.find(folded[f]);
    if (found == aliases.end()) continue;
    for (const FoldedAlias& a : found->second) {
      const size_t t = table_index(a.alias->table);
      if (out[f].column[t] >= 0) continue;
      out[f].column[t] = static_cast<int8_t>(a.alias->column);
      out[f].origin[t] = a.alias->origin;
      out[f].language[t] = a.language;
    }
  }
  return out;
}

TableScore score_table(const std::vector<HeaderMatch>& matches, size_t t) {
  TableScore s;
  s.field.fill(-1);
  for (size_t f = 0; f < matches.size(); ++f) {
    const int c = matches[f].column[t];
    if (c >= 0 && s.field[static_cast<size_t>(c)] < 0) {
      s.field[static_cast<size_t>(c)] = static_cast<int>(f);  // the first of repeated names wins
      ++s.hits;
    }
  }
  for (size_t c = 0; c < kTables[t].columns.size(); ++c) {
    s.complete = s.complete && (s.field[c] >= 0 || !kTables[t].columns[c].required);
  }
  return s;
}

int best_table(const std::vector<HeaderMatch>& matches) {
  int best = -1;
  size_t best_score = 0;
  for (size_t t = 0; t < kTables.size(); ++t) {
    const TableScore s = score_table(matches, t);
    if (s.hits < 2) continue;
    const size_t score = (s.complete ? 1000 : 0) + s.hits;
    if (score > best_score) { best_score = score; best = static_cast<int>(t); }
  }
  return best;
}

std::string preview_cell(std::string_view s) {
  if (s.size() <= Inspection::kMaxCellBytes) return std::string(s);
  size_t n = Inspection::kMaxCellBytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "\u2026";
}

// A phone number, not an amount: "+7 999 123-45-67", "8 (999) 123-45-67",
// "79991234567" — 10 to 15 digits, written with a leading + or a trunk 8/7
// and 11 digits, or with brackets or dashes between digit groups.
bool looks_like_phone(std::string_view text) noexcept {
  size_t digits = 0;
  bool plus = false, marks = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch >= '0' && ch <= '9') {
      ++digits;
    } else if (ch == '+' && i == 0) {
      plus = true;
    } else if (ch == '(' || ch == ')' || ch == '-') {
      marks = true;
    } else if (ch != ' ') {
      return false;
    }
  }
  if (digits < 10 || digits > 15) return false;
  const bool trunk = digits == 11 && (text[0] == '8' || text[0] == '7');
  return plus || marks || trunk;
}

namespace {
// What the preview cells of a column look like (docs/formats.md "Columns and guesses").
std::string_view values_kind(const std::vector<std::vector<std::string>>& rows, size_t column) {
  size_t filled = 0, dates = 0, numbers = 0, states = 0, types = 0, phones = 0;
  std::string folded, state_scratch;
  for (const std::vector<std::string>& row : rows) {
    if (column >= row.size()) continue;
    const std::string_view text = trim(row[column]);
    if (text.empty()) continue;
    ++filled;
    fold_case(text, folded);
    const bool not_closed = is_not_closed_word(folded);
    ParsedTime t;
    double v = 0;
    DealState st{};
    if (not_closed || parse_timestamp(text, t)) ++dates;
    if (parse_amount(text, v)) ++numbers;
    if (parse_state(folded, st, state_scratch)) ++states;
    if (activity_word(folded) != nullptr) ++types;
    if (looks_like_phone(text)) ++phones;
  }
  if (filled == 0) return "empty";
  if (phones == filled) return "phone";
  if (dates == filled) return "date";
  if (types == filled) return "activity_type";
  if (states == filled) return "state";
  if (numbers == filled) return "number";
  return "text";
}

// Fields a column of each kind of values may hold, per table, in the order
// they are given out (the required field first where it matters).
std::span<const size_t> sniffed_fields(TableKind table, std::string_view values) {
  static constexpr size_t kDealDates[] = {kDCreated, kDClosed};
  static constexpr size_t kDealNumbers[] = {kDAmount};
  static constexpr size_t kDealStates[] = {kDState};
  static constexpr size_t kEventDates[] = {kEAt};
  static constexpr size_t kTaskDates[] = {kTDue, kTCreated, kTCompleted};
  static constexpr size_t kActivityDates[] = {kAAt};
  static constexpr size_t kActivityNumbers[] = {kADuration};
  static constexpr size_t kActivityTypes[] = {kAType};
  switch (table) {
    case TableKind::kDeals:
      if (values == "date") return kDealDates;
      if (values == "number") return kDealNumbers;
      if (values == "state") return kDealStates;
      break;
    case TableKind::kStageEvents:
      if (values == "date") return kEventDates;
      break;
    case TableKind::kTasks:
      if (values == "date") return kTaskDates;
      break;
    case TableKind::kActivities:
      if (values == "date") return kActivityDates;
      if (values == "number") return kActivityNumbers;
      if (values == "activity_type") return kActivityTypes;
      break;
    case TableKind::kUnknown:
    case TableKind::kEvents:  // the kinds below are JSON dumps' reference files, not tables a CSV maps to
    case TableKind::kPipelines:
    case TableKind::kStatuses:
    case TableKind::kUsers:
    case TableKind::kLossReasons: break;
  }
  return {};
}
}  // namespace

namespace {

bool is_date_field(std::string_view field) noexcept {
  return field == "created_at" || field == "closed_at" || field == "due_at" || field == "completed_at" || field == "at";
}

// Whether every date cell of a column lies more than a day after `now`.
bool all_after(const std::vector<std::vector<std::string>>& rows, size_t column, Instant now) {
  size_t seen = 0;
  for (const std::vector<std::string>& row : rows) {
    if (column >= row.size() || trim(row[column]).empty()) continue;
    ParsedTime t;
    if (!parse_timestamp(trim(row[column]), t)) continue;  // «не закрыта»
    if (t.seconds <= now + 86400) return false;  // a day of slack for the zone
    ++seen;
  }
  return seen > 0;
}

// Why the values of column f contradict a guess of `field`, or "" (docs/formats.md
// "Columns and guesses"): a phone column is no amount, a text column no date,
// a closing date not in the future.
std::string_view doubt_of(std::string_view field, std::string_view values,
                          const std::vector<std::vector<std::string>>& rows, size_t f, Instant now) {
  if (values == "empty") return {};
  if (field == "amount" || field == "duration_s") {
    if (values == "phone") return "values_look_like_phones";
    if (values != "number") return "values_not_numbers";
  }
  if (is_date_field(field)) {
    if (values != "date") return "values_not_dates";
    if ((field == "closed_at" || field == "completed_at") && now != kNoTime && all_after(rows, f, now)) {
      return "dates_in_future";
    }
  }
  return {};
}

}  // namespace

Inspection inspect_table(const HeaderRow* header, const std::vector<std::vector<std::string>>& preview,
                         const ColumnMapping* mapping, Instant now) {
  Inspection in;
  for (TableKind k : kTableKinds) {
    TableFields& t = in.tables.emplace_back();
    t.kind = std::string(table_kind_name(k));
    for (const ColumnSpec& c : spec_of(k).columns) {
      t.fields.emplace_back(c.name);
      if (c.required) t.required.emplace_back(c.name);
    }
  }
  if (header == nullptr) return in;
  const std::vector<std::string>& folded = header->folded;
  in.header_line = header->line;
  in.header_columns = header->fields;
  in.preview = preview;
  const size_t n = header->cells.size();
  in.signature.assign(folded.begin(), folded.begin() + static_cast<std::ptrdiff_t>(n));
  std::vector<std::string_view> values(n);
  for (size_t f = 0; f < n; ++f) values[f] = values_kind(preview, f);

  // The table: the mapping's, else the header's best (complete or not), else the values'.
  const std::vector<HeaderMatch> matches = match_header(folded);
  TableKind kind = TableKind::kUnknown;
  if (mapping) {
    kind = mapping->kind;
    in.kind_by = "mapping";
  } else if (const int t = best_table(matches); t >= 0) {
    kind = kTables[static_cast<size_t>(t)].kind;
    in.kind_by = "header";
  } else {
    bool types = false, states = false, dates = false, numbers = false;
    for (std::string_view v : values) {
      types = types || v == "activity_type";
      states = states || v == "state";
      dates = dates || v == "date";
      numbers = numbers || v == "number";
    }
    kind = types ? TableKind::kActivities : states || (dates && numbers) ? TableKind::kDeals : TableKind::kUnknown;
    if (kind != TableKind::kUnknown) in.kind_by = "values";
  }
  in.kind = std::string(table_kind_name(kind));

  in.columns.resize(n);
  for (size_t f = 0; f < n; ++f) {
    in.columns[f].name = header->cells[f];
    in.columns[f].values = std::string(values[f]);
  }
  if (kind == TableKind::kUnknown) return in;
  const size_t t = static_cast<size_t>(kind) - 1;
  const std::span<const ColumnSpec> spec = kTables[t].columns;
  std::array<bool, kMaxTableColumns> taken{};
  // A mapping's columns first, then the header's names, then the values.
  if (mapping) {
    for (const ColumnMapping::Column& col : mapping->columns) {
      int f = -1;
      if (col.index >= 0) f = col.index < static_cast<int64_t>(n) ? static_cast<int>(col.index) : -1;
      const std::string wanted = col.index < 0 ? fold_case(trim(col.name)) : std::string();
      for (size_t i = 0; col.index < 0 && i < n && f < 0; ++i) f = folded[i] == wanted ? static_cast<int>(i) : -1;
      if (f < 0 || !in.columns[static_cast<size_t>(f)].field.empty()) continue;
      in.columns[static_cast<size_t>(f)].field = std::string(spec[col.field].name);
      in.columns[static_cast<size_t>(f)].by = "mapping";
      in.columns[static_cast<size_t>(f)].confidence = 1;
      taken[col.field] = true;
    }
  }
  // A name the values contradict is no guess: the doubt says why, and the
  // field stays free for a column whose values fit.
  for (size_t f = 0; f < n; ++f) {
    const int c = matches[f].column[t];
    if (c < 0 || taken[static_cast<size_t>(c)] || !in.columns[f].field.empty()) continue;
    const std::string_view field = spec[static_cast<size_t>(c)].name;
    const std::string_view doubt = doubt_of(field, values[f], preview, f, now);
    if (!doubt.empty()) {
      in.columns[f].doubt = std::string(doubt);
      continue;
    }
    taken[static_cast<size_t>(c)] = true;
    in.columns[f].field = std::string(field);
    const bool canonical = matches[f].origin[t] == Origin::kCanonical;
    in.columns[f].by = canonical ? "canonical" : "alias";
    in.columns[f].confidence = canonical ? 1.0 : values[f] == "empty" || values[f] == "text" ? 0.8 : 0.9;
  }
  for (size_t f = 0; f < n; ++f) {
    if (!in.columns[f].field.empty()) continue;
    for (size_t c : sniffed_fields(kind, values[f])) {
      if (taken[c]) continue;
      if (!doubt_of(spec[c].name, values[f], preview, f, now).empty()) continue;  // a future date
      taken[c] = true;
      in.columns[f].field = std::string(spec[c].name);
      in.columns[f].by = "values";
      in.columns[f].confidence = 0.6;
      break;
    }
  }
  for (size_t c = 0; c < spec.size(); ++c) {
    if (spec[c].required && !taken[c]) in.missing.emplace_back(spec[c].name);
  }
  return in;
}


}  // namespace kpi
