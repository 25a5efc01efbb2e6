// `ttdn new bulletin YYYY-QN`: writes content/bulletins/YYYY-qN.yaml with the next free
// issue number of the year, a title in every language (i18n `bulletin_title`) and the
// quarter's published articles; never overwrites. (`new article|explainer|page` is in
// new_command.cpp.)
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "i18n/strings.h"
#include "site/build.h"
#include "site/bulletin_set.h"
#include "site/parallel.h"

namespace fs = std::filesystem;

namespace ttdn::cli {
namespace {

constexpr int kFirstYear = 1990;
constexpr int kLastYear = 2100;

std::string yaml_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

/// The smallest number not yet used in the year, above those of its earlier quarters.
int next_number(const std::vector<site::BulletinIssue>& issues, const site::Quarter& q) {
  int floor = 1;
  std::vector<int> used;
  for (const auto& i : issues) {
    if (i.quarter.year != q.year || i.number == 0) continue;
    used.push_back(i.number);
    if (i.quarter.quarter < q.quarter) floor = std::max(floor, i.number + 1);
  }
  int n = floor;
  while (std::find(used.begin(), used.end(), n) != used.end()) ++n;
  return n;
}

/// Published articles that belong to the quarter: those whose front matter names it, and
/// those dated in it that name no quarter; by date, then title.
std::vector<std::string> quarter_articles(const site::LoadedSite& site, const site::Quarter& q) {
  const auto& lib = site.library;
  const auto& cfg = site.cfg;
  std::vector<std::pair<std::tuple<int64_t, std::string, std::string>, std::string>> found;
  for (size_t g = 0; g < lib.groups.size(); ++g) {
    const auto& group = lib.groups[g];
    const config::Section* section = cfg.section(group.section);
    if (group.name == "_index" || !section || section->kind != config::SectionKind::articles)
      continue;
    const content::Page* shown = site::bulletin_page_in(lib, g, cfg.default_language, cfg);
    if (!shown) continue;  // not published
    std::optional<site::Quarter> named;
    for (const auto& [lang, index] : group.by_lang)
      if (const auto& b = lib.pages[index].fm.bulletin) named = site::parse_quarter(b->value);
    if (const content::Page* original = lib.in_language(g, cfg.default_language);
        original && original->fm.bulletin)
      named = site::parse_quarter(original->fm.bulletin->value);
    bool in_quarter = named ? *named == q : shown->fm.date && q.contains(*shown->fm.date);
    if (!in_quarter) continue;
    int64_t date = shown->fm.date ? shown->fm.date->epoch : 0;
    found.push_back({{date, shown->fm.title, group.name}, group.section + "/" + group.name});
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> refs;
  for (const auto& f : found) refs.push_back(f.second);
  return refs;
}

std::string bulletin_source(const site::LoadedSite& site, const i18n::Strings& strings,
                            const site::Quarter& q, int number,
                            const std::vector<std::string>& articles) {
  const auto& cfg = site.cfg;
  const std::string n = std::to_string(number), year = std::to_string(q.year);
  const std::string& def = cfg.default_language;
  std::string out;
  out += "# Bulletin issue " + q.key() + ", written by `ttdn new bulletin " + q.key() + "`.\n";
  out += "# Optional, files under assets/:\n";
  out += "# cover: {src: bulletins/" + q.file_stem() + "-cover.jpg, alt: {" + def + ": \"…\"}}\n";
  out += "# pdf: {" + def + ": bulletins/" + q.file_stem() + ".pdf}\n";
  out += "year: " + year + "\n";
  out += "quarter: " + std::to_string(q.quarter) + "\n";
  out += "number: " + n + "\n";
  out += "title:\n";
  for (const auto& l : cfg.languages) {
    std::string title = strings.find(l.code, "bulletin_title")
                            ? strings.format(l.code, "bulletin_title", {{"n", n}, {"Y", year}})
                            : cfg.text(cfg.bulletins.title, l.code) + " " + n + "/" + year;
    out += "  " + l.code + ": " + yaml_quote(title) + "\n";
  }
  if (articles.empty()) {
    out += "# articles: [section/name, …] in the order of the issue. Without this list the\n";
    out += "# issue holds every published article whose front matter says bulletin: " + q.key() +
           ".\n";
  } else {
    out += "# The issue holds exactly these published articles, in this order.\n";
    out += "articles:\n";
    for (const auto& a : articles) out += "  - " + a + "\n";
  }
  return out;
}

}  // namespace

int run_new_bulletin(const NewArgs& args) {
  auto q = site::parse_quarter(args.target);
  if (!q || q->year < kFirstYear || q->year > kLastYear) {
    std::cerr << "ttdn: error: 'new bulletin " << args.target
              << "': expected a quarter YYYY-QN from " << kFirstYear << " to " << kLastYear
              << ", e.g. 2026-Q2\n";
    return kExitUsage;
  }
  if (args.lang) {
    std::cerr << "ttdn: error: a bulletin file holds every language; --lang does not apply\n";
    return kExitUsage;
  }
  auto now = resolve_now(args.now);
  if (!now) {
    std::cerr << "ttdn: error: --now '" << *args.now << "' is not an ISO 8601 date or time\n";
    return kExitUsage;
  }
  const fs::path site_dir = args.site;
  std::error_code ec;
  if (!fs::exists(site_dir / "site.yaml", ec)) {
    std::cerr << "ttdn: error: no site.yaml in '" << args.site << "'\n";
    return kExitUsage;
  }
  const std::string rel = "content/bulletins/" + q->file_stem() + ".yaml";
  const fs::path target = site_dir / rel;
  if (fs::exists(target, ec)) {
    std::cerr << "ttdn: error: " << rel << " already exists; it was not changed\n";
    return kExitSourceErrors;
  }

  site::BuildOptions options;
  options.site_dir = site_dir;
  options.now = *now;
  options.jobs = site::default_jobs();
  diag::Diagnostics diags;  // the sources' faults are for `check`; only site.yaml matters here
  auto site = site::load_site(options, diags);
  if (!site) {
    for (const auto& d : diags.sorted())
      if (d.file == "site.yaml") std::cerr << diag::format_text(d) << '\n';
    return kExitSourceErrors;
  }
  i18n::Strings strings = i18n::load_strings(site_dir, site->cfg, diags);
  auto issues = site::read_bulletin_files(
      site_dir, site->cfg, [](const std::string&) { return true; }, diags);
  for (const auto& i : issues)
    if (i.quarter == *q) {
      std::cerr << "ttdn: error: " << i.file << " already is the issue for " << q->key()
                << "; a quarter has one issue\n";
      return kExitSourceErrors;
    }

  const int number = next_number(issues, *q);
  const auto articles = quarter_articles(*site, *q);
  const std::string bytes = bulletin_source(*site, strings, *q, number, articles);

  fs::create_directories(target.parent_path(), ec);
  // Exclusive create: never overwrites, even when two editors run it at once.
  FILE* f = std::fopen(target.c_str(), "wx");
  if (!f) {
    if (fs::exists(target, ec)) {
      std::cerr << "ttdn: error: " << rel << " already exists; it was not changed\n";
      return kExitSourceErrors;
    }
    std::cerr << "ttdn: error: cannot create " << rel << "\n";
    return kExitUsage;
  }
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) {
    std::cerr << "ttdn: error: cannot write " << rel << "\n";
    return kExitUsage;
  }
  std::cout << rel << '\n';
  std::cerr << "issue " << number << "/" << q->year << " with " << articles.size()
            << (articles.size() == 1 ? " article" : " articles") << "\n";
  return kExitOk;
}

}  // namespace ttdn::cli
