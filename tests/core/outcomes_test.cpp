// Metric 7 (win rate) and 9 (revenue) on a hand-built deal table.
#include "core/kpi/outcomes.h"

#include <gtest/gtest.h>

namespace kpi {
namespace {

struct Row {
  StrId owner;
  DealState state;
  double amount;
  Instant closed_at;
};

DealTable table(const std::vector<Row>& rows) {
  DealTable t;
  for (const Row& r : rows) {
    t.id.push_back(static_cast<StrId>(t.id.size() + 1));
    t.owner.push_back(r.owner);
    t.state.push_back(r.state);
    t.amount.push_back(r.amount);
    t.closed_at.push_back(r.closed_at);
  }
  return t;
}

const Period kPeriod{/*as_of=*/1000, /*from=*/100, /*to=*/1001};

TEST(Outcomes, ClosedInPeriodHonoursBoundsAndAsOf) {
  const DealTable t = table({
      {1, DealState::kWon, 10, 100},     // at from: in
      {1, DealState::kLost, kNull, 99},  // before from: out
      {1, DealState::kWon, 10, 1000},    // at as_of: in
      {1, DealState::kWon, 10, 1001},    // after as_of: open at now, out
      {1, DealState::kOpen, 10, 500},    // open: out whatever its date
      {1, DealState::kLost, kNull, kNoTime},  // no close date: out
      {1, DealState::kLost, kNull, 500},      // duplicate row (not counted): out
  });
  const std::vector<uint8_t> counted = {1, 1, 1, 1, 1, 1, 0};
  EXPECT_EQ(closed_in_period(t, counted, kPeriod), (std::vector<uint8_t>{1, 0, 1, 0, 0, 0, 0}));
}

TEST(Outcomes, SumsByKey) {
  const DealTable t = table({
      {1, DealState::kWon, 100, 200},
      {1, DealState::kWon, kNull, 200},
      {1, DealState::kLost, 50, 200},
      {2, DealState::kLost, kNull, 200},
  });
  const auto closed = closed_in_period(t, std::vector<uint8_t>(t.size(), 1), kPeriod);
  const auto by = outcomes_by(t, closed, t.owner, 3);
  EXPECT_EQ(by[1].won, 2u);
  EXPECT_EQ(by[1].lost, 1u);
  EXPECT_EQ(by[1].won_with_amount, 1u);
  EXPECT_DOUBLE_EQ(by[1].revenue, 100);  // a lost deal's amount is not revenue
  EXPECT_EQ(by[2].lost, 1u);
  EXPECT_EQ(by[0].won + by[0].lost, 0u);
}

TEST(Outcomes, WritesNullsForEmptyCohorts) {
  MetricValues none;
  write_outcomes(OutcomeTotals{}, none);
  EXPECT_FALSE(none.has(Metric::kWonCount));
  EXPECT_FALSE(none.has(Metric::kWinRate));

  MetricValues lost_only;
  write_outcomes(OutcomeTotals{0, 4, 0, 0}, lost_only);
  EXPECT_DOUBLE_EQ(lost_only.get(Metric::kWonCount), 0);
  EXPECT_DOUBLE_EQ(lost_only.get(Metric::kWinRate), 0);
  EXPECT_FALSE(lost_only.has(Metric::kRevenue));  // no won deal: revenue's cohort is empty
  EXPECT_FALSE(lost_only.has(Metric::kAvgWonAmount));

  MetricValues mixed;
  write_outcomes(OutcomeTotals{3, 1, 2, 900}, mixed);
  EXPECT_DOUBLE_EQ(mixed.get(Metric::kWinRate), 0.75);
  EXPECT_DOUBLE_EQ(mixed.get(Metric::kRevenue), 900);
  EXPECT_DOUBLE_EQ(mixed.get(Metric::kAvgWonAmount), 450);  // over the won deals that have an amount
}

}  // namespace
}  // namespace kpi
