#!/bin/sh
# veille stats (issue 22): items per niche, sector and feed first seen in
# the last 7 days, the last 30 days and all told, in text and JSON;
# counted by hand from tests/data/index/items.tsv (now: 2026-11-06).
. tests/e2e/lib.sh

export VEILLE_NOW=2026-11-06T00:00:00Z
DB="$TMP/v.db"
PY=/usr/bin/python3
"$TOOLS/mkdb" -q "$DB" tests/data/index/items.tsv 2>"$TMP/mkdb.err" ||
	not_ok "mkdb loads the fixture" "$(cat "$TMP/mkdb.err")"
eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', expected '$3'"; fi
}

expect_exit 0 "stats --format json" "$VEILLE" --db "$DB" stats --format json
got=$($PY -c 'import json, sys
d = json.load(open(sys.argv[1]))
g = lambda k, n: [(e["week"], e["month"], e["all"]) for e in d[k] if e["name"] == n][0]
print(g("by_niche", "pdm"), g("by_niche", "cm"), g("by_feed", "medias24"),
      g("by_feed", "plant-eng"), d["by_sector"], sum(e["all"] for e in d["by_feed"]))' "$TMP/out" 2>&1)
eq "per niche and feed: 7 days, 30 days, all" "$got" "(2, 2, 3) (0, 1, 2) (0, 2, 2) (3, 3, 3) [] 9"
expect_exit 0 "stats in text" "$VEILLE" --db "$DB" stats
contains "text: niches, most items first" "$TMP/out" '^items by niche +7 days +30 days +all$'
contains "text: a niche's line" "$TMP/out" '^  pdm +2 +2 +3$'
contains "text: a feed's line" "$TMP/out" '^  medias24 +0 +2 +2$'
contains "text: sectors too" "$TMP/out" '^items by sector'
