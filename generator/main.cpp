// ttdn: command-line parsing only; each command lives in cli/.
#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace ttdn::cli;
  // Past a file-size limit (`ulimit -f`) a write fails with EFBIG instead of killing the
  // process mid-way: the staged write then leaves the previous output as it was.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"ttdn — builds the Cao Bằng foreign-information portal from content/ to public/"};
  app.set_version_flag("--version", std::string("ttdn ") + TTDN_VERSION);
  app.require_subcommand(0, 1);

  std::string site = ".";
  app.add_option("--site", site, "site folder (default: .)");

  BuildArgs build;
  auto* build_cmd = app.add_subcommand("build", "build the site into public/ (or --out)");
  build_cmd->add_option("--site", build.site, "site folder (default: .)");
  build_cmd->add_option("--out", build.out, "output folder (default: <site>/public)");
  build_cmd->add_option("--base-url", build.base_url, "absolute URL the site is served from");
  build_cmd->add_flag("--drafts", build.drafts, "publish drafts too, marked as drafts");
  build_cmd->add_option("--now", build.now, "the moment for embargoes (ISO 8601)");
  build_cmd->add_option("--jobs", build.jobs, "threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  build_cmd->add_flag("--quiet", build.quiet, "print only diagnostics");
  build_cmd->add_flag("--no-cache", build.no_cache,
                      "render everything: no incremental-build cache beside the output folder");

  CheckArgs check;
  auto* check_cmd = app.add_subcommand("check", "run every validation of build; write nothing");
  check_cmd->add_option("--site", check.site, "site folder (default: .)");
  check_cmd->add_option("--format", check.format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  check_cmd->add_option("--now", check.now, "the moment for embargoes (ISO 8601)");

  ServeArgs serve;
  auto* serve_cmd = app.add_subcommand("serve", "build with drafts and serve, rebuilding on changes");
  serve_cmd->add_option("--site", serve.site, "site folder (default: .)");
  serve_cmd->add_option("--port", serve.port, "port (default 1313; 0: any free port)")
      ->check(CLI::Range(0, 65535));
  serve_cmd->add_option("--bind", serve.bind, "address to listen on (default 127.0.0.1)");
  serve_cmd->add_option("--now", serve.now, "the moment for embargoes (ISO 8601)");
  serve_cmd->add_flag("--quiet", serve.quiet, "print only the address and diagnostics");

  NewArgs new_page;
  auto* new_cmd = app.add_subcommand("new", "write a new source file; never overwrites");
  new_cmd->add_option("kind", new_page.kind, "article, explainer, page or bulletin")->required();
  new_cmd->add_option("target", new_page.target, "SECTION/NAME, or YYYY-QN for a bulletin")
      ->required();
  new_cmd->add_option("--site", new_page.site, "site folder (default: .)");
  new_cmd->add_option("--lang", new_page.lang, "language of the file (a translation)");
  new_cmd->add_option("--now", new_page.now, "the date written (ISO 8601; default: now)");

  ReportArgs report;
  auto* report_cmd = app.add_subcommand("report", "publication statistics for a period");
  report_cmd->add_option("--site", report.site, "site folder (default: .)");
  report_cmd->add_option("--quarter", report.quarter, "YYYY-QN (default: the current quarter)");
  report_cmd->add_option("--from", report.from, "first day YYYY-MM-DD (with --to)");
  report_cmd->add_option("--to", report.to, "last day YYYY-MM-DD, included");
  report_cmd->add_option("--format", report.format, "md, csv or json")
      ->check(CLI::IsMember({"md", "csv", "json"}));
  report_cmd->add_option("--lang", report.lang, "language of labels and names");
  report_cmd->add_option("--now", report.now, "the moment for embargoes and the default quarter");

  PdfArgs pdf;
  auto* pdf_cmd = app.add_subcommand("pdf", "print a bulletin issue to an A4 PDF (headless Chromium)");
  pdf_cmd->add_option("quarter", pdf.quarter, "the issue's quarter, YYYY-QN")->required();
  pdf_cmd->add_option("--site", pdf.site, "site folder (default: .)");
  pdf_cmd->add_option("--lang", pdf.lang, "language of the edition (default: the default language)");
  pdf_cmd->add_option("--out", pdf.out, "PDF file (default: ./bulletin-YYYY-qN-<lang>.pdf)");
  pdf_cmd->add_option("--now", pdf.now, "the moment for embargoes (ISO 8601)");

  std::string help_topic;
  auto* help_cmd = app.add_subcommand("help", "show help for a command");
  help_cmd->add_option("command", help_topic, "command name");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  // `--site` before the command applies to it.
  if (site != ".") {
    if (build.site == ".") build.site = site;
    if (check.site == ".") check.site = site;
    if (serve.site == ".") serve.site = site;
    if (new_page.site == ".") new_page.site = site;
    if (pdf.site == ".") pdf.site = site;
    if (report.site == ".") report.site = site;
  }
  if (*build_cmd) return run_build(build);
  if (*check_cmd) return run_check(check);
  if (*serve_cmd) return run_serve(serve);
  if (*new_cmd) return new_page.kind == "bulletin" ? run_new_bulletin(new_page) : run_new(new_page);
  if (*pdf_cmd) return run_pdf(pdf);
  if (*report_cmd) return run_report(report);
  if (*help_cmd) {
    if (help_topic.empty()) {
      std::cout << app.help();
      return kExitOk;
    }
    for (auto* sub : app.get_subcommands({}))
      if (sub->get_name() == help_topic) {
        std::cout << sub->help();
        return kExitOk;
      }
    std::cerr << "ttdn: unknown command '" << help_topic << "'\n";
    return kExitUsage;
  }
  std::cout << app.help();
  return kExitUsage;
}
