#include "markdown/markdown.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "markdown/html_sanitizer.h"

using ttdn::markdown::Annotation;
using ttdn::markdown::cut_summary;
using ttdn::markdown::LinkRewrite;
using ttdn::markdown::Options;
using ttdn::markdown::render;
using ttdn::markdown::Rendered;

namespace {

std::string html_of(std::string_view source, bool unsafe_html = false) {
  Options options;
  options.unsafe_html = unsafe_html;
  return render(source, options).html;
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

/// No tag in `html` that a browser would run code from. (Text is escaped by construction:
/// every '<' in the output starts a tag.)
void require_inert(const std::string& html) {
  INFO(html);
  for (size_t lt = html.find('<'); lt != std::string::npos; lt = html.find('<', lt + 1)) {
    size_t gt = html.find('>', lt);
    REQUIRE(gt != std::string::npos);
    std::string tag = lower(html.substr(lt, gt + 1 - lt));
    INFO(tag);
    for (std::string_view bad :
         {"<script", "<iframe", "<style", "<svg", "<math", "<object", "<embed", "<template",
          "<noscript", "<form", "<base", "<meta", "<link", "javascript:", "vbscript:", "data:text"})
      CHECK_FALSE(contains(tag, bad));
    for (size_t on = tag.find("on"); on != std::string::npos; on = tag.find("on", on + 1)) {
      char before = tag[on - 1];
      size_t after = on + 2;
      while (after < tag.size() && tag[after] >= 'a' && tag[after] <= 'z') ++after;
      bool handler = (before == ' ' || before == '/' || before == '\t' || before == '\n') &&
                     after < tag.size() && tag[after] == '=' && after > on + 2;
      CHECK_FALSE(handler);
    }
  }
}

}  // namespace

TEST_CASE("GFM extensions render", "[markdown]") {
  SECTION("table") {
    std::string html = html_of("| Tỉnh | Cửa khẩu |\n|---|:-:|\n| Cao Bằng | Trà Lĩnh |\n");
    CHECK(contains(html, "<table>"));
    CHECK(contains(html, "<th>Tỉnh</th>"));
    CHECK(contains(html, "<td align=\"center\">Trà Lĩnh</td>"));
  }
  SECTION("strikethrough") { CHECK(contains(html_of("~~cũ~~ mới"), "<del>cũ</del>")); }
  SECTION("autolink") {
    std::string html = html_of("Xem www.caobang.gov.vn và https://example.com/a.");
    CHECK(contains(html, "<a href=\"http://www.caobang.gov.vn\">www.caobang.gov.vn</a>"));
    CHECK(contains(html, "<a href=\"https://example.com/a\">https://example.com/a</a>"));
  }
  SECTION("tasklist") {
    std::string html = html_of("- [x] xong\n- [ ] chưa\n");
    CHECK(contains(html, "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> xong"));
    CHECK(contains(html, "<input type=\"checkbox\" disabled=\"\" /> chưa"));
  }
  SECTION("footnotes") {
    std::string html = html_of("Thác Bản Giốc[^1].\n\n[^1]: Cao Bằng.\n");
    CHECK(contains(html, "<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\""));
    CHECK(contains(html, "<section class=\"footnotes\""));
    CHECK(contains(html, "<li id=\"fn-1\">"));
  }
  SECTION("no smart punctuation") {
    CHECK(contains(html_of("\"a\" -- b..."), "&quot;a&quot; -- b..."));
  }
}

TEST_CASE("tag filter: raw-text and title elements never come out", "[markdown][security]") {
  const char* source =
      "<title>x</title>\n\ntext <textarea>t</textarea> <xmp>y</xmp> <noembed>z</noembed>\n\n"
      "<plaintext>rest";
  for (bool unsafe : {false, true}) {
    std::string html = lower(html_of(source, unsafe));
    INFO(html);
    CHECK_FALSE(contains(html, "<title"));
    CHECK_FALSE(contains(html, "<textarea"));
    CHECK_FALSE(contains(html, "<xmp"));
    CHECK_FALSE(contains(html, "<noembed"));
    CHECK_FALSE(contains(html, "<plaintext"));
    CHECK(contains(html, "text"));
  }
}

TEST_CASE("raw HTML is not published without unsafe_html", "[markdown][security]") {
  std::string html = html_of(
      "Chữ <b>đậm</b> và <span class=\"x\">span</span>.\n\n<div class=\"box\">\nkhối\n</div>\n\n"
      "<!-- ghi chú -->\n\nCuối.\n");
  INFO(html);
  CHECK_FALSE(contains(html, "<b>"));
  CHECK_FALSE(contains(html, "<span"));
  CHECK_FALSE(contains(html, "<div"));
  CHECK_FALSE(contains(html, "<!--"));
  CHECK_FALSE(contains(html, "raw HTML omitted"));
  CHECK(contains(html, "<p>Chữ đậm và span.</p>"));
  CHECK(contains(html, "<p>Cuối.</p>"));
  // Paragraphs of nothing but raw HTML leave nothing behind.
  CHECK(html_of("A\n\n<span>x</span> <b>y</b>\n\n<svg><g/></svg> <svg></svg>\n\nB\n") ==
        "<p>A</p>\n<p>x y</p>\n<p>B</p>\n");
  CHECK(html_of("A\n\n<svg><g/></svg> <svg></svg>\n\nB\n", true) == "<p>A</p>\n<p>B</p>\n");
  // The content of a script is not text to show either.
  std::string script = html_of("A <script>alert(1)</script> B\n");
  CHECK(contains(script, "<p>A  B</p>"));
  require_inert(script);
}

TEST_CASE("unsafe_html keeps safe markup and drops everything that runs", "[markdown][security]") {
  SECTION("safe markup survives") {
    std::string html = html_of(
        "Chữ <b>đậm</b>, <span class=\"note\" title='a &amp; b'>ghi</span>, "
        "<a href=\"https://caobang.gov.vn/\" target=\"_blank\">link</a>.\n\n"
        "<div class=\"box\" id=\"x\">\n<p>Khối</p>\n</div>\n",
        true);
    INFO(html);
    CHECK(contains(html, "<b>đậm</b>"));
    CHECK(contains(html, "<span class=\"note\" title=\"a &amp; b\">ghi</span>"));
    CHECK(contains(html, "<a href=\"https://caobang.gov.vn/\" target=\"_blank\">link</a>"));
    CHECK(contains(html, "<div class=\"box\" id=\"x\">\n<p>Khối</p>\n</div>"));
  }
  SECTION("elements that run code go with their content") {
    for (const char* source : {
             "<script>alert(1)</script>\n",
             "x <script>alert(1)</script> y\n",
             "x <script>if (a < b) alert('</b>')</script> y\n",
             "<SCRIPT SRC=//evil.example/x.js></SCRIPT>\n",
             "<iframe src=\"https://evil.example\">alert</iframe>\n",
             "x <iframe src=javascript:alert(1)></iframe> y\n",
             "<style>body{background:url(javascript:alert(1))}</style>\n",
             "x <style>*{}</style> y\n",
             "<svg><script>alert(1)</script></svg>\n",
             "x <svg onload=alert(1)><circle/></svg> y\n",
             "<svg onload=alert(1)/>\n",
             "<svg>\n<a xlink:href=\"javascript:alert(1)\">x</a>\n\n</svg>\n",
             "<math><mtext><script>alert(1)</script></mtext></math>\n",
             "<object data=\"javascript:alert(1)\">alert</object>\n",
             "<embed src=\"javascript:alert(1)\">\n",
             "<template><img src=x onerror=alert(1)></template>\n",
             "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>\n",
         }) {
      std::string html = html_of(source, true);
      INFO(source);
      require_inert(html);
      CHECK_FALSE(contains(html, "alert"));  // the content went too
    }
    // Not HTML to CommonMark: published as escaped text.
    CHECK(contains(html_of("<svg/onload=alert(1)>", true), "&lt;svg/onload=alert(1)&gt;"));
  }
  SECTION("event handlers are removed") {
    std::string html = html_of(
        "<img src=\"a.png\" onerror=\"alert(1)\" alt=\"ảnh\">\n\n"
        "x <b onclick=alert(1) class=k>b</b> <p onmouseover=alert(1)>\n",
        true);
    INFO(html);
    require_inert(html);
    CHECK_FALSE(contains(html, "alert"));
    CHECK(contains(html, "<img src=\"a.png\" alt=\"ảnh\" loading=\"lazy\" />"));
    CHECK(contains(html, "<b class=\"k\">b</b>"));
  }
  SECTION("script URLs are removed, however encoded") {
    for (const char* source : {
             "<a href=\"javascript:alert(1)\">x</a>\n",
             "<a href=\"JaVaScRiPt:alert(1)\">x</a>\n",
             "<a href=\" javascript:alert(1)\">x</a>\n",
             "<a href=\"java\tscript:alert(1)\">x</a>\n",
             "<a href=\"jav&#x61;script:alert(1)\">x</a>\n",
             "<a href=\"jav&#X41;script:alert(1)\">x</a>\n",
             "<a href=\"&#106;avascript:alert(1)\">x</a>\n",
             "<a href=\"&#0000106avascript:alert(1)\">x</a>\n",
             "<a href=\"javascript&colon;alert(1)\">x</a>\n",
             "<a href=\"java&Tab;script:alert(1)\">x</a>\n",
             "<a href=\"java&#10;script:alert(1)\">x</a>\n",
             "<a "
             "href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">"
             "x</a>\n",
             "<a href=vbscript:msgbox(1)>x</a>\n",
             "<form action=\"javascript:alert(1)\"><button "
             "formaction=javascript:alert(1)>x</button></form>\n",
             "<img src=\"javascript:alert(1)\">\n",
             "<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>\n",
         }) {
      std::string html = html_of(source, true);
      INFO(source);
      INFO(html);
      CHECK_FALSE(contains(lower(html), "script:"));
      CHECK_FALSE(contains(lower(html), "alert"));
      CHECK_FALSE(contains(lower(html), "msgbox"));
    }
  }
  SECTION("data: URLs only for images") {
    std::string html = html_of(
        "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a> "
        "<img src=\"data:image/svg+xml;base64,PHN2Zz4=\"> "
        "<img src=\"data:image/png;base64,iVBORw0KGgo=\">\n",
        true);
    INFO(html);
    CHECK_FALSE(contains(html, "data:text"));
    CHECK_FALSE(contains(html, "image/svg"));
    CHECK(contains(html, "<a>x</a>"));
    CHECK(contains(html, "<img src=\"data:image/png;base64,iVBORw0KGgo=\""));
  }
  SECTION("comments, unknown tags and broken tags") {
    std::string html =
        html_of("a <!-- <script>alert(1)</script> --> b <blink>c</blink> d <b\n", true);
    INFO(html);
    require_inert(html);
    CHECK_FALSE(contains(html, "<blink"));
    CHECK(contains(html, "c"));
  }
}

TEST_CASE("Markdown links to scripts are never clickable", "[markdown][security]") {
  for (bool unsafe : {false, true}) {
    for (const char* source :
         {"[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "[x](jav&#x61;script:alert(1))",
          "<javascript:alert(1)>", "[x](vbscript:msgbox)", "![x](javascript:alert(1))",
          "[x][r]\n\n[r]: javascript:alert(1)"}) {
      std::string html = html_of(source, unsafe);
      INFO(source << (unsafe ? " (unsafe_html)" : ""));
      INFO(html);
      CHECK_FALSE(contains(lower(html), "href=\"javascript"));
      CHECK_FALSE(contains(lower(html), "href=\"vbscript"));
      CHECK_FALSE(contains(lower(html), "src=\"javascript"));
    }
  }
  // A rewritten URL goes through the same filter.
  Options options;
  options.rewrite_link = [](std::string_view, bool, int) {
    LinkRewrite r;
    r.url = "javascript:alert(1)";
    return r;
  };
  CHECK_FALSE(contains(render("[x](a.md)", options).html, "javascript"));
}

TEST_CASE("is_safe_url", "[markdown][security]") {
  using ttdn::markdown::is_safe_url;
  CHECK(is_safe_url("https://caobang.gov.vn/", false));
  CHECK(is_safe_url("/vi/tin-tuc/", false));
  CHECK(is_safe_url("../a.md#x", false));
  CHECK(is_safe_url("mailto:a@b.vn", false));
  CHECK(is_safe_url("a/b:c", false));
  CHECK_FALSE(is_safe_url("javascript:alert(1)", false));
  CHECK_FALSE(is_safe_url("\x01java\nscript:alert(1)", false));
  CHECK_FALSE(is_safe_url("data:image/png;base64,AAAA", false));
  CHECK(is_safe_url("data:image/png;base64,AAAA", true));
  CHECK_FALSE(is_safe_url("data:image/svg+xml,<svg>", true));
  CHECK_FALSE(is_safe_url("file:///etc/passwd", true));
}

TEST_CASE("headings get unique anchors", "[markdown]") {
  Rendered r = render(
      "# Thác Bản Giốc\n\n## Nội dung\n\ntext\n\n## Nội dung\n\n### Nội dung 2\n\n"
      "## 德天瀑布\n\n## Đồng Văn `code`\n\n## 中越边境\n",
      Options{});
  INFO(r.html);
  REQUIRE(r.headings.size() == 7);
  CHECK(r.headings[0].id == "thac-ban-gioc");
  CHECK(r.headings[0].level == 1);
  CHECK(r.headings[0].text == "Thác Bản Giốc");
  CHECK(r.headings[1].id == "noi-dung");
  CHECK(r.headings[2].id == "noi-dung-2");
  CHECK(r.headings[3].id == "noi-dung-2-2");  // "Nội dung 2" folds to a taken id
  CHECK(r.headings[3].level == 3);
  CHECK(r.headings[4].id == "h-5");
  CHECK(r.headings[4].text == "德天瀑布");
  CHECK(r.headings[5].id == "dong-van-code");
  CHECK(r.headings[6].id == "h-7");
  CHECK(contains(r.html, "<h1 id=\"thac-ban-gioc\">Thác Bản Giốc</h1>"));
  CHECK(contains(r.html, "<h2 id=\"noi-dung-2\">Nội dung</h2>"));
  CHECK(contains(r.html, "<h2 id=\"h-5\">德天瀑布</h2>"));
  CHECK(contains(r.html, "<h2 id=\"dong-van-code\">Đồng Văn <code>code</code></h2>"));
  // Setext headings and emphasis inside headings.
  Rendered s = render("Giới *thiệu*\n===\n", Options{});
  REQUIRE(s.headings.size() == 1);
  CHECK(s.headings[0].id == "gioi-thieu");
  CHECK(contains(s.html, "<h1 id=\"gioi-thieu\">Giới <em>thiệu</em></h1>"));
}

TEST_CASE("soft breaks between CJK characters vanish", "[markdown]") {
  CHECK(contains(html_of("德天\n瀑布"), "<p>德天瀑布</p>"));
  CHECK(contains(html_of("位于中越边境。\n德天瀑布"), "<p>位于中越边境。德天瀑布</p>"));
  CHECK(contains(html_of("*德天*\n瀑布"), "<p><em>德天</em>瀑布</p>"));
  CHECK(contains(html_of("Cao\nBằng"), "<p>Cao\nBằng</p>"));
  CHECK(contains(html_of("德天\nBản Giốc"), "<p>德天\nBản Giốc</p>"));
  Rendered r = render("德天\n瀑布\n\nCao\nBằng", Options{});
  CHECK(r.first_paragraph == "德天瀑布");
  CHECK(r.plain_text == "德天瀑布\nCao Bằng");
}

TEST_CASE("annotate marks up citations and abbreviations", "[markdown]") {
  std::vector<std::string> seen;
  Options options;
  options.annotate = [&seen](std::string_view text) {
    seen.emplace_back(text);
    std::vector<Annotation> spans;
    for (std::string_view needle : {"57-KL/TW", "TTĐN"}) {
      size_t at = text.find(needle);
      if (at == std::string_view::npos) continue;
      Annotation a;
      a.begin = at;
      a.length = needle.size();
      if (needle == "TTĐN") {
        a.abbr_title = "thông tin đối ngoại";
      } else {
        a.href = "/vi/van-ban/57-kl-tw-2023/";
        a.link_title = "Kết luận 57-KL/TW";
      }
      spans.push_back(a);
    }
    std::sort(spans.begin(), spans.end(),
              [](const Annotation& x, const Annotation& y) { return x.begin < y.begin; });
    return spans;
  };
  Rendered r = render(
      "# Về 57-KL/TW\n\n"
      "Công tác TTĐN theo Kết luận số 57&#45;KL/TW [năm 2023] của Bộ Chính trị.\n\n"
      "Không đổi: `57-KL/TW`, [57-KL/TW](https://x.vn), ![57-KL/TW](a.png).\n\n"
      "```\n57-KL/TW\n```\n",
      options);
  INFO(r.html);
  CHECK(contains(r.html,
                 "Công tác <abbr title=\"thông tin đối ngoại\">TTĐN</abbr> theo Kết luận số "
                 "<a href=\"/vi/van-ban/57-kl-tw-2023/\" title=\"Kết luận 57-KL/TW\">57-KL/TW</a> "
                 "[năm 2023] của Bộ Chính trị."));
  CHECK(contains(r.html, "<h1 id=\"ve-57-kl-tw\">Về 57-KL/TW</h1>"));
  CHECK(contains(r.html, "<code>57-KL/TW</code>"));
  CHECK(contains(r.html, "<a href=\"https://x.vn\">57-KL/TW</a>"));
  CHECK(contains(r.html, "<pre><code>57-KL/TW\n</code></pre>"));
  // Called once per text run, in order, never for code, links, images or headings.
  CHECK(seen == std::vector<std::string>{
                    "Công tác TTĐN theo Kết luận số 57-KL/TW [năm 2023] của Bộ Chính trị.",
                    "Không đổi: ", ", ", ", ", "."});
  // The text around the marks is still whole.
  CHECK(r.first_paragraph ==
        "Công tác TTĐN theo Kết luận số 57-KL/TW [năm 2023] của Bộ Chính trị.");
}

TEST_CASE("annotate ignores bad spans and text inside raw links", "[markdown]") {
  Options options;
  options.unsafe_html = true;
  options.annotate = [](std::string_view text) {
    std::vector<Annotation> spans;
    auto add = [&](size_t begin, size_t length) {
      Annotation a;
      a.begin = begin;
      a.length = length;
      a.abbr_title = "t";
      spans.push_back(a);
    };
    add(1, 1000);  // out of range
    add(text.size(), 0);
    add(1, 1);  // cuts Đ in "Đà Lạt"
    add(0, 2);  // Đ
    add(1, 1);  // overlaps
    add(text.size() - 1, 1);
    return spans;
  };
  Rendered r = render("Đà Lạt <a href=\"/x\">trong</a> ngoai\n", options);
  INFO(r.html);
  CHECK(contains(r.html,
                 "<p><abbr title=\"t\">Đ</abbr>à Lạt<abbr title=\"t\"> </abbr>"
                 "<a href=\"/x\">trong</a> <abbr title=\"t\">n</abbr>goa"
                 "<abbr title=\"t\">i</abbr></p>"));
}

TEST_CASE("rewrite_link sees every link and image with its line", "[markdown]") {
  struct Call {
    std::string url;
    bool is_image;
    int line;
  };
  std::vector<Call> calls;
  Options options;
  options.rewrite_link = [&calls](std::string_view url, bool is_image, int line) {
    calls.push_back({std::string(url), is_image, line});
    LinkRewrite rewrite;
    if (url == "../news/a.md") rewrite.url = "/vi/tin-tuc/a/";
    if (url == "cover.jpg") rewrite.url = "/vi/tin-tuc/a/cover.jpg";
    return rewrite;
  };
  Rendered r = render(
      "Đoạn một\ncó [bài](../news/a.md) trên dòng hai.\n\n"
      "![Bìa](cover.jpg \"Ảnh bìa\")\n\n"
      "| a |\n|---|\n| [x](https://caobang.gov.vn) |\n\n"
      "[ref]\n\n[ref]: other.md\n",
      options);
  INFO(r.html);
  REQUIRE(calls.size() == 4);
  CHECK(calls[0].url == "../news/a.md");
  CHECK_FALSE(calls[0].is_image);
  CHECK(calls[0].line == 2);
  CHECK(calls[1].url == "cover.jpg");
  CHECK(calls[1].is_image);
  CHECK(calls[1].line == 4);
  CHECK(calls[2].line == 8);
  CHECK(calls[3].url == "other.md");
  CHECK(calls[3].line == 10);
  CHECK(contains(r.html, "<a href=\"/vi/tin-tuc/a/\">bài</a>"));
  CHECK(contains(r.html,
                 "<img src=\"/vi/tin-tuc/a/cover.jpg\" alt=\"Bìa\" title=\"Ảnh bìa\" "
                 "loading=\"lazy\" />"));
  CHECK(contains(r.html, "<a href=\"other.md\">ref</a>"));
  REQUIRE(r.images.size() == 1);
  CHECK(r.images[0].url == "/vi/tin-tuc/a/cover.jpg");
  CHECK(r.images[0].source == "cover.jpg");  // as written, for the page's Open Graph card
  CHECK(r.images[0].alt == "Bìa");
}

TEST_CASE("images render like cmark's, lazily", "[markdown]") {
  std::string html =
      html_of("![Thác *Bản Giốc* & \"hang\"](<a b/ảnh.jpg>) ![x](https://e.vn/a?b=1&c='2')");
  INFO(html);
  CHECK(contains(html,
                 "<img src=\"a%20b/%E1%BA%A3nh.jpg\" alt=\"Thác Bản Giốc &amp; &quot;hang&quot;\" "
                 "loading=\"lazy\" />"));
  CHECK(contains(html, "src=\"https://e.vn/a?b=1&amp;c=&#x27;2&#x27;\""));
  CHECK(contains(html_of("[![logo](l.png)](/)"), "<a href=\"/\"><img src=\"l.png\" alt=\"logo\""));
}

TEST_CASE("first paragraph and plain text", "[markdown]") {
  Rendered r = render(
      "# Tiêu đề\n\n![ảnh](a.jpg)\n\n"
      "Thác **Bản Giốc** nằm ở `Cao Bằng`,\ngiáp Trung Quốc.\n\n"
      "- một\n- hai\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| c | d |\n\n"
      "<div>raw</div>\n",
      Options{});
  CHECK(r.first_paragraph == "Thác Bản Giốc nằm ở Cao Bằng, giáp Trung Quốc.");
  CHECK(r.plain_text ==
        "Tiêu đề\nThác Bản Giốc nằm ở Cao Bằng, giáp Trung Quốc.\nmột\nhai\ncode\na b\nc d");
  CHECK(render("", Options{}).first_paragraph.empty());
  CHECK(render("# Chỉ tiêu đề\n", Options{}).first_paragraph.empty());
}

TEST_CASE("cut_summary", "[markdown]") {
  SECTION("short text is kept whole") {
    CHECK(cut_summary("  Thác Bản Giốc.  ", 100) == "Thác Bản Giốc.");
    CHECK(cut_summary("", 10).empty());
  }
  SECTION("Vietnamese is cut at a word boundary") {
    std::string text = "Thác Bản Giốc nằm ở xã Đàm Thủy, huyện Trùng Khánh, tỉnh Cao Bằng.";
    CHECK(cut_summary(text, 20) == "Thác Bản Giốc nằm ở…");
    CHECK(cut_summary(text, 19) == "Thác Bản Giốc nằm ở…");
    CHECK(cut_summary(text, 18) == "Thác Bản Giốc nằm…");
    CHECK(cut_summary(text, 33) == "Thác Bản Giốc nằm ở xã Đàm Thủy…");  // no dangling comma
  }
  SECTION("Chinese is cut by characters, at a pause if one is near") {
    std::string text = "德天瀑布位于中越边境，是亚洲第一大跨国瀑布，景色壮观。";
    CHECK(cut_summary(text, 8) == "德天瀑布位于中越…");
    CHECK(cut_summary(text, 11) == "德天瀑布位于中越边境…");  // 10 chars + the comma, dropped
    CHECK(cut_summary(text, 12) == "德天瀑布位于中越边境…");
    CHECK(cut_summary(text, 15) == "德天瀑布位于中越边境，是亚洲第…");
  }
  SECTION("never splits a UTF-8 sequence, even in broken input") {
    std::string broken = "Đ\xE1\xBA";  // truncated sequence
    for (size_t n = 0; n < 5; ++n) {
      std::string cut = cut_summary(broken + broken + broken, n);
      CHECK(cut.size() <= broken.size() * 3 + 3);
    }
    std::string vi = "ĐĐĐĐĐĐĐĐĐĐ";
    CHECK(cut_summary(vi, 3) == "ĐĐĐ…");
  }
}

TEST_CASE("pathological input does not crash", "[markdown][robustness]") {
  Options options;
  options.unsafe_html = true;
  options.annotate = [](std::string_view) { return std::vector<Annotation>{}; };
  options.rewrite_link = [](std::string_view, bool, int) { return LinkRewrite{}; };
  for (const std::string& source : {
           std::string(10000, '>') + " deep",
           std::string(10000, '[') + "x" + std::string(10000, ']'),
           std::string(10000, '[') + "x](y)",
           std::string(10000, '*') + "x" + std::string(10000, '*'),
           std::string(10000, '_') + "x" + std::string(10000, '_'),
           [] {
             std::string s;
             for (int i = 0; i < 10000; ++i)
               s += std::string(static_cast<size_t>(i % 200) * 2, ' ') + "- a\n";
             return s;
           }(),
           [] {
             std::string s;
             for (int i = 0; i < 10000; ++i) s += "<div>";
             return s + "x";
           }(),
           [] {
             std::string s;
             for (int i = 0; i < 3000; ++i) s += "![";
             return s + "x" + std::string(3000, ']');
           }(),
           std::string("a\0b\xFF\xFE <b>\xC3", 10),
           std::string(100000, '<'),
           std::string(20000, '\n'),
       }) {
    Rendered r = render(source, options);
    CHECK(r.html.size() <= 40 * source.size());
  }
}

TEST_CASE("oversized tables are rendered as text, quickly", "[markdown][robustness]") {
  std::string source;
  for (int i = 0; i < 3000; ++i) source += "|a";
  source += "|\n";
  for (int i = 0; i < 3000; ++i) source += "|-";
  source += "|\n";
  for (int i = 0; i < 3000; ++i) source += "x\n";
  auto start = std::chrono::steady_clock::now();
  Rendered r = render(source, Options{});
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 5);
  CHECK(r.html.size() < 10 * source.size());
  CHECK(r.warnings.size() == 1);
  CHECK(render("| a | b |\n|---|---|\n| c | d |\n", Options{}).warnings.empty());
}

TEST_CASE("sources that make cmark-gfm quadratic are published as text", "[markdown][robustness]") {
  auto repeat = [](std::string_view unit, size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += unit;
    return s;
  };
  Options options;
  options.unsafe_html = true;
  for (const std::string& source :
       {repeat("a <?", 30000), repeat("a <!A ", 30000), repeat("a <![CDATA[", 30000),
        repeat("![[]()", 30000), repeat("a@b.c ", 100000)}) {
    INFO(source.substr(0, 20));
    auto start = std::chrono::steady_clock::now();
    Rendered r = render(source, options);
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(seconds < 2);
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.html.starts_with("<p>"));
    CHECK_FALSE(contains(r.html, "<a"));
    CHECK_FALSE(contains(r.html, "<img"));
    CHECK(r.first_paragraph.size() > 1000);
  }
  // Long but ordinary pages are parsed as usual.
  std::string ordinary = "| a | b | c |\n|---|---|---|\n" +
                         repeat("| x | - | y |\n| - | - | - |\n", 5000) + "\n" +
                         repeat("![ảnh](a.jpg) [liên kết](b.md) thư a@b.vn\n", 5000) + "\n" +
                         repeat("Đoạn văn <b>đậm</b> [x](y) ![z](w).\n\n", 5000);
  Rendered r = render(ordinary, options);
  CHECK(r.warnings.empty());
  CHECK(r.images.size() == 10000);
}

TEST_CASE("render is safe to call from several threads", "[markdown][threads]") {
  std::string source;
  for (int i = 0; i < 50; ++i)
    source +=
        "## Mục " + std::to_string(i) + "\n\nChữ ~~cũ~~ và www.caobang.gov.vn, 德天\n瀑布.\n\n";
  const std::string expected = render(source, Options{}).html;
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i)
        if (render(source, Options{}).html != expected) ++mismatches[t];
    });
  }
  for (auto& thread : threads) thread.join();
  for (int m : mismatches) CHECK(m == 0);
}
