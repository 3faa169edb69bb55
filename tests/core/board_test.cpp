// The deviation board: the previous period and the win-rate-by-source tile
// (the status rule is judge_test.cpp) on a hand-computed pair of periods.
#include "core/kpi/board.h"

#include <gtest/gtest.h>

#include "core/analyzer.h"

namespace kpi {
namespace {

constexpr const char* kDeals =
    "id,stage,state,owner,source,created_at,closed_at\n"
    "P1,Won,won,Anna,X,2026-02-10 10:00,2026-02-20 10:00\n"   // previous period
    "P2,Lost,lost,Boris,X,2026-02-10 10:00,2026-02-21 10:00\n"
    "C1,Won,won,Anna,X,2026-02-25 10:00,2026-03-02 10:00\n"   // current period
    "C2,Won,won,Anna,Y,2026-02-25 10:00,2026-03-03 10:00\n"
    "C3,Lost,lost,Boris,X,2026-02-25 10:00,2026-03-04 10:00\n"
    "C4,Won,won,Boris,Y,2026-02-25 10:00,2026-03-05 10:00\n";

TEST(Board, WinRateBySourceComparesWithThePreviousPeriod) {
  Analyzer a;
  Issue error;
  a.begin_file("deals.csv", error);
  a.feed(kDeals);
  ASSERT_TRUE(a.end_file().ok);
  // A 10-day period; the previous one is Feb 19 .. Mar 1.
  ASSERT_TRUE(a.set_settings(R"({"from": "2026-03-01", "to": "2026-03-11"})", error));
  const Report r = a.analyze();
  ASSERT_EQ(r.board.size(), 6u);
  const std::vector<std::string> ids = {"frt", "sla", "next_step", "overdue", "stalled", "win_rate_by_source"};
  for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(r.board[i].id, ids[i]);
  const BoardTile& w = r.board[5];
  EXPECT_DOUBLE_EQ(w.value, 0.75);       // C1, C2, C4 won; C3 lost
  EXPECT_DOUBLE_EQ(w.delta_prev, 0.25);  // previous: P1 won, P2 lost = 0.5
  EXPECT_EQ(w.status, "ok");
  EXPECT_EQ(w.worst, (std::vector<std::string>{"X"}));  // X: 1 of 2 = 0.5 < 0.75; Y: 2 of 2
  // The previous period's metrics ride along for the matrix's change column:
  // P1 won by Anna, P2 lost by Boris.
  ASSERT_TRUE(r.has_previous);
  EXPECT_DOUBLE_EQ(r.team_previous.get(Metric::kWinRate), 0.5);
  ASSERT_EQ(r.managers.size(), 2u);
  EXPECT_TRUE(r.managers[0].has_previous);
  EXPECT_DOUBLE_EQ(r.managers[0].previous.get(Metric::kWinRate), 1.0);   // Anna
  EXPECT_DOUBLE_EQ(r.managers[1].previous.get(Metric::kWinRate), 0.0);   // Boris
  EXPECT_DOUBLE_EQ(r.managers[1].metrics.get(Metric::kWinRate), 0.5);    // C3 lost, C4 won
}

TEST(Board, NoPreviousDataMeansNoDelta) {
  Analyzer a;
  Issue error;
  a.begin_file("deals.csv", error);
  a.feed(kDeals);
  ASSERT_TRUE(a.end_file().ok);
  // The whole export (not the default, its last complete week): it starts at the first event, so nothing is before it.
  ASSERT_TRUE(a.set_settings(R"({"period_preset": "whole"})", error));
  const Report r = a.analyze();
  EXPECT_TRUE(std::isnan(r.board[5].delta_prev));
  EXPECT_DOUBLE_EQ(r.board[5].value, 4.0 / 6.0);
  // The window before the first event was analysed, and held nothing: null, not 0.
  EXPECT_TRUE(r.has_previous);
  EXPECT_TRUE(std::isnan(r.team_previous.get(Metric::kWinRate)));
  EXPECT_TRUE(std::isnan(r.managers[0].previous.get(Metric::kWonCount)));
}

}  // namespace
}  // namespace kpi

namespace kpi {
namespace {

// Four leads on Monday 2026-03-02 (Moscow), seen as of 18:00 the same day.
//   L1 Звонок (hot, 10 min)  answered 10:05  ok          task T1 due 12:00, open   -> overdue step; task 6 h late
//   L2 Звонок (hot, 10 min)  answered 11:00  60/10 = 6x  task T2 due 09:00, done 17:00 -> no open task; 8 h late
//   L3 Форма  (warm, 30 min) answered 12:00  120/30 = 4x no task
//   L4 Звонок (hot, 10 min)  unanswered: 480 working min by 18:00 = 48x
TEST(Board, CardsListTheDealsBehindEachTileMostDeviantFirst) {
  Analyzer a;
  Issue error;
  a.begin_file("deals.csv", error);
  a.feed("id,stage,state,owner,source,created_at\n"
         "L1,New,open,Anna,Звонок,2026-03-02 10:00\nL2,New,open,Anna,Звонок,2026-03-02 10:00\n"
         "L3,New,open,Anna,Форма,2026-03-02 10:00\nL4,New,open,Anna,Звонок,2026-03-02 10:00\n");
  ASSERT_TRUE(a.end_file().ok);
  a.begin_file("activities.csv", error);
  a.feed("deal_id,type,at\nL1,call_out,2026-03-02 10:05\nL2,call_out,2026-03-02 11:00\nL3,email_out,2026-03-02 12:00\n");
  ASSERT_TRUE(a.end_file().ok);
  a.begin_file("tasks.csv", error);
  a.feed("id,deal_id,owner,created_at,due_at,completed_at\n"
         "T1,L1,Anna,2026-03-02 08:00,2026-03-02 12:00,\nT2,L2,Anna,2026-03-02 08:00,2026-03-02 09:00,2026-03-02 17:00\n");
  ASSERT_TRUE(a.end_file().ok);
  ASSERT_TRUE(a.set_settings(R"({"as_of": "2026-03-02 18:00", "period_preset": "whole"})", error));
  const Report r = a.analyze();
  auto cards = [&](std::string_view id) {
    for (const BoardTile& t : r.board) {
      if (t.id == id) return t.deal_ids;
    }
    return std::vector<std::string>{"no tile"};
  };
  EXPECT_EQ(cards("frt"), (std::vector<std::string>{"L4", "L2", "L3"}));
  EXPECT_EQ(cards("sla"), (std::vector<std::string>{"L4", "L2", "L3"}));
  EXPECT_EQ(cards("overdue"), (std::vector<std::string>{"L2", "L1"}));
  EXPECT_EQ(cards("next_step"), (std::vector<std::string>{"L1", "L2", "L3", "L4"}));
  EXPECT_EQ(r.board[1].status, "bad");  // SLA 1 of 4 = 25 %
  EXPECT_DOUBLE_EQ(r.board[1].value, 0.25);
}

}  // namespace
}  // namespace kpi
