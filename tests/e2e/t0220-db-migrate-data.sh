#!/bin/sh
# Migration to schema 4 of a schema 3 database that holds items: the story
# keys become hashes of the same canonical link and title key, so old items
# keep gathering new sources into their stories; the full-text index stays
# in step and the old items stay searchable.
. tests/e2e/lib.sh

if ! command -v sqlite3 >/dev/null 2>&1; then
	skip "migration with data" "sqlite3 CLI not installed"
	exit 0
fi
export VEILLE_NOW=2026-11-06T00:00:00Z
DB=$TMP/v3.db
T=1793491200 # 2026-11-01T00:00:00Z

eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', expected '$3'"; fi
}

check "schema 3 database made" "$TOOLS/mkdb" -V 3 "$DB"
# The rows a version 3 veille wrote: canonical link and title key as text,
# the full-text index filled at commit.
sqlite3 "$DB" <<SQL || not_ok "schema 3 rows inserted"
INSERT INTO feeds(id, name, url) VALUES (1, 'old', 'https://old.example/rss');
INSERT INTO stories(id, first_seen, title) VALUES
 (1, $T, 'Turbine overhaul at the Tanger plant'),
 (2, $T, 'Compressor audits cut downtime in Casablanca');
INSERT INTO items(id, feed_id, guid, link, canonical_link, title, title_key,
 summary, published, first_seen, content_hash, story_id) VALUES
 (1, 1, 'o1', 'https://news.example/a/1?utm_source=x',
  'http://news.example/a/1', 'Turbine overhaul at the Tanger plant',
  'turbine overhaul at the tanger plant', 'Vibration analysis found worn bearings',
  $T, $T, 'h1', 1),
 (2, 1, 'o2', 'https://news.example/b/2', 'http://news.example/b/2',
  'Compressor audits cut downtime in Casablanca',
  'compressor audits cut downtime in casablanca', 'Thermography rounds',
  $T, $T, 'h2', 2);
INSERT INTO items_fts(rowid, title, summary, content, authors, feed)
 SELECT id, title, summary, content, authors, 'old' FROM items;
INSERT INTO niches(id, name) VALUES (1, 'cm'), (2, 'pdm');
INSERT INTO sectors(id, name) VALUES (1, 'energy');
INSERT INTO item_niches(item_id, niche_id, score, evidence, fingerprint)
 VALUES (1, 1, 2.0, '[]', 'fp3'), (1, 2, 1.0, '[]', 'fp3'),
 (2, 2, 3.0, '[]', 'fp3');
INSERT INTO item_sectors(item_id, sector_id, score, evidence)
 VALUES (2, 1, 1.0, '[]');
SQL

expect_exit 3 "a reader does not migrate" "$VEILLE" --db "$DB" search turbine
contains "and says a writer will" "$TMP/err" 'schema version 3; a writing command'

# new1: the same article (tracking noise in the link); new2: the same title
# a day later; new3: the same title a month earlier, another article.
printf 'feed\tguid\tlink\ttitle\tpublished\tfirst_seen\n%s\n%s\n%s\n' \
	'new1	n1	https://NEWS.example/a/1?utm_source=y#top	Tanger: turbine work	2026-11-01T09:00:00Z	2026-11-01T09:00:00Z' \
	'new2	n2	https://other.example/c	Compressor audits cut downtime in Casablanca!	2026-11-02T00:00:00Z	2026-11-02T00:00:00Z' \
	'new3	n3	https://third.example/d	Turbine overhaul at the Tanger plant	2026-10-01T00:00:00Z	2026-10-01T00:00:00Z' \
	>"$TMP/new.tsv"
"$TOOLS/mkdb" "$DB" "$TMP/new.tsv" >"$TMP/mk" 2>"$TMP/mkerr" ||
	not_ok "writer migrates and adds items" "$(cat "$TMP/mkerr")"
eq "schema 15 after a writer (4 to 14, then 15)" "$(sqlite3 "$DB" 'PRAGMA user_version')" 15
# schema 8: niche and sector rows kept, without foreign keys, deleted
# with their item by a trigger
eq "niche and sector rows kept" "$(sqlite3 "$DB" "SELECT group_concat(item_id || ':' || niche_id || ':' || score || ':' || fingerprint, ' ') FROM (SELECT * FROM item_niches ORDER BY 1, 2); SELECT group_concat(item_id || ':' || sector_id, ' ') FROM item_sectors")" "1:1:2.0:fp3 1:2:1.0:fp3 2:2:3.0:fp3
2:1"
eq "no foreign keys on niche and sector rows" "$(sqlite3 "$DB" "SELECT count(*) FROM pragma_foreign_key_list('item_niches'); SELECT count(*) FROM pragma_foreign_key_list('item_sectors')" | tr '\n' ' ')" "0 0 "
eq "a trigger deletes them with their item" "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'item_groups_ad'")" 1
# schema 6: no trigger on an item's insert (the store queues it for the
# full-text index itself), and link keys recomputed with their host's
eq "no insert trigger on items" "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'items_fts_ai'")" 0
eq "every titled item in story_titles" "$(sqlite3 "$DB" 'SELECT (SELECT count(*) FROM items WHERE title_hash IS NOT NULL) - (SELECT count(*) FROM story_titles)')" 0
# schema 7: story_titles carries each item's feed and story; a writer's
# close leaves no title key waiting
eq "story_titles: feed and story of each item" "$(sqlite3 "$DB" 'SELECT count(*) FROM story_titles s JOIN items i ON i.id = s.item_id WHERE s.feed_id = i.feed_id AND s.story_id = i.story_id')" "$(sqlite3 "$DB" 'SELECT count(*) FROM items WHERE title_hash IS NOT NULL')"
eq "niche and sector indexes no query read dropped" "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema WHERE name IN ('item_niches_niche', 'item_sectors_sector')")" 0
eq "no title key left waiting" "$(sqlite3 "$DB" 'SELECT count(*) FROM titles_pending')" 0
eq "old title index dropped" "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema WHERE name = 'items_title_hash'")" 0
eq "text keys dropped" "$(sqlite3 "$DB" "SELECT count(*) FROM pragma_table_info('items') WHERE name IN ('canonical_link', 'title_key')")" 0
eq "hashes computed for old items" "$(sqlite3 "$DB" 'SELECT count(*) FROM items WHERE id <= 2 AND canon_hash IS NOT NULL AND title_hash IS NOT NULL')" 2
eq "same canonical link joins the old story" "$(awk -F'\t' '$1 == "n1" { print $4 }' "$TMP/mk")" 1
eq "same title within days joins the old story" "$(awk -F'\t' '$1 == "n2" { print $4 }' "$TMP/mk")" 2
story3=$(awk -F'\t' '$1 == "n3" { print $4 }' "$TMP/mk")
if [ -n "$story3" ] && [ "$story3" -gt 2 ]; then
	ok "same title a month away: a story of its own"
else
	not_ok "same title a month away: a story of its own" "story '$story3'"
fi

"$VEILLE" --db "$DB" search --format json vibration >"$TMP/j" 2>&1
contains "old item still searchable" "$TMP/j" '"id":1,'
"$VEILLE" --db "$DB" search --format json 'turbine OR compressor' >"$TMP/j" 2>&1
eq "one line per story" "$(wc -l <"$TMP/j" | tr -d ' ')" 3
contains "old story has two sources" "$TMP/j" '"story":1,.*"other_sources":\["(new1|old)"\]'
"$VEILLE" --db "$DB" search --format json tanger >"$TMP/j" 2>&1
contains "new items indexed" "$TMP/j" '"feed":"new3"'
# sound and in step with the items' text (veille_text() and the stemming
# tokenizer are veille's own)
check "full-text index in step with the items" "$TOOLS/mkdb" -C "$DB"
eq "nothing left waiting for the index" "$(sqlite3 "$DB" 'SELECT count(*) FROM fts_pending')" 0
