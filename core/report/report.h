// The report object of spec/report.md (`kpi-lens/report@1`): one result with
// three faces (page, CLI table, JSON). Metric values are doubles with NaN for
// "not computable"; the JSON writer turns NaN into null, so every key is
// always present.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model/time.h"

namespace kpi {

inline constexpr std::string_view kReportSchema = "kpi-lens/report@1";

enum class Metric : uint8_t {
  kFrtMedianMin, kFrtMeanMin, kFrtP90Min, kSlaShare, kSlaBreached, kSlaTotal,
  kNextStepShare, kOverdueStepCount, kOpenCount,
  kOverdueShare, kOverdueCount, kTasksDueCount,
  kTouchesPerWonMean, kTouchesPerWonMedian,
  kWonCount, kLostCount, kWinRate, kRevenue, kAvgWonAmount,
  kStalledCount, kStalledShare, kVelocityMedianDays,
  kPlanRevenue, kPlanFactShare, kPlanPace, kPlanForecast,
  kCount
};
inline constexpr size_t kMetricCount = static_cast<size_t>(Metric::kCount);

/// The JSON key of a metric, e.g. "win_rate".
std::string_view metric_key(Metric m) noexcept;

inline constexpr double kNull = std::numeric_limits<double>::quiet_NaN();

struct MetricValues {
  std::array<double, kMetricCount> values;
  MetricValues() { values.fill(kNull); }
  double get(Metric m) const noexcept { return values[static_cast<size_t>(m)]; }
  void set(Metric m, double v) noexcept { values[static_cast<size_t>(m)] = v; }
  bool has(Metric m) const noexcept { return !std::isnan(get(m)); }
};

/// The sample behind a share: its n and 95 % Wilson interval; `small` when
/// n < kSmallSample, so that 1 of 2 does not shout "50 %".
struct ShareSample {
  double n = 0;
  double low = kNull, high = kNull;
};
inline constexpr double kSmallSample = 30;
/// The shares that carry a sample, and the METRICS key holding their n
/// (win rate's n is won + lost).
inline constexpr std::array<Metric, 5> kSampledShares = {Metric::kWinRate, Metric::kSlaShare, Metric::kNextStepShare,
                                                         Metric::kOverdueShare, Metric::kStalledShare};
using Samples = std::array<ShareSample, kSampledShares.size()>;

/// One manager within one group (fair comparison, spec §5): the same metrics,
/// to be read against the group's own row rather than the team's.
struct SplitRow {
  std::string manager, group;
  MetricValues metrics;
  Samples samples{};
  /// Per sampled share: the manager is worse than the group's own average
  /// (lower win, SLA and next-step shares; higher overdue and stalled shares).
  std::array<bool, kSampledShares.size()> worse_than_group{};
};
/// Whether a higher value of each sampled share is better.
inline constexpr std::array<bool, kSampledShares.size()> kHigherIsBetter = {true, true, true, false, false};

/// What the team's rates would give on a manager's mix of groups: for each
/// sampled share, Σ n(manager, group) · rate(group) / Σ n(manager, group).
struct Expected {
  std::array<double, kSampledShares.size()> source, lead_class, segment;
  Expected() { source.fill(kNull); lead_class.fill(kNull); segment.fill(kNull); }
};

struct NamedMetrics {
  std::string name;
  MetricValues metrics;
  Samples samples{};
  Expected expected;  ///< managers only
  /// Managers only: the same metrics over the previous period (the matrix's
  /// Δ); has_previous is false when the report has no previous period.
  MetricValues previous;
  bool has_previous = false;
};

/// What the core made of a table file's columns (an "inspect" read, or a file
/// whose table or required columns were not recognised): the mapping
/// dialog's pre-filled guesses. docs/formats.md "Columns and guesses".
struct ColumnGuess {
  std::string name;    ///< the header cell as written
  std::string field;   ///< the guessed canonical field of `Inspection::kind`; "" = none
  std::string by;      ///< "canonical" | "alias" | "values" | "" (no guess)
  std::string values;  ///< what the preview cells look like: date | number | phone | state | activity_type | text | empty
  /// How sure the guess is, 0..1 (1 canonical name; 0.9 a dictionary name the
  /// values agree with; 0.6 the values alone); 0 without a guess.
  double confidence = 0;
  /// Why a name's guess was dropped or doubted: values_not_dates,
  /// values_not_numbers, values_look_like_phones, dates_in_future, "" none.
  std::string doubt;
};
/// A table's canonical fields, so the dialog offers what the core reads.
struct TableFields {
  std::string kind;
  std::vector<std::string> fields, required;
};
struct Inspection {
  /// At most this many columns are described (an HTML row may have 65,536 cells).
  static constexpr size_t kMaxColumns = 256;
  /// Preview cells are cut to this many bytes (at a character boundary).
  static constexpr size_t kMaxCellBytes = 200;
  uint64_t header_line = 0;
  uint64_t header_columns = 0;      ///< all header cells, even beyond kMaxColumns
  std::vector<ColumnGuess> columns;
  std::vector<std::string> signature;  ///< header cells trimmed and case-folded: what presets match
  std::string kind;                    ///< guessed table, "" = none
  std::string kind_by;                 ///< "header" | "values" | ""
  std::vector<std::string> missing;    ///< required fields of `kind` no column was guessed for
  std::vector<std::vector<std::string>> preview;  ///< the first rows, cell by cell
  std::vector<TableFields> tables;                ///< every table's fields, in the readers' order
  /// A JSON dump (kind_by "json"): its CRM ("amocrm" | "bitrix24"), endpoint
  /// ("leads", "crm.deal.list", ...) and entity count; preview = its first entities.
  std::string crm, endpoint;
  uint64_t entities = 0;
};

struct InputSummary {
  std::string file;
  bool ok = true;
  std::string kind;      ///< deals | stage_events | tasks | activities | "" when unknown
  std::string format;    ///< canonical-csv | ...
  std::string encoding;  ///< utf-8 | utf-8-bom | windows-1251 | utf-16le | utf-16be
  char delimiter = 0;
  uint64_t bytes = 0;
  uint64_t rows = 0;     ///< data rows kept
  uint64_t skipped = 0;  ///< data rows skipped
  std::vector<Issue> issues;  ///< the first kMaxIssuesKept row issues
  uint64_t issue_count = 0;   ///< all row issues
  Issue error;                ///< fatal error when !ok
  /// Columns and guesses: present for an inspect read and for a table file
  /// whose table or required columns were not recognised (JSON null otherwise).
  std::optional<Inspection> inspection;
};
inline constexpr size_t kMaxIssuesKept = 50;

struct StageRow {
  std::string pipeline, stage;
  int order = 0;
  double reached = kNull, converted = kNull, conversion = kNull;
  double open = kNull, stalled = kNull, stalled_share = kNull;
  double median_days_in_stage = kNull, p90_days_in_stage = kNull;
};

struct LossReasonRow {
  std::string reason;  ///< empty = "no reason given" (JSON null)
  uint64_t count = 0;
  double share = kNull;
};

struct BoardTile {
  std::string id, norm, status;
  double value = kNull, delta_prev = kNull;
  std::vector<std::string> worst, deal_ids;
};

struct QualityRow {
  std::string check;
  uint64_t count = 0;
  std::vector<std::string> examples;
};

/// How much of a metric's cohort the metric could be computed on
/// ("FRT computed on 83 % of leads: 17 % have no outgoing touch").
struct CoverageRow {
  std::string metric;
  uint64_t covered = 0;
  uint64_t total = 0;
  std::string note;  ///< what the uncovered part lacks; empty when fully covered
};

/// One manager's bonus (spec/kpi.md §7, docs/kpi.md "Motivation"). Values
/// are NaN (JSON null) where they cannot be computed; `reason` then says why.
struct MotivationRow {
  std::string manager;
  double attainment = kNull;           ///< weighted over the attainments that exist
  double revenue_attainment = kNull;   ///< fact / plan
  double win_rate_attainment = kNull;  ///< manager win rate / team win rate
  double multiplier = kNull, base_salary = kNull, bonus = kNull;
  std::string reason;  ///< why the bonus is null; empty otherwise (JSON null)
};

struct Unavailable {
  std::string metric, reason;
};

/// The norms the statuses were judged by, resolved from the settings (the
/// FRT norm is the mix of the period's lead classes), for the faces to colour
/// cells with the same rule as the board.
struct ReportNorms {
  double frt_mean_min = kNull;
  double sla_share = kNull, next_step_share = kNull, overdue_share = kNull, stalled_share = kNull;
  double touches_low = kNull, touches_high = kNull;
};

struct Report {
  Instant as_of = kNoTime;
  Instant from = kNoTime, to = kNoTime;  ///< [from, to)
  std::vector<InputSummary> inputs;
  MetricValues team;
  Samples team_samples{};
  MetricValues team_previous;  ///< the team over the previous period (JSON null without one)
  bool has_previous = false;
  std::vector<NamedMetrics> managers;
  std::vector<NamedMetrics> by_source, by_segment;
  std::vector<NamedMetrics> by_class;  ///< lead classes: hot, warm, cold (always three rows)
  /// Manager × group, manager-major: split_source[m * by_source.size() + g].
  std::vector<SplitRow> split_source, split_class, split_segment;
  std::vector<StageRow> stages;
  std::vector<LossReasonRow> loss_reasons;
  std::vector<BoardTile> board;
  std::vector<QualityRow> data_quality;
  std::vector<Unavailable> unavailable;
  ReportNorms norms;
  std::vector<CoverageRow> coverage;
  std::vector<MotivationRow> motivation;  ///< one row per manager; empty without motivation settings
};

/// The report as `kpi-lens/report@1` JSON (UTF-8; invalid bytes become U+FFFD).
std::string to_json(const Report& report);
/// One input's summary as a JSON object (the boundary's per-file answer).
std::string to_json(const InputSummary& input);
/// An issue as the boundary's error object {code, file, line, byte, message}.
std::string error_json(const Issue& issue, std::string_view file);

/// Appends `s` as a JSON string literal.
void append_json_string(std::string& out, std::string_view s);

}  // namespace kpi
