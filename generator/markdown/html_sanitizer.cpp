#include "markdown/html_sanitizer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "markdown/utf8.h"

namespace ttdn::markdown {
namespace {

/// A tag that may be published, with the attributes it may keep besides the global ones.
struct TagRule {
  std::string_view name;
  bool is_void;
  std::string_view attributes;  // space-separated
};

constexpr TagRule kAllowedTags[] = {
    {"a", false, "href rel target hreflang type"},
    {"abbr", false, ""},
    {"address", false, ""},
    {"article", false, ""},
    {"aside", false, ""},
    {"audio", false, "src controls loop muted preload"},
    {"b", false, ""},
    {"bdi", false, ""},
    {"bdo", false, ""},
    {"blockquote", false, "cite"},
    {"br", true, ""},
    {"caption", false, ""},
    {"cite", false, ""},
    {"code", false, ""},
    {"col", true, "span"},
    {"colgroup", false, "span"},
    {"dd", false, ""},
    {"del", false, "cite datetime"},
    {"details", false, "open"},
    {"dfn", false, ""},
    {"div", false, ""},
    {"dl", false, ""},
    {"dt", false, ""},
    {"em", false, ""},
    {"figcaption", false, ""},
    {"figure", false, ""},
    {"footer", false, ""},
    {"h1", false, ""},
    {"h2", false, ""},
    {"h3", false, ""},
    {"h4", false, ""},
    {"h5", false, ""},
    {"h6", false, ""},
    {"header", false, ""},
    {"hr", true, ""},
    {"i", false, ""},
    {"img", true, "src srcset sizes alt width height loading decoding"},
    {"ins", false, "cite datetime"},
    {"kbd", false, ""},
    {"li", false, "value"},
    {"mark", false, ""},
    {"ol", false, "start reversed type"},
    {"p", false, ""},
    {"picture", false, ""},
    {"pre", false, ""},
    {"q", false, "cite"},
    {"rp", false, ""},
    {"rt", false, ""},
    {"ruby", false, ""},
    {"s", false, ""},
    {"samp", false, ""},
    {"section", false, ""},
    {"small", false, ""},
    {"source", true, "src srcset sizes type media"},
    {"span", false, ""},
    {"strong", false, ""},
    {"sub", false, ""},
    {"summary", false, ""},
    {"sup", false, ""},
    {"table", false, ""},
    {"tbody", false, ""},
    {"td", false, "colspan rowspan headers"},
    {"tfoot", false, ""},
    {"th", false, "colspan rowspan headers scope abbr"},
    {"thead", false, ""},
    {"time", false, "datetime"},
    {"tr", false, ""},
    {"track", true, "src kind srclang label default"},
    {"u", false, ""},
    {"ul", false, ""},
    {"var", false, ""},
    {"video", false, "src poster controls width height loop muted playsinline preload"},
    {"wbr", true, ""},
};

constexpr std::string_view kGlobalAttributes = "id class title lang dir role translate style";

/// Elements whose content the HTML parser reads as raw text up to `</name`: dropped with it.
constexpr std::string_view kRawTextDropped[] = {"script",   "style",    "textarea", "title",
                                                "xmp",      "iframe",   "noembed",  "noframes",
                                                "noscript", "plaintext"};

/// Elements with parsed content that is dropped with them: foreign content (which can hold
/// scripts and event handlers of its own), plug-ins, inert templates, document structure.
constexpr std::string_view kNestedDropped[] = {"svg",    "math",     "object", "template", "applet",
                                               "select", "frameset", "head",   "html"};

/// Named character references decoded in attribute values. This holds every reference that
/// stands for an ASCII character (the ones that could spell a URL scheme) and common
/// punctuation; any other `&name;` is kept as written and cannot change the scheme.
struct NamedReference {
  std::string_view name;
  std::string_view text;
};

// clang-format off
constexpr NamedReference kNamedReferences[] = {
    {"AMP", "&"}, {"GT", ">"}, {"Hat", "^"}, {"LT", "<"}, {"NewLine", "\n"},
    {"QUOT", "\""}, {"Tab", "\t"}, {"UnderBar", "_"}, {"VerticalLine", "|"}, {"DiacriticalGrave", "`"},
    {"amp", "&"}, {"apos", "'"}, {"ast", "*"}, {"bsol", "\\"}, {"colon", ":"},
    {"comma", ","}, {"commat", "@"}, {"copy", "\u00A9"}, {"deg", "\u00B0"}, {"dollar", "$"},
    {"equals", "="}, {"excl", "!"}, {"fjlig", "fj"}, {"grave", "`"}, {"gt", ">"},
    {"hellip", "\u2026"}, {"laquo", "\u00AB"}, {"lbrace", "{"}, {"lbrack", "["}, {"lcub", "{"},
    {"ldquo", "\u201C"}, {"lowbar", "_"}, {"lpar", "("}, {"lsqb", "["}, {"lsquo", "\u2018"},
    {"lt", "<"}, {"mdash", "\u2014"}, {"midast", "*"}, {"middot", "\u00B7"}, {"nbsp", "\u00A0"},
    {"ndash", "\u2013"}, {"num", "#"}, {"percnt", "%"}, {"period", "."}, {"plus", "+"},
    {"quest", "?"}, {"quot", "\""}, {"raquo", "\u00BB"}, {"rbrace", "}"}, {"rbrack", "]"},
    {"rcub", "}"}, {"rdquo", "\u201D"}, {"reg", "\u00AE"}, {"rpar", ")"}, {"rsqb", "]"},
    {"rsquo", "\u2019"}, {"semi", ";"}, {"shy", "\u00AD"}, {"sol", "/"}, {"times", "\u00D7"},
    {"verbar", "|"}, {"vert", "|"},
};
// clang-format on

/// What the HTML parser makes of `&#128;`…`&#159;` (windows-1252), 0 where it keeps them.
constexpr std::array<char16_t, 32> kWindows1252 = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

bool is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_hex_digit(char c) {
  return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || is_ascii_digit(c); }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool contains_word(std::string_view list, std::string_view word) {
  while (!list.empty()) {
    size_t space = list.find(' ');
    if (list.substr(0, space) == word) return true;
    if (space == std::string_view::npos) break;
    list.remove_prefix(space + 1);
  }
  return false;
}

template <typename Range>
bool contains(const Range& range, std::string_view name) {
  return std::find(std::begin(range), std::end(range), name) != std::end(range);
}

const TagRule* find_rule(std::string_view name) {
  for (const TagRule& rule : kAllowedTags)
    if (rule.name == name) return &rule;
  return nullptr;
}

struct Attribute {
  std::string name;
  std::string_view value;
  bool has_value = false;
};

struct Tag {
  std::string name;
  bool end = false;
  bool self_closing = false;
  std::vector<Attribute> attributes;
};

/// Tokenizes the tag starting at `html[pos] == '<'` as the HTML parser does (a letter or
/// `/` and a letter follows). Returns false if the tag is not closed by `>` within `html`;
/// otherwise advances `pos` past it.
bool parse_tag(std::string_view html, size_t& pos, Tag& tag) {
  size_t i = pos + 1;
  tag = Tag{};
  if (i < html.size() && html[i] == '/') {
    tag.end = true;
    ++i;
  }
  size_t start = i;
  while (i < html.size() && !is_html_space(html[i]) && html[i] != '/' && html[i] != '>') ++i;
  tag.name = ascii_lower(html.substr(start, i - start));
  for (;;) {
    while (i < html.size() && is_html_space(html[i])) ++i;
    if (i >= html.size()) return false;
    if (html[i] == '>') {
      ++i;
      break;
    }
    if (html[i] == '/') {
      if (i + 1 < html.size() && html[i + 1] == '>') {
        tag.self_closing = true;
        i += 2;
        break;
      }
      ++i;
      continue;
    }
    size_t name_start = i++;  // the first character may even be '='
    while (i < html.size() && !is_html_space(html[i]) && html[i] != '/' && html[i] != '>' &&
           html[i] != '=')
      ++i;
    Attribute attribute;
    attribute.name = ascii_lower(html.substr(name_start, i - name_start));
    size_t j = i;
    while (j < html.size() && is_html_space(html[j])) ++j;
    if (j < html.size() && html[j] == '=') {
      i = j + 1;
      while (i < html.size() && is_html_space(html[i])) ++i;
      if (i >= html.size()) return false;
      attribute.has_value = true;
      if (html[i] == '"' || html[i] == '\'') {
        size_t close = html.find(html[i], i + 1);
        if (close == std::string_view::npos) return false;
        attribute.value = html.substr(i + 1, close - i - 1);
        i = close + 1;
      } else if (html[i] != '>') {
        size_t value_start = i;
        while (i < html.size() && !is_html_space(html[i]) && html[i] != '>') ++i;
        attribute.value = html.substr(value_start, i - value_start);
      }
    }
    tag.attributes.push_back(std::move(attribute));
  }
  pos = i;
  return true;
}

void append_escaped_code_point(std::string& out, char32_t c) {
  switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    default:
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') break;  // never useful, often a trick
      utf8::append(out, c);
  }
}

void append_escaped_byte(std::string& out, char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x80) {
    out += c;  // part of a multi-byte sequence: no markup meaning
  } else {
    append_escaped_code_point(out, u);
  }
}

/// An attribute value as the browser will see it (`decoded`, for checks) and in the form
/// that makes the browser see exactly that (`escaped`, for output).
struct AttributeValue {
  std::string decoded;
  std::string escaped;
};

AttributeValue decode_attribute(std::string_view value) {
  AttributeValue v;
  size_t i = 0;
  while (i < value.size()) {
    char c = value[i];
    if (c != '&') {
      v.decoded += c;
      append_escaped_byte(v.escaped, c);
      ++i;
      continue;
    }
    if (i + 1 < value.size() && value[i + 1] == '#') {
      size_t j = i + 2;
      bool hex = j < value.size() && (value[j] == 'x' || value[j] == 'X');
      if (hex) ++j;
      size_t digits_start = j;
      uint32_t code = 0;
      while (j < value.size() && (hex ? is_ascii_hex_digit(value[j]) : is_ascii_digit(value[j]))) {
        char d = value[j];
        uint32_t digit = is_ascii_digit(d) ? static_cast<uint32_t>(d - '0')
                                           : static_cast<uint32_t>(ascii_lower(d) - 'a' + 10);
        code = std::min<uint32_t>(code * (hex ? 16 : 10) + digit, 0x110000);
        ++j;
      }
      if (j > digits_start) {
        if (j < value.size() && value[j] == ';') ++j;
        char32_t cp = code;
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
        if (cp >= 0x80 && cp <= 0x9F && kWindows1252[cp - 0x80] != 0) cp = kWindows1252[cp - 0x80];
        utf8::append(v.decoded, cp);
        append_escaped_code_point(v.escaped, cp);
        i = j;
        continue;
      }
    } else {
      size_t j = i + 1;
      while (j < value.size() && is_ascii_alnum(value[j])) ++j;
      if (j > i + 1 && j < value.size() && value[j] == ';') {
        std::string_view name = value.substr(i + 1, j - i - 1);
        const NamedReference* known = nullptr;
        for (const NamedReference& ref : kNamedReferences)
          if (ref.name == name) known = &ref;
        if (known) {
          v.decoded += known->text;
          for (char t : known->text) append_escaped_byte(v.escaped, t);
        } else {
          // Not a scheme character whatever it stands for: the check sees a stop sign.
          v.decoded += '&';
          v.escaped.append(value.substr(i, j + 1 - i));
        }
        i = j + 1;
        continue;
      }
    }
    v.decoded += '&';
    v.escaped += "&amp;";
    ++i;
  }
  return v;
}

bool is_safe_style(std::string_view decoded) {
  std::string lower = ascii_lower(decoded);
  for (std::string_view bad : {"expression", "url(", "javascript", "vbscript", "@import",
                               "behavior", "binding", "\\", "/*", "<", "&"})
    if (lower.find(bad) != std::string::npos) return false;
  return true;
}

bool is_safe_srcset(std::string_view decoded) {
  while (!decoded.empty()) {
    size_t comma = decoded.find(',');
    std::string_view candidate = decoded.substr(0, comma);
    while (!candidate.empty() && is_html_space(candidate.front())) candidate.remove_prefix(1);
    size_t end = 0;
    while (end < candidate.size() && !is_html_space(candidate[end])) ++end;
    if (end > 0 && !is_safe_url(candidate.substr(0, end), false)) return false;
    if (comma == std::string_view::npos) break;
    decoded.remove_prefix(comma + 1);
  }
  return true;
}

bool is_allowed_attribute_name(const TagRule& rule, std::string_view name) {
  if (name.empty()) return false;
  if (name.starts_with("data-") || name.starts_with("aria-")) {
    return std::all_of(name.begin(), name.end(), [](char c) {
      return is_ascii_alnum(c) || c == '-' || c == '_' || c == '.';
    });
  }
  return contains_word(kGlobalAttributes, name) || contains_word(rule.attributes, name);
}

void append_start_tag(std::string& out, const TagRule& rule, const Tag& tag) {
  out += '<';
  out += rule.name;
  std::vector<std::string_view> seen;
  bool has_loading = false;
  for (const Attribute& attribute : tag.attributes) {
    if (!is_allowed_attribute_name(rule, attribute.name)) continue;
    if (std::find(seen.begin(), seen.end(), attribute.name) != seen.end()) continue;
    seen.push_back(attribute.name);  // the browser keeps the first of duplicates
    AttributeValue value = decode_attribute(attribute.value);
    const std::string& name = attribute.name;
    if (name == "href" || name == "src" || name == "cite" || name == "poster") {
      if (!is_safe_url(value.decoded, rule.name == "img" && name == "src")) continue;
    } else if (name == "srcset") {
      if (!is_safe_srcset(value.decoded)) continue;
    } else if (name == "style") {
      if (!is_safe_style(value.decoded)) continue;
    }
    if (name == "loading") has_loading = true;
    out += ' ';
    out += name;
    if (attribute.has_value) {
      out += "=\"";
      out += value.escaped;
      out += '"';
    }
  }
  if (rule.name == "img" && !has_loading) out += " loading=\"lazy\"";
  out += rule.is_void ? " />" : ">";
}

}  // namespace

void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
}

bool is_safe_url(std::string_view url, bool image) {
  std::string s;
  for (char c : url) {
    auto u = static_cast<unsigned char>(c);
    if (u > 0x20 && u != 0x7F) s += ascii_lower(c);
  }
  if (s.empty() || !is_ascii_alpha(s[0])) return true;  // relative
  size_t colon = 1;
  while (colon < s.size() &&
         (is_ascii_alnum(s[colon]) || s[colon] == '+' || s[colon] == '-' || s[colon] == '.'))
    ++colon;
  if (colon == s.size() || s[colon] != ':') return true;  // no scheme: relative
  std::string_view scheme(s.data(), colon);
  if (scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel") return true;
  if (image && scheme == "data") {
    std::string_view rest = std::string_view(s).substr(colon + 1);
    for (std::string_view type : {"image/png", "image/jpeg", "image/gif", "image/webp"}) {
      if (rest.starts_with(type) && rest.size() > type.size() &&
          (rest[type.size()] == ';' || rest[type.size()] == ','))
        return true;
    }
  }
  return false;
}

void HtmlSanitizer::reset() {
  drop_name_.clear();
  drop_raw_text_ = false;
  drop_depth_ = 0;
  open_links_ = 0;
}

void HtmlSanitizer::skip_raw_text(std::string_view html, size_t& i) {
  if (drop_name_ == "plaintext") {  // nothing ends it
    i = html.size();
    return;
  }
  for (size_t lt = html.find("</", i); lt != std::string_view::npos; lt = html.find("</", lt + 1)) {
    size_t end = lt + 2 + drop_name_.size();
    if (end > html.size() || ascii_lower(html.substr(lt + 2, drop_name_.size())) != drop_name_)
      continue;
    if (end < html.size() && !is_html_space(html[end]) && html[end] != '/' && html[end] != '>')
      continue;
    Tag tag;
    size_t after = lt;
    i = parse_tag(html, after, tag) ? after : html.size();
    drop_name_.clear();
    drop_raw_text_ = false;
    return;
  }
  i = html.size();
}

void HtmlSanitizer::feed(std::string_view html, std::string& out) {
  size_t i = 0;
  Tag tag;
  while (i < html.size()) {
    if (dropping() && drop_raw_text_) {
      skip_raw_text(html, i);
      continue;
    }
    if (html[i] != '<') {
      size_t lt = std::min(html.find('<', i), html.size());
      if (!dropping()) out.append(html.substr(i, lt - i));
      i = lt;
      continue;
    }
    std::string_view rest = html.substr(i);
    if (rest.starts_with("<!--")) {
      // Dropped. Where the browser would end it earlier, we drop more than needed.
      if (rest.starts_with("<!-->")) {
        i += 5;
      } else if (rest.starts_with("<!--->")) {
        i += 6;
      } else {
        size_t close = html.find("-->", i + 4);
        i = close == std::string_view::npos ? html.size() : close + 3;
      }
      continue;
    }
    if (rest.starts_with("<!") || rest.starts_with("<?")) {  // doctype, CDATA, processing
      size_t close = html.find('>', i);
      i = close == std::string_view::npos ? html.size() : close + 1;
      continue;
    }
    bool tag_start =
        rest.size() > 1 &&
        (is_ascii_alpha(rest[1]) || (rest[1] == '/' && rest.size() > 2 && is_ascii_alpha(rest[2])));
    if (!tag_start || !parse_tag(html, i, tag)) {
      if (!dropping()) out += "&lt;";
      ++i;
      continue;
    }
    if (dropping()) {  // nested mode: only track the dropped element's own nesting
      if (tag.name == drop_name_ && !tag.self_closing) drop_depth_ += tag.end ? -1 : 1;
      if (drop_depth_ <= 0) {
        drop_name_.clear();
        drop_depth_ = 0;
      }
      continue;
    }
    if (!tag.end && contains(kRawTextDropped, tag.name)) {
      drop_name_ = tag.name;  // `<script/>` is no void element in HTML: its text follows
      drop_raw_text_ = true;
      continue;
    }
    if (!tag.end && contains(kNestedDropped, tag.name)) {
      if (tag.self_closing) continue;  // `<svg/>`: foreign content honours the slash
      drop_name_ = tag.name;
      drop_raw_text_ = false;
      drop_depth_ = 1;
      continue;
    }
    const TagRule* rule = find_rule(tag.name);
    if (!rule) continue;  // unknown or unsafe tag: dropped, its text stays
    if (tag.end) {
      if (rule->is_void) continue;
      out += "</";
      out += rule->name;
      out += '>';
      if (rule->name == "a" && open_links_ > 0) --open_links_;
    } else {
      append_start_tag(out, *rule, tag);
      if (rule->name == "a") ++open_links_;
    }
  }
}

}  // namespace ttdn::markdown
