#!/bin/sh
# veille fetch: each kind of failure is stored as an error for back-off with
# a message naming it, while the other feeds (and another host) are stored.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "fetch failures"
if ! command -v sqlite3 >/dev/null 2>&1; then
	skip "fetch failures" "sqlite3 CLI not installed"
	exit 0
fi
start_httpd S
start_httpd T
DB=$TMP/v.db
CONF=$TMP/feeds.conf
cat >"$CONF" <<EOT
[settings]
timeout = 3s
max_size = 1M
[feed e500]
url = $S_URL/status/500
[feed e503]
url = $S_URL/status/503?retry-after=Mon,%2030%20Nov%202026%2022:00:00%20GMT
[feed trickle]
url = $S_URL/trickle
[feed reset]
url = $S_URL/reset
[feed truncated]
url = $S_URL/truncated
[feed big]
url = $S_URL/big?size=2000000
[feed text]
url = $S_URL/big?size=600000
[feed bomb]
url = $S_URL/bomb
[feed loop]
url = $S_URL/loop
[feed tofile]
url = $S_URL/redirect?code=302&to=file:///etc/passwd
[feed otherhost]
url = $T_URL/ok
[feed gz]
url = $S_URL/gzip
EOT
VEILLE_NOW=2026-11-30T08:00:00Z "$VEILLE" --config "$CONF" --db "$DB" fetch --jobs 16 --format json >"$TMP/r" 2>"$TMP/e"
is "some failed: exit 1" "$?" 1
st() {
	"$HTTPD_PY" -c 'import json,sys
for f in json.load(open(sys.argv[1]))["feeds"]:
    if f["name"]==sys.argv[2]: print(f["status"]); break' "$TMP/r" "$1"
}
is "500: http-error" "$(st e500)" http-error
is "503 with an HTTP-date Retry-After: rate-limited" "$(st e503)" rate-limited
is "503: next due from the HTTP date" "$(sqlite3 "$DB" "select datetime(next_due,'unixepoch') from feeds where name='e503'")" "2026-11-30 22:00:00"
is "trickle: timeout" "$(st trickle)" timeout
is "reset: network-error" "$(st reset)" network-error
is "truncated: network-error" "$(st truncated)" network-error
is "over max_size: too-big" "$(st big)" too-big
# The parser may give up on the zeros before the size cap: either way the
# bomb is stopped early.
case "$(st bomb)" in too-big|not-a-feed) ok "gzip bomb stopped" ;; *) not_ok "gzip bomb stopped" "$(st bomb)" ;; esac
bb=$("$HTTPD_PY" -c 'import json,sys
print([f["bytes"] for f in json.load(open(sys.argv[1]))["feeds"] if f["name"]=="bomb"][0])' "$TMP/r")
within "gzip bomb: at most max_size expanded" "$bb" 0 1048577
# a text document under the cap: refused from its first bytes, the rest
# not read (with worker threads too, where the pages are parsed after)
is "plain text: not-a-feed" "$(st text)" not-a-feed
tb=$("$HTTPD_PY" -c 'import json,sys
print([f["bytes"] for f in json.load(open(sys.argv[1]))["feeds"] if f["name"]=="text"][0])' "$TMP/r")
within "plain text: stopped at its first bytes" "$tb" 0 100000
is "redirect loop: http-error" "$(st loop)" http-error
is "redirect to file: refused" "$(st tofile)" refused
is "another host not blocked" "$(st otherhost)" ok
is "gzip feed: ok" "$(st gz)" ok
is "stored items only from the good feeds" "$(sqlite3 "$DB" "select group_concat(name) from (select distinct f.name from items i join feeds f on f.id=i.feed_id order by f.name)")" "gz,otherhost"
is "every failure counted for back-off" "$(sqlite3 "$DB" "select count(*) from feeds where consecutive_errors = 1")" 10
is "one stderr line per failed feed" "$(grep -c "^fetch '" "$TMP/e")" 10
is "database sound" "$(sqlite3 "$DB" 'pragma integrity_check')" ok
