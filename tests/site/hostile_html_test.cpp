// SPEC §10 on a whole site: hostile raw HTML in Markdown (markdown.unsafe_html off and on)
// never publishes script, event handlers, script URLs or embedded documents; hostile text
// in front matter and data files (titles, summaries, authors, image alt text, topic names,
// document, bulletin and glossary values) is escaped in every output file: HTML text and
// attributes, JSON-LD, feeds, sitemap, search index.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cctype>

#include "output_scan.h"

using namespace ttdn::testing;

namespace {

const std::string kBreakOut = "\"><script>alert(1)</script>";
const std::string kCloseScript = "</script><script>alert(2)</script>";
const std::string kQuote = "' onmouseover='alert(3)";
const std::string kImg = "<img src=x onerror=alert(4)>";
const std::string kHostile = kBreakOut + " " + kCloseScript + " " + kQuote + " " + kImg;

std::string yaml_quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

const std::string kRawHtmlBody = R"HTML(Mở đầu an toàn.

<script>alert(11)</script>

<img src=x onerror=alert(12)>

<a href="javascript:alert(13)">a</a> <a href="jav&#x61;script:alert(14)">b</a> <a href="  java	script:alert(15)">c</a>

<iframe src="https://evil.example/"></iframe>

<svg><script>alert(16)</script></svg> <svg onload=alert(17)>x</svg>

<math><mi xlink:href="javascript:alert(18)">m</mi></math>

<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">

<style>body { display: none }</style>

<form action="javascript:alert(19)"><button>go</button></form>

<meta http-equiv="refresh" content="0;url=javascript:alert(20)">

<base href="https://evil.example/">

<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgyMSk8L3NjcmlwdD4=">d</a>

<img src="data:image/svg+xml,<svg onload=alert(22)>">

<p onclick="alert(23)" style="background:url(javascript:alert(24))">p</p>

[md link](javascript:alert(25)) ![md image](javascript:alert(26)) [data](data:text/html,<script>alert(27)</script>)

<noscript><p title="</noscript><img src=x onerror=alert(28)>"></noscript>

<div><scr<script>ipt>alert(29)</script></div>

Kết thúc an toàn.
)HTML";

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string unescape_xml(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 2, "&#") == 0) {  // numeric references: enough for ASCII
      size_t j = i + 2;
      bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
      if (hex) ++j;
      size_t start = j;
      while (j < s.size() && std::isxdigit(static_cast<unsigned char>(s[j])) && (hex || std::isdigit(static_cast<unsigned char>(s[j])))) ++j;
      if (j > start && j - start < 7) {
        long code = std::stol(s.substr(start, j - start), nullptr, hex ? 16 : 10);
        if (code > 0 && code < 128) {
          out += static_cast<char>(code);
          i = (j < s.size() && s[j] == ';') ? j : j - 1;
          continue;
        }
      }
    }
    if (s[i] == '&') {
      for (auto [entity, ch] : {std::pair{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'},
                                {"&apos;", '\''}, {"&#39;", '\''}}) {
        std::string e = entity;
        if (s.compare(i, e.size(), e) == 0) {
          out += ch;
          i += e.size() - 1;
          goto next;
        }
      }
    }
    out += s[i];
  next:;
  }
  return out;
}

/// Everything wrong with an HTML document or fragment from the point of view of §10.
/// Every `<letter` starts a tag (text is escaped), so a scan of tags is enough.
std::vector<std::string> html_problems(const std::string& html, const std::string& base_path,
                                       bool allow_svg = false) {
  std::vector<std::string> problems;
  auto problem = [&](const std::string& what, size_t at) {
    problems.push_back(what + " at byte " + std::to_string(at) + ": " +
                       html.substr(at > 40 ? at - 40 : 0, 120));
  };
  for (size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i + 1)) {
    size_t j = i + 1;
    bool end_tag = j < html.size() && html[j] == '/';
    if (end_tag) ++j;
    size_t name_start = j;
    while (j < html.size() && std::isalnum(static_cast<unsigned char>(html[j]))) ++j;
    if (j == name_start) continue;
    std::string name = lower(html.substr(name_start, j - name_start));
    std::map<std::string, std::string> attrs;
    for (;;) {
      while (j < html.size() && std::isspace(static_cast<unsigned char>(html[j]))) ++j;
      if (j >= html.size() || html[j] == '>' || (html[j] == '/' && j + 1 < html.size() && html[j + 1] == '>')) break;
      size_t a = j;
      while (j < html.size() && html[j] != '=' && html[j] != '>' && !std::isspace(static_cast<unsigned char>(html[j]))) ++j;
      std::string attr = lower(html.substr(a, j - a));
      std::string value;
      if (j < html.size() && html[j] == '=') {
        ++j;
        if (j < html.size() && (html[j] == '"' || html[j] == '\'')) {
          size_t close = html.find(html[j], j + 1);
          if (close == std::string::npos) {
            problem("unterminated attribute", i);
            break;
          }
          value = html.substr(j + 1, close - j - 1);
          j = close + 1;
        } else {
          size_t v = j;
          while (j < html.size() && !std::isspace(static_cast<unsigned char>(html[j])) && html[j] != '>') ++j;
          value = html.substr(v, j - v);
        }
      }
      if (attr.size() > 2 && attr.compare(0, 2, "on") == 0) problem("event handler " + attr, i);
      if (attr == "style" && (lower(value).find("url(") != std::string::npos ||
                              lower(value).find("expression") != std::string::npos))
        problem("style attribute loading a URL", i);
      std::string url;
      for (char c : lower(unescape_xml(value)))
        if (static_cast<unsigned char>(c) > 0x20) url += c;
      if ((attr == "href" || attr == "src" || attr == "action" || attr == "formaction" || attr == "xlink:href" ||
           attr == "poster" || attr == "srcset") &&
          (url.rfind("javascript:", 0) == 0 || url.rfind("vbscript:", 0) == 0 ||
           (url.rfind("data:", 0) == 0 && !(name == "img" && attr == "src" &&
                                            (url.rfind("data:image/png", 0) == 0 || url.rfind("data:image/jpeg", 0) == 0 ||
                                             url.rfind("data:image/gif", 0) == 0 || url.rfind("data:image/webp", 0) == 0)))))
        problem("script or data URL in " + attr, i);
      if (attr == "content" && url.find("javascript:") != std::string::npos) problem("script URL in meta content", i);
      attrs[attr] = value;
    }
    if (end_tag) continue;
    for (const char* bad : {"iframe", "object", "embed", "math", "style", "base", "frame", "frameset",
                            "applet", "template", "textarea", "xmp", "plaintext"})
      if (name == bad) problem("element <" + name + ">", i);
    // The generator's own inline SVG (QR codes of the print edition) is fine; SVG that came
    // from a source is not.
    if (name == "svg" && !allow_svg) problem("element <svg>", i);
    // The site's own forms (search, filters on the page itself); no form posts elsewhere.
    if (name == "form" && attrs.count("action") &&
        !(attrs["action"].rfind(base_path, 0) == 0 && attrs["action"].find("//") == std::string::npos))
      problem("form posting elsewhere", i);
    if (name == "meta" && attrs.count("http-equiv") && lower(attrs["http-equiv"]) == "refresh" &&
        attrs["content"].find("https://example.gov.vn/") == std::string::npos)
      problem("refresh to another site", i);
    if (name == "script") {
      if (attrs.count("type") && attrs["type"] == "application/ld+json" && !attrs.count("src")) {
        size_t body = html.find('>', i) + 1;
        size_t end = lower(html).find("</script", body);
        std::string json = html.substr(body, end - body);
        if (lower(json).find("<!--") != std::string::npos) problem("comment opener in JSON-LD", i);
        if (!nlohmann::json::accept(json)) problem("JSON-LD does not parse", i);
        i = end;
      } else if (!(attrs.count("src") && attrs["src"].rfind(base_path, 0) == 0 && attrs["src"].find("//") == std::string::npos)) {
        problem("script element", i);
      } else {
        size_t end = lower(html).find("</script", i);
        if (end != std::string::npos && html.find_first_not_of(" \n", html.find('>', i) + 1) != end)
          problem("inline script beside src", i);
      }
    }
  }
  return problems;
}

/// Problems in every output file of a built site.
std::vector<std::string> site_problems(const fs::path& out) {
  std::vector<std::string> problems;
  for (const auto& [path, bytes] : output_files(out)) {
    auto add = [&](const std::vector<std::string>& ps) {
      for (const auto& p : ps) problems.push_back(path + ": " + p);
    };
    std::string name = path.substr(0, path.find('|'));
    bool inflated = path.find("|inflated") != std::string::npos;
    if (!inflated && bytes.size() > 2 && static_cast<unsigned char>(bytes[0]) == 0x1F) continue;  // gzip: see inflated
    if (name.size() >= 5 && name.compare(name.size() - 5, 5, ".html") == 0) {
      add(html_problems(bytes, "/portal/", name.find("/print/") != std::string::npos));
    } else if (name.find(".xml") != std::string::npos) {
      if (lower(bytes).find("<script") != std::string::npos) problems.push_back(path + ": <script in XML");
      if (lower(bytes).find("<img") != std::string::npos) problems.push_back(path + ": <img in XML");
      // HTML carried escaped in a feed (type="html") is checked as a reader shows it.
      for (size_t at = bytes.find("type=\"html\">"); at != std::string::npos; at = bytes.find("type=\"html\">", at + 1)) {
        size_t begin = at + 12, end = bytes.find("</", begin);
        add(html_problems(unescape_xml(bytes.substr(begin, end - begin)), "/portal/"));
      }
    } else if (name.find(".json") != std::string::npos) {
      if (!nlohmann::json::accept(bytes)) problems.push_back(path + ": JSON does not parse (hostile text broke out?)");
    }
  }
  return problems;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

/// A site whose every writable value holds hostile text.
void write_hostile_site(FixtureSite& s, bool unsafe_html) {
  std::string yaml = kSiteYaml;
  const std::string topic = "du-lich: {vi: \"Du lịch\"";
  yaml.replace(yaml.find(topic), topic.size(), "du-lich: {vi: " + yaml_quoted("Du lịch " + kHostile));
  if (unsafe_html) yaml += "markdown: {unsafe_html: true}\n";
  s.write("site.yaml", yaml);
  const std::string q = yaml_quoted(kHostile);
  s.write("content/news/doc-hai.md",
          "---\ntitle: " + yaml_quoted("Tiêu đề " + kHostile) + "\ndate: 2026-03-02\nsummary: " + q +
              "\nauthor: " + q + "\nsource: " + q + "\ntopics: [du-lich, bien-gioi]\nbulletin: 2026-Q1\n"
              "directives: [\"57-KL/TW\"]\naliases: [/cu/doc-hai/]\n---\n" + kRawHtmlBody +
              "\nThực hiện Kết luận số 57-KL/TW về TTĐN.\n");
  s.write("content/news/doc-hai.en.md", "---\ntitle: " + yaml_quoted("Title " + kHostile) +
                                            "\ndate: 2026-03-02\nsummary: " + q + "\n---\n" + kRawHtmlBody);
  // A page bundle: the image (alt, caption, credit), an image in the body, FAQ, timeline.
  s.write("content/news/bo-anh/index.md",
          "---\ntitle: " + yaml_quoted("Bộ ảnh " + kHostile) + "\ndate: 2026-03-03\n"
          "image: {src: anh.jpg, alt: " + q + ", caption: " + q + ", credit: " + q + "}\n"
          "faq:\n  - {q: " + q + ", a: " + q + "}\ntimeline:\n  - {date: \"2026\", text: " + q + "}\n"
          "---\n![" + kHostile + "](anh.jpg \"t\\\"itle\")\n");
  // A real JPEG: since issue 9 images are decoded, and bytes that are not one are an error.
  s.write("content/news/bo-anh/anh.jpg",
          read_file(fs::path(TTDN_SOURCE_DIR) / "content/ban-gioc/thu-vien-anh/moc-thoi-gian.jpg"));
  s.write("content/pages/gioi-thieu.md", "---\ntitle: " + q + "\nsummary: " + q + "\n---\n" + kRawHtmlBody);
  // Data files of the other features.
  s.write("content/documents/57-kl-tw.yaml",
          "number: \"57-KL/TW\"\ntype: ket-luan\nissuer: {vi: " + q + ", en: " + q + ", zh: " + q + "}\n"
          "date: 2023-02-10\ntitle: {vi: " + q + ", en: " + q + ", zh: " + q + "}\n"
          "summary: {vi: " + q + "}\npriorities:\n  - {id: \"1\", text: {vi: " + q + "}}\n");
  s.write("content/bulletins/2026-q1.yaml",
          "year: 2026\nquarter: 1\nnumber: 1\ntitle: {vi: " + q + ", en: " + q + ", zh: " + q + "}\n");
  s.write("content/glossary.yaml", "- vi: \"thông tin đối ngoại\"\n  abbr: {vi: \"TTĐN\"}\n  en: " + q +
                                       "\n  zh: " + q + "\n  note: {vi: " + q + "}\n");
}

}  // namespace

TEST_CASE("the checker finds what it looks for", "[security][hostile]") {
  // Guards the test itself: each hostile construct, unescaped, is reported.
  for (const std::string bad : {"<p><script>alert(1)</script></p>", "<img src=x onerror=alert(1)>",
                                "<a href=\"jav&#x61;script:alert(1)\">x</a>", "<iframe src=x></iframe>",
                                "<meta content=\"x\"><script>alert(1)</script>\">",
                                "<script type=\"application/ld+json\">{\"a\":\"</script><script>alert(1)</script>\"}</script>",
                                "<svg><g/></svg>", "<a href=\"data:text/html,x\">d</a>"}) {
    INFO(bad);
    CHECK_FALSE(html_problems(bad, "/portal/").empty());
  }
  CHECK(html_problems("<p title=\"&quot;&gt;&lt;script&gt;\">&lt;script&gt;alert(1)&lt;/script&gt;</p>"
                      "<script src=\"/portal/assets/js/site.1.js\" defer></script>"
                      "<script type=\"application/ld+json\">{\"a\":\"\\u003c/script\\u003e\"}</script>",
                      "/portal/")
            .empty());
}

TEST_CASE("hostile text and raw HTML never publish script, with unsafe_html off or on", "[security][hostile]") {
  for (bool unsafe_html : {false, true}) {
    DYNAMIC_SECTION("markdown.unsafe_html: " << (unsafe_html ? "true" : "false")) {
      FixtureSite s;
      write_hostile_site(s, unsafe_html);
      auto r = build(s);
      INFO(r.out);
      REQUIRE(r.status == 0);
      auto problems = site_problems(s.out());
      INFO(joined(problems));
      CHECK(problems.empty());

      // The hostile values did reach the pages, escaped: the check above looked at them.
      std::string page = s.read_out("tin-tuc/doc-hai/index.html");
      CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
      CHECK(page.find("Mở đầu an toàn.") != std::string::npos);
      CHECK(page.find("Kết thúc an toàn.") != std::string::npos);
      CHECK(page.find("alert(11)") == std::string::npos);
      CHECK(page.find("alert(16)") == std::string::npos);
      CHECK(s.read_out("chu-de/index.html").find("Du lịch &quot;&gt;&lt;script&gt;") != std::string::npos);
      // Front matter is escaped in attributes too (og:title, description, image alt).
      CHECK(page.find("content=\"Tiêu đề &quot;&gt;&lt;script&gt;alert(1)") != std::string::npos);
      std::string gallery = s.read_out("tin-tuc/bo-anh/index.html");
      CHECK(gallery.find("alt=\"&quot;&gt;&lt;script&gt;alert(1)") != std::string::npos);
      if (unsafe_html) CHECK(page.find("<p>p</p>") != std::string::npos);  // allowed HTML stays, cleaned
      // Every file, whatever produced it, was checked: feeds and the sitemap are among them.
      auto files = output_files(s.out());
      CHECK(files.count("sitemap.xml") == 1);
    }
  }
}
