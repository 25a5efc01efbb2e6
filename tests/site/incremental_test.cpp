// Incremental builds (issue 10): a rebuild into the same output folder, using the cache the
// previous build left beside it, writes exactly what a clean build writes, whatever changed
// in between; and it renders less when less changed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "../support.h"

using namespace ttdn::testing;

namespace {

const char* kSite = R"(title: {vi: "Cổng thử", en: "Test portal", zh: "测试网"}
base_url: "https://example.gov.vn/portal/"
default_language: vi
languages:
  - {code: vi, name: "Tiếng Việt", hreflang: vi}
  - {code: en, name: "English", hreflang: en}
  - {code: zh, name: "中文", hreflang: zh-Hans}
sections:
  news: {kind: articles, title: {vi: "Tin tức", en: "News", zh: "新闻"}, slug: {vi: tin-tuc, en: news, zh: xinwen}, paginate: 2}
  border: {kind: explainers, title: {vi: "Biên giới", en: "Border", zh: "边界"}, slug: {vi: bien-gioi, en: border, zh: bianjie}}
documents:
  title: {vi: "Văn bản chỉ đạo", en: "Guiding documents", zh: "指导文件"}
  slug: {vi: van-ban, en: documents, zh: wenjian}
topics:
  slug: {vi: chu-de, en: topics, zh: zhuti}
  terms:
    bien-gioi: {vi: "Biên giới", en: "Border", zh: "边界"}
    du-lich: {vi: "Du lịch", en: "Tourism", zh: "旅游"}
glossary:
  title: {vi: "Thuật ngữ", en: "Glossary", zh: "术语"}
  slug: {vi: thuat-ngu, en: glossary, zh: shuyu}
publisher:
  name: {vi: "Trung tâm Thử nghiệm", en: "Test Centre", zh: "测试中心"}
  responsible: "Nguyễn Văn A"
)";

const char* kPlan2023 = R"(number: "142/KH-SNgV"
type: ke-hoach
issuer: {vi: "Sở Ngoại vụ", en: "Department of Foreign Affairs", zh: "外务厅"}
date: 2023-02-03
title: {vi: "Kế hoạch thông tin đối ngoại năm 2023", en: "Plan for 2023", zh: "2023年计划"}
)";

const char* kNow = "2026-06-01T00:00:00+07:00";

std::string article(const std::string& title, const std::string& date, const std::string& extra,
                    const std::string& body) {
  return "---\ntitle: \"" + title + "\"\ndate: " + date + "\n" + extra + "---\n\n" + body + "\n";
}

void write_site(const FixtureSite& s) {
  s.write("content/documents/142-kh-sngv-2023.yaml", kPlan2023);
  s.write("content/news/ke-hoach.md",
          article("Sở Ngoại vụ ban hành kế hoạch", "2023-02-05", "topics: [du-lich]\n",
                  "Kế hoạch số 142/KH-SNgV nêu mười nhóm nhiệm vụ về TTĐN.\n\n"
                  "Xem [hội nghị](hoi-nghi.md)."));
  s.write("content/news/ke-hoach.en.md",
          article("Department issues its plan", "2023-02-05", "topics: [du-lich]\n",
                  "Plan No. 142/KH-SNgV lists ten groups of tasks."));
  s.write("content/news/hoi-nghi.md",
          article("Hội nghị biên giới", "2026-03-02", "topics: [bien-gioi]\n",
                  "Đoạn mở đầu về **biên giới** Cao Bằng.\n\n## Nội dung\n\nChi tiết."));
  s.write("content/news/hoi-nghi.en.md",
          article("Border meeting", "2026-03-02T09:00:00+07:00", "topics: [bien-gioi]\n",
                  "Opening paragraph about the border."));
  s.write("content/news/mua-xuan.md",
          article("Mùa xuân ở Cao Bằng", "2025-02-01", "", "Hoa đào nở khắp nơi."));
  s.write("content/news/cam.md",
          article("Bài hẹn giờ", "2026-05-20", "publish_at: 2026-07-01T08:00:00+07:00\n",
                  "Nội dung sẽ công bố sau."));
  s.write("content/border/hiep-dinh.md",
          "---\ntitle: \"Hiệp định về cửa khẩu\"\nweight: 1\n---\n\n## Nội dung\n\n"
          "Theo Kế hoạch số 142/KH-SNgV.\n");
  s.write("content/glossary.yaml", R"(- vi: "thông tin đối ngoại"
  abbr: {vi: "TTĐN"}
  en: "external information"
  zh: "对外信息"
)");
}

RunResult build_into(const FixtureSite& s, const fs::path& out, const std::string& now,
                     const std::string& extra = "") {
  return run_ttdn("build --site '" + s.site().string() + "' --out '" + out.string() +
                  "' --now " + now + " " + extra);
}

/// Paths whose bytes differ between two output trees, or that only one has.
std::vector<std::string> differences(const fs::path& a, const fs::path& b) {
  auto x = snapshot(a), y = snapshot(b);
  std::vector<std::string> out;
  for (const auto& [path, bytes] : x) {
    auto it = y.find(path);
    if (it == y.end() || it->second != bytes) out.push_back(path);
  }
  for (const auto& [path, bytes] : y)
    if (!x.count(path)) out.push_back(path);
  return out;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

void edit(const FixtureSite& s, const std::string& rel, const std::string& from,
          const std::string& to) {
  s.write(rel, replaced(read_file(s.site() / rel), from, to));
}

fs::path cache_of(const FixtureSite& s) { return s.root() / ".public.ttdn-cache"; }

/// "…; R of T pages and M of S sources rendered)" of the summary line: {M, S}.
std::pair<int, int> sources_rendered(const std::string& out) {
  auto end = out.find(" sources rendered");
  if (end == std::string::npos) return {-1, -1};
  auto and_at = out.rfind("pages and ", end);
  if (and_at == std::string::npos) return {-1, -1};
  int m = -1, t = -1;
  std::sscanf(out.c_str() + and_at + 10, "%d of %d", &m, &t);
  return {m, t};
}

}  // namespace

TEST_CASE("an incremental build writes the same files as a clean build", "[site][incremental]") {
  FixtureSite s(kSite);
  write_site(s);
  auto first = build_into(s, s.out(), kNow);
  INFO(first.out);
  REQUIRE(first.status == 0);
  REQUIRE(fs::exists(cache_of(s)));
  std::string now = kNow;

  SECTION("an article's body is edited") {
    edit(s, "content/news/mua-xuan.md", "Hoa đào nở khắp nơi.", "Hoa mận và hoa đào nở. TTĐN.");
  }
  SECTION("an article's title is edited") {
    edit(s, "content/news/hoi-nghi.md", "Hội nghị biên giới", "Hội nghị biên giới lần thứ hai");
  }
  SECTION("a source is renamed") {
    fs::rename(s.site() / "content/news/hoi-nghi.md", s.site() / "content/news/hoi-nghi-moi.md");
    fs::rename(s.site() / "content/news/hoi-nghi.en.md",
               s.site() / "content/news/hoi-nghi-moi.en.md");
    edit(s, "content/news/ke-hoach.md", "(hoi-nghi.md)", "(hoi-nghi-moi.md)");
  }
  SECTION("an article is deleted") {
    fs::remove(s.site() / "content/news/mua-xuan.md");
  }
  SECTION("a cited article is deleted") {
    fs::remove(s.site() / "content/news/ke-hoach.en.md");
  }
  SECTION("an article citing a document gets a new title") {
    // The document's page lists it by its title.
    edit(s, "content/news/ke-hoach.md", "Sở Ngoại vụ ban hành kế hoạch",
         "Sở Ngoại vụ ban hành kế hoạch mới");
  }
  SECTION("an article citing a document gets a new date") {
    // Its date and its place in the document page's list change there.
    edit(s, "content/news/ke-hoach.md", "date: 2023-02-05", "date: 2023-01-05");
  }
  SECTION("an explainer citing a document is translated") {
    // The English page of the document lists the English version instead of the Vietnamese.
    s.write("content/border/hiep-dinh.en.md",
            "---\ntitle: \"Agreement on border gates\"\nweight: 1\n---\n\n"
            "Under Plan No. 142/KH-SNgV.\n");
  }
  SECTION("the note on an article in another language changes") {
    // Only the document pages' lists show it (an explainer without English is listed in
    // Vietnamese on the English page).
    edit(s, "i18n/en.yaml", "doc_in_language: \"(in {language})\"",
         "doc_in_language: \"(written in {language})\"");
  }
  SECTION("the date format changes") {
    edit(s, "i18n/vi.yaml", "date_format: \"{d} tháng {m}, {Y}\"",
         "date_format: \"ngày {d} tháng {m} năm {Y}\"");
  }
  SECTION("a translation is added") {
    s.write("content/news/mua-xuan.zh.md", article("高平的春天", "2025-02-01", "", "桃花盛开。"));
  }
  SECTION("a page's topics change") {
    edit(s, "content/news/mua-xuan.md", "date: 2025-02-01\n", "date: 2025-02-01\ntopics: [bien-gioi]\n");
  }
  SECTION("a page's topics are swapped for as many others") {
    // The cards in its section's list show the new topic.
    edit(s, "content/news/ke-hoach.md", "topics: [du-lich]", "topics: [bien-gioi]");
  }
  SECTION("an article's date moves to another UTC offset, at the same instant") {
    // Lists show the same day, but its <time datetime> changes.
    edit(s, "content/news/hoi-nghi.en.md", "date: 2026-03-02T09:00:00+07:00\n",
         "date: 2026-03-02T02:00:00+00:00\n");
  }
  SECTION("a topic is renamed in site.yaml") {
    // Only the cards show a page's topic names in a section's list.
    edit(s, "site.yaml", "du-lich: {vi: \"Du lịch\"", "du-lich: {vi: \"Du lịch Cao Bằng\"");
  }
  SECTION("a partial template changes") {
    s.write("templates/partials/footer.mustache",
            read_file(s.site() / "templates/partials/footer.mustache") + "<!-- changed -->\n");
  }
  SECTION("site.yaml changes") {
    edit(s, "site.yaml", "Trung tâm Thử nghiệm", "Trung tâm Thử nghiệm Mới");
  }
  SECTION("an interface string changes") {
    edit(s, "i18n/en.yaml", "read_more: \"Read more\"", "read_more: \"Read on\"");
  }
  SECTION("a document's data changes") {
    edit(s, "content/documents/142-kh-sngv-2023.yaml", "Plan for 2023", "Plan for the year 2023");
  }
  SECTION("a glossary entry changes") {
    edit(s, "content/glossary.yaml", "external information", "foreign information");
  }
  SECTION("an embargo ends") {
    now = "2026-07-02T00:00:00+07:00";
  }
  SECTION("the clock goes back before an embargo ended") {
    // Built after the embargo first, then again before it: the page disappears again.
    REQUIRE(build_into(s, s.out(), "2026-07-02T00:00:00+07:00").status == 0);
    REQUIRE(s.exists_out("tin-tuc/cam/index.html"));
  }
  SECTION("a published output file was changed by hand") {
    write_file(s.out() / "tin-tuc/hoi-nghi/index.html", "tampered");
  }
  SECTION("a published output file was changed by hand, keeping its size and time") {
    fs::path page = s.out() / "tin-tuc/hoi-nghi/index.html";
    auto time = fs::last_write_time(page);
    std::string bytes = read_file(page);
    bytes[bytes.size() / 2] = bytes[bytes.size() / 2] == 'x' ? 'y' : 'x';
    write_file(page, bytes);
    fs::last_write_time(page, time);
    // With no source changed, nothing is rendered (the output is trusted); change one.
    edit(s, "content/news/mua-xuan.md", "Hoa đào", "Hoa mơ");
  }
  SECTION("a published output file was deleted") {
    fs::remove(s.out() / "en/news/hoi-nghi/index.html");
  }
  SECTION("the cache is damaged") {
    std::string bytes = read_file(cache_of(s));
    bytes[bytes.size() / 2] ^= 0x55;
    write_file(cache_of(s), bytes);
    edit(s, "content/news/mua-xuan.md", "Hoa đào", "Hoa mơ");
  }
  SECTION("the cache is cut short") {
    std::string bytes = read_file(cache_of(s));
    write_file(cache_of(s), bytes.substr(0, bytes.size() / 3));
  }
  SECTION("the cache is not a cache") {
    write_file(cache_of(s), "garbage");
  }
  SECTION("the cache was deleted") {
    fs::remove(cache_of(s));
  }
  SECTION("the memo store is damaged") {
    fs::path store = cache_of(s).string() + ".store";
    std::string bytes = read_file(store);
    REQUIRE(bytes.size() > 100);
    for (size_t at = 7; at < bytes.size(); at += bytes.size() / 5) bytes[at] ^= 0x55;
    write_file(store, bytes);
    edit(s, "content/news/mua-xuan.md", "Hoa đào", "Hoa mơ");
  }
  SECTION("the memo store is cut short") {
    fs::path store = cache_of(s).string() + ".store";
    write_file(store, read_file(store).substr(0, 100));
    edit(s, "content/news/mua-xuan.md", "Hoa đào", "Hoa mơ");
  }
  SECTION("the memo store was deleted") {
    fs::remove(cache_of(s).string() + ".store");
    edit(s, "content/news/mua-xuan.md", "Hoa đào", "Hoa mơ");
  }
  SECTION("nothing changed") {
  }

  auto again = build_into(s, s.out(), now);
  INFO(again.out);
  REQUIRE(again.status == 0);
  fs::path clean = s.root() / "clean";
  auto reference = build_into(s, clean, now, "--no-cache");
  INFO(reference.out);
  REQUIRE(reference.status == 0);
  CHECK_FALSE(fs::exists(s.root() / ".clean.ttdn-cache"));
  auto diff = differences(s.out(), clean);
  for (const auto& d : diff) INFO("differs: " << d);
  CHECK(diff.empty());
  CHECK(snapshot(s.out()).size() == snapshot(clean).size());
}

TEST_CASE("an input edited after a build is read again, even with its size and time put back",
          "[site][incremental]") {
  FixtureSite s(kSite);
  write_site(s);
  // A build records the state (size, inode, times) of the inputs that were already two
  // seconds old, and the next build trusts a file left in the same state without reading
  // it. These are old enough.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  auto first = build_into(s, s.out(), kNow);
  INFO(first.out);
  REQUIRE(first.status == 0);
  const fs::path file = s.site() / "content/news/mua-xuan.md";
  const auto size = fs::file_size(file);
  const auto mtime = fs::last_write_time(file);
  // As `cp -p` or `rsync -t` would leave it: the same size, the old modification time.
  edit(s, "content/news/mua-xuan.md", "Hoa đào", "Hoa mận");
  fs::last_write_time(file, mtime);
  REQUIRE(fs::file_size(file) == size);

  auto again = build_into(s, s.out(), kNow);
  INFO(again.out);
  REQUIRE(again.status == 0);
  const std::string page = read_file(s.out() / "tin-tuc/mua-xuan/index.html");
  CHECK(page.find("Hoa mận") != std::string::npos);
  CHECK(page.find("Hoa đào") == std::string::npos);
}

TEST_CASE("a memo found damaged only when a page needs it makes the build start again",
          "[site][incremental]") {
  FixtureSite s(kSite);
  write_site(s);
  REQUIRE(build_into(s, s.out(), kNow).status == 0);
  // A rebuild reads a page's HTML from the store only when it renders the page: after a
  // template changed, for every page. Damage the HTML of one of them.
  const fs::path store = cache_of(s).string() + ".store";
  std::string bytes = read_file(store);
  const size_t heading = bytes.find("<h2 id=\"");
  REQUIRE(heading != std::string::npos);
  bytes[heading + 1] = 'X';
  write_file(store, bytes);
  s.write("templates/partials/footer.mustache",
          read_file(s.site() / "templates/partials/footer.mustache") + "<!-- changed -->\n");

  auto again = build_into(s, s.out(), kNow);
  INFO(again.out);
  REQUIRE(again.status == 0);
  CHECK(again.out.find("the build cache could not be read back; building again without it") !=
        std::string::npos);
  fs::path clean = s.root() / "clean";
  REQUIRE(build_into(s, clean, kNow, "--no-cache").status == 0);
  CHECK(differences(s.out(), clean).empty());
  // The next build starts from a clean cache.
  auto third = build_into(s, s.out(), kNow);
  INFO(third.out);
  CHECK(third.out.find("could not be read back") == std::string::npos);
  CHECK(differences(s.out(), clean).empty());
}

TEST_CASE("with drafts shown, a draft published is rebuilt as a clean build makes it",
          "[site][incremental]") {
  FixtureSite s(kSite);
  write_site(s);
  s.write("content/news/nhap.md",
          article("Bản nháp", "2026-04-01", "draft: true\ntopics: [du-lich]\n", "Chưa xong."));
  REQUIRE(build_into(s, s.out(), kNow, "--drafts").status == 0);
  // The section's list and the topic's show its card, marked as a draft until it is not.
  edit(s, "content/news/nhap.md", "draft: true\n", "draft: false\n");
  auto again = build_into(s, s.out(), kNow, "--drafts");
  INFO(again.out);
  REQUIRE(again.status == 0);
  fs::path clean = s.root() / "clean";
  REQUIRE(build_into(s, clean, kNow, "--drafts --no-cache").status == 0);
  auto diff = differences(s.out(), clean);
  for (const auto& d : diff) INFO("differs: " << d);
  CHECK(diff.empty());
}

TEST_CASE("a rebuild after one edit renders only what depends on it", "[site][incremental]") {
  FixtureSite s(kSite);
  write_site(s);
  REQUIRE(build_into(s, s.out(), kNow).status == 0);
  fs::path untouched = s.out() / "bien-gioi/hiep-dinh/index.html";
  REQUIRE(fs::exists(untouched));
  auto before = fs::last_write_time(untouched);

  SECTION("nothing changed: nothing is rendered or written") {
    auto r = build_into(s, s.out(), kNow);
    INFO(r.out);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("0 written") != std::string::npos);
    CHECK(r.out.find("no source changed") != std::string::npos);
  }
  SECTION("one article's body: one source rendered, the other pages reused") {
    edit(s, "content/news/mua-xuan.md", "Hoa đào nở khắp nơi.", "Hoa mận nở khắp nơi.");
    auto r = build_into(s, s.out(), kNow);
    INFO(r.out);
    REQUIRE(r.status == 0);
    auto [rendered, total] = sources_rendered(r.out);
    CHECK(rendered == 1);
    CHECK(total >= 7);
    // Its page, the lists and feeds showing its summary change; an explainer does not.
    CHECK(s.read_out("tin-tuc/mua-xuan/index.html").find("Hoa mận") != std::string::npos);
    CHECK(fs::last_write_time(untouched) == before);
    // The files that rebuild found in place are recorded as they are: the next build has
    // nothing to do, and still sees one of them changed by hand after it.
    auto same = build_into(s, s.out(), kNow);
    INFO(same.out);
    CHECK(same.out.find("no source changed") != std::string::npos);
    const std::string page = read_file(untouched);
    write_file(untouched, "tampered");
    auto restored = build_into(s, s.out(), kNow);
    INFO(restored.out);
    REQUIRE(restored.status == 0);
    CHECK(read_file(untouched) == page);
  }
  SECTION("a source's notes are reported again when another source is edited") {
    s.write("content/news/chi-dan.md",
            article("Bài có chỉ dẫn lạ", "2024-01-01", "",
                    "Theo Kế hoạch số 3485/KH-UBND của tỉnh."));
    auto first = build_into(s, s.out(), kNow);
    INFO(first.out);
    REQUIRE(first.status == 0);
    const std::string note = "'3485/KH-UBND' is not in the document library";
    REQUIRE(first.out.find(note) != std::string::npos);
    edit(s, "content/news/mua-xuan.md", "Hoa đào nở khắp nơi.", "Hoa mận nở khắp nơi.");
    auto r = build_into(s, s.out(), kNow);
    INFO(r.out);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("content/news/chi-dan.md:") != std::string::npos);
    CHECK(r.out.find(note) != std::string::npos);
    // The edited source, and the one whose note can only come from rendering it.
    CHECK(sources_rendered(r.out).first == 2);
  }
  SECTION("--no-cache renders everything and leaves the cache alone") {
    auto cache = read_file(cache_of(s));
    auto r = build_into(s, s.out(), kNow, "--no-cache");
    INFO(r.out);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("sources rendered") == std::string::npos);
    CHECK(r.out.find("no source changed") == std::string::npos);
    CHECK(read_file(cache_of(s)) == cache);
  }
}

TEST_CASE("the memo store stays small over many edits", "[site][incremental]") {
  // Each rebuild appends the memo of the source it rendered; once most of the store is
  // memos no build uses, it is copied without them.
  FixtureSite s(kSite);
  write_site(s);
  REQUIRE(build_into(s, s.out(), kNow).status == 0);
  const fs::path store = cache_of(s).string() + ".store";
  const auto first = fs::file_size(store);
  uintmax_t largest = first;
  bool shrank = false;
  std::string text = "Hoa đào nở khắp nơi.";
  for (int i = 0; i < 40; ++i) {
    std::string next = "Hoa đào nở khắp nơi, lần " + std::to_string(i) + ".";
    edit(s, "content/news/mua-xuan.md", text, next);
    text = next;
    auto r = build_into(s, s.out(), kNow);
    INFO(r.out);
    REQUIRE(r.status == 0);
    CHECK(sources_rendered(r.out).first == 1);
    const auto size = fs::file_size(store);
    shrank = shrank || size < largest;
    largest = std::max(largest, size);
  }
  CHECK(shrank);
  CHECK(largest < 3 * first);
  fs::path clean = s.root() / "clean";
  REQUIRE(build_into(s, clean, kNow, "--no-cache").status == 0);
  CHECK(differences(s.out(), clean).empty());
}

TEST_CASE("a damaged build cache is ignored with a warning", "[site][incremental]") {
  FixtureSite s(kSite);
  write_site(s);
  REQUIRE(build_into(s, s.out(), kNow).status == 0);
  write_file(cache_of(s), "ttdn-cache 2\nnot what was written");
  auto r = build_into(s, s.out(), kNow);
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("warning: the build cache") != std::string::npos);
  auto [rendered, total] = sources_rendered(r.out);
  CHECK(rendered >= 7);
  CHECK(rendered == total);
  // The next build has a good cache again.
  auto next = build_into(s, s.out(), kNow);
  CHECK(next.out.find("no source changed") != std::string::npos);
}

TEST_CASE("a source restored from the cache is the source read from its file",
          "[site][incremental]") {
  // Sources not changed since the previous build are restored from the front matter it
  // kept, without being read again: every field, line and column must come back as read.
  FixtureSite s(kSite);
  write_site(s);
  s.write("content/border/thac/index.md", R"(---
title: "Thác Bản Giốc – Đức Thiên"
date: 2025-10-01T09:30:00+07:00
updated: 2025-11-02T10:00:00+07:00
summary: "Hiệp định về tài nguyên du lịch."
slug: thac-ban-gioc
topics: [du-lich, bien-gioi]
directives: ["142/KH-SNgV", "999/KH-XYZ"]
author: "Phòng Thông tin"
source: "Báo Cao Bằng"
weight: 2
faq:
  - {q: "Hiệp định ký khi nào?", a: "Năm 2015."}
timeline:
  - {date: "2015-11", text: "Ký hiệp định."}
  - {date: "2016", text: "Hiệp định có hiệu lực."}
aliases: [/cu/thac-ban-gioc/]
layout: explainer
---

Theo Kế hoạch số 142/KH-SNgV và Kế hoạch số 777/KH-ABC.
)");
  s.write("content/border/thac/index.zh.md",
          "---\ntitle: \"德天瀑布\"\ntranslation_only: false\n---\n\n板约瀑布。\n");
  s.write("content/news/nhap.md", article("Bản nháp", "2026-01-01", "draft: true\n", "Nháp."));
  s.write("content/news/la.md", article("Trường lạ", "2026-01-02", "tieu_de: \"x\"\n", "Lạ."));
  REQUIRE(build_into(s, s.out(), kNow).status == 0);

  edit(s, "content/news/mua-xuan.md", "Hoa đào nở khắp nơi.", "Hoa mơ nở khắp nơi.");
  auto again = build_into(s, s.out(), kNow);
  INFO(again.out);
  REQUIRE(again.status == 0);
  auto clean = build_into(s, s.root() / "clean", kNow, "--no-cache");
  INFO(clean.out);
  REQUIRE(clean.status == 0);

  auto diff = differences(s.out(), s.root() / "clean");
  for (const auto& d : diff) INFO("differs: " << d);
  CHECK(diff.empty());
  CHECK(snapshot(s.out()).size() == snapshot(s.root() / "clean").size());
  // The same diagnostics at the same places: the unknown field (from reading the file), the
  // unknown directive (from its restored line and column) and the unknown citation (from
  // the body, read again to be rendered because of its note).
  auto located = [](const std::string& out) {
    std::vector<std::string> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
      if (line.rfind("content/", 0) == 0) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  auto expected = located(clean.out);
  CHECK(located(again.out) == expected);
  auto has = [&](const std::string& what) {
    return std::any_of(expected.begin(), expected.end(),
                       [&](const std::string& l) { return l.find(what) != std::string::npos; });
  };
  CHECK(has("content/news/la.md:4:1:"));  // tieu_de
  CHECK(has("999/KH-XYZ"));
  CHECK(has("777/KH-ABC"));
}
