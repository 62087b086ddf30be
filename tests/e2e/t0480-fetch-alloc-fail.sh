#!/bin/sh
# veille fetch under allocation failure: each of the first allocations of a
# small crawl (config, rules, store, fetch, parse, classify, store) fails in
# turn, then a sparse sweep beyond; every run ends with an exit status (never
# a signal) and, under the sanitizers, no report; the database stays sound
# and a normal run afterwards stores everything.
. tests/e2e/lib.sh
if ! command -v sqlite3 >/dev/null 2>&1; then
	skip "fetch allocation failures" "sqlite3 CLI not installed"
	exit 0
fi
CONF=$TMP/feeds.conf
DB=$TMP/v.db
cat >"$CONF" <<EOT
include = $PWD/conf/taxonomy.conf
[feed news]
url = $PWD/samples/feeds/maintenance-news-fr.xml
[feed json]
url = $PWD/samples/feeds/iiot-weekly.json
[feed oai]
url = $PWD/samples/feeds/hal-oai-pmh.xml
format = oai-pmh
EOT
export VEILLE_NOW=2026-11-30T08:00:00Z
bad=""
runs=0
n=1
while [ $n -le 6000 ]; do
	VEILLE_ALLOC_FAIL_AT=$n "$VEILLE" --config "$CONF" --db "$DB" fetch --all -q >/dev/null 2>"$TMP/e"
	rc=$?
	runs=$((runs + 1))
	if [ $rc -gt 3 ] || grep -q 'Sanitizer\|runtime error' "$TMP/e"; then
		bad="$bad $n(rc=$rc)"
	fi
	if [ $n -lt 150 ]; then n=$((n + 1)); else n=$((n + 61)); fi
done
if [ -z "$bad" ]; then ok "$runs injected allocation failures end cleanly"
else not_ok "allocation failures end cleanly" "failed at:$bad $(head -5 "$TMP/e")"; fi
is "database sound after them" "$(sqlite3 "$DB" 'pragma integrity_check')" ok
"$VEILLE" --config "$CONF" --db "$DB" fetch --all -q >/dev/null 2>&1
is "a normal run afterwards succeeds" "$?" 0
is "every item stored" "$(sqlite3 "$DB" 'select count(*) from items')" 20
