#include "core/kpi/board.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/kpi/lead_class.h"

namespace kpi {
namespace {

constexpr size_t kWorst = 3;

struct TileSpec {
  std::string_view id;
  Metric metric;
  bool at_most;  // the norm is a ceiling (frt, overdue, stalled) or a floor (sla, next step)
};

// Managers (or groups) that miss the norm, furthest first.
std::vector<std::string> worst_of(const std::vector<NamedMetrics>& rows, Metric m, double norm, bool at_most) {
  std::vector<std::pair<double, const NamedMetrics*>> missing;
  for (const NamedMetrics& row : rows) {
    const double v = row.metrics.get(m);
    if (std::isnan(v)) continue;
    const double gap = at_most ? v - norm : norm - v;
    if (gap > 0) missing.emplace_back(gap, &row);
  }
  std::stable_sort(missing.begin(), missing.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> out;
  for (size_t i = 0; i < missing.size() && i < kWorst; ++i) out.push_back(missing[i].second->name);
  return out;
}

// The FRT norm of the period's leads: the mean of their classes' norms, so a
// team working mostly hot leads is held to the hot norm.
double frt_norm_mix(const Context& c) {
  const DealTable& d = c.data.deals;
  // Class norm per source id, looked up once per distinct source.
  std::vector<double> norm_of(c.data.strings.size(), -1);
  double sum = 0;
  size_t n = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    if (!c.counted[i] || !c.period.contains(d.created_at[i])) continue;
    double& norm = norm_of[d.source[i]];
    if (norm < 0) {
      norm = c.settings.norms.frt_min[static_cast<size_t>(lead_class_of(c.settings, c.data.strings.view(d.source[i])))];
    }
    sum += norm;
    ++n;
  }
  return n == 0 ? c.settings.norms.frt_min[static_cast<size_t>(LeadClass::kWarm)] : sum / static_cast<double>(n);
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

}  // namespace

std::string_view norm_status(double value, double norm, bool at_most) noexcept {
  if (std::isnan(value) || std::isnan(norm)) return "";
  if (at_most ? value <= norm : value >= norm) return "ok";
  const double slack = std::abs(norm) * 0.1;
  if (at_most ? value <= norm + slack : value >= norm - slack) return "warn";
  return "bad";
}

std::optional<Settings> previous_period(const Context& c) {
  const Period& p = c.period;
  if (p.as_of == kNoTime || p.from == kNoTime || p.to == kNoTime || p.to <= p.from) return std::nullopt;
  Settings prev = c.settings;
  const Instant length = p.to - p.from;
  prev.from = p.from - length;
  prev.to = p.from;
  prev.as_of = p.from - 1;
  return prev;
}

void compute_board(const Context& c, const Report* previous, Report& r) {
  const Norms& n = c.settings.norms;
  const double frt_norm = frt_norm_mix(c);
  r.norms = ReportNorms{frt_norm,          n.sla_share,      n.next_step_share, n.overdue_share,
                        n.stalled_share,   n.touches.first,  n.touches.second};
  const std::array<TileSpec, 5> specs = {{
      {"frt", Metric::kFrtMeanMin, true},
      {"sla", Metric::kSlaShare, false},
      {"next_step", Metric::kNextStepShare, false},
      {"overdue", Metric::kOverdueShare, true},
      {"stalled", Metric::kStalledShare, true},
  }};
  const std::array<double, 5> norms = {frt_norm, n.sla_share, n.next_step_share, n.overdue_share, n.stalled_share};
  const std::array<std::string, 5> norm_text = {
      fmt::format("<= {:g} min", std::round(frt_norm * 10) / 10), ">= " + percent(n.sla_share),
      ">= " + percent(n.next_step_share), "<= " + percent(n.overdue_share),
      "<= " + percent(n.stalled_share) + " per stage"};
  for (size_t i = 0; i < specs.size(); ++i) {
    const TileSpec& s = specs[i];
    BoardTile& t = tile_named(r, s.id);
    t.value = r.team.get(s.metric);
    t.norm = norm_text[i];
    double judged = t.value;
    if (s.id == "stalled") {  // the norm holds per stage: the worst stage decides
      for (const StageRow& st : r.stages) {
        if (!std::isnan(st.stalled_share) && (std::isnan(judged) || st.stalled_share > judged)) judged = st.stalled_share;
      }
    }
    t.status = std::string(norm_status(judged, norms[i], s.at_most));
    if (previous != nullptr) t.delta_prev = t.value - previous->team.get(s.metric);
    t.worst = worst_of(r.managers, s.metric, norms[i], s.at_most);
  }
  // Win rate by source: the norm is a trend (+2..5 pp a quarter), so the
  // tile is judged against the previous period's rate.
  BoardTile& w = tile_named(r, "win_rate_by_source");
  w.value = r.team.get(Metric::kWinRate);
  w.norm = ">= previous period";
  const double prev_rate = previous != nullptr ? previous->team.get(Metric::kWinRate) : kNull;
  w.delta_prev = w.value - prev_rate;
  w.status = std::isnan(prev_rate) ? std::string(norm_status(w.value, w.value, false))
                                   : std::string(norm_status(w.value, prev_rate, false));
  w.worst = worst_of(r.by_source, Metric::kWinRate, w.value, false);  // sources below the team rate
  // Cards: deals lost in the period from those sources, the latest first.
  std::vector<uint8_t> weak(c.data.strings.size(), 0);
  for (const std::string& name : w.worst) weak[c.data.strings.find(name)] = 1;
  std::vector<Card> lost;
  const DealTable& d = c.data.deals;
  for (size_t i = 0; i < d.size(); ++i) {
    if (!c.counted[i] || d.state[i] != DealState::kLost || !weak[d.source[i]] || !c.period.contains(d.closed_at[i])) continue;
    lost.push_back({static_cast<double>(d.closed_at[i]), static_cast<uint32_t>(i)});
  }
  add_cards(c, r, "win_rate_by_source", std::move(lost));

  // Families may have added their tiles in any order: put them in the board's.
  static constexpr std::array<std::string_view, 6> kOrder = {"frt", "sla", "next_step", "overdue", "stalled",
                                                             "win_rate_by_source"};
  std::stable_sort(r.board.begin(), r.board.end(), [](const BoardTile& a, const BoardTile& b) {
    return std::find(kOrder.begin(), kOrder.end(), a.id) < std::find(kOrder.begin(), kOrder.end(), b.id);
  });
}

}  // namespace kpi
