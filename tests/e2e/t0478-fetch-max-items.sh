#!/bin/sh
# A feed of 300,000 bare items (a 9 MB document, under the size cap) keeps
# the first max_items (default 5000), says how many it left out, and the
# crawl's memory stays bounded by the cap, not by the document (peak RSS of
# the child from getrusage, not time). max_items in a feed's section cuts
# that feed alone.
. tests/e2e/lib.sh
PY=/usr/bin/python3
if [ ! -x "$PY" ]; then
	skip "max_items" "/usr/bin/python3 not installed"
	exit 0
fi
$PY -c "
import sys
sys.stdout.write('<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Many</title>')
for i in range(300000):
    sys.stdout.write('<item><guid>%d</guid></item>' % i)
sys.stdout.write('</channel></rss>')" >"$TMP/many.xml"
printf '[feed many]\nurl = many.xml\n[feed small]\nurl = %s/samples/feeds/plant-news-en.xml\nmax_items = 2\n' \
	"$ROOT" >"$TMP/feeds.conf"
# ASan holds what is freed in a quarantine (256 MiB by default): keep it
# small, or the items left out would count as if they were kept
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8" \
$PY -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[1:])
print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)' \
	"$VEILLE" --config "$TMP/feeds.conf" --db "$TMP/v.db" fetch -q >"$TMP/rc" 2>"$TMP/err"
read -r rc mib <"$TMP/rc"
is "the crawl succeeds" "$rc" 0
n=$("$VEILLE" --config "$TMP/feeds.conf" --db "$TMP/v.db" feeds --format json | $PY -c '
import json, sys
print(" ".join("%s:%s" % (f["name"], f.get("items")) for f in json.load(sys.stdin)))')
is "5000 items of the big feed kept, 2 of the small one" "$n" "many:5000 small:2"
contains "the cut is said, with its count" "$TMP/err" "^fetch 'many': kept the first 5000 items; 295000 more over max_items left out$"
contains "the small feed's cut too" "$TMP/err" "^fetch 'small': kept the first 2 items"
# the sanitizers' shadow memory and allocator triple a process's size
# (the whole document's items took 110 MiB without them)
bound=64
[ -n "${SANITIZE:-}" ] && bound=200
if [ -n "$mib" ] && [ "$mib" -lt "$bound" ]; then
	ok "peak memory ${mib} MiB, under $bound MiB"
else
	not_ok "peak memory under $bound MiB" "${mib:-?} MiB"
fi
