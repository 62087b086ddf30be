#!/bin/sh
# Regions (issue 21) with the shipped rules (conf/regions.conf) on the
# bundled sample items (samples/, the demo's two crawls): the Moroccan items
# (Casablanca, Tanger, OCP, ONEE, "cimenterie marocaine") are in the region
# morocco and the others are not; `search --region`, `report --region`, the
# report's region section (volume, niches, top stories, organisations) in
# JSON and in headless Chromium, the summary's line on the association's
# region, and a member whose `regions = morocco` gets Moroccan items only.
. tests/e2e/lib.sh
PY=/usr/bin/python3
[ -x "$PY" ] || { skip "regions" "python3 not installed"; exit 0; }
DB=$TMP/db
V() { "$VEILLE" -q --config samples/demo.conf --db "$DB" "$@"; }
VEILLE_NOW=2026-11-22T20:00:00Z V --config samples/demo-w47.conf fetch --all \
	>/dev/null 2>&1
VEILLE_NOW=2026-11-29T20:00:00Z check "the demo's crawls" V fetch --all

V search --all-items --limit 100 --format json maintenance >"$TMP/all.json"
V search --region morocco --all-items --limit 100 --format json maintenance \
	>"$TMP/ma-m.json"
P="--from 2026-09-01 --to 2026-12-01 --by month"
check "report (json)" V report $P --format json -o "$TMP/r.json"
check "report --region morocco (json)" V report $P --region morocco \
	--format json -o "$TMP/ma-r.json"
mkdir -p "$TMP/www"
check "report (html)" V report $P -o "$TMP/www/r.html"
expect_exit 2 "report --region nowhere: usage error" V report $P \
	--region nowhere --format json -o "$TMP/x.json"

cat >"$TMP/check.py" <<'PYEOF'
import json, re, sys
d = sys.argv[1]
def ok(cond, what):
    print(("ok - " if cond else "not ok - ") + what)
def lines(p):
    return [json.loads(l) for l in open(p, encoding="utf-8") if l.strip()]
ma = lines(d + "/ma-m.json")
al = lines(d + "/all.json")
mt = {h["title"] for h in ma}
moroccan = re.compile(r"Casablanca|Tanger|OCP|ONEE|marocaine|Maroc|Kénitra",
                      re.I)
want = {h["title"] for h in al if moroccan.search(h["title"])}
ok(len(want) >= 4 and want <= mt,
   "search --region morocco: the items naming Casablanca, Tanger, OCP, "
   "ONEE... (%d): %s" % (len(want), sorted(want - mt)))
other = [h["title"] for h in ma if not moroccan.search(h["title"] + " " +
                                                    h.get("snippet", ""))]
ok(len(mt) < len(al) and len(other) <= 2,
   "and not the others (%d of %d; not named in the title: %s)"
   % (len(mt), len(al), other))

r = json.load(open(d + "/r.json", encoding="utf-8"))
reg = {x["id"]: x for x in r["regions"]}
m = reg.get("morocco", {})
vals = {(v["period"], v["niche"], v["metric"]): v["value"] for v in r["values"]}
n = vals.get(("total", "region:morocco", "items"))
ok(m.get("home") is True and m.get("label") == "Maroc" and n and n >= 4 and
   sorted(reg) == ["africa", "europe", "maghreb", "morocco"],
   "regions from the shipped rules, Morocco the association's (%s items)" % n)
ok(sum(m["niches"].values()) >= n and all(k in [x["id"] for x in r["niches"]]
                                           for k in m["niches"]),
   "its niches: %s" % m["niches"])
ts = [s["title"] for s in m["top_stories"]]
ok(any("cimenterie marocaine" in t for t in ts) and
   m["top_stories"][0]["sources"] >= m["top_stories"][-1]["sources"],
   "its top stories, most sources first: %s" % ts[:3])
rl = [s["text"] for s in r["summary"] if s["kind"] == "region"]
ok(rl and rl[0].startswith("Maroc") and ("%d articles" % n) in rl[0],
   "the summary's line on the association's region: %s" % rl)
f = json.load(open(d + "/ma-r.json", encoding="utf-8"))
fv = {(v["period"], v["niche"], v["metric"]): v["value"] for v in f["values"]}
ok(fv[("total", "all", "items")] == n,
   "report --region morocco counts the region's %s items" % n)
PYEOF
$PY "$TMP/check.py" "$TMP"

# a member who follows Morocco only
cat >"$TMP/m.conf" <<EOF
include = $ROOT/samples/demo.conf

[member maroc]
name     = Membre marocain (exemple)
email    = maroc@example.org
niches   = all
regions  = morocco
language = fr
EOF
VEILLE_NOW=2026-11-30T08:00:00Z check "digests of the week" "$VEILLE" -q \
	--config "$TMP/m.conf" --db "$DB" digest --week 2026-W48 \
	--out "$TMP/dg"
f=$(ls "$TMP"/dg/*maroc*.html 2>/dev/null | head -n 1)
if [ -z "$f" ]; then
	not_ok "the Moroccan member's digest" "$(ls "$TMP/dg")"
else
	$PY - "$f" "$DB" <<'PYEOF'
import html, re, sqlite3, sys
page = open(sys.argv[1], encoding="utf-8").read()
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[2], uri=True)
ma = {l for (l,) in db.execute(
    "SELECT i.link FROM items i JOIN item_sectors n ON n.item_id = i.id"
    " JOIN sectors x ON x.id = n.sector_id WHERE x.name = 'region:morocco'")}
# an entry's title is the link in the digest's link colour; other
# sources are links of their own colour; the archive's niche pages ("N
# more in this niche") are not entries
links = [html.unescape(l) for l in
         re.findall(r'<a href="([^"]*)" style="color:#0b5cab;', page)
         if "/archives/niches/" not in l]
bad = [l for l in links if l not in ma]
print(("ok - " if links and not bad else "not ok - ") +
      "regions = morocco: %d entries, all of the region (not: %s)"
      % (len(links), bad[:3]))
PYEOF
fi

. tests/e2e/chromium.inc
need_chromium "the region section in headless chromium"
serve_dir "$TMP/www"
browse --dump-dom "$SERVE_URL/r.html" >"$TMP/dom.html" 2>"$TMP/console.log"
contains "chromium renders the regions section" "$TMP/dom.html" '<section id="regions">'
contains "the association's region, named" "$TMP/dom.html" "Maroc, région de l'association"
contains "its top stories" "$TMP/dom.html" 'cimenterie marocaine'
check_requests r.html
