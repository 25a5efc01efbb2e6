#!/usr/bin/env bash
# Prints the real portal's bulletins to A4 PDFs with `ttdn pdf` and checks them with
# poppler-utils: A4 pages, a cover, the contents and a page per article, the issue title and
# page numbers in each language, and — for 2026-Q1 — the published articles without the
# draft. Exits 77 (skipped) when Chromium or poppler-utils is missing.
# Usage: check_portal_pdf.sh TTDN_BINARY SOURCE_DIR
set -euo pipefail
ttdn=$1
src=$2

have() { command -v "$1" >/dev/null 2>&1; }
if ! { have chromium || have chromium-browser || have google-chrome || have google-chrome-stable; }; then
  echo "skipped: no Chromium on PATH (scripts/setup.sh --test installs it)"
  exit 77
fi
if ! have pdfinfo || ! have pdftotext; then
  echo "skipped: pdfinfo/pdftotext missing (Debian poppler-utils)"
  exit 77
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
now=2026-11-25T12:00:00+07:00
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# check QUARTER LANG MIN_PAGES PAGE_LABEL TEXT...: every TEXT must be in the PDF.
check() {
  local quarter=$1 lang=$2 min_pages=$3 label=$4
  shift 4
  local pdf="$out/$quarter-$lang.pdf"
  "$ttdn" pdf "$quarter" --lang "$lang" --site "$src" --now "$now" --out "$pdf" 2>"$out/log" ||
    { cat "$out/log" >&2; fail "ttdn pdf $quarter --lang $lang"; return; }
  local info pages text
  info=$(pdfinfo "$pdf")
  grep -q "(A4)" <<<"$info" || fail "$quarter $lang: pages are not A4"
  pages=$(awk '/^Pages:/ {print $2}' <<<"$info")
  ((pages >= min_pages)) || fail "$quarter $lang: $pages pages, expected at least $min_pages"
  text=$(pdftotext -layout "$pdf" -)
  grep -qF "$label" <<<"$text" || fail "$quarter $lang: no page number '$label'"
  for t in "$@"; do
    grep -qF -- "$t" <<<"$text" || fail "$quarter $lang: '$t' is not in the PDF"
  done
  echo "$quarter $lang: $pages A4 pages"
}

# 2023-Q1: six articles, one of them not translated into Chinese.
check 2023-Q1 vi 8 "Trang 2/" "Bản tin Đối ngoại Cao Bằng số 1/2023" "Mục lục" \
  "https://ttdn.caobang.gov.vn/ban-tin/2023/q1/"
check 2023-Q1 en 8 "Page 2 of" "Cao Bang Foreign Affairs Bulletin No. 1/2023" "Contents"
check 2023-Q1 zh 8 "第2页" "《高平对外简报》2023年第1期" "目录" "仅有越南语版"
# 2026-Q1: the two published articles; the draft that names the quarter never.
check 2026-Q1 vi 4 "Trang 2/" "Công tác thông tin đối ngoại năm 2026" "quảng bá non nước Cao Bằng"
if pdftotext "$out/2026-Q1-vi.pdf" - | grep -qF "Các cơ quan, đơn vị triển khai"; then
  fail "2026-Q1 vi: the draft article is in the PDF"
fi

if ((failures)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "bulletin PDFs: all checks passed"
