// The document library of SPEC §4.3: the directive documents of content/documents/*.yaml,
// validated, with their page slugs, and the rule that tells which document a citation of a
// number means. CitationLinker turns citations in a page's text into links to them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/site_config.h"
#include "content/datetime.h"
#include "diag/diagnostic.h"
#include "markdown/citations.h"
#include "markdown/markdown.h"

namespace ttdn::site {

/// A numbered content priority a document sets (`II.3`).
struct DocumentPriority {
  std::string id;
  config::LangMap text;
};

/// A number a document carries out, with its line for diagnostics.
struct ImplementedNumber {
  std::string number;
  int line = 0;
  int column = 0;
};

/// One directive document of the library.
struct Document {
  std::string file;    // content/documents/x.yaml
  std::string number;  // as printed: 14-HD/BTGTU
  int number_line = 1;
  std::string key;  // markdown::number_key(number)
  markdown::NumberShape shape = markdown::NumberShape::party;
  std::string type;  // one of document_types()
  config::LangMap issuer, title, summary;
  content::DateTime date;
  std::string date_text;  // YYYY-MM-DD
  int year = 0;
  std::vector<ImplementedNumber> implements;
  std::vector<DocumentPriority> priorities;
  std::string attachment;  // path under assets/, "" when none
  int attachment_line = 0;
  int attachment_column = 0;
  std::string slug;  // folded number, plus the year unless the number holds one

  const DocumentPriority* priority(const std::string& id) const;
};

/// The `type` values a document may have (SPEC §4.3), in that order.
const std::vector<std::string>& document_types();

/// Page slug of a document: `14-HD/BTGTU` of 2021 → `14-hd-btgtu-2021`,
/// `42/2022/NĐ-CP` → `42-2022-nd-cp`.
std::string document_slug(std::string_view number, int year);

/// Parses and validates one document file. Faults go to `diags` with the file's line and
/// column; returns nullopt when the document cannot be used.
std::optional<Document> parse_document(const std::string& text, const std::string& file,
                                       const config::SiteConfig& cfg, diag::Diagnostics& diags);

/// Every document of the library, newest first, and the lookups citations need.
struct DocumentIndex {
  std::vector<Document> docs;  // newest first, then by number

  /// Adds the documents in `docs` order; two on one slug are an error naming both files.
  void build(std::vector<Document> parsed, diag::Diagnostics& diags);

  /// Indices into `docs` of every document whose number has `key`, oldest first.
  const std::vector<size_t>* with_key(const std::string& key) const;

  /// The document a page dated `when` (epoch seconds; nullopt: undated) means by `number`:
  /// of the documents with that number, those matching the date the citation states (when
  /// any do), then the latest dated on or before `when` — or the earliest, when all are
  /// later. nullptr when the number is not in the library.
  const Document* resolve(std::string_view number, std::optional<int64_t> when,
                          const std::optional<markdown::CitedDate>& stated = std::nullopt) const;
  /// The same, as an index into `docs`.
  std::optional<size_t> resolve_index(
      std::string_view number, std::optional<int64_t> when,
      const std::optional<markdown::CitedDate>& stated = std::nullopt) const;

  /// Every number in the library, for "did you mean" suggestions.
  std::vector<std::string> numbers() const;

  /// Documents cited in the body text of each page (by Library page index), filled while
  /// the Markdown is rendered. Each page writes only its own entry.
  std::vector<std::vector<size_t>> cited_in_body;

 private:
  std::map<std::string, std::vector<size_t>> by_key_;
};

/// Reads content/documents/*.yaml (sorted by name). A missing folder is an empty library.
DocumentIndex load_document_index(const std::filesystem::path& site_dir,
                                  const config::SiteConfig& cfg, diag::Diagnostics& diags);

/// Marks up the citations in one page's text: those of documents in the library become
/// links, the others are reported. One linker serves one page, in document order.
class CitationLinker {
 public:
  struct Target {
    std::string href;
    std::string title;
  };
  /// `target` gives the link of a document of `index`; `on_unresolved` hears of each
  /// citation whose number is not in the library.
  CitationLinker(std::shared_ptr<const DocumentIndex> index, std::optional<int64_t> page_date,
                 std::function<Target(size_t doc)> target,
                 std::function<void(const markdown::Citation&, std::string_view text)>
                     on_unresolved = nullptr);

  std::vector<markdown::Annotation> operator()(std::string_view text);

  /// Documents linked so far, in first-citation order, without repeats.
  const std::vector<size_t>& cited() const { return cited_; }

 private:
  std::shared_ptr<const DocumentIndex> index_;
  std::optional<int64_t> page_date_;
  std::function<Target(size_t)> target_;
  std::function<void(const markdown::Citation&, std::string_view)> on_unresolved_;
  std::vector<size_t> cited_;
};

}  // namespace ttdn::site
