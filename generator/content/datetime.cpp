#include "content/datetime.h"

#include <cstdio>

namespace ttdn::content {
namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

}  // namespace

int64_t days_from_civil(int y, int m, int d) {
  // Howard Hinnant's algorithm.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::optional<DateTime> parse_datetime(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  int y, mo, d;
  if (s.size() < 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) ||
      s[7] != '-' || !digits(s, 8, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;
  DateTime t;
  int h = 0, mi = 0, se = 0;
  size_t pos = 10;
  if (pos == s.size()) {
    t.date_only = true;
  } else {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
    ++pos;
    if (!digits(s, pos, 2, h) || pos + 2 >= s.size() || s[pos + 2] != ':' ||
        !digits(s, pos + 3, 2, mi))
      return std::nullopt;
    pos += 5;
    if (pos < s.size() && s[pos] == ':') {
      if (!digits(s, pos + 1, 2, se)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && s[pos] == '.') {
        ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      }
    }
    if (h > 23 || mi > 59 || se > 60) return std::nullopt;
    // A leap second (:60) is read as the second before it, as POSIX time does: the moment
    // stays on its own day (23:59:60 on 31 December 9999 would otherwise be year 10000).
    if (se == 60) se = 59;
    if (pos < s.size()) {
      if (s[pos] == 'Z' || s[pos] == 'z') {
        t.offset_minutes = 0;
        ++pos;
      } else if (s[pos] == '+' || s[pos] == '-') {
        int oh, om;
        int sign = s[pos] == '-' ? -1 : 1;
        if (!digits(s, pos + 1, 2, oh)) return std::nullopt;
        size_t mpos = pos + 3;
        if (mpos < s.size() && s[mpos] == ':') ++mpos;
        if (!digits(s, mpos, 2, om)) return std::nullopt;
        if (oh > 14 || om > 59) return std::nullopt;
        t.offset_minutes = sign * (oh * 60 + om);
        pos = mpos + 2;
      } else {
        return std::nullopt;
      }
    }
    if (pos != s.size()) return std::nullopt;
  }
  t.epoch = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se -
            static_cast<int64_t>(t.offset_minutes) * 60;
  return t;
}

CivilDate civil(const DateTime& t) {
  int64_t local = t.epoch + static_cast<int64_t>(t.offset_minutes) * 60;
  int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  int64_t secs = local - days * 86400;
  // Inverse of days_from_civil.
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  CivilDate c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2));
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs % 3600 / 60);
  c.second = static_cast<int>(secs % 60);
  return c;
}

std::string format_iso(const DateTime& t) {
  CivilDate c = civil(t);
  int off = t.offset_minutes;
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  if (c.year < 0 || c.year > 9999 || off / 60 > 99) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", c.year, c.month,
                  c.day, c.hour, c.minute, c.second, sign, off / 60, off % 60);
    return buf;
  }
  // The usual case without printf (tens of thousands of dates in a large build).
  std::string out = "0000-00-00T00:00:00+00:00";
  auto put = [&out](size_t at, int value, size_t digits) {
    for (size_t k = digits; k-- > 0; value /= 10) out[at + k] = static_cast<char>('0' + value % 10);
  };
  put(0, c.year, 4);
  put(5, c.month, 2);
  put(8, c.day, 2);
  put(11, c.hour, 2);
  put(14, c.minute, 2);
  put(17, c.second, 2);
  out[19] = sign;
  put(20, off / 60, 2);
  put(23, off % 60, 2);
  return out;
}

}  // namespace ttdn::content
