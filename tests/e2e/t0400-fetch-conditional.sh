#!/bin/sh
# fetcher: 200 with validators, conditional GET (ETag and Last-Modified
# sent back, 304 with and without new validators), User-Agent, compression,
# cache lifetime, charset, and configured local files.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "fetch conditional"
start_httpd S
LOG=$TMP/S.log

"$FETCH" "$S_URL/ok" >"$TMP/r"
is "200 is ok" "$(field "$TMP/r" 1 status)" ok
is "ETag returned" "$(field "$TMP/r" 1 etag)" '"v1"'
is "Last-Modified returned" "$(field "$TMP/r" 1 last_modified)" "Wed, 01 Jan 2025 00:00:00 GMT"
is "charset from Content-Type, lower-cased" "$(field "$TMP/r" 1 charset)" utf-8
is "body bytes counted" "$(field "$TMP/r" 1 bytes)" "$("$HTTPD_PY" -c 'import sys; sys.path.insert(0,"tests/servers"); import httpd; print(len(httpd.RSS))')"
case "$(header_sent "$LOG" /ok User-Agent)" in
"veille/"*" (+https://github.com/cluster-maintenance/veille)") ok "User-Agent names veille and its URL" ;;
*) not_ok "User-Agent names veille and its URL" "$(header_sent "$LOG" /ok User-Agent)" ;;
esac
is "no If-None-Match without validators" "$(header_sent "$LOG" /ok If-None-Match)" ""

"$FETCH" --etag '"v1"' "$S_URL/ok" >"$TMP/r"
is "matching ETag gives not-modified" "$(field "$TMP/r" 1 status)" not-modified
is "If-None-Match sent" "$(header_sent "$LOG" /ok If-None-Match)" '"v1"'
is "304 without new validators has no ETag" "$(field "$TMP/r" 1 etag)" ""

"$FETCH" --etag '"v1"' "$S_URL/ok?etag304=%22v2%22" >"$TMP/r"
is "304 with a new ETag reports it" "$(field "$TMP/r" 1 etag)" '"v2"'

"$FETCH" --etag '"old"' "$S_URL/ok" >"$TMP/r"
is "stale ETag gives a full 200" "$(field "$TMP/r" 1 status)" ok

"$FETCH" --lm "Wed, 01 Jan 2025 00:00:00 GMT" "$S_URL/ok?x=lm" >"$TMP/r"
is "matching Last-Modified gives not-modified" "$(field "$TMP/r" 1 status)" not-modified
is "If-Modified-Since sent" "$(header_sent "$LOG" "/ok?x=lm" If-Modified-Since)" "Wed, 01 Jan 2025 00:00:00 GMT"

"$FETCH" --etag "$(printf 'a\r\nX-Injected: 1')" "$S_URL/ok?x=crlf" >"$TMP/r" 2>&1
is "CR/LF in a stored ETag never reaches the wire" "$(header_sent "$LOG" "/ok?x=crlf" X-Injected)" ""

"$FETCH" "$S_URL/gzip?size=100000" "$S_URL/deflate?size=100000" >"$TMP/r"
is "gzip body decompressed" "$(field "$TMP/r" 1 bytes)" 100000
is "deflate body decompressed" "$(field "$TMP/r" 2 bytes)" 100000
w=$(field "$TMP/r" 1 wire_bytes)
if [ "$w" -gt 0 ] && [ "$w" -lt 10000 ]; then ok "gzip travelled compressed ($w bytes)"; else not_ok "gzip travelled compressed" "$w"; fi
case "$(header_sent "$LOG" /gzip Accept-Encoding)" in
*gzip*deflate* | *deflate*gzip*) ok "Accept-Encoding offers gzip and deflate" ;;
*) not_ok "Accept-Encoding offers gzip and deflate" "$(header_sent "$LOG" /gzip Accept-Encoding)" ;;
esac

"$FETCH" --stream "$S_URL/gzip?size=300000" >"$TMP/r"
is "streaming mode delivers every decompressed byte" "$(field "$TMP/r" 1 bytes)" 300000

t0=$(date +%s)
"$FETCH" "$S_URL/cache?max-age=3600" "$S_URL/cache?expires=7200" "$S_URL/ok" >"$TMP/r"
t1=$(date +%s)
within "Cache-Control max-age is a lower bound" "$(field "$TMP/r" 1 fresh_until)" $((t0 + 3600)) $((t1 + 3600))
within "Expires is a lower bound" "$(field "$TMP/r" 2 fresh_until)" $((t0 + 7199)) $((t1 + 7200))
is "no cache headers, no lower bound" "$(field "$TMP/r" 3 fresh_until)" ""

printf '<rss version="2.0"><channel><title>local</title></channel></rss>\n' >"$TMP/local.xml"
"$FETCH" --file "$TMP/local.xml" "file://$TMP/local.xml" >"$TMP/r"
is "configured local path is read" "$(field "$TMP/r" 1 status)/$(field "$TMP/r" 1 bytes)" "ok/$(wc -c <"$TMP/local.xml" | tr -d ' ')"
is "configured file: URL is read" "$(field "$TMP/r" 2 status)" ok
"$FETCH" "file://$TMP/local.xml" >"$TMP/r"
is "file: URL refused unless configured as local" "$(field "$TMP/r" 1 status)" refused
"$FETCH" --file "$TMP/missing.xml" >"$TMP/r"
is "missing local file is an error" "$(field "$TMP/r" 1 status)" network-error
contains "the message names the file" "$TMP/r" "missing.xml': cannot read"
