#!/bin/sh
# Migration 8 -> 10 (the dates of 9 -> 10) of a database that holds items: each item gets its own
# date back from what was stored (published, else updated; OAI-PMH records
# "other"), a date in the future of the first sighting becomes a claim,
# each feed's coverage starts at its first item's sighting, and the items
# of that first crawl, or dated more than 7 days before they were seen,
# become backlog.
. tests/e2e/lib.sh

if ! command -v sqlite3 >/dev/null 2>&1; then
	skip "dates migration" "sqlite3 CLI not installed"
	exit 0
fi
export VEILLE_NOW=2026-11-30T08:00:00Z
DB=$TMP/v8.db
D=86400
T=1793491200 # 2026-11-01T00:00:00Z, the first crawl
eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', expected '$3'"; fi
}

check "schema 8 database made" "$TOOLS/mkdb" -V 8 "$DB"
sqlite3 "$DB" <<SQL || not_ok "schema 8 rows inserted"
INSERT INTO feeds(id, name, url, last_success) VALUES
 (1, 'gh', 'https://gh.example/commits.atom', $((T + 9 * D))),
 (2, 'oai', 'https://repo.example/oai', $((T + 9 * D))),
 (3, 'quiet', 'https://quiet.example/rss', $((T + 9 * D)));
INSERT INTO stories(id, first_seen) VALUES (1, $T), (2, $T), (3, $T), (4, $T),
 (5, $T), (6, $T), (7, $T);
INSERT INTO items(id, feed_id, guid, title, published, updated, first_seen,
 content_hash, story_id) VALUES
 (1, 1, 'c1', 'updated only, first crawl', NULL, $((T - 400 * D)), $T, 'h1', 1),
 (2, 1, 'c2', 'updated only, later', NULL, $((T + 4 * D)), $((T + 5 * D)), 'h2', 2),
 (3, 1, 'c3', 'published and updated', $((T + 6 * D)), $((T + 7 * D)), $((T + 7 * D)), 'h3', 3),
 (4, 1, 'c4', 'undated', NULL, NULL, $((T + 7 * D)), 'h4', 4),
 (5, 1, 'c5', 'future', $((T + 90 * D)), NULL, $((T + 7 * D)), 'h5', 5),
 (6, 1, 'c6', 'old news', $((T - 30 * D)), NULL, $((T + 7 * D)), 'h6', 6),
 (7, 2, 'oai:repo:1', 'a record', $((T - 2 * D)), $((T - D)), $((T + 8 * D)), 'h7', 7);
-- as a schema 8 writer leaves them: waiting for the full-text index
INSERT INTO fts_pending(id) SELECT id FROM items;
SQL
printf 'feed\tguid\ttitle\n' | "$TOOLS/mkdb" -q "$DB" - 2>"$TMP/mkerr" &&
	ok "a writer migrates" || not_ok "a writer migrates" "$(cat "$TMP/mkerr")"
eq "schema 15 (10, then 11 to 15)" "$(sqlite3 "$DB" 'PRAGMA user_version')" 15
q() { sqlite3 "$DB" "SELECT group_concat(x, ' ') FROM ($1)"; }
eq "the date of each item, back from what was stored" \
	"$(q "SELECT id || ':' || coalesce(item_date - $T, '-') AS x FROM items ORDER BY id")" \
	"1:-34560000 2:345600 3:518400 4:- 5:- 6:-2592000 7:-172800"
eq "where each date came from" \
	"$(q "SELECT id || ':' || coalesce(date_source, 'none') AS x FROM items ORDER BY id")" \
	"1:updated 2:updated 3:published 4:none 5:published 6:published 7:other"
eq "the future date kept as a claim" \
	"$(q "SELECT id || ':' || (given_date - $T) AS x FROM items WHERE item_date IS NULL AND given_date IS NOT NULL")" \
	"5:7776000"
eq "coverage: the first item's sighting, else the last success" \
	"$(q "SELECT name || ':' || (coverage_start - $T) AS x FROM feeds ORDER BY id")" \
	"gh:0 oai:$((8 * D)) quiet:$((9 * D))"
eq "backlog: the first crawl and old news" \
	"$(q "SELECT id AS x FROM items WHERE backlog ORDER BY id")" "1 6 7"
check "the store's check passes" "$TOOLS/mkdb" -C "$DB"
"$VEILLE" --db "$DB" search --format json --sort date updated >"$TMP/s" 2>"$TMP/e"
eq "search reads the migrated dates" \
	"$(sed -n 's/.*"title":"\([^"]*\)".*"date":"\([^"]*\)".*/\1 \2/p' "$TMP/s" | tr '\n' ';')" \
	"published and updated 2026-11-07T00:00:00Z;updated only, later 2026-11-05T00:00:00Z;updated only, first crawl 2025-09-27T00:00:00Z;"
