// Working time: hand-computed cases in Moscow time (UTC+3). 2026-03-02 is a Monday.
#include "core/model/calendar.h"

#include <gtest/gtest.h>

namespace kpi {
namespace {

const TimeZone kMoscow = *TimeZone::from_name("Europe/Moscow");

Instant msk(const char* text) {
  Instant t = kNoTime;
  EXPECT_TRUE(parse_instant(text, kMoscow, t)) << text;
  return t;
}

TEST(WorkingCalendar, NightLeadAnsweredAtFivePastNineTookFiveMinutes) {
  const auto cal = WorkingCalendar::standard(kMoscow);
  EXPECT_EQ(cal.working_seconds(msk("2026-03-03 02:00"), msk("2026-03-03 09:05")), 5 * 60);
  const auto clock = WorkingCalendar::clock(kMoscow);
  EXPECT_EQ(clock.working_seconds(msk("2026-03-03 02:00"), msk("2026-03-03 09:05")), 7 * 3600 + 5 * 60);
}

TEST(WorkingCalendar, FridayEveningToMondayMorningSkipsTheWeekend) {
  const auto cal = WorkingCalendar::standard(kMoscow);
  // Fri 17:00-18:00 (1 h) + Mon 09:00-10:00 (1 h).
  EXPECT_EQ(cal.working_seconds(msk("2026-03-06 17:00"), msk("2026-03-09 10:00")), 2 * 3600);
  // A whole week Monday 00:00 to Monday 00:00: 5 x 9 h.
  EXPECT_EQ(cal.working_seconds(msk("2026-03-02"), msk("2026-03-09")), 45 * 3600);
  // Inside one weekend: nothing.
  EXPECT_EQ(cal.working_seconds(msk("2026-03-07 10:00"), msk("2026-03-08 20:00")), 0);
  EXPECT_EQ(cal.working_seconds(msk("2026-03-09 10:00"), msk("2026-03-06 17:00")), 0);  // reversed
}

TEST(WorkingCalendar, DeadlinesInWorkingTime) {
  const auto cal = WorkingCalendar::standard(kMoscow);
  // 30 working minutes from Fri 17:30 end at Fri 18:00; 45 minutes spill into Mon 09:15.
  EXPECT_EQ(cal.add_working(msk("2026-03-06 17:30"), 30 * 60), msk("2026-03-06 18:00"));
  EXPECT_EQ(cal.add_working(msk("2026-03-06 17:30"), 45 * 60), msk("2026-03-09 09:15"));
  // A lead on Saturday night with a 10-minute norm is due Monday 09:10.
  EXPECT_EQ(cal.add_working(msk("2026-03-07 23:00"), 10 * 60), msk("2026-03-09 09:10"));
  // One working day (540 min) from Tue 12:00 is Wed 12:00.
  EXPECT_EQ(cal.add_working(msk("2026-03-03 12:00"), 540 * 60), msk("2026-03-04 12:00"));
}

TEST(WorkingCalendar, HolidaysAndExtraWorkdaysFromJson) {
  Issue error;
  // Mar 9 2026 is a day off (Mar 8 fell on Sunday); pretend Sat Mar 14 is worked; Fridays end at 16:45.
  const auto cal = WorkingCalendar::from_json(
      R"({"hours": {"fri": ["09:00", "16:45"]}, "holidays": ["2026-03-09"], "workdays": ["14.03.2026"]})", kMoscow,
      error);
  ASSERT_TRUE(cal) << error.message;
  // Fri 16:00 -> Tue 10:00: Fri 45 min + (Mon off) + Tue 1 h.
  EXPECT_EQ(cal->working_seconds(msk("2026-03-06 16:00"), msk("2026-03-10 10:00")), 45 * 60 + 3600);
  // The worked Saturday has Monday's hours.
  EXPECT_EQ(cal->working_seconds(msk("2026-03-14"), msk("2026-03-15")), 9 * 3600);
  // Working days Mon 2 .. Sun 15 March: 10 weekdays - Mar 9 + Mar 14 = 10.
  EXPECT_EQ(cal->working_days(msk("2026-03-02"), msk("2026-03-16")), 10);
  EXPECT_EQ(cal->day_seconds(), 9 * 3600);
}

TEST(WorkingCalendar, RejectsMalformedCalendars) {
  Issue error;
  EXPECT_FALSE(WorkingCalendar::from_json(R"({"hours": {"mon": ["9am", "6pm"]}})", kMoscow, error));
  EXPECT_EQ(error.code, ErrorCode::kBadSettings);
  EXPECT_NE(error.message.find("mon"), std::string::npos);
  EXPECT_FALSE(WorkingCalendar::from_json(R"({"hours": {"funday": null}})", kMoscow, error));
  EXPECT_FALSE(WorkingCalendar::from_json(R"({"holidays": ["someday"]})", kMoscow, error));
  EXPECT_FALSE(WorkingCalendar::from_json("[1,2]", kMoscow, error));
}

TEST(WorkingCalendar, NoWorkingHoursMeansNoDeadline) {
  Issue error;
  const auto cal = WorkingCalendar::from_json(
      R"({"hours": {"mon": null, "tue": null, "wed": null, "thu": null, "fri": null}})", kMoscow, error);
  ASSERT_TRUE(cal);
  EXPECT_EQ(cal->add_working(msk("2026-03-03 12:00"), 60), kNoTime);
  EXPECT_EQ(cal->working_seconds(msk("2026-03-02"), msk("2026-04-02")), 0);
}

TEST(WorkingCalendar, ClockModeCountsEverySecondAndCalendarDays) {
  const auto clock = WorkingCalendar::clock(kMoscow);
  EXPECT_EQ(clock.add_working(msk("2026-03-07 23:00"), 600), msk("2026-03-07 23:10"));
  EXPECT_EQ(clock.working_days(msk("2026-03-02"), msk("2026-03-16")), 14);
  EXPECT_EQ(clock.day_seconds(), 86400);
}

// The Russian production calendar: counts by hand from the decrees quoted in
// calendar.cpp, checked against the published totals (247 days in 2025 and 2026).
TEST(WorkingCalendar, RussiaJanuary2026HasFifteenWorkingDays) {
  const auto ru = WorkingCalendar::russia(kMoscow);
  // January 2026: 22 weekdays (Thu 1 .. Fri 30) minus Jan 1, 2, 5, 6, 7, 8, 9.
  EXPECT_EQ(ru.working_days(msk("2026-01-01"), msk("2026-02-01")), 15);
  EXPECT_EQ(ru.working_seconds(msk("2026-01-01"), msk("2026-01-12")), 0);  // the whole break
  EXPECT_EQ(ru.working_seconds(msk("2026-01-12"), msk("2026-01-13")), 9 * 3600);
  // A lead on New Year's Eve with a 10-minute norm is due Mon Jan 12 09:10.
  EXPECT_EQ(ru.add_working(msk("2025-12-30 20:00"), 10 * 60), msk("2026-01-12 09:10"));
  // The plain Mon-Fri calendar has 22 days that month.
  EXPECT_EQ(WorkingCalendar::standard(kMoscow).working_days(msk("2026-01-01"), msk("2026-02-01")), 22);
}

TEST(WorkingCalendar, RussiaMovedWorkingSaturdayHasHours) {
  const auto ru = WorkingCalendar::russia(kMoscow);
  // Sat 2025-11-01 is worked (its day off moved to Mon Nov 3); Nov 3 and 4 are off.
  EXPECT_EQ(ru.working_seconds(msk("2025-11-01"), msk("2025-11-02")), 9 * 3600);
  EXPECT_EQ(ru.working_seconds(msk("2025-11-01 17:00"), msk("2025-11-05 10:00")), 3600 + 3600);
  EXPECT_EQ(ru.add_working(msk("2025-10-31 17:30"), 45 * 60), msk("2025-11-01 09:15"));
  // November 2025: 20 weekdays - Nov 3, 4 + Sat Nov 1 = 19.
  EXPECT_EQ(ru.working_days(msk("2025-11-01"), msk("2025-12-01")), 19);
  // 2024's three worked Saturdays.
  for (const char* day : {"2024-04-27", "2024-11-02", "2024-12-28"}) {
    SCOPED_TRACE(day);
    EXPECT_EQ(ru.working_days(msk(day), msk(day) + 86400), 1);
  }
}

TEST(WorkingCalendar, RussiaMay2026AndWholeYears) {
  const auto ru = WorkingCalendar::russia(kMoscow);
  // May 2026: 21 weekdays (Fri 1 .. Fri 29) minus Fri May 1 and Mon May 11 (May 9 fell on Saturday).
  EXPECT_EQ(ru.working_days(msk("2026-05-01"), msk("2026-06-01")), 19);
  EXPECT_EQ(ru.working_seconds(msk("2026-05-08 17:00"), msk("2026-05-12 10:00")), 2 * 3600);
  EXPECT_EQ(ru.working_days(msk("2026-03-09"), msk("2026-03-10")), 0);  // Mar 8 fell on Sunday
  // Whole years: 2024 (leap, 262 weekdays - 17 + 3) = 248; 2025 and 2026 = 247 as published.
  EXPECT_EQ(ru.working_days(msk("2024-01-01"), msk("2025-01-01")), 248);
  EXPECT_EQ(ru.working_days(msk("2025-01-01"), msk("2026-01-01")), 247);
  EXPECT_EQ(ru.working_days(msk("2026-01-01"), msk("2027-01-01")), 247);
  // Outside 2024-2026 the plain week: Jan 1 2027 (Friday) and Jan 2 2023 (Monday) are working days.
  EXPECT_EQ(ru.working_days(msk("2027-01-01"), msk("2027-01-02")), 1);
  EXPECT_EQ(ru.working_days(msk("2023-01-02"), msk("2023-01-03")), 1);
  EXPECT_EQ(ru.day_seconds(), 9 * 3600);
}

}  // namespace
}  // namespace kpi
