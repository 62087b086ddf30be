#!/bin/sh
# bench/gen-corpus.py: deterministic, well-formed feeds of both formats and
# languages, with dates and HTML the parser must handle, and urls.txt.
. tests/e2e/lib.sh

PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3 || true)
if [ -z "$PY" ]; then
	skip "gen-corpus" "no python3"
	exit 0
fi

check "generate 12 feeds" "$PY" bench/gen-corpus.py "$TMP/a" --feeds 12 --seed 7
check "generate them again" "$PY" bench/gen-corpus.py "$TMP/b" --feeds 12 --seed 7
check "same seed, same bytes" diff -r "$TMP/a" "$TMP/b"
"$PY" bench/gen-corpus.py "$TMP/c" --feeds 12 --seed 8 2>/dev/null
if diff -rq "$TMP/a" "$TMP/c" >/dev/null; then
	not_ok "another seed gives another corpus"
else
	ok "another seed gives another corpus"
fi

n=$(ls "$TMP/a/feeds" | wc -l)
[ "$n" -eq 12 ] && ok "12 feed files" || not_ok "12 feed files (found $n)"
l=$(wc -l <"$TMP/a/urls.txt")
[ "$l" -eq 12 ] && ok "urls.txt lists them" || not_ok "urls.txt lists them ($l lines)"
bad=0
while read -r rel; do
	[ -f "$TMP/a/$rel" ] || bad=1
	case "$rel" in /*) bad=1 ;; esac
done <"$TMP/a/urls.txt"
[ "$bad" -eq 0 ] && ok "urls.txt holds relative paths of existing files" ||
	not_ok "urls.txt holds relative paths of existing files"

cat "$TMP"/a/feeds/*.xml >"$TMP/all"
contains "some RSS 2.0" "$TMP/all" '<rss version="2.0"'
contains "some Atom 1.0" "$TMP/all" '<feed xmlns="http://www.w3.org/2005/Atom"'
contains "French vocabulary" "$TMP/all" 'maintenance prédictive|thermographie|GMAO|jumeau numérique'
contains "English vocabulary" "$TMP/all" 'predictive maintenance|vibration analysis|CMMS|digital twin'
contains "RFC 822 dates" "$TMP/all" '<pubDate>[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} 20[0-9]{2} '
contains "RFC 3339 dates" "$TMP/all" '<published>20[0-9]{2}-[0-9]{2}-[0-9]{2}T'
contains "CDATA descriptions" "$TMP/all" '<!\[CDATA\[<p>'
contains "escaped HTML descriptions" "$TMP/all" '&lt;p&gt;'

if command -v xmllint >/dev/null 2>&1; then
	check "every feed is well-formed XML" xmllint --noout "$TMP"/a/feeds/*.xml
else
	skip "every feed is well-formed XML" "xmllint not installed"
fi

# --scale multiplies the items.
"$PY" bench/gen-corpus.py "$TMP/s1" --feeds 3 2>"$TMP/e1"
"$PY" bench/gen-corpus.py "$TMP/s2" --feeds 3 --scale 2 2>"$TMP/e2"
i1=$(sed -n 's/.* feeds, \([0-9]*\) items.*/\1/p' "$TMP/e1")
i2=$(sed -n 's/.* feeds, \([0-9]*\) items.*/\1/p' "$TMP/e2")
[ -n "$i1" ] && [ "$i2" = $((i1 * 2)) ] && ok "--scale 2 doubles the items ($i1 -> $i2)" ||
	not_ok "--scale 2 doubles the items ($i1 -> $i2)"
c1=$(cat "$TMP"/s1/feeds/*.xml | grep -c '<item>\|<entry>')
[ "$c1" = "$i1" ] && ok "reported item count matches the files" ||
	not_ok "reported item count matches the files ($c1 vs $i1)"
