// Series (issue 11, docs/report.md "Series"): every metric per week or month
// of the period. Exact values worked by hand on tests/fixtures/series, and,
// on generated data with every input table, each point of every METRICS key
// (team and managers: value, status, reason, norm) equal to a fresh analysis
// with the period set to that bucket and as_of at its end.
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/analyzer.h"
#include "core/kpi/series.h"
#include "core/report/report.h"
#include "tests/core/support.h"

namespace kpi {
namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(KPI_FIXTURES) + "/series/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Report analyze_fixture(std::string_view settings) {
  Analyzer a;
  test::load(a, "deals.csv", read_fixture("deals.csv"));
  test::configure(a, settings);
  return a.analyze();
}

Instant at(std::string_view text) {  // a Moscow wall-clock time
  Instant t = kNoTime;
  EXPECT_TRUE(parse_instant(text, *TimeZone::from_name("Europe/Moscow"), t)) << text;
  return t;
}

size_t manager_index(const Report& r, std::string_view name) {
  for (size_t i = 0; i < r.managers.size(); ++i) {
    if (r.managers[i].name == name) return i;
  }
  ADD_FAILURE() << "no manager " << name;
  return 0;
}

Status status_of(const MetricValues& m, Metric k) { return m.judged.status[static_cast<size_t>(k)]; }

TEST(SeriesWindows, LocalWeeksAndMonthsCutToTheRange) {
  const TimeZone moscow = *TimeZone::from_name("Europe/Moscow");
  // Wednesday 7 January 12:00 to Tuesday 20 January 00:00: a cut week, a whole one, a cut one.
  const auto weeks = series_windows(at("2026-01-07 12:00"), at("2026-01-20 00:00"), true, moscow);
  ASSERT_EQ(weeks.size(), 3u);
  EXPECT_EQ(weeks[0].from, at("2026-01-07 12:00"));
  EXPECT_EQ(weeks[0].to, at("2026-01-12 00:00"));  // Monday
  EXPECT_TRUE(weeks[0].partial);
  EXPECT_EQ(weeks[1].from, at("2026-01-12 00:00"));
  EXPECT_EQ(weeks[1].to, at("2026-01-19 00:00"));
  EXPECT_FALSE(weeks[1].partial);
  EXPECT_EQ(weeks[2].from, at("2026-01-19 00:00"));
  EXPECT_EQ(weeks[2].to, at("2026-01-20 00:00"));
  EXPECT_TRUE(weeks[2].partial);
  // Months across a year's end; the bounds are Moscow midnights (21:00 UTC the day before).
  const auto months = series_windows(at("2025-12-01 00:00"), at("2026-03-01 00:00"), false, moscow);
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(format_instant(months[0].from), "2025-11-30T21:00:00Z");
  EXPECT_EQ(format_instant(months[1].from), "2025-12-31T21:00:00Z");
  EXPECT_EQ(format_instant(months[2].from), "2026-01-31T21:00:00Z");
  EXPECT_EQ(format_instant(months[2].to), "2026-02-28T21:00:00Z");
  for (const SeriesWindow& w : months) EXPECT_FALSE(w.partial);
  EXPECT_TRUE(series_windows(at("2026-01-07 12:00"), at("2026-01-07 12:00"), true, moscow).empty());
}

// January–March by month. Won / lost closed in each month:
//   Jan: D1 Anna won 100, D2 Anna lost, D3 Boris won 300 → team 2 / 1, 2/3, 400
//   Feb: D4 Anna won 200, D5 and D6 Boris lost            → team 1 / 2, 1/3, 200
//   Mar: D7 Anna won 400, D8 Boris won 500                → team 2 / 0, 1, 900
TEST(Series, MonthlyPointsByHand) {
  const Report r = analyze_fixture(
      R"({"from": "2026-01-01", "to": "2026-04-01", "as_of": "2026-03-31 23:59:59", "series_bucket": "month"})");
  const Series& s = r.series;
  EXPECT_EQ(s.bucket, "month");
  EXPECT_EQ(s.bucket_source, "settings");
  ASSERT_EQ(s.points.size(), 3u);
  EXPECT_EQ(s.points[0].from, at("2026-01-01 00:00"));
  EXPECT_EQ(s.points[0].to, at("2026-02-01 00:00"));
  EXPECT_EQ(s.points[0].as_of, at("2026-01-31 23:59:59"));
  EXPECT_EQ(s.points[2].as_of, at("2026-03-31 23:59:59"));
  for (const SeriesPoint& p : s.points) EXPECT_FALSE(p.partial);

  const double won[] = {2, 1, 2}, lost[] = {1, 2, 0}, rate[] = {2.0 / 3, 1.0 / 3, 1}, revenue[] = {400, 200, 900};
  double won_sum = 0;
  for (size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    test::expect_value(s.points[i].team, Metric::kWonCount, won[i]);
    test::expect_value(s.points[i].team, Metric::kLostCount, lost[i]);
    test::expect_value(s.points[i].team, Metric::kWinRate, rate[i]);
    test::expect_value(s.points[i].team, Metric::kRevenue, revenue[i]);
    EXPECT_DOUBLE_EQ(s.points[i].team_samples[0].n, won[i] + lost[i]);  // win rate's n
    won_sum += s.points[i].team.get(Metric::kWonCount);
  }
  EXPECT_DOUBLE_EQ(won_sum, r.team.get(Metric::kWonCount));  // 5: the weeks' or months' won add up to the period's

  const size_t anna = manager_index(r, "Anna"), boris = manager_index(r, "Boris");
  const double anna_rate[] = {0.5, 1, 1}, anna_revenue[] = {100, 200, 400};
  const double boris_rate[] = {1, 0, 1}, boris_revenue[] = {300, kNull, 500};
  for (size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    test::expect_value(s.points[i].managers[anna], Metric::kWinRate, anna_rate[i]);
    test::expect_value(s.points[i].managers[anna], Metric::kRevenue, anna_revenue[i]);
    test::expect_value(s.points[i].managers[boris], Metric::kWinRate, boris_rate[i]);
    test::expect_value(s.points[i].managers[boris], Metric::kRevenue, boris_revenue[i]);
  }
  // Boris won nothing in February: no revenue, and the reason is this row's (the team has some).
  EXPECT_EQ(s.points[1].managers[boris].judged.reason[static_cast<size_t>(Metric::kRevenue)], "NOT_COMPUTED");

  // The team's win rate is held to the window just before each month, as a
  // fresh analysis holds it: January to December's 1 (D10) → bad;
  // February (28 days) to 4–31 January's 2/3 (D1, D2, D3) → 1/3 is bad;
  // March (31 days) to 29 January–28 February's 1/3 (D3 closed on the 28th
  // is before it) → 1 is ok. A manager is held to the team's month.
  const double team_norm[] = {1, 2.0 / 3, 1.0 / 3};
  const Status team_status[] = {Status::kBad, Status::kBad, Status::kOk};
  for (size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    EXPECT_DOUBLE_EQ(s.points[i].team.judged.norm[static_cast<size_t>(Metric::kWinRate)].value, team_norm[i]);
    EXPECT_EQ(status_of(s.points[i].team, Metric::kWinRate), team_status[i]);
  }
  EXPECT_EQ(status_of(s.points[0].managers[anna], Metric::kWinRate), Status::kBad);  // 0.5 < 2/3 − 10 %
  EXPECT_EQ(status_of(s.points[0].managers[boris], Metric::kWinRate), Status::kOk);
  EXPECT_EQ(status_of(s.points[1].managers[boris], Metric::kWinRate), Status::kBad);  // 0 against 1/3

  // Direction over the last whole months: the team's win rate 2/3 → 1 went up (better).
  const SeriesDirection& d = s.team_direction[static_cast<size_t>(Metric::kWinRate)];
  EXPECT_EQ(d.trend, "up");
  EXPECT_EQ(d.verdict, "better");
  EXPECT_DOUBLE_EQ(d.change, 1.0 / 3);
  EXPECT_EQ(d.points, 3u);
  // Boris's revenue has two months with a value: 300 → 500.
  const SeriesDirection& b = s.manager_direction[boris][static_cast<size_t>(Metric::kRevenue)];
  EXPECT_EQ(b.trend, "up");
  EXPECT_EQ(b.points, 2u);
  EXPECT_EQ(b.verdict, "better");
  // Lost count went 1 → 2 → 0: down, which is better for it.
  EXPECT_EQ(s.team_direction[static_cast<size_t>(Metric::kLostCount)].trend, "down");
  EXPECT_EQ(s.team_direction[static_cast<size_t>(Metric::kLostCount)].verdict, "better");
  // Plan revenue has no good way (and no plan here: no value, no trend).
  EXPECT_EQ(s.team_direction[static_cast<size_t>(Metric::kPlanRevenue)].trend, "");
}

// 2–23 February, three whole weeks (auto: 21 days ≤ 92 → weeks):
//   week 1: D4 Anna won; week 2: D5 Boris lost; week 3: D6 Boris lost.
TEST(Series, WeeklyPointsByHand) {
  const Report r = analyze_fixture(R"({"from": "2026-02-02", "to": "2026-02-23", "as_of": "2026-02-22 23:59:59"})");
  const Series& s = r.series;
  EXPECT_EQ(s.bucket, "week");
  EXPECT_EQ(s.bucket_source, "auto");
  ASSERT_EQ(s.points.size(), 3u);
  EXPECT_EQ(s.points[1].from, at("2026-02-09 00:00"));
  const double won[] = {1, 0, 0}, lost[] = {0, 1, 1}, rate[] = {1, 0, 0};
  for (size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    test::expect_value(s.points[i].team, Metric::kWonCount, won[i]);
    test::expect_value(s.points[i].team, Metric::kLostCount, lost[i]);
    test::expect_value(s.points[i].team, Metric::kWinRate, rate[i]);
  }
  const size_t boris = manager_index(r, "Boris");
  test::expect_value(s.points[0].managers[boris], Metric::kWinRate, kNull);  // closed nothing in week 1
  EXPECT_EQ(s.points[0].managers[boris].judged.reason[static_cast<size_t>(Metric::kWinRate)], "NOT_COMPUTED");
  // Week 1 against 26 January–1 February (D3 won: 1) → ok; week 2 against week 1 (1) → bad; week 3 against 0 → ok.
  EXPECT_EQ(status_of(s.points[0].team, Metric::kWinRate), Status::kOk);
  EXPECT_EQ(status_of(s.points[1].team, Metric::kWinRate), Status::kBad);
  EXPECT_EQ(status_of(s.points[2].team, Metric::kWinRate), Status::kOk);
  EXPECT_DOUBLE_EQ(s.points[0].team.get(Metric::kWonCount) + s.points[1].team.get(Metric::kWonCount) +
                       s.points[2].team.get(Metric::kWonCount),
                   r.team.get(Metric::kWonCount));
}

TEST(Series, NoneAndWholeExport) {
  EXPECT_TRUE(analyze_fixture(R"({"series_bucket": "none"})").series.bucket.empty());
  // The whole export (20 December 10:00 to 10 March 10:00, 80 days): weeks, the first and last cut.
  const Report r = analyze_fixture(R"({"period_preset": "whole"})");
  ASSERT_EQ(r.series.bucket, "week");
  ASSERT_FALSE(r.series.points.empty());
  EXPECT_EQ(r.series.points.front().from, at("2025-12-20 10:00"));
  EXPECT_TRUE(r.series.points.front().partial);
  EXPECT_EQ(r.series.points.back().as_of, r.as_of);
  EXPECT_TRUE(r.series.points.back().partial);
  double won = 0;
  for (const SeriesPoint& p : r.series.points) won += p.team.has(Metric::kWonCount) ? p.team.get(Metric::kWonCount) : 0;
  EXPECT_DOUBLE_EQ(won, r.team.get(Metric::kWonCount));  // 6 won in all
}

// A fuzzing finding (issue 12; fuzz_ingest, a 10 s timeout): a completion
// mistyped 2826 for 2026 made the whole-export period 800 years, 9,601 monthly
// points (March 2026 to March 2826), each a whole analysis. The series keeps
// the latest 120; the period itself is still the whole export.
TEST(Series, AtMostMaxPointsTheLatestKept) {
  std::ifstream in(std::string(KPI_FIXTURES) + "/fuzz-crashes/ingest-series-centuries.csv", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  Analyzer a;
  test::load(a, "tasks.csv", text.str());
  test::configure(a, R"({"period_preset": "whole"})");  // the whole export, where the centuries are
  const Report r = a.analyze();
  ASSERT_EQ(r.series.bucket, "month");
  ASSERT_EQ(r.series.points.size(), kMaxSeriesPoints);
  EXPECT_EQ(kMaxSeriesPoints, 120u);
  EXPECT_EQ(r.from, at("2026-03-04 10:00"));
  EXPECT_EQ(r.series.points.front().from, at("2816-04-01 00:00"));  // 120 months before April 2826
  EXPECT_FALSE(r.series.points.front().partial);
  EXPECT_EQ(r.series.points.back().from, at("2826-03-01 00:00"));
  EXPECT_EQ(r.series.points.back().as_of, at("2826-03-06 09:00"));
}

TEST(Series, BadBucketIsNamedByItsPath) {
  Settings s;
  std::vector<SettingsError> errors;
  EXPECT_FALSE(read_settings(R"({"series_bucket": "day"})", s, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rule, "SETTINGS_CHOICE");
  EXPECT_EQ(errors[0].path, "/series_bucket");
  EXPECT_NE(settings_json(Settings{}).find(R"("series_bucket":"auto")"), std::string::npos);
}

// ---- every point equals a fresh analysis, on generated data -------------

uint64_t next(uint64_t& state) {  // a small LCG: the data are the same on every run
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  return state >> 33;
}

std::string when(Instant t) {
  const CivilTime c = civil_from_instant(t + 3 * 3600);  // Moscow wall clock
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", c.year, c.month, c.day, c.hour, c.minute, c.second);
}

// 240 deals of four managers and three sources, January–April 2026, with
// stage history, tasks and calls: every family has inputs.
void load_generated(Analyzer& a) {
  uint64_t seed = 11;
  const char* owners[] = {"Anna", "Boris", "Vera", "Gleb"};
  const char* sources[] = {"Звонок", "Форма", "Сайт"};
  std::string deals = "id,stage,state,owner,source,segment,created_at,closed_at,amount\n";
  std::string events = "deal_id,from_stage,to_stage,at\n";
  std::string tasks = "id,deal_id,owner,created_at,due_at,completed_at\n";
  std::string calls = "id,deal_id,owner,type,at,duration_s\n";
  const Instant start = at("2026-01-01 08:00");
  for (int i = 0; i < 240; ++i) {
    const std::string id = fmt::format("G{}", i);
    const char* owner = owners[next(seed) % 4];
    const Instant created = start + static_cast<Instant>(next(seed) % (119 * 86400));
    const uint64_t fate = next(seed) % 10;  // 0-3 won, 4-6 lost, 7-9 open
    const Instant moved = created + static_cast<Instant>(3600 + next(seed) % (6 * 86400));
    const Instant closed = moved + static_cast<Instant>(3600 + next(seed) % (20 * 86400));
    const std::string state = fate < 4 ? "won" : fate < 7 ? "lost" : "open";
    const std::string stage = fate < 4 ? "Won" : fate < 7 ? "Lost" : (fate == 9 ? "New" : "Proposal");
    const std::string amount = next(seed) % 8 == 0 ? "" : fmt::format("{}", 1000 + next(seed) % 9000);
    deals += fmt::format("{},{},{},{},{},{},{},{},{}\n", id, stage, state, owner, sources[next(seed) % 3],
                         next(seed) % 2 ? "SMB" : "Enterprise", when(created), fate < 7 ? when(closed) : "", amount);
    events += fmt::format("{},,New,{}\n", id, when(created));
    if (fate != 9) events += fmt::format("{},New,Proposal,{}\n", id, when(moved));
    if (fate < 7) events += fmt::format("{},Proposal,{},{}\n", id, stage, when(closed));
    if (next(seed) % 5 != 0) {
      const Instant answered = created + static_cast<Instant>(next(seed) % (8 * 3600));
      calls += fmt::format("C{},{},{},call_out,{},{}\n", i, id, owner, when(answered), next(seed) % 300);
      calls += fmt::format("M{},{},{},email_out,{},\n", i, id, owner, when(answered + 86400));
    }
    for (int k = 0; k < static_cast<int>(next(seed) % 3); ++k) {
      const Instant made = created + static_cast<Instant>(next(seed) % (10 * 86400));
      const Instant due = made + static_cast<Instant>(86400 + next(seed) % (5 * 86400));
      const bool done = next(seed) % 3 != 0;
      tasks += fmt::format("T{}-{},{},{},{},{},{}\n", i, k, id, owner, when(made), when(due),
                           done ? when(due - 3600 + static_cast<Instant>(next(seed) % (3 * 86400))) : "");
    }
  }
  test::load(a, "deals.csv", deals);
  test::load(a, "stage_events.csv", events);
  test::load(a, "tasks.csv", tasks);
  test::load(a, "activities.csv", calls);
}

constexpr std::string_view kGeneratedSettings =
    R"("plans": [{"owner": "team", "from": "2026-01-01", "to": "2026-05-01", "revenue": 400000},)"
    R"( {"owner": "Anna", "from": "2026-01-01", "to": "2026-05-01", "revenue": 100000}])";

void expect_same_row(const MetricValues& point, const MetricValues& fresh) {
  for (size_t k = 0; k < kMetricCount; ++k) {
    SCOPED_TRACE(metric_key(static_cast<Metric>(k)));
    const double a = point.values[k], b = fresh.values[k];
    EXPECT_TRUE((std::isnan(a) && std::isnan(b)) || a == b) << a << " vs " << b;
    EXPECT_EQ(point.judged.status[k], fresh.judged.status[k]);
    EXPECT_EQ(point.judged.reason[k], fresh.judged.reason[k]);
    EXPECT_TRUE(point.judged.norm[k] == fresh.judged.norm[k]);
  }
}

void expect_points_are_fresh_analyses(std::string_view bucket, size_t want_points) {
  Analyzer a;
  load_generated(a);
  test::configure(a, fmt::format(R"({{"from": "2026-01-01", "to": "2026-05-01", "as_of": "2026-04-30 23:00",)"
                                 R"( "series_bucket": "{}", {}}})",
                                 bucket, kGeneratedSettings));
  const Report r = a.analyze();
  ASSERT_EQ(r.series.points.size(), want_points);
  size_t with_values = 0;
  for (const SeriesPoint& p : r.series.points) {
    SCOPED_TRACE(format_instant(p.from));
    test::configure(a, fmt::format(R"({{"from": "{}", "to": "{}", "as_of": "{}", "series_bucket": "none", {}}})",
                                   format_instant(p.from), format_instant(p.to), format_instant(p.as_of),
                                   kGeneratedSettings));
    const Report fresh = a.analyze();
    expect_same_row(p.team, fresh.team);
    ASSERT_EQ(p.managers.size(), fresh.managers.size());
    for (size_t m = 0; m < fresh.managers.size(); ++m) {
      SCOPED_TRACE(fresh.managers[m].name);
      expect_same_row(p.managers[m], fresh.managers[m].metrics);
      for (size_t k = 0; k < kSampledShares.size(); ++k) EXPECT_EQ(p.manager_samples[m][k].n, fresh.managers[m].samples[k].n);
    }
    for (size_t k = 0; k < kMetricCount; ++k) with_values += p.team.has(static_cast<Metric>(k)) ? 1 : 0;
  }
  // The data feed every family: most team cells of most points have a value.
  EXPECT_GT(with_values, want_points * kMetricCount * 3 / 4);
}

TEST(Series, EveryWeeklyPointIsAFreshAnalysis) { expect_points_are_fresh_analyses("week", 18); }
TEST(Series, EveryMonthlyPointIsAFreshAnalysis) { expect_points_are_fresh_analyses("month", 4); }

}  // namespace
}  // namespace kpi

// ---- period presets (docs/kpi.md "Period presets") ------------------------
namespace kpi {
namespace {

struct Window {
  const char* preset;
  const char *from, *to, *previous_from, *previous_to;  // Moscow wall clock; "+1" = as_of + 1 s
};

// Now is Tuesday 10 March 2026 10:00 (D9's creation, the latest event).
TEST(PeriodPresets, ResolvedRelativeToNowWithTheirOwnPreviousWindow) {
  const Window windows[] = {
      {"this_week", "2026-03-09 00:00", "+1", "2026-03-02 00:00", "2026-03-03 10:00:01"},
      {"last_week", "2026-03-02 00:00", "2026-03-09 00:00", "2026-02-23 00:00", "2026-03-02 00:00"},
      {"this_month", "2026-03-01 00:00", "+1", "2026-02-01 00:00", "2026-02-10 10:00:01"},
      {"last_month", "2026-02-01 00:00", "2026-03-01 00:00", "2026-01-01 00:00", "2026-02-01 00:00"},
      {"this_quarter", "2026-01-01 00:00", "+1", "2025-10-01 00:00", "2025-12-10 10:00:01"},
      {"last_quarter", "2025-10-01 00:00", "2026-01-01 00:00", "2025-07-01 00:00", "2025-10-01 00:00"},
      {"last_3_months", "2025-12-01 00:00", "2026-03-01 00:00", "2025-09-01 00:00", "2025-12-01 00:00"},
      {"auto", "2026-02-01 00:00", "2026-03-01 00:00", "2026-01-01 00:00", "2026-02-01 00:00"},  // 80 days of data: last month
  };
  const Instant now = at("2026-03-10 10:00");
  for (const Window& w : windows) {
    SCOPED_TRACE(w.preset);
    // from / to are ignored by any preset but "custom" and "auto" (which defers to them: below).
    const bool automatic = std::string_view(w.preset) == "auto";
    const Report r = analyze_fixture(automatic ? std::string(R"({"period_preset": "auto"})")
                                               : fmt::format(R"({{"period_preset": "{}", "from": "2020-01-01", "to": "2020-02-01"}})", w.preset));
    EXPECT_EQ(r.as_of, now);
    EXPECT_EQ(r.from, at(w.from));
    EXPECT_EQ(r.to, std::string_view(w.to) == "+1" ? now + 1 : at(w.to));
    EXPECT_EQ(r.previous_from, at(w.previous_from));
    EXPECT_EQ(r.previous_to, at(w.previous_to));
    EXPECT_EQ(r.previous_as_of, at(w.previous_to) - 1);
    EXPECT_EQ(r.period_preset, std::string_view(w.preset) == "auto" ? "last_month" : w.preset);
  }
  // Last month against the one before: February's 1 won of 3 against January's 2 of 3.
  const Report r = analyze_fixture(R"({"period_preset": "last_month"})");
  test::expect_value(r.team, Metric::kWinRate, 1.0 / 3);
  test::expect_value(r.team_previous, Metric::kWinRate, 2.0 / 3);
  EXPECT_DOUBLE_EQ(r.board[5].delta_prev, -1.0 / 3);
  EXPECT_EQ(status_of(r.team, Metric::kWinRate), Status::kBad);
  EXPECT_EQ(r.series.bucket, "week");  // a month: weekly points, cut at 1 and 28 February
  ASSERT_EQ(r.series.points.size(), 5u);
  EXPECT_TRUE(r.series.points.front().partial);
  EXPECT_EQ(r.series.points.back().to, at("2026-03-01 00:00"));
}

// The default (issue 11, branch audit): "auto", so a first look already
// compares the last complete month (or week) with the one before it; dates
// given in the document or on the command line are read as before.
TEST(PeriodPresets, AutoIsTheDefault) {
  EXPECT_EQ(Settings{}.period_preset, "auto");
  // 80 days of data up to Tuesday 10 March: February against January.
  Report r = analyze_fixture("{}");
  EXPECT_EQ(r.period_preset, "last_month");
  EXPECT_EQ(r.from, at("2026-02-01 00:00"));
  EXPECT_EQ(r.to, at("2026-03-01 00:00"));
  EXPECT_EQ(r.previous_from, at("2026-01-01 00:00"));
  EXPECT_EQ(r.previous_to, at("2026-02-01 00:00"));
  EXPECT_TRUE(r.has_previous);
  EXPECT_DOUBLE_EQ(r.board[5].delta_prev, -1.0 / 3);  // win rate 1/3 against 2/3: a delta on the first look
  // A short export (21 days up to Saturday 10 January): the last complete week against the one before.
  r = analyze_fixture(R"({"as_of": "2026-01-10 12:00"})");
  EXPECT_EQ(r.period_preset, "last_week");
  EXPECT_EQ(r.from, at("2025-12-29 00:00"));
  EXPECT_EQ(r.to, at("2026-01-05 00:00"));
  EXPECT_EQ(r.previous_from, at("2025-12-22 00:00"));
  EXPECT_EQ(r.previous_to, at("2025-12-29 00:00"));
  // Dates given: read as "custom" read them (an old settings file, --from / --to).
  r = analyze_fixture(R"({"from": "2026-01-01", "to": "2026-02-01"})");
  EXPECT_EQ(r.period_preset, "custom");
  EXPECT_EQ(r.from, at("2026-01-01 00:00"));
  EXPECT_EQ(r.to, at("2026-02-01 00:00"));
  r = analyze_fixture(R"({"from": "2026-01-15"})");
  EXPECT_EQ(r.from, at("2026-01-15 00:00"));
  EXPECT_EQ(r.to, at("2026-03-10 10:00") + 1);
  // The whole export is asked for by name.
  r = analyze_fixture(R"({"period_preset": "whole"})");
  EXPECT_EQ(r.period_preset, "whole");
  EXPECT_EQ(r.from, at("2025-12-20 10:00"));
}

TEST(PeriodPresets, AutoShortExportTakesLastWeekAndWholeIgnoresDates) {
  // Seen as of Saturday 10 January: 21 days of data, under 60 → the last complete week.
  Report r = analyze_fixture(R"({"period_preset": "auto", "as_of": "2026-01-10 12:00"})");
  EXPECT_EQ(r.period_preset, "last_week");
  EXPECT_EQ(r.from, at("2025-12-29 00:00"));
  EXPECT_EQ(r.to, at("2026-01-05 00:00"));
  r = analyze_fixture(R"({"period_preset": "whole", "from": "2026-03-01"})");
  EXPECT_EQ(r.from, at("2025-12-20 10:00"));
  EXPECT_EQ(r.to, at("2026-03-10 10:00") + 1);
  // This month on the 31st: the previous window stops on 28 February at the same time.
  r = analyze_fixture(R"({"period_preset": "this_month", "as_of": "2026-03-31 12:00"})");
  EXPECT_EQ(r.previous_to, at("2026-02-28 12:00") + 1);
  Settings s;
  std::vector<SettingsError> errors;
  EXPECT_FALSE(read_settings(R"({"period_preset": "yesterday"})", s, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "/period_preset");
  EXPECT_EQ(errors[0].rule, "SETTINGS_CHOICE");
}

}  // namespace
}  // namespace kpi

namespace kpi {
namespace {

// The quarter: Anna won D1 D4 D7 and lost D2 → 3/4; Boris won D3 D8 and
// lost D5 D6 → 2/4; the team 5/8 = 0.625. Boris's 0.5 misses 0.625 by 20 %
// (bad). Anna's one open deal (D9, in New since 10 March, past its 3-day
// control period at 31 March) is stalled: 100 % against at most 10 %, a miss
// of 9 times the norm. Nothing else has both a value and a norm (no
// activities, tasks or plan).
TEST(OffNorm, EachManagersMetricsFurthestFirst) {
  const Report r = analyze_fixture(R"({"from": "2026-01-01", "to": "2026-04-01", "as_of": "2026-03-31 23:59:59"})");
  ASSERT_EQ(r.off_norm.size(), r.managers.size());
  const size_t anna = manager_index(r, "Anna"), boris = manager_index(r, "Boris");
  ASSERT_EQ(r.off_norm[anna].size(), 1u);
  EXPECT_EQ(r.off_norm[anna][0].metric, Metric::kStalledShare);
  EXPECT_DOUBLE_EQ(r.off_norm[anna][0].miss, 9);
  ASSERT_EQ(r.off_norm[boris].size(), 1u);
  EXPECT_EQ(r.off_norm[boris][0].metric, Metric::kWinRate);
  EXPECT_EQ(r.off_norm[boris][0].status, Status::kBad);
  EXPECT_DOUBLE_EQ(r.off_norm[boris][0].miss, (0.625 - 0.5) / 0.625);
}

}  // namespace
}  // namespace kpi
