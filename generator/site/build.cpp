// The build pipeline: read settings and sources, link them into the Library, render the
// Markdown, then let each feature add its output.
#include "site/build.h"

#include <algorithm>
#include <atomic>

#include "config/site_config.h"
#include "content/library.h"
#include "i18n/strings.h"
#include "output/assets.h"
#include "render/templates.h"
#include "site/build_context.h"
#include "site/features.h"
#include "site/parallel.h"
#include "text/unicode.h"

namespace fs = std::filesystem;

namespace ttdn::site {
namespace {

using content::Page;

/// Output folders of every page, and publish state (SPEC §5).
void place_pages(content::Library& lib, const config::SiteConfig& cfg, const UrlScheme& urls,
                 const BuildOptions& options) {
  for (auto& p : lib.pages) {
    p.published = content::is_published(p.fm, options.now, options.drafts);
    const config::Section* s = cfg.section(p.section);
    if (!s) continue;
    p.path = p.is_section_index() ? urls.section(*s, p.lang) : urls.page(*s, p.lang, p.slug);
  }
}

/// Resolves a Markdown link to another source file (`../ban-gioc/x.md`) to the URL of the
/// page in `from`'s language, else its original.
class SourceLinks {
 public:
  SourceLinks(const content::Library& lib, const UrlScheme& urls) : lib_(lib), urls_(urls) {
    for (const auto& p : lib.pages) by_file_[p.file] = &p;
  }

  /// nullopt: not a link to a source file. "" : a source file that does not exist.
  std::optional<std::string> resolve(const Page& from, std::string_view url) const {
    if (url.find("://") != std::string_view::npos || url.rfind("mailto:", 0) == 0 ||
        url.rfind("#", 0) == 0 || url.rfind("/", 0) == 0)
      return std::nullopt;
    std::string target(url);
    std::string fragment;
    if (auto hash = target.find('#'); hash != std::string::npos) {
      fragment = target.substr(hash);
      target.resize(hash);
    }
    if (target.size() < 3 || target.compare(target.size() - 3, 3, ".md") != 0) return std::nullopt;
    fs::path joined = (fs::path(from.file).parent_path() / target).lexically_normal();
    auto it = by_file_.find(joined.generic_string());
    if (it == by_file_.end()) return std::string();
    const Page* dest = it->second;
    const Page* in_lang = lib_.published_in(dest->group, from.lang);
    if (!in_lang) in_lang = dest->published ? dest : nullptr;
    if (!in_lang) return std::string();
    return urls_.href(in_lang->path) + fragment;
  }

 private:
  const content::Library& lib_;
  const UrlScheme& urls_;
  std::map<std::string, const Page*> by_file_;
};

void render_markdown(const BuildContext& ctx) {
  content::Library& lib = ctx.library;
  const config::SiteConfig& cfg = ctx.cfg;
  const UrlScheme& urls = ctx.urls;
  const BuildOptions& options = ctx.options;
  diag::Diagnostics& diags = ctx.diags;
  SourceLinks links(lib, urls);
  parallel_for(lib.pages.size(), options.jobs, [&](size_t i) {
    Page& p = lib.pages[i];
    markdown::Options mo;
    mo.unsafe_html = cfg.unsafe_html;
    mo.rewrite_link = [&](std::string_view url, bool is_image, int line) -> markdown::LinkRewrite {
      markdown::LinkRewrite r;
      int file_line = line > 0 ? line + p.body_line - 1 : 0;
      if (is_image) {
        for (const auto& f : p.bundle_files)
          if (f.name == url) r.url = urls.href(p.path + f.name);
        return r;
      }
      auto resolved = links.resolve(p, url);
      if (!resolved) return r;
      if (resolved->empty()) {
        diags.error(p.file, file_line, 0, "broken-link",
                    "link to '" + std::string(url) + "': no such page (or it is not published)");
        return r;
      }
      r.url = *resolved;
      return r;
    };
    std::vector<BuildContext::Annotator> passes;
    for (const auto& make : ctx.annotators) passes.push_back(make(p));
    if (!passes.empty())
      mo.annotate = [&passes](std::string_view text) {
        // Each pass sees the text; earlier passes win where spans overlap.
        std::vector<markdown::Annotation> all;
        for (const auto& pass : passes) {
          for (auto& a : pass(text)) {
            bool overlaps = std::any_of(all.begin(), all.end(), [&](const markdown::Annotation& b) {
              return a.begin < b.begin + b.length && b.begin < a.begin + a.length;
            });
            if (!overlaps) all.push_back(std::move(a));
          }
        }
        std::sort(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.begin < y.begin; });
        return all;
      };
    p.rendered = markdown::render(p.body, mo);
    if (p.fm.summary) {
      p.summary = *p.fm.summary;
    } else {
      p.summary = markdown::cut_summary(p.rendered.first_paragraph, 180);
    }
  });
}

}  // namespace

BuildSummary build_site(const BuildOptions& options, output::OutputSet& out,
                        diag::Diagnostics& diags) {
  BuildSummary summary;
  std::error_code ec;
  if (!fs::exists(options.site_dir / "site.yaml", ec)) {
    summary.config_missing = true;
    return summary;
  }
  auto cfg = config::load_site_config(options.site_dir, diags);
  if (!cfg) return summary;
  summary.languages = cfg->languages.size();
  std::string base_url = options.base_url ? *options.base_url : cfg->base_url;
  if (!base_url.empty() && base_url.back() != '/') base_url += '/';
  UrlScheme urls(*cfg, base_url);

  i18n::Strings strings = i18n::load_strings(options.site_dir, *cfg, diags);
  render::TemplateSet templates = render::TemplateSet::load(options.site_dir, diags);
  output::AssetMap assets = output::AssetMap::scan(options.site_dir, diags);

  auto refs = content::scan_content(options.site_dir, *cfg, diags);
  std::vector<std::optional<Page>> loaded(refs.size());
  parallel_for(refs.size(), options.jobs,
               [&](size_t i) { loaded[i] = content::load_page(refs[i], *cfg, diags); });
  content::Library lib;
  for (auto& p : loaded)
    if (p) lib.pages.push_back(std::move(*p));
  content::link_translations(lib, *cfg, diags);
  place_pages(lib, *cfg, urls, options);

  BuildContext ctx(options, *cfg, strings, templates, urls, assets, lib, out, diags);
  load_documents(ctx);
  load_glossary(ctx);
  load_bulletins(ctx);
  render_markdown(ctx);

  for (const auto& s : cfg->sections) {
    if (s.slug.at(cfg->default_language).empty()) continue;
    const config::Section* section = &s;
    ctx.nav.push_back({s.title, [&urls, section](const std::string& l) { return urls.section(*section, l); }});
  }
  ctx.nav.push_back({cfg->topics.title, [&](const std::string& l) { return urls.area(cfg->topics, l); }});

  publish_pages(ctx);
  publish_topics(ctx);
  publish_documents(ctx);
  publish_glossary(ctx);
  publish_bulletins(ctx);
  publish_feeds(ctx);
  publish_search(ctx);
  publish_sitemap(ctx);
  assets.publish(out, diags);

  for (const auto& [path, file] : out.files())
    if (path.size() >= 10 && path.compare(path.size() - 10, 10, "index.html") == 0) ++summary.pages;
  return summary;
}

}  // namespace ttdn::site
