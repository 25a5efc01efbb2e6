#include "config/site_config.h"

#include <algorithm>

#include "content/source_reader.h"
#include "io/files.h"

namespace ttdn::config {
namespace {

const char* kFile = "site.yaml";

/// Reads a language map, then reports languages it lacks: missing in the default
/// language is an error, elsewhere a warning (the default language's text is used).
std::optional<LangMap> read_translated(const YAML::Node& parent, const std::string& field,
                                       const yaml::Origin& origin, const SiteConfig& cfg,
                                       diag::Diagnostics& diags, bool required,
                                       bool allow_empty = false) {
  const YAML::Node node = parent[field];
  if (!node) {
    if (required)
      diags.error(origin.file, yaml::line_of(parent, origin), yaml::column_of(parent),
                  "missing-field", "'" + field + "' is required");
    return std::nullopt;
  }
  auto map = yaml::as_lang_map(node, origin, field, cfg.language_codes(), cfg.default_language,
                               diags);
  if (!map) return std::nullopt;
  for (const auto& lang : cfg.languages) {
    auto it = map->find(lang.code);
    bool missing = it == map->end() || (!allow_empty && it->second.empty());
    if (!missing) continue;
    if (lang.code == cfg.default_language)
      diags.error(origin.file, yaml::line_of(node, origin), yaml::column_of(node),
                  "missing-translation",
                  "'" + field + "' has no text in the default language '" + lang.code + "'");
    else
      diags.warning(origin.file, yaml::line_of(node, origin), yaml::column_of(node),
                    "missing-translation",
                    "'" + field + "' has no '" + lang.code + "' text; the '" +
                        cfg.default_language + "' text is used");
  }
  return map;
}

bool valid_slug_segment(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

void read_area(const YAML::Node& root, const std::string& key, Area& area,
               const std::string& default_slug, const yaml::Origin& origin,
               const SiteConfig& cfg, diag::Diagnostics& diags) {
  const YAML::Node node = root[key];
  for (const auto& lang : cfg.languages) area.slug[lang.code] = default_slug;
  if (!node) return;
  if (!node.IsMap()) {
    diags.error(origin.file, yaml::line_of(node, origin), yaml::column_of(node), "wrong-type",
                "'" + key + "' must be a map with 'slug' (and optionally 'title')");
    return;
  }
  yaml::warn_unknown_keys(node, origin, {"slug", "title", "terms"}, "field of '" + key + "'",
                          diags);
  if (auto slug = read_translated(node, "slug", origin, cfg, diags, false)) {
    for (auto& [lang, s] : *slug) {
      if (!valid_slug_segment(s) || s.empty())
        diags.error(origin.file, yaml::line_of(node["slug"], origin),
                    yaml::column_of(node["slug"]), "bad-slug",
                    "slug '" + s + "' of '" + key + "' must be lower-case a-z, 0-9 and '-'");
      area.slug[lang] = s;
    }
    for (const auto& lang : cfg.languages)
      if (!slug->count(lang.code)) area.slug[lang.code] = slug->count(cfg.default_language)
                                                              ? slug->at(cfg.default_language)
                                                              : default_slug;
  }
  if (auto title = read_translated(node, "title", origin, cfg, diags, false))
    area.title = *title;
}

}  // namespace

std::vector<std::string> SiteConfig::language_codes() const {
  std::vector<std::string> out;
  for (const auto& l : languages) out.push_back(l.code);
  return out;
}

const Language* SiteConfig::language(const std::string& code) const {
  for (const auto& l : languages)
    if (l.code == code) return &l;
  return nullptr;
}

const Section* SiteConfig::section(const std::string& key) const {
  for (const auto& s : sections)
    if (s.key == key) return &s;
  return nullptr;
}

const Topic* SiteConfig::topic(const std::string& key) const {
  for (const auto& t : topic_terms)
    if (t.key == key) return &t;
  return nullptr;
}

std::string SiteConfig::text(const LangMap& map, const std::string& lang) const {
  if (auto it = map.find(lang); it != map.end() && !it->second.empty()) return it->second;
  if (auto it = map.find(default_language); it != map.end()) return it->second;
  return "";
}

std::optional<SiteConfig> parse_site_config(const std::string& source, diag::Diagnostics& diags) {
  yaml::Origin origin{kFile, 0};
  auto parsed = yaml::parse(source, origin, diags);
  if (!parsed) return std::nullopt;
  const YAML::Node root = *parsed;
  if (!root.IsMap()) {
    diags.error(kFile, 1, 1, "wrong-type", "site.yaml must be a map of settings");
    return std::nullopt;
  }
  size_t errors_before = diags.count(diag::Severity::error);
  SiteConfig cfg;
  yaml::warn_unknown_keys(root, origin,
                          {"title", "description", "base_url", "default_language", "languages",
                           "sections", "bulletins", "documents", "topics", "search", "glossary",
                           "publisher", "markdown"},
                          "setting", diags);

  // Languages come first: every translatable value is checked against them.
  const YAML::Node langs = root["languages"];
  if (!langs || !langs.IsSequence() || langs.size() == 0) {
    diags.error(kFile, langs ? yaml::line_of(langs, origin) : 1, 1, "missing-field",
                "'languages' must be a non-empty list of {code, name, hreflang}");
    return std::nullopt;
  }
  for (const auto& l : langs) {
    Language lang;
    if (!l.IsMap() || !l["code"] || !l["code"].IsScalar()) {
      diags.error(kFile, yaml::line_of(l, origin), yaml::column_of(l), "wrong-type",
                  "each language needs a 'code'");
      continue;
    }
    yaml::warn_unknown_keys(l, origin, {"code", "name", "hreflang"}, "language field", diags);
    lang.code = l["code"].Scalar();
    if (lang.code.empty() || !valid_slug_segment(lang.code))
      diags.error(kFile, yaml::line_of(l["code"], origin), yaml::column_of(l["code"]),
                  "bad-language", "language code '" + lang.code + "' must be lower-case a-z");
    lang.name = l["name"] && l["name"].IsScalar() ? l["name"].Scalar() : lang.code;
    lang.hreflang = l["hreflang"] && l["hreflang"].IsScalar() ? l["hreflang"].Scalar() : lang.code;
    if (cfg.language(lang.code))
      diags.error(kFile, yaml::line_of(l, origin), yaml::column_of(l), "duplicate-language",
                  "language '" + lang.code + "' is listed twice");
    cfg.languages.push_back(lang);
  }
  if (cfg.languages.empty()) return std::nullopt;

  if (root["default_language"]) {
    if (auto s = yaml::as_string(root["default_language"], origin, "default_language", diags))
      cfg.default_language = *s;
  } else {
    cfg.default_language = cfg.languages.front().code;
  }
  if (!cfg.language(cfg.default_language)) {
    diags.error(kFile, yaml::line_of(root["default_language"], origin), 1, "bad-language",
                "default_language '" + cfg.default_language + "' is not in 'languages'");
    return std::nullopt;
  }

  if (auto t = read_translated(root, "title", origin, cfg, diags, true)) cfg.title = *t;
  if (auto t = read_translated(root, "description", origin, cfg, diags, false))
    cfg.description = *t;

  if (auto url = root["base_url"] ? yaml::as_string(root["base_url"], origin, "base_url", diags)
                                  : std::nullopt) {
    cfg.base_url = *url;
    if (cfg.base_url.rfind("http://", 0) != 0 && cfg.base_url.rfind("https://", 0) != 0)
      diags.error(kFile, yaml::line_of(root["base_url"], origin),
                  yaml::column_of(root["base_url"]), "bad-base-url",
                  "base_url must be absolute (http:// or https://)");
    if (cfg.base_url.empty() || cfg.base_url.back() != '/') cfg.base_url += '/';
  } else {
    diags.error(kFile, 1, 1, "missing-field", "'base_url' is required");
  }

  const YAML::Node sections = root["sections"];
  if (sections && !sections.IsMap()) {
    diags.error(kFile, yaml::line_of(sections, origin), yaml::column_of(sections), "wrong-type",
                "'sections' must be a map from content folder to settings");
  } else if (sections) {
    for (const auto& kv : sections) {
      Section s;
      s.key = kv.first.Scalar();
      const YAML::Node node = kv.second;
      if (!valid_slug_segment(s.key) || s.key.empty())
        diags.error(kFile, yaml::line_of(kv.first, origin), yaml::column_of(kv.first),
                    "bad-section", "section key '" + s.key + "' must be a folder name a-z0-9-");
      if (!node.IsMap()) {
        diags.error(kFile, yaml::line_of(node, origin), yaml::column_of(node), "wrong-type",
                    "section '" + s.key + "' must be a map with kind and slug");
        continue;
      }
      yaml::warn_unknown_keys(node, origin, {"kind", "slug", "title", "paginate"},
                              "section field", diags);
      std::string kind = node["kind"] && node["kind"].IsScalar() ? node["kind"].Scalar() : "";
      if (kind == "articles") s.kind = SectionKind::articles;
      else if (kind == "explainers") s.kind = SectionKind::explainers;
      else if (kind == "pages") s.kind = SectionKind::pages;
      else
        diags.error(kFile, yaml::line_of(node["kind"] ? node["kind"] : node, origin),
                    yaml::column_of(node["kind"] ? node["kind"] : node), "bad-kind",
                    "section '" + s.key + "' kind must be articles, explainers or pages");
      if (auto slug = read_translated(node, "slug", origin, cfg, diags, true, true)) {
        for (const auto& lang : cfg.languages) {
          std::string v = cfg.text(*slug, lang.code);
          if (!valid_slug_segment(v))
            diags.error(kFile, yaml::line_of(node["slug"], origin),
                        yaml::column_of(node["slug"]), "bad-slug",
                        "slug '" + v + "' of section '" + s.key +
                            "' must be lower-case a-z, 0-9 and '-'");
          s.slug[lang.code] = v;
        }
      }
      if (auto title = read_translated(node, "title", origin, cfg, diags, false)) s.title = *title;
      if (node["paginate"])
        if (auto n = yaml::as_int(node["paginate"], origin, "paginate", diags)) {
          if (*n < 1 || *n > 10000)
            diags.error(kFile, yaml::line_of(node["paginate"], origin),
                        yaml::column_of(node["paginate"]), "bad-value",
                        "paginate must be between 1 and 10000");
          else
            s.paginate = static_cast<int>(*n);
        }
      cfg.sections.push_back(std::move(s));
    }
  }

  read_area(root, "bulletins", cfg.bulletins, "bulletins", origin, cfg, diags);
  read_area(root, "documents", cfg.documents, "documents", origin, cfg, diags);
  read_area(root, "topics", cfg.topics, "topics", origin, cfg, diags);
  read_area(root, "search", cfg.search, "search", origin, cfg, diags);
  read_area(root, "glossary", cfg.glossary, "glossary", origin, cfg, diags);

  // Not a map: read_area has said so; its terms are not looked for.
  const YAML::Node topics = root["topics"];
  if (const YAML::Node terms = topics && topics.IsMap() ? topics["terms"] : YAML::Node()) {
    if (!terms.IsMap()) {
      diags.error(kFile, yaml::line_of(terms, origin), yaml::column_of(terms), "wrong-type",
                  "'topics.terms' must be a map from key to names");
    } else {
      for (const auto& kv : terms) {
        Topic t;
        t.key = kv.first.Scalar();
        if (!valid_slug_segment(t.key) || t.key.empty())
          diags.error(kFile, yaml::line_of(kv.first, origin), yaml::column_of(kv.first),
                      "bad-slug", "topic key '" + t.key + "' must be lower-case a-z, 0-9 and '-'");
        YAML::Node holder;
        holder["name"] = kv.second;
        auto name = yaml::as_lang_map(kv.second, origin, "topics.terms." + t.key,
                                      cfg.language_codes(), cfg.default_language, diags);
        if (name) {
          t.name = *name;
          for (const auto& lang : cfg.languages)
            if (!t.name.count(lang.code)) {
              if (lang.code == cfg.default_language)
                diags.error(kFile, yaml::line_of(kv.second, origin), yaml::column_of(kv.second),
                            "missing-translation",
                            "topic '" + t.key + "' has no name in the default language");
              else
                diags.warning(kFile, yaml::line_of(kv.second, origin),
                              yaml::column_of(kv.second), "missing-translation",
                              "topic '" + t.key + "' has no '" + lang.code + "' name");
            }
        }
        cfg.topic_terms.push_back(std::move(t));
      }
    }
  }

  if (const YAML::Node pub = root["publisher"]) {
    if (!pub.IsMap()) {
      diags.error(kFile, yaml::line_of(pub, origin), yaml::column_of(pub), "wrong-type",
                  "'publisher' must be a map");
    } else {
      yaml::warn_unknown_keys(pub, origin,
                              {"name", "responsible", "licence", "address", "phone", "email"},
                              "publisher field", diags);
      if (auto v = read_translated(pub, "name", origin, cfg, diags, true)) cfg.publisher.name = *v;
      if (auto v = read_translated(pub, "address", origin, cfg, diags, false))
        cfg.publisher.address = *v;
      auto scalar = [&](const char* key, std::string& into) {
        if (pub[key])
          if (auto s = yaml::as_string(pub[key], origin, std::string("publisher.") + key, diags))
            into = *s;
      };
      scalar("responsible", cfg.publisher.responsible);
      scalar("licence", cfg.publisher.licence);
      scalar("phone", cfg.publisher.phone);
      scalar("email", cfg.publisher.email);
    }
  } else {
    diags.warning(kFile, 1, 1, "missing-field",
                  "no 'publisher': Vietnamese rules ask for the publisher in every page footer");
  }

  const YAML::Node md = root["markdown"];
  if (md && !md.IsMap()) {
    diags.error(kFile, yaml::line_of(md, origin), yaml::column_of(md), "wrong-type",
                "'markdown' must be a map of settings, like 'unsafe_html: false'");
  } else if (md) {
    yaml::warn_unknown_keys(md, origin, {"unsafe_html"}, "markdown setting", diags);
    if (md["unsafe_html"])
      if (auto b = yaml::as_bool(md["unsafe_html"], origin, "markdown.unsafe_html", diags))
        cfg.unsafe_html = *b;
  }

  // Two areas or sections on one URL would overwrite each other's pages.
  for (const auto& lang : cfg.languages) {
    std::vector<std::pair<std::string, std::string>> used;
    for (const auto& s : cfg.sections) {
      // A section whose slug had errors has no entry: those errors are reported already.
      auto slug = s.slug.find(lang.code);
      if (slug != s.slug.end() && !slug->second.empty())
        used.emplace_back(slug->second, "section " + s.key);
    }
    for (auto [name, area] : {std::pair{"bulletins", &cfg.bulletins}, {"documents", &cfg.documents},
                              {"topics", &cfg.topics}, {"search", &cfg.search},
                              {"glossary", &cfg.glossary}})
      used.emplace_back(area->slug[lang.code], name);
    std::sort(used.begin(), used.end());
    for (size_t i = 1; i < used.size(); ++i)
      if (used[i].first == used[i - 1].first)
        diags.error(kFile, 1, 1, "duplicate-url",
                    used[i - 1].second + " and " + used[i].second + " share the slug '" +
                        used[i].first + "' in '" + lang.code + "'");
  }

  if (diags.count(diag::Severity::error) > errors_before) return std::nullopt;
  return cfg;
}

std::optional<SiteConfig> load_site_config(const std::filesystem::path& site_dir,
                                           diag::Diagnostics& diags) {
  auto bytes = io::read_file(site_dir / kFile);
  if (!bytes) return std::nullopt;  // the CLI reports a missing site.yaml (exit 2)
  // Like every source: valid UTF-8 (its text ends up in every page and in JSON), NFC.
  auto text = content::normalise_source(std::move(*bytes), kFile, diags);
  if (!text) return std::nullopt;
  return parse_site_config(*text, diags);
}

}  // namespace ttdn::config
