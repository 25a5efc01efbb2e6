#!/usr/bin/env bash
# Loads built pages in headless Chromium from a local web server and fails on any
# Content-Security-Policy violation in the console (SPEC §10: no inline script, nothing from
# other hosts). Usage: csp.sh TTDN_BINARY SOURCE_DIR
set -euo pipefail
ttdn=$1
src=$2
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z "$browser" ]] || ! command -v node >/dev/null; then
  echo "csp: chromium or node missing (scripts/setup.sh --test installs them)" >&2
  exit 1
fi
work=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A static server on a free port of 127.0.0.1; it prints the port.
cat >"$work/serve.js" <<'JS'
const http = require('http'), fs = require('fs'), path = require('path');
const root = process.argv[2];
const types = {'.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
               '.json': 'application/json', '.gz': 'application/gzip', '.svg': 'image/svg+xml',
               '.jpg': 'image/jpeg', '.png': 'image/png', '.xml': 'application/xml', '.woff2': 'font/woff2'};
const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (p.endsWith('/')) p += 'index.html';
  const file = path.join(root, path.normalize(p));
  if (!file.startsWith(root)) { res.writeHead(403); return res.end(); }
  fs.readFile(file, (err, data) => {
    if (err) { res.writeHead(404); return res.end('not found'); }
    res.writeHead(200, {'Content-Type': types[path.extname(file)] || 'application/octet-stream'});
    res.end(data);
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
setTimeout(() => process.exit(0), 10 * 60 * 1000);  // never outlives a test run
JS
node "$work/serve.js" "$work/public" >"$work/port" 2>/dev/null &
server_pid=$!
for _ in $(seq 50); do [[ -s "$work/port" ]] && break; sleep 0.1; done
port=$(cat "$work/port")
base="http://127.0.0.1:$port/"
"$ttdn" build --site "$src" --out "$work/public" --base-url "$base" --now 2026-11-25T12:00:00+07:00 \
  --quiet 2>"$work/build.log" || { cat "$work/build.log" >&2; exit 1; }

violations() {  # URL → the console lines about CSP, if any
  timeout 60 "$browser" --headless=new --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$work/profile" --enable-logging=stderr --v=0 \
    --virtual-time-budget=5000 --dump-dom "$1" 2>&1 >/dev/null |
    grep -E "Content Security Policy|Content-Security-Policy|Refused to" || true
}

# The check must be able to see a violation: the home page with an inline script added.
mkdir -p "$work/public/csp-selftest"
sed 's|</head>|<script>document.title = "inline";</script></head>|' "$work/public/index.html" \
  >"$work/public/csp-selftest/index.html"
if [[ -z "$(violations "${base}csp-selftest/")" ]]; then
  echo "csp: Chromium reported no violation for an inline script: the check does not work here" >&2
  exit 1
fi
rm -rf "$work/public/csp-selftest"

# One page per first folder and depth stands for each layout ("tin-tuc/x/"); the other
# languages share the templates, so only their home pages are loaded.
root_lang=$(grep -o '<html lang="[^"]*"' "$work/public/index.html" || true)
declare -A other_language=()
for d in "$work/public"/*/; do
  [[ -f "$d/index.html" ]] || continue
  lang=$(grep -o '<html lang="[^"]*"' "$d/index.html" || true)
  [[ -n "$lang" && "$lang" != "$root_lang" ]] && other_language[$(basename "$d")]=1
done
declare -A seen=()
checked=0
failed=0
while IFS= read -r -d '' f; do
  rel=${f#"$work/public/"}
  depth=$(tr -cd / <<<"$rel" | wc -c)
  first=${rel%%/*}
  [[ -n "${other_language[$first]:-}" && $depth -gt 1 ]] && continue
  key="$first:$depth"
  [[ -n "${seen[$key]:-}" ]] && continue
  seen[$key]=1
  url="$base${rel%index.html}"
  checked=$((checked + 1))
  found=$(violations "$url")
  if [[ -n "$found" ]]; then
    echo "csp: violation on $url:" >&2
    echo "$found" >&2
    failed=$((failed + 1))
  fi
done < <(find "$work/public" -name index.html -print0 | sort -z)
echo "csp: $checked pages loaded in Chromium, $failed with CSP violations"
((checked > 0 && failed == 0))
