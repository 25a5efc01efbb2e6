// Every source image of a build, processed once (or read from the cache) before pages are
// rendered, so that page views can give each image its sizes and variants.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "images/cache.h"
#include "images/processor.h"

namespace ttdn::images {

/// What became of one source file.
struct Result {
  std::optional<std::string> error;  // missing, unreadable or not a decodable image
  Entry entry;
};

class ImageSet {
 public:
  ImageSet(Settings settings, std::filesystem::path cache_dir)
      : settings_(std::move(settings)), cache_(std::move(cache_dir)) {}

  /// Adds a source file (a JPEG, PNG or WebP by its name); the same file twice is one.
  void add(const std::filesystem::path& source);

  /// Processes every added file on `jobs` threads; files in the cache are only read.
  void process(unsigned jobs);

  /// Records that the build may publish `source` at `out_path` (its variants go beside it).
  void place(const std::filesystem::path& source, const std::string& out_path) {
    placements_.emplace_back(source, out_path);
  }
  const std::vector<std::pair<std::filesystem::path, std::string>>& placements() const {
    return placements_;
  }

  /// The result for `source`, nullptr if it was never added.
  const Result* find(const std::filesystem::path& source) const;

  const Settings& settings() const { return settings_; }
  size_t processed() const { return processed_; }  // made now
  size_t cached() const { return cached_; }        // found in the cache

 private:
  Settings settings_;
  Cache cache_;
  std::map<std::filesystem::path, Result> results_;
  std::vector<std::pair<std::filesystem::path, std::string>> placements_;
  std::atomic<size_t> processed_{0}, cached_{0};
};

}  // namespace ttdn::images
