#include "serve/static_files.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

namespace fs = std::filesystem;

namespace ttdn::serve {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// True when `p` is `root` or lies under it (both canonical).
bool is_under(const fs::path& p, const fs::path& root) {
  auto rel = p.lexically_relative(root);
  if (rel.empty()) return false;
  return rel == "." || *rel.begin() != "..";
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    char c = static_cast<char>(hi * 16 + lo);
    if (c == '\0') return std::nullopt;
    out += c;
    i += 2;
  }
  return out;
}

ResolvedPath resolve_request_path(const fs::path& root, std::string_view raw) {
  ResolvedPath r;
  r.kind = ResolvedPath::Kind::rejected;
  if (auto cut = raw.find_first_of("?#"); cut != std::string_view::npos) raw = raw.substr(0, cut);
  if (raw.empty() || raw.front() != '/') return r;
  auto decoded = percent_decode(raw);
  if (!decoded) return r;
  const std::string& path = *decoded;
  for (char c : path)
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return r;

  // Segment by segment: no "." or "..", no empty segments except the trailing one.
  std::vector<std::string> segments;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string seg = path.substr(start, slash - start);
    if (seg == "." || seg == "..") return r;
    if (seg.empty() && slash != path.size()) return r;  // "//" inside the path
    if (!seg.empty()) segments.push_back(seg);
    start = slash + 1;
  }
  bool trailing_slash = path.back() == '/';

  std::error_code ec;
  fs::path canonical_root = fs::canonical(root, ec);
  if (ec) {
    r.kind = ResolvedPath::Kind::not_found;
    return r;
  }
  fs::path target = canonical_root;
  for (const auto& seg : segments) target /= seg;
  fs::path canonical_target = fs::weakly_canonical(target, ec);
  if (ec || !is_under(canonical_target, canonical_root)) return r;

  if (fs::is_directory(canonical_target, ec)) {
    if (!trailing_slash) {
      r.kind = ResolvedPath::Kind::redirect;
      r.location = std::string(raw) + "/";
      return r;
    }
    canonical_target /= "index.html";
  } else if (trailing_slash && segments.size() > 0) {
    r.kind = ResolvedPath::Kind::not_found;  // "/site.css/" names a folder, and there is none
    return r;
  }
  // The file itself may be a link that leads out.
  fs::path final_target = fs::weakly_canonical(canonical_target, ec);
  if (ec || !is_under(final_target, canonical_root)) return r;
  if (!fs::is_regular_file(final_target, ec)) {
    r.kind = ResolvedPath::Kind::not_found;
    return r;
  }
  r.kind = ResolvedPath::Kind::file;
  r.file = final_target;
  return r;
}

std::string content_type_for(const fs::path& file) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".xml", "application/xml; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".md", "text/plain; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      {".svg", "image/svg+xml; charset=utf-8"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".avif", "image/avif"},
      {".ico", "image/x-icon"},
      {".pdf", "application/pdf"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".otf", "font/otf"},
      {".mp4", "video/mp4"},
      {".webm", "video/webm"},
      {".mp3", "audio/mpeg"},
      {".zip", "application/zip"},
      {".webmanifest", "application/manifest+json; charset=utf-8"},
  };
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto it = types.find(ext);
  return it == types.end() ? "application/octet-stream" : it->second;
}

}  // namespace ttdn::serve
