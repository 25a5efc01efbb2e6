#include "images/cache.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <unistd.h>
#include <xxhash.h>

namespace fs = std::filesystem;

namespace ttdn::images {
namespace {

constexpr const char* kInfo = "info";
constexpr const char* kInfoHeader = "ttdn-image-cache 1";

bool write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  return static_cast<bool>(out);
}

Entry in_memory(Processed processed) {
  Entry e{processed.width, processed.height, {}};
  for (auto& v : processed.variants)
    e.variants.push_back({v.width, v.height, v.format, v.og, {}, std::move(v.bytes)});
  return e;
}

}  // namespace

std::string Cache::key(const std::string& bytes, const Settings& settings) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, bytes.data(), bytes.size());
  std::string f = settings.fingerprint();
  XXH3_64bits_update(state, f.data(), f.size());
  XXH64_hash_t h = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

std::optional<Entry> Cache::find(const std::string& key) const {
  if (dir_.empty()) return std::nullopt;
  fs::path folder = dir_ / key;
  std::ifstream in(folder / kInfo);
  if (!in) return std::nullopt;
  std::string header;
  if (!std::getline(in, header) || header != kInfoHeader) return std::nullopt;
  Entry e;
  if (!(in >> e.width >> e.height)) return std::nullopt;
  std::string name, format;
  int width = 0, height = 0, og = 0;
  while (in >> name >> width >> height >> format >> og) {
    StoredVariant v{width, height, format, og != 0, folder / name, {}};
    std::error_code ec;
    if (!fs::is_regular_file(v.file, ec)) return std::nullopt;  // a damaged entry: redo it
    e.variants.push_back(std::move(v));
  }
  if (e.variants.empty()) return std::nullopt;
  std::error_code ec;
  fs::last_write_time(folder, fs::file_time_type::clock::now(), ec);  // used: kept by prune()
  return e;
}

Entry Cache::store(const std::string& key, Processed processed) const {
  if (dir_.empty()) return in_memory(std::move(processed));
  std::error_code ec;
  fs::create_directories(dir_, ec);
  std::ostringstream tid;
  tid << std::this_thread::get_id();
  // Written under a temporary name, then renamed: a reader sees a whole entry or none.
  fs::path tmp = dir_ / (key + ".tmp-" + std::to_string(::getpid()) + "-" + tid.str());
  fs::remove_all(tmp, ec);
  bool ok = fs::create_directory(tmp, ec);
  std::string info = std::string(kInfoHeader) + "\n" + std::to_string(processed.width) + " " +
                     std::to_string(processed.height) + "\n";
  for (const auto& v : processed.variants) {
    ok = ok && write_bytes(tmp / v.name(), v.bytes);
    info += v.name() + " " + std::to_string(v.width) + " " + std::to_string(v.height) + " " +
            v.format + " " + (v.og ? "1" : "0") + "\n";
  }
  ok = ok && write_bytes(tmp / kInfo, info);
  if (ok) {
    fs::rename(tmp, dir_ / key, ec);
    if (ec) fs::remove_all(tmp, ec);  // another build stored it first
    if (auto stored = find(key)) return *stored;
  }
  fs::remove_all(tmp, ec);
  return in_memory(std::move(processed));
}

size_t Cache::prune(std::chrono::hours max_age) const {
  if (dir_.empty()) return 0;
  const auto now = fs::file_time_type::clock::now();
  size_t removed = 0;
  std::error_code ec;
  std::vector<fs::path> old;
  for (auto it = fs::directory_iterator(dir_, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code e2;
    if (!it->is_directory(e2) || it->is_symlink(e2)) continue;
    const std::string name = it->path().filename().string();
    const bool temporary = name.find(".tmp-") != std::string::npos;
    const bool entry = name.size() == 16 && name.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (!entry && !temporary) continue;  // not ours: left alone
    auto written = fs::last_write_time(it->path(), e2);
    if (e2) continue;
    // A temporary folder is a store() in progress for an hour at most.
    const auto limit = temporary ? std::chrono::hours(1) : max_age;
    if (now - written > limit) old.push_back(it->path());
  }
  for (const auto& p : old)
    if (fs::remove_all(p, ec) > 0 && !ec && p.filename().string().find(".tmp-") == std::string::npos) ++removed;
  return removed;
}

}  // namespace ttdn::images
