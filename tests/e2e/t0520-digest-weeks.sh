#!/bin/sh
# ISO weeks in the configured time zone, across daylight-saving and
# Morocco's Ramadan changes: each line of tests/data/digest/weeks.tsv is a
# case (zone, week or "last", now, expected output of `digesttool week`).
# Also the week of an entry near midnight in the rendered digest.
. tests/e2e/lib.sh

tab=$(printf '\t')
grep -v '^#' tests/data/digest/weeks.tsv | while IFS="$tab" read -r zone spec now want; do
	[ -n "$zone" ] || continue
	if [ ! -e "/usr/share/zoneinfo/$zone" ] && [ "$zone" != UTC ]; then
		skip "week $spec in $zone" "tzdata has no $zone"
		continue
	fi
	if [ "$now" = - ]; then
		got=$("$TOOLS/digesttool" --tz "$zone" week "$spec" 2>&1)
	else
		got=$("$TOOLS/digesttool" --tz "$zone" --now "$now" week "$spec" 2>&1)
	fi
	if [ "$got" = "$want" ]; then
		ok "week $spec in $zone (now $now)"
	else
		not_ok "week $spec in $zone (now $now)" "got:  $got
want: $want"
	fi
done

expect_exit 2 "unknown zone refused" "$TOOLS/digesttool" --tz Mars/Olympus week 2026-W48
contains "the zone is named" "$TMP/err" "unknown time zone 'Mars/Olympus'"

# 23:30 UTC on Sunday 29 March is Monday 01:30 in Paris: the date shown is
# the member's, not UTC's.
cat >"$TMP/dst.tsv" <<'TSV'
member	m	M	fr
email	m@example.org
week	2026-W13
section	n	Niche	1	1
entry	Titre	https://example.org/a	Source	2026-03-29T23:30:00Z	-	1
TSV
"$TOOLS/digesttool" --tz Europe/Paris "$TMP/dst.tsv" text >"$TMP/paris.txt"
contains "week range in Paris" "$TMP/paris.txt" 'du 23 au 29 mars 2026'
contains "entry date in Paris time" "$TMP/paris.txt" "Source${NB}: Source, 30 mars 2026"
"$TOOLS/digesttool" --tz UTC "$TMP/dst.tsv" text >"$TMP/utc.txt"
contains "same entry in UTC" "$TMP/utc.txt" "Source${NB}: Source, 29 mars 2026"
