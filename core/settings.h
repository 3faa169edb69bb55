// Analysis settings: the `--config` JSON of spec/kpi.md §3a plus the
// command line's as-of, period, zone and calendar (docs/kpi.md lists every
// key and default). The core owns the document: `settings_json(Settings{})`
// is the whole default document, `read_settings` takes a WHOLE document (a
// key it does not give takes its default; there are no patch semantics) and
// checks every field, naming each bad one by its JSON pointer. Parsing never
// throws: a bad document is a list of SettingsErrors and the previous
// settings stay in force.
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
  /// The growth of win rate expected from the latest complete month to the
  /// month 3 and 6 months before it (issue 11, docs/kpi.md "Win rate change").
  std::pair<double, double> win_rate_change = {0.02, 0.05};
  bool operator==(const Norms&) const = default;
};

struct Plan {
  std::string owner;           // empty or "team" = the whole team
  Instant from = kNoTime;      // [from, to), read in the settings' zone
  Instant to = kNoTime;
  std::string from_text, to_text;  // as written in the document (settings_json gives them back)
  double revenue = 0;
  bool has_revenue = false;    // a money plan (`revenue` given)
  double won_count = -1;       // a plan by the number of deals won; -1 = not set
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
  /// Branch design (issue 11): the weights of the other METRICS keys, in
  /// METRICS order, each attained against the norm in force on the manager's
  /// row (docs/kpi.md "Motivation"). Only keys given with a weight, even 0.
  std::vector<std::pair<std::string, double>> kpi_weights;
  std::vector<Step> steps;     // thresholds strictly ascending, at least one
};

/// One settings document the page applied (branch design, issue 11): when,
/// and the norms it held. The core reads the norm changes from a list of
/// these (settings `norm_history`) for the KPI design check (core/kpi/design.h).
struct NormRecord {
  Instant at = kNoTime;
  std::string at_text;  // as written
  Norms norms;
};

struct Settings {
  // Out of line (settings.cpp), like Report's: the defaults below are built
  // in one place, not inlined wherever a Settings is made or dropped.
  Settings();
  ~Settings();
  Settings(const Settings&);
  Settings(Settings&&) noexcept;
  Settings& operator=(const Settings&);
  Settings& operator=(Settings&&) noexcept;

  // The "as of" instant and the period [from, to); unset = derived from the data.
  std::optional<Instant> as_of, from, to;
  std::string as_of_text, from_text, to_text;  // as written ("" = null), read in `tz`
  std::string tz_name = "Europe/Moscow";
  TimeZone tz = *TimeZone::from_name("Europe/Moscow");
  std::string calendar = "default";  // none | default | ru | an inline JSON object (kept as text)

  Norms norms;
  std::vector<std::pair<std::string, LeadClass>> source_classes;
  std::vector<std::pair<std::string, double>> stage_control_days = {
      {"default", 3}, {"Квалификация", 2}, {"Qualification", 2}, {"Переговоры", 5}, {"Negotiation", 5}};
  double min_call_s = 10;
  std::string crm_account;  // the CRM account's host for links to deals ("" = unknown; issue 10)
  std::vector<std::string> won_stages = {"Успешно реализовано", "won"};
  std::vector<std::string> lost_stages = {"Закрыто и не реализовано", "lost"};
  std::vector<std::pair<std::string, std::vector<std::string>>> pipelines;
  std::vector<Plan> plans;
  std::optional<Motivation> motivation;  // unset: no bonus section
  /// The series' bucket (docs/report.md "Series"): "auto" (weeks for a
  /// period up to kSeriesWeeksUpTo days, months beyond), "week", "month", "none".
  std::string series_bucket = "auto";
  /// The period relative to as_of (docs/kpi.md "Period presets"): "custom"
  /// (from / to, or the whole data when they are null), "auto" (the default:
  /// from / to when either is given, else the last complete month, or week
  /// for a short export), "whole", "this_week", "last_week", "this_month",
  /// "last_month", "this_quarter", "last_quarter", "last_3_months". Any but
  /// "custom" and "auto" ignores from / to.
  std::string period_preset = "auto";
  /// The role KPI set in force (core/kpi/roles.h, docs/kpi.md "Role KPI
  /// sets"): which matrix columns and board tiles the report's `layout`
  /// names. "general" (the default) is the board of spec §4.
  std::string role = "general";
  /// How many cards the stand-up list takes (report.today.standup), 3 to 5.
  int standup_cards = 3;
  /// The norms of the documents applied before, oldest first (branch design:
  /// the KPI design check's "norms changed more often than once a quarter").
  std::vector<NormRecord> norm_history;
};
inline constexpr int64_t kSeriesWeeksUpTo = 92;
inline constexpr int kStandupMin = 3, kStandupMax = 5;  ///< settings `standup_cards`

/// The schema name a settings document may carry (`"schema"`); settings_json writes it.
inline constexpr std::string_view kSettingsSchema = "kpi-lens/settings@1";

/// One bad field of a settings document. `rule` is the stable code the faces
/// translate (wasm/messages.mjs: SETTINGS_NOT_NUMBER, SETTINGS_SHARE, ...);
/// `path` the JSON pointer of the field ("/norms/sla_share", "/plans/2/to",
/// "" for the document itself); `params` its parameters as JSON values
/// (already encoded: `"\"tepid\""`, `3`); `message` one English sentence.
struct SettingsError {
  std::string rule;
  std::string path;
  std::vector<std::pair<std::string, std::string>> params;
  std::string message;
};

/// Reads a WHOLE settings document: every key it gives is checked and every
/// key it does not give takes its default (Settings{}); a map it gives
/// (source_classes, stage_control_days, pipelines, base_salary) replaces the
/// default map. Unknown keys are errors. On success replaces `settings` and
/// returns true; otherwise fills `errors` with every bad field (in document
/// order) and leaves `settings` as it was.
bool read_settings(std::string_view json, Settings& settings, std::vector<SettingsError>& errors);

/// read_settings with the first error as an Issue (BAD_SETTINGS, the message
/// prefixed by the field's path), for callers that show one sentence.
bool apply_settings(std::string_view json, Settings& settings, Issue& error);

/// The whole document of `settings`, every key present, in the shape
/// read_settings takes (dates as written; `tz_offsets` left out: a host adds
/// the zone's history again when it sends the document back).
std::string settings_json(const Settings& settings);

/// The settings form's fields (issue 9, docs/web.md "Settings"): a JSON array,
/// one object per field the faces edit —
/// `{"path": JSON pointer, "section", "type": number | integer | pair | choice |
/// date | date_time | zone | date_list | map | table, "unit": share |
/// share_change | min | s | days | count | money, "min", "above_min" (true: more
/// than min, not at least), "max", "step", "choices": [..], "end": "exclusive"
/// (a date kept as the day after the last one), "keys": sources | stages |
/// managers (a map's rows, or a choice's options: names from the report),
/// "value": {the spec of a map's values}, "columns": [{"key", the spec of a
/// table row's cell}]}` (a key only when it applies). The bounds and choices
/// are the ones read_settings checks (tests/node/settings-model.test.mjs sets
/// every scalar bound and one step past it), so a face offers exactly what the
/// core takes and mirrors no range. Defaults are settings_json(Settings{}).
std::string settings_schema_json();

/// A date as a person types it into a settings field, read as the core reads
/// dates (parse_timestamp): ISO (`2026-03-31`, `2026-03-31T14:30`); day first
/// with dots (`31.03.2026`, `31.3.26`); and, for any `lang` but "ru", month
/// first with slashes (`3/31/2026`) and English month names (`Mar 31, 2026`,
/// `March 31 2026`); optionally followed by a time (`14:30`, `2:30 PM`).
/// Returns `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`; nullopt for anything else (the
/// face then sends the text as typed, and read_settings names the field).
std::optional<std::string> read_typed_date(std::string_view text, std::string_view lang);

/// What the form's objects start from when the user turns them on (issue 9: a
/// face mirrors no default): `{"calendar": the custom calendar (the `default`
/// calendar's hours, no holidays), "motivation": the bonus table of docs/kpi.md
/// "Motivation"}`. Both are documents read_settings takes.
std::string settings_starts_json();

/// `{"rule":..,"path":..,"params":{..},"message":..}` for one error.
std::string settings_error_json(const SettingsError& error);

}  // namespace kpi
