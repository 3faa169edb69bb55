// The JSON face of the report. Written by hand with fmt into one growing
// string: the key order is the one of spec/report.md, numbers use the
// shortest round-trip form (so native and wasm print the same bytes), NaN is
// null, and text is always valid UTF-8.
#include <cmath>

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

class Writer {
 public:
  std::string out;

  void raw(std::string_view s) { out.append(s); }
  void key(std::string_view k) {
    comma();
    append_json_string(out, k);
    out.push_back(':');
    first_ = true;  // the value follows without a comma
    pending_value_ = true;
  }
  void str(std::string_view s) { value_prefix(); append_json_string(out, s); }
  void str_or_null(std::string_view s) { s.empty() ? null() : str(s); }
  void num(double v) {
    value_prefix();
    if (std::isfinite(v)) fmt::format_to(std::back_inserter(out), "{}", v);
    else out.append("null");
  }
  void uint(uint64_t v) { value_prefix(); fmt::format_to(std::back_inserter(out), "{}", v); }
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

void write_named(Writer& w, const std::vector<NamedMetrics>& rows, bool with_expected = false) {
  w.begin_array();
  for (const NamedMetrics& row : rows) {
    w.begin_object();
    w.key("name"); w.str(row.name);
    w.key("metrics"); write_metrics(w, row.metrics);
    w.key("samples"); write_samples(w, row.samples);
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
void write_split(Writer& w, const std::vector<SplitRow>& rows) {
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

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (size_t i = 0; i < s.size();) {
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
      if (len == 0) {
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

std::string to_json(const Report& r) {
  Writer w;
  w.begin_object();
  w.key("schema"); w.str(kReportSchema);
  w.key("as_of"); w.time(r.as_of);
  w.key("period");
  w.begin_object();
  w.key("from"); w.time(r.from);
  w.key("to"); w.time(r.to);
  w.end_object();
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
  w.end_object();
  w.key("managers"); write_named(w, r.managers, true);
  w.key("groups");
  w.begin_object();
  w.key("source"); write_named(w, r.by_source);
  w.key("segment"); write_named(w, r.by_segment);
  w.key("lead_class"); write_named(w, r.by_class);
  w.end_object();
  w.key("splits");
  w.begin_object();
  w.key("source"); write_split(w, r.split_source);
  w.key("lead_class"); write_split(w, r.split_class);
  w.key("segment"); write_split(w, r.split_segment);
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
    w.end_object();
  }
  w.end_array();
  w.key("unavailable");
  w.begin_array();
  for (const Unavailable& u : r.unavailable) {
    w.begin_object();
    w.key("metric"); w.str(u.metric);
    w.key("reason"); w.str(u.reason);
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
    w.end_object();
  }
  w.end_array();
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
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return std::move(w.out);
}

}  // namespace kpi
