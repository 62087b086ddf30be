#!/bin/sh
# The report in headless Chromium: it renders without console errors and
# without any request but the page itself, prints to PDF, and screenshots
# of the page and of each chart are kept under $BUILD/report-artefacts/.
#
# How "no outside request" is checked: the page is loaded from a local HTTP
# server that logs every request, and only GET /report.html may appear; the
# page also carries a strict Content-Security-Policy, so any attempt to
# load something else would show as a "Refused to ..." console error; and
# host resolution is mapped away so nothing can leave the machine anyway.
. tests/e2e/lib.sh
PY=/usr/bin/python3
. tests/e2e/chromium.inc
need_chromium "report in headless chromium"
ART="$ROOT/${BUILD:-build/plain}/report-artefacts"
rm -rf "$ART"
mkdir -p "$ART" "$TMP/www"
$PY tests/data/report/history.py >"$TMP/h.tsv"
"$TOOLS/reporttool" "$TMP/h.tsv" "$TMP/www" --from 2026-01-01 \
	--to 2026-04-01 --by week --baseline 4 --fingerprint 0123abcd

serve_dir "$TMP/www"
url="$SERVE_URL/report.html"
browse --dump-dom "$url" >"$TMP/dom.html" 2>"$TMP/console.log"
contains "chromium renders the report" "$TMP/dom.html" '<section id="method">'
lacks "no console error or CSP violation" "$TMP/console.log" 'CONSOLE|Refused to|Uncaught'
check_requests report.html

browse --print-to-pdf="$ART/report.pdf" --no-pdf-header-footer "$url" \
	>/dev/null 2>&1
if head -c 5 "$ART/report.pdf" 2>/dev/null | grep -q '%PDF-'; then
	pages=$(grep -a -c '/Type /Page$\|/Type /Page[^s]' "$ART/report.pdf")
	if [ "$pages" -ge 5 ]; then
		ok "prints to PDF, sections on their own pages ($pages pages)"
	else
		not_ok "prints to PDF with page breaks ($pages pages)"
	fi
else
	not_ok "prints to PDF"
fi

browse --screenshot="$ART/report.png" --window-size=1100,9000 "$url" \
	>/dev/null 2>&1
browse --screenshot="$ART/report-top.png" --window-size=1100,1500 "$url" \
	>/dev/null 2>&1
if [ -s "$ART/report.png" ] && [ -s "$ART/report-top.png" ]; then
	ok "screenshots of the page"
else
	not_ok "screenshots of the page"
fi
n=0
bad=0
for svg in "$TMP"/www/chart-*.svg; do
	[ -e "$svg" ] || continue
	n=$((n + 1))
	base=$(basename "$svg" .svg)
	cp "$svg" "$ART/$base.svg"
	browse --screenshot="$ART/$base.png" --window-size=800,600 \
		"$SERVE_URL/$base.svg" >/dev/null 2>&1
	[ -s "$ART/$base.png" ] || bad=$((bad + 1))
done
if [ "$n" -ge 4 ] && [ "$bad" -eq 0 ]; then
	ok "screenshot of each chart alone ($n)"
else
	not_ok "screenshot of each chart alone ($n charts, $bad failed)"
fi
