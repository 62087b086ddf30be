#!/bin/sh
# veille classify, explain and stats on a database built with mkdb from
# tests/data/classify/: change reports counted by hand, --dry-run writes
# nothing, stale detection by the rules fingerprint, evidence in context.
. tests/e2e/lib.sh

D=tests/data/classify
DB="$TMP/c.db"
"$TOOLS/mkdb" -q "$DB" $D/items.tsv 2>"$TMP/mkdb.err" ||
	not_ok "mkdb loads the fixture" "$(cat "$TMP/mkdb.err")"
V() { "$VEILLE" --config "$CONF" --db "$DB" "$@"; }
nofp() { sed -E 's/[0-9a-f]{16}/FP/g'; }
CONF=$D/rules.conf

V stats >"$TMP/out"
contains "stats: items never classified" "$TMP/out" '^  \(unclassified\) +5$'
contains "stats: all stale before the first classify" "$TMP/out" '^stale +5 items'

before=$(cksum <"$DB")
V classify --dry-run | nofp >"$TMP/out"
check "classify --dry-run: the change report" diff -u $D/classify-dry.expected "$TMP/out"
after=$(cksum <"$DB")
if [ "$before" = "$after" ]; then ok "classify --dry-run: database file unchanged"
else not_ok "classify --dry-run: database file unchanged"; fi
V stats >"$TMP/out"
contains "classify --dry-run: items still stale" "$TMP/out" '^stale +5 items'

V classify | nofp >"$TMP/out"
check "classify: +N -M per niche and sector" diff -u $D/classify-first.expected "$TMP/out"
V classify >"$TMP/out"
contains "classify again: nothing stale" "$TMP/out" ': 0 items examined, 0 stale, 0 changed$'
contains "classify again: no change" "$TMP/out" '^no niche or sector changed$'
V stats >"$TMP/out"
contains "stats: items per fingerprint, current marked" "$TMP/out" '^  [0-9a-f]{16}  5  \(current rules\)$'
contains "stats: nothing stale" "$TMP/out" '^stale +0 items'
V stats --format json >"$TMP/out"
contains "stats --format json: rules and stale" "$TMP/out" '"rules":\[\{"fingerprint":"[0-9a-f]{16}","items":5,"current":true\}\],"current_rules":"[0-9a-f]{16}","stale":0\}$'

if command -v sqlite3 >/dev/null 2>&1; then
	n=$(sqlite3 "$DB" "SELECT count(*) FROM item_niches; SELECT count(*) FROM item_sectors;" | tr '\n' ' ')
	if [ "$n" = "4 1 " ]; then ok "classify: 4 niche rows and 1 sector row stored"
	else not_ok "classify: 4 niche rows and 1 sector row stored" "$n"; fi
else
	skip "stored rows" "sqlite3 CLI not installed"
fi

V explain 1 | nofp >"$TMP/out"
check "explain: scores, matches in context, title counted twice" diff -u $D/explain-1.expected "$TMP/out"
V explain '#3' | nofp >"$TMP/out"
check "explain: the exclusion that fired" diff -u $D/explain-3.expected "$TMP/out"
V explain 5 >"$TMP/out"
lacks "explain: escape sequences from the feed stripped" "$TMP/out" "$(printf '\033')"
contains "explain: no bold when not on a terminal" "$TMP/out" '^      \[Pump\] \[31mred\[0m alert$'
expect_exit 1 "explain: unknown item exits 1" V explain 99
contains "explain: unknown item named" "$TMP/err" 'no item #99'
expect_exit 2 "explain: needs an item number" V explain
expect_exit 2 "explain: bad --format" V explain --format csv 1

V explain --format json 1 >"$TMP/out"
if /usr/bin/python3 - "$TMP/out" <<'PY' >"$TMP/py" 2>&1
import json, sys
d = json.load(open(sys.argv[1]))
p = d["niches"][0]
assert (p["niche"], p["score"], p["threshold"], p["in"]) == ("pumps", 9, 2, True), p
assert [e["points"] for e in p["evidence"]] == [4, 2, 3], p
ev = p["evidence"][2]
assert (ev["field"], ev["offset"], ev["text"]) == ("summary", 84, "impeller"), ev
assert ev["before"].endswith("near the ") and ev["after"].startswith(" of centrifugal"), ev
assert d["niches"][1] == {"niche": "twin", "label": "Jumeau numérique", "score": 0,
                          "threshold": 1, "in": False, "evidence": []}, d["niches"][1]
assert d["sectors"][0]["score"] == 2 and d["sectors"][0]["in"], d["sectors"]
assert d["stored"]["stale"] is False and d["stored"]["fingerprint"] == d["fingerprint"]
assert [n["name"] for n in d["stored"]["niches"]] == ["pumps"], d["stored"]
PY
then ok "explain --format json: scores, evidence, context, stored"
else not_ok "explain --format json: scores, evidence, context, stored" "$(cat "$TMP/py")"; fi

# Changed rules in a copy of the configuration: pumps needs 5 points now
# (items 2 and 5 have 4), twin is renamed twins.
sed -e 's/^threshold = 2$/threshold = 5/' -e 's/^\[niche twin\]$/[niche twins]/' \
	$D/rules.conf >"$TMP/rules2.conf"
CONF=$TMP/rules2.conf
V explain 2 >"$TMP/out"
contains "explain: stored classification marked stale" "$TMP/out" '^stored     by rules [0-9a-f]{16} \(stale: run veille classify\)$'
V stats >"$TMP/out"
contains "stats: stale after a rules change" "$TMP/out" '^stale +5 items'
V classify --format json --dry-run >"$TMP/out"
contains "classify --dry-run --format json" "$TMP/out" \
	'^\{"fingerprint":"[0-9a-f]{16}","dry_run":true,"examined":5,"stale":5,"changed":2,"limits":0,"changes":\[\{"niche":"pumps","added":0,"removed":2\},\{"niche":"twins","added":1,"removed":0\},\{"niche":"twin","added":0,"removed":1\}\]\}$'
V classify | nofp >"$TMP/out"
printf 'rules FP: 5 items examined, 5 stale, 2 changed\npumps: +0 \342\210\2222 items\ntwins: +1 \342\210\2220 item\ntwin: +0 \342\210\2221 item\n' >"$TMP/want"
check "classify after a rules change: niches left, gained, gone" diff -u "$TMP/want" "$TMP/out"
V classify --all --since 2026-11-05 >"$TMP/out"
contains "classify --all --since: two items, none stale" "$TMP/out" ': 2 items examined, 0 stale, 0 changed$'
expect_exit 2 "classify: bad --since" V classify --since soon
expect_exit 3 "classify: missing database" "$VEILLE" --config "$CONF" --db "$TMP/none.db" classify
