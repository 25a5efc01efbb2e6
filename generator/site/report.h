// Publication statistics for a period (SPEC §9): published articles per language, per
// topic, per document and priority, articles still missing a translation, and bulletin
// issues — the figures the Center reports to the provincial steering committee.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "i18n/strings.h"
#include "site/build.h"

namespace ttdn::site {

/// A reporting period: from ≤ t < to, in seconds since the epoch.
struct Period {
  int64_t from = 0;
  int64_t to = 0;
  std::string label;  // "2026-Q1", or "2026-01-01..2026-02-15"
};

/// "2026-Q1" (also "2026-q1"): the quarter bounded at +07:00. nullopt when malformed.
std::optional<Period> quarter_period(std::string_view text);
/// `from` and `to` are dates (YYYY-MM-DD), both included, at +07:00.
std::optional<Period> date_period(std::string_view from, std::string_view to);
/// The quarter that holds `now`, at +07:00.
Period current_quarter(int64_t now);

/// Article counts per language code; `total` is their sum.
struct Counts {
  std::map<std::string, size_t> by_lang;
  size_t total = 0;
  void add(const std::string& lang) {
    ++by_lang[lang];
    ++total;
  }
};

struct TopicRow {
  std::string key;
  std::string name;  // in the report's language
  Counts counts;
};

/// Articles that cite a document — in `directives` or in their text — in all, and per
/// priority named in `directives`.
struct DocumentRow {
  std::string number;
  std::string slug;   // its page slug; "" when the number is not in the library
  std::string title;  // from content/documents, when the number is there
  Counts counts;      // each article once, however often and wherever it cites it
  std::vector<std::pair<std::string, Counts>> priorities;  // "II.3" → articles
};

struct MissingTranslation {
  std::string file;  // the original
  std::string key;   // "section/name"
  std::string title;
  std::string date;                  // YYYY-MM-DD
  std::vector<std::string> missing;  // language codes without a published translation
};

struct BulletinRow {
  std::string key;  // "2026-Q1"
  int year = 0, quarter = 0, number = 0;
  std::string title;
  std::string file;
  Counts articles;  // its published articles per language
};

struct Report {
  Period period;
  int64_t now = 0;
  std::vector<std::string> languages;  // codes, in site.yaml order
  std::string default_language;
  std::map<std::string, std::string> language_names;
  Counts articles;
  std::vector<TopicRow> topics;
  std::vector<DocumentRow> documents;
  std::vector<MissingTranslation> missing;
  std::map<std::string, size_t> missing_by_lang;
  std::vector<BulletinRow> bulletins;
};

/// Counts the published articles (sections of kind `articles`, not drafts, not embargoed
/// at `now`) dated in `period`. Names are given in `lang`. Bulletin issues count when
/// their quarter starts inside the period, so that consecutive periods never count one
/// issue twice.
Report make_report(const LoadedSite& site, const std::filesystem::path& site_dir,
                   const Period& period, int64_t now, const std::string& lang);

/// Readable Markdown: headings and tables, labels from the i18n strings of `lang`.
std::string format_report_markdown(const Report& r, const i18n::Strings& strings,
                                   const std::string& lang);
/// One CSV table (RFC 4180, CRLF, UTF-8 with a BOM for spreadsheets) with a `table`
/// column: period, articles, topic, document, missing_translation, bulletin.
std::string format_report_csv(const Report& r);
/// Structured JSON.
std::string format_report_json(const Report& r);

/// For `check`: an info diagnostic (code `missing-translation`) for each published page
/// and each configured language it has no published translation in.
void note_missing_translations(const LoadedSite& site, diag::Diagnostics& diags);

}  // namespace ttdn::site
