// `ttdn pdf YYYY-QN [--lang L] [--out FILE]`: builds the site in-process into a temporary
// folder (never the site's public/), then prints the print edition to an A4 PDF
// with a headless Chromium found on PATH.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "config/site_config.h"
#include "output/output_set.h"
#include "site/build.h"
#include "site/bulletin_set.h"
#include "site/parallel.h"

extern char** environ;

namespace fs = std::filesystem;

namespace ttdn::cli {
namespace {

/// Chromium's names on Debian, Ubuntu and Google's packages, in order of preference.
const char* const kChromiumNames[] = {"chromium", "chromium-browser", "google-chrome",
                                      "google-chrome-stable"};

/// How long one PDF may take before Chromium is stopped.
constexpr auto kChromiumTimeout = std::chrono::minutes(3);

/// A temporary folder, removed with everything in it when the command ends.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "ttdn-pdf-XXXXXX").string();
    if (::mkdtemp(tmpl.data())) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// `file://` URL of a folder, percent-encoding what a URL path cannot hold.
std::string file_url(const fs::path& dir) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = "file://";
  for (unsigned char c : dir.generic_string()) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  if (out.back() != '/') out += '/';
  return out;
}

/// The first Chromium executable on PATH.
std::optional<fs::path> find_chromium() {
  const char* path = std::getenv("PATH");
  if (!path) return std::nullopt;
  for (const char* name : kChromiumNames) {
    std::istringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      if (dir.empty()) continue;
      fs::path candidate = fs::path(dir) / name;
      if (::access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate)) return candidate;
    }
  }
  return std::nullopt;
}

/// Runs `argv` with stdout and stderr into `log`; returns its exit status, or nullopt when
/// it could not start or had to be stopped after the timeout.
std::optional<int> run_process(const std::vector<std::string>& argv, const fs::path& log,
                               std::string& why) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  // Its own process group, so that stopping it also stops the renderers it started.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    why = std::string("cannot start it: ") + std::strerror(rc);
    return std::nullopt;
  }
  auto deadline = std::chrono::steady_clock::now() + kChromiumTimeout;
  for (;;) {
    int status = 0;
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      ::kill(-pid, SIGKILL);  // helpers it may have left behind
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (done < 0) {
      why = std::string("lost track of it: ") + std::strerror(errno);
      return std::nullopt;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      why = "it did not finish within 3 minutes and was stopped";
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

/// The last lines of Chromium's log, for an error message.
std::string tail_of(const fs::path& log, size_t lines) {
  std::ifstream in(log);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::string out;
  for (size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i)
    out += "  " + all[i] + "\n";
  return out;
}

bool looks_like_pdf(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  char head[5] = {};
  in.read(head, 5);
  return in.gcount() == 5 && std::string(head, 5) == "%PDF-";
}

/// Errors and warnings; the notes are for `ttdn check`.
void print_diagnostics(const diag::Diagnostics& diags) {
  for (const auto& d : diags.sorted())
    if (d.severity != diag::Severity::info) std::cerr << diag::format_text(d) << '\n';
}

}  // namespace

int run_pdf(const PdfArgs& args) {
  auto quarter = site::parse_quarter(args.quarter);
  if (!quarter) {
    std::cerr << "ttdn: error: '" << args.quarter
              << "' is not a quarter; expected YYYY-QN, e.g. 2026-Q1\n";
    return kExitUsage;
  }
  auto now = resolve_now(args.now);
  if (!now) {
    std::cerr << "ttdn: error: --now '" << *args.now << "' is not an ISO 8601 date or time\n";
    return kExitUsage;
  }
  const fs::path site_dir = args.site;
  std::error_code ec;
  if (!fs::is_directory(site_dir, ec) || !fs::exists(site_dir / "site.yaml", ec)) {
    std::cerr << "ttdn: error: no site.yaml in '" << args.site << "'\n";
    return kExitUsage;
  }
  diag::Diagnostics diags;
  auto cfg = config::load_site_config(site_dir, diags);
  if (!cfg) {
    print_diagnostics(diags);
    return kExitSourceErrors;
  }
  const std::string lang = args.lang.value_or(cfg->default_language);
  if (!cfg->language(lang)) {
    std::string codes;
    for (const auto& l : cfg->languages) codes += (codes.empty() ? "" : ", ") + l.code;
    std::cerr << "ttdn: error: --lang '" << lang << "' is not a language of site.yaml (" << codes
              << ")\n";
    return kExitUsage;
  }

  TempDir tmp;
  if (tmp.path().empty()) {
    std::cerr << "ttdn: error: cannot create a temporary folder in "
              << fs::temp_directory_path(ec).string() << "\n";
    return kExitUsage;
  }
  // Links load from the temporary folder; QR codes and printed URLs keep the public site.
  const fs::path out_dir = tmp.path() / "site";
  site::BuildOptions options;
  options.site_dir = site_dir;
  options.base_url = file_url(out_dir);
  options.public_base_url = cfg->base_url;
  options.now = *now;
  options.jobs = site::default_jobs();
  output::OutputSet out;
  diag::Diagnostics build_diags;
  site::build_site(options, out, build_diags);
  print_diagnostics(build_diags);
  if (build_diags.has_errors()) {
    std::cerr << "ttdn: " << build_diags.count(diag::Severity::error)
              << " error(s) in the sources; no PDF was made\n";
    return kExitSourceErrors;
  }
  const std::string page = site::bulletin_print_path(*cfg, lang, *quarter) + "index.html";
  if (!out.contains(page)) {
    std::cerr << "ttdn: error: there is no bulletin issue for " << quarter->key()
              << " (content/bulletins/" << quarter->file_stem() << ".yaml)\n";
    return kExitSourceErrors;
  }
  output::WriteStats stats;
  if (auto err = output::write_output(out, out_dir, stats, options.jobs)) {
    std::cerr << "ttdn: error: " << *err << "\n";
    return kExitUsage;
  }

  auto chromium = find_chromium();
  if (!chromium) {
    std::cerr << "ttdn: error: no headless Chromium found on PATH (looked for chromium, "
                 "chromium-browser, google-chrome); install one, e.g. 'apt-get install "
                 "chromium', and run 'ttdn pdf' again\n";
    return kExitUsage;
  }

  const fs::path target = fs::absolute(args.out ? fs::path(*args.out)
                                                 : fs::path("bulletin-" + quarter->file_stem() +
                                                            "-" + lang + ".pdf"));
  const fs::path printed = tmp.path() / "bulletin.pdf";
  const fs::path log = tmp.path() / "chromium.log";
  std::vector<std::string> argv = {chromium->string(), "--headless", "--disable-gpu",
                                   "--no-first-run", "--disable-background-networking",
                                   "--disable-component-update", "--disable-sync",
                                   "--disable-dev-shm-usage",
                                   "--user-data-dir=" + (tmp.path() / "profile").string(),
                                   "--no-pdf-header-footer", "--print-to-pdf=" + printed.string()};
  if (::geteuid() == 0) argv.insert(argv.begin() + 1, "--no-sandbox");
  argv.push_back(file_url(out_dir) + page);
  std::string why;
  auto status = run_process(argv, log, why);
  if (!status || *status != 0 || !looks_like_pdf(printed)) {
    std::cerr << "ttdn: error: " << chromium->string() << " did not print the PDF";
    if (!why.empty()) std::cerr << ": " << why;
    else if (status && *status != 0) std::cerr << " (exit status " << *status << ")";
    std::cerr << "\n" << tail_of(log, 8);
    return kExitUsage;
  }
  fs::create_directories(target.parent_path(), ec);
  fs::rename(printed, target, ec);
  if (ec) {  // another file system: copy instead
    ec.clear();
    fs::copy_file(printed, target, fs::copy_options::overwrite_existing, ec);
  }
  if (ec) {
    std::cerr << "ttdn: error: cannot write " << target.string() << ": " << ec.message() << "\n";
    return kExitUsage;
  }
  std::cerr << "wrote " << target.string() << " (" << fs::file_size(target, ec) / 1024 << " KiB)\n";
  return kExitOk;
}

}  // namespace ttdn::cli
