#!/bin/sh
# The shipped rules measured on the shipped labelled set
# (tests/data/rules-eval.tsv): macro F1 >= 0.85 and no niche below 0.7, on
# all rows and on the held-out test split.
. tests/e2e/lib.sh

for split in all test; do
	if [ $split = all ]; then
		"$VEILLE" --config feeds.conf rules eval tests/data/rules-eval.tsv >"$TMP/out" 2>"$TMP/err"
	else
		"$VEILLE" --config feeds.conf rules eval --split $split tests/data/rules-eval.tsv >"$TMP/out" 2>"$TMP/err"
	fi
	rc=$?
	macro=$(awk '$1 == "macro" { print $4 }' "$TMP/out")
	low=$(awk '$1 == "rows" { print $5 }' "$TMP/out")
	rows=$(awk '$1 == "rows" { sub(",", "", $2); print $2 }' "$TMP/out")
	if [ $rc -ne 0 ] || [ -z "$macro" ]; then
		not_ok "rules eval ($split rows) runs" "$(cat "$TMP/err")"
		continue
	fi
	if awk -v m="$macro" 'BEGIN { exit !(m >= 0.85) }'; then
		ok "rules eval ($split, $rows rows): macro F1 $macro >= 0.85"
	else
		not_ok "rules eval ($split, $rows rows): macro F1 $macro >= 0.85" "$(head -20 "$TMP/out")"
	fi
	if awk -v m="$low" 'BEGIN { exit !(m >= 0.7) }'; then
		ok "rules eval ($split): lowest niche F1 $low >= 0.7"
	else
		not_ok "rules eval ($split): lowest niche F1 $low >= 0.7" "$(head -20 "$TMP/out")"
	fi
done
rows=$(($(wc -l <tests/data/rules-eval.tsv) - 1))
if [ "$rows" -ge 300 ]; then ok "labelled set has $rows rows (>= 300)"; else not_ok "labelled set has $rows rows (>= 300)"; fi
