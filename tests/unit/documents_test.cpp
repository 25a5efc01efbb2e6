#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "../support.h"
#include "config/site_config.h"
#include "markdown/markdown.h"
#include "site/document_index.h"

using ttdn::diag::Diagnostic;
using ttdn::diag::Diagnostics;
using ttdn::diag::Severity;
using ttdn::site::CitationLinker;
using ttdn::site::Document;
using ttdn::site::DocumentIndex;
using ttdn::site::parse_document;

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

std::string document_yaml(const std::string& number, const std::string& date,
                          const std::string& title = "Hướng dẫn") {
  return "number: \"" + number +
         "\"\ntype: huong-dan\nissuer: {vi: \"Ban\", en: \"Board\", zh: \"部\"}\n"
         "date: " +
         date + "\ntitle: {vi: \"" + title +
         "\", en: \"Guidance\", zh: \"指导\"}\n"
         "priorities:\n  - {id: \"II.3\", text: {vi: \"Ưu tiên\"}}\n";
}

Document parsed(const std::string& yaml, const std::string& file = "content/documents/x.yaml") {
  Diagnostics d;
  auto doc = parse_document(yaml, file, site_config(), d);
  INFO(yaml);
  REQUIRE(doc);
  return *doc;
}

std::vector<Diagnostic> problems(const std::string& yaml) {
  Diagnostics d;
  parse_document(yaml, "content/documents/bad.yaml", site_config(), d);
  return d.sorted();
}

bool has(const std::vector<Diagnostic>& ds, Severity s, int line, int column,
         const std::string& words) {
  for (const auto& d : ds)
    if (d.severity == s && d.line == line && (column == 0 || d.column == column) &&
        d.message.find(words) != std::string::npos)
      return true;
  return false;
}

std::shared_ptr<DocumentIndex> index_of(std::vector<Document> docs) {
  auto index = std::make_shared<DocumentIndex>();
  Diagnostics d;
  index->build(std::move(docs), d);
  return index;
}

int64_t day(const char* iso) {
  return ttdn::content::parse_datetime(iso)->epoch;
}

}  // namespace

TEST_CASE("a document file is read with its slug", "[documents]") {
  Document d = parsed(document_yaml("14-HD/BTGTU", "2021-03-30"));
  CHECK(d.number == "14-HD/BTGTU");
  CHECK(d.year == 2021);
  CHECK(d.slug == "14-hd-btgtu-2021");
  REQUIRE(d.priorities.size() == 1);
  CHECK(d.priorities[0].id == "II.3");
  // A number that holds its year keeps it once.
  CHECK(parsed(document_yaml("42/2022/NĐ-CP", "2022-06-24")).slug == "42-2022-nd-cp");
  CHECK(parsed(document_yaml("142/KH-SNgV", "2023-02-03")).slug == "142-kh-sngv-2023");
}

TEST_CASE("faults in a document file are located", "[documents]") {
  SECTION("a number of no known shape") {
    auto ds = problems(document_yaml("14 HD BTGTU", "2021-03-30"));
    CHECK(has(ds, Severity::error, 1, 9, "not a document number"));
  }
  SECTION("an unknown type, with a suggestion") {
    std::string yaml = document_yaml("14-HD/BTGTU", "2021-03-30");
    yaml.replace(yaml.find("huong-dan"), 9, "huong-dam");
    auto ds = problems(yaml);
    CHECK(has(ds, Severity::error, 2, 7, "did you mean 'huong-dan'"));
  }
  SECTION("a date that is not a date") {
    auto ds = problems(document_yaml("14-HD/BTGTU", "30/3/2021"));
    CHECK(has(ds, Severity::error, 4, 7, "YYYY-MM-DD"));
  }
  SECTION("a title without the default language is an error; a missing translation warns") {
    auto ds = problems(
        "number: \"14-HD/BTGTU\"\ntype: huong-dan\nissuer: Ban\ndate: 2021-03-30\n"
        "title: {en: \"Guidance\"}\n");
    CHECK(has(ds, Severity::error, 5, 8, "default language 'vi'"));
    auto warn = problems(
        "number: \"14-HD/BTGTU\"\ntype: huong-dan\nissuer: {vi: Ban, en: B, zh: 部}\n"
        "date: 2021-03-30\ntitle: {vi: \"Hướng dẫn\", en: \"Guidance\"}\n");
    CHECK(has(warn, Severity::warning, 5, 8, "no 'zh' text"));
  }
  SECTION("two priorities with one id") {
    std::string yaml = document_yaml("14-HD/BTGTU", "2021-03-30") +
                       "  - {id: \"II.3\", text: {vi: \"Lần nữa\"}}\n";
    auto ds = problems(yaml);
    CHECK(has(ds, Severity::error, 8, 10, "already defined on line 7"));
  }
  SECTION("an unknown field warns with the nearest name") {
    auto ds = problems(document_yaml("14-HD/BTGTU", "2021-03-30") + "sumary: {vi: x}\n");
    CHECK(has(ds, Severity::warning, 8, 1, "did you mean 'summary'"));
  }
  SECTION("missing required fields") {
    auto ds = problems("number: \"14-HD/BTGTU\"\n");
    CHECK(has(ds, Severity::error, 1, 1, "no 'type'"));
    CHECK(has(ds, Severity::error, 1, 1, "no 'date'"));
    CHECK(has(ds, Severity::error, 1, 1, "no 'title'"));
  }
}

TEST_CASE("two documents on one slug are an error naming both", "[documents]") {
  Diagnostics d;
  DocumentIndex index;
  index.build({parsed(document_yaml("14-HD/BTGTU", "2021-03-30"), "content/documents/a.yaml"),
               parsed(document_yaml("14/HD-BTGTU", "2021-05-01"), "content/documents/b.yaml")},
              d);
  auto ds = d.sorted();
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].file == "content/documents/b.yaml");
  CHECK(ds[0].message.find("content/documents/a.yaml") != std::string::npos);
  CHECK(index.docs.size() == 1);
}

TEST_CASE("a number naming two documents means the latest on or before the citing page",
          "[documents]") {
  auto index = index_of({parsed(document_yaml("14-HD/BTGTU", "2021-03-30", "Năm 2021")),
                         parsed(document_yaml("14-HD/BTGTU", "2024-02-01", "Năm 2024"))});
  REQUIRE(index->docs.size() == 2);
  CHECK(index->resolve("14-HD/BTGTU", day("2022-01-10"))->slug == "14-hd-btgtu-2021");
  CHECK(index->resolve("14-HD/BTGTU", day("2024-02-01"))->slug == "14-hd-btgtu-2024");
  CHECK(index->resolve("14-HD/BTGTU", day("2026-01-01"))->slug == "14-hd-btgtu-2024");
  // Undated pages (explainers) mean the latest; pages older than both, the earliest.
  CHECK(index->resolve("14-HD/BTGTU", std::nullopt)->slug == "14-hd-btgtu-2024");
  CHECK(index->resolve("14-HD/BTGTU", day("2020-01-01"))->slug == "14-hd-btgtu-2021");
  // A date the citation states wins.
  CHECK(index->resolve("14-HD/BTGTU", day("2026-01-01"), ttdn::markdown::CitedDate{2021, 3, 30})
            ->slug == "14-hd-btgtu-2021");
  CHECK(index->resolve("14-HD/BTGTU", day("2026-01-01"), ttdn::markdown::CitedDate{2021, 0, 0})
            ->slug == "14-hd-btgtu-2021");
  CHECK(index->resolve("99-HD/BTGTU", day("2026-01-01")) == nullptr);

  // The same through the links of two pages.
  auto link_of = [&](const char* page_date, std::string_view text) {
    CitationLinker linker(index, day(page_date), [&](size_t doc) {
      return CitationLinker::Target{"/van-ban/" + index->docs[doc].slug + "/", "t"};
    });
    auto spans = linker(text);
    REQUIRE(spans.size() == 1);
    return spans[0].href;
  };
  CHECK(link_of("2022-06-01", "Hướng dẫn số 14-HD/BTGTU") == "/van-ban/14-hd-btgtu-2021/");
  CHECK(link_of("2025-06-01", "Hướng dẫn số 14-HD/BTGTU") == "/van-ban/14-hd-btgtu-2024/");
}

TEST_CASE("citations become links only in running text", "[documents]") {
  auto index = index_of({parsed(document_yaml("57-KL/TW", "2023-06-15", "Kết luận"))});
  std::vector<std::string> unresolved;
  auto linker = std::make_shared<CitationLinker>(
      index, day("2024-01-01"),
      [&](size_t doc) {
        return CitationLinker::Target{"/van-ban/" + index->docs[doc].slug + "/",
                                      index->docs[doc].title.at("vi")};
      },
      [&](const ttdn::markdown::Citation& c, std::string_view) { unresolved.push_back(c.number); });
  ttdn::markdown::Options options;
  options.annotate = [linker](std::string_view text) { return (*linker)(text); };
  std::string source =
      "## Kết luận số 57-KL/TW\n\n"
      "Thực hiện Kết luận số 57-KL/TW ngày 15/6/2023 và Công văn số 2049-CV/TU.\n\n"
      "Mã `57-KL/TW` và [Kết luận 57-KL/TW](https://example.org/57).\n\n"
      "```\n57-KL/TW\n```\n";
  std::string html = ttdn::markdown::render(source, options).html;
  INFO(html);
  CHECK(
      html.find("<a href=\"/van-ban/57-kl-tw-2023/\" title=\"Kết luận\">Kết luận số 57-KL/TW ngày "
                "15/6/2023</a>") != std::string::npos);
  CHECK(html.find("<h2 id=\"ket-luan-so-57-kl-tw\">Kết luận số 57-KL/TW</h2>") !=
        std::string::npos);
  CHECK(html.find("<code>57-KL/TW</code>") != std::string::npos);
  CHECK(html.find("<a href=\"https://example.org/57\">Kết luận 57-KL/TW</a>") != std::string::npos);
  CHECK(html.find("<pre><code>57-KL/TW\n</code></pre>") != std::string::npos);
  // Exactly one link to the document: the one in the running text.
  size_t links = 0;
  for (size_t at = html.find("/van-ban/57-kl-tw-2023/"); at != std::string::npos;
       at = html.find("/van-ban/57-kl-tw-2023/", at + 1))
    ++links;
  CHECK(links == 1);
  CHECK(unresolved == std::vector<std::string>{"2049-CV/TU"});
  CHECK(html.find("Công văn số 2049-CV/TU.") != std::string::npos);
}
