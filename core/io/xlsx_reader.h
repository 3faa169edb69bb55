// Streaming readers for the XML parts of an XLSX workbook (the zip itself is
// opened outside the core, see docs/architecture.md). Each part arrives in
// chunks of any size; a chunk boundary may fall anywhere, inside a tag, an
// entity or a CDATA section, and the result is the same.
//
//   XmlScanner          a small non-validating XML tokenizer: start/end tags
//                       with their attributes, text with entities decoded
//   WorkbookInfo        xl/workbook.xml (date1904, the first sheet's r:id)
//                       and xl/_rels/workbook.xml.rels (that sheet's part)
//   CellStyles          xl/styles.xml: which cell styles (cellXfs) are dates
//   SharedStrings       xl/sharedStrings.xml, held in full (cells refer to it)
//   XlsxSheetReader     the worksheet, streamed: each <row> becomes one record
//                       for the same CsvHandler the CSV and HTML readers feed
//
// Memory: the shared strings are kept (one byte pool plus offsets); the sheet
// is never held, only the current row. Nothing is allocated per row after the
// row buffer has grown to the widest row.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/io/csv_reader.h"

namespace kpi {

/// One attribute of a start tag: the name as written (prefix included) and
/// the raw value (entities not yet decoded: see XmlScanner::decode).
struct XmlAttribute {
  std::string_view name;
  std::string_view value;
};

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  /// A start tag; `name` without its namespace prefix; `empty` for `<x/>`
  /// (which is followed at once by on_end).
  virtual void on_start(std::string_view name, std::span<const XmlAttribute> attributes, bool empty) = 0;
  /// An end tag, name without prefix.
  virtual void on_end(std::string_view name) = 0;
  /// Character data with entities decoded; one text node may come in pieces.
  virtual void on_text(std::string_view text) = 0;
};

/// The tokenizer. Comments, processing instructions and `<!DOCTYPE>` are
/// skipped; CDATA is text. Not validating: end tags are not matched against
/// start tags (the part readers track the elements they need). Errors: a tag
/// or CDATA longer than kMaxTagBytes, a `<` that opens nothing, bytes that end
/// inside a tag (see finish()).
class XmlScanner {
 public:
  static constexpr size_t kMaxTagBytes = size_t{1} << 20;
  static constexpr size_t kMaxAttributes = 64;

  void feed(std::string_view chunk, XmlHandler& handler);
  /// Ends the part; an unfinished tag, comment or CDATA section is an error.
  void finish();
  /// Ignores the rest of the part (a handler has read all it needs).
  void stop() noexcept { stopped_ = true; }
  /// Stops with an error found by a handler (a limit passed).
  void fail(uint64_t at, std::string message);

  /// What went wrong (sentence without the part's name) and where.
  const std::optional<std::string>& error() const noexcept { return error_; }
  uint64_t error_byte() const noexcept { return error_byte_; }
  bool failed() const noexcept { return error_.has_value(); }
  /// Bytes consumed so far; during a callback, the offset of the tag's `<`.
  uint64_t byte() const noexcept { return tag_byte_; }
  /// Bytes consumed so far.
  uint64_t consumed() const noexcept { return byte_; }

  /// Decodes the XML entities of an attribute value; `scratch` holds the
  /// result when decoding changed anything.
  static std::string_view decode(std::string_view raw, std::string& scratch);

 private:
  enum class State : uint8_t { kText, kEntity, kMarkup };
  enum class Markup : uint8_t { kUnknown, kElement, kBang, kQuestion };
  bool markup_complete(std::string_view markup) const noexcept;
  void on_markup(std::string_view markup, XmlHandler& handler);
  void emit_entity(XmlHandler& handler);

  State state_ = State::kText;
  Markup markup_ = Markup::kUnknown;
  bool stopped_ = false;
  char quote_ = 0;              // the quote of an attribute value being read, in a tag
  std::string tag_;             // markup cut by a chunk boundary, from its `<`
  std::string entity_;          // an entity cut by a chunk boundary, `&` excluded
  std::string scratch_;
  std::vector<XmlAttribute> attributes_;
  uint64_t byte_ = 0;           // bytes consumed
  uint64_t tag_byte_ = 0;
  std::optional<std::string> error_;
  uint64_t error_byte_ = 0;
};

/// Excel's number formats: is this format a date or time? Built-in ids 14–22
/// and 45–47; a custom code is a date when it has d, m, y, h or s outside
/// quotes, brackets (`[Red]`, `[$-419]`) and escapes.
bool is_date_format(uint32_t num_fmt_id, std::string_view custom_code) noexcept;

/// An Excel serial day number as `yyyy-mm-dd hh:mm:ss` (rounded to the
/// second); a value below one day in the 1900 system as `hh:mm:ss`. The 1900
/// system repeats Lotus 1-2-3's leap-year bug: serial 60 is 1900-02-29 (a day
/// that never was, kept as Excel shows it). Returns the length written to
/// `out` (at least 20 bytes), 0 when the value is no date (negative, past
/// 9999-12-31, not finite).
size_t format_serial_date(double serial, bool date1904, char* out) noexcept;

/// A number cell's text as the record will carry it: integers up to 15 digits
/// as written, anything else parsed and written back shortest-round-trip
/// (`0.10000000000000001` -> `0.1`). Returns the length written to `out` (at
/// least 32 bytes), 0 when `text` is not a number.
size_t format_number(std::string_view text, char* out) noexcept;

/// xl/workbook.xml and xl/_rels/workbook.xml.rels, in either order.
class WorkbookInfo final : public XmlHandler {
 public:
  /// Which of the two parts the next feed() bytes belong to.
  void begin_workbook(std::string_view part_name);
  void begin_rels();
  void feed(std::string_view chunk) { scanner_.feed(chunk, *this); }
  void finish() { scanner_.finish(); }
  const XmlScanner& scanner() const noexcept { return scanner_; }

  bool date1904() const noexcept { return date1904_; }
  /// The first sheet's part, e.g. `xl/worksheets/sheet1.xml`; empty until both
  /// parts named it.
  std::string sheet_part() const;
  /// The first sheet's name as shown on its tab ("" when unknown).
  const std::string& sheet_name() const noexcept { return sheet_name_; }

  void on_start(std::string_view name, std::span<const XmlAttribute> attributes, bool empty) override;
  void on_end(std::string_view) override {}
  void on_text(std::string_view) override {}

 private:
  XmlScanner scanner_;
  bool in_rels_ = false;
  bool date1904_ = false;
  bool have_sheet_ = false;
  std::string sheet_id_, sheet_name_;
  std::string base_ = "xl/";  // the workbook part's folder: rels targets are relative to it
  std::vector<std::pair<std::string, std::string>> targets_;  // relationship id -> target
  std::string scratch_;
};

/// xl/styles.xml: which cellXfs entries show a date.
class CellStyles final : public XmlHandler {
 public:
  void feed(std::string_view chunk) { scanner_.feed(chunk, *this); }
  void finish();
  const XmlScanner& scanner() const noexcept { return scanner_; }
  /// Style index `s` of a cell is a date format.
  bool is_date(uint32_t style) const noexcept { return style < date_.size() && date_[style]; }

  void on_start(std::string_view name, std::span<const XmlAttribute> attributes, bool empty) override;
  void on_end(std::string_view name) override;
  void on_text(std::string_view) override {}

 private:
  XmlScanner scanner_;
  bool in_cell_xfs_ = false;
  bool in_num_fmts_ = false;
  std::vector<uint32_t> xf_formats_;                      // numFmtId of each cellXfs entry
  std::vector<std::pair<uint32_t, bool>> custom_dates_;   // custom numFmtId -> is a date
  std::vector<bool> date_;
  std::string scratch_;
};

/// Text of a string item (`<si>` or `<is>`): its `<t>` and its runs' `<t>`,
/// phonetic runs (`<rPh>`) left out, `_xHHHH_` escapes decoded. White space
/// is kept as written with or without xml:space="preserve" (the record sink
/// trims cell ends; inside a cell, runs without the flag still need theirs).
class RichText {
 public:
  void on_start(std::string_view name, std::string& out);
  void on_end(std::string_view name, std::string& out);
  void on_text(std::string_view text, std::string& out) {
    if (in_t_) out.append(text);
  }

 private:
  bool in_t_ = false;
  uint32_t phonetic_ = 0;
  size_t t_start_ = 0;
};

/// xl/sharedStrings.xml, held in full.
class SharedStrings final : public XmlHandler {
 public:
  static constexpr size_t kMaxBytes = size_t{1} << 31;

  void feed(std::string_view chunk) { scanner_.feed(chunk, *this); }
  void finish() { scanner_.finish(); }
  const XmlScanner& scanner() const noexcept { return scanner_; }
  size_t size() const noexcept { return ends_.size(); }
  /// The i-th string; check i < size() first.
  std::string_view at(size_t i) const noexcept {
    const size_t start = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(pool_).substr(start, ends_[i] - start);
  }

  void on_start(std::string_view name, std::span<const XmlAttribute> attributes, bool empty) override;
  void on_end(std::string_view name) override;
  void on_text(std::string_view text) override;

 private:
  XmlScanner scanner_;
  RichText rich_;
  bool in_si_ = false;
  std::string pool_;
  std::vector<uint32_t> ends_;
};

/// The worksheet: every `<row>` of `<sheetData>` with at least one non-empty
/// cell becomes a record; a column skipped by the cell references is an empty
/// field, and rows after the first are padded with empty fields to its width
/// (Excel leaves trailing empty cells out). A row without `r` follows the
/// previous one; a cell without `r` the previous cell. Record line = the row
/// number, byte = offset of `<row` in the part.
class XlsxSheetReader final : public XmlHandler {
 public:
  static constexpr size_t kMaxColumns = 16384;  // XFD, Excel's last column
  static constexpr size_t kMaxRowBytes = size_t{16} << 20;
  static constexpr size_t kMaxIssues = 50;

  /// `part` names the sheet in messages ("sheet1.xml"); the styles and shared
  /// strings must outlive the reader (either may be empty).
  XlsxSheetReader(std::string part, const CellStyles& styles, const SharedStrings& strings, bool date1904)
      : part_(std::move(part)), styles_(styles), strings_(strings), date1904_(date1904) {}

  void feed(std::string_view chunk, CsvHandler& handler);
  /// Ends the sheet; an unfinished tag or a missing `</sheetData>` is an error.
  void finish(CsvHandler& handler);

  /// A fatal error (malformed XML, row too long); rows before it were emitted.
  const std::optional<Issue>& error() const noexcept { return error_; }
  /// Cell problems that did not stop reading (a bad shared-string index, a
  /// cell out of order): the first kMaxIssues and their count.
  const std::vector<Issue>& issues() const noexcept { return issues_; }
  uint64_t issue_count() const noexcept { return issue_count_; }
  uint64_t records() const noexcept { return records_; }
  bool stopped() const noexcept { return stopped_; }

  void on_start(std::string_view name, std::span<const XmlAttribute> attributes, bool empty) override;
  void on_end(std::string_view name) override;
  void on_text(std::string_view text) override;

 private:
  enum class CellType : uint8_t { kNumber, kShared, kString, kInline, kBool, kError, kDate };
  void open_row(std::span<const XmlAttribute> attributes);
  void close_row();
  void open_cell(std::span<const XmlAttribute> attributes);
  void close_cell();
  void put_field(std::string_view text);
  void issue(ErrorCode code, std::string message, std::string rule, Params params);
  void fail(ErrorCode code, uint64_t byte, std::string message, std::string rule, Params params);

  std::string part_;
  const CellStyles& styles_;
  const SharedStrings& strings_;
  bool date1904_;
  XmlScanner scanner_;
  CsvHandler* handler_ = nullptr;
  RichText rich_;
  bool stopped_ = false;
  bool in_sheet_data_ = false;
  bool sheet_data_closed_ = false;
  bool in_row_ = false;
  bool in_cell_ = false;
  bool in_value_ = false;
  bool in_inline_ = false;
  bool row_has_value_ = false;
  CellType type_ = CellType::kNumber;
  uint32_t style_ = 0;
  uint64_t row_number_ = 0;     // of the open row, 1-based
  uint64_t row_byte_ = 0;
  uint64_t column_ = 0;         // 1-based column of the open cell
  std::string value_;           // the open cell's <v> or inline text
  std::string record_;          // the current row's fields, end to end
  std::vector<uint32_t> ends_;
  std::vector<std::string_view> views_;
  size_t header_width_ = 0;     // fields of the first record
  uint64_t records_ = 0;
  std::vector<Issue> issues_;
  uint64_t issue_count_ = 0;
  std::optional<Issue> error_;
  std::string scratch_;
};

}  // namespace kpi
