#include "core/kpi/board.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/kpi/judge.h"

namespace kpi {
namespace {

constexpr size_t kWorst = 3;

struct TileSpec {
  std::string_view id;
  Metric metric;  // the team value the tile shows: the same cell as the matrix's team row
};

// Rows whose status for `m` is not ok (warn or bad), furthest off first.
std::vector<std::string> worst_of(const std::vector<NamedMetrics>& rows, Metric m) {
  const auto k = static_cast<size_t>(m);
  std::vector<std::pair<double, const NamedMetrics*>> missing;
  for (const NamedMetrics& row : rows) {
    const Status s = row.metrics.judged.status[k];
    if (s == Status::kWarn || s == Status::kBad) missing.emplace_back(miss(row.metrics.values[k], row.metrics.judged.norm[k]), &row);
  }
  std::stable_sort(missing.begin(), missing.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> out;
  for (size_t i = 0; i < missing.size() && i < kWorst; ++i) out.push_back(missing[i].second->name);
  return out;
}

// The team metric counting a tile's flagged rows; kCount when there is none.
Metric flagged_metric(Metric shown) noexcept {
  switch (shown) {
    case Metric::kSlaShare: return Metric::kSlaBreached;
    case Metric::kOverdueShare: return Metric::kOverdueCount;
    case Metric::kStalledShare: return Metric::kStalledCount;
    case Metric::kWinRate: return Metric::kLostCount;
    default: return Metric::kCount;
  }
}

// The tile with this id, created (at the end) when no family made it yet.
BoardTile& tile_named(Report& r, std::string_view id) {
  for (BoardTile& t : r.board) {
    if (t.id == id) return t;
  }
  r.board.emplace_back();
  r.board.back().id = std::string(id);
  return r.board.back();
}

std::string percent(double share) { return fmt::format("{:g} %", std::round(share * 1000) / 10); }

// The norm in words, for readers of report@1 before board[].norm_value existed.
std::string norm_text(Metric m, const Norm& n) {
  if (m == Metric::kWinRate) return ">= previous period";
  if (std::isnan(n.value)) return "";
  const std::string_view sign = n.kind == NormKind::kAtMost ? "<= " : ">= ";
  if (metric_info(m).unit == "minutes") return fmt::format("{}{:g} min", sign, std::round(n.value * 10) / 10);
  return std::string(sign) + percent(n.value);
}

}  // namespace

std::optional<Settings> previous_period(const Context& c) {
  const Period& p = c.period;
  if (p.as_of == kNoTime || p.from == kNoTime || p.to == kNoTime || p.to <= p.from) return std::nullopt;
  Settings prev = c.settings;
  prev.period_preset = "custom";  // the window below, not the preset resolved again
  if (p.previous_from != kNoTime) {  // a calendar preset's own previous window (issue 11)
    prev.from = p.previous_from;
    prev.to = p.previous_to;
    prev.as_of = p.previous_to - 1;
    return prev;
  }
  const Instant length = p.to - p.from;
  prev.from = p.from - length;
  prev.to = p.from;
  prev.as_of = p.from - 1;
  return prev;
}

void compute_board(const Context& c, const Report* previous, Report& r) {
  const Norms& n = c.settings.norms;
  r.norms = ReportNorms{r.team.frt_norm, n.sla_share,     n.next_step_share, n.overdue_share,
                        n.stalled_share, n.touches.first, n.touches.second};
  static constexpr std::array<TileSpec, 6> kSpecs = {{
      {"frt", Metric::kFrtMedianMin},
      {"sla", Metric::kSlaShare},
      {"next_step", Metric::kNextStepShare},
      {"overdue", Metric::kOverdueShare},
      {"stalled", Metric::kStalledShare},
      {"win_rate_by_source", Metric::kWinRate},
  }};
  for (const TileSpec& s : kSpecs) {
    const auto k = static_cast<size_t>(s.metric);
    BoardTile& t = tile_named(r, s.id);
    t.metric = std::string(metric_key(s.metric));
    t.value = r.team.values[k];
    t.norm_in_force = r.team.judged.norm[k];
    t.norm = norm_text(s.metric, t.norm_in_force);
    t.status = std::string(status_name(r.team.judged.status[k]));
    t.status_reason = r.team.judged.reason[k];
    if (previous != nullptr) t.delta_prev = t.value - previous->team.values[k];
    // Win rate by source: the sources below the team's rate (judged against it).
    t.worst = worst_of(s.metric == Metric::kWinRate ? r.by_source : r.managers, s.metric);
  }
  // Cards of the win-rate tile: deals lost in the period from those sources, the latest first.
  std::vector<uint8_t> weak(c.data.strings.size(), 0);
  for (const std::string& name : tile_named(r, "win_rate_by_source").worst) weak[c.data.strings.find(name)] = 1;
  std::vector<Card> lost;
  const DealTable& d = c.data.deals;
  for (size_t i = 0; i < d.size(); ++i) {
    if (!c.counted[i] || d.state[i] != DealState::kLost || !weak[d.source[i]] || !c.period.contains(d.closed_at[i])) continue;
    lost.emplace_back(static_cast<double>(d.closed_at[i]), static_cast<uint32_t>(i), "LOST_WEAK_SOURCE", kNull, kNull,
                      std::string_view(), d.source[i]);
  }
  add_cards(c, r, "win_rate_by_source", std::move(lost));
  // The drill-down's flagged rows, where the team row counts them (next step
  // keeps its card count from add_cards; FRT has no count).
  for (const TileSpec& s : kSpecs) {
    BoardTile& t = tile_named(r, s.id);
    if (const Metric f = flagged_metric(s.metric); f != Metric::kCount) t.flagged = r.team.get(f);
    if (s.metric == Metric::kFrtMedianMin) t.flagged = kNull;  // its list is the leads answered past their norm
  }

  // A card says every reason its deal is on the board: the reasons of the
  // other tiles whose lists hold the same deal (SLA breach and stalled...).
  for (BoardTile& t : r.board) {
    for (CardRow& card : t.cards) {
      for (const BoardTile& other : r.board) {
        if (&other == &t) continue;
        const auto at = std::find(other.deal_ids.begin(), other.deal_ids.end(), card.deal_id);
        if (at == other.deal_ids.end()) continue;
        const CardReason& why = other.reasons[static_cast<size_t>(at - other.deal_ids.begin())];
        const bool known = std::any_of(card.reasons.begin(), card.reasons.end(),
                                       [&](const CardReason& mine) { return mine.code == why.code; });
        if (!known) card.reasons.push_back(why);
      }
    }
  }
  // Families may have added their tiles in any order: put them in the board's.
  std::stable_sort(r.board.begin(), r.board.end(), [](const BoardTile& a, const BoardTile& b) {
    const auto at = [](const BoardTile& t) {
      return std::find_if(kSpecs.begin(), kSpecs.end(), [&](const TileSpec& s) { return s.id == t.id; });
    };
    return at(a) < at(b);
  });
}

}  // namespace kpi
