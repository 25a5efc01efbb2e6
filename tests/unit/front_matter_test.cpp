#include <catch2/catch.hpp>

#include "config/site_config.h"
#include "content/front_matter.h"
#include "content/source_reader.h"
#include "../support.h"

using namespace ttdn;

namespace {

config::SiteConfig test_config() {
  diag::Diagnostics d;
  auto cfg = config::parse_site_config(testing::kSiteYaml, d);
  REQUIRE(cfg);
  return *cfg;
}

std::optional<content::FrontMatter> parse(const std::string& text, diag::Diagnostics& d) {
  static const config::SiteConfig cfg = test_config();
  auto split = content::split_front_matter(text);
  REQUIRE(split);
  return content::parse_front_matter(*split, "content/news/x.md", cfg, "vi", d);
}

bool has(const diag::Diagnostics& d, const std::string& code, int line) {
  for (const auto& x : d.sorted())
    if (x.code == code && x.line == line) return true;
  return false;
}

}  // namespace

TEST_CASE("front matter is split from the body with line numbers", "[front-matter]") {
  auto s = content::split_front_matter("---\ntitle: A\n---\nBody\n");
  REQUIRE(s);
  CHECK(s->has_front_matter);
  CHECK(s->yaml == "title: A\n");
  CHECK(s->body == "Body\n");
  CHECK(s->body_line == 4);
  CHECK_FALSE(content::split_front_matter("---\ntitle: A\nno end\n"));
  auto none = content::split_front_matter("# Just markdown\n");
  REQUIRE(none);
  CHECK_FALSE(none->has_front_matter);
}

TEST_CASE("every field is read with its type", "[front-matter]") {
  diag::Diagnostics d;
  auto fm = parse(R"(---
title: "Hội nghị"
date: 2023-02-03
updated: 2023-02-04T10:00:00+07:00
summary: "Tóm tắt"
slug: hoi-nghi
topics: [bien-gioi, du-lich]
directives: ["142/KH-SNgV", "14-HD/BTGTU#II.3"]
image: {src: a.jpg, alt: "Ảnh", caption: "Chú thích", credit: "TTĐN"}
author: "A"
source: "Báo Cao Bằng"
draft: false
publish_at: 2023-02-05T08:00:00+07:00
weight: 3
bulletin: 2023-q1
faq: [{q: "Hỏi?", a: "Đáp."}]
timeline: [{date: "2009-11-18", text: "Ký"}, {date: "2015-11", text: "Ký hiệp định"}]
aliases: [/cu/hoi-nghi/]
layout: article
---
)", d);
  REQUIRE(fm);
  CHECK_FALSE(d.has_errors());
  CHECK(fm->title == "Hội nghị");
  CHECK(fm->topics.size() == 2);
  CHECK(fm->topics[1].line == 7);
  CHECK(fm->directives[1].value == "14-HD/BTGTU#II.3");
  CHECK(fm->image->alt == "Ảnh");
  CHECK(fm->weight == 3);
  CHECK(fm->bulletin->value == "2023-Q1");
  CHECK(fm->faq.size() == 1);
  CHECK(fm->timeline[1].date == "2015-11");
  CHECK(fm->aliases[0].value == "/cu/hoi-nghi/");
}

TEST_CASE("wrong types are errors at the field's line", "[front-matter]") {
  diag::Diagnostics d;
  parse("---\ntitle: A\ndraft: maybe\nweight: heavy\ntopics: bien-gioi\ndate: 03/02/2023\n"
        "image: {src: a.jpg}\nupdated: 2020-01-01\n---\n", d);
  CHECK(has(d, "wrong-type", 3));   // draft
  CHECK(has(d, "wrong-type", 4));   // weight
  CHECK(has(d, "wrong-type", 5));   // topics as a single value
  CHECK(has(d, "bad-date", 6));
  CHECK(has(d, "missing-alt", 7));
}

TEST_CASE("unknown topics and fields name the nearest known one", "[front-matter]") {
  diag::Diagnostics d;
  parse("---\ntitle: A\ntopics: [bien-gioy]\ntittle: B\n---\n", d);
  auto all = d.sorted();
  REQUIRE(all.size() == 2);
  CHECK(all[0].severity == diag::Severity::error);
  CHECK(all[0].line == 3);
  CHECK(all[0].column == 10);
  CHECK(all[0].message == "unknown topic 'bien-gioy' (did you mean 'bien-gioi'?)");
  CHECK(all[1].severity == diag::Severity::warning);
  CHECK(all[1].message.find("did you mean 'title'") != std::string::npos);
}

TEST_CASE("malformed YAML points at its line in the file", "[front-matter]") {
  diag::Diagnostics d;
  auto fm = parse("---\ntitle: A\ntopics: [a, b\nx: 1\n---\n", d);
  CHECK_FALSE(fm);
  auto all = d.sorted();
  REQUIRE(all.size() == 1);
  CHECK(all[0].code == "yaml-syntax");
  CHECK(all[0].line >= 3);
}

TEST_CASE("a quoted value left open is an error at its quote, not a missing field", "[front-matter]") {
  // yaml-cpp itself takes the value on to the end of the front matter, date and all.
  for (const char* quote : {"\"", "'"}) {
    diag::Diagnostics d;
    auto fm = parse(std::string("---\ntitle: ") + quote + "Lễ ký kết\ndate: 2023-02-03\n---\n", d);
    CHECK_FALSE(fm);
    auto all = d.sorted();
    REQUIRE(all.size() == 1);
    CHECK(all[0].code == "yaml-syntax");
    CHECK(all[0].line == 2);
    CHECK(all[0].column == 8);
    CHECK(all[0].message.find(std::string("no closing ") + quote) != std::string::npos);
  }
  // Quotes that are closed, escaped quotes within them, a value spanning lines.
  diag::Diagnostics d;
  auto fm = parse(
      "---\ntitle: \"Hội \\\"Xuân\\\" 2023\"\nsummary: 'Bản Giốc''s falls,\n  Cao Bằng'\n"
      "topics: [\"bien-gioi\"]\ndate: 2023-02-03\n---\n",
      d);
  REQUIRE(fm);
  CHECK_FALSE(d.has_errors());
  CHECK(fm->title == "Hội \"Xuân\" 2023");
  CHECK(fm->summary == std::optional<std::string>("Bản Giốc's falls, Cao Bằng"));
}

TEST_CASE("when the parser fails after a quote left open, the error names the quote's line",
          "[front-matter]") {
  // yaml-cpp stops at the next line's quote (the one that closes the open value early).
  diag::Diagnostics d;
  CHECK_FALSE(parse("---\ntitle: T\ntopics:\n  - \"bien-gioi\n  - \"du-lich\"\ndate: 2023-02-03\n---\n", d));
  auto all = d.sorted();
  REQUIRE(all.size() == 1);
  CHECK(all[0].code == "yaml-syntax");
  CHECK(all[0].line == 5);
  CHECK(all[0].message.find("(is the quote opened on line 4 closed?)") != std::string::npos);
  // Quotes closed on their lines, and a comment with a quote: no such hint.
  diag::Diagnostics other;
  CHECK_FALSE(parse("---\ntitle: \"T\" # \"a\ntopics: [a, b\nx: 1\n---\n", other));
  REQUIRE(other.sorted().size() == 1);
  CHECK(other.sorted()[0].message.find("quote") == std::string::npos);
}

TEST_CASE("a missing title is an error; updated before date is an error", "[front-matter]") {
  diag::Diagnostics d;
  parse("---\ndate: 2023-02-03\nupdated: 2023-02-01\n---\n", d);
  CHECK(has(d, "missing-title", 2));
  CHECK(has(d, "updated-before-date", 3));
}

TEST_CASE("sources: BOM and CRLF accepted, NFC applied, bad UTF-8 located", "[source]") {
  diag::Diagnostics d;
  auto text = content::normalise_source("\xEF\xBB\xBF---\r\ntitle: Ba\xCC\x89n\r\n---\r\n", "f.md", d);
  REQUIRE(text);
  CHECK(*text == "---\ntitle: Bản\n---\n");
  auto bad = content::normalise_source("---\ntitle: \xFF\n", "f.md", d);
  CHECK_FALSE(bad);
  auto all = d.sorted();
  REQUIRE(all.size() == 1);
  CHECK(all[0].line == 2);
  CHECK(all[0].column == 8);
  CHECK(all[0].message.find("byte offset 11") != std::string::npos);
}
