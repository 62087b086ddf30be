#!/bin/sh
# Migration of a schema-10 database (index without stems) to schema 11:
# the full-text index is rebuilt with stems, the items still waiting for
# the index are indexed once, and old items are found by their other forms.
. tests/e2e/lib.sh

if ! command -v sqlite3 >/dev/null 2>&1; then
	skip "stemming migration" "sqlite3 CLI not installed"
	exit 0
fi
export VEILLE_NOW=2026-11-06T00:00:00Z
DB=$TMP/v10.db
T=1793491200 # 2026-11-01T00:00:00Z

eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', expected '$3'"; fi
}

check "schema 10 database made" "$TOOLS/mkdb" -V 10 "$DB"
# what a version 10 veille wrote: two items indexed (unicode61), one still
# waiting in fts_pending when it stopped
sqlite3 "$DB" <<SQL || not_ok "schema 10 rows inserted"
INSERT INTO feeds(id, name, url) VALUES (1, 'old', 'https://old.example/rss');
INSERT INTO stories(id, first_seen) VALUES (1, $T), (2, $T), (3, $T);
INSERT INTO items(id, feed_id, guid, link, title, summary, first_seen,
 content_hash, story_id, item_date) VALUES
 (1, 1, 'o1', 'https://old.example/1', 'Les jumeaux numériques de Safran',
  'Des capteurs partout', $T, 'h1', 1, $T),
 (2, 1, 'o2', 'https://old.example/2', 'Rolling bearings fail early',
  'Lubrication', $T, 'h2', 2, $T),
 (3, 1, 'o3', 'https://old.example/3', 'Programming PLCs safely',
  'Ladder logic', $T, 'h3', 3, $T);
INSERT INTO items_fts(rowid, title, summary, content, authors, feed)
 SELECT id, title, summary, content, authors, 'old' FROM items WHERE id <= 2;
INSERT INTO fts_pending(id) VALUES (3);
SQL
eq "before: the singular misses the plural" "$(sqlite3 "$DB" "SELECT count(*) FROM items_fts WHERE items_fts MATCH 'jumeau'")" 0

expect_exit 3 "a reader does not migrate" "$VEILLE" --db "$DB" search jumeau
check "a writer migrates" "$TOOLS/mkdb" -C "$DB"
eq "schema 15" "$(sqlite3 "$DB" 'PRAGMA user_version')" 15
eq "the index uses the stemming tokenizer" "$(sqlite3 "$DB" "SELECT sql LIKE '%tokenize=''veille_stem remove_diacritics 2''%' FROM sqlite_schema WHERE name = 'items_fts'")" 1
eq "nothing left waiting" "$(sqlite3 "$DB" 'SELECT count(*) FROM fts_pending')" 0
# mkdb -C ran the index's integrity check against the items: an item
# indexed twice (the pending one by the rebuild and by the flush) fails it
check "index in step with the items" "$TOOLS/mkdb" -C "$DB"

count() {
	"$VEILLE" --db "$DB" search --all-items --format json "$@" 2>"$TMP/cerr" | wc -l | tr -d ' '
}
eq "old item found by the singular" "$(count 'jumeau numérique')" 1
eq "old item found by the singular (capteur)" "$(count capteur)" 1
eq "old English item found by the singular" "$(count bearing)" 1
eq "the pending item indexed once, with stems" "$(count plc)" 1
eq "forms as written still there" "$(count =bearing)" 0
# the tuning of schema 4 kept
eq "automerge kept" "$(sqlite3 "$DB" "SELECT v FROM items_fts_config WHERE k = 'automerge'")" 8
