// The parts of the site, each adding its files to the output through the BuildContext.
// build_site calls them in this order; sitemap last, as it lists what the others emitted.
#pragma once

#include "site/build_context.h"

namespace ttdn::site {

/// Before the Markdown is rendered: read data files (content/documents, glossary.yaml,
/// content/bulletins), validate what pages say of them, and add annotators.
void load_documents(BuildContext& ctx);
void load_glossary(BuildContext& ctx);
void load_bulletins(BuildContext& ctx);

/// Pages, section lists, home pages, 404, aliases (site/pages.cpp).
void publish_pages(BuildContext& ctx);
/// Topic pages and the topics index (site/topics.cpp).
void publish_topics(BuildContext& ctx);
/// The document library pages (site/documents.cpp).
void publish_documents(BuildContext& ctx);
/// The glossary page (site/glossary.cpp).
void publish_glossary(BuildContext& ctx);
/// Bulletin archive, issues and print editions (site/bulletins.cpp).
void publish_bulletins(BuildContext& ctx);
/// Atom feeds (output/feeds.cpp).
void publish_feeds(BuildContext& ctx);
/// Atom feeds a page at `path` in `lang` advertises: [{title, url}] for the language
/// feed and, on an articles section's pages, that section's feed (output/feeds.cpp).
nlohmann::json feed_links(const BuildContext& ctx, const std::string& lang, const std::string& path);
/// Search page and index files (site/search.cpp).
void publish_search(BuildContext& ctx);
/// sitemap.xml and robots.txt (output/sitemap.cpp).
void publish_sitemap(BuildContext& ctx);

/// JSON for a <script type="application/ld+json"> block: `</` cannot close the element.
std::string script_safe_json(const nlohmann::json& j);

}  // namespace ttdn::site
