#!/bin/sh
# veille search with stemming (issue 22): French and English plurals and
# inflections meet whatever the item's language; phrases keep their
# order, NEAR its distance, prefixes the start of words; --exact and =word
# keep the forms as written; snippets mark the words of the text.
. tests/e2e/lib.sh

export VEILLE_NOW=2026-11-06T00:00:00Z
DB="$TMP/v.db"
PY=/usr/bin/python3
"$TOOLS/mkdb" -q "$DB" tests/data/search/stem.tsv 2>"$TMP/mkdb.err" ||
	not_ok "mkdb loads the fixture" "$(cat "$TMP/mkdb.err")"

# guids QUERY...: the guids of the items found, sorted, space-separated
guids() {
	"$VEILLE" --db "$DB" search --all-items --format json "$@" 2>"$TMP/gerr" |
		$PY -c 'import json, sys
print(" ".join(sorted(json.loads(l)["link"].split("/")[2][:2] + "-" + json.loads(l)["link"].rsplit("/", 1)[1] for l in sys.stdin)))'
}
eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', expected '$3'"; fi
}

# French
eq "jumeaux numériques finds jumeau numérique" "$(guids "jumeaux numériques")" "en-5 fr-1 fr-2"
eq "jumeau numérique finds jumeaux numériques" "$(guids "jumeau numérique")" "en-5 fr-1 fr-2"
eq "phrase with plurals" "$(guids '"jumeaux numériques"')" "fr-1 fr-2"
eq "capteurs finds capteur" "$(guids capteurs)" "fr-3 fr-4"
eq "capteur finds capteurs" "$(guids capteur)" "fr-3 fr-4"
# English
eq "bearings finds bearing" "$(guids bearings)" "en-1 en-2"
eq "bearing finds bearings" "$(guids bearing)" "en-1 en-2"
eq "PLCs finds PLC" "$(guids PLCs)" "en-3 en-4"
eq "PLC finds PLCs" "$(guids plc)" "en-3 en-4"
# whatever the item's language: a French word in an English item
eq "a French plural in an English item" "$(guids numérique)" "en-5 fr-1 fr-2"
# phrases, NEAR and prefixes keep their meaning
eq "a phrase keeps its order" "$(guids '"numérique jumeau"')" ""
eq "NEAR with stems" "$(guids 'NEAR(jumeau numérique, 0)')" "fr-1 fr-2"
eq "NEAR keeps its distance" "$(guids 'NEAR(twin numériques, 3)')" ""
eq "prefix: the start of words" "$(guids 'capt*')" "fr-3 fr-4"
eq "prefix longer than the stem" "$(guids 'capteurs*')" "fr-3 fr-4"
eq "prefix does not reach other words" "$(guids 'bearingx*')" ""
# forms as written
eq "=capteurs: as written" "$(guids =capteurs)" "fr-3"
eq "=capteur: as written" "$(guids =capteur)" "fr-4"
eq "--exact: every word as written" "$(guids --exact bearing)" "en-2"
eq "--exact phrase" "$(guids --exact '"jumeaux numériques"')" "fr-1"
eq "=a OR =b" "$(guids '=bearings OR =plc')" "en-1 en-4"
eq "case and accents still folded with --exact" "$(guids --exact NUMERIQUES)" "en-5 fr-1"
# snippets mark the word of the text the stem matched
"$VEILLE" --db "$DB" search --all-items --format json 'title:jumeau' >"$TMP/j"
contains "snippet marks the inflected form" "$TMP/j" '\*\*jumeaux\*\*'
"$VEILLE" --db "$DB" search --all-items --format json vibration >"$TMP/j"
contains "snippet marks the plural found by its singular" "$TMP/j" '\*\*vibrations\*\*'
