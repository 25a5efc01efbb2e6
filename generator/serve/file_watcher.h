// Watching a site's sources for changes with inotify: whole folder trees (new subfolders
// are watched as they appear) and single files, with changes gathered until the sources
// have been quiet for a moment, so one save (or a `git checkout`) gives one rebuild.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ttdn::serve {

/// What a wait on the watcher ended with.
struct WatchResult {
  enum class Kind { changed, interrupted, timeout };
  Kind kind = Kind::timeout;
  std::vector<std::string> paths;  // changed paths, relative to the watched root, sorted
};

/// Recursive inotify watcher of some folders and files under one root folder.
class FileWatcher {
 public:
  /// Watches `root/<tree>` recursively for each of `trees` and `root/<file>` for each of
  /// `files`. Trees or files that do not exist yet are picked up when they are created.
  FileWatcher(std::filesystem::path root, std::vector<std::string> trees,
              std::vector<std::string> files);
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  /// False when inotify could not be set up; `error()` says why.
  bool ok() const { return fd_ >= 0; }
  const std::string& error() const { return error_; }

  /// Blocks until a change, then keeps gathering until nothing happened for `quiet`;
  /// returns early (interrupted) when `wake_fd` becomes readable, and with timeout after
  /// `timeout` without any change. `wake_fd` may be -1.
  WatchResult wait(int wake_fd, std::chrono::milliseconds quiet, std::chrono::milliseconds timeout);

 private:
  void add_tree(const std::filesystem::path& dir);
  /// Reads pending events; adds the changed paths. Returns false on a read error.
  bool drain(std::set<std::string>& changed);
  bool relevant(const std::filesystem::path& rel) const;

  std::filesystem::path root_;
  std::set<std::string> trees_, files_;
  int fd_ = -1;
  int root_wd_ = -1;
  std::map<int, std::filesystem::path> dirs_;  // watch descriptor → folder (absolute)
  std::string error_;
};

}  // namespace ttdn::serve
