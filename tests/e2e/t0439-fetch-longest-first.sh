#!/bin/sh
# The crawl's schedule, by order and counts (never by time): the host with
# the most expected time left starts first (the first night by its number
# of feeds due, then by each feed's response time kept in the database;
# tests/unit/test_fetch_sched.c has the rest of the order);
# no host ever has more than per_host requests in flight; a host's
# connections are reused across its feeds, whatever the order of the list
# (connections counted as the client ports the servers saw).
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "fetch longest first"
start_httpd A
start_httpd B

# first_host LOG_A LOG_B: which server got the earliest request
first_host() {
	"$HTTPD_PY" -c 'import json,sys
t=[min([json.loads(l)["t"] for l in open(f)] or [1e18]) for f in sys.argv[1:]]
print("A" if t[0] < t[1] else "B")' "$1" "$2"
}
# ports LOG: connections (distinct client ports) the server saw
ports() {
	"$HTTPD_PY" -c 'import json,sys
print(len({json.loads(l)["port"] for l in open(sys.argv[1])}))' "$1"
}
# most LOG: requests in flight at most when one arrived, this one included
most() {
	"$HTTPD_PY" -c 'import json,sys
print(max(json.loads(l)["inflight"] for l in open(sys.argv[1])))' "$1"
}

# crawl WHAT CONF DB [OPTION...]: a fetch with both logs emptied first
crawl() {
	_what=$1 _conf=$2 _db=$3
	shift 3
	: >"$TMP/A.log"
	: >"$TMP/B.log"
	"$VEILLE" --config "$_conf" --db "$_db" fetch -q --threads "$threads" "$@" 2>"$TMP/err" ||
		not_ok "--threads $threads: $_what" "$(cat "$TMP/err")"
}

for threads in 0 2; do
	db="$TMP/v$threads.db"
	# A: four quick feeds, listed first; B: two slow ones. One transfer at
	# a time, so the order is the schedule's alone.
	{
		printf '[settings]\nper_host = 2\njobs = 1\n'
		for k in 1 2 3 4; do
			printf '[feed a%d]\nurl = %s/ok?etag=a%d&n=%d\n' "$k" "$A_URL" "$k" "$k"
		done
		for k in 1 2; do
			printf '[feed b%d]\nurl = %s/slow?delay=1&n=%d\n' "$k" "$B_URL" "$k"
		done
	} >"$TMP/feeds.conf"
	crawl "first run" "$TMP/feeds.conf" "$db"
	is "--threads $threads: first night: the host with more feeds due first" \
		"$(first_host "$TMP/A.log" "$TMP/B.log")" A
	"$VEILLE" --config "$TMP/feeds.conf" --db "$db" feeds --format json >"$TMP/feeds.json"
	"$HTTPD_PY" -c 'import json,sys
F={f["name"]: f for f in json.load(open(sys.argv[1]))}
known=all(F[n]["ttfb_ms"] is not None and F[n]["transfer_ms"] is not None for n in F)
print("yes" if known else "no", "yes" if min(F["b1"]["ttfb_ms"], F["b2"]["ttfb_ms"]) > max(F["a%d" % k]["ttfb_ms"] for k in (1,2,3,4)) else "no")' \
		"$TMP/feeds.json" >"$TMP/times"
	read -r known slower <"$TMP/times"
	is "--threads $threads: every feed's response times kept" "$known" yes
	is "--threads $threads: the slow host's feeds measured slower" "$slower" yes
	"$VEILLE" --config "$TMP/feeds.conf" --db "$db" feeds >"$TMP/feeds.txt"
	if grep -q "first byte [0-9]* ms, body [0-9]* ms" "$TMP/feeds.txt"; then
		ok "--threads $threads: veille feeds shows the response times"
	else
		not_ok "--threads $threads: veille feeds shows the response times" "$(head -4 "$TMP/feeds.txt")"
	fi
	crawl "second run" "$TMP/feeds.conf" "$db" --all
	is "--threads $threads: next run: the host with more time recorded first" \
		"$(first_host "$TMP/A.log" "$TMP/B.log")" B
	is "--threads $threads: A's four feeds over one connection" "$(ports "$TMP/A.log")" 1

	# Interleaved hosts, one transfer at a time, each host's feeds taking
	# turns: every host keeps its one connection between its turns.
	{
		printf '[settings]\nper_host = 1\njobs = 1\n'
		for k in 1 2 3; do
			printf '[feed a%d]\nurl = %s/ok?n=%d\n' "$k" "$A_URL" "$k"
			printf '[feed b%d]\nurl = %s/ok?n=%d\n' "$k" "$B_URL" "$k"
		done
	} >"$TMP/mixed.conf"
	crawl "interleaved run" "$TMP/mixed.conf" "$TMP/m$threads.db"
	is "--threads $threads: interleaved: three requests to A" "$(requests "$TMP/A.log" /ok)" 3
	is "--threads $threads: interleaved: A's feeds over one connection" "$(ports "$TMP/A.log")" 1
	is "--threads $threads: interleaved: B's feeds over one connection" "$(ports "$TMP/B.log")" 1

	# Many feeds of a slow host among quick ones, sixteen transfers: the
	# slow host never gets more than two at once, nor more than two
	# connections.
	{
		printf '[settings]\nper_host = 2\njobs = 16\n'
		for k in 1 2 3; do
			printf '[feed a%d]\nurl = %s/ok?n=%d\n' "$k" "$A_URL" "$k"
		done
		for k in 1 2 3 4 5 6; do
			printf '[feed b%d]\nurl = %s/slow?delay=0.5&n=%d\n' "$k" "$B_URL" "$k"
		done
	} >"$TMP/cap.conf"
	crawl "capped run" "$TMP/cap.conf" "$TMP/c$threads.db"
	is "--threads $threads: capped: six requests to the slow host" "$(requests "$TMP/B.log" /slow)" 6
	is "--threads $threads: capped: never more than two at once there" "$(most "$TMP/B.log")" 2
	is "--threads $threads: capped: at most two connections there" \
		"$(ports "$TMP/B.log" | awk '{ print ($1 <= 2) ? "yes" : $1 }')" yes
done
