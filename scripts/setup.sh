#!/usr/bin/env bash
# Installs the Debian packages ttdn needs to build and test, only those missing.
# Usage: scripts/setup.sh [--test | --bench]   (--test adds what the test suite needs: Java
# for the Nu HTML checker, Node.js/npm, Chromium, poppler-utils and zbar-tools, clang and
# libFuzzer, djpeg and exiftool; --bench what bench/run.sh needs: Hugo, GNU time, the
# libvips command line for the image case)
set -euo pipefail

build_packages=(
  build-essential cmake pkg-config
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  nlohmann-json3-dev libyaml-cpp-dev libicu-dev libkainjow-mustache-dev
  libqrencode-dev libcpp-httplib-dev libxxhash-dev libjemalloc-dev libcli11-dev zlib1g-dev
  libdeflate-dev
  libvips-dev
  catch2
)
test_packages=(default-jre-headless nodejs npm)
# Hardening: clang + libFuzzer (scripts/fuzz.sh), Chromium (CSP check), JPEG tools (metadata).
test_packages+=(clang libclang-rt-14-dev chromium libjpeg-turbo-progs libimage-exiftool-perl)
# Bulletins: `ttdn pdf` (Chromium, and fonts with Vietnamese letters and with Chinese
# characters for it: without a CJK font Chromium prints some characters of a Chinese
# edition with no glyph), the PDF checks (poppler-utils), QR decoding (zbar-tools).
test_packages+=(poppler-utils zbar-tools fonts-dejavu-core fonts-noto-cjk)

bench_packages=(hugo time python3 libvips-tools)

want=("${build_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then
  want+=("${test_packages[@]}")
elif [[ "${1:-}" == "--bench" ]]; then
  want+=("${bench_packages[@]}")
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # A command that is already there (a newer Node.js, a JRE) counts as installed.
    case "$p" in
      nodejs) command -v node >/dev/null && continue ;;
      npm) command -v npm >/dev/null && continue ;;
      default-jre-headless) command -v java >/dev/null && continue ;;
    esac
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all Debian packages present"
fi

if [[ "${1:-}" == "--test" ]]; then
  # The Nu HTML checker, from npm, pinned in tests/web/package.json.
  if [[ ! -d tests/web/node_modules/vnu-jar ]]; then
    (cd tests/web && npm ci --no-audit --no-fund --loglevel=error)
  fi
  # Browser tests, the Pagefind comparison and the web audits: playwright-core, pagefind,
  # @axe-core/playwright and lighthouse, pinned in tests/e2e/package.json (the browser
  # itself is Debian's chromium, above).
  if [[ ! -d tests/e2e/node_modules/playwright-core || ! -d tests/e2e/node_modules/@axe-core/playwright ||
        ! -d tests/e2e/node_modules/lighthouse ]]; then
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
