#!/usr/bin/env bash
# Builds the portal into a temporary folder and runs the Nu HTML checker over every page.
# Fails on any error the checker reports. Usage: vnu.sh TTDN_BINARY SOURCE_DIR
set -euo pipefail
ttdn=$1
src=$2
jar="$src/tests/web/node_modules/vnu-jar/build/dist/vnu.jar"
if [[ ! -f "$jar" ]]; then
  echo "vnu.jar missing: run scripts/setup.sh --test (it installs npm vnu-jar)" >&2
  exit 1
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$ttdn" build --site "$src" --out "$out/public" --now 2026-11-25T12:00:00+07:00 --quiet
count=$(find "$out/public" -name '*.html' | wc -l)
echo "checking $count HTML files with the Nu HTML checker"
java -jar "$jar" --errors-only --skip-non-html "$out/public"
echo "Nu HTML checker: no errors in $count files"
