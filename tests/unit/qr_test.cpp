// QR codes of the print edition: the inline SVG is read back module by module, and the
// picture it draws is decoded by zbarimg (zbar-tools) to the exact URL.
#include <catch2/catch.hpp>

#include "output/qr_svg.h"
#include "../qr_reader.h"

using namespace ttdn;

using testing::DrawnSymbol;

namespace {

DrawnSymbol read_svg(const std::string& svg) {
  DrawnSymbol s = testing::read_qr_svg(svg);
  REQUIRE(s.side > 0);
  CHECK(s.run_bytes == s.path_bytes);  // nothing in the path but runs
  return s;
}

}  // namespace

TEST_CASE("the SVG draws exactly libqrencode's modules inside a 4-module quiet zone", "[qr]") {
  const std::string url = "https://example.gov.vn/portal/tin-tuc/hoi-nghi-bien-gioi/";
  auto matrix = output::qr_matrix(url);
  REQUIRE(matrix);
  CHECK((matrix->width - 17) % 4 == 0);  // a QR version: 21, 25, 29… modules
  std::string svg = output::qr_svg(url, "QR");
  DrawnSymbol drawn = read_svg(svg);
  REQUIRE(drawn.side == matrix->width + 2 * output::kQrQuietZone);
  for (int y = 0; y < drawn.side; ++y)
    for (int x = 0; x < drawn.side; ++x) {
      int mx = x - output::kQrQuietZone, my = y - output::kQrQuietZone;
      bool inside = mx >= 0 && my >= 0 && mx < matrix->width && my < matrix->width;
      INFO("module " << x << "," << y);
      CHECK(drawn.at(x, y) == (inside && matrix->at(mx, my)));
    }
  // The three finder patterns: dark 7×7 squares at three corners of the symbol.
  for (auto [cx, cy] : {std::pair{0, 0}, {matrix->width - 7, 0}, {0, matrix->width - 7}}) {
    CHECK(matrix->at(cx, cy));
    CHECK(matrix->at(cx + 6, cy + 6));
    CHECK_FALSE(matrix->at(cx + 1, cy + 1));
    CHECK(matrix->at(cx + 3, cy + 3));
  }
}

TEST_CASE("the SVG is an accessible image with an escaped name and a white background", "[qr]") {
  std::string svg = output::qr_svg("https://example.gov.vn/a/", "Mã QR <bài> \"1\" & 2");
  CHECK(svg.rfind("<svg ", 0) == 0);
  CHECK(svg.find("role=\"img\"") != std::string::npos);
  CHECK(svg.find("aria-label=\"Mã QR &lt;bài&gt; &quot;1&quot; &amp; 2\"") != std::string::npos);
  CHECK(svg.find("<title>Mã QR &lt;bài&gt; &quot;1&quot; &amp; 2</title>") != std::string::npos);
  CHECK(svg.find("fill=\"#fff\"") != std::string::npos);
  CHECK(svg.find("<bài>") == std::string::npos);
}

TEST_CASE("text that no QR code can hold gives no SVG", "[qr]") {
  CHECK(output::qr_svg("", "x").empty());
  CHECK_FALSE(output::qr_matrix(""));
  CHECK(output::qr_svg(std::string(5000, 'a'), "x").empty());
  CHECK(output::qr_matrix(std::string(2000, 'a')));  // version 40-M holds 2 331 bytes
}

TEST_CASE("zbarimg reads the drawn QR codes back as the article URLs", "[qr][zbar]") {
  if (!testing::have_command("zbarimg")) {
    WARN("zbarimg is not installed (Debian package zbar-tools, scripts/setup.sh --test): "
         "decoding the QR codes is skipped");
    return;
  }
  testing::FixtureSite scratch;  // a temporary folder
  for (const std::string url :
       {"https://example.gov.vn/portal/tin-tuc/hoi-nghi-bien-gioi/",
        "https://ttdn.caobang.gov.vn/zh/xinwen/khu-canh-quan-ban-gioc-duc-thien-van-hanh-chinh-thuc/",
        "https://ttdn.caobang.gov.vn/en/news/a/"}) {
    auto picture = scratch.root() / "qr.pgm";
    testing::write_pgm(read_svg(output::qr_svg(url, "QR")), picture);
    CHECK(testing::zbar_decode(picture) == url);
  }
}
