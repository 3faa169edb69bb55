#include "core/io/csv_reader.h"

#include <fmt/format.h>

namespace kpi {

void CsvReader::fail(ErrorCode code, std::string message, std::string rule, Params params) {
  Issue issue;
  issue.code = code;
  issue.line = record_line_;
  issue.byte = record_byte_;
  issue.message = std::move(message);
  issue.rule = std::move(rule);
  issue.params = std::move(params);
  error_ = std::move(issue);
  stopped_ = true;
}

void CsvReader::detect_delimiter(std::string_view header) {
  size_t commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (char c : header) {
    if (c == '"') quoted = !quoted;
    else if (!quoted && c == ',') ++commas;
    else if (!quoted && c == ';') ++semicolons;
    else if (!quoted && c == '\t') ++tabs;
  }
  // Ties go to `;` then tab: a header rarely holds those by accident.
  delimiter_ = ',';
  size_t best = commas;
  if (tabs > best) { delimiter_ = '\t'; best = tabs; }
  if (semicolons > 0 && semicolons >= best) delimiter_ = ';';
}

void CsvReader::feed(std::string_view chunk, CsvHandler& handler) {
  if (stopped_) return;
  if (delimiter_ != 0) {
    consume(chunk, handler);
    return;
  }
  // Hold text back until the header record is complete, then detect.
  header_probe_.append(chunk);
  for (; probe_scanned_ < header_probe_.size(); ++probe_scanned_) {
    const char c = header_probe_[probe_scanned_];
    if (c == '"') probe_in_quotes_ = !probe_in_quotes_;
    else if (!probe_in_quotes_ && (c == '\n' || c == '\r')) {
      // Leading blank lines are not a header.
      if (header_probe_.find_first_not_of("\r\n") > probe_scanned_) continue;
      detect_delimiter(std::string_view(header_probe_).substr(0, probe_scanned_));
      std::string probe = std::move(header_probe_);
      header_probe_.clear();
      consume(probe, handler);
      return;
    }
  }
  if (header_probe_.size() > kMaxRecordBytes) {
    fail(probe_in_quotes_ ? ErrorCode::kUnterminatedQuote : ErrorCode::kRowTooLong,
         "the header row never ends", "CSV_HEADER_ENDLESS", {number_param("mib", kMaxRecordBytes >> 20)});
  }
}

void CsvReader::finish(CsvHandler& handler) {
  if (stopped_) return;
  if (delimiter_ == 0) {
    detect_delimiter(header_probe_);
    std::string probe = std::move(header_probe_);
    header_probe_.clear();
    consume(probe, handler);
    if (stopped_) return;
  }
  if (state_ == State::kQuoted) {
    fail(ErrorCode::kUnterminatedQuote,
         fmt::format("a quoted field opened on line {} never closes (is the file cut short?)",
                     record_line_),
         "CSV_QUOTE_NEVER_CLOSES", {number_param("line", static_cast<double>(record_line_))});
    return;
  }
  if (record_open_) {
    end_field();
    end_record(handler);
  }
}

void CsvReader::end_field() { ends_.push_back(static_cast<uint32_t>(record_.size())); }

bool emit_record(std::string_view bytes, const std::vector<uint32_t>& ends, std::vector<std::string_view>& views,
                 uint64_t line, uint64_t byte, CsvHandler& handler) {
  views.clear();
  uint32_t start = 0;
  for (uint32_t end : ends) {
    views.push_back(bytes.substr(start, end - start));
    start = end;
  }
  return handler.on_record(CsvRecord{views, line, byte});
}

void CsvReader::end_record(CsvHandler& handler) {
  ++records_;
  if (!emit_record(record_, ends_, views_, record_line_, record_byte_, handler)) stopped_ = true;
  record_.clear();
  ends_.clear();
  record_open_ = false;
}

void CsvReader::consume(std::string_view text, CsvHandler& handler) {
  const char d = delimiter_;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end && !stopped_) {
    switch (state_) {
      case State::kAfterCr:
        state_ = State::kFieldStart;
        if (*p == '\n') { ++p; ++byte_; }
        break;
      case State::kFieldStart:
        if (!record_open_) {
          p = scan_records(p, end, handler);  // whole records in place; the rest byte by byte
          if (p == end || stopped_ || state_ != State::kFieldStart) break;
          if (*p == '\n' || *p == '\r') {  // blank line
            state_ = *p == '\r' ? State::kAfterCr : State::kFieldStart;
            ++line_;
            ++p;
            ++byte_;
            break;
          }
          record_open_ = true;
          record_line_ = line_;
          record_byte_ = byte_;
        }
        if (*p == '"') {
          state_ = State::kQuoted;
          ++p;
          ++byte_;
        } else {
          state_ = State::kUnquoted;
        }
        break;
      case State::kUnquoted: {
        const char* q = p;
        while (q < end && *q != d && *q != '\n' && *q != '\r') ++q;
        record_.append(p, q);
        byte_ += static_cast<uint64_t>(q - p);
        p = q;
        if (p == end) break;
        const char c = *p++;
        ++byte_;
        end_field();
        if (c == d) {
          state_ = State::kFieldStart;
        } else {
          ++line_;
          state_ = c == '\r' ? State::kAfterCr : State::kFieldStart;
          end_record(handler);
        }
        break;
      }
      case State::kQuoted: {
        const char* q = p;
        while (q < end && *q != '"') {
          if (*q == '\r' || (*q == '\n' && !quoted_cr_)) ++line_;
          quoted_cr_ = *q == '\r';
          ++q;
        }
        record_.append(p, q);
        byte_ += static_cast<uint64_t>(q - p);
        p = q;
        if (p == end) break;
        ++p;
        ++byte_;
        quoted_cr_ = false;
        state_ = State::kQuoteInQuoted;
        break;
      }
      case State::kQuoteInQuoted:
        if (*p == '"') {  // "" inside quotes is one quote
          record_.push_back('"');
          ++p;
          ++byte_;
          state_ = State::kQuoted;
        } else {
          // The quote closed the field; anything up to the delimiter is kept.
          state_ = State::kUnquoted;
        }
        break;
    }
  }
  if (!stopped_ && record_.size() > kMaxRecordBytes) {
    if (state_ == State::kQuoted) {
      fail(ErrorCode::kUnterminatedQuote,
           fmt::format("a quoted field opened on line {} runs past {} MiB without closing",
                       record_line_, kMaxRecordBytes >> 20),
           "CSV_QUOTE_TOO_LONG",
           {number_param("line", static_cast<double>(record_line_)), number_param("mib", kMaxRecordBytes >> 20)});
    } else {
      fail(ErrorCode::kRowTooLong,
           fmt::format("the row on line {} is longer than {} MiB", record_line_, kMaxRecordBytes >> 20),
           "CSV_ROW_TOO_LONG",
           {number_param("line", static_cast<double>(record_line_)), number_param("mib", kMaxRecordBytes >> 20)});
    }
  }
}

}  // namespace kpi
