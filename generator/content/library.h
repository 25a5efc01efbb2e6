// The Library owns every page of the site and the translation groups that tie a page to
// its translations. Everything later refers to pages by index.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/site_config.h"
#include "content/page.h"
#include "diag/diagnostic.h"

namespace ttdn::content {

/// The pages of one section and name in each language.
struct TranslationGroup {
  std::string section;
  std::string name;
  std::map<std::string, size_t> by_lang;  // language → page index
};

/// A source file found under content/<section>/, before it is read.
struct SourceRef {
  std::filesystem::path path;  // absolute
  std::string file;            // relative to the site folder
  std::string section, name, lang;
  PageKind kind = PageKind::regular;
  std::filesystem::path bundle_dir;  // set for page bundles
};

class Library {
 public:
  std::vector<Page> pages;
  std::vector<TranslationGroup> groups;

  /// The page of `group` in `lang`, if it exists (published or not).
  const Page* in_language(size_t group, const std::string& lang) const;
  /// Its published version in `lang`, if any.
  const Page* published_in(size_t group, const std::string& lang) const;
};

/// Lists the Markdown sources of every configured section. Folders of content/ that are
/// not sections (documents, bulletins) are left to their own readers; anything unknown gets a
/// warning. Symlinks that leave the site folder are errors.
std::vector<SourceRef> scan_content(const std::filesystem::path& site_dir,
                                    const config::SiteConfig& cfg, diag::Diagnostics& diags);

/// Reads and parses one source (thread-safe).
std::optional<Page> load_page(const SourceRef& ref, const config::SiteConfig& cfg,
                              diag::Diagnostics& diags);

/// The page of `ref` from what an earlier build parsed of the same bytes (its front matter
/// and the line its body starts on), without reading the file: the body is read only if it
/// has to be rendered (`read_body`).
Page restore_page(const SourceRef& ref, FrontMatter fm, int body_line);

/// Reads the body of a restored page from its file under `site_dir` (thread-safe); false,
/// with a diagnostic, if the file can no longer be read or split.
bool read_body(Page& page, const std::filesystem::path& site_dir, diag::Diagnostics& diags);

/// Groups translations, checks required fields per section kind, folds slugs, and reports
/// translations without an original.
void link_translations(Library& lib, const config::SiteConfig& cfg, diag::Diagnostics& diags);

/// True when `p` may be published at `now` (SPEC §5); drafts count when `drafts` is set.
bool is_published(const FrontMatter& fm, int64_t now, bool drafts);

}  // namespace ttdn::content
