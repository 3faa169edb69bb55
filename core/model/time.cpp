#include "core/model/time.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "core/io/number.h"

namespace kpi {
namespace {

bool is_leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) noexcept {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<size_t>(m - 1)];
}

// Reads exactly `n` digits at s[i..]; advances i.
bool digits(std::string_view s, size_t& i, size_t n, int& out) noexcept {
  if (i + n > s.size()) return false;
  int v = 0;
  for (size_t k = 0; k < n; ++k) {
    const char c = s[i + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  i += n;
  return true;
}

// Reads 1 or 2 digits (day and month in dd.mm.yyyy may be unpadded).
bool digits12(std::string_view s, size_t& i, int& out) noexcept {
  if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    if (i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9') return digits(s, i, 2, out);
    return digits(s, i, 1, out);
  }
  return false;
}

// hh:mm[:ss[.fraction]] starting at s[i]; hours may be one digit.
bool parse_clock(std::string_view s, size_t& i, CivilTime& c) noexcept {
  if (!digits12(s, i, c.hour)) return false;
  if (i >= s.size() || s[i] != ':') return false;
  ++i;
  if (!digits(s, i, 2, c.minute)) return false;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!digits(s, i, 2, c.second)) return false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      const size_t start = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i == start) return false;
    }
  }
  return c.hour <= 23 && c.minute <= 59 && c.second <= 60;
}

// Z, +hh, +hhmm, +hh:mm at s[i]; sets offset seconds.
bool parse_offset(std::string_view s, size_t& i, int& offset) noexcept {
  if (s[i] == 'Z' || s[i] == 'z') { offset = 0; ++i; return true; }
  if (s[i] != '+' && s[i] != '-') return false;
  const int sign = s[i] == '-' ? -1 : 1;
  ++i;
  int h = 0, m = 0;
  if (!digits(s, i, 2, h)) return false;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!digits(s, i, 2, m)) return false;  // "+03:" without minutes is not an offset
  } else if (i < s.size() && !digits(s, i, 2, m)) {
    return false;
  }
  if (h > 14 || m > 59) return false;
  offset = sign * (h * 3600 + m * 60);
  return true;
}

// Two ASCII digits at s[i], or -1.
int two_digits(const char* s) noexcept {
  const unsigned a = static_cast<unsigned char>(s[0]) - '0', b = static_cast<unsigned char>(s[1]) - '0';
  return a <= 9 && b <= 9 ? static_cast<int>(a * 10 + b) : -1;
}

// The fast path of parse_timestamp for the shapes exports write row after row:
// `yyyy-mm-dd` and `dd.mm.yyyy` (or `-` `/` for `.`), each alone or followed
// by one space (or `T` after an ISO date) and `hh:mm` or `hh:mm:ss`. Digits at
// fixed places; a one-entry cache keeps the last date's 10 bytes and its day
// number, as consecutive rows mostly share a date. Returns false whenever the
// text is not exactly such a shape or a value is out of range: the general
// parser then decides, so both always agree.
bool parse_fixed_shape(std::string_view s, ParsedTime& out) noexcept {
  const size_t n = s.size();
  if (n != 10 && n != 16 && n != 19) return false;
  const char* p = s.data();
  const bool iso = p[4] == '-' && p[7] == '-';
  if (!iso && !(p[2] == p[5] && (p[2] == '.' || p[2] == '-' || p[2] == '/'))) return false;
  struct DayCache {
    char date[10] = {};
    int64_t days = 0;
    bool valid = false;
  };
  thread_local DayCache cache;
  int64_t days = 0;
  if (cache.valid && std::memcmp(cache.date, p, 10) == 0) {
    days = cache.days;
  } else {
    int year = 0, month = 0, day = 0;
    if (iso) {
      const int y1 = two_digits(p), y2 = two_digits(p + 2);
      month = two_digits(p + 5);
      day = two_digits(p + 8);
      if (y1 < 0 || y2 < 0) return false;
      year = y1 * 100 + y2;
    } else {
      day = two_digits(p);
      month = two_digits(p + 3);
      const int y1 = two_digits(p + 6), y2 = two_digits(p + 8);
      if (y1 < 0 || y2 < 0) return false;
      year = y1 * 100 + y2;
    }
    if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
      return false;
    }
    days = days_from_civil(year, month, day);
    std::memcpy(cache.date, p, 10);
    cache.days = days;
    cache.valid = true;
  }
  ParsedTime result;
  int64_t seconds = 0;
  if (n > 10) {
    if (!(p[10] == ' ' || (iso && (p[10] == 'T' || p[10] == 't'))) || p[13] != ':') return false;
    const int hour = two_digits(p + 11), minute = two_digits(p + 14);
    int second = 0;
    if (n == 19) {
      if (p[16] != ':') return false;
      second = two_digits(p + 17);
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return false;
    if (second == 60) second = 59;  // a leap second reads as the second before
    seconds = hour * 3600 + minute * 60 + second;
    result.has_time = true;
  }
  result.seconds = days * 86400 + seconds;
  out = result;
  return true;
}

}  // namespace

int64_t days_from_civil(int year, int month, int day) noexcept {
  // Howard Hinnant's algorithm, shifted so March starts the year.
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilTime civil_from_instant(Instant t) noexcept {
  int64_t days = t / 86400;
  int64_t secs = t % 86400;
  if (secs < 0) { secs += 86400; --days; }
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  CivilTime c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2 ? 1 : 0));
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs / 60 % 60);
  c.second = static_cast<int>(secs % 60);
  return c;
}

Instant instant_from_civil(const CivilTime& c) noexcept {
  return days_from_civil(c.year, c.month, c.day) * 86400 + c.hour * 3600 + c.minute * 60 + c.second;
}

int weekday_from_days(int64_t days) noexcept {
  // 1970-01-01 was a Thursday (3 when Monday = 0).
  const int64_t w = (days + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

std::string format_instant(Instant t) {
  const CivilTime c = civil_from_instant(t);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.year, c.month, c.day, c.hour, c.minute,
                     c.second);
}

bool parse_timestamp(std::string_view text, ParsedTime& out) noexcept {
  const std::string_view s = trim(text);
  if (parse_fixed_shape(s, out)) return true;
  if (s.size() < 8) return false;
  CivilTime c;
  size_t i = 0;
  bool iso = false;
  if (s.size() >= 5 && s[4] == '-') {  // yyyy-mm-dd
    if (!digits(s, i, 4, c.year) || s[i++] != '-' || !digits(s, i, 2, c.month) || i >= s.size() ||
        s[i++] != '-' || !digits(s, i, 2, c.day)) {
      return false;
    }
    iso = true;
  } else {  // dd.mm.yyyy or dd-mm-yyyy
    if (!digits12(s, i, c.day) || i >= s.size()) return false;
    const char sep = s[i++];
    if (sep != '.' && sep != '-' && sep != '/') return false;
    if (!digits12(s, i, c.month) || i >= s.size() || s[i++] != sep || !digits(s, i, 4, c.year)) return false;
  }
  if (c.year < 1900 || c.year > 2999 || c.month < 1 || c.month > 12 || c.day < 1 ||
      c.day > days_in_month(c.year, c.month)) {
    return false;
  }
  ParsedTime result;
  if (i < s.size()) {
    const char sep = s[i];
    if (sep == 'T' || sep == 't') {
      if (!iso) return false;
      ++i;
    } else if (sep == ' ') {
      while (i < s.size() && s[i] == ' ') ++i;
    } else {
      return false;
    }
    if (!parse_clock(s, i, c)) return false;
    result.has_time = true;
    if (c.second == 60) c.second = 59;  // a leap second reads as the second before
    if (i < s.size()) {
      while (i < s.size() && s[i] == ' ') ++i;
      int offset = 0;
      if (i >= s.size() || !parse_offset(s, i, offset) || i != s.size()) return false;
      result.has_offset = true;
      result.seconds = instant_from_civil(c) - offset;
      out = result;
      return true;
    }
  }
  result.seconds = instant_from_civil(c);
  out = result;
  return true;
}

TimeZone TimeZone::utc() { return fixed(0, "UTC"); }

TimeZone TimeZone::fixed(int offset_seconds, std::string name) {
  TimeZone z;
  z.name_ = std::move(name);
  z.changes_.push_back({kNoTime, offset_seconds});
  return z;
}

std::optional<TimeZone> TimeZone::from_name(std::string_view name) {
  const std::string_view n = trim(name);
  if (n == "UTC" || n == "Etc/UTC" || n == "GMT" || n == "Z") return utc();
  // Fixed offsets: "+03:00", "UTC+3", "GMT+03:00".
  std::string_view off = n;
  if (off.substr(0, 3) == "UTC" || off.substr(0, 3) == "GMT") off.remove_prefix(3);
  if (!off.empty() && (off[0] == '+' || off[0] == '-')) {
    const int sign = off[0] == '-' ? -1 : 1;
    size_t i = 1;
    int h = 0, m = 0;
    if (!digits12(off, i, h)) return std::nullopt;
    if (i < off.size() && off[i] == ':') ++i;
    if (i < off.size() && !digits(off, i, 2, m)) return std::nullopt;
    if (i != off.size() || h > 14 || m > 59) return std::nullopt;
    return fixed(sign * (h * 3600 + m * 60), std::string(n));
  }
  // Russian zones: one fixed offset since the 2014-10-26 reform, one hour
  // more from 2011-03-27 (permanent "summer" time). Earlier dates use the
  // 2011 offset: CRM exports older than that are out of scope (docs/formats.md).
  struct Known {
    std::string_view name;
    int hours_now;       // since 2014-10-26 (or the zone's later change)
    int hours_2011;      // 2011-03-27 .. 2014-10-26
    Instant last_change; // UTC instant of the change to hours_now
  };
  static constexpr Instant k2014 = 1414274400;  // 2014-10-25T22:00:00Z (02:00 MSK+4)
  static constexpr std::array<Known, 12> kKnown = {{
      {"Europe/Moscow", 3, 4, k2014},
      {"Europe/Kaliningrad", 2, 3, k2014},
      {"Europe/Samara", 4, 4, k2014},
      {"Asia/Yekaterinburg", 5, 6, k2014},
      {"Asia/Omsk", 6, 7, k2014},
      {"Asia/Krasnoyarsk", 7, 8, k2014},
      {"Asia/Irkutsk", 8, 9, k2014},
      {"Asia/Yakutsk", 9, 10, k2014},
      {"Asia/Vladivostok", 10, 11, k2014},
      {"Asia/Kamchatka", 12, 12, k2014},
      {"Europe/Minsk", 3, 3, k2014},
      {"Europe/Simferopol", 3, 4, k2014},
  }};
  for (const Known& k : kKnown) {
    if (k.name == n) {
      TimeZone z;
      z.name_ = std::string(n);
      z.changes_.push_back({kNoTime, k.hours_2011 * 3600});
      if (k.hours_now != k.hours_2011) z.changes_.push_back({k.last_change, k.hours_now * 3600});
      return z;
    }
  }
  return std::nullopt;
}

std::optional<TimeZone> TimeZone::from_changes(std::string name, std::vector<Change> changes, std::string& error) {
  // Years 1..9999: far beyond any data, and far enough from the int64 ends
  // that `local - offset` and the to_utc window cannot overflow.
  constexpr Instant kFirst = -62135596800;  // 0001-01-01T00:00:00Z
  constexpr Instant kLast = 253402300799;   // 9999-12-31T23:59:59Z
  if (changes.empty()) {
    error = "has no entries";
    return std::nullopt;
  }
  for (size_t i = 0; i < changes.size(); ++i) {
    const Change& c = changes[i];
    if (c.offset < -kMaxOffset || c.offset > kMaxOffset) {
      error = fmt::format("entry {}: offset {} s is outside -18 h..+18 h", i, c.offset);
      return std::nullopt;
    }
    if (c.from == kNoTime) {
      if (i == 0) continue;
      error = fmt::format("entry {}: only the first entry may start at null (since always)", i);
      return std::nullopt;
    }
    if (c.from < kFirst || c.from > kLast) {
      error = fmt::format("entry {}: start {} is outside the years 1..9999", i, c.from);
      return std::nullopt;
    }
    if (i > 0 && c.from <= changes[i - 1].from) {
      error = fmt::format("entry {}: starts at or before entry {} (the list must be sorted)", i, i - 1);
      return std::nullopt;
    }
  }
  TimeZone z;
  z.name_ = std::move(name);
  z.changes_.reserve(changes.size());
  for (const Change& c : changes) {
    if (!z.changes_.empty() && z.changes_.back().offset == c.offset) continue;  // no change at all
    z.changes_.push_back(c);
  }
  z.changes_.front().from = kNoTime;  // the first offset also holds before its start
  return z;
}

size_t TimeZone::index_at(Instant utc) const noexcept {
  // changes_[0].from is kNoTime (the least Instant), so the bound is never begin().
  const auto after = std::upper_bound(changes_.begin(), changes_.end(), utc,
                                      [](Instant t, const Change& c) { return t < c.from; });
  return static_cast<size_t>(after - changes_.begin()) - 1;
}

int TimeZone::offset_at(Instant utc) const noexcept { return changes_[index_at(utc)].offset; }

Instant TimeZone::to_utc(int64_t local_seconds) const noexcept {
  // The instant lies within ±kMaxOffset of the reading, so only the changes
  // from the one in force at `local - kMaxOffset` on can matter. Walk them in
  // order: the first offset whose instant falls in its own span is the
  // earliest reading (in an overlap, the offset before the change); a reading
  // that jumps over the next change with the old offset but falls before it
  // with the new one was skipped by the clocks (a gap): keep the old offset.
  const int64_t local = std::clamp<int64_t>(local_seconds, std::numeric_limits<int64_t>::min() / 2,
                                            std::numeric_limits<int64_t>::max() / 2);
  // A one-entry day cache: when no change lies within kMaxOffset of a local
  // day, every reading of that day has the same offset (the walk below
  // stops at its first step), so rows of the same day skip the search.
  constexpr int64_t kDay = 86400, kFar = int64_t{1} << 50;
  const bool cacheable = local > -kFar && local < kFar;
  const int64_t day = local >= 0 ? local / kDay : (local - (kDay - 1)) / kDay;
  if (cacheable && day == cached_day_) return local - cached_offset_;
  if (cacheable) {
    const int64_t start = day * kDay;
    const size_t k0 = index_at(start - kMaxOffset - 1);
    if (k0 + 1 == changes_.size() || changes_[k0 + 1].from > start + kDay + kMaxOffset) {
      cached_day_ = day;
      cached_offset_ = changes_[k0].offset;
      return local - cached_offset_;
    }
  }
  for (size_t k = index_at(local - kMaxOffset - 1);; ++k) {
    const Instant utc = local - changes_[k].offset;
    if (k + 1 == changes_.size()) return utc;
    const Instant next = changes_[k + 1].from;
    if (utc < next) return utc;
    if (local - changes_[k + 1].offset < next) return utc;  // a gap
  }
}

bool parse_instant(std::string_view text, const TimeZone& zone, Instant& out) noexcept {
  ParsedTime p;
  if (!parse_timestamp(text, p)) return false;
  out = p.has_offset ? p.seconds : zone.to_utc(p.seconds);
  return true;
}

}  // namespace kpi
