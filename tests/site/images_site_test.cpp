// Issue 9, as a reader and an editor see it: responsive <picture>s with width variants and
// WebP, an Open Graph card, the gallery without script, the cache beside the output, and
// located errors for images that are missing, unsupported or not images at all.
#include <catch2/catch.hpp>

#include <chrono>
#include <regex>
#include <set>

#include <vips/vips8>

#include "../support.h"
#include "images/processor.h"

using namespace ttdn::testing;

namespace {

/// A w × h gradient encoded as `ext` (".jpg", ".png", ".webp") by libvips.
std::string make_image(int w, int h, const char* ext) {
  ttdn::images::set_concurrency(0);  // starts libvips
  vips::VImage x = vips::VImage::xyz(w, h);
  vips::VImage img = (x[0] * (255.0 / w)).bandjoin(x[1] * (255.0 / h)).bandjoin(x[0] * 0 + 60)
                         .cast(VIPS_FORMAT_UCHAR)
                         .copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  void* buf = nullptr;
  size_t size = 0;
  img.write_to_buffer(ext, &buf, &size);
  std::string out(static_cast<const char*>(buf), size);
  g_free(buf);
  return out;
}

std::string make_jpeg(int w, int h) { return make_image(w, h, ".jpg"); }

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

/// Two snapshots hold the same files with the same bytes (each difference named).
void check_same(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b) {
  for (const auto& [path, bytes] : a) {
    INFO(path);
    auto it = b.find(path);
    REQUIRE(it != b.end());
    CHECK(it->second == bytes);
  }
  CHECK(a.size() == b.size());
}

const char* kArticle =
    "---\ntitle: Thác mùa nước\ndate: 2026-03-01\n"
    "image: {src: thac.jpg, alt: Thác nhìn từ xa, caption: Mùa nước, credit: TTĐN}\n"
    "---\nĐoạn đầu.\n\n![Cột mốc](moc.jpg)\n\nĐoạn giữa.\n\n![Bản đồ](ban-do.png)\n";

/// Builds `s` again into its output folder, with the cache its first build left, and checks
/// that the folder holds what a clean build without the cache makes.
void rebuild_matches_clean(const FixtureSite& s) {
  auto again = build(s);
  INFO(again.out);
  REQUIRE(again.status == 0);
  fs::path clean = s.root() / "clean";
  auto reference = run_ttdn("build --site '" + s.site().string() + "' --out '" + clean.string() +
                            "' --now 2026-06-01T00:00:00+07:00 --quiet --no-cache");
  INFO(reference.out);
  REQUIRE(reference.status == 0);
  check_same(snapshot(s.out()), snapshot(clean));
}

void write_article(const FixtureSite& s) {
  s.write("content/news/thac/index.md", kArticle);
  s.write("content/news/thac/thac.jpg", make_jpeg(2000, 1200));
  s.write("content/news/thac/moc.jpg", make_jpeg(700, 500));
  // A PNG: its own format stays PNG.
  vips::VImage png = vips::VImage::black(600, 300).bandjoin(vips::VImage::black(600, 300) + 200)
                         .bandjoin(vips::VImage::black(600, 300) + 90).cast(VIPS_FORMAT_UCHAR)
                         .copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  void* buf = nullptr;
  size_t size = 0;
  png.write_to_buffer(".png", &buf, &size);
  s.write("content/news/thac/ban-do.png", std::string(static_cast<const char*>(buf), size));
  g_free(buf);
}

}  // namespace

TEST_CASE("article images are published as responsive pictures with WebP", "[images][site]") {
  FixtureSite s;
  write_article(s);
  auto r = build(s);
  INFO(r.out);
  REQUIRE(r.status == 0);
  std::string html = s.read_out("tin-tuc/thac/index.html");
  // The lead image: width variants, WebP first, sizes, intrinsic size, not lazy.
  CHECK(has(html, "<source type=\"image/webp\" srcset=\"/portal/tin-tuc/thac/thac-480.webp 480w, "
                  "/portal/tin-tuc/thac/thac-960.webp 960w, /portal/tin-tuc/thac/thac-1600.webp 1600w\""));
  CHECK(has(html, "<img src=\"/portal/tin-tuc/thac/thac-1600.jpg\" srcset=\"/portal/tin-tuc/thac/thac-480.jpg 480w, "
                  "/portal/tin-tuc/thac/thac-960.jpg 960w, /portal/tin-tuc/thac/thac-1600.jpg 1600w\""));
  CHECK(has(html, "width=\"1600\" height=\"960\" alt=\"Thác nhìn từ xa\" decoding=\"async\">"));
  // Images in the text: never upscaled, lazy (the lead image is above them).
  CHECK(has(html, "/portal/tin-tuc/thac/moc-700.webp 700w"));
  CHECK_FALSE(has(html, "moc-960"));
  CHECK(has(html, "width=\"700\" height=\"500\" loading=\"lazy\" decoding=\"async\""));
  CHECK(has(html, "/portal/tin-tuc/thac/ban-do-600.png 600w"));
  std::regex picture("<picture><source type=\"image/webp\"[^>]*><img [^>]*></picture>");
  CHECK(std::distance(std::sregex_iterator(html.begin(), html.end(), picture), std::sregex_iterator()) == 3);
  for (const char* f : {"thac-480.jpg", "thac-960.jpg", "thac-1600.jpg", "thac-480.webp", "thac-1600.webp",
                        "moc-480.jpg", "moc-700.webp", "ban-do-600.png", "ban-do-480.webp", "thac-og.jpg"})
    CHECK(s.exists_out(std::string("tin-tuc/thac/") + f));
  CHECK_FALSE(s.exists_out("tin-tuc/thac/moc-960.jpg"));
  vips::VImage v = vips::VImage::new_from_file((s.out() / "tin-tuc/thac/thac-960.webp").c_str());
  CHECK(v.width() == 960);
  CHECK(v.height() == 576);

  // The Open Graph card: 1200×630, absolute on base_url.
  CHECK(has(html, "<meta property=\"og:image\" content=\"https://example.gov.vn/portal/tin-tuc/thac/thac-og.jpg\">"));
  CHECK(has(html, "<meta property=\"og:image:width\" content=\"1200\">"));
  CHECK(has(html, "<meta property=\"og:image:height\" content=\"630\">"));
  vips::VImage og = vips::VImage::new_from_file((s.out() / "tin-tuc/thac/thac-og.jpg").c_str());
  CHECK(og.width() == 1200);
  CHECK(og.height() == 630);
}

TEST_CASE("the first image of the text is the lead when no front-matter image is shown", "[images][site]") {
  FixtureSite s;
  s.write("content/news/hai-anh/index.md",
          "---\ntitle: Hai ảnh\ndate: 2026-03-01\n---\n![Một](mot.jpg)\n\n![Hai](hai.jpg)\n");
  s.write("content/news/hai-anh/mot.jpg", make_jpeg(640, 480));
  s.write("content/news/hai-anh/hai.jpg", make_jpeg(640, 480));
  auto r = build(s);
  INFO(r.out);
  REQUIRE(r.status == 0);
  std::string html = s.read_out("tin-tuc/hai-anh/index.html");
  CHECK(std::regex_search(html, std::regex("alt=\"Một\" srcset=\"[^\"]*\" sizes=\"[^\"]*\" width=\"640\" height=\"480\" decoding=\"async\"")));
  CHECK(std::regex_search(html, std::regex("alt=\"Hai\" srcset=\"[^\"]*\" sizes=\"[^\"]*\" width=\"640\" height=\"480\" loading=\"lazy\" decoding=\"async\"")));
}

TEST_CASE("an article whose only images are in its text or gallery is shared with a 1200x630 card",
          "[images][site]") {
  FixtureSite s;
  s.write("content/news/chi-van-ban/index.md",
          "---\ntitle: Ảnh trong bài\ndate: 2026-03-01\n---\nMở đầu.\n\n"
          "![Cửa khẩu Trà Lĩnh](cua-khau.jpg)\n\n![Thác](thac.png)\n");
  s.write("content/news/chi-van-ban/cua-khau.jpg", make_jpeg(1600, 1000));
  s.write("content/news/chi-van-ban/thac.png", make_image(800, 600, ".png"));
  s.write("content/pages/anh/index.md",
          "---\ntitle: Thư viện\ngallery:\n  - src: a.jpg\n    alt: {vi: \"Thác Bản Giốc\", en: \"Ban Gioc\"}\n---\nx\n");
  s.write("content/pages/anh/a.jpg", make_jpeg(1000, 800));
  // An image from another host is not the site's to make a card of: no og:image.
  s.write("content/news/ngoai/index.md",
          "---\ntitle: Ảnh ngoài\ndate: 2026-03-02\n---\n![Xa](https://example.org/x.jpg)\n");
  auto r = build(s);
  INFO(r.out);
  REQUIRE(r.status == 0);
  std::string html = s.read_out("tin-tuc/chi-van-ban/index.html");
  // The first image of the text, cropped to the card.
  CHECK(has(html, "<meta property=\"og:image\" content=\"https://example.gov.vn/portal/tin-tuc/chi-van-ban/cua-khau-og.jpg\">"));
  CHECK(has(html, "<meta property=\"og:image:width\" content=\"1200\">"));
  CHECK(has(html, "<meta property=\"og:image:alt\" content=\"Cửa khẩu Trà Lĩnh\">"));
  CHECK(has(html, "\"image\":[\"https://example.gov.vn/portal/tin-tuc/chi-van-ban/cua-khau-1600.jpg\"]"));
  vips::VImage og = vips::VImage::new_from_file((s.out() / "tin-tuc/chi-van-ban/cua-khau-og.jpg").c_str());
  CHECK(og.width() == 1200);
  CHECK(og.height() == 630);
  // A gallery page: its first picture, with its alt text in the page's language.
  std::string gallery = s.read_out("anh/index.html");
  CHECK(has(gallery, "<meta property=\"og:image\" content=\"https://example.gov.vn/portal/anh/a-og.jpg\">"));
  CHECK(has(gallery, "<meta property=\"og:image:alt\" content=\"Thác Bản Giốc\">"));
  CHECK_FALSE(has(s.read_out("tin-tuc/ngoai/index.html"), "og:image"));
}

TEST_CASE("an unchanged image is never processed twice: the cache beside the output", "[images][site]") {
  FixtureSite s;
  write_article(s);
  REQUIRE(build(s).status == 0);
  fs::path cache = s.root() / ".ttdn-cache/images";
  REQUIRE(fs::is_directory(cache));
  std::map<std::string, fs::file_time_type> before;
  for (const auto& e : fs::recursive_directory_iterator(cache))
    if (e.is_regular_file()) before[e.path().string()] = e.last_write_time();
  CHECK(before.size() == (3 * 2 + 2) + (2 * 2 + 2) + (2 * 2 + 2));  // variants, OG card, info per image
  auto first = snapshot(s.out());
  // Same sources, output removed: the variants come from the cache, byte for byte.
  fs::remove_all(s.out());
  REQUIRE(build(s, "--jobs 4").status == 0);
  check_same(first, snapshot(s.out()));
  std::map<std::string, fs::file_time_type> after;
  for (const auto& e : fs::recursive_directory_iterator(cache))
    if (e.is_regular_file()) after[e.path().string()] = e.last_write_time();
  CHECK(after == before);
  // The cache is never inside the output, and deleting it is safe.
  for (const auto& [path, bytes] : first) CHECK_FALSE(has(path, "ttdn-cache"));
  fs::remove_all(s.root() / ".ttdn-cache");
  fs::remove_all(s.out());
  REQUIRE(build(s, "--jobs 1").status == 0);
  check_same(first, snapshot(s.out()));
  // A changed image is processed again.
  s.write("content/news/thac/moc.jpg", make_jpeg(900, 500));
  REQUIRE(build(s).status == 0);
  CHECK(s.exists_out("tin-tuc/thac/moc-900.webp"));
  CHECK_FALSE(s.exists_out("tin-tuc/thac/moc-700.webp"));
}

TEST_CASE("the image cache forgets what no build has used for a month", "[images][site]") {
  FixtureSite s;
  write_article(s);
  REQUIRE(build(s).status == 0);
  fs::path cache = s.root() / ".ttdn-cache/images";
  std::set<std::string> used;
  for (const auto& e : fs::directory_iterator(cache)) used.insert(e.path().filename().string());
  REQUIRE(used.size() == 3);
  const auto now = fs::file_time_type::clock::now();
  auto entry = [&](const std::string& name, std::chrono::hours age) {
    fs::create_directories(cache / name);
    write_file(cache / name / "info", "ttdn-image-cache 1\n");
    fs::last_write_time(cache / name, now - age);
  };
  entry("00000000000000aa", std::chrono::hours(24 * 40));  // an image removed long ago
  entry("00000000000000bb", std::chrono::hours(24 * 3));   // removed this week: kept
  entry("00000000000000cc.tmp-1-1", std::chrono::hours(5)); // a killed build's leftover
  fs::create_directories(cache / "notes");                  // not the cache's: left alone
  fs::last_write_time(cache / "notes", now - std::chrono::hours(24 * 400));
  // The entries this site uses, last used long ago: used again now, so kept.
  for (const auto& name : used) fs::last_write_time(cache / name, now - std::chrono::hours(24 * 60));
  s.write("content/news/thac/index.md", read_file(s.site() / "content/news/thac/index.md") + "\nThêm.\n");
  auto r = build(s);
  INFO(r.out);
  REQUIRE(r.status == 0);
  std::set<std::string> left;
  for (const auto& e : fs::directory_iterator(cache)) left.insert(e.path().filename().string());
  std::set<std::string> expected = used;
  expected.insert({"00000000000000bb", "notes"});
  CHECK(left == expected);
  // The entries the output was built from are whole.
  for (const auto& name : used) CHECK(fs::exists(cache / name / "info"));
  // A failed build prunes nothing.
  entry("00000000000000dd", std::chrono::hours(24 * 40));
  s.write("content/news/hong/index.md", "---\ntitle: Hỏng\ndate: 2026-03-01\n---\n![x](khong-co.jpg)\n");
  REQUIRE(build(s).status != 0);
  CHECK(fs::exists(cache / "00000000000000dd"));
}

TEST_CASE("a missing, unsupported or corrupt image is an error at the page that uses it", "[images][site]") {
  struct Case {
    const char* name;
    std::string body;
    std::string file, bytes;
    std::string line, message;
  };
  std::string at = "content/news/loi/index.md:";
  std::vector<Case> cases = {
      {"corrupt front-matter image", "image: {src: hong.jpg, alt: Hỏng}\n---\nx\n", "hong.jpg", "not a picture",
       "4", "error: image 'hong.jpg' is not a JPEG, PNG or WebP image"},
      {"truncated JPEG in the text", "---\nx\n\n![Cụt](cut.jpg)\n", "cut.jpg", make_jpeg(800, 600).substr(0, 900),
       "7", "error: image 'cut.jpg' cannot be decoded"},
      {"missing image in the text", "---\nĐoạn.\n\n![Không có](khong-co.jpg)\n", "", "",
       "7", "error: image 'khong-co.jpg' is neither in the page bundle nor under assets/"},
      {"unsupported type", "---\n![Bitmap](anh.bmp)\n", "anh.bmp", "BM....",
       "5", "error: image 'anh.bmp' is of a type that is not published as an image"},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      FixtureSite s;
      s.write("content/news/loi/index.md", "---\ntitle: Lỗi\ndate: 2026-03-01\n" + c.body);
      if (!c.file.empty()) s.write("content/news/loi/" + c.file, c.bytes);
      s.write("content/news/tot.md", "---\ntitle: Tốt\ndate: 2026-03-01\n---\nx\n");
      auto r = build(s);
      INFO(r.out);
      CHECK(r.status == 1);
      CHECK(std::regex_search(r.out, std::regex(at + c.line + ":[0-9]+: " + c.message)));
      CHECK_FALSE(fs::exists(s.out() / "tin-tuc/tot/index.html"));  // nothing was written
    }
  }
}

TEST_CASE("the gallery: thumbnails, full-size views without script, captions in the page's language",
          "[images][site]") {
  FixtureSite s;
  std::string gallery =
      "gallery:\n"
      "  - src: a.jpg\n    alt: {vi: \"Ảnh A\", en: \"Picture A\"}\n"
      "    caption: {vi: \"Chú thích A\", en: \"Caption A\"}\n    credit: {vi: \"Trung tâm\", en: \"The Centre\"}\n"
      "  - src: b.jpg\n    alt: {vi: \"Ảnh B\", en: \"Picture B\"}\n"
      "    caption: {vi: \"Chú thích B\", en: \"Caption B\"}\n    credit: \"TTĐN\"\n";
  s.write("content/pages/anh/index.md", "---\ntitle: Thư viện\n" + gallery + "---\nx\n");
  s.write("content/pages/anh/index.en.md", "---\ntitle: Gallery\nslug: gallery\n" + gallery + "---\nx\n");
  s.write("content/pages/anh/a.jpg", make_jpeg(1800, 1200));
  s.write("content/pages/anh/b.jpg", make_jpeg(1200, 1800));
  auto r = build(s);
  INFO(r.out);
  REQUIRE(r.status == 0);
  std::string vi = s.read_out("anh/index.html");
  std::string en = s.read_out("en/gallery/index.html");
  // Thumbnails link to their full-size view, an element of the same page.
  CHECK(has(vi, "<a href=\"#gallery-1\"><picture><source type=\"image/webp\""));
  CHECK(has(vi, "<figure class=\"gallery-view\" id=\"gallery-1\">"));
  CHECK(has(vi, "<figure class=\"gallery-view\" id=\"gallery-2\">"));
  CHECK(has(vi, "<a href=\"#gallery-2\">"));
  CHECK(has(vi, "sizes=\"100vw\""));
  CHECK(has(vi, "/portal/anh/b-1200.jpg 1200w"));  // portrait: width 1200, not upscaled
  CHECK(has(vi, "width=\"1200\" height=\"1800\""));
  CHECK(has(vi, "Chú thích A <span class=\"credit\">Ảnh: Trung tâm</span>"));
  CHECK(has(en, "Caption A <span class=\"credit\">Photo: The Centre</span>"));
  CHECK(has(en, "alt=\"Picture B\""));
  CHECK(has(en, "Caption B <span class=\"credit\">Photo: TTĐN</span>"));
  CHECK_FALSE(has(en, "Chú thích"));
  // The gallery's style sheet, from assets/, and no inline script anywhere.
  CHECK(std::regex_search(vi, std::regex("<link rel=\"stylesheet\" href=\"/portal/assets/css/gallery\\.[0-9a-f]{8}\\.css\">")));
  CHECK_FALSE(std::regex_search(vi, std::regex("<script(?![^>]*\\bsrc=)(?![^>]*application/ld\\+json)[^>]*>")));
  CHECK_FALSE(has(vi, " onclick="));
}

TEST_CASE("a page's image and gallery restored from the build cache come out as read",
          "[images][site][incremental]") {
  // A rebuild restores unchanged sources from the front matter the previous build kept
  // (issue 10) instead of reading them: the front-matter image and the gallery included.
  FixtureSite s;
  write_article(s);
  s.write("content/pages/anh/index.md",
          "---\ntitle: Thư viện\ngallery:\n  - src: a.jpg\n    alt: {vi: \"Ảnh A\", en: \"Picture A\"}\n"
          "    caption: {vi: \"Chú thích A\"}\n    credit: \"TTĐN\"\n---\nx\n");
  s.write("content/pages/anh/a.jpg", make_jpeg(900, 600));
  REQUIRE(build(s).status == 0);
  s.write("content/news/khac.md", "---\ntitle: Bài khác\ndate: 2026-03-02\n---\nKhác.\n");
  rebuild_matches_clean(s);
  CHECK(has(s.read_out("tin-tuc/thac/index.html"), "Mùa nước"));
  CHECK(has(s.read_out("anh/index.html"), "Chú thích A"));
}

TEST_CASE("unchanged pages with images come out of a rebuild as a clean build makes them",
          "[images][site][incremental]") {
  // Another article's text is edited, so every other page keeps its inputs (issue 10): the
  // pages showing images, from their folder, from assets/ or in a gallery, must still
  // publish those images.
  FixtureSite s;
  write_article(s);
  s.write("assets/img/cao-bang.jpg", make_jpeg(1600, 900));
  s.write("content/news/tinh.md",
          "---\ntitle: Tỉnh Cao Bằng\ndate: 2026-03-03\n"
          "image: {src: /assets/img/cao-bang.jpg, alt: Toàn cảnh}\n---\nCảnh.\n");
  // A draft shows the same picture: it is published because the page above shows it.
  s.write("content/news/nhap.md",
          "---\ntitle: Bản nháp\ndate: 2026-03-04\ndraft: true\n"
          "image: {src: /assets/img/cao-bang.jpg, alt: Toàn cảnh}\n---\nNháp.\n");
  s.write("content/pages/anh/index.md",
          "---\ntitle: Thư viện\ngallery:\n  - src: a.jpg\n    alt: {vi: \"Ảnh A\"}\n---\nx\n");
  s.write("content/pages/anh/a.jpg", make_jpeg(900, 600));
  s.write("content/news/khac.md", "---\ntitle: Bài khác\ndate: 2026-03-02\n---\nKhác.\n");
  REQUIRE(build(s).status == 0);
  s.write("content/news/khac.md", "---\ntitle: Bài khác\ndate: 2026-03-02\n---\nĐã sửa.\n");
  rebuild_matches_clean(s);
}

TEST_CASE("no published image file carries the camera's location or serial number", "[images][site]") {
  if (std::system("command -v exiftool >/dev/null 2>&1") != 0) {
    WARN("exiftool is not installed; skipped");
    return;
  }
  FixtureSite s;
  s.write("content/news/gps/gps.jpg", make_jpeg(1700, 900));
  s.write("assets/img/gps-asset.jpg", make_jpeg(1000, 700));
  // PNG and WebP originals too: a screenshot or a phone's WebP carries the same fields.
  s.write("content/news/gps/ban-do.png", make_image(800, 500, ".png"));
  s.write("assets/img/gps-asset.webp", make_image(900, 600, ".webp"));
  s.write("content/pages/gioi-thieu.md",
          "---\ntitle: Giới thiệu\n---\n![Tài sản](/assets/img/gps-asset.jpg)\n\n"
          "![Bản đồ](/assets/img/gps-asset.webp)\n");
  s.write("content/news/gps/index.md",
          "---\ntitle: GPS\ndate: 2026-03-01\nimage: {src: gps.jpg, alt: Ảnh}\n---\n![Bản đồ](ban-do.png)\n");
  for (const char* f : {"content/news/gps/gps.jpg", "assets/img/gps-asset.jpg", "content/news/gps/ban-do.png",
                        "assets/img/gps-asset.webp"}) {
    std::string cmd = "exiftool -q -q -m -overwrite_original -GPSLatitude=22.8547 -GPSLatitudeRef=N "
                      "-SerialNumber=SERIAL8842 '" + (s.site() / f).string() + "'";
    REQUIRE(std::system(cmd.c_str()) == 0);
    REQUIRE(has(read_file(s.site() / f), "SERIAL8842"));
  }
  auto r = build(s);
  INFO(r.out);
  REQUIRE(r.status == 0);
  size_t images = 0;
  for (const auto& [path, bytes] : snapshot(s.out())) {
    if (!std::regex_search(path, std::regex("\\.(jpg|webp|png)$"))) continue;
    ++images;
    INFO(path);
    CHECK_FALSE(has(bytes, "SERIAL8842"));
    CHECK_FALSE(has(bytes, std::string("Exif\0\0", 6)));
    CHECK_FALSE(has(bytes, "eXIf"));
    CHECK_FALSE(has(bytes, "GPSLatitude"));
    CHECK_FALSE(has(bytes, "22.8547"));
    CHECK_FALSE(has(bytes, "<x:xmpmeta"));
  }
  // The originals are published (linked from the variants' pages) and still images.
  for (const char* f : {"tin-tuc/gps/ban-do.png", "tin-tuc/gps/gps.jpg"}) {
    INFO(f);
    REQUIRE(fs::exists(s.out() / f));
    auto decoded = ttdn::images::process_image(read_file(s.out() / f), fs::path(f).extension() == ".png" ? "png" : "jpg",
                                               ttdn::images::Settings{});
    CHECK_FALSE(decoded.error);
  }
  CHECK(images >= 4 + 3 * 2 + 1 + 2 * 2 + 1);  // originals, variants, OG card
  CHECK(has(s.read_out("gioi-thieu/index.html"), "/portal/assets/img/gps-asset."));
}
