// Whole-site tests of the document library, citation links, explainers and the glossary.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include "../support.h"

using ttdn::testing::build;
using ttdn::testing::FixtureSite;
using ttdn::testing::run_ttdn;

namespace {

const char* kSite = R"(title: {vi: "Cổng thử", en: "Test portal", zh: "测试网"}
base_url: "https://example.gov.vn/portal/"
default_language: vi
languages:
  - {code: vi, name: "Tiếng Việt", hreflang: vi}
  - {code: en, name: "English", hreflang: en}
  - {code: zh, name: "中文", hreflang: zh-Hans}
sections:
  news: {kind: articles, title: {vi: "Tin tức", en: "News", zh: "新闻"}, slug: {vi: tin-tuc, en: news, zh: xinwen}}
  border: {kind: explainers, title: {vi: "Biên giới", en: "Border", zh: "边界"}, slug: {vi: bien-gioi, en: border, zh: bianjie}}
documents:
  title: {vi: "Văn bản chỉ đạo", en: "Guiding documents", zh: "指导文件"}
  slug: {vi: van-ban, en: documents, zh: wenjian}
topics:
  slug: {vi: chu-de, en: topics, zh: zhuti}
  terms:
    bien-gioi: {vi: "Biên giới", en: "Border", zh: "边界"}
glossary:
  title: {vi: "Thuật ngữ", en: "Glossary", zh: "术语"}
  slug: {vi: thuat-ngu, en: glossary, zh: shuyu}
publisher:
  name: {vi: "Trung tâm Thử nghiệm", en: "Test Centre", zh: "测试中心"}
  responsible: "Nguyễn Văn A"
)";

const char* kGuidance2021 = R"(number: "14-HD/BTGTU"
type: huong-dan
issuer: {vi: "Ban Tuyên giáo Tỉnh ủy", en: "Provincial Propaganda Department", zh: "省委宣教部"}
date: 2021-03-30
title: {vi: "Hướng dẫn công tác thông tin đối ngoại năm 2021", en: "Guidance on external information work in 2021", zh: "2021年对外信息工作指导意见"}
summary: {vi: "Tóm tắt.", en: "Summary."}
implements: ["166-HD/BTGTW"]
priorities:
  - {id: "II.3", text: {vi: "Cụm thông tin đối ngoại", en: "Information clusters"}}
  - {id: "II.4", text: {vi: "Ba văn kiện", en: "The three documents"}}
)";

const char* kPlan2023 = R"(number: "142/KH-SNgV"
type: ke-hoach
issuer: {vi: "Sở Ngoại vụ", en: "Department of Foreign Affairs", zh: "外务厅"}
date: 2023-02-03
title: {vi: "Kế hoạch thông tin đối ngoại năm 2023", en: "Plan for 2023", zh: "2023年计划"}
)";

std::string article(const std::string& title, const std::string& date, const std::string& extra,
                    const std::string& body) {
  return "---\ntitle: \"" + title + "\"\ndate: " + date + "\n" + extra + "---\n\n" + body + "\n";
}

/// A small portal: two documents, articles citing them (one a draft), an explainer, a glossary.
void write_portal(const FixtureSite& site) {
  site.write("content/documents/14-hd-btgtu-2021.yaml", kGuidance2021);
  site.write("content/documents/142-kh-sngv-2023.yaml", kPlan2023);
  site.write(
      "content/news/cum-ttdn.md",
      article("Cụm thông tin đối ngoại Bản Giốc", "2021-04-02",
              "directives: [\"14-HD/BTGTU#II.3\"]\n",
              "Thực hiện Hướng dẫn số 14-HD/BTGTU ngày 30/3/2021, công tác TTĐN được đẩy mạnh.\n\n"
              "Công tác TTĐN tiếp tục; Kế hoạch số 3485/KH-UBND của UBND tỉnh."));
  site.write("content/news/cum-ttdn.en.md",
             article("Information clusters at Ban Gioc", "2021-04-02",
                     "directives: [\"14-HD/BTGTU#II.3\"]\n",
                     "Under Guidance No. 14-HD/BTGTU of 30 March 2021, work goes on."));
  site.write("content/news/ke-hoach.md",
             article("Sở Ngoại vụ ban hành kế hoạch năm 2023", "2023-02-05", "",
                     "Kế hoạch số 142/KH-SNgV nêu mười nhóm nhiệm vụ."));
  site.write("content/news/nhap.md", article("Bài nháp về hướng dẫn", "2021-05-01",
                                             "draft: true\ndirectives: [\"14-HD/BTGTU#II.3\"]\n",
                                             "Hướng dẫn số 14-HD/BTGTU."));
  site.write(
      "content/border/hiep-dinh.md",
      "---\ntitle: \"Hiệp định về cửa khẩu\"\nweight: 2\ndirectives: [\"14-HD/BTGTU#II.4\"]\n"
      "faq:\n  - q: \"Cửa khẩu là gì?\"\n    a: \"Nơi qua lại </script> biên giới.\"\n"
      "timeline:\n  - {date: \"2009-11-18\", text: \"Ký tại Bắc Kinh\"}\n"
      "---\n\n## Nội dung\n\nTheo Kế hoạch số 142/KH-SNgV.\n\n## Ý nghĩa\n\nVăn bản.\n");
  site.write("content/border/nghi-dinh-thu.md",
             "---\ntitle: \"Nghị định thư phân giới\"\nweight: 1\n---\n\nNội dung.\n");
  site.write("content/glossary.yaml", R"(- vi: "thông tin đối ngoại"
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
)");
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

ttdn::testing::RunResult check(const FixtureSite& site) {
  return run_ttdn("check --site '" + site.site().string() + "' --now 2026-06-01T00:00:00+07:00");
}

}  // namespace

TEST_CASE("the document library has a list and a page per document", "[documents][site]") {
  FixtureSite site(kSite);
  write_portal(site);
  auto r = build(site);
  INFO(r.out);
  REQUIRE(r.status == 0);

  std::string list = site.read_out("van-ban/index.html");
  CHECK(contains(list, "<h2 id=\"year-2023\">2023</h2>"));
  CHECK(list.find("year-2023") < list.find("year-2021"));  // newest first
  CHECK(contains(list, "href=\"/portal/van-ban/14-hd-btgtu-2021/\""));
  CHECK(contains(list, "data-type=\"huong-dan\""));
  CHECK(contains(list, "<option value=\"ke-hoach\">Kế hoạch</option>"));
  CHECK(contains(list, "<form class=\"doc-filters\" hidden"));  // shown by the script only
  CHECK(site.exists_out("en/documents/index.html"));
  CHECK(site.exists_out("zh/wenjian/142-kh-sngv-2023/index.html"));

  std::string doc = site.read_out("van-ban/14-hd-btgtu-2021/index.html");
  CHECK(contains(doc, "<h1>Hướng dẫn công tác thông tin đối ngoại năm 2021</h1>"));
  CHECK(contains(doc, "<time datetime=\"2021-03-30\">"));
  CHECK(contains(doc, "id=\"priority-ii-3\""));
  // The article citing priority II.3 is listed; the draft is not.
  CHECK(contains(doc, "href=\"/portal/tin-tuc/cum-ttdn/\">Cụm thông tin đối ngoại Bản Giốc</a>"));
  CHECK_FALSE(contains(doc, "Bài nháp"));
  CHECK_FALSE(contains(doc, "/tin-tuc/nhap/"));
  // The explainer cites II.4 in its directives.
  CHECK(contains(doc, "/portal/bien-gioi/hiep-dinh/"));
  // A number it implements that is not in the library stays text.
  CHECK(contains(doc, "<li>166-HD/BTGTW</li>"));

  // English: the article's own translation; the Vietnamese-only explainer falls back, marked.
  std::string en = site.read_out("en/documents/14-hd-btgtu-2021/index.html");
  CHECK(contains(en, "<h1>Guidance on external information work in 2021</h1>"));
  CHECK(contains(en, "href=\"/portal/en/news/cum-ttdn/\">Information clusters at Ban Gioc</a>"));
  CHECK(contains(en, "href=\"/portal/bien-gioi/hiep-dinh/\" hreflang=\"vi\" lang=\"vi\">"));
  CHECK(contains(en, "(in Vietnamese)"));
  CHECK(contains(en, "30 March 2021"));

  // The main navigation has the library and the glossary.
  std::string home = site.read_out("index.html");
  CHECK(contains(home, "<a href=\"/portal/van-ban/\">Văn bản chỉ đạo</a>"));
  CHECK(contains(home, "<a href=\"/portal/thuat-ngu/\">Thuật ngữ</a>"));
}

TEST_CASE("a document's page lists the articles citing it newest first, then by title",
          "[documents][site]") {
  FixtureSite site(kSite);
  site.write("content/documents/142-kh-sngv-2023.yaml", kPlan2023);
  // Written in an order that is neither the dates' nor the titles'.
  const std::pair<const char*, const char*> articles[] = {
      {"Bài B cùng ngày", "2024-05-01"}, {"Bài cũ nhất", "2023-03-01"},
      {"Bài mới nhất", "2025-01-10"},    {"Bài A cùng ngày", "2024-05-01"}};
  int n = 0;
  for (const auto& [title, date] : articles)
    site.write("content/news/bai-" + std::to_string(++n) + ".md",
               article(title, date, "directives: [\"142/KH-SNgV\"]\n", "Nội dung."));
  auto r = build(site);
  INFO(r.out);
  REQUIRE(r.status == 0);
  const std::string doc = site.read_out("van-ban/142-kh-sngv-2023/index.html");
  const size_t newest = doc.find("Bài mới nhất"), a = doc.find("Bài A cùng ngày"),
               b = doc.find("Bài B cùng ngày"), oldest = doc.find("Bài cũ nhất");
  REQUIRE(oldest != std::string::npos);
  CHECK(newest < a);
  CHECK(a < b);
  CHECK(b < oldest);
}

TEST_CASE("citations in article text link to the document pages", "[documents][site]") {
  FixtureSite site(kSite);
  write_portal(site);
  auto r = build(site);
  INFO(r.out);
  REQUIRE(r.status == 0);
  std::string vi = site.read_out("tin-tuc/cum-ttdn/index.html");
  CHECK(
      contains(vi,
               "<a href=\"/portal/van-ban/14-hd-btgtu-2021/\" title=\"Hướng dẫn công tác thông tin "
               "đối ngoại năm 2021\">Hướng dẫn số 14-HD/BTGTU ngày 30/3/2021</a>"));
  // Not in the library: plain text.
  CHECK(contains(vi, "Kế hoạch số 3485/KH-UBND của"));
  // The directives aside.
  CHECK(contains(vi, "class=\"directives\""));
  CHECK(contains(vi, "<a href=\"/portal/van-ban/14-hd-btgtu-2021/\">14-HD/BTGTU</a>"));
  CHECK(contains(vi, "(II.3)"));
  std::string en = site.read_out("en/news/cum-ttdn/index.html");
  CHECK(contains(en,
                 "<a href=\"/portal/en/documents/14-hd-btgtu-2021/\" title=\"Guidance on external "
                 "information work in 2021\">Guidance No. 14-HD/BTGTU of 30 March 2021</a>"));
}

TEST_CASE("check lists citations and directives the library does not have", "[documents][site]") {
  FixtureSite site(kSite);
  write_portal(site);
  site.write("content/news/sai.md",
             article("Bài có chỉ dẫn sai", "2024-01-01",
                     "directives: [\"14-HD/BTGTUU\", \"14-HD/BTGTU#II.9\"]\n", "Không có gì."));
  auto r = check(site);
  INFO(r.out);
  CHECK(r.status == 0);  // warnings and notes only
  // The body of cum-ttdn.md starts on line 7; the unknown plan is on its third line.
  CHECK(contains(r.out, "content/news/cum-ttdn.md:9:"));
  CHECK(contains(r.out, "'3485/KH-UBND' is not in the document library"));
  CHECK(contains(r.out, "content/news/sai.md:4:"));
  CHECK(contains(r.out, "did you mean '14-HD/BTGTU'"));
  CHECK(contains(r.out, "has no priority 'II.9'"));
}

TEST_CASE("bad document files give located errors", "[documents][site]") {
  FixtureSite site(kSite);
  write_portal(site);
  site.write("content/documents/bad.yaml",
             "number: \"14 HD BTGTU\"\ntype: huong-dam\nissuer: {vi: \"Ban\"}\ndate: 2021-13-45\n"
             "title: {vi: \"Sai\"}\n");
  site.write(
      "content/documents/twice.yaml",
      "number: \"14/HD-BTGTU\"\ntype: huong-dan\nissuer: {vi: \"Ban\", en: \"B\", zh: \"部\"}\n"
      "date: 2021-06-01\ntitle: {vi: \"Trùng\", en: \"Same\", zh: \"重\"}\n");
  auto r = check(site);
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK(contains(r.out,
                 "content/documents/bad.yaml:1:9: error: '14 HD BTGTU' is not a document number"));
  CHECK(contains(r.out,
                 "content/documents/bad.yaml:2:7: error: unknown document type 'huong-dam' (did "
                 "you mean 'huong-dan'?)"));
  CHECK(contains(r.out, "content/documents/bad.yaml:4:7: error: 'date' must be a date YYYY-MM-DD"));
  CHECK(
      contains(r.out,
               "content/documents/twice.yaml:1:1: error: '14/HD-BTGTU' of 2021-06-01 has the page "
               "slug '14-hd-btgtu-2021' of content/documents/14-hd-btgtu-2021.yaml"));
}

TEST_CASE("a document's attached file is published under assets/", "[documents][site]") {
  FixtureSite site(kSite);
  write_portal(site);
  site.write("assets/documents/14-hd-btgtu-2021.pdf", "%PDF-1.4 test file");
  site.write("content/documents/14-hd-btgtu-2021.yaml",
             std::string(kGuidance2021) + "file: documents/14-hd-btgtu-2021.pdf\n");
  auto r = build(site);
  INFO(r.out);
  REQUIRE(r.status == 0);
  std::string doc = site.read_out("van-ban/14-hd-btgtu-2021/index.html");
  size_t at = doc.find("<a href=\"/portal/assets/documents/14-hd-btgtu-2021.");
  REQUIRE(at != std::string::npos);
  size_t end = doc.find('"', at + 9);
  std::string url = doc.substr(at + 9, end - at - 9);
  CHECK(site.exists_out(url.substr(std::string("/portal/").size())));
  CHECK(contains(doc, "Tải văn bản (PDF)"));

  site.write("content/documents/142-kh-sngv-2023.yaml",
             std::string(kPlan2023) + "file: documents/missing.pdf\n");
  auto bad = check(site);
  INFO(bad.out);
  CHECK(bad.status == 1);
  CHECK(contains(bad.out,
                 "content/documents/142-kh-sngv-2023.yaml:6:7: error: file 'documents/missing.pdf' "
                 "is not under assets/"));
}

TEST_CASE("one number, two documents: each article links the one of its time",
          "[documents][site]") {
  FixtureSite site(kSite);
  write_portal(site);
  site.write(
      "content/documents/14-hd-btgtu-2024.yaml",
      "number: \"14-HD/BTGTU\"\ntype: huong-dan\nissuer: {vi: \"Ban\", en: \"B\", zh: \"部\"}\n"
      "date: 2024-02-01\ntitle: {vi: \"Hướng dẫn năm 2024\", en: \"Guidance 2024\", zh: "
      "\"2024\"}\n");
  site.write("content/news/moi.md",
             article("Bài năm 2025", "2025-01-10", "", "Theo Hướng dẫn số 14-HD/BTGTU, năm nay."));
  auto r = build(site);
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK(contains(site.read_out("tin-tuc/moi/index.html"),
                 "href=\"/portal/van-ban/14-hd-btgtu-2024/\""));
  CHECK(contains(site.read_out("tin-tuc/cum-ttdn/index.html"),
                 "href=\"/portal/van-ban/14-hd-btgtu-2021/\""));
  CHECK(contains(site.read_out("van-ban/14-hd-btgtu-2024/index.html"), "Bài năm 2025"));
  CHECK_FALSE(contains(site.read_out("van-ban/14-hd-btgtu-2024/index.html"),
                       "Cụm thông tin đối ngoại Bản Giốc"));
}

TEST_CASE("explainers: order by weight, FAQ with JSON-LD, timeline, TOC, related documents",
          "[documents][site]") {
  FixtureSite site(kSite);
  write_portal(site);
  auto r = build(site);
  INFO(r.out);
  REQUIRE(r.status == 0);
  std::string list = site.read_out("bien-gioi/index.html");
  CHECK(list.find("Nghị định thư phân giới") < list.find("Hiệp định về cửa khẩu"));

  std::string page = site.read_out("bien-gioi/hiep-dinh/index.html");
  CHECK(contains(page, "<details><summary>Cửa khẩu là gì?</summary>"));
  CHECK(contains(page, "<time datetime=\"2009-11-18\">18 tháng 11, 2009</time>"));
  CHECK(contains(page, "<a href=\"#noi-dung\">Nội dung</a>"));
  // Related documents: the directive and the plan its text cites.
  CHECK(contains(page, "<h2 id=\"directives-title\">Văn bản liên quan</h2>"));
  CHECK(contains(page, "<a href=\"/portal/van-ban/14-hd-btgtu-2021/\">14-HD/BTGTU</a>"));
  CHECK(contains(page, "<a href=\"/portal/van-ban/142-kh-sngv-2023/\">142/KH-SNgV</a>"));
  // An explainer without author or source shows no empty labels.
  CHECK_FALSE(contains(page, "Tác giả: </span>"));

  const std::string open = "<script type=\"application/ld+json\">";
  size_t at = page.find(open);
  REQUIRE(at != std::string::npos);
  size_t end = page.find("</script>", at);
  nlohmann::json ld = nlohmann::json::parse(page.substr(at + open.size(), end - at - open.size()));
  CHECK(ld["@type"] == "FAQPage");
  CHECK(ld["mainEntity"][0]["name"] == "Cửa khẩu là gì?");
  CHECK(ld["mainEntity"][0]["acceptedAnswer"]["text"] == "Nơi qua lại </script> biên giới.");
}

TEST_CASE("the glossary page and abbreviations on first use", "[glossary][site]") {
  FixtureSite site(kSite);
  write_portal(site);
  auto r = build(site);
  INFO(r.out);
  REQUIRE(r.status == 0);
  std::string vi = site.read_out("thuat-ngu/index.html");
  size_t d = vi.find(">Dương<"), dd = vi.find(">Đà Nẵng<"), t = vi.find(">thông tin đối ngoại<"),
         u = vi.find(">Ủy ban nhân dân<");
  REQUIRE(d != std::string::npos);
  CHECK(d < dd);
  CHECK(dd < t);
  CHECK(t < u);
  CHECK(contains(vi, "<abbr>TTĐN</abbr>"));
  std::string zh = site.read_out("zh/shuyu/index.html");
  // Pinyin: dui (对外信息), ren (人民委员会), xian (岘港), yang (阳).
  CHECK(zh.find(">对外信息<") < zh.find(">人民委员会<"));
  CHECK(zh.find(">人民委员会<") < zh.find(">岘港<"));
  CHECK(zh.find(">岘港<") < zh.find(">阳<"));
  CHECK(site.exists_out("en/glossary/index.html"));

  std::string page = site.read_out("tin-tuc/cum-ttdn/index.html");
  size_t prose = page.find("<div class=\"prose\">");
  REQUIRE(prose != std::string::npos);
  std::string article = page.substr(prose, page.find("</div>", prose) - prose);
  CHECK(count(article, "<abbr title=\"thông tin đối ngoại\">TTĐN</abbr>") == 1);
  CHECK(count(article, "TTĐN") == 2);
  // UBND inside the plan's number is not marked; the UBND after it is.
  CHECK(contains(article, "3485/KH-UBND"));
  CHECK(contains(article, "của <abbr title=\"Ủy ban nhân dân\">UBND</abbr> tỉnh"));
}
