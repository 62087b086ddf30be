#!/bin/sh
# veille discover: feeds advertised by an HTML page, resolved against the
# page URL, in text, JSON and CSV; a feed URL lists itself; errors exit 3.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "discover"
cat >"$TMP/script.json" <<'JSON'
{"/based": {"status": 200, "headers": {"Content-Type": "text/html"},
  "body": "<html><head><base href=\"http://127.0.0.1:9/sub/\"><link rel=\"alternate feed\" type=\"application/rss+xml; charset=utf-8\" href=\"r.xml\" title=\"T\u001b[31m\"><link rel=\"alternate\" type=\"application/rss+xml\" href=\"javascript:alert(1)\"><link rel=\"alternate\" type=\"application/rss+xml\" href=\"r.xml\"></head></html>"},
 "/none": {"status": 200, "headers": {"Content-Type": "text/html"}, "body": "<p>nothing here"}}
JSON
start_httpd S 127.0.0.1 --script "$TMP/script.json"

expect_exit 0 "discover on an HTML page" "$VEILLE" discover "$S_URL/html"
is "three feeds listed, not the HTML alternate or the stylesheet" "$(wc -l <"$TMP/out" | tr -d ' ')" 3
contains "RSS link resolved against the page" "$TMP/out" "^$S_URL/feed.rss	application/rss\\+xml	RSS\$"
contains "relative Atom link, upper-case attributes" "$TMP/out" "^$S_URL/atom.xml	application/atom\\+xml	Atom\$"
contains "absolute JSON Feed link" "$TMP/out" "^$S_URL/feed.json	application/feed\\+json	\$"
is "the page was asked for once" "$(requests "$TMP/S.log" /html)" 1

expect_exit 0 "discover --format json" "$VEILLE" discover --format json "$S_URL/html"
contains "json line" "$TMP/out" "^\\{\"url\":\"$S_URL/feed.rss\",\"type\":\"application/rss\\+xml\",\"title\":\"RSS\"\\}\$"
contains "json title null when absent" "$TMP/out" '"title":null'

expect_exit 0 "discover --format csv" "$VEILLE" discover --format csv "$S_URL/html"
is "csv header" "$(sed -n 1p "$TMP/out")" "url,type,title"
contains "csv row" "$TMP/out" "^$S_URL/atom.xml,application/atom\\+xml,Atom\$"

expect_exit 0 "discover honours <base href>" "$VEILLE" discover "$S_URL/based"
is "one feed, duplicates and javascript: dropped" "$(wc -l <"$TMP/out" | tr -d ' ')" 1
contains "resolved against base" "$TMP/out" "^http://127.0.0.1:9/sub/r.xml	"
if grep -q "$(printf '\033')" "$TMP/out"; then not_ok "no escape sequence reaches the terminal"; else ok "no escape sequence reaches the terminal"; fi

expect_exit 0 "discover on a page without feeds" "$VEILLE" discover "$S_URL/none"
contains "says none found" "$TMP/err" "no feed advertised by '$S_URL/none'"

expect_exit 0 "discover on a feed URL" "$VEILLE" discover "$S_URL/ok"
contains "the feed itself is listed" "$TMP/out" "^$S_URL/ok	application/rss\\+xml"

expect_exit 3 "discover on a 404" "$VEILLE" discover "$S_URL/status/404"
contains "404 named" "$TMP/err" "HTTP 404"
expect_exit 2 "discover on a non-http URL" "$VEILLE" discover "file:///etc/passwd"
expect_exit 2 "discover with a bad format" "$VEILLE" discover --format xml "$S_URL/html"
