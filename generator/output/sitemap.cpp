// sitemap.xml with hreflang alternates (xhtml:link) and x-default for every page, a
// sitemap index above 50,000 URLs, and robots.txt naming it.
#include "site/features.h"
#include "text/escape.h"

namespace ttdn::site {

namespace {

constexpr size_t kMaxUrlsPerSitemap = 50000;

std::string url_entry(const BuildContext& ctx, const BuildContext::Emitted& e) {
  using text::escape_html;
  std::string s = "  <url>\n    <loc>" + escape_html(ctx.urls.absolute(e.path)) + "</loc>\n";
  if (!e.lastmod.empty()) s += "    <lastmod>" + escape_html(e.lastmod) + "</lastmod>\n";
  if (e.alternates.size() > 1) {
    std::string x_default;
    for (const auto& l : ctx.cfg.languages)
      for (const auto& a : e.alternates)
        if (a.lang == l.code && x_default.empty()) x_default = ctx.urls.absolute(a.path);
    for (const auto& a : e.alternates) {
      const config::Language* l = ctx.cfg.language(a.lang);
      s += "    <xhtml:link rel=\"alternate\" hreflang=\"" + escape_html(l ? l->hreflang : a.lang) +
           "\" href=\"" + escape_html(ctx.urls.absolute(a.path)) + "\"/>\n";
    }
    s += "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"" + escape_html(x_default) +
         "\"/>\n";
  }
  return s + "  </url>\n";
}

}  // namespace

void publish_sitemap(BuildContext& ctx) {
  auto pages = ctx.emitted();
  const std::string head =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
  std::vector<std::string> parts;
  std::string current = head;
  size_t in_current = 0;
  for (const auto& e : pages) {
    if (in_current == kMaxUrlsPerSitemap) {
      parts.push_back(current + "</urlset>\n");
      current = head;
      in_current = 0;
    }
    current += url_entry(ctx, e);
    ++in_current;
  }
  parts.push_back(current + "</urlset>\n");
  if (parts.size() == 1) {
    ctx.out.add("sitemap.xml", parts[0], "sitemap", ctx.diags);
  } else {
    std::string index =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (size_t i = 0; i < parts.size(); ++i) {
      std::string name = "sitemap-" + std::to_string(i + 1) + ".xml";
      ctx.out.add(name, parts[i], "sitemap", ctx.diags);
      index += "  <sitemap><loc>" + text::escape_html(ctx.urls.absolute(name)) + "</loc></sitemap>\n";
    }
    ctx.out.add("sitemap.xml", index + "</sitemapindex>\n", "sitemap", ctx.diags);
  }
  ctx.out.add("robots.txt",
              "User-agent: *\nAllow: /\n\nSitemap: " + ctx.urls.absolute("sitemap.xml") + "\n",
              "robots.txt", ctx.diags);
}

}  // namespace ttdn::site
