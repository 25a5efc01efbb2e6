// Bulletin data files (content/bulletins/YYYY-qN.yaml): each fault is a located
// diagnostic, and an issue's articles are assembled by the rules of SPEC §4.4.
#include <catch2/catch.hpp>

#include "config/site_config.h"
#include "content/front_matter.h"
#include "content/library.h"
#include "i18n/strings.h"
#include "site/bulletin_set.h"
#include "../support.h"

using namespace ttdn;

namespace {

const config::SiteConfig& test_config() {
  static const config::SiteConfig cfg = [] {
    diag::Diagnostics d;
    auto c = config::parse_site_config(testing::kSiteYaml, d);
    REQUIRE(c);
    return *c;
  }();
  return cfg;
}

/// Assets that exist in these tests.
bool asset_exists(const std::string& rel) {
  return rel == "bulletins/2026-q1-cover.jpg" || rel == "bulletins/2026-q1.pdf";
}

const char* kGoodIssue = R"(year: 2026
quarter: 1
number: 1
title: {vi: "Bản tin số 1/2026", en: "Bulletin No. 1/2026", zh: "简报2026年第1期"}
cover: {src: bulletins/2026-q1-cover.jpg, alt: {vi: "Thác Bản Giốc", en: "Ban Gioc Waterfall", zh: "板约瀑布"}}
pdf: {vi: bulletins/2026-q1.pdf}
)";

std::optional<site::BulletinIssue> parse(const std::string& text, diag::Diagnostics& d,
                                         const std::string& file = "content/bulletins/2026-q1.yaml") {
  return site::parse_bulletin(text, file, test_config(), asset_exists, d);
}

/// The first diagnostic with `code`, or a blank one.
diag::Diagnostic find(const diag::Diagnostics& d, const std::string& code) {
  for (const auto& x : d.sorted())
    if (x.code == code) return x;
  return {};
}

/// A Library of news articles from (file name, front matter) pairs, published at `now`.
content::Library library(const std::vector<std::pair<std::string, std::string>>& files,
                         diag::Diagnostics& d) {
  const auto& cfg = test_config();
  content::Library lib;
  for (const auto& [name, yaml] : files) {
    std::string text = "---\n" + yaml + "---\nBody.\n";
    auto split = content::split_front_matter(text);
    REQUIRE(split);
    content::Page p;
    p.section = "news";
    std::string stem = name;
    p.lang = cfg.default_language;
    for (const auto& l : cfg.languages)
      if (stem.size() > l.code.size() + 1 &&
          stem.compare(stem.size() - l.code.size() - 1, std::string::npos, "." + l.code) == 0) {
        p.lang = l.code;
        stem.resize(stem.size() - l.code.size() - 1);
      }
    p.name = stem;
    p.file = "content/news/" + name + ".md";
    auto fm = content::parse_front_matter(*split, p.file, cfg, p.lang, d);
    REQUIRE(fm);
    p.fm = *fm;
    lib.pages.push_back(std::move(p));
  }
  content::link_translations(lib, cfg, d);
  auto now = content::parse_datetime("2026-06-01T00:00:00+07:00")->epoch;
  for (auto& p : lib.pages) p.published = content::is_published(p.fm, now, false);
  return lib;
}

std::vector<std::string> names(const site::BulletinIssue& issue, const content::Library& lib) {
  std::vector<std::string> out;
  for (size_t g : issue.articles) out.push_back(lib.groups[g].name);
  return out;
}

}  // namespace

TEST_CASE("quarters are read as YYYY-QN and span their three months at +07:00", "[bulletin]") {
  auto q = site::parse_quarter("2026-Q1");
  REQUIRE(q);
  CHECK(q->year == 2026);
  CHECK(q->quarter == 1);
  CHECK(q->key() == "2026-Q1");
  CHECK(q->file_stem() == "2026-q1");
  CHECK(site::parse_quarter("2024-q4"));
  for (const char* bad : {"2026-Q5", "2026-Q0", "26-Q1", "2026Q1", "2026-Q12", "abcd-Q1", ""})
    CHECK_FALSE(site::parse_quarter(bad));

  i18n::Strings s;
  s.set_default_language("vi");
  s.set_table("vi", {{"date_format", {"{d} tháng {m}, {Y}", {}}}});
  CHECK(s.date("vi", q->first_day()) == "1 tháng 1, 2026");
  CHECK(s.date("vi", q->last_day()) == "31 tháng 3, 2026");
  site::Quarter q4{2024, 4};
  CHECK(s.date("vi", q4.first_day()) == "1 tháng 10, 2024");
  CHECK(s.date("vi", q4.last_day()) == "31 tháng 12, 2024");
  site::Quarter leap{2024, 1};
  CHECK(s.date("vi", leap.last_day()) == "31 tháng 3, 2024");

  CHECK(q->contains(*content::parse_datetime("2026-01-01")));
  CHECK(q->contains(*content::parse_datetime("2026-03-31T23:59:00+07:00")));
  CHECK_FALSE(q->contains(*content::parse_datetime("2026-04-01T00:00:00+07:00")));
  // 17:30 UTC on 31 March is already 1 April in Cao Bằng.
  CHECK_FALSE(q->contains(*content::parse_datetime("2026-03-31T17:30:00Z")));
  CHECK_FALSE(q->contains(*content::parse_datetime("2025-12-31T23:59:00+07:00")));
}

TEST_CASE("a good bulletin file is read with its cover, PDF and titles", "[bulletin]") {
  diag::Diagnostics d;
  auto issue = parse(kGoodIssue, d);
  REQUIRE(issue);
  CHECK(d.sorted().empty());
  CHECK(issue->quarter == site::Quarter{2026, 1});
  CHECK(issue->number == 1);
  CHECK(issue->title.at("zh") == "简报2026年第1期");
  REQUIRE(issue->cover);
  CHECK(issue->cover->src == "bulletins/2026-q1-cover.jpg");
  CHECK(issue->cover->alt.at("en") == "Ban Gioc Waterfall");
  CHECK(issue->pdf.at("vi") == "bulletins/2026-q1.pdf");
  CHECK_FALSE(issue->listed);
}

TEST_CASE("each fault of a bulletin file is an error at its line and column", "[bulletin]") {
  struct Case {
    const char* what;
    std::string text;
    std::string file;
    std::string code;
    int line, column;
  };
  const std::string base = "content/bulletins/2026-q1.yaml";
  const std::string title = "title: {vi: \"Số 1\"}\n";
  std::vector<Case> cases = {
      {"year out of range", "year: 1850\nquarter: 1\nnumber: 1\n" + title, base, "bulletin-year", 1, 7},
      {"quarter out of range", "year: 2026\nquarter: 5\nnumber: 1\n" + title, base, "bulletin-quarter", 2, 10},
      {"year not a number", "year: hai-nghìn\nquarter: 1\nnumber: 1\n" + title, base, "wrong-type", 1, 7},
      {"year missing", "quarter: 1\nnumber: 1\n" + title, base, "missing-field", 1, 1},
      {"file name of another quarter", "year: 2026\nquarter: 1\nnumber: 1\n" + title,
       "content/bulletins/2026-q2.yaml", "bulletin-file-name", 1, 7},
      {"number zero", "year: 2026\nquarter: 1\nnumber: 0\n" + title, base, "bulletin-number", 3, 9},
      {"no default-language title", "year: 2026\nquarter: 1\nnumber: 1\ntitle: {en: \"No. 1\"}\n",
       base, "bulletin-title", 4, 8},
      {"title missing", "year: 2026\nquarter: 1\nnumber: 1\n", base, "missing-field", 1, 1},
      {"cover not under assets", "year: 2026\nquarter: 1\nnumber: 1\n" + title +
       "cover:\n  src: ../../etc/passwd\n  alt: {vi: \"Bìa\"}\n", base, "bulletin-cover", 6, 8},
      {"cover file missing", "year: 2026\nquarter: 1\nnumber: 1\n" + title +
       "cover: {src: bulletins/khong-co.jpg, alt: {vi: \"Bìa\"}}\n", base, "bulletin-cover", 5, 14},
      {"cover without alt", "year: 2026\nquarter: 1\nnumber: 1\n" + title +
       "cover: {src: bulletins/2026-q1-cover.jpg}\n", base, "bulletin-cover", 5, 8},
      {"pdf of an unknown language", "year: 2026\nquarter: 1\nnumber: 1\n" + title +
       "pdf: {fr: bulletins/2026-q1.pdf}\n", base, "bulletin-pdf", 5, 7},
      {"pdf file missing", "year: 2026\nquarter: 1\nnumber: 1\n" + title +
       "pdf:\n  vi: bulletins/2026-q1-khac.pdf\n", base, "bulletin-pdf", 6, 7},
      {"article not section/name", "year: 2026\nquarter: 1\nnumber: 1\n" + title +
       "articles:\n  - news/a\n  - hoi-nghi\n", base, "bulletin-article", 7, 5},
      {"articles not a list", "year: 2026\nquarter: 1\nnumber: 1\n" + title +
       "articles: news/a\n", base, "wrong-type", 5, 11},
      {"malformed YAML", "year: 2026\nquarter: [1\nnumber: 1\n", base, "yaml-syntax", 0, 0},
  };
  for (const auto& c : cases) {
    SECTION(c.what) {
      diag::Diagnostics d;
      parse(c.text, d, c.file);
      auto x = find(d, c.code);
      INFO(c.text);
      for (const auto& all : d.sorted()) INFO(diag::format_text(all));
      REQUIRE(x.code == c.code);
      CHECK(x.severity == diag::Severity::error);
      CHECK(x.file == c.file);
      if (c.line > 0) {
        CHECK(x.line == c.line);
        CHECK(x.column == c.column);
      } else {
        CHECK(x.line > 0);
      }
      CHECK_FALSE(x.message.empty());
    }
  }
}

TEST_CASE("a bulletin file warns about unknown fields and missing translations", "[bulletin]") {
  diag::Diagnostics d;
  auto issue = parse("year: 2026\nquarter: 1\nnumber: 1\ntitle: {vi: \"Số 1\", en: \"No. 1\"}\n"
                     "artcles: [news/a]\n",
                     d);
  REQUIRE(issue);
  CHECK_FALSE(d.has_errors());
  auto unknown = find(d, "unknown-field");
  CHECK(unknown.line == 5);
  CHECK(unknown.message.find("did you mean 'articles'") != std::string::npos);
  auto missing = find(d, "missing-translation");
  CHECK(missing.line == 4);
  CHECK(missing.message.find("'zh'") != std::string::npos);
  CHECK(issue->title.count("vi"));
}

TEST_CASE("without a list, an issue holds the published articles naming its quarter, by date",
          "[bulletin]") {
  diag::Diagnostics d;
  auto lib = library({{"c-muon", "title: \"Cuối quý\"\ndate: 2026-03-20\nbulletin: 2026-Q1\n"},
                      {"a-som", "title: \"Đầu quý\"\ndate: 2026-01-05\nbulletin: 2026-q1\n"},
                      {"b-cung-ngay-2", "title: \"Bài B\"\ndate: 2026-02-10\nbulletin: 2026-Q1\n"},
                      {"b-cung-ngay-1", "title: \"Bài A\"\ndate: 2026-02-10\nbulletin: 2026-Q1\n"},
                      {"nhap", "title: \"Bản nháp\"\ndate: 2026-02-01\nbulletin: 2026-Q1\ndraft: true\n"},
                      {"cam", "title: \"Chưa đến giờ\"\ndate: 2026-02-01\nbulletin: 2026-Q1\n"
                              "publish_at: 2027-01-01T00:00:00+07:00\n"},
                      {"quy-khac", "title: \"Quý khác\"\ndate: 2026-02-01\nbulletin: 2025-Q4\n"},
                      {"khong-ban-tin", "title: \"Không\"\ndate: 2026-02-01\n"}},
                     d);
  REQUIRE_FALSE(d.has_errors());
  std::vector<site::BulletinIssue> issues;
  for (const char* text : {kGoodIssue}) issues.push_back(*parse(text, d));
  auto q4 = parse("year: 2025\nquarter: 4\nnumber: 4\ntitle: {vi: \"Số 4\"}\n", d,
                  "content/bulletins/2025-q4.yaml");
  issues.push_back(*q4);
  auto set = site::assemble_bulletins(issues, lib, test_config(), d);
  REQUIRE(set.issues.size() == 2);
  CHECK(set.issues[0].quarter == site::Quarter{2025, 4});  // oldest first
  const auto* q1 = set.find({2026, 1});
  REQUIRE(q1);
  CHECK(names(*q1, lib) ==
        std::vector<std::string>{"a-som", "b-cung-ngay-1", "b-cung-ngay-2", "c-muon"});
  CHECK(names(*set.find({2025, 4}), lib) == std::vector<std::string>{"quy-khac"});
}

TEST_CASE("with a list, an issue holds exactly the published articles listed, in that order",
          "[bulletin]") {
  diag::Diagnostics d;
  auto lib = library({{"mot", "title: \"Một\"\ndate: 2026-01-05\nbulletin: 2026-Q1\n"},
                      {"hai", "title: \"Hai\"\ndate: 2026-02-05\n"},
                      {"ba", "title: \"Ba\"\ndate: 2026-03-05\nbulletin: 2026-Q1\n"},
                      {"nhap", "title: \"Nháp\"\ndate: 2026-03-06\ndraft: true\n"}},
                     d);
  diag::Diagnostics di;
  auto issue = parse(std::string(kGoodIssue) +
                         "articles:\n  - news/hai\n  - news/mot\n  - news/nhap\n  - news/mot\n"
                         "  - news/haii\n",
                     di);
  REQUIRE(issue);
  REQUIRE(issue->listed);
  auto set = site::assemble_bulletins({*issue}, lib, test_config(), di);
  CHECK(names(set.issues[0], lib) == std::vector<std::string>{"hai", "mot"});

  auto unpublished = find(di, "bulletin-unpublished-article");
  CHECK(unpublished.severity == diag::Severity::warning);
  CHECK(unpublished.file == "content/bulletins/2026-q1.yaml");
  CHECK(unpublished.line == 10);
  auto twice = find(di, "bulletin-duplicate-article");
  CHECK(twice.line == 11);
  auto unknown = find(di, "bulletin-unknown-article");
  CHECK(unknown.severity == diag::Severity::error);
  CHECK(unknown.line == 12);
  CHECK(unknown.column == 5);
  CHECK(unknown.message.find("did you mean 'news/hai'") != std::string::npos);
  // `ba` names the quarter but is not listed: it stays out, and the editor is told.
  auto not_listed = find(di, "bulletin-not-listed");
  CHECK(not_listed.file == "content/news/ba.md");
  CHECK(not_listed.line == 4);
}

TEST_CASE("front matter naming a quarter without an issue is a warning at its line", "[bulletin]") {
  diag::Diagnostics d;
  auto lib = library({{"lac", "title: \"Lạc\"\ndate: 2026-05-01\nbulletin: 2026-Q2\n"}}, d);
  diag::Diagnostics di;
  auto set = site::assemble_bulletins({*parse(kGoodIssue, di)}, lib, test_config(), di);
  auto w = find(di, "bulletin-no-issue");
  CHECK(w.severity == diag::Severity::warning);
  CHECK(w.file == "content/news/lac.md");
  CHECK(w.line == 4);
  CHECK(w.column == 11);
  CHECK(w.message.find("2026-Q2") != std::string::npos);
  CHECK(set.issues[0].articles.empty());
}

TEST_CASE("issue numbers are unique within a year, and a quarter has one issue", "[bulletin]") {
  diag::Diagnostics d;
  content::Library lib;
  auto a = parse("year: 2026\nquarter: 1\nnumber: 1\ntitle: {vi: \"A\"}\n", d);
  auto b = parse("year: 2026\nquarter: 2\n\nnumber: 1\ntitle: {vi: \"B\"}\n", d,
                 "content/bulletins/2026-q2.yaml");
  auto c = parse("year: 2025\nquarter: 2\nnumber: 1\ntitle: {vi: \"C\"}\n", d,
                 "content/bulletins/2025-q2.yaml");
  // A second file claiming 2026-Q1 (its name is wrong too).
  diag::Diagnostics named;
  auto e = parse("year: 2026\nquarter: 1\nnumber: 5\ntitle: {vi: \"E\"}\n", named,
                 "content/bulletins/2026-q1-ban-sao.yaml");
  CHECK(find(named, "bulletin-file-name").line == 1);
  REQUIRE((a && b && c && e));
  diag::Diagnostics di;
  auto set = site::assemble_bulletins({*a, *b, *c, *e}, lib, test_config(), di);
  CHECK(set.issues.size() == 3);
  auto dup = find(di, "bulletin-duplicate-number");
  CHECK(dup.file == "content/bulletins/2026-q2.yaml");
  CHECK(dup.line == 4);
  CHECK(dup.message.find("content/bulletins/2026-q1.yaml") != std::string::npos);
  auto twice = find(di, "bulletin-duplicate-quarter");
  CHECK(twice.file == "content/bulletins/2026-q1-ban-sao.yaml");
  CHECK(twice.severity == diag::Severity::error);
  size_t dups = 0;
  for (const auto& x : di.sorted()) dups += x.code == "bulletin-duplicate-number";
  CHECK(dups == 1);  // 2025's number 1 is another year's
}

TEST_CASE("an article is shown in the page's language when translated, else in the original",
          "[bulletin]") {
  diag::Diagnostics d;
  auto lib = library({{"dich", "title: \"Gốc\"\ndate: 2026-01-05\nbulletin: 2026-Q1\n"},
                      {"dich.en", "title: \"Translated\"\ndate: 2026-01-05\nbulletin: 2026-Q1\n"},
                      {"dich.zh", "title: \"草稿\"\ndate: 2026-01-05\ndraft: true\n"},
                      {"goc-nhap", "title: \"Gốc nháp\"\ndate: 2026-01-06\ndraft: true\n"},
                      {"goc-nhap.en", "title: \"Published translation\"\ndate: 2026-01-06\n"}},
                     d);
  const auto& cfg = test_config();
  size_t dich = 0, goc = 0;
  for (size_t g = 0; g < lib.groups.size(); ++g) {
    if (lib.groups[g].name == "dich") dich = g;
    if (lib.groups[g].name == "goc-nhap") goc = g;
  }
  CHECK(site::bulletin_page_in(lib, dich, "en", cfg)->fm.title == "Translated");
  CHECK(site::bulletin_page_in(lib, dich, "zh", cfg)->fm.title == "Gốc");  // draft translation
  // An unpublished original keeps the whole article out, translations included.
  CHECK_FALSE(site::bulletin_article_published(lib, goc, cfg));
  CHECK(site::bulletin_page_in(lib, goc, "en", cfg) == nullptr);
}
