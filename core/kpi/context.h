// What every metric family reads: the model, the settings, the resolved
// period and calendar, and indexes built once per analysis (first row of each
// deal id, deal row by id, the report's row for each manager, source and
// segment). Families write their values into the report through GroupedValues
// and GroupedCounts, so "team, each manager, each source and segment" is
// handled once, here.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/kpi/period.h"
#include "core/model/calendar.h"
#include "core/model/dataset.h"
#include "core/report/report.h"
#include "core/settings.h"

namespace kpi {

/// Rows ordered by one of their instants, ties by row: the rows a window
/// holds are one range of it, so a window's families walk that range and
/// not the whole table (docs/performance.md "The series in one pass").
struct TimeOrder {
  std::vector<Instant> at;     ///< ascending; never kNoTime
  std::vector<uint32_t> rows;  ///< the row of each instant
  size_t table_rows = 0;       ///< rows in the table (kept or not)
  /// The rows whose instant t has from <= t, t < to and t <= until
  /// (Period::contains with until = as_of), in row order.
  std::vector<uint32_t> rows_in(Instant from, Instant to, Instant until) const;
  /// The rows whose instant is at or before t / after t, in the order of their instants.
  std::span<const uint32_t> up_to(Instant t) const;
  std::span<const uint32_t> after(Instant t) const;
};

/// Sorts distinct rows of a table of `table_rows` rows ascending (a bitmap
/// of the table for many of them).
void in_row_order(std::vector<uint32_t>& rows, size_t table_rows);

/// What a Context indexes that depends on the model and the lead-class
/// settings only, never on the period: built once per analyze() and shared
/// by the period's context, the previous period's and every series point's
/// (docs/performance.md "Re-analysis").
struct ContextIndex {
  ContextIndex(const Dataset& data, const Settings& settings);
  /// True when `settings` index the same model as the settings it was built
  /// for (the same source classes and shortest call; the rest is the model's).
  bool built_for(const Settings& settings) const;

  std::vector<uint8_t> counted;        ///< per deal row: 1 for the first row of its id
  std::vector<uint32_t> deal_row;      ///< per StrId: deal row + 1 of that id, 0 = no such deal
  std::vector<StrId> managers, sources, segments;        ///< sorted names (the report's rows)
  std::vector<int32_t> manager_at, source_at, segment_at;  ///< per StrId: row in the report, -1
  std::vector<LeadClass> class_of;     ///< per StrId (as a source): its lead class; warm for none
  /// Per deal row: its first outgoing touch at or after created_at, of any
  /// date (kNoTime: none). The first response seen at now is this one when
  /// it is at or before as_of (response.cpp).
  std::vector<Instant> first_touch;
  /// Every dated stage event of a known deal, by (deal row, at, input
  /// order); deal row r's events are event_order[event_start[r] ..
  /// event_start[r + 1]). The history at now is each run's prefix at or
  /// before as_of (pipeline.cpp History).
  std::vector<uint32_t> event_start, event_order;
  /// Per deal row of a won deal: its touches up to its closed_at, short calls
  /// (settings.min_call_s) left out (touches.cpp); empty without activities.
  std::vector<uint32_t> won_touches;
  /// Per task: the deal row it names, -1 for none (Context::deal of its deal_id).
  std::vector<int32_t> task_deal;
  /// Per StrId: a dense number among the names used as stages (deals' stage,
  /// events' from_stage and to_stage), -1 for others; and among deals'
  /// pipelines (kNoStr, the unnamed pipeline, included). pipeline.cpp's stage
  /// model of each window maps these few numbers to its classes instead of
  /// hashing every event's string id.
  std::vector<int32_t> stage_name_at, pipeline_name_at;
  size_t stage_names = 0, pipeline_names = 0;
  std::vector<StrId> stage_name_ids;  ///< per stage name number: its StrId (kNoStr included when used)
  /// The data's earliest and latest "happened" instants (period.h observed_range): every
  /// window's period is resolved from them.
  std::pair<Instant, Instant> observed{kNoTime, kNoTime};
  /// The earliest instant at which a counted deal exists and has a dated
  /// stage event: max(created_at, its first event) over the deals (kNoTime:
  /// none ever has). A window sees some stage history iff this is at or
  /// before its as_of (pipeline.cpp History::empty).
  Instant history_from = kNoTime;
  /// True when some task has a due date (next step and overdue need one).
  bool any_due = false;

  // The time orders of the window-restricted passes, each built on first use
  // (a drill needs one of them, a series point all) and kept with the index;
  // not thread-safe, like Context::closed().
  const TimeOrder& deals_by_created() const;  ///< counted deals with a created_at
  const TimeOrder& deals_by_closed() const;   ///< counted deals won or lost with a closed_at
  const TimeOrder& open_by_created() const;   ///< counted open deals with a created_at
  const TimeOrder& tasks_by_due() const;      ///< tasks with a due_at
  /// Per deal row r: the tasks naming it are deal_tasks[task_start[r] .. task_start[r + 1]), in task order.
  struct DealTasks {
    std::vector<uint32_t> task_start, tasks;
  };
  const DealTasks& deal_tasks() const;

 private:
  const Dataset& data_;
  std::vector<std::pair<std::string, LeadClass>> source_classes_;
  double min_call_s_;
  mutable std::unique_ptr<TimeOrder> by_created_, by_closed_, open_by_created_, by_due_;
  mutable std::unique_ptr<DealTasks> deal_tasks_;
};

/// How much of the report an analysis fills. kSeriesPoint: only what a
/// series point keeps (the team's and managers' metrics and samples, judged)
/// — no group or split rows, cards, stage rows, quality rows or motivation;
/// every team and manager value is the one a full analysis gives.
enum class Scope : uint8_t { kFull, kSeriesPoint };

struct Context {
  Context(const Dataset& data, const Settings& settings);
  /// A context sharing `index` (built from the same data and lead-class settings).
  Context(const Dataset& data, const Settings& settings, std::shared_ptr<const ContextIndex> index,
          Scope scope = Scope::kFull);

  const Dataset& data;
  const Settings& settings;
  Period period;
  WorkingCalendar calendar;

 private:
  std::shared_ptr<const ContextIndex> index_;

 public:
  const std::vector<uint8_t>& counted;
  const std::vector<uint32_t>& deal_row;
  const std::vector<StrId>&managers, &sources, &segments;
  const std::vector<int32_t>&manager_at, &source_at, &segment_at;
  const std::vector<LeadClass>& class_of;
  const std::vector<Instant>& first_touch;
  const std::vector<uint32_t>&event_start, &event_order;
  const std::vector<uint32_t>& won_touches;
  const std::vector<int32_t>& task_deal;
  const std::vector<int32_t>&stage_name_at, &pipeline_name_at;
  Scope scope = Scope::kFull;

  /// The shared index (for contexts of other windows of the same analysis).
  const std::shared_ptr<const ContextIndex>& index() const noexcept { return index_; }
  /// True for a full analysis (groups, splits, cards, stage rows...).
  bool full() const noexcept { return scope == Scope::kFull; }

  /// The deal row of an id, or -1.
  int64_t deal(StrId id) const noexcept { return id < deal_row.size() ? int64_t{deal_row[id]} - 1 : -1; }
  /// True when a deal exists at `now` (created at or before as_of).
  bool exists_at_now(size_t row) const noexcept {
    const Instant created = data.deals.created_at[row];
    return created != kNoTime && created <= period.as_of;
  }
  /// True when the deal is open at `now`: not closed, or closed after as_of.
  bool open_at_now(size_t row) const noexcept {
    return counted[row] && exists_at_now(row) && state_at_now(row) == DealState::kOpen;
  }
  /// The state at `now` (a deal closed after as_of is open).
  DealState state_at_now(size_t row) const noexcept {
    const DealState s = data.deals.state[row];
    if (s == DealState::kOpen) return s;
    const Instant closed = data.deals.closed_at[row];
    return closed != kNoTime && closed > period.as_of ? DealState::kOpen : s;
  }
  /// Per deal row: outcomes.h closed_in_period of this context's period, computed on first use
  /// and kept (the groups, quality and the loss mix read it).
  const std::vector<uint8_t>& closed() const;

  // The rows the families walk, each a range of the index's time orders
  // (not a pass over the whole table), in row order, computed on first use
  // and kept: what a pass over every row keeping the window's would visit,
  // in the same order.
  /// Counted deals won or lost in the period (closed() != 0).
  const std::vector<uint32_t>& closed_rows() const;
  /// Counted deals created in the period (the FRT / SLA cohort).
  const std::vector<uint32_t>& created_rows() const;
  /// Counted deals open at now (open_at_now): the next-step and stalled cohorts.
  const std::vector<uint32_t>& open_rows() const;
  /// Tasks due in the period before now and seen at now (the overdue cohort).
  const std::vector<uint32_t>& due_tasks() const;

 private:
  mutable std::vector<uint8_t> closed_;
  mutable bool closed_ready_ = false;
  mutable std::unique_ptr<std::vector<uint32_t>> closed_rows_, created_rows_, open_rows_, due_tasks_;
};

/// One cell per report row a value can belong to: the team, each manager,
/// source, lead class (hot, warm, cold) and segment, and each manager within
/// each group (fair comparison), manager-major ([m * groups + g]), the layout
/// of Report::split_*.
template <typename CellT>
struct GroupCells {
  explicit GroupCells(const Context& c)
      : ctx(c),
        managers(c.managers.size()),
        sources(c.full() ? c.sources.size() : 0),
        segments(c.full() ? c.segments.size() : 0),
        manager_source(c.full() ? c.managers.size() * c.sources.size() : 0),
        manager_class(c.full() ? c.managers.size() * 3 : 0),
        manager_segment(c.full() ? c.managers.size() * c.segments.size() : 0) {}

  const Context& ctx;
  CellT team{};
  std::vector<CellT> managers, sources, segments;
  std::array<CellT, 3> classes{};
  std::vector<CellT> manager_source, manager_class, manager_segment;
};

/// Values per group, for means and quantiles.
struct GroupedValues : GroupCells<std::vector<double>> {
  using GroupCells::GroupCells;
  /// Adds a value to the team, the owner's row and the deal's source, class and segment rows.
  void add(StrId owner, StrId source, StrId segment, double v);
  void add_deal(size_t row, double v);  ///< the same, for a deal row
};

struct CountCell {
  double hit = 0;
  double total = 0;
};

/// Counts per group: a numerator and a denominator (shares, rates, counts).
struct GroupedCounts : GroupCells<CountCell> {
  using Cell = CountCell;
  using GroupCells::GroupCells;
  void add(StrId owner, StrId source, StrId segment, double hit, double total);
  void add_deal(size_t row, double hit, double total);
};

/// Calls fn(metrics, cell) for the team and every manager, source, lead
/// class, segment and manager-within-group row, with the matching cell of a
/// GroupedValues (a vector of values) or GroupedCounts (hit / total).
template <typename Grouped, typename Fn>
void for_each_group(Report& r, Grouped& g, Fn&& fn) {
  fn(r.team, g.team);
  for (size_t i = 0; i < r.managers.size(); ++i) fn(r.managers[i].metrics, g.managers[i]);
  for (size_t i = 0; i < r.by_source.size(); ++i) fn(r.by_source[i].metrics, g.sources[i]);
  for (size_t i = 0; i < r.by_class.size(); ++i) fn(r.by_class[i].metrics, g.classes[i]);
  for (size_t i = 0; i < r.by_segment.size(); ++i) fn(r.by_segment[i].metrics, g.segments[i]);
  for (size_t i = 0; i < r.split_source.size(); ++i) fn(r.split_source[i].metrics, g.manager_source[i]);
  for (size_t i = 0; i < r.split_class.size(); ++i) fn(r.split_class[i].metrics, g.manager_class[i]);
  for (size_t i = 0; i < r.split_segment.size(); ++i) fn(r.split_segment[i].metrics, g.manager_segment[i]);
}

/// The deals behind a board tile ("cards to review today"): each with a
/// severity, the most deviant first; at most kMaxCards are kept. Creates the
/// tile in report.board if needed; compute_board fills the rest of it.
inline constexpr size_t kMaxCards = 100;
/// A card also says why the deal is there: a reason code of
/// wasm/messages.mjs (SLA_LATE, STALLED, ...) with the deal's own value and
/// norm in `unit` (min, days) and the stage or source it names.
struct Card {
  Card(double s, uint32_t row, std::string_view code = {}, double v = kNull, double n = kNull,
       std::string_view u = {}, StrId named = kNoStr)
      : severity(s), deal_row(row), reason(code), value(v), norm(n), unit(u), about(named) {}
  double severity;
  uint32_t deal_row;
  std::string_view reason;  ///< a static code
  double value, norm;
  std::string_view unit;
  StrId about;  ///< the stage (STALLED) or source (LOST_WEAK_SOURCE) named
};
void add_cards(const Context& c, Report& r, std::string_view tile, std::vector<Card> cards);

/// Adds a coverage row: `covered` of `total`, with a note on what the rest
/// lack ("17 % have no outgoing touch"; `lacking` = "have no outgoing touch").
/// Rows keep a fixed order whatever order the families run in (quality.cpp).
void add_coverage(Report& r, std::string_view metric, uint64_t covered, uint64_t total, std::string_view lacking);
/// A coverage row for a family whose input table is missing: `code` NEEDS_DEALS, NEEDS_ACTIVITIES,
/// NEEDS_HISTORY or NEEDS_TASKS names it (the row's English note follows from it).
void add_coverage_missing(Report& r, std::string_view metric, uint64_t total, std::string_view code);

/// Adds an entry to report.unavailable: the family (frt, sla, ...) and the
/// code of why (NEEDS_DEALS, NO_OPEN_DEAL, ...; wasm/messages.mjs renders it;
/// the English `reason` is written from the code for old readers).
void mark_unavailable(Report& r, std::string_view metric, std::string_view code);
/// The code of the family's unavailable entry, or "": a static string.
std::string_view unavailable_code(const Report& r, std::string_view family) noexcept;

}  // namespace kpi
