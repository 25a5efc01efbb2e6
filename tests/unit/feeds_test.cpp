// Atom feeds and the sitemap: the XML writers alone, then whole fixture sites built by the
// real binary, read back with a minimal XML reader (well-formedness, elements, URLs).
#include "output/feeds.h"

#include <catch2/catch.hpp>
#include <memory>
#include <regex>

#include "../support.h"
#include "output/sitemap.h"

using namespace ttdn;
using namespace ttdn::testing;

namespace {

/// An element of a parsed XML document.
struct Element {
  std::string name;
  std::map<std::string, std::string> attrs;
  std::vector<std::unique_ptr<Element>> children;
  std::string text;  // character data, entities decoded

  std::vector<const Element*> all(const std::string& n) const {
    std::vector<const Element*> out;
    for (const auto& c : children)
      if (c->name == n) out.push_back(c.get());
    return out;
  }
  const Element* first(const std::string& n) const {
    auto v = all(n);
    return v.empty() ? nullptr : v[0];
  }
};

/// A deliberately small XML reader: elements, attributes, text, the five entities and
/// numeric references, comments and the XML declaration. Throws on anything malformed.
class MiniXml {
 public:
  explicit MiniXml(const std::string& s) : s_(s) {}

  std::unique_ptr<Element> parse() {
    skip_space();
    if (s_.compare(i_, 5, "<?xml") == 0) {
      i_ = s_.find("?>", i_);
      if (i_ == std::string::npos) fail("unclosed declaration");
      i_ += 2;
    }
    skip_space();
    auto root = element();
    skip_space();
    if (i_ != s_.size()) fail("content after the root element");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error(why + " at byte " + std::to_string(i_));
  }
  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  std::string name() {
    size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == ':' ||
                              s_[i_] == '-' || s_[i_] == '_' || s_[i_] == '.'))
      ++i_;
    if (i_ == start) fail("expected a name");
    return s_.substr(start, i_ - start);
  }
  std::string decode(const std::string& raw) const {
    std::string out;
    for (size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '<') fail("raw '<' in text");
      if (raw[k] != '&') {
        out += raw[k];
        continue;
      }
      size_t semi = raw.find(';', k);
      if (semi == std::string::npos) fail("unterminated entity");
      std::string ent = raw.substr(k + 1, semi - k - 1);
      if (ent == "amp")
        out += '&';
      else if (ent == "lt")
        out += '<';
      else if (ent == "gt")
        out += '>';
      else if (ent == "quot")
        out += '"';
      else if (ent == "apos")
        out += '\'';
      else if (!ent.empty() && ent[0] == '#')
        out += "?";
      else
        fail("unknown entity &" + ent + ";");
      k = semi;
    }
    return out;
  }
  std::unique_ptr<Element> element() {
    if (s_[i_] != '<') fail("expected '<'");
    ++i_;
    auto e = std::make_unique<Element>();
    e->name = name();
    for (;;) {
      skip_space();
      if (s_.compare(i_, 2, "/>") == 0) {
        i_ += 2;
        return e;
      }
      if (s_[i_] == '>') {
        ++i_;
        break;
      }
      std::string attr = name();
      skip_space();
      if (s_[i_] != '=') fail("expected '='");
      ++i_;
      skip_space();
      char quote = s_[i_];
      if (quote != '"' && quote != '\'') fail("unquoted attribute");
      size_t end = s_.find(quote, i_ + 1);
      if (end == std::string::npos) fail("unclosed attribute");
      if (e->attrs.count(attr)) fail("duplicate attribute " + attr);
      e->attrs[attr] = decode(s_.substr(i_ + 1, end - i_ - 1));
      i_ = end + 1;
    }
    for (;;) {
      if (i_ >= s_.size()) fail("unclosed <" + e->name + ">");
      if (s_.compare(i_, 4, "<!--") == 0) {
        i_ = s_.find("-->", i_);
        if (i_ == std::string::npos) fail("unclosed comment");
        i_ += 3;
      } else if (s_.compare(i_, 2, "</") == 0) {
        i_ += 2;
        if (name() != e->name) fail("mismatched end tag of <" + e->name + ">");
        skip_space();
        if (s_[i_] != '>') fail("expected '>'");
        ++i_;
        return e;
      } else if (s_[i_] == '<') {
        e->children.push_back(element());
      } else {
        size_t end = s_.find('<', i_);
        if (end == std::string::npos) fail("text after the last tag");
        e->text += decode(s_.substr(i_, end - i_));
        i_ = end;
      }
    }
  }

  const std::string& s_;
  size_t i_ = 0;
};

std::unique_ptr<Element> parse_xml(const std::string& s) { return MiniXml(s).parse(); }

bool absolute_on(const std::string& url, const std::string& base) {
  return url.rfind(base, 0) == 0;
}

bool rfc3339(const std::string& s) {
  static const std::regex re(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d))");
  return std::regex_match(s, re);
}

/// Checks the elements RFC 4287 requires of a feed and its entries; returns the entries.
std::vector<const Element*> check_atom(const Element& feed, const std::string& base) {
  CHECK(feed.name == "feed");
  CHECK(feed.attrs.at("xmlns") == "http://www.w3.org/2005/Atom");
  CHECK(feed.attrs.count("xml:lang"));
  for (const char* required : {"id", "title", "updated", "author"}) {
    INFO(required);
    CHECK(feed.all(required).size() == 1);
  }
  CHECK(absolute_on(feed.first("id")->text, base));
  CHECK(rfc3339(feed.first("updated")->text));
  bool self = false;
  for (const auto* l : feed.all("link")) {
    CHECK(absolute_on(l->attrs.at("href"), base));
    if (l->attrs.at("rel") == "self") self = true;
  }
  CHECK(self);
  auto entries = feed.all("entry");
  for (const auto* e : entries) {
    for (const char* required : {"id", "title", "updated", "content"}) {
      INFO(required);
      CHECK(e->all(required).size() == 1);
    }
    CHECK(absolute_on(e->first("id")->text, base));
    CHECK(rfc3339(e->first("updated")->text));
    CHECK(e->first("content")->attrs.at("type") == "html");
    REQUIRE(e->first("link"));
    CHECK(absolute_on(e->first("link")->attrs.at("href"), base));
    // Links inside the content are absolute too.
    const std::string& html = e->first("content")->text;
    static const std::regex root_relative(R"((href|src)="/[^/])");
    CHECK_FALSE(std::regex_search(html, root_relative));
  }
  return entries;
}

std::string article(const std::string& title, const std::string& date,
                    const std::string& extra = "", const std::string& body = "Nội dung bài viết.") {
  return "---\ntitle: \"" + title + "\"\ndate: " + date + "\n" + extra + "---\n\n" + body + "\n";
}

}  // namespace

TEST_CASE("an Atom feed escapes its text and makes content links absolute", "[feeds]") {
  output::AtomFeed feed;
  feed.id = feed.self = "https://example.gov.vn/portal/feed.xml";
  feed.alternate = "https://example.gov.vn/portal/";
  feed.lang = "vi";
  feed.title = "Tin <mới> & \"nổi bật\"";
  feed.updated = "2026-03-01T00:00:00+07:00";
  feed.author = "Trung tâm";
  feed.generator_version = "0.1.0";
  output::AtomEntry e;
  e.id = "https://example.gov.vn/portal/tin-tuc/a/";
  e.title = "A & B \x01 <i>";
  e.link = {e.id, "vi"};
  e.translations = {{"https://example.gov.vn/portal/en/news/a/", "en"}};
  e.published = e.updated = "2026-03-01T00:00:00+07:00";
  e.summary = "x < y";
  e.content_html =
      "<p><a href=\"/portal/tin-tuc/b/\">b</a> <img src=\"/portal/a.jpg\" alt=\"\"> "
      "<a href=\"//other.example/\">o</a> <a href=\"#fn-1\">1</a></p>";
  e.categories = {{"bien-gioi", "Biên giới", "https://example.gov.vn/portal/chu-de/"}};
  feed.entries.push_back(e);
  std::string xml = output::render_atom(feed, "https://example.gov.vn");
  auto root = parse_xml(xml);
  auto entries = check_atom(*root, "https://example.gov.vn/portal/");
  CHECK(root->first("title")->text == feed.title);
  REQUIRE(entries.size() == 1);
  CHECK(entries[0]->first("title")->text == "A & B  <i>");  // the control character is gone
  const std::string& html = entries[0]->first("content")->text;
  CHECK(html.find("href=\"https://example.gov.vn/portal/tin-tuc/b/\"") != std::string::npos);
  CHECK(html.find("src=\"https://example.gov.vn/portal/a.jpg\"") != std::string::npos);
  CHECK(html.find("href=\"//other.example/\"") != std::string::npos);
  CHECK(html.find("href=\"#fn-1\"") != std::string::npos);
  CHECK(entries[0]->all("link").size() == 2);
  CHECK(entries[0]->first("category")->attrs.at("label") == "Biên giới");
}

TEST_CASE("a sitemap above the limit becomes an index of parts", "[sitemap]") {
  std::vector<output::SitemapUrl> urls;
  for (int i = 0; i < 5; ++i) {
    std::string loc = "https://example.gov.vn/p" + std::to_string(i) + "/";
    urls.push_back({loc,
                    "2026-03-01T00:00:00+07:00",
                    {{"vi", loc}, {"en", "https://example.gov.vn/en/p" + std::to_string(i) + "/"}},
                    loc});
  }
  auto one = output::render_sitemaps(urls, "https://example.gov.vn/");
  REQUIRE(one.size() == 1);
  CHECK(one[0].path == "sitemap.xml");
  auto root = parse_xml(one[0].bytes);
  CHECK(root->name == "urlset");
  CHECK(root->all("url").size() == 5);
  const Element* u = root->first("url");
  CHECK(u->first("lastmod")->text == "2026-03-01T00:00:00+07:00");
  CHECK(u->all("xhtml:link").size() == 3);  // vi, en, x-default

  auto split = output::render_sitemaps(urls, "https://example.gov.vn/", 2);
  REQUIRE(split.size() == 4);
  CHECK(split[0].path == "sitemap-1.xml");
  CHECK(split[2].path == "sitemap-3.xml");
  CHECK(split[3].path == "sitemap.xml");
  auto index = parse_xml(split[3].bytes);
  CHECK(index->name == "sitemapindex");
  REQUIRE(index->all("sitemap").size() == 3);
  CHECK(index->all("sitemap")[2]->first("loc")->text == "https://example.gov.vn/sitemap-3.xml");
  size_t listed = 0;
  for (int i = 0; i < 3; ++i)
    listed += parse_xml(split[static_cast<size_t>(i)].bytes)->all("url").size();
  CHECK(listed == 5);
  // Exactly at the limit it stays one file.
  CHECK(output::render_sitemaps(urls, "https://example.gov.vn/", 5).size() == 1);
}

TEST_CASE("a long sitemap written on several threads is the one written on one", "[sitemap]") {
  std::vector<output::SitemapUrl> urls;
  for (int i = 0; i < 3000; ++i) {
    std::string loc = "https://example.gov.vn/p" + std::to_string(i) + "/";
    urls.push_back({loc, "", {{"vi", loc}, {"en", loc + "en/"}}, loc});
  }
  for (size_t max_urls : {size_t{1500}, output::kSitemapMaxUrls}) {
    auto one = output::render_sitemaps(urls, "https://example.gov.vn/", max_urls, 1);
    auto two = output::render_sitemaps(urls, "https://example.gov.vn/", max_urls, 2);
    REQUIRE(one.size() == two.size());
    size_t listed = 0;
    for (size_t f = 0; f < one.size(); ++f) {
      CHECK(one[f].path == two[f].path);
      CHECK(one[f].bytes == two[f].bytes);
      if (one[f].path != "sitemap.xml" || one.size() == 1) {
        auto root = parse_xml(two[f].bytes);
        const auto entries = root->all("url");
        listed += entries.size();
        if (!entries.empty() && f == one.size() - 1)
          CHECK(entries.back()->first("loc")->text == "https://example.gov.vn/p2999/");
      }
    }
    CHECK(listed == urls.size());
  }
}

TEST_CASE("feeds of a site: per language and per articles section, published only",
          "[feeds][site]") {
  FixtureSite site;
  site.write("content/news/bien-gioi.md",
             article("Biên giới & hòa bình", "2026-03-01", "topics: [bien-gioi]\n",
                     "Xem [trang giới thiệu](../pages/gioi-thieu.md)."));
  site.write("content/news/bien-gioi.en.md", article("Border & peace", "2026-03-01"));
  site.write("content/news/cu.md",
             article("Tin cũ", "2025-01-01", "updated: 2026-04-02T10:00:00+07:00\n"));
  site.write("content/news/nhap.md", article("Bản nháp bí mật", "2026-05-01", "draft: true\n"));
  site.write("content/news/hen-gio.md",
             article("Tin hẹn giờ", "2026-05-01", "publish_at: 2026-12-01T00:00:00+07:00\n"));
  site.write("content/pages/gioi-thieu.md", "---\ntitle: \"Giới thiệu\"\n---\n\nTrang.\n");
  for (int i = 0; i < 23; ++i)
    site.write("content/news/so-" + std::to_string(i) + ".md",
               article("Tin số " + std::to_string(i),
                       "2024-01-" + std::string(i < 9 ? "0" : "") + std::to_string(i + 1)));
  auto r = build(site);
  INFO(r.out);
  REQUIRE(r.status == 0);
  const std::string base = "https://example.gov.vn/portal/";

  for (const char* path : {"feed.xml", "en/feed.xml", "zh/feed.xml", "tin-tuc/feed.xml",
                           "en/news/feed.xml", "zh/xinwen/feed.xml"}) {
    INFO(path);
    REQUIRE(site.exists_out(path));
    std::string xml = site.read_out(path);
    std::unique_ptr<Element> root;
    REQUIRE_NOTHROW(root = parse_xml(xml));
    auto entries = check_atom(*root, base);
    CHECK(entries.size() <= 20);
    CHECK(xml.find("Bản nháp") == std::string::npos);
    CHECK(xml.find("hẹn giờ") == std::string::npos);
  }

  auto vi = parse_xml(site.read_out("feed.xml"));
  auto entries = vi->all("entry");
  REQUIRE(entries.size() == 20);  // 25 published, the newest 20
  CHECK(vi->attrs.at("xml:lang") == "vi");
  CHECK(entries[0]->first("title")->text == "Biên giới & hòa bình");
  CHECK(entries[0]->first("id")->text == base + "tin-tuc/bien-gioi/");
  // The feed was updated when its newest entry was: the old article updated in April.
  CHECK(vi->first("updated")->text == "2026-04-02T10:00:00+07:00");
  CHECK(entries[1]->first("updated")->text == "2026-04-02T10:00:00+07:00");
  CHECK(entries[1]->first("published")->text == "2025-01-01T00:00:00+07:00");
  // The translation is linked with its hreflang.
  bool en_link = false;
  for (const auto* l : entries[0]->all("link"))
    if (l->attrs.at("hreflang") == "en" && l->attrs.at("href") == base + "en/news/bien-gioi/")
      en_link = true;
  CHECK(en_link);
  CHECK(entries[0]->first("content")->text.find(
            "href=\"https://example.gov.vn/portal/gioi-thieu/\"") != std::string::npos);

  auto en = parse_xml(site.read_out("en/news/feed.xml"));
  CHECK(en->attrs.at("xml:lang") == "en");
  REQUIRE(en->all("entry").size() == 1);
  CHECK(en->first("entry")->first("title")->text == "Border & peace");
  auto zh = parse_xml(site.read_out("zh/feed.xml"));
  CHECK(zh->all("entry").empty());
  CHECK(rfc3339(zh->first("updated")->text));

  // Same sources, same bytes.
  std::string before = site.read_out("feed.xml");
  REQUIRE(build(site).status == 0);
  CHECK(site.read_out("feed.xml") == before);

  // Every page says where its feeds are; a news page also names the section feed.
  std::string home = site.read_out("index.html");
  CHECK(home.find("type=\"application/atom+xml\"") != std::string::npos);
  CHECK(home.find("href=\"/portal/feed.xml\"") != std::string::npos);
  CHECK(home.find("href=\"/portal/tin-tuc/feed.xml\"") == std::string::npos);
  std::string news = site.read_out("tin-tuc/bien-gioi/index.html");
  CHECK(news.find("href=\"/portal/feed.xml\"") != std::string::npos);
  CHECK(news.find("href=\"/portal/tin-tuc/feed.xml\"") != std::string::npos);
  CHECK(site.read_out("en/news/index.html").find("href=\"/portal/en/news/feed.xml\"") !=
        std::string::npos);
}

TEST_CASE("the sitemap lists published pages with their alternates", "[sitemap][site]") {
  FixtureSite site;
  site.write("content/news/bien-gioi.md", article("Biên giới", "2026-03-01"));
  site.write("content/news/bien-gioi.en.md",
             article("Border", "2026-03-01", "updated: 2026-03-05T00:00:00+07:00\n"));
  site.write("content/news/chi-viet.md", article("Chỉ tiếng Việt", "2026-03-02"));
  site.write("content/news/nhap.md", article("Nháp", "2026-03-03", "draft: true\n"));
  REQUIRE(build(site).status == 0);
  const std::string base = "https://example.gov.vn/portal/";
  auto root = parse_xml(site.read_out("sitemap.xml"));
  std::map<std::string, const Element*> by_loc;
  for (const auto* u : root->all("url")) by_loc[u->first("loc")->text] = u;
  CHECK_FALSE(by_loc.count(base + "tin-tuc/nhap/"));
  REQUIRE(by_loc.count(base + "en/news/bien-gioi/"));
  const Element* en = by_loc[base + "en/news/bien-gioi/"];
  CHECK(en->first("lastmod")->text == "2026-03-05T00:00:00+07:00");
  std::map<std::string, std::string> alternates;
  for (const auto* l : en->all("xhtml:link"))
    alternates[l->attrs.at("hreflang")] = l->attrs.at("href");
  CHECK(alternates ==
        std::map<std::string, std::string>{{"vi", base + "tin-tuc/bien-gioi/"},
                                           {"en", base + "en/news/bien-gioi/"},
                                           {"x-default", base + "tin-tuc/bien-gioi/"}});
  // A page without translations has no alternates to list.
  REQUIRE(by_loc.count(base + "tin-tuc/chi-viet/"));
  CHECK(by_loc[base + "tin-tuc/chi-viet/"]->all("xhtml:link").empty());
  // The home pages are there in each language, with x-default.
  REQUIRE(by_loc.count(base + "zh/"));
  CHECK(by_loc[base + "zh/"]->all("xhtml:link").size() == 4);
  CHECK(site.read_out("robots.txt").find("Sitemap: " + base + "sitemap.xml") != std::string::npos);
}
