#!/bin/sh
# A document cut short (a close-delimited body, a truncated stream) is
# stored with the items before the cut, its feed shows a warning, and its
# validators are not kept: the next run asks for it whole, without
# If-None-Match, instead of taking a 304 that would lose the rest for good.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "document cut short"
cat >"$TMP/script.json" <<'EOT'
{"/cut": {"status": 200, "headers": {"ETag": "\"v1\"", "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT"},
  "body": "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item><title>One</title><guid>1</guid></item><item><title>Two</title><guid>2</guid></item><item><title>Thr"},
 "/whole": {"status": 200, "headers": {"ETag": "\"w1\""},
  "body": "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>W</title><item><title>One</title><guid>1</guid></item></channel></rss>"}}
EOT
start_httpd S 127.0.0.1 --script "$TMP/script.json"
printf '[feed cut]\nurl = %s/cut\n[feed whole]\nurl = %s/whole\n' "$S_URL" "$S_URL" >"$TMP/feeds.conf"
V() { "$VEILLE" --config "$TMP/feeds.conf" --db "$TMP/v.db" "$@"; }
expect_exit 0 "a cut document is not a failed feed" V fetch --all -q
V feeds --format json >"$TMP/feeds.json"
jf() { "$HTTPD_PY" -c 'import json,sys
for f in json.load(open(sys.argv[1])):
    if f["name"]==sys.argv[2]: print(f.get(sys.argv[3]))' "$TMP/feeds.json" "$1" "$2"; }
is "the items before the cut are kept" "$(jf cut items)" 2
is "the feed shows a warning" "$(jf cut health)" warning
contains "the warning says why" "$TMP/feeds.json" "not well-formed \\(cut short\\?\\)"
is "its ETag is not kept" "$(jf cut etag)" None
is "a whole document keeps its ETag" "$(jf whole etag)" '"w1"'
is "and its feed is ok" "$(jf whole health)" ok
expect_exit 0 "second run" V fetch --all -q
is "the cut document is asked for whole: no If-None-Match" "$(header_sent "$TMP/S.log" /cut If-None-Match)" ""
is "the whole one conditionally" "$(header_sent "$TMP/S.log" /whole If-None-Match)" '"w1"'
