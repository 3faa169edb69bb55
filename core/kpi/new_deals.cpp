// New deals per period (issue 10): the deals created in the period (and by
// now), per manager and per manager and source, with their amount. A deal
// counts once (the first row of its id), for its owner; a deal whose owner
// is not a report row counts for the team only.
#include <cmath>
#include <map>

#include "core/kpi/first_hour.h"

namespace kpi {
namespace {

void add(NewDealsRow& row, double amount) {
  row.count += 1;
  if (std::isnan(amount)) row.no_amount += 1;
  else row.amount += amount;
}

}  // namespace

void compute_new_deals(const Context& c, Report& r) {
  const DealTable& d = c.data.deals;
  std::vector<NewDealsRow>& by_manager = r.first_hour.new_by_manager;
  std::vector<NewDealsRow>& by_source = r.first_hour.new_by_manager_source;
  by_manager.clear();
  by_source.clear();
  if (d.size() == 0) return;  // no deals: no rows (JSON null), never zeros
  NewDealsRow team;
  std::vector<NewDealsRow> managers(c.managers.size());
  std::map<std::pair<std::string_view, std::string_view>, NewDealsRow> split;  // (manager, source)
  for (size_t row = 0; row < d.size(); ++row) {
    if (!c.counted[row] || !c.period.contains(d.created_at[row])) continue;
    add(team, d.amount[row]);
    const int32_t m = d.owner[row] < c.manager_at.size() ? c.manager_at[d.owner[row]] : -1;
    if (m < 0) continue;
    add(managers[static_cast<size_t>(m)], d.amount[row]);
    add(split[{c.data.strings.view(d.owner[row]), c.data.strings.view(d.source[row])}], d.amount[row]);
  }
  by_manager.push_back(team);
  for (size_t m = 0; m < managers.size(); ++m) {
    managers[m].manager = std::string(c.data.strings.view(c.managers[m]));
    by_manager.push_back(std::move(managers[m]));
  }
  for (auto& [key, row] : split) {
    row.manager = std::string(key.first);
    row.source = std::string(key.second);
    by_source.push_back(std::move(row));
  }
}

}  // namespace kpi
