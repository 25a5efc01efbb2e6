#include "output/assets.h"

#include <xxhash.h>

#include <cstdio>

#include "io/files.h"

namespace fs = std::filesystem;

namespace ttdn::output {

std::string fingerprint(const std::string& bytes) {
  XXH64_hash_t h = XXH3_64bits(bytes.data(), bytes.size());
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string(buf, 8);
}

AssetMap AssetMap::scan(const fs::path& site_dir, diag::Diagnostics& diags) {
  AssetMap map;
  const fs::path root = site_dir / "assets";
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return map;
  const fs::path site_canonical = fs::weakly_canonical(site_dir, ec);
  for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (ec) break;
    const auto& e = *it;
    std::string rel = e.path().lexically_relative(root).generic_string();
    if (e.path().filename().string().front() == '.') {
      if (e.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (e.is_symlink(ec)) {
      auto target = fs::weakly_canonical(e.path(), ec);
      auto r = target.lexically_relative(site_canonical);
      if (ec || r.empty() || *r.begin() == "..") {
        diags.error("assets/" + rel, 0, 0, "symlink-outside",
                    "symbolic link points outside the site folder; it is not published");
        if (e.is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
    }
    if (!e.is_regular_file(ec)) continue;
    const std::string bytes = io::read_file(e.path()).value_or(std::string());
    fs::path p(rel);
    std::string stem = p.stem().string(), ext = p.extension().string();
    std::string dir = p.parent_path().generic_string();
    std::string out = "assets/" + (dir.empty() ? "" : dir + "/") + stem + "." +
                      fingerprint(bytes) + ext;
    map.assets_[rel] = {e.path(), out};
  }
  return map;
}

std::optional<std::string> AssetMap::lookup(const std::string& rel) const {
  auto it = assets_.find(rel);
  if (it == assets_.end()) return std::nullopt;
  return it->second.output;
}

void AssetMap::use(const std::string& rel) const {
  std::lock_guard lock(*mutex_);
  used_.insert(rel);
}

void AssetMap::claim_unpublished(const std::string& rel) const {
  std::lock_guard lock(*mutex_);
  unpublished_.insert(rel);
}

void AssetMap::publish(OutputSet& out, diag::Diagnostics& diags) const {
  std::lock_guard lock(*mutex_);
  for (const auto& [rel, asset] : assets_) {
    if (unpublished_.count(rel) && !used_.count(rel)) continue;
    out.add_copy(asset.output, asset.source, "assets/" + rel, diags);
  }
}

}  // namespace ttdn::output
