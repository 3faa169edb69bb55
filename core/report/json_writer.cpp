// The JSON face of the report. Written by hand with fmt into one growing
// string: the key order is the one of spec/report.md, numbers use the
// shortest round-trip form (so native and wasm print the same bytes), NaN is
// null, and text is always valid UTF-8.
#include <cmath>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "core/report/report.h"

namespace kpi {
namespace {

// Length of a valid UTF-8 sequence at s[i], or 0.
size_t utf8_len(std::string_view s, size_t i) noexcept {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t len;
  uint32_t cp;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
  else return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto d = static_cast<unsigned char>(s[i + k]);
    if ((d & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (d & 0x3F);
  }
  static constexpr uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// True when none of the eight bytes of `x` needs a look: all are printable
// ASCII other than quote and backslash (the "has a byte less than n" bit
// tricks: a borrow may flag a byte above a true match, never a word without one).
constexpr bool plain_ascii8(uint64_t x) noexcept {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  const uint64_t control = (x - kOnes * 0x20) & ~x & kHigh;
  const uint64_t q = x ^ (kOnes * '"'), quote = (q - kOnes) & ~q & kHigh;
  const uint64_t b = x ^ (kOnes * '\\'), backslash = (b - kOnes) & ~b & kHigh;
  return ((x & kHigh) | control | quote | backslash) == 0;
}

// One UTF-16 unit as \uXXXX (lower-case hex, as the control characters).
void append_u_escape(std::string& out, uint32_t unit) {
  static constexpr char kHex[] = "0123456789abcdef";
  const char e[6] = {'\\', 'u', kHex[(unit >> 12) & 15], kHex[(unit >> 8) & 15], kHex[(unit >> 4) & 15], kHex[unit & 15]};
  out.append(e, 6);
}

bool plain_ascii(std::string_view s) noexcept {
  for (const char ch : s) {
    const auto a = static_cast<unsigned char>(ch);
    if (a < 0x20 || a >= 0x80 || a == '"' || a == '\\') return false;
  }
  return true;
}

class Writer {
 public:
  static constexpr size_t kShortKey = 60;
  std::string out;
  bool ascii = false;  // non-ASCII as \uXXXX escapes (to_json's `ascii`)

  void raw(std::string_view s) { out.append(s); }
  void key(std::string_view k) {
    // Keys are short plain ASCII (a report has tens of thousands of them):
    // the comma, the quoted key and the colon in one append.
    char buf[kShortKey + 4];
    if (k.size() <= kShortKey && plain_ascii(k)) {
      char* p = buf;
      if (!first_) *p++ = ',';
      *p++ = '"';
      std::memcpy(p, k.data(), k.size());
      p += k.size();
      *p++ = '"';
      *p++ = ':';
      out.append(buf, static_cast<size_t>(p - buf));
    } else {
      comma();
      append_json_string(out, k, ascii);
      out.push_back(':');
    }
    first_ = true;  // the value follows without a comma
    pending_value_ = true;
  }
  void str(std::string_view s) { value_prefix(); append_json_string(out, s, ascii); }
  void str_or_null(std::string_view s) { s.empty() ? null() : str(s); }
  // Numbers are formatted into a stack buffer and appended at once (a
  // back_inserter into `out` pushes one char at a time).
  void num(double v) {
    value_prefix();
    if (!std::isfinite(v)) {
      out.append("null");
      return;
    }
    // Whole numbers (counts, most of a report's numbers) skip the shortest
    // round-trip search: fmt prints a whole double below 2^53 as its digits.
    if (v == std::trunc(v) && std::abs(v) < 1e15 && !(v == 0 && std::signbit(v))) {
      int_digits(static_cast<int64_t>(v));
      return;
    }
    char buf[40];
    out.append(buf, fmt::format_to(buf, "{}", v));
  }
  void uint(uint64_t v) {
    value_prefix();
    char buf[24];
    out.append(buf, fmt::format_to(buf, "{}", v));
  }
  void int_digits(int64_t v) {
    char buf[24];
    char* end = buf + sizeof buf;
    char* p = end;
    const bool negative = v < 0;
    uint64_t u = negative ? static_cast<uint64_t>(-v) : static_cast<uint64_t>(v);
    do {
      *--p = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0);
    if (negative) *--p = '-';
    out.append(p, static_cast<size_t>(end - p));
  }
  void boolean(bool v) { value_prefix(); out.append(v ? "true" : "false"); }
  void null() { value_prefix(); out.append("null"); }
  void time(Instant t) { t == kNoTime ? null() : str(format_instant(t)); }
  void begin_object() { value_prefix(); out.push_back('{'); first_ = true; }
  void end_object() { out.push_back('}'); first_ = false; }
  void begin_array() { value_prefix(); out.push_back('['); first_ = true; }
  void end_array() { out.push_back(']'); first_ = false; }

 private:
  void comma() {
    if (!first_) out.push_back(',');
    first_ = false;
  }
  void value_prefix() {
    if (pending_value_) { pending_value_ = false; first_ = false; return; }
    comma();
  }
  bool first_ = true;
  bool pending_value_ = false;
};

void write_metrics(Writer& w, const MetricValues& m) {
  w.begin_object();
  for (size_t i = 0; i < kMetricCount; ++i) {
    w.key(metric_key(static_cast<Metric>(i)));
    w.num(m.values[i]);
  }
  w.end_object();
}

// {"name": number | "text", ...}
void write_params(Writer& w, const Params& params) {
  w.begin_object();
  for (const Param& p : params) {
    w.key(p.name);
    if (p.is_text) w.str(p.text); else w.num(p.number);
  }
  w.end_object();
}

// A norm's value as a row's "norms" entry: a number, or [low, high] for a range.
void write_norm_value(Writer& w, const Norm& n) {
  if (n.kind == NormKind::kRange) {
    w.begin_array();
    w.num(n.low);
    w.num(n.high);
    w.end_array();
  } else {
    w.num(n.value);
  }
}

// "status", "status_reason" and "norms" of a row (docs/report.md "Statuses"),
// each key prefixed (`previous_` for the previous period's row). "norms"
// lists the keys whose norm differs from the catalogue's.
void write_judgement(Writer& w, const MetricValues& m, const std::array<Norm, kMetricCount>& catalogue,
                     std::string_view prefix = {}) {
  const std::string p(prefix);
  w.key(p + "status");
  w.begin_object();
  for (size_t i = 0; i < kMetricCount; ++i) {
    w.key(metric_key(static_cast<Metric>(i)));
    w.str_or_null(status_name(m.judged.status[i]));
  }
  w.end_object();
  w.key(p + "status_reason");
  w.begin_object();
  for (size_t i = 0; i < kMetricCount; ++i) {
    if (m.judged.status[i] != Status::kNone) continue;
    // NO_NORM where the catalogue already says the metric has no norm is left
    // out (docs/report.md "Statuses"): it only repeated what the catalogue says.
    if (m.judged.reason[i] == "NO_NORM" && catalogue[i].kind == NormKind::kNone &&
        m.judged.norm[i].kind == NormKind::kNone) {
      continue;
    }
    w.key(metric_key(static_cast<Metric>(i)));
    w.str(m.judged.reason[i]);
  }
  w.end_object();
  if (!m.judged.frt_class.empty()) {  // the team's FRT median, judged by its worst lead class (issue 10)
    w.key(p + "status_lead_class");
    w.begin_object();
    w.key(metric_key(Metric::kFrtMedianMin));
    w.str(m.judged.frt_class);
    w.end_object();
  }
  w.key(p + "norms");
  w.begin_object();
  for (size_t i = 0; i < kMetricCount; ++i) {
    const Norm& n = m.judged.norm[i];
    if (n.kind == NormKind::kNone || n == catalogue[i]) continue;
    w.key(metric_key(static_cast<Metric>(i)));
    write_norm_value(w, n);
  }
  w.end_object();
  w.key(p + "norm_sources");  // where a row's norm comes from elsewhere than the catalogue's
  w.begin_object();
  for (size_t i = 0; i < kMetricCount; ++i) {
    const Norm& n = m.judged.norm[i];
    if (n.kind == NormKind::kNone || n.source == catalogue[i].source) continue;
    w.key(metric_key(static_cast<Metric>(i)));
    w.str(norm_source_name(n.source));
  }
  w.end_object();
}

void write_reasons(Writer& w, const std::vector<CardReason>& reasons);

// Branch design: a bonus row's reasons as codes and its other KPIs' attainments.
void write_bonus_kpis(Writer& w, const MotivationRow& m) {
  w.key("reasons"); write_reasons(w, m.reasons);
  w.key("revenue_weight"); w.num(m.revenue_weight);
  w.key("revenue_reason"); w.str_or_null(m.revenue_reason);
  w.key("win_rate_weight"); w.num(m.win_rate_weight);
  w.key("win_rate_reason"); w.str_or_null(m.win_rate_reason);
  w.key("kpis");
  w.begin_array();
  for (const MotivationRow::Kpi& k : m.kpis) {
    w.begin_object();
    w.key("metric"); w.str(k.metric);
    w.key("weight"); w.num(k.weight);
    w.key("value"); w.num(k.value);
    w.key("attainment"); w.num(k.attainment);
    w.key("reason"); w.str_or_null(k.reason);
    w.end_object();
  }
  w.end_array();
}

// Branch design: the KPI design check (core/kpi/design.h).
void write_design_check(Writer& w, const std::vector<DesignWarning>& warnings) {
  w.begin_array();
  for (const DesignWarning& d : warnings) {
    w.begin_object();
    w.key("code"); w.str(d.code);
    w.key("params"); write_params(w, d.params);
    w.key("metrics");
    w.begin_array();
    for (const std::string& key : d.metrics) w.str(key);
    w.end_array();
    w.end_object();
  }
  w.end_array();
}

void write_catalogue(Writer& w, const std::array<Norm, kMetricCount>& catalogue) {
  w.begin_object();
  for (size_t i = 0; i < kMetricCount; ++i) {
    const auto m = static_cast<Metric>(i);
    const MetricInfo& info = metric_info(m);
    w.key(metric_key(m));
    w.begin_object();
    w.key("family"); w.str(info.family);
    w.key("unit"); w.str(info.unit);
    w.key("statistic"); w.str(info.statistic);
    w.key("direction"); w.str(info.direction);
    w.key("unavailable"); w.str(info.unavailable);
    w.key("kind"); w.str(info.kind);            // branch design
    w.key("influence"); w.str(info.influence);  // branch design
    w.key("norm");
    const Norm& n = catalogue[i];
    if (n.kind == NormKind::kNone) {
      w.null();
    } else {
      w.begin_object();
      w.key("kind"); w.str(norm_kind_name(n.kind));
      if (n.kind == NormKind::kRange) {
        w.key("low"); w.num(n.low);
        w.key("high"); w.num(n.high);
      } else {
        w.key("value"); w.num(n.value);
      }
      w.key("source"); w.str(norm_source_name(n.source));
      w.end_object();
    }
    w.end_object();
  }
  w.end_object();
}

// {"win_rate": {"n": 6, "low": 0.3, "high": 0.9, "small": true}, ...}: shares with n > 0 only.
void write_samples(Writer& w, const Samples& samples) {
  w.begin_object();
  for (size_t i = 0; i < samples.size(); ++i) {
    const ShareSample& s = samples[i];
    if (!(s.n > 0)) continue;
    w.key(metric_key(kSampledShares[i]));
    w.begin_object();
    w.key("n"); w.num(s.n);
    w.key("low"); w.num(s.low);
    w.key("high"); w.num(s.high);
    w.key("small"); w.boolean(s.n < kSmallSample);
    w.end_object();
  }
  w.end_object();
}

void write_shares(Writer& w, const std::array<double, kSampledShares.size()>& values) {
  w.begin_object();
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    w.key(metric_key(kSampledShares[i]));
    w.num(values[i]);
  }
  w.end_object();
}

void write_named(Writer& w, const std::vector<NamedMetrics>& rows, const std::array<Norm, kMetricCount>& catalogue,
                 bool with_expected = false) {
  w.begin_array();
  for (const NamedMetrics& row : rows) {
    w.begin_object();
    w.key("name"); w.str(row.name);
    w.key("metrics"); write_metrics(w, row.metrics);
    w.key("samples"); write_samples(w, row.samples);
    write_judgement(w, row.metrics, catalogue);
    if (with_expected && row.has_previous) write_judgement(w, row.previous, catalogue, "previous_");
    if (with_expected) {
      w.key("previous");
      if (row.has_previous) write_metrics(w, row.previous); else w.null();
      w.key("expected");
      w.begin_object();
      w.key("source"); write_shares(w, row.expected.source);
      w.key("lead_class"); write_shares(w, row.expected.lead_class);
      w.key("segment"); write_shares(w, row.expected.segment);
      w.end_object();
    }
    w.end_object();
  }
  w.end_array();
}

// Only the cells where the manager has data in the group.
void write_split(Writer& w, const std::vector<SplitRow>& rows, const std::array<Norm, kMetricCount>& catalogue) {
  w.begin_array();
  for (const SplitRow& row : rows) {
    bool any = false;
    for (double v : row.metrics.values) any = any || !std::isnan(v);
    if (!any) continue;
    w.begin_object();
    w.key("manager"); w.str(row.manager);
    w.key("group"); w.str(row.group);
    w.key("metrics"); write_metrics(w, row.metrics);
    w.key("samples"); write_samples(w, row.samples);
    write_judgement(w, row.metrics, catalogue);
    w.key("worse_than_group");
    w.begin_array();
    for (size_t k = 0; k < kSampledShares.size(); ++k) {
      if (row.worse_than_group[k]) w.str(metric_key(kSampledShares[k]));
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
}

void write_issue(Writer& w, const Issue& issue, std::string_view file) {
  w.begin_object();
  w.key("code"); w.str(error_name(issue.code));
  if (!file.empty()) { w.key("file"); w.str(file); }
  w.key("line"); issue.line ? w.uint(issue.line) : w.null();
  w.key("byte"); w.uint(issue.byte);
  w.key("column"); issue.column ? w.uint(issue.column) : w.null();
  w.key("message"); w.str(issue.message);
  w.key("params"); write_params(w, issue.params);
  w.key("rule"); w.str(issue_rule(issue));
  w.end_object();
}

void write_strings(Writer& w, const std::vector<std::string>& items);

// docs/formats.md "Columns and guesses": the shape is stable; "" fields are null.
void write_inspection(Writer& w, const Inspection& in) {
  w.begin_object();
  w.key("header_line"); w.uint(in.header_line);
  w.key("header_columns"); w.uint(in.header_columns);
  w.key("kind"); w.str_or_null(in.kind);
  w.key("kind_by"); w.str_or_null(in.kind_by);
  w.key("columns");
  w.begin_array();
  for (size_t i = 0; i < in.columns.size(); ++i) {
    const ColumnGuess& c = in.columns[i];
    w.begin_object();
    w.key("index"); w.uint(i);
    w.key("name"); w.str(c.name);
    w.key("field"); w.str_or_null(c.field);
    w.key("by"); w.str_or_null(c.by);
    w.key("values"); w.str(c.values);
    w.key("confidence");
    if (c.field.empty()) w.null(); else w.num(c.confidence);
    w.key("doubt"); w.str_or_null(c.doubt);
    w.end_object();
  }
  w.end_array();
  w.key("crm"); w.str_or_null(in.crm);
  w.key("endpoint"); w.str_or_null(in.endpoint);
  w.key("entities"); w.uint(in.entities);
  w.key("signature"); write_strings(w, in.signature);
  w.key("missing"); write_strings(w, in.missing);
  w.key("preview");
  w.begin_array();
  for (const std::vector<std::string>& row : in.preview) write_strings(w, row);
  w.end_array();
  w.key("tables");
  w.begin_object();
  for (const TableFields& t : in.tables) {
    w.key(t.kind);
    w.begin_object();
    w.key("fields"); write_strings(w, t.fields);
    w.key("required"); write_strings(w, t.required);
    w.end_object();
  }
  w.end_object();
  w.end_object();
}

void write_input(Writer& w, const InputSummary& in) {
  w.begin_object();
  w.key("file"); w.str(in.file);
  w.key("kind"); w.str_or_null(in.kind);
  w.key("format"); w.str_or_null(in.format);
  w.key("rows"); w.uint(in.rows);
  w.key("skipped"); w.uint(in.skipped);
  w.key("ok"); w.boolean(in.ok);
  w.key("encoding"); w.str_or_null(in.encoding);
  w.key("delimiter");
  if (in.delimiter != 0) w.str(std::string_view(&in.delimiter, 1)); else w.null();
  w.key("bytes"); w.uint(in.bytes);
  w.key("issue_count"); w.uint(in.issue_count);
  w.key("issues");
  w.begin_array();
  for (const Issue& issue : in.issues) write_issue(w, issue, {});
  w.end_array();
  w.key("error");
  if (in.ok) w.null(); else write_issue(w, in.error, in.file);
  w.key("inspection");
  if (in.inspection) write_inspection(w, *in.inspection); else w.null();
  w.end_object();
}

void write_strings(Writer& w, const std::vector<std::string>& items) {
  w.begin_array();
  for (const std::string& s : items) w.str(s);
  w.end_array();
}

}  // namespace

void append_json_string(std::string& out, std::string_view s, bool ascii) {
  out.push_back('"');
  for (size_t i = 0; i < s.size();) {
    // A run that needs no escape (printable ASCII other than quote and
    // backslash, and valid UTF-8 sequences: Cyrillic names are most of the
    // text) is copied at once.
    size_t run = i;
    for (uint64_t word; run + 8 <= s.size(); run += 8) {  // eight plain ASCII bytes at a time
      std::memcpy(&word, s.data() + run, 8);
      if (!plain_ascii8(word)) break;
    }
    while (run < s.size()) {
      const auto a = static_cast<unsigned char>(s[run]);
      if (a >= 0x20 && a < 0x80 && a != '"' && a != '\\') {
        ++run;
        continue;
      }
      const size_t len = a < 0x80 || ascii ? 0 : utf8_len(s, run);
      if (len == 0) break;
      run += len;
    }
    if (run != i) {
      out.append(s.data() + i, run - i);
      i = run;
      continue;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
      ++i;
    } else if (c < 0x20) {
      switch (c) {
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
      }
      ++i;
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
    } else {
      const size_t len = utf8_len(s, i);
      if (ascii) {
        // The code point as one \uXXXX, or a surrogate pair above U+FFFF.
        uint32_t cp = 0xFFFD;  // for a byte that is not UTF-8
        if (len != 0) {
          cp = static_cast<unsigned char>(s[i]) & (0x7Fu >> len);
          for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        }
        if (cp >= 0x10000) {
          cp -= 0x10000;
          append_u_escape(out, 0xD800 + (cp >> 10));
          cp = 0xDC00 + (cp & 0x3FF);
        }
        append_u_escape(out, cp);
        i += len == 0 ? 1 : len;
      } else if (len == 0) {
        out.append("\xEF\xBF\xBD");  // U+FFFD for a byte that is not UTF-8
        ++i;
      } else {
        out.append(s.substr(i, len));
        i += len;
      }
    }
  }
  out.push_back('"');
}

std::string to_json(const InputSummary& input) {
  Writer w;
  write_input(w, input);
  return std::move(w.out);
}

std::string error_json(const Issue& issue, std::string_view file) {
  Writer w;
  write_issue(w, issue, file);
  return std::move(w.out);
}

// ---- Issue 10: what a head of sales looks for first (one block, additive keys
// `activity`, `open_pipeline`, `new_deals`; docs/kpi.md "Activity, open pipeline, new deals").
namespace {

void write_activity_counts(Writer& w, const ManagerActivityCounts& a) {
  w.key("calls_out"); w.num(a.calls_out);
  w.key("calls_in"); w.num(a.calls_in);
  w.key("talk_min"); w.num(a.talk_min);
  w.key("meetings"); w.num(a.meetings);
  w.key("emails_out"); w.num(a.emails_out);
  w.key("messages_out"); w.num(a.messages_out);
}

void write_new_deals(Writer& w, const NewDealsRow& n, bool with_source) {
  w.begin_object();
  w.key("manager"); w.str_or_null(n.manager);
  if (with_source) { w.key("source"); w.str_or_null(n.source); }
  w.key("count"); w.num(n.count);
  w.key("amount"); w.num(n.amount);
  w.key("no_amount"); w.num(n.no_amount);
  w.end_object();
}

void write_reasons(Writer& w, const std::vector<CardReason>& reasons) {
  w.begin_array();
  for (const CardReason& why : reasons) {
    w.begin_object();
    w.key("code"); w.str(why.code);
    w.key("params"); write_params(w, why.params);
    w.end_object();
  }
  w.end_array();
}

// The FRT tile per lead class, each judged against the class norm the user set.
void write_frt_by_class(Writer& w, const std::vector<BoardTile::ClassFrt>& rows) {
  w.key("by_class");
  w.begin_array();
  for (const BoardTile::ClassFrt& c : rows) {
    w.begin_object();
    w.key("lead_class"); w.str(c.lead_class);
    w.key("value"); w.num(c.value);
    w.key("norm_value"); w.num(c.norm);
    w.key("leads"); w.num(c.answered);
    w.key("status"); w.str_or_null(status_name(c.status));
    if (c.status == Status::kNone) { w.key("status_reason"); w.str(c.status_reason.empty() ? "NOT_COMPUTED" : c.status_reason); }
    w.end_object();
  }
  w.end_array();
}

// state, crm, today, ranking (docs/report.md "Today's list, links, ranking, state").
void write_today(Writer& w, const Report& r) {
  w.key("state");
  w.begin_object();
  w.key("code"); w.str(r.state.code);
  w.key("params");
  w.begin_object();
  w.key("files"); w.uint(r.state.files);
  w.key("unreadable"); w.uint(r.state.unreadable);
  w.key("deals"); w.uint(r.state.deals);
  w.end_object();
  w.end_object();
  w.key("crm");
  w.begin_object();
  w.key("kind"); w.str_or_null(r.crm.kind);
  w.key("account"); w.str_or_null(r.crm.account);
  w.key("source"); w.str_or_null(r.crm.source);
  w.end_object();
  const TodayList& t = r.today;
  w.key("today");
  w.begin_object();
  w.key("stale_days"); w.num(t.stale_days);
  w.key("open_flagged"); w.uint(t.open_flagged);
  w.key("stale"); w.uint(t.stale);
  w.key("closed"); w.uint(t.closed);
  w.key("more"); w.uint(t.more);
  const auto write_rows = [&](const std::vector<TodayRow>& rows) {
  w.begin_array();
  for (const TodayRow& row : rows) {
    w.begin_object();
    w.key("deal_id"); w.str(row.deal_id);
    w.key("title"); w.str_or_null(row.title);
    w.key("manager"); w.str_or_null(row.manager);
    w.key("stage"); w.str_or_null(row.stage);
    w.key("amount"); w.num(row.amount);
    w.key("currency"); w.str_or_null(row.currency);
    w.key("idle_days"); w.num(row.idle_days);
    w.key("score"); w.num(row.score);
    w.key("deviation"); w.num(row.deviation);  // issue 11: the stand-up's rank
    w.key("url"); w.str_or_null(row.url);
    w.key("reasons"); write_reasons(w, row.reasons);
    w.end_object();
  }
  w.end_array();
  };
  w.key("rows"); write_rows(t.rows);
  w.key("standup"); write_rows(t.standup);  // issue 11: the stand-up list, most deviant first
  w.end_object();
  w.key("ranking");
  w.begin_array();
  for (const ManagerRank& m : r.ranking) {
    w.begin_object();
    w.key("manager"); w.str(m.manager);
    w.key("bad"); w.uint(m.bad);
    w.key("warn"); w.uint(m.warn);
    w.key("ok"); w.uint(m.ok);
    w.key("miss"); w.num(m.miss);
    w.key("off"); write_strings(w, m.off);
    w.end_object();
  }
  w.end_array();
}

// A section without its input table (no team row) is null, never zeros.
void write_first_hour(Writer& w, const FirstHour& f) {
  w.key("activity");
  if (f.activity.empty()) w.null();
  else w.begin_array();
  for (const ManagerActivityRow& a : f.activity) {
    w.begin_object();
    w.key("manager"); w.str_or_null(a.manager);
    w.key("period"); w.begin_object(); write_activity_counts(w, a.period); w.end_object();
    w.key("days");
    w.begin_array();
    for (const ManagerActivityDay& d : a.days) {
      w.begin_object();
      w.key("date"); w.str(d.date);
      write_activity_counts(w, d.counts);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  if (!f.activity.empty()) w.end_array();
  w.key("open_pipeline");
  if (f.open_by_manager.empty()) {
    w.null();
    w.key("new_deals");
    w.null();
    return;
  }
  w.begin_object();
  w.key("stages");
  w.begin_array();
  for (const OpenStageMoney& s : f.open_by_stage) {
    w.begin_object();
    w.key("pipeline"); w.str(s.pipeline);
    w.key("stage"); w.str(s.stage);
    w.key("order"); w.num(s.order);
    w.key("open_count"); w.num(s.open_count);
    w.key("amount"); w.num(s.amount);
    w.key("no_amount"); w.num(s.no_amount);
    w.key("closed_from_stage"); w.num(s.closed_from_stage);
    w.key("won_from_stage"); w.num(s.won_from_stage);
    w.key("win_probability"); w.num(s.win_probability);
    w.key("weighted"); w.num(s.weighted);
    w.end_object();
  }
  w.end_array();
  w.key("managers");
  w.begin_array();
  for (const OpenManagerMoney& m : f.open_by_manager) {
    w.begin_object();
    w.key("manager"); w.str_or_null(m.manager);
    w.key("open_count"); w.num(m.open_count);
    w.key("amount"); w.num(m.amount);
    w.key("no_amount"); w.num(m.no_amount);
    w.key("weighted"); w.num(m.weighted);
    w.key("unweighted_amount"); w.num(m.unweighted_amount);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.key("new_deals");
  w.begin_object();
  w.key("managers");
  w.begin_array();
  for (const NewDealsRow& n : f.new_by_manager) write_new_deals(w, n, false);
  w.end_array();
  w.key("by_source");
  w.begin_array();
  for (const NewDealsRow& n : f.new_by_manager_source) write_new_deals(w, n, true);
  w.end_array();
  w.end_object();
}

}  // namespace
// ---- end of issue 10's block

// ---- Series (issue 11; docs/report.md "Series")
namespace {

// A series point's row: its metrics, samples and judgement; "norms" lists
// the norm of every metric that has one (an empty catalogue), so that a
// face draws the norm line point by point.
void write_series_row(Writer& w, const MetricValues& m, const Samples& samples) {
  static const std::array<Norm, kMetricCount> kNoCatalogue{};
  w.begin_object();
  w.key("metrics"); write_metrics(w, m);
  w.key("samples"); write_samples(w, samples);
  write_judgement(w, m, kNoCatalogue);
  w.end_object();
}

void write_directions(Writer& w, const std::array<SeriesDirection, kMetricCount>& d) {
  w.begin_object();
  for (size_t i = 0; i < kMetricCount; ++i) {
    w.key(metric_key(static_cast<Metric>(i)));
    w.begin_object();
    w.key("trend"); w.str_or_null(d[i].trend);
    w.key("verdict"); w.str_or_null(d[i].verdict);
    w.key("change"); w.num(d[i].change);
    w.key("points"); w.uint(d[i].points);
    w.end_object();
  }
  w.end_object();
}

// report.plans: each measure's team pace (null without a plan) and managers.
void write_pace(Writer& w, const PlanPace& p, bool manager) {
  w.begin_object();
  if (manager) { w.key("manager"); w.str(p.manager); }
  w.key("plan"); w.num(p.plan);
  w.key("fact"); w.num(p.fact);
  w.key("expected"); w.num(p.expected);
  w.key("forecast"); w.num(p.forecast);
  w.end_object();
}

// {"revenue": {"team": …|null, "managers": […]}, "won_count": {…}} of report.plans
// and report.plan_days (issue 11): `row(w, row, manager)` writes one row.
template <typename ByMeasure, typename WriteRow>
void write_by_measure(Writer& w, const ByMeasure& plans, WriteRow row) {
  w.begin_object();
  for (const auto& [key, m] : {std::pair{"revenue", &plans.revenue}, std::pair{"won_count", &plans.won_count}}) {
    w.key(key);
    w.begin_object();
    w.key("team");
    if (m->has_team) row(w, m->team, false); else w.null();
    w.key("managers");
    w.begin_array();
    for (const auto& p : m->managers) row(w, p, true);
    w.end_array();
    w.end_object();
  }
  w.end_object();
}

void write_plans(Writer& w, const Plans& plans) { write_by_measure(w, plans, write_pace); }

void write_series(Writer& w, const Report& r) {
  const Series& s = r.series;
  if (s.bucket.empty()) { w.null(); return; }
  w.begin_object();
  w.key("bucket"); w.str(s.bucket);
  w.key("bucket_source"); w.str(s.bucket_source);
  w.key("points");
  w.begin_array();
  for (const SeriesPoint& p : s.points) {
    w.begin_object();
    w.key("from"); w.time(p.from);
    w.key("to"); w.time(p.to);
    w.key("as_of"); w.time(p.as_of);
    w.key("partial"); w.boolean(p.partial);
    w.end_object();
  }
  w.end_array();
  w.key("team");
  w.begin_object();
  w.key("points");
  w.begin_array();
  for (const SeriesPoint& p : s.points) write_series_row(w, p.team, p.team_samples);
  w.end_array();
  w.key("direction"); write_directions(w, s.team_direction);
  w.end_object();
  w.key("managers");
  w.begin_array();
  for (size_t m = 0; m < r.managers.size(); ++m) {
    w.begin_object();
    w.key("name"); w.str(r.managers[m].name);
    w.key("points");
    w.begin_array();
    for (const SeriesPoint& p : s.points) write_series_row(w, p.managers[m], p.manager_samples[m]);
    w.end_array();
    w.key("direction");
    if (m < s.manager_direction.size()) write_directions(w, s.manager_direction[m]); else w.null();
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

// ---- Dynamics (issue 11, second session; docs/report.md "Dynamics")
void write_win_change(Writer& w, const WinRateChange& c) {
  w.begin_object();
  w.key("months"); w.uint(static_cast<uint64_t>(c.months));
  w.key("before_from"); w.time(c.before_from);
  w.key("before_to"); w.time(c.before_to);
  w.key("before"); w.num(c.before);
  w.key("after"); w.num(c.after);
  w.key("before_closed"); w.uint(c.before_closed);
  w.key("after_closed"); w.uint(c.after_closed);
  w.key("change"); w.num(c.change);
  w.key("status"); w.str_or_null(status_name(c.status));
  w.key("status_reason"); w.str_or_null(c.status_reason);
  w.end_object();
}

void write_win_row(Writer& w, const WinTrendRow& row, bool manager) {
  w.begin_object();
  if (manager) { w.key("manager"); w.str(row.manager); }
  w.key("changes");
  w.begin_array();
  for (const WinRateChange& c : row.changes) write_win_change(w, c);
  w.end_array();
  w.end_object();
}

void write_loss_mix(Writer& w, const Report& r);
void write_plan_days(Writer& w, const PlanDays& p);

void write_dynamics(Writer& w, const Report& r) {
  const WinTrend& t = r.win_trend;
  w.key("win_rate_change");
  if (t.latest_from == kNoTime) {
    w.null();
  } else {
    w.begin_object();
    w.key("latest_from"); w.time(t.latest_from);
    w.key("latest_to"); w.time(t.latest_to);
    w.key("norm_low"); w.num(t.norm_low);
    w.key("norm_high"); w.num(t.norm_high);
    w.key("team"); write_win_row(w, t.team, false);
    w.key("managers");
    w.begin_array();
    for (const WinTrendRow& row : t.managers) write_win_row(w, row, true);
    w.end_array();
    w.end_object();
  }
  write_loss_mix(w, r);
  write_plan_days(w, r.plan_days);
}

void write_loss_mix(Writer& w, const Report& r) {
  w.key("loss_mix");
  w.begin_array();
  for (const LossMixRow& row : r.loss_mix) {
    w.begin_object();
    w.key("manager"); w.str(row.manager);
    w.key("lost"); w.uint(row.lost);
    w.key("reason_code"); w.str_or_null(row.reason_code);
    w.key("reasons");
    w.begin_array();
    for (const LossMixReason& x : row.reasons) {
      w.begin_object();
      w.key("reason"); w.str_or_null(x.reason);
      w.key("count"); w.uint(x.count);
      w.key("share"); w.num(x.share);
      w.key("team_share"); w.num(x.team_share);
      w.key("diff"); w.num(x.diff);
      w.key("rank");
      if (x.rank == 0) w.null(); else w.uint(x.rank);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
}

void write_plan_track(Writer& w, const PlanTrack& t, bool manager) {
  w.begin_object();
  if (manager) { w.key("manager"); w.str(t.manager); }
  w.key("from"); w.time(t.from);
  w.key("to"); w.time(t.to);
  w.key("plan"); w.num(t.plan);
  w.key("status"); w.str_or_null(status_name(t.status));
  w.key("status_reason"); w.str_or_null(t.status_reason);
  w.key("days");
  w.begin_array();
  for (const PlanDay& d : t.days) {
    const CivilTime date = civil_from_instant(d.day * 86400);
    w.begin_object();
    w.key("date"); w.str(fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day));
    w.key("expected"); w.num(d.expected);
    w.key("fact"); w.num(d.fact);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_plan_days(Writer& w, const PlanDays& p) {
  w.key("plan_days");
  write_by_measure(w, p, write_plan_track);
}
// ---- end of the dynamics block

}  // namespace
// ---- end of issue 11's block

std::string to_json(const Report& r, bool ascii) {
  Writer w;
  w.ascii = ascii;
  w.begin_object();
  w.key("schema"); w.str(kReportSchema);
  w.key("as_of"); w.time(r.as_of);
  w.key("tz"); w.str(r.tz);  // issue 11: the zone the report was computed in
  w.key("layout");  // issue 11: the role KPI set's matrix columns and board tiles
  w.begin_object();
  w.key("role"); w.str(r.layout.role);
  w.key("columns");
  w.begin_array();
  for (const std::string& m : r.layout.columns) w.str(m);
  w.end_array();
  w.key("tiles");
  w.begin_array();
  for (const std::string& m : r.layout.tiles) w.str(m);
  w.end_array();
  w.end_object();
  w.key("period");
  w.begin_object();
  w.key("from"); w.time(r.from);
  w.key("to"); w.time(r.to);
  w.key("preset"); w.str(r.period_preset);  // issue 11: the preset in force and the window compared with
  w.key("previous");
  if (r.previous_from == kNoTime) {
    w.null();
  } else {
    w.begin_object();
    w.key("from"); w.time(r.previous_from);
    w.key("to"); w.time(r.previous_to);
    w.key("as_of"); w.time(r.previous_as_of);
    w.end_object();
  }
  w.end_object();
  w.key("currency"); w.str_or_null(r.currency);
  w.key("inputs");
  w.begin_array();
  for (const InputSummary& in : r.inputs) write_input(w, in);
  w.end_array();
  w.key("team");
  w.begin_object();
  w.key("metrics"); write_metrics(w, r.team);
  w.key("samples"); write_samples(w, r.team_samples);
  w.key("previous");
  if (r.has_previous) write_metrics(w, r.team_previous); else w.null();
  write_judgement(w, r.team, r.catalogue);
  if (r.has_previous) write_judgement(w, r.team_previous, r.catalogue, "previous_");
  w.end_object();
  w.key("managers"); write_named(w, r.managers, r.catalogue, true);
  w.key("groups");
  w.begin_object();
  w.key("source"); write_named(w, r.by_source, r.catalogue);
  w.key("segment"); write_named(w, r.by_segment, r.catalogue);
  w.key("lead_class"); write_named(w, r.by_class, r.catalogue);
  w.end_object();
  w.key("splits");
  w.begin_object();
  w.key("source"); write_split(w, r.split_source, r.catalogue);
  w.key("lead_class"); write_split(w, r.split_class, r.catalogue);
  w.key("segment"); write_split(w, r.split_segment, r.catalogue);
  w.end_object();
  w.key("stages");
  w.begin_array();
  for (const StageRow& s : r.stages) {
    w.begin_object();
    w.key("pipeline"); w.str(s.pipeline);
    w.key("stage"); w.str(s.stage);
    w.key("order"); w.num(s.order);
    w.key("reached"); w.num(s.reached);
    w.key("converted"); w.num(s.converted);
    w.key("conversion"); w.num(s.conversion);
    w.key("open"); w.num(s.open);
    w.key("stalled"); w.num(s.stalled);
    w.key("stalled_share"); w.num(s.stalled_share);
    w.key("median_days_in_stage"); w.num(s.median_days_in_stage);
    w.key("p90_days_in_stage"); w.num(s.p90_days_in_stage);
    w.key("status"); w.str_or_null(status_name(s.status));
    if (s.status == Status::kNone) { w.key("status_reason"); w.str(s.status_reason); }
    w.end_object();
  }
  w.end_array();
  w.key("loss_reasons");
  w.begin_array();
  for (const LossReasonRow& l : r.loss_reasons) {
    w.begin_object();
    w.key("reason"); w.str_or_null(l.reason);
    w.key("count"); w.uint(l.count);
    w.key("share"); w.num(l.share);
    if (l.reason.empty()) { w.key("norm"); w.num(kNoReasonShareNorm); }
    w.key("status"); w.str_or_null(status_name(l.status));
    if (l.status == Status::kNone) { w.key("status_reason"); w.str(l.status_reason); }
    w.end_object();
  }
  w.end_array();
  w.key("board");
  w.begin_array();
  for (const BoardTile& t : r.board) {
    w.begin_object();
    w.key("id"); w.str(t.id);
    w.key("value"); w.num(t.value);
    w.key("norm"); w.str(t.norm);
    w.key("status"); w.str_or_null(t.status);
    w.key("delta_prev"); w.num(t.delta_prev);
    w.key("worst"); write_strings(w, t.worst);
    w.key("deal_ids"); write_strings(w, t.deal_ids);
    w.key("metric"); w.str_or_null(t.metric);
    w.key("flagged"); w.num(t.flagged);
    const Norm& n = t.norm_in_force;
    if (n.kind == NormKind::kRange) {
      w.key("norm_low"); w.num(n.low);
      w.key("norm_high"); w.num(n.high);
    } else if (n.kind != NormKind::kNone) {
      w.key("norm_value"); w.num(n.value);
    }
    if (n.kind != NormKind::kNone) { w.key("norm_kind"); w.str(norm_kind_name(n.kind)); }
    if (t.status.empty()) { w.key("status_reason"); w.str(t.status_reason.empty() ? "NOT_COMPUTED" : t.status_reason); }
    if (t.id == "frt") {  // issue 10
      if (!t.status_lead_class.empty()) { w.key("status_lead_class"); w.str(t.status_lead_class); }
      write_frt_by_class(w, t.by_class);
    }
    w.key("cards");
    w.begin_array();
    for (const CardRow& card : t.cards) {
      w.begin_object();
      w.key("deal_id"); w.str(card.deal_id);
      w.key("title"); w.str_or_null(card.title);
      w.key("manager"); w.str_or_null(card.manager);
      w.key("stage"); w.str_or_null(card.stage);
      w.key("amount"); w.num(card.amount);
      w.key("currency"); w.str_or_null(card.currency);
      w.key("reasons"); write_reasons(w, card.reasons);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("data_quality");
  w.begin_array();
  for (const QualityRow& q : r.data_quality) {
    w.begin_object();
    w.key("check"); w.str(q.check);
    w.key("count"); w.uint(q.count);
    w.key("examples"); write_strings(w, q.examples);
    w.key("severity"); w.str(q.severity);
    w.key("unit"); w.str(q.unit);
    w.end_object();
  }
  w.end_array();
  w.key("unavailable");
  w.begin_array();
  for (const Unavailable& u : r.unavailable) {
    w.begin_object();
    w.key("metric"); w.str(u.metric);
    w.key("reason"); w.str(u.reason);
    w.key("code"); w.str(u.code);
    w.key("params"); write_params(w, u.params);
    w.end_object();
  }
  w.end_array();
  w.key("norms");
  w.begin_object();
  w.key("frt_mean_min"); w.num(r.norms.frt_mean_min);
  w.key("sla_share"); w.num(r.norms.sla_share);
  w.key("next_step_share"); w.num(r.norms.next_step_share);
  w.key("overdue_share"); w.num(r.norms.overdue_share);
  w.key("stalled_share"); w.num(r.norms.stalled_share);
  w.key("touches_per_won");
  w.begin_array();
  w.num(r.norms.touches_low);
  w.num(r.norms.touches_high);
  w.end_array();
  w.end_object();
  w.key("coverage");
  w.begin_array();
  for (const CoverageRow& c : r.coverage) {
    w.begin_object();
    w.key("metric"); w.str(c.metric);
    w.key("covered"); w.uint(c.covered);
    w.key("total"); w.uint(c.total);
    w.key("share"); w.num(c.total == 0 ? kNull : static_cast<double>(c.covered) / static_cast<double>(c.total));
    w.key("note"); w.str_or_null(c.note);
    w.key("code"); w.str_or_null(c.code);
    w.key("lacking_pct");
    if (c.lacking_pct) w.uint(*c.lacking_pct); else w.null();
    w.key("severity"); w.str(c.severity);
    w.end_object();
  }
  w.end_array();
  w.key("catalogue"); write_catalogue(w, r.catalogue);
  w.key("motivation");
  w.begin_array();
  for (const MotivationRow& m : r.motivation) {
    w.begin_object();
    w.key("manager"); w.str(m.manager);
    w.key("attainment"); w.num(m.attainment);
    w.key("revenue_attainment"); w.num(m.revenue_attainment);
    w.key("win_rate_attainment"); w.num(m.win_rate_attainment);
    w.key("multiplier"); w.num(m.multiplier);
    w.key("base_salary"); w.num(m.base_salary);
    w.key("bonus"); w.num(m.bonus);
    w.key("reason"); w.str_or_null(m.reason);
    write_bonus_kpis(w, m);  // branch design
    w.end_object();
  }
  w.end_array();
  w.key("design_check"); write_design_check(w, r.design_check);  // branch design
  write_today(w, r);                  // issue 10: state, crm, today, ranking
  write_first_hour(w, r.first_hour);  // issue 10's sections
  w.key("series"); write_series(w, r);  // issue 11
  w.key("off_norm");
  w.begin_array();
  for (size_t m = 0; m < r.off_norm.size() && m < r.managers.size(); ++m) {
    w.begin_object();
    w.key("manager"); w.str(r.managers[m].name);
    w.key("metrics");
    w.begin_array();
    for (const OffNorm& o : r.off_norm[m]) {
      w.begin_object();
      w.key("metric"); w.str(metric_key(o.metric));
      w.key("status"); w.str(status_name(o.status));
      w.key("miss"); w.num(o.miss);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("plans"); write_plans(w, r.plans);
  write_dynamics(w, r);  // issue 11, second session: win_rate_change, ...
  w.end_object();
  return std::move(w.out);
}

}  // namespace kpi
