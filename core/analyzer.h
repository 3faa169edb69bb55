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
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/model/dataset.h"
#include "core/report/report.h"
#include "core/settings.h"

namespace kpi {

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
  /// The next bytes of the current file; ignored when no file is open.
  void feed(std::string_view bytes);
  /// Ends the current file and returns its summary. Rows read before a fatal
  /// error stay in the model.
  const InputSummary& end_file();
  /// Ends the current file and drops whatever it had added.
  void abort_file();

  const std::vector<InputSummary>& files() const noexcept { return files_; }
  /// Drops a finished file's rows. False for a bad index.
  bool remove_file(size_t index);
  /// Forgets every file (settings stay).
  void clear();

  /// The largest JSON dump a file may be (simdjson parses a dump whole, so
  /// it is buffered): kMaxJsonBytes (512 MiB) unless an embedder with less
  /// memory lowers it. Applies to files begun after the call.
  void set_max_json_bytes(size_t bytes) noexcept { max_json_bytes_ = bytes; }

  /// Applies a settings document (see settings.h). On error the old settings stay.
  bool set_settings(std::string_view json, Issue& error);
  const Settings& settings() const noexcept { return settings_; }

  Report analyze() const;
  const Dataset& dataset() const noexcept { return data_; }

 private:
  struct FileIngest;
  void finish_ingest();

  // Mutable: analyze() resolves API-dump placeholders in place and puts the
  // columns back before it returns (core/sources/references.h).
  mutable Dataset data_;
  Settings settings_;
  std::vector<InputSummary> files_;
  std::unique_ptr<FileIngest> current_;
  size_t max_json_bytes_;
};

}  // namespace kpi
