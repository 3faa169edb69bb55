// A streaming RFC 4180 reader. Bytes arrive in chunks of any size; complete
// records are handed to a handler as a span of field views, valid only during
// the call. One record buffer is reused, so reading allocates nothing per row
// once the buffer has grown to the longest record.
//
// Dialect: the delimiter (`,` `;` or tab) is detected from the header record
// unless given. Quotes: a field that starts with `"` is quoted; `""` inside it
// is one quote; delimiters and line breaks inside quotes are data. A quote in
// the middle of an unquoted field is kept as data. Line ends: \n, \r\n, \r.
// Blank lines are skipped.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace kpi {

struct CsvRecord {
  std::span<const std::string_view> fields;
  uint64_t line = 0;  ///< 1-based line on which the record starts
  uint64_t byte = 0;  ///< offset of the record's first byte in the text fed
};

class CsvHandler {
 public:
  virtual ~CsvHandler() = default;
  /// Called once per record, the header included. Return false to stop reading.
  virtual bool on_record(const CsvRecord& record) = 0;
};

/// Hands one record to `handler`: the fields are the runs of `bytes` ending
/// at each offset in `ends`; `views` is scratch space reused between calls.
/// Returns the handler's answer (false = stop). Shared by every reader that
/// produces records (CSV, HTML tables).
bool emit_record(std::string_view bytes, const std::vector<uint32_t>& ends, std::vector<std::string_view>& views,
                 uint64_t line, uint64_t byte, CsvHandler& handler);

class CsvReader {
 public:
  /// A record larger than this is an error: most likely a quote never closed.
  static constexpr size_t kMaxRecordBytes = size_t{16} << 20;

  /// delimiter 0 = detect from the header record.
  explicit CsvReader(char delimiter = 0) : delimiter_(delimiter) {}

  /// Consumes the next chunk of UTF-8 text.
  void feed(std::string_view chunk, CsvHandler& handler);
  /// Ends the input: emits the last record if it had no line break.
  void finish(CsvHandler& handler);

  /// The delimiter in use (0 until the header record is complete).
  char delimiter() const noexcept { return delimiter_; }
  /// A fatal error (unterminated quote, record too long); reading stopped.
  const std::optional<Issue>& error() const noexcept { return error_; }
  /// Records emitted so far (header included).
  uint64_t records() const noexcept { return records_; }
  /// Starts counting at this line and byte (text before it was consumed elsewhere).
  void start_at(uint64_t line, uint64_t byte) noexcept { line_ = record_line_ = line; byte_ = record_byte_ = byte; }
  /// True once the handler asked to stop or a fatal error occurred.
  bool stopped() const noexcept { return stopped_; }

 private:
  enum class State : uint8_t { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted, kAfterCr };

  void consume(std::string_view text, CsvHandler& handler);
  /// The fast path (csv_scan.cpp): reads whole records and blank lines from
  /// `p` with fields viewed in place; returns where it stopped, at the start
  /// of a record it cannot complete in place (cut by the chunk's end, or
  /// text after a closing quote), which `consume` then reads byte by byte.
  const char* scan_records(const char* p, const char* end, CsvHandler& handler);
  void end_field();
  void end_record(CsvHandler& handler);
  void detect_delimiter(std::string_view text);
  void fail(ErrorCode code, std::string message, std::string rule, Params params);

  char delimiter_;
  State state_ = State::kFieldStart;
  bool stopped_ = false;
  bool record_open_ = false;    // some byte of the current record was seen
  bool quoted_cr_ = false;      // the last quoted byte was \r (a \n right after it is the same line end)
  std::string record_;          // the current record's field bytes, end to end
  std::vector<uint32_t> ends_;  // end offset in record_ of each finished field
  std::vector<std::string_view> views_;
  std::string unescaped_;       // the fast path's quoted fields with "" (one record's)
  std::string header_probe_;    // text held back until the header is complete
  size_t probe_scanned_ = 0;    // how much of header_probe_ was scanned for its end
  bool probe_in_quotes_ = false;
  uint64_t line_ = 1;           // current physical line
  uint64_t byte_ = 0;           // bytes consumed so far
  uint64_t record_line_ = 1;
  uint64_t record_byte_ = 0;
  uint64_t records_ = 0;
  std::optional<Issue> error_;
};

}  // namespace kpi
