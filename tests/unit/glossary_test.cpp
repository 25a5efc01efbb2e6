#include <catch2/catch.hpp>
#include <unicode/uchar.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "../support.h"
#include "config/site_config.h"
#include "markdown/markdown.h"
#include "markdown/utf8.h"
#include "site/glossary.h"
#include "text/unicode.h"

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

// ---- the marker's lookup by first byte (issue 10) -----------------------------------------

namespace {

using ttdn::markdown::Annotation;
using ttdn::site::Abbreviation;

/// What the marker found, written out so that a failed CHECK shows it: "begin+length:title".
std::vector<std::string> marks(AbbreviationMarker& marker, std::string_view text) {
  std::vector<std::string> out;
  for (const Annotation& a : marker(text))
    out.push_back(std::to_string(a.begin) + "+" + std::to_string(a.length) + ":" + a.abbr_title);
  return out;
}

/// The marker as it was before the lookup by first byte: every abbreviation tried at every
/// code point. The indexed marker must mark exactly what this marks.
class PlainMarker {
 public:
  explicit PlainMarker(std::vector<Abbreviation> abbreviations)
      : abbreviations_(std::move(abbreviations)) {}

  std::vector<std::string> operator()(std::string_view text) {
    std::vector<std::string> out;
    for (size_t i = 0; i < text.size();) {
      const Abbreviation* found = nullptr;
      if (starts_word(text, i))
        for (const auto& a : abbreviations_)
          if (text.compare(i, a.abbr.size(), a.abbr) == 0 && ends_word(text, i + a.abbr.size())) {
            found = &a;
            break;
          }
      if (!found) {
        ttdn::markdown::utf8::next(text, i);
        continue;
      }
      if (used_.insert(found->abbr).second)
        out.push_back(std::to_string(i) + "+" + std::to_string(found->abbr.size()) + ":" +
                      found->title);
      i += found->abbr.size();
    }
    return out;
  }

 private:
  static bool word_char(char32_t c) {
    if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return !ttdn::text::is_cjk(c) && u_isalnum(static_cast<UChar32>(c));
  }
  static bool joiner(char32_t c) {
    return c == '-' || c == '/' || c == '\\' || c == '_' || c == '.' || c == '@' || c == '#' ||
           c == '&' || c == '+' || c == '=';
  }
  static bool starts_word(std::string_view text, size_t i) {
    if (i == 0) return true;
    char32_t c = ttdn::markdown::utf8::last(text.substr(0, i));
    return !word_char(c) && !joiner(c);
  }
  static bool ends_word(std::string_view text, size_t end) {
    if (end >= text.size()) return true;
    size_t j = end;
    char32_t c = ttdn::markdown::utf8::next(text, j);
    if (word_char(c)) return false;
    if (joiner(c)) {
      if (j >= text.size()) return true;
      size_t k = j;
      return !word_char(ttdn::markdown::utf8::next(text, k));
    }
    return true;
  }

  std::vector<Abbreviation> abbreviations_;
  std::set<std::string> used_;
};

/// Longest first, as abbreviations_for gives them.
std::vector<Abbreviation> listed(std::vector<std::pair<std::string, std::string>> pairs) {
  std::vector<Abbreviation> out;
  for (auto& [abbr, title] : pairs) out.push_back({abbr, title, out.size()});
  std::stable_sort(out.begin(), out.end(), [](const Abbreviation& a, const Abbreviation& b) {
    return a.abbr.size() > b.abbr.size();
  });
  return out;
}

}  // namespace

TEST_CASE("an abbreviation that begins another is marked only as a whole word", "[glossary]") {
  AbbreviationMarker marker(listed({{"UB", "ủy ban"}, {"UBND", "Ủy ban nhân dân"}}));
  // "UBNDX" is neither; "UB" alone is the short one; "UBND" at the very end is the long one.
  CHECK(marks(marker, "UBNDX UB và UBND") ==
        std::vector<std::string>{"6+2:ủy ban", "13+4:Ủy ban nhân dân"});
  CHECK(marks(marker, "UB UBND").empty());  // both used on this page already
}

TEST_CASE("abbreviations starting with a non-ASCII letter or in Chinese are marked",
          "[glossary]") {
  AbbreviationMarker marker(listed({{"ĐCSVN", "Đảng Cộng sản Việt Nam"},
                                    {"中共", "中国共产党"},
                                    {"国务院", "中华人民共和国国务院"}}));
  // "Đảng" shares ĐCSVN's first bytes; "XĐCSVN" and "ĐCSVNs" are other words.
  std::string text = "Đảng XĐCSVN ĐCSVNs; ĐCSVN.";
  CHECK(marks(marker, text) ==
        std::vector<std::string>{std::to_string(text.find("; ĐCSVN") + 2) +
                                 "+6:Đảng Cộng sản Việt Nam"});
  // Chinese is not spaced: two abbreviations side by side are both marked, the second one
  // ending the text.
  CHECK(marks(marker, "中共国务院") ==
        std::vector<std::string>{"0+6:中国共产党", "6+9:中华人民共和国国务院"});
}

TEST_CASE("empty and repeated abbreviations do not disturb the marker", "[glossary]") {
  AbbreviationMarker marker(
      listed({{"", "nothing"}, {"MTTQ", "Mặt trận Tổ quốc"}, {"MTTQ", "mặt trận (bis)"}}));
  CHECK(marks(marker, "x MTTQ") == std::vector<std::string>{"2+4:Mặt trận Tổ quốc"});
  CHECK(marks(marker, "MTTQ").empty());
}

TEST_CASE("the indexed marker marks exactly what trying every abbreviation everywhere marks",
          "[glossary]") {
  auto abbreviations = listed({{"TTĐN", "a"},
                               {"Cụm TTĐN", "b"},
                               {"UB", "c"},
                               {"UBND", "d"},
                               {"UBMTTQ", "e"},
                               {"CT-XH", "f"},
                               {"ĐCSVN", "g"},
                               {"Đ", "h"},
                               {"中共", "i"},
                               {"国务院", "j"},
                               {"Cụm", "k"}});
  // Pieces: the abbreviations, their beginnings, letters, separators, joiners, CJK, and
  // bytes that are not UTF-8.
  const std::vector<std::string> pieces = {
      "TTĐN", "Cụm TTĐN", "UB", "UBND", "UBMTTQ", "CT-XH", "ĐCSVN", "Đ", "中共", "国务院", "Cụm",
      "TT",   "Cụ",       "U",  "CT",   "XH",     "Đả",    "đ",     "中",   "国务", " ",   " ",
      " ",    "-",        "/",  ".",    ",",      "a",     "ả",     "9",    "。",   "（",  "\xC4",
      "\x90", "\xE4\xB8", "_",  "&"};
  std::mt19937 random(20261126);  // fixed: the same texts on every run
  for (int page = 0; page < 400; ++page) {
    AbbreviationMarker indexed(abbreviations);
    PlainMarker plain(abbreviations);
    for (int node = 0; node < 4; ++node) {
      std::string text;
      int length = static_cast<int>(random() % 12);
      for (int k = 0; k < length; ++k) text += pieces[random() % pieces.size()];
      INFO("page " << page << ", text '" << text << "'");
      REQUIRE(marks(indexed, text) == plain(text));
    }
  }
}
