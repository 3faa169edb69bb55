#include "core/kpi/context.h"

#include <algorithm>

#include "core/kpi/lead_class.h"

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

Context::Context(const Dataset& d, const Settings& s)
    : data(d), settings(s), period(resolve_period(d, s)), calendar(calendar_of(s)) {
  const size_t n = d.strings.size();
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
}

bool Context::exists_at_now(size_t row) const noexcept {
  const Instant created = data.deals.created_at[row];
  return created != kNoTime && created <= period.as_of;
}

DealState Context::state_at_now(size_t row) const noexcept {
  const DealState s = data.deals.state[row];
  if (s == DealState::kOpen) return s;
  const Instant closed = data.deals.closed_at[row];
  return closed != kNoTime && closed > period.as_of ? DealState::kOpen : s;
}

bool Context::open_at_now(size_t row) const noexcept {
  return counted[row] && exists_at_now(row) && state_at_now(row) == DealState::kOpen;
}

namespace {

// Every cell a value of (owner, source, segment) belongs to: the team, the
// owner's row, the source's, the lead class's, the segment's, and the
// owner-within-group cells. `add(cell)` is called on each.
template <typename Grouped, typename Add>
void fan_out(const Context& ctx, Grouped& g, StrId owner, StrId source, StrId segment, Add&& add) {
  add(g.team);
  const int32_t m = ctx.manager_at[owner], s = ctx.source_at[source], seg = ctx.segment_at[segment];
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
  for (size_t i = 0; i < keep; ++i) t->deal_ids.emplace_back(c.data.ids.view(c.data.deals.id[cards[i].deal_row]));
}

void mark_unavailable(Report& r, std::string_view metric, std::string_view reason) {
  r.unavailable.push_back({std::string(metric), std::string(reason)});
}

}  // namespace kpi
