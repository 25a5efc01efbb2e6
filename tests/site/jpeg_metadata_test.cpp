// SPEC §10: published JPEG images carry no location metadata. A real JPEG of the portal
// gets a GPS Exif block (written by hand, as a phone writes it), XMP, a comment and IPTC;
// the filter and a whole build must publish it without them, still a valid JPEG.
#include <catch2/catch.hpp>

#include <regex>

#include "../support.h"
#include "output/jpeg_clean.h"

using namespace ttdn::testing;

namespace {

std::string be16(size_t n) { return {static_cast<char>((n >> 8) & 0xFF), static_cast<char>(n & 0xFF)}; }
std::string le16(uint16_t n) { return {static_cast<char>(n & 0xFF), static_cast<char>(n >> 8)}; }
std::string le32(uint32_t n) {
  return {static_cast<char>(n & 0xFF), static_cast<char>((n >> 8) & 0xFF), static_cast<char>((n >> 16) & 0xFF),
          static_cast<char>(n >> 24)};
}

std::string segment(unsigned char marker, const std::string& payload) {
  return std::string("\xFF") + static_cast<char>(marker) + be16(payload.size() + 2) + payload;
}

/// APP1 Exif with IFD0 → GPS IFD: 22°51'17.50" N, 106°43'22.80" E (Bản Giốc).
std::string gps_exif() {
  std::string t = "II*" + std::string(1, '\0') + le32(8);
  t += le16(1) + le16(0x8825) + le16(4) + le32(1) + le32(26) + le32(0);  // IFD0: GPSInfo
  t += le16(4);                                                            // GPS IFD
  t += le16(1) + le16(2) + le32(2) + std::string("N\0\0\0", 4);            // GPSLatitudeRef
  t += le16(2) + le16(5) + le32(3) + le32(80);                             // GPSLatitude
  t += le16(3) + le16(2) + le32(2) + std::string("E\0\0\0", 4);            // GPSLongitudeRef
  t += le16(4) + le16(5) + le32(3) + le32(104);                            // GPSLongitude
  t += le32(0);
  for (uint32_t v : {22u, 1u, 51u, 1u, 1750u, 100u, 106u, 1u, 43u, 1u, 2280u, 100u}) t += le32(v);
  return segment(0xE1, std::string("Exif\0\0", 6) + t);
}

std::string clean_jpeg() {
  return read_file(fs::path(TTDN_SOURCE_DIR) / "content/ban-gioc/thu-vien-anh/moc-thoi-gian.jpg");
}

/// The portal's JPEG with Exif GPS, XMP, a comment and IPTC added around its JFIF header.
std::string dirty_jpeg() {
  std::string clean = clean_jpeg();
  REQUIRE(clean.substr(0, 4) == "\xFF\xD8\xFF\xE0");
  size_t app0_end = 4 + ((static_cast<unsigned char>(clean[4]) << 8) | static_cast<unsigned char>(clean[5]));
  return clean.substr(0, 2) + gps_exif() +
         segment(0xE1, std::string("http://ns.adobe.com/xap/1.0/\0", 29) +
                           "<x:xmpmeta><exif:GPSLatitude>22,51.29N</exif:GPSLatitude></x:xmpmeta>") +
         clean.substr(2, app0_end - 2) + segment(0xFE, "Ban Gioc 22.8547N") +
         segment(0xED, std::string("Photoshop 3.0\0008BIM", 18)) + clean.substr(app0_end);
}

/// Markers of the segments before the image data; fails on a malformed structure.
std::vector<unsigned char> header_markers(const std::string& jpeg) {
  std::vector<unsigned char> markers;
  auto byte = [&](size_t k) { return static_cast<unsigned char>(jpeg.at(k)); };
  REQUIRE(jpeg.size() > 4);
  REQUIRE(byte(0) == 0xFF);
  REQUIRE(byte(1) == 0xD8);
  REQUIRE(byte(jpeg.size() - 2) == 0xFF);
  REQUIRE(byte(jpeg.size() - 1) == 0xD9);
  size_t i = 2;
  for (;;) {
    REQUIRE(i + 4 <= jpeg.size());
    REQUIRE(byte(i) == 0xFF);
    unsigned char m = byte(i + 1);
    markers.push_back(m);
    size_t length = (static_cast<size_t>(byte(i + 2)) << 8) | byte(i + 3);
    REQUIRE(length >= 2);
    REQUIRE(i + 2 + length <= jpeg.size());
    if (m == 0xDA) return markers;
    i += 2 + length;
  }
}

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string shell_output(const std::string& cmd) {
  std::string out;
  if (FILE* pipe = ::popen((cmd + " 2>&1").c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    ::pclose(pipe);
  }
  return out;
}

bool tool(const char* name) { return std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0; }

void check_published_jpeg(const std::string& bytes) {
  auto markers = header_markers(bytes);
  for (unsigned char m : markers) {
    INFO("marker 0x" << std::hex << int(m));
    CHECK(m != 0xE1);  // Exif, XMP
    CHECK(m != 0xFE);  // comment
    CHECK(m != 0xED);  // IPTC
  }
  CHECK(markers.front() == 0xE0);  // JFIF stays
  CHECK_FALSE(has(bytes, std::string("Exif\0\0", 6)));
  CHECK_FALSE(has(bytes, "GPSLatitude"));
  CHECK_FALSE(has(bytes, "22.8547N"));
  CHECK_FALSE(has(bytes, le32(1750) + le32(100)));  // the seconds of the latitude
  // The image itself (from the scan on) is byte for byte the original's.
  std::string clean = clean_jpeg();
  CHECK(bytes.substr(bytes.find("\xFF\xDA")) == clean.substr(clean.find("\xFF\xDA")));
}

}  // namespace

TEST_CASE("strip_jpeg_metadata drops Exif GPS, XMP, comments and IPTC, keeps the image", "[jpeg][security]") {
  std::string dirty = dirty_jpeg();
  REQUIRE(has(dirty, "GPSLatitude"));
  std::string out = ttdn::output::strip_jpeg_metadata(dirty);
  check_published_jpeg(out);
  CHECK(out == ttdn::output::strip_jpeg_metadata(out));  // idempotent
  CHECK(ttdn::output::strip_jpeg_metadata(clean_jpeg()) == clean_jpeg());  // nothing to drop

  SECTION("ICC profiles and Adobe colour segments stay; MPF and other APPn go") {
    std::string clean = clean_jpeg();
    std::string icc = segment(0xE2, std::string("ICC_PROFILE\0\1\1", 14) + "profile");
    std::string adobe = segment(0xEE, std::string("Adobe\0\x64\0\0\0\0\1", 12));
    std::string mpf = segment(0xE2, std::string("MPF\0", 4) + "II*");
    std::string with = clean.substr(0, 2) + icc + adobe + mpf + clean.substr(2);
    std::string stripped = ttdn::output::strip_jpeg_metadata(with);
    CHECK(has(stripped, icc));
    CHECK(has(stripped, adobe));
    CHECK_FALSE(has(stripped, "MPF"));
  }
  SECTION("data after the end of the image (phone trailers, extra images) is dropped") {
    std::string out2 = ttdn::output::strip_jpeg_metadata(clean_jpeg() + "\xFF\xD8" + gps_exif() + "\xFF\xD9");
    CHECK(out2 == clean_jpeg());
  }
  SECTION("a broken header is cut, not published as it is; other bytes pass unchanged") {
    std::string broken = std::string("\xFF\xD8", 2) + gps_exif().substr(0, 40);
    std::string cut = ttdn::output::strip_jpeg_metadata(broken);
    CHECK_FALSE(has(cut, "Exif"));
    CHECK(cut == std::string("\xFF\xD8\xFF\xD9", 4));
    CHECK(ttdn::output::strip_jpeg_metadata("not a jpeg") == "not a jpeg");
  }
}

TEST_CASE("a build publishes bundle and asset JPEGs without location metadata", "[jpeg][security][site]") {
  FixtureSite s;
  std::string dirty = dirty_jpeg();
  s.write("content/news/anh/index.md",
          "---\ntitle: Ảnh\ndate: 2026-03-01\nimage: {src: thac.jpg, alt: Thác}\n---\n![Thác](thac.JPG)\n");
  s.write("content/news/anh/thac.jpg", dirty);
  s.write("content/news/anh/thac.JPG", dirty);
  s.write("assets/img/thac.jpeg", dirty);
  s.write("content/pages/gioi-thieu.md", "---\ntitle: Giới thiệu\nimage: {src: img/thac.jpeg, alt: Thác}\n---\nx\n");
  auto r = build(s);
  INFO(r.out);
  REQUIRE(r.status == 0);
  std::vector<fs::path> published;
  size_t originals = 0;
  for (const auto& [path, bytes] : snapshot(s.out())) {
    if (path.size() > 5 && (path.rfind(".jpg") == path.size() - 4 || path.rfind(".JPG") == path.size() - 4 ||
                            path.rfind(".jpeg") == path.size() - 5)) {
      INFO(path);
      published.push_back(s.out() / path);
      // The width variants and OG card made by libvips (issue 9): re-encoded, no metadata.
      if (std::regex_search(path, std::regex("-([0-9]+|og)\\.jpg$"))) {
        for (unsigned char m : header_markers(bytes)) CHECK((m != 0xE1 && m != 0xFE && m != 0xED));
        CHECK_FALSE(has(bytes, std::string("Exif\0\0", 6)));
        CHECK_FALSE(has(bytes, "22.8547N"));
        continue;
      }
      check_published_jpeg(bytes);
      ++originals;
    }
  }
  CHECK(originals == 3);
  CHECK(published.size() > 3);
  // Source files are never modified.
  CHECK(read_file(s.site() / "content/news/anh/thac.jpg") == dirty);
  // Where the tools are installed (scripts/setup.sh --test), they agree.
  for (const auto& p : published) {
    if (tool("djpeg")) CHECK(std::system(("djpeg '" + p.string() + "' >/dev/null").c_str()) == 0);
    if (tool("exiftool")) {
      auto tags = shell_output("exiftool -a -G1 '" + p.string() + "'");
      INFO(tags);
      CHECK(tags.find("GPS") == std::string::npos);
    }
  }
}
