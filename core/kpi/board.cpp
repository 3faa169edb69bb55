#include "core/kpi/board.h"

#include <algorithm>
#include <cmath>
#include <span>
#include <utility>

#include <fmt/format.h>

#include "core/kpi/deal_facts.h"
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


// ---- Issue 10: today's list, deal links, the managers' ranking, the report's state.

// An open deal idle (working days since its last stage change, as the stalled
// metric counts them) longer than this is stale: listed in the drill-down,
// not in today's list (docs/kpi.md "Today's list").
constexpr double kStaleDays = 60;

// The reasons that can be acted on while the deal is open; SLA_LATE (already
// answered) and LOST_WEAK_SOURCE (closed) are history, not today's work.
bool actionable(std::string_view code) noexcept {
  return code == "SLA_UNANSWERED" || code == "NO_NEXT_STEP" || code == "NEXT_STEP_OVERDUE" || code == "TASK_OVERDUE" ||
         code == "STALLED";
}

bool ends_with(std::string_view s, std::string_view tail) noexcept {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// The CRM a deal id belongs to: the account's host in the settings says it,
// else the file that named the account, else the formats of the files read.
CrmLink crm_link(const Context& c, const std::vector<InputSummary>& inputs) {
  CrmLink link;
  const std::string& host = c.settings.crm_account;
  if (!host.empty()) {
    link.account = host;
    link.source = "settings";
    if (ends_with(host, ".amocrm.ru") || ends_with(host, ".amocrm.com") || ends_with(host, ".kommo.com")) link.kind = "amocrm";
    if (host.find(".bitrix24.") != std::string::npos) link.kind = "bitrix24";
  }
  // Else the first file that names the account: an amoCRM API dump, a
  // `kpi-lens fetch` folder's manifest, an export's column of deal URLs.
  for (const InputSummary& in : inputs) {
    if (!link.account.empty() || in.account.empty()) continue;
    link.account = in.account;
    link.source = in.account_from.empty() ? "api_dump" : in.account_from;
    if (link.kind.empty()) link.kind = in.account_crm;
  }
  if (link.kind.empty()) {
    for (const InputSummary& in : inputs) {
      if (!in.ok || (in.kind != "deals" && in.format.find("json") == std::string::npos)) continue;
      if (in.format.rfind("amocrm", 0) == 0) link.kind = "amocrm";
      if (in.format.rfind("bitrix24", 0) == 0) link.kind = "bitrix24";
      if (!link.kind.empty()) break;
    }
  }
  return link;
}

std::string deal_url(const CrmLink& link, std::string_view id) {
  if (link.account.empty() || id.empty()) return {};
  if (link.kind == "amocrm") return fmt::format("https://{}/leads/detail/{}", link.account, id);
  if (link.kind == "bitrix24") return fmt::format("https://{}/crm/deal/details/{}/", link.account, id);
  return {};
}

CardReason reason_of(const Context& c, const BoardTile::Flag& f) {
  CardReason why{std::string(f.code), {}};
  if (!std::isnan(f.value)) why.params.push_back(number_param("value", f.value));
  if (!std::isnan(f.norm)) why.params.push_back(number_param("norm", f.norm));
  if (!f.unit.empty()) why.params.push_back(text_param("unit", f.unit));
  if (f.code == "STALLED") why.params.push_back(text_param("stage", c.data.strings.view(f.about)));
  return why;
}

// Today's list: every deal open at now that a tile flags for an actionable
// reason and that is not stale, ranked by score = amount × (1 − idle /
// kStaleDays) (a deal without an amount scores 0), then the freshest, then
// the deal id.
void compute_today(const Context& c, Report& r) {
  TodayList& today = r.today;
  today = TodayList{};
  today.stale_days = kStaleDays;
  const DealTable& d = c.data.deals;
  if (d.size() == 0) return;
  constexpr double kClosed = -1;
  std::vector<double> idle(d.size(), kClosed);  // per row: idle days when open at now
  for (const StallFact& f : stall_facts(c)) idle[f.row] = f.idle_days;
  std::vector<std::vector<const BoardTile::Flag*>> why(d.size());
  std::vector<uint8_t> closed(d.size(), 0);
  for (const BoardTile& t : r.board) {
    for (const BoardTile::Flag& f : t.every) {
      if (!actionable(f.code)) continue;
      if (idle[f.row] == kClosed) {
        closed[f.row] = 1;
        continue;
      }
      auto& list = why[f.row];
      if (std::none_of(list.begin(), list.end(), [&](const BoardTile::Flag* g) { return g->code == f.code; })) list.push_back(&f);
    }
  }
  struct Pick {
    double score, idle;
    uint32_t row;
  };
  std::vector<Pick> picks;
  for (size_t row = 0; row < d.size(); ++row) {
    if (closed[row]) ++today.closed;
    if (why[row].empty()) continue;
    ++today.open_flagged;
    const double days = std::isnan(idle[row]) ? 0 : idle[row];
    if (days > kStaleDays) {
      ++today.stale;
      continue;
    }
    const double amount = std::isnan(d.amount[row]) ? 0 : d.amount[row];
    picks.push_back({amount * (1 - days / kStaleDays), days, static_cast<uint32_t>(row)});
  }
  std::sort(picks.begin(), picks.end(), [&](const Pick& a, const Pick& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.idle != b.idle) return a.idle < b.idle;
    return c.data.ids.view(d.id[a.row]) < c.data.ids.view(d.id[b.row]);
  });
  // The stand-up list (issue 11): the same deals, most deviant first; ties keep today's order.
  const auto deviation = [&](uint32_t row) {
    double sum = 0;
    for (const BoardTile::Flag* f : why[row]) {
      const bool measured = !std::isnan(f->value) && !std::isnan(f->norm) && f->norm > 0;
      sum += measured ? std::max(1.0, f->value / f->norm) : 1.0;
    }
    return sum;
  };
  std::vector<std::pair<double, size_t>> deviant;
  for (size_t i = 0; i < picks.size(); ++i) deviant.emplace_back(deviation(picks[i].row), i);
  std::stable_sort(deviant.begin(), deviant.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  const size_t cards = std::min(deviant.size(), static_cast<size_t>(c.settings.standup_cards));
  std::vector<size_t> standup;
  for (size_t i = 0; i < cards; ++i) standup.push_back(deviant[i].second);
  const auto row_of = [&](const Pick& p) {
    TodayRow out;
    out.deal_id = std::string(c.data.ids.view(d.id[p.row]));
    out.title = p.row < d.title.size() ? std::string(d.title[p.row]) : std::string();
    out.manager = std::string(c.data.strings.view(d.owner[p.row]));
    out.stage = std::string(c.data.strings.view(d.stage[p.row]));
    out.currency = std::string(c.data.strings.view(d.currency[p.row]));
    out.amount = d.amount[p.row];
    out.idle_days = idle[p.row];
    out.score = p.score;
    out.url = deal_url(r.crm, out.deal_id);
    out.deviation = deviation(p.row);
    for (const BoardTile::Flag* f : why[p.row]) out.reasons.push_back(reason_of(c, *f));
    return out;
  };
  for (size_t i : standup) today.standup.push_back(row_of(picks[i]));
  if (picks.size() > kTodayRows) {
    today.more = picks.size() - kTodayRows;
    picks.resize(kTodayRows);
  }
  for (const Pick& p : picks) today.rows.push_back(row_of(p));
}

// The managers by the board's deviations: most bad metrics first, then most
// warn, then the larger sum of relative misses, then by name.
void compute_ranking(Report& r, std::span<const Metric> metrics) {
  r.ranking.clear();
  for (const NamedMetrics& m : r.managers) {
    ManagerRank rank;
    rank.manager = m.name;
    for (const Metric metric : metrics) {
      const auto k = static_cast<size_t>(metric);
      const Status s = m.metrics.judged.status[k];
      if (s == Status::kOk) ++rank.ok;
      if (s != Status::kWarn && s != Status::kBad) continue;
      (s == Status::kBad ? rank.bad : rank.warn) += 1;
      rank.miss += miss(m.metrics.values[k], m.metrics.judged.norm[k]);
      rank.off.emplace_back(metric_key(metric));
    }
    r.ranking.push_back(std::move(rank));
  }
  std::stable_sort(r.ranking.begin(), r.ranking.end(), [](const ManagerRank& a, const ManagerRank& b) {
    if (a.bad != b.bad) return a.bad > b.bad;
    if (a.warn != b.warn) return a.warn > b.warn;
    if (a.miss != b.miss) return a.miss > b.miss;
    return a.manager < b.manager;
  });
}

// What the report could be built from: no file, or files without one deal
// read, is said as such (the faces then never say "all in norm").
ReportState state_of(const Context& c, const std::vector<InputSummary>& inputs) {
  ReportState st;
  st.files = inputs.size();
  for (const InputSummary& in : inputs) st.unreadable += in.ok ? 0 : 1;
  st.deals = c.data.deals.size();
  if (st.files == 0) st.code = "NO_FILES";
  else if (st.deals == 0) st.code = "NO_DEALS_READ";
  return st;
}

// The FRT tile's figure per lead class, each against the norm the user set for the class.
void frt_by_class(const Report& r, BoardTile& t) {
  const auto k = static_cast<size_t>(Metric::kFrtMedianMin);
  t.by_class.clear();
  for (const NamedMetrics& row : r.by_class) {
    BoardTile::ClassFrt out;
    out.lead_class = row.name;
    out.value = row.metrics.values[k];
    out.norm = row.metrics.judged.norm[k].value;
    out.answered = row.metrics.values[static_cast<size_t>(Metric::kSlaTotal)];
    out.status = row.metrics.judged.status[k];
    out.status_reason = row.metrics.judged.reason[k];
    t.by_class.push_back(std::move(out));
  }
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
    if (s.metric == Metric::kFrtMedianMin) t.status_lead_class = r.team.judged.frt_class;
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
  // Families may have added their tiles in any order: put them in the board's
  // (a stable order by spec position; tiles of no spec last). The tiles are
  // moved once each, by an order of indices: a stable_sort of the tiles
  // themselves allocated a buffer of tiles and moved each several times, on
  // every analysis.
  std::vector<std::pair<size_t, size_t>> order(r.board.size());  // (spec position, index)
  for (size_t i = 0; i < r.board.size(); ++i) {
    const auto at = std::find_if(kSpecs.begin(), kSpecs.end(), [&](const TileSpec& s) { return s.id == r.board[i].id; });
    order[i] = {static_cast<size_t>(at - kSpecs.begin()), i};
  }
  if (!std::is_sorted(order.begin(), order.end())) {
    std::sort(order.begin(), order.end());  // (position, index): stable by construction
    std::vector<BoardTile> sorted;
    sorted.reserve(r.board.size());
    for (const auto& [position, i] : order) sorted.push_back(std::move(r.board[i]));
    r.board.swap(sorted);
  }
  // Issue 10: what the head of sales acts on first (reasons in board order).
  frt_by_class(r, tile_named(r, "frt"));
  r.state = state_of(c, r.inputs);
  r.crm = crm_link(c, r.inputs);
  compute_today(c, r);
  std::array<Metric, kSpecs.size()> metrics{};
  for (size_t i = 0; i < kSpecs.size(); ++i) metrics[i] = kSpecs[i].metric;
  compute_ranking(r, metrics);
}

}  // namespace kpi
