#!/bin/sh
# A non-feed answer is described by its kind and size, never quoted (issue
# 24, item 8): a secret file served where a feed was expected must not
# reach stderr nor `veille feeds`, whose output lands in cron mails.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "non-feed answers"
SECRET="AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG"
cat >"$TMP/script.json" <<EOT
{"/secret": {"status": 200, "headers": {"Content-Type": "text/plain"}, "body": "$SECRET\n"},
 "/pdf": {"status": 200, "headers": {"Content-Type": "application/pdf"}, "body": "%PDF-1.7 $SECRET"}}
EOT
start_httpd S 127.0.0.1 --script "$TMP/script.json"
printf '[feed secret]\nurl = %s/secret\n[feed pdf]\nurl = %s/pdf\n' "$S_URL" "$S_URL" >"$TMP/feeds.conf"
V() { "$VEILLE" --config "$TMP/feeds.conf" --db "$TMP/v.db" "$@"; }
V fetch --all -v >"$TMP/fetch.out" 2>"$TMP/fetch.err"
lacks "fetch does not quote the answer" "$TMP/fetch.err" "AWS_SECRET|wJalr"
contains "fetch says what it was" "$TMP/fetch.err" "fetch 'secret': .*not a feed: text document \\(44 bytes\\)"
contains "and the other's kind" "$TMP/fetch.err" "fetch 'pdf': .*not a feed: PDF document \\([0-9]+ bytes\\)"
V feeds >"$TMP/feeds.txt" 2>&1
V feeds --format json >"$TMP/feeds.json" 2>&1
lacks "veille feeds does not quote it" "$TMP/feeds.txt" "AWS_SECRET|wJalr"
lacks "nor its JSON" "$TMP/feeds.json" "AWS_SECRET|wJalr"
contains "veille feeds describes it" "$TMP/feeds.json" "not a feed: text document"
printf '%s\n' "$SECRET" >"$TMP/secret.txt"
expect_exit 1 "veille parse refuses the file" "$VEILLE" parse "$TMP/secret.txt"
lacks "without quoting it" "$TMP/err" "AWS_SECRET|wJalr"
contains "naming its kind and size" "$TMP/err" "not a feed: text document \\(44 bytes\\)"
