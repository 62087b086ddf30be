#!/bin/sh
# The digest's week does not depend on the zone of the process that runs it
# (Debian's cron ignores CRON_TZ and runs jobs in the system's zone): the
# last complete week is cut at midnight in the [mail] timezone (default
# Africa/Casablanca), so the same run under TZ=UTC, Africa/Casablanca,
# America/Los_Angeles or Pacific/Kiritimati writes the same digest.
. tests/e2e/lib.sh
if [ ! -e /usr/share/zoneinfo/Africa/Casablanca ] ||
   [ ! -e /usr/share/zoneinfo/America/Los_Angeles ] ||
   [ ! -e /usr/share/zoneinfo/Pacific/Kiritimati ]; then
	skip "digest week whatever TZ" "tzdata not installed"
	exit 0
fi
rss() { # rss ITEMS...: an RSS document of the items "guid|date|title"
	printf '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>News</title><link>http://example.org/</link>\n'
	for i in "$@"; do
		IFS='|' read -r g d t <<EOT
$i
EOT
		printf '<item><title>%s</title><link>http://example.org/%s</link><guid>%s</guid><pubDate>%s</pubDate><description>predictive maintenance and vibration analysis</description></item>\n' "$t" "$g" "$g" "$d"
	done
	printf '</channel></rss>\n'
}
cat >"$TMP/feeds.conf" <<EOT
include = $ROOT/conf/taxonomy.conf
[feed news]
url = feed.rss
every = 1d
[member m]
name = M
email = m@example.org
niches = all
language = fr
[mail]
smtp = smtp://127.0.0.1:1
from = Veille <veille@example.org>
EOT
V() { "$VEILLE" --config "$TMP/feeds.conf" --db "$TMP/v.db" "$@"; }
# Two crawls a week apart: the second brings the week's news (an item of a
# feed's first crawl may be archived as backlog rather than sent).
A='a|Thu, 19 Nov 2026 10:00:00 GMT|Predictive maintenance of pumps'
B='b|Fri, 27 Nov 2026 09:00:00 GMT|Predictive maintenance of compressors'
rss "$A" >"$TMP/feed.rss"
VEILLE_NOW=2026-11-20T12:00:00Z V fetch -q >/dev/null 2>&1
rss "$B" "$A" >"$TMP/feed.rss"
VEILLE_NOW=2026-11-27T12:00:00Z V fetch -q >/dev/null 2>&1

# digest_in TZ NOW: the dry-run digest, run with that process zone.
digest_in() {
	TZ=$1 VEILLE_NOW=$2 V digest --dry-run --raw >"$TMP/d.$(echo "$1" | tr / _)" 2>&1
}
# Monday 00:30 in Casablanca (UTC+1), still Sunday in UTC and Los Angeles,
# Monday afternoon at Kiritimati (UTC+14): week 48 has ended.
for tz in UTC Africa/Casablanca America/Los_Angeles Pacific/Kiritimati; do
	digest_in "$tz" 2026-11-29T23:30:00Z
done
contains "Monday 00:30 in Casablanca: the digest of week 48" "$TMP/d.UTC" \
	'^Message-ID: <veille-2026-W48-m@example.org>'
contains "with the week's news" "$TMP/d.UTC" 'compressors'
for tz in Africa/Casablanca America/Los_Angeles Pacific/Kiritimati; do
	if cmp -s "$TMP/d.UTC" "$TMP/d.$(echo "$tz" | tr / _)"; then
		ok "same digest under TZ=UTC and TZ=$tz"
	else
		not_ok "same digest under TZ=UTC and TZ=$tz" "$(diff "$TMP/d.UTC" "$TMP/d.$(echo "$tz" | tr / _)" | head -20)"
	fi
done
# Sunday 23:30 in Casablanca, already Monday at Kiritimati: week 48 has
# not ended there, whatever the process's zone.
for tz in UTC Pacific/Kiritimati; do
	digest_in "$tz" 2026-11-29T22:30:00Z
done
contains "Sunday 23:30 in Casablanca: still week 47" "$TMP/d.Pacific_Kiritimati" \
	'^Message-ID: <veille-2026-W47-m@example.org>'
if cmp -s "$TMP/d.UTC" "$TMP/d.Pacific_Kiritimati"; then
	ok "same digest under TZ=UTC and TZ=Pacific/Kiritimati before the cut"
else
	not_ok "same digest under TZ=UTC and TZ=Pacific/Kiritimati before the cut" \
		"$(diff "$TMP/d.UTC" "$TMP/d.Pacific_Kiritimati" | head -20)"
fi
