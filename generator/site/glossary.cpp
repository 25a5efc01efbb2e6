// The glossary feature: reads content/glossary.yaml, marks abbreviations in page text, and
// publishes the glossary page in every language, sorted by that language's collation.
#include "site/glossary.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <map>

#include "config/yaml.h"
#include "content/source_reader.h"
#include "markdown/utf8.h"
#include "site/features.h"
#include "text/unicode.h"

namespace ttdn::site {

using nlohmann::json;

namespace {

constexpr const char* kFile = "content/glossary.yaml";

/// A letter or digit of a word, as opposed to CJK text, where words are not spaced.
bool word_char(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return !text::is_cjk(c) && u_isalnum(static_cast<UChar32>(c));
}

/// Characters that glue an abbreviation into a code or an address: KH-UBND, a/b, x.y.
bool joiner(char32_t c) {
  return c == '-' || c == '/' || c == '\\' || c == '_' || c == '.' || c == '@' || c == '#' ||
         c == '&' || c == '+' || c == '=';
}

bool starts_word(std::string_view text, size_t i) {
  if (i == 0) return true;
  char32_t c = markdown::utf8::last(text.substr(0, i));
  return !word_char(c) && !joiner(c);
}

bool ends_word(std::string_view text, size_t end) {
  if (end >= text.size()) return true;
  size_t j = end;
  char32_t c = markdown::utf8::next(text, j);
  if (word_char(c)) return false;
  if (joiner(c)) {
    // "UBND." ends a sentence; "UBND-KH" or "x.y" do not end the word.
    if (j >= text.size()) return true;
    size_t k = j;
    return !word_char(markdown::utf8::next(text, k));
  }
  return true;
}

}  // namespace

std::vector<size_t> Glossary::order(const config::SiteConfig& cfg, const std::string& lang,
                                    const std::string& locale) const {
  std::vector<std::string> keys;
  for (const auto& e : entries) keys.push_back(cfg.text(e.text, lang));
  return text::collation_order(keys, locale);
}

Glossary parse_glossary(const std::string& text, const std::string& file,
                        const config::SiteConfig& cfg, diag::Diagnostics& diags) {
  Glossary g;
  yaml::Origin origin{file, 0};
  auto root = yaml::parse(text, origin, diags);
  if (!root || root->IsNull()) return g;
  if (!root->IsSequence()) {
    diags.error(file, 1, 1, "wrong-type",
                "the glossary is a list of terms like - {vi: \"…\", abbr: {vi: \"…\"}, en: \"…\"}");
    return g;
  }
  std::vector<std::string> known = cfg.language_codes();
  known.push_back("abbr");
  known.push_back("note");
  std::map<std::string, std::map<std::string, int>> abbr_lines;  // lang → abbr → line
  for (const auto& item : *root) {
    int line = yaml::line_of(item, origin);
    if (!item.IsMap()) {
      diags.error(file, line, yaml::column_of(item), "wrong-type",
                  "a glossary entry must be a map of languages (and abbr, note)");
      continue;
    }
    yaml::warn_unknown_keys(item, origin, known, "glossary field", diags);
    GlossaryEntry e;
    e.line = line;
    bool ok = true;
    for (const auto& lang : cfg.languages) {
      const YAML::Node node = item[lang.code];
      if (!node) continue;
      if (auto s = yaml::as_string(node, origin, lang.code, diags))
        e.text[lang.code] = *s;
      else
        ok = false;
    }
    if (!ok) continue;
    auto def = e.text.find(cfg.default_language);
    if (def == e.text.end() || def->second.empty()) {
      diags.error(
          file, line, yaml::column_of(item), "missing-field",
          "glossary entry has no text in the default language '" + cfg.default_language + "'");
      continue;
    }
    for (const auto& lang : cfg.languages)
      if (!e.text.count(lang.code) || e.text[lang.code].empty())
        diags.warning(file, line, yaml::column_of(item), "missing-translation",
                      "'" + def->second + "' has no '" + lang.code + "' text; the '" +
                          cfg.default_language + "' text is used");
    for (const char* field : {"abbr", "note"}) {
      const YAML::Node node = item[field];
      if (!node) continue;
      auto map =
          yaml::as_lang_map(node, origin, field, cfg.language_codes(), cfg.default_language, diags);
      if (!map) continue;
      (std::string(field) == "abbr" ? e.abbr : e.note) = *map;
    }
    for (const auto& [lang, abbr] : e.abbr) {
      int at = yaml::line_of(item["abbr"], origin);
      auto [it, fresh] = abbr_lines[lang].emplace(abbr, at);
      if (!fresh)
        diags.warning(file, at, yaml::column_of(item["abbr"]), "duplicate-abbreviation",
                      "abbreviation '" + abbr + "' (" + lang + ") is already given on line " +
                          std::to_string(it->second) + "; pages expand it with the first");
    }
    g.entries.push_back(std::move(e));
  }
  return g;
}

std::optional<Glossary> load_glossary_file(const std::filesystem::path& site_dir,
                                           const config::SiteConfig& cfg,
                                           diag::Diagnostics& diags) {
  std::filesystem::path path = site_dir / kFile;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  auto text = content::read_source(path, kFile, diags);
  if (!text) return std::nullopt;
  return parse_glossary(*text, kFile, cfg, diags);
}

std::vector<Abbreviation> abbreviations_for(const Glossary& glossary, const config::SiteConfig& cfg,
                                            const std::string& lang) {
  std::vector<Abbreviation> out;
  for (size_t i = 0; i < glossary.entries.size(); ++i) {
    const GlossaryEntry& e = glossary.entries[i];
    std::string abbr = cfg.text(e.abbr, lang);
    if (abbr.empty()) continue;
    if (std::any_of(out.begin(), out.end(), [&](const Abbreviation& a) { return a.abbr == abbr; }))
      continue;
    out.push_back({abbr, cfg.text(e.text, lang), i});
  }
  std::stable_sort(out.begin(), out.end(), [](const Abbreviation& a, const Abbreviation& b) {
    return a.abbr.size() > b.abbr.size();
  });
  return out;
}

AbbreviationTable::AbbreviationTable(std::vector<Abbreviation> abbreviations) {
  for (auto& a : abbreviations) {
    if (a.abbr.empty()) continue;
    auto& bucket = by_first_byte_[static_cast<unsigned char>(a.abbr[0])];
    if (std::any_of(bucket.begin(), bucket.end(),
                    [&](uint32_t k) { return abbreviations_[k].abbr == a.abbr; }))
      continue;
    bucket.push_back(static_cast<uint32_t>(abbreviations_.size()));
    can_start_[static_cast<unsigned char>(a.abbr[0])] = true;
    abbreviations_.push_back(std::move(a));
  }
  for (unsigned c = 0x80; c < 0xC0; ++c)  // UTF-8 continuation bytes
    if (!by_first_byte_[c].empty()) starts_at_code_points_ = false;
}

const Abbreviation* AbbreviationTable::match(std::string_view text, size_t i) const {
  if (i >= text.size()) return nullptr;
  const auto& bucket = by_first_byte_[static_cast<unsigned char>(text[i])];
  if (bucket.empty() || !starts_word(text, i)) return nullptr;
  std::string_view rest = text.substr(i);
  for (uint32_t k : bucket) {
    const Abbreviation& a = abbreviations_[k];
    if (rest.starts_with(a.abbr) && ends_word(text, i + a.abbr.size())) return &a;
  }
  return nullptr;
}

AbbreviationMarker::AbbreviationMarker(std::vector<Abbreviation> abbreviations)
    : AbbreviationMarker(std::make_shared<const AbbreviationTable>(std::move(abbreviations))) {}

AbbreviationMarker::AbbreviationMarker(std::shared_ptr<const AbbreviationTable> table)
    : table_(std::move(table)), used_(table_->abbreviations().size(), false) {}

std::vector<markdown::Annotation> AbbreviationMarker::operator()(std::string_view text) {
  std::vector<markdown::Annotation> out;
  const AbbreviationTable& table = *table_;
  if (used_count_ == used_.size()) return out;  // nothing left to mark (or nothing at all)
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    // Step over bytes that no abbreviation starts with: most of the text. Byte steps try
    // the positions code point steps would, plus bytes inside a code point, where no
    // abbreviation of valid UTF-8 starts.
    if (table.starts_at_code_points()) {
      while (i < n && table.cannot_start(static_cast<unsigned char>(text[i]))) ++i;
      if (i == n) break;
    }
    auto c = static_cast<unsigned char>(text[i]);
    if (table.cannot_start(c)) {
      if (c < 0x80 || table.starts_at_code_points())
        ++i;
      else
        markdown::utf8::next(text, i);
      continue;
    }
    const Abbreviation* found = table.match(text, i);
    if (!found) {
      markdown::utf8::next(text, i);
      continue;
    }
    auto k = static_cast<size_t>(found - table.abbreviations().data());
    if (!used_[k]) {
      used_[k] = true;
      ++used_count_;
      markdown::Annotation span;
      span.begin = i;
      span.length = found->abbr.size();
      span.abbr_title = found->title;
      out.push_back(std::move(span));
    }
    i += found->abbr.size();  // a used abbreviation is still one word: nothing starts inside
  }
  return out;
}

void load_glossary(BuildContext& ctx) {
  auto glossary = load_glossary_file(ctx.options.site_dir, ctx.cfg, ctx.diags);
  if (!glossary || glossary->entries.empty()) return;
  auto shared = std::make_shared<Glossary>(std::move(*glossary));
  // One table per language, shared by the markers of its pages.
  std::map<std::string, std::shared_ptr<const AbbreviationTable>> by_lang;
  for (const auto& lang : ctx.cfg.languages)
    by_lang[lang.code] =
        std::make_shared<const AbbreviationTable>(abbreviations_for(*shared, ctx.cfg, lang.code));
  auto none = std::make_shared<const AbbreviationTable>(std::vector<Abbreviation>{});
  ctx.annotators.push_back([by_lang, none](const content::Page& p) -> BuildContext::Annotator {
    auto it = by_lang.find(p.lang);
    auto marker = std::make_shared<AbbreviationMarker>(it == by_lang.end() ? none : it->second);
    return [marker](std::string_view text) { return (*marker)(text); };
  });
  ctx.glossary = shared;
}

void publish_glossary(BuildContext& ctx) {
  if (!ctx.glossary) return;
  const Glossary& g = *ctx.glossary;
  const auto& cfg = ctx.cfg;
  auto path_for = [&](const std::string& l) { return ctx.urls.area(cfg.glossary, l); };
  auto alternates = ctx.all_languages(path_for);

  // Anchors from the default-language text, unique.
  std::vector<std::string> anchors;
  std::map<std::string, int> taken;
  for (const auto& e : g.entries) {
    std::string base = text::fold_slug(cfg.text(e.text, cfg.default_language));
    if (base.empty()) base = "term";
    int n = ++taken[base];
    anchors.push_back("term-" + base + (n > 1 ? "-" + std::to_string(n) : ""));
  }

  for (const auto& lang : cfg.languages) {
    std::string title = cfg.text(cfg.glossary.title, lang.code);
    if (title.empty()) title = ctx.strings.format(lang.code, "glossary_title");
    json view = ctx.common_view(lang.code, path_for(lang.code), title,
                                ctx.strings.format(lang.code, "glossary_intro"), alternates);
    json entries = json::array();
    json defined = json::array();
    for (size_t i : g.order(cfg, lang.code, lang.hreflang)) {
      const GlossaryEntry& e = g.entries[i];
      std::string term = cfg.text(e.text, lang.code);
      bool term_fallback = !e.text.count(lang.code) || e.text.at(lang.code).empty();
      json others = json::array();
      for (const auto& other : cfg.languages) {
        if (other.code == lang.code) continue;
        auto it = e.text.find(other.code);
        if (it == e.text.end() || it->second.empty()) continue;
        others.push_back(
            {{"lang_name", other.name}, {"hreflang", other.hreflang}, {"text", it->second}});
      }
      std::string abbr = cfg.text(e.abbr, lang.code);
      bool abbr_own = e.abbr.count(lang.code) && !e.abbr.at(lang.code).empty();
      const config::Language* def = cfg.language(cfg.default_language);
      std::string note = cfg.text(e.note, lang.code);
      json entry = {
          {"id", anchors[i]},
          {"term", term},
          {"term_lang", term_fallback && def ? json(def->hreflang) : json(nullptr)},
          {"abbr", abbr.empty() ? json(nullptr) : json(abbr)},
          {"abbr_lang", !abbr.empty() && !abbr_own && def ? json(def->hreflang) : json(nullptr)},
          {"translations", others},
          {"has_translations", !others.empty()},
          {"note", note.empty() ? json(nullptr) : json(note)}};
      entries.push_back(entry);
      json dt = {{"@type", "DefinedTerm"},
                 {"name", term},
                 {"url", ctx.urls.absolute(path_for(lang.code)) + "#" + anchors[i]}};
      if (!abbr.empty()) dt["alternateName"] = abbr;
      if (!note.empty()) dt["description"] = note;
      defined.push_back(dt);
    }
    // The abbreviations on their own, sorted in the page's language.
    std::vector<std::string> abbr_keys;
    std::vector<size_t> abbr_entries;
    for (size_t i = 0; i < g.entries.size(); ++i) {
      std::string abbr = cfg.text(g.entries[i].abbr, lang.code);
      if (abbr.empty()) continue;
      abbr_keys.push_back(abbr);
      abbr_entries.push_back(i);
    }
    json abbreviations = json::array();
    for (size_t k : text::collation_order(abbr_keys, lang.hreflang)) {
      size_t i = abbr_entries[k];
      bool own = g.entries[i].abbr.count(lang.code) && !g.entries[i].abbr.at(lang.code).empty();
      const config::Language* def = cfg.language(cfg.default_language);
      abbreviations.push_back({{"abbr", abbr_keys[k]},
                               {"abbr_lang", !own && def ? json(def->hreflang) : json(nullptr)},
                               {"term", cfg.text(g.entries[i].text, lang.code)},
                               {"url", "#" + anchors[i]}});
    }
    view["entries"] = entries;
    view["abbreviations"] = abbreviations;
    view["has_abbreviations"] = !abbreviations.empty();
    view["json_ld"] = script_safe_json({{"@context", "https://schema.org"},
                                        {"@type", "DefinedTermSet"},
                                        {"name", title},
                                        {"inLanguage", lang.hreflang},
                                        {"url", ctx.urls.absolute(path_for(lang.code))},
                                        {"hasDefinedTerm", defined}});
    ctx.emit_page(path_for(lang.code), "glossary", std::move(view), kFile, alternates);
  }
}

}  // namespace ttdn::site
