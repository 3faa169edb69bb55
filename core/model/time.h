// Instants, civil dates and the time zones that turn CRM wall-clock cells
// into instants. Everything downstream works on Instant (UTC seconds); a
// cell without an offset is local time of the configured zone.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kpi {

/// Seconds since 1970-01-01T00:00:00Z.
using Instant = int64_t;
inline constexpr Instant kNoTime = std::numeric_limits<int64_t>::min();

struct CivilTime {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
};

/// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int year, int month, int day) noexcept;
/// The civil UTC time of an instant.
CivilTime civil_from_instant(Instant t) noexcept;
/// Seconds of a civil time read as UTC.
Instant instant_from_civil(const CivilTime& c) noexcept;
/// 0 = Monday ... 6 = Sunday.
int weekday_from_days(int64_t days) noexcept;

/// `2026-03-31T23:59:59Z`.
std::string format_instant(Instant t);

struct ParsedTime {
  int64_t seconds = 0;      ///< the civil time as if UTC; true UTC when has_offset
  bool has_offset = false;  ///< the text carried `Z` or `±hh[:]mm`
  bool has_time = false;    ///< false for a bare date (midnight)
};

/// Parses one cell: ISO 8601 (`2026-03-02`, `2026-03-02 14:05[:00[.123]]`,
/// `T` separator, `Z` / `+03:00` / `+0300` / `+03`), `dd.mm.yyyy[ hh:mm[:ss]]`
/// and `dd-mm-yyyy[ hh:mm[:ss]]`; surrounding spaces are ignored. Fields are
/// range-checked (Feb 30 is an error); years 1900..2999. Returns false for
/// anything else.
bool parse_timestamp(std::string_view text, ParsedTime& out) noexcept;

/// A zone as a list of offset changes. Built-in: `UTC`, fixed offsets
/// (`+03:00`, `UTC+3`), and the Russian IANA zones' rules since 2011
/// (see docs/formats.md). Any other IANA zone comes as its offset history
/// from the platform (`from_changes`): there is no tz database in the core,
/// the JS facade reads the history from Intl and sends it with the settings.
class TimeZone {
 public:
  /// From the UTC instant `from` on, `offset` (seconds east of UTC) is in force.
  struct Change {
    Instant from;  ///< kNoTime = since always
    int offset;
  };
  /// Real offsets lie within UTC-12..UTC+14; ±18 h is the bound ISO 8601 and
  /// java.time use, and it bounds the search window of to_utc.
  static constexpr int kMaxOffset = 18 * 3600;

  static TimeZone utc();
  static TimeZone fixed(int offset_seconds, std::string name);
  /// nullopt for an unknown name.
  static std::optional<TimeZone> from_name(std::string_view name);
  /// A zone from its offset history, e.g. Europe/Berlin as read from Intl:
  /// `{{kNoTime, 3600}, {1774746000, 7200}, {1792890000, 3600}, ...}` (2026:
  /// CEST from 2026-03-29T01:00Z to 2026-10-25T01:00Z). The starts must
  /// increase strictly (only the first may be kNoTime), offsets lie within
  /// ±kMaxOffset and starts within years 1..9999. The first offset also holds
  /// before its start and the last one for ever after. On a bad list returns
  /// nullopt and says in `error` which entry (0-based) is wrong.
  static std::optional<TimeZone> from_changes(std::string name, std::vector<Change> changes,
                                              std::string& error);

  const std::string& name() const noexcept { return name_; }
  /// Offset (seconds east of UTC) in force at a UTC instant.
  int offset_at(Instant utc) const noexcept;
  /// The instant of a local wall-clock time (seconds as if UTC). In a gap
  /// (spring forward: 02:30 never shows) or an overlap (fall back: 02:30
  /// shows twice) the offset in force just before the change is used, so a
  /// gap time lands after the change (Berlin 02:30 CET = 03:30 CEST) and an
  /// overlap time is its first occurrence — RFC 5545's and Temporal's
  /// "compatible" choice.
  Instant to_utc(int64_t local_seconds) const noexcept;

 private:
  size_t index_at(Instant utc) const noexcept;  // the change in force at `utc`

  std::string name_;
  std::vector<Change> changes_;  // from strictly increasing; changes_[0].from = kNoTime
  // to_utc's one-entry cache: a local day with no change near it and its
  // offset. Not thread-safe, like the rest of the core (one analysis per thread).
  mutable int64_t cached_day_ = std::numeric_limits<int64_t>::min();
  mutable int cached_offset_ = 0;
};

/// Reads a timestamp cell into an instant: offsets are honoured, wall-clock
/// times are read in `zone`. Returns false for unparseable text.
bool parse_instant(std::string_view text, const TimeZone& zone, Instant& out) noexcept;

}  // namespace kpi
