// libFuzzer target for the CRM API dump readers (amoCRM API v4, Bitrix24
// REST): the input is one or more JSON files separated by a NUL byte, read
// into one Analyzer in that order (so references may come before or after
// what they name), analysed when they read a row or a reference (series, the
// report's JSON and the analysis even of an empty model for one input in
// eight, whole.h), and removed again. Beyond "no crash, no sanitizer report"
// it checks that the summaries (and that report) are valid JSON, that an
// analysis leaves the model exactly as it was read (the placeholders are
// resolved for the analysis only), and that removing every file leaves an
// empty model, reference directory included.
//
// What this target does differently from the other whole-path targets, for
// speed (docs/reliability.md, "The eighth campaign's preparation"):
// - The JSON is checked by json_ok below, not by simdjson: the same RFC 8259
//   grammar and the same rejections simdjson's DOM parser made of what the
//   writer can write (bad UTF-8, a control byte or a bad escape in a string,
//   a lone surrogate escape, nesting over 1024), without allocating, a copy of
//   the text, or coverage counters (simdjson's parse of our own output added
//   features for the shape of the JSON, which the writer's own counters in
//   core/report/json_writer.cpp already give). What it does not repeat:
//   simdjson also refused integers beyond 64 bits and exponents beyond a
//   double; the writer writes neither (a non-finite double is written null).
// - A whole report's input summaries are checked inside the report (the
//   report quotes every summary end_file returned, written by the same
//   write_input), not once more each on its own; the other inputs check each.
// - For a whole report the model is analysed after the first removal (the
//   references a removed file leaves behind) and after the last (the empty
//   model), not after every one: the states in between are more of the same
//   (fewer files' rows and references), and the analysis after every removal
//   was a fifth of this target's time. None when the files read no row or
//   reference: a removal then changes only the input summaries the analysis
//   quotes, and the analysis of that empty model was made before.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/analyzer.h"
#include "tests/fuzz/whole.h"

namespace {

// json_ok: true if `text` is one JSON value (RFC 8259) in valid UTF-8.
// Not instrumented for coverage (see the top); ASan and UBSan still check it.
#define KPI_NO_COVERAGE __attribute__((no_sanitize("coverage")))
constexpr int kMaxDepth = 1024;  // simdjson's default

struct JsonCheck {
  const char* p;
  const char* end;

  KPI_NO_COVERAGE void ws() {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
  }
  KPI_NO_COVERAGE bool literal(std::string_view word) {
    if (static_cast<size_t>(end - p) < word.size() || std::string_view(p, word.size()) != word) return false;
    p += word.size();
    return true;
  }
  KPI_NO_COVERAGE bool digits() {
    const char* start = p;
    while (p < end && *p >= '0' && *p <= '9') ++p;
    return p != start;
  }
  KPI_NO_COVERAGE bool number() {
    if (p < end && *p == '-') ++p;
    if (p == end) return false;
    if (*p == '0') {
      ++p;
    } else if (!digits()) {
      return false;
    }
    if (p < end && *p == '.' && (++p, !digits())) return false;
    if (p < end && (*p == 'e' || *p == 'E')) {
      ++p;
      if (p < end && (*p == '+' || *p == '-')) ++p;
      if (!digits()) return false;
    }
    return true;
  }
  KPI_NO_COVERAGE bool hex4(uint32_t& u) {
    if (end - p < 4) return false;
    u = 0;
    for (int i = 0; i < 4; ++i, ++p) {
      const char c = *p;
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return false;
      u = u << 4 | static_cast<uint32_t>(d);
    }
    return true;
  }
  // One UTF-8 sequence of 2 to 4 bytes at p (no overlong form, no surrogate, at most U+10FFFF).
  KPI_NO_COVERAGE bool utf8() {
    const auto c = static_cast<unsigned char>(*p);
    int n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (end - p <= n) return false;
    ++p;
    for (int i = 0; i < n; ++i, ++p) {
      const auto b = static_cast<unsigned char>(*p);
      if (b < (i == 0 ? lo : 0x80) || b > (i == 0 ? hi : 0xBF)) return false;
    }
    return true;
  }
  KPI_NO_COVERAGE bool string() {
    ++p;  // the opening quote
    while (p < end) {
      const auto c = static_cast<unsigned char>(*p);
      if (c == '"') {
        ++p;
        return true;
      }
      if (c < 0x20) return false;
      if (c >= 0x80) {
        if (!utf8()) return false;
        continue;
      }
      ++p;
      if (c != '\\') continue;
      if (p == end) return false;
      switch (*p++) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          break;
        case 'u': {
          uint32_t u = 0;
          if (!hex4(u) || (u >= 0xDC00 && u <= 0xDFFF)) return false;
          if (u >= 0xD800 && u < 0xDC00) {  // a high surrogate: the low one must follow
            if (end - p < 2 || p[0] != '\\' || p[1] != 'u') return false;
            p += 2;
            if (!hex4(u) || u < 0xDC00 || u > 0xDFFF) return false;
          }
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }
  KPI_NO_COVERAGE bool value(int depth) {
    if (p == end) return false;
    switch (*p) {
      case '{': case '[': {
        if (depth >= kMaxDepth) return false;
        const char close = *p == '{' ? '}' : ']';
        ++p;
        ws();
        if (p < end && *p == close) {
          ++p;
          return true;
        }
        for (;;) {
          if (close == '}') {
            if (p == end || *p != '"' || !string()) return false;
            ws();
            if (p == end || *p != ':') return false;
            ++p;
            ws();
          }
          if (!value(depth + 1)) return false;
          ws();
          if (p == end) return false;
          if (*p == close) {
            ++p;
            return true;
          }
          if (*p != ',') return false;
          ++p;
          ws();
        }
      }
      case '"': return string();
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: return number();
    }
  }
};

__attribute__((noinline)) KPI_NO_COVERAGE bool json_ok(std::string_view text) {
  JsonCheck check{text.data(), text.data() + text.size()};
  check.ws();
  if (!check.value(0)) return false;
  check.ws();
  return check.p == check.end;
}

void require_json(const std::string& json, const char* what) {
  if (!json_ok(json)) {
    std::fprintf(stderr, "%s is not valid JSON:\n%s\n", what, json.c_str());
    std::abort();
  }
}

// The columns an analysis rewrites while it runs, as read.
std::vector<uint32_t> snapshot(const kpi::Dataset& d) {
  std::vector<uint32_t> out;
  for (const auto* column : {&d.deals.owner, &d.deals.stage, &d.deals.pipeline, &d.deals.loss_reason,
                             &d.deals.source, &d.stage_events.to_stage, &d.tasks.owner, &d.activities.owner,
                             &d.activities.deal_id}) {
    out.insert(out.end(), column->begin(), column->end());
    out.push_back(~0u);
  }
  for (kpi::DealState s : d.deals.state) out.push_back(static_cast<uint32_t>(s));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  kpi::Analyzer analyzer;
  kpi::Issue error;
  kpi::fuzz::lean_settings(analyzer, size);
  const bool whole = kpi::fuzz::whole_report(size);
  size_t files = 0;
  for (size_t pos = 0; pos <= input.size() && files < 8; ++files) {
    const size_t end = std::min(input.find('\0', pos), input.size());
    const std::string_view file = input.substr(pos, end - pos);
    pos = end + 1;
    if (!analyzer.begin_file("fuzz.json", error)) std::abort();
    // Odd files in 7-byte chunks: buffering must not depend on chunking.
    for (size_t i = 0; i < file.size(); i += files % 2 ? 7 : file.size()) analyzer.feed(file.substr(i, files % 2 ? 7 : file.size()));
    const kpi::InputSummary& summary = analyzer.end_file();
    if (summary.bytes != file.size()) std::abort();
    // A whole report checks each summary inside the report (top).
    if (!whole) require_json(kpi::to_json(summary), "the input summary");
  }
  const std::vector<uint32_t> before = snapshot(analyzer.dataset());
  // As kpi::fuzz::analyze (whole.h), with json_ok for the report.
  if (whole || kpi::fuzz::model_size(analyzer.dataset()) != 0) {
    const kpi::Report report = analyzer.analyze();
    if (whole) require_json(kpi::to_json(report), "the report");
  }
  if (snapshot(analyzer.dataset()) != before) {
    std::fprintf(stderr, "the analysis did not restore the model\n");
    std::abort();
  }
  // Remove from the middle first, then the rest; for a whole report (one
  // input in eight, whole.h), analyse after the first removal (the references
  // left behind by a removed file are what it reaches) and after the last
  // (the empty model); for every input they doubled or tripled the analyses
  // of a small input.
  // Not when nothing was read: the removals then change only the input
  // summaries of an analysis of the empty model, which the one above made.
  const bool removals = whole && kpi::fuzz::model_size(analyzer.dataset()) != 0;
  for (bool first = true; !analyzer.files().empty(); first = false) {
    analyzer.remove_file(analyzer.file_ids()[analyzer.files().size() / 2]);
    if (removals && (first || analyzer.files().empty())) (void)analyzer.analyze();
  }
  const kpi::Dataset& d = analyzer.dataset();
  if (d.deals.size() + d.stage_events.size() + d.tasks.size() + d.activities.size() + d.references.size() != 0) {
    std::abort();
  }
  return 0;
}
