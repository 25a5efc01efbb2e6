// Fuzz target: the recogniser of document citations in running text (SPEC §4.3).
#include <cstdint>

#include "fuzz_check.h"
#include "markdown/citations.h"
#include "text/unicode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ttdn;
  std::string_view input = fuzz::as_text(data, size);
  markdown::number_shape(input);
  markdown::number_key(input);
  markdown::number_year(input);
  if (text::find_invalid_utf8(input)) return 0;  // article text is validated upstream
  std::string text = text::to_nfc(input);
  size_t done = 0;
  for (const auto& c : markdown::find_citations(text)) {
    fuzz::check(c.begin >= done, "citations in order, not overlapping");
    fuzz::check(c.length > 0 && c.begin + c.length <= text.size(), "citation inside the text");
    fuzz::check(c.number_begin >= c.begin &&
                    c.number_begin + c.number_length <= c.begin + c.length,
                "number inside its citation");
    for (size_t at : {c.begin, c.begin + c.length})
      fuzz::check(at == text.size() || (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80,
                  "citation on character boundaries");
    fuzz::check(!c.number.empty(), "a citation has a number");
    done = c.begin + c.length;
  }
  return 0;
}
