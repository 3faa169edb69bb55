// Analysis settings: the `--config` JSON of spec/kpi.md §3a plus the
// command line's as-of, period, zone and calendar (docs/kpi.md lists every
// key and default). Parsing never throws: a bad document is an Issue and the
// previous settings stay in force.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/model/time.h"

namespace kpi {

enum class LeadClass : uint8_t { kHot, kWarm, kCold };

struct Norms {
  std::array<double, 3> frt_min = {10, 30, 540};  // hot, warm, cold
  double sla_share = 0.85;
  double next_step_share = 0.85;
  double overdue_share = 0.05;
  std::pair<double, double> touches = {8, 12};
  double stalled_share = 0.10;
};

struct Plan {
  std::string owner;           // empty or "team" = the whole team
  Instant from = kNoTime;      // [from, to), read in the settings' zone
  Instant to = kNoTime;
  double revenue = 0;
  double won_count = -1;       // -1 = not set
};

/// Bonus settings (spec/kpi.md §7): bonus = base salary x the multiplier of
/// the highest step whose threshold the manager's weighted attainment of the
/// result metrics reaches (docs/kpi.md "Motivation").
struct Motivation {
  struct Step {
    double threshold = 0;   // attainment, 1 = 100 %
    double multiplier = 0;
  };
  std::optional<double> base_salary;                     // for managers not named below
  std::vector<std::pair<std::string, double>> salaries;  // per manager, names matched case-insensitively
  double revenue_weight = 1;   // revenue vs plan
  double win_rate_weight = 0;  // manager win rate vs team win rate
  std::vector<Step> steps;     // thresholds strictly ascending, at least one
};

struct Settings {
  // The "as of" instant and the period [from, to); unset = derived from the data.
  std::optional<Instant> as_of, from, to;
  std::string tz_name = "Europe/Moscow";
  TimeZone tz = *TimeZone::from_name("Europe/Moscow");
  std::string calendar = "default";  // none | default | ru | an inline JSON object (kept as text)

  Norms norms;
  std::vector<std::pair<std::string, LeadClass>> source_classes;
  std::vector<std::pair<std::string, double>> stage_control_days = {
      {"default", 3}, {"Квалификация", 2}, {"Qualification", 2}, {"Переговоры", 5}, {"Negotiation", 5}};
  double min_call_s = 10;
  std::vector<std::string> won_stages = {"Успешно реализовано", "won"};
  std::vector<std::string> lost_stages = {"Закрыто и не реализовано", "lost"};
  std::vector<std::pair<std::string, std::vector<std::string>>> pipelines;
  std::vector<Plan> plans;
  std::optional<Motivation> motivation;  // unset: no bonus section
};

/// Applies a settings document on top of `settings` (keys not given keep their
/// value). On error returns false, fills `error`, and leaves `settings` as it was.
bool apply_settings(std::string_view json, Settings& settings, Issue& error);

}  // namespace kpi
