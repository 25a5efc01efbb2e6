// Markdown → HTML through cmark-gfm. After parsing, the document goes through these AST
// passes in order, each one iterative (no input nests deep enough to exhaust the stack):
// raw-HTML policy, CJK line joins, link rewriting, annotations, plain text, heading
// anchors, images; then cmark renders it.
#include "markdown/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "markdown/cmark_cost.h"
#include "markdown/html_sanitizer.h"
#include "markdown/utf8.h"
#include "text/unicode.h"

namespace ttdn::markdown {
namespace {

// Never CMARK_OPT_UNSAFE: without it cmark blanks dangerous link URLs (javascript: …) and
// drops raw HTML. The raw HTML we do publish goes out sanitised, through custom nodes,
// which cmark prints verbatim whatever the options.
constexpr int kCmarkOptions = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8;

// cmark-gfm aborts the process when one of its buffers passes 1 GiB. This bound keeps the
// output of the most expansive Markdown (footnote references: ~60 bytes of HTML per byte)
// well below it.
constexpr size_t kMaxSourceBytes = size_t{4} << 20;

struct ParserFree {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct NodeFree {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct IterFree {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};
struct CmarkStringFree {
  void operator()(char* s) const { cmark_get_default_mem_allocator()->free(s); }
};
using ParserPtr = std::unique_ptr<cmark_parser, ParserFree>;
using NodePtr = std::unique_ptr<cmark_node, NodeFree>;
using IterPtr = std::unique_ptr<cmark_iter, IterFree>;
using CmarkString = std::unique_ptr<char, CmarkStringFree>;

struct Extensions {
  cmark_syntax_extension* table = nullptr;
  std::vector<cmark_syntax_extension*> others;
};

const Extensions& extensions() {
  static std::once_flag once;
  static Extensions found;
  std::call_once(once, [] {
    cmark_gfm_core_extensions_ensure_registered();
    found.table = cmark_find_syntax_extension("table");
    for (const char* name : {"strikethrough", "autolink", "tagfilter", "tasklist"})
      if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
        found.others.push_back(ext);
  });
  return found;
}

// cmark-gfm 0.29.0.gfm.6 keeps the inline parser's table of special characters in a global,
// and every parse switches the extensions' characters (`~`, `:`, `w`) on and then off
// again, so concurrent parses lose each other's strikethrough and autolinks (591 of 1,200
// concurrent test renders differed). Parsing is serialised; the passes and HTML rendering
// run concurrently.
std::mutex& parse_mutex() {
  static std::mutex mutex;
  return mutex;
}

// Set as cmark user data on text that raw HTML has put inside an `<a>` element.
constexpr char kInsideRawLink = 0;
void* inside_raw_link_tag() { return const_cast<char*>(&kInsideRawLink); }

bool is_inline(cmark_node* node) {
  return (cmark_node_get_type(node) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE;
}

std::string_view literal(cmark_node* node) {
  const char* s = cmark_node_get_literal(node);
  return s ? std::string_view(s) : std::string_view();
}

std::string_view type_name(cmark_node* node) {
  const char* s = cmark_node_get_type_string(node);
  return s ? std::string_view(s) : std::string_view();
}

void remove(cmark_node* node) {
  cmark_node_unlink(node);
  cmark_node_free(node);
}

/// The node after `node` in document order within `root`, skipping `node`'s children
/// unless `into_children`; nullptr at the end. Lets a walk remove the node it stands on.
cmark_node* next_in_preorder(cmark_node* node, cmark_node* root, bool into_children) {
  if (into_children)
    if (cmark_node* child = cmark_node_first_child(node)) return child;
  for (cmark_node* n = node; n && n != root; n = cmark_node_parent(n))
    if (cmark_node* next = cmark_node_next(n)) return next;
  return nullptr;
}

/// Nodes of the given types in document order, not counting nodes inside an earlier match
/// when `outermost_only` (so that replacing a match never frees one still to come).
std::vector<cmark_node*> collect(cmark_node* root, std::initializer_list<cmark_node_type> types,
                                 bool outermost_only = false) {
  std::vector<cmark_node*> found;
  IterPtr iter(cmark_iter_new(root));
  int inside = 0;
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    if (std::find(types.begin(), types.end(), cmark_node_get_type(node)) == types.end()) continue;
    if (ev == CMARK_EVENT_ENTER && (!outermost_only || inside == 0)) found.push_back(node);
    if (outermost_only && cmark_node_first_child(node)) inside += ev == CMARK_EVENT_ENTER ? 1 : -1;
  }
  return found;
}

cmark_node* make_text(std::string_view text) {
  cmark_node* node = cmark_node_new(CMARK_NODE_TEXT);
  cmark_node_set_literal(node, std::string(text).c_str());
  return node;
}

cmark_node* make_custom(cmark_node_type type, const std::string& on_enter,
                        const std::string& on_exit = {}) {
  cmark_node* node = cmark_node_new(type);
  cmark_node_set_on_enter(node, on_enter.c_str());
  cmark_node_set_on_exit(node, on_exit.c_str());
  return node;
}

void replace(cmark_node* old_node, cmark_node* new_node) {
  if (cmark_node_replace(old_node, new_node)) {
    cmark_node_free(old_node);
  } else {
    cmark_node_free(new_node);
    remove(old_node);
  }
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

/// Collapses runs of ASCII whitespace into one space and trims.
std::string collapse_spaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

struct Parsed {
  ParserPtr parser;  // keeps the extension list the renderer needs
  NodePtr document;
};

Parsed parse(std::string_view source, bool with_tables) {
  const Extensions& ext = extensions();
  Parsed parsed;
  parsed.parser.reset(cmark_parser_new(kCmarkOptions));
  if (with_tables && ext.table)
    cmark_parser_attach_syntax_extension(parsed.parser.get(), ext.table);
  for (cmark_syntax_extension* e : ext.others)
    cmark_parser_attach_syntax_extension(parsed.parser.get(), e);
  std::lock_guard lock(parse_mutex());
  cmark_parser_feed(parsed.parser.get(), source.data(), source.size());
  parsed.document.reset(cmark_parser_finish(parsed.parser.get()));
  return parsed;
}

/// SPEC §10. Without `unsafe_html` raw HTML is removed; with it, it is sanitised and moved
/// into custom nodes. In both cases the Markdown between an opening `<script>` (or another
/// element dropped with its content) and its end, inside one block, goes too.
void apply_raw_html_policy(cmark_node* document, bool unsafe_html) {
  HtmlSanitizer inline_html;         // for the block whose inline content is being walked
  cmark_node* block = nullptr;       // that block
  std::vector<cmark_node*> emptied;  // paragraphs that lost inline content
  auto remove_inline = [&](cmark_node* node) {
    remove(node);
    if (emptied.empty() || emptied.back() != block) emptied.push_back(block);
  };
  std::string html;
  for (cmark_node* node = document; node;) {
    cmark_node_type type = cmark_node_get_type(node);
    if (!is_inline(node)) {
      inline_html.reset();
      block = node;
      if (type != CMARK_NODE_HTML_BLOCK) {
        node = next_in_preorder(node, document, true);
        continue;
      }
      cmark_node* next = next_in_preorder(node, document, false);
      html.clear();
      if (unsafe_html) HtmlSanitizer().feed(literal(node), html);
      if (is_blank(html)) {
        remove(node);
      } else {
        replace(node, make_custom(CMARK_NODE_CUSTOM_BLOCK, html));
      }
      node = next;
      continue;
    }
    if (type == CMARK_NODE_HTML_INLINE) {
      cmark_node* next = next_in_preorder(node, document, false);
      html.clear();
      inline_html.feed(literal(node), html);
      if (unsafe_html && !html.empty()) {
        replace(node, make_custom(CMARK_NODE_CUSTOM_INLINE, html));
      } else {
        remove_inline(node);
      }
      node = next;
      continue;
    }
    if (inline_html.dropping()) {
      cmark_node* next = next_in_preorder(node, document, false);
      remove_inline(node);
      node = next;
      continue;
    }
    if (unsafe_html && type == CMARK_NODE_TEXT && inline_html.open_links() > 0)
      cmark_node_set_user_data(node, inside_raw_link_tag());
    node = next_in_preorder(node, document, true);
  }
  // A paragraph that held nothing but raw HTML would print as `<p> </p>`.
  for (cmark_node* paragraph : emptied) {
    if (cmark_node_get_type(paragraph) != CMARK_NODE_PARAGRAPH) continue;
    bool empty = true;
    for (cmark_node* child = cmark_node_first_child(paragraph); child && empty;
         child = cmark_node_next(child)) {
      cmark_node_type type = cmark_node_get_type(child);
      empty = type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK ||
              (type == CMARK_NODE_TEXT && is_blank(literal(child)));
    }
    if (empty) remove(paragraph);
  }
}

/// The code point just before (or after) an inline node in the running text of its block,
/// looking through emphasis and links; 0 if that is not text.
char32_t adjacent_code_point(cmark_node* node, bool after) {
  cmark_node* n = after ? cmark_node_next(node) : cmark_node_previous(node);
  for (cmark_node* up = node; !n;) {
    up = cmark_node_parent(up);
    if (!up || !is_inline(up)) return 0;
    n = after ? cmark_node_next(up) : cmark_node_previous(up);
  }
  for (;;) {
    cmark_node_type type = cmark_node_get_type(n);
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE)
      return after ? utf8::first(literal(n)) : utf8::last(literal(n));
    if (type == CMARK_NODE_IMAGE) return 0;
    n = after ? cmark_node_first_child(n) : cmark_node_last_child(n);
    if (!n) return 0;
  }
}

/// Chinese does not separate words with spaces, so a line break inside a Chinese sentence
/// must not become one: a soft break between two CJK characters is removed.
void join_cjk_lines(cmark_node* document) {
  for (cmark_node* softbreak : collect(document, {CMARK_NODE_SOFTBREAK})) {
    if (text::is_cjk(adjacent_code_point(softbreak, false)) &&
        text::is_cjk(adjacent_code_point(softbreak, true)))
      remove(softbreak);
  }
}

/// What rewrite_link said about each image's markup, for render_images.
using ImageMarkup = std::map<cmark_node*, LinkRewrite>;

void append_inline_text(cmark_node* root, std::string& out);

void rewrite_links(cmark_node* document, const Options& options, Rendered& out,
                   ImageMarkup& markup) {
  for (cmark_node* node : collect(document, {CMARK_NODE_LINK, CMARK_NODE_IMAGE})) {
    bool is_image = cmark_node_get_type(node) == CMARK_NODE_IMAGE;
    const char* url = cmark_node_get_url(node);
    std::string current = url ? url : "";
    const std::string source = current;
    if (options.rewrite_link) {
      LinkRewrite rewrite =
          options.rewrite_link(current, is_image, cmark_node_get_start_line(node));
      if (rewrite.url) {
        current = *rewrite.url;
        cmark_node_set_url(node, current.c_str());
      }
      if (is_image && (!rewrite.picture_sources.empty() || !rewrite.img_attributes.empty()))
        markup[node] = std::move(rewrite);
    }
    if (is_image) {
      std::string alt;
      append_inline_text(node, alt);
      out.images.push_back({source, current, collapse_spaces(alt)});
    }
  }
}

cmark_node* make_marked_span(const Annotation& span) {
  if (!span.href.empty()) {
    cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
    cmark_node_set_url(link, span.href.c_str());
    cmark_node_set_title(link, span.link_title.c_str());
    return link;
  }
  std::string open = "<abbr title=\"";
  append_escaped(open, span.abbr_title);
  open += "\">";
  return make_custom(CMARK_NODE_CUSTOM_INLINE, open, "</abbr>");
}

/// Splits a text node around the spans to mark up. Spans that overlap, are out of order,
/// out of range or cut a UTF-8 sequence are ignored.
void apply_annotations(cmark_node* node, const std::string& text,
                       const std::vector<Annotation>& spans) {
  size_t done = 0;  // bytes of `text` already placed before `node`
  for (const Annotation& span : spans) {
    if (span.length == 0 || span.begin < done || span.begin > text.size() ||
        span.length > text.size() - span.begin)
      continue;
    size_t end = span.begin + span.length;
    if (!utf8::is_boundary(text, span.begin) || !utf8::is_boundary(text, end)) continue;
    if (span.href.empty() && span.abbr_title.empty()) continue;
    std::string_view inner = std::string_view(text).substr(span.begin, span.length);
    if (span.begin > done)
      cmark_node_insert_before(node,
                               make_text(std::string_view(text).substr(done, span.begin - done)));
    cmark_node* marked = make_marked_span(span);
    cmark_node_append_child(marked, make_text(inner));
    if (!cmark_node_insert_before(node, marked)) {
      cmark_node_free(marked);
      cmark_node_insert_before(node, make_text(inner));
    }
    done = end;
  }
  if (done == 0) return;
  if (done == text.size()) {
    remove(node);
  } else {
    cmark_node_set_literal(node, text.substr(done).c_str());
  }
}

void annotate(cmark_node* document, const Options& options) {
  if (!options.annotate) return;
  std::vector<cmark_node*> texts;
  IterPtr iter(cmark_iter_new(document));
  int excluded = 0;  // depth of links, images and headings around the current node
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE || type == CMARK_NODE_HEADING) {
      excluded += ev == CMARK_EVENT_ENTER ? 1 : -1;
    } else if (type == CMARK_NODE_TEXT && excluded == 0 &&
               cmark_node_get_user_data(node) != inside_raw_link_tag()) {
      texts.push_back(node);
    }
  }
  iter.reset();
  for (cmark_node* node : texts) {
    std::string text(literal(node));
    apply_annotations(node, text, options.annotate(text));
  }
}

/// Appends the text of an inline subtree: text and code spans, breaks as a space; the alt
/// text of images inside it left out.
void append_inline_text(cmark_node* root, std::string& out) {
  IterPtr iter(cmark_iter_new(root));
  int in_image = 0;
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_IMAGE && node != root) {
      in_image += ev == CMARK_EVENT_ENTER ? 1 : -1;
    } else if (ev == CMARK_EVENT_ENTER && in_image == 0) {
      if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
        out += literal(node);
      } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
        out += ' ';
      }
    }
  }
}

std::string first_paragraph(cmark_node* document) {
  for (cmark_node* node = cmark_node_first_child(document); node; node = cmark_node_next(node)) {
    if (cmark_node_get_type(node) != CMARK_NODE_PARAGRAPH) continue;
    std::string text;
    append_inline_text(node, text);
    text = collapse_spaces(text);
    if (!text.empty()) return text;  // a paragraph holding only an image says nothing
  }
  return {};
}

/// Text folded as it is appended: one '\n' between blocks, no spaces around it, none at
/// either end, any other run of blanks one space.
class FoldedText {
 public:
  void add(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
      const char c = s[i];
      if (c == '\n') {
        ++pending_newlines_;
        ++i;
      } else if (blank(c)) {
        pending_space_ = true;
        ++i;
      } else {
        if (!out_.empty()) {
          if (pending_newlines_ > 0) {
            out_ += '\n';
          } else if (pending_space_) {
            out_ += ' ';
          }
        }
        pending_newlines_ = 0;
        pending_space_ = false;
        size_t end = i + 1;  // the word, appended at once
        while (end < s.size() && !blank(s[end])) ++end;
        out_.append(s, i, end - i);
        i = end;
      }
    }
  }
  void add(char c) { add(std::string_view(&c, 1)); }
  /// The text, without the spare room it grew with (a page's text is kept until the search
  /// index is made).
  std::string take() {
    out_.shrink_to_fit();
    return std::move(out_);
  }

 private:
  static bool blank(char c) { return c == '\n' || c == ' ' || c == '\t' || c == '\r'; }
  std::string out_;
  size_t pending_newlines_ = 0;
  bool pending_space_ = false;
};

std::string plain_text(cmark_node* document) {
  FoldedText text;
  IterPtr iter(cmark_iter_new(document));
  int in_image = 0;
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    cmark_node_type type = cmark_node_get_type(node);
    bool enter = ev == CMARK_EVENT_ENTER;
    if (type == CMARK_NODE_IMAGE) {
      in_image += enter ? 1 : -1;
    } else if (in_image > 0) {
      continue;
    } else if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
      text.add(literal(node));
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      text.add(' ');
    } else if (type == CMARK_NODE_CODE_BLOCK) {
      text.add(literal(node));
      text.add('\n');
    } else if (!enter && (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING)) {
      text.add('\n');
    } else if (!enter && !is_inline(node)) {
      std::string_view name = type_name(node);
      if (name == "table_cell") text.add(' ');
      if (name == "table_row" || name == "table_header") text.add('\n');
    }
  }
  return text.take();
}

std::string unique_id(const std::string& base, std::unordered_set<std::string>& used,
                      std::unordered_map<std::string, int>& next_suffix) {
  if (used.insert(base).second) return base;
  int& n = next_suffix[base];
  n = std::max(n, 2);
  for (;; ++n) {
    std::string candidate = base + "-" + std::to_string(n);
    if (used.insert(candidate).second) {
      ++n;
      return candidate;
    }
  }
}

/// cmark-gfm leaves the literals, URLs and titles of inline nodes pointing into their
/// block's content buffer until something reads them; freeing the block frees that buffer.
/// Reading each one makes the node own a copy, so the inlines can outlive their block.
void own_inline_strings(cmark_node* block) {
  IterPtr iter(cmark_iter_new(block));
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(iter.get());
    cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
      cmark_node_get_url(node);
      cmark_node_get_title(node);
    } else if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_HTML_INLINE) {
      cmark_node_get_literal(node);
    }
  }
}

/// Gives every heading an id from its folded text, unique in the document: headings become
/// custom blocks that print `<hN id="…">` around the heading's inline content.
std::vector<Heading> anchor_headings(cmark_node* document) {
  std::vector<Heading> headings;
  std::unordered_set<std::string> used;
  std::unordered_map<std::string, int> next_suffix;
  for (cmark_node* node : collect(document, {CMARK_NODE_HEADING})) {
    Heading heading;
    heading.level = std::clamp(cmark_node_get_heading_level(node), 1, 6);
    append_inline_text(node, heading.text);
    heading.text = collapse_spaces(heading.text);
    std::string base = text::fold_slug(heading.text);
    if (base.empty()) {
      base = "h-" + std::to_string(headings.size() + 1);  // e.g. Chinese headings
    } else if (base.starts_with("fn-") || base.starts_with("fnref-")) {
      base = "h-" + base;  // cmark's footnote ids
    }
    heading.id = unique_id(base, used, next_suffix);

    // cmark puts line breaks around a custom block's own tags, so the tags go on a custom
    // inline inside it: `<h2 id="x">Text</h2>` as cmark prints its headings.
    std::string level = std::to_string(heading.level);
    cmark_node* tags =
        make_custom(CMARK_NODE_CUSTOM_INLINE, "<h" + level + " id=\"" + heading.id + "\">",
                    "</h" + level + ">");
    own_inline_strings(node);  // the heading is freed below; its inlines live on
    while (cmark_node* child = cmark_node_first_child(node)) {
      if (!cmark_node_append_child(tags, child)) remove(child);
    }
    cmark_node* block = make_custom(CMARK_NODE_CUSTOM_BLOCK, "");
    cmark_node_append_child(block, tags);
    replace(node, block);
    headings.push_back(std::move(heading));
  }
  return headings;
}

/// Percent-encodes a URL for an attribute as cmark does (houdini_escape_href).
void append_href(std::string& out, std::string_view url) {
  constexpr std::string_view kSafe = "-_.+!*(),%#@?=;:/$~";
  constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : url) {
    auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
        (u != 0 && kSafe.find(c) != std::string_view::npos)) {
      out += c;
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '\'') {
      out += "&#x27;";
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
}

/// Prints Markdown images as cmark would, plus `loading="lazy"` or the attributes and
/// <picture> sources the caller gave.
void render_images(cmark_node* document, const ImageMarkup& markup) {
  for (cmark_node* node : collect(document, {CMARK_NODE_IMAGE}, true)) {
    std::string alt;
    append_inline_text(node, alt);
    const char* url = cmark_node_get_url(node);
    const char* title = cmark_node_get_title(node);
    std::string tag = "<img src=\"";
    if (url && is_safe_url(url, true)) append_href(tag, url);
    tag += "\" alt=\"";
    append_escaped(tag, alt);
    if (title && *title) {
      tag += "\" title=\"";
      append_escaped(tag, title);
    }
    auto given = markup.find(node);
    if (given == markup.end()) {
      tag += "\" loading=\"lazy\" />";
    } else {
      tag += "\"" + (given->second.img_attributes.empty() ? std::string(" loading=\"lazy\"")
                                                          : given->second.img_attributes) + " />";
      if (!given->second.picture_sources.empty())
        tag = "<picture>" + given->second.picture_sources + tag + "</picture>";
    }
    replace(node, make_custom(CMARK_NODE_CUSTOM_INLINE, tag));
  }
}

/// The fallback for sources cmark-gfm cannot parse in reasonable time: each block of lines
/// becomes an escaped paragraph.
void render_as_text(std::string_view source, Rendered& out) {
  std::string block;
  auto end_block = [&] {
    std::string text = collapse_spaces(block);
    block.clear();
    if (text.empty()) return;
    out.html += "<p>";
    append_escaped(out.html, utf8::well_formed(text));
    out.html += "</p>\n";
    if (out.first_paragraph.empty()) out.first_paragraph = utf8::well_formed(text);
    if (!out.plain_text.empty()) out.plain_text += '\n';
    out.plain_text += utf8::well_formed(text);
  };
  for (size_t start = 0; start < source.size();) {
    size_t end = std::min(source.find('\n', start), source.size());
    std::string_view line = source.substr(start, end - start);
    if (is_blank(line)) {
      end_block();
    } else {
      block += line;
      block += '\n';
    }
    start = end + 1;
  }
  end_block();
}

}  // namespace

Rendered render(std::string_view source, const Options& options) {
  Rendered out;
  if (source.size() > kMaxSourceBytes) {
    size_t cut = source.rfind('\n', kMaxSourceBytes);
    if (cut == std::string_view::npos) cut = kMaxSourceBytes;
    while (cut > 0 && !utf8::is_boundary(source, cut)) --cut;
    source = source.substr(0, cut);
    out.warnings.push_back("the page is longer than 4 MiB; only its beginning is published");
  }
  CmarkCost cost = estimate_cmark_cost(source);
  if (cost.inlines) {
    out.warnings.push_back(
        "the page's Markdown would take cmark-gfm too long to parse (thousands of unclosed "
        "`<?`, `<!`, `![` or `@`); it is published as plain text");
    render_as_text(source, out);
    return out;
  }
  bool with_tables = !cost.tables;
  if (!with_tables)
    out.warnings.push_back("a table is too large to render; tables on this page are shown as text");

  Parsed parsed = parse(source, with_tables);
  cmark_node* document = parsed.document.get();
  if (!document) return out;

  apply_raw_html_policy(document, options.unsafe_html);
  join_cjk_lines(document);
  cmark_consolidate_text_nodes(document);
  ImageMarkup image_markup;
  rewrite_links(document, options, out, image_markup);
  annotate(document, options);
  out.first_paragraph = first_paragraph(document);
  out.plain_text = plain_text(document);
  out.headings = anchor_headings(document);
  render_images(document, image_markup);

  CmarkString html(cmark_render_html(document, kCmarkOptions,
                                     cmark_parser_get_syntax_extensions(parsed.parser.get())));
  if (html) out.html = html.get();
  return out;
}

}  // namespace ttdn::markdown
