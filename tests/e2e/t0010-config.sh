#!/bin/sh
# feeds.conf errors: every case in tests/data/conf-bad/ is a NAME.conf and
# the exact stderr expected from `veille --config NAME.conf check` in
# NAME.expected; each must exit 2. A new case is a new pair of files.
. tests/e2e/lib.sh

for conf in tests/data/conf-bad/*.conf; do
	name=$(basename "$conf" .conf)
	"$VEILLE" --config "$conf" check >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -ne 2 ]; then
		not_ok "bad config $name: exit $rc, expected 2" "$(cat "$TMP/err")"
	elif ! diff -u "${conf%.conf}.expected" "$TMP/err" >"$TMP/diff"; then
		not_ok "bad config $name: message" "$(cat "$TMP/diff")"
	else
		ok "bad config $name: exit 2 and the expected message"
	fi
done

expect_exit 0 "shipped feeds.conf is valid" "$VEILLE" --config feeds.conf check
contains "check prints a summary" "$TMP/out" '[0-9]+ feeds?, [0-9]+ niches?'

VEILLE_CONFIG=tests/data/conf-bad/empty.conf expect_exit 2 \
	"VEILLE_CONFIG selects the configuration" "$VEILLE" check
expect_exit 2 "missing configuration file" "$VEILLE" --config "$TMP/nope.conf" check
contains "missing file is named" "$TMP/err" 'nope.conf: cannot read'
