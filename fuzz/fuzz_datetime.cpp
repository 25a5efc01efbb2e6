// Fuzz target: the ISO 8601 parser of front matter and --now. What it accepts must print
// back (format_iso) to text it parses to the same moment and offset.
#include <cstdint>

#include "content/datetime.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ttdn;
  auto t = content::parse_datetime(fuzz::as_text(data, size));
  if (!t) return 0;
  content::CivilDate c = content::civil(*t);
  fuzz::check(c.month >= 1 && c.month <= 12 && c.day >= 1 && c.day <= 31, "civil date in range");
  fuzz::check(c.hour >= 0 && c.hour < 24 && c.minute >= 0 && c.minute < 60, "civil time in range");
  std::string iso = content::format_iso(*t);
  auto again = content::parse_datetime(iso);
  fuzz::check(again.has_value(), "format_iso output parses");
  fuzz::check(again->epoch == t->epoch, "round trip keeps the moment");
  fuzz::check(again->offset_minutes == t->offset_minutes, "round trip keeps the offset");
  return 0;
}
