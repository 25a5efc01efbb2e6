// The URL scheme of SPEC §8: where each kind of page lives in each language, and how an
// output path becomes a link (under base_url's path) or an absolute URL.
#pragma once

#include <string>

#include "config/site_config.h"

namespace ttdn::site {

/// Output paths are folders relative to the output root, ending in '/' ("en/news/x/"), or
/// file paths ("feed.xml"); the home of the default language is "".
class UrlScheme {
 public:
  UrlScheme(const config::SiteConfig& cfg, std::string base_url);

  std::string home(const std::string& lang) const;
  /// Section list page `n` (1-based).
  std::string section(const config::Section& s, const std::string& lang, int n = 1) const;
  std::string page(const config::Section& s, const std::string& lang,
                   const std::string& slug) const;
  /// An area such as topics or documents; `rest` is appended ("bien-gioi/").
  std::string area(const config::Area& a, const std::string& lang,
                   const std::string& rest = "") const;
  /// Adds "page/N/" for N > 1.
  static std::string paginated(const std::string& first, int n);

  /// Root-relative link: base_url's path + output path ("/portal/en/news/").
  std::string href(const std::string& path) const;
  /// Absolute URL on base_url.
  std::string absolute(const std::string& path) const;

  const std::string& base_url() const { return base_url_; }
  const std::string& base_path() const { return base_path_; }

 private:
  const config::SiteConfig& cfg_;
  std::string base_url_;   // ends with '/'
  std::string base_path_;  // "/" or "/portal/"
};

}  // namespace ttdn::site
