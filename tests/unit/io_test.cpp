#include <catch2/catch.hpp>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "io/files.h"

namespace fs = std::filesystem;
using namespace ttdn;

namespace {

struct TempDir {
  fs::path dir = fs::temp_directory_path() / ("ttdn-io-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(dir); }
  ~TempDir() { fs::remove_all(dir); }
};

void put(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

}  // namespace

TEST_CASE("read_file gives a file's bytes as they are, or says why not", "[io]") {
  TempDir t;
  const std::string bytes = std::string("Cao Bằng\r\n\0高平", 17) + std::string(200000, 'x');
  put(t.dir / "a.md", bytes);
  CHECK(io::read_file(t.dir / "a.md") == bytes);
  put(t.dir / "empty.md", "");
  CHECK(io::read_file(t.dir / "empty.md") == std::string());

  SECTION("a limit: a larger file is not read (EFBIG), one of the limit's size is") {
    errno = 0;
    CHECK_FALSE(io::read_file(t.dir / "a.md", bytes.size() - 1).has_value());
    CHECK(errno == EFBIG);
    CHECK(io::read_file(t.dir / "a.md", bytes.size()) == bytes);
  }
  SECTION("missing files and folders are not read") {
    CHECK_FALSE(io::read_file(t.dir / "none.md").has_value());
    CHECK(errno == ENOENT);
    CHECK_FALSE(io::read_file(t.dir).has_value());
  }
  SECTION("a file whose size the kernel does not give is read to its end") {
    auto status = io::read_file("/proc/self/status");
    REQUIRE(status.has_value());
    CHECK(status->rfind("Name:", 0) == 0);
    CHECK(status->find("\nPid:") != std::string::npos);
  }
}

TEST_CASE("write_file replaces a file whole and creates no folder", "[io]") {
  TempDir t;
  put(t.dir / "index.html", std::string(5000, 'o'));
  CHECK(io::write_file(t.dir / "index.html", "<p>mới</p>") == io::WriteError::none);
  CHECK(io::read_file(t.dir / "index.html") == "<p>mới</p>");

  errno = 0;
  CHECK(io::write_file(t.dir / "tin-tuc" / "index.html", "x") == io::WriteError::open);
  CHECK(errno == ENOENT);
  CHECK_FALSE(fs::exists(t.dir / "tin-tuc"));
}
