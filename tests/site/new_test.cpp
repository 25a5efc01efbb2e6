#include <catch2/catch.hpp>

#include "../support.h"

using namespace ttdn;

namespace {

/// kSiteYaml plus an explainers section, as the portal has.
std::string site_yaml() {
  std::string yaml = testing::kSiteYaml;
  std::string anchor = "  pages: {kind: pages";
  yaml.insert(
      yaml.find(anchor),
      "  border: {kind: explainers, title: {vi: \"Biên giới\", en: \"Border\", zh: \"边界\"}, "
      "slug: {vi: bien-gioi, en: border, zh: bianjie}}\n");
  return yaml;
}

testing::RunResult ttdn_new(const testing::FixtureSite& s, const std::string& args) {
  return testing::run_ttdn("new " + args + " --site '" + s.site().string() +
                           "' --now 2026-05-03T14:05:27+07:00");
}

testing::RunResult check(const testing::FixtureSite& s) {
  return testing::run_ttdn("check --site '" + s.site().string() +
                           "' --now 2026-06-01T00:00:00+07:00");
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("new article writes valid front matter that check accepts", "[new]") {
  testing::FixtureSite s(site_yaml());
  auto r = ttdn_new(s, "article news/hoi-nghi-bien-gioi");
  REQUIRE(r.status == 0);
  CHECK(contains(r.out, "content/news/hoi-nghi-bien-gioi.md"));
  std::string text = testing::read_file(s.site() / "content/news/hoi-nghi-bien-gioi.md");
  CHECK(text.rfind("---\n", 0) == 0);
  CHECK(contains(text, "title: \"Hoi nghi bien gioi\"\n"));
  CHECK(contains(text, "date: 2026-05-03T14:05:00+07:00\n"));
  CHECK(contains(text, "draft: true\n"));
  CHECK(contains(text, "topics: []\n"));
  CHECK(contains(text, "# bulletin: 2026-Q2\n"));

  auto c = check(s);
  INFO(c.out);
  CHECK(c.status == 0);
  CHECK_FALSE(contains(c.out, "warning:"));
  // A draft is not published.
  REQUIRE(testing::build(s).status == 0);
  CHECK_FALSE(s.exists_out("tin-tuc/hoi-nghi-bien-gioi/index.html"));
}

TEST_CASE("new never overwrites a file", "[new]") {
  testing::FixtureSite s(site_yaml());
  s.write("content/news/co-san.md", "---\ntitle: \"Đã có\"\ndate: 2026-01-01\n---\nGiữ nguyên.\n");
  auto r = ttdn_new(s, "article news/co-san");
  CHECK(r.status == 1);
  CHECK(contains(r.out, "content/news/co-san.md already exists"));
  CHECK(testing::read_file(s.site() / "content/news/co-san.md") ==
        "---\ntitle: \"Đã có\"\ndate: 2026-01-01\n---\nGiữ nguyên.\n");

  REQUIRE(ttdn_new(s, "explainer border/hiep-dinh").status == 0);
  auto again = ttdn_new(s, "explainer border/hiep-dinh");
  CHECK(again.status == 1);
  CHECK(contains(again.out, "content/border/hiep-dinh.md"));
}

TEST_CASE("new folds Vietnamese names to a slug and keeps them as the title", "[new]") {
  testing::FixtureSite s(site_yaml());
  auto r = ttdn_new(s, "article 'news/Hội nghị Đồng Văn'");
  REQUIRE(r.status == 0);
  CHECK(contains(r.out, "content/news/hoi-nghi-dong-van.md"));
  std::string text = testing::read_file(s.site() / "content/news/hoi-nghi-dong-van.md");
  CHECK(contains(text, "title: \"Hội nghị Đồng Văn\"\n"));
  CHECK(check(s).status == 0);
}

TEST_CASE("new refuses a section that is missing or of another kind", "[new]") {
  testing::FixtureSite s(site_yaml());
  auto wrong_kind = ttdn_new(s, "explainer news/x");
  CHECK(wrong_kind.status == 2);
  CHECK(contains(wrong_kind.out, "holds articles"));
  CHECK(contains(wrong_kind.out, "ttdn new article news/x"));
  auto missing = ttdn_new(s, "article newz/x");
  CHECK(missing.status == 2);
  CHECK(contains(missing.out, "no section 'newz'"));
  CHECK(contains(missing.out, "did you mean 'news'"));
  CHECK(ttdn_new(s, "page news").status == 2);
  CHECK(ttdn_new(s, "article news/../../x").status == 2);
  CHECK(ttdn_new(s, "article news/x --lang fr").status == 2);
  CHECK(ttdn_new(s, "article 'news/越南'").status == 2);  // nothing left once folded
  CHECK_FALSE(testing::fs::exists(s.site() / "content/x.md"));
}

TEST_CASE("new --lang starts a translation from the original's fields", "[new]") {
  testing::FixtureSite s(site_yaml());
  s.write("content/border/hiep-dinh.md", R"(---
title: "Hiệp định về quy chế quản lý biên giới"
date: 2009-11-18
topics: [bien-gioi]
directives: ["57-KL/TW"]
weight: 3
aliases: ["/cu/hiep-dinh/"]
faq:
  - q: "Hiệp định có hiệu lực khi nào?"
    a: "Năm 2010."
---
Hiệp định gồm **5 chương**.

Xem [bài khác](../news/tin.md).
)");
  s.write("content/news/tin.md", "---\ntitle: \"Tin\"\ndate: 2026-01-01\n---\nTin.\n");
  auto r = ttdn_new(s, "explainer border/hiep-dinh --lang en");
  REQUIRE(r.status == 0);
  CHECK(contains(r.out, "content/border/hiep-dinh.en.md"));
  std::string text = testing::read_file(s.site() / "content/border/hiep-dinh.en.md");
  CHECK(contains(text, "# TODO translate:\ntitle: \"Hiệp định về quy chế quản lý biên giới\"\n"));
  CHECK(contains(text, "date: 2009-11-18\n"));
  CHECK(contains(text, "topics: [bien-gioi]\n"));
  CHECK(contains(text, "directives: [\"57-KL/TW\"]\n"));
  CHECK(contains(text, "weight: 3\n"));
  CHECK(contains(text, "# TODO translate:\nfaq:\n  - q: \"Hiệp định có hiệu lực khi nào?\"\n"));
  CHECK_FALSE(contains(text, "aliases"));  // the old URL belongs to the original
  CHECK(contains(text, "draft: true\n---\n"));
  CHECK(contains(text, "> Hiệp định gồm **5 chương**.\n>\n> Xem [bài khác](../news/tin.md).\n"));

  auto c = check(s);
  INFO(c.out);
  CHECK(c.status == 0);
  // The translation is a draft: the English page is not published yet.
  REQUIRE(testing::build(s).status == 0);
  CHECK_FALSE(s.exists_out("en/border/hiep-dinh/index.html"));
  REQUIRE(testing::build(s, "--drafts").status == 0);
  CHECK(s.exists_out("en/border/hiep-dinh/index.html"));

  CHECK(ttdn_new(s, "explainer border/hiep-dinh --lang en").status == 1);
}

TEST_CASE("new --lang without an original writes a translation-only page", "[new]") {
  testing::FixtureSite s(site_yaml());
  auto r = ttdn_new(s, "page pages/contact --lang en");
  REQUIRE(r.status == 0);
  std::string text = testing::read_file(s.site() / "content/pages/contact.en.md");
  CHECK(contains(text, "translation_only: true\n"));
  CHECK(contains(text, "title: \"Contact\"\n"));
  CHECK(check(s).status == 0);
}
