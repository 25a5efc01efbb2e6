#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../support.h"

using namespace ttdn;

namespace {

/// The JSON document in a command's output (stderr lines may come before or after it).
nlohmann::json json_in(const std::string& out) {
  size_t begin = out.find('['), end = out.rfind(']');
  if (begin == std::string::npos || end == std::string::npos) return nullptr;
  return nlohmann::json::parse(out.substr(begin, end - begin + 1));
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// The same links in each language's page: to an article with an English translation
/// only, with a fragment, to a section landing file, to a root page, to an explicit
/// translation file.
void write_linked_site(const testing::FixtureSite& s) {
  const char* links = R"(
Xem [b](b.md), [mục](b.md#muc-1), [tin tức](_index.md), [giới thiệu](../pages/about.md),
[bản tiếng Anh](b.en.md).
)";
  s.write("content/news/a.md", std::string("---\ntitle: \"A\"\ndate: 2026-01-01\n---\n") + links);
  s.write("content/news/a.en.md",
          std::string("---\ntitle: \"A en\"\ndate: 2026-01-01\n---\n") + links);
  s.write("content/news/a.zh.md",
          std::string("---\ntitle: \"A zh\"\ndate: 2026-01-01\n---\n") + links);
  s.write("content/news/b.md", "---\ntitle: \"B\"\ndate: 2026-01-02\n---\n## Mục 1\n\nB.\n");
  s.write("content/news/b.en.md", "---\ntitle: \"B en\"\ndate: 2026-01-02\n---\n## Part 1\n\nB.\n");
  s.write("content/pages/about.md", "---\ntitle: \"Giới thiệu\"\n---\nVề chúng tôi.\n");
}

}  // namespace

TEST_CASE("links to source files go to the translation in the page's language, else the original",
          "[links]") {
  testing::FixtureSite s;
  write_linked_site(s);
  auto r = testing::build(s);
  INFO(r.out);
  REQUIRE(r.status == 0);

  std::string vi = s.read_out("tin-tuc/a/index.html");
  CHECK(contains(vi, "href=\"/portal/tin-tuc/b/\""));
  CHECK(contains(vi, "href=\"/portal/tin-tuc/b/#muc-1\""));
  CHECK(contains(vi, "href=\"/portal/tin-tuc/\""));
  CHECK(contains(vi, "href=\"/portal/about/\""));
  CHECK(contains(vi, "href=\"/portal/en/news/b/\""));  // b.en.md: English, as written

  std::string en = s.read_out("en/news/a/index.html");
  CHECK(contains(en, "href=\"/portal/en/news/b/\""));
  CHECK(contains(en, "href=\"/portal/en/news/b/#muc-1\""));
  CHECK(contains(en, "href=\"/portal/en/news/\""));
  CHECK(contains(en, "href=\"/portal/about/\""));  // no English about page: the original

  std::string zh = s.read_out("zh/xinwen/a/index.html");
  CHECK(contains(zh, "href=\"/portal/tin-tuc/b/\">b</a>"));  // no Chinese b: the original
  CHECK(contains(zh, "href=\"/portal/zh/xinwen/\""));
  CHECK_FALSE(contains(zh, ".md\""));
}

TEST_CASE("a link to a section's _index.md goes to its landing page", "[links]") {
  testing::FixtureSite s;
  s.write("content/news/_index.md", "---\ntitle: \"Tin tức\"\n---\nTin.\n");
  s.write("content/news/_index.en.md", "---\ntitle: \"News\"\n---\nNews.\n");
  s.write("content/pages/about.md",
          "---\ntitle: \"Giới thiệu\"\n---\nXem [tin](../news/_index.md).\n");
  s.write("content/pages/about.en.md",
          "---\ntitle: \"About\"\n---\nSee [news](../news/_index.md).\n");
  auto r = testing::build(s);
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK(contains(s.read_out("about/index.html"), "href=\"/portal/tin-tuc/\">tin</a>"));
  CHECK(contains(s.read_out("en/about/index.html"), "href=\"/portal/en/news/\">news</a>"));
}

TEST_CASE("a link to a missing or unpublished source file is an error", "[links]") {
  testing::FixtureSite s;
  s.write("content/news/a.md",
          "---\ntitle: \"A\"\ndate: 2026-01-01\n---\nXem [x](khong-co.md#h).\n\n"
          "Và [nháp](nhap.md).\n");
  s.write("content/news/nhap.md",
          "---\ntitle: \"Nháp\"\ndate: 2026-01-01\ndraft: true\n---\nNháp.\n");
  auto r = testing::run_ttdn("check --site '" + s.site().string() + "' --format json");
  CHECK(r.status == 1);
  auto diags = json_in(r.out);
  int broken = 0;
  for (const auto& d : diags)
    if (d["code"] == "broken-link") {
      ++broken;
      CHECK(d["file"] == "content/news/a.md");
      CHECK(d["severity"] == "error");
      CHECK(d["line"].get<int>() >= 5);
    }
  CHECK(broken == 2);
  // With drafts the draft is a page, and the link to it works.
  auto drafts = testing::build(s, "--drafts");
  CHECK(contains(drafts.out, "khong-co.md"));
  CHECK_FALSE(contains(drafts.out, "nhap.md"));
}

TEST_CASE("check lists each missing translation as a note", "[links][check]") {
  testing::FixtureSite s;
  write_linked_site(s);
  auto r = testing::run_ttdn("check --site '" + s.site().string() + "' --format json");
  REQUIRE(r.status == 0);
  auto diags = json_in(r.out);
  REQUIRE(diags.is_array());
  std::vector<std::string> notes;
  for (const auto& d : diags) {
    for (const char* field : {"file", "line", "column", "severity", "code", "message"})
      CHECK(d.contains(field));
    if (d["code"] == "missing-translation") {
      CHECK(d["severity"] == "info");
      notes.push_back(d["file"].get<std::string>() + " " + d["message"].get<std::string>());
    }
  }
  // b lacks zh; about lacks en and zh; a has every language.
  REQUIRE(notes.size() == 3);
  CHECK(contains(notes[0], "content/news/b.md no 'zh' translation (content/news/b.zh.md)"));
  CHECK(contains(notes[1], "content/pages/about.md no 'en' translation"));
  CHECK(contains(notes[2], "content/pages/about.md no 'zh' translation"));

  auto text = testing::run_ttdn("check --site '" + s.site().string() + "'");
  CHECK(contains(text.out, "content/news/b.md: info: no 'zh' translation"));
  CHECK(contains(text.out, "3 note(s)"));
}
