#!/bin/sh
# veille rules test / rules eval on small inputs whose expected outputs were
# computed by hand (tests/data/rules/), folding and word boundaries with the
# shipped taxonomy, and usage errors.
. tests/e2e/lib.sh

D=tests/data/rules

"$VEILLE" --config $D/basic.conf rules test $D/basic.in >"$TMP/out" 2>"$TMP/err"
check "rules test: JSON per line, evidence as written" \
	diff -u $D/basic.expected "$TMP/out"
"$VEILLE" --config $D/basic.conf rules test --format text - <$D/basic.in >"$TMP/out"
check "rules test --format text from stdin, exclusions shown" \
	diff -u $D/basic.text.expected "$TMP/out"

"$VEILLE" --config $D/basic.conf rules test --format tsv $D/basic.in >"$TMP/out"
check "rules test --format tsv: id, niches, sectors" \
	diff -u $D/basic.tsv.expected "$TMP/out"
expect_exit 2 "rules eval: --format tsv is for test only" \
	"$VEILLE" --config $D/eval.conf rules eval --format tsv $D/eval.tsv

"$VEILLE" --config $D/eval.conf rules eval $D/eval.tsv >"$TMP/out" 2>"$TMP/err"
check "rules eval: metrics, worst errors and evidence" \
	diff -u $D/eval.expected "$TMP/out"
"$VEILLE" --config $D/eval.conf rules eval --format json $D/eval.tsv |
	sed 's/"fingerprint":"[0-9a-f]*",//' >"$TMP/out"
check "rules eval --format json" diff -u $D/eval.json.expected "$TMP/out"

# Folding and case with the shipped rules: one rule, three spellings.
printf '1\t\tmaintenance prédictive\n2\t\tMAINTENANCE PREDICTIVE\n3\t\tmaintenance predictive\n4\tRural roads\tCentre rural\n' \
	>"$TMP/fold.in"
"$VEILLE" --config feeds.conf rules test "$TMP/fold.in" >"$TMP/out"
n=$(grep -c '"niche":"predictive-maintenance"' "$TMP/out")
if [ "$n" = 3 ]; then
	ok "shipped rules: three spellings of 'maintenance prédictive' match"
else
	not_ok "shipped rules: three spellings of 'maintenance prédictive' match" "$(cat "$TMP/out")"
fi
contains "shipped rules: 'rural' is not RUL" "$TMP/out" '^\{"id":"4","niches":\[\],'

expect_exit 2 "rules: unknown subcommand" "$VEILLE" --config $D/eval.conf rules tset
contains "rules: unknown subcommand named" "$TMP/err" "unknown subcommand 'tset'"
expect_exit 2 "rules: bad --format" "$VEILLE" --config $D/eval.conf rules test --format xml $D/basic.in
printf 'id\ttitle\n1\tx\n' >"$TMP/nocol.tsv"
expect_exit 2 "rules eval: missing columns" "$VEILLE" --config $D/eval.conf rules eval "$TMP/nocol.tsv"
contains "rules eval: missing columns named" "$TMP/err" 'id, labels, title and summary'
printf 'id\tlabels\ttitle\tsummary\n1\talpah\tx\ty\n' >"$TMP/typo.tsv"
expect_exit 2 "rules eval: unknown niche label" "$VEILLE" --config $D/eval.conf rules eval "$TMP/typo.tsv"
contains "rules eval: unknown niche label named" "$TMP/err" "unknown niche 'alpah'"
expect_exit 2 "rules eval: --split needs a split column" \
	"$VEILLE" --config $D/eval.conf rules eval --split test $D/eval.tsv
expect_exit 2 "rules: bad rule is a configuration error" \
	"$VEILLE" --config tests/data/conf-bad/bad-rule-regex.conf rules test $D/basic.in
