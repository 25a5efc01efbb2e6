#include <catch2/catch.hpp>

#include "config/site_config.h"
#include "i18n/strings.h"
#include "site/url_scheme.h"
#include "../support.h"

using namespace ttdn;

TEST_CASE("site.yaml is read into languages, sections and topics", "[config]") {
  diag::Diagnostics d;
  auto cfg = config::parse_site_config(testing::kSiteYaml, d);
  REQUIRE(cfg);
  CHECK(cfg->languages.size() == 3);
  CHECK(cfg->language("zh")->hreflang == "zh-Hans");
  CHECK(cfg->section("news")->paginate == 2);
  CHECK(cfg->topic("du-lich")->name.at("zh") == "旅游");
  CHECK(cfg->text(cfg->publisher.name, "en") == "Test Centre");
  // The address has no translations: the default language is used, no error.
  CHECK(cfg->text(cfg->publisher.address, "en").empty());
}

TEST_CASE("a key missing for a language falls back with a warning; in the default it is an error",
          "[config]") {
  std::string yaml = testing::kSiteYaml;
  yaml.replace(yaml.find("title: {vi: \"Cổng thử\", en: \"Test portal\", zh: \"测试网\"}"),
               std::string("title: {vi: \"Cổng thử\", en: \"Test portal\", zh: \"测试网\"}").size(),
               "title: {vi: \"Cổng thử\", en: \"Test portal\", fr: \"Portail\"}");
  diag::Diagnostics d;
  auto cfg = config::parse_site_config(yaml, d);
  REQUIRE(cfg);
  CHECK(cfg->text(cfg->title, "zh") == "Cổng thử");
  bool warned_zh = false, warned_fr = false;
  for (const auto& x : d.sorted()) {
    if (x.message.find("no 'zh' text") != std::string::npos) warned_zh = true;
    if (x.message.find("'fr'") != std::string::npos) warned_fr = true;
  }
  CHECK(warned_zh);
  CHECK(warned_fr);

  yaml.replace(yaml.find("vi: \"Cổng thử\", "), std::string("vi: \"Cổng thử\", ").size(), "");
  diag::Diagnostics d2;
  CHECK_FALSE(config::parse_site_config(yaml, d2));
  CHECK(d2.has_errors());
}

namespace {

/// Whether `d` holds a "wrong-type" error naming `setting`, on a line of site.yaml.
bool located_wrong_type(const diag::Diagnostics& d, const std::string& setting) {
  for (const auto& x : d.sorted())
    if (x.code == "wrong-type" && x.message.find("'" + setting + "'") != std::string::npos &&
        x.line > 1)
      return true;
  return false;
}

}  // namespace

TEST_CASE("a 'markdown' setting that is not a map is a located error", "[config]") {
  // Found by fuzzing: `markdown: false` used to throw out of the parser.
  std::string yaml = std::string(testing::kSiteYaml) + "markdown: false\n";
  diag::Diagnostics d;
  CHECK_FALSE(config::parse_site_config(yaml, d));
  CHECK(located_wrong_type(d, "markdown"));
}

TEST_CASE("a 'topics' setting that is not a map is a located error", "[config]") {
  // Found by fuzzing: looking for the terms of `topics: text` threw out of the parser.
  std::string yaml = testing::kSiteYaml;
  const size_t from = yaml.find("topics:\n"), to = yaml.find("publisher:\n");
  REQUIRE(from < to);
  yaml.replace(from, to - from, "topics:\n  chu-de\n");
  diag::Diagnostics d;
  CHECK_FALSE(config::parse_site_config(yaml, d));
  CHECK(located_wrong_type(d, "topics"));
}

TEST_CASE("URLs follow SPEC §8 under a base_url with a path", "[urls]") {
  diag::Diagnostics d;
  auto cfg = config::parse_site_config(testing::kSiteYaml, d);
  REQUIRE(cfg);
  site::UrlScheme urls(*cfg, cfg->base_url);
  const auto& news = *cfg->section("news");
  const auto& pages = *cfg->section("pages");
  CHECK(urls.home("vi").empty());
  CHECK(urls.home("en") == "en/");
  CHECK(urls.section(news, "vi") == "tin-tuc/");
  CHECK(urls.section(news, "zh", 2) == "zh/xinwen/page/2/");
  CHECK(urls.page(news, "en", "x") == "en/news/x/");
  CHECK(urls.page(pages, "vi", "gioi-thieu") == "gioi-thieu/");
  CHECK(urls.area(cfg->topics, "en", "bien-gioi/") == "en/topics/bien-gioi/");
  CHECK(urls.href("en/news/") == "/portal/en/news/");
  CHECK(urls.absolute("en/news/") == "https://example.gov.vn/portal/en/news/");
}

TEST_CASE("interface strings: placeholders, plurals, dates, fallback", "[i18n]") {
  i18n::Strings s;
  s.set_default_language("vi");
  s.set_table("vi", {{"date_format", {"{d} tháng {m}, {Y}", {}}},
                     {"hello", {"Chào {name}", {}}},
                     {"n", {"", {{"other", "{count} bài"}}}}});
  s.set_table("en", {{"date_format", {"{d} {month} {Y}", {}}},
                     {"month_3", {"March", {}}},
                     {"n", {"", {{"one", "{count} article"}, {"other", "{count} articles"}}}}});
  auto t = *ttdn::content::parse_datetime("2021-03-30");
  CHECK(s.date("vi", t) == "30 tháng 3, 2021");
  CHECK(s.date("en", t) == "30 March 2021");
  CHECK(s.format("en", "n", {}, 1) == "1 article");
  CHECK(s.format("en", "n", {}, 2214) == "2,214 articles");
  CHECK(s.format("vi", "n", {}, 2214) == "2.214 bài");
  CHECK(s.format("en", "hello", {{"name", "Ana"}}) == "Chào Ana");  // falls back to vi

  // Every placeholder a date format may use; unknown ones, a month without its name and an
  // unclosed brace stay as written; no format at all gives ISO order.
  s.set_table("zh", {{"date_format", {"{Y}年{mm}月{dd}日 {m}/{d} {month} {x} {Y", {}}}});
  auto early = *ttdn::content::parse_datetime("2026-01-05");
  CHECK(s.date("zh", early) == "2026年01月05日 1/5 {month} {x} {Y");
  CHECK(s.date("en", early) == "5 {month} 2026");
  i18n::Strings bare;
  CHECK(bare.date("vi", early) == "2026-01-05");
}
