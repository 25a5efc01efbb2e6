// `ttdn report`: publication statistics for a quarter or a range of dates (SPEC §9).
#include <iostream>

#include "cli/commands.h"
#include "i18n/strings.h"
#include "site/build.h"
#include "site/parallel.h"
#include "site/report.h"

namespace fs = std::filesystem;

namespace ttdn::cli {

int run_report(const ReportArgs& args) {
  auto now = resolve_now(args.now);
  if (!now) {
    std::cerr << "ttdn: error: --now '" << *args.now << "' is not an ISO 8601 date or time\n";
    return kExitUsage;
  }
  site::Period period;
  if (args.quarter) {
    if (args.from || args.to) {
      std::cerr << "ttdn: error: give either --quarter or --from and --to, not both\n";
      return kExitUsage;
    }
    auto q = site::quarter_period(*args.quarter);
    if (!q) {
      std::cerr << "ttdn: error: --quarter '" << *args.quarter
                << "' is not YYYY-QN (e.g. 2026-Q1)\n";
      return kExitUsage;
    }
    period = *q;
  } else if (args.from || args.to) {
    if (!args.from || !args.to) {
      std::cerr << "ttdn: error: --from and --to go together (dates YYYY-MM-DD, both included)\n";
      return kExitUsage;
    }
    auto d = site::date_period(*args.from, *args.to);
    if (!d) {
      std::cerr << "ttdn: error: --from '" << *args.from << "' --to '" << *args.to
                << "' must be dates YYYY-MM-DD with --from not after --to\n";
      return kExitUsage;
    }
    period = *d;
  } else {
    period = site::current_quarter(*now);
  }
  if (!fs::is_directory(args.site)) {
    std::cerr << "ttdn: error: site folder '" << args.site << "' does not exist\n";
    return kExitUsage;
  }
  if (!fs::exists(fs::path(args.site) / "site.yaml")) {
    std::cerr << "ttdn: error: no site.yaml in '" << args.site << "'\n";
    return kExitUsage;
  }

  site::BuildOptions options;
  options.site_dir = args.site;
  options.now = *now;
  options.jobs = site::default_jobs();
  diag::Diagnostics diags;
  auto loaded = site::load_site(options, diags);
  for (const auto& d : diags.sorted())
    if (d.severity == diag::Severity::error) std::cerr << diag::format_text(d) << '\n';
  if (!loaded) return kExitSourceErrors;
  // Figures from sources with errors may miss pages: say so, and exit 1 after the report.
  if (diags.has_errors())
    std::cerr << "ttdn: warning: " << diags.count(diag::Severity::error)
              << " error(s) in the sources (see `ttdn check`); the figures may be incomplete\n";
  std::string lang = args.lang.value_or(loaded->cfg.default_language);
  if (!loaded->cfg.language(lang)) {
    std::cerr << "ttdn: error: --lang '" << lang << "' is not a language of site.yaml\n";
    return kExitUsage;
  }

  site::Report report = site::make_report(*loaded, args.site, period, *now, lang);
  if (args.format == "json") {
    std::cout << site::format_report_json(report);
  } else if (args.format == "csv") {
    std::cout << site::format_report_csv(report);
  } else {
    diag::Diagnostics string_diags;  // the strings were checked with the sources
    i18n::Strings strings = i18n::load_strings(args.site, loaded->cfg, string_diags);
    std::cout << site::format_report_markdown(report, strings, lang);
  }
  std::cout.flush();
  if (!std::cout) return kExitUsage;
  return diags.has_errors() ? kExitSourceErrors : kExitOk;
}

}  // namespace ttdn::cli
