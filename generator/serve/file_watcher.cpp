#include "serve/file_watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace fs = std::filesystem;

namespace ttdn::serve {
namespace {

constexpr uint32_t kTreeMask = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                               IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF;

/// Editors' swap and backup files: saving a source produces these too.
bool is_scratch_file(const std::string& name) {
  if (name.empty() || name.front() == '.' || name.back() == '~') return true;
  if (name == "4913") return true;  // vim's probe file
  auto ends_with = [&](const char* suffix) {
    size_t n = std::strlen(suffix);
    return name.size() >= n && name.compare(name.size() - n, n, suffix) == 0;
  };
  return ends_with(".swp") || ends_with(".swx");
}

}  // namespace

FileWatcher::FileWatcher(fs::path root, std::vector<std::string> trees,
                         std::vector<std::string> files)
    : root_(std::move(root)),
      trees_(trees.begin(), trees.end()),
      files_(files.begin(), files.end()) {
  fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) {
    error_ = std::string("inotify: ") + std::strerror(errno);
    return;
  }
  root_wd_ = ::inotify_add_watch(fd_, root_.c_str(), kTreeMask & ~IN_DELETE_SELF);
  if (root_wd_ < 0) {
    error_ = "cannot watch '" + root_.string() + "': " + std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    return;
  }
  std::error_code ec;
  for (const auto& t : trees_)
    if (fs::is_directory(root_ / t, ec)) add_tree(root_ / t);
}

FileWatcher::~FileWatcher() {
  if (fd_ >= 0) ::close(fd_);
}

void FileWatcher::add_tree(const fs::path& dir) {
  int wd = ::inotify_add_watch(fd_, dir.c_str(), kTreeMask | IN_ONLYDIR);
  if (wd < 0) return;  // vanished meanwhile, or the watch limit: nothing better to do
  dirs_[wd] = dir;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory(ec) && !it->is_symlink(ec)) add_tree(it->path());
}

bool FileWatcher::relevant(const fs::path& rel) const {
  if (rel.empty()) return false;
  std::string first = rel.begin()->string();
  if (trees_.count(first)) return !is_scratch_file(rel.filename().string());
  return files_.count(rel.generic_string()) > 0;
}

bool FileWatcher::drain(std::set<std::string>& changed) {
  alignas(struct inotify_event) char buf[16384];
  for (;;) {
    ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n < 0) return errno == EAGAIN || errno == EINTR;
    if (n == 0) return true;
    for (char* p = buf; p < buf + n;) {
      auto* ev = reinterpret_cast<struct inotify_event*>(p);
      p += sizeof(struct inotify_event) + ev->len;
      if (ev->mask & IN_Q_OVERFLOW) {
        changed.insert("*");
        continue;
      }
      if (ev->mask & IN_IGNORED) {
        dirs_.erase(ev->wd);
        continue;
      }
      std::string name = ev->len ? std::string(ev->name) : std::string();
      fs::path dir = ev->wd == root_wd_ ? root_ : fs::path();
      if (ev->wd != root_wd_) {
        auto it = dirs_.find(ev->wd);
        if (it == dirs_.end()) continue;
        dir = it->second;
      }
      fs::path full = name.empty() ? dir : dir / name;
      fs::path rel = full.lexically_relative(root_);
      if (!relevant(rel)) continue;
      if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) add_tree(full);
      changed.insert(rel.generic_string());
    }
  }
}

WatchResult FileWatcher::wait(int wake_fd, std::chrono::milliseconds quiet,
                              std::chrono::milliseconds timeout) {
  WatchResult result;
  std::set<std::string> changed;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::chrono::milliseconds left;
    if (changed.empty()) {
      left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return result;  // timeout
    } else {
      left = quiet;
    }
    struct pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_fd, POLLIN, 0}};
    int ready = ::poll(fds, wake_fd >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (ready < 0) {
      if (errno == EINTR) continue;
      result.kind = WatchResult::Kind::interrupted;
      return result;
    }
    if (wake_fd >= 0 && (fds[1].revents & POLLIN)) {
      result.kind = WatchResult::Kind::interrupted;
      return result;
    }
    if (ready == 0) {
      if (changed.empty()) continue;  // re-check the deadline
      result.kind = WatchResult::Kind::changed;
      result.paths.assign(changed.begin(), changed.end());
      return result;
    }
    if (fds[0].revents & POLLIN) drain(changed);
  }
}

}  // namespace ttdn::serve
