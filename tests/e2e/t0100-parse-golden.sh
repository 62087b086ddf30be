#!/bin/sh
# veille parse against golden files: each line of tests/data/parse/golden.tsv
# names a case, its input (data:FILE under tests/data/parse/, or
# shared:PATH under ../shared for captures whose licence keeps them there)
# and extra arguments. NAME.json is the exact stdout expected (exit 0);
# NAME.err the exact stderr expected (exit 1). Regenerate a golden with
# VEILLE_REGEN=1, then review it by eye before committing it.
. tests/e2e/lib.sh

dir=tests/data/parse
tab=$(printf '\t')
while IFS="$tab" read -r name src args; do
	case $src in
	data:*) in=$dir/${src#data:} ;;
	shared:*)
		in=$SHARED/${src#shared:}
		if [ ! -f "$in" ]; then
			skip "parse golden $name" "../shared absent (GPL capture kept there)"
			continue
		fi ;;
	*) not_ok "parse golden $name: bad source '$src'"; continue ;;
	esac
	# shellcheck disable=SC2086
	"$VEILLE" parse $args "$in" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "${VEILLE_REGEN:-}" = 1 ]; then
		if [ $rc -eq 0 ]; then
			rm -f "$dir/$name.err"
			cp "$TMP/out" "$dir/$name.json"
		else
			rm -f "$dir/$name.json"
			sed "s|'[^']*$name[^']*'|'INPUT'|" "$TMP/err" >"$dir/$name.err"
		fi
	fi
	if [ -f "$dir/$name.json" ]; then
		if [ $rc -ne 0 ]; then
			not_ok "parse golden $name: exit $rc, expected 0" "$(cat "$TMP/err")"
		elif ! diff -u "$dir/$name.json" "$TMP/out" >"$TMP/diff"; then
			not_ok "parse golden $name: output differs" "$(cat "$TMP/diff")"
		else
			ok "parse golden $name"
		fi
	elif [ -f "$dir/$name.err" ]; then
		sed "s|'[^']*$name[^']*'|'INPUT'|" "$TMP/err" >"$TMP/err2"
		if [ $rc -ne 1 ]; then
			not_ok "parse golden $name: exit $rc, expected 1"
		elif ! diff -u "$dir/$name.err" "$TMP/err2" >"$TMP/diff"; then
			not_ok "parse golden $name: message differs" "$(cat "$TMP/diff")"
		else
			ok "parse golden $name (not a feed, exit 1)"
		fi
	else
		not_ok "parse golden $name: no $name.json nor $name.err"
	fi
done <"$dir/golden.tsv"
