#include "core/io/html_table_reader.h"

#include <fmt/format.h>

#include "core/io/entities.h"

namespace kpi {
namespace {

constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

void HtmlTableReader::fail(ErrorCode code, uint64_t line, uint64_t byte, std::string message, std::string rule,
                           Params params) {
  error_ = Issue{code, line, byte, 0, std::move(message), std::move(params), std::move(rule)};
  stopped_ = true;
}

void HtmlTableReader::feed(std::string_view chunk, CsvHandler& handler) {
  for (const char c : chunk) {
    if (stopped_) return;
    step(c, handler);
    if (c == '\r' || (c == '\n' && !prev_cr_)) ++line_;
    prev_cr_ = c == '\r';
    ++byte_;
  }
}

void HtmlTableReader::finish(CsvHandler& handler) {
  if (stopped_) return;
  if (state_ == State::kEntity) end_entity(false);  // no `;`: kept as written
  if (stopped_) return;
  if (!table_seen_) {
    fail(ErrorCode::kUnknownTable, 0, 0, "no <table> found (expected an HTML table such as Bitrix24's Excel export)",
         "HTML_NO_TABLE", {});
    return;
  }
  if (table_depth_ > 0) close_row(handler);  // the text was cut inside the table
  stopped_ = true;
}

void HtmlTableReader::step(char c, CsvHandler& handler) {
  for (;;) {
    switch (state_) {
      case State::kText:
        if (c == '<') {
          state_ = State::kTagOpen;
          tag_line_ = line_;
          tag_byte_ = byte_;
          tag_bytes_ = 1;
        } else if (cell_open_) {
          if (c == '&') {
            state_ = State::kEntity;
            entity_len_ = 0;
          } else {
            text_char(c);
          }
        }
        return;
      case State::kTagOpen:
      case State::kEndTagOpen:
        ++tag_bytes_;
        if (is_alpha(c)) {
          end_tag_ = state_ == State::kEndTagOpen;
          tag_name_len_ = 1;
          tag_name_long_ = false;
          tag_name_[0] = lower(c);
          state_ = State::kTagName;
        } else if (state_ == State::kEndTagOpen) {
          state_ = c == '>' ? State::kText : State::kBogus;  // `</>` is nothing, `</ x>` a bogus comment
        } else if (c == '/') {
          state_ = State::kEndTagOpen;
        } else if (c == '!') {
          state_ = State::kBang;
        } else if (c == '?') {
          state_ = State::kBogus;
        } else {  // a `<` that opens no tag is text
          state_ = State::kText;
          if (cell_open_) text_char('<');
          continue;
        }
        return;
      case State::kTagName:
        if (++tag_bytes_ > kMaxTagBytes) break;
        if (c == '>') {
          on_tag(handler);
        } else if (is_space(c) || c == '/') {
          state_ = State::kAttributes;
          attr_quote_ = 0;
          after_equals_ = false;
        } else if (tag_name_len_ < tag_name_.size()) {
          tag_name_[tag_name_len_++] = lower(c);
        } else {
          tag_name_long_ = true;
        }
        return;
      case State::kAttributes:
        if (++tag_bytes_ > kMaxTagBytes) break;
        if (attr_quote_ != 0) {
          if (c == attr_quote_) attr_quote_ = 0;
        } else if (c == '>') {
          on_tag(handler);
        } else if ((c == '"' || c == '\'') && after_equals_) {
          attr_quote_ = c;
          after_equals_ = false;
        } else if (!is_space(c)) {
          after_equals_ = c == '=';
        }
        return;
      case State::kBang:
        state_ = c == '-' ? State::kBangDash : c == '>' ? State::kText : State::kBogus;
        return;
      case State::kBangDash:
        if (c == '-') {
          state_ = State::kComment;
          dashes_ = 0;
          return;
        }
        state_ = State::kBogus;
        continue;
      case State::kComment:
        if (c == '-') {
          if (dashes_ < 2) ++dashes_;
        } else if (c == '>' && dashes_ == 2) {
          state_ = State::kText;
        } else {
          dashes_ = 0;
        }
        return;
      case State::kBogus:
        if (c == '>') state_ = State::kText;
        return;
      case State::kEntity:
        if (c == ';') {
          end_entity(true);
          return;
        }
        if ((is_alpha(c) || is_digit(c) || (c == '#' && entity_len_ == 0)) && entity_len_ < entity_.size()) {
          entity_[entity_len_++] = c;
          return;
        }
        end_entity(false);  // not an entity: kept as written, and `c` read again as text
        if (stopped_) return;
        continue;
      case State::kRawText:
        if (raw_matched_ < raw_end_.size()) {
          if (lower(c) == raw_end_[raw_matched_]) ++raw_matched_;
          else raw_matched_ = c == '<' ? 1 : 0;
        } else if (is_space(c) || c == '/' || c == '>') {  // the end tag: its rest is skipped
          raw_matched_ = 0;
          end_tag_ = true;
          tag_name_len_ = 0;
          tag_name_long_ = false;
          tag_bytes_ = raw_end_.size() + 1;
          if (c == '>') {
            state_ = State::kText;
          } else {
            state_ = State::kAttributes;
            attr_quote_ = 0;
            after_equals_ = false;
          }
        } else {  // `</scripts`: not the end
          raw_matched_ = c == '<' ? 1 : 0;
        }
        return;
    }
    // Only the tag states break out of the switch: the tag is too long.
    fail(ErrorCode::kRowTooLong, tag_line_, tag_byte_,
         fmt::format("a tag on line {} is longer than {} KiB (is the file cut short?)", tag_line_,
                     kMaxTagBytes >> 10),
         "HTML_TAG_TOO_LONG", {number_param("kib", kMaxTagBytes >> 10)});
    return;
  }
}

void HtmlTableReader::text_char(char c) {
  if (is_space(c)) {
    if (record_.size() > cell_start_) pending_space_ = true;
    return;
  }
  append_text(std::string_view(&c, 1));
}

void HtmlTableReader::append_text(std::string_view bytes) {
  if (pending_space_) {
    if (record_.size() > cell_start_) record_.push_back(' ');
    pending_space_ = false;
  }
  record_.append(bytes);
  if (record_.size() - cell_start_ > kMaxCellBytes) {
    fail(ErrorCode::kRowTooLong, row_line_, row_byte_,
         fmt::format("a cell of the row on line {} is longer than {} MiB", row_line_, kMaxCellBytes >> 20),
         "HTML_CELL_TOO_LONG", {number_param("mib", kMaxCellBytes >> 20)});
  } else if (record_.size() > kMaxRowBytes) {
    fail(ErrorCode::kRowTooLong, row_line_, row_byte_,
         fmt::format("the row on line {} is longer than {} MiB", row_line_, kMaxRowBytes >> 20),
         "HTML_ROW_TOO_LONG", {number_param("mib", kMaxRowBytes >> 20)});
  }
}

void HtmlTableReader::append_code_point(uint32_t cp) {
  if (cp < 0x80 && is_space(static_cast<char>(cp))) {
    text_char(static_cast<char>(cp));
    return;
  }
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  char out[4];
  size_t n = 0;
  if (cp < 0x80) {
    out[n++] = static_cast<char>(cp);
  } else if (cp < 0x800) {
    out[n++] = static_cast<char>(0xC0 | (cp >> 6));
    out[n++] = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out[n++] = static_cast<char>(0xE0 | (cp >> 12));
    out[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[n++] = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out[n++] = static_cast<char>(0xF0 | (cp >> 18));
    out[n++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[n++] = static_cast<char>(0x80 | (cp & 0x3F));
  }
  append_text(std::string_view(out, n));
}

// At the `;` (terminated) the entity is decoded; an unknown name, or text
// that turned out not to be an entity, is kept as written.
void HtmlTableReader::end_entity(bool terminated) {
  state_ = State::kText;
  const std::string_view name(entity_.data(), entity_len_);
  entity_len_ = 0;
  uint32_t cp = 0;
  if (terminated && decode_entity(name, cp)) return append_code_point(cp);
  append_text("&");
  if (!stopped_) append_text(name);
  if (!stopped_ && terminated) append_text(";");
}

void HtmlTableReader::on_tag(CsvHandler& handler) {
  state_ = State::kText;
  const std::string_view name =
      tag_name_long_ ? std::string_view() : std::string_view(tag_name_.data(), tag_name_len_);
  const bool row_tag = name == "tr" || name == "td" || name == "th";
  const bool separator = name == "br" || name == "p" || name == "div" || name == "li" || row_tag;
  if (!end_tag_) {
    if (name == "script") raw_end_ = "</script";
    else if (name == "style") raw_end_ = "</style";
    else if (name == "title") raw_end_ = "</title";
    else if (name == "textarea") raw_end_ = "</textarea";
    if (name == "script" || name == "style" || name == "title" || name == "textarea") {
      state_ = State::kRawText;
      raw_matched_ = 0;
      return;
    }
    if (name == "table") {
      if (!table_seen_) {
        table_seen_ = true;
        table_depth_ = 1;
        return;
      }
      if (table_depth_ > 0) ++table_depth_;
    }
    if (table_depth_ == 0) return;
    if (table_depth_ > 1 || !row_tag) {  // markup inside a cell
      if (cell_open_ && (separator || name == "table")) pending_space_ = record_.size() > cell_start_;
      return;
    }
    if (name == "tr") {
      close_row(handler);
      open_row();
    } else {  // td, th
      close_cell();
      if (!row_open_) open_row();
      open_cell();
    }
    return;
  }
  if (table_depth_ == 0) return;
  if (name == "table") {
    if (--table_depth_ == 0) {
      close_row(handler);
      stopped_ = true;  // only the first table is read
    } else if (cell_open_) {
      pending_space_ = record_.size() > cell_start_;
    }
    return;
  }
  if (table_depth_ > 1 || !(row_tag || name == "thead" || name == "tbody" || name == "tfoot")) {
    if (cell_open_ && separator) pending_space_ = record_.size() > cell_start_;
    return;
  }
  if (name == "td" || name == "th") close_cell();
  else close_row(handler);
}

void HtmlTableReader::open_row() {
  row_open_ = true;
  row_line_ = tag_line_;
  row_byte_ = tag_byte_;
  record_.clear();
  ends_.clear();
}

void HtmlTableReader::open_cell() {
  cell_open_ = true;
  cell_start_ = record_.size();
  pending_space_ = false;
}

void HtmlTableReader::close_cell() {
  if (!cell_open_) return;
  cell_open_ = false;
  pending_space_ = false;
  // Trim the no-break spaces (and the spaces next to them) at both ends.
  auto edge_space = [this](size_t at) {
    if (at < record_.size() && record_[at] == ' ') return size_t{1};
    if (at + 1 < record_.size() && record_[at] == '\xC2' && record_[at + 1] == '\xA0') return size_t{2};
    return size_t{0};
  };
  size_t end = record_.size();
  for (;;) {
    if (end > cell_start_ && record_[end - 1] == ' ') --end;
    else if (end >= cell_start_ + 2 && record_[end - 2] == '\xC2' && record_[end - 1] == '\xA0') end -= 2;
    else break;
  }
  record_.resize(end);
  size_t lead = cell_start_;
  while (size_t n = edge_space(lead)) lead += n;
  if (lead > cell_start_) record_.erase(cell_start_, lead - cell_start_);
  ends_.push_back(static_cast<uint32_t>(record_.size()));
  if (ends_.size() > kMaxRowCells) {
    fail(ErrorCode::kRowTooLong, row_line_, row_byte_,
         fmt::format("the row on line {} has more than {} cells", row_line_, kMaxRowCells),
         "HTML_ROW_TOO_WIDE", {number_param("n", kMaxRowCells)});
  }
}

void HtmlTableReader::close_row(CsvHandler& handler) {
  close_cell();
  if (!row_open_ || stopped_) return;
  row_open_ = false;
  if (!ends_.empty()) {  // a row without cells is no record
    ++records_;
    if (!emit_record(record_, ends_, views_, row_line_, row_byte_, handler)) stopped_ = true;
  }
  record_.clear();
  ends_.clear();
}

}  // namespace kpi
