// Fuzz target: the Markdown pipeline with every AST pass active: raw-HTML policy (both
// settings), CJK joins, link rewriting, annotations (including spans that are out of
// range or cut a character), headings, images. The output must be safe HTML.
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "markdown/markdown.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ttdn;
  if (size < 3) return 0;
  const bool unsafe_html = data[0] & 1;
  const bool with_callbacks = data[0] & 2;
  const size_t odd_begin = data[1], odd_length = data[2];
  std::string_view source = fuzz::as_text(data + 3, size - 3);

  markdown::Options options;
  options.unsafe_html = unsafe_html;
  if (with_callbacks) {
    options.annotate = [&](std::string_view text) {
      std::vector<markdown::Annotation> spans;
      // A span chosen by the input: may be out of range or inside a UTF-8 sequence.
      markdown::Annotation odd;
      odd.begin = odd_begin;
      odd.length = odd_length;
      odd.abbr_title = "\"><script>alert(1)</script>";
      spans.push_back(odd);
      for (size_t at = text.find("TW"); at != std::string_view::npos; at = text.find("TW", at + 2)) {
        markdown::Annotation a;
        a.begin = at;
        a.length = 2;
        a.href = "/van-ban/57-kl-tw/?a=\"<x>";
        a.link_title = "\"'><img src=x onerror=alert(1)>";
        spans.push_back(a);
      }
      return spans;
    };
    options.rewrite_link = [](std::string_view url, bool is_image, int line) {
      markdown::LinkRewrite r;
      fuzz::check(line >= 0, "link line not negative");
      if (url.size() > 3 && url.substr(url.size() - 3) == ".md") r.url = "/tin-tuc/x/\"onmouseover=\"alert(1)";
      if (is_image && url.find('j') != std::string_view::npos) r.url = "javascript:alert(1)";
      return r;
    };
  }
  markdown::Rendered out = markdown::render(source, options);
  fuzz::check_safe_html(out.html);
  for (const auto& h : out.headings) {
    fuzz::check(h.level >= 1 && h.level <= 6, "heading level 1-6");
    for (char c : h.id)
      fuzz::check((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-', "heading id is [a-z0-9-]");
  }
  markdown::cut_summary(out.first_paragraph, odd_length);
  return 0;
}
