#!/bin/sh
# veille search --expand (issue 22) on the shipped taxonomy and synonyms:
# GMAO <-> CMMS, jumeau numérique <-> digital twin, maintenance prédictive
# <-> predictive maintenance; the widened query is shown on stderr; terms
# in an OR, excluded, with a field or in NEAR() stay as written.
. tests/e2e/lib.sh

export VEILLE_NOW=2026-11-06T00:00:00Z
DB="$TMP/v.db"
PY=/usr/bin/python3
printf 'include = %s/conf/taxonomy.conf\ninclude = %s/conf/synonyms.conf\n' "$PWD" "$PWD" >"$TMP/feeds.conf"
{
	printf 'feed\tguid\tlink\ttitle\tsummary\tpublished\tfirst_seen\n'
	printf 'fr\tg1\thttps://a.example/1\tLa GMAO arrive dans les PME\tUn logiciel.\t2026-11-02T08:00:00Z\t2026-11-02T09:00:00Z\n'
	printf 'en\tg2\thttps://a.example/2\tA CMMS rollout at a plant\tSoftware.\t2026-11-02T08:00:00Z\t2026-11-02T09:00:00Z\n'
	printf 'en\tg3\thttps://a.example/3\tDigital twins of presses\tSimulation.\t2026-11-02T08:00:00Z\t2026-11-02T09:00:00Z\n'
	printf 'fr\tg4\thttps://a.example/4\tUn jumeau numérique de la ligne\tSimulation.\t2026-11-02T08:00:00Z\t2026-11-02T09:00:00Z\n'
	printf 'en\tg5\thttps://a.example/5\tPredictive maintenance for pumps\tVibration.\t2026-11-02T08:00:00Z\t2026-11-02T09:00:00Z\n'
	printf 'fr\tg6\thttps://a.example/6\tLa maintenance prédictive des pompes\tVibrations.\t2026-11-02T08:00:00Z\t2026-11-02T09:00:00Z\n'
	printf 'en\tg7\thttps://a.example/7\tMarketing the digital twin\tHype.\t2026-11-02T08:00:00Z\t2026-11-02T09:00:00Z\n'
} >"$TMP/items.tsv"
"$TOOLS/mkdb" -q "$DB" "$TMP/items.tsv" 2>"$TMP/mkdb.err" ||
	not_ok "mkdb loads the items" "$(cat "$TMP/mkdb.err")"

# ids QUERY...: the guids found (g1 g2 ...), sorted
ids() {
	"$VEILLE" --config "$TMP/feeds.conf" --db "$DB" search --all-items --format json "$@" 2>"$TMP/xerr" |
		$PY -c 'import json, sys
print(" ".join(sorted("g" + json.loads(l)["link"].rsplit("/", 1)[1] for l in sys.stdin)))'
}
eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', expected '$3'"; fi
}

eq "GMAO alone" "$(ids gmao)" "g1"
eq "GMAO --expand finds CMMS" "$(ids --expand gmao)" "g1 g2"
contains "the widened query on stderr" "$TMP/xerr" '^searching: "GMAO" OR "CMMS" OR'
eq "CMMS --expand finds GMAO" "$(ids --expand cmms)" "g1 g2"
eq "jumeau numérique --expand finds digital twins" "$(ids --expand jumeau numérique)" "g3 g4 g7"
eq "plural forms compared by stems" "$(ids --expand jumeaux numériques)" "g3 g4 g7"
eq "a quoted phrase expanded" "$(ids --expand '"digital twin"')" "g3 g4 g7"
eq "maintenance prédictive --expand" "$(ids --expand maintenance prédictive)" "g5 g6"
eq "predictive maintenance --expand" "$(ids --expand predictive maintenance)" "g5 g6"
eq "expanded term and another word" "$(ids --expand maintenance prédictive pompes)" "g6"
eq "exclusion stays as written" "$(ids --expand -- digital twin -marketing)" "g3 g4"
contains "exclusion shown as written" "$TMP/xerr" '^searching: "Jumeau numérique" OR "Digital twin".* -marketing$'
eq "a term in an OR stays" "$(ids --expand 'gmao OR pompes')" "g1 g6"
contains "nothing to widen is said" "$TMP/xerr" "no synonym found"
eq "a field stays" "$(ids --expand title:gmao)" "g1"
expect_exit 0 "without --expand, nothing on stderr" "$VEILLE" --config "$TMP/feeds.conf" --db "$DB" search gmao
lacks "no widened query" "$TMP/err" "searching:"
check "the shipped configuration with synonyms is valid" "$VEILLE" --config feeds.conf check
