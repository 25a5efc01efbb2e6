#!/usr/bin/env bash
# Builds ttdn and every test with AddressSanitizer and UndefinedBehaviorSanitizer (in
# build-asan/, -DTTDN_SANITIZE=ON) and runs the whole ctest suite under them. The first
# report aborts the process that made it (halt_on_error), so the test fails.
# Usage: scripts/sanitize.sh [ctest arguments…]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${TTDN_ASAN_BUILD:-build-asan}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTTDN_SANITIZE=ON -DBUILD_TESTING=ON >/dev/null
cmake --build "$build" -j"$(nproc)"
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
# csp_chromium checks templates in a browser: nothing of ttdn's memory use that the Nu
# checker's build of the same site does not already run.
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" -E '^csp_chromium$' "$@"
