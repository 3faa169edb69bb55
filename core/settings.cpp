#include "core/settings.h"

#include <algorithm>
#include <cmath>
#include <span>

#include <fmt/format.h>
#include <simdjson.h>

#include "core/kpi/roles.h"
#include "core/model/calendar.h"
#include "core/report/report.h"

namespace kpi {

Settings::Settings() = default;
Settings::~Settings() = default;
Settings::Settings(const Settings&) = default;
Settings::Settings(Settings&&) noexcept = default;
Settings& Settings::operator=(const Settings&) = default;
Settings& Settings::operator=(Settings&&) noexcept = default;
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

std::string json_text(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string json_number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string("null"); }

// A JSON pointer segment: "~" and "/" escaped (RFC 6901).
std::string pointer_segment(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// The words series_bucket and period_preset take (read_settings checks them, settings_schema_json offers them).
constexpr std::array<std::string_view, 4> kSeriesBuckets = {"auto", "week", "month", "none"};
constexpr std::array<std::string_view, 10> kPeriodPresets = {
    "custom", "auto", "whole", "this_week", "last_week", "this_month", "last_month", "this_quarter", "last_quarter",
    "last_3_months"};
constexpr std::array<std::string_view, 3> kCalendarPresets = {"none", "default", "ru"};

// Reads one document into a Settings that starts at the defaults, collecting
// every bad field. Each check returns whether the value was good; a bad value
// leaves the default in place (the result is discarded anyway).
class Reader {
 public:
  std::vector<SettingsError> errors;
  Settings s;

  void fail(const std::string& path, std::string_view rule, std::string message,
            std::vector<std::pair<std::string, std::string>> params = {}) {
    errors.push_back({std::string(rule), path, std::move(params), std::move(message)});
  }

  static std::string at(const std::string& path, std::string_view key) { return path + "/" + pointer_segment(key); }
  static std::string at(const std::string& path, size_t i) { return fmt::format("{}/{}", path, i); }

  std::optional<double> number(element e, const std::string& path) {
    if (e.is_int64()) return static_cast<double>(e.get_int64().value_unsafe());
    if (e.is_uint64()) return static_cast<double>(e.get_uint64().value_unsafe());
    double v = 0;
    if (e.get_double().get(v) == simdjson::SUCCESS) return v;
    fail(path, "SETTINGS_NOT_NUMBER", fmt::format("{} must be a number", path));
    return std::nullopt;
  }

  std::optional<double> non_negative(element e, const std::string& path) {
    auto v = number(e, path);
    if (v && !(*v >= 0)) {
      fail(path, "SETTINGS_NEGATIVE", fmt::format("{} must not be negative", path));
      return std::nullopt;
    }
    return v;
  }

  std::optional<double> share(element e, const std::string& path) {
    auto v = number(e, path);
    if (v && !(*v >= 0 && *v <= 1)) {
      fail(path, "SETTINGS_SHARE", fmt::format("{} must be a share from 0 to 1, not {}", path, *v),
           {{"value", json_number(*v)}});
      return std::nullopt;
    }
    return v;
  }

  std::optional<std::string> string(element e, const std::string& path) {
    std::string_view v;
    if (e.get_string().get(v) == simdjson::SUCCESS) return std::string(v);
    fail(path, "SETTINGS_NOT_STRING", fmt::format("{} must be a string", path));
    return std::nullopt;
  }

  // The CRM account's address (issue 10: links to deals): "" or a host name,
  // given with or without "https://" and a trailing "/"; kept as the host.
  void crm_account(std::string text, const std::string& path) {
    std::string host = text;
    for (std::string_view scheme : {"https://", "http://"}) {
      if (host.rfind(scheme, 0) == 0) host.erase(0, scheme.size());
    }
    while (!host.empty() && host.back() == '/') host.pop_back();
    for (char& ch : host) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    bool good = host.empty() || (host.find('.') != std::string::npos && host.front() != '.' && host.back() != '.' &&
                                 host.find("..") == std::string::npos);
    for (char ch : host) good = good && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-');
    if (good) {
      s.crm_account = host;
      return;
    }
    fail(path, "SETTINGS_CRM_ACCOUNT", fmt::format("{} must be the address of the CRM account (example.amocrm.ru), not \"{}\"", path, text),
         {{"value", json_text(text)}});
  }

  std::optional<object> object_at(element e, const std::string& path) {
    object o;
    if (e.get_object().get(o) == simdjson::SUCCESS) return o;
    fail(path, "SETTINGS_NOT_OBJECT", fmt::format("{} must be an object", path.empty() ? "the settings" : path));
    return std::nullopt;
  }

  std::optional<array> array_at(element e, const std::string& path) {
    array a;
    if (e.get_array().get(a) == simdjson::SUCCESS) return a;
    fail(path, "SETTINGS_NOT_ARRAY", fmt::format("{} must be a list", path));
    return std::nullopt;
  }

  void unknown(const std::string& path, std::string_view key) {
    fail(at(path, key), "SETTINGS_UNKNOWN_KEY", fmt::format("{}: unknown key \"{}\"", path.empty() ? "settings" : path, key),
         {{"key", json_text(key)}});
  }

  // A date or timestamp (null = unset). `text` keeps what was written.
  bool date(element e, const std::string& path, std::optional<Instant>& out, std::string& text) {
    if (e.is_null()) {
      out.reset();
      text.clear();
      return true;
    }
    auto given = string(e, path);
    if (!given) return false;
    Instant t = kNoTime;
    if (!parse_instant(*given, s.tz, t)) {
      fail(path, "SETTINGS_NOT_DATE", fmt::format("{} is not a date or timestamp: \"{}\"", path, *given),
           {{"value", json_text(*given)}});
      return false;
    }
    out = t;
    text = *given;
    return true;
  }

  // One of a few words (issue 11: series_bucket, period_preset).
  template <size_t N>
  bool choice(element e, const std::string& path, const std::array<std::string_view, N>& choices, std::string& out) {
    auto v = string(e, path);
    if (!v) return false;
    if (std::find(choices.begin(), choices.end(), *v) == choices.end()) {
      std::string list;
      for (std::string_view c : choices) list += (list.empty() ? "" : ", ") + std::string(c);
      fail(path, "SETTINGS_CHOICE", fmt::format("{} must be one of {}, not \"{}\"", path, list, *v),
           {{"value", json_text(*v)}, {"choices", json_text(list)}});
      return false;
    }
    out = std::move(*v);
    return true;
  }

  std::optional<std::vector<std::string>> strings(element e, const std::string& path) {
    auto a = array_at(e, path);
    if (!a) return std::nullopt;
    std::vector<std::string> out;
    bool ok = true;
    size_t i = 0;
    for (element item : *a) {
      auto v = string(item, at(path, i++));
      if (v) out.push_back(std::move(*v));
      else ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
  }

  // "tz_offsets": [[utc_start_seconds | null, offset_seconds], ...] for the zone `name`.
  std::optional<TimeZone> zone_of(const std::string& name, element offsets) {
    const std::string path = "/tz_offsets";
    auto list = array_at(offsets, path);
    if (!list) return std::nullopt;
    std::vector<TimeZone::Change> changes;
    size_t i = 0;
    for (element item : *list) {
      const std::string item_path = at(path, i++);
      array pair;
      int64_t offset = 0, from = kNoTime;
      bool ok = item.get_array().get(pair) == simdjson::SUCCESS && pair.size() == 2 &&
                pair.at(1).get_int64().get(offset) == simdjson::SUCCESS;
      if (ok) {
        const element start = pair.at(0).value_unsafe();
        ok = start.is_null() || (start.get_int64().get(from) == simdjson::SUCCESS && from != kNoTime);
      }
      if (!ok) {
        fail(item_path, "SETTINGS_ZONE_OFFSETS",
             fmt::format("{} must be a [utc_start_seconds, offset_seconds] pair", item_path));
        return std::nullopt;
      }
      if (offset < -TimeZone::kMaxOffset || offset > TimeZone::kMaxOffset) {
        fail(item_path, "SETTINGS_ZONE_OFFSETS",
             fmt::format("{}: offset {} s is outside -18 h..+18 h", item_path, offset));
        return std::nullopt;
      }
      changes.push_back({from, static_cast<int>(offset)});
    }
    std::string error;
    auto zone = TimeZone::from_changes(name, std::move(changes), error);
    if (!zone) fail(path, "SETTINGS_ZONE_OFFSETS", fmt::format("{} {}", path, error));
    return zone;
  }

  void zone(object root) {
    element v, offsets;
    const bool has_offsets = root["tz_offsets"].get(offsets) == simdjson::SUCCESS && !offsets.is_null();
    if (root["tz"].get(v) == simdjson::SUCCESS && !v.is_null()) {
      auto name = string(v, "/tz");
      if (!name) return;
      // A supplied history (the JS facade reads it from Intl) wins over the built-in zones.
      auto zone = has_offsets ? zone_of(*name, offsets) : TimeZone::from_name(*name);
      if (!zone) {
        if (!has_offsets) {
          fail("/tz", "SETTINGS_UNKNOWN_ZONE", fmt::format("/tz: unknown time zone \"{}\"", *name), {{"zone", json_text(*name)}});
        }
        return;
      }
      s.tz_name = *name;
      s.tz = std::move(*zone);
    } else if (has_offsets) {
      fail("/tz", "SETTINGS_REQUIRED", "/tz is required with /tz_offsets (the name of the zone they describe)");
    }
  }

  // The calendar object: {"hours": {"mon": ["09:00", "18:00"] | null, ...}, "holidays": [...], "workdays": [...]}.
  void calendar(element value) {
    const std::string path = "/calendar";
    if (value.is_string()) {
      const std::string c(value.get_string().value_unsafe());
      if (std::find(kCalendarPresets.begin(), kCalendarPresets.end(), c) == kCalendarPresets.end()) {
        fail(path, "SETTINGS_CALENDAR", fmt::format("/calendar must be \"none\", \"default\", \"ru\" or an object, not \"{}\"", c),
             {{"value", json_text(c)}});
        return;
      }
      s.calendar = c;
      return;
    }
    auto root = object_at(value, path);
    if (!root) return;
    const size_t before = errors.size();
    static constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (auto [key, v] : *root) {
      const std::string key_path = at(path, key);
      if (key == "hours") {
        auto hours = object_at(v, key_path);
        if (!hours) continue;
        for (auto [day, span] : *hours) {
          const std::string day_path = at(key_path, day);
          if (std::find(kDays.begin(), kDays.end(), day) == kDays.end()) {
            unknown(key_path, day);
            continue;
          }
          if (span.is_null()) continue;
          array pair;
          std::string_view from, to;
          if (span.get_array().get(pair) != simdjson::SUCCESS || pair.size() != 2 ||
              pair.at(0).get_string().get(from) != simdjson::SUCCESS ||
              pair.at(1).get_string().get(to) != simdjson::SUCCESS || !WorkingCalendar::valid_hours(from, to)) {
            fail(day_path, "SETTINGS_HOURS", fmt::format("{} must be [\"HH:MM\", \"HH:MM\"] (start before end) or null", day_path));
          }
        }
      } else if (key == "holidays" || key == "workdays") {
        auto days = array_at(v, key_path);
        if (!days) continue;
        size_t i = 0;
        for (element day : *days) {
          const std::string day_path = at(key_path, i++);
          std::string_view text;
          ParsedTime p;
          if (day.get_string().get(text) != simdjson::SUCCESS || !parse_timestamp(text, p)) {
            fail(day_path, "SETTINGS_NOT_DATE", fmt::format("{} is not a date", day_path),
                 {{"value", day.is_string() ? json_text(text) : std::string(simdjson::minify(day))}});
          }
        }
      } else {
        unknown(path, key);
      }
    }
    if (errors.size() != before) return;
    s.calendar = simdjson::minify(value);
    Issue error;
    if (!WorkingCalendar::from_json(s.calendar, s.tz, error)) {
      fail(path, "SETTINGS_CALENDAR_OBJECT", fmt::format("/calendar: {}", error.message));
    }
  }

  void norms(element value) { norms(value, "/norms", s.norms); }

  // A norms object at `path` into `n` (the document's norms, or one of norm_history's).
  void norms(element value, const std::string& path, Norms& n) {
    auto o = object_at(value, path);
    if (!o) return;
    for (auto [key, v] : *o) {
      const std::string p = at(path, key);
      if (key == "frt_min") {
        auto classes = object_at(v, p);
        if (!classes) continue;
        for (auto [cls, minutes] : *classes) {
          const size_t i = cls == "hot" ? 0 : cls == "warm" ? 1 : cls == "cold" ? 2 : 3;
          if (i == 3) {
            unknown(p, cls);
            continue;
          }
          if (auto m = non_negative(minutes, at(p, cls))) n.frt_min[i] = *m;
        }
      } else if (key == "sla_share" || key == "next_step_share" || key == "overdue_share" || key == "stalled_share") {
        double& slot = key == "sla_share" ? n.sla_share
                       : key == "next_step_share" ? n.next_step_share
                       : key == "overdue_share" ? n.overdue_share
                                                : n.stalled_share;
        if (auto x = share(v, p)) slot = *x;
      } else if (key == "touches" || key == "win_rate_change") {
        auto a = array_at(v, p);
        if (!a) continue;
        if (a->size() != 2) {
          fail(p, "SETTINGS_PAIR", fmt::format("{} must be [low, high]", p));
          continue;
        }
        // Touches are counts; the win rate change (issue 11) is a share of 0..1 (0.02 = +2 pp).
        const bool shares = key == "win_rate_change";
        auto low = shares ? share(a->at(0).value_unsafe(), at(p, 0)) : non_negative(a->at(0).value_unsafe(), at(p, 0));
        auto high = shares ? share(a->at(1).value_unsafe(), at(p, 1)) : non_negative(a->at(1).value_unsafe(), at(p, 1));
        if (!low || !high) continue;
        if (*high < *low) {
          fail(at(p, 1), "SETTINGS_RANGE", fmt::format("{}: the high bound {} is below the low bound {}", p, *high, *low),
               {{"low", json_number(*low)}, {"high", json_number(*high)}});
          continue;
        }
        (shares ? n.win_rate_change : n.touches) = {*low, *high};
      } else {
        unknown(path, key);
      }
    }
  }

  void plans(element value) {
    const std::string path = "/plans";
    auto list = array_at(value, path);
    if (!list) return;
    s.plans.clear();
    size_t i = 0;
    for (element item : *list) {
      const std::string plan_path = at(path, i++);
      auto o = object_at(item, plan_path);
      if (!o) continue;
      Plan p;
      std::optional<Instant> from, to;
      bool has_from = false, has_to = false, dates_ok = true, has_amount = false;
      for (auto [k, v] : *o) {
        const std::string kp = at(plan_path, k);
        if ((k == "revenue" || k == "won_count") && !v.is_null()) has_amount = true;
        if (k == "owner") {
          if (v.is_null()) continue;
          if (auto owner = string(v, kp)) p.owner = *owner;
        } else if (k == "from" || k == "to") {
          (k == "from" ? has_from : has_to) = !v.is_null();
          if (!date(v, kp, k == "from" ? from : to, k == "from" ? p.from_text : p.to_text)) dates_ok = false;
        } else if (k == "revenue") {
          if (v.is_null()) continue;
          if (auto r = non_negative(v, kp)) {
            p.revenue = *r;
            p.has_revenue = true;
          }
        } else if (k == "won_count") {
          if (v.is_null()) continue;
          if (auto w = non_negative(v, kp)) p.won_count = *w;
        } else {
          unknown(plan_path, k);
        }
      }
      if (!has_from) fail(at(plan_path, "from"), "SETTINGS_REQUIRED", fmt::format("{}/from is required", plan_path));
      if (!has_to) fail(at(plan_path, "to"), "SETTINGS_REQUIRED", fmt::format("{}/to is required", plan_path));
      // A plan is by money, by the number of deals won, or both; a key given with a bad value has its own error.
      if (!has_amount) {
        fail(at(plan_path, "revenue"), "SETTINGS_REQUIRED",
             fmt::format("{}: give revenue, won_count or both", plan_path));
      }
      if (from && to && !(*to > *from)) {
        fail(at(plan_path, "to"), "SETTINGS_ORDER", fmt::format("{}/to must come after {}/from", plan_path, plan_path));
      }
      if (!dates_ok || !from || !to) continue;
      p.from = *from;
      p.to = *to;
      s.plans.push_back(std::move(p));
    }
  }

  // "motivation": {"base_salary": 100000 | {"default": 100000, "Anna": 120000},
  //                "weights": {"revenue": 0.7, "win_rate": 0.3},
  //                "steps": [[0, 0], [0.8, 0.5], [1.0, 1.0], [1.2, 1.5]]}
  void motivation(element value) {
    const std::string path = "/motivation";
    if (value.is_null()) {
      s.motivation.reset();
      return;
    }
    auto o = object_at(value, path);
    if (!o) return;
    Motivation m;
    bool has_salary = false, has_steps = false;
    for (auto [k, v] : *o) {
      const std::string kp = at(path, k);
      if (k == "base_salary") {
        has_salary = true;
        if (!v.is_object()) {
          if (auto amount = non_negative(v, kp)) m.base_salary = *amount;
          continue;
        }
        const object salaries = v.get_object().value_unsafe();
        for (auto [name, salary] : salaries) {
          auto amount = non_negative(salary, at(kp, name));
          if (!amount) continue;
          if (name == "default") m.base_salary = *amount;
          else m.salaries.emplace_back(std::string(name), *amount);
        }
      } else if (k == "weights") {
        auto weights = object_at(v, kp);
        if (!weights) continue;
        m.revenue_weight = m.win_rate_weight = 0;
        m.kpi_weights.clear();
        bool ok = true;
        double other = 0;
        // Any METRICS key may weigh (branch design); kept in METRICS order.
        std::array<std::optional<double>, kMetricCount> given{};
        for (auto [metric, weight] : *weights) {
          const std::optional<Metric> key = metric_from_key(metric);
          if (!key) {
            unknown(kp, metric);
            ok = false;
            continue;
          }
          auto w = non_negative(weight, at(kp, metric));
          if (!w) ok = false;
          else if (metric == "revenue") m.revenue_weight = *w;
          else if (metric == "win_rate") m.win_rate_weight = *w;
          else given[static_cast<size_t>(*key)] = *w;
        }
        for (size_t i = 0; i < kMetricCount; ++i) {
          if (!given[i]) continue;
          m.kpi_weights.emplace_back(std::string(metric_key(static_cast<Metric>(i))), *given[i]);
          other += *given[i];
        }
        if (ok && !(m.revenue_weight + m.win_rate_weight + other > 0)) {
          fail(kp, "SETTINGS_WEIGHTS", fmt::format("{} must give a metric a weight above 0", kp));
        }
      } else if (k == "steps") {
        has_steps = true;
        auto steps = array_at(v, kp);
        if (!steps) continue;
        size_t i = 0;
        double previous = 0;
        bool has_previous = false;
        for (element item : *steps) {
          const std::string step_path = at(kp, i++);
          array pair;
          if (item.get_array().get(pair) != simdjson::SUCCESS || pair.size() != 2) {
            fail(step_path, "SETTINGS_PAIR", fmt::format("{} must be a [threshold, multiplier] pair", step_path));
            has_previous = false;
            continue;
          }
          auto threshold = number(pair.at(0).value_unsafe(), at(step_path, 0));
          auto multiplier = non_negative(pair.at(1).value_unsafe(), at(step_path, 1));
          if (threshold && has_previous && !(*threshold > previous)) {
            fail(at(step_path, 0), "SETTINGS_ASCENDING",
                 fmt::format("{}: thresholds must ascend, {} follows {}", at(step_path, 0), *threshold, previous),
                 {{"value", json_number(*threshold)}, {"previous", json_number(previous)}});
          }
          has_previous = threshold.has_value();
          if (threshold) previous = *threshold;
          if (threshold && multiplier) m.steps.push_back({*threshold, *multiplier});
        }
        if (steps->size() == 0) {
          fail(kp, "SETTINGS_STEPS", fmt::format("{} needs at least one [threshold, multiplier] step", kp));
        }
      } else {
        unknown(path, k);
      }
    }
    if (!has_salary) fail(at(path, "base_salary"), "SETTINGS_REQUIRED", "/motivation/base_salary is required");
    if (!has_steps) fail(at(path, "steps"), "SETTINGS_REQUIRED", "/motivation/steps is required");
    s.motivation = std::move(m);
  }

  // "norm_history": [{"at": "2026-09-01T10:00:00Z", "norms": {...}}, ...] (branch
  // design): the norms of the documents applied before; a norms object not
  // given whole takes the defaults for the rest, as the document's own does.
  // A record without "norms" holds the document's own norms (filled in once
  // the whole document is read): the page's newest record, so that a bad
  // norm is named once, at /norms.
  void norm_history(element value) {
    const std::string path = "/norm_history";
    auto list = array_at(value, path);
    if (!list) return;
    s.norm_history.clear();
    own_norms_records_.clear();
    size_t i = 0;
    for (element item : *list) {
      const std::string p = at(path, i++);
      auto o = object_at(item, p);
      if (!o) continue;
      NormRecord record;
      std::optional<Instant> when;
      bool has_at = false, has_norms = false;
      for (auto [k, v] : *o) {
        if (k == "at") {
          has_at = true;
          date(v, at(p, k), when, record.at_text);
        } else if (k == "norms") {
          has_norms = true;
          norms(v, at(p, k), record.norms);
        } else {
          unknown(p, k);
        }
      }
      if (!has_at) fail(at(p, "at"), "SETTINGS_REQUIRED", fmt::format("{}/at is required", p));
      if (!when) continue;
      record.at = *when;
      if (!has_norms) own_norms_records_.push_back(s.norm_history.size());
      s.norm_history.push_back(std::move(record));
    }
  }

  // After the whole document: the records that hold its own norms get them.
  void fill_own_norms() {
    for (size_t i : own_norms_records_) s.norm_history[i].norms = s.norms;
  }

  void read(object root) {
    // The zone first: the dates below are read in it, wherever it stands.
    zone(root);
    std::optional<std::string> schema;
    for (auto [key, value] : root) {
      const std::string path = at("", key);
      if (key == "tz" || key == "tz_offsets") continue;
      if (key == "schema") {
        auto name = string(value, path);
        if (name && *name != kSettingsSchema) {
          fail(path, "SETTINGS_SCHEMA", fmt::format("/schema must be \"{}\", not \"{}\"", kSettingsSchema, *name),
               {{"value", json_text(*name)}});
        }
      } else if (key == "as_of") {
        date(value, path, s.as_of, s.as_of_text);
      } else if (key == "from") {
        date(value, path, s.from, s.from_text);
      } else if (key == "to") {
        date(value, path, s.to, s.to_text);
      } else if (key == "period") {
        // The older spelling of from / to.
        auto o = object_at(value, path);
        if (!o) continue;
        for (auto [k, v] : *o) {
          if (k == "from") date(v, at(path, k), s.from, s.from_text);
          else if (k == "to") date(v, at(path, k), s.to, s.to_text);
          else unknown(path, k);
        }
      } else if (key == "calendar") {
        calendar(value);
      } else if (key == "norms") {
        norms(value);
      } else if (key == "source_classes") {
        auto o = object_at(value, path);
        if (!o) continue;
        s.source_classes.clear();
        for (auto [source, cls] : *o) {
          const std::string p = at(path, source);
          auto name = string(cls, p);
          if (!name) continue;
          if (*name == "hot") s.source_classes.emplace_back(std::string(source), LeadClass::kHot);
          else if (*name == "warm") s.source_classes.emplace_back(std::string(source), LeadClass::kWarm);
          else if (*name == "cold") s.source_classes.emplace_back(std::string(source), LeadClass::kCold);
          else fail(p, "SETTINGS_LEAD_CLASS", fmt::format("{} must be \"hot\", \"warm\" or \"cold\", not \"{}\"", p, *name),
                    {{"value", json_text(*name)}});
        }
      } else if (key == "stage_control_days") {
        auto o = object_at(value, path);
        if (!o) continue;
        // The map given replaces the default one; "default" (any other stage) keeps 3 days unless given.
        s.stage_control_days = {{"default", 3}};
        for (auto [stage, days] : *o) {
          const std::string p = at(path, stage);
          auto d = number(days, p);
          if (!d) continue;
          if (!(*d > 0)) {
            fail(p, "SETTINGS_NOT_POSITIVE", fmt::format("{} must be more than 0", p), {{"value", json_number(*d)}});
            continue;
          }
          const std::string_view name = stage;  // clang: a structured binding cannot be captured
          auto it = std::find_if(s.stage_control_days.begin(), s.stage_control_days.end(),
                                 [&](const auto& e) { return e.first == name; });
          if (it != s.stage_control_days.end()) it->second = *d;
          else s.stage_control_days.emplace_back(std::string(stage), *d);
        }
      } else if (key == "min_call_s") {
        if (auto v = non_negative(value, path)) s.min_call_s = *v;
      } else if (key == "crm_account") {
        if (auto v = string(value, path)) crm_account(*v, path);
      } else if (key == "won_stages" || key == "lost_stages") {
        if (auto v = strings(value, path)) (key == "won_stages" ? s.won_stages : s.lost_stages) = std::move(*v);
      } else if (key == "pipelines") {
        auto o = object_at(value, path);
        if (!o) continue;
        s.pipelines.clear();
        for (auto [name, stages] : *o) {
          if (auto v = strings(stages, at(path, name))) s.pipelines.emplace_back(std::string(name), std::move(*v));
        }
      } else if (key == "plans") {
        plans(value);
      } else if (key == "motivation") {
        motivation(value);
      } else if (key == "norm_history") {
        norm_history(value);
      } else if (key == "series_bucket") {
        choice(value, path, kSeriesBuckets, s.series_bucket);
      } else if (key == "period_preset") {
        choice(value, path, kPeriodPresets, s.period_preset);
      } else if (key == "role") {
        // issue 11 (audit): the role KPI sets (core/kpi/roles.h)
        auto v = string(value, path);
        if (v && !role_preset(*v)) {
          std::string list;
          for (const RolePreset& r : kRolePresets) list += (list.empty() ? "" : ", ") + std::string(r.id);
          fail(path, "SETTINGS_CHOICE", fmt::format("{} must be one of {}, not \"{}\"", path, list, *v),
               {{"value", json_text(*v)}, {"choices", json_text(list)}});
        } else if (v) {
          s.role = std::move(*v);
        }
      } else if (key == "standup_cards") {
        auto n = number(value, path);
        if (!n) continue;
        if (*n != std::floor(*n) || *n < kStandupMin || *n > kStandupMax) {
          fail(path, "SETTINGS_WHOLE_RANGE", fmt::format("{} must be a whole number from {} to {}", path, kStandupMin, kStandupMax),
               {{"min", json_number(kStandupMin)}, {"max", json_number(kStandupMax)}});
        } else {
          s.standup_cards = static_cast<int>(*n);
        }
      } else {
        unknown("", key);
      }
    }
    if (s.from && s.to && !(*s.to > *s.from)) {
      fail("/to", "SETTINGS_ORDER", "/to must come after /from");
    }
    fill_own_norms();
  }

 private:
  std::vector<size_t> own_norms_records_;  // norm_history records without "norms" (branch design)
};

// ---- writing the document

class Out {
 public:
  std::string text;
  void key(std::string_view k) {
    comma();
    append_json_string(text, k);
    text += ':';
    fresh_ = true;
  }
  void str(std::string_view s) { comma(); append_json_string(text, s); }
  void str_or_null(std::string_view s) { s.empty() ? raw("null") : str(s); }
  void num(double v) { raw(json_number(v)); }
  void raw(std::string_view s) { comma(); text += s; }
  void open(char c) { comma(); text += c; fresh_ = true; }
  void close(char c) { text += c; fresh_ = false; }

 private:
  void comma() {
    if (!fresh_) text += ',';
    fresh_ = false;
  }
  bool fresh_ = true;
};

}  // namespace

bool read_settings(std::string_view json, Settings& settings, std::vector<SettingsError>& errors) {
  errors.clear();
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  element doc;
  if (auto err = parser.parse(padded).get(doc); err != simdjson::SUCCESS) {
    errors.push_back({"SETTINGS_NOT_JSON", "", {{"detail", json_text(simdjson::error_message(err))}},
                      fmt::format("settings are not valid JSON: {}", simdjson::error_message(err))});
    return false;
  }
  Reader reader;
  auto root = reader.object_at(doc, "");
  if (root) reader.read(*root);
  if (!reader.errors.empty()) {
    errors = std::move(reader.errors);
    return false;
  }
  settings = std::move(reader.s);
  return true;
}

bool apply_settings(std::string_view json, Settings& settings, Issue& error) {
  std::vector<SettingsError> errors;
  if (read_settings(json, settings, errors)) return true;
  error = Issue{ErrorCode::kBadSettings, 0, 0, 0, errors.front().message};
  return false;
}

namespace {

// One field of the form's schema: `choices` for a choice, `min`/`max`/`step` for a number
// (nullopt = no such bound); `above_min`: the value must be more than `min` (stage periods),
// not just at least it. A map's `items` is its one value spec, a table's its columns (`path`
// then holds the column's key).
struct Field {
  std::string path = {};
  std::string_view section = {}, type = {}, unit = {};
  std::optional<double> min = std::nullopt, max = std::nullopt, step = std::nullopt;
  bool above_min = false;
  std::span<const std::string_view> choices = {};
  std::string_view end = {}, keys = {};
  std::vector<Field> items = {};
};

void write_field(Out& w, const Field& f, bool column) {
  w.open('{');
  if (column) {
    w.key("key"); w.str(f.path);
  } else if (!f.path.empty()) {
    w.key("path"); w.str(f.path);
    w.key("section"); w.str(f.section);
  }
  w.key("type"); w.str(f.type);
  if (!f.unit.empty()) { w.key("unit"); w.str(f.unit); }
  if (f.min) { w.key("min"); w.num(*f.min); }
  if (f.above_min) { w.key("above_min"); w.raw("true"); }
  if (f.max) { w.key("max"); w.num(*f.max); }
  if (f.step) { w.key("step"); w.num(*f.step); }
  if (!f.choices.empty()) {
    w.key("choices");
    w.open('[');
    for (std::string_view c : f.choices) w.str(c);
    w.close(']');
  }
  if (!f.end.empty()) { w.key("end"); w.str(f.end); }
  if (!f.keys.empty()) { w.key("keys"); w.str(f.keys); }
  if (f.type == "map") {
    w.key("value");
    write_field(w, f.items.front(), false);
  } else if (f.type == "table") {
    w.key("columns");
    w.open('[');
    for (const Field& c : f.items) write_field(w, c, true);
    w.close(']');
  }
  w.close('}');
}

constexpr std::array<std::string_view, 3> kLeadClasses = {"hot", "warm", "cold"};

}  // namespace

std::string settings_schema_json() {
  std::vector<Field> fields;
  // In the order the form shows them within a section (docs/web.md "Settings panel").
  for (std::string_view key : {"sla_share", "next_step_share", "overdue_share", "stalled_share"}) {
    fields.push_back({.path = fmt::format("/norms/{}", key), .section = "norms", .type = "number", .unit = "share", .min = 0, .max = 1});
  }
  fields.push_back({.path = "/norms/touches", .section = "norms", .type = "pair", .unit = "count", .min = 0});
  fields.push_back({.path = "/norms/win_rate_change", .section = "norms", .type = "pair", .unit = "share_change", .min = 0, .max = 1});
  fields.push_back({.path = "/min_call_s", .section = "norms", .type = "number", .unit = "s", .min = 0});
  for (std::string_view cls : kLeadClasses) {
    fields.push_back({.path = fmt::format("/norms/frt_min/{}", cls), .section = "sla", .type = "number", .unit = "min", .min = 0});
  }
  fields.push_back({.path = "/stage_control_days/default", .section = "stages", .type = "number", .unit = "days", .min = 0, .above_min = true});
  fields.push_back({.path = "/standup_cards", .section = "today", .type = "integer", .unit = "count", .min = kStandupMin, .max = kStandupMax, .step = 1});
  fields.push_back({.path = "/period_preset", .section = "period", .type = "choice", .choices = kPeriodPresets});
  fields.push_back({.path = "/series_bucket", .section = "period", .type = "choice", .choices = kSeriesBuckets});
  std::vector<std::string_view> roles;
  for (const RolePreset& r : kRolePresets) roles.push_back(r.id);
  fields.push_back({.path = "/role", .section = "role", .type = "choice", .choices = roles});
  fields.push_back({.path = "/calendar", .section = "calendar", .type = "choice", .choices = kCalendarPresets});
  // The lists and tables (read_settings checks each entry as it checks a scalar field).
  fields.push_back({.path = "/from", .section = "period", .type = "date"});
  fields.push_back({.path = "/to", .section = "period", .type = "date", .end = "exclusive"});
  fields.push_back({.path = "/as_of", .section = "period", .type = "date_time"});
  fields.push_back({.path = "/source_classes", .section = "sources", .type = "map", .keys = "sources",
                    .items = {{.type = "choice", .choices = kLeadClasses}}});
  fields.push_back({.path = "/stage_control_days", .section = "stages", .type = "map", .keys = "stages",
                    .items = {{.type = "number", .unit = "days", .min = 0, .above_min = true}}});
  fields.push_back({.path = "/tz", .section = "calendar", .type = "zone"});
  fields.push_back({.path = "/calendar/holidays", .section = "calendar", .type = "date_list"});
  fields.push_back({.path = "/calendar/workdays", .section = "calendar", .type = "date_list"});
  fields.push_back({.path = "/plans", .section = "plans", .type = "table", .items = {
      {.path = "owner", .type = "choice", .keys = "managers"},
      {.path = "from", .type = "date"},
      {.path = "to", .type = "date", .end = "exclusive"},
      {.path = "revenue", .type = "number", .unit = "money", .min = 0, .step = 1000},
      {.path = "won_count", .type = "number", .unit = "count", .min = 0, .step = 1}}});
  fields.push_back({.path = "/motivation/base_salary/default", .section = "motivation", .type = "number", .unit = "money", .min = 0, .step = 1000});
  for (std::string_view metric : {"revenue", "win_rate"}) {
    fields.push_back({.path = fmt::format("/motivation/weights/{}", metric), .section = "motivation", .type = "number", .min = 0, .step = 0.1});
  }
  fields.push_back({.path = "/motivation/steps", .section = "motivation", .type = "table", .items = {
      {.path = "0", .type = "number", .unit = "share"},
      {.path = "1", .type = "number", .min = 0}}});
  fields.push_back({.path = "/motivation/base_salary", .section = "motivation", .type = "map", .keys = "managers",
                    .items = {{.type = "number", .unit = "money", .min = 0, .step = 1000}}});

  Out w;
  w.open('[');
  for (const Field& f : fields) write_field(w, f, false);
  w.close(']');
  return std::move(w.text);
}

std::optional<std::string> read_typed_date(std::string_view text, std::string_view lang) {
  std::string s;
  for (char c : text) s += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == ','; };
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  const size_t lead = s.find_first_not_of(" \t");
  s.erase(0, lead == std::string::npos ? s.size() : lead);
  // A time at the end ("14:30", "2:30 pm", "12:05 a.m."): taken off, range-checked, kept as "HH:MM".
  std::string clock;
  if (const size_t colon = s.find(':'); colon != std::string::npos && s.find('-') == std::string::npos) {
    size_t h = colon;
    while (h > 0 && digit(s[h - 1]) && colon - h < 2) --h;
    size_t i = colon + 1;
    if (h == colon || h == 0 || !space(s[h - 1]) || i + 2 > s.size() || !digit(s[i]) || !digit(s[i + 1])) return std::nullopt;
    int hours = std::stoi(s.substr(h, colon - h));
    const int minutes = std::stoi(s.substr(i, 2));
    i += 2;
    if (i + 3 <= s.size() && s[i] == ':' && digit(s[i + 1]) && digit(s[i + 2])) i += 3;  // seconds, dropped
    std::string half;
    for (char c : s.substr(i)) if (c != '.' && c != ' ') half += c;
    if (!half.empty()) {
      if ((half != "am" && half != "pm") || hours < 1 || hours > 12) return std::nullopt;
      hours = hours % 12 + (half == "pm" ? 12 : 0);
    }
    if (hours > 23 || minutes > 59) return std::nullopt;
    clock = fmt::format(" {:02}:{:02}", hours, minutes);
    s.erase(h);
    while (!s.empty() && space(s.back())) s.pop_back();
  }
  // The date, rewritten as the core's dd.mm.yyyy (ISO as it is) and read by parse_timestamp.
  size_t i = 0, taken = 0;
  const auto number = [&](size_t fewest, size_t most) {  // a run of fewest..most digits at i, or -1
    size_t j = i;
    while (j < s.size() && digit(s[j])) ++j;
    taken = j - i;
    if (taken < fewest || taken > most) return -1;
    const int v = std::stoi(s.substr(i, taken));
    i = j;
    return v;
  };
  const auto skip = [&](std::string_view chars) {  // how many of `chars` were passed over
    const size_t from = i;
    while (i < s.size() && chars.find(s[i]) != std::string_view::npos) ++i;
    return i - from;
  };
  if (!(s.size() >= 10 && s[4] == '-')) {  // ISO is read as the core reads it ("T" or a space before a time)
    int day = 0, month = 0, year = 0;
    if (digit(s.empty() ? ' ' : s[0])) {
      const int first = number(1, 2);
      const char sep = i < s.size() ? s[i] : ' ';
      if (first < 0 || (sep != '.' && (sep != '/' || lang == "ru"))) return std::nullopt;
      ++i;
      const int second = number(1, 2);
      if (second < 0 || i >= s.size() || s[i++] != sep) return std::nullopt;
      year = number(2, 4);
      if (taken == 3) return std::nullopt;
      day = sep == '.' ? first : second;
      month = sep == '.' ? second : first;
    } else {
      static constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                                   "jul", "aug", "sep", "oct", "nov", "dec"};
      const size_t letters = skip("abcdefghijklmnopqrstuvwxyz");
      const auto* m = std::find(kMonths.begin(), kMonths.end(), std::string_view(s).substr(0, 3));
      if (letters < 3 || letters > 9 || m == kMonths.end()) return std::nullopt;
      skip(".");
      if (skip(" \t") == 0 || (day = number(1, 2)) < 0) return std::nullopt;
      skip(",");
      if (skip(" \t") == 0) return std::nullopt;
      month = static_cast<int>(m - kMonths.begin()) + 1;
      year = number(4, 4);
    }
    if (year < 0 || i != s.size()) return std::nullopt;
    s = fmt::format("{:02}.{:02}.{:04}", day, month, year < 100 ? year + 2000 : year);
  }
  ParsedTime parsed;
  if (!parse_timestamp(s + clock, parsed) || parsed.has_offset) return std::nullopt;
  const CivilTime c = civil_from_instant(parsed.seconds);
  std::string out = fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
  if (parsed.has_time) out += fmt::format("T{:02}:{:02}", c.hour, c.minute);
  return out;
}

std::string settings_starts_json() {
  const auto clock = [](int seconds) { return fmt::format("{:02}:{:02}", seconds / 3600, seconds / 60 % 60); };
  const auto& hours = WorkingCalendar::kStandardHours;
  Out w;
  w.open('{');
  w.key("calendar");
  w.open('{');
  w.key("hours");
  w.open('{');
  int day = 0;
  for (std::string_view name : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) {
    w.key(name);
    if (day++ < 5) w.raw(fmt::format("[\"{}\",\"{}\"]", clock(hours.start), clock(hours.end))); else w.raw("null");
  }
  w.close('}');
  w.key("holidays"); w.raw("[]");
  w.key("workdays"); w.raw("[]");
  w.close('}');
  w.key("motivation");
  w.raw(R"({"base_salary":100000,"weights":{"revenue":1,"win_rate":0},"steps":[[0,0],[0.8,0.5],[1,1],[1.2,1.5]]})");
  w.close('}');
  return std::move(w.text);
}

std::string settings_error_json(const SettingsError& e) {
  Out w;
  w.open('{');
  w.key("rule"); w.str(e.rule);
  w.key("path"); w.str(e.path);
  w.key("params");
  w.open('{');
  for (const auto& [k, v] : e.params) {
    w.key(k);
    w.raw(v);
  }
  w.close('}');
  w.key("message"); w.str(e.message);
  w.close('}');
  return std::move(w.text);
}

static void write_norms(Out& w, const Norms& n) {
  w.open('{');
  w.key("frt_min");
  w.open('{');
  w.key("hot"); w.num(n.frt_min[0]);
  w.key("warm"); w.num(n.frt_min[1]);
  w.key("cold"); w.num(n.frt_min[2]);
  w.close('}');
  w.key("sla_share"); w.num(n.sla_share);
  w.key("next_step_share"); w.num(n.next_step_share);
  w.key("overdue_share"); w.num(n.overdue_share);
  w.key("touches");
  w.open('[');
  w.num(n.touches.first);
  w.num(n.touches.second);
  w.close(']');
  w.key("stalled_share"); w.num(n.stalled_share);
  w.key("win_rate_change");  // issue 11
  w.open('[');
  w.num(n.win_rate_change.first);
  w.num(n.win_rate_change.second);
  w.close(']');
  w.close('}');
}

std::string settings_json(const Settings& s) {
  Out w;
  w.open('{');
  w.key("schema"); w.str(kSettingsSchema);
  w.key("as_of"); w.str_or_null(s.as_of ? s.as_of_text : "");
  w.key("from"); w.str_or_null(s.from ? s.from_text : "");
  w.key("to"); w.str_or_null(s.to ? s.to_text : "");
  w.key("tz"); w.str(s.tz_name);
  w.key("calendar");
  if (!s.calendar.empty() && s.calendar.front() == '{') w.raw(s.calendar);
  else w.str(s.calendar);
  w.key("norms");
  write_norms(w, s.norms);
  w.key("min_call_s"); w.num(s.min_call_s);
  w.key("crm_account"); w.str(s.crm_account);
  w.key("source_classes");
  w.open('{');
  for (const auto& [source, cls] : s.source_classes) {
    w.key(source);
    w.str(cls == LeadClass::kHot ? "hot" : cls == LeadClass::kCold ? "cold" : "warm");
  }
  w.close('}');
  w.key("stage_control_days");
  w.open('{');
  for (const auto& [stage, days] : s.stage_control_days) {
    w.key(stage);
    w.num(days);
  }
  w.close('}');
  auto list = [&](const std::vector<std::string>& items) {
    w.open('[');
    for (const std::string& item : items) w.str(item);
    w.close(']');
  };
  w.key("won_stages"); list(s.won_stages);
  w.key("lost_stages"); list(s.lost_stages);
  w.key("pipelines");
  w.open('{');
  for (const auto& [name, stages] : s.pipelines) {
    w.key(name);
    list(stages);
  }
  w.close('}');
  w.key("plans");
  w.open('[');
  for (const Plan& p : s.plans) {
    w.open('{');
    w.key("owner"); w.str(p.owner);
    w.key("from"); w.str(p.from_text);
    w.key("to"); w.str(p.to_text);
    w.key("revenue");
    if (p.has_revenue) w.num(p.revenue); else w.raw("null");
    w.key("won_count");
    if (p.won_count >= 0) w.num(p.won_count); else w.raw("null");
    w.close('}');
  }
  w.close(']');
  w.key("motivation");
  if (!s.motivation) {
    w.raw("null");
  } else {
    const Motivation& m = *s.motivation;
    w.open('{');
    w.key("base_salary");
    if (m.salaries.empty()) {
      if (m.base_salary) w.num(*m.base_salary); else w.raw("{}");
    } else {
      w.open('{');
      if (m.base_salary) { w.key("default"); w.num(*m.base_salary); }
      for (const auto& [name, amount] : m.salaries) { w.key(name); w.num(amount); }
      w.close('}');
    }
    w.key("weights");
    w.open('{');
    w.key("revenue"); w.num(m.revenue_weight);
    w.key("win_rate"); w.num(m.win_rate_weight);
    for (const auto& [key, weight] : m.kpi_weights) { w.key(key); w.num(weight); }
    w.close('}');
    w.key("steps");
    w.open('[');
    for (const Motivation::Step& step : m.steps) {
      w.open('[');
      w.num(step.threshold);
      w.num(step.multiplier);
      w.close(']');
    }
    w.close(']');
    w.close('}');
  }
  w.key("series_bucket"); w.str(s.series_bucket);
  w.key("period_preset"); w.str(s.period_preset);
  w.key("role"); w.str(s.role);
  w.key("standup_cards"); w.num(s.standup_cards);
  w.key("norm_history");  // branch design
  w.open('[');
  for (const NormRecord& record : s.norm_history) {
    w.open('{');
    w.key("at"); w.str(record.at_text);
    w.key("norms"); write_norms(w, record.norms);
    w.close('}');
  }
  w.close(']');
  w.close('}');
  return std::move(w.text);
}

}  // namespace kpi
