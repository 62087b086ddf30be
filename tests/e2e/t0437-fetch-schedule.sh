#!/bin/sh
# The schedule over many nights, the clock moved with VEILLE_NOW: a
# Retry-After of days is honoured (up to its 14-day ceiling), and a daily
# feed is fetched every night whatever the clock changes of
# Africa/Casablanca and Europe/Paris do to the hour between two runs.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "fetch schedule"
start_httpd S
LOG=$TMP/S.log
DB=$TMP/v.db
CONF=$TMP/feeds.conf
cat >"$CONF" <<EOT
[feed slow]
url = $S_URL/status/429?retry-after=259200
[feed far]
url = $S_URL/status/429?retry-after=5184000
EOT
V() { VEILLE_NOW=$1 "$VEILLE" --config "$CONF" --db "$DB" fetch -q 2>>"$TMP/err"; }
# due NAME: the feed's next due time, as `veille feeds --format json` says
due() {
	VEILLE_NOW=2026-11-30T02:00:00Z "$VEILLE" --config "$CONF" --db "$DB" feeds --format json |
		"$HTTPD_PY" -c 'import json,sys
for f in json.load(sys.stdin):
    if f["name"]==sys.argv[1]: print(f.get("next_due"))' "$1"
}

# 1. Retry-After: 3 days (in seconds) is kept whole; 60 days is cut to 14
V 2026-11-30T02:00:00Z
is "3-day Retry-After: next due in 3 days" "$(due slow)" 2026-12-03T02:00:00Z
is "60-day Retry-After: next due at the 14-day ceiling" "$(due far)" 2026-12-14T02:00:00Z
contains "ceiling named on stderr" "$TMP/err" "fetch 'far': HTTP 429, retry after 2027-01-29T02:00:00Z \(beyond the 14-day ceiling"
VEILLE_NOW=2026-11-30T02:00:00Z "$VEILLE" --config "$CONF" --db "$DB" feeds >"$TMP/feeds"
contains "veille feeds shows when it is tried again" "$TMP/feeds" "next due 2026-12-03T02:00:00Z"
V 2026-12-01T02:00:00Z
V 2026-12-02T02:00:00Z
V 2026-12-03T01:00:00Z
is "not asked again before its Retry-After, night after night" "$(requests "$LOG" /status/429?retry-after=259200)" 1
V 2026-12-03T02:00:00Z
is "asked again once it has passed" "$(requests "$LOG" /status/429?retry-after=259200)" 2

# 2. A daily feed, crawled every night at 02:00 local time (and one night
# at 01:30), around each clock change of 2026 in both zones.
for zone in Africa/Casablanca Europe/Paris; do
	rm -f "$DB" "$DB-wal" "$DB-shm"
	path="/ok?zone=$zone"
	printf '[feed daily]\nurl = %s%s\nevery = 1d\n' "$S_URL" "$path" >"$CONF"
	"$HTTPD_PY" - "$zone" >"$TMP/nights" <<'EOP' || { skip "clock changes in $zone" "no zone data"; continue; }
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo
z = ZoneInfo(sys.argv[1])
def run(d, h=2, m=0):
    return datetime(d.year, d.month, d.day, h, m, tzinfo=z).astimezone(timezone.utc)
def offset(d):
    return datetime(d.year, d.month, d.day, 12, tzinfo=z).utcoffset()
day = datetime(2026, 1, 1)
changes = []
while day.year == 2026:
    nxt = day + timedelta(days=1)
    if offset(day) != offset(nxt):
        changes.append(nxt)
    day = nxt
if len(changes) < 2:
    sys.exit(1)
for c in changes:
    for k in range(-2, 3):
        d = c + timedelta(days=k)
        # the night before the change, the run starts half an hour early
        h, m = (1, 30) if k == -1 else (2, 0)
        print(run(d, h, m).strftime("%Y-%m-%dT%H:%M:%SZ"))
EOP
	nights=0 missed=""
	while read -r t; do
		before=$(requests "$LOG" "$path")
		V "$t"
		nights=$((nights + 1))
		[ "$(requests "$LOG" "$path")" -gt "$before" ] || missed="$missed $t"
	done <"$TMP/nights"
	if [ -z "$missed" ] && [ "$nights" -ge 10 ]; then
		ok "$zone: the daily feed fetched on each of $nights nights around the clock changes"
	else
		not_ok "$zone: the daily feed skipped nights (of $nights)" "$missed"
	fi
done
