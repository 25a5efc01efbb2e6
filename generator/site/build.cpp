// The build pipeline: read settings and sources, link them into the Library, render the
// Markdown, then let each feature add its output.
#include "site/build.h"

#include <algorithm>
#include <atomic>
#include <set>

#include "config/site_config.h"
#include "content/library.h"
#include "i18n/strings.h"
#include "output/assets.h"
#include "render/templates.h"
#include "site/build_context.h"
#include "site/build_cache.h"
#include "site/document_index.h"
#include "site/bulletin_set.h"
#include "site/features.h"
#include "site/images.h"
#include "site/parallel.h"
#include "site/report.h"
#include "site/timings.h"
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

/// Resolves a Markdown link to another source file (`../ban-gioc/x.md`, `x.md#heading`,
/// `../border/_index.md`) to the URL of the page in `from`'s language, else its original.
/// A link to a translation's own file (`x.en.md`) keeps to that language.
class SourceLinks {
 public:
  SourceLinks(const content::Library& lib, const config::SiteConfig& cfg, const UrlScheme& urls)
      : lib_(lib), cfg_(cfg), urls_(urls) {
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
    if (it == by_file_.end()) {
      // content/<section>/_index.md of a section without a landing file: its list page.
      if (const config::Section* s = section_of_index(joined))
        return urls_.href(urls_.section(*s, from.lang)) + fragment;
      return std::string();
    }
    const Page* dest = it->second;
    const Page* in_lang = dest->lang == cfg_.default_language
                              ? lib_.published_in(dest->group, from.lang)
                              : nullptr;
    if (!in_lang) in_lang = dest->published ? dest : nullptr;
    if (!in_lang) in_lang = lib_.published_in(dest->group, cfg_.default_language);
    if (!in_lang) return std::string();
    return urls_.href(in_lang->path) + fragment;
  }

 private:
  const config::Section* section_of_index(const fs::path& file) const {
    std::vector<std::string> parts;
    for (const auto& part : file) parts.push_back(part.string());
    if (parts.size() != 3 || parts[0] != "content") return nullptr;
    std::string stem = parts[2].substr(0, parts[2].size() - 3);  // without ".md"
    bool index = stem == "_index" ||
                 (stem.rfind("_index.", 0) == 0 && cfg_.language(stem.substr(7)));
    return index ? cfg_.section(parts[1]) : nullptr;
  }

  const content::Library& lib_;
  const config::SiteConfig& cfg_;
  const UrlScheme& urls_;
  std::map<std::string, const Page*> by_file_;
};

void render_markdown(const BuildContext& ctx) {
  content::Library& lib = ctx.library;
  const config::SiteConfig& cfg = ctx.cfg;
  const UrlScheme& urls = ctx.urls;
  const BuildOptions& options = ctx.options;
  diag::Diagnostics& diags = ctx.diags;
  SourceLinks links(lib, cfg, urls);
  // Incremental builds: a page's Markdown depends on its own file, on every input that is
  // not a page or a template (documents, glossary, bundles, settings) and on where every
  // page is published (links); the memo of the previous build is used when these match.
  BuildCache* cache = options.cache.get();
  uint64_t shared_key = 0;
  if (cache) {
    std::set<std::string> files;
    std::vector<std::string> table;
    for (const auto& p : lib.pages) {
      files.insert(p.file);
      table.push_back(p.file + '\0' + p.path + '\0' + p.lang + '\0' +
                      std::to_string(p.group) + (p.published ? "\0p\n" : "\0u\n"));
    }
    std::sort(table.begin(), table.end());
    std::string joined;
    for (const auto& row : table) joined += row;
    shared_key = hash_bytes(joined, cache->inputs_except(files));
  }
  parallel_for(lib.pages.size(), options.jobs, [&](size_t i) {
    Page& p = lib.pages[i];
    uint64_t key = 0;
    if (cache) {
      key = hash_bytes(p.file, shared_key ^ cache->input_hash(p.file));
      p.markdown_key = key;
      if (auto memo = cache->take_markdown(p.file, key)) {
        p.rendered = std::move(memo->rendered);
        p.html_in_cache = true;
        p.text_key = memo->text_key;
        p.summary = std::move(memo->summary);
        if (ctx.documents && i < ctx.documents->cited_in_body.size())
          ctx.documents->cited_in_body[i] = std::move(memo->cited);
        for (const auto& w : p.rendered.warnings)
          diags.warning(p.file, p.body_line, 0, "markdown-limit", w);
        ++cache->markdown_reused;
        return;
      }
      ++cache->markdown_rendered;
      if (!p.body_read && !content::read_body(p, options.site_dir, diags)) return;
    }
    markdown::Options mo;
    mo.unsafe_html = cfg.unsafe_html;
    int images_seen = 0;
    mo.rewrite_link = [&](std::string_view url, bool is_image, int line) -> markdown::LinkRewrite {
      markdown::LinkRewrite r;
      int file_line = line > 0 ? line + p.body_line - 1 : 0;
      if (is_image) return markdown_image(ctx, p, url, file_line, images_seen++);
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
    p.text_key = hash_bytes(p.rendered.plain_text);
    for (const auto& w : p.rendered.warnings) diags.warning(p.file, p.body_line, 0, "markdown-limit", w);
    if (p.fm.summary) {
      p.summary = *p.fm.summary;
    } else {
      // Chinese packs a word into one or two characters: a summary of half the length.
      const std::string& text = p.rendered.first_paragraph;
      size_t cjk = 0, all = 0;
      for (size_t k = 0; k < text.size();) {
        char32_t c = text::next_code_point(text, k);
        ++all;
        if (text::is_cjk(c)) ++cjk;
      }
      p.summary = markdown::cut_summary(text, cjk * 2 > all ? 90 : 180);
    }
    // Keep what was rendered, on this thread, except for a source with diagnostics (from
    // reading it or rendering it: reported again only by rendering it again).
    if (cache && !diags.mentions(p.file)) {
      static const std::vector<size_t> none;
      const bool cites = ctx.documents && i < ctx.documents->cited_in_body.size();
      cache->keep_markdown(p.file, key, p.rendered, p.text_key, p.summary,
                           cites ? ctx.documents->cited_in_body[i] : none);
    }
  });
}

/// [from, until) around `now` in which no page's embargo ends and the year shown in page
/// footers (at +07:00, as common_view computes it) stays the same.
void stable_window(const content::Library& lib, int64_t now, BuildSummary& summary) {
  int year = content::civil(content::DateTime{now, 7 * 60, false}).year;
  summary.stable_from = content::days_from_civil(year, 1, 1) * 86400 - 7 * 3600;
  summary.stable_until = content::days_from_civil(year + 1, 1, 1) * 86400 - 7 * 3600;
  for (const auto& p : lib.pages) {
    if (!p.fm.publish_at) continue;
    int64_t t = p.fm.publish_at->epoch;
    if (t <= now) summary.stable_from = std::max(summary.stable_from, t);
    else summary.stable_until = std::min(summary.stable_until, t);
  }
}

std::string site_base_url(const BuildOptions& options, const config::SiteConfig& cfg) {
  std::string base_url = options.base_url ? *options.base_url : cfg.base_url;
  if (!base_url.empty() && base_url.back() != '/') base_url += '/';
  return base_url;
}

}  // namespace

std::optional<LoadedSite> load_site(const BuildOptions& options, diag::Diagnostics& diags) {
  auto cfg = config::load_site_config(options.site_dir, diags);
  if (!cfg) return std::nullopt;
  LoadedSite site{std::move(*cfg), {}};
  UrlScheme urls(site.cfg, site_base_url(options, site.cfg));
  Phase scan("scan");
  auto refs = content::scan_content(options.site_dir, site.cfg, diags);
  scan.end();
  Phase parse("parse");
  std::vector<std::optional<Page>> loaded(refs.size());
  // Incremental builds: a source whose bytes and site.yaml are those the previous build
  // read (hashed when the cache was opened) is restored from its front matter then, without
  // reading or parsing it; its body is read only if its Markdown has to be rendered. Not
  // kept for a source that had a diagnostic, so diagnostics always come from reading it.
  BuildCache* cache = options.cache.get();
  const uint64_t config_hash = cache ? cache->input_hash("site.yaml") : 0;
  parallel_for(refs.size(), options.jobs, [&](size_t i) {
    const content::SourceRef& ref = refs[i];
    const uint64_t bytes_hash = cache ? cache->input_hash(ref.file) : 0;
    const uint64_t key = hash_bytes(ref.file, config_hash ^ bytes_hash);
    if (bytes_hash != 0)
      if (auto memo = cache->take_source(ref.file, key)) {
        loaded[i] = content::restore_page(ref, std::move(memo->fm), memo->body_line);
        return;
      }
    loaded[i] = content::load_page(ref, site.cfg, diags);
    if (bytes_hash != 0 && loaded[i] && !diags.mentions(ref.file))
      cache->keep_source(ref.file, key, loaded[i]->fm, loaded[i]->body_line);
  });
  // Reserved: grown by doubling, the vector moved each page about twice and held its old
  // and new arrays side by side (about 50 MB more at the peak on a 22,000-source site).
  site.library.pages.reserve(refs.size());
  for (auto& p : loaded)
    if (p) site.library.pages.push_back(std::move(*p));
  parse.end();
  Phase link("link");
  content::link_translations(site.library, site.cfg, diags);
  place_pages(site.library, site.cfg, urls, options);
  link.end();
  return site;
}

BuildSummary build_site(const BuildOptions& options, output::OutputSet& out,
                        diag::Diagnostics& diags) {
  BuildSummary summary;
  std::error_code ec;
  if (!fs::exists(options.site_dir / "site.yaml", ec)) {
    summary.config_missing = true;
    return summary;
  }
  Phase load("load sources");
  auto site = load_site(options, diags);
  if (!site) return summary;
  load.end();
  const config::SiteConfig* cfg = &site->cfg;
  content::Library& lib = site->library;
  summary.languages = cfg->languages.size();
  stable_window(lib, options.now, summary);
  UrlScheme urls(*cfg, site_base_url(options, *cfg));
  if (options.note_missing_translations) note_missing_translations(*site, diags);

  i18n::Strings strings = i18n::load_strings(options.site_dir, *cfg, diags);
  render::TemplateSet templates = render::TemplateSet::load(options.site_dir, diags);
  output::AssetMap assets = output::AssetMap::scan(options.site_dir, diags);

  BuildContext ctx(options, *cfg, strings, templates, urls, assets, lib, out, diags);
  {
    Phase phase("load data, images");
    load_documents(ctx);
    load_glossary(ctx);
    load_bulletins(ctx);
    prepare_images(ctx);
  }
  {
    Phase phase("render markdown");
    render_markdown(ctx);
  }
  // Nothing reads the Markdown sources after this: their memory goes (on a large site
  // about as much as the HTML made from them; docs/performance.md, Memory).
  for (auto& p : lib.pages) std::string().swap(p.body);

  for (const auto& s : cfg->sections) {
    if (s.slug.at(cfg->default_language).empty()) continue;
    const config::Section* section = &s;
    ctx.nav.push_back({s.title, [&urls, section](const std::string& l) { return urls.section(*section, l); }});
  }
  // The document library and the glossary, when the site has them (a title from site.yaml,
  // else the interface string `key`).
  auto area_title = [&](const config::Area& a, const std::string& key) {
    config::LangMap t;
    for (const auto& l : cfg->languages) {
      std::string text = cfg->text(a.title, l.code);
      t[l.code] = text.empty() ? strings.format(l.code, key) : text;
    }
    return t;
  };
  if (ctx.documents)
    ctx.nav.push_back({area_title(cfg->documents, "documents_title"),
                       [&](const std::string& l) { return urls.area(cfg->documents, l); }});
  ctx.nav.push_back({area_title(cfg->topics, "topics"), [&](const std::string& l) { return urls.area(cfg->topics, l); }});
  if (ctx.bulletins && !ctx.bulletins->issues.empty())
    ctx.nav.push_back({area_title(cfg->bulletins, "bulletins_title"), [&](const std::string& l) { return urls.area(cfg->bulletins, l); }});
  if (ctx.glossary)
    ctx.nav.push_back({area_title(cfg->glossary, "glossary_title"),
                       [&](const std::string& l) { return urls.area(cfg->glossary, l); }});

  using Stage = void (*)(BuildContext&);
  const std::pair<const char*, Stage> stages[] = {
      {"pages", publish_pages},         {"topics", publish_topics},
      {"documents", publish_documents}, {"glossary", publish_glossary},
      {"bulletins", publish_bulletins}, {"feeds", publish_feeds},
      {"search", publish_search},       {"sitemap", publish_sitemap}};
  for (const auto& [name, stage] : stages) {
    Phase phase(name);
    stage(ctx);
  }
  {
    Phase phase("assets, images");
    assets.publish(out, diags);
    publish_image_variants(ctx);
  }

  for (const auto& [path, file] : out.files())
    if (path.size() >= 10 && path.compare(path.size() - 10, 10, "index.html") == 0) ++summary.pages;
  summary.cache_damaged = ctx.cache_damaged();
  return summary;
}

}  // namespace ttdn::site
