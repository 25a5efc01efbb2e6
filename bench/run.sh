#!/usr/bin/env bash
# ttdn against Hugo on generated portal-shaped corpora (see docs/performance.md).
#
#   bench/run.sh [--runs R] [--jobs J] [--no-hugo] [N...]      default N: 1000 10000 30000
#
# Builds ttdn in Release mode (build-bench/, or the binary named by $TTDN), generates each
# corpus once into bench/.corpus/N/ (not committed), measures cold builds of ttdn and Hugo,
# ttdn's no-change and one-article rebuilds, with /usr/bin/time -v, median of R runs (3), and
# prints the tables; they are also appended to bench/results-<date>.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"

if [[ -z "${TTDN:-}" ]]; then
  build="$repo/build-bench"
  echo "run.sh: building ttdn (Release) in $build" >&2
  cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j"$(nproc)" --target ttdn >/dev/null
  TTDN="$build/ttdn"
fi
[[ -x "$TTDN" ]] || { echo "run.sh: no ttdn binary at $TTDN" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "run.sh: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }

exec python3 "$here/bench.py" --ttdn "$TTDN" "$@"
