// Topic pages (paginated lists of a topic's published pages) and the topics index, with
// counts, in every language, sorted by that language's collation.
#include <algorithm>

#include "site/features.h"
#include "text/unicode.h"

namespace ttdn::site {

using nlohmann::json;

void publish_topics(BuildContext& ctx) {
  const auto& cfg = ctx.cfg;
  // Pages per topic and language, newest first, then by title.
  std::map<std::string, std::map<std::string, std::vector<const content::Page*>>> by_topic;
  for (const auto& p : ctx.library.pages) {
    if (!p.published || p.is_section_index()) continue;
    for (const auto& t : p.fm.topics)
      if (cfg.topic(t.value)) by_topic[t.value][p.lang].push_back(&p);
  }
  for (auto& [key, langs] : by_topic)
    for (auto& [lang, pages] : langs)
      std::stable_sort(pages.begin(), pages.end(), [](const content::Page* a, const content::Page* b) {
        int64_t da = a->fm.date ? a->fm.date->epoch : 0, db = b->fm.date ? b->fm.date->epoch : 0;
        if (da != db) return da > db;
        return a->fm.title < b->fm.title;
      });
  const int per_page = 20;
  auto index_path = [&](const std::string& lang) { return ctx.urls.area(cfg.topics, lang); };
  // Read-only from here on: the pages below are rendered on several threads.
  static const std::vector<const content::Page*> no_pages;
  auto pages_of = [&](const std::string& key, const std::string& lang)
      -> const std::vector<const content::Page*>& {
    auto t = by_topic.find(key);
    if (t == by_topic.end()) return no_pages;
    auto l = t->second.find(lang);
    return l == t->second.end() ? no_pages : l->second;
  };

  auto render_index = [&](const config::Language& lang) {
    std::vector<std::string> names;
    for (const auto& t : cfg.topic_terms) names.push_back(cfg.text(t.name, lang.code));
    json items = json::array();
    for (size_t i : text::collation_order(names, lang.code)) {
      const auto& t = cfg.topic_terms[i];
      size_t count = pages_of(t.key, lang.code).size();
      if (count == 0) continue;  // no empty topic pages
      items.push_back({{"key", t.key},
                       {"name", names[i]},
                       {"url", ctx.urls.href(ctx.urls.area(cfg.topics, lang.code, t.key + "/"))},
                       {"count", std::to_string(count)},
                       {"count_label", ctx.strings.format(lang.code, "articles_count", {},
                                                          static_cast<long long>(count))}});
    }
    std::string title = cfg.text(cfg.topics.title, lang.code);
    if (title.empty()) title = ctx.strings.format(lang.code, "topics");
    json view = ctx.common_view(lang.code, index_path(lang.code), title, "",
                                ctx.all_languages(index_path));
    view["items"] = items;
    view["has_items"] = !items.empty();
    return std::vector{ctx.render_page(index_path(lang.code), "topics", std::move(view), "site.yaml",
                                       ctx.all_languages(index_path))};
  };

  auto render_topic = [&](const config::Topic& t, const config::Language& lang) {
    const auto& pages = pages_of(t.key, lang.code);
    if (pages.empty()) return std::vector<BuildContext::Rendered>{};
    auto path_for = [&](const std::string& l, int n) {
      return UrlScheme::paginated(ctx.urls.area(cfg.topics, l, t.key + "/"), n);
    };
    json base = {{"topic", {{"key", t.key}, {"name", cfg.text(t.name, lang.code)}}},
                 {"topics_url", ctx.urls.href(index_path(lang.code))}};
    return ctx.render_paginated(path_for, lang.code, "topic", pages, per_page, base,
                                cfg.text(t.name, lang.code), "", "site.yaml",
                                [&](const std::string& l) {
                                  size_t n = pages_of(t.key, l).size();
                                  return n == 0 ? 0 : static_cast<int>((n + per_page - 1) / per_page);
                                });
  };

  // Per language: the index, then each topic, as one task each.
  size_t per_lang = 1 + cfg.topic_terms.size();
  ctx.render_parallel(cfg.languages.size() * per_lang, [&](size_t i) {
    const config::Language& lang = cfg.languages[i / per_lang];
    size_t k = i % per_lang;
    return k == 0 ? render_index(lang) : render_topic(cfg.topic_terms[k - 1], lang);
  });
}

}  // namespace ttdn::site
