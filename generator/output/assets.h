// Files of assets/: published under fingerprinted names (`site.css` → `site.3f2a9c1b.css`)
// so that they can be cached for ever; the map tells templates and pages the new names.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "diag/diagnostic.h"
#include "output/output_set.h"

namespace ttdn::output {

class AssetMap {
 public:
  /// Scans `<site>/assets` and fingerprints every file (content hash, xxHash3).
  static AssetMap scan(const std::filesystem::path& site_dir, diag::Diagnostics& diags);

  /// Output path of asset `rel` (relative to assets/, e.g. "css/site.css"), if it exists.
  std::optional<std::string> lookup(const std::string& rel) const;

  /// Marks an asset as used by a published page, or only by unpublished ones.
  void use(const std::string& rel) const;
  void claim_unpublished(const std::string& rel) const;

  /// Adds every asset to `out`, except those used only by unpublished pages.
  void publish(OutputSet& out, diag::Diagnostics& diags) const;

 private:
  struct Asset {
    std::filesystem::path source;
    std::string output;  // "assets/css/site.3f2a9c1b.css"
  };
  std::map<std::string, Asset> assets_;
  std::unique_ptr<std::mutex> mutex_ = std::make_unique<std::mutex>();
  mutable std::set<std::string> used_, unpublished_;
};

/// First 8 hex digits of XXH3 of `bytes`.
std::string fingerprint(const std::string& bytes);

}  // namespace ttdn::output
