#!/bin/sh
# The literal prefilter changes no result: veille rules test and rules eval
# print the same bytes with it (default) and without it
# (VEILLE_CLASSIFY_PREFILTER=0), on the labelled set, in every output
# format.
. tests/e2e/lib.sh

E=tests/data/rules-eval.tsv
awk -F'\t' 'NR > 1 { print $1 "\t" $7 "\t" $8 }' $E >"$TMP/items.tsv"
n=$(wc -l <"$TMP/items.tsv")
for fmt in json text tsv; do
	"$VEILLE" --config feeds.conf rules test --format $fmt "$TMP/items.tsv" \
		>"$TMP/with.$fmt" 2>"$TMP/err"
	VEILLE_CLASSIFY_PREFILTER=0 "$VEILLE" --config feeds.conf rules test \
		--format $fmt "$TMP/items.tsv" >"$TMP/without.$fmt" 2>>"$TMP/err"
	check "rules test --format $fmt: $n items alike with and without the prefilter" \
		cmp "$TMP/with.$fmt" "$TMP/without.$fmt"
done
m=$(grep -c '"evidence":\[{' "$TMP/with.json")
if [ "$m" -gt 100 ]; then
	ok "the comparison holds evidence ($m items with some)"
else
	not_ok "the comparison holds evidence" "only $m items with evidence"
fi

"$VEILLE" --config feeds.conf rules eval --format json $E >"$TMP/eval.with"
VEILLE_CLASSIFY_PREFILTER=0 "$VEILLE" --config feeds.conf rules eval --format json $E \
	>"$TMP/eval.without"
check "rules eval: same metrics and worst cases with and without the prefilter" \
	cmp "$TMP/eval.with" "$TMP/eval.without"
