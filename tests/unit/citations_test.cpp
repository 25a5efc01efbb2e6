#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "markdown/citations.h"

using ttdn::markdown::Citation;
using ttdn::markdown::find_citations;
using ttdn::markdown::number_key;
using ttdn::markdown::number_shape;
using ttdn::markdown::number_year;
using ttdn::markdown::NumberShape;

namespace {

std::vector<std::string> numbers_in(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& c : find_citations(text)) out.push_back(c.number);
  return out;
}

std::string span_of(std::string_view text, const Citation& c) {
  return std::string(text.substr(c.begin, c.length));
}

}  // namespace

TEST_CASE("document numbers are recognised by shape", "[citations]") {
  CHECK(number_shape("57-KL/TW") == NumberShape::party);
  CHECK(number_shape("14-HD/BTGTU") == NumberShape::party);
  CHECK(number_shape("02-HD/BTGDVTW") == NumberShape::party);
  CHECK(number_shape("30-CTR/TUCB-ĐUQCHQ") == NumberShape::party);
  CHECK(number_shape("142/KH-SNgV") == NumberShape::state);
  CHECK(number_shape("1191/QĐ-TTg") == NumberShape::state);
  CHECK(number_shape("1820/KH-KT-BTGTUCB") == NumberShape::state);
  CHECK(number_shape("42/2022/NĐ-CP") == NumberShape::state_with_year);
  CHECK(number_year("42/2022/NĐ-CP") == 2022);
  CHECK_FALSE(number_year("142/KH-SNgV"));

  for (const char* not_a_number :
       {"30/3/2021", "2021-2025", "04-04-2021", "2026-Q1", "1/2026", "14-HD", "HD/BTGTU",
        "14-hd/btgtu", "57-KL/", "42/2022/NĐ", "14-HD/BTGTU extra", "II.3", "COVID-19", "24/7",
        "834/1", "14-H/BTGTU"})
    CHECK_FALSE(number_shape(not_a_number));
}

TEST_CASE("the number key ignores separators, case and the stroke of Đ", "[citations]") {
  CHECK(number_key("14-HD/BTGTU") == "14-hd-btgtu");
  CHECK(number_key("14/HD-BTGTU") == number_key("14-HD/BTGTU"));
  CHECK(number_key("42/2022/NĐ-CP") == "42-2022-nd-cp");
  CHECK(number_key("42/2022/ND-CP") == number_key("42/2022/NĐ-CP"));
  CHECK(number_key("142/KH-SNgV") != number_key("142/KH-SNV"));
}

TEST_CASE("citations in sentences of the source documents", "[citations]") {
  SECTION("Hướng dẫn số … with its date (seed 001)") {
    std::string text =
        "Thực hiện Hướng dẫn số 166-HD/BTGTW, ngày 18/01/2021 của Ban Tuyên giáo Trung ương về "
        "công tác thông tin đối ngoại (TTĐN) năm 2021, Ban Tuyên giáo Tỉnh ủy hướng dẫn như sau:";
    auto cs = find_citations(text);
    REQUIRE(cs.size() == 1);
    CHECK(cs[0].number == "166-HD/BTGTW");
    CHECK(span_of(text, cs[0]) == "Hướng dẫn số 166-HD/BTGTW, ngày 18/01/2021");
    REQUIRE(cs[0].date);
    CHECK(cs[0].date->year == 2021);
    CHECK(cs[0].date->month == 1);
    CHECK(cs[0].date->day == 18);
  }
  SECTION("a list of documents in a footnote (seed 001)") {
    std::string text =
        "¹ Chỉ thị số 21-CT/TTg, ngày 06/8/2012 của Thủ tướng Chính phủ về triển khai thực hiện "
        "Chiến lược phát triển TTĐN giai đoạn 2011-2020; Quyết định số 368/QĐ-TTg, ngày "
        "28/02/2013 của Thủ tướng Chính phủ; Quyết định số 1486/QĐ-TTg, ngày 06/11/2018; Chỉ thị "
        "số 25-CT/TW, ngày 08/8/2018 của Ban Bí thư; Chỉ thị số 32-CT/TW, ngày 18/02/2019";
    CHECK(numbers_in(text) == std::vector<std::string>{"21-CT/TTg", "368/QĐ-TTg", "1486/QĐ-TTg",
                                                       "25-CT/TW", "32-CT/TW"});
  }
  SECTION("two programmes with compound issuers (seed 001)") {
    std::string text =
        "6. Chỉ đạo thực hiện có hiệu quả các hoạt động và chương trình số 30-CTR/TUCB-ĐUQCHQ, "
        "ngày 27/02/2019 giữa Tỉnh ủy Cao Bằng và Đảng ủy Quân chủng Hải quân Việt Nam về phối "
        "hợp tuyên truyền biển, đảo; Kế hoạch 1820/KH-KT-BTGTUCB, ngày 16/12/2020 giữa Cục Kỹ "
        "thuật Hải quân và Ban Tuyên giáo Tỉnh ủy Cao Bằng";
    auto cs = find_citations(text);
    REQUIRE(cs.size() == 2);
    CHECK(cs[0].number == "30-CTR/TUCB-ĐUQCHQ");
    CHECK(span_of(text, cs[0]) == "chương trình số 30-CTR/TUCB-ĐUQCHQ, ngày 27/02/2019");
    CHECK(cs[1].number == "1820/KH-KT-BTGTUCB");
    CHECK(span_of(text, cs[1]) == "Kế hoạch 1820/KH-KT-BTGTUCB, ngày 16/12/2020");
  }
  SECTION("state numbers with a year, and a date written in words (seed 003)") {
    std::string text =
        "Cung cấp các thông tin chính thức cho phóng viên nước ngoài theo Nghị định số "
        "88/2012/NĐ-CP ngày 23/10/2012 của Chính phủ. Thực hiện Kế hoạch số 3485/KH-UBND ngày 30 "
        "tháng 12 năm 2022 của Ủy ban nhân dân tỉnh.";
    auto cs = find_citations(text);
    REQUIRE(cs.size() == 2);
    CHECK(cs[0].number == "88/2012/NĐ-CP");
    CHECK(span_of(text, cs[0]) == "Nghị định số 88/2012/NĐ-CP ngày 23/10/2012");
    CHECK(cs[1].number == "3485/KH-UBND");
    CHECK(span_of(text, cs[1]) == "Kế hoạch số 3485/KH-UBND ngày 30 tháng 12 năm 2022");
    REQUIRE(cs[1].date);
    CHECK(cs[1].date->month == 12);
  }
  SECTION("an OCR space after the dash is forgiven (seed 002)") {
    std::string text = "+ Kết luận số 57- KL/TW ngày 15/6/2023 của Bộ Chính trị";
    auto cs = find_citations(text);
    REQUIRE(cs.size() == 1);
    CHECK(cs[0].number == "57-KL/TW");
  }
  SECTION("two conclusions joined by 'và' (seed 002)") {
    std::string text =
        "Triển khai hiệu quả Kết luận số 57-KL/TW, ngày 15/6/2023 của Bộ Chính trị và Kết luận "
        "số 71-KL/TW, ngày 16/2/2024 của Bộ Chính trị; Công văn số 2049-CV/TU ngày 26/7/2024";
    CHECK(numbers_in(text) == std::vector<std::string>{"57-KL/TW", "71-KL/TW", "2049-CV/TU"});
  }
  SECTION("English citations") {
    std::string text =
        "Under Plan No. 142/KH-SNgV of 3 February 2023, and Conclusions No. 57-KL/TW and No. "
        "71-KL/TW, under Decree 42/2022/NĐ-CP.";
    auto cs = find_citations(text);
    REQUIRE(cs.size() == 4);
    CHECK(span_of(text, cs[0]) == "Plan No. 142/KH-SNgV of 3 February 2023");
    CHECK(cs[0].date->day == 3);
    CHECK(span_of(text, cs[1]) == "Conclusions No. 57-KL/TW");
    CHECK(span_of(text, cs[2]) == "No. 71-KL/TW");
    CHECK(span_of(text, cs[3]) == "Decree 42/2022/NĐ-CP");
  }
  SECTION("Chinese citations: 第…号, with the date before") {
    std::string text =
        "高平省外务厅2023年2月3日第142/KH-SNgV号计划要求；2021年第14-HD/BTGTU号指导意见";
    auto cs = find_citations(text);
    REQUIRE(cs.size() == 2);
    CHECK(span_of(text, cs[0]) == "第142/KH-SNgV号");
    REQUIRE(cs[0].date);
    CHECK(cs[0].date->year == 2023);
    CHECK(cs[0].date->month == 2);
    CHECK(cs[0].date->day == 3);
    CHECK(span_of(text, cs[1]) == "第14-HD/BTGTU号");
    REQUIRE(cs[1].date);
    CHECK(cs[1].date->year == 2021);
  }
  SECTION("a year alone after the number narrows the meaning without joining the link") {
    std::string text = "Hướng dẫn số 14-HD/BTGTU năm 2021 yêu cầu";
    auto cs = find_citations(text);
    REQUIRE(cs.size() == 1);
    CHECK(span_of(text, cs[0]) == "Hướng dẫn số 14-HD/BTGTU");
    REQUIRE(cs[0].date);
    CHECK(cs[0].date->year == 2021);
    CHECK(cs[0].date->month == 0);
  }
}

TEST_CASE("dates, ranges and other numbers are not citations", "[citations]") {
  for (const char* text :
       {"Cao Bằng, ngày 30 tháng 3 năm 2021", "Ngày 30/3/2021, Ban Tuyên giáo ban hành",
        "giai đoạn 2021-2025 và 2025 - 2030", "ngày 04-04-2021", "Bản tin số 1/2026 (2026-Q1)",
        "cột mốc 834/1 là điểm qua lại", "mục II.3 và II.4", "24/7, COVID-19, A4, 3G/4G",
        "https://example.gov.vn/van-ban/14-HD/BTGTU", "file 2026-q1/KH-X.pdf", "mã ABC14-HD/BTGTU",
        "x/14-HD/BTGTU"})
    CHECK(numbers_in(text).empty());
}

TEST_CASE("the Vietnamese letter Đ is read whole", "[citations]") {
  // Đ is two bytes in UTF-8: the number must end after it, not in the middle.
  std::string text = "Quyết định 1191/QĐ-TTg và Nghị định 42/2022/NĐ-CP.";
  auto cs = find_citations(text);
  REQUIRE(cs.size() == 2);
  CHECK(cs[0].number == "1191/QĐ-TTg");
  CHECK(cs[1].number == "42/2022/NĐ-CP");
  CHECK(text.substr(cs[1].number_begin, cs[1].number_length) == "42/2022/NĐ-CP");
  // A Vietnamese letter glued to the number makes it something else.
  CHECK(numbers_in("số14-HD/BTGTUđ").empty());
}

TEST_CASE("numbers of ASCII and Đ get the key the full Unicode folding gives", "[citations]") {
  // Such numbers skip ICU (issue 10). A Chinese word after a space folds to nothing but sends
  // the same number through ICU: the keys must not differ.
  for (std::string number :
       {"57-KL/TW", "42/2022/NĐ-CP", "30-CTR/TUCB-ĐUQCHQ", "142/KH-SNgV", "Đ", "đ-Đ", "-Đđ-",
        "ĐUQCHQ/", "  1820 / KH--KT-BTGTUCB  ", "a\tb\nc", "QĐ-TTg", "x#y@z", ""}) {
    INFO(number);
    CHECK(number_key(number) == number_key(number + " 号"));
  }
  CHECK(number_key("30-CTR/TUCB-ĐUQCHQ") == "30-ctr-tucb-duqchq");
  CHECK(number_key("-Đđ-") == "dd");
}
