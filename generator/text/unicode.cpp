#include "text/unicode.h"

#include <unicode/coll.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <numeric>

namespace ttdn::text {
namespace {

/// Strips combining marks and maps Đ/đ to D/d; ICU's plain "remove marks" keeps đ.
std::unique_ptr<icu::Transliterator> make_mark_remover() {
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createFromRules(
      "ttdn-fold",
      icu::UnicodeString::fromUTF8(
          ":: NFD; :: [:Nonspacing Mark:] Remove; :: NFC; Đ > D; đ > d;"),
      UTRANS_FORWARD, parse_error, status));
  if (U_FAILURE(status)) return nullptr;
  return t;
}

/// Transliterators are not thread-safe; each thread keeps its own.
icu::Transliterator* mark_remover() {
  thread_local std::unique_ptr<icu::Transliterator> t = make_mark_remover();
  return t.get();
}

std::string strip_marks(std::string_view utf8) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (auto* t = mark_remover()) t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace

std::optional<size_t> find_invalid_utf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    // Eight bytes at a time while they are ASCII and none is NUL (markup and most letters).
    constexpr uint64_t kLow = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    for (uint64_t w; i + 8 <= n; i += 8) {
      std::memcpy(&w, s.data() + i, sizeof w);
      if ((w & kHigh) || ((w - kLow) & ~w & kHigh)) break;
    }
    if (i >= n) break;
    auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return i;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    char32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values beyond U+10FFFF are invalid.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return i;
    i += len;
  }
  return std::nullopt;
}

namespace {

/// Whether `utf8` needs no change to be NFC (checked on the UTF-8 itself, without a UTF-16
/// copy); `nfc` is set when ICU is usable.
bool is_nfc(std::string_view utf8, const icu::Normalizer2*& nfc) {
  nfc = nullptr;
  bool ascii = std::all_of(utf8.begin(), utf8.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return true;
  UErrorCode status = U_ZERO_ERROR;
  nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return true;
  const icu::StringPiece piece(utf8.data(), static_cast<int32_t>(utf8.size()));
  return nfc->isNormalizedUTF8(piece, status) && U_SUCCESS(status);
}

std::string normalized(std::string_view utf8, const icu::Normalizer2& nfc) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(utf8.size()));
  const icu::StringPiece piece(utf8.data(), static_cast<int32_t>(utf8.size()));
  nfc.normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) return std::string(utf8);
  return out;
}

}  // namespace

std::string to_nfc(std::string_view utf8) {
  const icu::Normalizer2* nfc = nullptr;
  if (is_nfc(utf8, nfc) || !nfc) return std::string(utf8);
  return normalized(utf8, *nfc);
}

std::string to_nfc(std::string&& utf8) {
  const icu::Normalizer2* nfc = nullptr;
  if (is_nfc(utf8, nfc) || !nfc) return std::move(utf8);
  return normalized(utf8, *nfc);
}

namespace {

/// What strip_marks gives for each code point of the Latin blocks and of the combining
/// diacritical marks (U+0080–U+036F, U+1E00–U+1EFF: every Vietnamese letter), asked of
/// ICU once. Text of these and ASCII strips code point by code point: marks are removed
/// whole and nothing left composes with its neighbour.
const std::string* stripped_latin(char32_t c) {
  static const std::vector<std::string> table = [] {
    std::vector<std::string> t(0x370 - 0x80 + 0x100);
    for (char32_t cp = 0x80; cp < 0x370; ++cp) {
      std::string s;
      append_utf8(s, cp);
      t[cp - 0x80] = strip_marks(s);
    }
    for (char32_t cp = 0x1E00; cp < 0x1F00; ++cp) {
      std::string s;
      append_utf8(s, cp);
      t[0x370 - 0x80 + (cp - 0x1E00)] = strip_marks(s);
    }
    return t;
  }();
  if (c >= 0x80 && c < 0x370) return &table[c - 0x80];
  if (c >= 0x1E00 && c < 0x1F00) return &table[0x370 - 0x80 + (c - 0x1E00)];
  return nullptr;
}

/// What strip_marks gives, without running ICU's transliterator, for valid text of ASCII
/// and the code points of stripped_latin (headings, ids, document numbers); nullopt for
/// any other text.
std::optional<std::string> strip_marks_latin(std::string_view utf8) {
  if (find_invalid_utf8(utf8)) return std::nullopt;
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    if (static_cast<unsigned char>(utf8[i]) < 0x80) {
      out += utf8[i++];
      continue;
    }
    const std::string* stripped = stripped_latin(next_code_point(utf8, i));
    if (!stripped) return std::nullopt;
    out += *stripped;
  }
  return out;
}

}  // namespace

std::string fold_slug(std::string_view utf8) {
  auto plain = strip_marks_latin(utf8);
  std::string stripped = plain ? std::move(*plain) : strip_marks(utf8);
  std::string out;
  bool pending_dash = false;
  for (char ch : stripped) {
    auto c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<unsigned char>(c - 'A' + 'a');
      keep = true;
    }
    if (keep) {
      if (pending_dash && !out.empty()) out += '-';
      pending_dash = false;
      out += static_cast<char>(c);
    } else if (c < 0x80 || (c & 0xC0) == 0xC0) {
      // ASCII separator or the lead byte of a non-ASCII letter that has no ASCII form.
      pending_dash = true;
    }
  }
  return out;
}

std::string fold_for_search(std::string_view utf8) {
  std::string stripped = strip_marks(utf8);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(stripped);
  u.foldCase();
  std::string out;
  u.toUTF8String(out);
  return out;
}

bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x2FDF) ||   // radicals
         (c >= 0x3000 && c <= 0x303F) ||   // CJK symbols and punctuation
         (c >= 0x3040 && c <= 0x30FF) ||   // kana
         (c >= 0x3400 && c <= 0x4DBF) ||   // extension A
         (c >= 0x4E00 && c <= 0x9FFF) ||   // unified ideographs
         (c >= 0xF900 && c <= 0xFAFF) ||   // compatibility ideographs
         (c >= 0xFF00 && c <= 0xFFEF) ||   // full-width forms
         (c >= 0x20000 && c <= 0x3FFFF);   // extensions B+
}

char32_t next_code_point(std::string_view s, size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < len && i + k < s.size(); ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i = std::min(s.size(), i + len);
  return cp;
}

char32_t previous_code_point(std::string_view s, size_t end) {
  if (end == 0 || end > s.size()) return 0;
  size_t start = end - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  size_t i = start;
  return next_code_point(s, i);
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

size_t length_in_code_points(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::vector<size_t> collation_order(const std::vector<std::string>& keys,
                                    const std::string& locale) {
  std::vector<size_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0);
  UErrorCode status = U_ZERO_ERROR;
  // zh sorts by pinyin in ICU's default Chinese collation.
  std::unique_ptr<icu::Collator> collator(
      icu::Collator::createInstance(icu::Locale::forLanguageTag(locale, status), status));
  if (U_FAILURE(status) || !collator) {
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return keys[a] < keys[b]; });
    return order;
  }
  std::vector<std::string> sort_keys(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(keys[i]);
    int32_t len = collator->getSortKey(u, nullptr, 0);
    sort_keys[i].resize(static_cast<size_t>(len));
    collator->getSortKey(u, reinterpret_cast<uint8_t*>(sort_keys[i].data()), len);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return sort_keys[a] < sort_keys[b]; });
  return order;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<char32_t> x, y;
  for (size_t i = 0; i < a.size();) x.push_back(next_code_point(a, i));
  for (size_t i = 0; i < b.size();) y.push_back(next_code_point(b, i));
  std::vector<size_t> row(y.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (size_t i = 1; i <= x.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= y.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[y.size()];
}

std::optional<std::string> nearest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  size_t best_distance = 0;
  for (const auto& c : candidates) {
    size_t d = edit_distance(word, c);
    if (!best || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  size_t limit = std::max<size_t>(2, length_in_code_points(word) / 3);
  if (best && best_distance <= limit) return best;
  return std::nullopt;
}

}  // namespace ttdn::text
