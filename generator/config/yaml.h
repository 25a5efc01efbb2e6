// Reading YAML sources with located diagnostics: syntax errors and wrong types point at
// the file, line and column of the value.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"

namespace ttdn::yaml {

/// Where a YAML text sits in its file: front matter starts after the `---` line.
struct Origin {
  std::string file;     // relative to the site folder
  int line_offset = 0;  // lines before the YAML text in the file
};

/// Parses `text`; a syntax error becomes a located diagnostic and nullopt.
std::optional<YAML::Node> parse(std::string_view text, const Origin& origin,
                                diag::Diagnostics& diags);

int line_of(const YAML::Node& node, const Origin& origin);
int column_of(const YAML::Node& node);

/// Typed readers: nullopt (and an error "expected <what>") when the node has another type.
std::optional<std::string> as_string(const YAML::Node& node, const Origin& origin,
                                     std::string_view field, diag::Diagnostics& diags);
std::optional<bool> as_bool(const YAML::Node& node, const Origin& origin,
                            std::string_view field, diag::Diagnostics& diags);
std::optional<long long> as_int(const YAML::Node& node, const Origin& origin,
                                std::string_view field, diag::Diagnostics& diags);
std::optional<std::vector<std::string>> as_string_list(const YAML::Node& node,
                                                       const Origin& origin,
                                                       std::string_view field,
                                                       diag::Diagnostics& diags);

/// A translatable value: `{vi: "...", en: "..."}` keyed by language code.
using LangMap = std::map<std::string, std::string>;

/// Reads a language map. A plain string is accepted as the default language's text.
/// Keys that are not configured languages get a warning naming them.
std::optional<LangMap> as_lang_map(const YAML::Node& node, const Origin& origin,
                                   std::string_view field,
                                   const std::vector<std::string>& languages,
                                   const std::string& default_language,
                                   diag::Diagnostics& diags);

/// Warns about each key of `map` not in `known`, naming the nearest known one.
void warn_unknown_keys(const YAML::Node& map, const Origin& origin,
                       const std::vector<std::string>& known, std::string_view what,
                       diag::Diagnostics& diags);

}  // namespace ttdn::yaml
