// ttdn: command-line parsing only; each command lives in cli/.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace ttdn::cli;
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

  CheckArgs check;
  auto* check_cmd = app.add_subcommand("check", "run every validation of build; write nothing");
  check_cmd->add_option("--site", check.site, "site folder (default: .)");
  check_cmd->add_option("--format", check.format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  check_cmd->add_option("--now", check.now, "the moment for embargoes (ISO 8601)");

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
  }
  if (*build_cmd) return run_build(build);
  if (*check_cmd) return run_check(check);
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
