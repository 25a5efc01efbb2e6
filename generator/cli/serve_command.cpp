// `ttdn serve`: builds the site with drafts into a temporary folder, serves it on the
// loopback interface, and rebuilds when a source changes; open pages reload themselves.
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "diag/diagnostic.h"
#include "output/output_set.h"
#include "serve/file_watcher.h"
#include "serve/live_server.h"
#include "site/build.h"
#include "site/parallel.h"

namespace fs = std::filesystem;

namespace ttdn::cli {
namespace {

/// Sources whose change means a rebuild (SPEC §1).
const std::vector<std::string> kWatchedTrees = {"content", "templates", "assets", "i18n"};
const std::vector<std::string> kWatchedFiles = {"site.yaml"};

/// A temporary folder, removed with everything in it when this goes away.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "ttdn-serve-XXXXXX").string();
    if (::mkdtemp(pattern.data())) path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// Ctrl-C and SIGTERM arrive as a readable file descriptor instead of interrupting a
/// thread. Blocked before any thread starts, so every thread inherits the mask.
class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    ::pthread_sigmask(SIG_BLOCK, &set_, &previous_);
    fd_ = ::signalfd(-1, &set_, SFD_CLOEXEC | SFD_NONBLOCK);
    // A browser closing a connection mid-write must not end the process.
    ::signal(SIGPIPE, SIG_IGN);
  }
  ~StopSignals() {
    // The signal that stopped us is still pending: take it, or unblocking delivers it.
    struct signalfd_siginfo info;
    while (fd_ >= 0 && ::read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
    }
    if (fd_ >= 0) ::close(fd_);
    ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  int fd() const { return fd_; }

 private:
  sigset_t set_{}, previous_{};
  int fd_ = -1;
};

std::string seconds_since(std::chrono::steady_clock::time_point start) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return buf;
}

/// One build into `out_dir`; tells the server (and the terminal) how it went.
class Rebuilder {
 public:
  Rebuilder(const ServeArgs& args, fs::path out_dir, std::string base_url,
            serve::LiveServer& server)
      : args_(args),
        out_dir_(std::move(out_dir)),
        base_url_(std::move(base_url)),
        server_(server) {}

  /// Returns false for an environment fault (site.yaml gone, output unwritable).
  bool run(const std::string& reason) {
    auto started = std::chrono::steady_clock::now();
    site::BuildOptions options;
    options.site_dir = args_.site;
    options.base_url = base_url_;
    options.drafts = true;
    options.serve_mode = true;
    options.jobs = site::default_jobs();
    options.now = *resolve_now(args_.now);  // checked by run_serve
    // Images processed once per session, beside the served folder (docs/images.md).
    options.image_cache_dir = out_dir_.parent_path() / ".ttdn-cache/images";
    output::OutputSet out;
    diag::Diagnostics diags;
    site::BuildSummary summary = site::build_site(options, out, diags);
    // Notes (`check` lists them) would bury the errors of each rebuild.
    std::vector<std::string> lines;
    for (const auto& d : diags.sorted()) {
      if (d.severity == diag::Severity::info) continue;
      lines.push_back(diag::format_text(d));
      std::cerr << lines.back() << '\n';
    }
    if (summary.config_missing) {
      lines = {"site.yaml: error: site.yaml is missing"};
      std::cerr << lines.front() << '\n';
    }
    if (summary.config_missing || diags.has_errors()) {
      std::cerr << "ttdn: build failed (" << diags.count(diag::Severity::error)
                << " error(s)); still serving the last good build\n";
      server_.build_failed(std::move(lines));
      failing_ = true;
      return true;
    }
    output::WriteStats stats;
    if (auto err = output::write_output(out, out_dir_, stats, options.jobs)) {
      std::cerr << "ttdn: error: " << *err << '\n';
      server_.build_failed({"error: " + *err});
      return false;
    }
    bool changed = stats.written + stats.removed > 0;
    if (changed || failing_ || first_) server_.site_updated();
    failing_ = false;
    first_ = false;
    if (!args_.quiet)
      std::cerr << (reason.empty() ? "built " : "rebuilt ") << summary.pages << " pages in "
                << seconds_since(started) << " s" << (reason.empty() ? "" : " (" + reason + ")")
                << (changed || reason.empty() ? "" : ", nothing changed") << '\n';
    return true;
  }

 private:
  const ServeArgs& args_;
  fs::path out_dir_;
  std::string base_url_;
  serve::LiveServer& server_;
  bool failing_ = false;
  bool first_ = true;
};

std::string describe(const std::vector<std::string>& paths) {
  if (paths.empty()) return "";
  if (paths.size() == 1) return paths.front() + " changed";
  return paths.front() + " and " + std::to_string(paths.size() - 1) + " more changed";
}

}  // namespace

int run_serve(const ServeArgs& args) {
  if (!fs::is_directory(args.site)) {
    std::cerr << "ttdn: error: site folder '" << args.site << "' does not exist\n";
    return kExitUsage;
  }
  if (!fs::exists(fs::path(args.site) / "site.yaml")) {
    std::cerr << "ttdn: error: no site.yaml in '" << args.site << "'\n";
    return kExitUsage;
  }
  if (!resolve_now(args.now)) {
    std::cerr << "ttdn: error: --now '" << *args.now << "' is not an ISO 8601 date or time\n";
    return kExitUsage;
  }
  if (args.port < 0 || args.port > 65535) {
    std::cerr << "ttdn: error: --port must be between 0 and 65535\n";
    return kExitUsage;
  }

  StopSignals signals;  // before any thread exists
  TempFolder temp;
  if (temp.path().empty()) {
    std::cerr << "ttdn: error: cannot create a temporary folder in "
              << fs::temp_directory_path().string() << '\n';
    return kExitUsage;
  }
  const fs::path out_dir = temp.path() / "public";

  serve::LiveServer server(out_dir);
  std::string error;
  auto port = server.bind(args.bind, args.port, error);
  if (!port) {
    std::cerr << "ttdn: error: " << error << '\n';
    return kExitUsage;
  }
  std::string host = args.bind.find(':') != std::string::npos ? "[" + args.bind + "]" : args.bind;
  std::string base_url = "http://" + host + ":" + std::to_string(*port) + "/";

  Rebuilder rebuild(args, out_dir, base_url, server);
  if (!rebuild.run("")) return kExitUsage;
  server.start();
  std::cout << "serving " << base_url << std::endl;
  if (!args.quiet)
    std::cerr << "files in " << temp.path().string()
              << " (removed on exit); press Ctrl-C to stop\n";

  serve::FileWatcher watcher(args.site, kWatchedTrees, kWatchedFiles);
  if (!watcher.ok())
    std::cerr << "ttdn: warning: " << watcher.error()
              << "; the site is served but not rebuilt on changes\n";

  int status = kExitOk;
  for (;;) {
    if (!watcher.ok()) {
      struct pollfd fds[1] = {{signals.fd(), POLLIN, 0}};
      while (::poll(fds, 1, -1) < 0 && errno == EINTR) {
      }
      break;
    }
    auto change = watcher.wait(signals.fd(), std::chrono::milliseconds(150), std::chrono::hours(1));
    if (change.kind == serve::WatchResult::Kind::interrupted) break;
    if (change.kind != serve::WatchResult::Kind::changed) continue;
    if (!rebuild.run(describe(change.paths))) {
      status = kExitUsage;
      break;
    }
  }

  server.stop();
  if (!args.quiet) std::cerr << "stopped\n";
  return status;
}

}  // namespace ttdn::cli
