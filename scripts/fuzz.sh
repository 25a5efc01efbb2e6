#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (in build-fuzz/, with ASan and UBSan) and
# runs each for a bounded time, starting from fuzz/corpus/<target>/ and the regression
# inputs. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]   (default 60 s, all targets)
# TTDN_FUZZ_SEED=N fixes libFuzzer's seed (default: a new one each run); with
# TTDN_FUZZ_RUNS=N each target also stops after N inputs, so a run can be repeated exactly
# (CI uses both: a crash there is reproducible, not luck).
# A crash leaves its input in build-fuzz/artifacts/<target>/: fix the bug, then keep the input
# in fuzz/regressions/<target>/, which ctest replays in every build. Exit 1 on any crash.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
[[ $# -gt 0 ]] && shift
build="${TTDN_FUZZ_BUILD:-build-fuzz}"
if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ is missing (scripts/setup.sh --test installs clang and libFuzzer)" >&2
  exit 2
fi
targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in fuzz/fuzz_*.cpp; do
    t="${f#fuzz/fuzz_}"
    targets+=("${t%.cpp}")
  done
fi
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTTDN_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
mkdir -p "$build/logs"
failed=()
summary=()
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  artifacts="$build/artifacts/$t/"
  mkdir -p "$corpus" "$artifacts" "fuzz/corpus/$t" "fuzz/regressions/$t"
  max_len=4096
  [[ "$t" == markdown || "$t" == front_matter || "$t" == html_sanitizer ]] && max_len=16384
  dict=()
  [[ -f "fuzz/dict/$t.dict" ]] && dict=("-dict=fuzz/dict/$t.dict")
  log="$build/logs/$t.log"
  echo "fuzz: $t for ${seconds}s…"
  status=0
  bounds=(-max_total_time="$seconds")
  [[ -n "${TTDN_FUZZ_RUNS:-}" ]] && bounds+=(-runs="$TTDN_FUZZ_RUNS")
  [[ -n "${TTDN_FUZZ_SEED:-}" ]] && bounds+=(-seed="$TTDN_FUZZ_SEED")
  "$build/fuzz/fuzz_$t" "${bounds[@]}" -timeout=10 -rss_limit_mb=2048 \
    -max_len="$max_len" -artifact_prefix="$artifacts" -print_final_stats=1 "${dict[@]}" \
    "$corpus" "fuzz/corpus/$t" "fuzz/regressions/$t" >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  took=$(grep -o 'stat::total_time_seconds\|Done [0-9]* runs in [0-9]* second' "$log" | tail -1 || true)
  if ((status != 0)); then
    failed+=("$t")
    summary+=("$t: CRASH (exit $status) after ${runs} runs; input in $artifacts; log $log")
    grep -m1 -A25 'ERROR: \|fuzz property failed\|deadly signal\|Timeout\|out-of-memory' "$log" >&2 || tail -40 "$log" >&2
  else
    summary+=("$t: ${runs} runs in ${seconds}s, no crash")
  fi
  : "$took"
done
printf 'fuzz: %s\n' "${summary[@]}"
if ((${#failed[@]})); then
  echo "fuzz: crashes in ${failed[*]}" >&2
  exit 1
fi
