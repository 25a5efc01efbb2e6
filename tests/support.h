// Test helpers: fixture sites in temporary folders that use this repository's templates,
// assets and i18n with their own site.yaml and content, and a way to run the real binary.
#pragma once

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace ttdn::testing {

namespace fs = std::filesystem;

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

/// A minimal trilingual site.yaml; sections news (articles) and pages (root pages).
inline const char* kSiteYaml = R"(title: {vi: "Cổng thử", en: "Test portal", zh: "测试网"}
base_url: "https://example.gov.vn/portal/"
default_language: vi
languages:
  - {code: vi, name: "Tiếng Việt", hreflang: vi}
  - {code: en, name: "English", hreflang: en}
  - {code: zh, name: "中文", hreflang: zh-Hans}
sections:
  news: {kind: articles, title: {vi: "Tin tức", en: "News", zh: "新闻"}, slug: {vi: tin-tuc, en: news, zh: xinwen}, paginate: 2}
  pages: {kind: pages, title: {vi: "Trang", en: "Pages", zh: "页面"}, slug: {vi: "", en: "", zh: ""}}
topics:
  slug: {vi: chu-de, en: topics, zh: zhuti}
  terms:
    bien-gioi: {vi: "Biên giới", en: "Border", zh: "边界"}
    du-lich: {vi: "Du lịch", en: "Tourism", zh: "旅游"}
publisher:
  name: {vi: "Trung tâm Thử nghiệm", en: "Test Centre", zh: "测试中心"}
  responsible: "Nguyễn Văn A"
  licence: ""
)";

/// A temporary site folder, removed at the end of the test.
class FixtureSite {
 public:
  explicit FixtureSite(const std::string& site_yaml = kSiteYaml) {
    std::string tmpl = (fs::temp_directory_path() / "ttdn-test-XXXXXX").string();
    root_ = ::mkdtemp(tmpl.data());
    site_ = root_ / "site";
    fs::create_directories(site_ / "content");
    const fs::path repo = TTDN_SOURCE_DIR;
    for (const char* dir : {"templates", "assets", "i18n"})
      fs::copy(repo / dir, site_ / dir, fs::copy_options::recursive);
    write("site.yaml", site_yaml);
  }
  ~FixtureSite() {
    std::error_code ec;
    fs::permissions(root_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(root_, ec);
  }
  FixtureSite(const FixtureSite&) = delete;
  FixtureSite& operator=(const FixtureSite&) = delete;

  void write(const std::string& rel, const std::string& bytes) const { write_file(site_ / rel, bytes); }
  std::string read_out(const std::string& rel) const { return read_file(out() / rel); }
  bool exists_out(const std::string& rel) const { return fs::exists(out() / rel); }

  const fs::path& site() const { return site_; }
  const fs::path& root() const { return root_; }
  fs::path out() const { return root_ / "public"; }

 private:
  fs::path root_, site_;
};

struct RunResult {
  int status = -1;
  std::string out;  // stdout and stderr, interleaved
};

/// Runs the ttdn binary with `args` (shell-quoted by the caller).
inline RunResult run_ttdn(const std::string& args) {
  RunResult r;
  std::string cmd = std::string(TTDN_BINARY) + " " + args + " 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  int raw = ::pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

/// Builds `site` into its out() folder at a fixed moment.
inline RunResult build(const FixtureSite& site, const std::string& extra = "") {
  return run_ttdn("build --site '" + site.site().string() + "' --out '" + site.out().string() +
                  "' --now 2026-06-01T00:00:00+07:00 --quiet " + extra);
}

/// Every file under `dir` with its bytes (the manifest included).
inline std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files[e.path().lexically_relative(dir).generic_string()] = read_file(e.path());
  return files;
}

}  // namespace ttdn::testing
