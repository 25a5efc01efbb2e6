// Whole-site tests: fixture sites built by the real binary, asserting on the files written.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "../support.h"

using namespace ttdn::testing;

namespace {

const char* kArticleVi = R"(---
title: "Hội nghị biên giới"
date: 2026-03-02
topics: [bien-gioi]
---
Đoạn mở đầu về **biên giới** Cao Bằng.

## Nội dung

Chi tiết.
)";

const char* kArticleEn = R"(---
title: "Border meeting"
date: 2026-03-02
topics: [bien-gioi]
---
Opening paragraph about the Cao Bang border.
)";

void write_basic(const FixtureSite& s) {
  s.write("content/news/hoi-nghi.md", kArticleVi);
  s.write("content/news/hoi-nghi.en.md", kArticleEn);
  s.write("content/pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\nVề trang.\n");
}

bool any_file_contains(const fs::path& dir, const std::string& needle) {
  for (const auto& [path, bytes] : snapshot(dir))
    if (bytes.find(needle) != std::string::npos || path.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("a trilingual site builds to the URL scheme of SPEC §8", "[site]") {
  FixtureSite s;
  write_basic(s);
  auto r = build(s);
  INFO(r.out);
  REQUIRE(r.status == 0);
  for (const char* p : {"index.html", "en/index.html", "zh/index.html", "tin-tuc/index.html",
                        "en/news/index.html", "zh/xinwen/index.html", "tin-tuc/hoi-nghi/index.html",
                        "en/news/hoi-nghi/index.html", "gioi-thieu/index.html",
                        "chu-de/bien-gioi/index.html", "en/topics/bien-gioi/index.html",
                        "chu-de/index.html", "404.html", "robots.txt", "sitemap.xml"})
    CHECK(s.exists_out(p));
  CHECK_FALSE(s.exists_out("zh/xinwen/hoi-nghi/index.html"));
}

TEST_CASE("hreflang alternates, x-default and the language switcher", "[site]") {
  FixtureSite s;
  write_basic(s);
  REQUIRE(build(s).status == 0);
  std::string en = s.read_out("en/news/hoi-nghi/index.html");
  CHECK(en.find("<html lang=\"en\">") != std::string::npos);
  CHECK(en.find("<link rel=\"canonical\" href=\"https://example.gov.vn/portal/en/news/hoi-nghi/\">") != std::string::npos);
  CHECK(en.find("hreflang=\"vi\" href=\"https://example.gov.vn/portal/tin-tuc/hoi-nghi/\"") != std::string::npos);
  CHECK(en.find("hreflang=\"en\" href=\"https://example.gov.vn/portal/en/news/hoi-nghi/\"") != std::string::npos);
  CHECK(en.find("hreflang=\"x-default\" href=\"https://example.gov.vn/portal/tin-tuc/hoi-nghi/\"") != std::string::npos);
  // No Chinese translation: no zh alternate, and the switcher goes to the Chinese news list.
  CHECK(en.find("hreflang=\"zh-Hans\" href=") == std::string::npos);
  CHECK(en.find("<a href=\"/portal/zh/xinwen/\" hreflang=\"zh-Hans\"") != std::string::npos);
  CHECK(en.find("<a href=\"/portal/tin-tuc/hoi-nghi/\" hreflang=\"vi\"") != std::string::npos);
  // Every link on the page points under base_url's path.
  CHECK(en.find("href=\"/en/") == std::string::npos);
}

TEST_CASE("x-default falls back to the first language that has the page", "[site]") {
  FixtureSite s;
  write_basic(s);
  s.write("content/news/chi-tieng-trung.zh.md",
          "---\ntitle: 仅中文\ndate: 2026-01-05\ntranslation_only: true\n---\n正文。\n");
  s.write("content/news/chi-tieng-trung.en.md",
          "---\ntitle: English and Chinese\ndate: 2026-01-05\ntranslation_only: true\n---\nBody.\n");
  auto r = build(s);
  INFO(r.out);
  REQUIRE(r.status == 0);
  std::string zh = s.read_out("zh/xinwen/chi-tieng-trung/index.html");
  CHECK(zh.find("hreflang=\"x-default\" href=\"https://example.gov.vn/portal/en/news/chi-tieng-trung/\"") != std::string::npos);
  CHECK(zh.find("<a href=\"/portal/tin-tuc/\" hreflang=\"vi\"") != std::string::npos);
}

TEST_CASE("pages carry Open Graph, NewsArticle JSON-LD, dates in their language and the publisher", "[site]") {
  FixtureSite s;
  write_basic(s);
  REQUIRE(build(s).status == 0);
  std::string vi = s.read_out("tin-tuc/hoi-nghi/index.html");
  CHECK(vi.find("<meta property=\"og:title\" content=\"Hội nghị biên giới\">") != std::string::npos);
  auto ld_start = vi.find("<script type=\"application/ld+json\">");
  REQUIRE(ld_start != std::string::npos);
  ld_start += std::string("<script type=\"application/ld+json\">").size();
  auto ld = nlohmann::json::parse(vi.substr(ld_start, vi.find("</script>", ld_start) - ld_start));
  CHECK(ld["@type"] == "NewsArticle");
  CHECK(ld["datePublished"] == "2026-03-02T00:00:00+07:00");
  CHECK(vi.find("2 tháng 3, 2026") != std::string::npos);
  CHECK(s.read_out("en/news/hoi-nghi/index.html").find("2 March 2026") != std::string::npos);
  for (const char* p : {"index.html", "en/news/index.html", "404.html", "chu-de/index.html"})
    CHECK((s.read_out(p).find("Trung tâm Thử nghiệm") != std::string::npos ||
           s.read_out(p).find("Test Centre") != std::string::npos));
  CHECK(s.read_out("en/index.html").find("Test Centre") != std::string::npos);
  CHECK(vi.find("<h2 id=\"noi-dung\">") != std::string::npos);
}

TEST_CASE("drafts and embargoed pages appear nowhere", "[site][publish]") {
  FixtureSite s;
  write_basic(s);
  s.write("content/news/nhap.md",
          "---\ntitle: DRAFTMARKER-7f3a\ndate: 2026-03-01\ntopics: [du-lich]\ndraft: true\n---\nDRAFTBODY-7f3a\n");
  s.write("content/news/cam.md",
          "---\ntitle: EMBARGOMARKER-91c2\ndate: 2026-03-01\npublish_at: 2026-07-01T08:00:00+07:00\n---\nEMBARGOBODY-91c2\n");
  REQUIRE(build(s).status == 0);
  for (const char* marker : {"DRAFTMARKER-7f3a", "DRAFTBODY-7f3a", "EMBARGOMARKER-91c2", "EMBARGOBODY-91c2",
                             "tin-tuc/nhap", "tin-tuc/cam"})
    CHECK_FALSE(any_file_contains(s.out(), marker));
  // The draft's topic has no other page: no topic page at all.
  CHECK_FALSE(s.exists_out("chu-de/du-lich/index.html"));

  SECTION("--drafts shows drafts, marked as drafts; the embargo still holds") {
    REQUIRE(build(s, "--drafts").status == 0);
    std::string draft = s.read_out("tin-tuc/nhap/index.html");
    CHECK(draft.find("DRAFTBODY-7f3a") != std::string::npos);
    CHECK(draft.find("Bản nháp") != std::string::npos);
    CHECK_FALSE(any_file_contains(s.out(), "EMBARGOBODY-91c2"));
  }
  SECTION("after the embargo the page is published") {
    auto r = run_ttdn("build --site '" + s.site().string() + "' --out '" + s.out().string() +
                      "' --now 2026-07-01T08:00:00+07:00 --quiet");
    REQUIRE(r.status == 0);
    CHECK(s.read_out("tin-tuc/cam/index.html").find("EMBARGOBODY-91c2") != std::string::npos);
  }
}

TEST_CASE("a failed build leaves the previous output untouched", "[site][safe-writing]") {
  FixtureSite s;
  write_basic(s);
  REQUIRE(build(s).status == 0);
  auto before = snapshot(s.out());
  s.write("content/news/hong.md", "---\ntitle: Hỏng\ndate: 2026-03-01\ntopics: [bien-gioy]\n---\nx\n");
  s.write("content/pages/gioi-thieu.md", "---\ntitle: Giới thiệu MỚI\n---\nĐã sửa.\n");
  auto r = build(s);
  CHECK(r.status == 1);
  CHECK(r.out.find("content/news/hong.md:4:10: error: unknown topic 'bien-gioy' (did you mean 'bien-gioi'?)") !=
        std::string::npos);
  CHECK(snapshot(s.out()) == before);
}

TEST_CASE("rebuilds are byte-identical, unchanged files are not rewritten, leftovers go", "[site][safe-writing]") {
  FixtureSite s;
  write_basic(s);
  REQUIRE(build(s).status == 0);
  auto first = snapshot(s.out());
  auto mtime = fs::last_write_time(s.out() / "tin-tuc/hoi-nghi/index.html");
  auto again = run_ttdn("build --site '" + s.site().string() + "' --out '" + s.out().string() +
                        "' --now 2026-06-01T00:00:00+07:00 --jobs 1");
  REQUIRE(again.status == 0);
  CHECK(again.out.find("0 written") != std::string::npos);
  CHECK(snapshot(s.out()) == first);
  CHECK(fs::last_write_time(s.out() / "tin-tuc/hoi-nghi/index.html") == mtime);

  // A second folder, other thread count: the same bytes.
  auto other = s.root() / "other";
  REQUIRE(run_ttdn("build --site '" + s.site().string() + "' --out '" + other.string() +
                   "' --now 2026-06-01T00:00:00+07:00 --jobs 4 --quiet").status == 0);
  CHECK(snapshot(other) == first);

  // A file the generator never wrote stays; a page that is gone is removed.
  write_file(s.out() / "google1234.html", "verification");
  fs::remove(s.site() / "content/news/hoi-nghi.en.md");
  REQUIRE(build(s).status == 0);
  CHECK_FALSE(s.exists_out("en/news/hoi-nghi/index.html"));
  CHECK_FALSE(fs::exists(s.out() / "en/news/hoi-nghi"));
  CHECK(s.exists_out("google1234.html"));
}

TEST_CASE("the output folder may not be the site, content/ or an ancestor", "[site][safe-writing]") {
  FixtureSite s;
  write_basic(s);
  for (auto out : {s.site(), s.site() / "content", s.root(), fs::path("/")}) {
    auto before = snapshot(s.site());
    auto r = run_ttdn("build --site '" + s.site().string() + "' --out '" + out.string() + "' --quiet");
    INFO(out.string() << "\n" << r.out);
    CHECK(r.status == 2);
    CHECK(r.out.find("refusing to write") != std::string::npos);
    CHECK(snapshot(s.site()) == before);
  }
}

TEST_CASE("source errors are located, exit 1, nothing written", "[site][diagnostics]") {
  FixtureSite s;
  write_basic(s);
  struct Case {
    const char* file;
    std::string bytes;
    const char* expected;
  };
  std::vector<Case> cases = {
      {"content/news/a.md", "---\ntitle: A\ndate: 2026-01-01\ntopics: [a, b\n---\nx\n", "content/news/a.md:5:1: error: malformed YAML"},
      {"content/news/b.md", "---\ntitle: B\ndate: 2026-01-01\ndraft: maybe\n---\n", "content/news/b.md:4:8: error: 'draft' must be true or false"},
      {"content/news/c.md", "---\ndate: 2026-01-01\n---\nx\n", "content/news/c.md:2:1: error: 'title' is required"},
      {"content/news/d.md", "---\ntitle: D\n---\nx\n", "content/news/d.md:2:1: error: articles need a 'date'"},
      {"content/news/e.en.md", "---\ntitle: E\ndate: 2026-01-01\n---\nx\n", "content/news/e.en.md:1:1: error: translation has no 'vi' original"},
      {"content/news/f.md", "---\ntitle: F\ndate: 2026-01-01\nslug: ../../etc\n---\n", "content/news/f.md:4:1: error: slug '../../etc' must not contain"},
      {"content/news/g.md", "---\ntitle: G\ndate: 2026-01-01\nlayout: fancy\n---\n", "content/news/g.md:4:9: error: layout 'fancy' does not exist"},
      {"content/news/h.md", "---\ntitle: \xC3\x28\n---\n", "content/news/h.md:2:8: error: invalid UTF-8 at byte offset 11"},
      {"content/news/i.md", "---\ntitle: I\ndate: 2026-01-01\nimage: {src: x.jpg}\n---\n", "content/news/i.md:4:8: error: image 'x.jpg' needs 'alt'"},
      {"content/news/hoi-nghi-2.md", "---\ntitle: J\ndate: 2026-01-01\nslug: hoi-nghi\n---\n", "both publish /tin-tuc/hoi-nghi/index.html"},
  };
  REQUIRE(build(s).status == 0);
  auto before = snapshot(s.out());
  for (const auto& c : cases) {
    s.write(c.file, c.bytes);
    auto r = build(s);
    INFO(c.file << "\n" << r.out);
    CHECK(r.status == 1);
    CHECK(r.out.find(c.expected) != std::string::npos);
    CHECK(snapshot(s.out()) == before);
    fs::remove(s.site() / c.file);
  }
}

TEST_CASE("check reports as JSON and writes nothing", "[site][diagnostics]") {
  FixtureSite s;
  write_basic(s);
  s.write("content/news/x.md", "---\ntitle: X\ndate: 2026-01-01\ntopics: [bien-gioy]\ntittle: y\n---\n");
  auto r = run_ttdn("check --site '" + s.site().string() + "' --format json 2>/dev/null");
  CHECK(r.status == 1);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.is_array());
  bool error = false, warning = false;
  for (const auto& d : j) {
    if (d["code"] == "unknown-topic" && d["file"] == "content/news/x.md" && d["line"] == 4 && d["column"] == 10)
      error = d["severity"] == "error";
    if (d["code"] == "unknown-field" && d["line"] == 5) warning = d["severity"] == "warning";
  }
  CHECK(error);
  CHECK(warning);
  CHECK_FALSE(fs::exists(s.site() / "public"));
}

TEST_CASE("usage and environment faults exit 2", "[cli]") {
  FixtureSite s;
  CHECK(run_ttdn("build --site /nonexistent/site").status == 2);
  fs::remove(s.site() / "site.yaml");
  auto r = run_ttdn("build --site '" + s.site().string() + "'");
  CHECK(r.status == 2);
  CHECK(r.out.find("no site.yaml") != std::string::npos);
  CHECK(run_ttdn("build --now yesterday").status == 2);
  CHECK(run_ttdn("build --bogus").status == 2);
  CHECK(run_ttdn("--version").out.find("ttdn ") == 0);
  CHECK(run_ttdn("help build").status == 0);
}

TEST_CASE("text: NFC output, CJK line breaks, Chinese summaries cut by characters", "[site][text]") {
  FixtureSite s;
  write_basic(s);
  // Decomposed "Bản Giốc" in the source, CRLF line ends and a BOM.
  s.write("content/news/nfd.md", "\xEF\xBB\xBF---\r\ntitle: \"Ba\xCC\x89n Gio\xCC\x82\xCC\x81" "c\"\r\ndate: 2026-01-02\r\n---\r\nThác Ba\xCC\x89n.\r\n");
  s.write("content/news/nfd.zh.md", "---\ntitle: 板约\ndate: 2026-01-02\n---\n德天\n瀑布位于中越边境，是亚洲第一大跨国瀑布，也是世界第四大跨国瀑布。瀑布宽约两百米，落差约七十米，景色壮观，四季不同，是中越两国人民友谊的象征，吸引了大量游客前来参观游览。两国在这里建立了合作景区，共同保护和开发旅游资源。\n");
  REQUIRE(build(s).status == 0);
  std::string vi = s.read_out("tin-tuc/nfd/index.html");
  CHECK(vi.find("Bản Giốc") != std::string::npos);
  CHECK(vi.find("Ba\xCC\x89n") == std::string::npos);
  std::string zh = s.read_out("zh/xinwen/nfd/index.html");
  CHECK(zh.find("<p>德天瀑布位于") != std::string::npos);
  std::string list = s.read_out("zh/xinwen/index.html");
  auto at = list.find("<p class=\"summary\">");
  REQUIRE(at != std::string::npos);
  std::string summary = list.substr(at + 19, list.find("</p>", at) - at - 19);
  CHECK(summary.find("…") != std::string::npos);
  CHECK(summary.find(' ') == std::string::npos);
}

TEST_CASE("raw HTML is not published unless allowed, and scripts never are", "[site][security]") {
  FixtureSite s;
  write_basic(s);
  s.write("content/news/html.md",
          "---\ntitle: \"<script>alert('t')</script>\"\ndate: 2026-01-02\n---\n<b>đậm</b> <script>alert(1)</script>\n\n"
          "<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3))\n");
  REQUIRE(build(s).status == 0);
  std::string html = s.read_out("tin-tuc/html/index.html");
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("onerror") == std::string::npos);
  CHECK(html.find("javascript:") == std::string::npos);
  CHECK(html.find("<b>đậm</b>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(&apos;t&apos;)") != std::string::npos);

  std::string yaml = kSiteYaml;
  FixtureSite unsafe(yaml + "markdown: {unsafe_html: true}\n");
  write_basic(unsafe);
  unsafe.write("content/news/html.md", "---\ntitle: T\ndate: 2026-01-02\n---\n<b>đậm</b> <script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n");
  REQUIRE(build(unsafe).status == 0);
  html = unsafe.read_out("tin-tuc/html/index.html");
  CHECK(html.find("<b>đậm</b>") != std::string::npos);
  CHECK(html.find("alert(1)") == std::string::npos);
  CHECK(html.find("onerror") == std::string::npos);
}

TEST_CASE("sections paginate and list only their language's published pages", "[site]") {
  FixtureSite s;
  write_basic(s);
  for (int i = 1; i <= 4; ++i)
    s.write("content/news/bai-" + std::to_string(i) + ".md",
            "---\ntitle: Bài " + std::to_string(i) + "\ndate: 2026-01-0" + std::to_string(i) + "\n---\nx\n");
  REQUIRE(build(s).status == 0);
  // 5 articles, 2 a page: 3 pages in vi, 1 in en.
  CHECK(s.exists_out("tin-tuc/page/3/index.html"));
  CHECK_FALSE(s.exists_out("tin-tuc/page/4/index.html"));
  CHECK_FALSE(s.exists_out("en/news/page/2/index.html"));
  std::string p1 = s.read_out("tin-tuc/index.html");
  CHECK((p1.find("Hội nghị biên giới") < p1.find("Bài 4")));  // newest first
  std::string p2 = s.read_out("tin-tuc/page/2/index.html");
  CHECK(p2.find("Bài 3") != std::string::npos);
  CHECK(p2.find("rel=\"prev\" href=\"/portal/tin-tuc/\"") != std::string::npos);
  // Page 2 exists only in vi: no en alternate.
  CHECK(p2.find("<link rel=\"alternate\" hreflang=\"en\"") == std::string::npos);
  CHECK(p2.find("<link rel=\"alternate\" hreflang=\"vi\"") != std::string::npos);
}

TEST_CASE("a translation is linked to its original whatever file sorts between them", "[site]") {
  FixtureSite s;
  write_basic(s);
  // In name order: a.en.md, a.f.md, a.md ("a.f" is a page of its own: f is no language).
  s.write("content/news/a.md", "---\ntitle: Bài A\ndate: 2026-01-02\n---\nx\n");
  s.write("content/news/a.en.md", "---\ntitle: Article A\ndate: 2026-01-02\n---\nx\n");
  s.write("content/news/a.f.md", "---\ntitle: Bài F\ndate: 2026-01-03\n---\nx\n");
  auto r = build(s);
  INFO(r.out);
  REQUIRE(r.status == 0);
  const std::string en = s.read_out("en/news/a/index.html");
  CHECK(en.find("<link rel=\"alternate\" hreflang=\"vi\" href=\"https://example.gov.vn/portal/tin-tuc/a/\"") !=
        std::string::npos);
  CHECK(s.exists_out("tin-tuc/a-f/index.html"));
}

TEST_CASE("a long list's pager shows the first and last pages and those near the current one",
          "[site]") {
  FixtureSite s;
  write_basic(s);
  // With the meeting article: 18 articles, 2 a page, 9 pages.
  for (int i = 1; i <= 17; ++i)
    s.write("content/news/bai-" + std::to_string(i) + ".md",
            "---\ntitle: Bài " + std::to_string(i) + "\ndate: 2025-01-" +
                (i < 10 ? "0" : "") + std::to_string(i) + "\n---\nx\n");
  REQUIRE(build(s).status == 0);
  REQUIRE(s.exists_out("tin-tuc/page/9/index.html"));
  // The numbers a pager shows, in order ("…" for a gap, [n] for the current page).
  auto pager = [&](const std::string& file) {
    std::string html = s.read_out(file), shown;
    const size_t begin = html.find("<nav class=\"pagination\"");
    const size_t end = html.find("</nav>", begin);
    REQUIRE(begin != std::string::npos);
    const std::string nav = html.substr(begin, end - begin);
    for (size_t at = nav.find("<li"); at != std::string::npos; at = nav.find("<li", at + 1)) {
      const std::string item = nav.substr(at, nav.find("</li>", at) - at);
      std::string text;  // the item without its tags
      bool in_tag = false;
      for (char c : item) {
        if (c == '<' || c == '>')
          in_tag = c == '<';
        else if (!in_tag)
          text += c;
      }
      shown += item.find("aria-current") != std::string::npos ? "[" + text + "] " : text + " ";
    }
    return shown;
  };
  CHECK(pager("tin-tuc/index.html") == "[1] 2 3 … 9 ");
  CHECK(pager("tin-tuc/page/4/index.html") == "1 2 3 [4] 5 6 … 9 ");
  CHECK(pager("tin-tuc/page/5/index.html") == "1 2 3 4 [5] 6 7 8 9 ");
  CHECK(pager("tin-tuc/page/6/index.html") == "1 … 4 5 [6] 7 8 9 ");
  CHECK(pager("tin-tuc/page/9/index.html") == "1 … 7 8 [9] ");
  // Each number links to its page.
  CHECK(s.read_out("tin-tuc/page/6/index.html").find("<a href=\"/portal/tin-tuc/page/4/\">4</a>") !=
        std::string::npos);
}

TEST_CASE("a missing partial is an error naming it", "[site][templates]") {
  FixtureSite s;
  write_basic(s);
  s.write("templates/page.mustache", "<!DOCTYPE html>{{> nonexistent}}");
  auto r = build(s);
  CHECK(r.status == 1);
  CHECK(r.out.find("templates/page.mustache:1: error: partial 'nonexistent' does not exist") != std::string::npos);
}
