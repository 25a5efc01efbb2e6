// Unicode text handling over ICU: UTF-8 validation, NFC, slug folding, scripts, collation.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttdn::text {

/// Byte offset of the first invalid UTF-8 sequence (or NUL byte), or nullopt if valid.
std::optional<size_t> find_invalid_utf8(std::string_view bytes);

/// Unicode NFC of valid UTF-8 text.
std::string to_nfc(std::string_view utf8);
/// The same, keeping `utf8` itself (no copy) when it is NFC already, as most text is.
std::string to_nfc(std::string&& utf8);
inline std::string to_nfc(const char* utf8) { return to_nfc(std::string_view(utf8)); }

/// Lower-case ASCII slug `[a-z0-9-]`: Vietnamese letters lose their marks, `Đ/đ` → `d`,
/// any other run of non-alphanumerics becomes one `-`; no leading or trailing `-`.
/// `Bản Giốc` → `ban-gioc`, `Đồng Văn` → `dong-van`. CJK text folds to "".
std::string fold_slug(std::string_view utf8);

/// Removes diacritics and folds case for search: `Hòa` → `hoa`, `Đ` → `d`.
std::string fold_for_search(std::string_view utf8);

/// True for Han ideographs, kana, CJK punctuation and full-width forms.
bool is_cjk(char32_t c);

/// Decodes the code point starting at `s[i]` (valid UTF-8 assumed) and advances `i`.
char32_t next_code_point(std::string_view s, size_t& i);

/// Last code point before byte offset `end` (0 if none).
char32_t previous_code_point(std::string_view s, size_t end);

/// Appends the UTF-8 encoding of `c`.
void append_utf8(std::string& out, char32_t c);

/// Number of code points.
size_t length_in_code_points(std::string_view s);

/// Sorts strings by the collation of `locale` (BCP 47, e.g. "vi", "zh", "en").
/// Returns the permutation: indices into `keys` in sorted order. Stable.
std::vector<size_t> collation_order(const std::vector<std::string>& keys,
                                    const std::string& locale);

/// Levenshtein distance on code points, for "did you mean" suggestions.
size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `word`, if close enough to be a plausible typo.
std::optional<std::string> nearest(std::string_view word,
                                   const std::vector<std::string>& candidates);

}  // namespace ttdn::text
