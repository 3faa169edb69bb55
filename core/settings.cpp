#include "core/settings.h"

#include "core/model/calendar.h"

#include <fmt/format.h>
#include <simdjson.h>

namespace kpi {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

struct Failure {
  std::string message;
};

double number_of(element e, std::string_view key) {
  double v = 0;
  if (e.is_int64()) return static_cast<double>(e.get_int64().value_unsafe());
  if (e.is_uint64()) return static_cast<double>(e.get_uint64().value_unsafe());
  if (e.get_double().get(v) != simdjson::SUCCESS) throw Failure{fmt::format("\"{}\" must be a number", key)};
  return v;
}

std::string string_of(element e, std::string_view key) {
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) throw Failure{fmt::format("\"{}\" must be a string", key)};
  return std::string(s);
}

simdjson::dom::object object_of(element e, std::string_view key) {
  simdjson::dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) throw Failure{fmt::format("\"{}\" must be an object", key)};
  return o;
}

simdjson::dom::array array_of(element e, std::string_view key) {
  simdjson::dom::array a;
  if (e.get_array().get(a) != simdjson::SUCCESS) throw Failure{fmt::format("\"{}\" must be an array", key)};
  return a;
}

LeadClass lead_class_of(element e, std::string_view key) {
  const std::string s = string_of(e, key);
  if (s == "hot") return LeadClass::kHot;
  if (s == "warm") return LeadClass::kWarm;
  if (s == "cold") return LeadClass::kCold;
  throw Failure{fmt::format("\"{}\" must be \"hot\", \"warm\" or \"cold\", not \"{}\"", key, s)};
}

Instant instant_of(element e, std::string_view key, const TimeZone& tz) {
  const std::string s = string_of(e, key);
  Instant t = kNoTime;
  if (!parse_instant(s, tz, t)) {
    throw Failure{fmt::format("\"{}\" is not a date or timestamp: \"{}\"", key, s)};
  }
  return t;
}

std::vector<std::string> strings_of(element e, std::string_view key) {
  std::vector<std::string> out;
  for (element item : array_of(e, key)) out.push_back(string_of(item, key));
  return out;
}

// "tz_offsets": [[utc_start_seconds | null, offset_seconds], ...] for the zone `name`.
std::optional<TimeZone> zone_of(const std::string& name, element offsets) {
  constexpr std::string_view kShape = "\"tz_offsets\" must be a list of [utc_start_seconds, offset_seconds] pairs";
  std::vector<TimeZone::Change> changes;
  for (element item : array_of(offsets, "tz_offsets")) {
    simdjson::dom::array pair;
    int64_t offset = 0;
    if (item.get_array().get(pair) != simdjson::SUCCESS || pair.size() != 2 ||
        pair.at(1).get_int64().get(offset) != simdjson::SUCCESS) {
      throw Failure{std::string(kShape)};
    }
    const element start = pair.at(0).value_unsafe();
    int64_t from = kNoTime;
    if (!start.is_null() && start.get_int64().get(from) != simdjson::SUCCESS) throw Failure{std::string(kShape)};
    if (from == kNoTime && !start.is_null()) throw Failure{std::string(kShape)};  // the int64 minimum is our null
    if (offset < -TimeZone::kMaxOffset || offset > TimeZone::kMaxOffset) {
      throw Failure{
          fmt::format("\"tz_offsets\" entry {}: offset {} s is outside -18 h..+18 h", changes.size(), offset)};
    }
    changes.push_back({from, static_cast<int>(offset)});
  }
  std::string error;
  auto zone = TimeZone::from_changes(name, std::move(changes), error);
  if (!zone) throw Failure{fmt::format("\"tz_offsets\" {}", error)};
  return zone;
}

double non_negative(element e, std::string_view key) {
  const double v = number_of(e, key);
  if (!(v >= 0)) throw Failure{fmt::format("\"{}\" must not be negative", key)};
  return v;
}

// "motivation": {"base_salary": 100000 | {"default": 100000, "Anna": 120000},
//                "weights": {"revenue": 0.7, "win_rate": 0.3},
//                "steps": [[0, 0], [0.8, 0.5], [1.0, 1.0], [1.2, 1.5]]}
// A document that names "motivation" replaces the whole of it.
Motivation motivation_of(element value) {
  Motivation m;
  bool has_salary = false, has_steps = false;
  for (auto [k, v] : object_of(value, "motivation")) {
    if (k == "base_salary") {
      has_salary = true;
      if (!v.is_object()) {
        m.base_salary = non_negative(v, "motivation.base_salary");
        continue;
      }
      for (auto [name, salary] : object_of(v, "motivation.base_salary")) {
        const double amount = non_negative(salary, fmt::format("motivation.base_salary.{}", name));
        if (name == "default") m.base_salary = amount;
        else m.salaries.emplace_back(std::string(name), amount);
      }
    } else if (k == "weights") {
      m.revenue_weight = m.win_rate_weight = 0;
      for (auto [metric, weight] : object_of(v, "motivation.weights")) {
        const double w = non_negative(weight, fmt::format("motivation.weights.{}", metric));
        if (metric == "revenue") m.revenue_weight = w;
        else if (metric == "win_rate") m.win_rate_weight = w;
        else throw Failure{fmt::format(
            "\"motivation.weights\": unknown metric \"{}\" (bonus inputs are \"revenue\" and \"win_rate\")", metric)};
      }
      if (!(m.revenue_weight + m.win_rate_weight > 0)) {
        throw Failure{"\"motivation.weights\" must give some metric a weight above 0"};
      }
    } else if (k == "steps") {
      has_steps = true;
      for (element item : array_of(v, "motivation.steps")) {
        simdjson::dom::array pair;
        if (item.get_array().get(pair) != simdjson::SUCCESS || pair.size() != 2) {
          throw Failure{"\"motivation.steps\" must be a list of [threshold, multiplier] pairs"};
        }
        Motivation::Step step;
        step.threshold = number_of(pair.at(0).value_unsafe(), "motivation.steps[].threshold");
        step.multiplier = non_negative(pair.at(1).value_unsafe(), "motivation.steps[].multiplier");
        if (!m.steps.empty() && !(step.threshold > m.steps.back().threshold)) {
          throw Failure{fmt::format("\"motivation.steps\" thresholds must ascend: {} follows {}", step.threshold,
                                    m.steps.back().threshold)};
        }
        m.steps.push_back(step);
      }
      if (m.steps.empty()) throw Failure{"\"motivation.steps\" needs at least one [threshold, multiplier] step"};
    }
  }
  if (!has_salary) throw Failure{"\"motivation\" needs \"base_salary\""};
  if (!has_steps) throw Failure{"\"motivation\" needs \"steps\""};
  return m;
}

void apply(simdjson::dom::object root, Settings& s) {
  // The zone first: dates below are read in it.
  element v, offsets;
  const bool has_offsets = root["tz_offsets"].get(offsets) == simdjson::SUCCESS && !offsets.is_null();
  if (root["tz"].get(v) == simdjson::SUCCESS && !v.is_null()) {
    const std::string name = string_of(v, "tz");
    // A supplied history (the JS facade reads it from Intl) wins over the built-in zones.
    auto zone = has_offsets ? zone_of(name, offsets) : TimeZone::from_name(name);
    if (!zone) throw Failure{fmt::format("unknown time zone \"{}\"", name)};
    s.tz_name = name;
    s.tz = std::move(*zone);
  } else if (has_offsets) {
    throw Failure{"\"tz_offsets\" needs \"tz\", the name of the zone they describe"};
  }
  for (auto [key, value] : root) {
    if (key == "tz" || key == "tz_offsets") continue;
    if (key == "as_of") {
      s.as_of = value.is_null() ? std::nullopt : std::optional<Instant>(instant_of(value, key, s.tz));
    } else if (key == "from" || key == "to") {
      auto& slot = key == "from" ? s.from : s.to;
      slot = value.is_null() ? std::nullopt : std::optional<Instant>(instant_of(value, key, s.tz));
    } else if (key == "period") {
      for (auto [k, v2] : object_of(value, key)) {
        if (k != "from" && k != "to") continue;
        auto& slot = k == "from" ? s.from : s.to;
        slot = v2.is_null() ? std::nullopt : std::optional<Instant>(instant_of(v2, k, s.tz));
      }
    } else if (key == "calendar") {
      if (value.is_string()) {
        const std::string c = string_of(value, key);
        if (c != "none" && c != "default" && c != "ru") {
          throw Failure{"\"calendar\" must be \"none\", \"default\", \"ru\" or an object"};
        }
        s.calendar = c;
      } else {
        object_of(value, key);
        s.calendar = simdjson::minify(value);
        Issue error;
        if (!WorkingCalendar::from_json(s.calendar, s.tz, error)) throw Failure{error.message};
      }
    } else if (key == "norms") {
      for (auto [k, nv] : object_of(value, key)) {
        if (k == "frt_min") {
          for (auto [cls, minutes] : object_of(nv, k)) {
            const double m = number_of(minutes, cls);
            if (cls == "hot") s.norms.frt_min[0] = m;
            else if (cls == "warm") s.norms.frt_min[1] = m;
            else if (cls == "cold") s.norms.frt_min[2] = m;
          }
        } else if (k == "sla_share") s.norms.sla_share = number_of(nv, k);
        else if (k == "next_step_share") s.norms.next_step_share = number_of(nv, k);
        else if (k == "overdue_share") s.norms.overdue_share = number_of(nv, k);
        else if (k == "stalled_share") s.norms.stalled_share = number_of(nv, k);
        else if (k == "touches") {
          auto a = array_of(nv, k);
          if (a.size() != 2) throw Failure{"\"touches\" must be [low, high]"};
          s.norms.touches = {number_of(a.at(0).value_unsafe(), k), number_of(a.at(1).value_unsafe(), k)};
        }
      }
    } else if (key == "source_classes") {
      s.source_classes.clear();
      for (auto [src, cls] : object_of(value, key)) s.source_classes.emplace_back(std::string(src), lead_class_of(cls, src));
    } else if (key == "stage_control_days") {
      for (auto [stage, days] : object_of(value, key)) {
        const double d = number_of(days, stage);
        bool found = false;
        for (auto& [name, old] : s.stage_control_days) {
          if (name == stage) { old = d; found = true; }
        }
        if (!found) s.stage_control_days.emplace_back(std::string(stage), d);
      }
    } else if (key == "min_call_s") {
      s.min_call_s = number_of(value, key);
    } else if (key == "won_stages") {
      s.won_stages = strings_of(value, key);
    } else if (key == "lost_stages") {
      s.lost_stages = strings_of(value, key);
    } else if (key == "pipelines") {
      s.pipelines.clear();
      for (auto [name, stages] : object_of(value, key)) s.pipelines.emplace_back(std::string(name), strings_of(stages, name));
    } else if (key == "plans") {
      s.plans.clear();
      for (element item : array_of(value, key)) {
        Plan p;
        for (auto [k, pv] : object_of(item, "plans[]")) {
          if (k == "owner") p.owner = pv.is_null() ? std::string() : string_of(pv, k);
          else if (k == "from") p.from = instant_of(pv, "plans[].from", s.tz);
          else if (k == "to") p.to = instant_of(pv, "plans[].to", s.tz);
          else if (k == "revenue") p.revenue = number_of(pv, k);
          else if (k == "won_count") p.won_count = number_of(pv, k);
        }
        if (p.from == kNoTime || p.to == kNoTime || p.to <= p.from) {
          throw Failure{"each plan needs \"from\" and \"to\" dates with from < to"};
        }
        if (p.revenue < 0) throw Failure{"a plan's \"revenue\" must not be negative"};
        s.plans.push_back(std::move(p));
      }
    } else if (key == "motivation") {
      s.motivation = value.is_null() ? std::nullopt : std::optional<Motivation>(motivation_of(value));
    }
    // Unknown keys are ignored so newer pages can talk to older cores.
  }
}

}  // namespace

bool apply_settings(std::string_view json, Settings& settings, Issue& error) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  element doc;
  if (auto err = parser.parse(padded).get(doc); err != simdjson::SUCCESS) {
    error = Issue{ErrorCode::kBadSettings, 0, 0, 0,
                  fmt::format("settings are not valid JSON: {}", simdjson::error_message(err))};
    return false;
  }
  simdjson::dom::object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) {
    error = Issue{ErrorCode::kBadSettings, 0, 0, 0, "settings must be a JSON object"};
    return false;
  }
  Settings next = settings;
  try {
    apply(root, next);
  } catch (const Failure& f) {
    error = Issue{ErrorCode::kBadSettings, 0, 0, 0, f.message};
    return false;
  }
  settings = std::move(next);
  return true;
}

}  // namespace kpi
