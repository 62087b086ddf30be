#!/bin/sh
# `veille parse` streams: on a generated 70 MiB RSS document (90,000
# items), both --format json and jsonl keep the process's peak RSS
# (getrusage of the child: ru_maxrss) under 32 MiB, print every item and
# end the output well-formed.
. tests/e2e/lib.sh

case "${VEILLE:-}" in
*san*) skip "veille parse memory" "sanitizer build: its shadow memory skews RSS"; exit 0 ;;
esac
if ! python3 tests/tools/gen-big-rss.py 70 >"$TMP/big.xml" 2>"$TMP/n"; then
	not_ok "generate a 70 MiB feed" "$(cat "$TMP/n")"
	exit 0
fi
n=$(tail -n 1 "$TMP/n")

# peak RSS in KiB of the command, its stdout to $TMP/out, its exit status
peak() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys
with open(sys.argv[1], "wb") as out:
    rc = subprocess.call(sys.argv[2:], stdout=out)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)
PY
}

set -- $(peak "$TMP/out" "$VEILLE" parse "$TMP/big.xml")
kb=$1 rc=$2
items=$(grep -o '{"id":' "$TMP/out" | wc -l)
if [ "$rc" -ne 0 ]; then
	not_ok "parse 70 MiB as json: exit $rc"
elif [ "$kb" -ge 32768 ]; then
	not_ok "parse 70 MiB as json: peak RSS $kb KiB, over 32 MiB"
else
	ok "parse 70 MiB as json: peak RSS $kb KiB"
fi
check "json: all $n items printed" test "$items" -eq "$n"
check "json: one object, items array closed" sh -c \
	"head -c 40 '$TMP/out' | grep -q '^{\"format\":\"rss\",\"title\":\"Generated\"' &&
	 tail -c 3 '$TMP/out' | grep -q '^]}\$'"

set -- $(peak "$TMP/out" "$VEILLE" parse --format jsonl "$TMP/big.xml")
kb=$1 rc=$2
if [ "$rc" -ne 0 ]; then
	not_ok "parse 70 MiB as jsonl: exit $rc"
elif [ "$kb" -ge 32768 ]; then
	not_ok "parse 70 MiB as jsonl: peak RSS $kb KiB, over 32 MiB"
else
	ok "parse 70 MiB as jsonl: peak RSS $kb KiB"
fi
check "jsonl: one line per item and one for the feed" test \
	"$(wc -l <"$TMP/out")" -eq $((n + 1))
check "jsonl: the last line is the feed, with its item count" sh -c \
	"tail -n 1 '$TMP/out' | grep -q '^{\"format\":\"rss\",.*\"items\":$n}\$'"

# The two formats say the same: each jsonl line is the json's item, the last
# line its feed fields; an OPML list read from the standard input is whole.
for f in sickle_ListRecords_deleted-record_resumptionToken.xml \
	synthetic_rss2_dc-date-unix-epoch_truncated.xml reddit-r-rust_atom.xml; do
	"$VEILLE" parse "tests/data/parse/in/$f" >"$TMP/a.json" 2>/dev/null
	"$VEILLE" parse --format jsonl "tests/data/parse/in/$f" >"$TMP/a.jsonl" 2>/dev/null
	check "jsonl and json agree on $f" python3 - "$TMP/a.json" "$TMP/a.jsonl" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
lines = [json.loads(l) for l in open(sys.argv[2])]
feed = lines.pop()
items = doc.pop("items")
assert lines == items, "items differ"
assert feed.pop("items") == len(items), "item count"
assert feed == doc, "feed fields differ: %r %r" % (feed, doc)
PY
done
"$VEILLE" parse - <tests/data/parse/in/netnewswire-subs_opml11.xml >"$TMP/o.json"
check "an OPML list from the standard input is read whole" \
	cmp "$TMP/o.json" tests/data/parse/netnewswire-subs_opml11.json
expect_exit 2 "--format other is a usage error" "$VEILLE" parse --format csv "$TMP/big.xml"
