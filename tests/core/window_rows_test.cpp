// The window-restricted passes (docs/performance.md "The series in one
// pass"): a context's closed, created, open and due rows are ranges of the
// index's time orders, and must be exactly the rows a pass over every row
// keeps with the families' own predicates, in row order — with equal
// timestamps, missing times, duplicate deal ids, tasks naming no deal, and
// windows that hold no row or whose bounds fall on a row's instant.
#include <algorithm>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "core/kpi/context.h"
#include "core/kpi/outcomes.h"
#include "core/model/rows.h"

namespace kpi {
namespace {

uint64_t next(uint64_t& state) {  // a small LCG: the same data on every run
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  return state >> 33;
}

// Instants on a coarse grid (many equal), some missing.
Instant some_time(uint64_t& seed) {
  if (next(seed) % 9 == 0) return kNoTime;
  return 1'700'000'000 + static_cast<Instant>(next(seed) % 40) * 3600;
}

Dataset generated() {
  Dataset d;
  uint64_t seed = 7;
  for (int i = 0; i < 300; ++i) {
    DealRow r;
    r.id = d.ids.intern("D" + std::to_string(next(seed) % 260));  // some ids twice: later rows not counted
    r.owner = d.strings.intern(next(seed) % 2 ? "Anna" : "Boris");
    const uint64_t fate = next(seed) % 3;
    r.state = fate == 0 ? DealState::kOpen : fate == 1 ? DealState::kWon : DealState::kLost;
    r.created_at = some_time(seed);
    r.closed_at = some_time(seed);  // also for open deals, and before created_at: the predicates decide
    append(d, 0, r);
  }
  for (int i = 0; i < 500; ++i) {
    TaskRow t;
    t.id = "T";
    t.deal_id = d.ids.intern("D" + std::to_string(next(seed) % 280));  // some name no deal
    t.owner = d.strings.intern("Anna");
    t.created_at = some_time(seed);
    t.due_at = some_time(seed);
    t.completed_at = some_time(seed);
    append(d, 0, t);
  }
  return d;
}

// The rows a pass over every row keeps (the predicates the families used before the orders).
std::vector<uint32_t> closed_by_pass(const Context& c) {
  const std::vector<uint8_t> closed = closed_in_period(c.data.deals, c.counted, c.period);
  std::vector<uint32_t> out;
  for (size_t i = 0; i < closed.size(); ++i) {
    if (closed[i] != 0) out.push_back(static_cast<uint32_t>(i));
  }
  return out;
}

std::vector<uint32_t> created_by_pass(const Context& c) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < c.data.deals.size(); ++i) {
    if (c.counted[i] && c.period.contains(c.data.deals.created_at[i])) out.push_back(static_cast<uint32_t>(i));
  }
  return out;
}

std::vector<uint32_t> open_by_pass(const Context& c) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < c.data.deals.size(); ++i) {
    if (c.open_at_now(i)) out.push_back(static_cast<uint32_t>(i));
  }
  return out;
}

std::vector<uint32_t> due_by_pass(const Context& c) {
  const TaskTable& t = c.data.tasks;
  const Instant now = c.period.as_of;
  std::vector<uint32_t> out;
  for (size_t i = 0; i < t.size(); ++i) {
    const Instant due = t.due_at[i];
    const bool seen = t.created_at[i] == kNoTime || t.created_at[i] <= now;
    if (c.period.contains(due) && due < now && seen) out.push_back(static_cast<uint32_t>(i));
  }
  return out;
}

TEST(WindowRows, EveryWindowsRowsAreThePassesRowsInRowOrder) {
  const Dataset d = generated();
  Settings base;
  base.period_preset = "custom";
  const auto index = std::make_shared<const ContextIndex>(d, base);
  const Instant t0 = 1'700'000'000;
  struct Window {
    std::optional<Instant> from, to, as_of;
  };
  std::vector<Window> windows = {
      {t0 - 10 * 3600, t0 - 3600, t0 - 3601},       // before every row
      {t0 + 50 * 3600, t0 + 60 * 3600, t0 + 60 * 3600 - 1},  // after every row
      {t0, t0 + 40 * 3600, t0 + 20 * 3600},         // as_of inside, on the grid (equal instants at it)
      {t0 + 3600, t0 + 3600, t0 + 3600},            // empty: from = to
      {std::nullopt, std::nullopt, std::nullopt},   // the default: the whole data
  };
  for (int h = 0; h < 40; h += 3) windows.push_back({t0 + h * 3600, t0 + (h + 7) * 3600, t0 + (h + 7) * 3600 - 1});
  for (int h = 0; h < 40; h += 5) windows.push_back({t0 + h * 3600, t0 + (h + 9) * 3600, t0 + (h + 4) * 3600});
  size_t seen = 0;
  for (const Window& w : windows) {
    Settings s = base;
    s.from = w.from;
    s.to = w.to;
    s.as_of = w.as_of;
    const Context c(d, s, index, Scope::kSeriesPoint);
    SCOPED_TRACE(testing::Message() << c.period.from << " " << c.period.to << " " << c.period.as_of);
    EXPECT_EQ(c.closed_rows(), closed_by_pass(c));
    EXPECT_EQ(c.created_rows(), created_by_pass(c));
    EXPECT_EQ(c.open_rows(), open_by_pass(c));
    EXPECT_EQ(c.due_tasks(), due_by_pass(c));
    EXPECT_EQ(c.closed(), closed_in_period(d.deals, c.counted, c.period));
    seen += c.closed_rows().size() + c.open_rows().size() + c.due_tasks().size();
  }
  EXPECT_GT(seen, 500u);  // the windows hold rows, not only nothing
}

TEST(WindowRows, EqualInstantsKeepRowOrder) {
  const Dataset d = generated();
  const ContextIndex index(d, Settings{});
  const TimeOrder& by_created = index.deals_by_created();
  ASSERT_GT(by_created.at.size(), 100u);
  for (size_t k = 1; k < by_created.at.size(); ++k) {
    ASSERT_LE(by_created.at[k - 1], by_created.at[k]);
    if (by_created.at[k - 1] == by_created.at[k]) ASSERT_LT(by_created.rows[k - 1], by_created.rows[k]);
  }
  const TimeOrder& by_due = index.tasks_by_due();
  for (size_t k = 0; k < by_due.at.size(); ++k) ASSERT_EQ(by_due.at[k], d.tasks.due_at[by_due.rows[k]]);
}

TEST(WindowRows, InRowOrderSortsFewAndMany) {
  uint64_t seed = 3;
  for (const size_t table : {size_t{100'000}, size_t{1000}, size_t{64}, size_t{65}}) {
    for (const size_t count : {size_t{0}, size_t{1}, size_t{5}, table / 3, table}) {
      std::vector<uint32_t> all(table);
      for (size_t i = 0; i < table; ++i) all[i] = static_cast<uint32_t>(i);
      for (size_t i = table; i-- > 1;) std::swap(all[i], all[static_cast<size_t>(next(seed) % (i + 1))]);
      std::vector<uint32_t> rows(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(count));
      std::vector<uint32_t> want = rows;
      std::sort(want.begin(), want.end());
      in_row_order(rows, table);
      EXPECT_EQ(rows, want) << table << " " << count;
    }
  }
}

}  // namespace
}  // namespace kpi
