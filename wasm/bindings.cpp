// The boundary: the only file that includes Emscripten. One class, Engine,
// wraps kpi::Analyzer. Bytes cross through an engine-owned staging buffer;
// answers cross as JSON text envelopes {"ok":true,...} / {"ok":false,
// "error":{code,file,line,byte,message}}. No C++ exception ever reaches JS
// (each escape would leak wasm stack): every method catches.
//
// Buffer ownership: staging(n) returns the address of a buffer the Engine
// owns; it stays valid until the next staging() call or the Engine's
// deletion. JS writes a chunk there (through a fresh HEAPU8 view) and calls
// feed(n), which consumes the bytes before returning.
#include <emscripten/bind.h>
#include <malloc.h>

#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "core/analyzer.h"
#include "core/kpi/drill.h"
#include "core/kpi/lead_class.h"
#include "core/kpi/roles.h"
#include "core/sources/mapping.h"
#include "core/sources/plan_table.h"

namespace {

std::string fail(const kpi::Issue& issue, std::string_view file = {}) {
  return "{\"ok\":false,\"error\":" + kpi::error_json(issue, file) + "}";
}

// A file's summary with its stable id first: {"id":3,"file":"deals.csv",...}.
std::string summary_json(const kpi::InputSummary& summary, uint32_t id) {
  const std::string json = kpi::to_json(summary);
  return fmt::format("{{\"id\":{},{}", id, std::string_view(json).substr(1));
}

std::string fail_internal(const char* what) {
  return fail(kpi::Issue{kpi::ErrorCode::kBadUsage, 0, 0, 0, fmt::format("internal error: {}", what)});
}

template <typename F>
std::string guarded(F&& f) {
  try {
    return f();
  } catch (const std::exception& e) {
    return fail_internal(e.what());
  } catch (...) {
    return fail_internal("unknown exception");
  }
}

class Engine {
 public:
  std::string version() const { return KPI_VERSION; }

  uintptr_t staging(size_t n) {
    try {
      if (staging_.size() < n) staging_.resize(n);
      return reinterpret_cast<uintptr_t>(staging_.data());
    } catch (...) {
      return 0;
    }
  }

  std::string begin_file(const std::string& name) {
    return guarded([&] {
      kpi::Issue error;
      if (!analyzer_.begin_file(name, error)) return fail(error, name);
      return std::string("{\"ok\":true}");
    });
  }

  /// Options JSON (docs/formats.md "Column mapping"): {"inspect": true,
  /// "preview_rows": n} or {"mapping": {...}}. Bad options are not an error
  /// here: the file ends as unreadable with BAD_MAPPING naming the key.
  std::string begin_file_with(const std::string& name, const std::string& options) {
    return guarded([&] {
      kpi::Issue error;
      if (!analyzer_.begin_file(name, kpi::parse_file_options(options), error)) return fail(error, name);
      return std::string("{\"ok\":true}");
    });
  }

  /// False once the file needs no more bytes (rejected, or an inspect read is done).
  bool feed(size_t n) {
    try {
      return analyzer_.feed(std::string_view(staging_.data(), std::min(n, staging_.size())));
    } catch (...) {
      // Out of memory mid-file: the file's summary will say what was read.
      return false;
    }
  }

  // An XLSX is fed as parts (kpi-engine.mjs unpacks the zip): begin_part
  // names the part whose bytes the next feed() calls carry.
  std::string begin_part(const std::string& name) {
    return guarded([&] {
      kpi::Issue error;
      if (!analyzer_.begin_part(name, error)) return fail(error);
      return std::string("{\"ok\":true}");
    });
  }

  std::string sheet_part() const {
    try {
      return analyzer_.sheet_part();
    } catch (...) {
      return {};
    }
  }

  // The zip around the parts could not be read: `code` is BAD_ZIP (the
  // container) or UNSUPPORTED_FORMAT (a feature we do not read).
  /// `rule` and `params` (a flat JSON object of texts and numbers) are the
  /// strings-table key and its values (core/error.h Issue::rule).
  void fail_file(const std::string& code, double byte, const std::string& message, const std::string& rule,
                 const std::string& params) {
    try {
      const kpi::ErrorCode c = code == "UNSUPPORTED_FORMAT" ? kpi::ErrorCode::kUnsupportedFormat
                               : code == "BAD_XLSX"         ? kpi::ErrorCode::kBadXlsx
                                                            : kpi::ErrorCode::kBadZip;
      kpi::Params values;
      simdjson::dom::parser parser;
      simdjson::dom::object o;
      if (!params.empty() && parser.parse(simdjson::padded_string(params)).get_object().get(o) == simdjson::SUCCESS) {
        for (auto [key, value] : o) {
          std::string_view text;
          double number = 0;
          if (value.get_string().get(text) == simdjson::SUCCESS) values.push_back(kpi::text_param(key, text));
          else if (value.get_double().get(number) == simdjson::SUCCESS) values.push_back(kpi::number_param(key, number));
        }
      }
      analyzer_.fail_file(c, byte > 0 ? static_cast<uint64_t>(byte) : 0, message, rule, std::move(values));
    } catch (...) {}
  }

  /// {"ok":true,"id":N,"file":{"id":N,...summary}}: N is the file's stable id
  /// (remove_file takes it); an inspect read has no id (null).
  std::string end_file() {
    return guarded([&] {
      const bool kept = analyzer_.reading() && !analyzer_.inspecting();
      const kpi::InputSummary& summary = analyzer_.end_file();
      if (!kept) return "{\"ok\":true,\"id\":null,\"file\":" + kpi::to_json(summary) + "}";
      const uint32_t id = analyzer_.last_file_id();
      return fmt::format("{{\"ok\":true,\"id\":{},\"file\":{}}}", id, summary_json(summary, id));
    });
  }

  void abort_file() {
    try { analyzer_.abort_file(); } catch (...) {}
  }

  std::string files() const {
    return guarded([&] {
      std::string out = "{\"ok\":true,\"files\":[";
      for (size_t i = 0; i < analyzer_.files().size(); ++i) {
        if (i) out += ',';
        out += summary_json(analyzer_.files()[i], analyzer_.file_ids()[i]);
      }
      return out + "]}";
    });
  }

  /// Drops the file end_file() gave this id (ids are never reused).
  std::string remove_file(double id) {
    return guarded([&] {
      if (!(id >= 0 && id < kpi::Analyzer::kNoFile && id == static_cast<double>(static_cast<uint32_t>(id))) ||
          !analyzer_.remove_file(static_cast<uint32_t>(id))) {
        return fail(kpi::Issue{kpi::ErrorCode::kBadUsage, 0, 0, 0, fmt::format("no file with id {}", id)});
      }
      return std::string("{\"ok\":true}");
    });
  }

  /// The WHOLE settings document (a key not given takes its default). On error the
  /// settings in force stay: {"ok":false,"error":{first},"errors":[every bad field]},
  /// each {"code":"BAD_SETTINGS","rule","path","params","message"} (docs/kpi.md).
  std::string set_settings(const std::string& json) {
    return guarded([&] {
      std::vector<kpi::SettingsError> errors;
      if (analyzer_.set_settings(json, errors)) return std::string("{\"ok\":true}");
      auto coded = [](const kpi::SettingsError& e) {
        return "{\"code\":\"BAD_SETTINGS\"," + kpi::settings_error_json(e).substr(1);
      };
      std::string out = "{\"ok\":false,\"error\":" + coded(errors.front()) + ",\"errors\":[";
      for (size_t i = 0; i < errors.size(); ++i) {
        if (i) out += ',';
        out += coded(errors[i]);
      }
      return out + "]}";
    });
  }

  /// The sales-plan table of Settings (core/sources/plan_table.h) from the first n staged
  /// bytes: a CSV's bytes when `parts` is "[]", else the XLSX parts the caller unzipped, end
  /// to end, as `[[name, length], ...]`; `sheet` = the sheet wanted ("" = the one that looks
  /// like a plan). {"ok":true,"plans":[...],"errors":[...],"encoding","sheet","sheets"}.
  std::string plan_table(size_t n, const std::string& parts, const std::string& sheet) {
    return guarded([&] {
      const auto usage = [](std::string m) { return fail(kpi::Issue{kpi::ErrorCode::kBadUsage, 0, 0, 0, std::move(m)}); };
      if (n > staging_.size()) return usage("plan_table: more bytes than staged");
      const std::string_view bytes(reinterpret_cast<const char*>(staging_.data()), n);
      simdjson::dom::parser parser;
      simdjson::dom::array list;
      if (parser.parse(simdjson::padded_string(parts)).get_array().get(list) != simdjson::SUCCESS) {
        return usage("plan_table takes a JSON array of [name, length] parts");
      }
      std::vector<kpi::PlanTablePart> cut;
      size_t at = 0;
      for (simdjson::dom::element e : list) {
        std::string_view name;
        uint64_t length = 0;
        if (e.at(0).get_string().get(name) != simdjson::SUCCESS || e.at(1).get_uint64().get(length) != simdjson::SUCCESS ||
            length > n - at) {
          return usage("plan_table: a part is not [name, length] within the staged bytes");
        }
        cut.push_back({name, bytes.substr(at, static_cast<size_t>(length))});
        at += static_cast<size_t>(length);
      }
      const std::string json = kpi::plan_table_json(cut.empty() ? bytes : std::string_view(), cut, sheet);
      return "{\"ok\":true," + json.substr(1);
    });
  }

  /// The whole default settings document.
  std::string defaults() const {
    // issue 11: with the role KPI sets a face offers (core/kpi/roles.h); issue 9: with the form's schema
    // and what its calendar and bonus table start from
    return guarded([&] {
      return "{\"ok\":true,\"settings\":" + kpi::settings_json(kpi::Settings{}) +
             ",\"role_presets\":" + kpi::role_presets_json() + ",\"schema\":" + kpi::settings_schema_json() +
             ",\"starts\":" + kpi::settings_starts_json() + "}";
    });
  }

  /// A date as typed into a settings field (`lang`: "ru" or "en"), read by the core
  /// (kpi::read_typed_date): {"ok":true,"date":"2026-03-31"|"2026-03-31T14:30"|null}.
  std::string read_date(const std::string& text, const std::string& lang) const {
    return guarded([&] {
      const auto date = kpi::read_typed_date(text, lang);
      return std::string("{\"ok\":true,\"date\":") + (date ? "\"" + *date + "\"" : std::string("null")) + "}";
    });
  }

  /// The whole settings document in force.
  std::string settings() const {
    return guarded([&] { return "{\"ok\":true,\"settings\":" + kpi::settings_json(analyzer_.settings()) + "}"; });
  }

  /// The lead class of each source (a JSON array of names) under the settings in force,
  /// and the class its name alone gives (the keywords, without source_classes):
  /// {"ok":true,"classes":{"Звонок":{"class":"hot","auto":"hot"},...}}.
  std::string lead_classes(const std::string& sources) const {
    return guarded([&] {
      simdjson::dom::parser parser;
      simdjson::dom::array names;
      if (parser.parse(simdjson::padded_string(sources)).get_array().get(names) != simdjson::SUCCESS) {
        return fail(kpi::Issue{kpi::ErrorCode::kBadUsage, 0, 0, 0, "lead_classes takes a JSON array of source names"});
      }
      static const kpi::Settings bare;
      std::string out = "{\"ok\":true,\"classes\":{";
      bool first = true;
      for (simdjson::dom::element e : names) {
        std::string_view name;
        if (e.get_string().get(name) != simdjson::SUCCESS) continue;
        if (!first) out += ',';
        first = false;
        kpi::append_json_string(out, name);
        out += fmt::format(":{{\"class\":\"{}\",\"auto\":\"{}\"}}",
                           kpi::lead_class_name(kpi::lead_class_of(analyzer_.settings(), name)),
                           kpi::lead_class_name(kpi::lead_class_of(bare, name)));
      }
      return out + "}}";
    });
  }

  std::string report() const {
    return guarded([&] { return "{\"ok\":true,\"report\":" + kpi::to_json(analyzer_.analyze()) + "}"; });
  }

  // The same answer as report(), kept in the engine's out buffer instead of
  // returned: its length in bytes. JS copies the UTF-8 bytes out of the heap
  // (out_address()) without decoding them, so the worker hands the page the
  // bytes the core wrote (KpiEngine.reportBytes): for the demo's 0.9 MB report,
  // decoding it into a JS string and encoding it again for the page was a
  // third of a re-analysis (docs/performance.md). `ascii`: non-ASCII text as
  // \uXXXX escapes (kpi::to_json), which the page parses as one-byte text.
  // Valid until the next call.
  size_t report_out(bool ascii) {
    out_ = guarded([&] { return "{\"ok\":true,\"report\":" + kpi::to_json(analyzer_.analyze(), ascii) + "}"; });
    return out_.size();
  }
  uintptr_t out_address() const { return reinterpret_cast<uintptr_t>(out_.data()); }

  void clear() {
    try { analyzer_.clear(); } catch (...) {}
  }

  // The deals behind one number (core/kpi/drill.h), for the current files and settings.
  std::string drill(const std::string& metric, const std::string& manager, const std::string& group_by,
                    const std::string& group, bool flagged_only, double limit) const {
    return guarded([&] {
      kpi::DrillQuery q{metric, manager, group_by, group, flagged_only, kpi::kDrillLimit};
      if (limit >= 0 && limit < static_cast<double>(kpi::kDrillLimit)) q.limit = static_cast<size_t>(limit);
      kpi::Issue error;
      const kpi::DrillResult result = analyzer_.drill(q, error);
      if (error.code != kpi::ErrorCode::kOk) return fail(error);
      return "{\"ok\":true,\"drill\":" + kpi::to_json(result) + "}";
    });
  }

 private:
  kpi::Analyzer analyzer_;
  std::vector<char> staging_;
  std::string out_;  // report_out()'s answer
};

// Diagnostics: the bytes the allocator (emscripten's dlmalloc) has handed out
// and not taken back, i.e. live heap objects. Unlike HEAPU8.length, which only
// grows in 64 KiB pages and never shrinks, this goes down when memory is freed,
// so a leak test can compare it before and after (tests/node/leak.test.mjs).
double heap_live_bytes() {
  return static_cast<double>(static_cast<unsigned>(mallinfo().uordblks));
}

}  // namespace

EMSCRIPTEN_BINDINGS(kpi_lens) {
  emscripten::function("heap_live_bytes", &heap_live_bytes);
  emscripten::class_<Engine>("Engine")
      .constructor<>()
      .function("version", &Engine::version)
      .function("staging", &Engine::staging)
      .function("begin_file", &Engine::begin_file)
      .function("begin_file_with", &Engine::begin_file_with)
      .function("feed", &Engine::feed)
      .function("begin_part", &Engine::begin_part)
      .function("sheet_part", &Engine::sheet_part)
      .function("fail_file", &Engine::fail_file)
      .function("end_file", &Engine::end_file)
      .function("abort_file", &Engine::abort_file)
      .function("files", &Engine::files)
      .function("remove_file", &Engine::remove_file)
      .function("set_settings", &Engine::set_settings)
      .function("defaults", &Engine::defaults)
      .function("settings", &Engine::settings)
      .function("lead_classes", &Engine::lead_classes)
      .function("read_date", &Engine::read_date)
      .function("plan_table", &Engine::plan_table)
      .function("report", &Engine::report)
      .function("report_out", &Engine::report_out)
      .function("out_address", &Engine::out_address)
      .function("clear", &Engine::clear)
      .function("drill", &Engine::drill);
}
