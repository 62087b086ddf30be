#!/bin/sh
# The crawl's schedule against what politeness allows (issue 25): a night
# as it looks on the network, on loopback. bench/schedule-server.py serves
# HOSTS hosts (127.0.0.1 .. 127.0.0.HOSTS) of FEEDS feeds each, the real
# captures of ../shared/corpus (RSS, RSS 1.0, Atom) in turn; every host
# answers after its own delay (log-normal, median 300 ms, at most 2 s) at
# 2 MB/s per connection, with gzip, ETag and 304. The lower bound of the
# work is max(slowest host's queue / per_host, total time / jobs, longest
# single answer), each answer's time being its host's delay plus its gzip
# bytes at 2 MB/s (a 304 only the delay). veille (jobs 16, per_host 2),
# then newsboat (reload-threads 16) and sfeed_update (16 jobs) when
# installed, cold and warm, the feed list grouped by host (as operators
# write it) and shuffled; connections and the most requests in flight on
# one host as the server counted them. Prints a Markdown section.
set -eu
VEILLE=${VEILLE:-./veille}
HOSTS=${HOSTS:-100}
FEEDS=${FEEDS:-10}
SHARED=${SHARED:-../shared}
OUT=bench/out/schedule
PY=/usr/bin/python3
title="## Crawl schedule ($HOSTS hosts x $FEEDS feeds, per-host delays, bench/b45-schedule.sh)"
if [ ! -f "$SHARED/corpus/MANIFEST.tsv" ]; then
	echo "$title"; echo; echo "_skipped: $SHARED/corpus absent (the feeds served are its captures)_"; exit 0
fi
rm -rf "$OUT"
mkdir -p "$OUT/nb" "$OUT/sfeed"
# the well-formed feeds of the corpus, as its manifest says
awk -F '\t' '$5 ~ /well-formed\]/ && $1 ~ /^(rss|rdf|atom)\// { print $1 }' \
	"$SHARED/corpus/MANIFEST.tsv" | sort | sed "s|^|$SHARED/corpus/|" >"$OUT/files"
# shellcheck disable=SC2046
$PY bench/schedule-server.py --dir "$OUT" --hosts "$HOSTS" --feeds "$FEEDS" \
	$(cat "$OUT/files") 2>"$OUT/server.err" &
spid=$!
trap 'kill $spid 2>/dev/null' EXIT INT TERM
i=0
while [ ! -s "$OUT/port" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$OUT/port" ] || { echo "$title"; echo; echo "_failed: the server did not start: $(cat "$OUT/server.err")_"; exit 0; }

# the feed lists: grouped by host, and shuffled (a fixed seed)
$PY - "$OUT" <<'EOT'
import json, random, sys
out = sys.argv[1]
plan = json.load(open(out + "/plan.json"))
urls = [f["url"] for f in plan["feeds"]]
mixed = urls[:]
random.Random(7).shuffle(mixed)
for name, l in (("grouped", urls), ("shuffled", mixed)):
    with open("%s/%s.urls" % (out, name), "w") as fh:
        fh.write("".join(u + "\n" for u in l))
    with open("%s/%s.conf" % (out, name), "w") as fh:
        fh.write("[settings]\njobs = 16\nper_host = 2\n")
        for u in l:
            fh.write("[feed %s]\nurl = %s\nevery = 1h\n" % (u.rsplit("/", 1)[1][:-4], u))
EOT
# bound cold|warm: the lower bound of the work, seconds
bound() {
	$PY - "$OUT/plan.json" "$1" <<'EOT'
import json, sys
plan = json.load(open(sys.argv[1]))
warm = sys.argv[2] == "warm"
host, total, longest = {}, 0.0, 0.0
for f in plan["feeds"]:
    t = f["delay"] + (0 if warm else f["gzip_bytes"] / plan["bandwidth"])
    host[f["host"]] = host.get(f["host"], 0) + t
    total += t
    longest = max(longest, t)
print("%.2f" % max(max(host.values()) / 2, total / 16, longest))
EOT
}
# stats KEY: what the server counted since the last call
stats() { $PY -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$OUT/stats.json" "$1"; }
snap() {
	rm -f "$OUT/stats.json"
	kill -USR1 $spid
	i=0
	while [ ! -s "$OUT/stats.json" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
}
now() { date +%s.%N; }
b_cold=$(bound cold)
b_warm=$(bound warm)
rows=""
# run NAME ORDER PHASE CMD...: one crawl, timed by wall clock, then its row
run() {
	name=$1 order=$2 phase=$3
	shift 3
	snap
	t0=$(now)
	/usr/bin/time -f "%U %S" -o "$OUT/cpu" "$@" >"$OUT/run.out" 2>"$OUT/run.err" || true
	t1=$(now)
	snap
	cpu=$(tail -n 1 "$OUT/cpu" | awk '{ printf "%.1f", $1 + $2 }')
	if [ "$phase" = cold ]; then b=$b_cold; else b=$b_warm; fi
	t=$(awk "BEGIN{printf \"%.2f\", $t1 - $t0}")
	rows="$rows| $name | $order | $phase | $t | $b | $(awk "BEGIN{printf \"%.2f\", $t / $b}") | $(stats requests) | $(stats not_modified) | $(stats connections) | $(stats most_per_host) | $cpu |
"
}
snap
for order in grouped shuffled; do
	db="$OUT/$order.db"
	run veille "$order" cold "$VEILLE" -q --config "$OUT/$order.conf" --db "$db" fetch --all
	run veille "$order" warm "$VEILLE" -q --config "$OUT/$order.conf" --db "$db" fetch --all
done
peers=""
# PEERS=0: veille alone (the peers take most of the time: sfeed_update
# some ten minutes a run)
if [ "${PEERS:-1}" = 0 ]; then
	peers=" none (PEERS=0)"
elif command -v newsboat >/dev/null 2>&1; then
	printf 'reload-threads 16\n' >"$OUT/nb/config"
	for order in grouped shuffled; do
		rm -f "$OUT/nb/cache.db"
		for phase in cold warm; do
			run newsboat "$order" "$phase" newsboat -x reload -u "$OUT/$order.urls" \
				-c "$OUT/nb/cache.db" -C "$OUT/nb/config" </dev/null
		done
	done
	peers="$peers newsboat $(newsboat -v 2>/dev/null | head -1 | awk '{print $2}')"
else
	peers="$peers (newsboat not installed)"
fi
if [ "${PEERS:-1}" = 0 ]; then
	:
elif command -v sfeed_update >/dev/null 2>&1; then
	for order in grouped shuffled; do
		rm -rf "$OUT/sfeed/$order"
		mkdir -p "$OUT/sfeed/$order"
		{
			echo "sfeedpath=\"$PWD/$OUT/sfeed/$order\""
			echo "maxjobs=16"
			echo "feeds() {"
			awk '{ n = $0; sub(/.*\//, "", n); printf "\tfeed \"%s\" \"%s\"\n", n, $0 }' "$OUT/$order.urls"
			echo "}"
		} >"$OUT/sfeed/$order.rc"
		# no validators: a second run is the first again
		run sfeed_update "$order" cold sfeed_update "$OUT/sfeed/$order.rc"
	done
	peers="$peers, sfeed_update"
else
	peers="$peers, (sfeed_update not installed)"
fi
kill $spid 2>/dev/null || true

echo "$title"
echo
echo "What a night's crawl looks like on the network: $HOSTS hosts (127.0.0.1 .."
echo "127.0.0.$HOSTS) of $FEEDS feeds each, served by \`bench/schedule-server.py\` from"
echo "the $(wc -l <"$OUT/files") well-formed RSS, RSS 1.0 and Atom captures of \`../shared/corpus\` in turn,"
echo "each host answering after its own delay (log-normal, median 300 ms, at"
echo "most 2 s) at 2 MB/s per connection, with gzip, ETag and 304. The bound is"
echo "max(slowest host's queue / 2, total answer time / 16, longest answer):"
echo "no crawl with 16 transfers and 2 per host can end sooner (cold $b_cold s,"
echo "warm $b_warm s, all 304). veille runs with jobs 16 and per_host 2, the"
echo "feed list grouped by host (as operators write it) or shuffled; peers:$peers."
echo "Connections are those the server accepted; \"most\" is the most requests"
echo "it had in flight on one host at once. Wall times of one run on a shared"
echo "machine ($(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) when it ended): a cold crawl"
echo "parses and stores every body (CPU column), a warm one mostly waits."
echo
echo "| crawler | order | run | time (s) | bound (s) | time / bound | requests | 304 | connections | most per host | CPU user+sys (s) |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s' "$rows"
