#include "core/io/xlsx_reader.h"

#include "core/io/number.h"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "core/io/encoding.h"
#include "core/io/entities.h"
#include "core/model/time.h"

namespace kpi {
namespace {

constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

int hex_value(char c) noexcept {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends a code point from an `_xHHHH_` escape as UTF-8; a surrogate or NUL becomes U+FFFD.
void append_xml_char(std::string& out, uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  append_utf8(out, cp);
}

// Appends the decoding of entity `name` (between `&` and `;`); an unknown
// name is kept as written.
void append_entity(std::string& out, std::string_view name) {
  uint32_t cp = 0;
  if (decode_entity(name, cp)) return append_utf8(out, cp);
  out.push_back('&');
  out.append(name);
  out.push_back(';');
}

std::string_view local_name(std::string_view name) noexcept {
  const size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view attribute(std::span<const XmlAttribute> attributes, std::string_view name) noexcept {
  for (const XmlAttribute& a : attributes) {
    if (a.name == name) return a.value;
  }
  return {};
}

// A decimal number as XML writes it (`-12.5`, `1E-3`); false for anything else.
bool parse_double(std::string_view text, double& out) noexcept {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.empty() || text.size() > 40) return false;
  if (parse_plain_decimal(text, out)) return true;  // not strtod: see divide_pow10
  char buf[48];
  std::copy(text.begin(), text.end(), buf);
  buf[text.size()] = '\0';
  char* end = nullptr;
  const double v = std::strtod(buf, &end);
  if (end != buf + text.size() || !std::isfinite(v)) return false;
  out = v;
  return true;
}

bool parse_uint(std::string_view text, uint64_t& out) noexcept {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.empty() || text.size() > 18) return false;
  uint64_t v = 0;
  for (const char c : text) {
    if (!is_digit(c)) return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  out = v;
  return true;
}

// `_xHHHH_` is how OOXML strings carry characters XML cannot (ST_Xstring):
// `_x000D_` is a carriage return, `_x005F_` a literal underscore.
void decode_xstring(std::string& s, size_t from) {
  size_t at = s.find("_x", from);
  if (at == std::string::npos) return;
  std::string out(s, 0, at);
  while (at < s.size()) {
    if (s.compare(at, 2, "_x") == 0 && at + 6 < s.size() && s[at + 6] == '_') {
      uint32_t cp = 0;
      bool ok = true;
      for (size_t k = at + 2; k < at + 6; ++k) {
        const int v = hex_value(s[k]);
        ok = ok && v >= 0;
        cp = cp * 16 + static_cast<uint32_t>(v < 0 ? 0 : v);
      }
      if (ok) {
        append_xml_char(out, cp);
        at += 7;
        continue;
      }
    }
    out.push_back(s[at++]);
  }
  s = std::move(out);
}

void two_digits(char* out, int v) noexcept {
  out[0] = static_cast<char>('0' + v / 10);
  out[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

// ---- XmlScanner ------------------------------------------------------------

void XmlScanner::fail(uint64_t at, std::string message) {
  if (error_) return;
  error_ = std::move(message);
  error_byte_ = at;
  stopped_ = true;
}

void XmlScanner::emit_entity(XmlHandler& handler) {
  scratch_.clear();
  append_entity(scratch_, entity_);
  handler.on_text(scratch_);
}

void XmlScanner::feed(std::string_view chunk, XmlHandler& handler) {
  size_t i = 0;
  const size_t n = chunk.size();
  // Where a tag that began in this chunk starts: such a tag is parsed in
  // place; only a tag cut by the chunk's end is copied into tag_.
  size_t tag_start = std::string_view::npos;
  while (i < n && !stopped_) {
    switch (state_) {
      case State::kText: {
        size_t j = i;
        while (j < n && chunk[j] != '<' && chunk[j] != '&') ++j;
        if (j > i) handler.on_text(chunk.substr(i, j - i));
        byte_ += j - i;
        i = j;
        if (i == n) break;
        if (chunk[i] == '&') {
          state_ = State::kEntity;
          entity_.clear();
        } else {
          state_ = State::kMarkup;
          markup_ = Markup::kUnknown;
          quote_ = 0;
          tag_.clear();
          tag_start = i;
          tag_byte_ = byte_;
        }
        ++i;
        ++byte_;
        break;
      }
      case State::kEntity: {
        while (i < n && chunk[i] != ';' && chunk[i] != '<' && chunk[i] != '&' && entity_.size() < 32) {
          entity_.push_back(chunk[i]);
          ++i;
          ++byte_;
        }
        if (i == n) break;
        state_ = State::kText;
        if (chunk[i] == ';') {
          ++i;
          ++byte_;
          emit_entity(handler);
        } else {  // no `;`: not an entity, kept as written
          scratch_.assign(1, '&');
          scratch_.append(entity_);
          handler.on_text(scratch_);
        }
        break;
      }
      case State::kMarkup: {
        std::string_view markup;
        size_t j = i;
        for (; j < n; ++j) {
          const char c = chunk[j];
          if (markup_ == Markup::kUnknown) {
            markup_ = c == '!' ? Markup::kBang : c == '?' ? Markup::kQuestion : Markup::kElement;
          }
          if (quote_ != 0) {
            if (c == quote_) quote_ = 0;
          } else if (c == '>') {
            if (tag_start != std::string_view::npos) {
              markup = chunk.substr(tag_start, j + 1 - tag_start);
            } else {
              tag_.append(chunk.data() + i, j + 1 - i);
              byte_ += j + 1 - i;
              i = j + 1;
              markup = tag_;
            }
            if (markup_complete(markup)) break;
            markup = {};
          } else if (markup_ == Markup::kElement && (c == '"' || c == '\'')) {
            quote_ = c;
          }
        }
        if (markup.empty()) {  // the chunk ends inside the markup
          if (tag_start != std::string_view::npos) {
            tag_.assign(chunk.data() + tag_start, n - tag_start);
            tag_start = std::string_view::npos;
          } else {
            tag_.append(chunk.data() + i, n - i);
          }
          byte_ += n - i;
          i = n;
          if (tag_.size() > kMaxTagBytes) {
            fail(tag_byte_, fmt::format("a tag at byte {} is longer than {} KiB (is the part cut short?)",
                                        tag_byte_, kMaxTagBytes >> 10));
          }
          break;
        }
        if (tag_start != std::string_view::npos) byte_ += j + 1 - i;
        i = j + 1;
        tag_start = std::string_view::npos;
        state_ = State::kText;
        on_markup(markup, handler);
        break;
      }
    }
  }
  // A `<` that was the chunk's last byte.
  if (state_ == State::kMarkup && tag_start != std::string_view::npos) tag_.assign(chunk.substr(tag_start));
}

bool XmlScanner::markup_complete(std::string_view t) const noexcept {
  if (markup_ != Markup::kBang) return true;
  if (t.starts_with("<!--")) return t.size() >= 7 && t.ends_with("-->");
  if (t.starts_with("<![CDATA[")) return t.size() >= 12 && t.ends_with("]]>");
  return true;
}

void XmlScanner::on_markup(std::string_view t, XmlHandler& handler) {
  if (markup_ == Markup::kQuestion) return;
  if (markup_ == Markup::kBang) {
    if (t.starts_with("<![CDATA[")) handler.on_text(t.substr(9, t.size() - 12));
    return;  // comments and declarations
  }
  std::string_view body = t.substr(1, t.size() - 2);
  if (!body.empty() && body[0] == '/') {
    body.remove_prefix(1);
    while (!body.empty() && is_space(body.back())) body.remove_suffix(1);
    if (body.empty() || body.find_first_of(" \t\r\n") != std::string_view::npos) {
      return fail(tag_byte_, fmt::format("a malformed end tag at byte {}", tag_byte_));
    }
    handler.on_end(local_name(body));
    return;
  }
  bool empty = false;
  if (!body.empty() && body.back() == '/') {
    empty = true;
    body.remove_suffix(1);
  }
  size_t p = 0;
  while (p < body.size() && !is_space(body[p])) ++p;
  const std::string_view name = body.substr(0, p);
  if (name.empty() || name.find_first_of("<>=\"'&") != std::string_view::npos) {
    return fail(tag_byte_, fmt::format("a `<` at byte {} opens no tag", tag_byte_));
  }
  attributes_.clear();
  for (;;) {
    while (p < body.size() && is_space(body[p])) ++p;
    if (p == body.size()) break;
    const size_t name_start = p;
    while (p < body.size() && body[p] != '=' && !is_space(body[p])) ++p;
    const std::string_view attr = body.substr(name_start, p - name_start);
    while (p < body.size() && is_space(body[p])) ++p;
    if (attr.empty() || p == body.size() || body[p] != '=') {
      return fail(tag_byte_, fmt::format("a malformed attribute in <{}> at byte {}", name.substr(0, 40), tag_byte_));
    }
    ++p;
    while (p < body.size() && is_space(body[p])) ++p;
    const char q = p < body.size() ? body[p] : '\0';
    const size_t close = (q == '"' || q == '\'') ? body.find(q, p + 1) : std::string_view::npos;
    if (close == std::string_view::npos) {
      return fail(tag_byte_, fmt::format("an unquoted attribute value in <{}> at byte {}", name.substr(0, 40), tag_byte_));
    }
    if (attributes_.size() < kMaxAttributes) attributes_.push_back({attr, body.substr(p + 1, close - p - 1)});
    p = close + 1;
  }
  const std::string_view local = local_name(name);
  handler.on_start(local, attributes_, empty);
  if (empty && !stopped_) handler.on_end(local);
}

void XmlScanner::finish() {
  if (stopped_) return;
  if (state_ == State::kMarkup) {
    fail(tag_byte_, fmt::format("the part ends inside a tag that starts at byte {} (is the file cut short?)", tag_byte_));
  }
  stopped_ = true;
}

std::string_view XmlScanner::decode(std::string_view raw, std::string& scratch) {
  size_t amp = raw.find('&');
  if (amp == std::string_view::npos) return raw;
  scratch.assign(raw.substr(0, amp));
  while (amp < raw.size()) {
    // An entity is short: look for its `;` within 33 bytes only (no quadratic scan).
    const size_t semi = raw[amp] == '&' ? raw.substr(amp, 34).find(';') : std::string_view::npos;
    if (semi == std::string_view::npos) {
      scratch.push_back(raw[amp++]);
      continue;
    }
    append_entity(scratch, raw.substr(amp + 1, semi - 1));
    amp += semi + 1;
  }
  return scratch;
}

// ---- formats ----------------------------------------------------------------

bool is_date_format(uint32_t num_fmt_id, std::string_view code) noexcept {
  if (code.empty()) return (num_fmt_id >= 14 && num_fmt_id <= 22) || (num_fmt_id >= 45 && num_fmt_id <= 47);
  for (size_t i = 0; i < code.size(); ++i) {
    switch (code[i]) {
      case '"': {  // literal text
        const size_t close = code.find('"', i + 1);
        if (close == std::string_view::npos) return false;
        i = close;
        break;
      }
      case '[': {  // colour, locale, condition, elapsed time
        const size_t close = code.find(']', i + 1);
        if (close == std::string_view::npos) return false;
        i = close;
        break;
      }
      case '\\': case '_': case '*': ++i; break;  // an escaped, padding or fill character
      case 'd': case 'D': case 'm': case 'M': case 'y': case 'Y':
      case 'h': case 'H': case 's': case 'S':
        return true;
      default: break;
    }
  }
  return false;
}

size_t format_serial_date(double serial, bool date1904, char* out) noexcept {
  if (!std::isfinite(serial) || serial < 0 || serial >= 2958466.0) return 0;
  const auto total = static_cast<int64_t>(std::llround(serial * 86400.0));
  const int64_t days = total / 86400;
  const auto secs = static_cast<int>(total % 86400);
  CivilTime c;
  if (date1904) {
    c = civil_from_instant((days_from_civil(1904, 1, 1) + days) * 86400);
  } else if (days == 0) {  // a time of day without a date
    two_digits(out, secs / 3600);
    out[2] = ':';
    two_digits(out + 3, secs / 60 % 60);
    out[5] = ':';
    two_digits(out + 6, secs % 60);
    return 8;
  } else if (days < 60) {
    c = civil_from_instant((days_from_civil(1899, 12, 31) + days) * 86400);
  } else if (days == 60) {  // Lotus 1-2-3's 29 February 1900
    c.year = 1900;
    c.month = 2;
    c.day = 29;
  } else {
    c = civil_from_instant((days_from_civil(1899, 12, 30) + days) * 86400);
  }
  if (c.year > 9999) return 0;
  two_digits(out, c.year / 100);
  two_digits(out + 2, c.year % 100);
  out[4] = '-';
  two_digits(out + 5, c.month);
  out[7] = '-';
  two_digits(out + 8, c.day);
  out[10] = ' ';
  two_digits(out + 11, secs / 3600);
  out[13] = ':';
  two_digits(out + 14, secs / 60 % 60);
  out[16] = ':';
  two_digits(out + 17, secs % 60);
  return 19;
}

size_t format_number(std::string_view text, char* out) noexcept {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.empty() || text.size() > 40) return 0;
  const size_t sign = text[0] == '-' ? 1 : 0;
  size_t digits = 0;
  while (sign + digits < text.size() && is_digit(text[sign + digits])) ++digits;
  if (digits > 0 && digits <= 15 && sign + digits == text.size()) {  // an integer: exact as written
    std::copy(text.begin(), text.end(), out);
    return text.size();
  }
  double v = 0;
  if (!parse_double(text, v)) return 0;
  // fmt's default for double is the shortest text that reads back as the same value.
  return fmt::format_to_n(out, 32, "{}", v).size;
}

// ---- workbook and rels -------------------------------------------------------

void WorkbookInfo::begin_workbook(std::string_view part_name) {
  scanner_ = XmlScanner{};
  in_rels_ = false;
  const size_t slash = part_name.rfind('/');
  base_ = slash == std::string_view::npos ? std::string() : std::string(part_name.substr(0, slash + 1));
}

void WorkbookInfo::begin_rels() {
  scanner_ = XmlScanner{};
  in_rels_ = true;
}

void WorkbookInfo::on_start(std::string_view name, std::span<const XmlAttribute> attributes, bool) {
  if (in_rels_) {
    if (name != "Relationship" || targets_.size() >= 4096) return;
    targets_.emplace_back(std::string(XmlScanner::decode(attribute(attributes, "Id"), scratch_)),
                          std::string(XmlScanner::decode(attribute(attributes, "Target"), scratch_)));
    return;
  }
  if (name == "workbookPr") {
    const std::string_view v = attribute(attributes, "date1904");
    date1904_ = v == "1" || v == "true";
  } else if (name == "sheet" && !have_sheet_) {
    have_sheet_ = true;
    for (const XmlAttribute& a : attributes) {
      if (a.name == "name") sheet_name_ = std::string(XmlScanner::decode(a.value, scratch_));
      // r:id, whatever the prefix of the relationships namespace is called
      else if (a.name.ends_with(":id")) sheet_id_ = std::string(XmlScanner::decode(a.value, scratch_));
    }
  }
}

std::string WorkbookInfo::sheet_part() const {
  if (!have_sheet_) return {};
  for (const auto& [id, target] : targets_) {
    if (id != sheet_id_ || target.empty()) continue;
    std::string path = target[0] == '/' ? target.substr(1) : base_ + target;
    // Resolve `..` segments (a target may climb out of xl/).
    for (size_t up; (up = path.find("/../")) != std::string::npos;) {
      const size_t prev = up == 0 ? std::string::npos : path.rfind('/', up - 1);
      path.erase(prev == std::string::npos ? 0 : prev + 1, up + 4 - (prev == std::string::npos ? 0 : prev + 1));
    }
    return path;
  }
  return {};
}

// ---- styles -------------------------------------------------------------------

void CellStyles::on_start(std::string_view name, std::span<const XmlAttribute> attributes, bool empty) {
  if (name == "numFmts") {
    in_num_fmts_ = !empty;
  } else if (name == "cellXfs") {
    in_cell_xfs_ = !empty;
  } else if (name == "numFmt" && in_num_fmts_ && custom_dates_.size() < 65536) {
    uint64_t id = 0;
    if (!parse_uint(attribute(attributes, "numFmtId"), id) || id > UINT32_MAX) return;
    const std::string_view code = XmlScanner::decode(attribute(attributes, "formatCode"), scratch_);
    // An empty custom code would read as "built-in": treat it as General.
    custom_dates_.emplace_back(static_cast<uint32_t>(id), !code.empty() && is_date_format(static_cast<uint32_t>(id), code));
  } else if (name == "xf" && in_cell_xfs_ && xf_formats_.size() < (size_t{1} << 20)) {
    uint64_t id = 0;
    if (!parse_uint(attribute(attributes, "numFmtId"), id) || id > UINT32_MAX) id = 0;
    xf_formats_.push_back(static_cast<uint32_t>(id));
  }
}

void CellStyles::on_end(std::string_view name) {
  if (name == "numFmts") in_num_fmts_ = false;
  else if (name == "cellXfs") in_cell_xfs_ = false;
}

void CellStyles::finish() {
  scanner_.finish();
  date_.assign(xf_formats_.size(), false);
  for (size_t i = 0; i < xf_formats_.size(); ++i) {
    const uint32_t id = xf_formats_[i];
    bool custom = false;
    for (const auto& [custom_id, is_date] : custom_dates_) {
      if (custom_id == id) {
        custom = true;
        date_[i] = is_date;
      }
    }
    if (!custom) date_[i] = is_date_format(id, {});
  }
}

// ---- string items ---------------------------------------------------------------

void RichText::on_start(std::string_view name, std::string& out) {
  if (name == "rPh") {
    ++phonetic_;
  } else if (name == "t" && phonetic_ == 0) {
    in_t_ = true;
    t_start_ = out.size();
  }
}

void RichText::on_end(std::string_view name, std::string& out) {
  if (name == "rPh") {
    if (phonetic_ > 0) --phonetic_;
  } else if (name == "t" && in_t_) {
    in_t_ = false;
    decode_xstring(out, t_start_);
  }
}

void SharedStrings::on_start(std::string_view name, std::span<const XmlAttribute>, bool) {
  if (name == "si") {
    in_si_ = true;
    rich_ = RichText{};
  } else if (in_si_) {
    rich_.on_start(name, pool_);
  }
}

void SharedStrings::on_end(std::string_view name) {
  if (!in_si_) return;
  if (name != "si") return rich_.on_end(name, pool_);
  in_si_ = false;
  if (pool_.size() >= kMaxBytes) {
    scanner_.fail(scanner_.byte(), fmt::format("the shared strings pass {} GiB", kMaxBytes >> 30));
    return;
  }
  ends_.push_back(static_cast<uint32_t>(pool_.size()));
}

void SharedStrings::on_text(std::string_view text) {
  if (in_si_) rich_.on_text(text, pool_);
}

// ---- the sheet -------------------------------------------------------------------

void XlsxSheetReader::fail(ErrorCode code, uint64_t byte, std::string message, std::string rule, Params params) {
  if (error_) return;
  const std::string where =
      row_number_ > 0 ? fmt::format("{} row {}", part_, row_number_) : fmt::format("{} byte {}", part_, byte);
  params.insert(params.begin(), text_param("part", part_));
  error_ = Issue{code, row_number_, byte, 0, fmt::format("{}: {}", where, message), std::move(params), std::move(rule)};
  stopped_ = true;
  scanner_.stop();
}

void XlsxSheetReader::issue(ErrorCode code, std::string message, std::string rule, Params params) {
  ++issue_count_;
  if (issues_.size() >= kMaxIssues) return;
  issues_.push_back(Issue{code, row_number_, scanner_.byte(), static_cast<uint32_t>(column_),
                          fmt::format("{} row {}: {}", part_, row_number_, message), std::move(params), std::move(rule)});
}

void XlsxSheetReader::feed(std::string_view chunk, CsvHandler& handler) {
  if (stopped_) return;
  handler_ = &handler;
  scanner_.feed(chunk, *this);
  if (scanner_.failed()) fail(ErrorCode::kBadXlsx, scanner_.error_byte(), *scanner_.error(), "XLSX_BAD_XML", {});
}

void XlsxSheetReader::finish(CsvHandler& handler) {
  handler_ = &handler;
  const bool was_stopped = stopped_;
  scanner_.finish();
  if (was_stopped) return;
  if (scanner_.failed()) return fail(ErrorCode::kBadXlsx, scanner_.error_byte(), *scanner_.error(), "XLSX_BAD_XML", {});
  // A row the part leaves open is not emitted: its cells may be cut short.
  if (!sheet_data_closed_) {
    fail(ErrorCode::kBadXlsx, scanner_.consumed(),
         in_sheet_data_ ? "the sheet ends before </sheetData> (is the file cut short?)"
                        : "no <sheetData> (is this a worksheet?)",
         in_sheet_data_ ? "XLSX_SHEET_CUT" : "XLSX_NO_SHEET_DATA", {});
  }
  stopped_ = true;
}

void XlsxSheetReader::on_start(std::string_view name, std::span<const XmlAttribute> attributes, bool) {
  if (!in_sheet_data_) {
    if (name == "sheetData") in_sheet_data_ = true;
    return;
  }
  if (in_cell_) {
    if (name == "v") in_value_ = true;
    else if (name == "is") in_inline_ = true;
    else if (in_inline_) rich_.on_start(name, value_);
    return;
  }
  if (name == "c") {
    if (!in_row_) open_row({});  // a cell outside any <row>: as a row of its own
    open_cell(attributes);
  } else if (name == "row") {
    if (in_row_) close_row();
    open_row(attributes);
  }
}

void XlsxSheetReader::on_end(std::string_view name) {
  if (!in_sheet_data_) return;
  if (in_cell_) {
    if (name == "v") {
      in_value_ = false;
      return;
    }
    if (name == "is") {
      in_inline_ = false;
      return;
    }
    if (name == "c") return close_cell();
    if (name != "row" && name != "sheetData") {
      if (in_inline_) rich_.on_end(name, value_);
      return;
    }
    close_cell();  // </row> inside a cell: the cell ends with it
  }
  if (name == "row") {
    if (in_row_) close_row();
  } else if (name == "sheetData") {
    if (in_row_) close_row();
    in_sheet_data_ = false;
    sheet_data_closed_ = true;
    scanner_.stop();  // nothing after the data matters
  }
}

void XlsxSheetReader::on_text(std::string_view text) {
  if (!in_cell_) return;
  if (in_value_) value_.append(text);
  else if (in_inline_) rich_.on_text(text, value_);
  if (value_.size() > kMaxRowBytes) fail(ErrorCode::kRowTooLong, scanner_.byte(), "a cell is longer than 16 MiB", "XLSX_CELL_TOO_LONG",
                                             {number_param("mib", 16)});
}

void XlsxSheetReader::open_row(std::span<const XmlAttribute> attributes) {
  uint64_t r = 0;
  row_number_ = parse_uint(attribute(attributes, "r"), r) && r > 0 ? r : row_number_ + 1;
  row_byte_ = scanner_.byte();
  record_.clear();
  ends_.clear();
  column_ = 0;
  row_has_value_ = false;
  in_row_ = true;
}

void XlsxSheetReader::open_cell(std::span<const XmlAttribute> attributes) {
  // The column from the reference's letters (`BC12` -> 55); none: the next one.
  const std::string_view ref = attribute(attributes, "r");
  uint64_t column = 0;
  size_t letters = 0;
  for (; letters < ref.size() && letters < 4; ++letters) {
    char c = ref[letters];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    column = column * 26 + static_cast<uint64_t>(c - 'A' + 1);
  }
  column_ = letters > 0 ? column : column_ + 1;
  const std::string_view t = attribute(attributes, "t");
  type_ = t == "s" ? CellType::kShared
        : t == "str" ? CellType::kString
        : t == "inlineStr" ? CellType::kInline
        : t == "b" ? CellType::kBool
        : t == "e" ? CellType::kError
        : t == "d" ? CellType::kDate
        : CellType::kNumber;
  uint64_t s = 0;
  style_ = parse_uint(attribute(attributes, "s"), s) && s <= UINT32_MAX ? static_cast<uint32_t>(s) : 0;
  value_.clear();
  rich_ = RichText{};
  in_cell_ = true;
  in_value_ = in_inline_ = false;
}

void XlsxSheetReader::close_cell() {
  if (!in_cell_) return;
  in_cell_ = in_value_ = in_inline_ = false;
  std::string_view text = value_;
  char buf[48];
  switch (type_) {
    case CellType::kShared: {
      uint64_t index = 0;
      if (value_.empty()) return;
      if (!parse_uint(value_, index) || index >= strings_.size()) {
        issue(ErrorCode::kBadValue, fmt::format("shared string #{} does not exist (the workbook has {})",
                                                std::string_view(value_).substr(0, 20), strings_.size()),
              "XLSX_NO_SHARED_STRING",
              {text_param("value", std::string_view(value_).substr(0, 20)), number_param("n", static_cast<double>(strings_.size()))});
        return;
      }
      text = strings_.at(static_cast<size_t>(index));
      break;
    }
    case CellType::kBool:
      if (value_ == "1") text = "TRUE";
      else if (value_ == "0") text = "FALSE";
      break;
    case CellType::kNumber: {
      if (value_.empty()) return;
      double serial = 0;
      size_t n = styles_.is_date(style_) && parse_double(value_, serial) ? format_serial_date(serial, date1904_, buf) : 0;
      if (n == 0) n = format_number(value_, buf);
      if (n > 0) text = std::string_view(buf, n);  // otherwise kept as written: the sink says what is wrong
      break;
    }
    case CellType::kString: case CellType::kInline: case CellType::kError: case CellType::kDate: break;
  }
  if (text.empty()) return;
  if (column_ == 0 || column_ > kMaxColumns) {
    issue(ErrorCode::kBadValue, fmt::format("a cell beyond column {} is ignored", kMaxColumns), "XLSX_CELL_BEYOND",
          {number_param("n", kMaxColumns)});
    return;
  }
  if (column_ <= ends_.size()) {
    issue(ErrorCode::kBadValue, fmt::format("a second value for column {} is ignored", column_), "XLSX_CELL_TWICE",
          {number_param("index", static_cast<double>(column_))});
    return;
  }
  while (ends_.size() + 1 < column_) ends_.push_back(static_cast<uint32_t>(record_.size()));
  record_.append(text);
  ends_.push_back(static_cast<uint32_t>(record_.size()));
  row_has_value_ = true;
  if (record_.size() > kMaxRowBytes) {
    fail(ErrorCode::kRowTooLong, row_byte_, fmt::format("the row is longer than {} MiB", kMaxRowBytes >> 20),
         "XLSX_ROW_TOO_LONG", {number_param("mib", kMaxRowBytes >> 20)});
  }
}

void XlsxSheetReader::close_row() {
  close_cell();
  in_row_ = false;
  if (!row_has_value_ || stopped_) return;  // a blank row, like a blank line in CSV
  if (records_ == 0) header_width_ = ends_.size();
  while (ends_.size() < header_width_) ends_.push_back(static_cast<uint32_t>(record_.size()));
  ++records_;
  if (!emit_record(record_, ends_, views_, row_number_, row_byte_, *handler_)) {
    stopped_ = true;
    scanner_.stop();
  }
}

}  // namespace kpi
