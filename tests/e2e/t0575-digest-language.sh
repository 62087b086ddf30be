#!/bin/sh
# A member's language orders its digest and "languages" filters it: a
# French member sees the French items first in each niche even when English
# ones score higher; with languages = fr it gets French items and those of
# unknown language only; an English member with languages = en the English
# ones. Counted from the messages --dry-run prints (quoted-printable: the
# titles are matched on their ASCII start).
. tests/e2e/lib.sh
DATA=tests/data/digest-lang
export VEILLE_NOW=2026-11-30T08:00:00Z
"$TOOLS/mkdb" -q "$TMP/v.db" "$DATA/items.tsv" 2>"$TMP/err" || not_ok "mkdb" "$(cat "$TMP/err")"
v() { "$VEILLE" --config "$DATA/veille.conf" --db "$TMP/v.db" digest --week 2026-W48 "$@"; }
# titles M: the entry titles of member M's text part, in order
titles() {
	v --dry-run --member "$1" >"$TMP/$1.eml" 2>"$TMP/err" || not_ok "dry run $1" "$(cat "$TMP/err")"
	grep -E '^[0-9]+\. ' "$TMP/$1.eml" | sed 's/^[0-9]*\. //'
}
titles fr-first >"$TMP/fr1"
if head -n 3 "$TMP/fr1" | grep -c '^Maintenance pr' | grep -qx 3; then
	ok "French member: the three French items first, though English ones score higher"
else
	not_ok "French member: the three French items first" "$(cat "$TMP/fr1")"
fi
is "French member: four entries (per_niche), the fourth of unknown language" \
	"$(wc -l <"$TMP/fr1" | tr -d ' '):$(sed -n 4p "$TMP/fr1" | grep -c 'PdM 4.0')" "4:1"
titles fr-only >"$TMP/fr2"
is "languages = fr: three French items and the one of unknown language" "$(wc -l <"$TMP/fr2" | tr -d ' ')" 4
lacks "languages = fr: no English item" "$TMP/fr2" "Predictive maintenance"
titles en-only >"$TMP/en"
is "languages = en: three English items and the one of unknown language" "$(wc -l <"$TMP/en" | tr -d ' ')" 4
lacks "languages = en: no French item" "$TMP/en" "^Maintenance pr"
contains "English member: English items first" "$TMP/en" "Predictive maintenance"
[ "$(head -n 1 "$TMP/en" | grep -c 'Predictive maintenance')" = 1 ] && ok "English member: an English item heads the niche" ||
	not_ok "English member: an English item heads the niche" "$(cat "$TMP/en")"
