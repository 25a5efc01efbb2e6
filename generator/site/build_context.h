// What every stage of a build shares once the sources are read: settings, strings,
// templates, the Library, URL scheme, assets and the output. Features (pages, topics,
// documents, bulletins, feeds, search) each add their files through it.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/site_config.h"
#include "content/library.h"
#include "diag/diagnostic.h"
#include "i18n/strings.h"
#include "markdown/markdown.h"
#include "output/assets.h"
#include "output/output_set.h"
#include "render/templates.h"
#include "site/build.h"
#include "site/url_scheme.h"

namespace ttdn::images {
class ImageSet;
}

namespace ttdn::site {

/// One language version of a generated page, for hreflang and the language switcher.
struct Alternate {
  std::string lang;
  std::string path;  // output folder path
};

struct BuildContext {
  BuildContext(const BuildOptions& o, const config::SiteConfig& c, const i18n::Strings& s,
               const render::TemplateSet& t, const UrlScheme& u, const output::AssetMap& a,
               content::Library& l, output::OutputSet& out_set, diag::Diagnostics& d)
      : options(o), cfg(c), strings(s), templates(t), urls(u), assets(a), library(l),
        out(out_set), diags(d) {}

  const BuildOptions& options;
  const config::SiteConfig& cfg;
  const i18n::Strings& strings;
  const render::TemplateSet& templates;
  const UrlScheme& urls;
  const output::AssetMap& assets;
  content::Library& library;
  output::OutputSet& out;
  diag::Diagnostics& diags;

  /// An entry of the main navigation, present in every language.
  struct NavItem {
    config::LangMap title;
    std::function<std::string(const std::string&)> path;
  };
  std::vector<NavItem> nav;

  /// Inline passes over article text added by features before the Markdown is rendered
  /// (document citations, abbreviations). Each is asked once per page for that page's
  /// annotate function, so it can keep per-page state ("first use only").
  using Annotator = std::function<std::vector<markdown::Annotation>(std::string_view)>;
  std::vector<std::function<Annotator(const content::Page&)>> annotators;

  /// Features that add keys to a content page's `page` view model (directives, related
  /// documents); publish_pages calls each before rendering the page. Called from several
  /// threads at once: they must only read shared state. What they read must be the page
  /// itself or inputs that are not pages (data files, settings): an unchanged content page
  /// is reused by its Markdown key, which stands for those, without calling them.
  std::vector<std::function<void(const content::Page&, nlohmann::json& page_view)>>
      page_view_extenders;

  /// Data of the features, read before rendering; each feature defines its own type.
  std::shared_ptr<struct DocumentIndex> documents;
  std::shared_ptr<struct Glossary> glossary;
  std::shared_ptr<struct BulletinSet> bulletins;
  /// Every content image, processed before the Markdown is rendered (site/images.h).
  std::shared_ptr<images::ImageSet> images;

  /// Published pages of `section` in `lang`, sorted for listing (articles newest first,
  /// other kinds by weight then title). Section index pages excluded.
  std::vector<const content::Page*> listing(const std::string& section,
                                            const std::string& lang) const;

  /// The view model every template gets (documented in docs/templates.md): language,
  /// site, navigation, switcher, hreflang alternates, publisher, strings.
  /// `alternates` lists the published language versions of this page (itself included).
  nlohmann::json common_view(const std::string& lang, const std::string& path,
                             const std::string& title, const std::string& description,
                             const std::vector<Alternate>& alternates,
                             const std::function<std::string(const std::string&)>& fallback =
                                 nullptr) const;

  /// The part of the view model that is the same on every page of `lang` (strings, site,
  /// publisher, assets, search URL, year, preview flags): kept out of each page's view and
  /// given to the templates under it. Thread-safe.
  struct SharedPart {
    uint64_t hash = 0;  // of its values, part of every page's cache key
    std::unique_ptr<render::SharedView> view;
  };
  const SharedPart& shared_part(const std::string& lang) const;
  /// The shared part of a view made by common_view (of its "lang"); null for other views.
  const SharedPart* shared_part_of(const nlohmann::json& view) const;
  /// Renders `layout` with `view` (a common_view) and the shared part of its language.
  std::string render_template(const std::string& layout, const nlohmann::json& view) const;

  /// Fills in a view, just before it is rendered, with parts its cache key stands for
  /// without holding them (a page's HTML, by its Markdown memo's key).
  using Completion = std::function<void(nlohmann::json& view)>;

  /// Renders `layout` with `view` (completed by `complete`, if given) and adds it as
  /// `<path>index.html`. A missing layout is an error naming it and `origin`. With a build
  /// cache, the output is reused when the view is the previous build's, or, given
  /// `input_key` (see input_page_key), when its inputs are.
  void emit_page(const std::string& path, const std::string& layout, nlohmann::json view,
                 const std::string& origin, const std::vector<Alternate>& alternates,
                 const std::string& lastmod = "", const Completion& complete = {},
                 std::optional<uint64_t> input_key = std::nullopt) const;

  /// With a build cache: a key for the page at `path` in `lang` rendered with `layout`,
  /// made of `inputs` (a key of everything its view model reads), the templates and the
  /// shared part of the view; nullopt without a cache.
  std::optional<uint64_t> input_page_key(const std::string& layout, const std::string& lang,
                                         uint64_t inputs) const;
  /// Adds `<path>index.html` as the previous build left it when that build made it under
  /// `key` (input_page_key), without making its view; false when it has to be rendered.
  bool reuse_page(const std::string& path, uint64_t key, const std::string& origin,
                  const std::string& lang, const std::vector<Alternate>& alternates,
                  const std::string& lastmod) const;

  /// The HTML and the plain text of `p`'s Markdown, wherever they are (in memory, or left in
  /// the build cache's store by an incremental build). When the store no longer holds them
  /// intact, an empty text and cache_damaged() is true. Thread-safe.
  std::string html_of(const content::Page& p) const;
  std::string plain_text_of(const content::Page& p) const;
  /// A memo the build cache had vouched for could not be read back: this build's output is
  /// not to be used; the build must be made again without the cache.
  bool cache_damaged() const { return cache_damaged_; }

  /// Every HTML page emitted so far, in path order, for the sitemap (valid until the next
  /// page is emitted).
  struct Emitted {
    std::string path, lang, lastmod;
    std::vector<Alternate> alternates;
  };
  std::vector<const Emitted*> emitted() const;

  /// A file rendered but not yet added to the output: features render their pages on
  /// several threads and `commit` them in a fixed order, so that the output and its
  /// diagnostics (a duplicate URL names the source that came first) never depend on the
  /// threads' timing.
  struct Rendered {
    std::string file, bytes, origin;
    bool reused = false;         // bytes read back from the output folder (build cache)
    std::string missing_layout;  // set instead of bytes: reported by commit
    std::optional<Emitted> page;  // an HTML page, for the sitemap
  };
  /// What emit_page does, without touching the output. Thread-safe.
  Rendered render_page(const std::string& path, const std::string& layout,
                       nlohmann::json view, const std::string& origin,
                       const std::vector<Alternate>& alternates,
                       const std::string& lastmod = "", const Completion& complete = {},
                       std::optional<uint64_t> input_key = std::nullopt) const;
  /// Adds a rendered file to the output (and a page to the sitemap's list).
  void commit(Rendered r) const;
  /// Runs `task(0)` … `task(count - 1)` on options.jobs threads, then commits the files
  /// each returned, task by task, as a serial loop would have added them.
  void render_parallel(size_t count,
                       const std::function<std::vector<Rendered>(size_t)>& task) const;

  /// A short card for lists: title, url, date, summary, topics.
  nlohmann::json card(const content::Page& p) const;
  /// Topic links of a page in its language.
  nlohmann::json topic_links(const content::Page& p) const;
  /// Alternates of a page: its published translations.
  std::vector<Alternate> page_alternates(const content::Page& p) const;
  /// Alternates of a generated page that exists in every language at `path_for(lang)`.
  std::vector<Alternate> all_languages(const std::function<std::string(const std::string&)>& path_for) const;

  /// Renders the list of `pages` in pages of `per_page` with `layout`, each with its cards
  /// (`card`) under `items`. Thread-safe. A list page's view holds a key of its cards'
  /// contents in their place (cards_placeholder), and the cards are made only if the page
  /// is rendered: with a build cache, an unchanged list page makes none.
  std::vector<Rendered> render_paginated(
      const std::function<std::string(const std::string& lang, int n)>& path_for,
      const std::string& lang, const std::string& layout,
      const std::vector<const content::Page*>& pages, int per_page,
      const nlohmann::json& base_view, const std::string& title, const std::string& description,
      const std::string& origin, const std::function<int(const std::string&)>& pages_in_lang) const;

  /// What a list of pages (cards, a document's citing articles) reads besides the pages:
  /// site.yaml, the interface strings and the URL root, as a hash; 0 parts without a cache.
  uint64_t list_seed() const;

  /// Dates in the page's language, with the ISO form for <time datetime>.
  nlohmann::json date_view(const content::DateTime& t, const std::string& lang) const;

 private:
  mutable std::atomic<bool> cache_damaged_{false};
  mutable std::mutex emitted_mutex_;
  mutable std::vector<Emitted> emitted_;
 private:
  mutable std::mutex shared_mutex_;
  mutable std::map<std::string, std::unique_ptr<SharedPart>> shared_;
};

}  // namespace ttdn::site
