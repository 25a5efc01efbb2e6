#!/usr/bin/env bash
# Fresh machine → the portal in public/: installs what is missing, builds ttdn, builds the site.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)" --target ttdn
./build/ttdn build "$@"
