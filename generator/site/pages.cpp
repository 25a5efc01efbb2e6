// Content pages, section lists, home pages, the 404 page and alias redirects.
#include <algorithm>
#include <atomic>

#include "content/datetime.h"
#include "site/bulletin_set.h"
#include "site/features.h"
#include "site/images.h"
#include "site/parallel.h"
#include "text/escape.h"
#include "text/unicode.h"

namespace ttdn::site {

using content::Page;
using nlohmann::json;

std::string script_safe_json(const json& j) {
  std::string s = j.dump();
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<') {
      out += "\\u003c";
    } else if (s[i] == '>') {
      out += "\\u003e";
    } else if (s[i] == '&') {
      out += "\\u0026";
    } else {
      out += s[i];
    }
  }
  return out;
}

namespace {

const char* default_layout(const BuildContext& ctx, const Page& p) {
  const config::Section* s = ctx.cfg.section(p.section);
  if (!s) return "page";
  switch (s->kind) {
    case config::SectionKind::articles: return "article";
    case config::SectionKind::explainers: return "explainer";
    case config::SectionKind::pages: return "page";
  }
  return "page";
}

/// URL of an image or file named by a page: a file of its bundle, else an asset.
std::optional<std::string> resolve_resource(const BuildContext& ctx, const Page& p,
                                            const std::string& src) {
  for (const auto& f : p.bundle_files)
    if (f.name == src) return ctx.urls.href(p.path + src);
  std::string rel = src;
  if (rel.rfind("/", 0) == 0) rel.erase(0, 1);
  if (rel.rfind("assets/", 0) == 0) rel.erase(0, 7);
  if (auto out = ctx.assets.lookup(rel)) {
    if (p.published) ctx.assets.use(rel);
    else ctx.assets.claim_unpublished(rel);
    return ctx.urls.href(*out);
  }
  return std::nullopt;
}

/// The front-matter image: the page's lead image (never lazy), with its variants (site/images.h).
json lead_image_view(const BuildContext& ctx, const Page& p) {
  if (!p.fm.image || p.fm.image->src.empty()) return nullptr;
  const auto& img = *p.fm.image;
  auto view = image_view(ctx, p, img.src, img.line, false, kContentSizes);
  if (!view) return nullptr;
  (*view)["alt"] = img.alt;
  (*view)["caption"] = img.caption;
  (*view)["credit"] = img.credit;
  return *view;
}

/// The image that represents the page when it is shared (Open Graph, JSON-LD): the
/// front-matter image, else the first image of its text, else the first of its gallery,
/// when it is one the site publishes (a JPEG, PNG or WebP gets its 1200×630 card). null
/// when the page shows no image. Errors are reported where each image is shown.
json share_image_view(const BuildContext& ctx, const Page& p, const json& lead) {
  if (!lead.is_null()) return lead;
  auto view_of = [&](const std::string& src, const std::string& alt) -> json {
    auto view = image_view(ctx, p, src, 0, true, kContentSizes, "image", /*quiet=*/true);
    if (!view) return nullptr;
    (*view)["alt"] = alt;
    return *view;
  };
  for (const auto& img : p.rendered.images)
    if (json v = view_of(img.source, img.alt); !v.is_null()) return v;
  for (const auto& g : p.fm.gallery)
    if (json v = view_of(g.src, ctx.cfg.text(g.alt, p.lang)); !v.is_null()) return v;
  return nullptr;
}

json breadcrumbs(const BuildContext& ctx, const Page& p) {
  json out = json::array();
  out.push_back({{"title", ctx.strings.format(p.lang, "home")},
                 {"url", ctx.urls.href(ctx.urls.home(p.lang))}});
  if (const config::Section* s = ctx.cfg.section(p.section); s && !s->slug.at(p.lang).empty())
    out.push_back({{"title", ctx.cfg.text(s->title, p.lang)},
                   {"url", ctx.urls.href(ctx.urls.section(*s, p.lang))}});
  return out;
}

json news_article_ld(const BuildContext& ctx, const Page& p, const json& image) {
  const config::Language* l = ctx.cfg.language(p.lang);
  json ld = {{"@context", "https://schema.org"},
             {"@type", "NewsArticle"},
             {"headline", p.fm.title},
             {"description", p.summary},
             {"inLanguage", l ? l->hreflang : p.lang},
             {"mainEntityOfPage", ctx.urls.absolute(p.path)},
             {"url", ctx.urls.absolute(p.path)},
             {"publisher",
              {{"@type", "Organization"}, {"name", ctx.cfg.text(ctx.cfg.publisher.name, p.lang)}}}};
  if (p.fm.date) ld["datePublished"] = content::format_iso(*p.fm.date);
  ld["dateModified"] = content::format_iso(p.fm.updated ? *p.fm.updated : *p.fm.date);
  ld["author"] = {{"@type", "Organization"},
                  {"name", p.fm.author.empty() ? ctx.cfg.text(ctx.cfg.publisher.name, p.lang)
                                               : p.fm.author}};
  if (!image.is_null()) ld["image"] = json::array({image["absolute"]});
  return ld;
}

json faq_ld(const Page& p) {
  json items = json::array();
  for (const auto& f : p.fm.faq)
    items.push_back({{"@type", "Question"},
                     {"name", f.q},
                     {"acceptedAnswer", {{"@type", "Answer"}, {"text", f.a}}}});
  return {{"@context", "https://schema.org"}, {"@type", "FAQPage"}, {"mainEntity", items}};
}

std::string timeline_display(const BuildContext& ctx, const std::string& date,
                             const std::string& lang) {
  if (date.size() == 10)
    if (auto t = content::parse_datetime(date)) return ctx.strings.date(lang, *t);
  if (date.size() == 7) {
    std::string m = std::to_string(std::stoi(date.substr(5, 2)));
    const i18n::Entry* name = ctx.strings.find(lang, "month_" + m);
    return ctx.strings.format(lang, "month_year",
                              {{"m", m}, {"Y", date.substr(0, 4)}, {"month", name ? name->text : m}});
  }
  return date;
}

void emit_content_page(BuildContext& ctx, const Page& p) {
  auto alternates = ctx.page_alternates(p);
  const std::string layout = p.fm.layout ? p.fm.layout->value : default_layout(ctx, p);
  const std::string lastmod = p.fm.updated ? content::format_iso(*p.fm.updated)
                              : p.fm.date  ? content::format_iso(*p.fm.date)
                                           : "";
  // Incremental builds: the view of a page that shows no image reads its own source, the
  // settings, data files and interface strings, and where every page is published: all
  // that its Markdown key stands for (render_markdown; page_view_extenders read data files
  // only). Its output is reused by that key, without making the view. (A page with images
  // is left out: making its view also marks the files it uses for publishing, and reports
  // those that are missing.)
  std::optional<uint64_t> input_key;
  if (p.markdown_key && !p.fm.image && p.fm.gallery.empty() && p.rendered.images.empty() &&
      ctx.templates.has_layout(layout)) {
    input_key = ctx.input_page_key(layout, p.lang, p.markdown_key);
    if (input_key && ctx.reuse_page(p.path, *input_key, p.file, p.lang, alternates, lastmod)) {
      for (const auto& f : p.bundle_files)
        ctx.out.add_copy(p.path + f.name, f.source, p.file, ctx.diags);
      return;
    }
  }
  const config::Section* section = ctx.cfg.section(p.section);
  auto fallback = [&](const std::string& lang) {
    return section && !section->slug.at(lang).empty() ? ctx.urls.section(*section, lang)
                                                      : ctx.urls.home(lang);
  };
  json view = ctx.common_view(p.lang, p.path, p.fm.title, p.summary, alternates, fallback);
  json image = lead_image_view(ctx, p);
  json page = {{"title", p.fm.title},
               {"summary", p.summary},
               // With a build cache, the key of the page's Markdown stands for its HTML in
               // the view's key; the HTML is filled in only if the page is rendered.
               {"content", p.markdown_key ? "\x01markdown " + std::to_string(p.markdown_key)
                                          : p.rendered.html},
               // null, not "": an empty string would still open {{#page.author}}.
               {"author", p.fm.author.empty() ? json(nullptr) : json(p.fm.author)},
               {"source", p.fm.source.empty() ? json(nullptr) : json(p.fm.source)},
               {"topics", ctx.topic_links(p)},
               {"has_topics", !p.fm.topics.empty()},
               {"draft", p.fm.draft},
               {"image", image}};
  if (p.fm.date) page["date"] = ctx.date_view(*p.fm.date, p.lang);
  if (p.fm.updated) page["updated"] = ctx.date_view(*p.fm.updated, p.lang);
  if (section)
    page["section"] = {{"title", ctx.cfg.text(section->title, p.lang)},
                       {"url", ctx.urls.href(ctx.urls.section(*section, p.lang))}};
  json toc = json::array();
  for (const auto& h : p.rendered.headings)
    if (h.level >= 2 && h.level <= 3)
      toc.push_back({{"id", h.id}, {"text", h.text}, {"level", std::to_string(h.level)},
                     {"sub", h.level == 3}});
  page["toc"] = toc;
  page["has_toc"] = toc.size() >= 2;
  json faq = json::array();
  for (const auto& f : p.fm.faq) faq.push_back({{"q", f.q}, {"a", f.a}});
  page["faq"] = faq;
  page["has_faq"] = !faq.empty();
  json timeline = json::array();
  for (const auto& t : p.fm.timeline)
    timeline.push_back({{"date", t.date}, {"display", timeline_display(ctx, t.date, p.lang)},
                        {"text", t.text}});
  page["timeline"] = timeline;
  page["has_timeline"] = !timeline.empty();
  json gallery = json::array();
  for (const auto& g : p.fm.gallery) {
    auto thumb = image_view(ctx, p, g.src, g.line, true, kThumbnailSizes, "gallery image");
    if (!thumb) continue;
    json full = *thumb;
    full["sizes"] = kFullSizes;
    std::string alt = ctx.cfg.text(g.alt, p.lang);
    (*thumb)["alt"] = alt;
    full["alt"] = alt;
    std::string caption = ctx.cfg.text(g.caption, p.lang);
    std::string credit = ctx.cfg.text(g.credit, p.lang);
    gallery.push_back({{"url", (*thumb)["url"]},
                       {"thumb", *thumb},
                       {"full", full},
                       {"alt", alt},
                       {"caption", caption.empty() ? json(nullptr) : json(caption)},
                       {"credit", credit.empty() ? json(nullptr) : json(credit)}});
  }
  // Each picture's full-size view is its own target (#gallery-N), reached without script.
  for (size_t i = 0; i < gallery.size(); ++i) {
    gallery[i]["id"] = "gallery-" + std::to_string(i + 1);
    gallery[i]["number"] = std::to_string(i + 1);
    gallery[i]["prev_id"] = i > 0 ? json("gallery-" + std::to_string(i)) : json(nullptr);
    gallery[i]["next_id"] = i + 1 < gallery.size() ? json("gallery-" + std::to_string(i + 2)) : json(nullptr);
  }
  page["gallery"] = gallery;
  page["has_gallery"] = !gallery.empty();
  if (!gallery.empty())
    if (auto css = ctx.assets.lookup("css/gallery.css")) {
      ctx.assets.use("css/gallery.css");
      page["gallery_css"] = ctx.urls.href(*css);
    }
  for (const auto& extend : ctx.page_view_extenders) extend(p, page);
  // Children of a section landing page: the other pages of a `pages` section.
  view["page"] = std::move(page);
  view["breadcrumbs"] = breadcrumbs(ctx, p);
  view["og"]["type"] = section && section->kind == config::SectionKind::articles ? "article" : "website";
  const json shared = share_image_view(ctx, p, image);
  if (!shared.is_null() && shared["og"].is_object()) {
    view["og"]["image"] = shared["og"]["url"];
    view["og"]["image_width"] = shared["og"]["width"];
    view["og"]["image_height"] = shared["og"]["height"];
    view["og"]["image_alt"] = shared["alt"];
  } else if (!shared.is_null()) {
    view["og"]["image"] = shared["absolute"];  // an SVG or GIF: as it is
  }

  json ld = json::array();
  if (section && section->kind == config::SectionKind::articles && p.fm.date)
    ld.push_back(news_article_ld(ctx, p, shared));
  if (!p.fm.faq.empty()) ld.push_back(faq_ld(p));
  view["json_ld"] = ld.empty() ? json(nullptr) : json(script_safe_json(ld.size() == 1 ? ld[0] : ld));

  if (p.fm.layout && !ctx.templates.has_layout(layout)) {
    ctx.diags.error(p.file, p.fm.layout->line, p.fm.layout->column, "missing-layout",
                    "layout '" + layout + "' does not exist (templates/" + layout + ".mustache)");
    return;
  }
  BuildContext::Completion complete;
  if (p.markdown_key)
    complete = [&ctx, &p](json& full) { full["page"]["content"] = ctx.html_of(p); };
  ctx.emit_page(p.path, layout, std::move(view), p.file, alternates, lastmod, complete,
                input_key);
  for (const auto& f : p.bundle_files) ctx.out.add_copy(p.path + f.name, f.source, p.file, ctx.diags);
}

/// Pages of the section lists: per section and language, one task for the parallel loop.
struct SectionList {
  const config::Section* section;
  std::map<std::string, std::vector<const Page*>> items;  // language → pages listed
  std::map<std::string, int> pages_in;                    // language → number of list pages
};

std::vector<SectionList> section_lists(const BuildContext& ctx) {
  std::vector<SectionList> lists;
  for (const auto& section : ctx.cfg.sections) {
    if (section.slug.at(ctx.cfg.default_language).empty()) continue;  // lives at the root
    SectionList& list = lists.emplace_back(SectionList{&section, {}, {}});
    for (const auto& lang : ctx.cfg.languages) {
      auto& items = list.items[lang.code] = ctx.listing(section.key, lang.code);
      list.pages_in[lang.code] =
          std::max<int>(1, static_cast<int>((items.size() + static_cast<size_t>(section.paginate) - 1) /
                                            static_cast<size_t>(section.paginate)));
    }
  }
  return lists;
}

std::vector<BuildContext::Rendered> render_section_list(const BuildContext& ctx,
                                                        const SectionList& list,
                                                        const std::string& lang) {
  const config::Section& section = *list.section;
  auto path_for = [&](const std::string& l, int n) { return ctx.urls.section(section, l, n); };
  std::string title = ctx.cfg.text(section.title, lang);
  json base;
  std::string description;
  std::string origin = "content/" + section.key + "/";
  // The landing text: _index in this language (published), else none.
  for (const auto& g : ctx.library.groups) {
    if (g.section != section.key || g.name != "_index") continue;
    if (const Page* idx = ctx.library.published_in(&g - ctx.library.groups.data(), lang)) {
      title = idx->fm.title;
      description = idx->summary;
      base["intro"] = ctx.html_of(*idx);
      origin = idx->file;
    }
  }
  if (title.empty()) title = section.key;
  base["section_key"] = section.key;
  base["kind"] = section.kind == config::SectionKind::articles ? "articles"
                 : section.kind == config::SectionKind::explainers ? "explainers" : "pages";
  return ctx.render_paginated(path_for, lang, "list", list.items.at(lang), section.paginate, base,
                              title, description, origin,
                              [&](const std::string& l) { return list.pages_in.at(l); });
}

/// The newest bulletin issue as the home page shows it: title, quarter, a few of its
/// articles and the archive; null when the site has no issues.
json current_bulletin_view(const BuildContext& ctx, const std::string& lang) {
  if (!ctx.bulletins || ctx.bulletins->issues.empty()) return nullptr;
  const BulletinIssue& issue = ctx.bulletins->issues.back();
  std::string year = std::to_string(issue.quarter.year);
  json articles = json::array();
  for (size_t group : issue.articles) {
    if (articles.size() == 4) break;
    if (const Page* p = bulletin_page_in(ctx.library, group, lang, ctx.cfg)) {
      json a = {{"title", p->fm.title}, {"url", ctx.urls.href(p->path)}};
      const config::Language* original = ctx.cfg.language(p->lang);
      if (p->lang != lang && original) a["original_lang"] = original->hreflang;
      articles.push_back(a);
    }
  }
  return {{"title", ctx.cfg.text(issue.title, lang)},
          {"url", ctx.urls.href(bulletin_issue_path(ctx.cfg, lang, issue.quarter))},
          {"quarter_label", ctx.strings.format(lang, "bulletin_quarter",
                                               {{"q", std::to_string(issue.quarter.quarter)}, {"Y", year}})},
          {"articles", articles},
          {"archive_title", ctx.cfg.text(ctx.bulletins->title, lang)},
          {"archive_url", ctx.urls.href(ctx.urls.area(ctx.cfg.bulletins, lang))}};
}

BuildContext::Rendered render_home(const BuildContext& ctx, const config::Language& lang) {
  std::string path = ctx.urls.home(lang.code);
  json view = ctx.common_view(lang.code, path, ctx.cfg.text(ctx.cfg.title, lang.code), "",
                              ctx.all_languages([&](const std::string& l) { return ctx.urls.home(l); }));
  json latest = json::array();
  json sections = json::array();
  for (const auto& s : ctx.cfg.sections) {
    auto pages = ctx.listing(s.key, lang.code);
    if (s.kind == config::SectionKind::articles) {
      for (size_t i = 0; i < pages.size() && latest.size() < 7; ++i) {
        latest.push_back(ctx.card(*pages[i]));
        latest.back()["heading"] = "3";  // under the "latest news" heading
      }
    }
    if (s.slug.at(lang.code).empty()) continue;
    json items = json::array();
    for (size_t i = 0; i < pages.size() && i < 4; ++i) items.push_back(ctx.card(*pages[i]));
    sections.push_back({{"key", s.key},
                        {"title", ctx.cfg.text(s.title, lang.code)},
                        {"url", ctx.urls.href(ctx.urls.section(s, lang.code))},
                        {"items", items},
                        {"articles", s.kind == config::SectionKind::articles}});
  }
  if (!latest.empty()) {
    view["lead"] = latest[0];
    json rest = json::array();
    for (size_t i = 1; i < latest.size(); ++i) rest.push_back(latest[i]);
    view["latest"] = rest;
  }
  view["has_latest"] = !latest.empty();
  view["bulletin"] = current_bulletin_view(ctx, lang.code);
  view["sections"] = sections;
  view["json_ld"] = script_safe_json({{"@context", "https://schema.org"},
                                      {"@type", "WebSite"},
                                      {"name", ctx.cfg.text(ctx.cfg.title, lang.code)},
                                      {"url", ctx.urls.absolute(path)},
                                      {"inLanguage", lang.hreflang}});
  return ctx.render_page(path, "home", std::move(view), "site.yaml",
                         ctx.all_languages([&](const std::string& l) { return ctx.urls.home(l); }));
}

/// The section lists, then the home pages, rendered on options.jobs threads and added in
/// that order.
void emit_lists_and_homes(BuildContext& ctx) {
  std::vector<SectionList> lists = section_lists(ctx);
  size_t langs = ctx.cfg.languages.size(), list_tasks = lists.size() * langs;
  ctx.render_parallel(list_tasks + langs, [&](size_t i) {
    if (i >= list_tasks) return std::vector{render_home(ctx, ctx.cfg.languages[i - list_tasks])};
    return render_section_list(ctx, lists[i / langs], ctx.cfg.languages[i % langs].code);
  });
}

void emit_not_found(BuildContext& ctx) {
  const std::string& lang = ctx.cfg.default_language;
  if (!ctx.templates.has_layout("404")) {
    ctx.diags.error("templates", 0, 0, "missing-layout",
                    "layout '404' does not exist (templates/404.mustache)");
    return;
  }
  json view = ctx.common_view(lang, "404.html", ctx.strings.format(lang, "not_found_title"), "", {});
  view["canonical"] = nullptr;  // served at any missing URL: no canonical
  // The 404 page is served at any depth: a note in every other language too.
  json others = json::array();
  for (const auto& l : ctx.cfg.languages)
    if (l.code != lang)
      others.push_back({{"lang", l.hreflang},
                        {"title", ctx.strings.format(l.code, "not_found_title")},
                        {"text", ctx.strings.format(l.code, "not_found_text")},
                        {"home_url", ctx.urls.href(ctx.urls.home(l.code))}});
  view["other_languages"] = others;
  ctx.out.add("404.html", ctx.render_template("404", view), "templates/404.mustache", ctx.diags);
}

/// Normalises an alias to an output folder path, or reports why it cannot be one.
std::optional<std::string> alias_path(const std::string& alias) {
  std::string a = alias;
  std::string lower = a;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  if (a.find("..") != std::string::npos || a.find('\\') != std::string::npos ||
      lower.find("%2e") != std::string::npos || lower.find("%2f") != std::string::npos ||
      lower.find("%5c") != std::string::npos || a.find("://") != std::string::npos ||
      a.find('\0') != std::string::npos)
    return std::nullopt;
  while (!a.empty() && a.front() == '/') a.erase(0, 1);
  if (a.size() >= 10 && a.compare(a.size() - 10, 10, "index.html") == 0) a.resize(a.size() - 10);
  if (a.empty()) return std::nullopt;
  if (a.back() != '/') a += '/';
  for (char c : a)
    if (static_cast<unsigned char>(c) < 0x20 || c == '?' || c == '#' || c == '"' || c == '<' || c == '>')
      return std::nullopt;
  return a;
}

void emit_aliases(BuildContext& ctx, const Page& p) {
  for (const auto& a : p.fm.aliases) {
    auto path = alias_path(a.value);
    if (!path) {
      ctx.diags.error(p.file, a.line, a.column, "bad-alias",
                      "alias '" + a.value + "' must be a site path like /old/path/ without "
                      "'..', '\\', encoded dots or a host");
      continue;
    }
    std::string target = ctx.urls.absolute(p.path);
    // Built by hand: the values are escaped here, the page has no template.
    const auto esc = text::escape_html;
    std::string html = "<!DOCTYPE html>\n<html lang=\"" + esc(ctx.cfg.language(p.lang)->hreflang) + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
           esc(p.fm.title) + "</title>\n<link rel=\"canonical\" href=\"" + esc(target) +
           "\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url=" +
           esc(target) + "\">\n</head>\n<body>\n<p><a href=\"" + esc(target) + "\">" + esc(p.fm.title) +
           "</a></p>\n</body>\n</html>\n";
    ctx.out.add(*path + "index.html", html, p.file, ctx.diags);
  }
}

}  // namespace

void publish_pages(BuildContext& ctx) {
  std::vector<const Page*> pages;
  for (const auto& p : ctx.library.pages)
    if (p.published && !p.is_section_index()) pages.push_back(&p);
  std::atomic<size_t> done{0};
  parallel_for(pages.size(), ctx.options.jobs, [&](size_t i) {
    emit_content_page(ctx, *pages[i]);
    emit_aliases(ctx, *pages[i]);
    size_t d = ++done;
    if (ctx.options.progress) ctx.options.progress(d, pages.size());
  });
  // Unpublished pages still claim their assets, so that they are not copied for them.
  for (const auto& p : ctx.library.pages)
    if (!p.published) {
      if (p.fm.image) resolve_resource(ctx, p, p.fm.image->src);
      for (const auto& g : p.fm.gallery) resolve_resource(ctx, p, g.src);
      for (const auto& img : p.rendered.images) {
        std::string rel = img.source;
        if (rel.rfind(ctx.urls.base_path() + "assets/", 0) == 0) continue;
        resolve_resource(ctx, p, rel);
      }
    }
  emit_lists_and_homes(ctx);
  emit_not_found(ctx);
}

}  // namespace ttdn::site
