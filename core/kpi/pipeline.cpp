// Metrics 6 (stage conversion), 8 (stalled deals) and 10 (velocity) of
// spec/kpi.md §3, and the report's `stages` rows. Everything reads the stage
// history as it stood at `now`: events after as_of are not seen, a deal closed
// after as_of is open. The choices the spec leaves open are listed in
// docs/kpi.md ("Pipeline"); each is restated beside the code that makes it.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/kpi/deal_facts.h"
#include "core/kpi/families.h"
#include "core/model/text.h"
#include "core/kpi/outcomes.h"
#include "core/kpi/stats.h"

namespace kpi {

// report.coverage rows (quality.cpp).

namespace {

constexpr double kDaySeconds = 86400;
constexpr double kDefaultControlDays = 3;  // spec §3 metric 8, when settings lack "default"

// ---- names ----------------------------------------------------------------

bool same_name(std::string_view a, std::string_view b) {
  std::string fa, fb;
  fold_case(a, fa);
  fold_case(b, fb);
  return fa == fb;
}

// One class per case-insensitive name, shown under the first spelling met.
// Views point into the string pool or the settings, both outliving the analysis.
class NameClasses {
 public:
  int32_t add(std::string_view name) {
    fold_case(name, scratch_);
    const auto [it, added] = index_.try_emplace(scratch_, static_cast<int32_t>(shown_.size()));
    if (added) {
      shown_.push_back(name);
      folded_.push_back(it->first);  // map nodes do not move
    }
    return it->second;
  }
  int32_t find(std::string_view name) {
    fold_case(name, scratch_);
    const auto it = index_.find(scratch_);
    return it == index_.end() ? -1 : it->second;
  }
  size_t size() const noexcept { return shown_.size(); }
  std::string_view shown(int32_t c) const noexcept { return shown_[static_cast<size_t>(c)]; }
  std::string_view folded(int32_t c) const noexcept { return folded_[static_cast<size_t>(c)]; }

 private:
  std::unordered_map<std::string, int32_t> index_;
  std::vector<std::string_view> shown_, folded_;
  std::string scratch_;
};

// ---- control periods (metric 8) --------------------------------------------

// The control period of every stage name of the data, in working days: its
// `stage_control_days` entry (case-insensitive, a later entry over an earlier
// one), else "default" (kDefaultControlDays without one). It depends on the
// settings alone, not on the window: a series point reads it without
// building the stage model.
class StageControl {
 public:
  explicit StageControl(const Context& c) {
    std::vector<std::pair<std::string, double>> entries;  // folded names of the non-default entries
    for (const auto& [name, days] : c.settings.stage_control_days) {
      if (same_name(name, "default")) {
        default_days_ = days;
      } else {
        entries.emplace_back(fold_case(name), days);
      }
    }
    const std::vector<StrId>& names = c.index()->stage_name_ids;
    days_.assign(names.size(), default_days_);
    if (entries.empty()) return;
    std::string folded;
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == kNoStr) continue;
      fold_case(c.data.strings.view(names[i]), folded);
      for (const auto& [name, days] : entries) {
        if (name == folded) days_[i] = days;
      }
    }
    at_ = &c.stage_name_at;
  }
  /// The control period of a stage of the data (kNoStr: the default).
  double days(StrId stage) const noexcept {
    if (at_ == nullptr || stage == kNoStr) return default_days_;
    return days_[static_cast<size_t>((*at_)[stage])];
  }

 private:
  double default_days_ = kDefaultControlDays;
  std::vector<double> days_;                        // per stage name number
  const std::vector<int32_t>* at_ = nullptr;        // null: every stage has the default
};

// ---- the stage history at now ----------------------------------------------

// The stage events seen at now (at or before as_of, of a counted deal that
// exists at now; events of unknown deals are ignored), ordered by (deal row,
// at, input order): each deal's run of the analysis's event index
// (Context::event_order) cut at as_of. No per-deal containers, no sort.
class History {
 public:
  explicit History(const Context& c) : c_(c), end_(c.data.deals.size(), 0) {
    const std::vector<Instant>& at = c.data.stage_events.at;
    for (size_t row = 0; row < end_.size(); ++row) {
      uint32_t k = c.event_start[row];
      if (c.counted[row] && c.exists_at_now(row)) {
        while (k < c.event_start[row + 1] && at[c.event_order[k]] <= c.period.as_of) ++k;
      }
      end_[row] = k;
      any_ = any_ || k != c.event_start[row];
    }
  }

  bool empty() const noexcept { return !any_; }

  /// Calls fn(row, events) for every counted deal that exists at now, in row
  /// order; `events` is its history (event indexes, oldest first), maybe empty.
  template <typename Fn>
  void for_each_deal(Fn&& fn) const {
    const std::span<const uint32_t> all(c_.event_order);
    for (size_t row = 0; row < c_.data.deals.size(); ++row) {
      if (!c_.counted[row] || !c_.exists_at_now(row)) continue;
      fn(row, all.subspan(c_.event_start[row], end_[row] - c_.event_start[row]));
    }
  }

 private:
  const Context& c_;
  std::vector<uint32_t> end_;  // per deal row: the end of its run at now
  bool any_ = false;
};

// ---- pipelines and their stage order ---------------------------------------

enum class StageKind : uint8_t { kOpen, kWon, kLost };

// Stage names as case-insensitive classes with their terminal flags, each
// deal's pipeline, and every pipeline's open stages in order: the report's
// `stages` rows (built here, named and ordered, every number still null).
class PipelineModel {
 public:
  PipelineModel(const Context& c, const History& history);

  std::vector<StageRow> rows;

  /// The class of a stage name; -1 for none.
  int32_t stage(StrId id) const noexcept {
    const int32_t name = id == kNoStr ? -1 : c_.stage_name_at[id];
    return name < 0 ? -1 : stage_class_[static_cast<size_t>(name)];
  }
  /// The pipeline of a deal row that exists at now.
  int32_t pipeline(size_t row) const noexcept {
    return pipeline_class_[static_cast<size_t>(c_.pipeline_name_at[c_.data.deals.pipeline[row]])];
  }
  /// Open, won or lost. A name that is both a won and a lost stage (one
  /// "Closed" for both outcomes) is read by the deal's own state.
  StageKind kind(int32_t stage, DealState state) const noexcept {
    if (stage < 0) return StageKind::kOpen;
    const bool won = won_[static_cast<size_t>(stage)] != 0, lost = lost_[static_cast<size_t>(stage)] != 0;
    if (won && lost) return state == DealState::kWon ? StageKind::kWon : StageKind::kLost;
    return won ? StageKind::kWon : lost ? StageKind::kLost : StageKind::kOpen;
  }
  /// The 0-based order of an open stage in pipeline `p`; -1 for a terminal or missing stage.
  int32_t position(int32_t p, int32_t stage) const noexcept {
    if (stage < 0) return -1;
    const int32_t slot = pair_slot_[pair_at(p, stage)];
    return slot < 0 ? -1 : position_[static_cast<size_t>(slot)];
  }
  int32_t stage_count(int32_t p) const noexcept { return count_[static_cast<size_t>(p)]; }
  size_t first_row(int32_t p) const noexcept { return first_row_[static_cast<size_t>(p)]; }
  int32_t max_stage_count() const noexcept {
    return count_.empty() ? 0 : *std::max_element(count_.begin(), count_.end());
  }

 private:
  size_t pair_at(int32_t p, int32_t stage) const noexcept {
    return static_cast<size_t>(p) * stages_.size() + static_cast<size_t>(stage);
  }
  bool terminal(int32_t stage) const noexcept {
    return won_[static_cast<size_t>(stage)] != 0 || lost_[static_cast<size_t>(stage)] != 0;
  }
  int32_t add_pair(int32_t p, int32_t stage);
  void name_classes(const History& history);
  void observe_order(const History& history);
  void apply_settings_order();
  void order_rows();

  const Context& c_;
  NameClasses stages_, pipelines_;
  // ContextIndex's stage and pipeline name numbers -> class (-1: not seen at now).
  std::vector<int32_t> stage_class_, pipeline_class_;
  std::vector<uint8_t> won_, lost_;    // per stage class

  // Per (pipeline, open stage) pair ("slot"): where it first appears in deals'
  // histories (sum and count of positions), its rank in the settings' list.
  std::vector<int32_t> pair_slot_;  // [pipeline * stage classes + stage]: the slot, -1
  std::vector<int32_t> slot_pipeline_, slot_stage_, settings_rank_, position_;
  std::vector<double> position_sum_;
  std::vector<uint32_t> position_count_;

  std::vector<int32_t> count_;      // per pipeline: open stages
  std::vector<size_t> first_row_;   // per pipeline: its first row in `rows`
};

PipelineModel::PipelineModel(const Context& c, const History& history) : c_(c) {
  name_classes(history);
  observe_order(history);
  apply_settings_order();
  order_rows();
}

void PipelineModel::name_classes(const History& history) {
  const DealTable& d = c_.data.deals;
  const StageEventTable& e = c_.data.stage_events;
  const StringPool& pool = c_.data.strings;
  // The data's spellings first: they are the names the report shows.
  stage_class_.assign(c_.index()->stage_names, -1);
  pipeline_class_.assign(c_.index()->pipeline_names, -1);
  auto add_stage = [&](StrId id) {
    if (id == kNoStr) return;
    int32_t& cls = stage_class_[static_cast<size_t>(c_.stage_name_at[id])];
    if (cls < 0) cls = stages_.add(pool.view(id));
  };
  history.for_each_deal([&](size_t row, std::span<const uint32_t> events) {
    add_stage(d.stage[row]);
    int32_t& p = pipeline_class_[static_cast<size_t>(c_.pipeline_name_at[d.pipeline[row]])];
    if (p < 0) p = pipelines_.add(pool.view(d.pipeline[row]));
    for (uint32_t i : events) {
      add_stage(e.from_stage[i]);
      add_stage(e.to_stage[i]);
    }
  });
  for (const auto& [name, list] : c_.settings.pipelines) {
    for (const std::string& s : list) stages_.add(s);
  }
  for (const std::string& s : c_.settings.won_stages) stages_.add(s);
  for (const std::string& s : c_.settings.lost_stages) stages_.add(s);

  // Terminal: named in won_stages / lost_stages, or the current stage of won / lost deals.
  won_.assign(stages_.size(), 0);
  lost_.assign(stages_.size(), 0);
  for (const std::string& s : c_.settings.won_stages) won_[static_cast<size_t>(stages_.find(s))] = 1;
  for (const std::string& s : c_.settings.lost_stages) lost_[static_cast<size_t>(stages_.find(s))] = 1;
  history.for_each_deal([&](size_t row, std::span<const uint32_t>) {
    const int32_t s = stage(d.stage[row]);
    if (s < 0 || d.state[row] == DealState::kOpen) return;
    (d.state[row] == DealState::kWon ? won_ : lost_)[static_cast<size_t>(s)] = 1;
  });

  count_.assign(pipelines_.size(), 0);
  first_row_.assign(pipelines_.size(), 0);
  pair_slot_.assign(pipelines_.size() * stages_.size(), -1);
}

int32_t PipelineModel::add_pair(int32_t p, int32_t stage) {
  int32_t& slot = pair_slot_[pair_at(p, stage)];
  if (slot < 0) {
    slot = static_cast<int32_t>(slot_stage_.size());
    slot_pipeline_.push_back(p);
    slot_stage_.push_back(stage);
    settings_rank_.push_back(std::numeric_limits<int32_t>::max());
    position_sum_.push_back(0);
    position_count_.push_back(0);
  }
  return slot;
}

// Order from the data: the position at which each open stage first appears in
// a deal's history (its first stage is 0; a stage seen again later does not
// move), averaged over deals. The history is the first event's from_stage,
// then every to_stage; a deal without history is its current stage alone.
void PipelineModel::observe_order(const History& history) {
  const DealTable& d = c_.data.deals;
  const StageEventTable& e = c_.data.stage_events;
  std::vector<uint32_t> seen_by(stages_.size(), 0);  // per stage class: row + 1 of the last deal that had it
  history.for_each_deal([&](size_t row, std::span<const uint32_t> events) {
    const int32_t p = pipeline(row);
    const auto stamp = static_cast<uint32_t>(row + 1);
    uint32_t next = 0;
    auto visit = [&](int32_t s) {
      if (s < 0 || terminal(s) || seen_by[static_cast<size_t>(s)] == stamp) return;
      seen_by[static_cast<size_t>(s)] = stamp;
      const auto slot = static_cast<size_t>(add_pair(p, s));
      position_sum_[slot] += next++;
      ++position_count_[slot];
    };
    if (events.empty()) {
      visit(stage(d.stage[row]));
      return;
    }
    visit(stage(e.from_stage[events[0]]));
    for (uint32_t i : events) visit(stage(e.to_stage[i]));
  });
}

// A pipeline named in settings.pipelines (case-insensitive) takes that order;
// its stages the data has but the list lacks follow, in the data's order.
// When no deal names a pipeline and the settings name exactly one, its order
// is used (the rows keep the pipeline name "").
void PipelineModel::apply_settings_order() {
  const auto& configured = c_.settings.pipelines;
  const bool unnamed_only = pipelines_.size() == 1 && pipelines_.shown(0).empty();
  for (int32_t p = 0; p < static_cast<int32_t>(pipelines_.size()); ++p) {
    const std::vector<std::string>* list = nullptr;
    for (const auto& [name, stages] : configured) {
      if (same_name(name, pipelines_.shown(p))) list = &stages;
    }
    if (list == nullptr && unnamed_only && configured.size() == 1) list = &configured[0].second;
    if (list == nullptr) continue;
    for (size_t i = 0; i < list->size(); ++i) {
      if ((*list)[i].empty()) continue;
      const int32_t s = stages_.find((*list)[i]);
      if (terminal(s)) continue;  // a won or lost stage is no row
      const auto slot = static_cast<size_t>(add_pair(p, s));
      settings_rank_[slot] = std::min(settings_rank_[slot], static_cast<int32_t>(i));
    }
  }
}

// Rows by pipeline name, then settings rank, then mean first position, then name.
void PipelineModel::order_rows() {
  std::vector<int32_t> slots(slot_stage_.size());
  std::iota(slots.begin(), slots.end(), 0);
  auto mean_position = [&](size_t slot) {
    return position_count_[slot] == 0 ? 0.0 : position_sum_[slot] / position_count_[slot];
  };
  std::sort(slots.begin(), slots.end(), [&](int32_t a, int32_t b) {
    const auto sa = static_cast<size_t>(a), sb = static_cast<size_t>(b);
    const int32_t pa = slot_pipeline_[sa], pb = slot_pipeline_[sb];
    if (pa != pb) {
      const std::string_view na = pipelines_.shown(pa), nb = pipelines_.shown(pb);
      return na != nb ? na < nb : pa < pb;
    }
    if (settings_rank_[sa] != settings_rank_[sb]) return settings_rank_[sa] < settings_rank_[sb];
    const double ma = mean_position(sa), mb = mean_position(sb);
    if (ma != mb) return ma < mb;
    return stages_.folded(slot_stage_[sa]) < stages_.folded(slot_stage_[sb]);
  });
  position_.assign(slots.size(), -1);
  rows.reserve(slots.size());
  for (int32_t slot : slots) {
    const int32_t p = slot_pipeline_[static_cast<size_t>(slot)];
    int32_t& count = count_[static_cast<size_t>(p)];
    if (count == 0) first_row_[static_cast<size_t>(p)] = rows.size();
    position_[static_cast<size_t>(slot)] = count;
    StageRow row;
    row.pipeline = std::string(pipelines_.shown(p));
    row.stage = std::string(stages_.shown(slot_stage_[static_cast<size_t>(slot)]));
    row.order = count++;
    rows.push_back(std::move(row));
  }
}

// ---- per deal ---------------------------------------------------------------

struct StageTally {
  explicit StageTally(size_t rows) : reached(rows), converted(rows), open(rows), stalled(rows), stays(rows + 1) {}
  std::vector<uint64_t> reached, converted, open, stalled;
  std::vector<size_t> stays;  // stays ending in the period: counts, then offsets into one vector
};

// Metric 6 for one deal. Stages are numbered 0..m-1 in pipeline order, won is
// m. The deal is at a stage >= 0 from created_at (at the first event's
// from_stage, or at its current stage when it has no history), then at each
// event's to_stage. Entering stage j enters every k <= j not entered yet
// (a skipped stage is reached); a step back or a loss un-reaches nothing,
// so a lost deal reached the highest stage it was at. A deal won at now
// reaches m at its won event, else at closed_at. `entry` is scratch (m slots).
void count_conversion(const Context& c, const PipelineModel& model, size_t row, std::span<const uint32_t> events,
                      std::vector<Instant>& entry, StageTally& tally) {
  const DealTable& d = c.data.deals;
  const StageEventTable& e = c.data.stage_events;
  const int32_t p = model.pipeline(row);
  const int32_t m = model.stage_count(p);
  if (m == 0) return;
  int32_t hi = -1;  // the highest stage reached so far
  auto enter = [&](int32_t stage, Instant at) {
    for (int32_t k = hi + 1; k <= std::min(stage, m - 1); ++k) entry[static_cast<size_t>(k)] = at;
    hi = std::max(hi, stage);
  };
  if (events.empty()) {
    enter(std::max(model.position(p, model.stage(d.stage[row])), 0), d.created_at[row]);
  } else {
    const uint32_t first = events[0];
    enter(std::max(model.position(p, model.stage(e.from_stage[first])), 0), std::min(d.created_at[row], e.at[first]));
    for (uint32_t i : events) {
      const int32_t s = model.stage(e.to_stage[i]);
      switch (model.kind(s, d.state[row])) {
        case StageKind::kWon: enter(m, e.at[i]); break;
        case StageKind::kLost: break;
        case StageKind::kOpen: enter(model.position(p, s), e.at[i]); break;
      }
    }
  }
  if (c.state_at_now(row) == DealState::kWon) enter(m, d.closed_at[row]);

  // Cohort of stage k: entry into k in the period; converted: reached k + 1 (or won) by now.
  const size_t base = model.first_row(p);
  for (int32_t k = 0; k <= std::min(hi, m - 1); ++k) {
    if (!c.period.contains(entry[static_cast<size_t>(k)])) continue;
    ++tally.reached[base + static_cast<size_t>(k)];
    if (hi > k) ++tally.converted[base + static_cast<size_t>(k)];
  }
}

// Metric 8 for one deal open at now: its stage at now is the to_stage of its
// last event (else its current stage), its last stage change that event's
// time (else created_at). Stalled when the working time since then exceeds
// the stage's control period in working days (calendar days in clock mode,
// where a working day is 86400 s and working time is clock time).
StallFact stall_of(const Context& c, const StageControl& control_days, size_t row, std::span<const uint32_t> events) {
  const DealTable& d = c.data.deals;
  const StageEventTable& e = c.data.stage_events;
  const StrId stage = events.empty() ? d.stage[row] : e.to_stage[events.back()];
  const Instant last = events.empty() ? d.created_at[row] : e.at[events.back()];
  const double elapsed = static_cast<double>(c.calendar.working_seconds(last, c.period.as_of));
  const auto day = static_cast<double>(c.calendar.day_seconds());
  const double control = control_days.days(stage);
  return {static_cast<uint32_t>(row), stage, day > 0 ? elapsed / day : 0, control, elapsed > control * day};
}

// Metric 8's counts for one deal (and, in a full analysis, its card): false
// when it is not open at now.
bool count_stalled(const Context& c, const StageControl& control, size_t row, std::span<const uint32_t> events,
                   GroupedCounts& stalled, std::vector<Card>& cards, StallFact& f) {
  if (!c.open_at_now(row)) return false;
  f = stall_of(c, control, row, events);
  stalled.add_deal(row, f.stalled ? 1 : 0, 1);
  // The board's cards: stalled deals, the most times over their stage's control period first.
  if (f.stalled && c.full()) {
    cards.emplace_back(f.control_days > 0 ? f.idle_days / f.control_days : f.idle_days, f.row, "STALLED", f.idle_days,
                       f.control_days, "working_days", f.stage);
  }
  return true;
}

// The stage rows' open and stalled counts of a deal open at now.
void tally_stalled(const PipelineModel& model, const StallFact& f, StageTally& tally) {
  // A deal whose stage at now is terminal (closed after as_of, no history) has no row.
  const int32_t p = model.pipeline(f.row);
  if (const int32_t k = model.position(p, model.stage(f.stage)); k >= 0) {
    const size_t at = model.first_row(p) + static_cast<size_t>(k);
    ++tally.open[at];
    if (f.stalled) ++tally.stalled[at];
  }
}

// Metric 10, time in stage: a stay runs from an event into an open stage to
// the deal's next event; and the deal's first stay, in the stage it was
// created in (the first event's from_stage: amoCRM's histories lack the
// lead_added move, Bitrix24's "created in stage" record is no move), runs
// from created_at to the first event. Stays ending in the period count, in
// calendar days. Calls fn(stage row, days).
template <typename Fn>
void for_each_stay(const Context& c, const PipelineModel& model, size_t row, std::span<const uint32_t> events,
                   Fn&& fn) {
  if (events.empty()) return;
  const StageEventTable& e = c.data.stage_events;
  const int32_t p = model.pipeline(row);
  auto stay = [&](StrId stage, Instant start, Instant end) {
    if (stage == kNoStr || start == kNoTime || end < start || !c.period.contains(end)) return;
    const int32_t k = model.position(p, model.stage(stage));
    if (k < 0) return;  // a stay in a terminal stage (a reopened deal) is no row's
    fn(model.first_row(p) + static_cast<size_t>(k), static_cast<double>(end - start) / kDaySeconds);
  };
  stay(e.from_stage[events[0]], c.data.deals.created_at[row], e.at[events[0]]);
  for (size_t i = 0; i + 1 < events.size(); ++i) stay(e.to_stage[events[i]], e.at[events[i]], e.at[events[i + 1]]);
}

// velocity_median_days over the deals won in the period (won_velocity_days
// of the window's closed deals).
GroupedValues won_velocity(const Context& c) {
  const DealTable& d = c.data.deals;
  GroupedValues days(c);
  for (const uint32_t row : c.closed_rows()) {
    if (d.state[row] != DealState::kWon || d.created_at[row] == kNoTime || d.closed_at[row] < d.created_at[row]) continue;
    days.add_deal(row, static_cast<double>(d.closed_at[row] - d.created_at[row]) / kDaySeconds);
  }
  return days;
}

// The events of deal row `row` at or before now (History's run of it).
std::span<const uint32_t> events_at_now(const Context& c, size_t row) {
  const std::vector<Instant>& at = c.data.stage_events.at;
  const uint32_t first = c.event_start[row];
  uint32_t k = first;
  while (k < c.event_start[row + 1] && at[c.event_order[k]] <= c.period.as_of) ++k;
  return std::span<const uint32_t>(c.event_order).subspan(first, k - first);
}

}  // namespace

// A deal closed before it was created is bad data and left out.
double won_velocity_days(const Context& c, const std::vector<uint8_t>& closed, size_t row) noexcept {
  const DealTable& d = c.data.deals;
  if (closed[row] != 1 || d.created_at[row] == kNoTime || d.closed_at[row] < d.created_at[row]) return kNull;
  return static_cast<double>(d.closed_at[row] - d.created_at[row]) / kDaySeconds;
}

std::vector<StallFact> stall_facts(const Context& c) {
  std::vector<StallFact> facts;
  if (c.data.deals.size() == 0) return facts;
  const History history(c);
  const StageControl control(c);
  history.for_each_deal([&](size_t row, std::span<const uint32_t> events) {
    if (c.open_at_now(row)) facts.push_back(stall_of(c, control, row, events));
  });
  return facts;
}

namespace {

// A full analysis's stage rows (conversion, open and stalled per stage, time
// in stage) with the stalled counts and cards; returns whether any stay
// ended in the period.
bool compute_stage_rows(const Context& c, const History& history, const StageControl& control, GroupedCounts& stalled,
                        std::vector<Card>& stalled_cards, uint64_t& deals, uint64_t& with_history, Report& r) {
  PipelineModel model(c, history);
  std::vector<StageRow>& rows = model.rows;
  StageTally tally(rows.size());
  std::vector<Instant> entry(static_cast<size_t>(model.max_stage_count()), kNoTime);
  StallFact f;
  history.for_each_deal([&](size_t row, std::span<const uint32_t> events) {
    ++deals;
    if (!events.empty()) ++with_history;
    count_conversion(c, model, row, events, entry, tally);
    if (count_stalled(c, control, row, events, stalled, stalled_cards, f)) tally_stalled(model, f, tally);
    for_each_stay(c, model, row, events, [&](size_t at, double) { ++tally.stays[at + 1]; });
  });
  // Stays of all rows in one vector, row by row: counted above, filled here.
  std::partial_sum(tally.stays.begin(), tally.stays.end(), tally.stays.begin());
  std::vector<double> stays(tally.stays.back());
  std::vector<size_t> fill(tally.stays.begin(), tally.stays.end() - 1);
  history.for_each_deal([&](size_t row, std::span<const uint32_t> events) {
    for_each_stay(c, model, row, events, [&](size_t at, double days) { stays[fill[at]++] = days; });
  });

  const bool has_history = !history.empty();
  for (size_t i = 0; i < rows.size(); ++i) {
    StageRow& row = rows[i];
    if (has_history) {
      row.reached = static_cast<double>(tally.reached[i]);
      row.converted = static_cast<double>(tally.converted[i]);
      row.conversion = share(row.converted, row.reached);
    }
    row.open = static_cast<double>(tally.open[i]);
    row.stalled = static_cast<double>(tally.stalled[i]);
    row.stalled_share = share(row.stalled, row.open);
    const std::span<double> days(stays.data() + tally.stays[i], tally.stays[i + 1] - tally.stays[i]);
    row.median_days_in_stage = median(days);  // sorts the range; NaN when empty
    row.p90_days_in_stage = quantile(days, 0.9);
  }
  r.stages = std::move(rows);
  return !stays.empty();
}

// Whether any stay ended in the period (a series point's velocity reason when
// no deal was won: the stage model is built for this alone).
bool any_stay_ended(const Context& c, const History& history) {
  const PipelineModel model(c, history);
  bool any = false;
  history.for_each_deal([&](size_t row, std::span<const uint32_t> events) {
    if (!any) for_each_stay(c, model, row, events, [&](size_t, double) { any = true; });
  });
  return any;
}

}  // namespace

void compute_pipeline(const Context& c, Report& r) {
  if (c.data.deals.size() == 0) {
    for (std::string_view metric : {"conversion", "stalled", "velocity"}) {
      mark_unavailable(r, metric, "NEEDS_DEALS");
    }
    add_coverage_missing(r, "conversion", 0, "NEEDS_DEALS");
    return;
  }
  const StageControl control(c);
  GroupedCounts stalled(c);
  std::vector<Card> stalled_cards;
  uint64_t deals = 0, with_history = 0;  // coverage of conversion
  bool any_stay = false;
  bool has_history = false;
  if (c.full()) {
    const History history(c);
    any_stay = compute_stage_rows(c, history, control, stalled, stalled_cards, deals, with_history, r);
    has_history = !history.empty();
  } else {
    // A series point: the team's and managers' stalled counts, without the
    // stage model, over the deals open at now alone (no coverage rows).
    StallFact f;
    for (const uint32_t row : c.open_rows()) count_stalled(c, control, row, events_at_now(c, row), stalled, stalled_cards, f);
    has_history = c.index()->history_from != kNoTime && c.index()->history_from <= c.period.as_of;
  }

  for_each_group(r, stalled, [](MetricValues& m, const GroupedCounts::Cell& cell) {
    if (cell.total == 0) return;  // no open deal: no data, not 0
    m.set(Metric::kStalledCount, cell.hit);
    m.set(Metric::kStalledShare, cell.hit / cell.total);
  });
  GroupedValues velocity = won_velocity(c);
  for_each_group(r, velocity, [](MetricValues& m, std::vector<double>& days) {
    if (!days.empty()) m.set(Metric::kVelocityMedianDays, median(days));
  });

  if (!has_history) {
    mark_unavailable(r, "conversion", c.data.stage_events.size() == 0
                                          ? "NEEDS_HISTORY"
                                          : "NO_STAGE_EVENT");
  }
  if (!c.full()) {
    // a series point keeps no coverage rows
  } else if (c.data.stage_events.size() == 0) {
    add_coverage_missing(r, "conversion", deals, "NEEDS_HISTORY");
  } else {
    add_coverage(r, "conversion", with_history, deals, "of deals have no stage history");
  }
  add_cards(c, r, "stalled", std::move(stalled_cards));
  if (stalled.team.total == 0) mark_unavailable(r, "stalled", "NO_OPEN_DEAL");
  if (velocity.team.empty() && !c.full()) any_stay = any_stay_ended(c, History(c));
  if (velocity.team.empty() && !any_stay) {
    // Won deals whose closing precedes their creation are left out: say so, not "none was won".
    const DealTable& d = c.data.deals;
    const std::vector<uint32_t>& closed = c.closed_rows();
    const bool won = std::any_of(closed.begin(), closed.end(), [&](uint32_t row) { return d.state[row] == DealState::kWon; });
    mark_unavailable(r, "velocity", won ? "WON_BEFORE_CREATED" : has_history ? "NO_VELOCITY" : "NO_WON_DEAL");
  }
}

}  // namespace kpi
