#!/bin/sh
# The bundled sample feeds (five formats) through the whole pipeline, twice:
# every one parses, gets items and niches; the second run rewrites nothing.
. tests/e2e/lib.sh
if ! command -v sqlite3 >/dev/null 2>&1; then
	skip "fetch samples" "sqlite3 CLI not installed"
	exit 0
fi
DB=$TMP/v.db
export VEILLE_NOW=2026-11-30T08:00:00Z
"$VEILLE" --config samples/demo.conf --db "$DB" fetch --all --format json >"$TMP/r1" 2>/dev/null
is "first run exits 0" "$?" 0
n=$(grep -c '^\[feed ' samples/demo.conf)
is "every sample feed has items" "$(sqlite3 "$DB" 'select count(distinct feed_id) from items')" "$n"
is "every sample feed has classified items" "$(sqlite3 "$DB" 'select count(distinct i.feed_id) from items i join item_niches n on n.item_id = i.id')" "$n"
is "formats detected" "$(sqlite3 "$DB" "select count(*) from feeds where last_status = 0")" "$n"
"$VEILLE" --config samples/demo.conf --db "$DB" fetch --all --format json >"$TMP/r2" 2>/dev/null
is "second run exits 0" "$?" 0
case "$(cat "$TMP/r2")" in
*'"items_new":0,"items_updated":0,'*) ok "second run: nothing new, nothing rewritten" ;;
*) not_ok "second run: nothing new, nothing rewritten" "$(head -c 300 "$TMP/r2")" ;;
esac
