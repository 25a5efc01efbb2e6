// sitemap.xml with hreflang alternates (xhtml:link) and x-default for every page, a
// sitemap index above 50,000 URLs, and robots.txt naming it.
#include "output/sitemap.h"

#include <algorithm>

#include "site/features.h"
#include "site/parallel.h"
#include "text/escape.h"

namespace ttdn::output {
namespace {

void append_entry(std::string& out, const SitemapUrl& u) {
  out += "  <url>\n    <loc>";
  text::append_escaped_html(out, u.loc);
  out += "</loc>\n";
  if (!u.lastmod.empty()) {
    out += "    <lastmod>";
    text::append_escaped_html(out, u.lastmod);
    out += "</lastmod>\n";
  }
  if (u.alternates.size() > 1) {
    auto link = [&out](std::string_view hreflang, std::string_view href) {
      out += "    <xhtml:link rel=\"alternate\" hreflang=\"";
      text::append_escaped_html(out, hreflang);
      out += "\" href=\"";
      text::append_escaped_html(out, href);
      out += "\"/>\n";
    };
    for (const auto& a : u.alternates) link(a.hreflang, a.href);
    link("x-default", u.x_default);
  }
  out += "  </url>\n";
}

}  // namespace

std::vector<SitemapFile> render_sitemaps(const std::vector<SitemapUrl>& urls,
                                         const std::string& base_url, size_t max_urls,
                                         unsigned jobs) {
  max_urls = std::max<size_t>(1, max_urls);
  const std::string head =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
  // The entries' text, made in blocks on every core (a site of 20,000 pages in three
  // languages has 60,000 entries with their language links).
  constexpr size_t kBlock = 1024;
  std::vector<std::string> blocks((urls.size() + kBlock - 1) / kBlock);
  site::parallel_for(blocks.size(), jobs, [&](size_t b) {
    const size_t end = std::min(urls.size(), (b + 1) * kBlock);
    // Room for the usual entry (four language links).
    blocks[b].reserve((end - b * kBlock) * 640);
    for (size_t i = b * kBlock; i < end; ++i) append_entry(blocks[b], urls[i]);
  });
  std::vector<std::string> parts;
  for (size_t first = 0; first < urls.size() || parts.empty(); first += max_urls) {
    std::string& part = parts.emplace_back(head);
    const size_t end = std::min(urls.size(), first + max_urls);
    size_t size = head.size() + 16;
    for (size_t b = first / kBlock; b < blocks.size() && b * kBlock < end; ++b) size += blocks[b].size();
    part.reserve(size);
    for (size_t i = first; i < end;) {
      if (i % kBlock == 0 && i + kBlock <= end) {  // a whole block
        part += blocks[i / kBlock];
        i += kBlock;
      } else {
        append_entry(part, urls[i++]);
      }
    }
    part += "</urlset>\n";
  }
  std::vector<SitemapFile> files;
  if (parts.size() == 1) {  // (a braced list would copy it)
    files.push_back({"sitemap.xml", std::move(parts[0])});
    return files;
  }
  std::string index =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string name = "sitemap-" + std::to_string(i + 1) + ".xml";
    files.push_back({name, std::move(parts[i])});
    index += "  <sitemap><loc>" + text::escape_html(base_url + name) + "</loc></sitemap>\n";
  }
  files.push_back({"sitemap.xml", index + "</sitemapindex>\n"});
  return files;
}

}  // namespace ttdn::output

namespace ttdn::site {

void publish_sitemap(BuildContext& ctx) {
  const std::vector<const BuildContext::Emitted*> emitted = ctx.emitted();
  std::vector<output::SitemapUrl> urls(emitted.size());
  parallel_for(emitted.size(), ctx.options.jobs, [&](size_t i) {
    const BuildContext::Emitted& e = *emitted[i];
    output::SitemapUrl& u = urls[i];
    u.loc = ctx.urls.absolute(e.path);
    u.lastmod = e.lastmod;
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
  });
  for (auto& f : output::render_sitemaps(urls, ctx.urls.base_url(), output::kSitemapMaxUrls,
                                         ctx.options.jobs))
    ctx.out.add(f.path, std::move(f.bytes), "sitemap", ctx.diags);
  ctx.out.add("robots.txt",
              "User-agent: *\nAllow: /\n\nSitemap: " + ctx.urls.absolute("sitemap.xml") + "\n",
              "robots.txt", ctx.diags);
}

}  // namespace ttdn::site
