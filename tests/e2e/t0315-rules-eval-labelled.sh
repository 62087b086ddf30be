#!/bin/sh
# The shipped rules on the test split of the labelled set
# (tests/data/labelled/, sources disjoint from the training split): macro F1
# no more than 0.02 below the figure recorded in recorded.txt, negatives put
# in a niche no more than recorded, and real hard negatives of the set
# (software reliability, a sleep model's "prognostic" accuracy, French film
# notices with virtual reality) in no niche.
. tests/e2e/lib.sh

D=tests/data/labelled
if [ ! -f $D/labelled.tsv ]; then
	skip "no $D/labelled.tsv (regenerate it with $D/build.py)"
	exit 0
fi
recorded=$(awk '$1 == "macro_f1_test" { print $2 }' $D/recorded.txt)
negmax=$(awk '$1 == "negatives_in_niche_test_permille" { print $2 }' $D/recorded.txt)

"$VEILLE" --config feeds.conf rules eval --split test $D/labelled.tsv >"$TMP/out" 2>"$TMP/err"
rc=$?
macro=$(awk '$1 == "macro" { print $4 }' "$TMP/out")
if [ $rc -ne 0 ] || [ -z "$macro" ]; then
	not_ok "rules eval --split test runs" "$(cat "$TMP/err")"
else
	if awk -v m="$macro" -v r="$recorded" 'BEGIN { exit !(m >= r - 0.02) }'; then
		ok "test split: macro F1 $macro >= recorded $recorded - 0.02"
	else
		not_ok "test split: macro F1 $macro >= recorded $recorded - 0.02" "$(head -16 "$TMP/out")"
	fi
fi

# Negatives (no label) of the test split that fall in any niche.
awk -F'\t' 'NR > 1 && $2 == "test" && $5 == "" { print $1 "\t" $7 "\t" $8 }' $D/labelled.tsv |
	"$VEILLE" --config feeds.conf rules test --format tsv - >"$TMP/neg"
set -- $(awk -F'\t' '{ n++; if ($2 != "") f++ } END { printf "%d %d\n", f, n }' "$TMP/neg")
permille=$(($1 * 1000 / $2))
if [ "$permille" -le "$negmax" ]; then
	ok "test split: $1 of $2 negatives in a niche ($permille per 1000 <= $negmax)"
else
	not_ok "test split: $1 of $2 negatives in a niche ($permille per 1000 <= $negmax)" \
		"$(awk -F'\t' '$2 != ""' "$TMP/neg" | head)"
fi

# Hard negatives of the set: words of the niches, other fields.
for id in L3494f04956 L52da7a172b L908be4873c L5b6c92efaa; do
	awk -F'\t' -v id=$id '$1 == id { print $1 "\t" $7 "\t" $8 }' $D/labelled.tsv >"$TMP/one"
	if [ ! -s "$TMP/one" ]; then
		not_ok "hard negative $id is in the set"
		continue
	fi
	"$VEILLE" --config feeds.conf rules test --format tsv "$TMP/one" >"$TMP/got"
	title=$(cut -f2 "$TMP/one" | cut -c1-60)
	check "hard negative in no niche: $title" \
		awk -F'\t' '{ exit $2 != "" }' "$TMP/got"
done
