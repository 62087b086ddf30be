#!/bin/sh
# The report written by `veille report` from a database, opened in headless
# Chromium as t0620 does for the report core: it renders without console
# errors and without any request but the page itself, and prints to PDF.
# The screenshot is kept under $BUILD/report-cmd-artefacts/ (the README's
# doc/report-example.png is made this way).
. tests/e2e/lib.sh
PY=/usr/bin/python3
. tests/e2e/chromium.inc
need_chromium "veille report in headless chromium"
ART="$ROOT/${BUILD:-build/plain}/report-cmd-artefacts"
rm -rf "$ART"
mkdir -p "$ART" "$TMP/www"
$PY tests/data/report/history.py >"$TMP/h.tsv"
$PY tests/data/report/to-store.py "$TMP/h.tsv" "$TMP/items.tsv" "$TMP/feeds.conf" "$TMP/fix.tsv"
"$TOOLS/mkdb" -q "$TMP/db" "$TMP/items.tsv" 2>/dev/null
check "veille report writes the page" "$VEILLE" -q --config "$TMP/feeds.conf" \
	--db "$TMP/db" report --from 2026-01-01 --to 2026-04-01 --by month \
	-o "$TMP/www/report.html"

serve_dir "$TMP/www"
url="$SERVE_URL/report.html"
browse --dump-dom "$url" >"$TMP/dom.html" 2>"$TMP/console.log"
contains "chromium renders the report" "$TMP/dom.html" '<section id="method">'
contains "the rendered page has the store's niches" "$TMP/dom.html" 'Maintenance prédictive'
lacks "no console error or CSP violation" "$TMP/console.log" 'CONSOLE|Refused to|Uncaught'
check_requests report.html
browse --print-to-pdf="$ART/report.pdf" --no-pdf-header-footer "$url" \
	>/dev/null 2>&1
if head -c 5 "$ART/report.pdf" 2>/dev/null | grep -q '%PDF-'; then
	ok "prints to PDF"
else
	not_ok "prints to PDF"
fi
browse --screenshot="$ART/report-top.png" --window-size=1100,1400 "$url" \
	>/dev/null 2>&1
if [ -s "$ART/report-top.png" ]; then
	ok "screenshot of the page"
else
	not_ok "screenshot of the page"
fi
