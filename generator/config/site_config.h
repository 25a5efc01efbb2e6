// site.yaml → SiteConfig: languages, sections, topics, publisher and the other settings of
// SPEC §3, validated with located diagnostics.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/yaml.h"
#include "diag/diagnostic.h"

namespace ttdn::config {

using yaml::LangMap;

struct Language {
  std::string code;      // folder under the root for non-default languages
  std::string name;      // shown in the switcher, in its own language
  std::string hreflang;  // BCP 47 tag for hreflang and <html lang>
};

enum class SectionKind { articles, explainers, pages };

struct Section {
  std::string key;  // folder under content/
  SectionKind kind = SectionKind::articles;
  LangMap title;
  LangMap slug;       // may be "" (pages at the language root)
  int paginate = 20;  // list page size
};

/// A feature with a URL in each language: bulletins, documents, topics, search, glossary.
struct Area {
  LangMap title;
  LangMap slug;
};

struct Topic {
  std::string key;
  LangMap name;
};

struct Publisher {
  LangMap name;
  std::string responsible;
  std::string licence;
  LangMap address;
  std::string phone;
  std::string email;
};

/// The validated contents of site.yaml.
struct SiteConfig {
  LangMap title;
  LangMap description;
  std::string base_url;  // absolute, ends with '/'
  std::string default_language;
  std::vector<Language> languages;
  std::vector<Section> sections;
  Area bulletins, documents, topics, search, glossary;
  std::vector<Topic> topic_terms;
  Publisher publisher;
  bool unsafe_html = false;

  std::vector<std::string> language_codes() const;
  const Language* language(const std::string& code) const;
  const Section* section(const std::string& key) const;
  const Topic* topic(const std::string& key) const;
  /// `map[lang]`, else the default language's text, else "".
  std::string text(const LangMap& map, const std::string& lang) const;
};

/// Loads `<site>/site.yaml`. Returns nullopt when it is missing or has errors.
std::optional<SiteConfig> load_site_config(const std::filesystem::path& site_dir,
                                           diag::Diagnostics& diags);

/// Parses site.yaml text (for tests); `file` names it in diagnostics.
std::optional<SiteConfig> parse_site_config(const std::string& text, diag::Diagnostics& diags);

}  // namespace ttdn::config
