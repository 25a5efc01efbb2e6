// The image processor and its cache (generator/images): widths, WebP, the Open Graph card,
// no metadata, errors for bytes that are not an image, a deterministic result.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>
#include <vips/vips8>

#include "images/cache.h"
#include "images/processor.h"

namespace fs = std::filesystem;
using namespace ttdn::images;

namespace {

/// A JPEG of `w`×`h` with a colour gradient, made by libvips.
std::string make_jpeg(int w, int h) {
  set_concurrency(0);  // starts libvips
  vips::VImage x = vips::VImage::xyz(w, h);
  vips::VImage img = (x[0] * (255.0 / w)).bandjoin(x[1] * (255.0 / h)).bandjoin(x[0] * 0 + 128)
                         .cast(VIPS_FORMAT_UCHAR)
                         .copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  void* buf = nullptr;
  size_t size = 0;
  img.write_to_buffer(".jpg", &buf, &size);
  std::string out(static_cast<const char*>(buf), size);
  g_free(buf);
  return out;
}

const Variant* find(const Processed& p, const std::string& format, int width) {
  for (const auto& v : p.variants)
    if (!v.og && v.format == format && v.width == width) return &v;
  return nullptr;
}

std::vector<int> widths_of(const Processed& p, const std::string& format) {
  std::vector<int> w;
  for (const auto& v : p.variants)
    if (!v.og && v.format == format) w.push_back(v.width);
  return w;
}

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

struct TempDir {
  fs::path path;
  TempDir() {
    std::string t = (fs::temp_directory_path() / "ttdn-images-XXXXXX").string();
    path = ::mkdtemp(t.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

TEST_CASE("a large image gets every width, in its format and as WebP, and an OG card", "[images]") {
  Settings s;
  Processed p = process_image(make_jpeg(2000, 1000), "jpg", s);
  REQUIRE_FALSE(p.error);
  CHECK(p.width == 2000);
  CHECK(p.height == 1000);
  CHECK(widths_of(p, "jpg") == std::vector<int>{480, 960, 1600});
  CHECK(widths_of(p, "webp") == std::vector<int>{480, 960, 1600});
  REQUIRE(find(p, "jpg", 960));
  CHECK(find(p, "jpg", 960)->height == 480);
  CHECK(find(p, "webp", 1600)->height == 800);
  const Variant* webp = find(p, "webp", 480);
  REQUIRE(webp);
  CHECK(webp->bytes.substr(0, 4) == "RIFF");
  CHECK(webp->bytes.substr(8, 4) == "WEBP");
  CHECK(find(p, "jpg", 480)->bytes.substr(0, 2) == "\xFF\xD8");
  // The bytes decode to the size the variant claims.
  vips::VImage back = vips::VImage::new_from_buffer(webp->bytes.data(), webp->bytes.size(), "");
  CHECK(back.width() == 480);
  CHECK(back.height() == 240);
  const Variant* og = nullptr;
  for (const auto& v : p.variants)
    if (v.og) og = &v;
  REQUIRE(og);
  vips::VImage card = vips::VImage::new_from_buffer(og->bytes.data(), og->bytes.size(), "");
  CHECK(card.width() == 1200);
  CHECK(card.height() == 630);
  CHECK(og->format == "jpg");
}

TEST_CASE("variants never upscale a small image", "[images]") {
  Processed p = process_image(make_jpeg(700, 350), "jpg", Settings{});
  REQUIRE_FALSE(p.error);
  CHECK(widths_of(p, "jpg") == std::vector<int>{480, 700});
  CHECK(find(p, "jpg", 700)->height == 350);
  Processed tiny = process_image(make_jpeg(300, 200), "jpg", Settings{});
  REQUIRE_FALSE(tiny.error);
  CHECK(widths_of(tiny, "jpg") == std::vector<int>{300});
  CHECK(widths_of(tiny, "webp") == std::vector<int>{300});
}

TEST_CASE("processing is deterministic", "[images]") {
  std::string src = make_jpeg(1000, 600);
  Processed a = process_image(src, "jpg", Settings{});
  Processed b = process_image(src, "jpg", Settings{});
  REQUIRE(a.variants.size() == b.variants.size());
  for (size_t i = 0; i < a.variants.size(); ++i) CHECK(a.variants[i].bytes == b.variants[i].bytes);
}

TEST_CASE("no variant carries the source's location or camera serial", "[images]") {
  if (std::system("command -v exiftool >/dev/null 2>&1") != 0) {
    WARN("exiftool is not installed; the metadata check is skipped");
    return;
  }
  TempDir tmp;
  fs::path file = tmp.path / "gps.jpg";
  {
    std::ofstream(file, std::ios::binary) << make_jpeg(1200, 800);
  }
  std::string cmd = "exiftool -q -overwrite_original -GPSLatitude=22.8547 -GPSLatitudeRef=N "
                    "-GPSLongitude=106.7230 -GPSLongitudeRef=E -SerialNumber=CAMSERIAL4711 "
                    "-Make=TestCam -Artist=Photographer '" + file.string() + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string dirty = ss.str();
  REQUIRE(has(dirty, "CAMSERIAL4711"));
  REQUIRE(has(dirty, std::string("Exif\0\0", 6)));
  Processed p = process_image(dirty, "jpg", Settings{});
  REQUIRE_FALSE(p.error);
  REQUIRE(p.variants.size() == 7);  // 480, 960, 1200 in two formats, og
  for (const auto& v : p.variants) {
    INFO(v.name());
    CHECK_FALSE(has(v.bytes, "CAMSERIAL4711"));
    CHECK_FALSE(has(v.bytes, "TestCam"));
    CHECK_FALSE(has(v.bytes, std::string("Exif\0\0", 6)));
    CHECK_FALSE(has(v.bytes, "EXIF"));  // WebP's Exif chunk
    CHECK_FALSE(has(v.bytes, "http://ns.adobe.com/xap"));
    fs::path out = tmp.path / ("out-" + v.name());
    std::ofstream(out, std::ios::binary) << v.bytes;
  }
  std::string tags;
  if (FILE* pipe = ::popen(("exiftool -a -G1 '" + tmp.path.string() + "'/out-* 2>&1").c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) tags.append(buf, n);
    ::pclose(pipe);
  }
  INFO(tags);
  CHECK(has(tags, "Image Width"));  // exiftool did read the files
  CHECK_FALSE(has(tags, "GPS"));
  CHECK_FALSE(has(tags, "Serial"));
}

TEST_CASE("bytes that are not a decodable image give an error", "[images]") {
  CHECK(process_image("not an image at all", "jpg", Settings{}).error);
  CHECK(process_image(std::string("\xFF\xD8\xFF\xD9", 4), "jpg", Settings{}).error);
  std::string jpeg = make_jpeg(800, 600);
  Processed cut = process_image(jpeg.substr(0, jpeg.size() / 2), "jpg", Settings{});
  CHECK(cut.error);
  CHECK(cut.variants.empty());
}

TEST_CASE("file types: processed, passed through, or neither", "[images]") {
  CHECK(processed_format("a.JPG") == std::string("jpg"));
  CHECK(processed_format("a.jpeg") == std::string("jpg"));
  CHECK(processed_format("b.png") == std::string("png"));
  CHECK(processed_format("c.webp") == std::string("webp"));
  CHECK_FALSE(processed_format("d.bmp"));
  CHECK_FALSE(processed_format("e.svg"));
  CHECK(is_passthrough_image("e.svg"));
  CHECK(is_passthrough_image("f.GIF"));
  CHECK_FALSE(is_passthrough_image("g.tiff"));
}

TEST_CASE("the cache keeps an entry under the bytes and the settings", "[images]") {
  TempDir tmp;
  Cache cache(tmp.path / "images");
  std::string src = make_jpeg(1000, 500);
  Settings s;
  std::string key = Cache::key(src, s);
  CHECK(key.size() == 16);
  CHECK_FALSE(cache.find(key));
  Settings other = s;
  other.webp_quality = 50;
  CHECK(Cache::key(src, other) != key);
  CHECK(Cache::key(src + " ", s) != key);

  Processed p = process_image(src, "jpg", s);
  std::vector<std::string> bytes;
  for (const auto& v : p.variants) bytes.push_back(v.bytes);
  Entry stored = cache.store(key, std::move(p));
  auto found = cache.find(key);
  REQUIRE(found);
  CHECK(found->width == 1000);
  REQUIRE(found->variants.size() == bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::ifstream in(found->variants[i].file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    CHECK(ss.str() == bytes[i]);
    CHECK(found->variants[i].file.parent_path().parent_path() == tmp.path / "images");
  }
  SECTION("a damaged entry is not used") {
    fs::remove(found->variants[0].file);
    CHECK_FALSE(cache.find(key));
  }
  SECTION("without a folder, nothing is kept and the bytes come back") {
    Cache none{fs::path()};
    Entry e = none.store(key, process_image(src, "jpg", s));
    REQUIRE_FALSE(e.variants.empty());
    CHECK(e.variants[0].file.empty());
    CHECK(e.variants[0].bytes == bytes[0]);
  }
}
