#!/bin/sh
# b50: `veille report` over a year of a 600,000-item store (BENCH_REPORT_ITEMS
# to change it) against the floor: the same volume-per-niche-per-week
# aggregation as one query of the sqlite3 CLI on the same database.
set -eu
command -v sqlite3 >/dev/null 2>&1 || { echo "_(b50 skipped: sqlite3 CLI not installed)_"; exit 0; }
N=${BENCH_REPORT_ITEMS:-600000}
OUT=bench/out/b50
make --no-print-directory veille build/plain/tests/tools/mkdb >/dev/null
mkdir -p "$OUT"
db="$OUT/items-$N.db"
if [ ! -s "$db" ]; then
	rm -f "$db" "$db-wal" "$db-shm"
	printf 'feed\tguid\ttitle\n' | build/plain/tests/tools/mkdb -q "$db" - 2>/dev/null
	/usr/bin/python3 bench/b50-gen.py "$db" "$N"
fi
conf="$OUT/report.conf"
{
	for n in predictive-maintenance condition-monitoring cmms-eam digital-twin \
		iiot-edge reliability ai-maintenance ot-cybersecurity inspection-ndt \
		asset-management tpm-lean additive-spares; do
		printf '[niche %s]\nlabel = %s\nmatch = \\b%s\\b\n\n' "$n" "$n" "$n"
	done
	for s in energy mining water automotive aerospace food; do
		printf '[sector %s]\nlabel = %s\nmatch = \\b%s\\b\n\n' "$s" "$s" "$s"
	done
	printf '[watch iso55000]\nlabel = ISO 55000\nmatch = iso 55000|iso55000\n\n'
	printf '[watch opcua]\nlabel = OPC UA\nmatch = opc ua|opc-ua\n'
} >"$conf"

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
V="./veille -q --config $conf --db $db report --from 2025-12-01 --to 2026-12-01 --by week"
# one warm-up so both sides read from the page cache
$V --format csv -o /dev/null
t0=$(now); $V -o "$OUT/report.html"; t1=$(now)
$V --format csv -o "$OUT/report.csv"; t2=$(now)
sqlite3 "$db" "SELECT strftime('%Y-%W', coalesce(i.published, i.first_seen),
	'unixepoch') AS w, x.name, count(*) FROM items i
	JOIN item_niches n ON n.item_id = i.id JOIN niches x ON x.id = n.niche_id
	WHERE coalesce(i.published, i.first_seen) >= 1764547200
	AND coalesce(i.published, i.first_seen) < 1796083200
	GROUP BY w, x.name" >"$OUT/floor.txt"
t3=$(now)
rss=$( (command -v /usr/bin/time >/dev/null && /usr/bin/time -f %M $V --format csv -o /dev/null 2>&1 >/dev/null) || echo "?")
items=$(sqlite3 "$db" "SELECT count(*) FROM items")
html=$(ms "$t0" "$t1"); csv=$(ms "$t1" "$t2"); floor=$(ms "$t2" "$t3")
echo "## Trend report (b50)"
echo
echo "\`veille report\` over a year by week ($items items, 12 niches, 800 feeds,"
echo "titles of 6 to 10 words; terms from titles) against one \`sqlite3\` query"
echo "doing only the volume-per-niche-per-week aggregation (the floor)."
echo
echo "| run | time | vs floor |"
echo "| --- | ---: | ---: |"
echo "| veille report, HTML | ${html} ms | $(awk "BEGIN{printf \"%.1f\", $html / ($floor ? $floor : 1)}")x |"
echo "| veille report, CSV | ${csv} ms | $(awk "BEGIN{printf \"%.1f\", $csv / ($floor ? $floor : 1)}")x |"
echo "| sqlite3 aggregation (floor) | ${floor} ms | 1x |"
echo
echo "Peak memory of the report: ${rss} KiB. The report reads every item once"
echo "(niches, sectors, source, title, link; 1000 summary characters when a"
echo "watch list is configured) and does volumes, tests, terms, co-occurrence"
echo "and sources in one pass; the floor counts only."
