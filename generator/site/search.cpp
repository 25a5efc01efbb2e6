// The search page of each language and its index files (docs/search.md): every published
// page of the language, indexed by generator/search, written under the search page's
// folder (`tim-kiem/data/…`), and read in the browser by assets/js/search.js.
#include <algorithm>
#include <unordered_set>

#include "content/datetime.h"
#include "search/gzip.h"
#include "search/index.h"
#include "site/build_cache.h"
#include "site/features.h"
#include "site/parallel.h"
#include "site/timings.h"

namespace ttdn::site {

using nlohmann::json;

namespace {

/// The pages of `lang` the search knows, oldest first, so that a new article adds an id
/// at the end instead of renumbering the others.
std::vector<content::Page*> searchable_pages(BuildContext& ctx, const std::string& lang) {
  std::vector<content::Page*> pages;
  for (auto& p : ctx.library.pages) {
    const config::Section* s = ctx.cfg.section(p.section);
    if (!p.published || p.lang != lang || !s) continue;
    // A landing text is shown on its section's list page, which a root section lacks.
    if (p.is_section_index() && s->slug.at(lang).empty()) continue;
    pages.push_back(&p);
  }
  std::stable_sort(pages.begin(), pages.end(), [](const content::Page* a, const content::Page* b) {
    int64_t da = a->fm.date ? a->fm.date->epoch : 0, db = b->fm.date ? b->fm.date->epoch : 0;
    if (da != db) return da < db;
    return a->path < b->path;
  });
  return pages;
}

/// The index entry of `p`. Its plain text is moved into it: the search index is the last
/// reader of a page's plain text, and on a large site the copies would add up. A plain
/// text an incremental build left in the cache's store stays there until the index needs
/// it (text_of).
search::Document search_document(const BuildContext& ctx, content::Page& p) {
  search::Document d;
  d.url = ctx.urls.href(p.path);
  d.title = p.fm.title;
  if (p.fm.date) {
    d.date = ctx.strings.date(p.lang, *p.fm.date);
    d.date_iso = content::format_iso(*p.fm.date);
  }
  if (const config::Section* s = ctx.cfg.section(p.section))
    d.section = ctx.cfg.text(s->title, p.lang);
  // A summary written in the front matter is not part of the body.
  d.text_key = p.fm.summary ? hash_bytes(p.summary, p.text_key) : p.text_key;
  if (p.html_in_cache) return d;
  d.text = p.fm.summary ? p.summary + "\n" + p.rendered.plain_text : std::move(p.rendered.plain_text);
  std::string().swap(p.rendered.plain_text);
  return d;
}

/// The text of `p`'s index entry that search_document left in the cache's store.
std::string text_of(const BuildContext& ctx, const content::Page& p) {
  return p.fm.summary ? p.summary + "\n" + ctx.plain_text_of(p) : ctx.plain_text_of(p);
}

/// Everything build_index reads: the pages' entries in order and the options.
uint64_t index_key(const std::vector<search::Document>& docs, const std::string& stemmer,
                   const search::IndexOptions& options) {
  uint64_t h = hash_bytes(stemmer, docs.size());
  h = hash_bytes(std::to_string(options.shard_bytes) + '/' + std::to_string(options.text_bytes), h);
  for (const auto& d : docs) {
    for (const std::string* field : {&d.url, &d.title, &d.date, &d.date_iso, &d.section})
      h = hash_bytes(*field, h ^ field->size());
    h = hash_u64(d.text_key, h);
  }
  return h;
}

/// Interface strings the script needs, plural forms kept as a map for Intl.PluralRules.
json client_strings(const BuildContext& ctx, const std::string& lang) {
  json out = json::object();
  for (const char* key :
       {"search_results", "search_results_at_least", "search_no_results", "search_loading",
        "search_more", "search_unsupported", "search_error", "search_empty"}) {
    const i18n::Entry* e = ctx.strings.find(lang, key);
    if (!e) continue;
    std::string name = std::string(key).substr(7);  // without "search_"
    if (e->plural.empty()) {
      out[name] = e->text;
    } else {
      json forms = json::object();
      for (const auto& [category, text] : e->plural) forms[category] = text;
      out[name] = forms;
    }
  }
  return out;
}

/// One language's index as publish_search prepares it.
struct LanguageIndex {
  std::string stemmer;  // its i18n name
  search::IndexOptions options;
  std::vector<const content::Page*> pages;
  std::vector<search::Document> docs;
  std::vector<std::string> terms;  // search::document_terms of each document
  uint64_t key = 0;                 // index_key, with a build cache (set by reuse_index)
  /// With a build cache: the previous build's index table, when it can be updated, and
  /// the documents whose terms that needs (set by take_table).
  std::string previous;
  std::optional<std::vector<uint32_t>> recount;
  std::vector<std::string> old_terms;  // what `previous` counted for the documents recounted
};

LanguageIndex prepare_language(BuildContext& ctx, const config::Language& lang) {
  LanguageIndex in;
  for (content::Page* p : searchable_pages(ctx, lang.code)) {
    in.pages.push_back(p);
    in.docs.push_back(search_document(ctx, *p));
  }
  in.terms.resize(in.docs.size());
  in.stemmer = ctx.strings.format(lang.code, "search_stemmer");
  in.options.stemmer = search::stemmer_named(in.stemmer);
  for (auto& d : in.docs)
    d.terms_key = hash_bytes(d.title, hash_bytes(in.stemmer, d.title.size()) ^ d.text_key);
  return in;
}

/// Where the cache keeps document `i`'s terms: its name and its key (the title, the text
/// and the stemmer).
std::pair<std::string, uint64_t> terms_memo(const LanguageIndex& in, size_t i) {
  return {std::string(1, '\0') + "search terms " + in.pages[i]->file, in.docs[i].terms_key};
}

/// Where the cache keeps the index table of the language whose index is in `dir`.
std::pair<std::string, uint64_t> table_memo(const LanguageIndex& in, const std::string& dir) {
  return {std::string(1, '\0') + "search table " + dir, hash_bytes(in.stemmer, 1)};
}

/// The terms of document `i`, or the previous build's when its title and text read the same.
void find_terms(BuildContext& ctx, LanguageIndex& in, size_t i) {
  const search::Document& d = in.docs[i];
  BuildCache* cache = ctx.options.cache.get();
  std::pair<std::string, uint64_t> memo;
  if (cache) {
    memo = terms_memo(in, i);
    if (auto kept = cache->take_bytes(memo.first, memo.second)) {
      in.terms[i] = std::move(*kept);
      return;
    }
  }
  in.terms[i] = search::document_terms(d.title, d.text.empty() ? text_of(ctx, *in.pages[i]) : d.text,
                                       in.options.stemmer);
  if (cache) cache->keep_bytes(memo.first, memo.second, in.terms[i]);
}

std::string data_dir(const BuildContext& ctx, const std::string& lang) {
  return ctx.urls.area(ctx.cfg.search, lang) + "data/";
}

/// Incremental builds: the index of a language whose pages all read the same as in the
/// previous build is that build's files, untouched; its meta file's name, or nullopt.
/// Its pages' terms are then not read, only kept for the next build.
std::optional<std::string> reuse_index(BuildContext& ctx, const config::Language& lang,
                                       LanguageIndex& in) {
  BuildCache* cache = ctx.options.cache.get();
  if (!cache) return std::nullopt;
  in.key = index_key(in.docs, in.stemmer, in.options);
  const std::string dir = data_dir(ctx, lang.code);
  auto reused = cache->reuse_group(dir, in.key, !ctx.out.keeps_names_only());
  if (!reused) return std::nullopt;
  for (auto& [file, bytes] : *reused)
    ctx.out.add_unchanged(file, std::move(bytes), "search index", ctx.diags);
  for (size_t i = 0; i < in.docs.size(); ++i) {
    auto [name, key] = terms_memo(in, i);
    cache->carry_memo(name, key);
  }
  auto [name, key] = table_memo(in, dir);
  cache->carry_memo(name, key);
  return reused->front().first.substr(dir.size());
}

/// Incremental builds: the previous build's index table of a language whose index must be
/// made, when updating it is quicker than counting every page; the pages it does not need
/// counted again have their terms carried to the next build unread.
void take_table(BuildContext& ctx, const config::Language& lang, LanguageIndex& in) {
  BuildCache* cache = ctx.options.cache.get();
  if (!cache) return;
  auto [name, key] = table_memo(in, data_dir(ctx, lang.code));
  auto previous = cache->read_bytes(name, key);
  if (!previous) return;
  in.recount = search::documents_to_recount(*previous, in.docs);
  if (!in.recount) return;
  in.previous = std::move(*previous);
  std::vector<bool> counted(in.docs.size());
  in.old_terms.resize(in.docs.size());
  for (uint32_t i : *in.recount) {
    counted[i] = true;
    // The terms its id had, kept under its name when the page there was this one.
    if (auto old_key = search::recorded_terms_key(in.previous, i))
      if (auto old = cache->read_bytes(terms_memo(in, i).first, *old_key))
        in.old_terms[i] = std::move(*old);
  }
  for (size_t i = 0; i < in.docs.size(); ++i) {
    if (counted[i]) continue;
    auto [terms_name, terms_key] = terms_memo(in, i);
    cache->carry_memo(terms_name, terms_key);
  }
}

/// Builds the index of a language (its pages' terms found): its meta file's name.
std::string build_index_files(BuildContext& ctx, const config::Language& lang, LanguageIndex in) {
  const std::string dir = data_dir(ctx, lang.code);
  search::IndexOptions& options = in.options;
  options.text = [&](uint32_t doc) { return text_of(ctx, *in.pages[doc]); };
  BuildCache* cache = ctx.options.cache.get();
  // Files the previous build published from the same contents: they stay where they are,
  // not read (when the output keeps names only) nor made or written again. After one
  // article changes, that is every page's fragment but its own and most shards.
  std::unordered_set<std::string> unchanged;
  if (cache)
    options.compress = [cache, &dir, &unchanged, read_bytes = !ctx.out.keeps_names_only()](
                           const std::string& file, uint64_t key,
                           const std::function<std::string()>& raw) {
      if (auto bytes = cache->reuse_output(dir + file, key, read_bytes)) {
        unchanged.insert(file);
        return std::move(*bytes);
      }
      std::string packed = search::gzip(raw());
      cache->keep_output(dir + file, key, packed);
      return packed;
    };
  search::Index index;
  if (in.recount) {
    try {
      index = search::update_index(in.docs, options, in.previous, std::move(in.terms),
                                   in.old_terms);
    } catch (const std::invalid_argument&) {
      // A previous table the store kept whole but that does not read: every page is counted.
      index = search::build_index(in.docs, options);
    }
  } else {
    index = search::build_index(in.docs, options, std::move(in.terms));
  }
  std::vector<std::string> paths{dir + index.meta};
  for (auto& f : index.files) {
    if (f.path != index.meta) paths.push_back(dir + f.path);
    if (unchanged.count(f.path))
      ctx.out.add_unchanged(dir + f.path, std::move(f.bytes), "search index", ctx.diags);
    else
      ctx.out.add(dir + f.path, std::move(f.bytes), "search index", ctx.diags);
  }
  if (cache) {
    cache->keep_group(dir, in.key, std::move(paths));
    auto [name, key] = table_memo(in, dir);
    cache->keep_bytes(name, key, index.table);
  }
  return index.meta;
}

/// The search page of a language, reading the index whose meta file is `meta`.
void emit_search_page(BuildContext& ctx, const config::Language& lang, const std::string& meta) {
  const auto& cfg = ctx.cfg;
  auto page_path = [&](const std::string& l) { return ctx.urls.area(cfg.search, l); };
  const std::string path = page_path(lang.code);
  std::string title = cfg.text(cfg.search.title, lang.code);
  if (title.empty()) title = ctx.strings.format(lang.code, "search");
  auto alternates = ctx.all_languages(page_path);
  json view = ctx.common_view(lang.code, path, title, "", alternates);
  ctx.assets.use("js/search.js");
  view["search"] = {
      {"index", ctx.urls.href(data_dir(ctx, lang.code) + meta)},
      {"script", ctx.urls.href(ctx.assets.lookup("js/search.js").value_or("assets/js/search.js"))},
      {"strings", client_strings(ctx, lang.code).dump()}};
  ctx.emit_page(path, "search", std::move(view), "site.yaml", alternates);
}

}  // namespace

void publish_search(BuildContext& ctx) {
  const auto& languages = ctx.cfg.languages;
  std::vector<LanguageIndex> indexes;
  for (const auto& lang : languages) indexes.push_back(prepare_language(ctx, lang));
  std::vector<std::optional<std::string>> meta(languages.size());
  parallel_for(languages.size(), ctx.options.jobs, [&](size_t l) {
    meta[l] = reuse_index(ctx, languages[l], indexes[l]);
    if (!meta[l]) take_table(ctx, languages[l], indexes[l]);
  });
  // Tokenising is most of an index's work: it is shared out page by page, not language by
  // language (one language has most of the pages).
  Phase phase("search: terms");
  std::vector<std::pair<size_t, size_t>> work;
  for (size_t l = 0; l < indexes.size(); ++l) {
    if (meta[l]) continue;
    if (indexes[l].recount)
      for (uint32_t i : *indexes[l].recount) work.emplace_back(l, i);
    else
      for (size_t i = 0; i < indexes[l].docs.size(); ++i) work.emplace_back(l, i);
  }
  parallel_for(work.size(), ctx.options.jobs,
               [&](size_t k) { find_terms(ctx, indexes[work[k].first], work[k].second); });
  phase.end();
  parallel_for(languages.size(), ctx.options.jobs, [&](size_t l) {
    if (!meta[l]) meta[l] = build_index_files(ctx, languages[l], std::move(indexes[l]));
    emit_search_page(ctx, languages[l], *meta[l]);
  });
}

}  // namespace ttdn::site
