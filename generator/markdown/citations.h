// Recognising citations of directive documents in running text by the shape of their
// number (SPEC §4.3): Party documents `57-KL/TW`, state documents `142/KH-SNgV`, and state
// documents whose number holds a year `42/2022/NĐ-CP`, with the words that usually come
// before (`Kết luận số`, `Plan No.`, `第…号`) and the date that may follow (`ngày 30/3/2021`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttdn::markdown {

/// The three shapes of a document number.
enum class NumberShape {
  party,           // 14-HD/BTGTU, 30-CTR/TUCB-ĐUQCHQ
  state,           // 142/KH-SNgV, 1820/KH-KT-BTGTUCB
  state_with_year  // 42/2022/NĐ-CP
};

/// A date a citation states, as precise as written: month and day are 0 when not given
/// (`Hướng dẫn số 14-HD/BTGTU năm 2021` gives only the year).
struct CitedDate {
  int year = 0;
  int month = 0;
  int day = 0;
};

/// One citation found in a text. Offsets are bytes of that text.
struct Citation {
  size_t begin = 0;  // the whole citation: words before, number, date after
  size_t length = 0;
  size_t number_begin = 0;  // the number as written
  size_t number_length = 0;
  std::string number;  // as written, with an OCR space after '-' removed ("57- KL/TW")
  std::optional<CitedDate> date;
};

/// The shape of `number` when the whole string is a document number, else nullopt.
std::optional<NumberShape> number_shape(std::string_view number);

/// A key under which two spellings of one number compare equal: separators, case and the
/// stroke of Đ do not matter (`14-HD/BTGTU`, `14/HD-BTGTU` → `14-hd-btgtu`).
std::string number_key(std::string_view number);

/// The year a number holds (`42/2022/NĐ-CP` → 2022), if its shape has one.
std::optional<int> number_year(std::string_view number);

/// Every citation in `text` (UTF-8, NFC), in order, not overlapping. Dates such as
/// `30/3/2021`, `04-04-2021` or ranges like `2021-2025` are never taken for numbers.
std::vector<Citation> find_citations(std::string_view text);

}  // namespace ttdn::markdown
