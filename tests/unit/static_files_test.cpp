#include "serve/static_files.h"

#include <unistd.h>

#include <catch2/catch.hpp>

#include "../support.h"

using namespace ttdn;
using Kind = serve::ResolvedPath::Kind;

namespace {

/// root/public holds the site; root/secret.txt lies beside it and must stay unreachable.
struct ServedFolder {
  ServedFolder() {
    std::string tmpl = (testing::fs::temp_directory_path() / "ttdn-static-XXXXXX").string();
    root = ::mkdtemp(tmpl.data());
    testing::write_file(root / "public/index.html", "home");
    testing::write_file(root / "public/en/news/index.html", "news");
    testing::write_file(root / "public/assets/site.css", "body{}");
    testing::write_file(root / "secret.txt", "secret");
    testing::fs::create_directory_symlink(root, root / "public/escape");
  }
  ~ServedFolder() {
    std::error_code ec;
    testing::fs::remove_all(root, ec);
  }
  serve::ResolvedPath get(std::string_view path) const {
    return serve::resolve_request_path(root / "public", path);
  }
  testing::fs::path root;
};

}  // namespace

TEST_CASE("request paths resolve to files inside the served folder", "[serve]") {
  ServedFolder f;
  auto home = f.get("/");
  REQUIRE(home.kind == Kind::file);
  CHECK(testing::read_file(home.file) == "home");
  auto news = f.get("/en/news/?page=2");
  REQUIRE(news.kind == Kind::file);
  CHECK(testing::read_file(news.file) == "news");
  CHECK(f.get("/assets/site.css").kind == Kind::file);
  CHECK(f.get("/%61ssets/site.css").kind == Kind::file);  // %61 = a

  auto folder = f.get("/en/news");
  CHECK(folder.kind == Kind::redirect);
  CHECK(folder.location == "/en/news/");
  CHECK(f.get("/en/missing/").kind == Kind::not_found);
  CHECK(f.get("/assets/site.css/").kind == Kind::not_found);
}

TEST_CASE("no request path leaves the served folder", "[serve]") {
  ServedFolder f;
  for (const char* path :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/en/../../secret.txt",
        "/..%2fsecret.txt", "/..%5csecret.txt", "/..\\secret.txt", "/./index.html",
        "/escape/secret.txt", "//etc/passwd", "/%00", "/%zz", "relative", ""}) {
    INFO(path);
    auto r = f.get(path);
    CHECK(r.kind != Kind::file);
    CHECK(r.kind != Kind::redirect);
  }
}

TEST_CASE("content types carry charset=utf-8 for text", "[serve]") {
  CHECK(serve::content_type_for("a/index.html") == "text/html; charset=utf-8");
  CHECK(serve::content_type_for("site.1a2b.css") == "text/css; charset=utf-8");
  CHECK(serve::content_type_for("site.js") == "text/javascript; charset=utf-8");
  CHECK(serve::content_type_for("feed.xml") == "application/xml; charset=utf-8");
  CHECK(serve::content_type_for("search.json") == "application/json; charset=utf-8");
  CHECK(serve::content_type_for("photo.JPG") == "image/jpeg");
  CHECK(serve::content_type_for("file.unknown") == "application/octet-stream");
}
