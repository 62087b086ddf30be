#!/bin/sh
# With too few file descriptors (ulimit -n) for the transfers configured,
# the crawl lowers its concurrency and says so, instead of failing most
# feeds with "couldn't connect" and backing them off (issue 24, item 9).
# 40 feeds on a local server, jobs = 16, per_host = 16, and a descriptor
# limit a dozen above what the shell holds open.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "few file descriptors"
start_httpd S
{
	printf '[settings]\nallow_private = yes\njobs = 16\nper_host = 16\n'
	i=1
	while [ $i -le 40 ]; do
		printf '[feed f%d]\nurl = %s/ok?n=%d\n' $i "$S_URL" $i
		i=$((i + 1))
	done
} >"$TMP/feeds.conf"
V() { "$VEILLE" --config "$TMP/feeds.conf" --db "$TMP/v.db" "$@"; }
# what this shell holds open (the test runner may pass some down)
base=$(ls /proc/self/fd 2>/dev/null | wc -l)
if [ "$base" -eq 0 ]; then
	skip "few file descriptors" "no /proc/self/fd to count open descriptors"
	exit 0
fi
lim=$((base + 14))
(ulimit -n $lim && exec "$VEILLE" --config "$TMP/feeds.conf" --db "$TMP/v.db" fetch) \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
is "ulimit -n $lim: fetch exits 0" "$rc" 0
contains "the lowered concurrency is said" "$TMP/err" \
	"only $lim file descriptors \(ulimit -n\), [0-9]+ in use: [0-9]+ transfers? at once instead of 16"
contains "every feed fetched" "$TMP/err" "40 feeds due, 40 ok, 0 not modified, 0 failed"
lacks "no feed failed to connect" "$TMP/err" "Couldn't connect"
V feeds >"$TMP/feeds" 2>&1
lacks "no feed in error or backed off" "$TMP/feeds" " error "
# with a generous limit: all 16 at once, and nothing said
rm -f "$TMP"/v.db*
V fetch >"$TMP/out" 2>"$TMP/err"
lacks "enough descriptors: no warning" "$TMP/err" "file descriptors"
contains "...every feed fetched" "$TMP/err" "40 feeds due, 40 ok"
