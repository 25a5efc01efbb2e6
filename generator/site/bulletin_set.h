// The quarterly Bản tin Đối ngoại Cao Bằng (SPEC §4.4): content/bulletins/YYYY-qN.yaml read
// and validated with located diagnostics, and each issue's articles assembled from the
// Library — the listed ones, or those whose front matter names the quarter.
#pragma once

#include <compare>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/site_config.h"
#include "content/datetime.h"
#include "content/front_matter.h"
#include "content/library.h"
#include "diag/diagnostic.h"

namespace ttdn::site {

/// A quarter of a year: `2026-Q1` in front matter and on the command line, `2026-q1` in
/// file names and URLs.
struct Quarter {
  int year = 0;
  int quarter = 0;  // 1..4

  std::string key() const;        // "2026-Q1"
  std::string file_stem() const;  // "2026-q1"
  /// First and last day, as dates at +07:00.
  content::DateTime first_day() const;
  content::DateTime last_day() const;
  /// Whether `t`, seen in the portal's time zone (+07:00), falls in the quarter.
  bool contains(const content::DateTime& t) const;

  auto operator<=>(const Quarter&) const = default;
};

/// Parses `YYYY-QN` (either case of Q). nullopt when it is not one.
std::optional<Quarter> parse_quarter(std::string_view text);

/// The cover image of an issue: a file under assets/ and its alt text per language.
struct BulletinCover {
  std::string src;  // relative to assets/
  config::LangMap alt;
};

/// One issue of the bulletin: its data file and, once assembled, its articles.
struct BulletinIssue {
  Quarter quarter;
  int number = 0;     // within the year
  std::string file;   // "content/bulletins/2026-q1.yaml"
  config::LangMap title;
  std::optional<BulletinCover> cover;
  std::map<std::string, std::string> pdf;  // language → file relative to assets/
  /// `articles` as written (`section/name`), when the file lists them.
  std::optional<std::vector<content::LocatedString>> listed;
  int number_line = 0, number_column = 0;  // where `number` is, for diagnostics

  /// Translation groups of the issue's published articles, in issue order.
  std::vector<size_t> articles;
};

/// Every issue of the site, oldest first; at most one a quarter.
struct BulletinSet {
  std::vector<BulletinIssue> issues;
  /// The bulletin's name in each language, for the archive and the main navigation:
  /// site.yaml's `bulletins.title`, else the interface string `bulletins_title`.
  config::LangMap title;

  const BulletinIssue* find(const Quarter& q) const;
};

/// Whether a file exists under assets/ (path relative to it).
using AssetExists = std::function<bool(const std::string& rel)>;

/// Reads one data file. Every fault is a diagnostic located in `file`; nullopt when the
/// issue cannot be used (bad YAML, year or quarter missing or out of range).
std::optional<BulletinIssue> parse_bulletin(std::string_view text, const std::string& file,
                                            const config::SiteConfig& cfg,
                                            const AssetExists& asset_exists,
                                            diag::Diagnostics& diags);

/// Reads and parses content/bulletins/*.yaml of a site, in file-name order.
std::vector<BulletinIssue> read_bulletin_files(const std::filesystem::path& site_dir,
                                               const config::SiteConfig& cfg,
                                               const AssetExists& asset_exists,
                                               diag::Diagnostics& diags);

/// Checks issues against each other (one a quarter, numbers unique within a year) and
/// against the Library (listed articles exist and are published; front-matter `bulletin`
/// names an issue), then fills each issue's `articles`. Needs the publish state of pages.
BulletinSet assemble_bulletins(std::vector<BulletinIssue> issues, const content::Library& lib,
                               const config::SiteConfig& cfg, diag::Diagnostics& diags);

/// Whether the articles of a translation group may appear in a bulletin: its original is
/// published (or, for a translation-only group, any of its pages is).
bool bulletin_article_published(const content::Library& lib, size_t group,
                                const config::SiteConfig& cfg);

/// The page of `group` to show in `lang`: its published translation, else the published
/// original (nullptr when neither is).
const content::Page* bulletin_page_in(const content::Library& lib, size_t group,
                                      const std::string& lang, const config::SiteConfig& cfg);

/// Output folders of an issue's online page and of its print edition (SPEC §8):
/// "ban-tin/2026/q1/", "en/bulletin/2026/q1/print/".
std::string bulletin_issue_path(const config::SiteConfig& cfg, const std::string& lang,
                                const Quarter& q);
std::string bulletin_print_path(const config::SiteConfig& cfg, const std::string& lang,
                                const Quarter& q);

}  // namespace ttdn::site
