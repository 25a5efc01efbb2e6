// Serving files of a built site from a folder: turning a request path into a file that is
// certainly inside that folder, and the Content-Type of each kind of file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ttdn::serve {

/// Where a request path leads inside the served folder.
struct ResolvedPath {
  enum class Kind {
    file,       // `file` is a regular file to send
    redirect,   // a folder asked without its trailing '/': redirect to `location`
    not_found,  // nothing there: the 404 page
    rejected,   // the path tries to leave the folder, or is malformed: 400
  };
  Kind kind = Kind::not_found;
  std::filesystem::path file;
  std::string location;
};

/// Resolves a URL path ("/en/news/", "/assets/css/site.1a2b.css") against `root`.
/// `path` is the path as the client sent it (percent-encoded); it is decoded here once.
/// Rejects `..` and `.` segments (also percent-encoded), backslashes, NUL and control
/// bytes; then checks that the canonical target lies under the canonical root, so a
/// symbolic link cannot lead out either. Folders serve their index.html.
ResolvedPath resolve_request_path(const std::filesystem::path& root, std::string_view path);

/// `text/html; charset=utf-8`, `text/css; charset=utf-8`, `image/png`… by file extension;
/// `application/octet-stream` when unknown.
std::string content_type_for(const std::filesystem::path& file);

/// Percent-decodes a URL path; nullopt for a malformed escape or an encoded NUL.
std::optional<std::string> percent_decode(std::string_view s);

}  // namespace ttdn::serve
