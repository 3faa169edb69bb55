#include "core/kpi/context.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <numeric>
#include <utility>

#include "core/kpi/deal_facts.h"
#include "core/kpi/lead_class.h"
#include "core/kpi/outcomes.h"

namespace kpi {
namespace {

WorkingCalendar calendar_of(const Settings& s) {
  if (s.calendar == "none") return WorkingCalendar::clock(s.tz);
  if (s.calendar == "ru") return WorkingCalendar::russia(s.tz);
  if (s.calendar != "default") {
    Issue ignored;  // validated when the settings were applied
    if (auto c = WorkingCalendar::from_json(s.calendar, s.tz, ignored)) return std::move(*c);
  }
  return WorkingCalendar::standard(s.tz);
}

// Distinct non-empty ids of the columns, sorted by text (byte order = code point order).
std::vector<StrId> distinct_sorted(const Dataset& d, std::initializer_list<const std::vector<StrId>*> columns) {
  std::vector<uint8_t> seen(d.strings.size(), 0);
  std::vector<StrId> out;
  for (const auto* column : columns) {
    for (StrId id : *column) {
      if (id == kNoStr || seen[id]) continue;
      seen[id] = 1;
      out.push_back(id);
    }
  }
  std::sort(out.begin(), out.end(), [&](StrId a, StrId b) { return d.strings.view(a) < d.strings.view(b); });
  return out;
}

std::vector<int32_t> positions(const std::vector<StrId>& names, size_t n_strings) {
  std::vector<int32_t> at(n_strings, -1);
  for (size_t i = 0; i < names.size(); ++i) at[names[i]] = static_cast<int32_t>(i);
  return at;
}

}  // namespace

bool ContextIndex::built_for(const Settings& s) const {
  return s.source_classes == source_classes_ && s.min_call_s == min_call_s_;
}

// ---- time orders -----------------------------------------------------------

namespace {

// Rows (ascending) of the instants `at` sorted by instant: a stable LSD radix
// sort of the offsets from the earliest, at most 12 bits a pass over the
// span's bits (three passes for a few years of seconds), so ties keep row order.
TimeOrder time_order(std::vector<Instant> at, std::vector<uint32_t> rows) {
  TimeOrder out;
  const size_t n = at.size();
  if (n > 1) {
    const auto [lo, hi] = std::minmax_element(at.begin(), at.end());
    const auto base = static_cast<uint64_t>(*lo);
    const uint64_t span = static_cast<uint64_t>(*hi) - base;
    std::vector<uint64_t> key(n), key_to(n);
    std::vector<uint32_t> rows_to(n);
    for (size_t i = 0; i < n; ++i) key[i] = static_cast<uint64_t>(at[i]) - base;
    const auto bits = static_cast<unsigned>(std::bit_width(span));
    const unsigned passes = (bits + 11) / 12, digit = passes == 0 ? 1 : (bits + passes - 1) / passes;
    const uint64_t mask = (uint64_t{1} << digit) - 1;
    std::vector<size_t> start(size_t{1} << digit);
    for (unsigned shift = 0; shift < bits; shift += digit) {
      std::fill(start.begin(), start.end(), 0);
      for (size_t i = 0; i < n; ++i) ++start[static_cast<size_t>((key[i] >> shift) & mask)];
      size_t sum = 0;
      for (size_t& s : start) sum += std::exchange(s, sum);
      for (size_t i = 0; i < n; ++i) {
        const size_t to = start[static_cast<size_t>((key[i] >> shift) & mask)]++;
        key_to[to] = key[i];
        rows_to[to] = rows[i];
      }
      key.swap(key_to);
      rows.swap(rows_to);
    }
    for (size_t i = 0; i < n; ++i) at[i] = static_cast<Instant>(key[i] + base);
  }
  out.at = std::move(at);
  out.rows = std::move(rows);
  return out;
}

// The time order of the rows of `when` (one instant per row) that `keep`.
template <typename Keep>
TimeOrder time_order_of(const std::vector<Instant>& when, Keep&& keep) {
  std::vector<Instant> at;
  std::vector<uint32_t> rows;
  for (size_t i = 0; i < when.size(); ++i) {
    if (when[i] == kNoTime || !keep(i)) continue;
    at.push_back(when[i]);
    rows.push_back(static_cast<uint32_t>(i));
  }
  TimeOrder out = time_order(std::move(at), std::move(rows));
  out.table_rows = when.size();
  return out;
}

}  // namespace

void in_row_order(std::vector<uint32_t>& rows, size_t table_rows) {
  if (rows.size() < 2) return;
  if (rows.size() * 1024 < table_rows) {  // a few rows of a large table
    std::sort(rows.begin(), rows.end());
    return;
  }
  // Else a bitmap of the table's rows, read a word at a time.
  std::vector<uint64_t> bits((table_rows + 63) / 64, 0);
  for (const uint32_t row : rows) bits[row >> 6] |= uint64_t{1} << (row & 63);
  size_t k = 0;
  for (size_t w = 0; w < bits.size(); ++w) {
    for (uint64_t b = bits[w]; b != 0; b &= b - 1) rows[k++] = static_cast<uint32_t>(w * 64 + static_cast<size_t>(std::countr_zero(b)));
  }
}

std::vector<uint32_t> TimeOrder::rows_in(Instant from, Instant to, Instant until) const {
  // Plain comparisons read kNoTime bounds as Period::contains does: from =
  // kNoTime holds everything, to or until = kNoTime nothing.
  const auto first = std::lower_bound(at.begin(), at.end(), from);
  const auto last = std::min(std::lower_bound(first, at.end(), to), std::upper_bound(first, at.end(), until));
  if (last <= first) return {};
  std::vector<uint32_t> out(rows.begin() + (first - at.begin()), rows.begin() + (last - at.begin()));
  in_row_order(out, table_rows);
  return out;
}

std::span<const uint32_t> TimeOrder::up_to(Instant t) const {
  return {rows.data(), static_cast<size_t>(std::upper_bound(at.begin(), at.end(), t) - at.begin())};
}

std::span<const uint32_t> TimeOrder::after(Instant t) const {
  const auto k = static_cast<size_t>(std::upper_bound(at.begin(), at.end(), t) - at.begin());
  return {rows.data() + k, rows.size() - k};
}

const TimeOrder& ContextIndex::deals_by_created() const {
  if (!by_created_) {
    by_created_ = std::make_unique<TimeOrder>(time_order_of(data_.deals.created_at, [&](size_t i) { return counted[i] != 0; }));
  }
  return *by_created_;
}

const TimeOrder& ContextIndex::deals_by_closed() const {
  if (!by_closed_) {
    const DealTable& d = data_.deals;
    by_closed_ = std::make_unique<TimeOrder>(
        time_order_of(d.closed_at, [&](size_t i) { return counted[i] != 0 && d.state[i] != DealState::kOpen; }));
  }
  return *by_closed_;
}

const TimeOrder& ContextIndex::open_by_created() const {
  if (!open_by_created_) {
    const DealTable& d = data_.deals;
    open_by_created_ = std::make_unique<TimeOrder>(
        time_order_of(d.created_at, [&](size_t i) { return counted[i] != 0 && d.state[i] == DealState::kOpen; }));
  }
  return *open_by_created_;
}

const TimeOrder& ContextIndex::tasks_by_due() const {
  if (!by_due_) by_due_ = std::make_unique<TimeOrder>(time_order_of(data_.tasks.due_at, [](size_t) { return true; }));
  return *by_due_;
}

const ContextIndex::DealTasks& ContextIndex::deal_tasks() const {
  if (!deal_tasks_) {
    auto out = std::make_unique<DealTasks>();
    std::vector<uint32_t>& start = out->task_start;
    start.assign(data_.deals.size() + 1, 0);
    for (const int32_t row : task_deal) {
      if (row >= 0) ++start[static_cast<size_t>(row) + 1];
    }
    std::partial_sum(start.begin(), start.end(), start.begin());
    out->tasks.resize(start.back());
    std::vector<uint32_t> fill(start.begin(), start.end() - 1);
    for (size_t i = 0; i < task_deal.size(); ++i) {
      if (task_deal[i] >= 0) out->tasks[fill[static_cast<size_t>(task_deal[i])]++] = static_cast<uint32_t>(i);
    }
    deal_tasks_ = std::move(out);
  }
  return *deal_tasks_;
}

ContextIndex::ContextIndex(const Dataset& d, const Settings& s)
    : data_(d), source_classes_(s.source_classes), min_call_s_(s.min_call_s) {
  const size_t n = d.strings.size();
  observed = observed_range(d);
  counted.assign(d.deals.size(), 0);
  deal_row.assign(d.ids.size(), 0);
  for (size_t i = 0; i < d.deals.size(); ++i) {
    const StrId id = d.deals.id[i];
    if (deal_row[id] != 0) continue;  // a later row with a seen id is a duplicate
    deal_row[id] = static_cast<uint32_t>(i + 1);
    counted[i] = 1;
  }
  managers = distinct_sorted(d, {&d.deals.owner, &d.tasks.owner});
  sources = distinct_sorted(d, {&d.deals.source});
  segments = distinct_sorted(d, {&d.deals.segment});
  manager_at = positions(managers, n);
  source_at = positions(sources, n);
  segment_at = positions(segments, n);
  class_of.assign(n, LeadClass::kWarm);
  for (StrId src : sources) class_of[src] = lead_class_of(s, d.strings.view(src));  // once per source
  const auto number_names = [n](std::initializer_list<const std::vector<StrId>*> columns, std::vector<int32_t>& at,
                                std::vector<StrId>& ids) {
    at.assign(n, -1);
    for (const auto* column : columns) {
      for (StrId id : *column) {
        if (at[id] >= 0) continue;
        at[id] = static_cast<int32_t>(ids.size());
        ids.push_back(id);
      }
    }
  };
  number_names({&d.deals.stage, &d.stage_events.from_stage, &d.stage_events.to_stage}, stage_name_at, stage_name_ids);
  std::vector<StrId> pipeline_ids;
  number_names({&d.deals.pipeline}, pipeline_name_at, pipeline_ids);
  stage_names = stage_name_ids.size();
  pipeline_names = pipeline_ids.size();
  task_deal.resize(d.tasks.size());
  for (size_t i = 0; i < d.tasks.size(); ++i) {
    const StrId id = d.tasks.deal_id[i];
    task_deal[i] = id < deal_row.size() ? static_cast<int32_t>(deal_row[id]) - 1 : -1;
  }
  // One pass over the activities for every window of the analysis.
  const ActivityTable& a = d.activities;
  first_touch.assign(a.size() == 0 ? 0 : d.deals.size(), kNoTime);
  won_touches.assign(a.size() == 0 ? 0 : d.deals.size(), 0);
  for (size_t i = 0; i < a.size(); ++i) {
    if (a.deal_id[i] >= deal_row.size()) continue;
    const uint32_t row = deal_row[a.deal_id[i]];
    if (row == 0) continue;
    if (d.deals.state[row - 1] == DealState::kWon && a.at[i] != kNoTime && a.at[i] <= d.deals.closed_at[row - 1] &&
        !is_short_call(a, i, s.min_call_s)) {
      ++won_touches[row - 1];
    }
    if (a.direction[i] != Direction::kOut) continue;
    const Instant at = a.at[i], created = d.deals.created_at[row - 1];
    if (at == kNoTime || created == kNoTime || at < created) continue;
    Instant& best = first_touch[row - 1];
    if (best == kNoTime || at < best) best = at;
  }
  // Stage events by deal row (a counting sort, each run kept in input
  // order), then each deal's few events by time (mostly insertion sort).
  const StageEventTable& e = d.stage_events;
  const auto row_of = [&](size_t i) -> int64_t {
    if (e.at[i] == kNoTime || e.deal_id[i] >= deal_row.size()) return -1;
    return int64_t{deal_row[e.deal_id[i]]} - 1;
  };
  event_start.assign(d.deals.size() + 1, 0);
  for (size_t i = 0; i < e.size(); ++i) {
    if (const int64_t row = row_of(i); row >= 0) ++event_start[static_cast<size_t>(row) + 1];
  }
  std::partial_sum(event_start.begin(), event_start.end(), event_start.begin());  // [row + 1]: end of row's run
  event_order.resize(event_start.back());
  for (size_t i = e.size(); i-- > 0;) {  // from the back: [row + 1] counts down to the run's beginning
    if (const int64_t row = row_of(i); row >= 0) event_order[--event_start[static_cast<size_t>(row) + 1]] = static_cast<uint32_t>(i);
  }
  std::copy(event_start.begin() + 1, event_start.end(), event_start.begin());
  event_start.back() = static_cast<uint32_t>(event_order.size());
  const auto by_time = [&](uint32_t x, uint32_t y) { return e.at[x] != e.at[y] ? e.at[x] < e.at[y] : x < y; };
  for (size_t row = 0; row + 1 < event_start.size(); ++row) {
    const auto run = event_order.begin() + event_start[row], run_end = event_order.begin() + event_start[row + 1];
    if (run_end - run > 1) std::sort(run, run_end, by_time);
  }
  for (size_t row = 0; row < d.deals.size(); ++row) {
    const Instant created = d.deals.created_at[row];
    if (!counted[row] || created == kNoTime || event_start[row] == event_start[row + 1]) continue;
    const Instant seen = std::max(created, e.at[event_order[event_start[row]]]);
    if (history_from == kNoTime || seen < history_from) history_from = seen;
  }
  any_due = std::any_of(d.tasks.due_at.begin(), d.tasks.due_at.end(), [](Instant t) { return t != kNoTime; });
}

Context::Context(const Dataset& d, const Settings& s) : Context(d, s, std::make_shared<const ContextIndex>(d, s)) {}

Context::Context(const Dataset& d, const Settings& s, std::shared_ptr<const ContextIndex> index, Scope sc)
    : data(d),
      settings(s),
      period(resolve_period(index->observed, s)),
      calendar(calendar_of(s)),
      index_(std::move(index)),
      counted(index_->counted),
      deal_row(index_->deal_row),
      managers(index_->managers),
      sources(index_->sources),
      segments(index_->segments),
      manager_at(index_->manager_at),
      source_at(index_->source_at),
      segment_at(index_->segment_at),
      class_of(index_->class_of),
      first_touch(index_->first_touch),
      event_start(index_->event_start),
      event_order(index_->event_order),
      won_touches(index_->won_touches),
      task_deal(index_->task_deal),
      stage_name_at(index_->stage_name_at),
      pipeline_name_at(index_->pipeline_name_at),
      scope(sc) {}

const std::vector<uint8_t>& Context::closed() const {
  if (!closed_ready_) {
    // closed_in_period, from the window's rows.
    closed_.assign(data.deals.size(), 0);
    for (const uint32_t row : closed_rows()) closed_[row] = data.deals.state[row] == DealState::kWon ? 1 : 2;
    closed_ready_ = true;
  }
  return closed_;
}

const std::vector<uint32_t>& Context::closed_rows() const {
  if (!closed_rows_) {
    closed_rows_ = std::make_unique<std::vector<uint32_t>>(
        index_->deals_by_closed().rows_in(period.from, period.to, period.as_of));
  }
  return *closed_rows_;
}

const std::vector<uint32_t>& Context::created_rows() const {
  if (!created_rows_) {
    created_rows_ = std::make_unique<std::vector<uint32_t>>(
        index_->deals_by_created().rows_in(period.from, period.to, period.as_of));
  }
  return *created_rows_;
}

const std::vector<uint32_t>& Context::open_rows() const {
  if (!open_rows_) {
    // Open at now: an open deal created by now, or a won or lost one created
    // by now and closed after it (a closed deal without closed_at never is).
    const Instant now = period.as_of;
    std::vector<uint32_t> rows;
    if (now != kNoTime) {
      const std::span<const uint32_t> open = index_->open_by_created().up_to(now);
      rows.assign(open.begin(), open.end());
      for (const uint32_t row : index_->deals_by_closed().after(now)) {
        if (exists_at_now(row)) rows.push_back(row);
      }
      in_row_order(rows, data.deals.size());
    }
    open_rows_ = std::make_unique<std::vector<uint32_t>>(std::move(rows));
  }
  return *open_rows_;
}

const std::vector<uint32_t>& Context::due_tasks() const {
  if (!due_tasks_) {
    const TaskTable& t = data.tasks;
    const Instant now = period.as_of;
    std::vector<uint32_t> tasks = index_->tasks_by_due().rows_in(period.from, period.to, now);
    // Due before now (not at it), and seen at now: created by now, or undated.
    std::erase_if(tasks, [&](uint32_t i) {
      return t.due_at[i] >= now || (t.created_at[i] != kNoTime && t.created_at[i] > now);
    });
    due_tasks_ = std::make_unique<std::vector<uint32_t>>(std::move(tasks));
  }
  return *due_tasks_;
}


namespace {

// Every cell a value of (owner, source, segment) belongs to: the team, the
// owner's row, the source's, the lead class's, the segment's, and the
// owner-within-group cells. `add(cell)` is called on each.
template <typename Grouped, typename Add>
void fan_out(const Context& ctx, Grouped& g, StrId owner, StrId source, StrId segment, Add&& add) {
  add(g.team);
  const int32_t m = ctx.manager_at[owner];
  if (!ctx.full()) {  // a series point: the team, its lead classes (its FRT is judged per class) and the managers
    add(g.classes[static_cast<size_t>(ctx.class_of[source])]);
    if (m >= 0) add(g.managers[static_cast<size_t>(m)]);
    return;
  }
  const int32_t s = ctx.source_at[source], seg = ctx.segment_at[segment];
  const auto cls = static_cast<size_t>(ctx.class_of[source]);
  if (s >= 0) add(g.sources[static_cast<size_t>(s)]);
  if (seg >= 0) add(g.segments[static_cast<size_t>(seg)]);
  add(g.classes[cls]);
  if (m < 0) return;
  const auto mi = static_cast<size_t>(m);
  add(g.managers[mi]);
  if (s >= 0) add(g.manager_source[mi * g.sources.size() + static_cast<size_t>(s)]);
  add(g.manager_class[mi * 3 + cls]);
  if (seg >= 0) add(g.manager_segment[mi * g.segments.size() + static_cast<size_t>(seg)]);
}

}  // namespace

void GroupedValues::add(StrId owner, StrId source, StrId segment, double v) {
  fan_out(ctx, *this, owner, source, segment, [v](std::vector<double>& cell) { cell.push_back(v); });
}

void GroupedValues::add_deal(size_t row, double v) {
  const DealTable& d = ctx.data.deals;
  add(d.owner[row], d.source[row], d.segment[row], v);
}

void GroupedCounts::add(StrId owner, StrId source, StrId segment, double hit, double total) {
  fan_out(ctx, *this, owner, source, segment, [hit, total](Cell& cell) {
    cell.hit += hit;
    cell.total += total;
  });
}

void GroupedCounts::add_deal(size_t row, double hit, double total) {
  const DealTable& d = ctx.data.deals;
  add(d.owner[row], d.source[row], d.segment[row], hit, total);
}

void add_cards(const Context& c, Report& r, std::string_view tile, std::vector<Card> cards) {
  if (!c.full()) return;  // a series point has no board
  const size_t keep = std::min(cards.size(), kMaxCards);
  std::partial_sort(cards.begin(), cards.begin() + static_cast<std::ptrdiff_t>(keep), cards.end(),
                    [](const Card& a, const Card& b) {
                      return a.severity != b.severity ? a.severity > b.severity : a.deal_row < b.deal_row;
                    });
  BoardTile* t = nullptr;
  for (BoardTile& existing : r.board) {
    if (existing.id == tile) t = &existing;
  }
  if (t == nullptr) {
    r.board.emplace_back();
    t = &r.board.back();
    t->id = std::string(tile);
  }
  t->deal_ids.clear();
  t->cards.clear();
  t->reasons.clear();
  t->flagged = static_cast<double>(cards.size());
  t->every.clear();
  t->every.reserve(cards.size());
  for (const Card& card : cards) t->every.push_back({card.deal_row, card.reason, card.value, card.norm, card.unit, card.about});
  const DealTable& d = c.data.deals;
  for (size_t i = 0; i < keep; ++i) {
    const Card& card = cards[i];
    const size_t row = card.deal_row;
    t->deal_ids.emplace_back(c.data.ids.view(d.id[row]));
    CardReason why{std::string(card.reason), {}};
    if (!std::isnan(card.value)) why.params.push_back(number_param("value", card.value));
    if (!std::isnan(card.norm)) why.params.push_back(number_param("norm", card.norm));
    if (!card.unit.empty()) why.params.push_back(text_param("unit", card.unit));
    if (card.reason == "STALLED") why.params.push_back(text_param("stage", c.data.strings.view(card.about)));
    if (card.reason == "LOST_WEAK_SOURCE") why.params.push_back(text_param("source", c.data.strings.view(card.about)));
    t->reasons.push_back(why);
    if (i >= kCardRows) continue;
    CardRow out;
    out.deal_id = t->deal_ids.back();
    out.title = row < d.title.size() ? std::string(d.title[row]) : std::string();
    out.manager = std::string(c.data.strings.view(d.owner[row]));
    out.stage = std::string(c.data.strings.view(d.stage[row]));
    out.currency = std::string(c.data.strings.view(d.currency[row]));
    out.amount = d.amount[row];
    out.reasons.push_back(std::move(why));
    t->cards.push_back(std::move(out));
  }
}

namespace {

// The English sentence of each unavailable code, kept in the JSON for old
// readers; the faces render the code (wasm/messages.mjs).
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kText = {{
      {"NEEDS_DEALS", "needs a deals table"},
      {"NEEDS_ACTIVITIES", "needs calls or messages with dates"},
      {"NEEDS_TOUCHES", "needs activities (calls, e-mails, messages) linked to deals"},
      {"NEEDS_TASKS", "needs tasks with due dates"},
      {"NEEDS_HISTORY", "needs stage history (stage_events)"},
      {"NEEDS_PLAN", "needs a sales plan (settings: plans)"},
      {"NO_OPEN_DEAL", "no deal is open at now"},
      {"NO_TASK_DUE", "no task was due in the period before now"},
      {"NO_CLOSED_DEAL", "no deal was won or lost in the period"},
      {"NO_WON_DEAL", "no deal was won in the period"},
      {"NO_AMOUNT", "the won deals have no amount"},
      {"NO_STAGE_EVENT", "no stage event of a known deal at or before as_of"},
      {"NO_VELOCITY", "no deal was won and no stage stay ended in the period"},
      {"WON_BEFORE_CREATED", "the deals won in the period close before they were created (data quality: closed_before_created)"},
}};

std::string_view unavailable_text(std::string_view code) noexcept {
  for (const auto& [c, text] : kText) {
    if (c == code) return text;
  }
  return code;
}

}  // namespace

void mark_unavailable(Report& r, std::string_view metric, std::string_view code) {
  r.unavailable.push_back({std::string(metric), std::string(unavailable_text(code)), std::string(code), {}});
}

std::string_view unavailable_code(const Report& r, std::string_view family) noexcept {
  for (const Unavailable& u : r.unavailable) {
    if (u.metric != family) continue;
    // The table's literal, not the entry's string: judged rows outlive and
    // are copied away from the report whose entry this is.
    for (const auto& entry : kText) {
      if (entry.first == u.code) return entry.first;
    }
  }
  return {};
}

}  // namespace kpi
