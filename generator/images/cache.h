// The image cache: processed variants kept beside the output, keyed by the source's bytes
// and the settings, so that an unchanged image is never processed twice. Deleting the
// folder is always safe: the next build makes the entries again.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "images/processor.h"

namespace ttdn::images {

/// A variant as the build publishes it: a file in the cache, or bytes when there is none.
struct StoredVariant {
  int width = 0;
  int height = 0;
  std::string format;
  bool og = false;
  std::filesystem::path file;  // in the cache; empty when `bytes` holds the image
  std::string bytes;
};

struct Entry {
  int width = 0;  // the source, upright
  int height = 0;
  std::vector<StoredVariant> variants;
};

/// How long an entry no build uses stays in the cache (an image taken out of an article
/// and put back within a month is not processed again).
inline constexpr std::chrono::hours kUnusedEntryLifetime{24 * 30};

class Cache {
 public:
  /// `dir` empty: no cache (every image is processed, nothing is written).
  explicit Cache(std::filesystem::path dir) : dir_(std::move(dir)) {}

  /// XXH3 of the source bytes and `settings.fingerprint()`, as 16 hex digits.
  static std::string key(const std::string& bytes, const Settings& settings);

  /// The entry stored under `key`, if complete.
  std::optional<Entry> find(const std::string& key) const;

  /// Keeps `processed` (no error) under `key` and returns it as stored: files in the cache,
  /// or the bytes themselves when there is no cache or it cannot be written. Safe when
  /// several threads or builds store the same key at once (the first complete one stays).
  Entry store(const std::string& key, Processed processed) const;

  /// Removes the entries no build has used for `max_age` (each use by find() or store()
  /// renews an entry's time), and temporary folders left by a build that was killed.
  /// Returns how many entries were removed. Run after a successful build.
  size_t prune(std::chrono::hours max_age) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

}  // namespace ttdn::images
