#!/bin/sh
# fetcher: the per-host and global limits hold (read from the server's own
# count of requests in flight), connections are reused, and a rate-limited
# host does not hold back another host.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "fetch concurrency"
start_httpd A
start_httpd B

max_inflight() {
	"$HTTPD_PY" -c 'import json,sys
print(max(json.loads(l)["inflight"] for l in open(sys.argv[1])))' "$1"
}

set --
for i in 1 2 3 4 5 6 7 8; do set -- "$@" "$A_URL/slow?delay=0.5&i=$i"; done
"$FETCH" "$@" >"$TMP/r"
is "8 requests to one host all ok" "$(grep -c '"status":"ok"' "$TMP/r")" 8
m=$(max_inflight "$TMP/A.log")
if [ "$m" -le 2 ]; then ok "default per-host limit: at most 2 at once (saw $m)"; else not_ok "default per-host limit 2" "saw $m"; fi
if [ "$m" -ge 2 ]; then ok "requests to a host do run concurrently (saw $m)"; else not_ok "requests run concurrently" "saw $m"; fi

: >"$TMP/A.log"
"$FETCH" --per-host 4 "$@" >"$TMP/r"
m=$(max_inflight "$TMP/A.log")
if [ "$m" -le 4 ]; then ok "--per-host 4 honoured (saw $m)"; else not_ok "--per-host 4" "saw $m"; fi

: >"$TMP/A.log"
"$FETCH" --per-host 8 --jobs 3 "$@" >"$TMP/r"
m=$(max_inflight "$TMP/A.log")
if [ "$m" -le 3 ]; then ok "global limit --jobs 3 honoured (saw $m)"; else not_ok "--jobs 3" "saw $m"; fi

: >"$TMP/A.log"
"$FETCH" --per-host 1 "$A_URL/ok?c=1" "$A_URL/ok?c=2" "$A_URL/ok?c=3" >"$TMP/r"
ports=$("$HTTPD_PY" -c 'import json,sys
print(len({json.loads(l)["port"] for l in open(sys.argv[1])}))' "$TMP/A.log")
is "one connection reused for three requests" "$ports" 1

# A rate-limited host answers at once and another host goes on.
"$FETCH" "$A_URL/status/429?retry-after=3600" "$B_URL/ok" "$A_URL/ok?after429=1" >"$TMP/r"
is "429 host: rate-limited" "$(field "$TMP/r" 1 status)" rate-limited
is "other host unaffected" "$(field "$TMP/r" 2 status)" ok
is "the rate limit is per request, not a host ban" "$(field "$TMP/r" 3 status)" ok

# Results are handed over as each completes, so the caller can store a feed
# while the others are still on the wire.
"$FETCH" "$A_URL/slow?delay=2&order=1" "$B_URL/ok?order=2" >"$TMP/r"
is "a fast answer is handed over before a slow one" "$(field "$TMP/r" 2 done_rank)/$(field "$TMP/r" 1 done_rank)" 0/1
