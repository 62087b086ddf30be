#!/bin/sh
# veille fetch hands the transport's charset (Content-Type) to the streaming
# parser: it comes before the XML declaration, except when libxml2 cannot
# read it or when it is the Latin-1 servers send by default over UTF-8 bytes.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "fetch charset"
if ! command -v sqlite3 >/dev/null 2>&1; then
	skip "fetch charset" "sqlite3 CLI not installed"
	exit 0
fi

# rss DECL TITLE: an RSS document with one item, in UTF-8 (recoded below).
rss() {
	printf '<?xml version="1.0"%s?><rss version="2.0"><channel><title>c</title><link>http://example.org/</link><item><guid>g1</guid><title>%s</title><link>http://example.org/1</link></item></channel></rss>' "$1" "$2"
}
b64() { base64 -w0; }
# Bytes of each case, recoded with iconv from the UTF-8 written here.
L1_DECL_UTF8=$(rss ' encoding="utf-8"' 'Maintenance prédictive à Casablanca' | iconv -f utf-8 -t iso-8859-1 | b64)
CP1251=$(rss '' 'Техническое обслуживание' | iconv -f utf-8 -t windows-1251 | b64)
UTF8_AS_L1=$(rss '' 'Surveillance d’état des pompes' | b64)
UTF8_UNKNOWN=$(rss '' 'Jumeau numérique' | b64)
L1_NO_CT=$(rss ' encoding="utf-8"' 'Fiabilité' | iconv -f utf-8 -t iso-8859-1 | b64)

cat >"$TMP/script.json" <<EOT
{
 "/l1": {"headers": {"Content-Type": "application/rss+xml; charset=ISO-8859-1"}, "body_b64": "$L1_DECL_UTF8"},
 "/cyr": {"headers": {"Content-Type": "text/xml; charset=\"windows-1251\""}, "body_b64": "$CP1251"},
 "/u8l1": {"headers": {"Content-Type": "text/xml; charset=iso-8859-1"}, "body_b64": "$UTF8_AS_L1"},
 "/unk": {"headers": {"Content-Type": "text/xml; charset=x-no-such-charset"}, "body_b64": "$UTF8_UNKNOWN"},
 "/noct": {"headers": {"Content-Type": "text/xml"}, "body_b64": "$L1_NO_CT"}
}
EOT
start_httpd S 127.0.0.1 --script "$TMP/script.json"
DB=$TMP/v.db
CONF=$TMP/feeds.conf
cat >"$CONF" <<EOT
[feed l1]
url = $S_URL/l1
[feed cyr]
url = $S_URL/cyr
[feed u8l1]
url = $S_URL/u8l1
[feed unk]
url = $S_URL/unk
[feed noct]
url = $S_URL/noct
EOT
expect_exit 0 "fetch of five feeds in four charsets" \
	env VEILLE_NOW=2026-11-30T08:00:00Z "$VEILLE" --config "$CONF" --db "$DB" fetch
title() {
	sqlite3 "$DB" "SELECT i.title FROM items i JOIN feeds f ON f.id = i.feed_id WHERE f.name = '$1'"
}
is "Latin-1 bytes under a utf-8 declaration: the transport's charset wins" \
	"$(title l1)" "Maintenance prédictive à Casablanca"
is "windows-1251 from a quoted Content-Type charset" \
	"$(title cyr)" "Техническое обслуживание"
is "UTF-8 bytes sent as ISO-8859-1 (server default) stay UTF-8" \
	"$(title u8l1)" "Surveillance d’état des pompes"
is "a charset libxml2 does not know is ignored, not passed through raw" \
	"$(title unk)" "Jumeau numérique"
# Without a transport charset the declaration is believed: the Latin-1
# byte is not UTF-8 and is replaced, never passed on raw.
is "no transport charset: the declaration rules, bad bytes replaced" \
	"$(title noct)" "Fiabilit�"
