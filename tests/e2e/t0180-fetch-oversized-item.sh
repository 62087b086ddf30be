#!/bin/sh
# One oversized or too deep item no longer sinks its feed (issue 24, item
# 4): ten ordinary items and one whose content:encoded carries a 1.2 MB
# inline base64 image keep all eleven, that field cut at the 1 MiB limit;
# ten ordinary items and one nesting elements over 256 levels deep keep
# the ten. Each feed is healthy but shows a warning saying what was cut,
# and -v prints it.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "oversized items"
"$HTTPD_PY" - "$TMP/script.json" "$TMP/big.xml" <<'EOT'
import base64, json, sys
def items():
    return "".join("<item><title>Item %d</title><link>https://example.org/%d</link>"
                   "<guid>g%d</guid><description>Texte %d</description></item>" % (i, i, i, i)
                   for i in range(10))
img = base64.b64encode(bytes(range(256)) * 3600).decode()  # 1.2 MB
big = ('<?xml version="1.0"?><rss version="2.0" xmlns:content='
       '"http://purl.org/rss/1.0/modules/content/"><channel><title>Big</title>'
       + items() + '<item><title>Image</title><guid>img</guid><content:encoded><![CDATA['
       '<p>Une photo</p><img src="data:image/png;base64,' + img + '">]]>'
       '</content:encoded></item></channel></rss>')
deep = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title>'
        + items() + '<item><title>Deep</title><guid>deep</guid>' + "<x>" * 300
        + "</x>" * 300 + '</item></channel></rss>')
json.dump({"/big": {"status": 200, "body": big},
           "/deep": {"status": 200, "body": deep}}, open(sys.argv[1], "w"))
open(sys.argv[2], "w").write(big)
EOT
start_httpd S 127.0.0.1 --script "$TMP/script.json"
printf '[feed big]\nurl = %s/big\n[feed deep]\nurl = %s/deep\n' "$S_URL" "$S_URL" >"$TMP/feeds.conf"
V() { "$VEILLE" --config "$TMP/feeds.conf" --db "$TMP/v.db" "$@"; }
V fetch --all -v >"$TMP/out" 2>"$TMP/err"
is "the run succeeds" "$?" 0
V feeds --format json >"$TMP/feeds.json"
jf() { "$HTTPD_PY" -c 'import json,sys
for f in json.load(open(sys.argv[1])):
    if f["name"]==sys.argv[2]: print(f.get(sys.argv[3]))' "$TMP/feeds.json" "$1" "$2"; }
is "every item of the feed with a 1.2 MB field is kept" "$(jf big items)" 11
is "its feed shows a warning" "$(jf big health)" warning
is "the ten ordinary items beside a too deep one are kept" "$(jf deep items)" 10
is "that feed shows a warning" "$(jf deep health)" warning
contains "veille feeds says a field was cut" "$TMP/feeds.json" "1 field cut at the 1048576-byte limit"
contains "and that an item was left out" "$TMP/feeds.json" "1 item nesting elements deeper than 256 left out"
contains "-v says it for the first feed" "$TMP/err" "fetch 'big': warning: 1 field cut"
contains "and for the second" "$TMP/err" "fetch 'deep': warning: 1 item nesting"
expect_exit 0 "veille parse reads that document" "$VEILLE" parse --format jsonl "$TMP/big.xml"
is "with its eleven items" "$(grep -c '"title":"I' "$TMP/out")" 11
contains "saying on stderr what was cut" "$TMP/err" "warning: .*1 field cut at the 1048576-byte limit; the other items kept"
