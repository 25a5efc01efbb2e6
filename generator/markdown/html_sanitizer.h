// The raw-HTML policy of SPEC §10 for `markdown.unsafe_html: true`: raw HTML in Markdown is
// rebuilt from a whitelist of tags and attributes, never copied through.
#pragma once

#include <string>
#include <string_view>

namespace ttdn::markdown {

/// Sanitises the raw HTML of one Markdown block, chunk by chunk (cmark hands inline HTML
/// over one tag per node). Every tag that survives is rebuilt from its parsed name and its
/// whitelisted attributes, with values entity-decoded, checked and re-escaped, so input the
/// parser does not understand can only come out as escaped text. Elements that run code,
/// embed other documents or restyle the page (`script`, `style`, `iframe`, `object`, `svg`,
/// `math`, `template`…) are dropped with their content; comments and unknown tags are
/// dropped, keeping their text. The state of a dropped element carries over to the next
/// chunk until `reset()`.
class HtmlSanitizer {
 public:
  /// Appends the safe form of `html` to `out`.
  void feed(std::string_view html, std::string& out);

  /// True while inside an element dropped with its content: Markdown between two chunks
  /// (text, emphasis…) belongs to that element and must go as well.
  bool dropping() const { return !drop_name_.empty(); }

  /// Number of `<a>` elements opened and not yet closed by the chunks fed so far.
  int open_links() const { return open_links_; }

  void reset();

 private:
  void skip_raw_text(std::string_view html, size_t& i);

  std::string drop_name_;       // element being dropped with its content, or ""
  bool drop_raw_text_ = false;  // its content is raw text that only `</name` ends
  int drop_depth_ = 0;          // open elements of the same name inside it (svg in svg)
  int open_links_ = 0;
};

/// Whether an attribute URL (entity-decoded) may be published: a relative URL or one with
/// the scheme http, https, mailto or tel; `data:image/{png,jpeg,gif,webp}` only when
/// `image` (an `<img src>`). Whitespace and control characters anywhere are ignored when
/// finding the scheme, as browsers ignore some of them (`java\tscript:`).
bool is_safe_url(std::string_view url, bool image);

/// Escapes `&`, `<`, `>` and `"` for text or a double-quoted attribute value.
void append_escaped(std::string& out, std::string_view text);

}  // namespace ttdn::markdown
