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

#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/analyzer.h"
#include "core/kpi/drill.h"
#include "core/sources/mapping.h"

namespace {

std::string fail(const kpi::Issue& issue, std::string_view file = {}) {
  return "{\"ok\":false,\"error\":" + kpi::error_json(issue, file) + "}";
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
  void fail_file(const std::string& code, double byte, const std::string& message) {
    try {
      const kpi::ErrorCode c = code == "UNSUPPORTED_FORMAT" ? kpi::ErrorCode::kUnsupportedFormat
                               : code == "BAD_XLSX"         ? kpi::ErrorCode::kBadXlsx
                                                            : kpi::ErrorCode::kBadZip;
      analyzer_.fail_file(c, byte > 0 ? static_cast<uint64_t>(byte) : 0, message);
    } catch (...) {}
  }

  std::string end_file() {
    return guarded([&] { return "{\"ok\":true,\"file\":" + kpi::to_json(analyzer_.end_file()) + "}"; });
  }

  void abort_file() {
    try { analyzer_.abort_file(); } catch (...) {}
  }

  std::string files() const {
    return guarded([&] {
      std::string out = "{\"ok\":true,\"files\":[";
      for (size_t i = 0; i < analyzer_.files().size(); ++i) {
        if (i) out += ',';
        out += kpi::to_json(analyzer_.files()[i]);
      }
      return out + "]}";
    });
  }

  std::string remove_file(size_t index) {
    return guarded([&] {
      if (!analyzer_.remove_file(index)) {
        return fail(kpi::Issue{kpi::ErrorCode::kBadUsage, 0, 0, 0, fmt::format("no file #{}", index)});
      }
      return std::string("{\"ok\":true}");
    });
  }

  std::string set_settings(const std::string& json) {
    return guarded([&] {
      kpi::Issue error;
      if (!analyzer_.set_settings(json, error)) return fail(error);
      return std::string("{\"ok\":true}");
    });
  }

  std::string report() const {
    return guarded([&] { return "{\"ok\":true,\"report\":" + kpi::to_json(analyzer_.analyze()) + "}"; });
  }

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
};

}  // namespace

EMSCRIPTEN_BINDINGS(kpi_lens) {
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
      .function("report", &Engine::report)
      .function("clear", &Engine::clear)
      .function("drill", &Engine::drill);
}
