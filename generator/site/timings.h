// Phase timings for whoever tunes the build: with TTDN_TIMINGS set in the environment,
// each phase prints its wall and CPU time (all threads) to stderr when it ends. Otherwise
// a Phase costs one getenv at start-up.
#pragma once

#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace ttdn::site {

class Phase {
 public:
  explicit Phase(const char* name) : name_(name) {
    if (!enabled()) return;
    wall_ = std::chrono::steady_clock::now();
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_);
  }
  Phase(const Phase&) = delete;
  Phase& operator=(const Phase&) = delete;
  ~Phase() { end(); }

  /// Prints the phase now rather than at the end of the scope.
  void end() {
    if (!enabled() || !name_) return;
    timespec cpu{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
    double used = static_cast<double>(cpu.tv_sec - cpu_.tv_sec) +
                  static_cast<double>(cpu.tv_nsec - cpu_.tv_nsec) * 1e-9;
    std::fprintf(stderr, "ttdn: timing: %-22s %8.3f s wall %8.3f s CPU\n", name_, wall, used);
    name_ = nullptr;
  }

 private:
  static bool enabled() {
    static const bool on = std::getenv("TTDN_TIMINGS") != nullptr;
    return on;
  }
  const char* name_;
  std::chrono::steady_clock::time_point wall_;
  timespec cpu_{};
};

}  // namespace ttdn::site
