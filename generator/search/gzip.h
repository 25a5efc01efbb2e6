// gzip for the search index files: they are stored compressed (the browser inflates them
// with DecompressionStream), which keeps the index a small fraction of the site.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ttdn::search {

/// gzip member of `bytes`; deterministic (no time stamp, no name).
std::string gzip(std::string_view bytes);

/// The bytes inside a gzip member, or nullopt if `bytes` is not one.
std::optional<std::string> gunzip(std::string_view bytes);

}  // namespace ttdn::search
