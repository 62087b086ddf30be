#!/bin/sh
# The report's summary (issue 21) through the real command, on the known
# history of tests/data/report/summary-history.py: it names the top riser
# with the figure of the growth table, the fall, the niche without history
# (and claims no rise for it), the first sightings worth reading (not the
# words of the taxonomy's own names, singular and plural as one term, two
# example titles), the story most sources told, and what changed since the
# previous report built from the same database (rank moves as the CSV has
# them, a term emerging then and established now). Then the French page
# in headless Chromium: the summary shown first, and no English string of
# the report's own (the en[] table of report/labels.c) in its text.
. tests/e2e/lib.sh
PY=/usr/bin/python3
if ! command -v sqlite3 >/dev/null 2>&1 || [ ! -x "$PY" ]; then
	skip "report summary" "python3 or the sqlite3 CLI not installed"
	exit 0
fi
D=tests/data/report
P="--from 2026-01-01 --to 2026-04-01 --by month"

$PY $D/summary-history.py >"$TMP/h.tsv"
$PY $D/to-store.py "$TMP/h.tsv" "$TMP/items.tsv" "$TMP/feeds.conf" "$TMP/fix.tsv"
check "mkdb loads the history" "$TOOLS/mkdb" -q "$TMP/db" "$TMP/items.tsv"
# the robot niche's feeds were first crawled on 2025-12-01
sqlite3 "$TMP/db" "UPDATE feeds SET coverage_start = 1764547200
	WHERE name LIKE 'feed-robot-%'"
V() { "$VEILLE" -q --config "$TMP/feeds.conf" --db "$TMP/db" report $P "$@"; }
mkdir -p "$TMP/www"
check "report in French (json)" V --format json -o "$TMP/fr.json"
check "report in English (json)" V --format json --lang en -o "$TMP/en.json"
check "report in French (html)" V -o "$TMP/www/fr.html"
check "report in English (md)" V --format md --lang en -o "$TMP/en.md"
check "report (csv)" V --format csv -o "$TMP/r.csv"

cat >"$TMP/check.py" <<'PYEOF'
import csv, json, re, sys

d = sys.argv[1]
def ok(cond, what):
    print(("ok - " if cond else "not ok - ") + what)

for lang in ("fr", "en"):
    j = json.load(open("%s/%s.json" % (d, lang), encoding="utf-8"))
    vals = {(v["period"], v["niche"], v["metric"]): v["value"] for v in j["values"]}
    lines = j["summary"]
    kinds = {}
    for l in lines:
        kinds.setdefault(l["kind"], []).append(l["text"])
    lab = {n["id"]: n["label"] for n in j["niches"]}
    pct = vals[("total", "pdm", "growth_base_pct")]
    fig = "%+.0f" % pct
    rise = kinds.get("rise", [])
    ok(vals[("total", "pdm", "rank")] == 1 and rise and lab["pdm"] in rise[0]
       and fig in rise[0] and "220" in rise[0],
       "%s: the summary names the top riser with its figure (%s %%, 220): %s"
       % (lang, fig, rise[:1]))
    fall = kinds.get("fall", [])
    ok(len(fall) == 1 and lab["iiot"] in fall[0] and
       "%+.0f" % vals[("total", "iiot", "growth_base_pct")] in fall[0],
       "%s: and the significant fall: %s" % (lang, fall))
    robot = lab["robot"]
    ok(vals.get(("total", "robot", "p_base")) is None and
       not any(robot in t for t in rise + fall) and
       any(robot in t for t in kinds.get("nohistory", [])),
       "%s: no claim of a rise before coverage, 'not enough history' instead"
       % lang)
    fs = {t["term"]: t for t in j["first_sightings"]}
    cap = [t for t in fs if t.startswith("capteur")]
    ok("drone" in fs and "inspection" not in fs,
       "%s: first sightings: 'drone' yes, 'inspection' (the niche's own name) no"
       % lang)
    ok(len(cap) == 1 and fs[cap[0]]["count"] == 4 and
       len(fs[cap[0]]["examples"]) == 2 and
       fs[cap[0]]["examples"][0]["title"] != fs[cap[0]]["examples"][1]["title"],
       "%s: 'capteur(s) intelligent(s)' one term of 4 items, two example "
       "titles (%s)" % (lang, cap))
    new = kinds.get("new", [""])[0]
    ok(("arrêt évité" in new and "5 sources" in new),
       "%s: what is new, with its sources: %s" % (lang, new))
    st = kinds.get("stories", [""])[0]
    ok("Arrêt évité à la cimenterie de Safi" in st and "5 sources" in st,
       "%s: the story most sources told: %s" % (lang, st))
    since = kinds.get("since", [""])[0]
    ok("2025-10-01" in since and "2025-12-31" in since and "350" in since,
       "%s: changes since the previous report (2025-Q4, 350 items): %s"
       % (lang, since))
    ranks = kinds.get("since-ranks", [""])[0]
    pr = vals.get(("previous", "twin", "rank"))
    nr = vals.get(("total", "twin", "rank"))
    ok(pr == 1 and nr >= 3 and lab["twin"] in ranks and
       re.search(r"\b1\b.*\b%d\b" % nr, ranks.split(lab["twin"])[1]),
       "%s: the previous top riser's rank move (1 -> %s): %s" % (lang, nr, ranks))
    terms = kinds.get("since-terms", [""])[0]
    ok("hydrogène vert" in terms and "6" in terms and "10" in terms,
       "%s: emerging then, established now, with both counts: %s" % (lang, terms))
    for t in lines:
        bad = re.findall(r"(?<![0-9])1 (?:articles|items|sources|niches)\b"
                         r"|(?<![0-9])0 (?:items|sources)\b", t["text"])
        if bad:
            ok(False, "%s: plural forms: %s in %s" % (lang, bad, t["text"]))
            break
    else:
        ok(True, "%s: plural forms right in the summary" % lang)

    org = {o["name"]: o for o in j["organisations"]}
    sie, ste = org.get("Siemens", {}), org.get("Stellantis", {})
    ok(sie.get("candidate") is False and sie.get("items") == 4 and
       sie.get("niches") == ["pdm"],
       "%s: organisations: Siemens, from the watch list, 4 items in pdm (%s)"
       % (lang, sie))
    ok(ste.get("candidate") is True and ste.get("sources") == 3 and
       ste.get("niches") == ["iiot"] and "Rapport" not in org and
       "Passerelle" not in org,
       "%s: and Stellantis, a candidate seen in 3 sources; no title's first "
       "word (%s)" % (lang, sorted(org)))
    ok(any("Siemens" in t for t in kinds.get("organisations", [])) and
       any("Stellantis" in t and "3 sources" in t
           for t in kinds.get("candidates", [])),
       "%s: the summary names them with their figures" % lang)

en = open(d + "/en.md", encoding="utf-8").read()
ok(en.index("## Summary") < en.index("## Growth") and
   "Significant rise: Predictive maintenance" in en,
   "markdown: the summary first, in English")
rows = list(csv.reader(open(d + "/r.csv", newline="")))
ok(["previous", "twin", "rank", "1"] in rows,
   "csv: the previous report's rank of each niche")
PYEOF
$PY "$TMP/check.py" "$TMP"

# ---- the French page in Chromium: summary first, no English ----
. tests/e2e/chromium.inc
need_chromium "the French report in headless chromium"
serve_dir "$TMP/www"
browse --dump-dom "$SERVE_URL/fr.html" >"$TMP/dom.html" 2>"$TMP/console.log"
contains "chromium renders the French report" "$TMP/dom.html" '<section id="method">'
check_requests fr.html
cat >"$TMP/lang.py" <<'PYEOF'
import re, sys
from html.parser import HTMLParser

src, dom, fr_json = sys.argv[1:4]
def ok(cond, what):
    print(("ok - " if cond else "not ok - ") + what)

# The report's own strings, from its label tables: C literals joined.
text = open(src, encoding="utf-8").read()
def table(name):
    body = text.split("static const char *const %s[L_COUNT_MAX] = {" % name)[1]
    body = body.split("\n};")[0]
    out = {}
    for m in re.finditer(r"\[(L_\w+)\]\s*=\s*((?:[^,\"]|\"(?:[^\"\\]|\\.)*\")+),", body):
        parts = re.findall(r"\"((?:[^\"\\]|\\.)*)\"|NBSP", m.group(2))
        out[m.group(1)] = "".join(p if p else "\u00a0" for p in parts).replace("\\'", "'")
    return out
en, fr = table("en"), table("fr")
# fragments between placeholders; words shared with French (Sources,
# Publications, Niche, G², p...) are not English only
frag = set()
for k, s in en.items():
    if s == fr.get(k):
        continue
    for f in re.split(r"%s", s):
        f = f.strip(" :;,.()—\u00a0")
        if len(re.sub(r"[^A-Za-z]", "", f)) >= 4 and f not in " ".join(fr.values()):
            frag.add(f)
frag |= {"n/a", "first sightings", "week", "month", "quarter",
         "not enough history", "partial"}

class T(HTMLParser):
    def __init__(self):
        super().__init__()
        self.t, self.skip = [], 0
    def handle_starttag(self, tag, a):
        if tag in ("style", "script"):
            self.skip += 1
    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skip -= 1
    def handle_data(self, x):
        if not self.skip:
            self.t.append(x)
p = T()
p.feed(open(dom, encoding="utf-8").read())
page = " ".join(p.t)
# the data of the history (titles, niche labels) is not the report's words
import json
j = json.load(open(fr_json, encoding="utf-8"))
data = " ".join([n["label"] for n in j["niches"]] +
                [t["term"] for t in j["first_sightings"] + j["emerging_terms"]])
found = sorted(f for f in frag
               if re.search(r"(?<![A-Za-z])%s(?![A-Za-z])" % re.escape(f), page)
               and f not in data)
ok(len(en) > 80 and len(frag) > 60 and not found,
   "no English string of the report's %d in the French page (found: %s)"
   % (len(frag), found[:8]))
ok(page.find("Synthèse") < page.find("Volumes") and
   "En hausse significative" in page and "Depuis le rapport précédent" in page,
   "the summary comes first, in French")
orgs = page[page.find("Organisations"):page.find("Co-occurrences")]
ok("Siemens" in orgs and "liste de veille" in orgs and "Stellantis" in orgs
   and "candidate à la liste" in orgs,
   "the organisations section shows the watch-list vendor and the candidate")
ok(not re.search(r"(?<![0-9])1 (articles|sources|actualités|niches)\b", page),
   "French plural forms: no '1 sources'")
PYEOF
$PY "$TMP/lang.py" report/labels.c "$TMP/dom.html" "$TMP/fr.json"
