#!/usr/bin/env bash
# ttdn against Hugo on generated portal-shaped corpora (see docs/performance.md).
#
#   bench/run.sh [--runs R] [--jobs J] [--no-hugo] [--no-images | --images-only] [N...]
#                                                               default N: 1000 10000 30000
#
# Builds ttdn in Release mode (build-bench/, or the binary named by $TTDN), generates each
# corpus once into bench/.corpus/N/ (not committed), measures cold builds of ttdn and Hugo,
# ttdn's no-change and one-article rebuilds, with /usr/bin/time -v, median of R runs (3), and
# prints the tables; they are also appended to bench/results-<date>.md. Then the image-heavy
# case (bench/images.py: 120 photographs, images per second cold and cached) unless
# --no-images. `scripts/setup.sh --bench` installs what it needs (Hugo, GNU time, vips).
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

# --no-images / --images-only are this script's; R and J are passed on to both parts.
images=1 pages=1 args=() image_args=()
while (($#)); do
  case "$1" in
    --no-images) images=0 ;;
    --images-only) pages=0 ;;
    --runs | --jobs) args+=("$1" "$2"); image_args+=("$1" "$2"); shift ;;
    *) args+=("$1") ;;
  esac
  shift
done
if ((pages)); then
  python3 "$here/bench.py" --ttdn "$TTDN" "${args[@]}"
fi
if ((images)); then
  command -v vips >/dev/null || { echo "run.sh: the vips command is missing (scripts/setup.sh --bench)" >&2; exit 2; }
  python3 "$here/images.py" --ttdn "$TTDN" "${image_args[@]}"
fi
