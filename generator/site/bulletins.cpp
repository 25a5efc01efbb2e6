// The quarterly bulletin's pages in every language (SPEC §4.4, §8): the archive by year,
// each issue's online page, and its A4 print edition with a QR code beside each article.
#include <algorithm>

#include "content/datetime.h"
#include "output/qr_svg.h"
#include "site/bulletin_set.h"
#include "site/features.h"

namespace ttdn::site {

using content::Page;
using nlohmann::json;

namespace {

/// Text for the view model, null when empty: kainjow treats every string, "" included, as
/// true in a section, so optional text must be absent to be skipped.
json optional_text(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

/// A CSS string literal: `\`, `"` and line breaks escaped, `<` too so that it stays safe
/// even inside a <style> element.
std::string css_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n' || c == '\r') {
      out += "\\A ";
    } else if (c == '<') {
      out += "\\3C ";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

/// The `page_n_of` string ("Trang {n}/{total}") as a CSS `content` value with page counters.
std::string page_counter_css(const BuildContext& ctx, const std::string& lang) {
  const std::string marker_n = "\x01", marker_total = "\x02";
  std::string pattern =
      ctx.strings.format(lang, "page_n_of", {{"n", marker_n}, {"total", marker_total}});
  std::string out, literal;
  auto flush = [&] {
    if (!literal.empty()) out += (out.empty() ? "" : " ") + css_string(literal);
    literal.clear();
  };
  for (char c : pattern) {
    if (c == '\x01' || c == '\x02') {
      flush();
      out += std::string(out.empty() ? "" : " ") + (c == '\x01' ? "counter(page)" : "counter(pages)");
    } else {
      literal += c;
    }
  }
  flush();
  return out.empty() ? "counter(page)" : out;
}

/// An article's HTML made fit to sit beside others on one page: its ids and the links to
/// them get `prefix` (footnotes and heading anchors repeat between articles), and its
/// headings go one level down, under the article's own <h2>.
std::string scope_article_html(std::string_view html, const std::string& prefix) {
  std::string out;
  out.reserve(html.size() + 256);
  for (size_t i = 0; i < html.size();) {
    // cmark escapes '"' in text, so these sequences only occur inside tags.
    if (html.compare(i, 5, " id=\"") == 0) {
      out += " id=\"" + prefix;
      i += 5;
      continue;
    }
    if (html.compare(i, 7, "href=\"#") == 0) {
      out += "href=\"#" + prefix;
      i += 7;
      continue;
    }
    if (html[i] == '<') {
      size_t h = i + 1 + (i + 1 < html.size() && html[i + 1] == '/' ? 1 : 0);
      if (h + 2 < html.size() && html[h] == 'h' && html[h + 1] >= '1' && html[h + 1] <= '5' &&
          (html[h + 2] == '>' || html[h + 2] == ' ')) {
        out.append(html.substr(i, h - i));
        out += 'h';
        out += static_cast<char>(html[h + 1] + 1);
        i = h + 2;
        continue;
      }
    }
    out += html[i++];
  }
  return out;
}

/// Builds the bulletin's view models for one build.
class BulletinPages {
 public:
  explicit BulletinPages(const BuildContext& ctx)
      : ctx_(ctx), set_(*ctx.bulletins),
        public_urls_(ctx.cfg, ctx.options.public_base_url.value_or(ctx.urls.base_url())) {}

  /// Renders every page on options.jobs threads; per language the archive, then each
  /// issue's page and print edition, added in that order.
  void publish() const {
    size_t per_lang = 1 + 2 * set_.issues.size();
    ctx_.render_parallel(ctx_.cfg.languages.size() * per_lang, [&](size_t i) {
      const std::string& lang = ctx_.cfg.languages[i / per_lang].code;
      size_t k = i % per_lang;
      if (k == 0) return std::vector{render_archive(lang)};
      if (k % 2 == 1) return std::vector{render_issue((k - 1) / 2, lang)};
      return render_print((k - 1) / 2, lang);
    });
  }

 private:
  std::string archive_path(const std::string& lang) const {
    return ctx_.urls.area(ctx_.cfg.bulletins, lang);
  }

  std::string area_title(const std::string& lang) const { return ctx_.cfg.text(set_.title, lang); }

  /// The name of language `code` in `lang` ("Vietnamese"), else its own name from site.yaml.
  std::string language_name(const std::string& code, const std::string& lang) const {
    if (const i18n::Entry* e = ctx_.strings.find(lang, "language_name_" + code)) return e->text;
    const config::Language* l = ctx_.cfg.language(code);
    return l ? l->name : code;
  }

  std::string hreflang(const std::string& code) const {
    const config::Language* l = ctx_.cfg.language(code);
    return l ? l->hreflang : code;
  }

  std::vector<Alternate> everywhere(const std::function<std::string(const std::string&)>& path) const {
    return ctx_.all_languages(path);
  }

  json period_view(const Quarter& q, const std::string& lang) const {
    json from = ctx_.date_view(q.first_day(), lang), to = ctx_.date_view(q.last_day(), lang);
    std::string display = ctx_.strings.format(
        lang, "date_range",
        {{"from", from["display"].get<std::string>()}, {"to", to["display"].get<std::string>()}});
    return {{"from", from}, {"to", to}, {"display", display}};
  }

  json cover_view(const BulletinIssue& issue, const std::string& lang) const {
    if (!issue.cover) return nullptr;
    auto out = ctx_.assets.lookup(issue.cover->src);
    if (!out) return nullptr;
    ctx_.assets.use(issue.cover->src);
    return {{"url", ctx_.urls.href(*out)},
            {"absolute", ctx_.urls.absolute(*out)},
            {"alt", ctx_.cfg.text(issue.cover->alt, lang)}};
  }

  /// PDFs of the issue: the page's language first, then the others in site order.
  json pdf_view(const BulletinIssue& issue, const std::string& lang) const {
    json list = json::array();
    std::vector<std::string> order = {lang};
    for (const auto& l : ctx_.cfg.languages)
      if (l.code != lang) order.push_back(l.code);
    for (const auto& code : order) {
      auto it = issue.pdf.find(code);
      if (it == issue.pdf.end()) continue;
      auto out = ctx_.assets.lookup(it->second);
      if (!out) continue;
      ctx_.assets.use(it->second);
      list.push_back({{"url", ctx_.urls.href(*out)},
                      {"hreflang", hreflang(code)},
                      {"language", language_name(code, lang)},
                      {"same_language", code == lang}});
    }
    return list;
  }

  /// What the archive, the issue page and the neighbours' links show of an issue.
  json issue_card(const BulletinIssue& issue, const std::string& lang) const {
    const Quarter& q = issue.quarter;
    std::string year = std::to_string(q.year), n = std::to_string(issue.number);
    json card = {
        {"title", ctx_.cfg.text(issue.title, lang)},
        {"key", q.key()},
        {"year", year},
        {"quarter", std::to_string(q.quarter)},
        {"number", n},
        {"url", ctx_.urls.href(bulletin_issue_path(ctx_.cfg, lang, q))},
        {"print_url", ctx_.urls.href(bulletin_print_path(ctx_.cfg, lang, q))},
        {"number_label", ctx_.strings.format(lang, "bulletin_number", {{"n", n}, {"Y", year}})},
        {"quarter_label",
         ctx_.strings.format(lang, "bulletin_quarter", {{"q", std::to_string(q.quarter)}, {"Y", year}})},
        {"period", period_view(q, lang)},
        {"cover", cover_view(issue, lang)},
        {"article_count", std::to_string(issue.articles.size())},
        {"article_count_label",
         ctx_.strings.format(lang, "articles_count", {}, static_cast<long long>(issue.articles.size()))}};
    json pdfs = pdf_view(issue, lang);
    card["pdfs"] = pdfs;
    card["has_pdfs"] = !pdfs.empty();
    return card;
  }

  /// An article as the issue shows it in `lang`: its translation, else the original,
  /// marked with its language.
  json article_entry(const Page& p, const std::string& lang, size_t n) const {
    json a = {{"n", std::to_string(n)},
              {"anchor", "bai-" + std::to_string(n)},
              {"title", p.fm.title},
              {"url", ctx_.urls.href(p.path)},
              {"summary", optional_text(p.summary)},
              {"author", optional_text(p.fm.author)},
              {"source", optional_text(p.fm.source)},
              {"hreflang", hreflang(p.lang)},
              {"draft", p.fm.draft},
              {"other_language", p.lang != lang},
              {"only_in", p.lang != lang ? optional_text(ctx_.strings.format(
                                               lang, "bulletin_only_in",
                                               {{"language", language_name(p.lang, lang)}}))
                                         : json(nullptr)}};
    if (p.fm.date) a["date"] = ctx_.date_view(*p.fm.date, lang);
    if (const config::Section* s = ctx_.cfg.section(p.section))
      a["section"] = optional_text(ctx_.cfg.text(s->title, lang));
    return a;
  }

  std::vector<const Page*> pages_in(const BulletinIssue& issue, const std::string& lang) const {
    std::vector<const Page*> pages;
    for (size_t g : issue.articles)
      if (const Page* p = bulletin_page_in(ctx_.library, g, lang, ctx_.cfg)) pages.push_back(p);
    return pages;
  }

  /// The newest date among the issue's articles, for the sitemap.
  std::string lastmod(const std::vector<const Page*>& pages) const {
    const content::DateTime* latest = nullptr;
    for (const Page* p : pages) {
      const auto& t = p->fm.updated ? p->fm.updated : p->fm.date;
      if (t && (!latest || latest->epoch < t->epoch)) latest = &*t;
    }
    return latest ? content::format_iso(*latest) : "";
  }

  json breadcrumbs(const std::string& lang, bool with_issue, const BulletinIssue* issue) const {
    json out = json::array();
    out.push_back({{"title", ctx_.strings.format(lang, "home")},
                   {"url", ctx_.urls.href(ctx_.urls.home(lang))}});
    out.push_back({{"title", area_title(lang)}, {"url", ctx_.urls.href(archive_path(lang))}});
    if (with_issue && issue)
      out.push_back({{"title", ctx_.cfg.text(issue->title, lang)},
                     {"url", ctx_.urls.href(bulletin_issue_path(ctx_.cfg, lang, issue->quarter))}});
    return out;
  }

  json common(const std::string& lang, const std::string& path, const std::string& title,
              const std::string& description,
              const std::function<std::string(const std::string&)>& path_for) const {
    json view = ctx_.common_view(lang, path, title, description, everywhere(path_for));
    view["bulletin_css"] = ctx_.urls.href(
        ctx_.assets.lookup("css/bulletins.css").value_or("assets/css/bulletins.css"));
    view["archive_url"] = ctx_.urls.href(archive_path(lang));
    view["archive_title"] = area_title(lang);
    return view;
  }

  BuildContext::Rendered render_archive(const std::string& lang) const {
    auto path_for = [this](const std::string& l) { return archive_path(l); };
    json view = common(lang, archive_path(lang), area_title(lang), "", path_for);
    json years = json::array();
    for (auto it = set_.issues.rbegin(); it != set_.issues.rend(); ++it) {
      std::string year = std::to_string(it->quarter.year);
      if (years.empty() || years.back()["year"] != year)
        years.push_back({{"year", year}, {"heading_id", "nam-" + year}, {"issues", json::array()}});
      years.back()["issues"].push_back(issue_card(*it, lang));
    }
    view["years"] = years;
    view["has_issues"] = !years.empty();
    view["breadcrumbs"] = breadcrumbs(lang, false, nullptr);
    return ctx_.render_page(archive_path(lang), "bulletins", std::move(view), "content/bulletins/",
                            everywhere(path_for));
  }

  BuildContext::Rendered render_issue(size_t index, const std::string& lang) const {
    const BulletinIssue& issue = set_.issues[index];
    auto path_for = [&](const std::string& l) { return bulletin_issue_path(ctx_.cfg, l, issue.quarter); };
    std::string title = ctx_.cfg.text(issue.title, lang);
    json card = issue_card(issue, lang);
    std::string description = ctx_.strings.format(
        lang, "bulletin_description",
        {{"title", title},
         {"period", card["period"]["display"].get<std::string>()},
         {"count", card["article_count_label"].get<std::string>()}});
    json view = common(lang, path_for(lang), title, description, path_for);

    auto pages = pages_in(issue, lang);
    json articles = json::array();
    size_t untranslated = 0;
    for (const Page* p : pages) {
      articles.push_back(article_entry(*p, lang, articles.size() + 1));
      if (p->lang != lang) ++untranslated;
    }
    card["articles"] = articles;
    card["has_articles"] = !articles.empty();
    card["untranslated_note"] =
        untranslated == 0 ? json(nullptr)
                          : json(ctx_.strings.format(lang, "bulletin_untranslated_note", {},
                                                     static_cast<long long>(untranslated)));
    view["issue"] = card;
    if (index > 0) view["previous"] = issue_card(set_.issues[index - 1], lang);
    if (index + 1 < set_.issues.size()) view["next"] = issue_card(set_.issues[index + 1], lang);
    view["has_neighbours"] = set_.issues.size() > 1;
    view["breadcrumbs"] = breadcrumbs(lang, false, nullptr);
    if (!card["cover"].is_null()) view["og"]["image"] = card["cover"]["absolute"];

    json parts = json::array();
    for (const Page* p : pages)
      parts.push_back({{"@type", "NewsArticle"},
                       {"headline", p->fm.title},
                       {"url", ctx_.urls.absolute(p->path)},
                       {"inLanguage", hreflang(p->lang)}});
    view["json_ld"] = script_safe_json(
        {{"@context", "https://schema.org"},
         {"@type", "PublicationIssue"},
         {"name", title},
         {"issueNumber", std::to_string(issue.number)},
         {"datePublished", content::format_iso(issue.quarter.first_day()).substr(0, 10)},
         {"url", ctx_.urls.absolute(path_for(lang))},
         {"inLanguage", hreflang(lang)},
         {"isPartOf", {{"@type", "Periodical"}, {"name", area_title(lang)}}},
         {"publisher",
          {{"@type", "Organization"}, {"name", ctx_.cfg.text(ctx_.cfg.publisher.name, lang)}}},
         {"hasPart", parts}});
    return ctx_.render_page(path_for(lang), "bulletin", std::move(view), issue.file, everywhere(path_for),
                            lastmod(pages));
  }

  /// The print edition and the style sheet beside it.
  std::vector<BuildContext::Rendered> render_print(size_t index, const std::string& lang) const {
    const BulletinIssue& issue = set_.issues[index];
    auto path_for = [&](const std::string& l) { return bulletin_print_path(ctx_.cfg, l, issue.quarter); };
    std::string title = ctx_.cfg.text(issue.title, lang);
    json card = issue_card(issue, lang);
    json view = common(lang, path_for(lang), title, "", path_for);

    auto pages = pages_in(issue, lang);
    json articles = json::array();
    // Each article's text and QR code are made only if the page is rendered (`complete`):
    // in the view, the key of its Markdown and the code's URL and label stand for them.
    struct Printed {
      const Page* page;
      std::string anchor, online, label;
    };
    std::vector<Printed> printed;
    for (const Page* p : pages) {
      json a = article_entry(*p, lang, articles.size() + 1);
      Printed& item = printed.emplace_back(Printed{p, a["anchor"].get<std::string>(),
                                                   public_urls_.absolute(p->path), {}});
      item.label = ctx_.strings.format(lang, "bulletin_qr_label",
                                       {{"title", p->fm.title}, {"url", item.online}});
      a["online_url"] = item.online;
      a["content"] = "\x01" "markdown " + std::to_string(p->markdown_key);
      a["qr_svg"] = "\x01" "qr " + item.online + '\n' + item.label;
      articles.push_back(a);
    }
    card["articles"] = articles;
    card["has_articles"] = !articles.empty();
    card["online_url"] = public_urls_.absolute(bulletin_issue_path(ctx_.cfg, lang, issue.quarter));
    view["issue"] = card;
    // The running head and page numbers are words in the page's language: a small style
    // sheet beside the page carries them (no inline <style>, which the CSP forbids).
    std::string page_css =
        "@page {\n  @top-center { content: " +
        css_string(title + " · " + card["quarter_label"].get<std::string>()) +
        "; }\n  @bottom-center { content: " + page_counter_css(ctx_, lang) +
        "; }\n}\n"
        "/* After the rule above: Chromium applies margin-box rules in source order. */\n"
        "@page :first {\n  @top-center { content: none; }\n  @bottom-center { content: none; }\n}\n";
    std::vector<BuildContext::Rendered> files(1);
    files[0].file = path_for(lang) + "page.css";
    files[0].bytes = std::move(page_css);
    files[0].origin = issue.file;
    view["print"] = {
        {"css", ctx_.urls.href(ctx_.assets.lookup("css/print.css").value_or("assets/css/print.css"))},
        {"page_css", ctx_.urls.href(path_for(lang) + "page.css")}};
    view["breadcrumbs"] = breadcrumbs(lang, true, &issue);
    auto complete = [this, &printed](json& full) {
      json& list = full["issue"]["articles"];
      for (size_t k = 0; k < printed.size(); ++k) {
        const Printed& item = printed[k];
        list[k]["content"] = scope_article_html(ctx_.html_of(*item.page), item.anchor + "-");
        list[k]["qr_svg"] = output::qr_svg(item.online, item.label);
      }
    };
    files.push_back(ctx_.render_page(path_for(lang), "bulletin-print", std::move(view), issue.file,
                                     everywhere(path_for), lastmod(pages), complete));
    return files;
  }

  const BuildContext& ctx_;
  const BulletinSet& set_;
  UrlScheme public_urls_;
};

}  // namespace

void load_bulletins(BuildContext& ctx) {
  AssetExists exists = [&ctx](const std::string& rel) { return ctx.assets.lookup(rel).has_value(); };
  auto issues = read_bulletin_files(ctx.options.site_dir, ctx.cfg, exists, ctx.diags);
  ctx.bulletins = std::make_shared<BulletinSet>(
      assemble_bulletins(std::move(issues), ctx.library, ctx.cfg, ctx.diags));
  for (const auto& l : ctx.cfg.languages) {
    std::string title = ctx.cfg.text(ctx.cfg.bulletins.title, l.code);
    ctx.bulletins->title[l.code] =
        title.empty() ? ctx.strings.format(l.code, "bulletins_title") : title;
  }
}

void publish_bulletins(BuildContext& ctx) {
  if (!ctx.bulletins || ctx.bulletins->issues.empty()) return;
  BulletinPages(ctx).publish();
}

}  // namespace ttdn::site
