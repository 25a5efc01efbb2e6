// Shared by the fuzz targets: a failed property aborts, which libFuzzer reports as a crash
// and the replay driver as a failed test.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <string_view>

namespace ttdn::fuzz {

inline void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz property failed: %s\n", what);
  std::abort();
}

inline std::string_view as_text(const unsigned char* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// Decodes the character references a browser decodes in an attribute value, as far as a
/// URL scheme is concerned: numeric ones (with or without `;`) and the named ones that spell
/// ASCII punctuation or white space. A code point that is not ASCII stays a marker byte.
inline std::string decode_references(std::string_view s) {
  static const std::pair<const char*, char> kNamed[] = {
      {"colon;", ':'}, {"tab;", '\t'}, {"newline;", '\n'}, {"amp;", '&'}, {"quot;", '"'},
      {"apos;", '\''}, {"lt;", '<'}, {"gt;", '>'}, {"sol;", '/'}, {"period;", '.'}};
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '&') {
      out += s[i++];
      continue;
    }
    size_t j = i + 1;
    if (j < s.size() && s[j] == '#') {
      ++j;
      const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
      if (hex) ++j;
      unsigned long code = 0;
      size_t digits = 0;
      for (; j < s.size(); ++j, ++digits) {
        const char c = s[j];
        int d = c >= '0' && c <= '9' ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                : -1;
        if (d < 0) break;
        if (code < 0x110000) code = code * (hex ? 16 : 10) + static_cast<unsigned long>(d);
      }
      if (digits > 0) {
        if (j < s.size() && s[j] == ';') ++j;
        out += code < 0x80 ? static_cast<char>(code) : '\x80';
        i = j;
        continue;
      }
    } else {
      bool matched = false;
      for (const auto& [name, c] : kNamed) {
        const std::string_view n(name);
        if (lower(s.substr(j, n.size())) == n) {
          out += c;
          i = j + n.size();
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    out += s[i++];
  }
  return out;
}

/// Checks HTML that the generator publishes from untrusted text: no element that runs code
/// or embeds another document, no event-handler attribute, no script URL. Text and
/// attribute values are escaped in that HTML, so every `<letter` opens a real tag.
inline void check_safe_html(std::string_view html) {
  static const char* const kForbidden[] = {
      "script", "iframe", "object", "embed", "style", "svg", "math", "base", "meta", "link",
      "form", "frame", "frameset", "applet", "template", "textarea", "title", "noscript",
      "xmp", "plaintext", "noembed", "noframes"};
  for (size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1)) {
    size_t j = i + 1;
    if (j < html.size() && html[j] == '/') ++j;
    size_t name_start = j;
    while (j < html.size() && ((html[j] >= 'a' && html[j] <= 'z') || (html[j] >= 'A' && html[j] <= 'Z') ||
                               (html[j] >= '0' && html[j] <= '9')))
      ++j;
    if (j == name_start) continue;  // not a tag (cannot happen unescaped; checked below)
    std::string name = lower(html.substr(name_start, j - name_start));
    for (const char* bad : kForbidden) check(name != bad, "forbidden element in output");
    // Attributes up to the end of the tag.
    for (;;) {
      while (j < html.size() && (html[j] == ' ' || html[j] == '\n' || html[j] == '\t' || html[j] == '/')) ++j;
      if (j >= html.size() || html[j] == '>') break;
      size_t a = j;
      while (j < html.size() && html[j] != '=' && html[j] != ' ' && html[j] != '>' && html[j] != '\n') ++j;
      std::string attr = lower(html.substr(a, j - a));
      check(!(attr.size() > 2 && attr[0] == 'o' && attr[1] == 'n'), "event-handler attribute in output");
      check(attr != "srcdoc" && attr != "formaction", "dangerous attribute in output");
      std::string value;
      if (j < html.size() && html[j] == '=') {
        ++j;
        if (j < html.size() && (html[j] == '"' || html[j] == '\'')) {
          char q = html[j];
          size_t close = html.find(q, j + 1);
          check(close != std::string_view::npos, "unterminated attribute value");
          value = html.substr(j + 1, close - j - 1);
          j = close + 1;
        } else {
          size_t v = j;
          while (j < html.size() && html[j] != ' ' && html[j] != '>') ++j;
          value = html.substr(v, j - v);
        }
      }
      if (attr == "href" || attr == "src" || attr == "cite" || attr == "poster" || attr == "srcset") {
        // What the browser sees: character references decoded, then case and the controls
        // and spaces it skips in a scheme ignored.
        std::string v;
        for (char c : lower(decode_references(value)))
          if (static_cast<unsigned char>(c) > 0x20) v += c;
        check(v.rfind("javascript:", 0) != 0 && v.rfind("vbscript:", 0) != 0 &&
                  v.rfind("data:text", 0) != 0 && v.rfind("data:image/svg", 0) != 0,
              "script URL in output");
      }
    }
  }
}

}  // namespace ttdn::fuzz
