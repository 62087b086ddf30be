#!/bin/sh
# Hostile XML is inert: no file read, no DTD fetched, no entity expanded
# (XXE, external DTD, parameter entities, billion laughs, quadratic
# blow-up). The output stays small; undeclared references stay literal.
. tests/e2e/lib.sh

dir=tests/data/parse/hostile
for f in "$dir"/*.xml; do
	name=$(basename "$f" .xml)
	expect_exit 0 "hostile $name: parsed" "$VEILLE" parse "$f"
	lacks "hostile $name: nothing from /etc/passwd" "$TMP/out" 'root:'
	size=$(wc -c <"$TMP/out")
	if [ "$size" -lt 10000 ]; then
		ok "hostile $name: output not expanded ($size bytes)"
	else
		not_ok "hostile $name: output of $size bytes"
	fi
done
"$VEILLE" parse "$dir/billion-laughs.xml" >"$TMP/out" 2>&1
contains "billion laughs: the reference stays literal" "$TMP/out" '"title":"&lol9;"'
"$VEILLE" parse "$dir/xxe-file.xml" >"$TMP/out" 2>&1
contains "xxe: the reference stays literal" "$TMP/out" '"title":"leak &xxe; here"'
