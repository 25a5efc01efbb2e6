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

struct BuildOptions {
  std::filesystem::path site_dir = ".";
  std::optional<std::string> base_url;  // overrides site.yaml
  /// Where the bulletin's print edition points its QR codes and printed URLs when the
  /// build's base_url is not the public one (`ttdn pdf` builds with a file:// base_url).
  std::optional<std::string> public_base_url;
  bool drafts = false;                  // publish drafts too, marked as drafts
  int64_t now = 0;                      // seconds since the epoch: embargoes, current year
  unsigned jobs = 1;
  bool serve_mode = false;              // adds the live-reload script
  bool note_missing_translations = false;  // `check`: an info per missing translation
  /// Called with (done, total) while pages render, for a progress line.
  std::function<void(size_t, size_t)> progress;
};

struct BuildSummary {
  size_t pages = 0;      // HTML pages written
  size_t languages = 0;
  bool config_missing = false;  // site.yaml absent: an environment fault (exit 2)
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
