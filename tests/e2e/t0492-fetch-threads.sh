#!/bin/sh
# veille fetch parses pages, prepares their items for the store and
# classifies them on worker threads (--threads N) while the main thread
# fetches and stores: the database is the same as with all of it inline
# (--threads 0), item for item (with the keys and rules fingerprint the
# store derives), niche for niche, evidence included, each feed's status
# and error too (pages that are not feeds); allocation failures with
# workers running end cleanly
# (which allocation fails then depends on thread timing, so this checks
# only that every run ends with an exit status, no sanitizer report, and a
# sound database).
. tests/e2e/lib.sh
if ! command -v sqlite3 >/dev/null 2>&1; then
	skip "fetch threads" "sqlite3 CLI not installed"
	exit 0
fi
. tests/e2e/httpd.inc
need_httpd "fetch threads"
start_httpd S
CONF=$TMP/feeds.conf
# the samples, the parser's real-world captures and 30 generated feeds of
# maintenance news (bench/gen-corpus.py, deterministic); and over HTTP
# (fetched on a thread of their own when there are workers), feeds gzipped,
# deflated with and without zlib's wrapper (undone by the workers, or by
# libcurl inline), a text that is not a feed, an error
/usr/bin/python3 bench/gen-corpus.py "$TMP/gen" --feeds 30 >/dev/null
{
	echo "include = $PWD/conf/taxonomy.conf"
	n=0
	for f in "$PWD"/samples/feeds/* "$PWD"/tests/data/parse/in/* "$TMP"/gen/feeds/*; do
		n=$((n + 1))
		printf '[feed f%03d]\nurl = %s\n' $n "$f"
	done
	for k in 1 2 3 4; do
		for p in "gzip?size=$((k * 70000))" "deflate?size=$((k * 30000))" \
			 "coded?enc=rawdeflate" "coded?enc=gzip" "big?size=600000" \
			 "status/500" "ok"; do
			n=$((n + 1))
			case $p in *"?"*) sep="&" ;; *) sep="?" ;; esac
			printf '[feed f%03d]\nurl = %s/%s%sk=%d\n' $n "$S_URL" "$p" "$sep" $k
		done
	done
} >"$CONF"
export VEILLE_NOW=2026-11-30T08:00:00Z
dump() {
	sqlite3 "$1" "SELECT f.name, i.guid, i.title, i.content_hash,
		i.canon_hash, i.title_hash, i.authors, i.rules_fp, n.name,
		x.score, x.evidence, x.fingerprint
		FROM items i JOIN feeds f ON f.id = i.feed_id
		LEFT JOIN item_niches x ON x.item_id = i.id
		LEFT JOIN niches n ON n.id = x.niche_id ORDER BY 1, 2, 9" \
		"SELECT name, last_status, http_code, consecutive_errors,
		last_error, title FROM feeds ORDER BY name"
}
"$VEILLE" --config "$CONF" --db "$TMP/t0.db" fetch --all -q --threads 0 >/dev/null 2>"$TMP/e0"
rc0=$?
"$VEILLE" --config "$CONF" --db "$TMP/t3.db" fetch --all -q --threads 3 >/dev/null 2>"$TMP/e3"
rc3=$?
is "same exit status with and without workers" "$rc3" "$rc0"
# .ci/run runs this test under ThreadSanitizer too (SANITIZE=thread)
lacks "no sanitizer report with workers" "$TMP/e3" "Sanitizer|runtime error"
dump "$TMP/t0.db" >"$TMP/d0"
dump "$TMP/t3.db" >"$TMP/d3"
items=$(sqlite3 "$TMP/t0.db" 'SELECT count(*) FROM items')
niches=$(sqlite3 "$TMP/t0.db" 'SELECT count(*) FROM item_niches')
if [ "$items" -gt 1000 ] && [ "$niches" -gt 1000 ]; then
	ok "the inline crawl stored $items items, $niches niche links"
else
	not_ok "the inline crawl stored items and niches" "$items items, $niches niches"
fi
failed=$(sqlite3 "$TMP/t0.db" "SELECT count(*) FROM feeds WHERE last_error IS NOT NULL")
if [ "$failed" -gt 0 ]; then
	ok "the inline crawl met $failed pages that failed"
else
	not_ok "the inline crawl met pages that failed" "none"
fi
if cmp -s "$TMP/d0" "$TMP/d3"; then
	ok "3 workers: the same items, keys, niches, scores, evidence, feed states"
else
	not_ok "3 workers: the same items, keys, niches, scores, evidence, feed states" \
		"$(diff "$TMP/d0" "$TMP/d3" | head -5)"
fi
expect_exit 2 "--threads out of range is a usage error" \
	"$VEILLE" --config "$CONF" --db "$TMP/x.db" fetch --threads 99
contains "the error names the option" "$TMP/err" "threads"

bad=""
runs=0
n=200
while [ $n -le 20000 ]; do
	rm -f "$TMP/f.db" "$TMP/f.db-wal" "$TMP/f.db-shm"
	VEILLE_ALLOC_FAIL_AT=$n "$VEILLE" --config "$CONF" --db "$TMP/f.db" \
		fetch --all -q --threads 2 >/dev/null 2>"$TMP/e"
	rc=$?
	runs=$((runs + 1))
	if [ $rc -gt 3 ] || grep -q 'Sanitizer\|runtime error' "$TMP/e"; then
		bad="$bad $n(rc=$rc)"
	elif [ -f "$TMP/f.db" ] &&
	     [ "$(sqlite3 "$TMP/f.db" 'pragma integrity_check' 2>&1)" != ok ]; then
		bad="$bad $n(integrity)"
	fi
	n=$((n + 397))
done
if [ -z "$bad" ]; then ok "$runs allocation failures with 2 workers end cleanly"
else not_ok "allocation failures with 2 workers end cleanly" "failed at:$bad $(head -3 "$TMP/e")"; fi
