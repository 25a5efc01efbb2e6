#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../support.h"
#include "config/site_config.h"
#include "markdown/markdown.h"
#include "site/glossary.h"

using ttdn::diag::Diagnostics;
using ttdn::diag::Severity;
using ttdn::site::AbbreviationMarker;
using ttdn::site::abbreviations_for;
using ttdn::site::Glossary;
using ttdn::site::parse_glossary;

namespace {

const ttdn::config::SiteConfig& site_config() {
  static const ttdn::config::SiteConfig cfg = [] {
    Diagnostics d;
    auto c = ttdn::config::parse_site_config(ttdn::testing::kSiteYaml, d);
    REQUIRE(c);
    return *c;
  }();
  return cfg;
}

const char* kGlossary = R"(- vi: "thông tin đối ngoại"
  abbr: {vi: "TTĐN"}
  en: "external information"
  zh: "对外信息"
- vi: "Ủy ban nhân dân"
  abbr: {vi: "UBND"}
  en: "People's Committee"
  zh: "人民委员会"
- vi: "Đà Nẵng"
  en: "Da Nang"
  zh: "岘港"
- vi: "Dương"
  en: "Duong"
  zh: "阳"
- vi: "An Giang"
  en: "An Giang"
  zh: "安江"
- vi: "Bắc Kạn"
  en: "Bac Kan"
  zh: "北件"
- vi: "Cụm thông tin đối ngoại"
  abbr: {vi: "Cụm TTĐN"}
  en: "external information cluster"
  zh: "对外信息展示区"
)";

Glossary glossary() {
  Diagnostics d;
  Glossary g = parse_glossary(kGlossary, "content/glossary.yaml", site_config(), d);
  REQUIRE(d.count(Severity::error) == 0);
  return g;
}

std::vector<std::string> sorted_terms(const Glossary& g, const std::string& lang,
                                      const std::string& locale) {
  std::vector<std::string> out;
  for (size_t i : g.order(site_config(), lang, locale)) out.push_back(g.entries[i].text.at(lang));
  return out;
}

std::string rendered(std::string_view source, const std::string& lang) {
  auto marker =
      std::make_shared<AbbreviationMarker>(abbreviations_for(glossary(), site_config(), lang));
  ttdn::markdown::Options options;
  options.annotate = [marker](std::string_view text) { return (*marker)(text); };
  return ttdn::markdown::render(source, options).html;
}

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

}  // namespace

TEST_CASE("the glossary sorts by each language's collation", "[glossary]") {
  Glossary g = glossary();
  // Vietnamese: Đ after D, not among the Ds; Ủ after the plain letters.
  CHECK(sorted_terms(g, "vi", "vi") ==
        std::vector<std::string>{"An Giang", "Bắc Kạn", "Cụm thông tin đối ngoại", "Dương",
                                 "Đà Nẵng", "thông tin đối ngoại", "Ủy ban nhân dân"});
  // Chinese by pinyin: an jiang, bei jian, dui wai, ren min, xian gang, yang.
  CHECK(sorted_terms(g, "zh", "zh-Hans") == std::vector<std::string>{"安江", "北件", "对外信息",
                                                                     "对外信息展示区", "人民委员会",
                                                                     "岘港", "阳"});
}

TEST_CASE("glossary faults are located", "[glossary]") {
  Diagnostics d;
  parse_glossary(
      "- en: \"no Vietnamese\"\n- vi: \"x\"\n  en: \"x\"\n  zh: \"x\"\n  abrr: {vi: X}\n",
      "content/glossary.yaml", site_config(), d);
  auto ds = d.sorted();
  bool missing_default = false, unknown_field = false;
  for (const auto& x : ds) {
    if (x.severity == Severity::error && x.line == 1 &&
        x.message.find("default language") != std::string::npos)
      missing_default = true;
    if (x.severity == Severity::warning && x.line == 5 &&
        x.message.find("did you mean 'abbr'") != std::string::npos)
      unknown_field = true;
  }
  CHECK(missing_default);
  CHECK(unknown_field);
}

TEST_CASE("only the first use of an abbreviation is marked", "[glossary]") {
  std::string html =
      rendered("Công tác TTĐN năm 2021. Tiếp tục TTĐN.\n\nĐoạn sau: TTĐN và UBND tỉnh.\n", "vi");
  INFO(html);
  CHECK(count(html, "<abbr title=\"thông tin đối ngoại\">TTĐN</abbr>") == 1);
  CHECK(html.find("Công tác <abbr title=\"thông tin đối ngoại\">TTĐN</abbr> năm 2021") !=
        std::string::npos);
  CHECK(count(html, "<abbr title=\"Ủy ban nhân dân\">UBND</abbr>") == 1);
}

TEST_CASE("abbreviations are whole words, never part of a document number", "[glossary]") {
  std::string html =
      rendered("Kế hoạch số 3485/KH-UBND của tỉnh; UBNDX và XUBND; sau đó UBND.\n", "vi");
  INFO(html);
  CHECK(html.find("3485/KH-UBND") != std::string::npos);
  CHECK(count(html, "<abbr") == 1);
  CHECK(html.find("sau đó <abbr title=\"Ủy ban nhân dân\">UBND</abbr>.") != std::string::npos);
}

TEST_CASE("the longest abbreviation wins and headings are left alone", "[glossary]") {
  std::string html = rendered("## TTĐN\n\nCụm TTĐN tại cửa khẩu; TTĐN.\n", "vi");
  INFO(html);
  CHECK(html.find("<h2 id=\"ttdn\">TTĐN</h2>") != std::string::npos);
  CHECK(html.find("<abbr title=\"Cụm thông tin đối ngoại\">Cụm TTĐN</abbr>") != std::string::npos);
  CHECK(html.find("; <abbr title=\"thông tin đối ngoại\">TTĐN</abbr>.") != std::string::npos);
}

TEST_CASE("pages in another language use the default language's abbreviations", "[glossary]") {
  std::string html = rendered("The provincial UBND and UBND again.\n", "en");
  INFO(html);
  CHECK(count(html, "<abbr title=\"People&apos;s Committee\">UBND</abbr>") +
            count(html, "<abbr title=\"People's Committee\">UBND</abbr>") ==
        1);
}
