#include <catch2/catch.hpp>

#include "text/escape.h"
#include "text/unicode.h"

using namespace ttdn::text;

TEST_CASE("slugs fold Vietnamese letters to ASCII", "[text]") {
  CHECK(fold_slug("Bản Giốc") == "ban-gioc");
  CHECK(fold_slug("Đồng Văn") == "dong-van");
  CHECK(fold_slug("ĐẠI HỘI Đảng bộ") == "dai-hoi-dang-bo");
  CHECK(fold_slug("  Hội nghị lần thứ 12 -- Ủy ban  ") == "hoi-nghi-lan-thu-12-uy-ban");
  CHECK(fold_slug("42/2022/NĐ-CP") == "42-2022-nd-cp");
  CHECK(fold_slug("Thuỷ / thủy") == "thuy-thuy");
  CHECK(fold_slug("德天瀑布").empty());
  CHECK(fold_slug("Cao Bằng 德天") == "cao-bang");
}

TEST_CASE("slugs fold every Vietnamese letter, precomposed or not, to its base letter", "[text]") {
  const std::string lower =
      "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
  const std::string upper =
      "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢUÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴĐ";
  const std::string bases = std::string(18, 'a') + std::string(12, 'e') + std::string(6, 'i') +
                            std::string(18, 'o') + std::string(12, 'u') + std::string(6, 'y') + "d";
  CHECK(fold_slug(lower) == bases);
  CHECK(fold_slug(upper) == bases);
  // Decomposed (NFD) text: the marks go, the letters stay.
  CHECK(fold_slug("Ba\xCC\x89n Gio\xCC\x82\xCC\x81" "c") == "ban-gioc");
  CHECK(fold_slug("\xCC\x81" "a") == "a");  // a mark with no letter before it
  // Letters with no ASCII form separate words; so do other scripts and invalid bytes.
  CHECK(fold_slug("Ærø ß ñ") == "r-n");
  CHECK(fold_slug("Hà Nội – Cao Bằng") == "ha-noi-cao-bang");
  CHECK(fold_slug("Thác Bản Giốc 德天瀑布 Ω") == "thac-ban-gioc");
  CHECK(fold_slug("ca\xC3" "fe") == "ca-fe");
  CHECK(fold_slug("ḿ ẃ ǹ ȁ") == "m-w-n-a");
}

TEST_CASE("NFC makes decomposed Vietnamese byte-equal to precomposed", "[text]") {
  std::string nfd = "Ba\xCC\x89n Gio\xCC\x82\xCC\x81" "c";  // Bản Giốc, decomposed
  CHECK(to_nfc(nfd) == "Bản Giốc");
  CHECK(to_nfc("Bản Giốc") == "Bản Giốc");
  CHECK(to_nfc("ascii only") == "ascii only");
}

TEST_CASE("invalid UTF-8 is found at its byte offset", "[text]") {
  CHECK_FALSE(find_invalid_utf8("Cao Bằng 高平").has_value());
  CHECK(find_invalid_utf8("abc\xFF").value() == 3);
  CHECK(find_invalid_utf8("ab\xC3").value() == 2);             // truncated sequence
  CHECK(find_invalid_utf8("a\xC0\xAF").value() == 1);           // overlong '/'
  CHECK(find_invalid_utf8("x\xED\xA0\x80").value() == 1);       // surrogate
  CHECK(find_invalid_utf8(std::string("a\0b", 3)).value() == 1);  // NUL
  // Long runs of ASCII (read eight bytes at a time): found at every offset, in a block or
  // in the tail.
  const std::string ascii = "<p class=\"lead\">Cao Bang border gate, 2026.</p>\n";
  CHECK_FALSE(find_invalid_utf8(ascii + "Cửa khẩu Trà Lĩnh " + ascii).has_value());
  for (size_t at = 0; at < ascii.size(); ++at)
    for (char bad : {'\0', '\xFF', '\x80'}) {
      std::string text = ascii;
      text[at] = bad;
      CHECK(find_invalid_utf8(text) == at);
      CHECK(find_invalid_utf8("Bằng " + text) == at + 7);
    }
}

TEST_CASE("search folding ignores diacritics and case, đ matches d", "[text]") {
  CHECK(fold_for_search("Hòa BÌNH") == "hoa binh");
  CHECK(fold_for_search("hoà") == fold_for_search("hòa"));
  CHECK(fold_for_search("Đàm Thủy") == "dam thuy");
}

TEST_CASE("collation follows each language's order", "[text]") {
  std::vector<std::string> vi = {"Đà Nẵng", "Dương", "Cao Bằng", "Bắc Kạn", "An Giang"};
  std::vector<std::string> sorted;
  for (size_t i : collation_order(vi, "vi")) sorted.push_back(vi[i]);
  CHECK(sorted == std::vector<std::string>{"An Giang", "Bắc Kạn", "Cao Bằng", "Dương", "Đà Nẵng"});
  std::vector<std::string> zh = {"边界", "板约瀑布", "口岸", "文化"};  // bian, ban, kou, wen
  sorted.clear();
  for (size_t i : collation_order(zh, "zh")) sorted.push_back(zh[i]);
  CHECK(sorted == std::vector<std::string>{"板约瀑布", "边界", "口岸", "文化"});
}

TEST_CASE("suggestions find the nearest key", "[text]") {
  std::vector<std::string> keys = {"bien-gioi", "ban-gioc", "du-lich"};
  CHECK(nearest("bien-gioy", keys).value() == "bien-gioi");
  CHECK_FALSE(nearest("kinh-te-xa-hoi", keys).has_value());
}

TEST_CASE("HTML escaping covers text and attributes", "[text]") {
  CHECK(escape_html("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}
