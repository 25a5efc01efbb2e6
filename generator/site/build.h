// A whole build: sources → Library → view models → OutputSet. The CLI decides what to do
// with the result (write it, or only report, for `check`).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "config/site_config.h"
#include "content/library.h"
#include "diag/diagnostic.h"
#include "output/output_set.h"

namespace ttdn::site {

class BuildCache;  // site/build_cache.h: memos of the previous build (incremental builds)

struct BuildOptions {
  std::filesystem::path site_dir = ".";
  std::optional<std::string> base_url;  // overrides site.yaml
  /// Where the bulletin's print edition points its QR codes and printed URLs when the
  /// build's base_url is not the public one (`ttdn pdf` builds with a file:// base_url).
  std::optional<std::string> public_base_url;
  bool drafts = false;                  // publish drafts too, marked as drafts
  /// Seconds since the epoch: embargoes, current year. Output that depends on `now` in any
  /// other way must narrow BuildSummary's stable window (stable_window in build.cpp), or
  /// an unchanged rebuild would keep the old output.
  int64_t now = 0;
  unsigned jobs = 1;
  /// Where processed images are kept between builds (site/images.h); empty: not kept.
  std::filesystem::path image_cache_dir;
  bool serve_mode = false;              // adds the live-reload script
  bool note_missing_translations = false;  // `check`: an info per missing translation
  /// Called with (done, total) while pages render, for a progress line.
  std::function<void(size_t, size_t)> progress;
  /// The incremental-build cache (`build` only): reuses the previous build's Markdown and
  /// rendered pages when their inputs are the same. Null: render everything.
  std::shared_ptr<BuildCache> cache;
};

struct BuildSummary {
  size_t pages = 0;      // HTML pages written
  size_t languages = 0;
  bool config_missing = false;  // site.yaml absent: an environment fault (exit 2)
  /// The build cache failed to give back what it held (BuildContext::cache_damaged): the
  /// output is incomplete and must not be written; build again without the cache.
  bool cache_damaged = false;
  /// The output is the same for every `now` in [stable_from, stable_until): no embargo
  /// ends and the year does not change in between (the incremental cache's validity).
  int64_t stable_from = INT64_MIN;
  int64_t stable_until = INT64_MAX;
};

/// The sources read and linked, nothing rendered: settings and the Library, with each
/// page's output path and publish state at `options.now` (for `report`).
struct LoadedSite {
  config::SiteConfig cfg;
  content::Library library;
};

/// Reads site.yaml and every source and links translations. nullopt when site.yaml is
/// missing or unusable (the reasons are in `diags`).
std::optional<LoadedSite> load_site(const BuildOptions& options, diag::Diagnostics& diags);

/// Runs every stage. Output is complete only when `diags` has no errors.
BuildSummary build_site(const BuildOptions& options, output::OutputSet& out,
                        diag::Diagnostics& diags);

}  // namespace ttdn::site
