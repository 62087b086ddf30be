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
# a store kept from an earlier run is made again when its schema is older
# than this veille's (report opens it read-only and would refuse it)
rm -f "$OUT/v.db"*
printf 'feed\tguid\ttitle\n' | build/plain/tests/tools/mkdb -q "$OUT/v.db" - 2>/dev/null
want=$(sqlite3 "$OUT/v.db" 'PRAGMA user_version')
rm -f "$OUT/v.db"*
if [ ! -s "$db" ] || [ "$(sqlite3 "$db" 'PRAGMA user_version')" != "$want" ]; then
	# made under another name and renamed when complete, so that a
	# failed generation is never taken for a store
	rm -f "$db" "$db-wal" "$db-shm" "$db.new"*
	printf 'feed\tguid\ttitle\n' | build/plain/tests/tools/mkdb -q "$db.new" - 2>/dev/null
	/usr/bin/python3 bench/b50-gen.py "$db.new" "$N" || exit 1
	sqlite3 "$db.new" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	mv "$db.new" "$db"
	rm -f "$db.new-wal" "$db.new-shm"
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

# wall time, CPU time (user + sys) and peak memory of one run
measure() {
	/usr/bin/time -f '%e %U %S %M' -o "$OUT/time.txt" "$@" >/dev/null
	awk '{ printf "%.0f %.0f %d", $1 * 1000, ($2 + $3) * 1000, $4 }' "$OUT/time.txt"
}
V="./veille -q --config $conf --db $db report --from 2025-12-01 --to 2026-12-01 --by week"
FLOOR="SELECT strftime('%Y-%W', coalesce(i.published, i.first_seen), 'unixepoch')
	AS w, x.name, count(*) FROM items i
	JOIN item_niches n ON n.item_id = i.id JOIN niches x ON x.id = n.niche_id
	WHERE coalesce(i.published, i.first_seen) >= 1764547200
	AND coalesce(i.published, i.first_seen) < 1796083200
	GROUP BY w, x.name"
if [ ! -x /usr/bin/time ]; then
	echo "_(b50 skipped: /usr/bin/time not installed)_"
	exit 0
fi
# one warm-up so every run reads from the page cache
$V --format csv -o /dev/null
set -- $(measure $V -o "$OUT/report.html"); hw=$1 hc=$2 hm=$3
set -- $(measure $V --format csv -o "$OUT/report.csv"); cw=$1 cc=$2 cm=$3
grep -v '^\[watch\|^label = ISO\|^label = OPC\|^match = iso\|^match = opc' "$conf" >"$OUT/nowatch.conf"
set -- $(measure ./veille -q --config "$OUT/nowatch.conf" --db "$db" report \
	--from 2025-12-01 --to 2026-12-01 --by week --format csv -o /dev/null)
nw=$1 nc=$2 nm=$3
set -- $(measure sqlite3 "$db" "$FLOOR"); fw=$1 fc=$2 fm=$3
items=$(sqlite3 "$db" "SELECT count(*) FROM items")
ratio() { awk "BEGIN { printf \"%.1f\", $1 / ($2 > 0 ? $2 : 1) }"; }
echo "## Trend report (b50)"
echo
echo "\`veille report\` over a year by week ($items items, 12 niches, 800 feeds,"
echo "titles of 6 to 10 words; terms from titles; two [watch] entries, so the"
echo "first 1000 characters of each summary are read too) against one"
echo "\`sqlite3\` query doing only the volume-per-niche-per-week aggregation"
echo "(the floor). Load average at the start: $(cut -d' ' -f1 /proc/loadavg);"
echo "CPU time is the steadier figure on a shared machine."
echo
echo "| run | wall | CPU (user+sys) | CPU vs floor | peak memory |"
echo "| --- | ---: | ---: | ---: | ---: |"
echo "| veille report, HTML | ${hw} ms | ${hc} ms | $(ratio "$hc" "$fc")x | $((hm / 1024)) MiB |"
echo "| veille report, CSV | ${cw} ms | ${cc} ms | $(ratio "$cc" "$fc")x | $((cm / 1024)) MiB |"
echo "| veille report, CSV, no watch list | ${nw} ms | ${nc} ms | $(ratio "$nc" "$fc")x | $((nm / 1024)) MiB |"
echo "| sqlite3 aggregation (floor) | ${fw} ms | ${fc} ms | 1x | $((fm / 1024)) MiB |"
echo
echo "The report reads every item once (niches, sectors, source, title, link,"
echo "the summary's lead for the watch list) and computes volumes, tests,"
echo "terms, first sightings, co-occurrence and sources in one pass; the floor"
echo "only counts."
