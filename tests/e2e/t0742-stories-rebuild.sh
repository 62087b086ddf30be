#!/bin/sh
# veille stories --rebuild (issue 26): recomputes stories over the whole
# history; --dry-run changes nothing; a second run changes nothing; a
# run killed (SIGKILL) at any point leaves the database sound with the
# stories as before or as after, never half; an upgrade from schema 10
# runs it once. The "before" state is stories split by hand, as rules of
# an older veille left them.
. tests/e2e/lib.sh

export VEILLE_NOW=2026-11-06T00:00:00Z
N=8000
# pairs of one work: a preprint, and its journal version 200 days later
awk -v n=$N 'BEGIN {
	OFS = "\t"
	print "feed", "kind", "guid", "link", "title", "authors", "published", "doi", "arxiv"
	for (i = 1; i <= n / 2; i++) {
		t = sprintf("Study number %d of bearing wear in %d gearboxes and pumps", i, i * 7)
		print "arxiv", "publication", "a" i, "http://arxiv.org/abs/2601." sprintf("%05d", i), t, "Ana Silva; Li Wei", "2026-01-01T00:00:00Z", "", sprintf("2601.%05d", i)
		print "journal", "publication", "j" i, "https://j.example/" i, t, "Silva, A.; Wei, L.", "2026-07-20T00:00:00Z", sprintf("10.5555/j.%d", i), ""
	}
}' >"$TMP/items.tsv"
"$TOOLS/mkdb" -q "$TMP/after.db" "$TMP/items.tsv" 2>"$TMP/err" || not_ok "mkdb" "$(cat "$TMP/err")"
snap() { sqlite3 "$1" "SELECT id, story_id FROM items ORDER BY id" | md5sum | cut -c1-32; }
AFTER=$(snap "$TMP/after.db")
[ "$(sqlite3 "$TMP/after.db" "SELECT count(DISTINCT story_id) FROM items")" = $((N / 2)) ] &&
	ok "each pair is one story" || not_ok "each pair is one story"

# the state an older rule left: every journal item alone
cp "$TMP/after.db" "$TMP/before.db"
sqlite3 "$TMP/before.db" "PRAGMA foreign_keys = ON;
	INSERT INTO stories(id, first_seen) SELECT id + 1000000, first_seen FROM items WHERE guid LIKE 'j%';
	UPDATE items SET story_id = id + 1000000 WHERE guid LIKE 'j%';" ||
	not_ok "before state made"
BEFORE=$(snap "$TMP/before.db")
[ "$BEFORE" != "$AFTER" ] && ok "the before state differs" || not_ok "the before state differs"

cp "$TMP/before.db" "$TMP/dry.db"
expect_exit 0 "--dry-run" "$VEILLE" --db "$TMP/dry.db" stories --rebuild --dry-run
contains "--dry-run says what would change" "$TMP/out" "$N items: $N stories before, $((N / 2)) after; $((N / 2)) joined"
contains "--dry-run says it changed nothing" "$TMP/out" "dry run"
[ "$(snap "$TMP/dry.db")" = "$BEFORE" ] && ok "--dry-run changes nothing" || not_ok "--dry-run changes nothing"

cp "$TMP/before.db" "$TMP/r.db"
expect_exit 0 "--rebuild" "$VEILLE" --db "$TMP/r.db" stories --rebuild
[ "$(snap "$TMP/r.db")" = "$AFTER" ] && ok "--rebuild gives the stories of today's rules" ||
	not_ok "--rebuild gives the stories of today's rules"
expect_exit 0 "--rebuild again" "$VEILLE" --db "$TMP/r.db" stories --rebuild
contains "a second run joins and splits nothing" "$TMP/out" "$((N / 2)) stories before, $((N / 2)) after; 0 joined .*, 0 split"
[ "$(snap "$TMP/r.db")" = "$AFTER" ] && ok "a second run changes nothing" || not_ok "a second run changes nothing"
[ "$(sqlite3 "$TMP/r.db" "PRAGMA integrity_check; PRAGMA foreign_key_check;")" = ok ] &&
	ok "integrity and foreign keys" || not_ok "integrity and foreign keys"

# killed midway, at several points: before or after, never half
for d in 0.1 0.5 1 4; do
	cp "$TMP/before.db" "$TMP/k.db"
	"$VEILLE" --db "$TMP/k.db" stories --rebuild >/dev/null 2>&1 &
	pid=$!
	sleep $d
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	s=$(snap "$TMP/k.db")
	ic=$(sqlite3 "$TMP/k.db" "PRAGMA integrity_check; PRAGMA foreign_key_check;")
	if [ "$ic" = ok ] && { [ "$s" = "$BEFORE" ] || [ "$s" = "$AFTER" ]; }; then
		ok "killed after ${d}s: sound, stories $( [ "$s" = "$BEFORE" ] && echo before || echo after)"
	else
		not_ok "killed after ${d}s: sound, before or after" "integrity: $ic"
	fi
done

# an upgrade from schema 10 rebuilds once
"$TOOLS/mkdb" -V 10 "$TMP/old.db" 2>"$TMP/err" || not_ok "schema 10 database" "$(cat "$TMP/err")"
sqlite3 "$TMP/old.db" "INSERT INTO feeds(id, name, url, kind) VALUES (1, 'arxiv', 'https://a', 'publication'), (2, 'journal', 'https://j', 'publication');
	INSERT INTO stories(id, first_seen) VALUES (1, 100), (2, 200);
	INSERT INTO items(feed_id, guid, link, title, title_hash, authors, published, first_seen, content_hash, arxiv_id, doi, story_id)
	VALUES (1, 'a1', 'http://arxiv.org/abs/2601.00001', 'Wear of gears in cement plant crushers studied', NULL, 'Ana Silva', 100, 100, 'x', '2601.00001', NULL, 1),
	       (2, 'j1', 'https://j.example/1', 'Wear of gears in cement plant crushers studied', NULL, 'Silva, A.', 20000000, 200, 'y', NULL, '10.5555/J.1?af=R', 2);" 2>"$TMP/err" ||
	not_ok "schema 10 items" "$(cat "$TMP/err")"
"$VEILLE" --db "$TMP/old.db" stories --rebuild --dry-run >/dev/null 2>&1
[ "$(sqlite3 "$TMP/old.db" "SELECT count(DISTINCT story_id) FROM items; PRAGMA user_version")" = "1
$(sqlite3 "$TMP/after.db" "PRAGMA user_version")" ] && ok "the upgrade rebuilt the stories" ||
	not_ok "the upgrade rebuilt the stories" "$(sqlite3 "$TMP/old.db" "SELECT id, story_id, doi FROM items; PRAGMA user_version")"
[ "$(sqlite3 "$TMP/old.db" "SELECT doi FROM items WHERE guid = 'j1'; SELECT count(*) FROM stories_rebuild_due")" = "10.5555/j.1
0" ] && ok "old DOIs normalised, and the rebuild is not due again" ||
	not_ok "old DOIs normalised, and the rebuild is not due again"
