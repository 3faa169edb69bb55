// Money in the open pipeline (issue 10, amoCRM's "summary"): the amount of
// the deals open at now per stage and per manager, and a forecast that weighs
// each deal's amount by its stage's historical conversion to won: of the
// deals closed by now that had left that stage (their history at now), the
// share that were won. A stage no closed deal has left has no probability
// (null): its deals' money is in `unweighted_amount`, never weighed as 0.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "core/kpi/first_hour.h"

namespace kpi {
namespace {

using StageKey = std::pair<StrId, StrId>;  // (pipeline, stage)

struct StageTally {
  double open_count = 0, amount = 0, no_amount = 0, closed = 0, won = 0;
};

}  // namespace

void compute_open_pipeline(const Context& c, Report& r) {
  const DealTable& d = c.data.deals;
  const StageEventTable& e = c.data.stage_events;
  r.first_hour.open_by_stage.clear();
  r.first_hour.open_by_manager.clear();
  if (d.size() == 0) return;  // no deals: no rows (JSON null), never zeros
  // Each deal's events seen at now, oldest first: its run of the analysis's
  // event index (Context::event_order) cut at as_of.
  std::map<StageKey, StageTally> stages;
  std::vector<StrId> stage_now(d.stage.begin(), d.stage.end());
  for (size_t row = 0; row < d.size(); ++row) {
    if (!c.exists_at_now(row)) continue;
    const uint32_t begin = c.event_start[row], end = c.event_start[row + 1];
    for (uint32_t k = begin; k < end && e.at[c.event_order[k]] <= c.period.as_of; ++k) {
      const uint32_t i = c.event_order[k];
      stage_now[row] = e.to_stage[i];  // the last seen event wins (sorted by time)
      // A closed deal counts once for each stage it left.
      const DealState state = c.state_at_now(row);
      if (!c.counted[row] || state == DealState::kOpen || e.from_stage[i] == kNoStr) continue;
      bool repeated = false;
      for (uint32_t j = begin; j < k; ++j) repeated |= e.from_stage[c.event_order[j]] == e.from_stage[i];
      if (repeated) continue;
      StageTally& t = stages[{d.pipeline[row], e.from_stage[i]}];
      t.closed += 1;
      if (state == DealState::kWon) t.won += 1;
    }
  }

  const auto probability = [&](const StageKey& key) {
    const auto it = stages.find(key);
    return it == stages.end() || it->second.closed == 0 ? kNull : it->second.won / it->second.closed;
  };
  OpenManagerMoney team;
  std::vector<OpenManagerMoney> managers(c.managers.size());
  std::map<StageKey, StageTally> open;
  for (size_t row = 0; row < d.size(); ++row) {
    if (!c.open_at_now(row)) continue;
    const StageKey key{d.pipeline[row], stage_now[row]};
    StageTally& t = open[key];
    const double amount = d.amount[row];
    const double p = probability(key);
    const int32_t m = d.owner[row] < c.manager_at.size() ? c.manager_at[d.owner[row]] : -1;
    t.open_count += 1;
    for (OpenManagerMoney* mm : {&team, m >= 0 ? &managers[static_cast<size_t>(m)] : nullptr}) {
      if (mm == nullptr) continue;
      mm->open_count += 1;
      if (std::isnan(amount)) { mm->no_amount += 1; continue; }
      mm->amount += amount;
      if (std::isnan(p)) mm->unweighted_amount += amount;
      else mm->weighted += amount * p;
    }
    if (std::isnan(amount)) t.no_amount += 1;
    else t.amount += amount;
  }

  // Rows: every stage with open deals, in the pipeline's order (r.stages), unknown stages last by name.
  const auto order_of = [&](const StageKey& key) {
    const std::string_view pipeline = c.data.strings.view(key.first), stage = c.data.strings.view(key.second);
    for (const StageRow& s : r.stages) {
      if (s.pipeline == pipeline && s.stage == stage) return s.order;
    }
    return std::numeric_limits<int>::max();
  };
  for (const auto& [key, t] : open) {
    OpenStageMoney row;
    row.pipeline = std::string(c.data.strings.view(key.first));
    row.stage = std::string(c.data.strings.view(key.second));
    row.order = order_of(key);
    row.open_count = t.open_count;
    row.amount = t.amount;
    row.no_amount = t.no_amount;
    if (const auto it = stages.find(key); it != stages.end()) {
      row.closed_from_stage = it->second.closed;
      row.won_from_stage = it->second.won;
    }
    row.win_probability = probability(key);
    if (!std::isnan(row.win_probability)) row.weighted = t.amount * row.win_probability;
    r.first_hour.open_by_stage.push_back(std::move(row));
  }
  std::sort(r.first_hour.open_by_stage.begin(), r.first_hour.open_by_stage.end(),
            [](const OpenStageMoney& a, const OpenStageMoney& b) {
              return std::tie(a.pipeline, a.order, a.stage) < std::tie(b.pipeline, b.order, b.stage);
            });
  for (OpenStageMoney& row : r.first_hour.open_by_stage) {
    if (row.order == std::numeric_limits<int>::max()) row.order = -1;  // not in the stage table
  }
  r.first_hour.open_by_manager.push_back(team);
  for (size_t m = 0; m < managers.size(); ++m) {
    managers[m].manager = std::string(c.data.strings.view(c.managers[m]));
    r.first_hour.open_by_manager.push_back(std::move(managers[m]));
  }
}

}  // namespace kpi
