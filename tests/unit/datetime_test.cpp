#include <catch2/catch.hpp>

#include "content/datetime.h"

using namespace ttdn::content;

TEST_CASE("a date alone means midnight at +07:00", "[datetime]") {
  auto t = parse_datetime("2023-02-03");
  REQUIRE(t);
  CHECK(t->date_only);
  CHECK(format_iso(*t) == "2023-02-03T00:00:00+07:00");
  // 2023-02-02T17:00:00Z
  CHECK(t->epoch == 1675357200);
}

TEST_CASE("times keep their offset; no offset means +07:00", "[datetime]") {
  CHECK(format_iso(*parse_datetime("2026-03-01T08:30")) == "2026-03-01T08:30:00+07:00");
  CHECK(format_iso(*parse_datetime("2026-03-01T08:30:15Z")) == "2026-03-01T08:30:15+00:00");
  CHECK(format_iso(*parse_datetime("0987-11-09T23:04:05-09:30")) == "0987-11-09T23:04:05-09:30");
  CHECK(parse_datetime("2026-03-01T01:00:00Z")->epoch ==
        parse_datetime("2026-03-01T08:00:00+07:00")->epoch);
  CHECK(parse_datetime("2026-03-01 08:00:00+0700"));
}

TEST_CASE("impossible dates are rejected", "[datetime]") {
  CHECK_FALSE(parse_datetime("2023-02-30"));
  CHECK_FALSE(parse_datetime("2023-13-01"));
  CHECK_FALSE(parse_datetime("30/03/2021"));
  CHECK_FALSE(parse_datetime("2021-03-30T25:00"));
  CHECK_FALSE(parse_datetime("2021-03-30junk"));
  CHECK(parse_datetime("2024-02-29"));
  CHECK_FALSE(parse_datetime("2023-02-29"));
}

TEST_CASE("civil time round-trips", "[datetime]") {
  auto t = *parse_datetime("1999-12-30T23:59:59+07:00");
  CivilDate c = civil(t);
  CHECK(c.year == 1999);
  CHECK(c.month == 12);
  CHECK(c.day == 30);
  CHECK(c.hour == 23);
}

TEST_CASE("a leap second stays on its own day", "[datetime]") {
  // An article dated at a leap second is listed under that day, not the next.
  auto t = parse_datetime("2016-12-31T23:59:60+07:00");
  REQUIRE(t);
  CHECK(format_iso(*t) == "2016-12-31T23:59:59+07:00");
  // The last second of year 9999 (found by fuzzing: it printed a year 10000 that did not parse).
  auto last = parse_datetime("9999-12-31T23:59:60+14:00");
  REQUIRE(last);
  CHECK(parse_datetime(format_iso(*last)));
}
