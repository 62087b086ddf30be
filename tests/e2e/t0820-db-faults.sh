#!/bin/sh
# The database under faults: disk full while writing (ulimit -f), a
# read-only file, a corrupted or truncated file, a long writer and a long
# reader holding it. Always a clear error or a correct answer: never a
# crash, never a silent empty result, never a damaged or half-written
# database.
. tests/e2e/lib.sh

export VEILLE_NOW=2026-11-06T00:00:00Z
PY=/usr/bin/python3
DB="$TMP/v.db"
"$TOOLS/mkdb" -q "$DB" tests/data/index/items.tsv 2>"$TMP/mkdb.err" ||
	not_ok "mkdb loads the fixture" "$(cat "$TMP/mkdb.err")"
want=$("$VEILLE" --db "$DB" search --format json maintenance | wc -l)
[ "$want" -gt 0 ] || not_ok "fixture: 'maintenance' has hits" "$want"

# crashed SIGNAL-or-sanitizer check on the last expect_exit
no_crash() {
	if grep -q 'Sanitizer\|runtime error\|Segmentation\|Aborted' "$TMP/err"; then
		not_ok "$1: no crash" "$(head -5 "$TMP/err")"
	fi
}

if ! [ -x "$PY" ] || ! "$PY" -c 'import sqlite3' 2>/dev/null; then
	skip "database faults" "$PY with sqlite3 needed to inspect databases"
	exit 0
fi
integrity() {
	"$PY" - "$1" <<'PYEOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("PRAGMA integrity_check").fetchone()[0])
PYEOF
}

# ---- disk full: a crawl-like load of 30 feeds of 40 items, one
# transaction per feed, under a file-size limit that stops it midway
"$PY" - >"$TMP/big.tsv" <<'PYEOF'
print("feed\tkind\tlang\tguid\tlink\ttitle\tsummary\tpublished")
for f in range(30):
    for i in range(40):
        print(f"feed{f:02d}\tnews\tfr\tg{f}-{i}\thttps://x.example/{f}/{i}\t"
              f"Titre {f} {i} maintenance\t" + ("vibration roulement %d " % i) * 60 +
              "\t2026-11-01T10:00:00Z")
PYEOF
DF="$TMP/full.db"
cp "$DB" "$DF"
before=$("$VEILLE" --db "$DF" search --format json --all-items maintenance | wc -l)
# SIGXFSZ ignored, so that write() fails with EFBIG as on a full disk;
# the limit counts 512-byte blocks
( trap '' XFSZ; ulimit -f 1200; exec "$TOOLS/mkdb" -q "$DF" "$TMP/big.tsv" ) \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -ne 0 ] && [ $rc -lt 128 ]; then
	ok "disk full: the writer stops with an error (exit $rc)"
else
	not_ok "disk full: the writer stops with an error (exit $rc)" "$(cat "$TMP/err")"
fi
contains "disk full: the error says so" "$TMP/err" 'full|too large|disk|I/O'
no_crash "disk full"
v=$(integrity "$DF")
if [ "$v" = ok ]; then ok "disk full: integrity_check ok"; else not_ok "disk full: integrity_check" "$v"; fi
"$PY" - "$DF" >"$TMP/counts" <<'PYEOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for name, n in c.execute("SELECT f.name, count(i.id) FROM feeds f LEFT JOIN items i "
                         "ON i.feed_id = f.id WHERE f.name LIKE 'feed%' GROUP BY f.id"):
    print(name, n)
PYEOF
full=$(awk '$2 == 40' "$TMP/counts" | wc -l)
half=$(awk '$2 != 40 && $2 != 0' "$TMP/counts" | wc -l)
if [ "$half" -eq 0 ]; then
	ok "disk full: no feed half-written ($full of 30 committed whole)"
else
	not_ok "disk full: no feed half-written" "$(cat "$TMP/counts")"
fi
if [ "$full" -lt 30 ]; then ok "disk full: the limit did stop the load"; else not_ok "disk full: the limit did stop the load" "all 30 feeds fit"; fi
expect_exit 0 "disk full: the database still answers" \
	"$VEILLE" --db "$DF" search --format json --all-items maintenance
got=$(wc -l <"$TMP/out")
if [ "$got" -ge "$before" ]; then ok "disk full: earlier data intact ($got hits)"; else not_ok "disk full: earlier data intact" "$got < $before"; fi
# the next run, with room, completes
if "$TOOLS/mkdb" -q "$DF" "$TMP/big.tsv" 2>"$TMP/err"; then
	ok "disk full: the next run completes"
else
	not_ok "disk full: the next run completes" "$(cat "$TMP/err")"
fi

# a backup to a full disk fails without leaving a half copy
( trap '' XFSZ; ulimit -f 40; exec "$VEILLE" --db "$DF" backup "$TMP/bk.db" ) \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -eq 3 ]; then ok "backup to a full disk: exit 3"; else not_ok "backup to a full disk: exit 3 (got $rc)" "$(cat "$TMP/err")"; fi
if [ -e "$TMP/bk.db" ]; then not_ok "backup to a full disk: no half copy left"; else ok "backup to a full disk: no half copy left"; fi
leftover=$(ls "$TMP" | grep -c '^bk\.db.')
if [ "$leftover" -eq 0 ]; then ok "backup to a full disk: no temporary file left"; else not_ok "backup to a full disk: no temporary file left" "$(ls "$TMP")"; fi

# search output to a full disk: an error, not a truncated success
( trap '' XFSZ; ulimit -f 1; exec "$VEILLE" --db "$DF" search --all-items --limit 1000 maintenance ) \
	>"$TMP/sout" 2>"$TMP/err"
rc=$?
if [ $rc -eq 3 ]; then ok "search to a full disk: exit 3"; else not_ok "search to a full disk: exit 3 (got $rc)" "$(cat "$TMP/err")"; fi

# ---- read-only database: as an unprivileged user (CI runs as root, which
# ignores file modes)
RO="$TMP/ro"
mkdir "$RO"
cp "$DB" "$RO/v.db"
chmod 755 "$TMP" "$RO"
chmod 644 "$RO/v.db"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
elif [ "$(id -u)" -ne 0 ]; then
	AS=""
	chmod 555 "$RO"
	chmod 444 "$RO/v.db"
else
	AS=none
fi
if [ "$AS" = none ]; then
	skip "read-only database" "running as root without setpriv"
else
	cks=$(cksum <"$RO/v.db")
	# shellcheck disable=SC2086
	expect_exit 3 "read-only database: a writing command fails" \
		$AS "$VEILLE" --db "$RO/v.db" optimize
	contains "read-only database: clear message" "$TMP/err" "read-?only|permission|cannot open|unable to open"
	no_crash "read-only database"
	# shellcheck disable=SC2086
	$AS "$VEILLE" --db "$RO/v.db" search --format json maintenance >"$TMP/out" 2>"$TMP/err"
	rc=$?
	n=$(wc -l <"$TMP/out")
	if { [ $rc -eq 0 ] && [ "$n" -eq "$want" ]; } || { [ $rc -eq 3 ] && [ -s "$TMP/err" ]; }; then
		ok "read-only database: search answers or says why (exit $rc, $n hits)"
	else
		not_ok "read-only database: search answers or says why (exit $rc, $n hits)" "$(cat "$TMP/err")"
	fi
	if [ "$(cksum <"$RO/v.db")" = "$cks" ]; then ok "read-only database: file untouched"; else not_ok "read-only database: file untouched"; fi
fi

# ---- corrupted files
C="$TMP/c.db"
cp "$DB" "$C"
# overwrite pages 3 to 10 with noise, header kept
dd if=/dev/urandom of="$C" bs=4096 seek=2 count=8 conv=notrunc 2>/dev/null
for cmd in "search maintenance" "search --format json --all-items maintenance" "stats" "show 1" "optimize"; do
	# shellcheck disable=SC2086
	"$VEILLE" --db "$C" $cmd >"$TMP/out" 2>"$TMP/err"
	rc=$?
	no_crash "corrupted database: $cmd"
	if [ $rc -eq 3 ] && grep -q 'corrupt\|malformed' "$TMP/err"; then
		ok "corrupted database: $cmd fails clearly"
	elif [ $rc -eq 0 ] && [ -s "$TMP/out" ]; then
		ok "corrupted database: $cmd answers from intact pages"
	else
		not_ok "corrupted database: $cmd (exit $rc, never a silent empty result)" "$(cat "$TMP/err")"
	fi
done
cp "$DB" "$TMP/t.db"
truncate -s 12000 "$TMP/t.db"
expect_exit 3 "truncated database: search fails" "$VEILLE" --db "$TMP/t.db" search maintenance
contains "truncated database: says corrupted" "$TMP/err" "corrupted"
head -c 100 /dev/urandom >"$TMP/noise.db"
expect_exit 3 "random bytes: refused" "$VEILLE" --db "$TMP/noise.db" search maintenance
contains "random bytes: not a SQLite database" "$TMP/err" "not a SQLite database|corrupted"
: >"$TMP/zero.db"
"$VEILLE" --db "$TMP/zero.db" search maintenance >"$TMP/out" 2>"$TMP/err"
rc=$?
no_crash "empty file"
if [ $rc -ne 0 ] || [ ! -s "$TMP/out" ]; then ok "empty file: no invented results (exit $rc)"; else not_ok "empty file: no invented results"; fi

# ---- a long writer holds the write lock (BEGIN IMMEDIATE) for 14 s
W="$TMP/w.db"
cp "$DB" "$W"
"$PY" - "$W" "$TMP/w.ready" <<'PYEOF' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("UPDATE items SET link = 'https://uncommitted.example/'")
open(sys.argv[2], "w").close()
time.sleep(14)
c.execute("ROLLBACK")
PYEOF
track $!
i=0
while [ ! -e "$TMP/w.ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
expect_exit 0 "long writer: search still answers (WAL)" \
	"$VEILLE" --db "$W" search --format json maintenance
n=$(wc -l <"$TMP/out")
if [ "$n" -eq "$want" ]; then ok "long writer: search sees every committed item ($n)"; else not_ok "long writer: search sees every committed item" "$n, expected $want"; fi
lacks "long writer: search never sees uncommitted data" "$TMP/out" uncommitted
expect_exit 3 "long writer: another writer gives up after the busy timeout" \
	"$VEILLE" --db "$W" optimize
contains "long writer: the message says locked/busy" "$TMP/err" "locked|busy"
no_crash "long writer"
wait

# ---- a long reader holds a read transaction
R="$TMP/r.db"
cp "$DB" "$R"
"$PY" - "$R" "$TMP/r.ready" <<'PYEOF' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN")
c.execute("SELECT count(*) FROM items").fetchone()
open(sys.argv[2], "w").close()
time.sleep(8)
c.execute("COMMIT")
PYEOF
track $!
i=0
while [ ! -e "$TMP/r.ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
printf 'feed\tkind\tlang\tguid\ttitle\nlate\tnews\tfr\tlate-1\tMaintenance tardive\n' >"$TMP/late.tsv"
if "$TOOLS/mkdb" -q "$R" "$TMP/late.tsv" 2>"$TMP/err"; then
	ok "long reader: a writer still commits"
else
	not_ok "long reader: a writer still commits" "$(cat "$TMP/err")"
fi
expect_exit 0 "long reader: search sees the new commit" \
	"$VEILLE" --db "$R" search --format json tardive
contains "long reader: new item found" "$TMP/out" "late-1|tardive"
wait
v=$(integrity "$R")
if [ "$v" = ok ]; then ok "long reader: integrity_check ok"; else not_ok "long reader: integrity_check" "$v"; fi
