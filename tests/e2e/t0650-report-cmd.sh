#!/bin/sh
# veille report end to end: the synthetic history of tests/data/report/
# loaded into a database with mkdb, then the real command. Known rankings
# and significance through the store; the same numbers as the report core
# gives on the same rows; CSV, JSON and HTML agree; --as-of is
# reproducible to the byte, even after later items; filters, formats,
# defaults, errors and hostile text.
. tests/e2e/lib.sh
PY=/usr/bin/python3
D=tests/data/report
P="--from 2026-01-01 --to 2026-04-01 --by week"

$PY $D/history.py >"$TMP/h.tsv"
$PY $D/to-store.py "$TMP/h.tsv" "$TMP/items.tsv" "$TMP/feeds.conf" "$TMP/fix.tsv"
check "mkdb loads the history" "$TOOLS/mkdb" -q "$TMP/db" "$TMP/items.tsv"
V() { "$VEILLE" -q --config "$TMP/feeds.conf" --db "$TMP/db" report "$@"; }

mkdir -p "$TMP/o" "$TMP/core"
# shellcheck disable=SC2086
for f in html md csv json; do
	check "report --format $f" V $P --format $f -o "$TMP/o/report.$f"
done
# shellcheck disable=SC2086
"$TOOLS/reporttool" "$TMP/fix.tsv" "$TMP/core" $P --baseline 4 \
	--fingerprint fp-test

cat >"$TMP/check.py" <<'PYEOF'
import csv, json, sys
from html.parser import HTMLParser

d, core = sys.argv[1], sys.argv[2]
def ok(cond, what):
    print(("ok - " if cond else "not ok - ") + what)

j = json.load(open(d + "/report.json"))
vals = {(v["period"], v["niche"], v["metric"]): v["value"] for v in j["values"]}
v = lambda p, n, m: vals.get((p, n, m))
ok(v("total", "pdm", "rank") == 1, "doubling niche from a large base ranks first")
ok(v("total", "pdm", "p_base") < 0.001, "its rise is significant")
ok(v("previous", "twin", "items") == 2 and v("total", "twin", "items") == 4
   and v("total", "twin", "p_prev") > 0.05, "2 -> 4 is not significant")
ok(v("total", "iiot", "rank") == 4 and v("total", "iiot", "growth_base_pct") < -50,
   "significant fall ranks last")
em = {t["term"]: t for t in j["emerging_terms"]}
ok("hydrogen electrolyser" in em and "vibration analysis" not in em,
   "sudden term emerges, constant one does not")
fs = {t["term"]: t for t in j["first_sightings"]}
ok(fs.get("hydrogen electrolyser", {}).get("sources") == 5, "first sighting in 5 sources")
ok(j["silent_sources"] == ["old-feed"], "silent feed found through the store")
w = {x["name"]: x for x in j["watch"]}
ok(w["iso55000"]["first_seen"] == "2025-01-01" and
   v("total", "watch:iso55000", "mentions") == 16,
   "watch list from the config: mentions and first appearance")
fp = j["method"]["rules_fingerprint"]
ok(fp.startswith("fp-test (règles actuelles : ") and len(fp) == len("fp-test (règles actuelles : )") + 16,
   "rules fingerprint from the store, and today's rules when they differ (%s)" % fp)

# the store gives the report core the same rows: every number but story
# counts (the store merges same-title items into stories) is the core's
def rows(path):
    r = list(csv.reader(open(path, newline="")))
    return r[0], {(x[0], x[1], x[2]): x[3] for x in r[1:] if x[2] != "stories"}
h1, a = rows(d + "/report.csv")
h2, b = rows(core + "/report.csv")
diff = [k for k in set(a) | set(b) if a.get(k) != b.get(k)]
ok(h1 == ["period", "niche", "metric", "value"] and len(a) > 100 and not diff,
   "csv equals the core's on the same rows (%d values, differing: %s)"
   % (len(a), diff[:3]))
num = lambda s: None if s in ("", "NA") else float(s)
ok(all(num(a[k]) == vals[k] for k in a), "json values equal csv values")

class H(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells = {}
    def handle_starttag(self, tag, attrs):
        x = dict(attrs)
        if tag == "td" and "data-m" in x and x["data-m"] != "stories":
            self.cells[(x["data-p"], x["data-n"], x["data-m"])] = x["data-v"]
p = H()
p.feed(open(d + "/report.html", encoding="utf-8").read())
ok(p.cells and all(a.get(k, "NA") in (c, "") for k, c in p.cells.items())
   and set(p.cells) == set(a), "html numbers equal csv numbers (%d)" % len(p.cells))
PYEOF
$PY "$TMP/check.py" "$TMP/o" "$TMP/core"
contains "markdown has the growth table" "$TMP/o/report.md" '^\| 1 \| Maintenance prédictive'
contains "French labels by default" "$TMP/o/report.html" '<html lang="fr"'
V $P --lang en --format md -o "$TMP/en.md"
contains "English with --lang en" "$TMP/en.md" '^\| 1 \| Predictive maintenance'

# --as-of: the same bytes twice, and after items added later
V $P --as-of 2026-02-05 -o "$TMP/asof1.html"
V $P --as-of 2026-02-05 --format csv -o "$TMP/asof1.csv"
V $P --as-of 2026-02-05 -o "$TMP/asof2.html"
if cmp -s "$TMP/asof1.html" "$TMP/asof2.html"; then
	ok "--as-of: same bytes twice"
else
	not_ok "--as-of: same bytes twice"
fi
V $P --as-of 2026-02-04 -o "$TMP/asof4.html"
V $P --format csv -o "$TMP/before.csv"
cat >"$TMP/later.tsv" <<'EOF'
feed	kind	guid	title	published	first_seen	niches	sectors
late-feed	news	l1	Late pump failure news	2026-01-20T08:00:00Z	2026-03-10T08:00:00Z	twin	energy
late-feed	news	l2	Late hydrogen electrolyser item	2026-02-01T08:00:00Z	2026-02-05T12:00:00Z	pdm	energy
late-feed	news	l3	Another late one	2026-03-20T08:00:00Z	2026-03-21T08:00:00Z	cmms	mining
EOF
check "later items added" "$TOOLS/mkdb" -q "$TMP/db" "$TMP/later.tsv"
V $P --as-of 2026-02-05 -o "$TMP/asof3.html"
V $P --format csv -o "$TMP/after.csv"
if cmp -s "$TMP/asof1.html" "$TMP/asof3.html"; then
	not_ok "--as-of 2026-02-05 includes an item first seen that day"
else
	ok "--as-of 2026-02-05 includes an item first seen that day"
fi
V $P --as-of 2026-02-04 -o "$TMP/asof5.html"
if cmp -s "$TMP/asof4.html" "$TMP/asof5.html"; then
	ok "--as-of: same bytes after items added later"
else
	not_ok "--as-of: same bytes after items added later"
fi
if cmp -s "$TMP/before.csv" "$TMP/after.csv"; then
	not_ok "without --as-of the later items count"
else
	ok "without --as-of the later items count"
fi
grep '^total,twin,items,' "$TMP/after.csv" >"$TMP/twin"
contains "the late twin item is counted" "$TMP/twin" '^total,twin,items,5'

# filters
V $P --niche twin --format json -o "$TMP/twin.json"
V $P --sector energy --format csv -o "$TMP/energy.csv"
$PY - "$TMP/twin.json" "$TMP/energy.csv" "$TMP/h.tsv" <<'PYEOF'
import csv, json, sys
j = json.load(open(sys.argv[1]))
print(("ok" if [n["id"] for n in j["niches"]] == ["twin"] else "not ok")
      + " - --niche keeps that niche only")
r = {(x[0], x[1], x[2]): x[3] for x in csv.reader(open(sys.argv[2], newline=""))}
want = sum(1 for l in open(sys.argv[3]) if not l.startswith("#")
           and l.split("\t")[0] >= "2026-01" and l.split("\t")[0] < "2026-04"
           and "pdm" in l.split("\t")[1].split(",") and l.split("\t")[2] == "energy")
got = int(r[("total", "pdm", "items")])
print(("ok" if got == want + 1 else "not ok")
      + " - --sector energy counts energy items only (pdm %d, want %d)" % (got, want + 1))
PYEOF

# defaults: the last complete quarter, by week, HTML to report-YYYY-Qn.html
mkdir -p "$TMP/cwd"
(cd "$TMP/cwd" && VEILLE_NOW=2026-05-15T10:00:00Z "$VEILLE" -q \
	--config "$TMP/feeds.conf" --db "$TMP/db" report)
if [ -s "$TMP/cwd/report-2026-Q1.html" ]; then
	ok "default output report-2026-Q1.html"
else
	not_ok "default output report-2026-Q1.html" "$(ls "$TMP/cwd")"
fi
contains "default period is 2026-Q1 by week" "$TMP/cwd/report-2026-Q1.html" '2026-W14'

# an empty period is a report that says so
check "empty period is not an error" V --from 2030-01-01 --to 2030-04-01 -o "$TMP/empty.html"
contains "empty period says there is no data" "$TMP/empty.html" 'Aucune donnée'

# errors
expect_exit 2 "unknown niche" V $P --niche pdn
contains "unknown niche suggests" "$TMP/err" "unknown niche 'pdn' \(did you mean 'pdm'\?\)"
expect_exit 2 "unknown sector" V $P --sector enrgy
expect_exit 2 "period backwards" V --from 2026-04-01 --to 2026-01-01
expect_exit 2 "bad date" V --from yesterday
expect_exit 2 "bad granularity" V $P --by year
expect_exit 2 "bad format" V $P --format pdf
expect_exit 3 "missing database" "$VEILLE" -q --config "$TMP/feeds.conf" \
	--db "$TMP/nope.db" report $P

# hostile feed text through the store
$PY $D/history.py hostile >"$TMP/hh.tsv"
$PY $D/to-store.py "$TMP/hh.tsv" "$TMP/hitems.tsv" "$TMP/hfeeds.conf" "$TMP/hfix.tsv"
# the store merges titles repeated across feeds into stories of several
# sources, which then lead the top stories: one hostile story in five feeds
# makes sure hostile text reaches that table
{
	printf 'feed\tguid\tlink\ttitle\tsummary\tpublished\tniches\tsectors\n'
	for i in 1 2 3 4 5; do
		printf 'evil-%s\te%s\thttps://example.org/evil\t</svg><script>alert(5)</script> "x" onload="y"\t<img src=x onerror=alert(6)>\t2026-02-10T08:00:00Z\tpdm:50\tenergy\n' "$i" "$i"
	done
} >"$TMP/evil.tsv"
check "mkdb loads the hostile history" "$TOOLS/mkdb" -q "$TMP/hdb" "$TMP/hitems.tsv"
check "mkdb loads the hostile story" "$TOOLS/mkdb" -q "$TMP/hdb" "$TMP/evil.tsv"
check "report of a hostile history" "$VEILLE" -q --config "$TMP/hfeeds.conf" \
	--db "$TMP/hdb" report $P -o "$TMP/hostile.html"
lacks "no script element" "$TMP/hostile.html" '<script'
lacks "no javascript: link" "$TMP/hostile.html" 'href="javascript:'
lacks "no injected attribute" "$TMP/hostile.html" '" onmouseover="|" onload="'
contains "hostile title kept as text" "$TMP/hostile.html" '&lt;/svg&gt;&lt;script&gt;alert\(5\)&lt;/script&gt; &quot;x&quot;'
contains "hostile niche label kept as text" "$TMP/hostile.html" '&lt;/svg&gt;&lt;script&gt;alert\(1\)'
