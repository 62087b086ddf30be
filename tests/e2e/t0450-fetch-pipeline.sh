#!/bin/sh
# veille fetch end to end against the scripted server: what was stored (feeds
# listing, sqlite3) and what was asked (the request log).
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "fetch pipeline"
if ! command -v sqlite3 >/dev/null 2>&1; then
	skip "fetch pipeline" "sqlite3 CLI not installed"
	exit 0
fi
start_httpd S
LOG=$TMP/S.log
DB=$TMP/v.db
CONF=$TMP/feeds.conf
cat >"$CONF" <<EOT
include = $PWD/conf/taxonomy.conf
[feed good]
url = $S_URL/ok
[feed gz]
url = $S_URL/gzip
[feed gone]
url = $S_URL/status/410
[feed missing]
url = $S_URL/status/404
[feed busy]
url = $S_URL/status/429?retry-after=72000
[feed page]
url = $S_URL/html
[feed newval]
url = $S_URL/ok?etag304=%22v2%22&x=nv
EOT
T0=2026-11-30T08:00:00Z
V() { VEILLE_NOW=${NOW:-$T0} "$VEILLE" --config "$CONF" --db "$DB" "$@"; }
q() { sqlite3 "$DB" "$1"; }
# has DESC TEXT SUBSTRING
has() {
	case "$2" in *"$3"*) ok "$1" ;; *) not_ok "$1" "'$3' not in: $2" ;; esac
}
jfield() { # jfield FEED KEY: from veille feeds --format json
	V feeds --format json | "$HTTPD_PY" -c 'import json,sys
for f in json.load(sys.stdin):
    if f["name"]==sys.argv[1]: v=f.get(sys.argv[2]); print("" if v is None else v)' "$1" "$2"
}

V fetch --format json >"$TMP/r1" 2>"$TMP/e1"
is "first run: some feeds failed, exit 1" "$?" 1
"$HTTPD_PY" -m json.tool "$TMP/r1" >/dev/null && ok "run report is JSON" || not_ok "run report is JSON"
is "good stored one item" "$(q "select count(*) from items i join feeds f on f.id=i.feed_id where f.name='good'")" 1
# the server's /gzip body is its RSS repeated and cut at 100,000 bytes: stored,
# with the warning of a document that is not well-formed
is "gzip feed stored" "$(jfield gz health)" warning
is "ETag kept" "$(jfield good etag)" '"v1"'
is "Last-Modified kept" "$(jfield good last_modified)" "Wed, 01 Jan 2025 00:00:00 GMT"
case "$(q "select n.name || ' ' || (e.evidence like '%dictive%') from item_niches e join niches n on n.id=e.niche_id join items i on i.id=e.item_id join feeds f on f.id=i.feed_id where f.name='good'")" in
*"predictive"*" 1") ok "item classified, niche stored with its evidence" ;;
*) not_ok "item classified, niche stored with its evidence" "$(q 'select * from item_niches')" ;;
esac
is "rules fingerprint stored" "$(q "select count(*) from item_niches where length(fingerprint)=16")" "$(q "select count(*) from item_niches")"
has "410 disables the feed with a reason" "$(jfield gone disabled_reason)" "gone (HTTP 410)"
is "404 counted as an error" "$(jfield missing consecutive_errors)" 1
is "404 retried after twice the interval, less its slack" "$(jfield missing next_due)" 2026-11-30T18:30:00Z
is "429 honours Retry-After" "$(jfield busy next_due)" 2026-12-01T04:00:00Z
grep -q "^fetch 'busy': HTTP 429, retry after 2026-12-01T04:00:00Z" "$TMP/e1" && ok "429 line on stderr" || not_ok "429 line on stderr" "$(cat "$TMP/e1")"
has "HTML page named as not a feed" "$(jfield page last_error)" "not a feed"
has "summary line" "$(tail -n 1 "$TMP/e1")" "fetch: 7 feeds due, 3 ok"

V fetch --all --format json >"$TMP/r2" 2>"$TMP/e2"
is "second run conditional: If-None-Match sent" "$(header_sent "$LOG" /ok If-None-Match)" '"v1"'
is "If-Modified-Since sent" "$(header_sent "$LOG" /ok If-Modified-Since)" "Wed, 01 Jan 2025 00:00:00 GMT"
has "second run: not modified" "$(cat "$TMP/r2")" '"name":"good","status":"not-modified"'
is "nothing rewritten" "$(q "select count(*) from items")" 3
is "304 with a new ETag: stored" "$(jfield newval etag)" '"v2"'
V fetch --feed newval -q >/dev/null 2>&1
is "the new ETag is sent next time" "$(header_sent "$LOG" "/ok?etag304" If-None-Match)" '"v2"'

is "410 not fetched again" "$(requests "$LOG" /status/410)" 1

is "back-off: second error doubles the delay" "$(jfield missing next_due)" 2026-12-01T05:00:00Z
NOW=2026-11-30T20:00:00Z V fetch -q >/dev/null 2>&1
is "back-off: not fetched before it is due" "$(jfield missing consecutive_errors)" 2
NOW=2026-12-01T08:00:00Z V fetch -q >/dev/null 2>&1
is "back-off: capped at a day, less 3 h of slack" "$(jfield missing next_due)" 2026-12-02T05:00:00Z
is "back-off: errors counted" "$(jfield missing consecutive_errors)" 3

V fetch --feed gone -q >/dev/null 2>&1
is "--feed re-enables a gone feed and fetches it" "$(requests "$LOG" /status/410)" 2

# Listing formats.
V feeds --format csv >"$TMP/csv"
is "CSV: header and seven feeds" "$("$HTTPD_PY" -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1],newline=""))); print(len(r), len(set(map(len,r))))' "$TMP/csv")" "8 1"
V feeds --format json | "$HTTPD_PY" -m json.tool >/dev/null && ok "JSON listing valid" || not_ok "JSON listing valid"
has "text listing shows the disabled reason" "$(V feeds)" "disabled: gone (HTTP 410)"

# Lock: a second crawl exits 3 at once, or waits with --wait.
flock "$DB.lock" sleep 2 &
track $!
sleep 0.5
V fetch --all --wait 0 >/dev/null 2>"$TMP/e3"
is "lock held: exit 3" "$?" 3
has "lock held: says why" "$(cat "$TMP/e3")" "another 'veille fetch'"
V fetch --all -q --wait 30 >/dev/null 2>&1
is "with --wait it proceeds after the other run" "$?" 1

# Permanent redirects: URL updated after three runs, the config never.
cat >>"$CONF" <<EOT
[feed moved]
url = $S_URL/redir/301/1
EOT
for i in 1 2 3; do V fetch --feed moved 2>"$TMP/e4" >/dev/null; done
has "moved: said on stderr after 3 runs" "$(cat "$TMP/e4")" "update its url"
V fetch --feed missing -q >/dev/null 2>"$TMP/e5"
has "-q still names a failed feed" "$(cat "$TMP/e5")" "fetch 'missing'"
has "moved: stored URL updated" "$(q "select url from feeds where name='moved'")" "/ok"
V fetch --feed moved -q >/dev/null 2>&1
is "moved: fourth run goes to the new URL" "$(requests "$LOG" /redir/301)" 3
has "config file untouched" "$(cat "$CONF")" "/redir/301/1"
cat >>"$CONF" <<EOT
[feed temp]
url = $S_URL/redir/302/1?x=t
EOT
for i in 1 2 3; do V fetch --feed temp -q >/dev/null 2>&1; done
has "302: stored URL kept" "$(q "select url from feeds where name='temp'")" "/redir/302/1"

# OAI-PMH: three pages, then an incremental harvest from the last datestamp.
cat >>"$CONF" <<EOT
[feed oai]
url = $S_URL/oai?verb=ListRecords&metadataPrefix=oai_dc
kind = publication
format = oai-pmh
EOT
V fetch --feed oai -q >/dev/null 2>&1
is "OAI: six records over three pages" "$(q "select count(*) from items i join feeds f on f.id=i.feed_id where f.name='oai'")" 6
is "OAI: three requests" "$(requests "$LOG" /oai)" 3
is "OAI: datestamp kept" "$(jfield oai oai_datestamp)" 2026-11-06
V fetch --feed oai -q >/dev/null 2>&1
has "OAI: re-harvest uses from=" "$(tail -n 1 "$LOG")" "from=2026-11-06"

# arXiv: pages until an item already known.
cat >>"$CONF" <<EOT
[feed arxiv]
url = $S_URL/arxiv?search_query=all:maintenance&max_results=4
kind = publication
format = arxiv
EOT
V fetch --feed arxiv -q >/dev/null 2>&1
is "arXiv: ten papers" "$(q "select count(*) from items i join feeds f on f.id=i.feed_id where f.name='arxiv'")" 10
is "arXiv: three pages" "$(requests "$LOG" /arxiv)" 3
has "arXiv: newest first" "$(tail -n 1 "$LOG")" "sortBy=submittedDate&sortOrder=descending"
V fetch --feed arxiv -q >/dev/null 2>&1
is "arXiv: stops at known items" "$(requests "$LOG" /arxiv)" 4

# Removed from the configuration: kept, disabled with the reason.
grep -v 'gz\|/gzip' "$CONF" >"$CONF.new" && mv "$CONF.new" "$CONF"
V fetch -q >/dev/null 2>&1
is "removed feed disabled with reason" "$(jfield gz disabled_reason)" "removed from the configuration"
is "integrity" "$(q 'pragma integrity_check')" ok
# Crawled items carry the fingerprint of the rules that classified them
# (written with the row at insert): nothing is stale for `veille classify`.
is "crawled items: rules fingerprint recorded" "$(q 'select count(*) from items where rules_fp is null')" 0
V stats >"$TMP/stats" 2>&1
contains "crawled items: nothing stale" "$TMP/stats" '^stale +0 items'
