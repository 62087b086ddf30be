#!/bin/sh
# veille search ranking (issue 22): a match in the title weighs more than
# one in the summary, more than one deep in the content; recency breaks
# ties; --sort date; the snippet shows the matched word, from the title
# when only the title holds it.
. tests/e2e/lib.sh

export VEILLE_NOW=2026-11-06T00:00:00Z
DB="$TMP/v.db"
PY=/usr/bin/python3
"$TOOLS/mkdb" -q "$DB" tests/data/search/rank.tsv 2>"$TMP/mkdb.err" ||
	not_ok "mkdb loads the fixture" "$(cat "$TMP/mkdb.err")"
eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', expected '$3'"; fi
}
# order QUERY...: the guids (r1 ...) in the order given
order() {
	"$VEILLE" --db "$DB" search --all-items --format json "$@" |
		$PY -c 'import json, sys
print(" ".join("r" + json.loads(l)["link"].rsplit("/", 1)[1] for l in sys.stdin))'
}

# r1: old, the word once deep in a long content; r2: the word in the
# title; r3: in the summary; r4, r5: in the title, r5 newer
# (30 items without the word give it weight: bm25's IDF)
got=$(order thermographie)
eq "title matches first (newer first), then summary, then content" "$got" "r2 r5 r4 r3 r1"
eq "same title match: the newer first" "$(order 'thermographie armoires' | cut -d' ' -f1-2)" "r5 r4"
eq "--sort date" "$(order --sort date thermographie)" "r2 r3 r5 r4 r1"
eq "--sort rank is the default" "$(order --sort rank thermographie)" "$got"
"$VEILLE" --db "$DB" search --all-items --format json 'title:thermographie' >"$TMP/j"
contains "snippet from the title when the match is only there" "$TMP/j" '"link":"https://r.example/2".*"snippet":"La \*\*thermographie\*\* infrarouge'
"$VEILLE" --db "$DB" search --all-items --format json thermographie >"$TMP/j"
contains "snippet from the summary when it holds the match" "$TMP/j" '"link":"https://r.example/3".*"snippet":"Le suivi par \*\*thermographie\*\*'
contains "snippet from the content deep down" "$TMP/j" '"link":"https://r.example/1".*"snippet":"[^"]*\*\*thermographie\*\*'
