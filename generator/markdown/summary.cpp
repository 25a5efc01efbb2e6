// Summaries: plain text cut to a length, at a word boundary for space-separated scripts and
// by characters for Chinese and Japanese, which have no spaces between words.
#include <string>
#include <string_view>

#include "markdown/markdown.h"
#include "markdown/utf8.h"
#include "text/unicode.h"

namespace ttdn::markdown {
namespace {

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         c == 0x3000;
}

/// CJK punctuation after which a cut summary still reads well.
bool is_cjk_pause(char32_t c) {
  return c == U'。' || c == U'，' || c == U'；' || c == U'、' || c == U'！' || c == U'？' ||
         c == U'：' || c == U'」' || c == U'』' || c == U'）';
}

/// Punctuation that should not stand right before the "…" of a cut summary.
bool is_dangling(char32_t c) {
  return c == ',' || c == ';' || c == ':' || c == '-' || c == '(' || c == U'–' || c == U'—' ||
         c == U'，' || c == U'、' || c == U'；' || c == U'：' || c == U'（';
}

std::string_view trim_start(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    if (!is_space(utf8::next(s, i))) return s.substr(start);
  }
  return {};
}

/// Drops trailing white space, and trailing dangling punctuation too if `punctuation`.
std::string_view trim_end(std::string_view s, bool punctuation) {
  while (!s.empty()) {
    char32_t c = utf8::last(s);
    if (!is_space(c) && !(punctuation && is_dangling(c))) break;
    s = s.substr(0, utf8::last_start(s));
  }
  return s;
}

}  // namespace

std::string cut_summary(std::string_view text, size_t max_units) {
  text = trim_end(trim_start(text), false);
  size_t total = 0, cjk = 0, other = 0;
  size_t max_end = text.size();  // byte offset just after the first `max_units` code points
  for (size_t i = 0; i < text.size();) {
    if (total == max_units) max_end = i;
    char32_t c = utf8::next(text, i);
    ++total;
    if (text::is_cjk(c)) {
      ++cjk;
    } else if (!is_space(c)) {
      ++other;
    }
  }
  if (total <= max_units) return std::string(text);
  if (max_units == 0) return {};

  size_t cut = max_end;
  if (cjk > other) {
    // By characters; but a pause mark in the last fifth is a better place.
    size_t floor_units = max_units - max_units / 5;
    size_t units = 0;
    for (size_t i = 0; i < max_end;) {
      char32_t c = utf8::next(text, i);
      if (++units >= floor_units && is_cjk_pause(c)) cut = i;
    }
  } else {
    // At the last space at or before the first character left out.
    size_t last_space = std::string_view::npos;
    for (size_t i = 0; i < text.size();) {
      size_t start = i;
      if (is_space(utf8::next(text, i))) last_space = start;
      if (start >= max_end) break;
    }
    // One long word (a URL) would leave almost nothing: cut inside it instead.
    if (last_space != std::string_view::npos && last_space >= max_end / 2) cut = last_space;
  }
  std::string_view kept = trim_end(text.substr(0, cut), true);
  if (kept.empty()) kept = trim_end(text.substr(0, max_end), false);
  return std::string(kept) + "…";
}

}  // namespace ttdn::markdown
