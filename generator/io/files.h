// Whole-file reads and writes with as few system calls as the file needs: on this kind of
// machine a system call costs microseconds, and a build reads and writes tens of
// thousands of files (docs/performance.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ttdn::io {

/// The bytes of file `path`: one open, one fstat and, for a regular file, one read of its
/// size (files whose size the kernel does not know, as in /proc, are read to their end).
/// nullopt when it cannot be opened or read, or when it is larger than `max_bytes`; errno
/// then tells which (EFBIG for too large).
std::optional<std::string> read_file(const std::filesystem::path& path,
                                     uint64_t max_bytes = UINT64_MAX);

enum class WriteError { none, open, write };

/// Writes `bytes` to `path`, created or truncated, without creating folders: one open, the
/// writes, one close. `open`: the file could not be created (errno ENOENT: a folder is
/// missing); `write`: it could not be written whole (a full disk, a file-size limit).
[[nodiscard]] WriteError write_file(const std::filesystem::path& path, std::string_view bytes);

}  // namespace ttdn::io
