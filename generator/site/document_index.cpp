#include "site/document_index.h"

#include <algorithm>
#include <set>

#include "config/yaml.h"
#include "content/source_reader.h"
#include "text/unicode.h"

namespace ttdn::site {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string>& known_fields() {
  static const std::vector<std::string> fields = {
      "number", "type", "issuer", "date", "title", "summary", "implements", "priorities", "file"};
  return fields;
}

/// A translated field whose default-language text is required; other languages fall back
/// to it with a warning when `warn_missing`.
std::optional<config::LangMap> required_text(const YAML::Node& root, const std::string& field,
                                             const yaml::Origin& origin,
                                             const config::SiteConfig& cfg, bool warn_missing,
                                             diag::Diagnostics& diags) {
  const YAML::Node node = root[field];
  if (!node) {
    diags.error(origin.file, 1, 1, "missing-field", "document has no '" + field + "' (required)");
    return std::nullopt;
  }
  auto map =
      yaml::as_lang_map(node, origin, field, cfg.language_codes(), cfg.default_language, diags);
  if (!map) return std::nullopt;
  auto def = map->find(cfg.default_language);
  if (def == map->end() || def->second.empty()) {
    diags.error(
        origin.file, yaml::line_of(node, origin), yaml::column_of(node), "missing-field",
        "'" + field + "' needs a text in the default language '" + cfg.default_language + "'");
    return std::nullopt;
  }
  if (warn_missing)
    for (const auto& lang : cfg.languages) {
      auto it = map->find(lang.code);
      if (it != map->end() && !it->second.empty()) continue;
      diags.warning(origin.file, yaml::line_of(node, origin), yaml::column_of(node),
                    "missing-translation",
                    "'" + field + "' has no '" + lang.code + "' text; the '" +
                        cfg.default_language + "' text is used");
    }
  return map;
}

std::optional<std::string> read_number(const YAML::Node& node, const yaml::Origin& origin,
                                       const std::string& what, diag::Diagnostics& diags,
                                       bool error) {
  auto s = yaml::as_string(node, origin, what, diags);
  if (!s) return std::nullopt;
  if (markdown::number_shape(*s)) return s;
  std::string msg = "'" + *s +
                    "' is not a document number: expected a Party number like "
                    "14-HD/BTGTU, a state number like 142/KH-SNgV, or one with its year like "
                    "42/2022/NĐ-CP";
  if (error) {
    diags.error(origin.file, yaml::line_of(node, origin), yaml::column_of(node), "bad-number", msg);
    return std::nullopt;
  }
  diags.warning(origin.file, yaml::line_of(node, origin), yaml::column_of(node), "bad-number", msg);
  return s;
}

void read_priorities(const YAML::Node& node, const yaml::Origin& origin,
                     const config::SiteConfig& cfg, Document& d, bool& ok,
                     diag::Diagnostics& diags) {
  if (!node.IsSequence()) {
    diags.error(origin.file, yaml::line_of(node, origin), yaml::column_of(node), "wrong-type",
                "'priorities' must be a list of {id, text}");
    ok = false;
    return;
  }
  std::map<std::string, int> seen;  // id → line
  for (const auto& item : node) {
    if (!item.IsMap()) {
      diags.error(origin.file, yaml::line_of(item, origin), yaml::column_of(item), "wrong-type",
                  "a priority must be a map {id, text}");
      ok = false;
      continue;
    }
    yaml::warn_unknown_keys(item, origin, {"id", "text"}, "priority field", diags);
    DocumentPriority p;
    if (!item["id"]) {
      diags.error(origin.file, yaml::line_of(item, origin), yaml::column_of(item), "missing-field",
                  "priority has no 'id'");
      ok = false;
      continue;
    }
    auto id = yaml::as_string(item["id"], origin, "id", diags);
    if (!id || id->empty()) {
      if (id)
        diags.error(origin.file, yaml::line_of(item["id"], origin), yaml::column_of(item["id"]),
                    "missing-field", "priority 'id' is empty");
      ok = false;
      continue;
    }
    p.id = *id;
    int line = yaml::line_of(item["id"], origin);
    if (auto it = seen.find(p.id); it != seen.end()) {
      diags.error(
          origin.file, line, yaml::column_of(item["id"]), "duplicate-priority",
          "priority '" + p.id + "' is already defined on line " + std::to_string(it->second));
      ok = false;
      continue;
    }
    seen[p.id] = line;
    if (auto text = required_text(item, "text", origin, cfg, false, diags)) {
      p.text = *text;
    } else {
      ok = false;
      continue;
    }
    d.priorities.push_back(std::move(p));
  }
}

}  // namespace

const std::vector<std::string>& document_types() {
  static const std::vector<std::string> types = {
      "huong-dan",  "ke-hoach",  "ket-luan", "nghi-quyet", "chi-thi",
      "quyet-dinh", "nghi-dinh", "thong-tu", "cong-van",   "chuong-trinh"};
  return types;
}

const DocumentPriority* Document::priority(const std::string& id) const {
  for (const auto& p : priorities)
    if (p.id == id) return &p;
  return nullptr;
}

std::string document_slug(std::string_view number, int year) {
  std::string slug = text::fold_slug(number);
  if (markdown::number_year(number)) return slug;
  return slug + "-" + std::to_string(year);
}

std::optional<Document> parse_document(const std::string& text, const std::string& file,
                                       const config::SiteConfig& cfg, diag::Diagnostics& diags) {
  yaml::Origin origin{file, 0};
  auto parsed = yaml::parse(text, origin, diags);
  if (!parsed) return std::nullopt;
  const YAML::Node root = *parsed;
  if (!root.IsMap()) {
    diags.error(file, 1, 1, "wrong-type",
                "a document file is a map of fields: number, type, issuer, date, title…");
    return std::nullopt;
  }
  yaml::warn_unknown_keys(root, origin, known_fields(), "document field", diags);
  Document d;
  d.file = file;
  bool ok = true;

  if (!root["number"]) {
    diags.error(file, 1, 1, "missing-field", "document has no 'number' (required)");
    ok = false;
  } else if (auto n = read_number(root["number"], origin, "number", diags, true)) {
    d.number = *n;
    d.number_line = yaml::line_of(root["number"], origin);
    d.key = markdown::number_key(d.number);
    d.shape = *markdown::number_shape(d.number);
  } else {
    ok = false;
  }

  if (!root["type"]) {
    diags.error(file, 1, 1, "missing-field", "document has no 'type' (required)");
    ok = false;
  } else if (auto t = yaml::as_string(root["type"], origin, "type", diags)) {
    const auto& types = document_types();
    if (std::find(types.begin(), types.end(), *t) == types.end()) {
      std::string msg = "unknown document type '" + *t + "'";
      if (auto near = text::nearest(*t, types)) msg += " (did you mean '" + *near + "'?)";
      msg += "; the types are";
      for (const auto& k : types) msg += " " + k;
      diags.error(file, yaml::line_of(root["type"], origin), yaml::column_of(root["type"]),
                  "unknown-type", msg);
      ok = false;
    } else {
      d.type = *t;
    }
  } else {
    ok = false;
  }

  if (!root["date"]) {
    diags.error(file, 1, 1, "missing-field", "document has no 'date' (required)");
    ok = false;
  } else if (auto s = yaml::as_string(root["date"], origin, "date", diags)) {
    auto t = s->size() == 10 ? content::parse_datetime(*s) : std::nullopt;
    if (!t) {
      diags.error(file, yaml::line_of(root["date"], origin), yaml::column_of(root["date"]),
                  "bad-date", "'date' must be a date YYYY-MM-DD, not '" + *s + "'");
      ok = false;
    } else {
      d.date = *t;
      d.date_text = *s;
      d.year = content::civil(*t).year;
    }
  } else {
    ok = false;
  }

  if (auto issuer = required_text(root, "issuer", origin, cfg, true, diags))
    d.issuer = *issuer;
  else
    ok = false;
  if (auto title = required_text(root, "title", origin, cfg, true, diags))
    d.title = *title;
  else
    ok = false;
  if (root["summary"]) {
    if (auto summary = yaml::as_lang_map(root["summary"], origin, "summary", cfg.language_codes(),
                                         cfg.default_language, diags))
      d.summary = *summary;
  }

  if (const YAML::Node impl = root["implements"]) {
    if (!impl.IsSequence()) {
      diags.error(file, yaml::line_of(impl, origin), yaml::column_of(impl), "wrong-type",
                  "'implements' must be a list of document numbers");
      ok = false;
    } else {
      for (const auto& item : impl)
        if (auto n = read_number(item, origin, "implements item", diags, false))
          d.implements.push_back({*n, yaml::line_of(item, origin), yaml::column_of(item)});
    }
  }

  if (const YAML::Node pr = root["priorities"]) read_priorities(pr, origin, cfg, d, ok, diags);

  if (const YAML::Node f = root["file"]) {
    if (auto s = yaml::as_string(f, origin, "file", diags)) {
      d.attachment = *s;
      d.attachment_line = yaml::line_of(f, origin);
      d.attachment_column = yaml::column_of(f);
    }
  }

  if (ok && d.shape == markdown::NumberShape::state_with_year && d.year != 0) {
    int in_number = *markdown::number_year(d.number);
    if (in_number != d.year)
      diags.warning(file, yaml::line_of(root["date"], origin), yaml::column_of(root["date"]),
                    "date-mismatch",
                    "the number '" + d.number + "' holds the year " + std::to_string(in_number) +
                        " but 'date' is in " + std::to_string(d.year));
  }
  if (!ok) return std::nullopt;
  d.slug = document_slug(d.number, d.year);
  return d;
}

void DocumentIndex::build(std::vector<Document> parsed, diag::Diagnostics& diags) {
  std::map<std::string, const Document*> by_slug;
  std::vector<Document> kept;
  for (auto& d : parsed) {
    auto it = by_slug.find(d.slug);
    if (it != by_slug.end()) {
      diags.error(d.file, d.number_line, 1, "duplicate-document",
                  "'" + d.number + "' of " + d.date_text + " has the page slug '" + d.slug +
                      "' of " + it->second->file + " ('" + it->second->number + "' of " +
                      it->second->date_text + "): two documents cannot share a page");
      continue;
    }
    by_slug[d.slug] = &d;
    kept.push_back(d);
  }
  std::stable_sort(kept.begin(), kept.end(), [](const Document& a, const Document& b) {
    if (a.date.epoch != b.date.epoch) return a.date.epoch > b.date.epoch;
    return a.number < b.number;
  });
  docs = std::move(kept);
  by_key_.clear();
  for (size_t i = docs.size(); i-- > 0;) by_key_[docs[i].key].push_back(i);  // oldest first
}

const std::vector<size_t>* DocumentIndex::with_key(const std::string& key) const {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : &it->second;
}

std::optional<size_t> DocumentIndex::resolve_index(
    std::string_view number, std::optional<int64_t> when,
    const std::optional<markdown::CitedDate>& stated) const {
  const auto* all = with_key(markdown::number_key(number));
  if (!all || all->empty()) return std::nullopt;
  const std::vector<size_t>* candidates = all;
  std::vector<size_t> matching;
  if (stated && stated->year != 0) {
    for (size_t i : *all) {
      content::CivilDate c = content::civil(docs[i].date);
      if (c.year == stated->year && (stated->month == 0 || c.month == stated->month) &&
          (stated->day == 0 || c.day == stated->day))
        matching.push_back(i);
    }
    if (!matching.empty()) candidates = &matching;
  }
  if (!when) return candidates->back();
  std::optional<size_t> best;
  for (size_t i : *candidates)
    if (docs[i].date.epoch <= *when) best = i;  // oldest first: the last one wins
  return best ? *best : candidates->front();
}

const Document* DocumentIndex::resolve(std::string_view number, std::optional<int64_t> when,
                                       const std::optional<markdown::CitedDate>& stated) const {
  auto i = resolve_index(number, when, stated);
  return i ? &docs[*i] : nullptr;
}

std::vector<std::string> DocumentIndex::numbers() const {
  std::set<std::string> unique;
  for (const auto& d : docs) unique.insert(d.number);
  return {unique.begin(), unique.end()};
}

DocumentIndex load_document_index(const fs::path& site_dir, const config::SiteConfig& cfg,
                                  diag::Diagnostics& diags) {
  DocumentIndex index;
  fs::path dir = site_dir / "content" / "documents";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return index;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (!name.empty() && name[0] == '.') continue;
    std::string rel = "content/documents/" + name;
    if (e.is_directory(ec)) {
      diags.warning(rel, 0, 0, "unknown-file", "folders in content/documents/ are ignored");
      continue;
    }
    if (e.path().extension() != ".yaml" && e.path().extension() != ".yml") {
      diags.warning(rel, 0, 0, "unknown-file",
                    "content/documents/ holds one .yaml file per document; this file is ignored");
      continue;
    }
    files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Document> parsed;
  for (const auto& path : files) {
    std::string rel = "content/documents/" + path.filename().string();
    auto text = content::read_source(path, rel, diags);
    if (!text) continue;
    if (auto d = parse_document(*text, rel, cfg, diags)) parsed.push_back(std::move(*d));
  }
  index.build(std::move(parsed), diags);
  return index;
}

CitationLinker::CitationLinker(
    std::shared_ptr<const DocumentIndex> index, std::optional<int64_t> page_date,
    std::function<Target(size_t doc)> target,
    std::function<void(const markdown::Citation&, std::string_view text)> on_unresolved)
    : index_(std::move(index)),
      page_date_(page_date),
      target_(std::move(target)),
      on_unresolved_(std::move(on_unresolved)) {}

std::vector<markdown::Annotation> CitationLinker::operator()(std::string_view text) {
  std::vector<markdown::Annotation> out;
  for (const auto& c : markdown::find_citations(text)) {
    auto doc = index_ ? index_->resolve_index(c.number, page_date_, c.date) : std::nullopt;
    if (!doc) {
      if (on_unresolved_) on_unresolved_(c, text);
      continue;
    }
    Target t = target_(*doc);
    markdown::Annotation a;
    a.begin = c.begin;
    a.length = c.length;
    a.href = t.href;
    a.link_title = t.title;
    out.push_back(std::move(a));
    if (std::find(cited_.begin(), cited_.end(), *doc) == cited_.end()) cited_.push_back(*doc);
  }
  return out;
}

}  // namespace ttdn::site
