// Bounds-checked UTF-8 stepping for the Markdown passes. Their input is valid UTF-8 in
// practice (sources are validated upstream, cmark replaces bad bytes), but the passes
// promise never to fail on any input, so nothing here trusts the bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ttdn::markdown::utf8 {

inline bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

/// Length of the well-formed sequence starting at `s[i]`, or 0 if there is none.
inline size_t sequence_length(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  auto c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80             ? 1
               : (c & 0xE0) == 0xC0 ? 2
               : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4
                                    : 0;
  if (len == 0 || s.size() - i < len) return 0;
  for (size_t k = 1; k < len; ++k)
    if (!is_continuation(static_cast<unsigned char>(s[i + k]))) return 0;
  return len;
}

/// Decodes the code point at `s[i]` (i < s.size()) and advances `i`. A byte that does not
/// start a well-formed sequence decodes as U+FFFD and advances by one.
inline char32_t next(std::string_view s, size_t& i) {
  size_t len = sequence_length(s, i);
  if (len == 0) {
    ++i;
    return U'\uFFFD';
  }
  auto c = static_cast<unsigned char>(s[i]);
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

/// First code point of `s`, or 0 if `s` is empty.
inline char32_t first(std::string_view s) {
  size_t i = 0;
  return s.empty() ? 0 : next(s, i);
}

/// Byte offset where the last code point of `s` starts (an ill-formed last byte counts as
/// one); 0 if `s` is empty.
inline size_t last_start(std::string_view s) {
  if (s.empty()) return 0;
  size_t start = s.size() - 1;
  for (int k = 0; k < 3 && start > 0 && is_continuation(static_cast<unsigned char>(s[start])); ++k)
    --start;
  return sequence_length(s, start) == s.size() - start ? start : s.size() - 1;
}

/// Last code point of `s`, or 0 if `s` is empty.
inline char32_t last(std::string_view s) {
  if (s.empty()) return 0;
  size_t i = last_start(s);
  return next(s, i);
}

/// True if byte offset `i` does not fall inside a multi-byte sequence.
inline bool is_boundary(std::string_view s, size_t i) {
  return i == 0 || i >= s.size() || !is_continuation(static_cast<unsigned char>(s[i]));
}

/// Appends the UTF-8 form of `c` (replacing non-characters of UTF-8 by U+FFFD).
template <typename String>
void append(String& out, char32_t c) {
  if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = 0xFFFD;
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

/// `s` with every ill-formed byte and every NUL replaced by U+FFFD.
inline std::string well_formed(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t start = i;
    char32_t c = next(s, i);
    if (c == 0 || c == 0xFFFD) {
      append(out, U'\uFFFD');
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  return out;
}

}  // namespace ttdn::markdown::utf8
