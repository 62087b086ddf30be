#!/bin/sh
# The state `veille feeds` shows: the last success survives the errors
# that follow it, and a feed moved by the server keeps the address of the
# configuration apart from where it is fetched, so that the operator's
# edit (to the new address or to any other) is told from "not updated yet".
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "feed state"
if ! command -v sqlite3 >/dev/null 2>&1; then
	skip "feed state" "sqlite3 CLI not installed"
	exit 0
fi
start_httpd S
LOG=$TMP/S.log
DB=$TMP/v.db
CONF=$TMP/feeds.conf
cp samples/feeds/maintenance-news-fr.xml "$TMP/local.xml"
cat >"$CONF" <<EOT
[feed local]
url = $TMP/local.xml
[feed moved]
url = $S_URL/redir/301/1
EOT
V() { VEILLE_NOW=$NOW "$VEILLE" --config "$CONF" --db "$DB" "$@"; }
jf() { # jf FEED KEY
	V feeds --format json | /usr/bin/python3 -c 'import json,sys
v = [f for f in json.load(sys.stdin) if f["name"] == sys.argv[1]][0].get(sys.argv[2])
print("" if v is None else v)' "$1" "$2"
}

NOW=2026-11-30T08:00:00Z
V fetch --all -q >/dev/null 2>&1
is "first success recorded" "$(jf local last_success)" 2026-11-30T08:00:00Z
rm "$TMP/local.xml"
NOW=2026-12-01T08:00:00Z
V fetch --feed local -q >/dev/null 2>&1
is "a failed run counts an error" "$(jf local consecutive_errors)" 1
is "the last success survives the error" "$(jf local last_success)" 2026-11-30T08:00:00Z
V feeds >"$TMP/out"
contains "text listing shows it" "$TMP/out" "last success 2026-11-30T08:00:00Z"
# a database of schema 4 (before the column) is migrated with the value
# it can know: the last fetch when no error followed
"$TOOLS/mkdb" -V 4 "$TMP/old.db" >/dev/null 2>&1
sqlite3 "$TMP/old.db" "INSERT INTO feeds(name, url, kind, last_fetch, consecutive_errors) VALUES ('a', 'http://a.example/', 'news', 1764489600, 0), ('b', 'http://b.example/', 'news', 1764489600, 2)"
VEILLE_NOW=2026-12-01T08:00:00Z "$VEILLE" --db "$TMP/old.db" --config /dev/null prune --older-than 100y >/dev/null 2>&1
is "migration 4 -> 5: last success from the last clean fetch" \
	"$(sqlite3 "$TMP/old.db" "SELECT name || ':' || coalesce(last_success, '-') FROM feeds ORDER BY name" | tr '\n' ' ')" \
	"a:1764489600 b:- "

# Moved permanently three runs in a row: fetched from the new address.
for d in 02 03 04; do
	NOW=2026-12-${d}T08:00:00Z
	V fetch --feed moved -q >/dev/null 2>&1
done
is "moved: fetched from the new address" "$(jf moved url)" "$S_URL/ok"
is "moved: the configured address kept apart" "$(jf moved configured_url)" "$S_URL/redir/301/1"
V feeds >"$TMP/out"
contains "moved: the listing says so" "$TMP/out" "moved permanently to $S_URL/ok; the configuration still says $S_URL/redir/301/1"
NOW=2026-12-05T08:00:00Z
V fetch --feed moved -q >/dev/null 2>&1
is "moved: the config unchanged, the new address is kept" "$(requests "$LOG" /redir/301/1)" 3

# The operator edits the url to some other address: it is taken at once.
sed -i "s|^url = $S_URL/redir/301/1\$|url = $S_URL/ok?x=edited|" "$CONF"
NOW=2026-12-06T08:00:00Z
V fetch --feed moved -q >/dev/null 2>"$TMP/e"
is "edited: fetched from the operator's address" "$(requests "$LOG" "/ok?x=edited")" 1
is "edited: url is the configured one" "$(jf moved url)" "$S_URL/ok?x=edited"
is "edited: nothing kept apart" "$(jf moved configured_url)" ""
