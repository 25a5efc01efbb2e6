#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>

#include "cli/commands.h"
#include "content/datetime.h"
#include "diag/diagnostic.h"
#include "images/cache.h"
#include "output/output_set.h"
#include "site/build.h"
#include "site/build_cache.h"
#include "site/parallel.h"
#include "site/timings.h"

namespace fs = std::filesystem;

namespace ttdn::cli {
namespace {

/// "2214" → "2 214", as the summary line shows counts.
std::string grouped(size_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return out;
}

/// `[#########-----------]  45% 1 002/2 214 sources` on one terminal line, redrawn as pages
/// render (from any thread; a smaller count arriving late is not drawn).
class ProgressBar {
 public:
  void operator()(size_t done, size_t total) const {
    std::lock_guard lock(state_->mutex);
    if (done <= state_->shown || total == 0) return;
    size_t percent = done * 100 / total;
    if (percent == state_->percent && done != total) return;
    state_->shown = done;
    state_->percent = percent;
    constexpr size_t kWidth = 30;
    std::string bar(kWidth * done / total, '#');
    bar.resize(kWidth, '-');
    std::fprintf(stderr, "\r[%s] %3zu%% %s/%s sources", bar.c_str(), percent, grouped(done).c_str(),
                 grouped(total).c_str());
  }

 private:
  struct State {
    std::mutex mutex;
    size_t shown = 0;
    size_t percent = 101;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

void print_diagnostics(const diag::Diagnostics& diags) {
  for (const auto& d : diags.sorted()) std::cerr << diag::format_text(d) << '\n';
}

}  // namespace

std::optional<long long> resolve_now(const std::optional<std::string>& now) {
  if (!now)
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  auto t = content::parse_datetime(*now);
  if (!t) return std::nullopt;
  return t->epoch;
}

int run_build(const BuildArgs& args) {
  auto started = std::chrono::steady_clock::now();
  site::BuildOptions options;
  options.site_dir = args.site;
  options.base_url = args.base_url;
  options.drafts = args.drafts;
  options.jobs = args.jobs ? args.jobs : site::default_jobs();
  auto now = resolve_now(args.now);
  if (!now) {
    std::cerr << "ttdn: error: --now '" << *args.now
              << "' is not an ISO 8601 date or time (e.g. 2026-03-01T08:00:00+07:00)\n";
    return kExitUsage;
  }
  options.now = *now;
  if (!fs::is_directory(options.site_dir)) {
    std::cerr << "ttdn: error: site folder '" << args.site << "' does not exist\n";
    return kExitUsage;
  }
  fs::path out_dir = args.out ? fs::path(*args.out) : options.site_dir / "public";
  if (auto why = output::unsafe_output_dir(out_dir, options.site_dir)) {
    std::cerr << "ttdn: error: refusing to write into '" << out_dir.string() << "': " << *why
              << "\n";
    return kExitUsage;
  }
  // Processed images are kept beside the output, never in it (docs/images.md).
  options.image_cache_dir = fs::absolute(out_dir).lexically_normal().parent_path();
  if (!fs::absolute(out_dir).lexically_normal().has_filename())
    options.image_cache_dir = options.image_cache_dir.parent_path();
  options.image_cache_dir /= ".ttdn-cache/images";
  bool tty = ::isatty(STDERR_FILENO) && !args.quiet;
  if (tty)
    options.progress = ProgressBar();

  // Incremental builds: the cache beside the output folder (site/build_cache.h).
  std::shared_ptr<site::BuildCache> cache;
  if (!args.no_cache) {
    std::string note;
    site::Phase phase("open cache");
    cache = site::BuildCache::open(options, out_dir, note);
    if (!note.empty() && !args.quiet) std::cerr << "ttdn: warning: " << note << "\n";
    if (cache->unchanged(options.now)) {
      if (tty) std::fprintf(stderr, "\r\033[K");
      for (const auto& d : cache->previous_diagnostics()) std::cerr << diag::format_text(d) << '\n';
      const site::BuildSummary& prev = cache->previous_summary();
      if (!args.quiet) {
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        char secs[32];
        std::snprintf(secs, sizeof secs, "%.2f", seconds);
        size_t files = cache->previous_outputs() > 0 ? cache->previous_outputs() - 1 : 0;
        std::cerr << "built " << grouped(prev.pages) << " pages in " << prev.languages
                  << (prev.languages == 1 ? " language" : " languages") << " in " << secs
                  << " s (0 written, " << files << " unchanged, 0 removed; no source changed)\n";
      }
      return kExitOk;
    }
    phase.end();
    site::Phase memos("load memos");
    cache->load_memos();
    options.cache = cache;
  }

  auto out = std::make_unique<output::OutputSet>();
  // Pages go to a folder beside the output as they are rendered, not into memory
  // (docs/performance.md, Memory); it is removed when the build ends, written or not.
  out->spill_to(output::OutputSet::spill_dir_for(out_dir), out_dir);
  auto diags = std::make_unique<diag::Diagnostics>();
  site::BuildSummary summary = site::build_site(options, *out, *diags);
  if (summary.cache_damaged) {
    // A memo the cache vouched for did not read back (a damaged disk, another build into
    // the same folder): what was built is dropped and everything is built again.
    if (!args.quiet)
      std::cerr << "ttdn: warning: the build cache could not be read back; building again "
                   "without it\n";
    cache->forget();
    cache.reset();
    options.cache.reset();
    out = std::make_unique<output::OutputSet>();
    out->spill_to(output::OutputSet::spill_dir_for(out_dir), out_dir);
    diags = std::make_unique<diag::Diagnostics>();
    summary = site::build_site(options, *out, *diags);
  }
  if (tty) std::fprintf(stderr, "\r\033[K");
  if (summary.config_missing) {
    std::cerr << "ttdn: error: no site.yaml in '" << args.site << "'\n";
    return kExitUsage;
  }
  print_diagnostics(*diags);
  if (diags->has_errors()) {
    std::cerr << "ttdn: " << diags->count(diag::Severity::error)
              << " error(s); nothing was written to " << out_dir.string() << "\n";
    return kExitSourceErrors;
  }
  output::WriteStats stats;
  if (cache) cache->forget();  // describes the previous output, which is about to change
  site::Phase write("write output");
  if (auto err = output::write_output(*out, out_dir, stats, options.jobs)) {
    std::cerr << "ttdn: error: " << *err << "; the previous output is unchanged\n";
    return kExitUsage;
  }
  write.end();
  site::Phase save("save cache");
  if (cache) cache->save(summary, *diags);
  save.end();
  images::Cache(options.image_cache_dir).prune(images::kUnusedEntryLifetime);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!args.quiet) {
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.2f", seconds);
    std::cerr << "built " << grouped(summary.pages) << " pages in " << summary.languages
              << (summary.languages == 1 ? " language" : " languages") << " in " << secs
              << " s (" << stats.written << " written, " << stats.unchanged << " unchanged, "
              << stats.removed << " removed";
    if (cache)
      std::cerr << "; " << cache->pages_rendered << " of "
                << cache->pages_rendered + cache->pages_reused << " pages and "
                << cache->markdown_rendered << " of "
                << cache->markdown_rendered + cache->markdown_reused << " sources rendered";
    std::cerr << ")\n";
  }
  return kExitOk;
}

int run_check(const CheckArgs& args) {
  site::BuildOptions options;
  options.site_dir = args.site;
  options.jobs = site::default_jobs();
  options.note_missing_translations = true;
  auto now = resolve_now(args.now);
  if (!now) {
    std::cerr << "ttdn: error: --now '" << *args.now << "' is not an ISO 8601 date or time\n";
    return kExitUsage;
  }
  options.now = *now;
  if (!fs::is_directory(options.site_dir)) {
    std::cerr << "ttdn: error: site folder '" << args.site << "' does not exist\n";
    return kExitUsage;
  }
  // The image cache of a default build (site/public): checking then building processes
  // each image once.
  options.image_cache_dir = fs::absolute(options.site_dir).lexically_normal() / ".ttdn-cache/images";
  output::OutputSet out;
  diag::Diagnostics diags;
  site::BuildSummary summary = site::build_site(options, out, diags);
  if (summary.config_missing) {
    std::cerr << "ttdn: error: no site.yaml in '" << args.site << "'\n";
    return kExitUsage;
  }
  if (args.format == "json") {
    std::cout << diag::format_json(diags.sorted()) << '\n';
  } else {
    print_diagnostics(diags);
    std::cerr << "checked " << grouped(summary.pages) << " pages: "
              << diags.count(diag::Severity::error) << " error(s), "
              << diags.count(diag::Severity::warning) << " warning(s), "
              << diags.count(diag::Severity::info) << " note(s)\n";
  }
  return diags.has_errors() ? kExitSourceErrors : kExitOk;
}

}  // namespace ttdn::cli
