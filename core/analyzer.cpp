#include "core/analyzer.h"

#include <fmt/format.h>

#include "core/io/csv_reader.h"
#include "core/io/encoding.h"
#include "core/io/html_table_reader.h"
#include "core/kpi/engine.h"
#include "core/sources/canonical_csv.h"
#include "core/sources/crm_json.h"
#include "core/sources/detect.h"
#include "core/sources/references.h"

namespace kpi {

// The state of the file being read: decoder → sniffing → CSV or HTML table
// reader → table sink, or a JSON dump buffered whole and read at the end.
struct Analyzer::FileIngest {
  enum class Mode : uint8_t { kSniffing, kCsv, kHtml, kJson, kRejected };

  FileIngest(Dataset& data, const Settings& settings, uint16_t index, std::string_view name, size_t json_limit)
      : context{data, settings, index, summary}, sink(context), max_json_bytes(json_limit) {
    summary.file = std::string(name);
  }

  InputSummary summary;
  IngestContext context;
  Utf8Decoder decoder;
  CsvReader csv;
  HtmlTableReader html;
  CanonicalCsvSink sink;
  Mode mode = Mode::kSniffing;
  std::string raw_prefix;  // the first bytes as given, for signatures
  // A JSON dump's text: simdjson parses a whole document, so it is kept
  // until end_file (at most max_json_bytes) and freed right after.
  std::string json_text;
  size_t max_json_bytes;
  uint64_t json_base = 0;  // file bytes before the text (a BOM)
  // Blank text before the first non-blank byte: not handed to the CSV reader,
  // but its lines and bytes still count for the line numbers of what follows.
  uint64_t blank_lines = 0, blank_bytes = 0;
  bool blank_cr = false;

  void count_blank(std::string_view text) {
    for (char ch : text) {
      if (ch == '\r' || (ch == '\n' && !blank_cr)) ++blank_lines;
      blank_cr = ch == '\r';
    }
    blank_bytes += text.size();
  }

  void reject(ErrorCode code, uint64_t byte, std::string message) {
    mode = Mode::kRejected;
    summary.ok = false;
    summary.error = Issue{code, 0, byte, 0, fmt::format("{}: {}", summary.file, message)};
  }

  void on_text(std::string_view text) {
    if (mode == Mode::kSniffing) {
      if (text.empty()) return;
      summary.encoding = std::string(encoding_name(decoder.encoding()));
      switch (sniff_format(raw_prefix, text, decoder.binary())) {
        case FileFormat::kDelimitedText: {
          mode = Mode::kCsv;
          // Skip the leading blank lines here (the reader would take spaces for a field).
          size_t start = 0;
          for (size_t i = 0; i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'); ++i) {
            if (text[i] == '\r' || text[i] == '\n') start = i + 1;
          }
          count_blank(text.substr(0, start));
          text.remove_prefix(start);
          csv.start_at(blank_lines + 1, blank_bytes);
          break;
        }
        case FileFormat::kEmpty: count_blank(text); return;  // only white space so far
        case FileFormat::kXlsx:
          return reject(ErrorCode::kUnsupportedFormat, 0,
                        "an XLSX workbook; this version reads CSV only (save the sheet as CSV)");
        case FileFormat::kOleXls:
          return reject(ErrorCode::kUnsupportedFormat, 0,
                        "an old binary Excel (.xls) file; save it as CSV or XLSX");
        case FileFormat::kJson:
          mode = Mode::kJson;
          json_base = raw_prefix.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // offsets count the BOM
          break;
        case FileFormat::kHtml:
          // Bitrix24's "Excel" export: an HTML table saved as .xls. Leading
          // blank text is harmless in HTML; only the line count needs it.
          mode = Mode::kHtml;
          html.start_at(blank_lines + 1, blank_bytes, blank_cr);
          break;
        case FileFormat::kBinary: {
          const size_t nul = raw_prefix.find('\0');
          return reject(ErrorCode::kBinaryFile, nul == std::string::npos ? 0 : nul,
                        "not a text file (it holds NUL bytes); expected CSV");
        }
      }
    }
    if (mode == Mode::kCsv) {
      csv.feed(text, sink);
    } else if (mode == Mode::kHtml) {
      html.feed(text, sink);
    } else if (mode == Mode::kJson) {
      if (json_text.size() + text.size() > max_json_bytes) {
        std::string().swap(json_text);
        return reject(ErrorCode::kFileTooLarge, max_json_bytes,
                      fmt::format("a JSON dump larger than {} bytes ({} MiB); save the API pages as separate files",
                                  max_json_bytes, max_json_bytes >> 20));
      }
      json_text.append(text);
    }
  }

  void finish() {
    if (mode != Mode::kRejected) on_text(decoder.finish());
    if (mode == Mode::kSniffing) {
      summary.encoding = std::string(encoding_name(decoder.encoding()));
      return reject(ErrorCode::kEmptyFile, 0, summary.bytes == 0 ? "the file is empty" : "the file holds no data");
    }
    if (mode == Mode::kCsv) {
      csv.finish(sink);
      summary.delimiter = csv.delimiter();
    } else if (mode == Mode::kJson) {
      json_text.reserve(json_text.size() + kJsonPadding);
      read_json_dump(json_text, json_base, context);
      std::string().swap(json_text);
      return;
    } else if (mode == Mode::kHtml) {
      html.finish(sink);
      // The sink names what it recognised as CSV ("bitrix24-csv"): say HTML.
      constexpr std::string_view kCsvSuffix = "-csv";
      std::string& format = summary.format;
      if (format.ends_with(kCsvSuffix)) {
        format.replace(format.size() - kCsvSuffix.size(), kCsvSuffix.size(), "-html");
      }
    } else {
      return;
    }
    const std::optional<Issue>& reader_error = mode == Mode::kCsv ? csv.error() : html.error();
    if (sink.fatal()) {
      summary.ok = false;
      summary.error = *sink.fatal();
      summary.error.message = fmt::format("{}: {}", summary.file, summary.error.message);
    } else if (reader_error) {
      // Rows before the break are kept; the broken record is skipped.
      const Issue& e = *reader_error;
      if (sink.kind() == TableKind::kUnknown) {
        summary.ok = false;
        summary.error = e;
        summary.error.message = fmt::format("{}: {}", summary.file, e.message);
      } else {
        add_row_issue(summary, e.code, e.line, e.byte, 0, e.message, true);
      }
    } else if (sink.kind() == TableKind::kUnknown) {
      reject(ErrorCode::kEmptyFile, 0, "the file holds no data");
    }
  }
};

static_assert(Analyzer::kMaxJsonBytes == kpi::kMaxJsonBytes);

Analyzer::Analyzer() : max_json_bytes_(kMaxJsonBytes) {}
Analyzer::~Analyzer() = default;

bool Analyzer::begin_file(std::string_view name, Issue& error) {
  if (current_) finish_ingest();
  if (files_.size() >= kMaxFiles) {
    error = Issue{ErrorCode::kBadUsage, 0, 0, 0, fmt::format("at most {} files can be loaded at once", kMaxFiles)};
    return false;
  }
  current_ = std::make_unique<FileIngest>(data_, settings_, static_cast<uint16_t>(files_.size()), name,
                                          max_json_bytes_);
  return true;
}

void Analyzer::feed(std::string_view bytes) {
  if (!current_ || current_->mode == FileIngest::Mode::kRejected) {
    if (current_) current_->summary.bytes += bytes.size();
    return;
  }
  FileIngest& f = *current_;
  f.summary.bytes += bytes.size();
  if (f.raw_prefix.size() < 8) f.raw_prefix.append(bytes.substr(0, 8 - f.raw_prefix.size()));
  f.on_text(f.decoder.decode(bytes));
}

void Analyzer::finish_ingest() {
  current_->finish();
  files_.push_back(std::move(current_->summary));
  current_.reset();
}

const InputSummary& Analyzer::end_file() {
  if (!current_) {
    static const InputSummary kNone = [] {
      InputSummary s;
      s.ok = false;
      s.error = Issue{ErrorCode::kBadUsage, 0, 0, 0, "end_file without begin_file"};
      return s;
    }();
    return kNone;
  }
  finish_ingest();
  return files_.back();
}

void Analyzer::abort_file() {
  if (!current_) return;
  const auto index = static_cast<uint16_t>(files_.size());
  current_.reset();
  data_.remove_file(index);
}

bool Analyzer::remove_file(size_t index) {
  if (index >= files_.size()) return false;
  if (current_) finish_ingest();
  data_.remove_file(static_cast<uint16_t>(index));
  files_.erase(files_.begin() + static_cast<std::ptrdiff_t>(index));
  return true;
}

void Analyzer::clear() {
  current_.reset();
  files_.clear();
  data_ = Dataset{};
}

bool Analyzer::set_settings(std::string_view json, Issue& error) {
  return apply_settings(json, settings_, error);
}

Report Analyzer::analyze() const {
  if (!needs_resolution(data_)) return kpi::analyze(data_, settings_, files_);
  // Placeholders of API dumps are resolved for this analysis only; the model
  // is restored when `resolved` goes out of scope.
  const ResolvedReferences resolved(data_, settings_);
  return kpi::analyze(data_, resolved.settings(), files_);
}

}  // namespace kpi
