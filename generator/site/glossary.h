// The glossary of SPEC §4.5: terms and abbreviations in every language from
// content/glossary.yaml, their order in each language's collation, and the pass that marks
// the first use of each known abbreviation on a page as <abbr title="…">.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
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

/// The abbreviations of one language, ready to be looked for in text: indexed by their first
/// byte, so that at each position of a text only those that can start there are compared.
/// Built once per language and shared by the markers of all its pages (it is never changed).
class AbbreviationTable {
 public:
  /// `abbreviations` in the order they are tried (abbreviations_for: longest first). An empty
  /// abbreviation, or one already given earlier in the list, is left out: it could never be
  /// marked.
  explicit AbbreviationTable(std::vector<Abbreviation> abbreviations);

  /// The first abbreviation, in the table's order, written at `text[i]` as a whole word
  /// (`i` starts a code point); nullptr when there is none.
  const Abbreviation* match(std::string_view text, size_t i) const;

  /// True when no abbreviation starts with the byte `c`: the fast way past most text.
  bool cannot_start(unsigned char c) const { return !can_start_[c]; }

  /// True when every abbreviation starts a code point (none starts with a UTF-8
  /// continuation byte, as in valid UTF-8).
  bool starts_at_code_points() const { return starts_at_code_points_; }

  const std::vector<Abbreviation>& abbreviations() const { return abbreviations_; }

 private:
  std::vector<Abbreviation> abbreviations_;
  bool starts_at_code_points_ = true;
  std::array<std::vector<uint32_t>, 256> by_first_byte_;  // indices, in the table's order
  std::array<bool, 256> can_start_{};                      // whose bucket is not empty
};

/// Marks the first use of each abbreviation in one page's text, whole words only: `UBND`
/// inside `3485/KH-UBND` is part of a document number, not a use. One marker per page,
/// called on its text in document order.
class AbbreviationMarker {
 public:
  explicit AbbreviationMarker(std::vector<Abbreviation> abbreviations);
  explicit AbbreviationMarker(std::shared_ptr<const AbbreviationTable> table);

  std::vector<markdown::Annotation> operator()(std::string_view text);

 private:
  std::shared_ptr<const AbbreviationTable> table_;
  std::vector<bool> used_;  // by index in the table
  size_t used_count_ = 0;
};

}  // namespace ttdn::site
