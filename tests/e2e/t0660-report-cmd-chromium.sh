#!/bin/sh
# The report written by `veille report` from a database, opened in headless
# Chromium as t0620 does for the report core: it renders without console
# errors and without any request but the page itself, and prints to PDF.
# The screenshot is kept under $BUILD/report-cmd-artefacts/ (the README's
# doc/report-example.png is made this way). Every text of every chart lies
# inside its chart, measured by Chromium with the page's sans-serif and
# with DejaVu Sans (svgfit.py): a niche name as long as the taxonomy's
# longest ("Gestion d'actifs et efficacité énergétique") was cut off the
# line chart's legend.
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

# the charts, measured: a page of their own, for the report runs no script
$PY tests/e2e/svgfit.py "$TMP/www/report.html" "$TMP/fit.html"
browse --dump-dom "file://$TMP/fit.html" >"$TMP/fit-dom.html" 2>/dev/null
fit=$(sed -n 's/.*<pre id="fit">\([^<]*\)<.*/\1/p' "$TMP/fit-dom.html")
case $fit in
"charts "[1-9]*" texts "[1-9]*" outside 0 "*) ok "every chart's text inside its chart ($fit)" ;;
*) not_ok "every chart's text inside its chart" "${fit:-no measure: $(head -c 300 "$TMP/fit-dom.html")}" ;;
esac
contains "the longest niche name is among them, whole" "$TMP/fit.html" \
	">IIoT industriel et efficacité énergétique</text>"
