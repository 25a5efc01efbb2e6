// Atom feeds: one per language (`/feed.xml`, `/en/feed.xml`) with the newest dated pages
// of every section, and one per articles section (`/tin-tuc/feed.xml`, `/en/news/feed.xml`).
// Published pages only, absolute URLs on base_url, no wall clock: the same sources give
// the same bytes.
#include "output/feeds.h"

#include <algorithm>

#include "content/datetime.h"
#include "site/features.h"
#include "text/escape.h"

namespace ttdn::output {
namespace {

/// Escaped XML text; drops the C0 controls XML 1.0 does not allow.
std::string xml(std::string_view s) {
  std::string clean;
  clean.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    clean += c;
  }
  return text::escape_html(clean);
}

/// `href="/x"` and `src="/x"` (root-relative, not `//host`) made absolute on `origin`.
std::string absolute_links(const std::string& html, const std::string& origin) {
  std::string out;
  out.reserve(html.size());
  size_t i = 0;
  while (i < html.size()) {
    size_t next = std::string::npos;
    size_t attr_len = 0;
    for (std::string_view attr : {std::string_view("href=\"/"), std::string_view("src=\"/")}) {
      size_t at = html.find(attr, i);
      if (at < next) {
        next = at;
        attr_len = attr.size();
      }
    }
    if (next == std::string::npos) break;
    size_t slash = next + attr_len - 1;
    out.append(html, i, slash - i);
    if (slash + 1 < html.size() && html[slash + 1] != '/') out += origin;
    i = slash;
    out += html[i++];
  }
  out.append(html, i, std::string::npos);
  return out;
}

void link(std::string& s, const char* indent, const char* rel, const char* type,
          const AtomLink& l) {
  s += std::string(indent) + "<link rel=\"" + rel + "\" type=\"" + type + "\"";
  if (!l.hreflang.empty()) s += " hreflang=\"" + xml(l.hreflang) + "\"";
  s += " href=\"" + xml(l.href) + "\"/>\n";
}

}  // namespace

std::string render_atom(const AtomFeed& feed, const std::string& origin) {
  std::string s = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  s += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" + xml(feed.lang) + "\">\n";
  s += "  <id>" + xml(feed.id) + "</id>\n";
  s += "  <title type=\"text\">" + xml(feed.title) + "</title>\n";
  if (!feed.subtitle.empty())
    s += "  <subtitle type=\"text\">" + xml(feed.subtitle) + "</subtitle>\n";
  link(s, "  ", "self", "application/atom+xml", {feed.self, ""});
  link(s, "  ", "alternate", "text/html", {feed.alternate, ""});
  s += "  <updated>" + xml(feed.updated) + "</updated>\n";
  s += "  <author><name>" + xml(feed.author) + "</name></author>\n";
  s += "  <generator version=\"" + xml(feed.generator_version) + "\">ttdn</generator>\n";
  for (const auto& e : feed.entries) {
    s += "  <entry>\n";
    s += "    <id>" + xml(e.id) + "</id>\n";
    s += "    <title type=\"text\">" + xml(e.title) + "</title>\n";
    link(s, "    ", "alternate", "text/html", e.link);
    for (const auto& t : e.translations) link(s, "    ", "alternate", "text/html", t);
    if (!e.published.empty()) s += "    <published>" + xml(e.published) + "</published>\n";
    s += "    <updated>" + xml(e.updated) + "</updated>\n";
    if (!e.author.empty()) s += "    <author><name>" + xml(e.author) + "</name></author>\n";
    for (const auto& c : e.categories)
      s += "    <category term=\"" + xml(c.term) + "\" label=\"" + xml(c.label) + "\" scheme=\"" +
           xml(c.scheme) + "\"/>\n";
    if (!e.summary.empty()) s += "    <summary type=\"text\">" + xml(e.summary) + "</summary>\n";
    s += "    <content type=\"html\" xml:base=\"" + xml(e.link.href) + "\">" +
         xml(absolute_links(e.content_html, origin)) + "</content>\n";
    s += "  </entry>\n";
  }
  s += "</feed>\n";
  return s;
}

}  // namespace ttdn::output

namespace ttdn::site {

using content::Page;
using nlohmann::json;

namespace {

/// "https://host[:port]" of base_url.
std::string origin_of(const std::string& base_url) {
  size_t scheme = base_url.find("://");
  if (scheme == std::string::npos) return "";
  size_t slash = base_url.find('/', scheme + 3);
  return slash == std::string::npos ? base_url : base_url.substr(0, slash);
}

int64_t updated_epoch(const Page& p) {
  return p.fm.updated ? p.fm.updated->epoch : p.fm.date ? p.fm.date->epoch : 0;
}

std::string feed_path(const std::string& folder) { return folder + "feed.xml"; }

/// Articles sections that have their own feed in `lang` (one with an empty slug would
/// take the language feed's place).
bool has_section_feed(const config::Section& s, const std::string& lang) {
  return s.kind == config::SectionKind::articles && !s.slug.at(lang).empty();
}

output::AtomEntry entry_of(const BuildContext& ctx, const Page& p) {
  const config::Language* l = ctx.cfg.language(p.lang);
  output::AtomEntry e;
  e.id = ctx.urls.absolute(p.path);
  e.title = p.fm.title;
  e.link = {e.id, l ? l->hreflang : p.lang};
  for (const auto& a : ctx.page_alternates(p)) {
    if (a.lang == p.lang) continue;
    const config::Language* al = ctx.cfg.language(a.lang);
    e.translations.push_back({ctx.urls.absolute(a.path), al ? al->hreflang : a.lang});
  }
  e.published = content::format_iso(*p.fm.date);
  e.updated = content::format_iso(p.fm.updated ? *p.fm.updated : *p.fm.date);
  e.author = p.fm.author;
  e.summary = p.summary;
  e.content_html = ctx.html_of(p);
  for (const auto& t : p.fm.topics)
    if (const config::Topic* topic = ctx.cfg.topic(t.value))
      e.categories.push_back({topic->key, ctx.cfg.text(topic->name, p.lang),
                              ctx.urls.absolute(ctx.urls.area(ctx.cfg.topics, p.lang))});
  return e;
}

void emit_feed(BuildContext& ctx, const std::string& lang, const std::string& folder,
               const std::string& title, std::vector<const Page*> pages, int64_t fallback_updated) {
  std::stable_sort(pages.begin(), pages.end(), [](const Page* a, const Page* b) {
    if (a->fm.date->epoch != b->fm.date->epoch) return a->fm.date->epoch > b->fm.date->epoch;
    return a->path < b->path;
  });
  if (pages.size() > output::kFeedEntries) pages.resize(output::kFeedEntries);
  const config::Language* l = ctx.cfg.language(lang);
  output::AtomFeed feed;
  feed.self = feed.id = ctx.urls.absolute(feed_path(folder));
  feed.lang = l ? l->hreflang : lang;
  feed.title = title;
  feed.subtitle = ctx.cfg.text(ctx.cfg.description, lang);
  feed.alternate = ctx.urls.absolute(folder);
  feed.author = ctx.cfg.text(ctx.cfg.publisher.name, lang);
  feed.generator_version = TTDN_VERSION;
  const Page* newest = nullptr;
  for (const Page* p : pages) {
    feed.entries.push_back(entry_of(ctx, *p));
    if (!newest || updated_epoch(*p) > updated_epoch(*newest)) newest = p;
  }
  if (newest) {
    feed.updated = content::format_iso(newest->fm.updated ? *newest->fm.updated : *newest->fm.date);
  } else {
    // No entry yet: the site's newest change, so the feed stays valid and deterministic.
    feed.updated = content::format_iso(content::DateTime{fallback_updated, 0, false});
  }
  ctx.out.add(feed_path(folder), output::render_atom(feed, origin_of(ctx.urls.base_url())), "feeds",
              ctx.diags);
}

}  // namespace

json feed_links(const BuildContext& ctx, const std::string& lang, const std::string& path) {
  std::string site_title = ctx.cfg.text(ctx.cfg.title, lang);
  json out = json::array();
  out.push_back({{"title", site_title}, {"url", ctx.urls.href(feed_path(ctx.urls.home(lang)))}});
  for (const auto& s : ctx.cfg.sections) {
    if (!has_section_feed(s, lang)) continue;
    std::string folder = ctx.urls.section(s, lang);
    if (path.rfind(folder, 0) != 0) continue;
    out.push_back({{"title", ctx.cfg.text(s.title, lang) + " – " + site_title},
                   {"url", ctx.urls.href(feed_path(folder))}});
  }
  return out;
}

void publish_feeds(BuildContext& ctx) {
  int64_t site_updated = 0;
  for (const auto& p : ctx.library.pages)
    if (p.published && p.fm.date) site_updated = std::max(site_updated, updated_epoch(p));
  for (const auto& lang : ctx.cfg.languages) {
    std::vector<const Page*> dated;
    for (const auto& p : ctx.library.pages)
      if (p.published && p.lang == lang.code && !p.is_section_index() && p.fm.date &&
          ctx.cfg.section(p.section))
        dated.push_back(&p);
    std::string site_title = ctx.cfg.text(ctx.cfg.title, lang.code);
    emit_feed(ctx, lang.code, ctx.urls.home(lang.code), site_title, dated, site_updated);
    for (const auto& s : ctx.cfg.sections) {
      if (!has_section_feed(s, lang.code)) continue;
      std::vector<const Page*> in_section;
      for (const Page* p : dated)
        if (p->section == s.key) in_section.push_back(p);
      emit_feed(ctx, lang.code, ctx.urls.section(s, lang.code),
                ctx.cfg.text(s.title, lang.code) + " – " + site_title, in_section, site_updated);
    }
  }
}

}  // namespace ttdn::site
