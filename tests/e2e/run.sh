#!/usr/bin/env bash
# End-to-end tests in a real browser: builds the portal (this repository) with the given
# ttdn binary, serves it on 127.0.0.1 and drives Debian's Chromium with playwright-core.
# Usage: tests/e2e/run.sh [PATH/TO/ttdn]    (default: build/ttdn)
# Needs: chromium (apt-get install chromium; or CHROMIUM=/path), node and npm.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ttdn=${1:-$root/build/ttdn}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x "$CHROMIUM" ]]; then
  echo "e2e: no Chromium at $CHROMIUM (apt-get install chromium)" >&2
  exit 2
fi
cd "$here"
if [[ ! -d node_modules/playwright-core ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$ttdn" build --site "$root" --out "$out/public" --now 2026-06-01T00:00:00+07:00 --quiet 2>/dev/null \
  || { echo "e2e: the portal did not build" >&2; "$ttdn" check --site "$root" >&2; exit 1; }
node run.mjs "$out/public"
