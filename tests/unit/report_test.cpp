#include "site/report.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../support.h"
#include "content/datetime.h"
#include "site/build.h"

using namespace ttdn;

namespace {

/// The JSON object in a command's output (stderr lines may come before or after it).
nlohmann::json json_in(const std::string& out) {
  size_t begin = out.find('{'), end = out.rfind('}');
  if (begin == std::string::npos || end == std::string::npos) return nullptr;
  return nlohmann::json::parse(out.substr(begin, end - begin + 1));
}

int64_t at(const char* iso) { return content::parse_datetime(iso)->epoch; }

/// Articles around the quarter bounds, a draft, an embargoed article, a translation-only
/// article, a page, and two bulletin issues.
void write_report_site(const testing::FixtureSite& s) {
  s.write("content/news/a.md", R"(---
title: "Hội đàm biên giới"
date: 2026-01-15
topics: [bien-gioi]
directives: ["14-HD/BTGTU#II.3", "57-KL/TW"]
bulletin: 2026-Q1
---
Nội dung.
)");
  s.write("content/news/a.en.md", R"(---
title: "Border talks"
date: 2026-01-15
topics: [bien-gioi]
directives: ["14-HD/BTGTU#II.3"]
bulletin: 2026-Q1
---
Text.
)");
  // The last half hour of Q1 at +07:00 (16:30 UTC).
  s.write("content/news/b.md", R"(---
title: "Du lịch, biên giới"
date: 2026-03-31T23:30:00+07:00
topics: [du-lich, bien-gioi]
directives: ["14-HD/BTGTU#II.10", "14-HD/BTGTU#II.2"]
---
Thực hiện Kết luận số 57-KL/TW của Bộ Chính trị và Kết luận 57-KL/TW lần nữa.
)");
  s.write("content/documents/57-kl-tw-2023.yaml", R"(number: "57-KL/TW"
type: ket-luan
issuer: {vi: "Bộ Chính trị", en: "Politburo", zh: "越共中央政治局"}
date: 2023-06-15
title: {vi: "Kết luận về thông tin đối ngoại", en: "Conclusion on external information", zh: "关于对外信息的结论"}
)");
  // The first moment of Q2 at +07:00, still 31 March in UTC.
  s.write("content/news/c.md", R"(---
title: "Quý hai"
date: 2026-04-01T00:00:00+07:00
topics: [du-lich]
---
Nội dung.
)");
  s.write("content/news/d.md", R"(---
title: "Bản nháp"
date: 2026-02-01
topics: [du-lich]
directives: ["57-KL/TW"]
draft: true
---
Nháp theo Kết luận số 57-KL/TW.
)");
  s.write("content/news/e.md", R"(---
title: "Chưa đến giờ"
date: 2026-02-10
topics: [du-lich]
publish_at: 2026-12-01T08:00:00+07:00
---
Cấm đăng.
)");
  s.write("content/news/f.zh.md", R"(---
title: "只有中文"
date: 2026-02-02
translation_only: true
---
中文。
)");
  s.write("content/pages/gioi-thieu.md", R"(---
title: "Giới thiệu"
date: 2026-01-20
topics: [bien-gioi]
---
Trang.
)");
  s.write("content/bulletins/2026-q1.yaml", R"(year: 2026
quarter: 1
number: 1
title: {vi: "Bản tin số 1/2026", en: "Bulletin 1/2026", zh: "简报2026年第1期"}
)");
  s.write("content/bulletins/2026-q2.yaml", R"(year: 2026
quarter: 2
number: 2
title: {vi: "Bản tin số 2/2026", en: "Bulletin 2/2026", zh: "简报2026年第2期"}
)");
}

site::Report report_for(const testing::FixtureSite& s, const site::Period& period) {
  site::BuildOptions options;
  options.site_dir = s.site();
  options.now = at("2026-06-01T00:00:00+07:00");
  diag::Diagnostics diags;
  auto loaded = site::load_site(options, diags);
  REQUIRE(loaded);
  REQUIRE_FALSE(diags.has_errors());
  return site::make_report(*loaded, s.site(), period, options.now, "vi");
}

size_t count(const site::Counts& c, const std::string& lang) {
  auto it = c.by_lang.find(lang);
  return it == c.by_lang.end() ? 0 : it->second;
}

}  // namespace

TEST_CASE("quarters are bounded at +07:00", "[report]") {
  auto q1 = site::quarter_period("2026-Q1");
  REQUIRE(q1);
  CHECK(q1->from == at("2026-01-01T00:00:00+07:00"));
  CHECK(q1->to == at("2026-04-01T00:00:00+07:00"));
  CHECK(q1->label == "2026-Q1");
  auto q4 = site::quarter_period("2025-q4");
  REQUIRE(q4);
  CHECK(q4->to == at("2026-01-01T00:00:00+07:00"));
  CHECK_FALSE(site::quarter_period("2026-Q5"));
  CHECK_FALSE(site::quarter_period("2026Q1"));
  CHECK_FALSE(site::quarter_period("26-Q1"));

  CHECK(site::current_quarter(at("2026-03-31T23:59:59+07:00")).label == "2026-Q1");
  // 17:00 UTC on 31 March is already April in Cao Bằng.
  CHECK(site::current_quarter(at("2026-03-31T17:00:00Z")).label == "2026-Q2");
}

TEST_CASE("the from and to dates are whole days, both included, at +07:00", "[report]") {
  auto p = site::date_period("2026-02-01", "2026-02-28");
  REQUIRE(p);
  CHECK(p->from == at("2026-02-01T00:00:00+07:00"));
  CHECK(p->to == at("2026-03-01T00:00:00+07:00"));
  CHECK_FALSE(site::date_period("2026-03-01", "2026-02-01"));
  CHECK_FALSE(site::date_period("2026-02-01T08:00", "2026-02-02"));
  CHECK_FALSE(site::date_period("yesterday", "2026-02-02"));
}

TEST_CASE("report counts published articles per language, topic and document", "[report]") {
  testing::FixtureSite s;
  write_report_site(s);
  auto r = report_for(s, *site::quarter_period("2026-Q1"));

  // a, b (vi), a.en, f.zh; not c (Q2), not d (draft), not e (embargoed), not the page.
  CHECK(count(r.articles, "vi") == 2);
  CHECK(count(r.articles, "en") == 1);
  CHECK(count(r.articles, "zh") == 1);
  CHECK(r.articles.total == 4);

  REQUIRE(r.topics.size() == 2);  // every topic of site.yaml, in its order
  CHECK(r.topics[0].key == "bien-gioi");
  CHECK(r.topics[0].name == "Biên giới");
  CHECK(count(r.topics[0].counts, "vi") == 2);
  CHECK(count(r.topics[0].counts, "en") == 1);
  CHECK(r.topics[0].counts.total == 3);
  CHECK(r.topics[1].key == "du-lich");
  CHECK(r.topics[1].counts.total == 1);  // b only: c is in Q2, d a draft, e embargoed

  REQUIRE(r.documents.size() == 2);
  const auto& hd = r.documents[0];  // the most cited first: 3 articles, then 2
  CHECK(hd.number == "14-HD/BTGTU");
  CHECK(hd.slug.empty());  // not in the library: counted as written
  CHECK(count(hd.counts, "vi") == 2);
  CHECK(count(hd.counts, "en") == 1);
  REQUIRE(hd.priorities.size() == 3);
  CHECK(hd.priorities[0].first == "II.2");  // II.2 before II.10
  CHECK(hd.priorities[1].first == "II.3");
  CHECK(hd.priorities[1].second.total == 2);
  CHECK(hd.priorities[2].first == "II.10");
  // In the library: a (directives) and b (twice in its text) count once each; the draft
  // citing it in both places does not count.
  CHECK(r.documents[1].number == "57-KL/TW");
  CHECK(r.documents[1].slug == "57-kl-tw-2023");
  CHECK(r.documents[1].title == "Kết luận về thông tin đối ngoại");
  CHECK(count(r.documents[1].counts, "vi") == 2);
  CHECK(r.documents[1].counts.total == 2);
  CHECK(r.documents[1].priorities.empty());

  REQUIRE(r.missing.size() == 2);
  CHECK(r.missing[0].file == "content/news/a.md");
  CHECK(r.missing[0].missing == std::vector<std::string>{"zh"});
  CHECK(r.missing[1].file == "content/news/b.md");
  CHECK(r.missing[1].missing == std::vector<std::string>{"en", "zh"});
  CHECK(r.missing_by_lang.at("en") == 1);
  CHECK(r.missing_by_lang.at("zh") == 2);

  REQUIRE(r.bulletins.size() == 1);
  CHECK(r.bulletins[0].key == "2026-Q1");
  CHECK(r.bulletins[0].number == 1);
  CHECK(r.bulletins[0].title == "Bản tin số 1/2026");
  CHECK(count(r.bulletins[0].articles, "vi") == 1);
  CHECK(count(r.bulletins[0].articles, "en") == 1);
}

TEST_CASE("an article at 00:00 on 1 April (+07:00) is in Q2", "[report]") {
  testing::FixtureSite s;
  write_report_site(s);
  auto r = report_for(s, *site::quarter_period("2026-Q2"));
  CHECK(count(r.articles, "vi") == 1);
  CHECK(r.articles.total == 1);
  REQUIRE(r.bulletins.size() == 1);
  CHECK(r.bulletins[0].key == "2026-Q2");

  auto day = report_for(s, *site::date_period("2026-03-31", "2026-03-31"));
  CHECK(day.articles.total == 1);  // b, at 23:30
  CHECK(day.bulletins.empty());    // Q1 started before that day
}

TEST_CASE("report formats: Markdown tables, CSV for spreadsheets, JSON", "[report]") {
  testing::FixtureSite s;
  write_report_site(s);
  std::string site = "--site '" + s.site().string() + "' --now 2026-06-01T00:00:00+07:00 ";

  auto md = testing::run_ttdn("report " + site + "--quarter 2026-Q1");
  REQUIRE(md.status == 0);
  CHECK(md.out.find("# Báo cáo thông tin đối ngoại 2026-Q1") != std::string::npos);
  CHECK(md.out.find("| Tiếng Việt (vi) | 2 |") != std::string::npos);
  CHECK(md.out.find("| Biên giới | 2 | 1 | 0 | 3 |") != std::string::npos);
  CHECK(md.out.find("14-HD/BTGTU | II.3 | 1 | 1 | 0 | 2 |") != std::string::npos);

  auto en = testing::run_ttdn("report " + site + "--quarter 2026-Q1 --lang en");
  CHECK(en.out.find("| Border | 2 | 1 | 0 | 3 |") != std::string::npos);

  auto csv = testing::run_ttdn("report " + site + "--quarter 2026-Q1 --format csv");
  REQUIRE(csv.status == 0);
  CHECK(csv.out.rfind("\xEF\xBB\xBFtable,key,name,priority,date,vi,en,zh,total\r\n", 0) == 0);
  CHECK(csv.out.find("articles,articles,,,,2,1,1,4\r\n") != std::string::npos);
  CHECK(csv.out.find("topic,bien-gioi,Biên giới,,,2,1,0,3\r\n") != std::string::npos);
  // A field with a comma is quoted (RFC 4180).
  CHECK(csv.out.find("missing_translation,news/b,\"Du lịch, biên giới\",,2026-03-31,,1,1,2\r\n") !=
        std::string::npos);

  auto js = testing::run_ttdn("report " + site + "--from 2026-01-01 --to 2026-03-31 --format json");
  REQUIRE(js.status == 0);
  auto j = json_in(js.out);
  CHECK(j["period"]["from"] == "2026-01-01T00:00:00+07:00");
  CHECK(j["articles"]["by_language"]["vi"] == 2);
  CHECK(j["articles"]["total"] == 4);
  CHECK(j["missing_translations"].size() == 2);
  CHECK(j["missing_translations_by_language"]["zh"] == 2);
  CHECK(j["bulletins"][0]["key"] == "2026-Q1");

  // The default period is the quarter of --now.
  auto now_q = testing::run_ttdn("report --site '" + s.site().string() +
                                 "' --now 2026-03-31T20:00:00Z --format json");
  CHECK(json_in(now_q.out)["period"]["label"] == "2026-Q2");

  CHECK(testing::run_ttdn("report " + site + "--quarter 2026-Q9").status == 2);
  CHECK(testing::run_ttdn("report " + site + "--from 2026-01-01").status == 2);
  CHECK(testing::run_ttdn("report " + site + "--format xls").status == 2);
}
