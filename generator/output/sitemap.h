// sitemap.xml (sitemaps.org protocol) with hreflang alternates as xhtml:link, split into a
// sitemap index and numbered parts above the protocol's 50,000 URLs per file.
#pragma once

#include <string>
#include <vector>

namespace ttdn::output {

struct SitemapAlternate {
  std::string hreflang;
  std::string href;  // absolute
};

struct SitemapUrl {
  std::string loc;                           // absolute
  std::string lastmod;                       // RFC 3339, may be empty
  std::vector<SitemapAlternate> alternates;  // every published language version, itself included
  std::string x_default;                     // absolute; used when there are alternates
};

struct SitemapFile {
  std::string path;  // relative to the output root
  std::string bytes;
};

/// The protocol's limit of URLs in one sitemap file.
inline constexpr size_t kSitemapMaxUrls = 50000;

/// `sitemap.xml` alone, or, above `max_urls` URLs, `sitemap.xml` as a sitemap index of
/// `sitemap-1.xml`, `sitemap-2.xml`… on `base_url` (absolute, ending in '/'). The entries
/// are written on `jobs` threads.
std::vector<SitemapFile> render_sitemaps(const std::vector<SitemapUrl>& urls,
                                         const std::string& base_url,
                                         size_t max_urls = kSitemapMaxUrls, unsigned jobs = 1);

}  // namespace ttdn::output
