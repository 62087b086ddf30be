#!/bin/sh
# Crash and concurrency stress of a crawl (t0455 has the basic kill test):
# `veille fetch` killed with SIGKILL at a random moment, twenty times in a
# row on the same database, against a local server whose feeds answer
# slowly and in two halves. After every kill: integrity_check and the FTS
# index sound, every feed committed before the kill whole (all its items),
# and the next run completes. Then `veille search` (and `veille report`
# when present) run while a crawl writes: they answer, and only ever see
# whole feeds (committed data). Skipped until `veille fetch` exists.
. tests/e2e/lib.sh
PY=/usr/bin/python3

if ! "$VEILLE" help fetch >/dev/null 2>&1; then
	skip "crash stress" "'veille fetch' not in this build yet"
	exit 0
fi
if [ ! -x "$PY" ] || ! "$PY" -c 'import sqlite3' 2>/dev/null; then
	skip "crash stress" "$PY with sqlite3 needed"
	exit 0
fi
KILLS=${VEILLE_KILLS:-20}
NF=16
NI=40

# /f/N: NI items after a pause, sent in two halves with a pause between,
# so a kill can land before, during or after any feed
"$PY" - "$TMP/port" "$NI" <<'PYEOF' &
import http.server, random, socketserver, sys, time
ni = int(sys.argv[2])
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        n = self.path.strip("/").split("/")[-1]
        items = "".join(
            f"<item><title>Maintenance {n} {i}</title><guid>f{n}-{i}</guid>"
            f"<link>https://x.example/{n}/{i}</link><description>pompe vibration {i}</description></item>"
            for i in range(ni))
        body = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>feed {n}</title>{items}</channel></rss>").encode()
        time.sleep(random.uniform(0, 0.25))
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        h = len(body) // 2
        self.wfile.write(body[:h]); self.wfile.flush()
        time.sleep(random.uniform(0, 0.15))
        self.wfile.write(body[h:])
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    def handle_error(self, request, address):
        pass    # a killed client: broken pipes are expected
s = S(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_address[1]))
s.serve_forever()
PYEOF
track $!
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
URL="http://127.0.0.1:$(cat "$TMP/port")"
CONF="$TMP/feeds.conf"
: >"$CONF"
i=1
while [ $i -le $NF ]; do
	printf '[feed f%02d]\nurl = %s/f/%d\nkind = news\n\n' $i "$URL" $i >>"$CONF"
	i=$((i + 1))
done
export VEILLE_NOW=2026-11-30T08:00:00Z

# check DB: prints "ok" or what is wrong
audit() {
	"$PY" - "$1" "$NI" <<'PYEOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
ni = int(sys.argv[2])
bad = []
# killed before the schema's transaction committed: an empty file, whole
if c.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0] == 0:
    print("ok")
    sys.exit(0)
r = c.execute("PRAGMA integrity_check").fetchone()[0]
if r != "ok":
    bad.append("integrity_check: " + r)
for name, lf, n in c.execute(
        "SELECT f.name, f.last_fetch, (SELECT count(*) FROM items i WHERE i.feed_id = f.id) "
        "FROM feeds f"):
    if n not in (0, ni):
        bad.append("%s: %d of %d items" % (name, n, ni))
    if lf and lf > 0 and n != ni:
        bad.append("%s fetched but %d items" % (name, n))
print("ok" if not bad else "; ".join(bad))
PYEOF
	# the full-text index by veille's own check (the stemming tokenizer
	# is not in Python's SQLite)
	"$TOOLS/mkdb" -C "$1" 2>&1 | sed 's/^/fts: /'
}

DB="$TMP/v.db"
bad="" k=1
while [ $k -le $KILLS ]; do
	# a random moment between 0.05 s and 1.5 s into the crawl
	pause=$("$PY" -c 'import random; print("%.2f" % random.uniform(0.05, 1.5))')
	"$VEILLE" --config "$CONF" --db "$DB" fetch --all --jobs 4 -q >/dev/null 2>"$TMP/ferr" &
	pid=$!
	sleep "$pause"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	if grep -q 'Sanitizer\|runtime error' "$TMP/ferr"; then
		bad="$bad kill $k: $(head -3 "$TMP/ferr")"
	fi
	a=$(audit "$DB")
	[ "$a" = ok ] || bad="$bad kill $k after ${pause}s: $a;"
	k=$((k + 1))
done
if [ -z "$bad" ]; then
	ok "$KILLS kills at random points: database sound, committed feeds whole"
else
	not_ok "kills at random points: database sound, committed feeds whole" "$bad"
fi
expect_exit 0 "after $KILLS kills: the next run completes" \
	"$VEILLE" --config "$CONF" --db "$DB" fetch --all --jobs 4 -q
n=$("$PY" -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from items").fetchone()[0])' "$DB")
if [ "$n" -eq $((NF * NI)) ]; then ok "after $KILLS kills: every item stored once ($n)"; else not_ok "after $KILLS kills: every item stored once" "$n, expected $((NF * NI))"; fi
a=$(audit "$DB")
if [ "$a" = ok ]; then ok "after $KILLS kills: final audit"; else not_ok "after $KILLS kills: final audit" "$a"; fi

# ---- readers during a crawl: a fresh database, searches while it fills
DB2="$TMP/c.db"
"$VEILLE" --config "$CONF" --db "$DB2" fetch --all --jobs 2 -q >/dev/null 2>"$TMP/ferr" &
fpid=$!
track $fpid
bad="" partial="" runs=0 seen=0
while kill -0 $fpid 2>/dev/null; do
	if [ -e "$DB2" ]; then
		"$VEILLE" --db "$DB2" search --format json --all-items --limit 100000 maintenance >"$TMP/s" 2>"$TMP/serr"
		rc=$?
		runs=$((runs + 1))
		if [ $rc -ne 0 ] && ! grep -q 'does not exist\|schema\|no such table' "$TMP/serr"; then
			bad="$bad rc=$rc: $(head -1 "$TMP/serr")"
		fi
		# every feed seen has all its items: no half-committed feed
		p=$("$PY" -c '
import json, sys, collections
c = collections.Counter(json.loads(l)["feed"] for l in open(sys.argv[1]) if l.strip())
print(" ".join("%s:%d" % kv for kv in c.items() if kv[1] != int(sys.argv[2])), sum(c.values()))' "$TMP/s" "$NI")
		set -- $p
		eval "last=\${$#}"
		[ "$last" -gt "$seen" ] && seen=$last
		[ $# -gt 1 ] && partial="$partial [$p]"
	fi
	sleep 0.05
done
wait $fpid
frc=$?
if [ $frc -eq 0 ]; then ok "concurrent: the crawl completes while read (exit 0)"; else not_ok "concurrent: the crawl completes (exit $frc)" "$(cat "$TMP/ferr")"; fi
if [ -z "$bad" ]; then ok "concurrent: $runs searches during the crawl all answered"; else not_ok "concurrent: searches during the crawl answered" "$bad"; fi
if [ -z "$partial" ]; then ok "concurrent: searches only ever saw whole feeds (up to $seen items)"; else not_ok "concurrent: searches saw partial feeds" "$partial"; fi
if [ "$runs" -gt 2 ]; then ok "concurrent: searches overlapped the crawl ($runs)"; else skip "concurrent: overlap" "the crawl ended before $runs searches could overlap it"; fi

if "$VEILLE" help report >/dev/null 2>&1; then
	DB3="$TMP/r.db"
	"$VEILLE" --config "$CONF" --db "$DB3" fetch --all --jobs 2 -q >/dev/null 2>&1 &
	fpid=$!
	track $fpid
	sleep 0.5
	"$VEILLE" --config "$CONF" --db "$DB3" report >"$TMP/rep" 2>"$TMP/rerr"
	rc=$?
	wait $fpid
	if [ $rc -le 1 ]; then ok "concurrent: report answers during a crawl (exit $rc)"; else not_ok "concurrent: report answers during a crawl (exit $rc)" "$(head -3 "$TMP/rerr")"; fi
else
	skip "concurrent: report during a crawl" "'veille report' not in this build yet"
fi
