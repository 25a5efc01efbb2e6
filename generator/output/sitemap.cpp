// sitemap.xml with hreflang alternates (xhtml:link) and x-default for every page, a
// sitemap index above 50,000 URLs, and robots.txt naming it.
#include "output/sitemap.h"

#include <algorithm>

#include "site/features.h"
#include "text/escape.h"

namespace ttdn::output {
namespace {

std::string url_entry(const SitemapUrl& u) {
  using text::escape_html;
  std::string s = "  <url>\n    <loc>" + escape_html(u.loc) + "</loc>\n";
  if (!u.lastmod.empty()) s += "    <lastmod>" + escape_html(u.lastmod) + "</lastmod>\n";
  if (u.alternates.size() > 1) {
    for (const auto& a : u.alternates)
      s += "    <xhtml:link rel=\"alternate\" hreflang=\"" + escape_html(a.hreflang) +
           "\" href=\"" + escape_html(a.href) + "\"/>\n";
    s += "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"" +
         escape_html(u.x_default) + "\"/>\n";
  }
  return s + "  </url>\n";
}

}  // namespace

std::vector<SitemapFile> render_sitemaps(const std::vector<SitemapUrl>& urls,
                                         const std::string& base_url, size_t max_urls) {
  max_urls = std::max<size_t>(1, max_urls);
  const std::string head =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
  std::vector<std::string> parts;
  std::string current = head;
  size_t in_current = 0;
  for (const auto& u : urls) {
    if (in_current == max_urls) {
      parts.push_back(current + "</urlset>\n");
      current = head;
      in_current = 0;
    }
    current += url_entry(u);
    ++in_current;
  }
  parts.push_back(current + "</urlset>\n");
  if (parts.size() == 1) return {{"sitemap.xml", parts[0]}};
  std::vector<SitemapFile> files;
  std::string index =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string name = "sitemap-" + std::to_string(i + 1) + ".xml";
    files.push_back({name, parts[i]});
    index += "  <sitemap><loc>" + text::escape_html(base_url + name) + "</loc></sitemap>\n";
  }
  files.push_back({"sitemap.xml", index + "</sitemapindex>\n"});
  return files;
}

}  // namespace ttdn::output

namespace ttdn::site {

void publish_sitemap(BuildContext& ctx) {
  std::vector<output::SitemapUrl> urls;
  for (const auto& e : ctx.emitted()) {
    output::SitemapUrl u{ctx.urls.absolute(e.path), e.lastmod, {}, ""};
    for (const auto& a : e.alternates) {
      const config::Language* l = ctx.cfg.language(a.lang);
      u.alternates.push_back({l ? l->hreflang : a.lang, ctx.urls.absolute(a.path)});
    }
    // x-default: the default language's version, else the first in `languages` order.
    auto version = [&](const std::string& lang) -> const Alternate* {
      for (const auto& a : e.alternates)
        if (a.lang == lang) return &a;
      return nullptr;
    };
    const Alternate* chosen = version(ctx.cfg.default_language);
    for (const auto& l : ctx.cfg.languages)
      if (!chosen) chosen = version(l.code);
    if (chosen) u.x_default = ctx.urls.absolute(chosen->path);
    urls.push_back(std::move(u));
  }
  for (auto& f : output::render_sitemaps(urls, ctx.urls.base_url()))
    ctx.out.add(f.path, std::move(f.bytes), "sitemap", ctx.diags);
  ctx.out.add("robots.txt",
              "User-agent: *\nAllow: /\n\nSitemap: " + ctx.urls.absolute("sitemap.xml") + "\n",
              "robots.txt", ctx.diags);
}

}  // namespace ttdn::site
