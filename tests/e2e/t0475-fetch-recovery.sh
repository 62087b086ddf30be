#!/bin/sh
# Back-off growth and recovery: a source that fails is retried later and
# later (the clock moved with VEILLE_NOW), never dropped, and recovers by
# itself on its first success. A feed is due once its delay less an eighth
# (at most 3 h) has passed.
. tests/e2e/lib.sh
if ! command -v sqlite3 >/dev/null 2>&1; then
	skip "fetch recovery" "sqlite3 CLI not installed"
	exit 0
fi
DB=$TMP/v.db
CONF=$TMP/feeds.conf
printf '[feed flaky]\nurl = flaky.xml\nevery = 1h\n' >"$CONF"
due() { sqlite3 "$DB" "select strftime('%Y-%m-%dT%H:%M:%SZ', next_due, 'unixepoch') || ' ' || consecutive_errors from feeds where name='flaky'"; }
run() { VEILLE_NOW=$1 "$VEILLE" --config "$CONF" --db "$DB" fetch -q >/dev/null 2>&1; echo $?; }
is "missing source: exit 1" "$(run 2026-11-30T00:00:00Z)" 1
is "1st error: twice the interval, less its eighth" "$(due)" "2026-11-30T01:45:00Z 1"
is "not due yet: nothing done" "$(run 2026-11-30T01:00:00Z)" 0
is "not due yet: state unchanged" "$(due)" "2026-11-30T01:45:00Z 1"
run 2026-11-30T02:00:00Z >/dev/null
is "2nd error: doubled" "$(due)" "2026-11-30T05:30:00Z 2"
run 2026-11-30T06:00:00Z >/dev/null
is "3rd error: doubled again" "$(due)" "2026-11-30T13:00:00Z 3"
for t in 2026-11-30T14:00:00Z 2026-12-01T06:00:00Z 2026-12-02T06:00:00Z; do run $t >/dev/null; done
is "capped at one day, less 3 h of slack" "$(due)" "2026-12-03T03:00:00Z 6"
cp samples/feeds/plant-news-en.xml "$TMP/flaky.xml"
is "source back: exit 0" "$(run 2026-12-03T06:00:00Z)" 0
is "recovered: errors reset, normal interval" "$(due)" "2026-12-03T06:52:30Z 0"
is "recovered: items stored" "$(sqlite3 "$DB" 'select count(*) > 0 from items')" 1
