#include "io/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace ttdn::io {

std::optional<std::string> read_file(const std::filesystem::path& path, uint64_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  auto fail = [fd](int err) -> std::optional<std::string> {
    ::close(fd);
    errno = err;
    return std::nullopt;
  };
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail(errno);
  if (S_ISDIR(st.st_mode)) return fail(EISDIR);
  const auto size = static_cast<uint64_t>(st.st_size > 0 ? st.st_size : 0);
  if (size > max_bytes) return fail(EFBIG);
  std::string bytes(static_cast<size_t>(size), '\0');
  size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(errno);
    if (n == 0) break;  // shorter than it was
    got += static_cast<size_t>(n);
  }
  bytes.resize(got);
  // A regular file is read at the size fstat gave. Others, whose size the kernel may not
  // know (/proc), are read to their end.
  if (!S_ISREG(st.st_mode) || size == 0) {
    char buf[65536];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return fail(errno);
      if (n == 0) break;
      if (bytes.size() + static_cast<uint64_t>(n) > max_bytes) return fail(EFBIG);
      bytes.append(buf, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  return bytes;
}

WriteError write_file(const std::filesystem::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return WriteError::open;
  for (size_t done = 0; done < bytes.size();) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : ENOSPC;
      ::close(fd);
      errno = err;
      return WriteError::write;
    }
    done += static_cast<size_t>(n);
  }
  // A full disk (or a quota) may only show when the file is closed.
  return ::close(fd) == 0 ? WriteError::none : WriteError::write;
}

}  // namespace ttdn::io
