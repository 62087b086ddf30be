#!/bin/sh
# veille search (issue 22): every filter value is checked against the
# database (unknown niche, sector, feed or language exits 2 with "did you
# mean"), dates that do not parse exit 2; on a terminal the text ends with
# the count and whether more exist; no result says "0 results" on stderr.
. tests/e2e/lib.sh

export VEILLE_NOW=2026-11-06T00:00:00Z
DB="$TMP/v.db"
PY=/usr/bin/python3
"$TOOLS/mkdb" -q "$DB" tests/data/index/items.tsv 2>"$TMP/mkdb.err" ||
	not_ok "mkdb loads the fixture" "$(cat "$TMP/mkdb.err")"
eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', expected '$3'"; fi
}

expect_exit 2 "unknown niche" "$VEILLE" --db "$DB" search --niche cmm maintenance
contains "niche: did you mean" "$TMP/err" "--niche 'cmm': none in the database .did you mean 'cm'"
expect_exit 2 "a niche given by the start of its name" "$VEILLE" --db "$DB" search --niche digital maintenance
contains "niche: the name it starts" "$TMP/err" "did you mean 'digital-twin'"
expect_exit 2 "unknown niche, nothing close" "$VEILLE" --db "$DB" search --niche zzz maintenance
contains "niche: the known ones listed" "$TMP/err" "known: ai, cm, cmms, digital-twin, pdm"
expect_exit 2 "unknown niche among known ones" "$VEILLE" --db "$DB" search --niche pdm --niche pmd maintenance
contains "the unknown one named" "$TMP/err" "'pmd'"
expect_exit 2 "unknown feed" "$VEILLE" --db "$DB" search --feed medias maintenance
contains "feed: did you mean" "$TMP/err" "did you mean 'medias24'"
expect_exit 2 "unknown language" "$VEILLE" --db "$DB" search --lang fra maintenance
contains "language: did you mean" "$TMP/err" "did you mean 'fr'"
expect_exit 2 "unknown sector" "$VEILLE" --db "$DB" search --sector energie maintenance
contains "sector named" "$TMP/err" "--sector 'energie': none in the database"
expect_exit 2 "a date that does not parse" "$VEILLE" --db "$DB" search --since 2026-13-45 maintenance
expect_exit 2 "an --until that does not parse" "$VEILLE" --db "$DB" search --until lastweek maintenance
expect_exit 0 "known filters" "$VEILLE" --db "$DB" search --niche pdm --feed medias24 --lang fr maintenance

# no result: said on stderr, exit 0, nothing on stdout
expect_exit 0 "no result exits 0" "$VEILLE" --db "$DB" search zzzzz
contains "0 results on stderr" "$TMP/err" "^0 results$"
eq "nothing on stdout" "$(wc -c <"$TMP/out" | tr -d ' ')" 0
expect_exit 0 "no result in JSON" "$VEILLE" --db "$DB" search --format json zzzzz
contains "0 results on stderr, JSON too" "$TMP/err" "^0 results$"

# on a terminal (a pty): the count, and whether more exist
tty_run() {
	$PY - "$@" <<'PYEOF'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b""
while True:
    try:
        d = os.read(fd, 65536)
    except OSError:
        break
    if not d:
        break
    out += d
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace").replace("\r\n", "\n"))
sys.exit(os.waitstatus_to_exitcode(st))
PYEOF
}
tty_run "$VEILLE" --db "$DB" search --limit 1 maintenance >"$TMP/tty"
eq "terminal: the last line says how many and that more exist" "$(tail -1 "$TMP/tty")" "1 of 4 — --limit or --offset for more"
tty_run "$VEILLE" --db "$DB" search maintenance >"$TMP/tty"
eq "terminal: all shown" "$(tail -1 "$TMP/tty")" "4 results"
tty_run "$VEILLE" --db "$DB" search --all-items --limit 2 maintenance >"$TMP/tty"
eq "terminal: items counted with --all-items" "$(tail -1 "$TMP/tty")" "2 of 5 — --limit or --offset for more"
tty_run "$VEILLE" --db "$DB" search --offset 3 maintenance >"$TMP/tty"
eq "terminal: the last page" "$(tail -1 "$TMP/tty")" "1 of 4 (the last, after --offset 3)"
"$VEILLE" --db "$DB" search --limit 1 maintenance >"$TMP/notty"
lacks "not a terminal: no count" "$TMP/notty" "of 4"
