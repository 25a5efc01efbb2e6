// The quarterly bulletin on a whole fixture site, through the real binary: the archive,
// issue pages and print editions in three languages, the draft that must appear nowhere,
// located errors in data files, `ttdn new bulletin`, and `ttdn pdf` (its PDF checked with
// pdfinfo, pdftotext and zbarimg when Chromium and those tools are installed).
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "../qr_reader.h"
#include "../support.h"

using namespace ttdn::testing;

namespace {

const std::string kNow = "2026-06-01T00:00:00+07:00";

std::string site_yaml() {
  return std::string(kSiteYaml) +
         "bulletins:\n"
         "  title: {vi: \"Bản tin Đối ngoại\", en: \"Foreign Affairs Bulletin\", zh: \"对外简报\"}\n"
         "  slug: {vi: ban-tin, en: bulletin, zh: jianbao}\n";
}

/// A 1×1 PNG, the issue's cover.
const std::string kPng(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00"
    "\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c\x63"
    "\x58\x2c\x26\x05\x00\x02\x33\x00\xd4\x17\x4e\x41\x08\x00\x00\x00\x00\x49\x45\x4e\x44\xae"
    "\x42\x60\x82",
    69);

/// Every language version of a draft named for the quarter carries one of these.
const std::vector<std::string> kDraftMarkers = {"TIÊU ĐỀ NHÁP BÍ MẬT", "SECRET DRAFT TITLE",
                                                "秘密草稿标题", "noi-dung-nhap-bi-mat"};

std::string article(const std::string& title, const std::string& date,
                    const std::string& extra = "", const std::string& body = "") {
  return "---\ntitle: \"" + title + "\"\ndate: " + date + "\n" + extra + "---\n" +
         (body.empty() ? "Nội dung bài viết.\n" : body);
}

/// Body text with a heading and a footnote: their ids repeat from article to article.
const std::string kBodyWithNotes =
    "Đoạn mở đầu của bài.\n\n## Bối cảnh\n\nVăn bản có chú thích.[^1]\n\n[^1]: Một chú thích.\n";

/// The fixture portal: two issues (2025-Q4 listing its articles, 2026-Q1 from front matter),
/// a translated article, one in Vietnamese only, and a draft that names 2026-Q1.
void write_portal(const FixtureSite& s) {
  s.write("content/news/hoi-nghi.md",
          article("Hội nghị biên giới", "2026-01-10", "bulletin: 2026-Q1\nsummary: \"Tóm tắt hội nghị.\"\n",
                  kBodyWithNotes));
  s.write("content/news/hoi-nghi.en.md",
          article("Border conference", "2026-01-10", "bulletin: 2026-Q1\n",
                  "Opening paragraph.\n\n## Background\n\nText with a note.[^1]\n\n[^1]: A note.\n"));
  s.write("content/news/hoi-nghi.zh.md",
          article("边界会议", "2026-01-10", "bulletin: 2026-Q1\n", "会议的正文。\n"));
  s.write("content/news/du-lich.md",
          article("Du lịch Bản Giốc", "2026-02-15", "bulletin: 2026-Q1\n", kBodyWithNotes));
  s.write("content/news/noi-dung-nhap-bi-mat.md",
          article("TIÊU ĐỀ NHÁP BÍ MẬT", "2026-03-16", "bulletin: 2026-Q1\ndraft: true\n"));
  s.write("content/news/noi-dung-nhap-bi-mat.en.md",
          article("SECRET DRAFT TITLE", "2026-03-16", "bulletin: 2026-Q1\ndraft: true\n"));
  s.write("content/news/noi-dung-nhap-bi-mat.zh.md",
          article("秘密草稿标题", "2026-03-16", "bulletin: 2026-Q1\ndraft: true\n"));
  s.write("content/news/bai-cu.md", article("Bài quý cũ", "2025-11-01"));
  s.write("content/news/bai-cu.en.md", article("Old quarter article", "2025-11-01"));
  s.write("content/news/khong-chon.md", article("Không được chọn", "2025-11-02", "bulletin: 2025-Q4\n"));
  s.write("content/pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\nVề trang.\n");
  s.write("assets/bulletins/2026-q1-cover.png", kPng);
  s.write("assets/bulletins/2026-q1.pdf", "%PDF-1.4\n% bản PDF của số 1/2026\n");
  s.write("content/bulletins/2026-q1.yaml",
          "year: 2026\nquarter: 1\nnumber: 1\n"
          "title: {vi: \"Bản tin số 1/2026\", en: \"Bulletin No. 1/2026\", zh: \"简报2026年第1期\"}\n"
          "cover: {src: bulletins/2026-q1-cover.png, alt: {vi: \"Thác Bản Giốc mùa nước\", "
          "en: \"Ban Gioc Waterfall in flood season\", zh: \"丰水期的板约瀑布\"}}\n"
          "pdf: {vi: bulletins/2026-q1.pdf}\n");
  s.write("content/bulletins/2025-q4.yaml",
          "year: 2025\nquarter: 4\nnumber: 4\n"
          "title: {vi: \"Bản tin số 4/2025\", en: \"Bulletin No. 4/2025\", zh: \"简报2025年第4期\"}\n"
          "articles: [news/bai-cu]\n");
}

/// A built fixture portal, shared by the checks of one test case.
struct Portal {
  FixtureSite site{site_yaml()};
  RunResult result;
  Portal() {
    write_portal(site);
    result = build(site);
  }
  std::string page(const std::string& path) const { return site.read_out(path + "index.html"); }
};

size_t pos(const std::string& hay, const std::string& needle) { return hay.find(needle); }
bool has(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

RunResult run_shell(const std::string& cmd) {
  RunResult r;
  FILE* pipe = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  int raw = ::pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

bool have_chromium() {
  for (const char* name : {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"})
    if (have_command(name)) return true;
  return false;
}

}  // namespace

TEST_CASE("the bulletin archive lists the issues by year, newest first, in every language",
          "[bulletins][site]") {
  Portal p;
  INFO(p.result.out);
  REQUIRE(p.result.status == 0);
  for (const std::string path : {"ban-tin/", "en/bulletin/", "zh/jianbao/"}) {
    std::string html = p.page(path);
    INFO(path);
    REQUIRE(has(html, "id=\"nam-2026\""));
    REQUIRE(has(html, "id=\"nam-2025\""));
    CHECK(pos(html, "id=\"nam-2026\"") < pos(html, "id=\"nam-2025\""));
    CHECK(has(html, "src=\"/portal/assets/bulletins/2026-q1-cover."));
  }
  std::string vi = p.page("ban-tin/"), en = p.page("en/bulletin/"), zh = p.page("zh/jianbao/");
  CHECK(has(vi, "<h1>Bản tin Đối ngoại</h1>"));
  CHECK(has(vi, "alt=\"Thác Bản Giốc mùa nước\""));
  CHECK(has(en, "alt=\"Ban Gioc Waterfall in flood season\""));
  CHECK(has(zh, "alt=\"丰水期的板约瀑布\""));
  CHECK(has(vi, "href=\"/portal/ban-tin/2026/q1/\""));
  CHECK(has(en, "href=\"/portal/en/bulletin/2025/q4/\""));
  CHECK(has(zh, "简报2026年第1期"));
  // The main navigation leads to the archive, on every page.
  CHECK(has(p.page(""), "href=\"/portal/ban-tin/\""));
  CHECK(has(p.page("en/news/hoi-nghi/"), "href=\"/portal/en/bulletin/\""));
}

TEST_CASE("an issue page shows its dates, contents in order, PDF and neighbours in each language",
          "[bulletins][site]") {
  Portal p;
  INFO(p.result.out);
  REQUIRE(p.result.status == 0);
  std::string vi = p.page("ban-tin/2026/q1/");
  CHECK(has(vi, "1 tháng 1, 2026 – 31 tháng 3, 2026"));
  CHECK(has(vi, "<h1>Bản tin số 1/2026</h1>"));
  REQUIRE(has(vi, ">Hội nghị biên giới</a>"));
  REQUIRE(has(vi, ">Du lịch Bản Giốc</a>"));
  CHECK(pos(vi, ">Hội nghị biên giới</a>") < pos(vi, ">Du lịch Bản Giốc</a>"));  // by date
  CHECK(has(vi, "href=\"/portal/tin-tuc/hoi-nghi/\""));
  CHECK(has(vi, "Tóm tắt hội nghị."));
  CHECK(has(vi, "type=\"application/pdf\""));
  CHECK(has(vi, "href=\"/portal/assets/bulletins/2026-q1."));
  CHECK(has(vi, "rel=\"prev\" href=\"/portal/ban-tin/2025/q4/\""));
  CHECK_FALSE(has(vi, "rel=\"next\""));
  CHECK(has(vi, "href=\"/portal/ban-tin/2026/q1/print/\""));
  CHECK(has(vi, "src=\"/portal/assets/bulletins/2026-q1-cover."));
  CHECK(has(vi, "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.gov.vn/portal/en/bulletin/2026/q1/\">"));
  CHECK(has(vi, "<link rel=\"alternate\" hreflang=\"zh-Hans\" href=\"https://example.gov.vn/portal/zh/jianbao/2026/q1/\">"));
  CHECK(has(vi, "hreflang=\"x-default\" href=\"https://example.gov.vn/portal/ban-tin/2026/q1/\""));
  CHECK(has(vi, "<link rel=\"canonical\" href=\"https://example.gov.vn/portal/ban-tin/2026/q1/\">"));

  std::string en = p.page("en/bulletin/2026/q1/");
  CHECK(has(en, "1 January 2026 – 31 March 2026"));
  CHECK(has(en, "<a href=\"/portal/en/news/hoi-nghi/\">Border conference</a>"));
  // Not translated: the Vietnamese article, marked as such.
  CHECK(has(en, "<a href=\"/portal/tin-tuc/du-lich/\" hreflang=\"vi\" lang=\"vi\">Du lịch Bản Giốc</a>"));
  CHECK(has(en, "Vietnamese only"));
  CHECK(has(en, "1 article has not been translated into English yet"));
  CHECK(has(en, "rel=\"prev\" href=\"/portal/en/bulletin/2025/q4/\""));

  std::string zh = p.page("zh/jianbao/2026/q1/");
  CHECK(has(zh, "2026年1月1日至2026年3月31日"));
  CHECK(has(zh, ">边界会议</a>"));
  CHECK(has(zh, "仅有越南语版"));
  CHECK(has(zh, "lang=\"vi\">Du lịch Bản Giốc</a>"));

  std::string q4 = p.page("ban-tin/2025/q4/");
  CHECK(has(q4, "1 tháng 10, 2025 – 31 tháng 12, 2025"));
  CHECK(has(q4, ">Bài quý cũ</a>"));
  CHECK_FALSE(has(q4, "Không được chọn"));  // names the quarter, but the issue lists its articles
  CHECK(has(q4, "rel=\"next\" href=\"/portal/ban-tin/2026/q1/\""));
  CHECK(has(p.result.out, "content/news/khong-chon.md:4:11: warning:"));
}

TEST_CASE("the print edition holds every article with its QR code on A4 paged media",
          "[bulletins][site]") {
  Portal p;
  INFO(p.result.out);
  REQUIRE(p.result.status == 0);
  std::string vi = p.page("ban-tin/2026/q1/print/");
  CHECK(has(vi, "<h1 id=\"cover-title\">Bản tin số 1/2026</h1>"));
  CHECK(has(vi, "href=\"#bai-1\""));
  CHECK(has(vi, "Đoạn mở đầu của bài."));  // the full article, not only its summary
  CHECK(has(vi, "role=\"img\""));
  CHECK(has(vi, "aria-label=\"Mã QR dẫn đến bài trực tuyến: https://example.gov.vn/portal/tin-tuc/hoi-nghi/\""));
  CHECK(has(vi, "<title>Mã QR dẫn đến bài trực tuyến: https://example.gov.vn/portal/tin-tuc/du-lich/</title>"));
  CHECK(has(vi, "href=\"/portal/assets/css/print."));
  CHECK(has(vi, "href=\"/portal/ban-tin/2026/q1/print/page.css\""));
  CHECK(has(vi, "Nguyễn Văn A"));  // the publisher's details
  // Two articles with the same heading and footnote: ids stay unique on the one page.
  std::set<std::string> ids;
  std::regex id_attr(R"re(\sid="([^"]*)")re");
  for (auto it = std::sregex_iterator(vi.begin(), vi.end(), id_attr); it != std::sregex_iterator(); ++it) {
    INFO((*it)[1]);
    CHECK(ids.insert((*it)[1]).second);
  }
  CHECK(ids.count("bai-1-boi-canh"));
  CHECK(ids.count("bai-2-boi-canh"));
  CHECK(has(vi, "href=\"#bai-2-fn-1\""));
  CHECK(has(vi, "<h3 id=\"bai-1-boi-canh\">"));  // under the article's own <h2>

  std::string css = p.site.read_out("ban-tin/2026/q1/print/page.css");
  CHECK(has(css, "@page"));
  CHECK(has(css, "\"Trang \" counter(page) \"/\" counter(pages)"));
  CHECK(has(css, "Bản tin số 1/2026"));
  std::string print_css;
  for (const auto& [path, bytes] : snapshot(p.site.out()))
    if (path.rfind("assets/css/print.", 0) == 0) print_css = bytes;
  CHECK(has(print_css, "size: A4"));
  CHECK(has(print_css, "break-before: page"));

  std::string en = p.page("en/bulletin/2026/q1/print/");
  CHECK(has(en, "https://example.gov.vn/portal/en/news/hoi-nghi/"));
  CHECK(has(en, "<div class=\"prose print-body\" lang=\"vi\">"));
  CHECK(has(p.site.read_out("en/bulletin/2026/q1/print/page.css"), "\"Page \" counter(page) \" of \" counter(pages)"));
  CHECK(has(p.page("zh/jianbao/2026/q1/print/"), "https://example.gov.vn/portal/zh/xinwen/hoi-nghi/"));

  if (!have_command("zbarimg")) {
    WARN("zbarimg is not installed (zbar-tools, scripts/setup.sh --test): the print page's QR "
         "codes are not decoded");
    return;
  }
  auto symbol = read_qr_svg(vi);
  REQUIRE(symbol.side > 0);
  write_pgm(symbol, p.site.root() / "qr.pgm");
  CHECK(zbar_decode(p.site.root() / "qr.pgm") == "https://example.gov.vn/portal/tin-tuc/hoi-nghi/");
}

TEST_CASE("an article's text edited after a build is in the rebuilt print edition",
          "[bulletins][site][incremental]") {
  // The print edition holds every article's text (issue 10: a rebuild reuses what did not
  // change): the edit must reach it, as a clean build shows it.
  Portal p;
  REQUIRE(p.result.status == 0);
  // Below the first paragraph, so that the article's summary stays the same.
  p.site.write("content/news/hoi-nghi.en.md",
               article("Border conference", "2026-01-10", "bulletin: 2026-Q1\n",
                       "Opening paragraph.\n\n## Background\n\nText revised after the "
                       "conference, with a note.[^1]\n\n[^1]: A note.\n"));
  auto again = build(p.site);
  INFO(again.out);
  REQUIRE(again.status == 0);
  CHECK(has(p.page("en/bulletin/2026/q1/print/"), "revised after the conference"));
  fs::path clean = p.site.root() / "clean";
  auto reference = run_ttdn("build --site " + quoted(p.site.site()) + " --out " + quoted(clean) +
                            " --now 2026-06-01T00:00:00+07:00 --quiet --no-cache");
  INFO(reference.out);
  REQUIRE(reference.status == 0);
  CHECK(snapshot(p.site.out()) == snapshot(clean));
}

TEST_CASE("a draft named for a quarter appears in no bulletin page, nor anywhere else",
          "[bulletins][site]") {
  Portal p;
  INFO(p.result.out);
  REQUIRE(p.result.status == 0);
  auto files = snapshot(p.site.out());
  REQUIRE(files.count("ban-tin/2026/q1/print/index.html"));
  for (const auto& [path, bytes] : files)
    for (const auto& marker : kDraftMarkers) {
      INFO(path << " contains " << marker);
      CHECK_FALSE(has(bytes, marker));
    }
  CHECK(has(p.page("ban-tin/"), "2 bài"));  // the 2026-Q1 issue counts only its two articles

  // With --drafts the editor sees it in the issue, marked as a draft.
  auto r = build(p.site, "--drafts");
  REQUIRE(r.status == 0);
  std::string vi = p.page("ban-tin/2026/q1/");
  CHECK(has(vi, "TIÊU ĐỀ NHÁP BÍ MẬT"));
  CHECK(has(vi, "badge-draft"));
}

TEST_CASE("a site without bulletin issues has no bulletin pages and no menu entry",
          "[bulletins][site]") {
  FixtureSite s(site_yaml());
  s.write("content/news/a.md", article("Bài A", "2026-01-10", "bulletin: 2026-Q1\n"));
  auto r = build(s);
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK_FALSE(s.exists_out("ban-tin/index.html"));
  CHECK_FALSE(has(s.read_out("index.html"), "/portal/ban-tin/"));
  CHECK(has(r.out, "content/news/a.md:4:11: warning: bulletin 2026-Q1 has no issue"));
}

TEST_CASE("a faulty bulletin file stops the build with a located error and changes nothing",
          "[bulletins][site]") {
  Portal p;
  REQUIRE(p.result.status == 0);
  auto before = snapshot(p.site.out());
  struct Case {
    std::string file, text, where;
  };
  const std::string title = "title: {vi: \"Số\"}\n";
  std::vector<Case> cases = {
      {"content/bulletins/2026-q1.yaml", "year: 2026\nquarter: 7\nnumber: 1\n" + title,
       "content/bulletins/2026-q1.yaml:2:10: error: 'quarter' must be from 1 to 4"},
      {"content/bulletins/2026-q1.yaml", "year: 2026\nquarter: 2\nnumber: 1\n" + title,
       "content/bulletins/2026-q1.yaml:1:7: error: file name '2026-q1.yaml' does not match"},
      {"content/bulletins/2026-q2.yaml", "year: 2026\nquarter: 2\nnumber: 1\n" + title,
       "content/bulletins/2026-q2.yaml:3:9: error: issue number 1 of 2026 is already used by content/bulletins/2026-q1.yaml"},
      {"content/bulletins/2026-q1.yaml",
       "year: 2026\nquarter: 1\nnumber: 1\n" + title + "articles: [news/hoi-ngi]\n",
       "content/bulletins/2026-q1.yaml:5:12: error: no article 'news/hoi-ngi'"},
      {"content/bulletins/2026-q1.yaml",
       "year: 2026\nquarter: 1\nnumber: 1\ntitle: {en: \"No. 1\"}\n",
       "content/bulletins/2026-q1.yaml:4:8: error: 'title' needs its 'vi' text"},
      {"content/bulletins/2026-q1.yaml",
       "year: 2026\nquarter: 1\nnumber: 1\n" + title + "cover: {src: bulletins/khong-co.png, alt: {vi: \"Bìa\"}}\n",
       "content/bulletins/2026-q1.yaml:5:14: error: 'cover.src': no file assets/bulletins/khong-co.png"},
  };
  for (const auto& c : cases) {
    SECTION(c.where) {
      p.site.write(c.file, c.text);
      auto r = build(p.site);
      INFO(r.out);
      CHECK(r.status == 1);
      CHECK(has(r.out, c.where));
      CHECK(snapshot(p.site.out()) == before);
    }
  }
}

TEST_CASE("ttdn new bulletin writes the next issue of the year and never overwrites",
          "[bulletins][site][new]") {
  FixtureSite s(site_yaml());
  write_portal(s);
  s.write("content/news/dau-quy-2.md", article("Đầu quý hai", "2026-04-10"));
  s.write("content/news/ghi-quy-2.md", article("Ghi quý hai", "2026-03-30", "bulletin: 2026-Q2\n"));
  s.write("content/news/nhap-quy-2.md", article("Nháp quý hai", "2026-05-01", "draft: true\n"));
  s.write("content/news/sang-quy-3.md", article("Sang quý ba", "2026-05-02", "bulletin: 2026-Q3\n"));
  std::string site = quoted(s.site());

  auto r = run_ttdn("new bulletin 2026-Q2 --site " + site + " --now " + kNow);
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "content/bulletins/2026-q2.yaml"));
  std::string yaml = read_file(s.site() / "content/bulletins/2026-q2.yaml");
  INFO(yaml);
  CHECK(has(yaml, "year: 2026\n"));
  CHECK(has(yaml, "quarter: 2\n"));
  CHECK(has(yaml, "number: 2\n"));  // 2026-Q1 is number 1
  CHECK(has(yaml, "vi: \"Bản tin Đối ngoại Cao Bằng số 2/2026\""));
  CHECK(has(yaml, "en: \"Cao Bang Foreign Affairs Bulletin No. 2/2026\""));
  CHECK(has(yaml, "zh: \"《高平对外简报》2026年第2期\""));
  CHECK(has(yaml, "articles:\n  - news/ghi-quy-2\n  - news/dau-quy-2\n"));
  CHECK_FALSE(has(yaml, "nhap-quy-2"));
  CHECK_FALSE(has(yaml, "sang-quy-3"));

  // The file it wrote is a valid issue.
  auto b = build(s);
  INFO(b.out);
  REQUIRE(b.status == 0);
  std::string page = s.read_out("ban-tin/2026/q2/index.html");
  CHECK(pos(page, ">Ghi quý hai</a>") < pos(page, ">Đầu quý hai</a>"));

  // Never overwrites.
  s.write("content/bulletins/2026-q2.yaml", yaml + "# sửa tay\n");
  auto again = run_ttdn("new bulletin 2026-Q2 --site " + site + " --now " + kNow);
  CHECK(again.status == 1);
  CHECK(has(again.out, "content/bulletins/2026-q2.yaml already exists"));
  CHECK(read_file(s.site() / "content/bulletins/2026-q2.yaml") == yaml + "# sửa tay\n");

  // A quarter with no articles yet, in a year without issues: number 1, no list.
  auto empty = run_ttdn("new bulletin 2027-Q3 --site " + site + " --now " + kNow);
  REQUIRE(empty.status == 0);
  std::string y2027 = read_file(s.site() / "content/bulletins/2027-q3.yaml");
  CHECK(has(y2027, "number: 1\n"));
  CHECK_FALSE(has(y2027, "\narticles:"));

  for (const char* bad : {"2026-Q5", "2026-2", "Q2-2026", "1800-Q1"}) {
    auto r2 = run_ttdn(std::string("new bulletin ") + bad + " --site " + site);
    INFO(bad << ": " << r2.out);
    CHECK(r2.status == 2);
    CHECK(has(r2.out, "expected a quarter YYYY-QN"));
  }
}

TEST_CASE("ttdn pdf refuses unknown quarters and says when there is no Chromium",
          "[bulletins][site][pdf]") {
  FixtureSite s(site_yaml());
  write_portal(s);
  std::string site = quoted(s.site());
  auto unknown = run_ttdn("pdf 2030-Q1 --site " + site + " --now " + kNow);
  CHECK(unknown.status == 1);
  CHECK(has(unknown.out, "there is no bulletin issue for 2030-Q1"));
  auto bad = run_ttdn("pdf 2030-Q9 --site " + site);
  CHECK(bad.status == 2);
  auto lang = run_ttdn("pdf 2026-Q1 --lang fr --site " + site);
  CHECK(lang.status == 2);

  auto none = run_shell("PATH=/nonexistent " + quoted(TTDN_BINARY) + " pdf 2026-Q1 --site " + site +
                        " --now " + kNow + " --out " + quoted(s.root() / "x.pdf"));
  CHECK(none.status == 2);
  CHECK(has(none.out, "no headless Chromium found"));
  CHECK_FALSE(fs::exists(s.root() / "x.pdf"));
  CHECK_FALSE(fs::exists(s.site() / "public"));  // built in a temporary folder
}

TEST_CASE("ttdn pdf prints the print edition to an A4 PDF", "[bulletins][site][pdf]") {
  if (!have_chromium() || !have_command("pdfinfo") || !have_command("pdftotext")) {
    WARN("Chromium or poppler-utils is not installed (scripts/setup.sh --test): the PDF is not "
         "made");
    return;
  }
  FixtureSite s(site_yaml());
  write_portal(s);
  std::string site = quoted(s.site());
  // Default file name, in the current folder.
  auto r = run_shell("cd " + quoted(s.root()) + " && " + quoted(TTDN_BINARY) + " pdf 2026-Q1 --site " +
                     site + " --now " + kNow);
  INFO(r.out);
  REQUIRE(r.status == 0);
  const fs::path pdf = s.root() / "bulletin-2026-q1-vi.pdf";
  REQUIRE(fs::exists(pdf));
  CHECK_FALSE(fs::exists(s.site() / "public"));

  auto info = run_shell("pdfinfo " + quoted(pdf));
  INFO(info.out);
  CHECK(has(info.out, "(A4)"));
  std::smatch m;
  REQUIRE(std::regex_search(info.out, m, std::regex(R"(Pages:\s+(\d+))")));
  CHECK(std::stoi(m[1]) >= 4);  // cover, contents, a page per article
  auto text = run_shell("pdftotext -layout " + quoted(pdf) + " -");
  CHECK(has(text.out, "Bản tin số 1/2026"));
  CHECK(has(text.out, "Hội nghị biên giới"));
  CHECK(has(text.out, "Du lịch Bản Giốc"));
  CHECK(has(text.out, "Văn bản có chú thích."));
  CHECK(has(text.out, "Trang 2/" + std::string(m[1])));
  for (const auto& marker : kDraftMarkers) CHECK_FALSE(has(text.out, marker));

  auto en = run_ttdn("pdf 2026-Q1 --lang en --site " + site + " --now " + kNow + " --out " +
                     quoted(s.root() / "out" / "en.pdf"));
  INFO(en.out);
  REQUIRE(en.status == 0);
  auto en_text = run_shell("pdftotext -layout " + quoted(s.root() / "out" / "en.pdf") + " -");
  CHECK(has(en_text.out, "Border conference"));
  CHECK(has(en_text.out, "Page 2 of"));
  CHECK(has(en_text.out, "https://example.gov.vn/portal/en/bulletin/2026/q1/"));

  if (!have_command("zbarimg") || !have_command("pdftoppm")) {
    WARN("zbarimg or pdftoppm is missing: the printed QR codes are not decoded");
    return;
  }
  // Page 3 is the first article: its printed QR code leads to the public URL.
  auto raster = run_shell("pdftoppm -png -r 150 -f 3 -l 3 " + quoted(pdf) + " " +
                          quoted(s.root() / "page"));
  REQUIRE(raster.status == 0);
  fs::path png;
  for (const auto& e : fs::directory_iterator(s.root()))
    if (e.path().filename().string().rfind("page", 0) == 0 && e.path().extension() == ".png")
      png = e.path();
  REQUIRE(!png.empty());
  CHECK(zbar_decode(png) == "https://example.gov.vn/portal/tin-tuc/hoi-nghi/");
}
