#!/bin/sh
# A feed's title is the name people see: the configuration's title, else
# the feed's own, else its section name, in feeds, search, show, digests
# and reports; the section name stays the id (JSON "feed", --feed).
. tests/e2e/lib.sh
if ! command -v python3 >/dev/null 2>&1; then
	skip "feed titles" "python3 not installed"
	exit 0
fi
rss() { # rss FILE TITLE ITEM...: items "guid|date|title"; TITLE may be empty
	_f=$1 _t=$2
	shift 2
	{
		printf '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
		[ -n "$_t" ] && printf '<title>%s</title>' "$_t"
		printf '<link>http://example.org/</link>\n'
		for i in "$@"; do
			IFS='|' read -r g d t <<EOT
$i
EOT
			printf '<item><title>%s</title><link>http://example.org/%s</link><guid>%s</guid><pubDate>%s</pubDate><description>predictive maintenance and vibration analysis of %s</description></item>\n' "$t" "$g" "$g" "$d" "$g"
		done
		printf '</channel></rss>\n'
	} >"$_f"
}
conf() { # conf TITLE: the configuration, feed "titled" titled TITLE
	cat >"$TMP/feeds.conf" <<EOT
include = $ROOT/conf/taxonomy.conf
[feed titled]
url = titled.rss
title = $1
every = 1d
[feed own]
url = own.rss
every = 1d
[feed bare]
url = bare.rss
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
}
V() { "$VEILLE" --config "$TMP/feeds.conf" --db "$TMP/v.db" "$@"; }
py() { python3 -c "$@"; }
conf "Revue de maintenance"
D1='Thu, 19 Nov 2026 10:00:00 GMT' D2='Fri, 27 Nov 2026 09:00:00 GMT'
rss "$TMP/titled.rss" "Document title of titled" "t1|$D1|Pumps and predictive maintenance"
rss "$TMP/own.rss" "Own Feed Title" "o1|$D1|Bearings and predictive maintenance"
rss "$TMP/bare.rss" "" "b1|$D1|Turbines and predictive maintenance"
VEILLE_NOW=2026-11-20T12:00:00Z V fetch -q >/dev/null 2>&1
rss "$TMP/titled.rss" "Document title of titled" "t2|$D2|Compressors and predictive maintenance" \
	"t1|$D1|Pumps and predictive maintenance"
rss "$TMP/own.rss" "Own Feed Title" "o2|$D2|Gearboxes and predictive maintenance" \
	"o1|$D1|Bearings and predictive maintenance"
rss "$TMP/bare.rss" "" "b2|$D2|Conveyors and predictive maintenance" \
	"b1|$D1|Turbines and predictive maintenance"
VEILLE_NOW=2026-11-27T12:00:00Z V fetch -q >/dev/null 2>&1

V feeds --format json >"$TMP/feeds.json"
is "feeds: configured title, else the feed's own, else the name" \
	"$(py 'import json,sys; print("|".join("%s=%s" % (f["name"], f["feed_title"]) for f in json.load(open(sys.argv[1]))))' "$TMP/feeds.json")" \
	"bare=bare|own=Own Feed Title|titled=Revue de maintenance"
V feeds >"$TMP/feeds.txt"
contains "feeds (text): the title beside the name" "$TMP/feeds.txt" '^titled \(Revue de maintenance\)  news'

V search compressors --format json >"$TMP/s.json"
is "search json: feed is the id, feed_title beside it" \
	"$(py 'import json,sys; h=json.loads(open(sys.argv[1]).readline()); print(h["feed"], "/", h["feed_title"])' "$TMP/s.json")" \
	"titled / Revue de maintenance"
V search compressors >"$TMP/s.txt"
contains "search text: the source by its title" "$TMP/s.txt" '^  Revue de maintenance \|'
lacks "search text: not by its id" "$TMP/s.txt" '^  titled '
V search gearboxes >"$TMP/s.txt"
contains "search text: the feed's own title without a configured one" "$TMP/s.txt" '^  Own Feed Title \|'
V search conveyors >"$TMP/s.txt"
contains "search text: the name when the feed has no title" "$TMP/s.txt" '^  bare \|'
V search --feed titled compressors --format json >"$TMP/s.json"
is "search --feed takes the id" "$(wc -l <"$TMP/s.json" | tr -d ' ')" 1

id=$(py 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$TMP/s.json")
V show "$id" >"$TMP/show.txt"
contains "show text: title and id" "$TMP/show.txt" '^feed +Revue de maintenance \(titled\)$'
V show "$id" --format json >"$TMP/show.json"
contains "show json: feed and feed_title" "$TMP/show.json" '"feed":"titled","feed_title":"Revue de maintenance"'

TZ=UTC VEILLE_NOW=2026-11-29T23:30:00Z V digest --dry-run --raw >"$TMP/digest.eml" 2>&1
py 'import email,sys
m=email.message_from_binary_file(open(sys.argv[1],"rb"))
for p in m.walk():
    if p.get_content_type()=="text/plain": sys.stdout.write(p.get_payload(decode=True).decode())' \
	"$TMP/digest.eml" >"$TMP/digest.txt"
contains "digest: the source by its configured title" "$TMP/digest.txt" 'Revue de maintenance'
contains "digest: the feed's own title" "$TMP/digest.txt" 'Own Feed Title'
lacks "digest: no source by its id" "$TMP/digest.txt" "Source${NB}: titled"

VEILLE_NOW=2026-11-30T12:00:00Z V report --from 2026-11-16 --to 2026-11-30 --format json \
	-o "$TMP/report.json" >/dev/null 2>&1
contains "report: sources by their titles" "$TMP/report.json" '"Revue de maintenance"'
lacks "report: no source by its id" "$TMP/report.json" '"titled"'

# A new title in the configuration shows at once, without a fetch.
conf "Maintenance Magazine"
V search compressors >"$TMP/s.txt"
contains "a title changed in the configuration: shown at once" "$TMP/s.txt" '^  Maintenance Magazine \|'
