// The output of a build, held in memory until it is complete and error-free, then written
// safely: each file replaced atomically, unchanged files left alone, leftovers of the
// previous build removed last.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "diag/diagnostic.h"

namespace ttdn::output {

/// One output file: its bytes, or a file to copy, and the source that produced it.
struct OutputFile {
  std::string bytes;
  std::filesystem::path copy_from;  // set for assets copied as they are
  std::string origin;               // source path, for "two sources, one URL" errors
  bool on_disk = false;  // the bytes were just read from the output folder: nothing to write
};

/// Thread-safe map from output path (relative, '/'-separated) to file.
class OutputSet {
 public:
  /// Adds a file; a second file on the same path is an error naming both origins.
  void add(const std::string& path, std::string bytes, const std::string& origin,
           diag::Diagnostics& diags);
  /// Adds a file whose `bytes` were read from the output folder itself (an incremental
  /// build reusing a page): write_output counts it unchanged without comparing again.
  void add_unchanged(const std::string& path, std::string bytes, const std::string& origin,
                     diag::Diagnostics& diags);
  void add_copy(const std::string& path, const std::filesystem::path& source,
                const std::string& origin, diag::Diagnostics& diags);

  const std::map<std::string, OutputFile>& files() const { return files_; }
  bool contains(const std::string& path) const;
  /// Bytes of a generated (not copied) file, for tests and later stages.
  std::optional<std::string> bytes(const std::string& path) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, OutputFile> files_;
};

struct WriteStats {
  size_t written = 0;    // new or changed
  size_t unchanged = 0;  // same bytes, left alone
  size_t removed = 0;    // left over from the previous build
};

/// Why an output folder may not be used, or nullopt if it may: the site folder, content/,
/// an ancestor of either, the file-system root or the home folder.
std::optional<std::string> unsafe_output_dir(const std::filesystem::path& out,
                                             const std::filesystem::path& site);

/// Writes `set` into `out`. Files listed in the manifest of the previous build and not
/// produced now are removed after every new file is in place. On an I/O failure returns
/// an error message; files already replaced stay replaced (each one is whole).
std::optional<std::string> write_output(const OutputSet& set, const std::filesystem::path& out,
                                        WriteStats& stats);

/// Name of the manifest kept in the output folder.
inline constexpr const char* kManifest = ".ttdn-manifest";

}  // namespace ttdn::output
