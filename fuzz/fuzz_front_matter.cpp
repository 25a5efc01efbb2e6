// Fuzz target: a whole source file through reading (UTF-8, BOM, CRLF, NFC), front-matter
// splitting and validation of every field. Every diagnostic must name the file and a line
// inside it.
#include <algorithm>
#include <cstdint>

#include "config/site_config.h"
#include "content/front_matter.h"
#include "content/source_reader.h"
#include "fuzz_check.h"

namespace {

const ttdn::config::SiteConfig& site_config() {
  static const ttdn::config::SiteConfig cfg = [] {
    ttdn::diag::Diagnostics diags;
    auto parsed = ttdn::config::parse_site_config(R"(title: {vi: "Cổng", en: "Portal", zh: "网"}
base_url: "https://example.gov.vn/"
default_language: vi
languages:
  - {code: vi, name: "Tiếng Việt", hreflang: vi}
  - {code: en, name: "English", hreflang: en}
  - {code: zh, name: "中文", hreflang: zh-Hans}
sections:
  news: {kind: articles, title: {vi: "Tin", en: "News", zh: "新闻"}, slug: {vi: tin-tuc, en: news, zh: xinwen}}
topics:
  slug: {vi: chu-de, en: topics, zh: zhuti}
  terms:
    bien-gioi: {vi: "Biên giới", en: "Border", zh: "边界"}
publisher: {name: {vi: "A", en: "A", zh: "A"}}
)",
                                                  diags);
    ttdn::fuzz::check(parsed.has_value(), "fixture site.yaml parses");
    return *parsed;
  }();
  return cfg;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ttdn;
  const std::string file = "content/news/x.md";
  std::string bytes(fuzz::as_text(data, size));
  long lines = std::count(bytes.begin(), bytes.end(), '\n') + std::count(bytes.begin(), bytes.end(), '\r') + 2;
  diag::Diagnostics diags;
  if (auto text = content::normalise_source(bytes, file, diags)) {
    if (auto split = content::split_front_matter(*text)) {
      fuzz::check(split->body_line >= 1, "body line is 1-based");
      content::parse_front_matter(*split, file, site_config(), "vi", diags);
    }
  }
  for (const auto& d : diags.sorted()) {
    fuzz::check(d.file == file, "diagnostic names the file");
    fuzz::check(d.line >= 0 && d.line <= lines, "diagnostic line inside the file");
    fuzz::check(d.column >= 0, "diagnostic column not negative");
  }
  return 0;
}
