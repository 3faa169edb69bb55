#include "core/kpi/period.h"

#include <algorithm>

namespace kpi {
namespace {

void widen(const std::vector<Instant>& column, Instant& lo, Instant& hi) noexcept {
  for (Instant t : column) {
    if (t == kNoTime) continue;
    lo = lo == kNoTime ? t : std::min(lo, t);
    hi = hi == kNoTime ? t : std::max(hi, t);
  }
}

}  // namespace

std::pair<Instant, Instant> observed_range(const Dataset& d) noexcept {
  Instant lo = kNoTime, hi = kNoTime;
  widen(d.deals.created_at, lo, hi);
  widen(d.deals.closed_at, lo, hi);
  widen(d.stage_events.at, lo, hi);
  widen(d.tasks.created_at, lo, hi);
  widen(d.tasks.completed_at, lo, hi);
  widen(d.activities.at, lo, hi);
  return {lo, hi};
}

Period resolve_period(const Dataset& data, const Settings& settings) noexcept {
  const auto [lo, hi] = observed_range(data);
  Period p;
  p.as_of = settings.as_of.value_or(hi);
  if (p.as_of == kNoTime) return p;
  p.from = settings.from.value_or(lo == kNoTime ? p.as_of : std::min(lo, p.as_of));
  p.to = settings.to.value_or(p.as_of + 1);
  return p;
}

}  // namespace kpi
