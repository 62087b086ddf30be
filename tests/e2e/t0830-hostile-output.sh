#!/bin/sh
# Hostile queries and hostile stored text. Queries with quotes, FTS5
# operators and column syntax, SQL fragments, stars, very long ones: exit 0
# with results or 2 with a positioned message, never an SQL or FTS5 error
# leaking out, never a crash. Titles, feed names, links, authors and
# summaries full of terminal control sequences (ESC, C1 CSI, BEL, CR,
# backspace) never reach the terminal raw from search (text, CSV), show or
# stats. (t0200 covers ESC in a title in plain search output.)
. tests/e2e/lib.sh

export VEILLE_NOW=2026-11-06T00:00:00Z
DB="$TMP/v.db"
"$TOOLS/mkdb" -q "$DB" tests/data/index/items.tsv 2>"$TMP/mkdb.err" ||
	not_ok "mkdb loads the fixture" "$(cat "$TMP/mkdb.err")"

# ---- hostile queries, one per line
cat >"$TMP/queries" <<'QEOF'
maintenance' OR 1=1 --
"; DROP TABLE items; --
') UNION SELECT * FROM sqlite_master --
items_fts MATCH 'x'
title:"
title:
:title
*
**
maintenance*OR*
a * b
"*"
NEAR(
NEAR(a b
NEAR(a b, -1)
NEAR(a b, 99999999999999999999)
NEAR(,)
NEAR()
NEAR(a, b, c)
(((((((((((((((((((((((((((((((maintenance
)))))
{title summary}: maintenance
- maintenance
-
NOT
OR
AND
maintenance OR OR OR
NOT NOT maintenance
"" ""
""
"a""b"
'''
\
^maintenance
maintenance + pompes
col:maintenance
rowid:1
items_fts:maintenance
title:title:maintenance
title:-maintenance
-title:maintenance
%
_
\x00
maintenance; SELECT 1
$(id)
`id`
%s%s%s%n
QEOF
bad="" leak="" n=0
while IFS= read -r q; do
	n=$((n + 1))
	"$VEILLE" --db "$DB" search --format json -- "$q" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 2 ]; then
		bad="$bad [$q](rc=$rc)"
	elif [ $rc -eq 2 ] && ! grep -q 'column [0-9]\|nothing to search\|needs a word\|too long' "$TMP/err"; then
		bad="$bad [$q](message: $(head -1 "$TMP/err"))"
	fi
	if grep -qi 'sqlite\|fts5\|syntax error\|no such\|SQL' "$TMP/err"; then
		leak="$leak [$q]: $(head -1 "$TMP/err")"
	fi
done <"$TMP/queries"
if [ -z "$bad" ]; then ok "$n hostile queries: results or a positioned usage error"; else not_ok "hostile queries: results or a positioned usage error" "$bad"; fi
if [ -z "$leak" ]; then ok "$n hostile queries: no SQL or FTS5 error leaks"; else not_ok "hostile queries: no SQL or FTS5 error leaks" "$leak"; fi

# the SQL fragments did nothing: the data is all there
"$VEILLE" --db "$DB" stats --format json >"$TMP/st"
contains "hostile queries changed nothing" "$TMP/st" '"items":9'

# very long queries: 100 000 characters, and 5 000 words
long=$(head -c 100000 /dev/zero | tr '\0' 'a')
"$VEILLE" --db "$DB" search -- "$long" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -eq 0 ] || { [ $rc -eq 2 ] && [ -s "$TMP/err" ]; }; then ok "100 000-character query: answer or usage error (exit $rc)"; else not_ok "100 000-character query (exit $rc)" "$(head -c 300 "$TMP/err")"; fi
words=$(yes 'maintenance OR' | head -5000 | tr '\n' ' ')
"$VEILLE" --db "$DB" search -- "$words x" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -eq 0 ] || { [ $rc -eq 2 ] && [ -s "$TMP/err" ]; }; then ok "5 000-term query: answer or usage error (exit $rc)"; else not_ok "5 000-term query (exit $rc)" "$(head -c 300 "$TMP/err")"; fi
lacks "long queries: no SQL error leaks" "$TMP/err" 'sqlite|fts5|syntax error|SQL'

# ---- hostile stored text (mkdb turns \e into ESC; others are raw bytes)
H="$TMP/h.db"
ESC=$(printf '\033')
CSI=$(printf '\302\233')
BEL=$(printf '\007')
CR=$(printf '\r')
BS=$(printf '\010')
RLO=$(printf '\342\200\256')	# U+202E, right-to-left override
LRI=$(printf '\342\201\246')	# U+2066, left-to-right isolate
{
	printf 'feed\tkind\tlang\tguid\tlink\ttitle\tsummary\tauthors\tpublished\tniches\n'
	printf 'evil\\e]0;owned\\a\tnews\tfr\th1\thttps://x.example/a\\e[2J\tPompe %s[31mrouge%s[0m %s6n %sfin %s%s%s %sfdp.exe %sx\tRésumé pompe %s[2J %s]52;c;cGF5bG9hZA==%s\tMallory %s[5m\t2026-11-05T00:00:00Z\tpdm:1\n' \
		"$ESC" "$ESC" "$CSI" "$BEL" "$CR" "$BS" "$BS" "$RLO" "$LRI" "$ESC" "$ESC" "$BEL" "$ESC"
} >"$TMP/h.tsv"
"$TOOLS/mkdb" -q "$H" "$TMP/h.tsv" 2>"$TMP/err" || not_ok "mkdb loads hostile text" "$(cat "$TMP/err")"
raw() {
	if LC_ALL=C grep -q "[$ESC$BEL$CR$BS]" "$2" || LC_ALL=C grep -q "$CSI" "$2" ||
		LC_ALL=C grep -q "$RLO" "$2" || LC_ALL=C grep -q "$LRI" "$2"; then
		not_ok "$1: no raw control sequence" "$(od -c "$2" | head -12)"
	else
		ok "$1: no raw control sequence"
	fi
}
"$VEILLE" --db "$H" search pompe >"$TMP/o1" 2>&1
contains "search text: the hostile item is found" "$TMP/o1" "rouge"
raw "search text" "$TMP/o1"
"$VEILLE" --db "$H" search --format csv pompe >"$TMP/o2" 2>&1
# CSV lines end in CRLF by RFC 4180: drop that CR before looking
tr -d '\r' <"$TMP/o2" | sed 's/$//' >"$TMP/o2b"
raw "search csv" "$TMP/o2b"
"$VEILLE" --db "$H" show 1 >"$TMP/o3" 2>&1
contains "show: the hostile item is shown" "$TMP/o3" "rouge"
raw "show" "$TMP/o3"
"$VEILLE" --db "$H" stats >"$TMP/o4" 2>&1
raw "stats" "$TMP/o4"
"$VEILLE" --db "$H" search --format json pompe >"$TMP/o5" 2>&1
raw "search json (escaped as \\u001b)" "$TMP/o5"
"$VEILLE" --db "$H" show --format json 1 >"$TMP/o6" 2>&1
raw "show json" "$TMP/o6"
