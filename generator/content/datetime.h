// Dates and times of the sources: ISO 8601 parsing with the portal's +07:00 default.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ttdn::content {

/// A moment, with the UTC offset it was written in (used to show it).
struct DateTime {
  int64_t epoch = 0;           // seconds since 1970-01-01T00:00:00Z
  int offset_minutes = 7 * 60; // +07:00 unless the source says otherwise
  bool date_only = false;

  bool operator<(const DateTime& o) const { return epoch < o.epoch; }
  bool operator==(const DateTime& o) const { return epoch == o.epoch; }
};

struct CivilDate {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
};

/// Accepts `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS][.fff][Z|±HH:MM]` (also with a space).
/// A date alone means 00:00 at +07:00; a time without an offset is at +07:00.
std::optional<DateTime> parse_datetime(std::string_view text);

/// Local civil time of `t` in its own offset.
CivilDate civil(const DateTime& t);

/// `2026-03-01T08:30:00+07:00`
std::string format_iso(const DateTime& t);

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
int64_t days_from_civil(int y, int m, int d);

}  // namespace ttdn::content
