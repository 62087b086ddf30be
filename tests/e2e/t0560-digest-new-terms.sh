#!/bin/sh
# The digest's "new in the watch" line: the trend report's first sightings
# (title words and two-word phrases never seen before, now in three items
# from three sources) among the items of the member's niches, for the
# digest's week. tests/data/digest-terms/items.tsv has a phrase new in
# week 48 in niche pm, one new in niche twin, one seen in week 46 already
# and one new but from two sources only.
. tests/e2e/lib.sh

DATA=tests/data/digest-terms
export VEILLE_NOW=2026-11-30T08:00:00Z
"$TOOLS/mkdb" -q "$TMP/v.db" "$DATA/items.tsv" 2>/dev/null || not_ok "mkdb"
v() { $VEILLE --config "$DATA/veille.conf" --db "$TMP/v.db" digest --week 2026-W48 "$@"; }
# line MEMBER START: the text part's paragraph starting with START, its
# wrapped lines joined
line() {
	awk -v s="$2" 'f && $0 == "" { exit } index($0, s) == 1 { f = 1; printf "%s", $0; next }
		f { printf " %s", $0 } END { print "" }' "$TMP/$1.txt" | sed 's/  */ /g'
}

for m in pmonly twinonly everything; do
	expect_exit 0 "$m: digest built" v --dry-run --raw --member $m
	# the text part, quoted-printable soft breaks joined
	sed -e 's/=$//' -e "s/=C2=A0/$NB/g" "$TMP/out" | tr -d '\r' >"$TMP/$m.txt"
done
is "pm member: the phrase new in pm, its words not repeated" \
	"$(line pmonly "Nouveaux termes cette semaine")" "Nouveaux termes cette semaine${NB}: ultrasonic drones"
is "twin member (English): only twin's new phrase" \
	"$(line twinonly "New in the watch")" "New in the watch: quantum sensing, sensing twin, twin pilot"
case "$(line everything "Nouveaux termes cette semaine")" in
*"ultrasonic drones"*"quantum sensing"* | *"quantum sensing"*"ultrasonic drones"*)
	ok "a member of every niche gets both" ;;
*) not_ok "a member of every niche gets both" "$(line everything "Nouveau")" ;;
esac
all=$(line everything "Nouveaux termes cette semaine")
case "$all" in
*vibration* | *kiln*) not_ok "a term seen in an earlier week is not new" "$all" ;;
*) ok "a term seen in an earlier week is not new" ;;
esac
case "$all" in
*electrolyser*) not_ok "a term from two sources only is not listed" "$all" ;;
*) ok "a term from two sources only is not listed" ;;
esac
expect_exit 0 "week 47 digest" v --dry-run --raw --member pmonly --week 2026-W47
lacks "no new terms in a week without three sources of anything new" "$TMP/out" "Nouveaux termes cette semaine"
