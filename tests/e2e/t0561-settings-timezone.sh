#!/bin/sh
# One time zone, one setting (issue 27.5): [settings] timezone cuts the
# digests' weeks, the report's weeks and search's dates alike. Items near
# the Monday midnight of Africa/Casablanca (UTC+1) fall in the same week
# for the digest and the report (week x niche cells equal); --since with a
# date means midnight in that zone; [mail] timezone is still read, and a
# [mail] timezone other than [settings] timezone is an error.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "settings timezone"
if [ ! -e /usr/share/zoneinfo/Africa/Casablanca ] ||
   [ ! -e /usr/share/zoneinfo/Europe/Paris ]; then
	skip "settings timezone" "tzdata not installed"
	exit 0
fi
# rss ITEMS...: an RSS document of the items "guid|date|title"
rss() {
	printf '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>News</title><link>http://example.org/</link>\n'
	for i in "$@"; do
		IFS='|' read -r g d t <<EOT
$i
EOT
		printf '<item><title>%s</title><link>http://example.org/%s</link><guid>%s</guid><pubDate>%s</pubDate><description>%s</description></item>\n' "$t" "$g" "$g" "$d" "$t"
	done
	printf '</channel></rss>\n'
}
printf '{"/news": {"file": "%s", "headers": {"Content-Type": "application/rss+xml"}}}\n' \
	"$TMP/news.rss" >"$TMP/script.json"
start_httpd web 127.0.0.1 --script "$TMP/script.json"
conf() { # conf EXTRA-SETTINGS EXTRA-MAIL
	cat <<EOT
[settings]
$1
[feed news]
url = $web_URL/news
allow_private = yes
every = 1h
[niche vib]
label = Vibration
match = vibration
[niche pump]
label = Pompes
match = pump
[member m]
name = M
email = m@example.org
niches = all
per_niche = 50
max_items = 200
[mail]
smtp = smtp://127.0.0.1:1
from = Veille <veille@example.org>
$2
EOT
}
conf "timezone = Africa/Casablanca" "" >"$TMP/feeds.conf"
V() { "$VEILLE" --config "$TMP/feeds.conf" --db "$TMP/v.db" "$@"; }
fetch_at() { # fetch_at NOW ITEMS...
	_now=$1
	shift
	rss "$@" >"$TMP/news.rss"
	VEILLE_NOW=$_now V fetch -q >"$TMP/fetch.out" 2>&1 ||
		not_ok "fetch at $_now" "$(cat "$TMP/fetch.out")"
}
# The feed's first crawl (its items are backlog, in no digest), then the
# weekend and Monday of 2026-W48/W49. Monday 30 November 00:00 in
# Casablanca is Sunday 23:00 UTC.
S='s|Fri, 20 Nov 2026 10:00:00 GMT|Old vibration note'
fetch_at 2026-11-20T12:00:00Z "$S"
A1='a1|Sun, 29 Nov 2026 21:50:00 GMT|Pump vibration survey'
A2='a2|Sun, 29 Nov 2026 22:10:00 GMT|Pump seals in vibration'
fetch_at 2026-11-29T22:20:00Z "$A2" "$A1" "$S"
B1='b1|Sun, 29 Nov 2026 23:05:00 GMT|Vibration of fans at midnight'
B2='b2|Sun, 29 Nov 2026 23:15:00 GMT|Pump cavitation after midnight'
B3='b3|Sun, 29 Nov 2026 23:40:00 GMT|Pump vibration before dawn'
fetch_at 2026-11-29T23:50:00Z "$B3" "$B2" "$B1" "$A2" "$A1" "$S"
C1='c1|Mon, 30 Nov 2026 10:00:00 GMT|Vibration on Monday'
fetch_at 2026-11-30T10:10:00Z "$C1" "$B3" "$B2" "$B1" "$A2" "$A1" "$S"
D1='d1|Sun, 06 Dec 2026 22:30:00 GMT|Pump vibration late Sunday'
fetch_at 2026-12-06T22:40:00Z "$D1" "$C1" "$B3" "$B2" "$B1" "$A2" "$A1" "$S"

# cells: "WEEK,niche,count" of the digest's header (every story of the
# niche that week, not only the member's selection) into $TMP/digest.cells,
# and of the report's CSV (items per niche and week) into $TMP/report.cells.
cells() {
	for w in 2026-W48 2026-W49; do
		VEILLE_NOW=2026-12-08T12:00:00Z V digest --dry-run --week $w \
			>"$TMP/d.$w" 2>&1 || not_ok "digest of $w" "$(cat "$TMP/d.$w")"
		sed -n 's/^  *\(Vibration\|Pompes\)[ '"$NB"']*: *\([0-9][0-9]*\).*/\1,\2/p' "$TMP/d.$w" |
			sed "s/^Vibration/$w,vib/; s/^Pompes/$w,pump/"
	done | sort >"$TMP/digest.cells"
	VEILLE_NOW=2026-12-08T12:00:00Z V report --from 2026-W48 --to 2026-W50 \
		--by week --format csv -o "$TMP/r.csv" 2>"$TMP/r.err" ||
		not_ok "report" "$(cat "$TMP/r.err")"
	tr -d '\r' <"$TMP/r.csv" |
		awk -F, '$1 ~ /^2026-W4[89]$/ && $3 == "items" && $4 > 0 { print $1 "," $2 "," $4 }' |
		sort >"$TMP/report.cells"
}
same_cells() { # same_cells DESC EXPECTED
	if [ "$(cat "$TMP/digest.cells")" = "$2" ]; then
		ok "$1: the digest's week x niche cells"
	else
		not_ok "$1: the digest's week x niche cells" "$(cat "$TMP/digest.cells")"
	fi
	if cmp -s "$TMP/digest.cells" "$TMP/report.cells"; then
		ok "$1: the report's cells equal the digest's"
	else
		not_ok "$1: the report's cells equal the digest's" \
			"$(diff "$TMP/digest.cells" "$TMP/report.cells")"
	fi
}
# items ARGS...: the guids search finds (--all-items, one a line, sorted).
items() {
	V search --all-items --format json "$@" -- vibration OR pump OR cavitation \
		2>"$TMP/s.err" | sed -n 's/.*"link":"http:\/\/example.org\/\([a-z0-9]*\)".*/\1/p' |
		sort | tr '\n' ' '
}

# Casablanca: Monday 00:05 to 00:40 local (Sunday 23:05 to 23:40 UTC) is
# week 49 for the digest and for the report.
cells
same_cells "Africa/Casablanca" "2026-W48,pump,2
2026-W48,vib,2
2026-W49,pump,3
2026-W49,vib,4"
is "--since 2026-11-30: from midnight in Casablanca" "$(items --since 2026-11-30)" \
	"b1 b2 b3 c1 d1 "
is "--since 2026-W49: the same Monday midnight" "$(items --since 2026-W49)" \
	"b1 b2 b3 c1 d1 "
is "--until 2026-11-29: up to midnight in Casablanca" "$(items --until 2026-11-29)" \
	"a1 a2 s "
is "--until 2026-W48: the same" "$(items --until 2026-W48)" "a1 a2 s "

# The older [mail] timezone is still read when [settings] has none: in
# UTC, Sunday 23:05 to 23:40 is week 48 for both.
conf "" "timezone = UTC" >"$TMP/feeds.conf"
cells
same_cells "[mail] timezone = UTC" "2026-W48,pump,4
2026-W48,vib,4
2026-W49,pump,1
2026-W49,vib,2"
is "--since 2026-11-30 at midnight UTC" "$(items --since 2026-11-30)" "c1 d1 "

# One zone: a [mail] timezone other than [settings] timezone is an
# error naming both, not a silent choice.
conf "timezone = Africa/Casablanca" "timezone = Europe/Paris" >"$TMP/feeds.conf"
expect_exit 2 "two different zones: check fails" V check
contains "the error names the line and both zones" "$TMP/err" \
	"feeds.conf:[0-9]+:.*timezone 'Europe/Paris' differs from \[settings\] timezone 'Africa/Casablanca'"
conf "timezone = Africa/Casablanca" "timezone = Africa/Casablanca" >"$TMP/feeds.conf"
expect_exit 0 "the same zone twice is accepted" V check
conf "timezone = Mars/Olympus" "" >"$TMP/feeds.conf"
expect_exit 2 "an unknown zone: search --since fails" V search --since 2026-11-30 pump
contains "the error names the zone" "$TMP/err" "unknown time zone 'Mars/Olympus'"
expect_exit 2 "an unknown zone: report fails" V report --from 2026-W48 --to 2026-W50 -o "$TMP/x.html"
contains "the error names the zone" "$TMP/err" "unknown time zone 'Mars/Olympus'"
