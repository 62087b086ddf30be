#!/bin/sh
# veille fetch on a full disk (a file size limit stands in for it): a clear
# error, exit 3, the database intact, and the next run stores the feed.
. tests/e2e/lib.sh
if ! command -v sqlite3 >/dev/null 2>&1 || [ ! -x /usr/bin/python3 ]; then
	skip "fetch disk full" "sqlite3 CLI or /usr/bin/python3 not installed"
	exit 0
fi
DB=$TMP/v.db
CONF=$TMP/feeds.conf
/usr/bin/python3 - "$TMP/big.xml" <<'EOT'
import sys
items = "".join("<item><title>Analyse vibratoire %d</title><guid>g%d</guid>"
                "<description>%s</description></item>" % (i, i, ("roulement %d " % i) * 40)
                for i in range(3000))
open(sys.argv[1], "w").write('<?xml version="1.0"?><rss version="2.0"><channel>'
                             '<title>Big</title>%s</channel></rss>' % items)
EOT
printf '[feed small]\nurl = %s/samples/feeds/plant-news-en.xml\n' "$PWD" >"$CONF"
export VEILLE_NOW=2026-11-30T08:00:00Z
"$VEILLE" --config "$CONF" --db "$DB" fetch -q
is "small feed stored" "$?" 0
small=$(sqlite3 "$DB" 'select count(*) from items')
printf '[feed big]\nurl = big.xml\n' >>"$CONF"
size=$(cat "$DB" "$DB-wal" 2>/dev/null | wc -c)
(
	ulimit -f $((size / 1024 + 256))
	trap '' XFSZ
	"$VEILLE" --config "$CONF" --db "$DB" fetch 2>"$TMP/err"
	echo $? >"$TMP/rc"
)
is "disk full: exit 3" "$(cat "$TMP/rc")" 3
case "$(cat "$TMP/err")" in
*"veille fetch: "*"error"*|*"full"*) ok "disk full: a clear error" ;;
*) not_ok "disk full: a clear error" "$(cat "$TMP/err")" ;;
esac
is "disk full: integrity ok" "$(sqlite3 "$DB" 'pragma integrity_check')" ok
is "disk full: earlier feed intact" "$(sqlite3 "$DB" 'select count(*) from items')" "$small"
"$VEILLE" --config "$CONF" --db "$DB" fetch -q
is "space back: the next run stores the feed" "$?" 0
is "space back: 3000 more items" "$(sqlite3 "$DB" 'select count(*) from items')" $((small + 3000))

# A store that fails stops the crawl's transfers: the feeds after it are
# not requested (the server is spared, the run ends). A big local feed
# first, then 200 feeds over HTTP that take a second each, 16 at a time.
. tests/e2e/httpd.inc
start_httpd S
DB2=$TMP/v2.db
CONF2=$TMP/feeds2.conf
printf '[feed small]\nurl = %s/samples/feeds/plant-news-en.xml\n' "$PWD" >"$CONF2"
"$VEILLE" --config "$CONF2" --db "$DB2" fetch -q
printf '[feed big]\nurl = %s\n' "$TMP/big.xml" >>"$CONF2"
i=0
while [ $i -lt 200 ]; do
	printf '[feed h%03d]\nurl = %s/slow?delay=1&k=%d\n' $i "$S_URL" $i >>"$CONF2"
	i=$((i + 1))
done
size=$(cat "$DB2" "$DB2-wal" 2>/dev/null | wc -c)
for t in 2 0; do
	rm -f "$TMP/S.log.$t"
	: >"$TMP/S.log"
	(
		ulimit -f $((size / 1024 + 256))
		trap '' XFSZ
		"$VEILLE" --config "$CONF2" --db "$DB2" fetch --all --threads $t 2>"$TMP/err2"
		echo $? >"$TMP/rc2"
	)
	is "threads $t: disk full with feeds to go: exit 3" "$(cat "$TMP/rc2")" 3
	n=$(requests "$TMP/S.log" /slow)
	if [ "$n" -lt 100 ]; then
		ok "threads $t: transfers stopped with the store ($n of 200 feeds requested)"
	else
		not_ok "threads $t: transfers stopped with the store" "$n of 200 feeds requested"
	fi
	is "threads $t: integrity ok" "$(sqlite3 "$DB2" 'pragma integrity_check')" ok
done
