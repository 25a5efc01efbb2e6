#include "i18n/strings.h"

#include <unicode/numfmt.h>
#include <unicode/plurrule.h>

#include <memory>

#include "config/yaml.h"
#include "content/source_reader.h"
#include "text/unicode.h"

namespace ttdn::i18n {

const std::vector<std::string>& required_keys() {
  static const std::vector<std::string> keys = {
      "date_format", "skip_to_content", "menu", "home", "language", "search",
      "search_placeholder", "read_more", "published", "updated", "topics", "page_n_of",
      "previous_page", "next_page", "not_found_title", "not_found_text", "publisher",
      "responsible", "licence", "address", "phone", "email", "articles_count",
      "translation_missing", "draft_notice", "on_this_page", "latest_news", "all_topics",
      "source", "author", "breadcrumb", "pagination", "directives", "faq", "timeline",
      "sections", "no_js_search"};
  return keys;
}

const std::string kIsoDatePattern = "{Y}-{mm}-{dd}";

std::string substitute(const std::string& pattern,
                       const std::map<std::string, std::string>& args) {
  std::string out;
  out.reserve(pattern.size());
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      auto close = pattern.find('}', i + 1);
      if (close != std::string::npos) {
        auto it = args.find(pattern.substr(i + 1, close - i - 1));
        if (it != args.end()) {
          out += it->second;
          i = close;
          continue;
        }
      }
    }
    out += pattern[i];
  }
  return out;
}

void Strings::set_table(const std::string& lang, std::map<std::string, Entry> table) {
  tables_[lang] = std::move(table);
}

const Entry* Strings::find(const std::string& lang, const std::string& key) const {
  for (const std::string* l : {&lang, &default_language_}) {  // pointers: no copies
    auto t = tables_.find(*l);
    if (t == tables_.end()) continue;
    auto e = t->second.find(key);
    if (e != t->second.end()) return &e->second;
  }
  return nullptr;
}

std::string Strings::number(const std::string& lang, long long n) const {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::NumberFormat> fmt(
      icu::NumberFormat::createInstance(icu::Locale::forLanguageTag(lang, status), status));
  if (U_FAILURE(status) || !fmt) return std::to_string(n);
  icu::UnicodeString u;
  fmt->format(static_cast<int64_t>(n), u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string Strings::format(const std::string& lang, const std::string& key,
                            const std::map<std::string, std::string>& args,
                            std::optional<long long> count) const {
  const Entry* e = find(lang, key);
  if (!e) return key;
  std::string pattern = e->text;
  std::map<std::string, std::string> all = args;
  if (count) {
    all.emplace("count", number(lang, *count));
    if (!e->plural.empty()) {
      std::string category = "other";
      UErrorCode status = U_ZERO_ERROR;
      std::unique_ptr<icu::PluralRules> rules(
          icu::PluralRules::forLocale(icu::Locale::forLanguageTag(lang, status), status));
      if (U_SUCCESS(status) && rules) {
        category.clear();
        rules->select(static_cast<int32_t>(*count)).toUTF8String(category);
      }
      auto it = e->plural.find(category);
      if (it == e->plural.end()) it = e->plural.find("other");
      if (it != e->plural.end()) pattern = it->second;
    }
  }
  return substitute(pattern, all);
}

std::string Strings::date(const std::string& lang, const content::DateTime& t) const {
  // substitute() with the date's placeholders, without building their map: dates are
  // formatted for every item of every list.
  const content::CivilDate c = content::civil(t);
  const Entry* f = find(lang, "date_format");
  const std::string& pattern = f ? f->text : kIsoDatePattern;
  std::string out;
  out.reserve(pattern.size() + 16);
  auto two = [&](int v) {
    if (v < 10) out += '0';
    out += std::to_string(v);
  };
  for (size_t i = 0; i < pattern.size(); ++i) {
    const size_t close = pattern[i] == '{' ? pattern.find('}', i + 1) : std::string::npos;
    if (close != std::string::npos) {
      const std::string_view name(pattern.data() + i + 1, close - i - 1);
      const Entry* month =
          name == "month" ? find(lang, "month_" + std::to_string(c.month)) : nullptr;
      bool known = true;
      if (name == "d") out += std::to_string(c.day);
      else if (name == "m") out += std::to_string(c.month);
      else if (name == "Y") out += std::to_string(c.year);
      else if (name == "dd") two(c.day);
      else if (name == "mm") two(c.month);
      else if (month) out += month->text;
      else known = false;
      if (known) {
        i = close;
        continue;
      }
    }
    out += pattern[i];
  }
  return out;
}

nlohmann::json Strings::table(const std::string& lang) const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& l : {default_language_, lang}) {
    auto t = tables_.find(l);
    if (t == tables_.end()) continue;
    for (const auto& [k, e] : t->second)
      out[k] = e.plural.empty() ? e.text : (e.plural.count("other") ? e.plural.at("other") : "");
  }
  return out;
}

Strings load_strings(const std::filesystem::path& site_dir, const config::SiteConfig& cfg,
                     diag::Diagnostics& diags) {
  Strings strings;
  strings.set_default_language(cfg.default_language);
  std::map<std::string, std::map<std::string, Entry>> tables;
  for (const auto& lang : cfg.languages) {
    std::string file = "i18n/" + lang.code + ".yaml";
    std::filesystem::path path = site_dir / file;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      if (lang.code == cfg.default_language)
        diags.error(file, 0, 0, "missing-i18n",
                    "the default language needs its interface strings in " + file);
      else
        diags.warning(file, 0, 0, "missing-i18n",
                      "no interface strings for '" + lang.code + "'; the '" +
                          cfg.default_language + "' strings are used");
      continue;
    }
    auto text = content::read_source(path, file, diags);
    if (!text) continue;
    yaml::Origin origin{file, 0};
    auto root = yaml::parse(*text, origin, diags);
    if (!root) continue;
    if (!root->IsMap()) {
      diags.error(file, 1, 1, "wrong-type", "i18n files are a map of key: \"text\"");
      continue;
    }
    auto& table = tables[lang.code];
    for (const auto& kv : *root) {
      std::string key = kv.first.Scalar();
      Entry e;
      if (kv.second.IsScalar()) {
        e.text = kv.second.Scalar();
      } else if (kv.second.IsMap()) {
        for (const auto& form : kv.second) {
          static const std::vector<std::string> categories = {"zero", "one", "two",
                                                              "few",  "many", "other"};
          std::string cat = form.first.Scalar();
          if (std::find(categories.begin(), categories.end(), cat) == categories.end() ||
              !form.second.IsScalar()) {
            diags.error(file, yaml::line_of(form.first, origin), yaml::column_of(form.first),
                        "bad-plural",
                        "plural form '" + cat + "' of '" + key +
                            "' must be one of zero, one, two, few, many, other, with text");
            continue;
          }
          e.plural[cat] = form.second.Scalar();
        }
        if (!e.plural.count("other"))
          diags.error(file, yaml::line_of(kv.second, origin), yaml::column_of(kv.second),
                      "bad-plural", "plural string '" + key + "' needs an 'other' form");
      } else {
        diags.error(file, yaml::line_of(kv.second, origin), yaml::column_of(kv.second),
                    "wrong-type", "'" + key + "' must be text or plural forms");
        continue;
      }
      table[key] = std::move(e);
    }
  }
  const auto& def = tables[cfg.default_language];
  for (const auto& key : required_keys()) {
    if (!def.count(key) && !tables.empty())
      diags.error("i18n/" + cfg.default_language + ".yaml", 0, 0, "missing-string",
                  "interface string '" + key + "' is missing in the default language");
    for (const auto& lang : cfg.languages) {
      if (lang.code == cfg.default_language || !tables.count(lang.code)) continue;
      if (!tables[lang.code].count(key) && def.count(key))
        diags.warning("i18n/" + lang.code + ".yaml", 0, 0, "missing-string",
                      "interface string '" + key + "' is missing; the '" +
                          cfg.default_language + "' text is used");
    }
  }
  // A key only a translation has is most likely a typo of a real key.
  for (const auto& lang : cfg.languages) {
    if (lang.code == cfg.default_language || !tables.count(lang.code) || def.empty()) continue;
    std::vector<std::string> known;
    for (const auto& [k, e] : def) known.push_back(k);
    for (const auto& [k, e] : tables[lang.code]) {
      if (def.count(k)) continue;
      std::string msg = "unknown interface string '" + k + "': the default language has no such key";
      if (auto near = text::nearest(k, known)) msg += " (did you mean '" + *near + "'?)";
      diags.warning("i18n/" + lang.code + ".yaml", 0, 0, "unknown-string", msg);
    }
  }
  for (auto& [lang, table] : tables) strings.set_table(lang, std::move(table));
  return strings;
}

}  // namespace ttdn::i18n
