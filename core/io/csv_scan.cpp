// CsvReader's fast path: whole records read from the chunk in place. Each
// field is a view into the chunk (a quoted field with `""` is unescaped into
// a buffer of the reader's); a record is found field by field with the block
// search of csv_scan.h. It gives exactly what the byte-by-byte state machine
// in csv_reader.cpp gives (records, lines, bytes); anything it does not
// handle is left to that machine from the record's first byte:
// - a record cut by the end of the chunk (the machine carries it over),
// - a quote closed before the chunk's last byte is known (`"` at the end),
// - text after a closing quote (`"ab"cd`, kept as data by the machine).
#include "core/io/csv_scan.h"

#include "core/io/csv_reader.h"

namespace kpi {
namespace {
// Room for one record's escaped quoted fields (more goes to the machine).
constexpr size_t kUnescapedBytes = 16 * 1024;
}  // namespace

const char* CsvReader::scan_records(const char* p, const char* const end, CsvHandler& handler) {
  const char d = delimiter_;
  while (p < end && !stopped_) {
    // Blank lines between records.
    if (*p == '\n' || *p == '\r') {
      const char c = *p++;
      ++line_;
      ++byte_;
      if (c == '\r') {
        if (p == end) {
          state_ = State::kAfterCr;
          return p;
        }
        if (*p == '\n') {
          ++p;
          ++byte_;
        }
      }
      continue;
    }
    const char* const rec = p;
    uint64_t lines = 0;  // line breaks inside quotes
    views_.clear();
    bool escaped = false;  // unescaped_ holds fields of this record
    const char* q = p;
    const char* stop = nullptr;  // the record's line end
    for (;;) {
      if (*q == '"') {
        // A quoted field: up to the closing quote; `""` is one quote.
        const char* s = q + 1;
        const char* f = s;
        size_t kept = 0;  // unescaped_ size before this field, when escaped
        bool field_escaped = false;
        for (;;) {
          f += csv_scan::find_any3(f, end, '"', '\n', '\r');
          if (f == end) return rec;  // cut by the chunk
          if (*f == '\r') {
            ++lines;
          } else if (*f == '\n') {
            if (f[-1] != '\r' || f == s) ++lines;  // \r\n is one line end
          } else if (f + 1 == end) {
            return rec;  // `"` last: a closing quote or the first of `""`?
          } else if (f[1] == '"') {
            if (!field_escaped) {
              if (!escaped) {
                unescaped_.clear();
                unescaped_.reserve(kUnescapedBytes);
                escaped = true;
              }
              field_escaped = true;
              kept = unescaped_.size();
            }
            // The views of earlier fields point into unescaped_: it must not
            // grow. A record with more escaped text is left to the machine.
            if (unescaped_.size() + static_cast<size_t>(f + 1 - s) > unescaped_.capacity()) return rec;
            unescaped_.append(s, f + 1);  // up to and with one quote
            s = f + 2;
            f = s;
            continue;
          } else {
            break;  // the closing quote
          }
          ++f;
        }
        std::string_view field(s, static_cast<size_t>(f - s));
        if (field_escaped) {
          if (unescaped_.size() + field.size() > unescaped_.capacity()) return rec;
          unescaped_.append(field);
          field = std::string_view(unescaped_).substr(kept);
        }
        views_.push_back(field);
        q = f + 1;
        if (*q == d) {
          ++q;
          if (q == end) return rec;
          continue;
        }
        if (*q == '\n' || *q == '\r') {
          stop = q;
          break;
        }
        return rec;  // text after the closing quote
      }
      // An unquoted field: up to the delimiter or the line end (a quote inside is data).
      const char* f = q + csv_scan::find_any3(q, end, d, '\n', '\r');
      if (f == end) return rec;  // cut by the chunk (or the file's last line: finish() ends it)
      views_.push_back(std::string_view(q, static_cast<size_t>(f - q)));
      if (*f == d) {
        q = f + 1;
        if (q == end) return rec;
        continue;
      }
      stop = f;
      break;
    }
    // The record ends at `stop` (\n, \r or \r\n).
    record_line_ = line_;
    record_byte_ = byte_;
    p = stop + 1;
    bool after_cr = false;
    if (*stop == '\r') {
      if (p == end) after_cr = true;
      else if (*p == '\n') ++p;
    }
    line_ += lines + 1;
    byte_ += static_cast<uint64_t>(p - rec);
    ++records_;
    if (!handler.on_record(CsvRecord{views_, record_line_, record_byte_})) stopped_ = true;
    if (after_cr) {
      state_ = State::kAfterCr;
      return p;
    }
  }
  return p;
}

}  // namespace kpi
