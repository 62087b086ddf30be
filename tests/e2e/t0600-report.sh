#!/bin/sh
# Trend report from a synthetic history with known answers (see
# tests/data/report/history.py): rankings and significance, emerging terms,
# first sightings, watch list, silent sources, the same numbers in HTML,
# CSV and JSON, determinism, --as-of and English labels.
. tests/e2e/lib.sh
PY=/usr/bin/python3
RT="$TOOLS/reporttool"
ARGS="--from 2026-01-01 --to 2026-04-01 --by week --baseline 4 --fingerprint f00d"

$PY tests/data/report/history.py >"$TMP/h.tsv"
mkdir -p "$TMP/a" "$TMP/b" "$TMP/c" "$TMP/en" "$TMP/g"
# shellcheck disable=SC2086
check "reporttool builds a report" "$RT" "$TMP/h.tsv" "$TMP/a" $ARGS
for f in report.html report.md report.csv report.json chart-1.svg; do
	if [ -s "$TMP/a/$f" ]; then ok "writes $f"; else not_ok "writes $f"; fi
done

cat >"$TMP/check.py" <<'PYEOF'
import csv, json, sys
from html.parser import HTMLParser

d = sys.argv[1]
j = json.load(open(d + "/report.json"))
vals = {(v["period"], v["niche"], v["metric"]): v["value"] for v in j["values"]}

def ok(cond, what):
    print(("ok - " if cond else "not ok - ") + what)

def v(p, n, m):
    return vals.get((p, n, m))

ok(v("total", "pdm", "rank") == 1, "doubling niche from a large base ranks first")
ok(v("total", "pdm", "p_base") < 0.001 and v("total", "pdm", "p_prev") < 0.001,
   "doubling from a large base is significant")
ok(90 < v("total", "pdm", "growth_base_pct") < 120, "pdm grows about +100 %")
ok(v("previous", "twin", "items") == 2 and v("total", "twin", "items") == 4,
   "twin goes 2 -> 4")
ok(v("total", "twin", "p_prev") > 0.05 and v("total", "twin", "p_base") > 0.05,
   "2 -> 4 is not significant (p_prev=%s)" % v("total", "twin", "p_prev"))
nich = {n["id"]: n for n in j["niches"]}
ok(nich["pdm"]["significant_vs_baseline"] and not nich["twin"]["significant_vs_baseline"]
   and not nich["cmms"]["significant_vs_baseline"], "significance flags")
ok(v("total", "iiot", "rank") == 4 and nich["iiot"]["significant_vs_baseline"]
   and v("total", "iiot", "growth_base_pct") < -50, "significant fall ranks last")
em = {t["term"]: t for t in j["emerging_terms"]}
ok("hydrogen electrolyser" in em and em["hydrogen electrolyser"]["count"] == 10
   and em["hydrogen electrolyser"]["baseline"] == 0, "sudden term is emerging")
ok("vibration analysis" not in em and "vibration" not in em,
   "term always there is not emerging")
ok(em.get("hydrogen electrolyser", {}).get("example_link", "").startswith("https://example.org/h2/"),
   "emerging term has an example item")
fs = {t["term"]: t for t in j["first_sightings"]}
ok("hydrogen electrolyser" in fs and fs["hydrogen electrolyser"]["sources"] == 5
   and fs["hydrogen electrolyser"]["first_seen"] == "2026-02-01",
   "sudden term is a first sighting in 5 sources")
ok("vibration analysis" not in fs, "old term is not a first sighting")
ok(j["silent_sources"] == ["old-feed"], "silent source found")
w = {x["name"]: x for x in j["watch"]}
ok(w["iso55000"]["first_seen"] == "2025-01-01" and w["opcua"]["first_seen"] is None,
   "watch list first appearance")
ok(v("total", "watch:iso55000", "mentions") == 16, "watch mentions in the period")
ok(j["method"]["rules_fingerprint"] == "f00d" and "generated" not in j["method"],
   "method metadata, no generation time")

# the same numbers in CSV, JSON and the HTML's data cells
rows = list(csv.reader(open(d + "/report.csv", newline="")))
ok(rows[0] == ["period", "niche", "metric", "value"], "csv header")
cs = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
ok(len(cs) == len(rows) - 1 and len(cs) > 100, "csv rows unique (%d)" % len(cs))

class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells = {}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "td" and "data-m" in a:
            self.cells[(a["data-p"], a["data-n"], a["data-m"])] = a["data-v"]
p = P()
p.feed(open(d + "/report.html", encoding="utf-8").read())
ok(set(p.cells) == set(cs), "html cells and csv rows name the same numbers (%d/%d)"
   % (len(p.cells), len(cs)))
ok(all(p.cells[k] == (cs[k] or "NA") for k in cs if k in p.cells), "html values equal csv values")
def num(s):
    return None if s in ("", "NA") else float(s)
ok(set(vals) == set(cs) and all(num(cs[k]) == vals[k] for k in cs),
   "json values equal csv values")
buckets = j["buckets"]
ok(buckets[0] == "2026-W01" and buckets[-1] == "2026-W14" and len(buckets) == 14,
   "ISO week buckets")
ok(sum(v(b, "pdm", "items") for b in buckets) == v("total", "pdm", "items"),
   "buckets add up to the total")
PYEOF
$PY "$TMP/check.py" "$TMP/a"

h="$TMP/a/report.html"
for s in summary volumes growth terms first watch cooccurrence sources stories method; do
	contains "html has section $s" "$h" "<section id=\"$s\">"
done
n_svg=$(grep -o '<svg ' "$h" | wc -l)
n_t=$(grep -o '<svg [^>]*><title>[^<]*</title><desc>' "$h" | wc -l)
if [ "$n_svg" -gt 4 ] && [ "$n_svg" -eq "$n_t" ]; then
	ok "every chart has <title> and <desc> ($n_svg)"
else
	not_ok "every chart has <title> and <desc> ($n_t of $n_svg)"
fi
contains "print stylesheet for A4" "$h" '@page\{size:A4'
contains "page breaks between sections" "$h" 'section\{break-before:page\}'
contains "strict content security policy" "$h" "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
lacks "no script" "$h" '<script'
lacks "no external reference" "$h" '(src|href)="(https?:)?//[^"]*\.(css|js|woff2?|png)'
contains "French labels by default" "$h" 'Maintenance prédictive'
contains "markdown growth table" "$TMP/a/report.md" '^\| 1 \| Maintenance prédictive'

# shellcheck disable=SC2086
"$RT" "$TMP/h.tsv" "$TMP/b" $ARGS
same=1
for f in report.html report.md report.csv report.json; do
	cmp -s "$TMP/a/$f" "$TMP/b/$f" || same=0
done
if [ $same -eq 1 ]; then ok "same data gives the same bytes"; else not_ok "same data gives the same bytes"; fi
# shellcheck disable=SC2086
"$RT" "$TMP/h.tsv" "$TMP/g" $ARGS --generated "veille 0.1.0 on host"
contains "generation info only when asked" "$TMP/g/report.json" '"generated":"veille 0.1.0 on host"'

# shellcheck disable=SC2086
"$RT" "$TMP/h.tsv" "$TMP/c" $ARGS --as-of 2026-02-05
contains "--as-of recorded" "$TMP/c/report.json" '"as_of":"2026-02-05"'
$PY - "$TMP/a/report.json" "$TMP/c/report.json" <<'PYEOF'
import json, sys
a = json.load(open(sys.argv[1])); c = json.load(open(sys.argv[2]))
va = {(v["period"], v["niche"], v["metric"]): v["value"] for v in a["values"]}
vc = {(v["period"], v["niche"], v["metric"]): v["value"] for v in c["values"]}
k = ("total", "all", "items")
print(("ok" if vc[k] < va[k] and vc[("2026-W08", "pdm", "items")] == 0 else "not ok")
      + " - --as-of ignores what was not known then (%s < %s)" % (vc[k], va[k]))
PYEOF
# shellcheck disable=SC2086
"$RT" "$TMP/h.tsv" "$TMP/en" $ARGS --lang en
contains "English labels with lang en" "$TMP/en/report.html" '<html lang="en">.*'
contains "English niche labels" "$TMP/en/report.html" 'Predictive maintenance'
contains "English section titles" "$TMP/en/report.html" '<h2>Emerging terms</h2>'
