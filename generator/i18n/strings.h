// Interface strings from i18n/<code>.yaml: lookup with fallback to the default language,
// `{name}` placeholders, plural forms chosen by ICU's plural rules, dates and numbers in
// each language.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/site_config.h"
#include "content/datetime.h"
#include "diag/diagnostic.h"

namespace ttdn::i18n {

/// One interface string: plain text, or plural forms keyed by CLDR category.
struct Entry {
  std::string text;
  std::map<std::string, std::string> plural;  // "one", "other", …
};

class Strings {
 public:
  /// Adds or replaces the table of one language (used by the loader and by tests).
  void set_table(const std::string& lang, std::map<std::string, Entry> table);
  void set_default_language(std::string lang) { default_language_ = std::move(lang); }

  /// The entry for `key` in `lang`, else in the default language.
  const Entry* find(const std::string& lang, const std::string& key) const;

  /// Text with `{name}` placeholders replaced; for plural entries `count` picks the form
  /// and is also available as `{count}` (formatted in the language).
  std::string format(const std::string& lang, const std::string& key,
                     const std::map<std::string, std::string>& args = {},
                     std::optional<long long> count = std::nullopt) const;

  /// The date in the language's `date_format` (`{d} {m} {Y} {dd} {mm} {month}`).
  std::string date(const std::string& lang, const content::DateTime& t) const;
  /// A number with the language's grouping separators.
  std::string number(const std::string& lang, long long n) const;

  /// Every plain string of the language (with fallbacks), for templates.
  nlohmann::json table(const std::string& lang) const;

 private:
  std::string default_language_;
  std::map<std::string, std::map<std::string, Entry>> tables_;
};

/// Keys the generator and the shipped templates need; missing in the default language
/// they are an error.
const std::vector<std::string>& required_keys();

/// Loads i18n/<code>.yaml for every configured language.
Strings load_strings(const std::filesystem::path& site_dir, const config::SiteConfig& cfg,
                     diag::Diagnostics& diags);

/// Replaces `{name}` placeholders; unknown placeholders are left as written.
std::string substitute(const std::string& pattern, const std::map<std::string, std::string>& args);

}  // namespace ttdn::i18n
