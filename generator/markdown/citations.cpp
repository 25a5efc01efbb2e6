#include "markdown/citations.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>

#include "markdown/utf8.h"
#include "text/unicode.h"

namespace ttdn::markdown {
namespace {

// Đ and đ in UTF-8: the letter of NĐ-CP, QĐ-TTg, ĐUQCHQ.
constexpr unsigned char kLeadD = 0xC4, kUpperD = 0x90, kLowerD = 0x91;

bool is_digit(std::string_view s, size_t i) {
  return i < s.size() && s[i] >= '0' && s[i] <= '9';
}

/// Bytes of an upper-case letter at `i` (A–Z or Đ), else 0.
size_t upper_at(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  if (s[i] >= 'A' && s[i] <= 'Z') return 1;
  if (i + 1 < s.size() && static_cast<unsigned char>(s[i]) == kLeadD &&
      static_cast<unsigned char>(s[i + 1]) == kUpperD)
    return 2;
  return 0;
}

/// Bytes of a letter or digit that may appear in an issuer code (SNgV, TTg, ĐUQCHQ).
size_t code_char_at(std::string_view s, size_t i) {
  if (size_t n = upper_at(s, i)) return n;
  if (i >= s.size()) return 0;
  if ((s[i] >= 'a' && s[i] <= 'z') || is_digit(s, i)) return 1;
  if (i + 1 < s.size() && static_cast<unsigned char>(s[i]) == kLeadD &&
      static_cast<unsigned char>(s[i + 1]) == kLowerD)
    return 2;
  return 0;
}

size_t digits_at(std::string_view s, size_t i) {
  size_t n = 0;
  while (is_digit(s, i + n)) ++n;
  return n;
}

/// A type code: 2 to 5 upper-case letters (HD, KL, QĐ, NĐ, CTR).
size_t type_code_at(std::string_view s, size_t i) {
  size_t bytes = 0, letters = 0;
  while (size_t n = upper_at(s, i + bytes)) {
    bytes += n;
    if (++letters > 5) return 0;
  }
  return letters >= 2 ? bytes : 0;
}

/// One part of an issuer: an upper-case letter, then letters and digits (TW, SNgV, TTg).
size_t issuer_part_at(std::string_view s, size_t i) {
  size_t bytes = upper_at(s, i);
  if (bytes == 0) return 0;
  size_t chars = 1;
  while (size_t n = code_char_at(s, i + bytes)) {
    bytes += n;
    if (++chars > 16) return 0;
  }
  return bytes;
}

/// An issuer: parts joined by '-' (TUCB-ĐUQCHQ, KT-BTGTUCB), at least two letters in all.
size_t issuer_at(std::string_view s, size_t i) {
  size_t bytes = issuer_part_at(s, i);
  if (bytes == 0) return 0;
  for (int parts = 1; parts < 4 && i + bytes < s.size() && s[i + bytes] == '-'; ++parts) {
    size_t next = issuer_part_at(s, i + bytes + 1);
    if (next == 0) break;
    bytes += 1 + next;
  }
  if (bytes == 1) return 0;  // a single letter is no issuer
  return bytes;
}

bool is_latin_letter(char32_t c) {
  return c > 0x7F && !text::is_cjk(c) && u_isalpha(static_cast<UChar32>(c));
}

bool is_ascii_alnum(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// May a number start right after this code point? Not inside a word, a longer number, a
/// path or a date.
bool left_boundary(std::string_view s, size_t i) {
  if (i == 0) return true;
  char32_t c = utf8::last(s.substr(0, i));
  if (is_ascii_alnum(c)) return false;
  if (c == '/' || c == '-' || c == '.' || c == '_' || c == '#' || c == '@' || c == '\\' ||
      c == '+' || c == '=' || c == '&')
    return false;
  return !is_latin_letter(c);
}

/// May a number end right before `i`? Not when a letter or a longer path follows.
bool right_boundary(std::string_view s, size_t i) {
  if (i >= s.size()) return true;
  size_t j = i;
  char32_t c = utf8::next(s, j);
  if (is_ascii_alnum(c) || is_latin_letter(c) || c == '_') return false;
  if ((c == '/' || c == '\\') && j < s.size() && code_char_at(s, j) > 0) return false;
  return true;
}

struct NumberMatch {
  size_t length = 0;
  NumberShape shape = NumberShape::party;
  std::string normalised;
};

/// The number starting at `s[i]`, if any. `allow_ocr_space` accepts `57- KL/TW`, as text
/// extracted from scans has it.
std::optional<NumberMatch> match_number(std::string_view s, size_t i, bool allow_ocr_space) {
  size_t d = digits_at(s, i);
  if (d == 0 || d > 5) return std::nullopt;
  size_t j = i + d;
  if (j >= s.size()) return std::nullopt;
  NumberMatch m;
  if (s[j] == '-') {
    size_t k = j + 1;
    if (allow_ocr_space && k < s.size() && s[k] == ' ') ++k;
    size_t t = type_code_at(s, k);
    if (t == 0 || k + t >= s.size() || s[k + t] != '/') return std::nullopt;
    size_t n = issuer_at(s, k + t + 1);
    if (n == 0) return std::nullopt;
    m.length = k + t + 1 + n - i;
    m.shape = NumberShape::party;
    m.normalised = std::string(s.substr(i, d)) + "-" + std::string(s.substr(k, t + 1 + n));
  } else if (s[j] == '/') {
    size_t k = j + 1;
    if (digits_at(s, k) == 4 && k + 4 < s.size() && s[k + 4] == '/') {
      m.shape = NumberShape::state_with_year;
      k += 5;
    } else {
      m.shape = NumberShape::state;
    }
    size_t t = type_code_at(s, k);
    if (t == 0 || k + t >= s.size() || s[k + t] != '-') return std::nullopt;
    size_t n = issuer_at(s, k + t + 1);
    if (n == 0) return std::nullopt;
    m.length = k + t + 1 + n - i;
    m.normalised = std::string(s.substr(i, m.length));
  } else {
    return std::nullopt;
  }
  if (!right_boundary(s, i + m.length)) return std::nullopt;
  return m;
}

// ---- words before a number -------------------------------------------------------------

/// The words that name a document before its number, in the portal's languages. Matching
/// them is optional: a number is recognised by its shape alone.
const std::vector<std::string>& lead_phrases() {
  static const std::vector<std::string> phrases = [] {
    const std::array<const char*, 14> vi_types = {
        "Hướng dẫn",  "Kế hoạch",  "Kết luận", "Nghị quyết", "Chỉ thị",
        "Quyết định", "Nghị định", "Thông tư", "Công văn",   "Chương trình",
        "Thông báo",  "Quy định",  "Báo cáo",  "Văn bản"};
    const std::array<const char*, 27> en_types = {
        "Guidance",    "Guidelines", "Guideline",   "Plan",      "Plans",       "Conclusion",
        "Conclusions", "Resolution", "Resolutions", "Directive", "Directives",  "Decision",
        "Decisions",   "Decree",     "Decrees",     "Circular",  "Circulars",   "Official Letter",
        "Letter",      "Programme",  "Programmes",  "Program",   "Instruction", "Notice",
        "Regulation",  "Report",     "Dispatch"};
    std::vector<std::string> out;
    for (const char* t : vi_types)
      for (const char* c : {" số ", " số: ", " "}) out.push_back(std::string(t) + c);
    for (const char* t : en_types)
      for (const char* c : {" No. ", " No ", " no. ", " "}) out.push_back(std::string(t) + c);
    for (const char* c : {"số ", "số: ", "No. ", "No "}) out.push_back(c);
    // The same with a lower-case first letter (all of them start with an ASCII letter).
    size_t n = out.size();
    for (size_t k = 0; k < n; ++k) {
      std::string lower = out[k];
      if (lower[0] >= 'A' && lower[0] <= 'Z') {
        lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
        out.push_back(lower);
      }
    }
    std::sort(out.begin(), out.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }();
  return phrases;
}

constexpr std::string_view kDi = "第";  // Chinese: 第…号 around a number
constexpr std::string_view kHao = "号";

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}
bool starts_with(std::string_view s, std::string_view head) {
  return s.size() >= head.size() && s.substr(0, head.size()) == head;
}

/// Where the citation starts: before the words naming the document, if there are any, but
/// never before `floor` (the end of the previous citation).
size_t lead_begin(std::string_view s, size_t number_begin, size_t floor) {
  std::string_view before = s.substr(floor, number_begin - floor);
  if (ends_with(before, kDi)) return number_begin - kDi.size();
  for (const auto& phrase : lead_phrases()) {
    if (!ends_with(before, phrase)) continue;
    size_t start = number_begin - phrase.size();
    if (start > 0 && start > floor) {
      char32_t c = utf8::last(s.substr(0, start));
      if (is_ascii_alnum(c) || is_latin_letter(c)) continue;  // the end of another word
    }
    return start;
  }
  return number_begin;
}

// ---- dates around a number ---------------------------------------------------------------

bool valid(const CitedDate& d) {
  return d.year >= 1900 && d.year <= 2199 && (d.month == 0 || (d.month >= 1 && d.month <= 12)) &&
         (d.day == 0 || (d.day >= 1 && d.day <= 31));
}

int number_at(std::string_view s, size_t i, size_t n) {
  int v = 0;
  for (size_t k = 0; k < n; ++k) v = v * 10 + (s[i + k] - '0');
  return v;
}

/// A year of four digits at `i` that ends there, or 0.
size_t year_at(std::string_view s, size_t i) {
  return digits_at(s, i) == 4 && right_boundary(s, i + 4) ? 4 : 0;
}

/// `30/3/2021`, `30-3-2021`, `30.3.2021` or `30 tháng 3 năm 2021` at `i`: bytes used.
size_t vietnamese_date_at(std::string_view s, size_t i, CitedDate& out) {
  size_t dd = digits_at(s, i);
  if (dd == 0 || dd > 2) return 0;
  size_t j = i + dd;
  if (j < s.size() && (s[j] == '/' || s[j] == '-' || s[j] == '.')) {
    char sep = s[j];
    size_t mm = digits_at(s, j + 1);
    if (mm == 0 || mm > 2 || j + 1 + mm >= s.size() || s[j + 1 + mm] != sep) return 0;
    size_t y = year_at(s, j + 2 + mm);
    if (y == 0) return 0;
    out = {number_at(s, j + 2 + mm, 4), number_at(s, j + 1, mm), number_at(s, i, dd)};
    return valid(out) ? j + 2 + mm + 4 - i : 0;
  }
  constexpr std::string_view kMonth = " tháng ", kYear = " năm ";
  if (!starts_with(s.substr(j), kMonth)) return 0;
  size_t m = j + kMonth.size();
  size_t mm = digits_at(s, m);
  if (mm == 0 || mm > 2 || !starts_with(s.substr(m + mm), kYear)) return 0;
  size_t yat = m + mm + kYear.size();
  if (year_at(s, yat) == 0) return 0;
  out = {number_at(s, yat, 4), number_at(s, m, mm), number_at(s, i, dd)};
  return valid(out) ? yat + 4 - i : 0;
}

int english_month(std::string_view s, size_t i, size_t& used) {
  static const std::array<const char*, 12> names = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  for (size_t k = 0; k < names.size(); ++k) {
    std::string_view name = names[k];
    if (starts_with(s.substr(i), name) && right_boundary(s, i + name.size())) {
      used = name.size();
      return static_cast<int>(k) + 1;
    }
  }
  return 0;
}

/// `3 February 2023` or `February 3, 2023` at `i`: bytes used.
size_t english_date_at(std::string_view s, size_t i, CitedDate& out) {
  size_t dd = digits_at(s, i), used = 0;
  if (dd >= 1 && dd <= 2 && i + dd < s.size() && s[i + dd] == ' ') {
    int month = english_month(s, i + dd + 1, used);
    size_t yat = i + dd + 1 + used + 1;
    if (month == 0 || yat > s.size() || s[yat - 1] != ' ' || year_at(s, yat) == 0) return 0;
    out = {number_at(s, yat, 4), month, number_at(s, i, dd)};
    return valid(out) ? yat + 4 - i : 0;
  }
  int month = english_month(s, i, used);
  if (month == 0 || i + used >= s.size() || s[i + used] != ' ') return 0;
  size_t d = i + used + 1;
  dd = digits_at(s, d);
  if (dd == 0 || dd > 2 || !starts_with(s.substr(d + dd), ", ")) return 0;
  size_t yat = d + dd + 2;
  if (year_at(s, yat) == 0) return 0;
  out = {number_at(s, yat, 4), month, number_at(s, d, dd)};
  return valid(out) ? yat + 4 - i : 0;
}

/// A full date after a number (`, ngày 30/3/2021`, ` of 3 February 2023`): bytes used, which
/// become part of the citation.
size_t date_after(std::string_view s, size_t i, CitedDate& out) {
  size_t k = i;
  if (k < s.size() && s[k] == ',') ++k;
  for (std::string_view word : {std::string_view(" ngày "), std::string_view(" Ngày ")})
    if (starts_with(s.substr(k), word))
      if (size_t n = vietnamese_date_at(s, k + word.size(), out)) return k + word.size() + n - i;
  for (std::string_view word : {std::string_view(" of "), std::string_view(" dated ")})
    if (starts_with(s.substr(k), word))
      if (size_t n = english_date_at(s, k + word.size(), out)) return k + word.size() + n - i;
  return 0;
}

/// A year alone after a number (` năm 2021`, ` of 2021`, ` (2021)`): it helps to tell two
/// documents with one number apart but stays outside the link.
std::optional<CitedDate> year_after(std::string_view s, size_t i) {
  for (std::string_view word : {std::string_view(" năm "), std::string_view(" of "),
                                std::string_view(" ("), std::string_view("（")}) {
    if (!starts_with(s.substr(i), word)) continue;
    size_t y = i + word.size();
    if (year_at(s, y) == 0) continue;
    CitedDate d{number_at(s, y, 4), 0, 0};
    if (valid(d)) return d;
  }
  return std::nullopt;
}

/// A Chinese date just before `第` (`2021年3月30日第…`, `2023年第…`).
std::optional<CitedDate> chinese_date_before(std::string_view s, size_t di) {
  constexpr std::string_view kNian = "年", kYue = "月", kRi = "日";
  std::string_view before = s.substr(0, di);
  // Read digits backwards from `end`; returns the start of the run.
  auto digits_before = [&](size_t end) {
    size_t b = end;
    while (b > 0 && before[b - 1] >= '0' && before[b - 1] <= '9') --b;
    return b;
  };
  CitedDate d;
  size_t end = before.size();
  if (ends_with(before.substr(0, end), kRi)) {
    size_t dend = end - kRi.size(), dstart = digits_before(dend);
    if (dend == dstart || dend - dstart > 2 || !ends_with(before.substr(0, dstart), kYue))
      return std::nullopt;
    size_t mend = dstart - kYue.size(), mstart = digits_before(mend);
    if (mend == mstart || mend - mstart > 2 || !ends_with(before.substr(0, mstart), kNian))
      return std::nullopt;
    d.day = number_at(before, dstart, dend - dstart);
    d.month = number_at(before, mstart, mend - mstart);
    end = mstart;
  }
  if (!ends_with(before.substr(0, end), kNian)) return std::nullopt;
  size_t yend = end - kNian.size(), ystart = digits_before(yend);
  if (yend - ystart != 4) return std::nullopt;
  d.year = number_at(before, ystart, 4);
  if (!valid(d)) return std::nullopt;
  return d;
}

}  // namespace

std::optional<NumberShape> number_shape(std::string_view number) {
  auto m = match_number(number, 0, false);
  if (!m || m->length != number.size()) return std::nullopt;
  return m->shape;
}

std::string number_key(std::string_view number) {
  return text::fold_slug(number);
}

std::optional<int> number_year(std::string_view number) {
  if (number_shape(number) != NumberShape::state_with_year) return std::nullopt;
  size_t slash = number.find('/');
  return number_at(number, slash + 1, 4);
}

std::vector<Citation> find_citations(std::string_view text) {
  std::vector<Citation> out;
  size_t floor = 0;  // end of the previous citation
  for (size_t i = 0; i < text.size();) {
    if (!is_digit(text, i)) {
      ++i;
      continue;
    }
    size_t run = digits_at(text, i);
    if (!left_boundary(text, i)) {
      i += run;
      continue;
    }
    auto m = match_number(text, i, true);
    if (!m) {
      i += run;
      continue;
    }
    Citation c;
    c.number_begin = i;
    c.number_length = m->length;
    c.number = m->normalised;
    c.begin = lead_begin(text, i, floor);
    size_t end = i + m->length;
    bool chinese = c.begin + kDi.size() == i && text.substr(c.begin, kDi.size()) == kDi;
    if (starts_with(text.substr(end), kHao)) end += kHao.size();
    CitedDate date;
    if (size_t n = date_after(text, end, date)) {
      end += n;
      c.date = date;
    } else if (auto year = year_after(text, end)) {
      c.date = year;
    } else if (chinese) {
      c.date = chinese_date_before(text, c.begin);
    }
    c.length = end - c.begin;
    out.push_back(std::move(c));
    floor = end;
    i = end;
  }
  return out;
}

}  // namespace ttdn::markdown
