// Fuzz target: the JPEG metadata filter. Its output never holds an APP1 (Exif/XMP) or COM
// segment, is never longer than the input plus an EOI marker, and filtering is idempotent.
#include <cstdint>

#include "fuzz_check.h"
#include "output/jpeg_clean.h"

namespace {

/// Walks the segments before the first SOS; false if one is metadata.
bool header_clean(const std::string& jpeg) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(jpeg[k]); };
  size_t i = 2;
  while (i + 4 <= jpeg.size() && byte(i) == 0xFF) {
    unsigned char m = byte(i + 1);
    if (m == 0xE1 || m == 0xFE || m == 0xED) return false;
    if (m == 0xDA || m == 0xD9) return true;
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
      i += 2;
      continue;
    }
    i += 2 + ((static_cast<size_t>(byte(i + 2)) << 8) | byte(i + 3));
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ttdn;
  std::string in(fuzz::as_text(data, size));
  std::string out = output::strip_jpeg_metadata(in);
  bool jpeg = in.size() >= 4 && data[0] == 0xFF && data[1] == 0xD8;
  if (!jpeg) {
    fuzz::check(out == in, "non-JPEG bytes unchanged");
    return 0;
  }
  fuzz::check(out.size() <= in.size() + 2, "never grows beyond an added EOI");
  fuzz::check(out.size() >= 4 && static_cast<unsigned char>(out[0]) == 0xFF &&
                  static_cast<unsigned char>(out[1]) == 0xD8,
              "starts with SOI");
  fuzz::check(static_cast<unsigned char>(out[out.size() - 2]) == 0xFF &&
                  static_cast<unsigned char>(out[out.size() - 1]) == 0xD9,
              "ends with EOI");
  fuzz::check(header_clean(out), "no metadata segment before the image data");
  fuzz::check(output::strip_jpeg_metadata(out) == out, "idempotent");
  return 0;
}
