#include "site/bulletin_set.h"

#include <algorithm>
#include <set>

#include "config/yaml.h"
#include "content/source_reader.h"
#include "site/url_scheme.h"
#include "text/unicode.h"

namespace fs = std::filesystem;

namespace ttdn::site {
namespace {

constexpr int kFirstYear = 1990;
constexpr int kLastYear = 2100;
constexpr int kMaxNumber = 99;
constexpr int64_t kPortalOffset = 7 * 3600;  // +07:00, the portal's time zone

content::DateTime midnight(int y, int m, int d) {
  return {content::days_from_civil(y, m, d) * 86400 - kPortalOffset, 7 * 60, true};
}

/// Normalises a path under assets/ as sources write it (`bulletins/x.pdf`,
/// `assets/bulletins/x.pdf`, `/bulletins/x.pdf`); nullopt when it could leave the folder.
std::optional<std::string> asset_path(std::string p) {
  while (!p.empty() && p.front() == '/') p.erase(0, 1);
  if (p.rfind("assets/", 0) == 0) p.erase(0, 7);
  if (p.empty() || p.find('\\') != std::string::npos || p.find("://") != std::string::npos)
    return std::nullopt;
  for (const auto& part : fs::path(p))
    if (part == ".." || part == ".") return std::nullopt;
  return p;
}

/// Reads the file's YAML map into an issue, reporting each fault where it is.
class IssueReader {
 public:
  IssueReader(const YAML::Node& root, const std::string& file, const config::SiteConfig& cfg,
              const AssetExists& asset_exists, diag::Diagnostics& diags)
      : root_(root), origin_{file, 0}, cfg_(cfg), asset_exists_(asset_exists), diags_(diags) {}

  std::optional<BulletinIssue> read() {
    BulletinIssue issue;
    issue.file = origin_.file;
    static const std::vector<std::string> known = {"year",  "quarter",  "number", "title",
                                                   "cover", "articles", "pdf"};
    yaml::warn_unknown_keys(root_, origin_, known, "bulletin field", diags_);

    auto year = ranged_int("year", kFirstYear, kLastYear, "bulletin-year");
    auto quarter = ranged_int("quarter", 1, 4, "bulletin-quarter");
    if (!year || !quarter) return std::nullopt;
    issue.quarter = {static_cast<int>(*year), static_cast<int>(*quarter)};
    check_file_name(issue.quarter);

    if (auto number = ranged_int("number", 1, kMaxNumber, "bulletin-number")) {
      issue.number = static_cast<int>(*number);
      issue.number_line = yaml::line_of(root_["number"], origin_);
      issue.number_column = yaml::column_of(root_["number"]);
    }
    read_title(issue);
    if (const YAML::Node cover = root_["cover"]) read_cover(cover, issue);
    if (const YAML::Node pdf = root_["pdf"]) read_pdf(pdf, issue);
    if (const YAML::Node articles = root_["articles"]) read_articles(articles, issue);
    return issue;
  }

 private:
  void error(const YAML::Node& at, const std::string& code, const std::string& message) {
    diags_.error(origin_.file, yaml::line_of(at, origin_), yaml::column_of(at), code, message);
  }

  std::optional<long long> ranged_int(const char* key, long long lo, long long hi,
                                      const std::string& code) {
    const YAML::Node n = root_[key];
    if (!n) {
      diags_.error(origin_.file, 1, 1, "missing-field",
                   std::string("a bulletin needs '") + key + "'");
      return std::nullopt;
    }
    auto v = yaml::as_int(n, origin_, key, diags_);
    if (!v) return std::nullopt;
    if (*v < lo || *v > hi) {
      error(n, code, std::string("'") + key + "' must be from " + std::to_string(lo) + " to " +
                         std::to_string(hi) + ", not " + std::to_string(*v));
      return std::nullopt;
    }
    return v;
  }

  void check_file_name(const Quarter& q) {
    fs::path name = fs::path(origin_.file).filename();
    if (name.stem().string() == q.file_stem() && name.extension() == ".yaml") return;
    error(root_["year"], "bulletin-file-name",
          "file name '" + name.string() + "' does not match year " + std::to_string(q.year) +
              " and quarter " + std::to_string(q.quarter) + ": the issue's file is " +
              q.file_stem() + ".yaml");
  }

  void read_title(BulletinIssue& issue) {
    const YAML::Node n = root_["title"];
    if (!n) {
      diags_.error(origin_.file, 1, 1, "missing-field",
                   "a bulletin needs a 'title' in each language ({" + cfg_.default_language +
                       ": \"…\", …})");
      return;
    }
    auto title = yaml::as_lang_map(n, origin_, "title", cfg_.language_codes(),
                                   cfg_.default_language, diags_);
    if (!title) return;
    issue.title = *title;
    require_default(n, issue.title, "title", "bulletin-title");
  }

  /// The default language's text is required, the others fall back to it with a warning.
  void require_default(const YAML::Node& n, const config::LangMap& map, const std::string& field,
                       const std::string& code) {
    auto has = [&](const std::string& lang) {
      auto it = map.find(lang);
      return it != map.end() && !it->second.empty();
    };
    if (!has(cfg_.default_language)) {
      error(n, code, "'" + field + "' needs its '" + cfg_.default_language +
                         "' text (the default language)");
      return;
    }
    for (const auto& l : cfg_.languages)
      if (!has(l.code))
        diags_.warning(origin_.file, yaml::line_of(n, origin_), yaml::column_of(n),
                       "missing-translation",
                       "'" + field + "' has no '" + l.code + "' text; the '" +
                           cfg_.default_language + "' text is used");
  }

  /// An existing file under assets/, or an error at `n`.
  std::optional<std::string> existing_asset(const YAML::Node& n, const std::string& field,
                                            const std::string& code) {
    auto s = yaml::as_string(n, origin_, field, diags_);
    if (!s) return std::nullopt;
    auto rel = asset_path(*s);
    if (!rel) {
      error(n, code, "'" + field + "' must be a path under assets/ (e.g. bulletins/" +
                         "2026-q1.pdf), not '" + *s + "'");
      return std::nullopt;
    }
    if (!asset_exists_(*rel)) {
      error(n, code, "'" + field + "': no file assets/" + *rel);
      return std::nullopt;
    }
    return rel;
  }

  void read_cover(const YAML::Node& n, BulletinIssue& issue) {
    if (!n.IsMap()) {
      error(n, "wrong-type", "'cover' must be a map {src, alt}");
      return;
    }
    yaml::warn_unknown_keys(n, origin_, {"src", "alt"}, "cover field", diags_);
    if (!n["src"]) {
      error(n, "bulletin-cover", "'cover' needs 'src', a file under assets/");
      return;
    }
    auto src = existing_asset(n["src"], "cover.src", "bulletin-cover");
    BulletinCover cover;
    if (!n["alt"]) {
      error(n, "bulletin-cover",
            "'cover' needs 'alt', the image described in each language, for readers who "
            "cannot see it");
    } else if (auto alt = yaml::as_lang_map(n["alt"], origin_, "cover.alt",
                                            cfg_.language_codes(), cfg_.default_language,
                                            diags_)) {
      cover.alt = *alt;
      require_default(n["alt"], cover.alt, "cover.alt", "bulletin-cover");
    }
    if (!src) return;
    cover.src = *src;
    issue.cover = cover;
  }

  void read_pdf(const YAML::Node& n, BulletinIssue& issue) {
    if (!n.IsMap()) {
      error(n, "wrong-type", "'pdf' must be a map of language: file under assets/");
      return;
    }
    for (const auto& kv : n) {
      std::string lang = kv.first.Scalar();
      if (!cfg_.language(lang)) {
        std::string msg = "'pdf' has a key '" + lang + "' that is not a configured language";
        if (auto near = text::nearest(lang, cfg_.language_codes()))
          msg += " (did you mean '" + *near + "'?)";
        error(kv.first, "bulletin-pdf", msg);
        continue;
      }
      if (auto rel = existing_asset(kv.second, "pdf." + lang, "bulletin-pdf")) issue.pdf[lang] = *rel;
    }
  }

  void read_articles(const YAML::Node& n, BulletinIssue& issue) {
    if (!n.IsSequence()) {
      error(n, "wrong-type", "'articles' must be a list of section/name");
      return;
    }
    std::vector<content::LocatedString> listed;
    for (const auto& item : n) {
      if (!item.IsScalar()) {
        error(item, "wrong-type", "each of 'articles' must be section/name, as text");
        continue;
      }
      const std::string& ref = item.Scalar();
      auto slash = ref.find('/');
      if (slash == std::string::npos || slash == 0 || slash + 1 == ref.size() ||
          ref.find('/', slash + 1) != std::string::npos) {
        error(item, "bulletin-article",
              "'" + ref + "' is not section/name (e.g. news/hoi-nghi-bien-gioi)");
        continue;
      }
      listed.push_back({ref, yaml::line_of(item, origin_), yaml::column_of(item)});
    }
    issue.listed = std::move(listed);
  }

  const YAML::Node& root_;
  yaml::Origin origin_;
  const config::SiteConfig& cfg_;
  const AssetExists& asset_exists_;
  diag::Diagnostics& diags_;
};

/// The page whose front matter `bulletin` decides a group's quarter: the first in
/// language order (the default language first) that has one.
const content::Page* bulletin_source(const content::Library& lib, size_t group,
                                     const config::SiteConfig& cfg) {
  if (const content::Page* p = lib.in_language(group, cfg.default_language); p && p->fm.bulletin)
    return p;
  for (const auto& l : cfg.languages)
    if (const content::Page* p = lib.in_language(group, l.code); p && p->fm.bulletin) return p;
  return nullptr;
}

/// Date, then title, then name: the order of an issue assembled from front matter.
void sort_by_date(std::vector<size_t>& groups, const content::Library& lib,
                  const config::SiteConfig& cfg) {
  auto key = [&](size_t g) {
    const content::Page* p = bulletin_page_in(lib, g, cfg.default_language, cfg);
    int64_t date = p && p->fm.date ? p->fm.date->epoch : 0;
    return std::make_tuple(date, p ? p->fm.title : std::string(), lib.groups[g].name);
  };
  std::stable_sort(groups.begin(), groups.end(),
                   [&](size_t a, size_t b) { return key(a) < key(b); });
}

}  // namespace

std::string Quarter::key() const { return std::to_string(year) + "-Q" + std::to_string(quarter); }

std::string Quarter::file_stem() const {
  return std::to_string(year) + "-q" + std::to_string(quarter);
}

content::DateTime Quarter::first_day() const { return midnight(year, quarter * 3 - 2, 1); }

content::DateTime Quarter::last_day() const {
  content::DateTime next = quarter == 4 ? midnight(year + 1, 1, 1) : midnight(year, quarter * 3 + 1, 1);
  next.epoch -= 86400;
  return next;
}

bool Quarter::contains(const content::DateTime& t) const {
  return t.epoch >= first_day().epoch && t.epoch < last_day().epoch + 86400;
}

std::optional<Quarter> parse_quarter(std::string_view s) {
  if (s.size() != 7 || s[4] != '-' || (s[5] != 'Q' && s[5] != 'q') || s[6] < '1' || s[6] > '4')
    return std::nullopt;
  int year = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    year = year * 10 + (s[i] - '0');
  }
  return Quarter{year, s[6] - '0'};
}

const BulletinIssue* BulletinSet::find(const Quarter& q) const {
  for (const auto& issue : issues)
    if (issue.quarter == q) return &issue;
  return nullptr;
}

std::optional<BulletinIssue> parse_bulletin(std::string_view text, const std::string& file,
                                            const config::SiteConfig& cfg,
                                            const AssetExists& asset_exists,
                                            diag::Diagnostics& diags) {
  auto root = yaml::parse(text, {file, 0}, diags);
  if (!root) return std::nullopt;
  if (!root->IsMap()) {
    diags.error(file, 1, 1, "wrong-type",
                "a bulletin file is a map: year, quarter, number, title, and optionally "
                "cover, articles, pdf");
    return std::nullopt;
  }
  const YAML::Node& map = *root;
  return IssueReader(map, file, cfg, asset_exists, diags).read();
}

std::vector<BulletinIssue> read_bulletin_files(const fs::path& site_dir,
                                               const config::SiteConfig& cfg,
                                               const AssetExists& asset_exists,
                                               diag::Diagnostics& diags) {
  std::vector<BulletinIssue> issues;
  const fs::path dir = site_dir / "content" / "bulletins";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return issues;
  std::vector<fs::directory_entry> entries(fs::directory_iterator(dir, ec), {});
  std::sort(entries.begin(), entries.end());
  for (const auto& e : entries) {
    std::string name = e.path().filename().string();
    std::string file = "content/bulletins/" + name;
    if (name.front() == '.') continue;
    if (!e.is_regular_file(ec) || (e.path().extension() != ".yaml" && e.path().extension() != ".yml")) {
      diags.warning(file, 0, 0, "unknown-file",
                    "content/bulletins/ holds one YAML file per issue (YYYY-qN.yaml); this is "
                    "ignored");
      continue;
    }
    if (e.is_symlink(ec)) {
      auto target = fs::weakly_canonical(e.path(), ec);
      auto rel = target.lexically_relative(fs::weakly_canonical(site_dir, ec));
      if (ec || rel.empty() || *rel.begin() == "..") {
        diags.error(file, 0, 0, "symlink-outside",
                    "symbolic link points outside the site folder; it is not read");
        continue;
      }
    }
    auto text = content::read_source(e.path(), file, diags);
    if (!text) continue;
    if (auto issue = parse_bulletin(*text, file, cfg, asset_exists, diags))
      issues.push_back(std::move(*issue));
  }
  return issues;
}

bool bulletin_article_published(const content::Library& lib, size_t group,
                                const config::SiteConfig& cfg) {
  if (const content::Page* original = lib.in_language(group, cfg.default_language))
    return original->published;
  for (const auto& l : cfg.languages)
    if (lib.published_in(group, l.code)) return true;
  return false;
}

const content::Page* bulletin_page_in(const content::Library& lib, size_t group,
                                      const std::string& lang, const config::SiteConfig& cfg) {
  if (!bulletin_article_published(lib, group, cfg)) return nullptr;
  if (const content::Page* p = lib.published_in(group, lang)) return p;
  if (const content::Page* p = lib.published_in(group, cfg.default_language)) return p;
  for (const auto& l : cfg.languages)
    if (const content::Page* p = lib.published_in(group, l.code)) return p;
  return nullptr;
}

std::string bulletin_issue_path(const config::SiteConfig& cfg, const std::string& lang,
                                const Quarter& q) {
  // Paths only: the base URL plays no part in them.
  UrlScheme urls(cfg, cfg.base_url);
  return urls.area(cfg.bulletins, lang,
                   std::to_string(q.year) + "/q" + std::to_string(q.quarter) + "/");
}

std::string bulletin_print_path(const config::SiteConfig& cfg, const std::string& lang,
                                const Quarter& q) {
  return bulletin_issue_path(cfg, lang, q) + "print/";
}

BulletinSet assemble_bulletins(std::vector<BulletinIssue> issues, const content::Library& lib,
                               const config::SiteConfig& cfg, diag::Diagnostics& diags) {
  std::stable_sort(issues.begin(), issues.end(),
                   [](const BulletinIssue& a, const BulletinIssue& b) { return a.quarter < b.quarter; });
  BulletinSet set;
  std::map<std::pair<int, int>, const BulletinIssue*> numbers;  // (year, number)
  for (auto& issue : issues) {
    if (const BulletinIssue* first = set.find(issue.quarter)) {
      diags.error(issue.file, 1, 1, "bulletin-duplicate-quarter",
                  "a second issue for " + issue.quarter.key() + ": " + first->file +
                      " already is that quarter's issue (at most one issue a quarter)");
      continue;
    }
    set.issues.push_back(std::move(issue));
  }
  for (const auto& issue : set.issues) {
    if (issue.number == 0) continue;
    auto [it, inserted] = numbers.emplace(std::make_pair(issue.quarter.year, issue.number), &issue);
    if (!inserted)
      diags.error(issue.file, issue.number_line, issue.number_column, "bulletin-duplicate-number",
                  "issue number " + std::to_string(issue.number) + " of " +
                      std::to_string(issue.quarter.year) + " is already used by " +
                      it->second->file);
  }

  std::map<std::pair<std::string, std::string>, size_t> group_of;
  for (size_t g = 0; g < lib.groups.size(); ++g)
    group_of[{lib.groups[g].section, lib.groups[g].name}] = g;

  // Front matter: which published articles name which quarter.
  std::map<Quarter, std::vector<size_t>> named;
  for (size_t g = 0; g < lib.groups.size(); ++g) {
    if (lib.groups[g].name == "_index") continue;
    const content::Page* source = bulletin_source(lib, g, cfg);
    if (!source || !bulletin_article_published(lib, g, cfg)) continue;
    auto q = parse_quarter(source->fm.bulletin->value);
    if (!q) continue;  // reported by the front-matter reader
    if (!set.find(*q)) {
      diags.warning(source->file, source->fm.bulletin->line, source->fm.bulletin->column,
                    "bulletin-no-issue",
                    "bulletin " + q->key() + " has no issue (content/bulletins/" +
                        q->file_stem() + ".yaml); the article is in no bulletin");
      continue;
    }
    named[*q].push_back(g);
  }

  for (auto& issue : set.issues) {
    if (!issue.listed) {
      issue.articles = named[issue.quarter];
      sort_by_date(issue.articles, lib, cfg);
      continue;
    }
    std::set<size_t> seen;
    for (const auto& ref : *issue.listed) {
      auto slash = ref.value.find('/');
      std::string section = ref.value.substr(0, slash), name = ref.value.substr(slash + 1);
      auto it = group_of.find({section, name});
      if (it == group_of.end() || name == "_index") {
        std::string msg = "no article '" + ref.value + "' (content/" + ref.value + ".md)";
        std::vector<std::string> candidates;
        for (const auto& g : lib.groups)
          if (g.name != "_index") candidates.push_back(g.section + "/" + g.name);
        if (auto near = text::nearest(ref.value, candidates)) msg += "; did you mean '" + *near + "'?";
        diags.error(issue.file, ref.line, ref.column, "bulletin-unknown-article", msg);
        continue;
      }
      if (!seen.insert(it->second).second) {
        diags.warning(issue.file, ref.line, ref.column, "bulletin-duplicate-article",
                      "'" + ref.value + "' is listed twice; it appears once");
        continue;
      }
      if (!bulletin_article_published(lib, it->second, cfg)) {
        diags.warning(issue.file, ref.line, ref.column, "bulletin-unpublished-article",
                      "'" + ref.value + "' is not published (a draft or under embargo); it is "
                      "left out of the issue");
        continue;
      }
      issue.articles.push_back(it->second);
    }
    for (size_t g : named[issue.quarter]) {
      if (seen.count(g)) continue;
      const content::Page* source = bulletin_source(lib, g, cfg);
      diags.warning(source->file, source->fm.bulletin->line, source->fm.bulletin->column,
                    "bulletin-not-listed",
                    "names bulletin " + issue.quarter.key() + ", but " + issue.file +
                        " lists its articles and not this one; it is not in the issue");
    }
  }
  return set;
}

}  // namespace ttdn::site
