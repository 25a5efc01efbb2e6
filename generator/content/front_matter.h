// Front matter: splitting the YAML header from a Markdown source and validating every
// field of SPEC §4.2 into typed values with their source lines.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/site_config.h"
#include "content/datetime.h"
#include "diag/diagnostic.h"

namespace ttdn::content {

/// An image reference in front matter.
struct ImageRef {
  std::string src;
  std::string alt;
  std::string caption;
  std::string credit;
  int line = 0;
};

/// A gallery entry: alt and caption may differ per language.
struct GalleryItem {
  std::string src;
  config::LangMap alt;
  config::LangMap caption;
  config::LangMap credit;  // text, or a map of languages
  int line = 0;
};

struct FaqItem {
  std::string q, a;
};

struct TimelineItem {
  std::string date;  // as written: YYYY, YYYY-MM or YYYY-MM-DD
  std::string text;
};

/// A value list with the line of each item, for diagnostics that come later (topics,
/// directives, aliases).
struct LocatedString {
  std::string value;
  int line = 0;
  int column = 0;
};

struct FrontMatter {
  std::string title;
  std::optional<DateTime> date, updated, publish_at;
  std::optional<std::string> summary;
  std::optional<std::string> slug;
  std::vector<LocatedString> topics;
  std::vector<LocatedString> directives;
  std::optional<ImageRef> image;
  std::vector<GalleryItem> gallery;
  std::string author, source;
  bool draft = false;
  std::optional<int> weight;
  std::optional<LocatedString> bulletin;
  std::vector<FaqItem> faq;
  std::vector<TimelineItem> timeline;
  std::vector<LocatedString> aliases;
  std::optional<LocatedString> layout;
  bool translation_only = false;

  std::map<std::string, int> lines;  // field → line in the file
};

/// The parts of a source file. `yaml_line` is the line of the first YAML line (2 when the
/// file starts with `---`), `body_line` the line where the Markdown starts.
struct SplitSource {
  bool has_front_matter = false;
  std::string_view yaml;
  std::string_view body;
  int yaml_line = 0;
  int body_line = 1;
};

/// Splits `---\n<yaml>\n---\n<body>`. Returns nullopt when the opening `---` has no
/// closing line (an error the caller reports at line 1).
std::optional<SplitSource> split_front_matter(std::string_view text);

/// All field names of SPEC §4.2, plus `gallery`.
const std::vector<std::string>& known_fields();

/// Parses and validates the YAML header of `file`. Errors and warnings go to `diags`.
/// Returns nullopt only when the YAML cannot be read at all.
std::optional<FrontMatter> parse_front_matter(const SplitSource& split, const std::string& file,
                                              const config::SiteConfig& cfg,
                                              const std::string& lang,
                                              diag::Diagnostics& diags);

}  // namespace ttdn::content
