#!/bin/sh
# A CMS migration (issue 27.6): a feed republishes its archive under new
# guids and new links, same titles and dates. Each such item is the stored
# item moved: it takes the new guid and link, keeps its row, first
# sighting, story and digest history; the run says how many; the week's
# digest carries only what is really new. An item that stays in the
# document is never taken as moved, nor one whose date differs.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "republished archive"
if ! command -v sqlite3 >/dev/null; then
	skip "republished archive" "sqlite3 (the command) not installed"
	exit 0
fi
if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
	skip "republished archive" "python3-aiosmtpd not installed"
	exit 0
fi
# rss ITEMS...: an RSS document of the items "guid|link|date|title"
rss() {
	printf '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Plant news</title><link>http://example.org/</link>\n'
	for i in "$@"; do
		IFS='|' read -r g l d t <<EOT
$i
EOT
		printf '<item><title>%s</title><link>%s</link><guid isPermaLink="false">%s</guid><pubDate>%s</pubDate><description>%s: pump vibration analysis on the line.</description></item>\n' "$t" "$l" "$g" "$d" "$t"
	done
	printf '</channel></rss>\n'
}
printf '{"/news": {"file": "%s", "headers": {"Content-Type": "application/rss+xml"}}}\n' \
	"$TMP/news.rss" >"$TMP/script.json"
start_httpd web 127.0.0.1 --script "$TMP/script.json"
start_smtpd mail
cat >"$TMP/feeds.conf" <<EOT
[settings]
timezone = Africa/Casablanca
[feed news]
url = $web_URL/news
every = 1d
[niche vib]
label = Vibration
match = vibration
[member m]
name = M
email = m@example.org
niches = all
per_niche = 50
max_items = 200
[mail]
smtp = smtp://127.0.0.1:$port
tls = none
from = Veille <veille@example.org>
EOT
V() { "$VEILLE" --config "$TMP/feeds.conf" --db "$TMP/v.db" "$@"; }
q() { sqlite3 "$TMP/v.db" "$1"; }
fetch_at() { # fetch_at NOW ITEMS...
	_now=$1
	shift
	rss "$@" >"$TMP/news.rss"
	VEILLE_NOW=$_now V fetch -q >"$TMP/fetch.out" 2>&1 ||
		not_ok "fetch at $_now" "$(cat "$TMP/fetch.out")"
}
old() { # old N DAY: item N of the old CMS, dated DAY of November
	echo "cms1-$1|http://example.org/2026/11/item-$1.html|$2 Nov 2026 08:00:00 GMT|Vibration report number $1"
}
new() { # new N DAY: the same item under the new CMS's ids
	echo "urn:uuid:new-$1|https://www.example.org/news/vibration-report-number-$1|$2 Nov 2026 08:00:00 GMT|Vibration report number $1"
}
# The feed's first crawl (backlog), then five items of week 47 sent in
# that week's digest.
fetch_at 2026-11-16T01:00:00Z "$(old 0 'Sun, 15')"
fetch_at 2026-11-19T01:00:00Z "$(old 5 'Thu, 19')" "$(old 4 'Wed, 18')" \
	"$(old 3 'Wed, 18')" "$(old 2 'Tue, 17')" "$(old 1 'Tue, 17')" "$(old 0 'Sun, 15')"
VEILLE_NOW=2026-11-23T06:00:00Z V digest --send >"$TMP/d47.out" 2>&1 ||
	not_ok "digest of week 47" "$(cat "$TMP/d47.out")"
before=$(q "SELECT group_concat(id || ':' || first_seen || ':' || story_id, ' ') FROM (SELECT * FROM items ORDER BY title)")
sent47=$(q "SELECT count(*) FROM digest_items")
is "week 47's digest carried five stories" "$sent47" 5

# Week 48: the migration. Items 0 to 4 under new guids and links; item 5
# stays as it was; item 6 is new; item 7's title is item 1's but its
# date is not (a new item, not a move).
fetch_at 2026-11-25T01:00:00Z "$(new 0 'Sun, 15')" "$(new 1 'Tue, 17')" \
	"$(new 2 'Tue, 17')" "$(new 3 'Wed, 18')" "$(new 4 'Wed, 18')" \
	"$(old 5 'Thu, 19')" "$(old 6 'Tue, 24')" \
	"urn:uuid:new-7|https://www.example.org/news/again|Tue, 24 Nov 2026 09:00:00 GMT|Vibration report number 1"
contains "the run says how many moved" "$TMP/fetch.out" \
	"^fetch 'news': 5 items republished under new ids$"
is "no item stored twice: 8 items" "$(q 'SELECT count(*) FROM items')" 8
is "the moved items have the new guids" \
	"$(q "SELECT count(*) FROM items WHERE guid LIKE 'urn:uuid:new-%'")" 6
is "and the new links" \
	"$(q "SELECT count(*) FROM items WHERE link LIKE 'https://www.example.org/news/vibration-report-number-%'")" 5
is "no old guid is left but item 5's and item 6's" \
	"$(q "SELECT group_concat(guid, ' ') FROM (SELECT guid FROM items WHERE guid LIKE 'cms1-%' ORDER BY guid)")" \
	"cms1-5 cms1-6"
after=$(q "SELECT group_concat(id || ':' || first_seen || ':' || story_id, ' ') FROM (SELECT * FROM items WHERE id IN (SELECT id FROM items WHERE guid NOT IN ('cms1-6', 'urn:uuid:new-7')) ORDER BY title)")
is "each moved item keeps its row, first sighting and story" "$after" "$before"
is "a title matching with another date is a new item" \
	"$(q "SELECT count(*) FROM items a JOIN items b ON b.guid = 'cms1-6' WHERE a.guid = 'urn:uuid:new-7' AND a.first_seen = b.first_seen AND a.id > b.id")" 1

# A second fetch of the same document moves nothing more.
fetch_at 2026-11-26T01:00:00Z "$(new 0 'Sun, 15')" "$(new 1 'Tue, 17')" \
	"$(new 2 'Tue, 17')" "$(new 3 'Wed, 18')" "$(new 4 'Wed, 18')" \
	"$(old 5 'Thu, 19')" "$(old 6 'Tue, 24')" \
	"urn:uuid:new-7|https://www.example.org/news/again|Tue, 24 Nov 2026 09:00:00 GMT|Vibration report number 1"
lacks "the next run moves nothing" "$TMP/fetch.out" "republished"
is "still 8 items" "$(q 'SELECT count(*) FROM items')" 8

# Week 48's digest: the two new items, none of the moved ones.
VEILLE_NOW=2026-11-30T06:00:00Z V digest --send >"$TMP/d48.out" 2>&1 ||
	not_ok "digest of week 48" "$(cat "$TMP/d48.out")"
is "week 48's digest carried two stories" \
	"$(q "SELECT count(*) FROM digest_items d JOIN digests_sent s ON s.id = d.digest_id WHERE s.week = '2026-W48'")" 2
is "two messages in all" "$(ls "$TMP/mail" | grep -c '\.eml$')" 2
msg=$(ls "$TMP/mail"/*.eml | tail -1)
contains "week 48 carries the new item" "$msg" "number 6"
lacks "and none of the moved ones" "$msg" "vibration-report-number-|item-[0-5]\.html"
