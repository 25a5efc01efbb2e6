// A content page: one source file in one language, with what linking and rendering add.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "content/front_matter.h"
#include "markdown/markdown.h"

namespace ttdn::content {

enum class PageKind { regular, section_index };

/// A file published beside a page bundle's pages (image, PDF…).
struct BundleFile {
  std::string name;                   // file name inside the bundle
  std::filesystem::path source;       // absolute path
};

struct Page {
  // Identity, from the file name.
  std::string section;  // key of the section (content folder)
  std::string name;     // file or bundle name without language and extension
  std::string lang;
  std::string file;     // path relative to the site folder, for diagnostics
  PageKind kind = PageKind::regular;
  std::vector<BundleFile> bundle_files;

  // Parsed source.
  FrontMatter fm;
  std::string body;   // Markdown, NFC, LF line ends
  int body_line = 1;  // line of the body's first line in the file
  bool body_read = true;  // false for a page restored from the build cache (read_body)

  // Linking.
  std::string slug;   // published slug
  std::string path;   // output path of its folder, relative to the site root: "en/news/x/"
  bool published = true;
  size_t group = 0;   // index of its TranslationGroup

  // Rendering.
  markdown::Rendered rendered;
  // Incremental builds: the key of its Markdown memo (0 without a build cache), and whether
  // rendered.html and rendered.plain_text were left in the cache's store
  // (site::BuildContext::html_of and plain_text_of read them).
  uint64_t markdown_key = 0;
  bool html_in_cache = false;
  uint64_t text_key = 0;  // the hash of rendered.plain_text, in the store or not
  std::string summary;  // front-matter summary, else cut from the first paragraph

  bool is_section_index() const { return kind == PageKind::section_index; }
};

}  // namespace ttdn::content
