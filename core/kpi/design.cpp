// The KPI design check (design.h, docs/kpi.md "KPI design check").
#include "core/kpi/design.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace kpi {
namespace {

struct Day {
  int year, month, day;
  int64_t number() const noexcept { return days_from_civil(year, month, day); }
};

// The local date of an instant in the settings' zone.
Day day_in_zone(const TimeZone& tz, Instant t) noexcept {
  const CivilTime c = civil_from_instant(t + tz.offset_at(t));
  return {c.year, c.month, c.day};
}

// `months` calendar months later (earlier when negative), the day clamped to
// the month's length (Nov 30 + 3 months = Feb 28/29).
Day add_months(Day d, int months) noexcept {
  const int m0 = d.month - 1 + months;
  const int year = d.year + (m0 >= 0 ? m0 / 12 : (m0 - 11) / 12);
  const int month = ((m0 % 12) + 12) % 12 + 1;
  const int next_year = month == 12 ? year + 1 : year, next_month = month == 12 ? 1 : month + 1;
  const auto length = static_cast<int>(days_from_civil(next_year, next_month, 1) - days_from_civil(year, month, 1));
  return {year, month, std::min(d.day, length)};
}

std::string day_text(Day d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); }

std::vector<std::string> keys_of(const std::vector<Metric>& metrics) {
  std::vector<std::string> keys;
  keys.reserve(metrics.size());
  for (Metric m : metrics) keys.emplace_back(metric_key(m));
  return keys;
}

// Every METRICS key with a bonus weight above 0, in METRICS order.
std::vector<Metric> bonus_metrics(const Settings& s) {
  std::vector<Metric> out;
  if (!s.motivation) return out;
  const Motivation& m = *s.motivation;
  std::array<bool, kMetricCount> in{};
  if (m.revenue_weight > 0) in[static_cast<size_t>(Metric::kRevenue)] = true;
  if (m.win_rate_weight > 0) in[static_cast<size_t>(Metric::kWinRate)] = true;
  for (const auto& [key, weight] : m.kpi_weights) {
    if (const std::optional<Metric> k = metric_from_key(key); k && weight > 0) in[static_cast<size_t>(*k)] = true;
  }
  for (size_t i = 0; i < kMetricCount; ++i) {
    if (in[i]) out.push_back(static_cast<Metric>(i));
  }
  return out;
}

void check_bonus(const Settings& s, Report& r) {
  const std::vector<Metric> bonus = bonus_metrics(s);
  if (bonus.empty()) return;
  const bool has_result = std::any_of(bonus.begin(), bonus.end(), [](Metric m) { return metric_info(m).kind == "result"; });
  if (!has_result) {
    r.design_check.push_back({"BONUS_ONLY_ACTIVITY",
                              {number_param("n", static_cast<double>(bonus.size()))}, keys_of(bonus)});
  }
  for (Metric m : bonus) {
    if (metric_info(m).influence != "none") continue;
    r.design_check.push_back({"BONUS_NOT_INFLUENCED", {text_param("metric", metric_key(m))}, {std::string(metric_key(m))}});
  }
}

void check_count(const Settings& s, Report& r) {
  const std::vector<Metric> in_use = metrics_in_use(s, r);
  if (in_use.size() <= kMaxMetricsInUse) return;
  r.design_check.push_back({"METRICS_OVER_LIMIT",
                            {number_param("n", static_cast<double>(in_use.size())),
                             number_param("limit", static_cast<double>(kMaxMetricsInUse))},
                            keys_of(in_use)});
}

void check_norm_changes(const Settings& s, Report& r) {
  const std::vector<Instant> changes = norm_changes(s.norm_history);
  if (changes.size() < 2) return;
  // One sitting is one review: the changes made within kReviewDays of a
  // review's first change (set the norms, look at the board, adjust them) are
  // that review, dated by its first day; a head of sales who tunes the norms
  // three times while setting up is not changing them "more often than once a
  // quarter".
  std::vector<Day> days;
  days.reserve(changes.size());
  for (Instant t : changes) {
    const Day d = day_in_zone(s.tz, t);
    if (days.empty() || d.number() - days.back().number() >= kReviewDays) days.push_back(d);
  }
  if (days.size() < 2) return;
  const int64_t window_start = add_months(days.back(), -kNormHistoryMonths).number();
  size_t first = 0;
  while (first < days.size() && days[first].number() < window_start) ++first;
  int64_t shortest = -1;
  size_t pair = 0;
  for (size_t i = first + 1; i < days.size(); ++i) {
    if (days[i].number() >= add_months(days[i - 1], kNormChangeMonths).number()) continue;  // a quarter apart or more
    const int64_t gap = days[i].number() - days[i - 1].number();
    if (shortest < 0 || gap < shortest) {
      shortest = gap;
      pair = i;
    }
  }
  if (shortest < 0) return;
  r.design_check.push_back({"NORMS_CHANGED_OFTEN",
                            {number_param("n", static_cast<double>(days.size() - first)),
                             number_param("days", static_cast<double>(shortest)),
                             number_param("months", kNormChangeMonths),
                             text_param("from", day_text(days[pair - 1])), text_param("to", day_text(days[pair]))},
                            {}});
}

}  // namespace

std::vector<Metric> metrics_in_use(const Settings& settings, const Report& r) {
  std::array<bool, kMetricCount> in{};
  const auto judged = [&r](Metric m) { return r.catalogue[static_cast<size_t>(m)].kind != NormKind::kNone; };
  for (const std::string& column : r.layout.columns) {
    if (const std::optional<Metric> m = metric_from_key(column); m && judged(*m)) in[static_cast<size_t>(*m)] = true;
  }
  for (const BoardTile& tile : r.board) {
    if (std::find(r.layout.tiles.begin(), r.layout.tiles.end(), tile.id) == r.layout.tiles.end()) continue;
    if (const std::optional<Metric> m = metric_from_key(tile.metric); m && judged(*m)) in[static_cast<size_t>(*m)] = true;
  }
  for (Metric m : bonus_metrics(settings)) in[static_cast<size_t>(m)] = true;
  std::vector<Metric> out;
  for (size_t i = 0; i < kMetricCount; ++i) {
    if (in[i]) out.push_back(static_cast<Metric>(i));
  }
  return out;
}

std::vector<Instant> norm_changes(std::vector<NormRecord> history) {
  std::stable_sort(history.begin(), history.end(), [](const NormRecord& a, const NormRecord& b) { return a.at < b.at; });
  std::vector<Instant> out;
  for (size_t i = 1; i < history.size(); ++i) {
    if (!(history[i].norms == history[i - 1].norms)) out.push_back(history[i].at);
  }
  return out;
}

void compute_design_check(const Context& c, Report& r) {
  r.design_check.clear();
  check_bonus(c.settings, r);
  check_count(c.settings, r);
  check_norm_changes(c.settings, r);
}

}  // namespace kpi
