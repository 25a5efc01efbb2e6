// The glossary of SPEC §4.5: terms and abbreviations in every language from
// content/glossary.yaml, their order in each language's collation, and the pass that marks
// the first use of each known abbreviation on a page as <abbr title="…">.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/site_config.h"
#include "diag/diagnostic.h"
#include "markdown/markdown.h"

namespace ttdn::site {

/// One term: its text per language, an optional abbreviation per language, a note.
struct GlossaryEntry {
  config::LangMap text;
  config::LangMap abbr;
  config::LangMap note;
  int line = 0;
};

struct Glossary {
  std::vector<GlossaryEntry> entries;  // in file order

  /// Entry indices sorted by their text in `lang`, with the collation of `locale`
  /// (BCP 47: Vietnamese order for vi, pinyin for zh).
  std::vector<size_t> order(const config::SiteConfig& cfg, const std::string& lang,
                            const std::string& locale) const;
};

/// Parses the glossary file's text; faults go to `diags` with their line. Entries without
/// default-language text are left out.
Glossary parse_glossary(const std::string& text, const std::string& file,
                        const config::SiteConfig& cfg, diag::Diagnostics& diags);

/// Reads content/glossary.yaml; nullopt when the site has none.
std::optional<Glossary> load_glossary_file(const std::filesystem::path& site_dir,
                                           const config::SiteConfig& cfg, diag::Diagnostics& diags);

/// An abbreviation as pages in one language use it, with what it stands for.
struct Abbreviation {
  std::string abbr;   // "TTĐN"
  std::string title;  // the term in the page's language: "external information"
  size_t entry = 0;
};

/// The abbreviations of `lang` (an entry without one in `lang` lends the default
/// language's), longest first; the first entry wins where two give the same one.
std::vector<Abbreviation> abbreviations_for(const Glossary& glossary, const config::SiteConfig& cfg,
                                            const std::string& lang);

/// Marks the first use of each abbreviation in one page's text, whole words only: `UBND`
/// inside `3485/KH-UBND` is part of a document number, not a use. One marker per page,
/// called on its text in document order.
class AbbreviationMarker {
 public:
  explicit AbbreviationMarker(std::vector<Abbreviation> abbreviations);

  std::vector<markdown::Annotation> operator()(std::string_view text);

 private:
  std::vector<Abbreviation> abbreviations_;
  std::set<std::string> used_;
};

}  // namespace ttdn::site
