#!/bin/sh
# make demo: the whole pipeline, offline, on the bundled sample feeds.
set -eu
out=${DEMO_DIR:-demo-out}
mkdir -p "$out"
echo "== veille check: the bundled configuration"
./veille --config feeds.conf check
echo "== veille check: the demo configuration (sample feeds)"
./veille --config samples/demo.conf check
# ---- trend report (veille report) ----
if [ -f "$out/veille.db" ]; then
	echo "== veille report: the trend report of the demo's autumn, by month"
	./veille --config samples/demo.conf --db "$out/veille.db" report \
		--from 2026-09-01 --to 2026-12-01 --by month -o "$out/report.html"
	./veille --config samples/demo.conf --db "$out/veille.db" report \
		--from 2026-09-01 --to 2026-12-01 --by month --format csv \
		-o "$out/report.csv"
	echo "report: $out/report.html (open it in a browser; prints to A4)"
	echo "report data: $out/report.csv (period,niche,metric,value)"
else
	echo "== veille report: skipped, no $out/veille.db yet (veille fetch fills it)"
fi
