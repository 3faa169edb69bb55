#include "core/analyzer.h"

#include "core/kpi/context.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/io/csv_reader.h"
#include "core/io/encoding.h"
#include "core/io/html_table_reader.h"
#include "core/kpi/engine.h"
#include "core/sources/canonical_csv.h"
#include "core/sources/crm_json.h"
#include "core/sources/detect.h"
#include "core/sources/mapping.h"
#include "core/sources/references.h"
#include "core/sources/xlsx_ingest.h"

namespace kpi {

// The state of the file being read: decoder → sniffing → CSV or HTML table
// reader → table sink; or the parts of an XLSX → sheet reader → table sink; or
// a JSON dump buffered whole and read at the end.
struct Analyzer::FileIngest {
  enum class Mode : uint8_t { kSniffing, kCsv, kHtml, kXlsx, kJson, kRejected };

  FileIngest(Dataset& data, const Settings& settings, uint16_t index, std::string_view name, FileOptions opts,
             size_t json_limit)
      : options(std::move(opts)), context{data, settings, index, summary}, sink(context, options),
        max_json_bytes(json_limit) {
    summary.file = std::string(name);
    if (options.invalid) {
      // Bad options (a mapping naming no field...): the file is not read.
      mode = Mode::kRejected;
      summary.ok = false;
      summary.error = *options.invalid;
      summary.error.message = fmt::format("{}: {}", summary.file, options.invalid->message);
    }
  }

  InputSummary summary;
  FileOptions options;
  IngestContext context;
  Utf8Decoder decoder;
  CsvReader csv;
  HtmlTableReader html;
  CanonicalCsvSink sink;
  std::unique_ptr<XlsxIngest> xlsx;
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

  void reject(ErrorCode code, uint64_t byte, std::string message, std::string rule, Params params = {}) {
    mode = Mode::kRejected;
    summary.ok = false;
    summary.error = Issue{code, 0, byte, 0, fmt::format("{}: {}", summary.file, message), std::move(params), std::move(rule)};
  }

  void on_text(std::string_view text) {
    if (mode == Mode::kSniffing) {
      if (text.empty()) return;
      summary.encoding = std::string(encoding_name(decoder.encoding()));
      // An image, a PDF, an archive dropped by mistake: say what it is (docs/formats.md "Bad files").
      if (const Signature known = known_signature(raw_prefix); !known.rule.empty()) {
        return reject(ErrorCode::kBinaryFile, 0, fmt::format("a {} file, not a table", known.format),
                      std::string(known.rule), {text_param("format", known.format)});
      }
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
                        "a zip archive (an XLSX workbook?) given as raw bytes: it must be unpacked first, "
                        "which the page and the kpi-lens command line do (or save the sheet as CSV)",
                        "FILE_ZIP_RAW");
        case FileFormat::kUtf32:
          return reject(ErrorCode::kUnsupportedFormat, 0,
                        "UTF-32 text (its byte order mark says so), an encoding this version does not read; "
                        "save it as UTF-8, UTF-16 or Windows-1251",
                        "FILE_UTF32");
        case FileFormat::kOleXls:
          return reject(ErrorCode::kUnsupportedFormat, 0,
                        "an old binary Excel (.xls) file; save it as CSV or XLSX", "FILE_OLD_XLS");
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
                        "not a text file (it holds NUL bytes); expected CSV", "FILE_BINARY");
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
                                  max_json_bytes, max_json_bytes >> 20),
                      "JSON_TOO_LARGE", {number_param("mib", static_cast<double>(max_json_bytes >> 20))});
      }
      json_text.append(text);
    }
  }

  // ---- XLSX parts (core/sources/xlsx_ingest.h)

  bool begin_part(std::string_view name, Issue& error) {
    if (mode == Mode::kRejected) return true;  // the file failed: later parts are ignored
    if (mode == Mode::kSniffing && summary.bytes == 0 && !xlsx) {
      mode = Mode::kXlsx;
      xlsx = std::make_unique<XlsxIngest>();
      summary.encoding = "utf-8";
      summary.format = "xlsx";
      sink.set_line_word("row");
    }
    if (mode != Mode::kXlsx) {
      error = Issue{ErrorCode::kBadUsage, 0, 0, 0, fmt::format("{}: begin_part after bytes fed outside parts", summary.file)};
      return false;
    }
    if (!xlsx->begin_part(name, error)) {
      error.message = fmt::format("{}: {}", summary.file, error.message);
      return false;
    }
    check_xlsx();
    return true;
  }

  void feed_part(std::string_view bytes) {
    xlsx->feed(bytes, sink);
    check_xlsx();
  }

  // A malformed part before the sheet fails the file.
  void check_xlsx() {
    if (const std::optional<Issue>& e = xlsx->failure()) reject(e->code, e->byte, e->message, e->rule, e->params);
  }

  void fail_file(ErrorCode code, uint64_t byte, std::string_view message, std::string rule, Params params) {
    if (mode == Mode::kRejected) return;
    if (mode == Mode::kXlsx &&
        xlsx->keep_container_error(code, byte, message, sink.kind() != TableKind::kUnknown, rule, params)) {
      return;
    }
    reject(code, byte, std::string(message), std::move(rule), std::move(params));
  }

  // ---- end of file

  void finish() {
    if (mode == Mode::kSniffing || mode == Mode::kCsv || mode == Mode::kHtml || mode == Mode::kJson) on_text(decoder.finish());
    if (mode == Mode::kSniffing) {
      summary.encoding = std::string(encoding_name(decoder.encoding()));
      return reject(ErrorCode::kEmptyFile, 0, summary.bytes == 0 ? "the file is empty" : "the file holds no data",
                    summary.bytes == 0 ? "FILE_EMPTY" : "FILE_NO_DATA");
    }
    std::optional<Issue> reader_error;
    if (mode == Mode::kCsv) {
      csv.finish(sink);
      summary.delimiter = csv.delimiter();
      reader_error = csv.error();
    } else if (mode == Mode::kJson) {
      if (options.inspect) {
        // What the dump is (CRM, endpoint, entities), read into a scratch model: nothing is added.
        json_text.reserve(json_text.size() + kJsonPadding);
        inspect_json_dump(json_text, json_base, context, options.preview_rows);
        std::string().swap(json_text);
        return;
      }
      json_text.reserve(json_text.size() + kJsonPadding);
      read_json_dump(json_text, json_base, context);
      std::string().swap(json_text);
      return;
    } else if (mode == Mode::kHtml) {
      html.finish(sink);
      rename_format("-html");
      reader_error = html.error();
    } else if (mode == Mode::kXlsx) {
      if (std::optional<Issue> e = xlsx->finish(sink, summary, reader_error)) {
        return reject(e->code, e->byte, e->message, e->rule, e->params);
      }
      rename_format("-xlsx");
    } else {
      return;
    }
    // Columns and guesses: asked for, or the file's table or columns were not recognised.
    if (options.inspect || sink.fatal()) summary.inspection = sink.inspection();
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
        add_row_issue(summary, e.code, e.line, e.byte, 0, e.message, true, e.rule, e.params);
      }
    } else if (sink.kind() == TableKind::kUnknown) {
      reject(ErrorCode::kEmptyFile, 0, mode == Mode::kXlsx ? "the sheet holds no data" : "the file holds no data",
             mode == Mode::kXlsx ? "XLSX_SHEET_EMPTY" : "FILE_NO_DATA");
    }
  }

  // The sink names what it recognised as CSV ("bitrix24-csv"): say what the file was.
  void rename_format(std::string_view suffix) {
    constexpr std::string_view kCsvSuffix = "-csv";
    std::string& format = summary.format;
    if (format.ends_with(kCsvSuffix)) format.replace(format.size() - kCsvSuffix.size(), kCsvSuffix.size(), suffix);
  }
};

static_assert(Analyzer::kMaxJsonBytes == kpi::kMaxJsonBytes);

Analyzer::Analyzer() : max_json_bytes_(kMaxJsonBytes) {}
Analyzer::~Analyzer() = default;

bool Analyzer::begin_file(std::string_view name, Issue& error) { return begin_file(name, FileOptions{}, error); }

bool Analyzer::begin_file(std::string_view name, FileOptions options, Issue& error) {
  touch_data();
  if (current_) finish_ingest();
  if (!options.inspect && files_.size() >= kMaxFiles) {
    error = Issue{ErrorCode::kBadUsage, 0, 0, 0, fmt::format("at most {} files can be loaded at once", kMaxFiles),
                  {number_param("n", kMaxFiles)}, "USAGE_TOO_MANY_FILES"};
    return false;
  }
  current_ = std::make_unique<FileIngest>(data_, settings_, static_cast<uint16_t>(files_.size()), name,
                                          std::move(options), max_json_bytes_);
  return true;
}

bool Analyzer::feed(std::string_view bytes) {
  touch_data();
  if (!current_ || current_->mode == FileIngest::Mode::kRejected) {
    if (current_) current_->summary.bytes += bytes.size();
    return false;
  }
  FileIngest& f = *current_;
  f.summary.bytes += bytes.size();
  if (f.mode == FileIngest::Mode::kXlsx) {
    f.feed_part(bytes);
    return f.mode != FileIngest::Mode::kRejected;
  }
  if (f.raw_prefix.size() < 8) f.raw_prefix.append(bytes.substr(0, 8 - f.raw_prefix.size()));
  f.on_text(f.decoder.decode(bytes));
  // An inspect read is done once the reader stopped (header and preview rows taken).
  if (!f.options.inspect) return true;
  return f.mode == FileIngest::Mode::kSniffing || (f.mode == FileIngest::Mode::kCsv && !f.csv.stopped()) ||
         (f.mode == FileIngest::Mode::kHtml && !f.html.stopped());
}

bool Analyzer::begin_part(std::string_view part_name, Issue& error) {
  touch_data();
  if (!current_) {
    error = Issue{ErrorCode::kBadUsage, 0, 0, 0, "begin_part without begin_file"};
    return false;
  }
  return current_->begin_part(part_name, error);
}

std::string Analyzer::sheet_part() const {
  return current_ && current_->xlsx ? current_->xlsx->sheet_part() : std::string();
}

void Analyzer::fail_file(ErrorCode code, uint64_t byte, std::string_view message, std::string rule, Params params) {
  touch_data();
  if (current_) current_->fail_file(code, byte, message, std::move(rule), std::move(params));
}

void Analyzer::finish_ingest() {
  current_->finish();
  if (current_->options.inspect) {
    // An inspect read adds nothing: not to the model, not to the file list.
    inspected_ = std::move(current_->summary);
    inspected_.rows = 0;
  } else {
    files_.push_back(std::move(current_->summary));
    ids_.push_back(next_id_);
    last_id_ = next_id_++;
  }
  current_.reset();
}

const InputSummary& Analyzer::end_file() {
  touch_data();
  if (!current_) {
    static const InputSummary kNone = [] {
      InputSummary s;
      s.ok = false;
      s.error = Issue{ErrorCode::kBadUsage, 0, 0, 0, "end_file without begin_file"};
      return s;
    }();
    return kNone;
  }
  const bool inspect = current_->options.inspect;
  finish_ingest();
  return inspect ? inspected_ : files_.back();
}

bool Analyzer::inspecting() const noexcept { return current_ && current_->options.inspect; }

void Analyzer::abort_file() {
  touch_data();
  if (!current_) return;
  const auto index = static_cast<uint16_t>(files_.size());
  current_.reset();
  data_.remove_file(index);
}

bool Analyzer::remove_file(uint32_t id) {
  touch_data();
  if (current_) finish_ingest();
  const auto it = std::find(ids_.begin(), ids_.end(), id);
  if (it == ids_.end()) return false;
  const auto position = it - ids_.begin();
  // The model tags rows with the file's position; later files move down by one.
  data_.remove_file(static_cast<uint16_t>(position));
  files_.erase(files_.begin() + position);
  ids_.erase(it);
  return true;
}

void Analyzer::clear() {
  touch_data();
  current_.reset();
  files_.clear();
  ids_.clear();
  data_ = Dataset{};
}

bool Analyzer::set_settings(std::string_view json, std::vector<SettingsError>& errors) {
  return read_settings(json, settings_, errors);
}

bool Analyzer::set_settings(std::string_view json, Issue& error) {
  return apply_settings(json, settings_, error);
}

Report Analyzer::analyze() const {
  if (!needs_resolution(data_, settings_)) {
    if (!index_ || !index_->built_for(settings_)) index_ = std::make_shared<const ContextIndex>(data_, settings_);
    return kpi::analyze(data_, settings_, files_, index_);
  }
  // Placeholders of API dumps are resolved in a copy owned by this analysis.
  const ResolvedReferences resolved(data_, settings_);
  return kpi::analyze(resolved.data(), resolved.settings(), files_);
}

DrillResult Analyzer::drill(const DrillQuery& query, Issue& error) const {
  if (!needs_resolution(data_, settings_)) return kpi::drill(data_, settings_, query, error);
  // The same names as analyze() gives: a manager is asked for by its resolved name.
  const ResolvedReferences resolved(data_, settings_);
  return kpi::drill(resolved.data(), resolved.settings(), query, error);
}

}  // namespace kpi
