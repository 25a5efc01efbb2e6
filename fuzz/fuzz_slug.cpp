// Fuzz target: Unicode text handling: UTF-8 validation, NFC, slug folding, search folding
// and the "did you mean" distance.
#include <cstdint>

#include "fuzz_check.h"
#include "text/unicode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ttdn;
  std::string_view input = fuzz::as_text(data, size);
  // File names are not validated: slug folding must take any bytes.
  std::string slug = text::fold_slug(input);
  for (char c : slug)
    fuzz::check((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-', "slug is [a-z0-9-]");
  fuzz::check(slug.empty() || (slug.front() != '-' && slug.back() != '-'), "no dash at the ends");
  fuzz::check(slug.find("--") == std::string::npos, "no double dash");
  fuzz::check(slug.find("..") == std::string::npos, "no dot-dot");
  if (text::find_invalid_utf8(input)) return 0;
  std::string nfc = text::to_nfc(input);
  fuzz::check(!text::find_invalid_utf8(nfc), "NFC is valid UTF-8");
  fuzz::check(text::to_nfc(nfc) == nfc, "NFC is idempotent");
  fuzz::check(text::fold_slug(nfc) == text::fold_slug(nfc), "folding is deterministic");
  text::fold_for_search(nfc);
  size_t half = nfc.size() / 2;
  while (half > 0 && (static_cast<unsigned char>(nfc[half]) & 0xC0) == 0x80) --half;
  if (nfc.size() < 512) {
    std::string a = nfc.substr(0, half), b = nfc.substr(half);
    size_t d = text::edit_distance(a, b);
    fuzz::check(d <= std::max(text::length_in_code_points(a), text::length_in_code_points(b)),
                "edit distance bounded by the longer string");
    text::nearest(a, {b, nfc, slug});
  }
  for (size_t i = 0; i < nfc.size();) {
    size_t before = i;
    text::is_cjk(text::next_code_point(nfc, i));
    fuzz::check(i > before && i <= nfc.size(), "code points advance within the text");
  }
  return 0;
}
