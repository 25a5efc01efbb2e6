// `ttdn build` keeps rendered pages in a spill folder beside the output instead of in
// memory (docs/performance.md, Memory). The output must be the same as from memory, the
// folder never inside the output, and gone after every build, written or failed.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include "../support.h"
#include "output/output_set.h"

using namespace ttdn::testing;
using ttdn::output::OutputSet;

namespace {

/// What a build keeps beside `out` only while it runs: spill folders, the build cache's
/// memo file.
std::vector<std::string> spill_folders(const fs::path& out) {
  std::vector<std::string> found;
  for (const auto& e : fs::directory_iterator(out.parent_path())) {
    const std::string name = e.path().filename().string();
    if (name.find(".ttdn-spill-") != std::string::npos || name.find(".memos-") != std::string::npos ||
        name.find(".tmp-") != std::string::npos)
      found.push_back(name);
  }
  return found;
}

/// The same files added to `set`: big pages, a small file, and a page read back unchanged.
void add_files(OutputSet& set, ttdn::diag::Diagnostics& diags) {
  set.add("index.html", std::string(10000, 'a') + "trang chủ", "a.md", diags);
  set.add("en/index.html", std::string(20000, 'b') + "home", "b.md", diags);
  set.add("robots.txt", "Sitemap: x\n", "site.yaml", diags);
}

}  // namespace

TEST_CASE("spilled files are written exactly as files held in memory", "[output]") {
  FixtureSite tmp;  // for its temporary folder
  ttdn::diag::Diagnostics diags;
  OutputSet memory;
  add_files(memory, diags);
  ttdn::output::WriteStats stats;
  REQUIRE_FALSE(ttdn::output::write_output(memory, tmp.root() / "a", stats));

  const fs::path spill = tmp.root() / ".b.ttdn-spill-test";
  fs::create_directories(tmp.root() / "b");  // a rebuild's folder (a first build: below)
  {
    OutputSet spilled;
    spilled.spill_to(spill, tmp.root() / "b", 4096);
    add_files(spilled, diags);
    // The two big pages wait on disk, the small file in memory; both read back the same.
    size_t waiting = 0;
    for (const auto& e : fs::recursive_directory_iterator(spill)) waiting += e.is_regular_file();
    CHECK(waiting == 2);
    CHECK(spilled.bytes("en/index.html") == std::string(20000, 'b') + "home");
    CHECK(spilled.bytes("robots.txt") == "Sitemap: x\n");
    // A second file on a spilled path is an error naming both sources, and leaves no file.
    spilled.add("en/index.html", std::string(9000, 'c'), "c.md", diags);
    CHECK(diags.has_errors());
    waiting = 0;
    for (const auto& e : fs::recursive_directory_iterator(spill)) waiting += e.is_regular_file();
    CHECK(waiting == 2);
    ttdn::output::WriteStats stats2;
    REQUIRE_FALSE(ttdn::output::write_output(spilled, tmp.root() / "b", stats2));
    CHECK(stats2.written == 3);
  }
  CHECK_FALSE(fs::exists(spill));  // removed with the set
  CHECK(snapshot(tmp.root() / "a") == snapshot(tmp.root() / "b"));

  // Pages reused from the output folder are not held in memory, and still read back.
  {
    OutputSet again;
    again.spill_to(spill, tmp.root() / "b", 4096);
    ttdn::diag::Diagnostics d2;
    again.add_unchanged("index.html", std::string(10000, 'a') + "trang chủ", "a.md", d2);
    CHECK(again.bytes("index.html") == std::string(10000, 'a') + "trang chủ");
    // If the file goes away during the build, writing says so instead of emptying it.
    fs::remove(tmp.root() / "b/index.html");
    ttdn::output::WriteStats stats3;
    auto err = ttdn::output::write_output(again, tmp.root() / "b", stats3);
    REQUIRE(err);
    CHECK(err->find("index.html") != std::string::npos);
  }
}

TEST_CASE("a build leaves no spill folder or memo file, and clears those a killed build left",
          "[output][site]") {
  FixtureSite s;
  s.write("content/news/a.md", "---\ntitle: Bài\ndate: 2026-03-01\n---\n" + std::string(6000, 'x') + "\n");
  // A folder left by a build whose process is gone, and one of a process still running.
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  const fs::path dead = s.root() / (".public.ttdn-spill-" + std::to_string(child));
  const fs::path alive = s.root() / (".public.ttdn-spill-" + std::to_string(::getpid()));
  fs::create_directories(dead);
  write_file(dead / "0", "stale page");
  fs::create_directories(alive);
  const fs::path dead_memos = s.root() / (".public.ttdn-cache.memos-" + std::to_string(child));
  write_file(dead_memos, "stale memos");
  const fs::path dead_cache = s.root() / (".public.ttdn-cache.tmp-" + std::to_string(child));
  write_file(dead_cache, "half a cache");
  const fs::path dead_store = s.root() / (".public.ttdn-cache.store.tmp-" + std::to_string(child));
  write_file(dead_store, "half a store");
  auto r = build(s);
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK(s.read_out("tin-tuc/a/index.html").find(std::string(6000, 'x')) != std::string::npos);
  CHECK_FALSE(fs::exists(dead));
  CHECK_FALSE(fs::exists(dead_memos));
  CHECK_FALSE(fs::exists(dead_cache));
  CHECK_FALSE(fs::exists(dead_store));
  CHECK(fs::exists(s.root() / ".public.ttdn-cache"));  // the build cache itself stays
  CHECK(fs::exists(alive));  // not ours to remove: that build may still be writing
  fs::remove_all(alive);
  CHECK(spill_folders(s.out()).empty());
  for (const auto& [path, bytes] : snapshot(s.out())) CHECK(path.find("spill") == std::string::npos);
  // A failed build: nothing written, no spill folder left either.
  s.write("content/news/b.md", "---\ntitle: [không đóng\n---\nx\n");
  REQUIRE(build(s).status != 0);
  CHECK(spill_folders(s.out()).empty());
}

TEST_CASE("writing on several threads gives the same output, and a failure undoes all of it",
          "[output]") {
  FixtureSite tmp;  // for its temporary folder
  ttdn::diag::Diagnostics diags;
  // Enough files for two writer threads: pages in their own folders, small search files.
  auto fill = [&](OutputSet& set) {
    for (int i = 0; i < 400; ++i) {
      const std::string n = std::to_string(i);
      set.add("tin-tuc/bai-" + n + "/index.html", std::string(5000, 'x') + n, "a.md", diags);
      set.add("tim-kiem/data/f/" + n + ".json.gz", "gz" + n, "search index", diags);
    }
  };
  const fs::path one = tmp.root() / "one", two = tmp.root() / "two";
  {
    OutputSet set;
    fill(set);
    ttdn::output::WriteStats stats;
    REQUIRE_FALSE(ttdn::output::write_output(set, one, stats, 1));
    CHECK(stats.written == 800);
  }
  {
    // The folder exists (empty): the pages wait in the spill folder and are renamed into
    // place one by one, by two threads.
    fs::create_directories(two);
    OutputSet set;
    set.spill_to(tmp.root() / ".two.ttdn-spill-test", two, 4096);
    CHECK(set.tree().empty());
    fill(set);
    ttdn::output::WriteStats stats;
    REQUIRE_FALSE(ttdn::output::write_output(set, two, stats, 2));
    CHECK(stats.written == 800);
  }
  CHECK(snapshot(one) == snapshot(two));  // the manifest included
  {
    // No folder yet (a first build): the pages wait laid out as the output, which is
    // completed and renamed whole.
    const fs::path fresh = tmp.root() / "fresh";
    OutputSet set;
    set.spill_to(tmp.root() / ".fresh.ttdn-spill-test", fresh, 4096);
    CHECK_FALSE(set.tree().empty());
    fill(set);
    // Small files wait there too.
    size_t waiting = 0;
    for (const auto& e : fs::recursive_directory_iterator(set.tree())) waiting += e.is_regular_file();
    CHECK(waiting == 800);
    // A second file on a path already waiting in the tree leaves the first one's bytes.
    set.add("tin-tuc/bai-7/index.html", std::string(6000, 'd'), "d.md", diags);
    CHECK(set.bytes("tin-tuc/bai-7/index.html") == std::string(5000, 'x') + "7");
    ttdn::output::WriteStats stats;
    REQUIRE_FALSE(ttdn::output::write_output(set, fresh, stats, 2));
    CHECK(stats.written == 800);
    CHECK(snapshot(one) == snapshot(fresh));
  }
  CHECK_FALSE(fs::exists(tmp.root() / ".fresh.ttdn-spill-test"));
  {
    // A file and a folder on one path: the error names the output folder, which is not made.
    const fs::path clash = tmp.root() / "clash";
    OutputSet set;
    set.spill_to(tmp.root() / ".clash.ttdn-spill-test", clash, 4096);
    set.add("tin-tuc", "a file", "a.md", diags);
    set.add("tin-tuc/index.html", "a page", "b.md", diags);
    ttdn::output::WriteStats stats;
    auto err = ttdn::output::write_output(set, clash, stats, 2);
    REQUIRE(err);
    CHECK(err->find((clash / "tin-tuc").string()) != std::string::npos);
    CHECK(err->find("ttdn-spill") == std::string::npos);
    CHECK_FALSE(fs::exists(clash));
  }

  // A file where the last page's folder must go: the second thread fails after the first
  // has placed its files. Nothing new stays, and what was there is as it was.
  const fs::path third = tmp.root() / "three";
  write_file(third / "tin-tuc/zz", "not a folder");
  const auto before = snapshot(third);
  OutputSet set;
  fill(set);
  set.add("tin-tuc/zz/index.html", std::string(5000, 'z'), "z.md", diags);
  ttdn::output::WriteStats stats;
  auto err = ttdn::output::write_output(set, third, stats, 2);
  REQUIRE(err);
  CHECK(err->find("tin-tuc/zz") != std::string::npos);
  CHECK(snapshot(third) == before);
  CHECK_FALSE(fs::exists(third / "tim-kiem"));
  CHECK_FALSE(fs::exists(third / "tin-tuc/bai-0"));
}
