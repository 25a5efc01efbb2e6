// Fuzz target: the raw-HTML sanitizer used with `markdown.unsafe_html: true`, fed in
// chunks (split at \x01) as cmark hands over inline HTML. Its output must be safe HTML.
#include <cstdint>

#include "fuzz_check.h"
#include "markdown/html_sanitizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ttdn;
  std::string_view input = fuzz::as_text(data, size);
  markdown::HtmlSanitizer sanitizer;
  std::string out;
  for (size_t start = 0; start <= input.size();) {
    size_t end = input.find('\x01', start);
    if (end == std::string_view::npos) end = input.size();
    std::string chunk_out;
    sanitizer.feed(input.substr(start, end - start), chunk_out);
    // Text between chunks is escaped by cmark; here a plain separator stands for it.
    out += chunk_out;
    out += ' ';
    start = end + 1;
  }
  fuzz::check(sanitizer.open_links() >= 0, "link count not negative");
  fuzz::check_safe_html(out);
  markdown::is_safe_url(input, data[0 % (size ? size : 1)] & 1);
  return 0;
}
