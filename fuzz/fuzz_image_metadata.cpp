// Fuzz target: the metadata filters of published images, each given the same bytes.
// JPEG: the output never holds an APP1 (Exif/XMP) or COM segment and is never longer than
// the input plus an EOI marker. PNG: only the chunks a browser uses, ending in IEND. WebP:
// no EXIF or XMP chunk, a RIFF size that matches. Every filter is idempotent and leaves
// bytes of another format unchanged.
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "output/image_metadata.h"
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

uint32_t be32(const std::string& b, size_t at) {
  uint32_t v = 0;
  for (size_t k = 0; k < 4; ++k) v = v << 8 | static_cast<unsigned char>(b[at + k]);
  return v;
}

void check_png(const std::string& in) {
  using namespace ttdn;
  std::string out = output::strip_png_metadata(in);
  if (in.compare(0, 8, "\x89PNG\r\n\x1A\n") != 0 || in.size() < 8) {
    fuzz::check(out == in, "non-PNG bytes unchanged");
    return;
  }
  fuzz::check(out.size() <= in.size() + 12, "never grows beyond an added IEND");
  size_t at = 8;
  for (; at + 12 <= out.size(); at += 12 + be32(out, at)) {
    std::string_view type = std::string_view(out).substr(at + 4, 4);
    if (type == "IEND") break;
    constexpr std::string_view kShown = "IHDR PLTE IDAT tRNS cHRM gAMA iCCP sBIT sRGB bKGD hIST sPLT pHYs acTL fcTL fdAT";
    bool shown = false;
    for (size_t k = 0; k < kShown.size(); k += 5) shown = shown || kShown.substr(k, 4) == type;
    fuzz::check(shown, "only the PNG chunks a browser uses");
    fuzz::check(be32(out, at) <= out.size() - at - 12, "PNG chunk inside the file");
  }
  fuzz::check(at + 12 == out.size(), "PNG ends with IEND");
  fuzz::check(output::strip_png_metadata(out) == out, "PNG filter idempotent");
}

void check_webp(const std::string& in) {
  using namespace ttdn;
  std::string out = output::strip_webp_metadata(in);
  if (in.size() < 12 || in.compare(0, 4, "RIFF") != 0 || in.compare(8, 4, "WEBP") != 0) {
    fuzz::check(out == in, "non-WebP bytes unchanged");
    return;
  }
  auto le32 = [&](size_t k) {
    uint32_t v = 0;
    for (size_t j = 4; j-- > 0;) v = v << 8 | static_cast<unsigned char>(out[k + j]);
    return v;
  };
  fuzz::check(le32(4) == out.size() - 8, "RIFF size matches");
  for (size_t at = 12; at + 8 <= out.size(); at += 8 + le32(at + 4) + (le32(at + 4) & 1)) {
    std::string_view fourcc = std::string_view(out).substr(at, 4);
    fuzz::check(fourcc != "EXIF" && fourcc != "XMP ", "no EXIF or XMP chunk");
  }
  fuzz::check(output::strip_webp_metadata(out) == out, "WebP filter idempotent");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ttdn;
  std::string in(fuzz::as_text(data, size));
  check_png(in);
  check_webp(in);
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
