#include "site/report.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "content/datetime.h"
#include "markdown/citations.h"
#include "site/document_index.h"

namespace fs = std::filesystem;

namespace ttdn::site {
namespace {

using content::Page;

constexpr int64_t kDay = 86400;
constexpr int64_t kOffset = 7 * 3600;  // the portal's time zone, +07:00

int64_t start_of_day(int y, int m, int d) {
  return content::days_from_civil(y, m, d) * kDay - kOffset;
}

int64_t quarter_start(int year, int quarter) {
  return start_of_day(year, 3 * (quarter - 1) + 1, 1);
}

std::string iso_date(int64_t epoch) {
  content::CivilDate c = content::civil(content::DateTime{epoch, 7 * 60, true});
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

/// "YYYY-QN" (any case) → (year, quarter).
std::optional<std::pair<int, int>> parse_quarter(std::string_view text) {
  if (text.size() != 7 || text[4] != '-' || (text[5] != 'Q' && text[5] != 'q')) return std::nullopt;
  for (size_t i : {0u, 1u, 2u, 3u})
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  if (text[6] < '1' || text[6] > '4') return std::nullopt;
  return std::make_pair(std::stoi(std::string(text.substr(0, 4))), text[6] - '0');
}

bool is_article(const LoadedSite& site, const Page& p) {
  const config::Section* s = site.cfg.section(p.section);
  return s && s->kind == config::SectionKind::articles && !p.is_section_index();
}

std::vector<BulletinRow> bulletin_rows(const LoadedSite& site, const fs::path& site_dir,
                                       const Period& period, const std::string& lang) {
  std::vector<BulletinRow> rows;
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(site_dir / "content" / "bulletins", ec), end; !ec && it != end;
       it.increment(ec))
    if (it->path().extension() == ".yaml") files.push_back(it->path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto q = parse_quarter(f.stem().string());
    if (!q) continue;  // `check` names files that are not YYYY-qN.yaml
    int64_t start = quarter_start(q->first, q->second);
    if (start < period.from || start >= period.to) continue;
    BulletinRow row;
    row.year = q->first;
    row.quarter = q->second;
    row.key = std::to_string(row.year) + "-Q" + std::to_string(row.quarter);
    row.file = f.lexically_relative(site_dir).generic_string();
    std::vector<std::string> listed;
    bool has_list = false;
    try {
      YAML::Node doc = YAML::LoadFile(f.string());
      if (doc["number"] && doc["number"].IsScalar()) row.number = doc["number"].as<int>();
      if (YAML::Node t = doc["title"]; t && t.IsMap()) {
        for (const auto& l : {lang, site.cfg.default_language})
          if (t[l] && t[l].IsScalar()) {
            row.title = t[l].as<std::string>();
            break;
          }
      } else if (t && t.IsScalar()) {
        row.title = t.as<std::string>();
      }
      if (YAML::Node a = doc["articles"]; a && a.IsSequence()) {
        has_list = true;
        for (const auto& item : a)
          if (item.IsScalar()) listed.push_back(item.as<std::string>());
      }
    } catch (const YAML::Exception&) {
    }
    const auto& lib = site.library;
    if (has_list) {
      for (const auto& ref : listed)
        for (size_t g = 0; g < lib.groups.size(); ++g)
          if (lib.groups[g].section + "/" + lib.groups[g].name == ref)
            for (const auto& l : site.cfg.languages)
              if (const Page* p = lib.published_in(g, l.code); p && is_article(site, *p))
                row.articles.add(l.code);
    } else {
      for (const auto& p : lib.pages)
        if (p.published && is_article(site, p) && p.fm.bulletin &&
            upper(p.fm.bulletin->value) == row.key)
          row.articles.add(p.lang);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

/// The file a translation of `original` into `lang` would have.
std::string translation_file(const std::string& original, const std::string& lang) {
  std::string stem = original.substr(0, original.size() - 3);  // without ".md"
  return stem + "." + lang + ".md";
}

// --- formatting ---------------------------------------------------------------------

std::string md_cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

/// "II.2" before "II.10": runs of digits compare as numbers.
bool natural_less(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    bool da = std::isdigit(static_cast<unsigned char>(a[i])),
         db = std::isdigit(static_cast<unsigned char>(b[j]));
    if (da && db) {
      size_t ei = i, ej = j;
      while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei]))) ++ei;
      while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej]))) ++ej;
      std::string na = a.substr(i, ei - i), nb = b.substr(j, ej - j);
      na.erase(0, std::min(na.find_first_not_of('0'), na.size()));
      nb.erase(0, std::min(nb.find_first_not_of('0'), nb.size()));
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = ei;
      j = ej;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j];
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

std::string count_or_zero(const Counts& c, const std::string& lang) {
  auto it = c.by_lang.find(lang);
  return std::to_string(it == c.by_lang.end() ? 0 : it->second);
}

}  // namespace

std::optional<Period> quarter_period(std::string_view text) {
  auto q = parse_quarter(text);
  if (!q) return std::nullopt;
  Period p;
  p.from = quarter_start(q->first, q->second);
  p.to = q->second == 4 ? quarter_start(q->first + 1, 1) : quarter_start(q->first, q->second + 1);
  p.label = std::to_string(q->first) + "-Q" + std::to_string(q->second);
  return p;
}

std::optional<Period> date_period(std::string_view from, std::string_view to) {
  if (from.size() != 10 || to.size() != 10) return std::nullopt;
  auto a = content::parse_datetime(from);
  auto b = content::parse_datetime(to);
  if (!a || !b || !a->date_only || !b->date_only) return std::nullopt;
  if (b->epoch < a->epoch) return std::nullopt;
  Period p;
  p.from = a->epoch;
  p.to = b->epoch + kDay;
  p.label = std::string(from) + ".." + std::string(to);
  return p;
}

Period current_quarter(int64_t now) {
  content::CivilDate c = content::civil(content::DateTime{now, 7 * 60, false});
  std::string label = std::to_string(c.year) + "-Q" + std::to_string((c.month - 1) / 3 + 1);
  return *quarter_period(label);
}

Report make_report(const LoadedSite& site, const fs::path& site_dir, const Period& period,
                   int64_t now, const std::string& lang) {
  Report r;
  r.period = period;
  r.now = now;
  const auto& cfg = site.cfg;
  const auto& lib = site.library;
  r.default_language = cfg.default_language;
  for (const auto& l : cfg.languages) {
    r.languages.push_back(l.code);
    r.language_names[l.code] = l.name;
  }

  // Documents: those of the library by their page slug (one number may name several),
  // numbers outside it as written. Faults of the library are `check`'s to report.
  diag::Diagnostics library_diags;
  const DocumentIndex library = load_document_index(site_dir, cfg, library_diags);
  std::map<std::string, DocumentRow> by_document;
  std::map<std::string, std::map<std::string, Counts>> by_priority;
  auto library_row = [&](const Document& d) {
    DocumentRow& row = by_document[d.slug];
    row.number = d.number;
    row.slug = d.slug;
    row.title = cfg.text(d.title, lang);
    return d.slug;
  };
  auto directive_row = [&](const std::string& number, int64_t when) {
    if (const Document* d = library.resolve(number, when)) return library_row(*d);
    std::string key = "?" + number;
    by_document[key].number = number;
    return key;
  };

  std::map<std::string, Counts> by_topic;
  for (const auto& p : lib.pages) {
    if (!p.published || !is_article(site, p) || !p.fm.date) continue;
    if (p.fm.date->epoch < period.from || p.fm.date->epoch >= period.to) continue;
    r.articles.add(p.lang);
    std::set<std::string> topics;
    for (const auto& t : p.fm.topics)
      if (cfg.topic(t.value) && topics.insert(t.value).second) by_topic[t.value].add(p.lang);
    // Each article counts once per document, whether it names it in `directives`, in its
    // text, or both; priorities come from `directives` only.
    std::set<std::string> documents, priorities;
    for (const auto& d : p.fm.directives) {
      auto hash = d.value.find('#');
      std::string number = d.value.substr(0, hash);
      if (number.empty()) continue;
      std::string key = directive_row(number, p.fm.date->epoch);
      if (documents.insert(key).second) by_document[key].counts.add(p.lang);
      if (hash != std::string::npos && priorities.insert(key + "#" + d.value.substr(hash + 1)).second)
        by_priority[key][d.value.substr(hash + 1)].add(p.lang);
    }
    for (const auto& c : markdown::find_citations(p.body)) {
      const Document* d = library.resolve(c.number, p.fm.date->epoch, c.date);
      if (!d) continue;  // not in the library: stays plain text, as on the page
      std::string key = library_row(*d);
      if (documents.insert(key).second) by_document[key].counts.add(p.lang);
    }
  }
  for (const auto& t : cfg.topic_terms)
    r.topics.push_back({t.key, cfg.text(t.name, lang), by_topic[t.key]});

  for (auto& [key, row] : by_document) {
    for (auto& [priority, counts] : by_priority[key]) row.priorities.emplace_back(priority, counts);
    std::sort(row.priorities.begin(), row.priorities.end(),
              [](const auto& a, const auto& b) { return natural_less(a.first, b.first); });
    r.documents.push_back(row);
  }
  // Most cited first; then by number.
  std::stable_sort(
      r.documents.begin(), r.documents.end(),
      [](const DocumentRow& a, const DocumentRow& b) { return a.counts.total > b.counts.total; });

  for (size_t g = 0; g < lib.groups.size(); ++g) {
    const Page* original = lib.published_in(g, cfg.default_language);
    if (!original || !is_article(site, *original) || !original->fm.date) continue;
    if (original->fm.date->epoch < period.from || original->fm.date->epoch >= period.to) continue;
    MissingTranslation m;
    for (const auto& l : cfg.languages)
      if (l.code != cfg.default_language && !lib.published_in(g, l.code)) {
        m.missing.push_back(l.code);
        ++r.missing_by_lang[l.code];
      }
    if (m.missing.empty()) continue;
    m.file = original->file;
    m.key = lib.groups[g].section + "/" + lib.groups[g].name;
    m.title = original->fm.title;
    m.date = iso_date(original->fm.date->epoch);
    r.missing.push_back(std::move(m));
  }
  std::stable_sort(
      r.missing.begin(), r.missing.end(),
      [](const MissingTranslation& a, const MissingTranslation& b) { return a.date < b.date; });

  r.bulletins = bulletin_rows(site, site_dir, period, lang);
  return r;
}

void note_missing_translations(const LoadedSite& site, diag::Diagnostics& diags) {
  const auto& cfg = site.cfg;
  const auto& lib = site.library;
  for (size_t g = 0; g < lib.groups.size(); ++g) {
    const Page* original = lib.published_in(g, cfg.default_language);
    if (!original) continue;
    for (const auto& l : cfg.languages) {
      if (l.code == cfg.default_language || lib.published_in(g, l.code)) continue;
      const Page* draft = lib.in_language(g, l.code);
      diags.info(original->file, 0, 0, "missing-translation",
                 draft
                     ? "the '" + l.code + "' translation (" + draft->file + ") is not published yet"
                     : "no '" + l.code + "' translation (" +
                           translation_file(original->file, l.code) + ")");
    }
  }
}

std::string format_report_markdown(const Report& r, const i18n::Strings& strings,
                                   const std::string& lang) {
  auto L = [&](const char* key) { return strings.format(lang, key); };
  auto date_text = [&](int64_t epoch) {
    return strings.date(lang, content::DateTime{epoch, 7 * 60, true});
  };
  std::string lang_heads, lang_rule;
  for (const auto& code : r.languages) {
    lang_heads += " " + md_cell(r.language_names.at(code)) + " |";
    lang_rule += "---:|";
  }
  auto count_cells = [&](const Counts& c) {
    std::string s;
    for (const auto& code : r.languages) s += " " + count_or_zero(c, code) + " |";
    return s + " " + std::to_string(c.total) + " |";
  };

  std::string out;
  out += "# " + L("report_title") + " " + r.period.label + "\n\n";
  out += "- " + L("report_period") + ": " + date_text(r.period.from) + " – " +
         date_text(r.period.to - 1) + " (UTC+07:00)\n";
  out += "- " + L("report_as_of") + ": " +
         content::format_iso(content::DateTime{r.now, 7 * 60, false}) + "\n\n";

  out += "## " + L("report_articles") + "\n\n";
  out += "| " + L("report_language") + " | " + L("report_count") + " |\n|---|---:|\n";
  for (const auto& code : r.languages)
    out += "| " + md_cell(r.language_names.at(code)) + " (" + code + ") | " +
           count_or_zero(r.articles, code) + " |\n";
  out += "| **" + L("report_total") + "** | **" + std::to_string(r.articles.total) + "** |\n\n";

  out += "## " + L("report_topics") + "\n\n";
  out += "| " + L("report_topic") + " |" + lang_heads + " " + L("report_total") + " |\n|---|" +
         lang_rule + "---:|\n";
  for (const auto& t : r.topics)
    out += "| " + md_cell(t.name) + " |" + count_cells(t.counts) + "\n";
  out += "\n";

  out += "## " + L("report_documents") + "\n\n";
  if (r.documents.empty()) {
    out += L("report_none") + "\n\n";
  } else {
    out += "| " + L("report_document") + " | " + L("report_priority") + " |" + lang_heads + " " +
           L("report_total") + " |\n|---|---|" + lang_rule + "---:|\n";
    for (const auto& d : r.documents) {
      std::string name = d.number + (d.title.empty() ? "" : " – " + d.title);
      out += "| " + md_cell(name) + " | " + L("report_whole_document") + " |" +
             count_cells(d.counts) + "\n";
      for (const auto& [priority, counts] : d.priorities)
        out += "| " + md_cell(d.number) + " | " + md_cell(priority) + " |" + count_cells(counts) +
               "\n";
    }
    out += "\n" + L("report_documents_note") + "\n\n";
  }

  out += "## " + L("report_missing") + "\n\n";
  if (r.missing.empty()) {
    out += L("report_none") + "\n\n";
  } else {
    out += "| " + L("report_article") + " | " + L("report_date") + " | " +
           L("report_missing_langs") + " |\n|---|---|---|\n";
    for (const auto& m : r.missing) {
      std::string langs;
      for (const auto& code : m.missing)
        langs += (langs.empty() ? "" : ", ") + r.language_names.at(code);
      out += "| " + md_cell(m.title) + " (`" + md_cell(m.file) + "`) | " + m.date + " | " +
             md_cell(langs) + " |\n";
    }
    out += "\n| " + L("report_language") + " | " + L("report_missing_langs") + " |\n|---|---:|\n";
    for (const auto& code : r.languages) {
      auto it = r.missing_by_lang.find(code);
      if (code == r.default_language) continue;
      out += "| " + md_cell(r.language_names.at(code)) + " (" + code + ") | " +
             std::to_string(it == r.missing_by_lang.end() ? 0 : it->second) + " |\n";
    }
    out += "\n";
  }

  out += "## " + L("report_bulletins") + "\n\n";
  if (r.bulletins.empty()) {
    out += L("report_none") + "\n";
  } else {
    out += "| " + L("report_issue") + " | " + L("report_issue_title") + " |" + lang_heads + " " +
           L("report_total") + " |\n|---|---|" + lang_rule + "---:|\n";
    for (const auto& b : r.bulletins)
      out += "| " + b.key + (b.number ? " (" + std::to_string(b.number) + ")" : "") + " | " +
             md_cell(b.title) + " |" + count_cells(b.articles) + "\n";
  }
  return out;
}

std::string format_report_csv(const Report& r) {
  std::string out = "\xEF\xBB\xBF";  // so that spreadsheet programs read UTF-8
  auto row = [&](std::vector<std::string> fields) {
    for (size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(fields[i]);
    out += "\r\n";
  };
  auto with_counts = [&](std::vector<std::string> fields, const Counts& c) {
    for (const auto& code : r.languages) fields.push_back(count_or_zero(c, code));
    fields.push_back(std::to_string(c.total));
    row(std::move(fields));
  };
  std::vector<std::string> head = {"table", "key", "name", "priority", "date"};
  for (const auto& code : r.languages) head.push_back(code);
  head.push_back("total");
  row(head);

  std::vector<std::string> period = {"period", r.period.label, "", "",
                                     iso_date(r.period.from) + "/" + iso_date(r.period.to - 1)};
  for (size_t i = 0; i <= r.languages.size(); ++i) period.push_back("");
  row(period);
  with_counts({"articles", "articles", "", "", ""}, r.articles);
  for (const auto& t : r.topics) with_counts({"topic", t.key, t.name, "", ""}, t.counts);
  for (const auto& d : r.documents) {
    with_counts({"document", d.number, d.title, "", ""}, d.counts);
    for (const auto& [priority, counts] : d.priorities)
      with_counts({"document", d.number, d.title, priority, ""}, counts);
  }
  for (const auto& m : r.missing) {
    std::vector<std::string> fields = {"missing_translation", m.key, m.title, "", m.date};
    for (const auto& code : r.languages)
      fields.push_back(std::find(m.missing.begin(), m.missing.end(), code) != m.missing.end() ? "1"
                                                                                              : "");
    fields.push_back(std::to_string(m.missing.size()));
    row(fields);
  }
  for (const auto& b : r.bulletins)
    with_counts({"bulletin", b.key, b.title, "", iso_date(quarter_start(b.year, b.quarter))},
                b.articles);
  return out;
}

std::string format_report_json(const Report& r) {
  using ordered = nlohmann::ordered_json;
  auto counts = [&](const Counts& c) {
    ordered by = ordered::object();
    for (const auto& code : r.languages) {
      auto it = c.by_lang.find(code);
      by[code] = it == c.by_lang.end() ? 0 : it->second;
    }
    return ordered{{"by_language", by}, {"total", c.total}};
  };
  ordered j;
  j["period"] = {{"label", r.period.label},
                 {"from", content::format_iso(content::DateTime{r.period.from, 7 * 60, false})},
                 {"to", content::format_iso(content::DateTime{r.period.to, 7 * 60, false})},
                 {"to_exclusive", true}};
  j["as_of"] = content::format_iso(content::DateTime{r.now, 7 * 60, false});
  ordered langs = ordered::array();
  for (const auto& code : r.languages)
    langs.push_back({{"code", code}, {"name", r.language_names.at(code)}});
  j["languages"] = langs;
  j["articles"] = counts(r.articles);
  ordered topics = ordered::array();
  for (const auto& t : r.topics) {
    ordered row = {{"key", t.key}, {"name", t.name}};
    row.update(counts(t.counts));
    topics.push_back(row);
  }
  j["topics"] = topics;
  ordered docs = ordered::array();
  for (const auto& d : r.documents) {
    ordered row = {{"number", d.number}, {"title", d.title}};
    row.update(counts(d.counts));
    ordered ps = ordered::array();
    for (const auto& [priority, c] : d.priorities) {
      ordered prow = {{"priority", priority}};
      prow.update(counts(c));
      ps.push_back(prow);
    }
    row["priorities"] = ps;
    docs.push_back(row);
  }
  j["documents"] = docs;
  ordered missing = ordered::array();
  for (const auto& m : r.missing)
    missing.push_back({{"file", m.file},
                       {"key", m.key},
                       {"title", m.title},
                       {"date", m.date},
                       {"missing", m.missing}});
  j["missing_translations"] = missing;
  ordered missing_by = ordered::object();
  for (const auto& code : r.languages)
    if (code != r.default_language) {
      auto it = r.missing_by_lang.find(code);
      missing_by[code] = it == r.missing_by_lang.end() ? 0 : it->second;
    }
  j["missing_translations_by_language"] = missing_by;
  ordered bulletins = ordered::array();
  for (const auto& b : r.bulletins) {
    ordered row = {{"key", b.key},       {"year", b.year},   {"quarter", b.quarter},
                   {"number", b.number}, {"title", b.title}, {"file", b.file}};
    ordered a = counts(b.articles);
    row["articles"] = a;
    bulletins.push_back(row);
  }
  j["bulletins"] = bulletins;
  return j.dump(2) + "\n";
}

}  // namespace ttdn::site
