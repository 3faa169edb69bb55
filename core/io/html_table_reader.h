// A streaming reader for HTML tables: the Bitrix24 "Excel" export (an HTML
// `<table border="1">` saved as .xls, spec/crm-formats.md §3.1) and any page
// that holds a table. It has the shape of CsvReader: text arrives in chunks of
// any size (a boundary may fall inside a tag, an entity or a comment), and
// every `<tr>` of the FIRST `<table>` is handed to a CsvHandler as one record
// whose fields are the texts of its `<td>` / `<th>` cells. One record buffer
// is reused, so reading allocates nothing per row after warm-up.
//
// Cell text is what a reader sees: tags inside a cell are dropped (`<br>`,
// `<p>`, `<div>` and `<li>` count as a space), white space is collapsed and
// trimmed (U+00A0 is kept inside a cell but trimmed at its ends), and the
// entities `&amp; &lt; &gt; &quot; &#39; &apos; &nbsp;` and numeric `&#NNN;`
// / `&#xHH;` are decoded to UTF-8 (an unknown or unterminated entity is kept
// as written). Tag names are case-insensitive and attributes are ignored:
// `colspan` / `rowspan` do not repeat a cell. Comments, `<!...>` / `<?...>`
// declarations and the contents of `<script>`, `<style>`, `<title>` and
// `<textarea>` are skipped. A table nested in a cell adds its text to that
// cell. Text after the first table ends is not read.
//
// The text must already be UTF-8: the meta charset is not consulted, the
// encoding having been detected from the bytes (core/io/encoding.h).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/io/csv_reader.h"

namespace kpi {

class HtmlTableReader {
 public:
  /// A cell larger than this is an error (kRowTooLong).
  static constexpr size_t kMaxCellBytes = size_t{1} << 20;
  /// A tag (from `<` to `>`) longer than this is an error (kRowTooLong).
  static constexpr size_t kMaxTagBytes = size_t{64} << 10;
  /// A row larger than this, or with more cells, is an error (kRowTooLong).
  static constexpr size_t kMaxRowBytes = size_t{16} << 20;
  static constexpr size_t kMaxRowCells = size_t{1} << 16;

  /// Consumes the next chunk of UTF-8 text.
  void feed(std::string_view chunk, CsvHandler& handler);
  /// Ends the input: emits a row the text left open; no table at all is kUnknownTable.
  void finish(CsvHandler& handler);

  /// A fatal error (no table, cell or tag too long); reading stopped.
  const std::optional<Issue>& error() const noexcept { return error_; }
  /// Records emitted so far (header included).
  uint64_t records() const noexcept { return records_; }
  /// True once a `<table>` start tag was seen.
  bool found_table() const noexcept { return table_seen_; }
  /// Starts counting at this line and byte (text before it was consumed
  /// elsewhere); after_cr: that text ended with \r (a \n next ends no line).
  void start_at(uint64_t line, uint64_t byte, bool after_cr = false) noexcept {
    line_ = line;
    byte_ = byte;
    prev_cr_ = after_cr;
  }
  /// True once the handler asked to stop, the first table ended or an error occurred.
  bool stopped() const noexcept { return stopped_; }

 private:
  enum class State : uint8_t {
    kText,        // between tags
    kTagOpen,     // after `<`
    kEndTagOpen,  // after `</`
    kTagName,     // inside a tag's name
    kAttributes,  // after the name, up to `>`
    kBang,        // after `<!`
    kBangDash,    // after `<!-`
    kComment,     // inside `<!-- ... -->`
    kBogus,       // `<!DOCTYPE ...>`, `<?...>`, `</ ...>`: skipped to `>`
    kEntity,      // after `&` inside a cell
    kRawText,     // inside <script>, <style>...: skipped to its end tag
  };

  void step(char c, CsvHandler& handler);
  void text_char(char c);
  void append_text(std::string_view bytes);
  void append_code_point(uint32_t cp);
  void end_entity(bool terminated);
  void on_tag(CsvHandler& handler);
  void open_row();
  void open_cell();
  void close_cell();
  void close_row(CsvHandler& handler);
  void fail(ErrorCode code, uint64_t line, uint64_t byte, std::string message, std::string rule, Params params);

  State state_ = State::kText;
  bool stopped_ = false;
  bool prev_cr_ = false;
  // The tag being read.
  bool end_tag_ = false;
  bool tag_name_long_ = false;
  uint8_t tag_name_len_ = 0;
  std::array<char, 12> tag_name_{};
  char attr_quote_ = 0;         // the quote of an attribute value being read
  bool after_equals_ = false;   // the last non-space byte of the tag was `=`
  size_t tag_bytes_ = 0;
  uint64_t tag_line_ = 1, tag_byte_ = 0;
  uint8_t dashes_ = 0;          // `-` run in a comment
  // Raw text: the end tag being matched (`</script`), and how much matched.
  std::string_view raw_end_;
  size_t raw_matched_ = 0;
  // Entity in a cell, `&` excluded.
  std::array<char, 32> entity_{};
  uint8_t entity_len_ = 0;
  // Table structure.
  bool table_seen_ = false;
  uint32_t table_depth_ = 0;    // 1 = inside the first table, more = a table nested in it
  bool row_open_ = false;
  bool cell_open_ = false;
  bool pending_space_ = false;  // white space seen since the cell's last text
  size_t cell_start_ = 0;       // offset in record_ of the open cell
  std::string record_;          // the current row's cell bytes, end to end
  std::vector<uint32_t> ends_;  // end offset in record_ of each finished cell
  std::vector<std::string_view> views_;
  uint64_t line_ = 1;
  uint64_t byte_ = 0;
  uint64_t row_line_ = 1, row_byte_ = 0;
  uint64_t records_ = 0;
  std::optional<Issue> error_;
};

}  // namespace kpi
