#include "core/sources/mapping.h"

#include <cmath>

#include <fmt/format.h>
#include <simdjson.h>

#include "core/io/number.h"

namespace kpi {
namespace {

using simdjson::dom::element;

struct Failure {
  std::string key, message;
};

std::string_view string_at(element e, const std::string& key) {
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) throw Failure{key, "must be a string"};
  return s;
}

DateOrder date_order_of(std::string_view s) {
  if (s == "auto") return DateOrder::kAuto;
  if (s == "dmy") return DateOrder::kDayFirst;
  if (s == "mdy") return DateOrder::kMonthFirst;
  if (s == "ymd") return DateOrder::kYearFirst;
  if (s == "unix") return DateOrder::kUnixSeconds;
  throw Failure{"mapping.date_format",
                fmt::format("must be \"auto\", \"dmy\", \"mdy\", \"ymd\" or \"unix\", not \"{}\"", s.substr(0, 40))};
}

DecimalMark decimal_of(std::string_view s) {
  if (s == "auto") return DecimalMark::kAuto;
  if (s == "comma" || s == ",") return DecimalMark::kComma;
  if (s == "dot" || s == ".") return DecimalMark::kDot;
  throw Failure{"mapping.decimal", fmt::format("must be \"auto\", \"comma\" or \"dot\", not \"{}\"", s.substr(0, 40))};
}

ColumnMapping mapping_of(element e) {
  simdjson::dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) throw Failure{"mapping", "must be an object"};
  ColumnMapping m;
  element kind, columns;
  if (o["kind"].get(kind) != simdjson::SUCCESS) throw Failure{"mapping.kind", "is missing"};
  const std::string_view kind_name = string_at(kind, "mapping.kind");
  m.kind = table_kind_of(kind_name);
  if (m.kind == TableKind::kUnknown) {
    throw Failure{"mapping.kind", fmt::format("must be \"deals\", \"stage_events\", \"tasks\" or \"activities\", "
                                              "not \"{}\"", kind_name.substr(0, 40))};
  }
  const std::span<const ColumnSpec> spec = table_columns(m.kind);
  simdjson::dom::object cols;
  if (o["columns"].get(columns) != simdjson::SUCCESS) throw Failure{"mapping.columns", "is missing"};
  if (columns.get_object().get(cols) != simdjson::SUCCESS) throw Failure{"mapping.columns", "must be an object"};
  for (auto [key, value] : cols) {
    const std::string path = fmt::format("mapping.columns.{}", key.substr(0, 40));
    size_t field = spec.size();
    for (size_t c = 0; c < spec.size(); ++c) {
      if (spec[c].name == key) field = c;
    }
    if (field == spec.size()) {
      std::string names;
      for (const ColumnSpec& c : spec) names += (names.empty() ? "" : ", ") + std::string(c.name);
      throw Failure{path, fmt::format("the {} table has no field \"{}\" (it has {})", kind_name, key.substr(0, 40),
                                      names)};
    }
    for (const ColumnMapping::Column& seen : m.columns) {
      if (seen.field == field) throw Failure{path, "is given twice"};
    }
    if (value.is_null()) continue;  // "no column" as the dialog writes it
    ColumnMapping::Column column;
    column.field = field;
    if (value.is_int64() || value.is_uint64()) {
      int64_t index = -1;
      if (value.get_int64().get(index) != simdjson::SUCCESS || index < 0 || index > 65535) {
        throw Failure{path, "must be a column index from 0 to 65535 or a header name"};
      }
      column.index = index;
    } else if (value.is_string()) {
      column.name = std::string(value.get_string().value_unsafe());
      if (column.name.empty()) throw Failure{path, "names no column (empty header name)"};
    } else {
      throw Failure{path, "must be a column index (0-based) or a header name"};
    }
    m.columns.push_back(std::move(column));
  }
  for (size_t c = 0; c < spec.size(); ++c) {
    if (!spec[c].required) continue;
    bool given = false;
    for (const ColumnMapping::Column& col : m.columns) given = given || col.field == c;
    if (!given) {
      throw Failure{fmt::format("mapping.columns.{}", spec[c].name),
                    fmt::format("is required for the {} table", kind_name)};
    }
  }
  element v;
  if (o["date_format"].get(v) == simdjson::SUCCESS && !v.is_null()) {
    m.date_format = date_order_of(string_at(v, "mapping.date_format"));
  }
  if (o["decimal"].get(v) == simdjson::SUCCESS && !v.is_null()) {
    m.decimal = decimal_of(string_at(v, "mapping.decimal"));
  }
  for (auto [key, value] : o) {
    if (key != "kind" && key != "columns" && key != "date_format" && key != "decimal") {
      throw Failure{fmt::format("mapping.{}", key.substr(0, 40)), "is not a mapping key (kind, columns, "
                                                                  "date_format, decimal)"};
    }
  }
  return m;
}

// Reads 1-4 digits at s[i]; false when there are none.
bool number_at(std::string_view s, size_t& i, int& out, size_t max_digits) {
  const size_t start = i;
  out = 0;
  while (i < s.size() && i - start < max_digits && s[i] >= '0' && s[i] <= '9') out = out * 10 + (s[i++] - '0');
  return i > start;
}

}  // namespace

FileOptions parse_file_options(std::string_view json) {
  FileOptions options;
  if (trim(json).empty()) return options;
  try {
    simdjson::dom::parser parser;
    element root;
    if (parser.parse(simdjson::padded_string(json)).get(root) != simdjson::SUCCESS) {
      throw Failure{"options", "are not valid JSON"};
    }
    simdjson::dom::object o;
    if (root.get_object().get(o) != simdjson::SUCCESS) throw Failure{"options", "must be a JSON object"};
    for (auto [key, value] : o) {
      if (key == "inspect") {
        if (value.get_bool().get(options.inspect) != simdjson::SUCCESS) throw Failure{"inspect", "must be true or false"};
      } else if (key == "preview_rows") {
        int64_t n = 0;
        if (value.get_int64().get(n) != simdjson::SUCCESS || n < 0 ||
            n > static_cast<int64_t>(FileOptions::kMaxPreviewRows)) {
          throw Failure{"preview_rows", fmt::format("must be a whole number from 0 to {}", FileOptions::kMaxPreviewRows)};
        }
        options.preview_rows = static_cast<size_t>(n);
      } else if (key == "now") {
        if (value.get_int64().get(options.now) != simdjson::SUCCESS || options.now < 0) {
          throw Failure{"now", "must be unix seconds"};
        }
      } else if (key == "mapping") {
        if (!value.is_null()) options.mapping = mapping_of(value);
      } else {
        throw Failure{std::string(key.substr(0, 40)), "is not a file option (inspect, preview_rows, now, mapping)"};
      }
    }
  } catch (const Failure& f) {
    options.mapping.reset();
    options.invalid = Issue{ErrorCode::kBadMapping, 0, 0, 0, fmt::format("{}: {}", f.key, f.message),
                            {text_param("key", f.key)}, "MAPPING_INVALID"};
  }
  return options;
}

namespace {

// A cell that is a plain number where a date/time was expected: unix seconds
// (9 or 10 digits: 1973..2286, an instant) or an Excel serial day number
// (20000..79999 with an optional fraction: 1954..2118, a wall-clock time in
// the zone, the 1900 date system; a CSV saved from Excel with a number-formatted
// date column writes these). Anything else is not a date.
bool parse_numeric_instant(std::string_view text, const TimeZone& zone, Instant& out) noexcept {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0) return false;
  size_t end = digits;
  if (end < text.size() && (text[end] == '.' || text[end] == ',')) {
    ++end;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  }
  if (end != text.size()) return false;
  int64_t whole = 0;
  for (size_t i = 0; i < digits && i < 12; ++i) whole = whole * 10 + (text[i] - '0');
  if ((digits == 9 || digits == 10) && end == digits) {
    out = static_cast<Instant>(whole);
    return true;
  }
  if (digits != 5 || whole < 20000 || whole >= 80000) return false;
  double fraction = 0, scale = 0.1;
  for (size_t i = digits + 1; i < end; ++i, scale /= 10) fraction += (text[i] - '0') * scale;
  constexpr int64_t kSerialOfUnixEpoch = 25569;  // 1970-01-01 in the 1900 date system
  const auto seconds_of_day = static_cast<int64_t>(std::llround(fraction * 86400.0));
  out = zone.to_utc((whole - kSerialOfUnixEpoch) * 86400 + seconds_of_day);
  return true;
}

}  // namespace

bool parse_instant_in(std::string_view text, DateOrder order, const TimeZone& zone, Instant& out) noexcept {
  text = trim(text);
  switch (order) {
    case DateOrder::kAuto: return parse_instant(text, zone, out) || parse_numeric_instant(text, zone, out);
    case DateOrder::kDayFirst: return parse_instant(text, zone, out);
    case DateOrder::kUnixSeconds: {
      double v = 0;
      // Seconds since 1970 (JSON dumps, some exports); milliseconds are not guessed.
      if (!parse_amount(text, v) || !std::isfinite(v) || std::fabs(v) > 32503680000.0) return false;
      out = static_cast<Instant>(std::floor(v));
      return true;
    }
    case DateOrder::kMonthFirst:
    case DateOrder::kYearFirst: break;
  }
  // Rewrite the date part as dd.mm.yyyy (month first) or yyyy-mm-dd (year
  // first) in a small buffer, keep the rest, and read it the usual way.
  char buf[64];
  if (text.size() + 4 > sizeof buf) return false;
  size_t i = 0;
  int a = 0, b = 0, c = 0;
  if (!number_at(text, i, a, 4) || i >= text.size()) return false;
  const char sep = text[i++];
  if (sep != '.' && sep != '/' && sep != '-') return false;
  if (!number_at(text, i, b, 2) || i >= text.size() || text[i++] != sep) return false;
  if (!number_at(text, i, c, 4)) return false;
  const std::string_view rest = text.substr(i);
  const auto written = order == DateOrder::kMonthFirst
                           ? fmt::format_to_n(buf, sizeof buf, "{:02}.{:02}.{:04}", b, a, c)
                           : fmt::format_to_n(buf, sizeof buf, "{:04}-{:02}-{:02}", a, b, c);
  if (written.size + rest.size() > sizeof buf) return false;
  char* end = written.out;
  for (char ch : rest) *end++ = ch;
  return parse_instant(std::string_view(buf, static_cast<size_t>(end - buf)), zone, out);
}

bool parse_amount_with(std::string_view text, DecimalMark mark, double& out) noexcept {
  if (mark == DecimalMark::kAuto) return parse_amount(text, out);
  // Drop the grouping mark that is not the decimal one, then read with a dot.
  char buf[96];
  if (text.size() > sizeof buf) return parse_amount(text, out);
  size_t n = 0;
  const char group = mark == DecimalMark::kComma ? '.' : ',';
  for (char ch : text) {
    if (ch == group) continue;
    buf[n++] = mark == DecimalMark::kComma && ch == ',' ? '.' : ch;
  }
  return parse_amount(std::string_view(buf, n), out);
}

}  // namespace kpi
