// The hand-computed month of motivation_test and design_test: March 2026
// plans, as of Sunday Mar 15 (10 of 22 working days begun). Closed in the
// period: Anna 3 won (1.2M) of 4, Boris 1 won (400k) of 4, Vera 2 won (200k)
// of 4, so the team wins 6 of 12 = 0.5; Gleb has only an open deal.
#pragma once

#include <string_view>

#include <gtest/gtest.h>

#include "core/report/report.h"

namespace kpi::motivation_fixture {

inline constexpr const char* kDeals =
    "id,stage,state,owner,amount,created_at,closed_at\n"
    "A1,Won,won,Anna,500000,2026-03-02 10:00,2026-03-05 12:00\n"
    "A2,Won,won,Anna,400000,2026-03-02 10:00,2026-03-06 12:00\n"
    "A3,Won,won,Anna,300000,2026-03-02 10:00,2026-03-10 12:00\n"
    "A4,Lost,lost,Anna,50000,2026-03-02 10:00,2026-03-11 12:00\n"
    "B1,Won,won,Boris,400000,2026-03-02 10:00,2026-03-05 12:00\n"
    "B2,Lost,lost,Boris,10000,2026-03-02 10:00,2026-03-06 12:00\n"
    "B3,Lost,lost,Boris,10000,2026-03-02 10:00,2026-03-09 12:00\n"
    "B4,Lost,lost,Boris,10000,2026-03-02 10:00,2026-03-12 12:00\n"
    "V1,Won,won,Vera,100000,2026-03-02 10:00,2026-03-05 12:00\n"
    "V2,Won,won,Vera,100000,2026-03-02 10:00,2026-03-06 12:00\n"
    "V3,Lost,lost,Vera,10000,2026-03-02 10:00,2026-03-09 12:00\n"
    "V4,Lost,lost,Vera,10000,2026-03-02 10:00,2026-03-12 12:00\n"
    "G1,New,open,Gleb,70000,2026-03-02 10:00,\n";

// Anna 1.2M of 1M = 1.2; Boris 400k of 500k = 0.8; Vera and Gleb have no plan.
inline constexpr std::string_view kPlans = R"("plans": [
    {"owner": "Anna", "from": "2026-03-01", "to": "2026-04-01", "revenue": 1000000},
    {"owner": "Boris", "from": "2026-03-01", "to": "2026-04-01", "revenue": 500000}])";

/// The bonus row of `name` (a test failure when there is none).
inline const MotivationRow& row(const Report& r, std::string_view name) {
  for (const MotivationRow& m : r.motivation) {
    if (m.manager == name) return m;
  }
  static const MotivationRow kNone;
  ADD_FAILURE() << name;
  return kNone;
}

}  // namespace kpi::motivation_fixture
