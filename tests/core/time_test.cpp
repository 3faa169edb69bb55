// Civil-time arithmetic, timestamp parsing in every format of time.h, and the
// built-in time zones. The expected seconds were computed independently with
// GNU date (`date -u -d '2026-03-02 14:05' +%s`), not with the code under test.
#include "core/model/time.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace kpi {
namespace {

constexpr Instant k20260302 = 1772409600;            // 2026-03-02T00:00:00Z = 20514 days
constexpr Instant k20260302T1405 = 1772460300;       // 2026-03-02T14:05:00Z
constexpr Instant k20260302T140507 = 1772460307;     // 2026-03-02T14:05:07Z
constexpr Instant k20260302T0905 = 1772442300;       // 2026-03-02T09:05:00Z

TEST(DaysFromCivil, MatchesKnownDates) {
  struct Case {
    int y, m, d;
    int64_t days;
  };
  const Case cases[] = {
      {1970, 1, 1, 0},       {1969, 12, 31, -1},    {1969, 12, 28, -4},  {2026, 3, 2, 20514},
      {2000, 2, 29, 11016},  {2000, 3, 1, 11017},   {1900, 1, 1, -25567}, {1900, 3, 1, -25508},
      {2400, 2, 29, 157113}, {1600, 3, 1, -135080}, {2026, 12, 31, 20818}, {2014, 10, 26, 16369},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << c.y << "-" << c.m << "-" << c.d);
    EXPECT_EQ(days_from_civil(c.y, c.m, c.d), c.days);
  }
}

TEST(CivilFromInstant, MatchesKnownInstants) {
  struct Case {
    Instant t;
    CivilTime want;
  };
  const Case cases[] = {
      {0, {1970, 1, 1, 0, 0, 0}},
      {-1, {1969, 12, 31, 23, 59, 59}},
      {-86400, {1969, 12, 31, 0, 0, 0}},
      {k20260302T140507, {2026, 3, 2, 14, 5, 7}},
      {951782400, {2000, 2, 29, 0, 0, 0}},
      {-2208988800, {1900, 1, 1, 0, 0, 0}},
      {32503679999, {2999, 12, 31, 23, 59, 59}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.t);
    const CivilTime got = civil_from_instant(c.t);
    EXPECT_EQ(got.year, c.want.year);
    EXPECT_EQ(got.month, c.want.month);
    EXPECT_EQ(got.day, c.want.day);
    EXPECT_EQ(got.hour, c.want.hour);
    EXPECT_EQ(got.minute, c.want.minute);
    EXPECT_EQ(got.second, c.want.second);
    EXPECT_EQ(instant_from_civil(c.want), c.t);
  }
}

TEST(CivilFromInstant, RoundTripsManyInstants) {
  // 1800..2200 in steps that visit every second-of-day residue class unevenly.
  const Instant lo = -5364662400;  // 1800-01-01
  const Instant hi = 7258118400;   // 2200-01-01
  int checked = 0;
  for (Instant t = lo; t < hi; t += 86400 * 37 + 3607) {
    const CivilTime c = civil_from_instant(t);
    ASSERT_EQ(instant_from_civil(c), t);
    ASSERT_GE(c.month, 1);
    ASSERT_LE(c.month, 12);
    ASSERT_GE(c.day, 1);
    ASSERT_LE(c.day, 31);
    ASSERT_GE(c.hour, 0);
    ASSERT_LE(c.hour, 23);
    ++checked;
  }
  EXPECT_GT(checked, 3000);
  // Every second around the epoch and around a leap day.
  for (Instant t = -90000; t < 90000; t += 1) ASSERT_EQ(instant_from_civil(civil_from_instant(t)), t);
  for (Instant t = 951782400 - 86400; t < 951782400 + 2 * 86400; t += 1) {
    ASSERT_EQ(instant_from_civil(civil_from_instant(t)), t);
  }
}

TEST(WeekdayFromDays, MondayIsZero) {
  EXPECT_EQ(weekday_from_days(0), 3);       // 1970-01-01 Thursday
  EXPECT_EQ(weekday_from_days(20514), 0);   // 2026-03-02 Monday
  EXPECT_EQ(weekday_from_days(20520), 6);   // 2026-03-08 Sunday
  EXPECT_EQ(weekday_from_days(-1), 2);      // 1969-12-31 Wednesday
  EXPECT_EQ(weekday_from_days(-4), 6);      // 1969-12-28 Sunday
  EXPECT_EQ(weekday_from_days(-25567), 0);  // 1900-01-01 Monday
  EXPECT_EQ(weekday_from_days(11016), 1);   // 2000-02-29 Tuesday
}

TEST(FormatInstant, WritesIsoUtc) {
  EXPECT_EQ(format_instant(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_instant(k20260302T140507), "2026-03-02T14:05:07Z");
  EXPECT_EQ(format_instant(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_instant(1798761599), "2026-12-31T23:59:59Z");
}

struct TimestampCase {
  std::string_view text;
  Instant seconds;
  bool has_time;
  bool has_offset;
};

TEST(ParseTimestamp, ReadsEveryFormat) {
  const TimestampCase cases[] = {
      {"2026-03-02", k20260302, false, false},
      {"2026-03-02 14:05", k20260302T1405, true, false},
      {"2026-03-02 14:05:00", k20260302T1405, true, false},
      {"2026-03-02 14:05:07", k20260302T140507, true, false},
      {"2026-03-02T14:05:00.123", k20260302T1405, true, false},
      {"2026-03-02T14:05:00,5", k20260302T1405, true, false},
      {"2026-03-02T14:05:00Z", k20260302T1405, true, true},
      {"2026-03-02T14:05:00+03:00", k20260302T1405 - 3 * 3600, true, true},
      {"2026-03-02T14:05:00+0300", k20260302T1405 - 3 * 3600, true, true},
      {"2026-03-02T14:05:00+03", k20260302T1405 - 3 * 3600, true, true},
      {"2026-03-02T14:05:00-05:30", k20260302T1405 + 5 * 3600 + 30 * 60, true, true},
      {"2026-03-02T14:05:00.123Z", k20260302T1405, true, true},
      {"2026-03-02 14:05Z", k20260302T1405, true, true},
      {"02.03.2026", k20260302, false, false},
      {"2.3.2026 9:05", k20260302T0905, true, false},
      {"02.03.2026 14:05", k20260302T1405, true, false},
      {"02.03.2026 14:05:07", k20260302T140507, true, false},
      {"02-03-2026 14:05:07", k20260302T140507, true, false},
      {"  2026-03-02  ", k20260302, false, false},
      {"2024-02-29", 1709164800, false, false},
      {"2000-02-29", 951782400, false, false},
      {"1900-01-01", -2208988800, false, false},
      {"2999-12-31 23:59:59", 32503679999, true, false},
  };
  for (const TimestampCase& c : cases) {
    SCOPED_TRACE(c.text);
    ParsedTime p;
    ASSERT_TRUE(parse_timestamp(c.text, p));
    EXPECT_EQ(p.seconds, c.seconds);
    EXPECT_EQ(p.has_time, c.has_time);
    EXPECT_EQ(p.has_offset, c.has_offset);
  }
}

TEST(ParseTimestamp, RejectsInvalidText) {
  const std::string_view cases[] = {
      "",
      "garbage",
      "2026-02-30",
      "2026-02-29",       // 2026 is not a leap year
      "1900-02-29",       // neither is 1900
      "2026-13-01",
      "2026-00-10",
      "2026-03-00",
      "31.04.2026",
      "2026-03-02 24:00",
      "2026-03-02 12:60",
      "2026-03-02 14",
      "2026-03-02T",
      "2026/03/02",       // `/` is no ISO separator
      "2026-3-2",
      "1899-12-31",
      "3000-01-01",
      "2026-03-02 14:05 xyz",
      "2026-03-02xyz",
      "02.03.2026T14:05",  // `T` only in ISO dates
      "02.03.26",
      "2026-03-02T14:05:00+15:00",
      "2026-03-02T14:05:00+03:",
  };
  for (std::string_view text : cases) {
    SCOPED_TRACE(text);
    ParsedTime p;
    p.seconds = 7;
    EXPECT_FALSE(parse_timestamp(text, p));
    EXPECT_EQ(p.seconds, 7);
  }
}

TEST(TimeZone, MoscowOffsetsSince2011) {
  const auto msk = TimeZone::from_name("Europe/Moscow");
  ASSERT_TRUE(msk);
  EXPECT_EQ(msk->name(), "Europe/Moscow");
  EXPECT_EQ(msk->offset_at(k20260302), 3 * 3600);
  EXPECT_EQ(msk->offset_at(1371297600), 4 * 3600);  // 2013-06-15T12:00:00Z
  EXPECT_EQ(msk->offset_at(1414274399), 4 * 3600);  // a second before 2014-10-26 02:00 MSK+4
  EXPECT_EQ(msk->offset_at(1414274400), 3 * 3600);
  // 2026-03-02 14:05 in Moscow is 11:05 UTC; 2013-06-15 16:00 was 12:00 UTC.
  EXPECT_EQ(msk->to_utc(k20260302T1405), k20260302T1405 - 3 * 3600);
  EXPECT_EQ(msk->to_utc(1371297600 + 4 * 3600), 1371297600);
  // 2014-10-26 01:30 happened twice: the offset before the change (+4) wins.
  EXPECT_EQ(msk->to_utc(1414287000), 1414272600);
  EXPECT_EQ(msk->to_utc(1414283400), 1414269000);  // 00:30, before: +4
  EXPECT_EQ(msk->to_utc(1414290600), 1414279800);  // 02:30, after: +3
}

TEST(TimeZone, FixedOffsetsAndUtc) {
  struct Case {
    std::string_view name;
    int offset;
  };
  const Case cases[] = {
      {"UTC", 0},
      {"Etc/UTC", 0},
      {"+05:30", 5 * 3600 + 30 * 60},
      {"+0530", 5 * 3600 + 30 * 60},
      {"UTC+3", 3 * 3600},
      {"UTC-3", -3 * 3600},
      {"GMT+03:00", 3 * 3600},
      {"-08:00", -8 * 3600},
      {"Asia/Yekaterinburg", 5 * 3600},
      {"Europe/Kaliningrad", 2 * 3600},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto z = TimeZone::from_name(c.name);
    ASSERT_TRUE(z);
    EXPECT_EQ(z->offset_at(k20260302), c.offset);
    EXPECT_EQ(z->to_utc(k20260302T1405), k20260302T1405 - c.offset);
  }
  EXPECT_EQ(TimeZone::utc().name(), "UTC");
  EXPECT_EQ(TimeZone::utc().offset_at(0), 0);
  EXPECT_EQ(TimeZone::fixed(7200, "X").offset_at(k20260302), 7200);
}

TEST(TimeZone, UnknownNamesAreNullopt) {
  for (std::string_view name : {"Mars/Base", "", "Europe/Moskva", "UTC+", "+15:00", "+03:60", "UTC+3x"}) {
    SCOPED_TRACE(name);
    EXPECT_FALSE(TimeZone::from_name(name));
  }
}

// Europe/Berlin's 2026 history as Intl reports it (and `zdump -v Europe/Berlin`):
// CET +1 until 2026-03-29T01:00Z, CEST +2 until 2026-10-25T01:00Z, CET again.
TEST(TimeZone, FromChangesFollowsDaylightSavingTime) {
  constexpr Instant kSpring = 1774746000;  // 2026-03-29T01:00:00Z: 02:00 CET becomes 03:00 CEST
  constexpr Instant kAutumn = 1792890000;  // 2026-10-25T01:00:00Z: 03:00 CEST becomes 02:00 CET
  std::string error;
  const auto berlin =
      TimeZone::from_changes("Europe/Berlin", {{kNoTime, 3600}, {kSpring, 7200}, {kAutumn, 3600}}, error);
  ASSERT_TRUE(berlin) << error;
  EXPECT_EQ(berlin->name(), "Europe/Berlin");
  EXPECT_EQ(berlin->offset_at(k20260302), 3600);
  EXPECT_EQ(berlin->offset_at(kSpring - 1), 3600);
  EXPECT_EQ(berlin->offset_at(kSpring), 7200);
  EXPECT_EQ(berlin->offset_at(kAutumn - 1), 7200);
  EXPECT_EQ(berlin->offset_at(kAutumn), 3600);
  EXPECT_EQ(berlin->offset_at(0), 3600);  // the first offset holds since always

  const auto local = [](int month, int day, int hour, int minute) {
    return instant_from_civil({2026, month, day, hour, minute, 0});
  };
  // Ordinary times on either side.
  EXPECT_EQ(berlin->to_utc(local(3, 2, 14, 5)), k20260302T1405 - 3600);
  EXPECT_EQ(berlin->to_utc(local(3, 29, 1, 59)), kSpring - 60);
  EXPECT_EQ(berlin->to_utc(local(3, 29, 3, 0)), kSpring);
  EXPECT_EQ(berlin->to_utc(local(7, 1, 12, 0)), local(7, 1, 10, 0));
  // The gap: 02:00-02:59 on 2026-03-29 never showed. The offset before the
  // change (+1) is used, so 02:30 is 01:30Z (= 03:30 CEST) and 02:00 is the change.
  EXPECT_EQ(berlin->to_utc(local(3, 29, 2, 30)), 1774747800);
  EXPECT_EQ(berlin->to_utc(local(3, 29, 2, 0)), kSpring);
  // The overlap: 02:00-02:59 on 2026-10-25 showed twice. The offset before the
  // change (+2) is used: 02:30 is its first occurrence, 00:30Z, not 01:30Z.
  EXPECT_EQ(berlin->to_utc(local(10, 25, 2, 30)), 1792888200);
  EXPECT_EQ(berlin->to_utc(local(10, 25, 2, 0)), kAutumn - 3600);
  EXPECT_EQ(berlin->to_utc(local(10, 25, 1, 59)), kAutumn - 3600 - 60);
  EXPECT_EQ(berlin->to_utc(local(10, 25, 3, 0)), kAutumn + 3600);

  // Every instant of the two change days reads back from its wall clock,
  // except the second pass through the overlap hour (it maps to the first).
  for (Instant t = kSpring - 86400; t < kSpring + 86400; t += 60) {
    ASSERT_EQ(berlin->to_utc(t + berlin->offset_at(t)), t) << t;
  }
  for (Instant t = kAutumn - 86400; t < kAutumn + 86400; t += 60) {
    const Instant back = berlin->to_utc(t + berlin->offset_at(t));
    ASSERT_EQ(back, t >= kAutumn && t < kAutumn + 3600 ? t - 3600 : t) << t;
  }

  // Parsing goes through the zone too.
  Instant t = 0;
  ASSERT_TRUE(parse_instant("2026-03-29 02:30", *berlin, t));
  EXPECT_EQ(t, 1774747800);
  ASSERT_TRUE(parse_instant("25.10.2026 02:30", *berlin, t));
  EXPECT_EQ(t, 1792888200);
}

TEST(TimeZone, FromChangesRejectsBadListsAndMergesRepeats) {
  using C = TimeZone::Change;
  struct Case {
    std::string_view name;
    std::vector<C> changes;
    std::string_view message;
  };
  const Case cases[] = {
      {"empty", {}, "no entries"},
      {"unsorted", {{kNoTime, 0}, {2000, 3600}, {1000, 0}}, "entry 2"},
      {"same start twice", {{1000, 0}, {1000, 3600}}, "entry 1"},
      {"null not first", {{1000, 0}, {kNoTime, 3600}}, "entry 1"},
      {"offset beyond 18 h", {{kNoTime, 0}, {1000, 18 * 3600 + 1}}, "18 h"},
      {"negative offset beyond 18 h", {{kNoTime, -18 * 3600 - 60}}, "entry 0"},
      {"start beyond year 9999", {{kNoTime, 0}, {253402300800, 3600}}, "9999"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string error;
    EXPECT_FALSE(TimeZone::from_changes("X", c.changes, error));
    EXPECT_NE(error.find(c.message), std::string::npos) << error;
  }
  // A list starting at an instant holds its first offset before it too;
  // repeated offsets are no change; ±18 h is allowed.
  std::string error;
  const auto z = TimeZone::from_changes("X", {{1000, 7200}, {2000, 7200}, {3000, -18 * 3600}}, error);
  ASSERT_TRUE(z) << error;
  EXPECT_EQ(z->offset_at(-5000), 7200);
  EXPECT_EQ(z->offset_at(2999), 7200);
  EXPECT_EQ(z->offset_at(3000), -18 * 3600);
  EXPECT_EQ(z->to_utc(0), -7200);
}

TEST(ParseInstant, HonoursOffsetsAndReadsWallClockInZone) {
  const TimeZone msk = *TimeZone::from_name("Europe/Moscow");
  Instant t = 0;
  ASSERT_TRUE(parse_instant("2026-03-02 14:05", msk, t));
  EXPECT_EQ(t, k20260302T1405 - 3 * 3600);
  ASSERT_TRUE(parse_instant("2026-03-02T14:05:00Z", msk, t));
  EXPECT_EQ(t, k20260302T1405);
  ASSERT_TRUE(parse_instant("2026-03-02 14:05+05:00", msk, t));
  EXPECT_EQ(t, k20260302T1405 - 5 * 3600);
  ASSERT_TRUE(parse_instant("02.03.2026", msk, t));
  EXPECT_EQ(t, k20260302 - 3 * 3600);
  ASSERT_TRUE(parse_instant("2026-03-02 14:05", TimeZone::utc(), t));
  EXPECT_EQ(t, k20260302T1405);

  t = 99;
  EXPECT_FALSE(parse_instant("not a date", msk, t));
  EXPECT_EQ(t, 99);
}

// The fixed shapes (yyyy-mm-dd / dd.mm.yyyy [hh:mm[:ss]]) take a fast path
// with a one-entry day cache; they must read as the general parser does, and
// a cached date must not let a bad time or another date through.
TEST(ParseTimestamp, FixedShapesAndTheDayCache) {
  ParsedTime p;
  ASSERT_TRUE(parse_timestamp("2026-03-02 14:05:07", p));
  EXPECT_EQ(p.seconds, k20260302T140507);
  EXPECT_TRUE(p.has_time);
  EXPECT_FALSE(p.has_offset);
  ASSERT_TRUE(parse_timestamp("2026-03-02T14:05", p));  // same date: from the cache
  EXPECT_EQ(p.seconds, k20260302T1405);
  ASSERT_TRUE(parse_timestamp("2026-03-02  14:05", p));  // two spaces: the general parser
  EXPECT_EQ(p.seconds, k20260302T1405);
  EXPECT_FALSE(parse_timestamp("2026-03-02 14:60", p));
  EXPECT_FALSE(parse_timestamp("2026-03-02 24:00:00", p));
  EXPECT_FALSE(parse_timestamp("2026-03-02 14:05:61", p));
  EXPECT_FALSE(parse_timestamp("2026-03-02 14-05-07", p));
  EXPECT_FALSE(parse_timestamp("2026-03-02t14:05:7", p));
  ASSERT_TRUE(parse_timestamp("2026-03-02 23:59:60", p));  // a leap second: the second before
  EXPECT_EQ(p.seconds, k20260302 + 86399);
  ASSERT_TRUE(parse_timestamp("2026-03-02", p));
  EXPECT_EQ(p.seconds, k20260302);
  EXPECT_FALSE(p.has_time);
  ASSERT_TRUE(parse_timestamp("02.03.2026 14:05", p));
  EXPECT_EQ(p.seconds, k20260302T1405);
  ASSERT_TRUE(parse_timestamp("02/03/2026 14:05:07", p));
  EXPECT_EQ(p.seconds, k20260302T140507);
  ASSERT_TRUE(parse_timestamp("02-03-2026", p));
  EXPECT_EQ(p.seconds, k20260302);
  EXPECT_FALSE(parse_timestamp("02.03-2026 14:05", p));  // mixed separators
  EXPECT_FALSE(parse_timestamp("02.03.2026T14:05", p));  // T only after an ISO date
  EXPECT_FALSE(parse_timestamp("2026-02-29 10:00", p));   // not a leap year
  ASSERT_TRUE(parse_timestamp("2024-02-29 10:00", p));
  EXPECT_EQ(p.seconds, 1709200800);                       // date -u -d '2024-02-29 10:00' +%s
  EXPECT_FALSE(parse_timestamp("29.02.2026", p));
  EXPECT_FALSE(parse_timestamp("2026-13-02", p));
  EXPECT_FALSE(parse_timestamp("1899-12-31", p));
  EXPECT_FALSE(parse_timestamp("2026-0a-02 14:05", p));
  ASSERT_TRUE(parse_timestamp("2026-03-02 14:05:07+03:00", p));  // an offset: the general parser
  EXPECT_EQ(p.seconds, k20260302T140507 - 3 * 3600);
  EXPECT_TRUE(p.has_offset);
}

// to_utc keeps the offset of the last day that had no change near it; rows of a
// change day (and of the days within 18 h of it) are never served from it.
TEST(TimeZone, DayCacheNeverCrossesAChange) {
  constexpr Instant kSpring = 1774746000;  // 2026-03-29T01:00:00Z
  std::string error;
  const auto berlin = TimeZone::from_changes("Europe/Berlin", {{kNoTime, 3600}, {kSpring, 7200}}, error);
  ASSERT_TRUE(berlin) << error;
  const auto local = [](int day, int hour, int minute) { return instant_from_civil({2026, 3, day, hour, minute, 0}); };
  // Walk the wall clock minute by minute from two days before the change to two
  // days after, and back: each reading is its own offset's instant.
  for (int pass = 0; pass < 2; ++pass) {
    for (int k = 0; k < 4 * 24 * 60; ++k) {
      const int m = pass == 0 ? k : 4 * 24 * 60 - 1 - k;
      const Instant l = local(27, 0, 0) + m * 60;
      const Instant want = l - 3600 < kSpring ? l - 3600 : l - 7200;
      // The gap 02:00-02:59 on the 29th reads with the old offset (see above).
      ASSERT_EQ(berlin->to_utc(l), l >= local(29, 2, 0) && l < local(29, 3, 0) ? l - 3600 : want) << m;
    }
  }
}

}  // namespace
}  // namespace kpi
