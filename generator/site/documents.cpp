// The document library feature (SPEC §4.3): reads content/documents/, checks the
// `directives` pages give, links citations in page text to the documents' pages, fills the
// directives aside of articles and explainers, and publishes the library's list and one page
// per document with the articles that cite it, per priority.
#include <algorithm>
#include <set>
#include <utility>

#include "content/datetime.h"
#include "site/build_cache.h"
#include "site/document_index.h"
#include "site/features.h"
#include "site/parallel.h"
#include "text/unicode.h"

namespace ttdn::site {

using content::Page;
using nlohmann::json;

namespace {

/// `57-KL/TW#1.4` → {"57-KL/TW", "1.4"}.
std::pair<std::string, std::string> split_directive(const std::string& value) {
  auto hash = value.find('#');
  if (hash == std::string::npos) return {value, ""};
  return {value.substr(0, hash), value.substr(hash + 1)};
}

std::optional<int64_t> page_date(const Page& p) {
  if (p.fm.date) return p.fm.date->epoch;
  return std::nullopt;
}

std::string document_path(const BuildContext& ctx, const Document& d, const std::string& lang) {
  return ctx.urls.area(ctx.cfg.documents, lang, d.slug + "/");
}

std::string priority_anchor(const std::string& id) {
  std::string slug = text::fold_slug(id);
  return "priority-" + (slug.empty() ? std::string("x") : slug);
}

/// The area's title in `lang`: site.yaml's, else the interface string.
std::string area_title(const BuildContext& ctx, const std::string& lang) {
  std::string t = ctx.cfg.text(ctx.cfg.documents.title, lang);
  return t.empty() ? ctx.strings.format(lang, "documents_title") : t;
}

std::string type_name(const BuildContext& ctx, const std::string& type, const std::string& lang) {
  return ctx.strings.format(lang, "doc_type_" + type);
}

/// Line and column of the next occurrence of `needle` in the page body at or after
/// `from`, as lines of the source file; `from` moves past it.
std::pair<int, int> locate_in_body(const Page& p, std::string_view needle, size_t& from) {
  size_t pos = p.body.find(needle, from);
  if (pos == std::string::npos) pos = p.body.find(needle);
  if (pos == std::string::npos) return {p.body_line, 0};
  from = pos + needle.size();
  int line = p.body_line;
  size_t line_start = 0;
  for (size_t k = 0; k < pos; ++k)
    if (p.body[k] == '\n') {
      ++line;
      line_start = k + 1;
    }
  int column = 1 + static_cast<int>(text::length_in_code_points(
                       std::string_view(p.body).substr(line_start, pos - line_start)));
  return {line, column};
}

/// Checks each page's `directives`: the number must be in the library, the priority one of
/// that document's.
void check_directives(const BuildContext& ctx, const DocumentIndex& index) {
  std::vector<std::string> numbers = index.numbers();
  for (const auto& p : ctx.library.pages) {
    for (const auto& dir : p.fm.directives) {
      auto [number, priority] = split_directive(dir.value);
      if (!markdown::number_shape(number)) {
        ctx.diags.warning(p.file, dir.line, dir.column, "bad-directive",
                          "'" + number +
                              "' is not a document number (e.g. 14-HD/BTGTU, "
                              "142/KH-SNgV, 42/2022/NĐ-CP; a priority follows '#')");
        continue;
      }
      const Document* d = index.resolve(number, page_date(p));
      if (!d) {
        std::string msg =
            "document '" + number + "' is not in the document library (content/documents/)";
        if (auto near = text::nearest(number, numbers)) msg += " (did you mean '" + *near + "'?)";
        ctx.diags.warning(p.file, dir.line, dir.column, "unknown-document", msg);
        continue;
      }
      if (!priority.empty() && !d->priority(priority)) {
        std::string msg =
            "document '" + d->number + "' (" + d->file + ") has no priority '" + priority + "'";
        std::vector<std::string> ids;
        for (const auto& pr : d->priorities) ids.push_back(pr.id);
        if (ids.empty())
          msg += "; it sets no priorities";
        else if (auto near = text::nearest(priority, ids))
          msg += " (did you mean '" + *near + "'?)";
        ctx.diags.warning(p.file, dir.line, dir.column, "unknown-priority", msg);
      }
    }
  }
}

/// The directives aside of a page: documents it says it carries out, grouped, in order;
/// on explainers also the documents its text cites ("related documents").
void extend_page_view(const BuildContext& ctx, const DocumentIndex& index, const Page& p,
                      json& page) {
  struct Entry {
    std::optional<size_t> doc;
    std::string number;
    std::vector<std::string> priorities;
  };
  std::vector<Entry> entries;
  for (const auto& dir : p.fm.directives) {
    auto [number, priority] = split_directive(dir.value);
    auto d = index.resolve_index(number, page_date(p));
    auto it = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) {
      return d ? e.doc == d : (!e.doc && e.number == number);
    });
    if (it == entries.end()) {
      entries.push_back({d, d ? index.docs[*d].number : number, {}});
      it = entries.end() - 1;
    }
    if (!priority.empty() && d && index.docs[*d].priority(priority) &&
        std::find(it->priorities.begin(), it->priorities.end(), priority) == it->priorities.end())
      it->priorities.push_back(priority);
  }
  const config::Section* section = ctx.cfg.section(p.section);
  bool explainer = section && section->kind == config::SectionKind::explainers;
  size_t page_index = static_cast<size_t>(&p - ctx.library.pages.data());
  if (explainer && page_index < index.cited_in_body.size())
    for (size_t d : index.cited_in_body[page_index])
      if (std::none_of(entries.begin(), entries.end(), [&](const Entry& e) { return e.doc == d; }))
        entries.push_back({d, index.docs[d].number, {}});

  json items = json::array();
  for (const auto& e : entries) {
    json item = {{"number", e.number}, {"url", nullptr}, {"title", nullptr}, {"priority", nullptr}};
    json priorities = json::array();
    if (e.doc) {
      const Document& d = index.docs[*e.doc];
      std::string url = ctx.urls.href(document_path(ctx, d, p.lang));
      item["url"] = url;
      item["title"] = ctx.cfg.text(d.title, p.lang);
      std::string joined;
      for (const auto& id : e.priorities) {
        joined += (joined.empty() ? "" : ", ") + id;
        priorities.push_back({{"id", id},
                              {"text", ctx.cfg.text(d.priority(id)->text, p.lang)},
                              {"url", url + "#" + priority_anchor(id)}});
      }
      if (!joined.empty()) item["priority"] = joined;
    }
    item["priorities"] = priorities;
    items.push_back(item);
  }
  page["directives"] = items;
  page["has_directives"] = !items.empty();
  page["directives_related"] = explainer;
}

/// An article in a document's lists, in the language of the list when it has that version.
struct Citing {
  size_t group = 0;
  std::set<std::string> priorities;  // "" for a citation without a priority
};

json citing_item(const BuildContext& ctx, const Page& version, const std::string& lang) {
  const config::Language* l = ctx.cfg.language(version.lang);
  // The language's name in the list's language where i18n has it ("tiếng Việt").
  const i18n::Entry* name = ctx.strings.find(lang, "language_name_" + version.lang);
  std::string language = name && !name->text.empty() ? name->text : l ? l->name : version.lang;
  json item = {{"title", version.fm.title},
               {"url", ctx.urls.href(version.path)},
               {"fallback", version.lang != lang},
               {"hreflang", l ? l->hreflang : version.lang},
               {"lang_note",
                version.lang != lang
                    ? json(ctx.strings.format(lang, "doc_in_language", {{"language", language}}))
                    : json(nullptr)}};
  if (version.fm.date)
    item["date"] = ctx.date_view(*version.fm.date, lang);
  else
    item["date"] = nullptr;
  if (const config::Section* s = ctx.cfg.section(version.section))
    item["section"] = ctx.cfg.text(s->title, lang);
  return item;
}

/// The version of a translation group shown in `lang`: its own, else the default
/// language's, else the first configured language that has one.
const Page* version_for(const BuildContext& ctx, size_t group, const std::string& lang) {
  if (const Page* p = ctx.library.published_in(group, lang)) return p;
  if (const Page* p = ctx.library.published_in(group, ctx.cfg.default_language)) return p;
  for (const auto& l : ctx.cfg.languages)
    if (const Page* p = ctx.library.published_in(group, l.code)) return p;
  return nullptr;
}

/// What the citing lists need of each page (by its index in the library), found once for
/// all of them: its place in their order (newest first, then by title, then by
/// translation group) and a hash of everything citing_item reads of it.
struct CitingFacts {
  std::vector<uint32_t> rank;
  std::vector<uint64_t> key;
};

CitingFacts citing_facts(const BuildContext& ctx) {
  const std::vector<Page>& pages = ctx.library.pages;
  CitingFacts facts;
  std::vector<uint32_t> order(pages.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const Page &pa = pages[a], &pb = pages[b];
    int64_t da = pa.fm.date ? pa.fm.date->epoch : INT64_MIN;
    int64_t db = pb.fm.date ? pb.fm.date->epoch : INT64_MIN;
    if (da != db) return da > db;
    if (pa.fm.title != pb.fm.title) return pa.fm.title < pb.fm.title;
    return std::pair(pa.group, a) < std::pair(pb.group, b);
  });
  facts.rank.resize(pages.size());
  for (uint32_t r = 0; r < order.size(); ++r) facts.rank[order[r]] = r;
  facts.key.resize(pages.size());
  parallel_for(pages.size(), ctx.options.jobs, [&](size_t i) {
    const Page& v = pages[i];
    uint64_t key = 0;
    for (const std::string* field : {&v.fm.title, &v.path, &v.lang, &v.section})
      key = hash_bytes(*field, key ^ field->size());
    facts.key[i] = hash_date(v.fm.date, key);
  });
  return facts;
}

size_t index_of(const BuildContext& ctx, const Page* p) {
  return static_cast<size_t>(p - ctx.library.pages.data());
}

/// The articles of a citing list in the order shown: newest first.
std::vector<const Page*> citing_pages(const BuildContext& ctx, const CitingFacts& facts,
                                      const std::vector<size_t>& groups, const std::string& lang) {
  std::vector<const Page*> pages;
  for (size_t g : groups)
    if (const Page* v = version_for(ctx, g, lang)) pages.push_back(v);
  std::sort(pages.begin(), pages.end(), [&](const Page* a, const Page* b) {
    return facts.rank[index_of(ctx, a)] < facts.rank[index_of(ctx, b)];
  });
  return pages;
}

json citing_list(const BuildContext& ctx, const std::vector<const Page*>& pages,
                 const std::string& lang) {
  json out = json::array();
  for (const Page* v : pages) out.push_back(citing_item(ctx, *v, lang));
  return out;
}

/// A citing list as a document page's view holds it until the page is rendered: a key
/// made of everything citing_item reads (`seed`: the settings, interface strings and URL
/// root). With a build cache, a page whose key is unchanged is not rendered, so its lists,
/// which can run to thousands of articles, are not made.
std::string citing_placeholder(const BuildContext& ctx, const CitingFacts& facts,
                               const std::vector<const Page*>& pages, const std::string& lang,
                               uint64_t seed) {
  uint64_t key = hash_bytes(lang, seed ^ pages.size());
  for (const Page* v : pages) key = hash_u64(facts.key[index_of(ctx, v)], key);
  return "\x01" "citing " + std::to_string(key);
}

BuildContext::Rendered render_document(const BuildContext& ctx, const DocumentIndex& index,
                                     const CitingFacts& facts, size_t doc_index,
                                     const std::map<size_t, Citing>& citing,
                                     const std::string& lang) {
  const Document& d = index.docs[doc_index];
  auto path_for = [&](const std::string& l) { return document_path(ctx, d, l); };
  auto alternates = ctx.all_languages(path_for);
  std::string title = ctx.cfg.text(d.title, lang);
  std::string summary = ctx.cfg.text(d.summary, lang);
  json view = ctx.common_view(lang, path_for(lang), d.number + " – " + title, summary, alternates);
  view["title"] = title;
  view["breadcrumbs"] = json::array(
      {{{"title", ctx.strings.format(lang, "home")}, {"url", ctx.urls.href(ctx.urls.home(lang))}},
       {{"title", area_title(ctx, lang)},
        {"url", ctx.urls.href(ctx.urls.area(ctx.cfg.documents, lang))}}});

  json doc = {{"number", d.number},
              {"title", title},
              {"type", d.type},
              {"type_name", type_name(ctx, d.type, lang)},
              {"issuer", ctx.cfg.text(d.issuer, lang)},
              {"date", ctx.date_view(d.date, lang)},
              {"summary", summary.empty() ? json(nullptr) : json(summary)}};
  doc["date"]["iso"] = d.date_text;

  json implements = json::array();
  for (const auto& n : d.implements) {
    const Document* target = index.resolve(n.number, d.date.epoch);
    implements.push_back(
        {{"number", target ? target->number : n.number},
         {"url", target ? json(ctx.urls.href(document_path(ctx, *target, lang))) : json(nullptr)},
         {"title", target ? json(ctx.cfg.text(target->title, lang)) : json(nullptr)}});
  }
  doc["has_implements"] = !implements.empty();
  doc["implements"] = std::move(implements);

  const uint64_t seed = ctx.list_seed();  // what citing_item reads besides the pages
  // Articles per priority; those citing no priority of this document after them. The
  // lists are made when the page is rendered (`complete`).
  std::map<std::string, std::vector<size_t>> by_priority;
  std::vector<size_t> other;
  for (const auto& [group, c] : citing) {
    bool any = false;
    for (const auto& id : c.priorities)
      if (!id.empty()) {
        by_priority[id].push_back(group);
        any = true;
      }
    if (!any) other.push_back(group);
  }
  json priorities = json::array();
  std::vector<std::vector<const Page*>> lists;  // each priority's, then the others
  for (const auto& pr : d.priorities) {
    std::vector<const Page*>& pages =
        lists.emplace_back(citing_pages(ctx, facts, by_priority[pr.id], lang));
    priorities.push_back({{"id", pr.id},
                          {"anchor", priority_anchor(pr.id)},
                          {"text", ctx.cfg.text(pr.text, lang)},
                          {"has_articles", !pages.empty()},
                          {"articles", citing_placeholder(ctx, facts, pages, lang, seed)}});
  }
  doc["has_priorities"] = !priorities.empty();
  doc["priorities"] = std::move(priorities);
  std::vector<const Page*>& others = lists.emplace_back(citing_pages(ctx, facts, other, lang));
  doc["has_articles"] = !others.empty();
  doc["articles"] = citing_placeholder(ctx, facts, others, lang, seed);
  doc["cited"] = !citing.empty();

  doc["file"] = nullptr;
  if (!d.attachment.empty())
    if (auto out = ctx.assets.lookup(d.attachment)) {
      ctx.assets.use(d.attachment);
      std::string ext = std::filesystem::path(d.attachment).extension().string();
      if (!ext.empty()) ext.erase(0, 1);
      std::transform(ext.begin(), ext.end(), ext.begin(), ::toupper);
      doc["file"] = {{"url", ctx.urls.href(*out)},
                     {"name", std::filesystem::path(d.attachment).filename().string()},
                     {"format", ext}};
    }
  view["doc"] = std::move(doc);
  view["og"]["type"] = "article";
  auto complete = [&ctx, &lang, &lists](json& full) {
    json& filled = full["doc"];
    for (size_t k = 0; k + 1 < lists.size(); ++k)
      filled["priorities"][k]["articles"] = citing_list(ctx, lists[k], lang);
    filled["articles"] = citing_list(ctx, lists.back(), lang);
  };
  return ctx.render_page(path_for(lang), "document", std::move(view), d.file, alternates, "",
                         complete);
}

BuildContext::Rendered render_library(const BuildContext& ctx, const DocumentIndex& index,
                                    const std::string& lang) {
  auto path_for = [&](const std::string& l) { return ctx.urls.area(ctx.cfg.documents, l); };
  auto alternates = ctx.all_languages(path_for);
  std::string title = area_title(ctx, lang);
  json view = ctx.common_view(lang, path_for(lang), title, "", alternates);

  // Filter keys for issuers: the folded default-language name.
  std::map<std::string, std::string> issuer_keys;  // default-language name → key
  std::vector<std::string> issuer_names, issuer_values;
  for (const auto& d : index.docs) {
    std::string def = ctx.cfg.text(d.issuer, ctx.cfg.default_language);
    if (issuer_keys.count(def)) continue;
    std::string key = text::fold_slug(def);
    if (key.empty()) key = "issuer-" + std::to_string(issuer_keys.size() + 1);
    issuer_keys[def] = key;
    issuer_names.push_back(ctx.cfg.text(d.issuer, lang));
    issuer_values.push_back(key);
  }

  json years = json::array();
  std::set<std::string> types_present;
  for (size_t i = 0; i < index.docs.size(); ++i) {
    const Document& d = index.docs[i];
    if (years.empty() || years.back()["year"] != std::to_string(d.year))
      years.push_back({{"year", std::to_string(d.year)}, {"items", json::array()}});
    json date = ctx.date_view(d.date, lang);
    date["iso"] = d.date_text;
    std::string summary = ctx.cfg.text(d.summary, lang);
    years.back()["items"].push_back(
        {{"number", d.number},
         {"url", ctx.urls.href(document_path(ctx, d, lang))},
         {"title", ctx.cfg.text(d.title, lang)},
         {"type", d.type},
         {"type_name", type_name(ctx, d.type, lang)},
         {"issuer", ctx.cfg.text(d.issuer, lang)},
         {"issuer_key", issuer_keys[ctx.cfg.text(d.issuer, ctx.cfg.default_language)]},
         {"date", date}});
    types_present.insert(d.type);
  }
  json types = json::array();
  for (const auto& t : document_types())
    if (types_present.count(t)) types.push_back({{"value", t}, {"name", type_name(ctx, t, lang)}});
  json issuers = json::array();
  const config::Language* language = ctx.cfg.language(lang);
  for (size_t i : text::collation_order(issuer_names, language ? language->hreflang : lang))
    issuers.push_back({{"value", issuer_values[i]}, {"name", issuer_names[i]}});

  view["years"] = years;
  view["has_documents"] = !index.docs.empty();
  view["count_label"] =
      ctx.strings.format(lang, "documents_count", {}, static_cast<long long>(index.docs.size()));
  view["filters"] = {{"types", types},
                     {"issuers", issuers},
                     {"status_template", ctx.strings.format(lang, "doc_filter_status")}};
  auto script = ctx.assets.lookup("js/documents.js");
  view["filter_script"] = script ? json(ctx.urls.href(*script)) : json(nullptr);
  return ctx.render_page(path_for(lang), "documents", std::move(view), "content/documents/", alternates);
}

}  // namespace

void load_documents(BuildContext& ctx) {
  auto index = std::make_shared<DocumentIndex>(
      load_document_index(ctx.options.site_dir, ctx.cfg, ctx.diags));
  for (auto& d : index->docs) {
    if (d.attachment.empty()) continue;
    std::string rel = d.attachment;
    if (rel.rfind("assets/", 0) == 0) rel.erase(0, 7);
    if (!ctx.assets.lookup(rel)) {
      ctx.diags.error(d.file, d.attachment_line, d.attachment_column, "missing-file",
                      "file '" + d.attachment + "' is not under assets/");
      d.attachment.clear();
      continue;
    }
    d.attachment = rel;
  }
  check_directives(ctx, *index);
  index->cited_in_body.assign(ctx.library.pages.size(), {});

  const BuildContext& cctx = ctx;
  ctx.annotators.push_back([index, &cctx](const Page& p) -> BuildContext::Annotator {
    size_t page_index = static_cast<size_t>(&p - cctx.library.pages.data());
    auto cursors = std::make_shared<std::map<std::string, size_t>>();
    auto linker = std::make_shared<CitationLinker>(
        index, page_date(p),
        [index, &cctx, lang = p.lang](size_t doc) {
          const Document& d = index->docs[doc];
          return CitationLinker::Target{cctx.urls.href(document_path(cctx, d, lang)),
                                        cctx.cfg.text(d.title, lang)};
        },
        [&cctx, &p, cursors](const markdown::Citation& c, std::string_view text) {
          std::string_view written = text.substr(c.number_begin, c.number_length);
          auto [line, column] = locate_in_body(p, written, (*cursors)[std::string(written)]);
          cctx.diags.info(p.file, line, column, "unresolved-citation",
                          "'" + c.number +
                              "' is not in the document library "
                              "(content/documents/): the citation stays plain text");
        });
    return [linker, index, page_index](std::string_view text) {
      auto spans = (*linker)(text);
      if (page_index < index->cited_in_body.size())
        index->cited_in_body[page_index] = linker->cited();
      return spans;
    };
  });
  ctx.page_view_extenders.push_back(
      [index, &cctx](const Page& p, json& page) { extend_page_view(cctx, *index, p, page); });
  if (!index->docs.empty()) ctx.documents = index;
}

void publish_documents(BuildContext& ctx) {
  if (!ctx.documents) return;
  const DocumentIndex& index = *ctx.documents;
  // Which translation groups cite each document, and under which priorities.
  std::map<size_t, std::map<size_t, Citing>> citing;  // doc → group → citation
  for (size_t i = 0; i < ctx.library.pages.size(); ++i) {
    const Page& p = ctx.library.pages[i];
    if (!p.published) continue;
    auto cite = [&](size_t doc, const std::string& priority) {
      Citing& c = citing[doc][p.group];
      c.group = p.group;
      c.priorities.insert(priority);  // "" for a citation without a priority
    };
    for (const auto& dir : p.fm.directives) {
      auto [number, priority] = split_directive(dir.value);
      if (auto d = index.resolve_index(number, page_date(p)))
        cite(*d, index.docs[*d].priority(priority) ? priority : std::string());
    }
    if (i < index.cited_in_body.size())
      for (size_t d : index.cited_in_body[i]) cite(d, "");
  }
  static const std::map<size_t, Citing> none;
  const CitingFacts facts = citing_facts(ctx);
  // Per language: the library's list, then each document, as one task each.
  size_t per_lang = 1 + index.docs.size();
  ctx.render_parallel(ctx.cfg.languages.size() * per_lang, [&](size_t i) {
    const std::string& lang = ctx.cfg.languages[i / per_lang].code;
    size_t k = i % per_lang;
    if (k == 0) return std::vector{render_library(ctx, index, lang)};
    size_t d = k - 1;
    auto it = citing.find(d);
    return std::vector{
        render_document(ctx, index, facts, d, it != citing.end() ? it->second : none, lang)};
  });
}

}  // namespace ttdn::site
