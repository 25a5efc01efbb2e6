#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png, the README's pictures of the portal: home, article and
# bulletin pages in every language at 390 px and 1280 px wide, taken in Debian's Chromium.
# Usage: bash tests/e2e/screenshots.sh [PATH/TO/ttdn]   (default: build/ttdn)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ttdn=${1:-$root/build/ttdn}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x "$CHROMIUM" ]]; then
  echo "screenshots: no Chromium at $CHROMIUM (apt-get install chromium)" >&2
  exit 2
fi
[[ "$ttdn" == /* ]] || ttdn=$PWD/$ttdn
cd "$here"
if [[ ! -d node_modules/playwright-core ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$ttdn" build --site "$root" --out "$out/public" --now 2026-11-25T12:00:00+07:00 --quiet 2>/dev/null \
  || { echo "screenshots: the portal did not build" >&2; exit 1; }
node screenshots.mjs "$out/public" "$root/docs/screenshots"
