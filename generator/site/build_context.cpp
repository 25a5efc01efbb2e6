#include "site/build_context.h"

#include <algorithm>
#include <span>

#include "content/datetime.h"
#include "site/build_cache.h"
#include "site/features.h"
#include "site/parallel.h"

namespace ttdn::site {

using nlohmann::json;

std::vector<const content::Page*> BuildContext::listing(const std::string& section,
                                                        const std::string& lang) const {
  std::vector<const content::Page*> out;
  for (const auto& p : library.pages)
    if (p.section == section && p.lang == lang && p.published && !p.is_section_index())
      out.push_back(&p);
  const config::Section* s = cfg.section(section);
  bool by_date = s && s->kind == config::SectionKind::articles;
  std::stable_sort(out.begin(), out.end(), [by_date](const content::Page* a, const content::Page* b) {
    if (by_date) {
      int64_t da = a->fm.date ? a->fm.date->epoch : 0, db = b->fm.date ? b->fm.date->epoch : 0;
      if (da != db) return da > db;
      return a->slug < b->slug;
    }
    int wa = a->fm.weight.value_or(1000000), wb = b->fm.weight.value_or(1000000);
    if (wa != wb) return wa < wb;
    return a->fm.title < b->fm.title;
  });
  return out;
}

json BuildContext::date_view(const content::DateTime& t, const std::string& lang) const {
  return {{"display", strings.date(lang, t)}, {"iso", content::format_iso(t)}};
}

json BuildContext::topic_links(const content::Page& p) const {
  json out = json::array();
  for (const auto& t : p.fm.topics)
    if (const config::Topic* topic = cfg.topic(t.value))
      out.push_back({{"name", cfg.text(topic->name, p.lang)},
                     {"url", urls.href(urls.area(cfg.topics, p.lang, topic->key + "/"))}});
  return out;
}

json BuildContext::card(const content::Page& p) const {
  json c = {{"title", p.fm.title},
            {"url", urls.href(p.path)},
            {"summary", p.summary},
            {"topics", topic_links(p)},
            {"has_topics", !p.fm.topics.empty()},
            {"draft", p.fm.draft},
            {"heading", "2"}};
  if (p.fm.date) c["date"] = date_view(*p.fm.date, p.lang);
  if (const config::Section* s = cfg.section(p.section))
    c["section"] = {{"title", cfg.text(s->title, p.lang)},
                    {"url", urls.href(urls.section(*s, p.lang))}};
  return c;
}

std::vector<Alternate> BuildContext::page_alternates(const content::Page& p) const {
  std::vector<Alternate> out;
  for (const auto& lang : cfg.languages)
    if (const content::Page* t = library.published_in(p.group, lang.code))
      out.push_back({lang.code, t->path});
  return out;
}

std::vector<Alternate> BuildContext::all_languages(
    const std::function<std::string(const std::string&)>& path_for) const {
  std::vector<Alternate> out;
  for (const auto& lang : cfg.languages) out.push_back({lang.code, path_for(lang.code)});
  return out;
}

json BuildContext::common_view(const std::string& lang, const std::string& path,
                               const std::string& title, const std::string& description,
                               const std::vector<Alternate>& alternates,
                               const std::function<std::string(const std::string&)>& fallback) const {
  const config::Language* language = cfg.language(lang);
  json v;
  v["lang"] = lang;
  v["hreflang"] = language ? language->hreflang : lang;
  v["lang_name"] = language ? language->name : lang;
  std::string site_title = cfg.text(cfg.title, lang);
  v["title"] = title;
  v["page_title"] = title.empty() || title == site_title ? site_title : title + " – " + site_title;
  v["description"] = description.empty() ? cfg.text(cfg.description, lang) : description;
  v["canonical"] = urls.absolute(path);
  v["url"] = urls.href(path);

  json alts = json::array();
  std::string x_default;
  for (const auto& a : alternates) {
    const config::Language* l = cfg.language(a.lang);
    alts.push_back({{"hreflang", l ? l->hreflang : a.lang}, {"url", urls.absolute(a.path)}});
  }
  // x-default: the default language's version, else the first language that has one.
  for (const auto& l : cfg.languages) {
    auto it = std::find_if(alternates.begin(), alternates.end(),
                           [&](const Alternate& a) { return a.lang == l.code; });
    if (it != alternates.end()) {
      x_default = urls.absolute(it->path);
      break;
    }
  }
  v["alternates"] = std::move(alts);
  v["x_default"] = x_default.empty() ? json(nullptr) : json(x_default);

  json switcher = json::array();
  for (const auto& l : cfg.languages) {
    auto it = std::find_if(alternates.begin(), alternates.end(),
                           [&](const Alternate& a) { return a.lang == l.code; });
    bool available = it != alternates.end();
    std::string target = available ? it->path : (fallback ? fallback(l.code) : urls.home(l.code));
    switcher.push_back({{"code", l.code},
                        {"name", l.name},
                        {"hreflang", l.hreflang},
                        {"url", urls.href(target)},
                        {"current", l.code == lang},
                        {"available", available}});
  }
  v["languages"] = std::move(switcher);

  json nav_items = json::array();
  for (const auto& item : nav) {
    std::string p = item.path(lang);
    bool current = !p.empty() && path.rfind(p, 0) == 0 && p != urls.home(lang);
    nav_items.push_back({{"title", cfg.text(item.title, lang)}, {"url", urls.href(p)},
                         {"current", current}});
  }
  v["nav"] = std::move(nav_items);

  v["feeds"] = feed_links(*this, lang, path);
  v["og"] = {{"type", "website"}, {"locale", v["hreflang"]}, {"site_name", site_title}};
  return v;
}

const BuildContext::SharedPart& BuildContext::shared_part(const std::string& lang) const {
  std::lock_guard lock(shared_mutex_);
  auto& part = shared_[lang];
  if (part) return *part;
  json v;
  v["t"] = strings.table(lang);
  v["site"] = {{"title", cfg.text(cfg.title, lang)},
               {"description", cfg.text(cfg.description, lang)},
               {"home_url", urls.href(urls.home(lang))},
               {"base_url", urls.base_url()}};
  v["publisher"] = {{"name", cfg.text(cfg.publisher.name, lang)},
                    {"responsible", cfg.publisher.responsible},
                    {"licence", cfg.publisher.licence},
                    {"address", cfg.text(cfg.publisher.address, lang)},
                    {"phone", cfg.publisher.phone},
                    {"email", cfg.publisher.email}};
  v["assets"] = {{"css", urls.href(assets.lookup("css/site.css").value_or("assets/css/site.css"))},
                 {"js", urls.href(assets.lookup("js/site.js").value_or("assets/js/site.js"))},
                 {"icon", urls.href(assets.lookup("favicon.svg").value_or("assets/favicon.svg"))}};
  v["search_url"] = urls.href(urls.area(cfg.search, lang));
  content::DateTime now{options.now, 7 * 60, false};
  v["year"] = std::to_string(content::civil(now).year);
  v["drafts_shown"] = options.drafts;
  // Under `ttdn serve`: {script} URL of the reload script the preview server answers.
  v["live_reload"] =
      options.serve_mode ? json{{"script", urls.href("__ttdn/reload.js")}} : json(false);
  part = std::make_unique<SharedPart>();
  part->hash = hash_json(v);
  part->view = std::make_unique<render::SharedView>(v);
  return *part;
}

const BuildContext::SharedPart* BuildContext::shared_part_of(const json& view) const {
  auto lang = view.find("lang");  // set by common_view
  return lang != view.end() && lang->is_string() ? &shared_part(lang->get_ref<const std::string&>())
                                                 : nullptr;
}

std::string BuildContext::render_template(const std::string& layout, const json& view) const {
  const SharedPart* shared = shared_part_of(view);
  return templates.render(layout, view, shared ? shared->view.get() : nullptr);
}

std::optional<uint64_t> BuildContext::input_page_key(const std::string& layout,
                                                     const std::string& lang,
                                                     uint64_t inputs) const {
  const BuildCache* cache = options.cache.get();
  if (!cache) return std::nullopt;
  // Apart from view keys (hash_json of a view), which never start from this seed's "inputs".
  return hash_bytes(layout, hash_bytes("inputs", cache->templates_hash() ^
                                                     shared_part(lang).hash ^ inputs));
}

bool BuildContext::reuse_page(const std::string& path, uint64_t key, const std::string& origin,
                              const std::string& lang, const std::vector<Alternate>& alternates,
                              const std::string& lastmod) const {
  BuildCache* cache = options.cache.get();
  if (!cache) return false;
  Rendered r;
  r.file = path + "index.html";
  std::optional<std::string> bytes =
      cache->reuse_output(r.file, key, /*read_bytes=*/!out.keeps_names_only());
  if (!bytes) return false;
  ++cache->pages_reused;
  r.bytes = std::move(*bytes);
  r.reused = true;
  r.origin = origin;
  r.page = Emitted{path, lang, lastmod, alternates};
  commit(std::move(r));
  return true;
}

BuildContext::Rendered BuildContext::render_page(const std::string& path,
                                                 const std::string& layout, json view,
                                                 const std::string& origin,
                                                 const std::vector<Alternate>& alternates,
                                                 const std::string& lastmod,
                                                 const Completion& complete,
                                                 std::optional<uint64_t> input_key) const {
  auto render = [&] {
    if (complete) complete(view);
    return render_template(layout, view);
  };
  Rendered r;
  r.file = path + "index.html";
  r.origin = origin;
  if (!templates.has_layout(layout)) {
    r.missing_layout = layout;
    return r;
  }
  if (BuildCache* cache = options.cache.get()) {
    // Mustache output is a function of the templates, the layout and the view model only.
    const SharedPart* part = shared_part_of(view);
    const uint64_t shared = part ? part->hash : 0;
    std::optional<uint64_t> key =
        input_key ? *input_key
                  : hash_json(view, hash_bytes(layout, cache->templates_hash() ^ shared));
    std::optional<std::string> bytes =
        cache->reuse_output(r.file, *key, /*read_bytes=*/!out.keeps_names_only());
    if (bytes) {
      ++cache->pages_reused;
      r.bytes = std::move(*bytes);
      r.reused = true;
    } else {
      ++cache->pages_rendered;
      r.bytes = render();
      if (key) cache->keep_output(r.file, *key, r.bytes);
    }
  } else {
    r.bytes = render();
  }
  r.page = Emitted{path, view.value("lang", ""), lastmod, alternates};
  return r;
}

void BuildContext::commit(Rendered r) const {
  if (!r.missing_layout.empty()) {
    diags.error(r.origin, 0, 0, "missing-layout",
                "layout '" + r.missing_layout + "' does not exist (templates/" +
                    r.missing_layout + ".mustache)");
    return;
  }
  if (r.reused)
    out.add_unchanged(r.file, std::move(r.bytes), r.origin, diags);
  else
    out.add(r.file, std::move(r.bytes), r.origin, diags);
  if (r.page) {
    std::lock_guard lock(emitted_mutex_);
    emitted_.push_back(std::move(*r.page));
  }
}

void BuildContext::emit_page(const std::string& path, const std::string& layout,
                             json view, const std::string& origin,
                             const std::vector<Alternate>& alternates, const std::string& lastmod,
                             const Completion& complete, std::optional<uint64_t> input_key) const {
  commit(render_page(path, layout, std::move(view), origin, alternates, lastmod, complete,
                     input_key));
}

std::string BuildContext::html_of(const content::Page& p) const {
  if (!p.html_in_cache) return p.rendered.html;
  if (BuildCache* cache = options.cache.get())
    if (auto html = cache->markdown_html(p.file, p.markdown_key)) return std::move(*html);
  cache_damaged_ = true;
  return {};
}

std::string BuildContext::plain_text_of(const content::Page& p) const {
  if (!p.html_in_cache) return p.rendered.plain_text;
  if (BuildCache* cache = options.cache.get())
    if (auto text = cache->markdown_text(p.file, p.markdown_key)) return std::move(*text);
  cache_damaged_ = true;
  return {};
}

void BuildContext::render_parallel(
    size_t count, const std::function<std::vector<Rendered>(size_t)>& task) const {
  // Each task's files are committed as soon as every task before it is: in task order,
  // without holding more than the tasks still running or waiting for an earlier one.
  std::vector<std::optional<std::vector<Rendered>>> results(count);
  std::mutex mutex;
  size_t next = 0;
  parallel_for(count, options.jobs, [&](size_t i) {
    std::vector<Rendered> files = task(i);
    std::lock_guard lock(mutex);
    results[i] = std::move(files);
    for (; next < count && results[next]; ++next) {
      for (auto& r : *results[next]) commit(std::move(r));
      results[next].reset();
    }
  });
}

std::vector<const BuildContext::Emitted*> BuildContext::emitted() const {
  std::lock_guard lock(emitted_mutex_);
  std::vector<const Emitted*> sorted;
  sorted.reserve(emitted_.size());
  for (const Emitted& e : emitted_) sorted.push_back(&e);
  std::sort(sorted.begin(), sorted.end(),
            [](const Emitted* a, const Emitted* b) { return a->path < b->path; });
  return sorted;
}

uint64_t BuildContext::list_seed() const {
  uint64_t seed = hash_bytes(urls.href(""));
  if (const BuildCache* cache = options.cache.get()) {
    seed ^= cache->input_hash("site.yaml");
    for (const auto& l : cfg.languages)
      seed = hash_bytes(l.code, seed ^ cache->input_hash("i18n/" + l.code + ".yaml"));
  }
  return seed;
}

namespace {

/// The cards of `pages` as a list page's view holds them until it is rendered: a key made
/// of everything BuildContext::card reads (`seed`: list_seed).
std::string cards_placeholder(std::span<const content::Page* const> pages, uint64_t seed) {
  uint64_t key = seed ^ pages.size();
  for (const content::Page* p : pages) {
    for (const std::string* field : {&p->fm.title, &p->path, &p->summary, &p->lang, &p->section})
      key = hash_bytes(*field, key ^ field->size());
    key = hash_date(p->fm.date, key);
    key = hash_bytes(p->fm.draft ? "draft" : "", key ^ p->fm.topics.size());
    for (const auto& t : p->fm.topics) key = hash_bytes(t.value, key ^ t.value.size());
  }
  return "\x01" "cards " + std::to_string(key);
}

}  // namespace

namespace {

/// The page numbers the pager of page `n` of `total` shows: the first and the last, and
/// two either side of `n`, in order; 0 stands for the numbers left out between two of
/// them (a gap of one number shows that number). At most nine, however long the list.
std::vector<int> pager_numbers(int n, int total) {
  std::vector<int> out;
  int last = 0;
  auto show = [&](int k) {
    if (k <= last || k > total) return;
    if (k - last == 2)
      out.push_back(last + 1);
    else if (k - last > 2)
      out.push_back(0);
    out.push_back(k);
    last = k;
  };
  show(1);
  for (int k = std::max(1, n - 2); k <= n + 2; ++k) show(k);
  show(total);
  return out;
}

}  // namespace

std::vector<BuildContext::Rendered> BuildContext::render_paginated(
    const std::function<std::string(const std::string& lang, int n)>& path_for,
    const std::string& lang, const std::string& layout,
    const std::vector<const content::Page*>& pages, int per_page, const json& base_view,
    const std::string& title, const std::string& description, const std::string& origin,
    const std::function<int(const std::string&)>& pages_in_lang) const {
  std::vector<Rendered> rendered;
  per_page = std::max(1, per_page);
  int total = std::max(1, static_cast<int>((pages.size() + static_cast<size_t>(per_page) - 1) /
                                           static_cast<size_t>(per_page)));
  const uint64_t seed = list_seed();
  for (int n = 1; n <= total; ++n) {
    std::string path = path_for(lang, n);
    std::vector<Alternate> alts;
    for (const auto& l : cfg.languages)
      if (n <= pages_in_lang(l.code)) alts.push_back({l.code, path_for(l.code, n)});
    json view = common_view(lang, path, n > 1 ? title + " – " +
                                                    strings.format(lang, "page_n_of",
                                                                   {{"n", std::to_string(n)},
                                                                    {"total", std::to_string(total)}})
                                              : title,
                            description, alts,
                            [&](const std::string& l) { return path_for(l, 1); });
    view["title"] = title;
    for (auto it = base_view.begin(); it != base_view.end(); ++it) view[it.key()] = it.value();
    const size_t first = std::min(pages.size(), static_cast<size_t>((n - 1) * per_page));
    const std::span<const content::Page* const> slice(
        pages.data() + first, std::min(pages.size() - first, static_cast<size_t>(per_page)));
    view["has_items"] = !slice.empty();
    view["items"] = cards_placeholder(slice, seed);
    json pager = {{"current", n},
                  {"total", total},
                  {"label", strings.format(lang, "page_n_of", {{"n", std::to_string(n)},
                                                               {"total", std::to_string(total)}})},
                  {"show", total > 1}};
    if (n > 1) pager["prev_url"] = urls.href(path_for(lang, n - 1));
    if (n < total) pager["next_url"] = urls.href(path_for(lang, n + 1));
    json numbers = json::array();
    for (int k : pager_numbers(n, total))
      if (k == 0)
        numbers.push_back({{"gap", true}});
      else
        numbers.push_back({{"n", std::to_string(k)}, {"url", urls.href(path_for(lang, k))},
                           {"current", k == n}});
    pager["pages"] = std::move(numbers);
    view["pagination"] = std::move(pager);
    auto complete = [this, slice](json& full) {
      json items = json::array();
      for (const content::Page* p : slice) items.push_back(card(*p));
      full["items"] = std::move(items);
    };
    rendered.push_back(render_page(path, layout, std::move(view), origin, alts, "", complete));
  }
  return rendered;
}

}  // namespace ttdn::site
