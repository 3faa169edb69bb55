#include "core/kpi/series.h"

#include <algorithm>
#include <cmath>

#include "core/kpi/board.h"
#include "core/kpi/engine.h"
#include "core/kpi/judge.h"

namespace kpi {
namespace {

constexpr int64_t kDay = 86400;

// Which way `values` (oldest first) went: their last against their first.
SeriesDirection direction_of(const std::vector<double>& values, Metric m, const Norm& norm) {
  SeriesDirection d;
  d.points = values.size();
  if (values.size() < 2) return d;
  const double first = values.front(), last = values.back();
  d.change = last - first;
  // A change within 2 % of the larger value is no change (rounding, one deal in fifty).
  const double scale = std::max(std::abs(first), std::abs(last));
  const bool flat = std::abs(d.change) <= 0.02 * scale;
  d.trend = flat ? "flat" : d.change > 0 ? "up" : "down";
  const std::string_view way = metric_info(m).direction;
  if (way == "none") return d;
  if (flat) {
    d.verdict = "same";
  } else if (way == "range") {
    const double before = miss(first, norm), after = miss(last, norm);
    d.verdict = after < before ? "better" : after > before ? "worse" : "same";
  } else {
    d.verdict = (d.change > 0) == (way == "higher") ? "better" : "worse";
  }
  return d;
}

// Every metric's direction over the last kDirectionPoints whole points with a value.
std::array<SeriesDirection, kMetricCount> directions(const std::vector<SeriesPoint>& points,
                                                     const std::vector<const MetricValues*>& rows) {
  std::array<SeriesDirection, kMetricCount> out{};
  for (size_t k = 0; k < kMetricCount; ++k) {
    std::vector<double> values;
    const Norm* norm = nullptr;
    for (size_t i = points.size(); i-- > 0 && values.size() < kDirectionPoints;) {
      if (points[i].partial || std::isnan(rows[i]->values[k])) continue;
      values.push_back(rows[i]->values[k]);
      if (norm == nullptr) norm = &rows[i]->judged.norm[k];
    }
    std::reverse(values.begin(), values.end());
    out[k] = direction_of(values, static_cast<Metric>(k), norm != nullptr ? *norm : Norm{});
  }
  return out;
}

bool same_window(const Settings& a, const Settings& b) noexcept {
  return a.from == b.from && a.to == b.to && a.as_of == b.as_of;
}

}  // namespace

void rank_off_norm(Report& r) {
  r.off_norm.assign(r.managers.size(), {});
  for (size_t m = 0; m < r.managers.size(); ++m) {
    const MetricValues& row = r.managers[m].metrics;
    std::vector<OffNorm>& out = r.off_norm[m];
    for (size_t k = 0; k < kMetricCount; ++k) {
      const Status s = row.judged.status[k];
      if (s != Status::kWarn && s != Status::kBad) continue;
      out.push_back({static_cast<Metric>(k), s, miss(row.values[k], row.judged.norm[k])});
    }
    std::stable_sort(out.begin(), out.end(), [](const OffNorm& a, const OffNorm& b) { return a.miss > b.miss; });
  }
}

std::vector<SeriesWindow> series_windows(Instant from, Instant end, bool weeks, const TimeZone& tz) {
  std::vector<SeriesWindow> out;
  if (from == kNoTime || end == kNoTime || end <= from) return out;
  for (int64_t day = bucket_start(local_day(tz, from), weeks);; day = bucket_shift(day, weeks, 1)) {
    const Instant start = day_start(tz, day), stop = day_start(tz, bucket_shift(day, weeks, 1));
    if (start >= end) break;
    if (stop <= from) continue;
    SeriesWindow w;
    w.from = std::max(start, from);
    w.to = std::min(stop, end);
    w.partial = w.from != start || w.to != stop;
    out.push_back(w);
  }
  return out;
}

std::string_view series_bucket(const Settings& s, const Period& p) noexcept {
  if (s.series_bucket == "week" || s.series_bucket == "month") return s.series_bucket;
  if (s.series_bucket == "none" || p.from == kNoTime || p.to == kNoTime) return {};
  const Instant end = std::min(p.to, p.as_of + 1);
  return end - p.from <= kSeriesWeeksUpTo * kDay ? "week" : "month";
}

void compute_series(const Context& c, Report& r) {
  const Period& p = c.period;
  const std::string_view bucket = series_bucket(c.settings, p);
  if (bucket.empty() || p.as_of == kNoTime) return;
  std::vector<SeriesWindow> windows =
      series_windows(p.from, std::min(p.to, p.as_of + 1), bucket == "week", c.settings.tz);
  if (windows.empty()) return;
  Series& s = r.series;
  s.bucket = std::string(bucket);
  s.bucket_source = c.settings.series_bucket == "auto" ? "auto" : "settings";
  // Each point runs every family: a period of centuries (one date mistyped
  // 2826 for 2026) would be thousands of them. Keep the latest points; the
  // first point's `from` shows where the series starts (issue 12, a fuzzing
  // finding).
  if (windows.size() > kMaxSeriesPoints) {
    windows.erase(windows.begin(), windows.end() - static_cast<std::ptrdiff_t>(kMaxSeriesPoints));
  }

  // Each point is analysed as a fresh analysis of its window would be; its
  // previous window gives the judge the team's win-rate norm alone, so it is
  // the point before when that is the same window (whole weeks), else only
  // its outcomes are computed (judge.h norm_for reads nothing else of it).
  Settings prior_settings;
  Report prior;
  bool has_prior = false;
  for (const SeriesWindow& w : windows) {
    Settings settings = c.settings;
    settings.from = w.from;
    settings.to = w.to;
    settings.as_of = w.to - 1;
    settings.series_bucket = "none";
    settings.period_preset = "custom";  // the point's own window, whatever preset the period came from
    const Context pc(c.data, settings, c.index(), Scope::kSeriesPoint);
    Report point = analyze_period(pc, {});
    Report before;
    const Report* previous = nullptr;
    if (const std::optional<Settings> prev = previous_period(pc)) {
      if (has_prior && same_window(*prev, prior_settings)) {
        previous = &prior;
      } else {
        const Context prev_context(c.data, *prev, c.index(), Scope::kSeriesPoint);
        before = analyze_outcomes(prev_context);
        previous = &before;
      }
    }
    judge_report(pc, previous, point);

    SeriesPoint out;
    out.from = w.from;
    out.to = w.to;
    out.as_of = settings.as_of.value_or(kNoTime);
    out.partial = w.partial;
    out.team = point.team;
    out.team_samples = point.team_samples;
    out.managers.reserve(point.managers.size());
    for (const NamedMetrics& m : point.managers) {
      out.managers.push_back(m.metrics);
      out.manager_samples.push_back(m.samples);
    }
    out.managers.resize(r.managers.size());  // the same rows (every owner of the data) by construction
    out.manager_samples.resize(r.managers.size());
    s.points.push_back(std::move(out));
    prior = std::move(point);
    prior_settings = settings;
    has_prior = true;
  }

  std::vector<const MetricValues*> rows(s.points.size());
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = &s.points[i].team;
  s.team_direction = directions(s.points, rows);
  s.manager_direction.resize(r.managers.size());
  for (size_t m = 0; m < r.managers.size(); ++m) {
    for (size_t i = 0; i < rows.size(); ++i) rows[i] = &s.points[i].managers[m];
    s.manager_direction[m] = directions(s.points, rows);
  }
}

}  // namespace kpi
