#include "content/library.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>

#include "content/source_reader.h"
#include "text/unicode.h"

namespace fs = std::filesystem;

namespace ttdn::content {
namespace {

std::string site_relative(const fs::path& p, const fs::path& site) {
  return p.lexically_relative(site).generic_string();
}

/// `name.en.md` → (name, en); `name.md` → (name, default). Unknown middle parts stay in
/// the name.
std::pair<std::string, std::string> split_name(const std::string& stem,
                                               const config::SiteConfig& cfg) {
  auto dot = stem.rfind('.');
  if (dot != std::string::npos) {
    std::string lang = stem.substr(dot + 1);
    if (cfg.language(lang)) return {stem.substr(0, dot), lang};
  }
  return {stem, cfg.default_language};
}

bool inside(const fs::path& p, const fs::path& root) {
  auto rel = p.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

/// The entries of folder `dir` in name order. (They share one parent: comparing whole paths
/// as strings gives the order of std::filesystem::path, many times faster.)
std::vector<fs::directory_entry> sorted_entries(const fs::path& dir, std::error_code& ec) {
  std::vector<fs::directory_entry> entries(fs::directory_iterator(dir, ec), {});
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.path().native() < b.path().native();
  });
  return entries;
}

/// Reports a symlink whose target leaves the site folder, or a name that is not UTF-8;
/// returns false for it.
bool safe_entry(const fs::directory_entry& e, const std::string& name,
                const fs::path& site_canonical, const fs::path& site_dir,
                diag::Diagnostics& diags) {
  std::error_code ec;
  if (text::find_invalid_utf8(name)) {
    diags.error(site_relative(e.path(), site_dir), 0, 0, "bad-file-name",
                "file name is not valid UTF-8; rename it (it is not published)");
    return false;
  }
  if (!e.is_symlink(ec)) return true;
  fs::path target = fs::weakly_canonical(e.path(), ec);
  if (ec || !inside(target, site_canonical)) {
    diags.error(site_relative(e.path(), site_dir), 0, 0, "symlink-outside",
                "symbolic link points outside the site folder; it is not published");
    return false;
  }
  return true;
}

}  // namespace

const Page* Library::in_language(size_t group, const std::string& lang) const {
  if (group >= groups.size()) return nullptr;
  auto it = groups[group].by_lang.find(lang);
  return it == groups[group].by_lang.end() ? nullptr : &pages[it->second];
}

const Page* Library::published_in(size_t group, const std::string& lang) const {
  const Page* p = in_language(group, lang);
  return p && p->published ? p : nullptr;
}

std::vector<SourceRef> scan_content(const fs::path& site_dir, const config::SiteConfig& cfg,
                                    diag::Diagnostics& diags) {
  std::vector<SourceRef> refs;
  const fs::path content = site_dir / "content";
  std::error_code ec;
  const fs::path site_canonical = fs::weakly_canonical(site_dir, ec);
  if (!fs::is_directory(content, ec)) {
    diags.warning("content", 0, 0, "no-content", "no content/ folder: the site has no pages");
    return refs;
  }
  static const std::set<std::string> data_folders = {"documents", "bulletins"};
  const std::vector<fs::directory_entry> top = sorted_entries(content, ec);
  for (const auto& entry : top) {
    std::string folder = entry.path().filename().string();
    if (!safe_entry(entry, folder, site_canonical, site_dir, diags)) continue;
    if (!entry.is_directory(ec)) {
      if (folder != "glossary.yaml" && folder.front() != '.')
        diags.warning(site_relative(entry.path(), site_dir), 0, 0, "unknown-file",
                      "file outside any section is ignored");
      continue;
    }
    const config::Section* section = cfg.section(folder);
    if (!section) {
      if (!data_folders.count(folder) && folder.front() != '.') {
        std::vector<std::string> keys;
        for (const auto& s : cfg.sections) keys.push_back(s.key);
        std::string msg = "folder '" + folder + "' is not a section in site.yaml; it is ignored";
        if (auto near = text::nearest(folder, keys)) msg += " (did you mean '" + *near + "'?)";
        diags.warning(site_relative(entry.path(), site_dir), 0, 0, "unknown-section", msg);
      }
      continue;
    }
    const std::vector<fs::directory_entry> items = sorted_entries(entry.path(), ec);
    // Names relative to the site folder are made as text: a section can hold thousands.
    const std::string folder_rel = "content/" + folder + "/";
    for (const auto& item : items) {
      std::string fname = item.path().filename().string();
      if (!safe_entry(item, fname, site_canonical, site_dir, diags)) continue;
      if (fname.front() == '.') continue;
      if (item.is_directory(ec)) {
        // A page bundle: index.md (+ translations) and the files published beside it.
        const std::vector<fs::directory_entry> files = sorted_entries(item.path(), ec);
        std::vector<SourceRef> indexes;
        std::vector<BundleFile> extra;
        for (const auto& f : files) {
          std::string n = f.path().filename().string();
          if (!safe_entry(f, n, site_canonical, site_dir, diags)) continue;
          if (n.front() == '.' || f.is_directory(ec)) continue;
          if (f.path().extension() == ".md") {
            auto [stem, lang] = split_name(f.path().stem().string(), cfg);
            if (stem != "index") {
              diags.warning(site_relative(f.path(), site_dir), 0, 0, "bundle-extra-md",
                            "a page bundle holds one page: only index.md and its translations "
                            "are read");
              continue;
            }
            indexes.push_back({f.path(), site_relative(f.path(), site_dir), folder, fname, lang,
                               PageKind::regular, item.path()});
          }
        }
        if (indexes.empty()) {
          diags.warning(site_relative(item.path(), site_dir), 0, 0, "bundle-without-index",
                        "folder has no index.md; it is ignored");
          continue;
        }
        refs.insert(refs.end(), indexes.begin(), indexes.end());
        continue;
      }
      if (!fname.ends_with(".md")) continue;
      auto [stem, lang] = split_name(fname.substr(0, fname.size() - 3), cfg);
      SourceRef ref{item.path(), folder_rel + fname, folder, stem, lang,
                    stem == "_index" ? PageKind::section_index : PageKind::regular, {}};
      refs.push_back(std::move(ref));
    }
  }
  return refs;
}

namespace {

/// The page `ref` names, before its source is read: identity and bundle files.
Page page_of(const SourceRef& ref) {
  Page page;
  page.section = ref.section;
  page.name = ref.name;
  page.lang = ref.lang;
  page.file = ref.file;
  page.kind = ref.kind;
  if (!ref.bundle_dir.empty()) {
    std::error_code ec;
    const std::vector<fs::directory_entry> files = sorted_entries(ref.bundle_dir, ec);
    for (const auto& f : files) {
      std::string n = f.path().filename().string();
      if (n.front() == '.' || f.path().extension() == ".md" || !f.is_regular_file(ec)) continue;
      if (f.is_symlink(ec)) continue;  // reported by the scan
      page.bundle_files.push_back({n, f.path()});
    }
  }
  return page;
}

/// Reads the source `file` at `path` into `text` and splits it (views into `text`); false,
/// with a diagnostic, if it cannot.
bool read_split(const fs::path& path, const std::string& file, diag::Diagnostics& diags,
                std::string& text, SplitSource& split) {
  auto bytes = read_source(path, file, diags);
  if (!bytes) return false;
  text = std::move(*bytes);
  auto parts = split_front_matter(text);
  if (!parts) {
    diags.error(file, 1, 1, "unclosed-front-matter",
                "front matter opened with '---' on line 1 is never closed by another '---'");
    return false;
  }
  split = *parts;
  return true;
}

/// Sets `page`'s body from its split source: the end of `text`, kept in its buffer.
void take_body(Page& page, std::string&& text, const SplitSource& split) {
  const auto body_at = static_cast<size_t>(split.body.data() - text.data());
  if (body_at + split.body.size() == text.size()) {
    text.erase(0, body_at);
    page.body = std::move(text);
  } else {
    page.body = std::string(split.body);
  }
  page.body_line = split.body_line;
  page.body_read = true;
}

}  // namespace

std::optional<Page> load_page(const SourceRef& ref, const config::SiteConfig& cfg,
                              diag::Diagnostics& diags) {
  std::string text;
  SplitSource split;
  if (!read_split(ref.path, ref.file, diags, text, split)) return std::nullopt;
  auto fm = parse_front_matter(split, ref.file, cfg, ref.lang, diags);
  if (!fm) return std::nullopt;
  Page page = page_of(ref);
  page.fm = std::move(*fm);
  take_body(page, std::move(text), split);
  return page;
}

Page restore_page(const SourceRef& ref, FrontMatter fm, int body_line) {
  Page page = page_of(ref);
  page.fm = std::move(fm);
  page.body_line = body_line;
  page.body_read = false;
  return page;
}

bool read_body(Page& page, const fs::path& site_dir, diag::Diagnostics& diags) {
  std::string text;
  SplitSource split;
  if (!read_split(site_dir / page.file, page.file, diags, text, split)) return false;
  take_body(page, std::move(text), split);
  return true;
}

bool is_published(const FrontMatter& fm, int64_t now, bool drafts) {
  if (fm.draft && !drafts) return false;
  if (fm.publish_at && fm.publish_at->epoch > now) return false;
  return true;
}

void link_translations(Library& lib, const config::SiteConfig& cfg, diag::Diagnostics& diags) {
  // "language \0 section slug \0 page slug" → the file that has that URL, its slug line,
  // and whether the slug was written in the front matter.
  std::unordered_map<std::string, std::tuple<std::string, int, bool>> url_owner;
  url_owner.reserve(lib.pages.size());
  // Deterministic order whatever order the files were read in (the scan's is nearly this
  // one). The pages are sorted by position and then moved once: a Page is large.
  auto before = [&](size_t a, size_t b) {
    const Page &x = lib.pages[a], &y = lib.pages[b];
    return std::tie(x.section, x.name, x.lang, x.file) < std::tie(y.section, y.name, y.lang, y.file);
  };
  std::vector<size_t> order(lib.pages.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (!std::is_sorted(order.begin(), order.end(), before)) {
    std::sort(order.begin(), order.end(), before);
    std::vector<Page> sorted;
    sorted.reserve(lib.pages.size());
    for (size_t i : order) sorted.push_back(std::move(lib.pages[i]));
    lib.pages = std::move(sorted);
  }
  for (size_t i = 0; i < lib.pages.size(); ++i) {
    Page& p = lib.pages[i];
    // The pages of a translation group are next to each other.
    if (lib.groups.empty() || lib.groups.back().section != p.section ||
        lib.groups.back().name != p.name)
      lib.groups.push_back({p.section, p.name, {}});
    TranslationGroup& g = lib.groups.back();
    p.group = lib.groups.size() - 1;
    if (g.by_lang.count(p.lang)) {
      diags.error(p.file, 1, 1, "duplicate-page",
                  "same page and language as " + lib.pages[g.by_lang[p.lang]].file);
      continue;
    }
    g.by_lang[p.lang] = i;

    const config::Section* section = cfg.section(p.section);
    if (!p.is_section_index() && section && section->kind == config::SectionKind::articles &&
        !p.fm.date)
      diags.error(p.file, p.fm.lines.count("date") ? p.fm.lines["date"] : 2, 1, "missing-date",
                  "articles need a 'date' (YYYY-MM-DD)");

    // Published slug: front matter, else the file name; folded to [a-z0-9-].
    std::string raw = p.fm.slug ? *p.fm.slug : p.name;
    int line = p.fm.lines.count("slug") ? p.fm.lines["slug"] : 1;
    // '%' too: an encoded `%2e%2e` or `%2f` would fold into a different, surprising slug.
    if (raw.find("..") != std::string::npos || raw.find('/') != std::string::npos ||
        raw.find('\\') != std::string::npos ||
        (p.fm.slug && raw.find('%') != std::string::npos)) {
      diags.error(p.file, line, 1, "bad-slug",
                  "slug '" + raw + "' must not contain '..', '/', '\\' or '%'");
      continue;
    }
    if (!p.is_section_index()) {
      p.slug = text::fold_slug(raw);
      if (p.slug.empty())
        diags.error(p.file, line, 1, "bad-slug",
                    "slug '" + raw + "' is empty once folded to a-z, 0-9 and '-'; give a "
                    "'slug:' in Latin letters");
      // Two pages on one URL: reported here, at the slug, rather than only when writing.
      if (section && !p.slug.empty()) {
        std::string section_slug = section->slug.count(p.lang) ? section->slug.at(p.lang) : "";
        auto [owner, first] =
            url_owner.emplace(p.lang + '\0' + section_slug + '\0' + p.slug,
                              std::make_tuple(p.file, line, p.fm.slug.has_value()));
        if (!first) {
          // Reported where a `slug:` was written, if one was: that is what to change.
          auto [other_file, other_line, other_explicit] = owner->second;
          bool here = p.fm.slug.has_value() || !other_explicit;
          diags.error(here ? p.file : other_file, here ? line : other_line, 1, "duplicate-url",
                      "slug '" + p.slug + "' is already the URL of " +
                          (here ? other_file : p.file) + " in the same section and language");
        }
      }
    }
  }
  for (const auto& g : lib.groups) {
    if (g.by_lang.count(cfg.default_language)) continue;
    for (const auto& [lang, idx] : g.by_lang) {
      const Page& p = lib.pages[idx];
      if (!p.fm.translation_only)
        diags.error(p.file, 1, 1, "translation-without-original",
                    "translation has no '" + cfg.default_language + "' original (" +
                        "content/" + g.section + "/" + g.name +
                        ".md); add it, or set 'translation_only: true'");
    }
  }
}

}  // namespace ttdn::content
