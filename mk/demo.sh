#!/bin/sh
# make demo: the whole pipeline, offline, on the bundled sample feeds.
set -eu
out=${DEMO_DIR:-demo-out}
mkdir -p "$out"
echo "== veille check: the bundled configuration"
./veille --config feeds.conf check
echo "== veille check: the demo configuration (sample feeds)"
./veille --config samples/demo.conf check

# ---- weekly digests (keep these lines together, at the end) ----
echo "== veille digest: the week's digests of the sample members"
export VEILLE_NOW="${VEILLE_NOW:-2026-11-30T08:00:00Z}"
if [ -f "$out/veille.db" ]; then
	./veille --config samples/demo.conf --db "$out/veille.db" digest \
		--week 2026-W48 --out "$out/digests"
	echo "digests: $out/digests/*.eml (as sent) and *.html (open in a browser)"
else
	echo "no $out/veille.db: run veille fetch first"
fi
