#!/bin/sh
# An allocation failure while a page is parsed or stored is "out of
# memory" for the whole run (exit 3), never "not a feed" and never the
# feed's fault: no back-off, no error in `veille feeds` (issue 24, item 9).
# Every allocation of a one-feed fetch made to fail in turn
# (VEILLE_ALLOC_FAIL_AT, util/alloc.c), with and without worker threads.
. tests/e2e/lib.sh
feed=$ROOT/tests/data/parse/in/$(ls "$ROOT/tests/data/parse/in" | grep -i 'rss' | head -1)
cp "$feed" "$TMP/feed.xml"
for threads in 0 2; do
	printf '[settings]\nthreads = %s\n[feed one]\nurl = feed.xml\n' "$threads" >"$TMP/feeds.conf"
	V() { "$VEILLE" --config "$TMP/feeds.conf" --db "$TMP/v$threads.db" "$@"; }
	V fetch >/dev/null 2>&1
	n=1 okrun=0 bad="" blamed="" nomem=0
	V feeds | grep -q "^one .* ok " || { not_ok "threads=$threads: the first fetch" "$(V feeds)"; continue; }
	# until 40 runs in a row went through: past the last allocation
	while [ $okrun -lt 40 ] && [ $n -lt 3000 ]; do
		VEILLE_ALLOC_FAIL_AT=$n V fetch --feed one >"$TMP/out" 2>"$TMP/err"
		rc=$?
		if [ $rc -eq 0 ]; then okrun=$((okrun + 1)); else okrun=0; fi
		grep -q "not a feed" "$TMP/err" && bad="$bad $n"
		grep -q "next try" "$TMP/err" && blamed="$blamed $n:$(head -1 "$TMP/err")"
		[ $rc -eq 3 ] && grep -q "out of memory" "$TMP/err" && nomem=$((nomem + 1))
		n=$((n + 1))
	done
	is "threads=$threads: no allocation failure called 'not a feed'" "$bad" ""
	is "threads=$threads: no allocation failure blamed on the feed" "$blamed" ""
	if [ $nomem -gt 10 ]; then
		ok "threads=$threads: $nomem of $n runs stopped with 'out of memory', exit 3"
	else
		not_ok "threads=$threads: allocation failures reported" "$nomem runs of $n"
	fi
	V feeds >"$TMP/feeds" 2>&1
	contains "threads=$threads: the feed is ok afterwards" "$TMP/feeds" "^one .* ok "
done
