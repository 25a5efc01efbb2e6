// The commands of the ttdn binary. main.cpp parses the command line into these argument
// structs; each command returns the process exit status (SPEC §2: 0 ok, 1 source errors,
// 2 usage or environment fault).
#pragma once

#include <optional>
#include <string>

namespace ttdn::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitSourceErrors = 1;
inline constexpr int kExitUsage = 2;

struct BuildArgs {
  std::string site = ".";
  std::optional<std::string> out;
  std::optional<std::string> base_url;
  bool drafts = false;
  std::optional<std::string> now;
  unsigned jobs = 0;  // 0: all cores
  bool quiet = false;
  bool no_cache = false;  // render everything; no incremental-build cache read or written
};

struct CheckArgs {
  std::string site = ".";
  std::string format = "text";
  std::optional<std::string> now;
};

struct ServeArgs {
  std::string site = ".";
  int port = 1313;                 // 0: any free port, printed
  std::string bind = "127.0.0.1";
  std::optional<std::string> now;  // fixed moment for embargoes (tests)
  bool quiet = false;
};

/// `new article|explainer|page SECTION/NAME`.
struct NewArgs {
  std::string site = ".";
  std::string kind;    // article, explainer, page
  std::string target;  // SECTION/NAME
  std::optional<std::string> lang;
  std::optional<std::string> now;
};

struct ReportArgs {
  std::string site = ".";
  std::optional<std::string> quarter;  // YYYY-QN
  std::optional<std::string> from, to; // YYYY-MM-DD, both included
  std::string format = "md";           // md, csv, json
  std::optional<std::string> lang;     // labels and names; default: the default language
  std::optional<std::string> now;
};

int run_build(const BuildArgs& args);
int run_check(const CheckArgs& args);
int run_serve(const ServeArgs& args);
int run_new(const NewArgs& args);
int run_report(const ReportArgs& args);

/// `pdf YYYY-QN`: a bulletin issue's print edition as an A4 PDF, through headless Chromium.
struct PdfArgs {
  std::string site = ".";
  std::string quarter;              // YYYY-QN
  std::optional<std::string> lang;  // default: the default language
  std::optional<std::string> out;   // default: ./bulletin-YYYY-qN-<lang>.pdf
  std::optional<std::string> now;   // the moment for embargoes
};

int run_pdf(const PdfArgs& args);
/// `new bulletin YYYY-QN` (args.target is the quarter): content/bulletins/YYYY-qN.yaml.
int run_new_bulletin(const NewArgs& args);

/// Parses `--now`, or takes the real time when absent. nullopt: not a valid ISO 8601 time.
std::optional<long long> resolve_now(const std::optional<std::string>& now);

}  // namespace ttdn::cli
