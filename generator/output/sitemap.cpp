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
  // The entries' text, made on every core in blocks that stay within one part (a site of
  // 20,000 pages in three languages has 60,000 entries with their language links).
  constexpr size_t kBlock = 1024;
  struct Block {
    size_t part, begin, end;
    std::string text;
  };
  std::vector<Block> blocks;
  const size_t part_count = std::max<size_t>(1, (urls.size() + max_urls - 1) / max_urls);
  for (size_t part = 0; part < part_count; ++part) {
    const size_t end = std::min(urls.size(), (part + 1) * max_urls);
    for (size_t begin = part * max_urls; begin < end; begin += kBlock)
      blocks.push_back({part, begin, std::min(end, begin + kBlock), {}});
  }
  site::parallel_for(blocks.size(), jobs, [&](size_t k) {
    Block& b = blocks[k];
    b.text.reserve((b.end - b.begin) * 640);  // the usual entry: four language links
    for (size_t i = b.begin; i < b.end; ++i) append_entry(b.text, urls[i]);
  });
  std::vector<size_t> sizes(part_count, head.size() + 16);
  for (const Block& b : blocks) sizes[b.part] += b.text.size();
  std::vector<std::string> parts(part_count, head);
  for (size_t part = 0; part < part_count; ++part) parts[part].reserve(sizes[part]);
  for (const Block& b : blocks) parts[b.part] += b.text;
  for (auto& part : parts) part += "</urlset>\n";
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
