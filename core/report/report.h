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
  kPlanWonCount, kPlanWonFactShare, kPlanWonPace, kPlanWonForecast,  // plans by the number of deals won
  kCount
};
inline constexpr size_t kMetricCount = static_cast<size_t>(Metric::kCount);

/// The JSON key of a metric, e.g. "win_rate".
std::string_view metric_key(Metric m) noexcept;
/// The metric whose JSON key is `key`, or nullopt.
std::optional<Metric> metric_from_key(std::string_view key) noexcept;

/// What a metric is (report.catalogue): its family, unit, statistic, which
/// way is better ("higher" | "lower" | "range" | "none"), and the
/// report.unavailable family that explains a missing value; for the KPI
/// design check (docs/kpi.md "KPI design check"), its `kind` ("activity": can
/// be met without a single sale; "result": measures sales; "volume": how much
/// work the manager was given) and who can `influence` it ("manager" | "none").
struct MetricInfo {
  std::string_view family, unit, statistic, direction, unavailable;
  std::string_view kind, influence;
};
const MetricInfo& metric_info(Metric m) noexcept;

inline constexpr double kNull = std::numeric_limits<double>::quiet_NaN();

/// A value's verdict against its norm (docs/report.md "Statuses"): none when
/// the metric has no norm or the value or the norm is missing (a status
/// reason code then says which).
enum class Status : uint8_t { kNone, kOk, kWarn, kBad };
/// "ok" | "warn" | "bad" | "" (none).
std::string_view status_name(Status s) noexcept;

/// How a norm holds: a ceiling, a floor, or a range (touches per won deal).
enum class NormKind : uint8_t { kNone, kAtMost, kAtLeast, kRange };
/// Where the norm in force came from.
enum class NormSource : uint8_t { kDefault, kSettings, kLeadClass, kStage, kTeam, kPlan, kPreviousPeriod };
std::string_view norm_kind_name(NormKind k) noexcept;
std::string_view norm_source_name(NormSource s) noexcept;

/// The norm one value is held to: `value` for a ceiling or a floor, `low` and
/// `high` for a range. A norm with kind kNone does not exist; a NaN value is
/// a norm whose reference is missing (no previous period, no plan).
struct Norm {
  NormKind kind = NormKind::kNone;
  double value = kNull, low = kNull, high = kNull;
  NormSource source = NormSource::kDefault;
  bool operator==(const Norm& o) const noexcept;  ///< NaN equals NaN here
};

/// Every metric of one report row, judged (core/kpi/judge.cpp): its status,
/// the code saying why a status is none, and the norm in force for the row.
struct Judgement {
  std::array<Status, kMetricCount> status{};
  std::array<std::string_view, kMetricCount> reason{};  ///< a static code; empty when status is not none
  std::array<Norm, kMetricCount> norm{};
  /// The team row only: the lead class whose FRT median decided the status
  /// of frt_median_min (the worst class; docs/kpi.md "First response"); ""
  /// when the row's own median against its mix norm decided it.
  std::string_view frt_class;
};

struct MetricValues {
  std::array<double, kMetricCount> values;
  /// The FRT norm of this row's answered leads: the mean of their lead
  /// classes' norms (minutes); NaN when no lead was answered.
  double frt_norm = kNull;
  Judgement judged;
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
  /// The CRM account's host this file names, for the deal links (issue 10):
  /// an amoCRM API dump's `_links`, a `kpi-lens fetch` folder's manifest, or
  /// an export's column of deal URLs; "" otherwise. Not written per input.
  std::string account;
  std::string account_crm;   ///< amocrm | bitrix24 when the file says which ("" otherwise)
  std::string account_from;  ///< api_dump | fetch_manifest | deal_url_column
};
inline constexpr size_t kMaxIssuesKept = 50;

struct StageRow {
  std::string pipeline, stage;
  int order = 0;
  Status status = Status::kNone;  ///< of stalled_share against the stalled norm (it holds per stage)
  std::string_view status_reason;
  double reached = kNull, converted = kNull, conversion = kNull;
  double open = kNull, stalled = kNull, stalled_share = kNull;
  double median_days_in_stage = kNull, p90_days_in_stage = kNull;
};

struct LossReasonRow {
  std::string reason;  ///< empty = "no reason given" (JSON null)
  uint64_t count = 0;
  double share = kNull;
  /// "No reason given" is held to at most kNoReasonShareNorm of the lost
  /// deals; a named reason has no norm (NO_NORM).
  Status status = Status::kNone;
  std::string_view status_reason;
};
inline constexpr double kNoReasonShareNorm = 0.05;

/// Why a deal is on a board card: a code of wasm/messages.mjs with its
/// numbers (value, norm in `unit`) and names (stage, source).
struct CardReason {
  std::string code;
  Params params;
};
/// One deal of a tile's cards, with what the page shows about it.
struct CardRow {
  std::string deal_id, title, manager, stage, currency;
  double amount = kNull;
  std::vector<CardReason> reasons;
};
/// How many of a tile's deals carry their rows in board[].cards.
inline constexpr size_t kCardRows = 5;

struct BoardTile {
  std::string id, norm, status;
  std::string metric;  ///< the METRICS key whose team value the tile shows (and judges)
  double value = kNull, delta_prev = kNull;
  /// How many rows the tile's drill-down flags (JSON "flagged"): SLA
  /// breaches, open deals without a next step, overdue tasks, stalled deals,
  /// lost deals; the card count where the report has no such metric (FRT).
  double flagged = kNull;
  Norm norm_in_force;              ///< the team row's norm for `metric` (JSON norm_value / norm_low / norm_high)
  std::string_view status_reason;  ///< when status is empty
  /// FRT: the lead class whose status the tile shows (its worst; JSON
  /// "status_lead_class"), "" when none was judged.
  std::string_view status_lead_class;
  std::vector<std::string> worst, deal_ids;
  std::vector<CardRow> cards;  ///< the first kCardRows of deal_ids, with their rows and reasons
  /// Why each deal of deal_ids is there (parallel to it; not written): the
  /// board adds them to the cards of the other tiles the deal is on.
  std::vector<CardReason> reasons;
  /// Every deal the tile flags (not only the kMaxCards kept), for today's
  /// list (board.cpp; not written): the deal's row and its reason.
  struct Flag {
    uint32_t row;
    std::string_view code;  ///< a static code
    double value, norm;
    std::string_view unit;
    uint32_t about;  ///< the StrId of the stage (STALLED) or source named
  };
  std::vector<Flag> every;
  /// The FRT tile only: the team's median per lead class, each judged
  /// against the norm the user set for that class (JSON "by_class").
  struct ClassFrt {
    std::string lead_class;
    double value = kNull, norm = kNull, answered = kNull;
    Status status = Status::kNone;
    std::string_view status_reason;
  };
  std::vector<ClassFrt> by_class;
};

struct QualityRow {
  std::string check;
  uint64_t count = 0;
  std::vector<std::string> examples;
  std::string_view severity = "ok";  ///< high | medium (how much the findings distort the KPIs) | ok: none found
  std::string_view unit = "deals";   ///< what `count` counts: deals | rows | stages | reasons | currencies
};

/// How much of a metric's cohort the metric could be computed on
/// ("FRT computed on 83 % of leads: 17 % have no outgoing touch").
struct CoverageRow {
  std::string metric;
  uint64_t covered = 0;
  uint64_t total = 0;
  std::string note;  ///< what the uncovered part lacks; empty when fully covered
  std::string_view code = {};  ///< NEEDS_* when the input table is missing altogether, else empty
  std::optional<uint64_t> lacking_pct = std::nullopt;  ///< whole percent uncovered (never 0 nor 100 for a partial gap); none when all are
  std::string_view severity = "ok";     ///< high: under half covered (or no input); medium: under 90 %
};

/// One manager's bonus (spec/kpi.md §7, docs/kpi.md "Motivation"). Values
/// are NaN (JSON null) where they cannot be computed; `reason` then says why.
struct MotivationRow {
  std::string manager;
  double attainment = kNull;           ///< weighted over the attainments that exist
  double revenue_attainment = kNull;   ///< fact / plan
  double win_rate_attainment = kNull;  ///< manager win rate / team win rate
  /// The weights of revenue and win rate in force (settings motivation.weights),
  /// and, when an attainment is null, why (BONUS_NEEDS_PLAN, BONUS_PLAN_ZERO,
  /// BONUS_NEEDS_CLOSED, BONUS_TEAM_WIN_ZERO); "" otherwise.
  double revenue_weight = 0, win_rate_weight = 0;
  std::string_view revenue_reason, win_rate_reason;
  double multiplier = kNull, base_salary = kNull, bonus = kNull;
  std::string reason;  ///< why the bonus is null; empty otherwise (JSON null)
  /// Branch design: the same reasons as codes of wasm/messages.mjs
  /// (BONUS_NEEDS_PLAN, BONUS_KPI_MISSING {metric, reason}, ...), for the faces.
  std::vector<CardReason> reasons;
  /// Branch design: one per weighted METRICS key other than revenue and
  /// win_rate, in METRICS order (docs/kpi.md "Motivation").
  struct Kpi {
    std::string metric;
    double weight = 0;
    double value = kNull, attainment = kNull;  ///< the manager's value; its capped attainment
    std::string_view reason;  ///< a status reason code when attainment is null ("" otherwise)
  };
  std::vector<Kpi> kpis;
};

/// One finding of the KPI design check (branch design, core/kpi/design.h,
/// docs/kpi.md "KPI design check"): a code of wasm/messages.mjs, its
/// numbers and texts, and the METRICS keys it is about.
struct DesignWarning {
  std::string code;
  Params params;
  std::vector<std::string> metrics;
};

struct Unavailable {
  std::string metric;  ///< the family: frt, sla, next_step, overdue, touches, ...
  std::string reason;  ///< English, for old readers
  std::string code;    ///< NEEDS_DEALS, NO_OPEN_DEAL, ... (wasm/messages.mjs)
  Params params;
};

/// The norms the statuses were judged by, resolved from the settings (the
/// FRT norm is the mix of the period's lead classes), for the faces to colour
/// cells with the same rule as the board.
struct ReportNorms {
  double frt_mean_min = kNull;
  double sla_share = kNull, next_step_share = kNull, overdue_share = kNull, stalled_share = kNull;
  double touches_low = kNull, touches_high = kNull;
};

// ---- What a head of sales looks for first (issue 10; core/kpi/activity.cpp,
// open_pipeline.cpp, new_deals.cpp; docs/kpi.md "Activity, open pipeline, new deals").
struct ManagerActivityCounts {
  double calls_out = 0, calls_in = 0, talk_min = 0, meetings = 0, emails_out = 0, messages_out = 0;
};
struct ManagerActivityDay {
  std::string date;  ///< local date of the settings' zone, `YYYY-MM-DD`
  ManagerActivityCounts counts;
};
struct ManagerActivityRow {
  std::string manager;            ///< empty for the team row
  ManagerActivityCounts period;          ///< the whole period
  std::vector<ManagerActivityDay> days;  ///< days with at least one touch, ascending
};
struct OpenStageMoney {
  std::string pipeline, stage;
  int order = 0;
  double open_count = 0, amount = 0, no_amount = 0;
  double closed_from_stage = 0, won_from_stage = 0;
  double win_probability = kNull, weighted = kNull;
};
struct OpenManagerMoney {
  std::string manager;
  double open_count = 0, amount = 0, no_amount = 0, weighted = 0, unweighted_amount = 0;
};
struct NewDealsRow {
  std::string manager, source;  ///< source empty = no source
  double count = 0, amount = 0, no_amount = 0;
};
struct FirstHour {
  std::vector<ManagerActivityRow> activity;  ///< the team first, then each manager by name
  std::vector<OpenStageMoney> open_by_stage;
  std::vector<OpenManagerMoney> open_by_manager;  ///< the team ("" ) first, then each manager
  std::vector<NewDealsRow> new_by_manager;         ///< source = "" is the manager's total; team ("") first
  std::vector<NewDealsRow> new_by_manager_source;
};
/// Today's list (board.cpp, docs/kpi.md "Today's list"): open deals that can
/// still be saved, ranked by money at stake and freshness.
struct TodayRow {
  std::string deal_id, title, manager, stage, currency, url;
  double amount = kNull, idle_days = kNull, score = 0;
  /// How far off its norms the deal is (the stand-up's rank, docs/kpi.md
  /// "The stand-up list"): each reason counts value / norm where it has both
  /// (at least 1), else 1.
  double deviation = 0;
  std::vector<CardReason> reasons;
};
struct TodayList {
  double stale_days = 0;     ///< an open deal idle longer is stale: not today's
  uint64_t open_flagged = 0;  ///< open deals with at least one reason (rows + stale)
  uint64_t stale = 0;         ///< of those, idle longer than stale_days (left out)
  uint64_t closed = 0;        ///< flagged deals not open at now (left out; the drill-down keeps them)
  uint64_t more = 0;          ///< rows beyond kTodayRows (left out)
  std::vector<TodayRow> rows;
  /// The stand-up list: the settings' standup_cards rows, most deviant first (issue 11).
  std::vector<TodayRow> standup;
};
inline constexpr size_t kTodayRows = 1000;
/// Where a deal opens in the CRM: kind amocrm | bitrix24 ("" unknown);
/// account = the host ("" unknown); source settings | api_dump.
struct CrmLink {
  std::string kind, account, source;
};
/// A manager's place by the board's deviations (board.cpp).
struct ManagerRank {
  std::string manager;
  uint32_t bad = 0, warn = 0, ok = 0;
  double miss = 0;               ///< the sum of relative misses of the bad and warn metrics
  std::vector<std::string> off;  ///< the METRICS keys not ok, board order
};
/// What the report could be built from: code OK | NO_FILES | NO_DEALS_READ.
struct ReportState {
  std::string code = "OK";
  uint64_t files = 0, unreadable = 0, deals = 0;
};
// ---- end of issue 10's block

// ---- Series (issue 11; core/kpi/series.cpp, docs/report.md "Series").
/// One bucket of the series: [from, to) seen as of `as_of` (the bucket's last
/// second, or the period's as_of in the last one), and every row of it as a
/// fresh analysis with the period set to that bucket would give them.
struct SeriesPoint {
  Instant from = kNoTime, to = kNoTime, as_of = kNoTime;
  bool partial = false;  ///< cut by the period's start or end (not a whole week or month)
  MetricValues team;
  Samples team_samples{};
  std::vector<MetricValues> managers;  ///< parallel to Report::managers
  std::vector<Samples> manager_samples;
};
/// Which way a metric went over the last points (report.series.direction).
struct SeriesDirection {
  std::string_view trend;   ///< "up" | "down" | "flat" | "" (fewer than two values)
  std::string_view verdict; ///< "better" | "worse" | "same" | "" (no good way: direction none)
  double change = kNull;    ///< last value − the first of the points compared
  size_t points = 0;        ///< how many points were compared
};
struct Series {
  std::string bucket;         ///< "week" | "month"; empty = no series (JSON null)
  std::string bucket_source;  ///< "auto" | "settings"
  std::vector<SeriesPoint> points;
  /// Per metric, over the last kDirectionPoints points with a value: the team's and each manager's.
  std::array<SeriesDirection, kMetricCount> team_direction{};
  std::vector<std::array<SeriesDirection, kMetricCount>> manager_direction;
};
/// How many of the last points the direction compares (their first against their last).
inline constexpr size_t kDirectionPoints = 4;
/// One metric a manager misses (report.off_norm): warn or bad, and by how
/// much relative to the norm (judge.h miss()).
struct OffNorm {
  Metric metric = Metric::kCount;
  Status status = Status::kNone;
  double miss = 0;
};
// ---- end of issue 11's block

// ---- Dynamics (issue 11, second session; core/kpi/win_trend.cpp,
// loss_mix.cpp, plan_days.cpp, design_check.cpp; docs/report.md "Dynamics").
/// One win-rate change (report.win_rate_change): the latest complete month
/// against the month `months` before it, judged against the settings'
/// norms.win_rate_change range (docs/kpi.md "Win rate change").
struct WinRateChange {
  int months = 0;
  Instant before_from = kNoTime, before_to = kNoTime;  ///< the earlier month [from, to)
  double before = kNull, after = kNull, change = kNull;  ///< win rates (0..1) and after − before
  uint32_t before_closed = 0, after_closed = 0;         ///< won + lost behind each rate
  Status status = Status::kNone;
  std::string_view status_reason;  ///< a static code when status is none
};
inline constexpr std::array<int, 2> kWinChangeMonths = {3, 6};
struct WinTrendRow {
  std::string manager;  ///< empty for the team
  std::array<WinRateChange, kWinChangeMonths.size()> changes{};
};
struct WinTrend {
  Instant latest_from = kNoTime, latest_to = kNoTime;  ///< the latest complete month; kNoTime = none (JSON null)
  double norm_low = kNull, norm_high = kNull;
  WinTrendRow team;
  std::vector<WinTrendRow> managers;  ///< parallel to Report::managers
};
/// One loss reason of a manager beside the team's (report.loss_mix): the
/// manager's count and share of their lost deals, the team's share, and the
/// difference; `rank` 1.. for the reasons where the manager differs most.
struct LossMixReason {
  std::string reason;  ///< empty = "no reason given" (JSON null)
  uint32_t count = 0;
  double share = kNull, team_share = kNull, diff = kNull;
  uint32_t rank = 0;  ///< 0 = not among the most different (JSON null)
};
struct LossMixRow {
  std::string manager;
  uint32_t lost = 0;                   ///< the manager's deals lost in the period
  std::vector<LossMixReason> reasons;  ///< every team reason, in report.loss_reasons order; empty when lost = 0
  std::string_view reason_code;        ///< NO_LOST_DEAL when lost = 0
};
/// At most this many reasons are ranked, each differing by at least kLossMixMinDiff.
inline constexpr size_t kLossMixTop = 3;
inline constexpr double kLossMixMinDiff = 0.05;
/// One plan's track by working day (report.plan_days; docs/kpi.md "Plan by
/// working day"): for each working day of the plan's window (the settings'
/// calendar), the plan line (plan × working days through that day ÷ all of
/// them) and the cumulative fact at that day's end (NaN after as_of).
struct PlanDay {
  int64_t day = 0;  ///< local day number (days since 1970-01-01 in the settings' zone)
  double expected = kNull, fact = kNull;
};
struct PlanTrack {
  std::string manager;  ///< empty for the team
  Instant from = kNoTime, to = kNoTime;
  double plan = kNull;
  std::vector<PlanDay> days;
  Status status = Status::kNone;  ///< the pace's status (plan_pace / plan_won_pace) from the judge
  std::string_view status_reason;
};
struct PlanDaysMeasure {
  bool has_team = false;
  PlanTrack team;
  std::vector<PlanTrack> managers;  ///< managers with a plan, report order
};
struct PlanDays {
  PlanDaysMeasure revenue, won_count;
};
// ---- end of the dynamics block

/// One plan's pace (metric 12, docs/report.md "plans"): the plan, the fact so
/// far, where the fact should be by now (plan × elapsed / total working days)
/// and the run-rate forecast; NaN (JSON null) where it cannot be computed.
struct PlanPace {
  std::string manager;  ///< empty for the team
  double plan = kNull, fact = kNull, expected = kNull, forecast = kNull;
  /// The plan's window (not written): the team's summed plans have one only
  /// when every manager's plan has the same window (kNoTime otherwise).
  Instant from = kNoTime, to = kNoTime;
};
/// One measure's plans (revenue or deals won): the team's (its own plan, else
/// the managers' summed) and each manager with a plan, in report order.
struct PlanMeasure {
  bool has_team = false;
  PlanPace team;
  std::vector<PlanPace> managers;
};
struct Plans {
  PlanMeasure revenue, won_count;
};

/// The role KPI set in force (core/kpi/roles.h): the matrix columns and board
/// tiles a face shows (JSON "layout", issue 11).
struct Layout {
  std::string role;
  std::vector<std::string> columns, tiles;
};

struct Report {
  // Out of line (report.cpp): the members' construction and destruction is
  // one copy in the module, not one inlined wherever a Report goes out of
  // scope (docs/performance.md, "The wasm bundle").
  Report();
  ~Report();
  Report(const Report&);
  Report(Report&&) noexcept;
  Report& operator=(const Report&);
  Report& operator=(Report&&) noexcept;

  Instant as_of = kNoTime;
  /// The IANA zone the report was computed in (the settings' `tz`): a face
  /// renders instants in it (JSON "tz", issue 11).
  std::string tz;
  Layout layout;
  Instant from = kNoTime, to = kNoTime;  ///< [from, to)
  /// The period preset in force ("auto" resolved: period.preset) and the
  /// previous window the period is compared with (period.previous; issue 11).
  std::string period_preset = "custom";
  Instant previous_from = kNoTime, previous_to = kNoTime, previous_as_of = kNoTime;
  /// The ISO 4217 code of the deals' one currency ("RUB"; RUB when no deal
  /// names one); empty (JSON null) when they name several or an unknown one
  /// (docs/report.md).
  std::string currency;
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
  /// The team-level norm of every metric (report.catalogue[key].norm).
  std::array<Norm, kMetricCount> catalogue{};
  std::vector<CoverageRow> coverage;
  std::vector<MotivationRow> motivation;  ///< one row per manager; empty without motivation settings
  std::vector<DesignWarning> design_check;  ///< the KPI design check's findings (branch design)
  FirstHour first_hour;  ///< activity, open pipeline money, new deals (issue 10)
  TodayList today;                     ///< issue 10: today's list (board.cpp)
  CrmLink crm;                         ///< issue 10: deal links (board.cpp)
  std::vector<ManagerRank> ranking;    ///< issue 10: managers by the board's deviations
  ReportState state;                   ///< issue 10: no data is not good news
  Series series;         ///< every metric per week or month of the period (issue 11)
  /// Per manager (parallel to managers): the metrics off their norm, furthest first (the 1:1 sheet).
  std::vector<std::vector<OffNorm>> off_norm;
  Plans plans;  ///< the plan pace's numbers for the faces to draw (report.plans)
  WinTrend win_trend;  ///< issue 11: win rate change over 3 and 6 months (report.win_rate_change)
  std::vector<LossMixRow> loss_mix;  ///< issue 11: each manager's loss reasons against the team's (parallel to managers)
  PlanDays plan_days;  ///< issue 11: each plan's track by working day (the plan chart, the 1:1 sheet)
};

/// The report as `kpi-lens/report@1` JSON (UTF-8; invalid bytes become U+FFFD).
/// `ascii`: every non-ASCII character as a \uXXXX escape (a surrogate pair above
/// U+FFFF), the same JSON in one-byte text (the page parses it faster:
/// docs/performance.md); off, the bytes are exactly those of the default.
std::string to_json(const Report& report, bool ascii = false);
/// One input's summary as a JSON object (the boundary's per-file answer).
std::string to_json(const InputSummary& input);
/// An issue as the boundary's error object {code, file, line, byte, message}.
std::string error_json(const Issue& issue, std::string_view file);

/// Appends `s` as a JSON string literal (`ascii`: non-ASCII as \uXXXX escapes).
void append_json_string(std::string& out, std::string_view s, bool ascii = false);

}  // namespace kpi
