#!/bin/sh
# The crawl keeps its slots full: six feeds of one slow host at two at a
# time go in three rounds of two, never one by one, and never more than two
# at once. Counted by what the server saw in flight when each request
# arrived (its log), not by time.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "fetch slots"
start_httpd S
{
	printf '[settings]\nper_host = 2\njobs = 16\n'
	for k in 1 2 3 4 5 6; do
		printf '[feed f%d]\nurl = %s/slow?delay=1&n=%d\n' "$k" "$S_URL" "$k"
	done
} >"$TMP/feeds.conf"
for threads in 0 2; do
	: >"$TMP/S.log"
	"$VEILLE" --config "$TMP/feeds.conf" --db "$TMP/v$threads.db" fetch -q --threads "$threads" 2>"$TMP/err" ||
		not_ok "fetch --threads $threads" "$(cat "$TMP/err")"
	"$HTTPD_PY" -c 'import json,sys
L=[json.loads(l) for l in open(sys.argv[1]) if "/slow" in l]
print(len(L), sum(1 for r in L if r["inflight"] == 2), max(r["inflight"] for r in L))' "$TMP/S.log" >"$TMP/counts"
	read -r total pairs most <"$TMP/counts"
	is "--threads $threads: six requests" "$total" 6
	# rounds of two: in each, the second request arrives while the first
	# is in flight (one slot left empty for a whole answer gave 2)
	if [ "$pairs" -ge 3 ]; then
		ok "--threads $threads: at least three joined one in flight ($pairs): rounds of two"
	else
		not_ok "--threads $threads: at least three joined one in flight: rounds of two" "$pairs"
	fi
	is "--threads $threads: never more than two at once" "$most" 2
done
