#include "images/image_set.h"

#include <mutex>
#include <vector>

#include "io/files.h"
#include "site/parallel.h"

namespace fs = std::filesystem;

namespace ttdn::images {

void ImageSet::add(const fs::path& source) { results_.try_emplace(source); }

void ImageSet::process(unsigned jobs) {
  std::vector<std::pair<const fs::path*, Result*>> work;
  for (auto& [path, result] : results_) work.emplace_back(&path, &result);
  // Several images at once, each on one libvips thread: no oversubscription, and the
  // output does not depend on how work is split. libvips is started only for an image
  // the cache does not have (starting it takes longer than a rebuild's whole image phase).
  std::once_flag started;
  site::parallel_for(work.size(), jobs, [&](size_t i) {
    const fs::path& source = *work[i].first;
    Result& result = *work[i].second;
    auto bytes = io::read_file(source);
    if (!bytes) {
      result.error = "cannot be read";
      return;
    }
    std::string data = std::move(*bytes);
    auto format = processed_format(source.filename().string());
    if (!format) {
      result.error = "is not a JPEG, PNG or WebP file";
      return;
    }
    std::string key = Cache::key(data, settings_);
    if (auto entry = cache_.find(key)) {
      result.entry = std::move(*entry);
      ++cached_;
      return;
    }
    std::call_once(started, [&] { set_concurrency(jobs > 1 && work.size() > 1 ? 1 : 0); });
    Processed processed = process_image(data, *format, settings_);
    ++processed_;
    if (processed.error) {
      result.error = *processed.error;
      return;
    }
    result.entry = cache_.store(key, std::move(processed));
  });
}

const Result* ImageSet::find(const fs::path& source) const {
  auto it = results_.find(source);
  return it == results_.end() ? nullptr : &it->second;
}

}  // namespace ttdn::images
