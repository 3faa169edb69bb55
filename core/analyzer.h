// The core's one entry point: read files (streamed, one at a time, in chunks
// of any size), take settings, produce the report. Files are parsed once into
// the columnar model; analyze() reads only the model, so settings changes
// re-run the analysis without re-reading anything.
//
//   kpi::Analyzer a;
//   a.begin_file("deals.csv");
//   a.feed(chunk1); a.feed(chunk2);
//   const kpi::InputSummary& s = a.end_file();  // s.ok == false: not readable at all
//   kpi::Report r = a.analyze();
//
// A file made of parts (an XLSX: a zip the caller unpacks, since the core has
// no inflate) is fed part by part between begin_file and end_file:
//   a.begin_file("deals.xlsx");
//   a.begin_part("xl/workbook.xml", e);            a.feed(...);
//   a.begin_part("xl/_rels/workbook.xml.rels", e); a.feed(...);
//   a.begin_part("xl/styles.xml", e);              a.feed(...);  // if present
//   a.begin_part("xl/sharedStrings.xml", e);       a.feed(...);  // if present
//   a.begin_part(a.sheet_part(), e);               a.feed(...);  // the first sheet
//   a.end_file();
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/model/dataset.h"
#include "core/kpi/drill.h"
#include "core/report/report.h"
#include "core/settings.h"
#include "core/sources/mapping.h"

namespace kpi {

struct ContextIndex;

class Analyzer {
 public:
  /// At most this many files at once (the model tags rows with a 16-bit file index).
  static constexpr size_t kMaxFiles = 60000;

  /// The default JSON dump limit (core/sources/crm_json.h).
  static constexpr size_t kMaxJsonBytes = size_t{512} << 20;

  Analyzer();
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  /// Starts a file. A file still open is ended first. False (kBadUsage) when
  /// too many files are loaded.
  bool begin_file(std::string_view name, Issue& error);
  /// Starts a file with options (core/sources/mapping.h): `inspect` reads the
  /// header and the first rows only and adds nothing (end_file's summary then
  /// carries `inspection` and is not kept in files()); `mapping` reads the
  /// file with the user's columns instead of the alias dictionary. Bad
  /// options (`options.invalid`) make the file unreadable with that error.
  bool begin_file(std::string_view name, FileOptions options, Issue& error);
  /// The next bytes of the current file (or of its current part); ignored
  /// when no file is open.
  /// Returns false once the file needs no more bytes: it was rejected, or an
  /// inspect read has taken its rows (a host may stop reading then).
  bool feed(std::string_view bytes);
  /// Starts a part of the current file, which is then an XLSX workbook: the
  /// part is recognised by its name (`.../workbook.xml`, `.../workbook.xml.rels`,
  /// `.../styles.xml`, `.../sharedStrings.xml`; any other name is the
  /// worksheet, which comes last and once). The parts before the sheet are
  /// optional: without styles no number is a date, without the rels the
  /// sheet is whatever part is fed. False (kBadUsage) when no file is open,
  /// the file already had bytes outside parts, or a second sheet is begun.
  bool begin_part(std::string_view part_name, Issue& error);
  /// The first sheet's part as the workbook and its rels name it
  /// (`xl/worksheets/sheet1.xml`); "" until both were read.
  std::string sheet_part() const;
  /// The current file's container could not be read (a zip cut short, bad
  /// deflate data): the file fails with this error unless its sheet had
  /// already produced rows, which stay (the error is then a row issue, as
  /// for a CSV cut inside a quote). Parts and bytes after it are ignored.
  void fail_file(ErrorCode code, uint64_t byte, std::string_view message, std::string rule = {}, Params params = {});
  /// Ends the current file and returns its summary. Rows read before a fatal
  /// error stay in the model. The file's id is last_file_id() (an inspect
  /// read adds no file and gets none).
  const InputSummary& end_file();
  /// The id of the file end_file() ended last: stable, never reused by this
  /// Analyzer (clear() included); kNoFile before any.
  static constexpr uint32_t kNoFile = UINT32_MAX;
  uint32_t last_file_id() const noexcept { return last_id_; }
  /// True between begin_file and end_file / abort_file; inspecting(): that file is an inspect read.
  bool reading() const noexcept { return current_ != nullptr; }
  bool inspecting() const noexcept;
  /// Ends the current file and drops whatever it had added.
  void abort_file();

  /// The files read, in the order they were added, and their ids (same order).
  const std::vector<InputSummary>& files() const noexcept { return files_; }
  const std::vector<uint32_t>& file_ids() const noexcept { return ids_; }
  /// Drops a finished file's rows, by the id end_file gave it. False for an
  /// id this Analyzer does not hold (never given, or removed).
  bool remove_file(uint32_t id);
  /// Forgets every file (settings stay).
  void clear();

  /// The largest JSON dump a file may be (simdjson parses a dump whole, so
  /// it is buffered): kMaxJsonBytes (512 MiB) unless an embedder with less
  /// memory lowers it. Applies to files begun after the call.
  void set_max_json_bytes(size_t bytes) noexcept { max_json_bytes_ = bytes; }

  /// Takes a WHOLE settings document (settings.h: a key not given takes its
  /// default). On error the old settings stay and `errors` names every bad field.
  bool set_settings(std::string_view json, std::vector<SettingsError>& errors);
  /// The same, with the first error as an Issue.
  bool set_settings(std::string_view json, Issue& error);
  const Settings& settings() const noexcept { return settings_; }

  /// The report: a pure function of the model and the settings (nothing is
  /// written; API-dump placeholders are resolved in a copy, references.h).
  Report analyze() const;
  /// The deals behind one number (core/kpi/drill.h), with CRM ids named as analyze() names them.
  DrillResult drill(const DrillQuery& query, Issue& error) const;
  const Dataset& dataset() const noexcept { return data_; }

 private:
  struct FileIngest;
  void finish_ingest();

  // Marks the model changed: the cached analysis index is stale.
  void touch_data() noexcept { index_.reset(); }

  Dataset data_;
  Settings settings_;
  // What every analysis indexes from the model alone (core/kpi/context.h
  // ContextIndex), kept across analyses until a file is added, removed or
  // the lead-class or call settings change: a norm or period change does
  // not rebuild it.
  mutable std::shared_ptr<const ContextIndex> index_;
  std::vector<InputSummary> files_;
  std::vector<uint32_t> ids_;  // ids_[i] is the id of files_[i]
  uint32_t next_id_ = 0;
  uint32_t last_id_ = kNoFile;
  InputSummary inspected_;  // the last inspect read's summary
  std::unique_ptr<FileIngest> current_;
  size_t max_json_bytes_;
};

}  // namespace kpi
