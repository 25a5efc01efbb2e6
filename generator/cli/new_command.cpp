// `ttdn new article|explainer|page SECTION/NAME [--lang L]`: writes a new Markdown source
// with valid front matter, or starts a translation of an existing page; never overwrites.
#include <cstdio>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "config/site_config.h"
#include "content/datetime.h"
#include "content/front_matter.h"
#include "content/source_reader.h"
#include "text/unicode.h"

namespace fs = std::filesystem;

namespace ttdn::cli {
namespace {

const char* kind_name(config::SectionKind k) {
  switch (k) {
    case config::SectionKind::articles:
      return "articles";
    case config::SectionKind::explainers:
      return "explainers";
    case config::SectionKind::pages:
      return "pages";
  }
  return "pages";
}

/// The command word that creates pages of a section kind.
const char* command_for(config::SectionKind k) {
  switch (k) {
    case config::SectionKind::articles:
      return "article";
    case config::SectionKind::explainers:
      return "explainer";
    case config::SectionKind::pages:
      return "page";
  }
  return "page";
}

std::optional<config::SectionKind> kind_of_command(const std::string& word) {
  if (word == "article") return config::SectionKind::articles;
  if (word == "explainer") return config::SectionKind::explainers;
  if (word == "page") return config::SectionKind::pages;
  return std::nullopt;
}

/// A YAML double-quoted scalar.
std::string yaml_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

/// "hoi-nghi-bien-gioi" → "Hoi nghi bien gioi": a title to overwrite.
std::string unfold(const std::string& slug) {
  std::string t = slug;
  for (char& c : t)
    if (c == '-') c = ' ';
  if (!t.empty() && t[0] >= 'a' && t[0] <= 'z') t[0] = static_cast<char>(t[0] - 'a' + 'A');
  return t;
}

/// Writes `bytes` to a file that must not exist yet (exclusive create: never overwrites,
/// even when two editors run `new` at the same moment). Returns false if it existed.
bool create_new_file(const fs::path& path, const std::string& bytes, std::string& error) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  FILE* f = std::fopen(path.c_str(), "wx");
  if (!f) {
    error = fs::exists(path, ec) ? "exists" : "cannot create it";
    return false;
  }
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) error = "cannot write it";
  return ok;
}

/// A YAML mapping split into its top-level entries (key and every line that belongs to
/// it), so that entries can be dropped or annotated without re-emitting the YAML.
struct YamlEntry {
  std::string key;  // "" for comment or blank lines before the first key
  std::vector<std::string> lines;
};

std::vector<YamlEntry> top_level_entries(std::string_view yaml) {
  std::vector<YamlEntry> entries;
  std::istringstream in{std::string(yaml)};
  std::string line;
  while (std::getline(in, line)) {
    bool continuation = !line.empty() && (line[0] == ' ' || line[0] == '\t' || line[0] == '-');
    auto colon = line.find(':');
    bool starts_key =
        !line.empty() && !continuation && line[0] != '#' && colon != std::string::npos;
    if (starts_key) {
      entries.push_back({line.substr(0, colon), {line}});
    } else if (entries.empty()) {
      entries.push_back({"", {line}});
    } else {
      entries.back().lines.push_back(line);
    }
  }
  return entries;
}

/// Front matter and body of a translation started from `original` (normalised text).
std::string translation_of(const std::string& original, const std::string& original_file,
                           const std::string& from_lang) {
  auto split = content::split_front_matter(original);
  std::string_view yaml = split && split->has_front_matter ? split->yaml : std::string_view();
  std::string_view body = split ? split->body : std::string_view(original);

  std::string out = "---\n";
  out += "# Translation of " + original_file + " (" + from_lang +
         "): translate the fields marked TODO and the text quoted below, then remove "
         "'draft: true'.\n";
  // Fields whose text is in the original's language.
  static const std::set<std::string> to_translate = {"title",   "summary", "image",
                                                     "gallery", "faq",     "timeline"};
  // Fields that belong to the original alone: aliases would claim the same old URLs twice.
  static const std::set<std::string> dropped = {"aliases", "draft", "translation_only"};
  for (const auto& e : top_level_entries(yaml)) {
    if (dropped.count(e.key)) continue;
    if (to_translate.count(e.key)) out += "# TODO translate:\n";
    for (const auto& l : e.lines) out += l + "\n";
  }
  out += "draft: true\n---\n\n";
  // The original text, quoted, for the translator to replace paragraph by paragraph.
  std::istringstream in{std::string(body)};
  std::string line;
  bool any = false;
  std::string quoted;
  while (std::getline(in, line)) {
    if (!any && line.empty()) continue;  // leading blank lines
    any = true;
    quoted += line.empty() ? ">\n" : "> " + line + "\n";
  }
  while (quoted.size() >= 3 && quoted.compare(quoted.size() - 3, 3, "\n>\n") == 0)
    quoted.resize(quoted.size() - 2);  // trailing blank quoted lines
  out += quoted;
  return out;
}

std::string new_source(config::SectionKind kind, const std::string& title, int64_t now,
                       bool translation_only) {
  content::DateTime t{now, 7 * 60, false};
  // Whole minutes read better in a file an editor will touch.
  t.epoch -= content::civil(t).second;
  const content::CivilDate c = content::civil(t);
  std::string out = "---\n";
  out += "title: " + yaml_quote(title) + "\n";
  out += "date: " + content::format_iso(t) + "\n";
  out += "draft: true\n";
  out += "topics: []\n";
  out += "# summary: \"\"\n";
  if (kind == config::SectionKind::articles) {
    out += "# directives: []\n";
    out += "# bulletin: " + std::to_string(c.year) + "-Q" + std::to_string((c.month - 1) / 3 + 1) +
           "\n";
  } else {
    out += "# weight: 10\n";
  }
  if (translation_only) out += "translation_only: true\n";
  out += "---\n\n";
  return out;
}

}  // namespace

int run_new(const NewArgs& args) {
  auto kind = kind_of_command(args.kind);
  if (!kind) {
    std::cerr << "ttdn: error: 'new " << args.kind
              << "': expected article, explainer, page or bulletin\n";
    return kExitUsage;
  }
  auto slash = args.target.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == args.target.size()) {
    std::cerr << "ttdn: error: expected SECTION/NAME (e.g. news/hoi-nghi-bien-gioi), got '"
              << args.target << "'\n";
    return kExitUsage;
  }
  const std::string section_key = args.target.substr(0, slash);
  const std::string raw_name = text::to_nfc(args.target.substr(slash + 1));
  if (raw_name.find('/') != std::string::npos || raw_name.find('\\') != std::string::npos ||
      raw_name.find("..") != std::string::npos) {
    std::cerr << "ttdn: error: NAME '" << raw_name
              << "' must be a single name, without '/', '\\' or '..'\n";
    return kExitUsage;
  }
  auto now = resolve_now(args.now);
  if (!now) {
    std::cerr << "ttdn: error: --now '" << *args.now << "' is not an ISO 8601 date or time\n";
    return kExitUsage;
  }

  const fs::path site = args.site;
  if (!fs::exists(site / "site.yaml")) {
    std::cerr << "ttdn: error: no site.yaml in '" << args.site << "'\n";
    return kExitUsage;
  }
  diag::Diagnostics diags;
  auto cfg = config::load_site_config(site, diags);
  if (!cfg) {
    for (const auto& d : diags.sorted()) std::cerr << diag::format_text(d) << '\n';
    return kExitSourceErrors;
  }

  const config::Section* section = cfg->section(section_key);
  if (!section) {
    std::string known;
    std::vector<std::string> keys;
    for (const auto& s : cfg->sections)
      if (s.kind == *kind) {
        known += (known.empty() ? "" : ", ") + s.key;
        keys.push_back(s.key);
      }
    std::cerr << "ttdn: error: site.yaml has no section '" << section_key << "'";
    if (auto near = text::nearest(section_key, keys))
      std::cerr << " (did you mean '" << *near << "'?)";
    std::cerr << "; sections of " << kind_name(*kind) << ": " << (known.empty() ? "none" : known)
              << '\n';
    return kExitUsage;
  }
  if (section->kind != *kind) {
    std::cerr << "ttdn: error: section '" << section_key << "' holds " << kind_name(section->kind)
              << ", not " << kind_name(*kind) << "; use 'ttdn new " << command_for(section->kind)
              << " " << args.target << "'\n";
    return kExitUsage;
  }

  std::string lang = args.lang.value_or(cfg->default_language);
  if (!cfg->language(lang)) {
    std::string codes;
    for (const auto& l : cfg->languages) codes += (codes.empty() ? "" : ", ") + l.code;
    std::cerr << "ttdn: error: --lang '" << lang << "' is not a language of site.yaml (" << codes
              << ")\n";
    return kExitUsage;
  }

  // The file name: folded to the published slug form, except a section's _index.
  std::string name = raw_name == "_index" ? raw_name : text::fold_slug(raw_name);
  if (name.empty()) {
    std::cerr << "ttdn: error: NAME '" << raw_name
              << "' has no letters or digits that fold to a-z, 0-9; give a Latin name\n";
    return kExitUsage;
  }
  if (name != raw_name)
    std::cerr << "ttdn: note: the name '" << raw_name << "' is written as '" << name << "'\n";

  const fs::path folder = site / "content" / section_key;
  const bool bundle = fs::is_directory(folder / name);
  const bool is_default = lang == cfg->default_language;
  auto file_of = [&](const std::string& l) {
    std::string suffix = l == cfg->default_language ? ".md" : "." + l + ".md";
    return bundle ? folder / name / ("index" + suffix) : folder / (name + suffix);
  };
  const fs::path target = file_of(lang);
  const fs::path original = file_of(cfg->default_language);
  auto relative = [&](const fs::path& p) { return p.lexically_relative(site).generic_string(); };

  std::string bytes;
  if (!is_default && fs::exists(original)) {
    diag::Diagnostics read_diags;
    auto text = content::read_source(original, relative(original), read_diags);
    if (!text) {
      for (const auto& d : read_diags.sorted()) std::cerr << diag::format_text(d) << '\n';
      return kExitSourceErrors;
    }
    bytes = translation_of(*text, relative(original), cfg->default_language);
  } else {
    std::string title = raw_name == name ? unfold(name) : raw_name;
    bytes = new_source(*kind, title, *now, !is_default);
  }

  std::string error;
  if (!create_new_file(target, bytes, error)) {
    if (error == "exists") {
      std::cerr << "ttdn: error: " << relative(target) << " already exists; it was not changed\n";
      return kExitSourceErrors;
    }
    std::cerr << "ttdn: error: " << relative(target) << ": " << error << '\n';
    return kExitUsage;
  }
  std::cout << relative(target) << '\n';
  return kExitOk;
}

}  // namespace ttdn::cli
