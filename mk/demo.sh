#!/bin/sh
# make demo: the whole pipeline, offline, on the bundled sample feeds.
set -eu
out=${DEMO_DIR:-demo-out}
mkdir -p "$out"
# A fixed clock: the same run gives the same database and output.
VEILLE_NOW=${VEILLE_NOW:-2026-11-30T08:00:00Z}
export VEILLE_NOW
echo "== veille fetch: the sample feeds (five formats) into $out/veille.db"
rm -f "$out/veille.db" "$out/veille.db-wal" "$out/veille.db-shm"
# Two Sunday-evening crawls a week apart: the first (22 November) finds
# the feeds as they stood then, its items the watch's backlog (archived,
# searchable, never sent as news); the second (29 November, week 48) finds
# that week's items, the news of the Monday digest below.
VEILLE_NOW=2026-11-22T20:00:00Z \
	./veille --config samples/demo-w47.conf --db "$out/veille.db" fetch --all -q
VEILLE_NOW=2026-11-29T20:00:00Z \
	./veille --config samples/demo.conf --db "$out/veille.db" fetch --all
echo "== veille check: the bundled configuration"
./veille --config feeds.conf check
echo "== veille check: the demo configuration (sample feeds)"
./veille --config samples/demo.conf check
echo "== veille feeds"
./veille --config samples/demo.conf --db "$out/veille.db" feeds
echo "== veille search: maintenance predictive"
./veille --config samples/demo.conf --db "$out/veille.db" search maintenance predictive

# ---- classify and explain: niches and the evidence behind them ----
echo "== veille classify: the current rules over the demo database"
db="$out/veille.db"
if [ -s "$db" ]; then
	./veille --config samples/demo.conf --db "$db" classify
	./veille --config samples/demo.conf --db "$db" stats | sed -n '/rules fingerprint/,$p'
	# the first hit that landed in a niche, else the first hit (JSON
	# lines, "id" first; the demo needs nothing but the build packages)
	hits=$(./veille --config samples/demo.conf --db "$db" search --format json \
		--limit 50 maintenance)
	id=$(printf '%s\n' "$hits" | grep '"niches":\["' | head -n 1 |
		sed -n 's/^{"id":\([0-9]*\).*/\1/p')
	[ -n "$id" ] || id=$(printf '%s\n' "$hits" | head -n 1 |
		sed -n 's/^{"id":\([0-9]*\).*/\1/p')
	if [ -n "$id" ]; then
		echo "== veille explain $id: why this item is in its niches"
		./veille --config samples/demo.conf --db "$db" explain "$id"
	else
		echo "(no item matches 'maintenance' in $db)"
	fi

	# ---- an analyst's correction and a curator's suggestion ----
	# the RCM study of haul trucks is, for the analyst, about failure
	# prediction: the correction wins over the rules from now on
	id=$(./veille --config samples/demo.conf --db "$db" search --format json \
		'"haul trucks"' | head -n 1 | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
	if [ -n "$id" ]; then
		echo "== veille label $id: an analyst corrects the niches of an item"
		VEILLE_USER=${VEILLE_USER:-analyste} ./veille --config samples/demo.conf \
			--db "$db" label "$id" +predictive-maintenance -reliability-rcm \
			--note "about failure prediction, not RCM"
		echo "== veille search --niche predictive-maintenance trucks: the correction wins"
		./veille --config samples/demo.conf --db "$db" search \
			--niche predictive-maintenance trucks
		echo "== veille rules eval --from-db: the rules measured on the corrections"
		./veille --config samples/demo.conf --db "$db" rules eval --from-db |
			sed -n '1,2p;/^micro/,/^rows/p'
	fi
	echo "== veille rules suggest predictive-maintenance: terms for the curator"
	./veille --config samples/demo.conf --db "$db" rules suggest \
		predictive-maintenance --limit 5
else
	echo "(no $db yet: the fetch step of the demo builds it)"
fi

# ---- trend report (veille report) ----
if [ -f "$out/veille.db" ]; then
	echo "== veille report: the trend report of the demo's autumn, by month"
	./veille --config samples/demo.conf --db "$out/veille.db" report \
		--from 2026-09-01 --to 2026-12-01 --by month -o "$out/report.html"
	./veille --config samples/demo.conf --db "$out/veille.db" report \
		--from 2026-09-01 --to 2026-12-01 --by month --format csv \
		-o "$out/report.csv"
	echo "== the report's summary (its first section), then Morocco's"
	./veille --config samples/demo.conf --db "$out/veille.db" report \
		--from 2026-09-01 --to 2026-12-01 --by month --format md |
		sed -n '/^## Synthèse/,/^## Croissance/p' | sed '$d'
	./veille --config samples/demo.conf --db "$out/veille.db" report \
		--from 2026-09-01 --to 2026-12-01 --by month --format md |
		sed -n '/^## Régions/,/^## /p' | sed '$d'
	echo "== veille search --region morocco maintenance"
	./veille --config samples/demo.conf --db "$out/veille.db" search \
		--region morocco maintenance --limit 3
	echo "report: $out/report.html (open it in a browser; prints to A4)"
	echo "report data: $out/report.csv (period,niche,metric,value)"
else
	echo "== veille report: skipped, no $out/veille.db yet (veille fetch fills it)"
fi

# ---- weekly digests (keep these lines together, at the end) ----
echo "== veille digest: the week's digests of the sample members"
export VEILLE_NOW="${VEILLE_NOW:-2026-11-30T08:00:00Z}"
if [ -f "$out/veille.db" ]; then
	D() { ./veille --config samples/demo.conf --db "$out/veille.db" "$@"; }
	# the analyst's pick heads every digest (--all) with its note; a
	# member away is paused in the database, the file left as it is
	pick=$(D search --format json --limit 1 maintenance |
		sed -n 's/^{"id":\([0-9]*\).*/\1/p')
	[ -z "$pick" ] || D pick "$pick" --all \
		--note "Un retour d’expérience marocain, à partager avec vos équipes."
	D member pause port-authority
	D digest --week 2026-W48 --out "$out/digests"
	echo "== the pick, as acme-maintenance reads it"
	D digest --week 2026-W48 --member acme-maintenance |
		awk '/^(== |-- $)/ { p = /La sélection/ } p'
	D member resume port-authority
	echo "digests: $out/digests/*.eml (as sent) and *.html (open in a browser)"
	echo "niche pages (\"N autres dans cette niche\"): $out/digests/niches/"
else
	echo "no $out/veille.db: run veille fetch first"
fi
