// Markdown → HTML through cmark-gfm, with this project's AST passes: heading anchors,
// CJK soft breaks, the raw-HTML policy, inline annotations (document citations,
// abbreviations), link rewriting, and the plain text used for summaries and search.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttdn::markdown {

/// A heading found in the document, with the anchor id given to it.
struct Heading {
  int level = 0;
  std::string id;    // unique within the document, e.g. "noi-dung", "noi-dung-2"
  std::string text;  // plain text of the heading
};

/// A span inside one text node that a pass wants to mark up. Offsets are in bytes of the
/// text node's literal. Exactly one of `href` and `abbr_title` is set.
struct Annotation {
  size_t begin = 0;
  size_t length = 0;
  std::string href;        // becomes <a href>
  std::string link_title;  // optional title attribute on the link
  std::string abbr_title;  // becomes <abbr title>
};

/// What the caller learns about a link target while rendering.
struct LinkRewrite {
  std::optional<std::string> url;  // replacement URL; nullopt keeps the original
  /// Images only, raw HTML: `<source>` elements that put the <img> inside a <picture>,
  /// and attributes that replace ` loading="lazy"` on it (srcset, sizes, width…).
  std::string picture_sources;
  std::string img_attributes;
};

struct Options {
  bool unsafe_html = false;  // site.yaml markdown.unsafe_html
  /// Called for each text node that is not inside code, a link, an image or a heading,
  /// in document order. Returns spans to mark up (non-overlapping, sorted).
  std::function<std::vector<Annotation>(std::string_view text)> annotate;
  /// Called for each link and image destination; may replace it (e.g. `../x.md` → URL).
  /// `line` is the 1-based source line of the link, for diagnostics.
  std::function<LinkRewrite(std::string_view url, bool is_image, int line)> rewrite_link;
};

/// An image of the document, in document order.
struct Image {
  std::string source;  // its destination as written
  std::string url;     // after rewriting
  std::string alt;     // plain text of its description
};

struct Rendered {
  std::string html;                // body HTML
  std::vector<Heading> headings;   // in document order
  std::string first_paragraph;     // plain text of the first paragraph ("" if none)
  std::string plain_text;          // all text, blocks separated by '\n', for search
  std::vector<Image> images;       // in document order
  /// Problems with the source as a whole, worth a warning diagnostic (no line): a source
  /// over 4 MiB is cut; a source that would make cmark-gfm take quadratic time is published
  /// without tables or, for inline patterns, as plain text (see cmark_cost.h).
  std::vector<std::string> warnings;
};

/// Renders `source` (UTF-8, NFC). Never throws on any input.
Rendered render(std::string_view source, const Options& options);

/// Cuts plain text to about `max_units` for a summary: at a word boundary for
/// space-separated scripts, by characters for CJK text; appends "…" when cut.
std::string cut_summary(std::string_view text, size_t max_units);

}  // namespace ttdn::markdown
