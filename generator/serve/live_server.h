// The preview server of `ttdn serve`: serves a built site from a folder over HTTP and tells
// open pages, through Server-Sent Events, when the site was rebuilt or the build failed.
//
// Behaviour while the sources have errors: every path still serves the last good build
// (so a page already open stays readable, and curl sees the last good site); open pages
// receive a `build-error` event and move to /__ttdn/error?from=<page>, which lists the
// diagnostics; when a later build succeeds they go back to <page>. Before any build has
// succeeded there is no site to serve, and every page answers with the error page (500).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ttdn::serve {

/// The paths the server keeps for itself; the site's own files never use them.
inline constexpr const char* kReloadScriptPath = "/__ttdn/reload.js";
inline constexpr const char* kEventsPath = "/__ttdn/events";
inline constexpr const char* kErrorPagePath = "/__ttdn/error";

/// An HTTP server of one folder, with live-reload events.
class LiveServer {
 public:
  /// Serves the files under `root` (which may not exist until the first good build).
  explicit LiveServer(std::filesystem::path root);
  ~LiveServer();
  LiveServer(const LiveServer&) = delete;
  LiveServer& operator=(const LiveServer&) = delete;

  /// Binds `address:port` (port 0: any free port). Returns the port, or nullopt with
  /// the reason in `error`.
  std::optional<int> bind(const std::string& address, int port, std::string& error);
  /// Starts answering requests on a thread of its own; returns once it is listening.
  void start();
  /// Ends open event streams, stops listening and joins every thread. Idempotent.
  void stop();

  /// A build succeeded and its files are in place: open pages reload.
  void site_updated();
  /// A build failed with these diagnostics (one formatted line each): open pages show them.
  void build_failed(std::vector<std::string> diagnostics);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// The page listing a failed build's diagnostics (also used by tests).
std::string error_page_html(const std::vector<std::string>& diagnostics);

/// The script pages load in serve mode (served at kReloadScriptPath).
const std::string& reload_script();

}  // namespace ttdn::serve
