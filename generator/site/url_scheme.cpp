#include "site/url_scheme.h"

namespace ttdn::site {

UrlScheme::UrlScheme(const config::SiteConfig& cfg, std::string base_url)
    : cfg_(cfg), base_url_(std::move(base_url)) {
  if (base_url_.empty() || base_url_.back() != '/') base_url_ += '/';
  auto scheme = base_url_.find("://");
  auto slash = scheme == std::string::npos ? std::string::npos : base_url_.find('/', scheme + 3);
  base_path_ = slash == std::string::npos ? "/" : base_url_.substr(slash);
}

std::string UrlScheme::home(const std::string& lang) const {
  return lang == cfg_.default_language ? "" : lang + "/";
}

std::string UrlScheme::paginated(const std::string& first, int n) {
  return n <= 1 ? first : first + "page/" + std::to_string(n) + "/";
}

std::string UrlScheme::section(const config::Section& s, const std::string& lang, int n) const {
  std::string slug = s.slug.at(lang);
  return paginated(home(lang) + (slug.empty() ? "" : slug + "/"), n);
}

std::string UrlScheme::page(const config::Section& s, const std::string& lang,
                            const std::string& slug) const {
  return section(s, lang) + slug + "/";
}

std::string UrlScheme::area(const config::Area& a, const std::string& lang,
                            const std::string& rest) const {
  return home(lang) + a.slug.at(lang) + "/" + rest;
}

std::string UrlScheme::href(const std::string& path) const { return base_path_ + path; }

std::string UrlScheme::absolute(const std::string& path) const { return base_url_ + path; }

}  // namespace ttdn::site
