#include "config/yaml.h"

#include <algorithm>

#include "text/unicode.h"

namespace ttdn::yaml {
namespace {

const char* type_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Scalar: return "a single value";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a map";
    default: return "nothing";
  }
}

void type_error(const YAML::Node& node, const Origin& origin, std::string_view field,
                std::string_view expected, diag::Diagnostics& diags) {
  diags.error(origin.file, line_of(node, origin), column_of(node), "wrong-type",
              "'" + std::string(field) + "' must be " + std::string(expected) + ", not " +
                  type_name(node));
}

}  // namespace

std::optional<YAML::Node> parse(std::string_view text, const Origin& origin,
                                diag::Diagnostics& diags) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    std::string msg = e.msg.empty() ? std::string("malformed YAML") : e.msg;
    diags.error(origin.file, origin.line_offset + e.mark.line + 1, e.mark.column + 1,
                "yaml-syntax", "malformed YAML: " + msg);
    return std::nullopt;
  }
}

int line_of(const YAML::Node& node, const Origin& origin) {
  auto mark = node.Mark();
  if (mark.line < 0) return origin.line_offset > 0 ? origin.line_offset : 0;
  return origin.line_offset + mark.line + 1;
}

int column_of(const YAML::Node& node) {
  auto mark = node.Mark();
  return mark.column < 0 ? 0 : mark.column + 1;
}

std::optional<std::string> as_string(const YAML::Node& node, const Origin& origin,
                                     std::string_view field, diag::Diagnostics& diags) {
  if (!node.IsScalar()) {
    type_error(node, origin, field, "text", diags);
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<bool> as_bool(const YAML::Node& node, const Origin& origin,
                            std::string_view field, diag::Diagnostics& diags) {
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    // Only the YAML 1.2 spellings: yaml-cpp would also take y/n/on/off.
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  type_error(node, origin, field, "true or false", diags);
  return std::nullopt;
}

std::optional<long long> as_int(const YAML::Node& node, const Origin& origin,
                                std::string_view field, diag::Diagnostics& diags) {
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    if (!s.empty() && s.size() < 18 &&
        std::all_of(s.begin() + (s[0] == '-' ? 1 : 0), s.end(),
                    [](char c) { return c >= '0' && c <= '9'; }) &&
        s != "-")
      return std::stoll(s);
  }
  type_error(node, origin, field, "a whole number", diags);
  return std::nullopt;
}

std::optional<std::vector<std::string>> as_string_list(const YAML::Node& node,
                                                       const Origin& origin,
                                                       std::string_view field,
                                                       diag::Diagnostics& diags) {
  if (!node.IsSequence()) {
    type_error(node, origin, field, "a list of text values", diags);
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (const auto& item : node) {
    if (!item.IsScalar()) {
      type_error(item, origin, std::string(field) + " item", "text", diags);
      ok = false;
      continue;
    }
    out.push_back(item.Scalar());
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<LangMap> as_lang_map(const YAML::Node& node, const Origin& origin,
                                   std::string_view field,
                                   const std::vector<std::string>& languages,
                                   const std::string& default_language,
                                   diag::Diagnostics& diags) {
  LangMap out;
  if (node.IsScalar()) {
    out[default_language] = node.Scalar();
    return out;
  }
  if (!node.IsMap()) {
    type_error(node, origin, field, "text or a map of languages", diags);
    return std::nullopt;
  }
  for (const auto& kv : node) {
    std::string key = kv.first.Scalar();
    if (std::find(languages.begin(), languages.end(), key) == languages.end()) {
      std::string msg = "'" + std::string(field) + "' has a key '" + key +
                        "' that is not a configured language";
      if (auto near = text::nearest(key, languages)) msg += " (did you mean '" + *near + "'?)";
      diags.warning(origin.file, line_of(kv.first, origin), column_of(kv.first),
                    "unknown-language", msg);
      continue;
    }
    if (!kv.second.IsScalar()) {
      type_error(kv.second, origin, std::string(field) + "." + key, "text", diags);
      continue;
    }
    out[key] = kv.second.Scalar();
  }
  return out;
}

void warn_unknown_keys(const YAML::Node& map, const Origin& origin,
                       const std::vector<std::string>& known, std::string_view what,
                       diag::Diagnostics& diags) {
  if (!map.IsMap()) return;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) continue;
    const std::string& key = kv.first.Scalar();
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string msg = "unknown " + std::string(what) + " '" + key + "'";
    if (auto near = text::nearest(key, known)) msg += " (did you mean '" + *near + "'?)";
    diags.warning(origin.file, line_of(kv.first, origin), column_of(kv.first), "unknown-field",
                  msg);
  }
}

}  // namespace ttdn::yaml
