#include "core/sources/plan_table.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <cmath>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "core/io/csv_reader.h"
#include "core/io/encoding.h"
#include "core/io/number.h"
#include "core/io/xlsx_reader.h"
#include "core/model/text.h"
#include "core/model/time.h"
#include "core/report/report.h"

namespace kpi {
namespace {

struct Row {
  uint64_t line;
  std::vector<std::string> cells;  // trimmed
};
using Rows = std::vector<Row>;

class Collect final : public CsvHandler {
 public:
  bool on_record(const CsvRecord& record) override {
    Row row{record.line, {}};
    for (std::string_view f : record.fields) row.cells.emplace_back(trim(f));
    rows.push_back(std::move(row));
    return true;
  }
  Rows rows;
};

// Header words per column, folded; a header cell matches when it is one or
// (words over two letters) starts with one. The same words as before the core
// read the table (docs/web.md "Sales plans").
enum Column { kOwner, kMonth, kFrom, kTo, kRevenue, kWonCount, kColumns };
constexpr std::pair<Column, std::string_view> kWords[] = {
    {kOwner, "менеджер"}, {kOwner, "сотрудник"}, {kOwner, "ответственный"}, {kOwner, "продавец"},
    {kOwner, "manager"}, {kOwner, "owner"}, {kOwner, "employee"}, {kOwner, "sales rep"},
    {kMonth, "месяц"}, {kMonth, "период"}, {kMonth, "month"}, {kMonth, "period"},
    {kFrom, "с"}, {kFrom, "начало"}, {kFrom, "дата начала"}, {kFrom, "from"}, {kFrom, "start"},
    {kTo, "по"}, {kTo, "конец"}, {kTo, "дата окончания"}, {kTo, "to"}, {kTo, "end"},
    {kRevenue, "план по выручке"}, {kRevenue, "выручка"}, {kRevenue, "сумма"}, {kRevenue, "план, ₽"},
    {kRevenue, "план"}, {kRevenue, "revenue"}, {kRevenue, "amount"}, {kRevenue, "plan"},
    {kWonCount, "сделок"}, {kWonCount, "сделки"}, {kWonCount, "количество"}, {kWonCount, "план по сделкам"},
    {kWonCount, "выигранных"}, {kWonCount, "deals"}, {kWonCount, "won"}, {kWonCount, "count"},
};
// A manager cell that means the whole team.
constexpr std::string_view kTeam[] = {"команда", "отдел", "итого", "все", "team", "total", "all"};

size_t letters(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

using Columns = std::array<int, kColumns>;  // cell index, -1 = none

Columns columns_of(const Row& header) {
  Columns found;
  found.fill(-1);
  std::vector<std::string> cells;
  for (const std::string& c : header.cells) cells.push_back(fold_case(c));
  std::vector<std::pair<Column, std::string_view>> wanted(std::begin(kWords), std::end(kWords));
  // Longer, more specific words first ("план по сделкам" before "план").
  std::stable_sort(wanted.begin(), wanted.end(),
                   [](const auto& a, const auto& b) { return letters(a.second) > letters(b.second); });
  std::vector<bool> taken(cells.size(), false);
  for (const auto& [key, word] : wanted) {
    if (found[key] >= 0) continue;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (!taken[i] && (cells[i] == word || (letters(word) > 2 && cells[i].starts_with(word)))) {
        found[key] = static_cast<int>(i);
        taken[i] = true;
        break;
      }
    }
  }
  return found;
}

const Row* header_of(const Rows& rows) {
  for (const Row& r : rows) {
    for (const std::string& c : r.cells) {
      if (!c.empty()) return &r;
    }
  }
  return nullptr;
}

bool looks_like_plan(const Rows& rows) {
  const Row* header = header_of(rows);
  if (!header) return false;
  const Columns c = columns_of(*header);
  return c[kOwner] >= 0 && (c[kRevenue] >= 0 || c[kWonCount] >= 0) && (c[kMonth] >= 0 || (c[kFrom] >= 0 && c[kTo] >= 0));
}

// ---- cells ------------------------------------------------------------------

struct Day {
  int y, m, d;
};

std::string iso(const Day& d) { return fmt::format("{:04}-{:02}-{:02}", d.y, d.m, d.d); }

Day day_of(int64_t days) {
  const CivilTime c = civil_from_instant(days * 86400);
  return {c.year, c.month, c.day};
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

/// A day: "2026-03-01" (a time after it allowed), "01.03.2026", "1/3/2026", an Excel day number.
std::optional<Day> parse_day(std::string_view cell) {
  double serial = 0;
  if (parse_plain_decimal(cell, serial)) {
    if (serial > 20000 && serial < 80000) return day_of(static_cast<int64_t>(std::floor(serial)) - 25569);
    return std::nullopt;
  }
  std::string text(cell);
  std::replace(text.begin(), text.end(), '/', '.');
  ParsedTime t;
  if (!parse_timestamp(text, t)) return std::nullopt;
  return day_of(t.seconds >= 0 ? t.seconds / 86400 : -((-t.seconds + 86399) / 86400));
}

// Month names by their first three letters (folded), Russian and English.
constexpr std::pair<std::string_view, int> kMonths[] = {
    {"янв", 1}, {"фев", 2}, {"мар", 3}, {"апр", 4}, {"май", 5}, {"мая", 5}, {"июн", 6}, {"июл", 7},
    {"авг", 8}, {"сен", 9}, {"окт", 10}, {"ноя", 11}, {"дек", 12},
    {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"may", 5}, {"jun", 6}, {"jul", 7},
    {"aug", 8}, {"sep", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12}, {"мае", 5},
};

/// The month a name means: its first three letters, and no more than a month's name is long.
int month_named(std::string_view word) {
  if (letters(word) < 3 || letters(word) > 9) return 0;
  size_t cut = 0;
  for (int n = 0; n < 3; ++n) {
    cut += 1;
    while (cut < word.size() && (word[cut] & 0xC0) == 0x80) ++cut;
  }
  for (const auto& [prefix, m] : kMonths) {
    if (word.substr(0, cut) == prefix) return m;
  }
  return 0;
}

struct Period {
  std::string from, to;
};

Period month_period(int y, int m) {
  return {iso({y, m, 1}), iso(m == 12 ? Day{y + 1, 1, 1} : Day{y, m + 1, 1})};
}

/// A month: "2026-03", "03.2026", "март 2026", "March 2026 г.", a day in it.
std::optional<Period> parse_month(std::string_view cell) {
  const std::string s = fold_case(cell);
  int y = 0, m = 0;
  const size_t dash = s.find('-'), dot = s.find_first_of("./"), space = s.find(' ');
  if (dash == 4 && s.size() <= 7 && all_digits(s.substr(0, 4)) && all_digits(s.substr(5))) {
    y = to_int(s.substr(0, 4)), m = to_int(s.substr(5));
  } else if (dot != std::string::npos && dot <= 2 && s.size() == dot + 5 && all_digits(s.substr(0, dot)) &&
             all_digits(s.substr(dot + 1))) {
    y = to_int(s.substr(dot + 1)), m = to_int(s.substr(0, dot));
  } else if (space != std::string::npos) {
    std::string_view name = std::string_view(s).substr(0, space);
    if (name.ends_with('.')) name.remove_suffix(1);
    std::string_view rest = trim(std::string_view(s).substr(space + 1));
    for (std::string_view tail : {"г.", "г"}) {
      if (rest.ends_with(tail)) {
        rest = trim(rest.substr(0, rest.size() - tail.size()));
        break;
      }
    }
    if (rest.size() == 4 && all_digits(rest)) y = to_int(rest), m = month_named(name);
  }
  if (y == 0) {
    if (const auto day = parse_day(cell)) y = day->y, m = day->m;
  }
  if (y == 0 || m < 1 || m > 12) return std::nullopt;
  return month_period(y, m);
}

/// An amount as people write it; "1,500" (three digits after one comma) is fifteen hundred.
std::optional<double> parse_plan_amount(std::string_view cell) {
  std::string text(cell);
  const size_t comma = text.find(',');
  if (comma != std::string::npos && text.find(',', comma + 1) == std::string::npos && text.find('.') == std::string::npos) {
    size_t digits = 0;
    while (comma + 1 + digits < text.size() && text[comma + 1 + digits] >= '0' && text[comma + 1 + digits] <= '9') ++digits;
    if (digits > 2) text.erase(comma, 1);
  }
  double v = 0;
  if (!parse_amount(text, v) || !std::isfinite(v)) return std::nullopt;
  return v;
}

// ---- rows -------------------------------------------------------------------

class Out {
 public:
  void error(std::optional<uint64_t> line, std::string_view code, std::string params = "{}") {
    if (!errors_.empty()) errors_ += ',';
    errors_ += line ? fmt::format("{{\"line\":{},\"code\":\"{}\",\"params\":{}}}", *line, code, params)
                    : fmt::format("{{\"line\":null,\"code\":\"{}\",\"params\":{}}}", code, params);
  }
  void plan(std::string json) {
    if (!plans_.empty()) plans_ += ',';
    plans_ += json;
  }
  std::string plans_, errors_;
};

std::string quoted(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

/// PLAN_IMPORT_UNREADABLE's params: the reader's own code ("rule") and params, which the
/// faces render from the same strings table as a data file's issue.
std::string unreadable(std::string_view rule, const Params& params = {}) {
  std::string out = "{\"rule\":" + quoted(rule);
  for (const Param& p : params) {
    out += "," + quoted(p.name) + ":" + (p.is_text ? quoted(p.text) : fmt::format("{}", p.number));
  }
  return out + "}";
}

void read_rows(const Rows& rows, Out& out) {
  const Row* header = header_of(rows);
  if (!header) return out.error(1, "PLAN_IMPORT_EMPTY");
  const Columns col = columns_of(*header);
  std::vector<std::string_view> missing;
  if (col[kOwner] < 0) missing.push_back("\"owner\"");
  if (col[kRevenue] < 0 && col[kWonCount] < 0) missing.push_back("\"amount\"");
  if (col[kMonth] < 0 && (col[kFrom] < 0 || col[kTo] < 0)) missing.push_back("\"period\"");
  if (!missing.empty()) {
    return out.error(header->line, "PLAN_IMPORT_NO_COLUMNS", fmt::format("{{\"missing\":[{}]}}", fmt::join(missing, ",")));
  }
  for (const Row* row = header + 1; row != rows.data() + rows.size(); ++row) {
    const auto cell = [&](Column c) -> std::string_view {
      return col[c] >= 0 && static_cast<size_t>(col[c]) < row->cells.size() ? row->cells[col[c]] : std::string_view();
    };
    if (std::all_of(row->cells.begin(), row->cells.end(), [](const std::string& c) { return c.empty(); })) continue;
    const uint64_t line = row->line;
    const std::string_view owner = cell(kOwner);
    if (owner.empty()) {
      out.error(line, "PLAN_IMPORT_NO_OWNER");
      continue;
    }
    std::optional<Period> period;
    if (col[kMonth] >= 0 && !cell(kMonth).empty()) {
      period = parse_month(cell(kMonth));
    } else if (col[kFrom] >= 0 && col[kTo] >= 0) {
      const auto a = parse_day(cell(kFrom)), b = parse_day(cell(kTo));
      // The last day is inclusive in a table.
      if (a && b) period = Period{iso(*a), iso(day_of(days_from_civil(b->y, b->m, b->d) + 1))};
    }
    if (!period) {
      const std::string value = col[kMonth] >= 0 ? std::string(cell(kMonth))
                                                 : fmt::format("{} – {}", cell(kFrom), cell(kTo));
      out.error(line, "PLAN_IMPORT_BAD_PERIOD", "{\"value\":" + quoted(value) + "}");
      continue;
    }
    const std::string folded = fold_case(owner);
    const bool team = std::find(std::begin(kTeam), std::end(kTeam), folded) != std::end(kTeam);
    std::string plan = "{\"owner\":" + quoted(team ? "" : owner) + ",\"from\":" + quoted(period->from) +
                       ",\"to\":" + quoted(period->to);
    bool bad = false, amount = false;
    for (const auto& [c, key] : {std::pair{kRevenue, "revenue"}, std::pair{kWonCount, "won_count"}}) {
      if (cell(c).empty()) continue;
      const auto n = parse_plan_amount(cell(c));
      if (!n || *n < 0) {
        out.error(line, "PLAN_IMPORT_BAD_NUMBER",
                  "{\"value\":" + quoted(cell(c)) + ",\"column\":\"" + key + "\"}");
        bad = true;
      } else {
        plan += fmt::format(",\"{}\":{}", key, *n);
        amount = true;
      }
    }
    if (bad) continue;
    if (!amount) {
      out.error(line, "PLAN_IMPORT_NO_AMOUNT");
      continue;
    }
    out.plan(plan + fmt::format(",\"line\":{}}}", line));
  }
}

// ---- XLSX -------------------------------------------------------------------

/// Every sheet of xl/workbook.xml with its part from the rels, and date1904.
class Sheets final : public XmlHandler {
 public:
  void on_start(std::string_view name, std::span<const XmlAttribute> attributes, bool) override {
    std::string a, b;
    for (const XmlAttribute& at : attributes) {
      if (name == "sheet" && at.name == "name") a = XmlScanner::decode(at.value, scratch_);
      if (name == "sheet" && (at.name == "r:id" || at.name.ends_with(":id"))) b = at.value;
      if (name == "Relationship" && at.name == "Id") a = at.value;
      if (name == "Relationship" && at.name == "Target") b = XmlScanner::decode(at.value, scratch_);
      if (name == "workbookPr" && at.name == "date1904") date1904 = at.value == "1" || at.value == "true";
    }
    if (name == "sheet") sheets.emplace_back(a, b);
    if (name == "Relationship") targets.emplace_back(a, b.starts_with('/') ? b.substr(1) : "xl/" + b);
  }
  void on_end(std::string_view) override {}
  void on_text(std::string_view) override {}

  std::vector<std::pair<std::string, std::string>> sheets;   // name, relationship id
  std::vector<std::pair<std::string, std::string>> targets;  // relationship id, part
  bool date1904 = false;

 private:
  std::string scratch_;
};

bool same_ci(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x) == (y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y);
         });
}

std::string read_xlsx(const std::vector<PlanTablePart>& parts, std::string_view wanted, Out& out) {
  const auto find = [&](std::string_view name) -> const PlanTablePart* {
    for (const PlanTablePart& p : parts) {
      if (same_ci(p.name, name)) return &p;
    }
    return nullptr;
  };
  Sheets book;
  for (std::string_view name : {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"}) {
    if (const PlanTablePart* p = find(name)) {
      XmlScanner scanner;
      scanner.feed(p->bytes, book);
      scanner.finish();
    }
  }
  CellStyles styles;
  SharedStrings strings;
  if (const PlanTablePart* p = find("xl/styles.xml")) styles.feed(p->bytes), styles.finish();
  if (const PlanTablePart* p = find("xl/sharedStrings.xml")) strings.feed(p->bytes), strings.finish();
  // The workbook's sheets in its order; without a workbook, the worksheet parts as given.
  std::vector<std::pair<std::string, const PlanTablePart*>> sheets;
  for (const auto& [name, id] : book.sheets) {
    for (const auto& [rid, target] : book.targets) {
      if (rid == id && find(target)) sheets.emplace_back(name, find(target));
    }
  }
  if (sheets.empty()) {
    for (const PlanTablePart& p : parts) {
      if (p.name.starts_with("xl/worksheets/") && p.name.ends_with(".xml")) {
        const std::string_view file = p.name.substr(14);
        sheets.emplace_back(std::string(file.substr(0, file.size() - 4)), &p);
      }
    }
  }
  if (sheets.empty()) {
    out.error(std::nullopt, "PLAN_IMPORT_UNREADABLE", unreadable("XLSX_NO_SHEET", {text_param("part", "xl/worksheets/sheet1.xml")}));
    return ",\"sheet\":null,\"sheets\":[]";
  }
  std::vector<Rows> rows;
  std::vector<std::optional<Issue>> failed;
  for (const auto& [name, part] : sheets) {
    Collect sink;
    const size_t slash = part->name.rfind('/');
    XlsxSheetReader reader(std::string(part->name.substr(slash + 1)), styles, strings, book.date1904);
    reader.feed(part->bytes, sink);
    reader.finish(sink);
    rows.push_back(std::move(sink.rows));
    failed.push_back(reader.error());
  }
  size_t chosen = sheets.size();
  for (size_t i = 0; i < sheets.size() && chosen == sheets.size(); ++i) {
    if (sheets[i].first == wanted) chosen = i;
  }
  for (size_t i = 0; i < sheets.size() && chosen == sheets.size(); ++i) {
    if (looks_like_plan(rows[i])) chosen = i;
  }
  if (chosen == sheets.size()) chosen = 0;
  read_rows(rows[chosen], out);
  if (failed[chosen]) {
    out.error(failed[chosen]->line ? std::optional<uint64_t>(failed[chosen]->line) : std::nullopt,
              "PLAN_IMPORT_UNREADABLE", unreadable(failed[chosen]->rule.empty() ? error_name(failed[chosen]->code) : failed[chosen]->rule, failed[chosen]->params));
  }
  std::string names;
  for (const auto& s : sheets) names += (names.empty() ? "" : ",") + quoted(s.first);
  return ",\"sheet\":" + quoted(sheets[chosen].first) + ",\"sheets\":[" + names + "]";
}

}  // namespace

std::string plan_table_json(std::string_view csv, const std::vector<PlanTablePart>& parts, std::string_view sheet) {
  Out out;
  std::string tail;
  if (!parts.empty()) {
    tail = ",\"encoding\":null" + read_xlsx(parts, sheet, out);
  } else {
    Utf8Decoder decoder;
    std::string text(decoder.decode(csv));
    text += decoder.finish();
    tail = ",\"encoding\":" + quoted(encoding_name(decoder.encoding())) + ",\"sheet\":null,\"sheets\":[]";
    if (decoder.binary()) {
      out.error(std::nullopt, "PLAN_IMPORT_UNREADABLE", unreadable("FILE_BINARY"));
    } else {
      Collect sink;
      CsvReader reader;
      reader.feed(text, sink);
      reader.finish(sink);
      read_rows(sink.rows, out);
      if (reader.error()) {
        const Issue& e = *reader.error();
        out.error(e.line, "PLAN_IMPORT_UNREADABLE", unreadable(e.rule.empty() ? error_name(e.code) : e.rule, e.params));
      }
    }
  }
  return "{\"plans\":[" + out.plans_ + "],\"errors\":[" + out.errors_ + "]" + tail + "}";
}

}  // namespace kpi
