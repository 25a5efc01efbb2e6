#include "serve/live_server.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include "io/files.h"
#include "serve/static_files.h"
#include "text/escape.h"

namespace fs = std::filesystem;

namespace ttdn::serve {
namespace {

/// How often an idle event stream sends a comment, so a closed tab is noticed.
constexpr auto kHeartbeat = std::chrono::seconds(15);
/// Enough workers for a dozen open tabs (each holds one for its event stream) and the
/// requests of a page load.
constexpr size_t kWorkers = 24;

void no_cache(httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
}

}  // namespace

const std::string& reload_script() {
  // Events: `hello` on connect ({state, build}), `reload` after a good build,
  // `build-error` after a failed one. The error page returns to `from` when fixed.
  static const std::string js =
      R"JS(// ttdn serve: reloads this page when the site is rebuilt; shows build errors.
(function () {
  "use strict";
  var ERROR_PATH = "/__ttdn/error";
  var onErrorPage = location.pathname === ERROR_PATH;
  var seenBuild = null;
  function back() {
    var from = new URLSearchParams(location.search).get("from");
    var safe = from && from.charAt(0) === "/" && from.charAt(1) !== "/" && from.charAt(1) !== "\\";
    location.replace(safe ? from : "/");
  }
  function showErrors() {
    if (onErrorPage) { location.reload(); return; }
    location.assign(ERROR_PATH + "?from=" +
      encodeURIComponent(location.pathname + location.search + location.hash));
  }
  var source = new EventSource("/__ttdn/events");
  source.addEventListener("hello", function (e) {
    var info = JSON.parse(e.data);
    if (info.state === "error") { if (!onErrorPage) showErrors(); return; }
    if (onErrorPage) { back(); return; }
    // A new server process (or a rebuild while disconnected): fetch the new page.
    if (seenBuild !== null && seenBuild !== info.build) location.reload();
    seenBuild = info.build;
  });
  source.addEventListener("reload", function () {
    if (onErrorPage) back(); else location.reload();
  });
  source.addEventListener("build-error", showErrors);
})();
)JS";
  return js;
}

std::string error_page_html(const std::vector<std::string>& diagnostics) {
  std::string items;
  for (const auto& d : diagnostics) {
    std::string cls = d.find(": error: ") != std::string::npos     ? "error"
                      : d.find(": warning: ") != std::string::npos ? "warning"
                                                                   : "info";
    items += "<li class=\"" + cls + "\"><code>" + text::escape_html(d) + "</code></li>\n";
  }
  return R"HTML(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed – ttdn serve</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #fff5f5; color: #222; }
main { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { color: #a40000; }
ul { list-style: none; padding: 0; }
li { padding: .5rem .75rem; margin: .25rem 0; background: #fff; border-left: 4px solid #999; white-space: pre-wrap; overflow-wrap: anywhere; }
li.error { border-color: #c00; } li.warning { border-color: #d80; }
</style>
</head>
<body>
<main>
<h1>The site could not be built</h1>
<p>Fix the sources below and save: this page goes back to where you were by itself.
Until then the last good build is still served.</p>
<ul>
)HTML" + items +
         R"HTML(</ul>
</main>
<script src="/__ttdn/reload.js"></script>
</body>
</html>
)HTML";
}

struct LiveServer::State {
  fs::path root;
  httplib::Server server;
  std::thread thread;
  bool started = false;

  std::mutex mutex;
  std::condition_variable changed;
  uint64_t generation = 0;  // builds so far (good or failed)
  bool failed = false;      // the latest build failed
  bool has_site = false;    // some build succeeded
  bool stopping = false;
  std::vector<std::string> diagnostics;
  std::string instance;  // tells one server process from the next

  std::string hello_event() {
    // Called with `mutex` held.
    std::string build = instance + "-" + std::to_string(generation);
    return "retry: 1000\nevent: hello\ndata: {\"state\":\"" + std::string(failed ? "error" : "ok") +
           "\",\"build\":\"" + build + "\"}\n\n";
  }

  void send_error_page(httplib::Response& res) {
    std::vector<std::string> lines;
    bool failing;
    {
      std::lock_guard lock(mutex);
      lines = diagnostics;
      failing = failed;
    }
    if (!failing) lines.clear();
    res.status = failing ? 500 : 200;
    no_cache(res);
    if (!failing) {
      res.set_content(R"HTML(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>No build errors – ttdn serve</title></head>
<body><main><h1>No build errors</h1><p><a href="/">Back to the site</a></p></main>
<script src="/__ttdn/reload.js"></script></body></html>
)HTML",
                      "text/html; charset=utf-8");
      return;
    }
    res.set_content(error_page_html(lines), "text/html; charset=utf-8");
  }

  void send_not_found(httplib::Response& res) {
    res.status = 404;
    no_cache(res);
    if (auto page = io::read_file(root / "404.html")) {
      res.set_content(*page, "text/html; charset=utf-8");
    } else {
      res.set_content("404 not found\n", "text/plain; charset=utf-8");
    }
  }

  void serve_file(const httplib::Request& req, httplib::Response& res) {
    bool site_ready;
    {
      std::lock_guard lock(mutex);
      site_ready = has_site;
    }
    if (!site_ready) {
      send_error_page(res);
      return;
    }
    ResolvedPath r = resolve_request_path(root, req.target);
    switch (r.kind) {
      case ResolvedPath::Kind::rejected:
        res.status = 400;
        no_cache(res);
        res.set_content("400 bad request: the path is not inside the site\n",
                        "text/plain; charset=utf-8");
        return;
      case ResolvedPath::Kind::redirect:
        no_cache(res);
        res.set_redirect(r.location, 301);
        return;
      case ResolvedPath::Kind::not_found:
        send_not_found(res);
        return;
      case ResolvedPath::Kind::file:
        break;
    }
    auto bytes = io::read_file(r.file);
    if (!bytes) {  // replaced between the check and the read: as good as missing
      send_not_found(res);
      return;
    }
    no_cache(res);
    res.set_content(std::move(*bytes), content_type_for(r.file));
  }

  void serve_events(httplib::Response& res) {
    no_cache(res);
    auto seen = std::make_shared<uint64_t>(0);
    auto greeted = std::make_shared<bool>(false);
    res.set_chunked_content_provider(
        "text/event-stream", [this, seen, greeted](size_t, httplib::DataSink& sink) {
          std::unique_lock lock(mutex);
          if (!*greeted) {
            *greeted = true;
            *seen = generation;
            std::string hello = hello_event();
            lock.unlock();
            return sink.write(hello.data(), hello.size());
          }
          bool news =
              changed.wait_for(lock, kHeartbeat, [&] { return stopping || generation != *seen; });
          if (stopping) {
            lock.unlock();
            sink.done();
            return true;
          }
          std::string message;
          if (news) {
            *seen = generation;
            message = std::string("event: ") + (failed ? "build-error" : "reload") +
                      "\ndata: " + std::to_string(generation) + "\n\n";
          } else {
            message = ": still here\n\n";
          }
          lock.unlock();
          return sink.write(message.data(), message.size());
        });
  }
};

LiveServer::LiveServer(fs::path root) : state_(std::make_unique<State>()) {
  state_->root = std::move(root);
  std::random_device rd;
  state_->instance = std::to_string(rd() % 1000000u);
  State* s = state_.get();
  s->server.new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
  // An idle kept-alive connection holds its worker until this runs out, stop() included.
  s->server.set_keep_alive_timeout(1);
  s->server.Get(kReloadScriptPath, [](const httplib::Request&, httplib::Response& res) {
    no_cache(res);
    res.set_content(reload_script(), "text/javascript; charset=utf-8");
  });
  s->server.Get(kEventsPath,
                [s](const httplib::Request&, httplib::Response& res) { s->serve_events(res); });
  s->server.Get(kErrorPagePath,
                [s](const httplib::Request&, httplib::Response& res) { s->send_error_page(res); });
  s->server.Get(
      ".*", [s](const httplib::Request& req, httplib::Response& res) { s->serve_file(req, res); });
}

LiveServer::~LiveServer() { stop(); }

std::optional<int> LiveServer::bind(const std::string& address, int port, std::string& error) {
  if (port == 0) {
    int p = state_->server.bind_to_any_port(address);
    if (p <= 0) {
      error = "cannot listen on " + address + " (no free port, or not an address of this machine)";
      return std::nullopt;
    }
    return p;
  }
  if (!state_->server.bind_to_port(address, port)) {
    error = "cannot listen on " + address + ":" + std::to_string(port) +
            " (in use? try --port 0 for any free port)";
    return std::nullopt;
  }
  return port;
}

void LiveServer::start() {
  State* s = state_.get();
  s->thread = std::thread([s] { s->server.listen_after_bind(); });
  s->started = true;
  // Debian's cpp-httplib 0.11 has no wait_until_ready().
  for (int i = 0; i < 500 && !s->server.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

void LiveServer::stop() {
  State* s = state_.get();
  {
    std::lock_guard lock(s->mutex);
    s->stopping = true;
  }
  s->changed.notify_all();
  if (s->started) {
    s->server.stop();
    if (s->thread.joinable()) s->thread.join();
    s->started = false;
  }
}

void LiveServer::site_updated() {
  {
    std::lock_guard lock(state_->mutex);
    ++state_->generation;
    state_->failed = false;
    state_->has_site = true;
    state_->diagnostics.clear();
  }
  state_->changed.notify_all();
}

void LiveServer::build_failed(std::vector<std::string> diagnostics) {
  {
    std::lock_guard lock(state_->mutex);
    ++state_->generation;
    state_->failed = true;
    state_->diagnostics = std::move(diagnostics);
  }
  state_->changed.notify_all();
}

}  // namespace ttdn::serve
