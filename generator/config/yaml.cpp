#include "config/yaml.h"

#include <algorithm>
#include <unordered_set>

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

/// Whether the quoted scalar opening at `pos` of `text` is closed before the text ends.
bool quote_closed(std::string_view text, size_t pos) {
  const char quote = text[pos];
  for (size_t i = pos + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;  // an escaped character, `\"` among them
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // `''` stands for a quote inside single quotes
        continue;
      }
      return true;
    }
  }
  return false;
}

/// The first quoted scalar of `node` (keys included) whose closing quote is missing.
/// yaml-cpp takes such a value to the end of the text: `title: "Lễ ký` above `date:` would
/// swallow the date, and the build would report a missing date instead of the quote.
/// `seen`: the place and type of the nodes already looked at (a block map starts where
/// its first key does). An alias is the node it names, so each node is looked at once,
/// however many aliases repeat it (`&a [*b, *b, …]` nested would otherwise take
/// exponential time).
std::optional<YAML::Mark> unclosed_quote(const YAML::Node& node, std::string_view text,
                                         std::unordered_set<int64_t>& seen) {
  const int64_t place = int64_t{node.Mark().pos} * 8 + static_cast<int>(node.Type());
  if (node.Mark().pos >= 0 && !seen.insert(place).second) return std::nullopt;
  switch (node.Type()) {
    case YAML::NodeType::Scalar: {
      const YAML::Mark mark = node.Mark();
      if (node.Tag() != "!" || mark.pos < 0 || static_cast<size_t>(mark.pos) >= text.size())
        return std::nullopt;
      const char c = text[static_cast<size_t>(mark.pos)];
      if ((c == '"' || c == '\'') && !quote_closed(text, static_cast<size_t>(mark.pos)))
        return mark;
      return std::nullopt;
    }
    case YAML::NodeType::Sequence:
      for (const auto& item : node)
        if (auto m = unclosed_quote(item, text, seen)) return m;
      return std::nullopt;
    case YAML::NodeType::Map:
      for (const auto& kv : node) {
        if (auto m = unclosed_quote(kv.first, text, seen)) return m;
        if (auto m = unclosed_quote(kv.second, text, seen)) return m;
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

/// The 1-based number of the last line before line `before` (0-based) whose value opens a
/// quote that the line does not close (`key: "text` or `- 'text`), or 0. A quoted value may
/// run over lines, but when the parser fails after one that does, a quote left open is the
/// likely cause and its line where to look.
int open_quote_line(std::string_view text, int before) {
  int found = 0;
  size_t start = 0;
  for (int line = 0; line < before && start < text.size(); ++line) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view l = text.substr(start, end - start);
    size_t v = l.find_first_not_of(' ');
    while (v != std::string_view::npos && l.compare(v, 2, "- ") == 0)
      v = l.find_first_not_of(' ', v + 2);  // list items
    if (v != std::string_view::npos && l[v] != '#' && l[v] != '"' && l[v] != '\'') {
      // A key: its value follows `: `.
      const size_t colon = l.find(": ", v);
      v = colon == std::string_view::npos ? colon : l.find_first_not_of(' ', colon + 2);
    }
    if (v != std::string_view::npos && (l[v] == '"' || l[v] == '\'') && !quote_closed(l, v))
      found = line + 1;
    start = end + 1;
  }
  return found;
}

}  // namespace

std::optional<YAML::Node> parse(std::string_view text, const Origin& origin,
                                diag::Diagnostics& diags) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    std::string msg = e.msg.empty() ? std::string("malformed YAML") : e.msg;
    if (int quote = open_quote_line(text, e.mark.line + 1))
      msg += " (is the quote opened on line " + std::to_string(origin.line_offset + quote) +
             " closed?)";
    diags.error(origin.file, origin.line_offset + e.mark.line + 1, e.mark.column + 1,
                "yaml-syntax", "malformed YAML: " + msg);
    return std::nullopt;
  }
  std::unordered_set<int64_t> seen;
  if (auto mark = unclosed_quote(root, text, seen)) {
    diags.error(origin.file, origin.line_offset + mark->line + 1, mark->column + 1, "yaml-syntax",
                std::string("malformed YAML: the quoted value opened here has no closing ") +
                    (text[static_cast<size_t>(mark->pos)] == '"' ? "\"" : "'") +
                    " (it would run on to the end)");
    return std::nullopt;
  }
  return root;
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
