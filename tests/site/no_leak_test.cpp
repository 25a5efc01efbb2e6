// SPEC §5: a page that is not published appears nowhere. A whole site with drafts and
// embargoed pages of every kind (article, translation, page bundle with its own image, an
// article of a bulletin, an article citing a document, an asset only they use), each
// carrying a unique marker, must not show a byte of any marker in any output file (the
// search index inflated), in any output path, or in `ttdn report`.
#include <catch2/catch.hpp>

#include <algorithm>

#include "output_scan.h"

using namespace ttdn::testing;

namespace {

// Lower-case letters and digits: they survive slug folding, so they would show in paths.
const std::vector<std::string> kMarkers = {
    "leakdraft7q",   "leakembargo3k", "leaktrans5m", "leakbundle9p", "leakasset2w",
    "leakbulletin4r", "leakcite8x",   "leakquarter6v"};

std::string kRealJpeg() {
  return read_file(fs::path(TTDN_SOURCE_DIR) / "content/ban-gioc/thu-vien-anh/moc-thoi-gian.jpg");
}

void write_site(const FixtureSite& s) {
  // Published: what the unpublished pages sit beside.
  s.write("content/news/cong-khai.md",
          "---\ntitle: Bài công khai\ndate: 2026-03-01\ntopics: [bien-gioi]\nbulletin: 2026-Q1\n---\n"
          "Thực hiện Kết luận số 57-KL/TW, tỉnh đẩy mạnh thông tin đối ngoại.\n");
  s.write("content/news/cong-khai.zh.md", "---\ntitle: 公开文章\ndate: 2026-03-01\n---\n公开。\n");
  s.write("content/pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\nVề trang.\n");
  s.write("content/documents/57-kl-tw.yaml",
          "number: \"57-KL/TW\"\ntype: ket-luan\nissuer: {vi: \"Bộ Chính trị\", en: \"Politburo\", zh: \"政治局\"}\n"
          "date: 2023-02-10\ntitle: {vi: \"Kết luận về thông tin đối ngoại\", en: \"Conclusion on external information\", zh: \"关于对外信息的结论\"}\n");
  s.write("content/bulletins/2026-q1.yaml",
          "year: 2026\nquarter: 1\nnumber: 1\ntitle: {vi: \"Bản tin số 1/2026\", en: \"Bulletin 1/2026\", zh: \"简报2026年第1期\"}\n"
          "articles: [news/cong-khai, news/ban-tin-leakbulletin4r]\n");
  s.write("content/bulletins/2026-q2.yaml",
          "year: 2026\nquarter: 2\nnumber: 2\ntitle: {vi: \"Bản tin số 2/2026\", en: \"Bulletin 2/2026\", zh: \"简报2026年第2期\"}\n");

  // Unpublished, one of each kind.
  s.write("content/news/nhap-leakdraft7q.md",
          "---\ntitle: \"Nháp leakdraft7q\"\ndate: 2026-03-02\nsummary: \"Tóm tắt leakdraft7q\"\n"
          "author: \"Tác giả leakdraft7q\"\nsource: \"Nguồn leakdraft7q\"\ntopics: [du-lich]\n"
          "aliases: [/cu/leakdraft7q/]\nimage: {src: img/anh-leakasset2w.jpg, alt: \"Ảnh leakdraft7q\"}\n"
          "draft: true\n---\nThân bài leakdraft7q.\n");
  s.write("assets/img/anh-leakasset2w.jpg", kRealJpeg());  // a real JPEG: images are decoded (issue 9)
  s.write("content/news/cam-leakembargo3k.md",
          "---\ntitle: \"Cấm leakembargo3k\"\ndate: 2026-03-03\ntopics: [bien-gioi]\n"
          "publish_at: 2099-01-01T08:00:00+07:00\n---\nThân bài leakembargo3k.\n");
  s.write("content/news/cong-khai.en.md",
          "---\ntitle: \"Translation leaktrans5m\"\ndate: 2026-03-01\nslug: public-leaktrans5m\n"
          "draft: true\n---\nBody leaktrans5m.\n");
  s.write("content/news/goi-leakbundle9p/index.md",
          "---\ntitle: \"Gói leakbundle9p\"\ndate: 2026-03-04\nimage: {src: anh-leakbundle9p.jpg, alt: \"leakbundle9p\"}\n"
          "publish_at: 2099-01-01\n---\n![Ảnh leakbundle9p](anh-leakbundle9p.jpg)\n");
  s.write("content/news/goi-leakbundle9p/anh-leakbundle9p.jpg", kRealJpeg());  // a real JPEG: images are decoded (issue 9)
  s.write("content/news/ban-tin-leakbulletin4r.md",
          "---\ntitle: \"Bản tin leakbulletin4r\"\ndate: 2026-03-05\nbulletin: 2026-Q1\n"
          "publish_at: 2099-01-01\n---\nThân bài leakbulletin4r.\n");
  s.write("content/news/trich-dan-leakcite8x.md",
          "---\ntitle: \"Trích dẫn leakcite8x\"\ndate: 2026-03-06\ndirectives: [\"57-KL/TW\"]\ndraft: true\n---\n"
          "Theo Kết luận số 57-KL/TW, leakcite8x.\n");
  s.write("content/news/quy-leakquarter6v.md",
          "---\ntitle: \"Quý leakquarter6v\"\ndate: 2026-04-02\nbulletin: 2026-Q2\ndraft: true\n---\nleakquarter6v.\n");
}

std::vector<std::string> leaks(const fs::path& out) {
  std::vector<std::string> found;
  for (const auto& [path, bytes] : output_files(out))
    for (const auto& m : kMarkers)
      if (path.find(m) != std::string::npos || bytes.find(m) != std::string::npos)
        found.push_back(m + " in " + path);
  return found;
}

}  // namespace

TEST_CASE("drafts and embargoed pages of every kind leak nowhere", "[no-leak][publish]") {
  FixtureSite s;
  write_site(s);
  auto r = build(s);
  INFO(r.out);
  REQUIRE(r.status == 0);
  // The published pages are there: the site is not empty by accident.
  CHECK(s.exists_out("tin-tuc/cong-khai/index.html"));
  CHECK(s.exists_out("zh/xinwen/cong-khai/index.html"));
  CHECK_FALSE(s.exists_out("en/news/public-leaktrans5m/index.html"));
  auto found = leaks(s.out());
  INFO([&] {
    std::string all;
    for (const auto& f : found) all += f + "\n";
    return all;
  }());
  CHECK(found.empty());

  SECTION("the same markers do show once the pages are published: the check can see them") {
    auto all = run_ttdn("build --site '" + s.site().string() + "' --out '" + s.out().string() +
                        "' --now 2099-06-01T00:00:00+07:00 --drafts --quiet");
    INFO(all.out);
    REQUIRE(all.status == 0);
    auto shown = leaks(s.out());
    for (const auto& m : kMarkers) {
      bool seen = std::any_of(shown.begin(), shown.end(), [&](const std::string& f) { return f.rfind(m + " ", 0) == 0; });
      INFO(m);
      CHECK(seen);
    }
  }
}

TEST_CASE("ttdn report counts no unpublished page", "[no-leak][report]") {
  FixtureSite s;
  write_site(s);
  if (run_ttdn("help report").status != 0) {
    WARN("this ttdn has no report command yet: the report is not checked");
    return;
  }
  for (const char* format : {"md", "csv", "json"}) {
    auto r = run_ttdn("report --site '" + s.site().string() + "' --from 2000-01-01 --to 2098-12-31 --format " + format);
    INFO(format << "\n" << r.out);
    CHECK(r.status == 0);
    CHECK(r.out.find("Bài công khai") != std::string::npos);  // the report is not empty
    for (const auto& m : kMarkers) CHECK(r.out.find(m) == std::string::npos);
  }
}
