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
};

struct CheckArgs {
  std::string site = ".";
  std::string format = "text";
  std::optional<std::string> now;
};

int run_build(const BuildArgs& args);
int run_check(const CheckArgs& args);

/// Parses `--now`, or takes the real time when absent. nullopt: not a valid ISO 8601 time.
std::optional<long long> resolve_now(const std::optional<std::string>& now);

}  // namespace ttdn::cli
