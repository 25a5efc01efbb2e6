// The page families rendered on several threads after the content pages (document pages,
// topic pages, bulletins with their print editions, section lists and the homes) give the
// same bytes and the same diagnostics whatever --jobs says.
#include <catch2/catch.hpp>

#include <string>

#include "../support.h"

using namespace ttdn::testing;

namespace {

const char* kSite = R"(title: {vi: "Cổng thử", en: "Test portal", zh: "测试网"}
base_url: "https://example.gov.vn/portal/"
default_language: vi
languages:
  - {code: vi, name: "Tiếng Việt", hreflang: vi}
  - {code: en, name: "English", hreflang: en}
  - {code: zh, name: "中文", hreflang: zh-Hans}
sections:
  news: {kind: articles, title: {vi: "Tin tức", en: "News", zh: "新闻"}, slug: {vi: tin-tuc, en: news, zh: xinwen}, paginate: 2}
  border: {kind: explainers, title: {vi: "Biên giới", en: "Border", zh: "边界"}, slug: {vi: bien-gioi, en: border, zh: bianjie}, paginate: 2}
  pages: {kind: pages, title: {vi: "Trang", en: "Pages", zh: "页面"}, slug: {vi: "", en: "", zh: ""}}
documents:
  title: {vi: "Văn bản chỉ đạo", en: "Guiding documents", zh: "指导文件"}
  slug: {vi: van-ban, en: documents, zh: wenjian}
bulletins:
  title: {vi: "Bản tin Đối ngoại", en: "Foreign Affairs Bulletin", zh: "对外简报"}
  slug: {vi: ban-tin, en: bulletin, zh: jianbao}
topics:
  slug: {vi: chu-de, en: topics, zh: zhuti}
  terms:
    bien-gioi: {vi: "Biên giới", en: "Border", zh: "边界"}
    du-lich: {vi: "Du lịch", en: "Tourism", zh: "旅游"}
    kinh-te: {vi: "Kinh tế", en: "Economy", zh: "经济"}
    van-hoa: {vi: "Văn hóa", en: "Culture", zh: "文化"}
publisher:
  name: {vi: "Trung tâm Thử nghiệm", en: "Test Centre", zh: "测试中心"}
  responsible: "Nguyễn Văn A"
)";

const char* kTopics[] = {"bien-gioi", "du-lich", "kinh-te", "van-hoa"};

/// Six documents, a dozen articles in three languages citing them under topics, in two
/// bulletin issues, two explainers, and one article citing a document that does not exist.
void write_portal(const FixtureSite& s) {
  for (int d = 1; d <= 6; ++d) {
    std::string n = std::to_string(d);
    s.write("content/documents/" + n + "-kh-ubnd.yaml",
            "number: \"" + n + "/KH-UBND\"\ntype: ke-hoach\n"
            "issuer: {vi: \"UBND tỉnh\", en: \"Provincial People's Committee\", zh: \"省人民委员会\"}\n"
            "date: 2025-0" + n + "-10\n"
            "title: {vi: \"Kế hoạch số " + n + "\", en: \"Plan no. " + n + "\", zh: \"第" + n + "号计划\"}\n"
            "priorities:\n  - {id: \"1\", text: {vi: \"Ưu tiên một\", en: \"Priority one\"}}\n");
  }
  for (int i = 1; i <= 12; ++i) {
    std::string n = std::to_string(i), month = i < 10 ? "0" + n : n;
    std::string date = "2025-" + month + "-05";
    std::string fm = "date: " + date + "\ntopics: [" + kTopics[i % 4] + ", " + kTopics[(i + 1) % 4] +
                     "]\ndirectives: [\"" + std::to_string(1 + i % 6) + "/KH-UBND#1\"]\n" +
                     "bulletin: 2025-Q" + std::to_string(1 + (i - 1) / 3) + "\n";
    s.write("content/news/bai-" + n + ".md",
            "---\ntitle: \"Bài số " + n + "\"\n" + fm + "---\nNội dung theo Kế hoạch " +
                std::to_string(1 + (i + 2) % 6) + "/KH-UBND.\n\n## Bối cảnh\n\nChú thích.[^1]\n\n[^1]: Một.\n");
    if (i % 2 == 0)
      s.write("content/news/bai-" + n + ".en.md",
              "---\ntitle: \"Article " + n + "\"\n" + fm + "---\nText of article " + n + ".\n");
    if (i % 3 == 0)
      s.write("content/news/bai-" + n + ".zh.md",
              "---\ntitle: \"文章" + n + "\"\n" + fm + "---\n文章正文。\n");
  }
  for (int i = 1; i <= 3; ++i) {
    std::string n = std::to_string(i);
    s.write("content/border/giai-thich-" + n + ".md",
            "---\ntitle: \"Giải thích " + n + "\"\ntopics: [bien-gioi]\n---\nTheo Kế hoạch " + n +
                "/KH-UBND.\n");
  }
  s.write("content/news/sai.md",
          "---\ntitle: \"Trích sai\"\ndate: 2025-12-20\ndirectives: [\"99/KH-UBND\"]\n---\nChữ.\n");
  s.write("content/pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\nVề trang.\n");
  for (int q = 1; q <= 4; ++q) {
    std::string n = std::to_string(q);
    s.write("content/bulletins/2025-q" + n + ".yaml",
            "year: 2025\nquarter: " + n + "\nnumber: " + n + "\ntitle: {vi: \"Bản tin số " + n +
                "/2025\", en: \"Bulletin No. " + n + "/2025\", zh: \"简报2025年第" + n + "期\"}\n");
  }
}

}  // namespace

TEST_CASE("documents, topics, bulletins, lists and homes build the same with --jobs 1 and 4",
          "[site][parallel]") {
  FixtureSite s(kSite);
  write_portal(s);
  auto serial = build(s, "--jobs 1");
  INFO(serial.out);
  REQUIRE(serial.status == 0);
  // Every family is there, with more than one page each.
  for (const char* page : {"van-ban/index.html", "van-ban/3-kh-ubnd-2025/index.html",
                           "en/documents/6-kh-ubnd-2025/index.html", "chu-de/index.html",
                           "chu-de/kinh-te/index.html", "zh/zhuti/van-hoa/index.html",
                           "ban-tin/index.html", "en/bulletin/index.html", "tin-tuc/index.html",
                           "tin-tuc/page/2/index.html", "bien-gioi/page/2/index.html",
                           "index.html", "en/index.html", "zh/index.html"})
    CHECK(s.exists_out(page));
  size_t print_css = 0, issues = 0;
  for (const auto& [path, bytes] : snapshot(s.out())) {
    if (path.size() > 9 && path.compare(path.size() - 9, 9, "/page.css") == 0) ++print_css;
    if (path.find("/2025/q") != std::string::npos && path.find("index.html") != std::string::npos)
      ++issues;
  }
  CHECK(print_css == 12);  // four issues' print editions in three languages
  CHECK(issues == 24);     // their online pages and print editions
  // The faulty directive is reported, once.
  CHECK(serial.out.find("content/news/sai.md:4:") != std::string::npos);
  auto first = snapshot(s.out());

  for (const char* jobs : {"--jobs 4", "--jobs 3", "--jobs 4"}) {
    fs::remove_all(s.out());
    auto parallel = build(s, jobs);
    INFO(jobs);
    REQUIRE(parallel.status == 0);
    CHECK(parallel.out == serial.out);
    CHECK(snapshot(s.out()) == first);
  }
}
