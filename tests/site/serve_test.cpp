#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <regex>
#include <thread>

#include "../support.h"

extern char** environ;

using namespace ttdn;
using namespace std::chrono_literals;

namespace {

/// Polls `ready` every 50 ms until it holds or `limit` has passed; returns its last value.
bool eventually(const std::function<bool()>& ready, std::chrono::milliseconds limit = 10s) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!ready()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

/// `ttdn serve` running as a child process, its stdout and stderr collected.
class ServeProcess {
 public:
  explicit ServeProcess(const std::vector<std::string>& args) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<std::string> argv_s = {TTDN_BINARY};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    int rc = ::posix_spawn(&pid_, TTDN_BINARY, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    REQUIRE(rc == 0);
    reader_ = std::thread([this, fd = fds[0]] {
      char buf[4096];
      ssize_t n;
      while ((n = ::read(fd, buf, sizeof buf)) > 0) {
        std::lock_guard lock(mutex_);
        output_.append(buf, static_cast<size_t>(n));
      }
      ::close(fd);
    });
  }
  ~ServeProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (reader_.joinable()) reader_.join();
  }

  std::string output() const {
    std::lock_guard lock(mutex_);
    return output_;
  }

  /// The port of the `serving http://127.0.0.1:PORT/` line, once printed.
  int port() const {
    std::smatch m;
    std::string out = output();
    if (std::regex_search(out, m, std::regex("serving http://127\\.0\\.0\\.1:([0-9]+)/")))
      return std::stoi(m[1]);
    return 0;
  }

  /// Sends `sig` and waits (bounded) for the exit; the exit status, or -1.
  int stop(int sig) {
    ::kill(pid_, sig);
    int status = 0;
    bool exited = eventually([&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; }, 15s);
    if (!exited) return -1;
    pid_ = -1;
    if (reader_.joinable()) reader_.join();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::string output_;
};

/// Collects an event stream on a thread of its own until the server ends it.
class EventStream {
 public:
  explicit EventStream(int port) {
    thread_ = std::thread([this, port] {
      httplib::Client cli("127.0.0.1", port);
      cli.set_read_timeout(60, 0);
      cli.Get("/__ttdn/events", [this](const char* data, size_t n) {
        std::lock_guard lock(mutex_);
        text_.append(data, n);
        return true;
      });
    });
  }
  ~EventStream() {
    if (thread_.joinable()) thread_.join();
  }
  size_t count(const std::string& what) const {
    std::lock_guard lock(mutex_);
    size_t n = 0;
    for (size_t at = text_.find(what); at != std::string::npos; at = text_.find(what, at + 1)) ++n;
    return n;
  }
  void join() { thread_.join(); }

 private:
  std::thread thread_;
  mutable std::mutex mutex_;
  std::string text_;
};

const char* kArticle = "---\ntitle: \"%s\"\ndate: 2026-01-10\ntopics: [%s]\n---\nNội dung bài.\n";

std::string article(const std::string& title, const std::string& topic = "bien-gioi") {
  char buf[512];
  std::snprintf(buf, sizeof buf, kArticle, title.c_str(), topic.c_str());
  return buf;
}

}  // namespace

TEST_CASE("serve builds with drafts, serves, rebuilds on change and stops on SIGINT", "[serve]") {
  testing::FixtureSite s;
  s.write("content/news/a.md", article("Tin A"));
  s.write("content/news/nhap.md",
          "---\ntitle: \"Bản nháp\"\ndate: 2026-01-11\ndraft: true\n---\nChưa xong.\n");

  ServeProcess serve({"serve", "--site", s.site().string(), "--port", "0"});
  REQUIRE(eventually([&] { return serve.port() != 0; }, 120s));
  const int port = serve.port();
  INFO(serve.output());
  httplib::Client cli("127.0.0.1", port);
  cli.set_read_timeout(10, 0);

  {
    auto page = cli.Get("/tin-tuc/a/");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(page->body.find("Tin A") != std::string::npos);
    CHECK(page->body.find("<script src=\"/__ttdn/reload.js\"></script>") != std::string::npos);
    // Canonical links use the address served.
    CHECK(page->body.find("http://127.0.0.1:" + std::to_string(port) + "/tin-tuc/a/") !=
          std::string::npos);

    auto draft = cli.Get("/tin-tuc/nhap/");
    REQUIRE(draft);
    CHECK(draft->status == 200);
    CHECK(draft->body.find("class=\"draft-notice\"") != std::string::npos);

    auto css = cli.Get("/__ttdn/reload.js");
    REQUIRE(css);
    CHECK(css->status == 200);
    CHECK(css->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
    CHECK(css->body.find("EventSource") != std::string::npos);

    auto folder = cli.Get("/tin-tuc");
    REQUIRE(folder);
    CHECK(folder->status == 301);
    CHECK(folder->get_header_value("Location") == "/tin-tuc/");
  }

  EventStream events(port);
  REQUIRE(eventually([&] { return events.count("event: hello") == 1; }));

  // An edit shows up, and open pages are told to reload.
  s.write("content/news/a.md", article("Tin A đã sửa"));
  CHECK(eventually([&] {
    auto r = cli.Get("/tin-tuc/a/");
    return r && r->body.find("Tin A đã sửa") != std::string::npos;
  }));
  CHECK(eventually([&] { return events.count("event: reload") >= 1; }));

  // A build error: the error page lists it, the last good site is still served.
  s.write("content/news/a.md", article("Tin A hỏng", "bien-gioy"));
  CHECK(eventually([&] { return events.count("event: build-error") == 1; }));
  auto error_page = cli.Get("/__ttdn/error");
  REQUIRE(error_page);
  CHECK(error_page->status == 500);
  CHECK(error_page->body.find("unknown topic") != std::string::npos);
  CHECK(error_page->body.find("content/news/a.md") != std::string::npos);
  auto still = cli.Get("/tin-tuc/a/");
  REQUIRE(still);
  CHECK(still->status == 200);
  CHECK(still->body.find("Tin A đã sửa") != std::string::npos);

  // Fixed again; then a page bundle in a new folder, edited after its folder appeared.
  s.write("content/news/a.md", article("Tin A"));
  CHECK(eventually([&] { return events.count("event: reload") >= 2; }));
  CHECK(cli.Get("/__ttdn/error")->status == 200);
  s.write("content/news/goi/index.md", article("Gói mới"));
  CHECK(eventually([&] {
    auto r = cli.Get("/tin-tuc/goi/");
    return r && r->status == 200 && r->body.find("Gói mới") != std::string::npos;
  }));
  s.write("content/news/goi/index.md", article("Gói đã sửa"));
  CHECK(eventually([&] {
    auto r = cli.Get("/tin-tuc/goi/");
    return r && r->body.find("Gói đã sửa") != std::string::npos;
  }));

  std::smatch m;
  std::string out = serve.output();
  REQUIRE(std::regex_search(out, m, std::regex("files in (\\S+) ")));
  const testing::fs::path temp = m[1].str();
  CHECK(testing::fs::exists(temp));
  CHECK_FALSE(testing::fs::exists(s.site() / "public"));  // never the site's own output

  CHECK(serve.stop(SIGINT) == 0);
  events.join();  // the server ended the event stream
  CHECK(serve.output().find("stopped") != std::string::npos);
  CHECK_FALSE(testing::fs::exists(temp));
}

TEST_CASE("serve answers unknown paths with the 404 page and never leaves its folder", "[serve]") {
  testing::FixtureSite s;
  s.write("content/news/a.md", article("Tin A"));
  ServeProcess serve({"serve", "--site", s.site().string(), "--port", "0", "--quiet"});
  REQUIRE(eventually([&] { return serve.port() != 0; }, 120s));
  INFO(serve.output());
  httplib::Client cli("127.0.0.1", serve.port());
  cli.set_read_timeout(10, 0);

  auto missing = cli.Get("/khong-co/trang/");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(missing->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(missing->body.find("<html") != std::string::npos);

  for (const char* path :
       {"/../site.yaml", "/%2e%2e/site.yaml", "/..%2fsite.yaml", "/tin-tuc/../../site.yaml",
        "/..%5csite.yaml", "/%2E%2E/%2E%2E/etc/passwd"}) {
    INFO(path);
    auto r = cli.Get(path);
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(r->body.find("base_url") == std::string::npos);
    CHECK(r->body.find("root:") == std::string::npos);
  }

  auto xml = cli.Get("/sitemap.xml");
  REQUIRE(xml);
  CHECK(xml->get_header_value("Content-Type") == "application/xml; charset=utf-8");

  CHECK(serve.stop(SIGTERM) == 0);
}

TEST_CASE("serve refuses a folder without site.yaml and a port in use", "[serve]") {
  testing::FixtureSite s;
  testing::fs::remove(s.site() / "site.yaml");
  auto r = testing::run_ttdn("serve --port 0 --site '" + s.site().string() + "'");
  CHECK(r.status == 2);
  CHECK(r.out.find("no site.yaml") != std::string::npos);

  testing::FixtureSite ok;
  int sock = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(sock >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(sock, 1) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  int port = ntohs(addr.sin_port);
  auto busy = testing::run_ttdn("serve --port " + std::to_string(port) + " --site '" +
                                ok.site().string() + "'");
  ::close(sock);
  CHECK(busy.status == 2);
  CHECK(busy.out.find("cannot listen on 127.0.0.1:" + std::to_string(port)) != std::string::npos);
}

TEST_CASE("serve with broken sources from the start shows the errors until they are fixed",
          "[serve]") {
  testing::FixtureSite s;
  s.write("content/news/a.md", article("Tin A", "bien-gioy"));
  ServeProcess serve({"serve", "--site", s.site().string(), "--port", "0"});
  REQUIRE(eventually([&] { return serve.port() != 0; }, 120s));
  INFO(serve.output());
  CHECK(serve.output().find("unknown topic 'bien-gioy'") != std::string::npos);
  httplib::Client cli("127.0.0.1", serve.port());
  cli.set_read_timeout(10, 0);
  auto home = cli.Get("/");
  REQUIRE(home);
  CHECK(home->status == 500);
  CHECK(home->body.find("content/news/a.md") != std::string::npos);

  s.write("content/news/a.md", article("Tin A"));
  CHECK(eventually([&] {
    auto r = cli.Get("/tin-tuc/a/");
    return r && r->status == 200 && r->body.find("Tin A") != std::string::npos;
  }));
  CHECK(serve.stop(SIGINT) == 0);
}
