#!/bin/sh
# A WAL database that cannot be written (an analyst's copy on a read-only
# share, chmod a-w): search, show, stats and report answer when SQLite can
# read it safely, and otherwise fail with exit 3 and a message naming the
# file and what to do; never an empty result, never a misleading "attempt
# to write a readonly database". Root ignores file modes, so as root the
# readers run as nobody (setpriv); skipped when that is impossible.
. tests/e2e/lib.sh

export VEILLE_NOW=2026-11-06T00:00:00Z
if ! unprivileged_runner; then
	skip "read-only database" "running as root without a working setpriv"
	exit 0
fi
# nobody must reach the binary and the data: a private temporary copy
chmod 755 "$TMP"
cp "$VEILLE" "$TMP/veille"
V="$TMP/veille"

DB="$TMP/w/v.db"
mkdir "$TMP/w"
if ! "$TOOLS/mkdb" -q "$DB" tests/data/index/items.tsv 2>"$TMP/mkdb.err"; then
	not_ok "mkdb loads the fixture" "$(cat "$TMP/mkdb.err")"
	exit 0
fi
# the reference answers, from the writable original
for c in "search --format json --all-items maintenance" "show 1" \
	"stats --format json" "report --format json --from 2026-10-01 --to 2026-11-06"; do
	n=$(echo "$c" | cut -d' ' -f1)
	# shellcheck disable=SC2086
	"$V" --db "$DB" $c >"$TMP/want.$n" 2>"$TMP/err" ||
		not_ok "reference $n" "$(cat "$TMP/err")"
done

# readers CMD... : runs search, show, stats and report on $1 as the
# unprivileged user; each output in $TMP/got.NAME, exit in $TMP/rc.NAME
readers() {
	for c in "search --format json --all-items maintenance" "show 1" \
		"stats --format json" "report --format json --from 2026-10-01 --to 2026-11-06"; do
		n=$(echo "$c" | cut -d' ' -f1)
		# shellcheck disable=SC2086
		$AS "$V" --db "$1" $c >"$TMP/got.$n" 2>"$TMP/err.$n"
		echo $? >"$TMP/rc.$n"
	done
}

# 1. WAL database alone in a read-only directory: SQLite would have to
# create v.db-shm beside it: a clear error naming the file
mkdir "$TMP/ro1"
cp "$DB" "$TMP/ro1/v.db"
chmod 644 "$TMP/ro1/v.db"
chmod 555 "$TMP/ro1"
readers "$TMP/ro1/v.db"
for n in search show stats report; do
	rc=$(cat "$TMP/rc.$n")
	if [ "$rc" -eq 3 ] && grep -q "'$TMP/ro1/v.db'.*WAL mode.*read-only.*veille backup" "$TMP/err.$n" &&
		! [ -s "$TMP/got.$n" ]; then
		ok "WAL database in a read-only directory: $n says why (exit 3)"
	else
		not_ok "WAL database in a read-only directory: $n says why (exit $rc)" \
			"$(cat "$TMP/err.$n" "$TMP/got.$n")"
	fi
done
lacks "no misleading message" "$TMP/err.search" "attempt to write"
if [ -z "$(ls "$TMP/ro1" | grep -v '^v\.db$')" ]; then
	ok "read-only directory left as it was"
else
	not_ok "read-only directory left as it was" "$(ls "$TMP/ro1")"
fi

# 2. the copy 'veille backup' makes (rollback journal) reads anywhere
mkdir "$TMP/ro2"
"$V" --db "$DB" backup "$TMP/ro2/v.db" >/dev/null 2>"$TMP/err" ||
	not_ok "backup" "$(cat "$TMP/err")"
chmod 444 "$TMP/ro2/v.db"
chmod 555 "$TMP/ro2"
readers "$TMP/ro2/v.db"
for n in search show stats report; do
	if [ "$(cat "$TMP/rc.$n")" -eq 0 ] && [ -s "$TMP/got.$n" ] &&
		cmp -s "$TMP/want.$n" "$TMP/got.$n"; then
		ok "backup copy in a read-only directory: $n answers in full"
	else
		not_ok "backup copy in a read-only directory: $n answers in full" \
			"exit $(cat "$TMP/rc.$n"): $(cat "$TMP/err.$n"; diff "$TMP/want.$n" "$TMP/got.$n" | head -5)"
	fi
done

# 3. a read-only file (chmod a-w) in a writable directory: SQLite makes
# its -shm there and reads
mkdir "$TMP/ro3"
cp "$DB" "$TMP/ro3/v.db"
chmod 444 "$TMP/ro3/v.db"
chmod 777 "$TMP/ro3"
readers "$TMP/ro3/v.db"
for n in search show stats report; do
	if [ "$(cat "$TMP/rc.$n")" -eq 0 ] && cmp -s "$TMP/want.$n" "$TMP/got.$n"; then
		ok "read-only file in a writable directory: $n answers in full"
	else
		not_ok "read-only file in a writable directory: $n answers in full" \
			"exit $(cat "$TMP/rc.$n"): $(cat "$TMP/err.$n")"
	fi
done

# 4. a file the user may not read at all: the file and the reason
mkdir "$TMP/ro4"
cp "$DB" "$TMP/ro4/v.db"
chmod 600 "$TMP/ro4/v.db"
if [ -n "$AS" ] || ! [ -r "$TMP/ro4/v.db" ] || { chmod 000 "$TMP/ro4/v.db"; ! [ -r "$TMP/ro4/v.db" ]; }; then
	# shellcheck disable=SC2086
	$AS "$V" --db "$TMP/ro4/v.db" search maintenance >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ $rc -eq 3 ] && grep -q "'$TMP/ro4/v.db'.*[Pp]ermission denied" "$TMP/err"; then
		ok "unreadable database: exit 3 naming the file and the reason"
	else
		not_ok "unreadable database: exit 3 naming the file and the reason (exit $rc)" "$(cat "$TMP/err")"
	fi
else
	skip "unreadable database" "the file stays readable to this user"
fi

# 5. a copy taken with its -wal and -shm while a crawl held the database
# open: read from a read-only directory, the items only in the -wal are
# there (SQLite reads a read-only -shm through a private copy)
mkdir "$TMP/w5" "$TMP/ro5"
cp "$DB" "$TMP/w5/v.db"
{
	head -1 tests/data/index/items.tsv
	printf 'usine-nouvelle\tnews\tfr\tun-99\thttps://www.usinenouvelle.com/thermo\tThermographie infrarouge en maintenance\tAjouté pendant que le WAL reste ouvert.\t\t\t2026-11-03T08:00:00Z\t2026-11-03T09:00:00Z\t\t\t\n'
} >"$TMP/extra.tsv"
if ! [ -x /usr/bin/python3 ]; then
	skip "WAL copy in a read-only directory" "/usr/bin/python3 absent (it holds the database open)"
	exit 0
fi
# a reader keeps the -wal from being folded in and removed at close
/usr/bin/python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1]); c.execute("SELECT count(*) FROM items").fetchone()
print("open", flush=True); time.sleep(60)' "$TMP/w5/v.db" >"$TMP/holder" &
track $!
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	grep -q open "$TMP/holder" && break
	sleep 0.2
done
"$TOOLS/mkdb" -q "$TMP/w5/v.db" "$TMP/extra.tsv" 2>"$TMP/err" ||
	not_ok "mkdb adds an item" "$(cat "$TMP/err")"
if ! [ -s "$TMP/w5/v.db-wal" ]; then
	skip "WAL copy in a read-only directory" "the -wal was folded in before the copy"
	exit 0
fi
cp "$TMP/w5/v.db" "$TMP/w5/v.db-wal" "$TMP/w5/v.db-shm" "$TMP/ro5/"
chmod 644 "$TMP/ro5/"*
chmod 555 "$TMP/ro5"
# shellcheck disable=SC2086
$AS "$V" --db "$TMP/ro5/v.db" search --format json thermographie \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -eq 0 ] && grep -q '"title":"Thermographie infrarouge en maintenance"' "$TMP/out"; then
	ok "WAL copy in a read-only directory: search answers, -wal items included"
else
	not_ok "WAL copy in a read-only directory: search answers, -wal items included (exit $rc)" \
		"$(cat "$TMP/err" "$TMP/out")"
fi
