#!/bin/sh
# veille search, show and stats over a database built from
# tests/data/index/items.tsv with the mkdb tool: query forms, accents,
# filters, story collapsing, each output format read back, errors.
. tests/e2e/lib.sh

export VEILLE_NOW=2026-11-06T00:00:00Z
DB="$TMP/v.db"
PY=/usr/bin/python3
"$TOOLS/mkdb" -q "$DB" tests/data/index/items.tsv 2>"$TMP/mkdb.err" ||
	not_ok "mkdb loads the fixture" "$(cat "$TMP/mkdb.err")"

# count QUERY... : number of JSON lines printed
count() {
	"$VEILLE" --db "$DB" search --format json "$@" 2>"$TMP/cerr" | wc -l | tr -d ' '
}
# eq DESC GOT WANT
eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', expected '$3'"; fi
}

eq "accents never matter" "$(count maintenance predictive --all-items)" 3
eq "upper case and accents in the query" "$(count 'MAINTENANCE PRÉDICTIVE' --all-items)" 3
eq "one result per story by default" "$(count maintenance predictive)" 2
"$VEILLE" --db "$DB" search --format json jumeaux >"$TMP/j" 2>&1
contains "story lists its other source, by its title" "$TMP/j" '"feed":"google-news","feed_title":"google-news".*"other_sources":\["L.Usine Nouvelle"\]'
eq "phrase" "$(count '"analyse vibratoire"')" 1
eq "phrase in order only" "$(count '"vibratoire analyse"')" 0
eq "OR" "$(count thermographie OR cmms)" 2
eq "exclusion" "$(count --all-items 'maintenance -raja')" 4
eq "exclusion after --" "$(count --all-items -- maintenance -raja)" 4
eq "prefix" "$(count 'therm*')" 2
eq "title field" "$(count title:thermographie)" 1
eq "author field" "$(count author:lovelace)" 1
eq "feed field" "$(count feed:medias24)" 2
eq "NEAR" "$(count 'NEAR(useful bearings, 3)')" 1
eq "NEAR too far" "$(count 'NEAR(remaining signals, 2)')" 0
eq "content (HTML) indexed as text" "$(count 'arrêts')" 1
eq "--kind publication" "$(count --kind publication bearings)" 1
eq "--kind news" "$(count --kind news bearings)" 0
eq "--feed" "$(count --feed medias24 maintenance)" 1
eq "--lang en" "$(count --lang en maintenance)" 2
eq "--niche repeatable" "$(count --niche cmms --niche cm maintenance)" 2
eq "--niche one" "$(count --niche pdm maintenance)" 2
eq "--since date" "$(count --since 2026-11-01 maintenance)" 2
eq "--since ISO week" "$(count --since 2026-W45 --until 2026-W45 maintenance)" 2
eq "ISO week bounds (W44 holds none)" "$(count --since 2026-W44 --until 2026-W44 maintenance)" 0
eq "--until date includes the day" "$(count --until 2026-10-21 maintenance)" 2
eq "--since duration" "$(count --since 3d maintenance)" 1
eq "--limit" "$(count --limit 1 maintenance)" 1
eq "--offset" "$(count --offset 3 maintenance)" 1

"$VEILLE" --db "$DB" search --sort date --format json --all-items 'pumps OR bearings OR thermographie' >"$TMP/d"
first=$(head -1 "$TMP/d" | $PY -c 'import json,sys; print(json.load(sys.stdin)["date"])')
eq "--sort date puts the newest first" "$first" 2026-11-05T01:00:00Z

# JSON: every line is a valid object with marks around matches
"$VEILLE" --db "$DB" search --format json --all-items maintenance >"$TMP/j"
bad=0
while IFS= read -r l; do
	printf '%s\n' "$l" | $PY -m json.tool >/dev/null 2>&1 || bad=$((bad + 1))
done <"$TMP/j"
eq "JSON lines parse with python3 -m json.tool" "$bad" 0
contains "JSON snippet marks the match" "$TMP/j" '\*\*[Mm]aintenance\*\*'

# CSV: read back with Python's csv module
"$VEILLE" --db "$DB" search --format csv --all-items pumps >"$TMP/c.csv"
got=$($PY -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0] == ["id","story","date","feed","feed_title","title","link","niches","other_sources","snippet"], rows[0]
titles = sorted(r[5] for r in rows[1:])
assert all(len(r) == 10 for r in rows), rows
print(len(rows) - 1, "|".join(titles))
' "$TMP/c.csv" 2>&1)
case "$got" in
"2 "*'Pumps, valves and "quotes"'*) ok "CSV reads back with its header, quotes kept" ;;
*) not_ok "CSV reads back with its header, quotes kept" "$got" ;;
esac

# text output: no terminal escapes from feeds, no bold when not a terminal
"$VEILLE" --db "$DB" search pumps >"$TMP/t"
if grep -q "$(printf '\033')" "$TMP/t"; then
	not_ok "escape sequences from feeds stripped" "$(od -c "$TMP/t" | head)"
else
	ok "escape sequences from feeds stripped"
fi
contains "text shows title and link" "$TMP/t" 'https://plantengineering.com/evil'
contains "text shows the snippet" "$TMP/t" 'summary about pumps'

# errors: with the column, exit 2
expect_exit 2 "unbalanced quote exits 2" "$VEILLE" --db "$DB" search 'foo "bar'
contains "error names the column" "$TMP/err" 'search: unbalanced quote at column 5'
expect_exit 2 "unknown field exits 2" "$VEILLE" --db "$DB" search titel:x
contains "unknown field suggests" "$TMP/err" "did you mean 'title'"
expect_exit 2 "only exclusions" "$VEILLE" --db "$DB" search -- -pumps
expect_exit 2 "bad --since" "$VEILLE" --db "$DB" search --since yesterday pumps
expect_exit 2 "bad --sort" "$VEILLE" --db "$DB" search --sort random pumps
expect_exit 2 "bad --kind" "$VEILLE" --db "$DB" search --kind blog pumps
expect_exit 2 "no query" "$VEILLE" --db "$DB" search
expect_exit 3 "missing database" "$VEILLE" --db "$TMP/none.db" search pumps
contains "missing database named" "$TMP/err" "none.db' does not exist"
[ -e "$TMP/none.db" ] && not_ok "search never creates a database" || ok "search never creates a database"

# show
id=$("$VEILLE" --db "$DB" search --format json 'title:safran' --all-items --feed usine-nouvelle |
	$PY -c 'import json,sys; print(json.load(sys.stdin)["id"])')
expect_exit 0 "show an item" "$VEILLE" --db "$DB" show "$id"
contains "show: its niches" "$TMP/out" '^  pdm 3.00'
contains "show: its other sources" "$TMP/out" 'google-news: https://usinenouvelle.com/safran-jumeaux'
expect_exit 0 "show --format json" "$VEILLE" --db "$DB" show --format json "$id"
check "show JSON parses" $PY -m json.tool "$TMP/out"
expect_exit 1 "show unknown item" "$VEILLE" --db "$DB" show 999

# stats
expect_exit 0 "stats" "$VEILLE" --db "$DB" stats --format json
got=$($PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["items"], d["stories"], d["feeds"], d["weeks"][0]["week"])' "$TMP/out")
eq "stats counts items, stories, feeds, weeks" "$got" "9 8 5 2026-W45"
