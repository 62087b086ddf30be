#!/bin/sh
# The database's life: creation, refusal of a newer schema (file left
# untouched), of a non-SQLite or foreign file, backup while a writer runs,
# prune and optimize.
. tests/e2e/lib.sh

export VEILLE_NOW=2026-11-06T00:00:00Z
DB="$TMP/v.db"
PY=/usr/bin/python3
"$TOOLS/mkdb" -q "$DB" tests/data/index/items.tsv 2>/dev/null ||
	not_ok "mkdb loads the fixture"

if command -v sqlite3 >/dev/null 2>&1; then
	v=$(sqlite3 "$DB" 'PRAGMA user_version; PRAGMA journal_mode; PRAGMA foreign_key_list(items);' | head -2 | tr '\n' ' ')
	case "$v" in "15 wal "*) ok "schema version 15, WAL mode" ;; *) not_ok "schema version 15, WAL mode" "$v" ;; esac
	v=$(sqlite3 "$DB" 'PRAGMA page_size')
	case "$v" in 8192) ok "new database: 8 KiB pages" ;; *) not_ok "new database: 8 KiB pages" "$v" ;; esac

	cp "$DB" "$TMP/newer.db"
	sqlite3 "$TMP/newer.db" 'PRAGMA user_version = 99;'
	before=$(cksum <"$TMP/newer.db")
	expect_exit 3 "newer database refused" "$VEILLE" --db "$TMP/newer.db" search pumps
	contains "newer database: clear message" "$TMP/err" 'schema version 99, newer than this veille knows \(15\)'
	expect_exit 3 "newer database refused by a writing command" "$VEILLE" --db "$TMP/newer.db" optimize
	after=$(cksum <"$TMP/newer.db")
	if [ "$before" = "$after" ]; then ok "newer database left untouched"; else not_ok "newer database left untouched"; fi

	sqlite3 "$TMP/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
	expect_exit 3 "another application's database refused" "$VEILLE" --db "$TMP/other.db" optimize
	contains "foreign database: clear message" "$TMP/err" "is a SQLite database but not veille's"
else
	skip "newer and foreign databases" "sqlite3 CLI not installed"
fi

head -c 8192 /dev/urandom >"$TMP/junk.db"
expect_exit 3 "random bytes refused" "$VEILLE" --db "$TMP/junk.db" stats
contains "random bytes: clear message" "$TMP/err" "is not a SQLite database"
printf 'hello\n' >"$TMP/text.db"
expect_exit 3 "a text file refused" "$VEILLE" --db "$TMP/text.db" search pumps
contains "text file: clear message" "$TMP/err" "is not a SQLite database"

# backup while a writer runs: many feeds, one transaction each
$PY - "$TMP/big.tsv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("feed\tguid\tlink\ttitle\tsummary\tpublished\n")
    for i in range(20000):
        f.write("feed%d\tg%d\thttps://ex.org/%d\tItem %d on pumps and bearings number %d\tSummary %d about maintenance\t2026-11-0%dT00:00:00Z\n"
                % (i // 100, i, i, i, i, i, 1 + i % 5))
PY
"$TOOLS/mkdb" -q "$TMP/live.db" "$TMP/big.tsv" 2>"$TMP/w.err" &
wpid=$!
track $wpid
# wait for the writer to have created the schema
i=0
while [ $i -lt 100 ] && ! "$VEILLE" --db "$TMP/live.db" stats >/dev/null 2>&1; do
	sleep 0.1
	i=$((i + 1))
done
ok_b=0
for n in 1 2 3; do
	"$VEILLE" --db "$TMP/live.db" backup "$TMP/bk$n.db" 2>"$TMP/b.err" && ok_b=$((ok_b + 1))
done
wait $wpid
wrc=$?
if [ $wrc -eq 0 ]; then ok "writer finished while backups ran"; else not_ok "writer finished while backups ran" "$(cat "$TMP/w.err")"; fi
if [ $ok_b -eq 3 ]; then ok "three backups during the write"; else not_ok "three backups during the write" "$(cat "$TMP/b.err")"; fi
for n in 1 2 3; do
	[ -f "$TMP/bk$n.db" ] || continue
	items=$("$VEILLE" --db "$TMP/bk$n.db" stats --format json | $PY -c 'import json,sys; print(json.load(sys.stdin)["items"])')
	# a consistent copy holds whole feeds only (one transaction each)
	if [ -n "$items" ] && [ $((items % 100)) -eq 0 ]; then
		ok "backup $n is consistent ($items items, whole feeds)"
	else
		not_ok "backup $n is consistent" "items=$items"
	fi
	if command -v sqlite3 >/dev/null 2>&1; then
		r=$(sqlite3 "$TMP/bk$n.db" 'PRAGMA integrity_check;')
		[ "$r" = ok ] && ok "backup $n passes integrity_check" || not_ok "backup $n passes integrity_check" "$r"
	fi
done
[ -e "$TMP/bk1.db.tmp" ] && not_ok "no partial copy left" || ok "no partial copy left"
expect_exit 0 "backup searchable" "$VEILLE" --db "$TMP/bk3.db" search --format json --limit 3 pumps
expect_exit 2 "backup needs a file" "$VEILLE" --db "$DB" backup

# prune: items first seen before 2026-10-31 go (two of the fixture)
expect_exit 2 "prune needs --older-than" "$VEILLE" --db "$DB" prune
expect_exit 2 "prune rejects a bad age" "$VEILLE" --db "$DB" prune --older-than soon
expect_exit 0 "prune --older-than 6d" "$VEILLE" --db "$DB" prune --older-than 6d
contains "prune reports the count" "$TMP/out" '^3 items removed$'
expect_exit 0 "pruned items leave the index" "$VEILLE" --db "$DB" search --format json thermographie
lacks "pruned item not found" "$TMP/out" 'medias24'
expect_exit 0 "optimize --vacuum" "$VEILLE" --db "$DB" optimize --vacuum
expect_exit 0 "search after optimize" "$VEILLE" --db "$DB" search --format json pumps
contains "search after optimize finds" "$TMP/out" 'plantengineering'
