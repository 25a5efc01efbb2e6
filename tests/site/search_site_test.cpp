// The search page and index files, and topic pages, of fixture sites built by the real
// binary: what is indexed (published pages only), where the files are, what the page loads.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "../support.h"
#include "search/gzip.h"
#include "search/tokenizer.h"

using namespace ttdn::testing;
using nlohmann::json;

namespace {

std::string article(const std::string& title, const std::string& date, const std::string& body,
                    const std::string& extra = "") {
  return "---\ntitle: \"" + title + "\"\ndate: " + date + "\n" + extra + "---\n\n" + body + "\n";
}

/// Every index file of a search folder, inflated.
std::map<std::string, std::string> index_files(const FixtureSite& site, const std::string& folder) {
  std::map<std::string, std::string> out;
  for (const auto& [path, bytes] : snapshot(site.out() / folder)) {
    auto raw = ttdn::search::gunzip(bytes);
    if (raw) out[path] = *raw;
  }
  return out;
}

std::string attribute(const std::string& html, const std::string& name) {
  std::smatch m;
  std::regex re(name + "=\"([^\"]*)\"");
  return std::regex_search(html, m, re) ? m[1].str() : "";
}

/// The meta file a search page names, parsed.
json meta_of(const FixtureSite& site, const std::string& page) {
  std::string html = site.read_out(page);
  std::string url = attribute(html, "data-search-index");
  REQUIRE(url.rfind("/portal/", 0) == 0);
  auto raw = ttdn::search::gunzip(site.read_out(url.substr(8)));
  REQUIRE(raw);
  return json::parse(*raw);
}

/// Plain words of every shard of a search folder.
std::set<std::string> words_of(const FixtureSite& site, const std::string& data_dir) {
  std::set<std::string> words;
  for (const auto& [path, raw] : index_files(site, data_dir))
    if (path.rfind("s/", 0) == 0) {
      json shard = json::parse(raw);
      for (const auto& item : shard.items()) words.insert(item.key());
    }
  return words;
}

/// Runs a shell command; its standard output only.
RunResult run_command(const std::string& cmd) {
  RunResult r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  int raw = ::pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

void write_sources(const FixtureSite& site) {
  site.write("content/news/ban-gioc.md",
             article("Thác Bản Giốc đón khách", "2026-03-01",
                     "Khu cảnh quan thác Bản Giốc hoà bình, hữu nghị. Xã Đàm Thuỷ.",
                     "topics: [du-lich, bien-gioi]\n"));
  site.write(
      "content/news/ban-gioc.en.md",
      article("Ban Gioc Waterfall welcomes visitors", "2026-03-01",
              "The scenic area on the borders of the two countries.", "topics: [du-lich]\n"));
  site.write("content/news/ban-gioc.zh.md",
             article("板约瀑布迎客", "2026-03-01", "板约—德天瀑布跨境旅游合作区正式运营。"));
  site.write("content/news/nhap.md",
             article("Bản nháp", "2026-04-01", "Từ khóa bí mật zqxdraftword không được lộ.",
                     "draft: true\ntopics: [du-lich]\n"));
  site.write("content/news/hen-gio.md",
             article("Tin hẹn giờ", "2026-04-01", "Từ khóa zqxembargoword chưa đến giờ.",
                     "publish_at: 2027-01-01T00:00:00+07:00\ntopics: [bien-gioi]\n"));
  site.write("content/news/nhap.en.md",
             article("Draft", "2026-04-01", "Secret zqxdraftwordenglish.", "draft: true\n"));
}

}  // namespace

// The fixture's site.yaml has no `search` entry: the pages take the default slug "search".
TEST_CASE("each language has a search page that loads its own index", "[search][site]") {
  FixtureSite site;
  write_sources(site);
  auto r = build(site);
  INFO(r.out);
  REQUIRE(r.status == 0);
  for (const char* page : {"search/index.html", "en/search/index.html", "zh/search/index.html"}) {
    INFO(page);
    REQUIRE(site.exists_out(page));
    std::string html = site.read_out(page);
    // The script is an external, fingerprinted file: no inline script for a CSP to forbid.
    CHECK(std::regex_search(
        html,
        std::regex("<script src=\"/portal/assets/js/search\\.[0-9a-f]{8}\\.js\" defer></script>")));
    CHECK_FALSE(std::regex_search(
        html, std::regex("<script>|<script(?![^>]*\\bsrc=)(?![^>]*application/ld\\+json)[^>]*>")));
    CHECK(html.find("<noscript>") != std::string::npos);
    CHECK(html.find("aria-live=\"polite\"") != std::string::npos);
    CHECK(html.find("name=\"q\"") != std::string::npos);
    json meta = meta_of(site, page);
    CHECK(meta["v"] == 1);
    CHECK(meta["docs"] == 1);  // the one published article in each language
    CHECK(meta["shards"].size() >= 1);
  }
  CHECK(meta_of(site, "en/search/index.html")["stem"] == "english");
  CHECK(meta_of(site, "search/index.html")["stem"] == "none");
  // The header's search box on every page submits to its language's search page.
  CHECK(site.read_out("en/index.html").find("action=\"/portal/en/search/\"") != std::string::npos);
}

TEST_CASE("the index holds published pages only, in both word forms", "[search][site]") {
  FixtureSite site;
  write_sources(site);
  REQUIRE(build(site).status == 0);
  for (const char* dir : {"search/data", "en/search/data", "zh/search/data"}) {
    INFO(dir);
    auto files = index_files(site, dir);
    REQUIRE(files.size() >= 3);
    for (const auto& [path, raw] : files) {
      INFO(path);
      CHECK(raw.find("zqxdraftword") == std::string::npos);
      CHECK(raw.find("zqxembargoword") == std::string::npos);
      CHECK(raw.find("Bản nháp") == std::string::npos);
      CHECK(raw.find("hẹn giờ") == std::string::npos);
    }
  }
  auto vi = words_of(site, "search/data");
  CHECK(vi.count("ban"));
  CHECK(vi.count("gioc"));
  CHECK(vi.count("thuy"));
  CHECK(vi.count("dam"));
  auto en = words_of(site, "en/search/data");
  CHECK(en.count("border"));  // "borders", stemmed
  CHECK(en.count("visitor"));
  auto zh = words_of(site, "zh/search/data");
  CHECK(zh.count("德天"));
  CHECK(zh.count("瀑布"));

  // Both tone placements are one variant: "hoà" in the text is stored as the variant
  // a query "hòa" makes.
  bool found = false;
  for (const auto& [path, raw] : index_files(site, "search/data"))
    if (path.rfind("s/", 0) == 0) {
      json shard = json::parse(raw);
      if (shard.contains("hoa"))
        for (const auto& v : shard["hoa"])
          if (v[0] == ttdn::search::variant_form("hòa")) found = true;
    }
  CHECK(found);

  // The fragment of the result has what the result list shows.
  auto files = index_files(site, "search/data");
  REQUIRE(files.count("f/0.json.gz"));
  json f = json::parse(files["f/0.json.gz"]);
  CHECK(f["u"] == "/portal/tin-tuc/ban-gioc/");
  CHECK(f["t"] == "Thác Bản Giốc đón khách");
  CHECK(f["s"] == "Tin tức");
  CHECK(f["i"] == "2026-03-01T00:00:00+07:00");
  CHECK_FALSE(f["d"].get<std::string>().empty());
}

TEST_CASE("with --drafts the drafts are searchable, as they are shown", "[search][site]") {
  FixtureSite site;
  write_sources(site);
  REQUIRE(build(site, "--drafts").status == 0);
  CHECK(words_of(site, "search/data").count("zqxdraftword"));
  CHECK_FALSE(words_of(site, "search/data").count("zqxembargoword"));
}

TEST_CASE("topic pages count published pages and sort by the language's collation",
          "[topics][site]") {
  FixtureSite site;
  write_sources(site);
  for (int i = 0; i < 25; ++i)
    site.write("content/news/bg-" + std::to_string(i) + ".md",
               article("Biên giới " + std::to_string(i),
                       "2025-01-" + std::string(i < 9 ? "0" : "") + std::to_string(i + 1),
                       "Nội dung.", "topics: [bien-gioi]\n"));
  REQUIRE(build(site).status == 0);
  // Vietnamese collation: "Biên giới" before "Du lịch"; the draft does not count.
  std::string index = site.read_out("chu-de/index.html");
  size_t bien = index.find(">Biên giới<"), du = index.find(">Du lịch<");
  REQUIRE(bien != std::string::npos);
  REQUIRE(du != std::string::npos);
  CHECK(bien < du);
  CHECK(index.find("26 ") != std::string::npos);  // 25 + the Bản Giốc article
  CHECK(site.exists_out("chu-de/bien-gioi/index.html"));
  CHECK(site.exists_out("chu-de/bien-gioi/page/2/index.html"));
  CHECK_FALSE(site.exists_out("chu-de/bien-gioi/page/3/index.html"));
  CHECK(site.read_out("chu-de/du-lich/index.html").find("Bản nháp") == std::string::npos);
  // English has one article on tourism and none on the border.
  CHECK(site.exists_out("en/topics/du-lich/index.html"));
  CHECK_FALSE(site.exists_out("en/topics/bien-gioi/index.html"));
}

TEST_CASE("the browser's tokeniser agrees with the generator's", "[search][site]") {
  if (std::system("node --version > /dev/null 2>&1") != 0) {
    WARN("node is not installed: the JavaScript tokeniser was not compared");
    return;
  }
  // Edge cases, then every source of the real portal.
  std::vector<std::string> texts = {
      "Hoà bình, hòa bình; THUÝ Thúy khoẻ khỏe ĐÀM Thủy đường",
      "德天瀑布位于中越边境。板约—德天 高平Cao Bằng省 の滝 カタカナ",
      "Borders, cities, planned, running, agreed, crossings; 14-HD/BTGTU 42/2022/NĐ-CP 1.5 km",
      "café naïve ΣΟΦΊΑ ΟΔΟΣ straße İstanbul Москва ภาษาไทย 😀 a_b x—y",
  };
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(TTDN_SOURCE_DIR) / "content"))
    if (entry.path().extension() == ".md") texts.push_back(read_file(entry.path()));
  for (const char* stemmer : {"none", "english"}) {
    INFO(stemmer);
    auto stem = ttdn::search::stemmer_named(stemmer);
    FixtureSite scratch;
    fs::path input = scratch.root() / "tokens.json";
    write_file(input, json{{"stemmer", stemmer}, {"texts", texts}}.dump());
    auto r = run_command("node '" + std::string(TTDN_SOURCE_DIR) + "/tests/e2e/tokens.cjs' '" +
                         input.string() + "'");
    REQUIRE(r.status == 0);
    json js = json::parse(r.out);
    REQUIRE(js.size() == texts.size());
    for (size_t i = 0; i < texts.size(); ++i) {
      auto tokens = ttdn::search::tokenize(texts[i], stem);
      json cpp = json::array();
      for (const auto& t : tokens) cpp.push_back({t.plain, t.variant, t.ideographic});
      INFO("text " << i << ": " << texts[i].substr(0, 80));
      CHECK(cpp == js[i]);
    }
  }
}
