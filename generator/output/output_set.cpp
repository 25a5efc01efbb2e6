#include "output/output_set.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>
#include <unordered_set>
#include <system_error>
#include <vector>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/files.h"
#include "output/image_metadata.h"
#include "site/parallel.h"

namespace fs = std::filesystem;

namespace ttdn::output {
namespace {

bool same_bytes(const fs::path& p, const std::string& bytes) {
  auto existing = io::read_file(p, bytes.size());  // a larger file is not read
  return existing && *existing == bytes;
}

std::string read_all(const fs::path& p) { return io::read_file(p).value_or(std::string()); }

/// Temporary name beside `target`, renamed over it once every file is staged.
fs::path staging_name(const fs::path& target) {
  fs::path tmp = target;
  tmp += ".ttdn-tmp-" + std::to_string(::getpid());
  return tmp;
}

/// Folders of the output known to exist while it is written (made, or found), so that
/// the many files of one folder ask the file system once.
using KnownFolders = std::unordered_set<std::string>;

/// Creates the folders above `path` that are missing, recording each one it creates in
/// `created` (deepest last) so that a failed write can take them away again. Each folder is
/// made, not looked at first: from the deepest up to the first one that exists, then down.
std::optional<std::string> make_parents(const fs::path& path, std::vector<fs::path>& created,
                                        KnownFolders* known = nullptr) {
  const fs::path parent = path.parent_path();
  if (parent.empty() || (known && known->count(parent.native()))) return std::nullopt;
  auto failed = [](const fs::path& dir, int err) {
    return "cannot create " + dir.string() + ": " + std::strerror(err);
  };
  std::vector<fs::path> missing;
  for (fs::path dir = parent;; dir = dir.parent_path()) {
    if (::mkdir(dir.c_str(), 0755) == 0) {
      created.push_back(dir);
      break;
    }
    if (errno == EEXIST) {
      std::error_code ec;
      if (!fs::is_directory(dir, ec)) return "cannot create " + dir.string() + ": a file is in the way";
      break;
    }
    const int err = errno;
    if (err != ENOENT || !dir.has_relative_path() || dir.parent_path() == dir) return failed(dir, err);
    missing.push_back(dir);
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0755) == 0)
      created.push_back(*it);
    else if (errno != EEXIST)  // made by another thread meanwhile
      return failed(*it, errno);
  }
  if (known) known->insert(parent.native());
  return std::nullopt;
}

std::optional<std::string> write_file(const fs::path& path, const std::string& bytes,
                                      std::vector<fs::path>& created,
                                      KnownFolders* known = nullptr) {
  // Opened first: its folder is there for all but the first file of each folder, and
  // asking the file system about the folders each time costs more than the write.
  io::WriteError err = io::write_file(path, bytes);
  if (err == io::WriteError::open && (errno == ENOENT || errno == ENOTDIR)) {
    if (auto folder_err = make_parents(path, created, known)) return folder_err;
    err = io::write_file(path, bytes);
  }
  if (err == io::WriteError::open) return "cannot write " + path.string();
  if (err == io::WriteError::write)
    return "cannot write " + path.string() + " (disk full or file too large?)";
  return std::nullopt;
}

/// The bytes to publish for `file`: generated, or read from its source; published JPEG, PNG
/// and WebP files lose their metadata (SPEC §10: no location).
std::optional<std::string> publish_bytes(const std::string& path, const OutputFile& file,
                                         std::string& err) {
  if (file.copy_from.empty()) return file.bytes;
  auto bytes = io::read_file(file.copy_from);
  if (!bytes) {
    err = "cannot read " + file.copy_from.string();
    return std::nullopt;
  }
  return strip_image_metadata(path, std::move(*bytes));
}

}  // namespace

OutputSet::~OutputSet() {
  if (spill_dir_.empty()) return;
  std::error_code ec;
  fs::remove_all(spill_dir_, ec);
}

void OutputSet::spill_to(const fs::path& spill_dir, const fs::path& out_dir, size_t min_size) {
  std::error_code ec;
  fs::remove_all(spill_dir, ec);
  if (!fs::create_directories(spill_dir, ec)) return;  // cannot spill: everything stays in memory
  spill_dir_ = spill_dir;
  out_dir_ = out_dir;
  spill_min_ = min_size;
  // A first build: the files wait in the layout of the output, which is then one rename.
  if (!fs::exists(out_dir, ec) && !ec) tree_ = spill_dir / "tree";
}

fs::path OutputSet::spill_dir_for(const fs::path& out) {
  fs::path abs = fs::absolute(out).lexically_normal();
  if (!abs.has_filename()) abs = abs.parent_path();
  const std::string prefix = "." + abs.filename().string() + ".ttdn-spill-";
  remove_left_by_dead_processes(abs.parent_path(), prefix);
  return abs.parent_path() / (prefix + std::to_string(::getpid()));
}

void remove_left_by_dead_processes(const fs::path& dir, const std::string& prefix) {
  std::error_code ec;
  std::vector<fs::path> gone;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string pid = name.substr(prefix.size());
    if (pid.empty() || pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    if (::kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH) gone.push_back(it->path());
  }
  for (const auto& p : gone) fs::remove_all(p, ec);
}

void OutputSet::add(const std::string& path, std::string bytes, const std::string& origin,
                    diag::Diagnostics& diags) {
  if (!tree_.empty()) {
    // Every file, small ones too: each is written where it will stay, on the thread that
    // made it. The path is claimed first, so that a duplicate never overwrites the first
    // file's bytes.
    {
      std::lock_guard lock(mutex_);
      auto [it, inserted] = files_.try_emplace(path, OutputFile{{}, {}, origin});
      if (!inserted) {
        diags.error(origin, 0, 0, "duplicate-url",
                    "'" + origin + "' and '" + it->second.origin + "' both publish /" + path);
        return;
      }
    }
    const fs::path file = tree_ / fs::path(path);
    std::vector<fs::path> created;
    const bool written = !write_file(file, bytes, created);
    std::lock_guard lock(mutex_);
    OutputFile& f = files_.at(path);
    if (written) {
      f.copy_from = file;
      f.spilled = true;
    } else {  // not written (a full disk?): kept in memory, as below
      f.bytes = std::move(bytes);
    }
    return;
  }
  if (!spill_dir_.empty() && bytes.size() >= spill_min_) {
    fs::path file = spill_dir_ / std::to_string(spilled_++);
    std::vector<fs::path> created;
    if (!write_file(file, bytes, created)) {
      OutputFile spilled{{}, file, origin};
      spilled.spilled = true;
      std::lock_guard lock(mutex_);
      auto [it, inserted] = files_.try_emplace(path, std::move(spilled));
      if (!inserted) {
        std::error_code ec;
        fs::remove(file, ec);
        diags.error(origin, 0, 0, "duplicate-url",
                    "'" + origin + "' and '" + it->second.origin + "' both publish /" + path);
      }
      return;
    }
    // Not written (a full disk?): kept in memory; writing the output will say what is wrong.
  }
  std::lock_guard lock(mutex_);
  auto [it, inserted] = files_.try_emplace(path, OutputFile{std::move(bytes), {}, origin});
  if (!inserted)
    diags.error(origin, 0, 0, "duplicate-url",
                "'" + origin + "' and '" + it->second.origin + "' both publish /" + path);
}

void OutputSet::add_unchanged(const std::string& path, std::string bytes,
                              const std::string& origin, diag::Diagnostics& diags) {
  OutputFile file{std::move(bytes), {}, origin, true};
  if (!spill_dir_.empty()) {  // the file is there already: only its name is kept
    file.bytes = std::string();
    file.copy_from = out_dir_ / fs::path(path);
  }
  std::lock_guard lock(mutex_);
  auto [it, inserted] = files_.try_emplace(path, std::move(file));
  if (!inserted)
    diags.error(origin, 0, 0, "duplicate-url",
                "'" + origin + "' and '" + it->second.origin + "' both publish /" + path);
}

void OutputSet::add_copy(const std::string& path, const fs::path& source,
                         const std::string& origin, diag::Diagnostics& diags) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = files_.try_emplace(path, OutputFile{{}, source, origin});
  if (!inserted && it->second.copy_from != source)
    diags.error(origin, 0, 0, "duplicate-url",
                "'" + origin + "' and '" + it->second.origin + "' both publish /" + path);
}

bool OutputSet::contains(const std::string& path) const {
  std::lock_guard lock(mutex_);
  return files_.count(path) > 0;
}

std::optional<std::string> OutputSet::bytes(const std::string& path) const {
  fs::path kept_in;
  {
    std::lock_guard lock(mutex_);
    auto it = files_.find(path);
    if (it == files_.end()) return std::nullopt;
    const OutputFile& f = it->second;
    if (f.copy_from.empty()) return f.bytes;
    if (!f.spilled && !f.on_disk) return std::nullopt;  // an asset copied as it is
    kept_in = f.copy_from;
  }
  return read_all(kept_in);
}

std::optional<std::string> unsafe_output_dir(const fs::path& out, const fs::path& site) {
  std::error_code ec;
  fs::path o = fs::weakly_canonical(fs::absolute(out, ec), ec);
  fs::path s = fs::weakly_canonical(fs::absolute(site, ec), ec);
  auto is_ancestor_or_same = [](const fs::path& a, const fs::path& b) {
    auto rel = b.lexically_relative(a);
    return !rel.empty() && (rel == "." || *rel.begin() != "..");
  };
  if (o == o.root_path()) return "the output folder is the file-system root";
  if (const char* home = std::getenv("HOME")) {
    fs::path h = fs::weakly_canonical(home, ec);
    if (!h.empty() && o == h) return "the output folder is the home folder";
  }
  if (is_ancestor_or_same(o, s)) return "the output folder is the site folder or contains it";
  if (is_ancestor_or_same(o, s / "content"))
    return "the output folder is content/ or contains it";
  if (is_ancestor_or_same(s / "content", o)) return "the output folder is inside content/";
  for (const char* source_dir : {"templates", "assets", "i18n"})
    if (is_ancestor_or_same(s / source_dir, o))
      return std::string("the output folder is inside ") + source_dir + "/";
  return std::nullopt;
}

namespace {

/// What one writer thread did to the output folder: enough to take it back.
struct Placement {
  std::string manifest;           // its files' lines, in path order
  std::vector<fs::path> staged;   // changed files, waiting under their staging names
  std::vector<fs::path> placed;   // new files already under their own name
  std::vector<fs::path> created;  // folders made for new files
  KnownFolders known;
  size_t unchanged = 0;
  std::optional<std::string> error;
};

/// Puts one file of the set in place under `out` (new: under its name; changed: staged).
/// An error is returned, and everything recorded in `pl` is still to be undone.
std::optional<std::string> place(const std::string& path, const OutputFile& file,
                                 const fs::path& out, Placement& pl) {
  std::error_code ec;
  fs::path target = out / fs::path(path);
  if (file.on_disk && fs::is_regular_file(target, ec)) {  // read from there this build
    pl.manifest += path + '\n';
    ++pl.unchanged;
    return std::nullopt;
  }
  // What is published under the name now: nothing (the usual case in a first build), or
  // a file whose size tells whether its bytes need comparing.
  struct ::stat st{};
  const bool exists = ::lstat(target.c_str(), &st) == 0;
  const auto published_size = static_cast<uint64_t>(st.st_size);
  const fs::path to = exists ? staging_name(target) : target;
  if (file.spilled) {  // generated, waiting in the spill folder: renamed into place
    const auto size = fs::file_size(file.copy_from, ec);
    if (ec) return "cannot read " + file.copy_from.string();
    pl.manifest += path + '\n';
    // Read back only to compare with a published file of the same size.
    if (exists && published_size == size) {
      std::string bytes = read_all(file.copy_from);
      if (bytes.size() != size) return "cannot read " + file.copy_from.string();
      if (same_bytes(target, bytes)) {
        ++pl.unchanged;
        return std::nullopt;
      }
    }
    // Recorded first, so that a failure half-way is undone too.
    (exists ? pl.staged : pl.placed).push_back(target);
    if (auto err = make_parents(to, pl.created, &pl.known)) return err;
    fs::rename(file.copy_from, to, ec);
    if (!ec) return std::nullopt;
    // Another file system after all: written again.
    std::string bytes = read_all(file.copy_from);
    if (bytes.size() != size) return "cannot read " + file.copy_from.string();
    return write_file(to, bytes, pl.created, &pl.known);
  }
  std::string read_error;
  auto bytes = publish_bytes(path, file, read_error);
  if (!bytes) return read_error;
  pl.manifest += path + '\n';
  if (exists && published_size == bytes->size() && same_bytes(target, *bytes)) {
    ++pl.unchanged;
    return std::nullopt;
  }
  (exists ? pl.staged : pl.placed).push_back(target);
  return write_file(to, *bytes, pl.created, &pl.known);
}

/// A first build's output (set.tree() set, `out` still absent): the rest of the files and
/// the manifest are added to the tree, which is renamed to `out`. `done` stays false when
/// `out` exists by now or the rename fails: the files are then written one by one.
std::optional<std::string> write_tree(const OutputSet& set, const fs::path& out,
                                      WriteStats& stats, bool& done) {
  done = false;
  const fs::path& tree = set.tree();
  std::error_code ec;
  if (tree.empty() || fs::exists(out, ec) || ec) return std::nullopt;
  std::string manifest;
  std::vector<fs::path> created;  // inside the tree, which goes with the set
  KnownFolders known;
  // An error names the file as it would be in the output folder, not in the tree.
  auto in_out = [&](std::string err) {
    const std::string from = tree.string(), to = out.string();
    for (size_t at = 0; (at = err.find(from, at)) != std::string::npos; at += to.size())
      err.replace(at, from.size(), to);
    return err;
  };
  for (const auto& [path, file] : set.files()) {
    manifest += path + '\n';
    const fs::path target = tree / fs::path(path);
    if (file.spilled && file.copy_from == target) continue;  // waiting in its place
    std::string read_error;
    auto bytes = publish_bytes(path, file, read_error);
    if (!bytes) return read_error;
    if (auto err = write_file(target, *bytes, created, &known)) return in_out(*err);
  }
  if (auto err = write_file(tree / kManifest, manifest, created)) return in_out(*err);
  if (!out.parent_path().empty()) fs::create_directories(out.parent_path(), ec);
  fs::rename(tree, out, ec);
  if (ec) return std::nullopt;
  stats.written += set.files().size();
  done = true;
  return std::nullopt;
}

}  // namespace

std::optional<std::string> write_output(const OutputSet& set, const fs::path& out,
                                        WriteStats& stats, unsigned jobs) {
  bool done = false;
  if (auto err = write_tree(set, out, stats, done)) return err;
  if (done) return std::nullopt;
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) return "cannot create the output folder " + out.string() + ": " + ec.message();

  // What the previous build wrote, in path order (as its manifest lists it, unless edited).
  std::vector<std::string> previous;
  {
    const std::string manifest = read_all(out / kManifest);
    for (size_t at = 0; at < manifest.size();) {
      size_t end = manifest.find('\n', at);
      if (end == std::string::npos) end = manifest.size();
      if (end > at) previous.emplace_back(manifest, at, end - at);
      at = end + 1;
    }
    if (!std::is_sorted(previous.begin(), previous.end()))
      std::sort(previous.begin(), previous.end());
  }
  // Every new file goes to its name and every changed file is staged under a temporary
  // name first: if the disk fills up or a folder is unwritable, what was placed or staged
  // is removed and the output is as it was. The files are shared out in path order among
  // `jobs` threads (the work is mostly the file system's: creating and renaming).
  std::vector<const std::pair<const std::string, OutputFile>*> files;
  files.reserve(set.files().size());
  for (const auto& entry : set.files()) files.push_back(&entry);
  jobs = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(files.size() / 256 + 1)));
  std::vector<Placement> parts(jobs);
  std::atomic<bool> failed{false};
  site::parallel_for(jobs, jobs, [&](size_t t) {
    Placement& pl = parts[t];
    const size_t begin = files.size() * t / jobs, end = files.size() * (t + 1) / jobs;
    for (size_t i = begin; i < end && !failed; ++i) {
      pl.error = place(files[i]->first, files[i]->second, out, pl);
      if (pl.error) {
        failed = true;
        return;
      }
    }
  });
  std::string manifest;
  std::vector<fs::path> staged, placed, created;
  for (auto& pl : parts) {
    manifest += pl.manifest;
    staged.insert(staged.end(), pl.staged.begin(), pl.staged.end());
    placed.insert(placed.end(), pl.placed.begin(), pl.placed.end());
    created.insert(created.end(), pl.created.begin(), pl.created.end());
    stats.unchanged += pl.unchanged;
  }
  // Deepest folders first, whichever thread made them.
  std::sort(created.begin(), created.end(), [](const fs::path& a, const fs::path& b) {
    return a.native().size() > b.native().size();
  });
  auto unstage = [&] {
    for (const auto& t : staged) fs::remove(staging_name(t), ec);
    for (const auto& t : placed) fs::remove(t, ec);
    for (const auto& dir : created) fs::remove(dir, ec);
  };
  for (const auto& pl : parts)
    if (pl.error) {
      unstage();
      return pl.error;
    }
  fs::path manifest_path = out / kManifest;
  bool manifest_changed = !same_bytes(manifest_path, manifest);
  if (manifest_changed) {
    if (auto err = write_file(staging_name(manifest_path), manifest, created)) {
      unstage();
      fs::remove(staging_name(manifest_path), ec);
      return err;
    }
  }
  // Renames within one file system: each file is replaced whole.
  for (const auto& target : staged) {
    fs::rename(staging_name(target), target, ec);
    if (ec) {
      unstage();
      return "cannot replace " + target.string() + ": " + ec.message();
    }
    ++stats.written;
  }
  stats.written += placed.size();
  // Only once everything new is in place: remove what the previous build wrote and this
  // one did not. Files the generator never wrote are never touched.
  auto kept = set.files().begin();  // the set's files are in path order too
  for (const auto& path : previous) {
    while (kept != set.files().end() && kept->first < path) ++kept;
    if (kept != set.files().end() && kept->first == path) continue;
    if (path.find("..") != std::string::npos || path.empty() || path[0] == '/') continue;
    fs::path target = out / fs::path(path);
    if (fs::remove(target, ec)) ++stats.removed;
    // Remove folders the removal emptied, up to the output folder.
    for (fs::path dir = target.parent_path(); dir != out && fs::is_empty(dir, ec) && !ec;
         dir = dir.parent_path())
      fs::remove(dir, ec);
  }
  if (manifest_changed) fs::rename(staging_name(manifest_path), manifest_path, ec);
  return std::nullopt;
}

}  // namespace ttdn::output
