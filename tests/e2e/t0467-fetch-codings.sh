#!/bin/sh
# veille fetch: content codings. With worker threads the body comes as
# sent and a worker undoes its coding (asking only for gzip and deflate);
# without (--threads 0) libcurl does. Either way the same feeds are stored
# and the same ones fail, each with a message; bytes count decoded bytes.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "fetch codings"
start_httpd S
CONF=$TMP/feeds.conf
cat >"$CONF" <<EOT
[feed gz]
url = $S_URL/gzip?size=50000
[feed zlib]
url = $S_URL/coded?enc=deflate
[feed rawdeflate]
url = $S_URL/coded?enc=rawdeflate
[feed badgz]
url = $S_URL/coded?enc=gzip&bad=1
[feed unknown]
url = $S_URL/coded?enc=x-unknown
EOT
st() {
	"$HTTPD_PY" -c 'import json,sys
for f in json.load(open(sys.argv[1]))["feeds"]:
    if f["name"]==sys.argv[2]: print(f["status"], f["bytes"]); break' "$TMP/r$2" "$1"
}
for t in 2 0; do
	DB=$TMP/v$t.db
	VEILLE_NOW=2026-11-30T08:00:00Z "$VEILLE" --config "$CONF" --db "$DB" \
		fetch --threads $t --format json >"$TMP/r$t" 2>"$TMP/e$t"
	is "threads $t: some failed, exit 1" "$?" 1
	is "threads $t: gzip decoded, bytes counted decoded" "$(st gz $t)" "ok 50000"
	is "threads $t: deflate with zlib's wrapper" "$(st zlib $t | cut -d' ' -f1)" ok
	is "threads $t: deflate without it" "$(st rawdeflate $t | cut -d' ' -f1)" ok
	is "threads $t: corrupt gzip: network-error" "$(st badgz $t | cut -d' ' -f1)" network-error
	is "threads $t: unknown coding: network-error" "$(st unknown $t | cut -d' ' -f1)" network-error
	is "threads $t: items of the decoded feeds stored" \
		"$(sqlite3 "$DB" "select group_concat(name) from (select distinct f.name from items i join feeds f on f.id=i.feed_id order by f.name)")" \
		"gz,rawdeflate,zlib"
	is "threads $t: one stderr line per failed feed" "$(grep -c "^fetch '" "$TMP/e$t")" 2
done
# the workers' own messages
contains "workers: corrupt gzip named" "$TMP/e2" \
	"^fetch 'badgz': '[^']*/coded[?]enc=gzip&bad=1': bad gzip data: incorrect header check "
contains "workers: unknown coding named" "$TMP/e2" \
	"^fetch 'unknown': '[^']*/coded[?]enc=x-unknown': unsupported content encoding 'x-unknown' "
# what was asked for: with workers only the codings they undo
"$HTTPD_PY" -c 'import json,sys
seen = [json.loads(l)["headers"].get("accept-encoding", "") for l in open(sys.argv[1])
        if json.loads(l)["path"].startswith("/gzip")]
print("\n".join(seen))' "$TMP/S.log" >"$TMP/ae"
is "with workers: Accept-Encoding gzip, deflate" "$(sed -n 1p "$TMP/ae")" "gzip, deflate"
ae0=$(sed -n 2p "$TMP/ae")
if echo "$ae0" | grep -q gzip && echo "$ae0" | grep -q deflate; then
	ok "without: every coding libcurl has ($ae0)"
else
	not_ok "without: every coding libcurl has" "$ae0"
fi
