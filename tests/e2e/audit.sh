#!/usr/bin/env bash
# Web-quality audits of the real portal in Debian's Chromium (issue 8): builds it with the
# given ttdn binary, serves it on 127.0.0.1 and runs one audit:
#   axe         axe-core on every page kind in every language (axe.mjs)
#   lighthouse  Lighthouse scores of home, article, bulletin and search pages (lighthouse.mjs)
# Usage: tests/e2e/audit.sh axe|lighthouse [PATH/TO/ttdn] [options of the .mjs script]
# Needs: chromium (apt-get install chromium; or CHROMIUM=/path), node and npm.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
audit=${1:?usage: audit.sh axe|lighthouse [PATH/TO/ttdn]}
ttdn=${2:-$root/build/ttdn}
shift $(( $# >= 2 ? 2 : 1 ))
case "$audit" in axe|lighthouse) ;; *) echo "audit: unknown audit '$audit'" >&2; exit 2 ;; esac
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROME_PATH=${CHROME_PATH:-$CHROMIUM}
if [[ ! -x "$CHROMIUM" ]]; then
  echo "audit: no Chromium at $CHROMIUM (apt-get install chromium)" >&2
  exit 2
fi
[[ "$ttdn" == /* ]] || ttdn=$PWD/$ttdn
cd "$here"
if [[ ! -d node_modules/@axe-core/playwright || ! -d node_modules/lighthouse ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$ttdn" build --site "$root" --out "$out/public" --now 2026-11-25T12:00:00+07:00 --quiet 2>/dev/null \
  || { echo "audit: the portal did not build" >&2; "$ttdn" check --site "$root" >&2; exit 1; }
node "$audit.mjs" "$out/public" "$@"
