// Bad input, one fixture each: every wrong front-matter type, malformed and hostile YAML,
// bad encodings, huge and deeply nested sources, paths that try to leave the site, and a
// hostile environment (output folder, unwritable output, full disk). Each case asserts the
// exit status, a diagnostic that names the source (file:line[:col] where a line exists)
// and that the previous output is byte for byte what it was.
#include <catch2/catch.hpp>

#include <sys/mount.h>
#include <unistd.h>

#include <regex>

#include "../support.h"

using namespace ttdn::testing;

namespace {

const char* kGood = "---\ntitle: Bài tốt\ndate: 2026-03-01\n---\nNội dung tốt.\n";

/// A site with one good article, built once: the "previous output" each case must leave.
struct Baseline {
  FixtureSite site;
  std::map<std::string, std::string> before;
  explicit Baseline(const std::string& site_yaml = kSiteYaml) : site(site_yaml) {
    site.write("content/news/tot.md", kGood);
    site.write("content/pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\nVề trang.\n");
    auto r = build(site);
    INFO(r.out);
    REQUIRE(r.status == 0);
    before = snapshot(site.out());
    REQUIRE(before.count("tin-tuc/tot/index.html"));
  }
};

/// Runs a shell command line, stdout and stderr together.
RunResult run_shell(const std::string& cmd) {
  RunResult r;
  FILE* pipe = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  int raw = ::pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

std::string build_args(const FixtureSite& s) {
  return "build --site " + quoted(s.site()) + " --out " + quoted(s.out()) +
         " --now 2026-06-01T00:00:00+07:00 --quiet";
}

/// Under AddressSanitizer virtual memory cannot be capped (its shadow memory is huge).
bool sanitized() { return std::getenv("ASAN_OPTIONS") != nullptr; }

/// Builds with virtual memory capped at 4 GiB: input that expands exponentially fails
/// (or is killed) instead of taking the machine down.
RunResult build_capped(const FixtureSite& s) {
  std::string limit = sanitized() ? "" : "ulimit -v 4194304; ";
  return run_shell("bash -c \"" + limit + "exec '" + std::string(TTDN_BINARY) + "' " +
                   std::regex_replace(build_args(s), std::regex("\""), "\\\"") + "\"");
}

/// The build exited with `status`, printed `located` (a "file:line:col: error: message"
/// prefix) and left the output as it was.
void expect_rejected(const Baseline& b, const RunResult& r, int status, const std::string& located) {
  INFO(r.out);
  CHECK(r.status == status);
  CHECK(r.out.find(located) != std::string::npos);
  CHECK(snapshot(b.site.out()) == b.before);
}

struct Case {
  std::string name;
  std::string file;   // relative to the site
  std::string bytes;
  std::string located;  // expected diagnostic, starting with file:line:col
};

std::string article(const std::string& extra_fields, const std::string& title = "title: Bài hỏng") {
  return "---\n" + title + "\ndate: 2026-03-01\n" + extra_fields + "\n---\nNội dung.\n";
}

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

/// "Billion laughs": nine anchors, each a list of nine aliases of the one before.
std::string alias_bomb(const std::string& indent = "") {
  std::string y = indent + "l0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (int i = 1; i <= 9; ++i) {
    std::string prev = "*l" + std::to_string(i - 1);
    y += indent + "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [" + prev;
    for (int k = 1; k < 9; ++k) y += "," + prev;
    y += "]\n";
  }
  return y;
}

void run_cases(const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      Baseline b;
      b.site.write(c.file, c.bytes);
      expect_rejected(b, build_capped(b.site), 1, c.located);
    }
  }
}

}  // namespace

TEST_CASE("every front-matter field with a wrong type is a located error", "[bad-input][front-matter]") {
  const std::string f = "content/news/hong.md";
  const std::string at = f + ":";
  run_cases({
      {"title is a list", f, article("", "title: [Một, Hai]"), at + "2:8: error: 'title' must be text, not a list"},
      {"title missing", f, "---\ndate: 2026-03-01\n---\nx\n", at + "2:1: error: 'title' is required"},
      {"date is a list", f, "---\ntitle: T\ndate: [2026-03-01]\n---\nx\n", at + "3:7: error: 'date' must be text, not a list"},
      {"date is not a date", f, "---\ntitle: T\ndate: hôm qua\n---\n", at + "3:7: error: 'date' must be a date"},
      {"updated is a map", f, article("updated: {at: 2026}"), at + "4:10: error: 'updated' must be text, not a map"},
      {"updated before date", f, article("updated: 2026-02-01"), at + "4:10: error: 'updated' is earlier than 'date'"},
      {"summary is a list", f, article("summary: [a]"), at + "4:10: error: 'summary' must be text, not a list"},
      {"slug is a map", f, article("slug: {a: b}"), at + "4:7: error: 'slug' must be text, not a map"},
      {"topics is a map", f, article("topics: {a: b}"), at + "4:9: error: 'topics' must be a list of text values, not a map"},
      {"topics item is a list", f, article("topics: [[bien-gioi]]"), at + "4:10: error: each item of 'topics' must be text"},
      {"directives is one value", f, article("directives: 57-KL/TW"), at + "4:13: error: 'directives' must be a list"},
      {"directives item is a map", f, article("directives: [{a: b}]"), at + "4:14: error: each item of 'directives' must be text"},
      {"image is text", f, article("image: anh.jpg"), at + "4:8: error: 'image' must be a map"},
      {"image.src is a list", f, article("image: {src: [a.jpg], alt: Ảnh}"), at + "4:14: error: 'image.src' must be text, not a list"},
      {"author is a list", f, article("author: [A, B]"), at + "4:9: error: 'author' must be text, not a list"},
      {"source is a map", f, article("source: {name: Báo}"), at + "4:9: error: 'source' must be text, not a map"},
      {"draft is maybe", f, article("draft: maybe"), at + "4:8: error: 'draft' must be true or false"},
      {"draft is yes (YAML 1.1)", f, article("draft: yes"), at + "4:8: error: 'draft' must be true or false"},
      {"publish_at is not a time", f, article("publish_at: sáng mai"), at + "4:13: error: 'publish_at' must be a date"},
      {"publish_at is a list", f, article("publish_at: [2026-07-01]"), at + "4:13: error: 'publish_at' must be text, not a list"},
      {"weight is a word", f, article("weight: nặng"), at + "4:9: error: 'weight' must be a whole number"},
      {"weight is a fraction", f, article("weight: 1.5"), at + "4:9: error: 'weight' must be a whole number"},
      {"bulletin quarter 5", f, article("bulletin: 2026-Q5"), at + "4:11: error: 'bulletin' must be a quarter like 2026-Q1"},
      {"bulletin is a list", f, article("bulletin: [2026-Q1]"), at + "4:11: error: 'bulletin' must be text, not a list"},
      {"faq is text", f, article("faq: câu hỏi"), at + "4:6: error: 'faq' must be a list of {q, a}"},
      {"faq item without answer", f, article("faq:\n  - {q: \"Hỏi\"}"), at + "5:5: error: each 'faq' item must be {q: question, a: answer}"},
      {"timeline is a map", f, article("timeline: {a: b}"), at + "4:11: error: 'timeline' must be a list of {date, text}"},
      {"timeline date month 13", f, article("timeline:\n  - {date: 2026-13-01, text: x}"), at + "5:12: error: timeline date must be YYYY, YYYY-MM or YYYY-MM-DD"},
      {"aliases is one value", f, article("aliases: /cu/"), at + "4:10: error: 'aliases' must be a list"},
      {"aliases item is a map", f, article("aliases: [{a: b}]"), at + "4:11: error: each item of 'aliases' must be text"},
      {"layout is a list", f, article("layout: [article]"), at + "4:9: error: 'layout' must be text, not a list"},
      {"translation_only is có", f, article("translation_only: có"), at + "4:19: error: 'translation_only' must be true or false"},
  });
}

TEST_CASE("malformed and hostile YAML is a located error, never an explosion", "[bad-input][yaml]") {
  const std::string f = "content/news/hong.md";
  const std::string at = f + ":";
  std::string deep_flow = "---\ntitle: " + repeat("[", 10000) + "x" + repeat("]", 10000) + "\ndate: 2026-03-01\n---\n";
  std::string deep_block = "---\ntitle: T\ndate: 2026-03-01\nx:\n";
  for (int i = 1; i <= 1000; ++i) deep_block += repeat("  ", static_cast<size_t>(i)) + "- \n";
  deep_block += "topics: 5\n---\n";
  run_cases({
      {"unclosed flow list", f, article("topics: [bien-gioi, du-lich"), at + "5:1: error: malformed YAML"},
      {"bad indentation", f, "---\ntitle: T\n  date: 2026-03-01\n---\n", at + "3:7: error: malformed YAML"},
      // yaml-cpp takes a quote left open up to the end of the front matter (the title would
      // swallow the date line): the error is the quote's, where it opens.
      {"unclosed quote", f, "---\ntitle: \"Không đóng\ndate: 2026-03-01\n---\n",
       at + "2:8: error: malformed YAML: the quoted value opened here has no closing \""},
      {"front matter never closed", f, "---\ntitle: T\ndate: 2026-03-01\nNội dung.\n", at + "1:1: error: front matter opened with '---'"},
      {"front matter is a list", f, "---\n- a\n- b\n---\n", at + "2:1: error: front matter must be fields"},
      {"undefined alias", f, article("author: *khong-co"), at + "4:9: error: malformed YAML"},
      {"alias bomb under a known field", f, "---\ntitle: Bom\ndate: 2026-03-01\n" + alias_bomb() + "topics: *l9\n---\n",
       at + "12:5: error: each item of 'topics' must be text"},
      {"alias bomb as the title", f, "---\n" + alias_bomb() + "title: *l9\ndate: 2026-03-01\n---\n",
       at + "11:5: error: 'title' must be text, not a list"},
      {"alias bomb in faq", f, "---\ntitle: Bom\ndate: 2026-03-01\n" + alias_bomb() + "faq: *l9\n---\n",
       at + "12:5: error: each 'faq' item must be"},
      {"10,000 nested flow lists", f, deep_flow, at + "2:"},
      {"1,000 nested block lists", f, deep_block, at},
  });
}

TEST_CASE("YAML data files and site.yaml: malformed and alias bombs are located errors", "[bad-input][yaml]") {
  std::string bomb_yaml = alias_bomb();
  SECTION("site.yaml with an alias bomb as the site title") {
    Baseline b;
    std::string yaml = kSiteYaml;
    yaml.replace(0, yaml.find('\n'), "title: *l9");
    b.site.write("site.yaml", bomb_yaml + yaml);
    expect_rejected(b, build_capped(b.site), 1, "site.yaml:10:5: error: 'title' must be text or a map of languages, not a list");
  }
  SECTION("site.yaml with a bomb in a topic name") {
    Baseline b;
    std::string yaml = kSiteYaml;
    yaml.replace(yaml.find("du-lich: {vi"), std::string::npos, "du-lich: *l9\npublisher: {name: {vi: A, en: A, zh: A}}\n");
    b.site.write("site.yaml", bomb_yaml + yaml);
    auto r = build_capped(b.site);
    expect_rejected(b, r, 1, "site.yaml:");
    CHECK(std::regex_search(r.out, std::regex(R"(site\.yaml:\d+:\d+: error: 'topics\.terms\.du-lich')")));
  }
  SECTION("site.yaml malformed") {
    Baseline b;
    b.site.write("site.yaml", std::string(kSiteYaml) + "markdown: {unsafe_html: true\n");
    expect_rejected(b, build_capped(b.site), 1, "site.yaml:21:1: error: malformed YAML");
  }
  SECTION("i18n/vi.yaml malformed") {
    Baseline b;
    b.site.write("i18n/vi.yaml", read_file(b.site.site() / "i18n/vi.yaml") + "\nhỏng: [\n");
    auto r = build_capped(b.site);
    expect_rejected(b, r, 1, "i18n/vi.yaml:");
    CHECK(std::regex_search(r.out, std::regex(R"(i18n/vi\.yaml:\d+:\d+: error: malformed YAML)")));
  }
  // Data files of other features: whatever their reader does with the nodes (walking,
  // converting to JSON), nine levels of nine aliases must not expand.
  std::string list_bomb = "- &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (int i = 1; i <= 9; ++i)
    list_bomb += "- &l" + std::to_string(i) + " [" + repeat("*l" + std::to_string(i - 1) + ",", 8) + "*l" +
                 std::to_string(i - 1) + "]\n";
  list_bomb += "- {vi: *l9, en: *l9, zh: *l9, abbr: *l9}\n";
  const std::map<std::string, std::string> data_files = {
      {"content/documents/57-kl-tw.yaml",
       bomb_yaml + "number: *l9\ntype: *l9\nissuer: *l9\ndate: *l9\ntitle: *l9\nsummary: *l9\n"
                   "implements: *l9\npriorities: *l9\nfile: *l9\n"},
      {"content/bulletins/2026-q1.yaml",
       bomb_yaml + "year: *l9\nquarter: *l9\nnumber: *l9\ntitle: *l9\ncover: *l9\narticles: *l9\npdf: *l9\n"},
      {"content/glossary.yaml", list_bomb}};
  for (const auto& [file, data] : data_files) {
    DYNAMIC_SECTION("alias bomb in " << file) {
      Baseline b;
      b.site.write(file, data);
      auto r = build_capped(b.site);
      INFO(r.out);
      // The build ends with a located error or, if the reader ignores such values, at least
      // ends: no crash, no explosion.
      CHECK((r.status == 0 || r.status == 1));
      if (r.status == 1) {
        CHECK(r.out.find(std::string(file) + ":") != std::string::npos);
        CHECK(snapshot(b.site.out()) == b.before);
      }
    }
  }
}

TEST_CASE("bad encodings are errors with their byte offset", "[bad-input][encoding]") {
  const std::string f = "content/news/hong.md";
  run_cases({
      {"invalid UTF-8 in the body", f, "---\ntitle: T\ndate: 2026-03-01\n---\nabc\xFF\n", f + ":5:4: error: invalid UTF-8 at byte offset 37"},
      {"overlong '/' in the front matter", f, "---\ntitle: a\xC0\xAF" "b\ndate: 2026-03-01\n---\n", f + ":2:9: error: invalid UTF-8 at byte offset 12"},
      {"UTF-8 encoded surrogate", f, "---\ntitle: \xED\xA0\x80\n---\n", f + ":2:8: error: invalid UTF-8 at byte offset 11"},
      {"NUL byte in the body", f, std::string("---\ntitle: T\ndate: 2026-03-01\n---\nab\0c\n", 39), f + ":5:3: error: NUL byte at byte offset 36"},
      {"UTF-16 file", f, std::string("\xFF\xFE-\0-\0-\0\n\0", 10), f + ":1:1: error: invalid UTF-8 at byte offset 0"},
      {"truncated sequence at the end", f, "---\ntitle: T\ndate: 2026-03-01\n---\nĐ\xE1\xBA", f + ":5:2: error: invalid UTF-8 at byte offset 36"},
  });
  SECTION("site.yaml not UTF-8") {
    Baseline b;
    std::string yaml = kSiteYaml;
    yaml.replace(yaml.find("Cổng thử"), std::string("Cổng thử").size(), "C\xF4ng th\xFF");
    b.site.write("site.yaml", yaml);
    expect_rejected(b, build_capped(b.site), 1, "site.yaml:1:15: error: invalid UTF-8 at byte offset 14");
  }
  SECTION("i18n file not UTF-8") {
    Baseline b;
    b.site.write("i18n/en.yaml", read_file(b.site.site() / "i18n/en.yaml") + "\nbad: \"\xC3\x28\"\n");
    auto r = build_capped(b.site);
    expect_rejected(b, r, 1, "i18n/en.yaml:");
    CHECK(std::regex_search(r.out, std::regex(R"(i18n/en\.yaml:\d+:\d+: error: invalid UTF-8 at byte offset)")));
  }
  SECTION("a file name that is not UTF-8") {
    Baseline b;
    b.site.write("content/news/t\xE9t.md", kGood);
    auto r = build_capped(b.site);
    expect_rejected(b, r, 1, ": error: file name is not valid UTF-8");
    // The JSON report does not choke on the name either.
    auto j = run_ttdn("check --site " + quoted(b.site.site()) + " --format json 2>/dev/null");
    CHECK(j.status == 1);
    CHECK(j.out.find("bad-file-name") != std::string::npos);
  }
}

TEST_CASE("huge and deeply nested Markdown builds or fails cleanly", "[bad-input][limits]") {
  auto expect_built_or_rejected = [](Baseline& b, const std::string& file) {
    auto r = build_capped(b.site);
    INFO(r.out.substr(0, 2000));
    REQUIRE((r.status == 0 || r.status == 1));
    if (r.status == 1) {
      CHECK(r.out.find(file + ":") != std::string::npos);
      CHECK(snapshot(b.site.out()) == b.before);
    } else {
      CHECK(b.site.exists_out("tin-tuc/lon/index.html"));
      CHECK(b.site.exists_out("tin-tuc/tot/index.html"));
    }
    return r;
  };
  const std::string f = "content/news/lon.md";
  const std::string head = "---\ntitle: Lớn\ndate: 2026-03-02\n---\n";
  SECTION("a 50 MB article: refused before it is read, memory stays bounded") {
    Baseline b;
    {
      std::ofstream out(b.site.site() / f, std::ios::binary);
      out << head;
      const std::string chunk = repeat("Thác Bản Giốc nằm trên biên giới Việt Nam – Trung Quốc. ", 64) + "\n\n";
      for (size_t written = 0; written < (size_t{50} << 20); written += chunk.size()) out << chunk;
    }
    expect_rejected(b, build_capped(b.site), 1, f + ": error: the file is 50 MiB; sources are limited to 16 MiB");
  }
  SECTION("a 6 MB article: published cut at 4 MiB, with a warning at its body") {
    Baseline b;
    std::string body;
    while (body.size() < (size_t{6} << 20)) body += repeat("Đoạn văn về thác Bản Giốc. ", 40) + "\n\n";
    b.site.write(f, head + body);
    auto r = expect_built_or_rejected(b, f);
    CHECK(r.status == 0);
    CHECK(r.out.find(f + ":5: warning: the page is longer than 4 MiB") != std::string::npos);
  }
  SECTION("10,000 nested block quotes") {
    Baseline b;
    b.site.write(f, head + repeat(">", 10000) + " sâu\n");
    expect_built_or_rejected(b, f);
  }
  SECTION("10,000 nested link brackets") {
    Baseline b;
    b.site.write(f, head + repeat("[", 10000) + "sâu" + repeat("](x)", 10000) + "\n");
    expect_built_or_rejected(b, f);
  }
  SECTION("10,000 nested lists") {
    Baseline b;
    b.site.write(f, head + repeat("- ", 10000) + "sâu\n");
    expect_built_or_rejected(b, f);
  }
  SECTION("10,000 nested emphasis and raw HTML elements") {
    Baseline b(std::string(kSiteYaml) + "markdown: {unsafe_html: true}\n");
    b.site.write(f, head + repeat("*_", 10000) + "sâu" + repeat("_*", 10000) + "\n\n" +
                        repeat("<div>", 10000) + "\n\n" + repeat("<span>", 10000) + "x\n");
    expect_built_or_rejected(b, f);
  }
}

TEST_CASE("paths from sources cannot leave the output or the site", "[bad-input][paths]") {
  const std::string f = "content/news/hong.md";
  const std::string at = f + ":";
  run_cases({
      {"two pages on one URL", f, article("slug: tot"), at + "4:1: error: slug 'tot' is already the URL of content/news/tot.md"},
      {"two file names folding to one URL", "content/news/Tốt.md", kGood, "content/news/tot.md:1:1: error: slug 'tot' is already the URL of content/news/Tốt.md"},
      {"slug with ..", f, article("slug: ../../../etc"), at + "4:1: error: slug '../../../etc' must not contain"},
      {"absolute slug", f, article("slug: /etc/cron.d"), at + "4:1: error: slug '/etc/cron.d' must not contain"},
      {"percent-encoded slug", f, article("slug: \"%2e%2e%2fetc\""), at + "4:1: error: slug '%2e%2e%2fetc' must not contain"},
      {"slug with a backslash", f, article("slug: '..\\..\\x'"), at + "4:1: error: slug '..\\..\\x' must not contain"},
      {"alias with ..", f, article("aliases: [../../../etc/x]"), at + "4:11: error: alias '../../../etc/x' must be a site path"},
      {"alias to another host", f, article("aliases: [\"https://evil.example/\"]"), at + "4:11: error: alias 'https://evil.example/' must be a site path"},
      {"percent-encoded alias", f, article("aliases: [\"/%2E%2E/%2e%2e/x\"]"), at + "4:11: error: alias '/%2E%2E/%2e%2e/x' must be a site path"},
      {"alias with backslashes", f, article("aliases: ['\\\\evil\\share']"), at + "4:11: error: alias '\\\\evil\\share' must be a site path"},
      {"image outside the site", f, article("image: {src: ../../../../etc/passwd, alt: x}"), at + "4:1: error: image '../../../../etc/passwd' is neither in the page bundle nor under assets/"},
      {"absolute image path", f, article("image: {src: /etc/passwd, alt: x}"), at + "4:1: error: image '/etc/passwd' is neither"},
      {"percent-encoded image path", f, article("image: {src: \"%2e%2e/%2e%2e/site.yaml\", alt: x}"), at + "4:1: error: image '%2e%2e/%2e%2e/site.yaml' is neither"},
      {"image path with backslashes", f, article("image: {src: '..\\..\\site.yaml', alt: x}"), at + "4:1: error: image '..\\..\\site.yaml' is neither"},
      {"gallery image outside", f, article("gallery:\n  - {src: ../../site.yaml, alt: x}"), at + "5:1: error: gallery image '../../site.yaml' is neither"},
  });
}

TEST_CASE("symbolic links out of the site are errors and never followed", "[bad-input][paths]") {
  auto outside = [](const Baseline& b) {
    fs::path dir = b.site.root() / "outside";
    write_file(dir / "secret.md", "---\ntitle: SECRET-OUTSIDE-3b1f\ndate: 2026-01-01\n---\nSECRET-OUTSIDE-3b1f\n");
    write_file(dir / "secret.jpg", "SECRET-OUTSIDE-3b1f");
    write_file(dir / "bundle/index.md", "---\ntitle: SECRET-OUTSIDE-3b1f\ndate: 2026-01-01\n---\nx\n");
    return dir;
  };
  auto check_not_followed = [](const Baseline& b, const RunResult& r, const std::string& located) {
    expect_rejected(b, r, 1, located);
    for (const auto& [path, bytes] : snapshot(b.site.out()))
      CHECK(bytes.find("SECRET-OUTSIDE-3b1f") == std::string::npos);
  };
  SECTION("an article") {
    Baseline b;
    fs::create_symlink(outside(b) / "secret.md", b.site.site() / "content/news/lien-ket.md");
    check_not_followed(b, build(b.site), "content/news/lien-ket.md: error: symbolic link points outside the site folder");
  }
  SECTION("a page bundle folder") {
    Baseline b;
    fs::create_symlink(outside(b) / "bundle", b.site.site() / "content/news/goi");
    check_not_followed(b, build(b.site), "content/news/goi: error: symbolic link points outside the site folder");
  }
  SECTION("a file in a page bundle") {
    Baseline b;
    b.site.write("content/news/goi/index.md", "---\ntitle: Gói\ndate: 2026-01-01\n---\nx\n");
    fs::create_symlink(outside(b) / "secret.jpg", b.site.site() / "content/news/goi/anh.jpg");
    check_not_followed(b, build(b.site), "content/news/goi/anh.jpg: error: symbolic link points outside the site folder");
  }
  SECTION("a whole section folder") {
    Baseline b;
    fs::remove_all(b.site.site() / "content/pages");
    fs::create_symlink(outside(b), b.site.site() / "content/pages");
    check_not_followed(b, build(b.site), "content/pages: error: symbolic link points outside the site folder");
  }
  SECTION("an asset") {
    Baseline b;
    fs::create_symlink(outside(b) / "secret.jpg", b.site.site() / "assets/anh.jpg");
    check_not_followed(b, build(b.site), "assets/anh.jpg: error: symbolic link points outside the site folder");
  }
  SECTION("a template partial") {
    Baseline b;
    fs::create_symlink(outside(b) / "secret.md", b.site.site() / "templates/partials/bi-mat.mustache");
    check_not_followed(b, build(b.site), "templates/partials/bi-mat.mustache: error: symbolic link points outside the site folder");
  }
}

TEST_CASE("an output folder that is the site, content/, / or home is refused", "[bad-input][environment]") {
  Baseline b;
  fs::path home = b.site.root() / "home";
  write_file(home / "important.txt", "keep me");
  struct Out {
    std::string name;
    fs::path dir;
    std::string env;
  };
  std::vector<Out> outs = {{"the site", b.site.site(), ""},
                           {"content/", b.site.site() / "content", ""},
                           {"an ancestor of the site", b.site.root(), ""},
                           {"templates/", b.site.site() / "templates", ""},
                           {"the file-system root", "/", ""},
                           {"the home folder", home, "HOME=" + quoted(home) + " "}};
  for (const auto& o : outs) {
    DYNAMIC_SECTION("--out " << o.name) {
      auto site_before = snapshot(b.site.site());
      auto home_before = snapshot(home);
      auto r = run_shell(o.env + "'" + TTDN_BINARY + "' build --site " + quoted(b.site.site()) +
                         " --out " + quoted(o.dir) + " --quiet");
      INFO(r.out);
      CHECK(r.status == 2);
      CHECK(r.out.find("error: refusing to write into '" + o.dir.string() + "'") != std::string::npos);
      CHECK(snapshot(b.site.site()) == site_before);
      CHECK(snapshot(home) == home_before);
      CHECK(snapshot(b.site.out()) == b.before);
    }
  }
}

TEST_CASE("an unwritable output folder: exit 2, previous output untouched", "[bad-input][environment]") {
  SECTION("a file where a new page's folder must go (works as root too)") {
    Baseline b;
    b.site.write("content/news/moi.md", "---\ntitle: Mới\ndate: 2026-03-03\n---\nBài mới.\n");
    b.site.write("content/news/moi.en.md", "---\ntitle: New\ndate: 2026-03-03\n---\nNew.\n");
    write_file(b.site.out() / "tin-tuc/moi", "not a folder");
    auto before = snapshot(b.site.out());
    auto r = build(b.site);
    INFO(r.out);
    CHECK(r.status == 2);
    CHECK(r.out.find("error: cannot create " + (b.site.out() / "tin-tuc/moi").string()) != std::string::npos);
    CHECK(r.out.find("the previous output is unchanged") != std::string::npos);
    CHECK(snapshot(b.site.out()) == before);
    // No staging files or new folders are left behind.
    for (const auto& e : fs::recursive_directory_iterator(b.site.out()))
      CHECK(e.path().string().find(".ttdn-tmp-") == std::string::npos);
    CHECK_FALSE(fs::exists(b.site.out() / "en/news/moi"));
  }
  SECTION("a read-only output folder (chmod 0555, or chattr +i when running as root)") {
    Baseline b;
    b.site.write("content/news/moi.md", "---\ntitle: Mới\ndate: 2026-03-03\n---\nBài mới.\n");
    bool root = ::geteuid() == 0;
    std::string lock = root ? "chattr +i " : "chmod 0555 ";
    std::string unlock = root ? "chattr -i " : "chmod 0755 ";
    if (run_shell(lock + quoted(b.site.out())).status != 0) {
      WARN("running as root and chattr +i does not work on " << b.site.out()
           << ": the read-only case is covered by the file-in-the-way case only");
      return;
    }
    struct Unlock {
      std::string cmd;
      ~Unlock() {
        [[maybe_unused]] int rc = std::system(cmd.c_str());
      }
    } guard{unlock + quoted(b.site.out()) + " >/dev/null 2>&1"};
    auto r = build(b.site);
    INFO(r.out);
    CHECK(r.status == 2);
    CHECK(r.out.find("the previous output is unchanged") != std::string::npos);
    CHECK(snapshot(b.site.out()) == b.before);
  }
}

TEST_CASE("a full disk or a file-size limit: exit 2, previous output untouched", "[bad-input][environment]") {
  const std::string big_article = [] {
    std::string body = "---\ntitle: Dài\ndate: 2026-03-03\n---\n";
    for (int i = 0; i < 12000; ++i) body += "Đoạn văn dài về Cao Bằng số " + std::to_string(i) + ".\n\n";
    return body;
  }();
  SECTION("ulimit -f: SIGXFSZ does not kill the build half-way") {
    Baseline b;
    b.site.write("content/news/dai.md", big_article);
    auto r = run_shell("bash -c \"ulimit -f 200; exec '" + std::string(TTDN_BINARY) + "' " + build_args(b.site) + "\"");
    INFO(r.out);
    CHECK(r.status == 2);
    CHECK(r.out.find("(disk full or file too large?)") != std::string::npos);
    CHECK(snapshot(b.site.out()) == b.before);
    for (const auto& e : fs::recursive_directory_iterator(b.site.out()))
      CHECK(e.path().string().find(".ttdn-tmp-") == std::string::npos);
  }
  SECTION("a full file system (a small tmpfs, when mounting works here)") {
    FixtureSite probe;
    probe.write("content/news/tot.md", kGood);
    probe.write("content/pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\nVề trang.\n");
    REQUIRE(build(probe).status == 0);
    size_t used = 0;
    for (const auto& [path, bytes] : snapshot(probe.out())) used += (bytes.size() + 4095) / 4096 * 4096;

    Baseline b;
    fs::remove_all(b.site.out());
    fs::create_directories(b.site.out());
    std::string size = std::to_string(used + 256 * 1024);
    if (::geteuid() != 0 || ::mount("tmpfs", b.site.out().c_str(), "tmpfs", 0, ("size=" + size).c_str()) != 0) {
      WARN("cannot mount a tmpfs here (not root, or no permission): the full-disk case is covered by ulimit -f only");
      return;
    }
    struct Unmount {
      fs::path dir;
      ~Unmount() { ::umount2(dir.c_str(), MNT_DETACH); }
    } guard{b.site.out()};
    REQUIRE(build(b.site).status == 0);
    auto before = snapshot(b.site.out());
    b.site.write("content/news/dai.md", big_article);
    auto r = build(b.site);
    INFO(r.out);
    CHECK(r.status == 2);
    CHECK(r.out.find("(disk full or file too large?)") != std::string::npos);
    CHECK(snapshot(b.site.out()) == before);
    for (const auto& e : fs::recursive_directory_iterator(b.site.out()))
      CHECK(e.path().string().find(".ttdn-tmp-") == std::string::npos);
  }
}
