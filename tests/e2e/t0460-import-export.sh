#!/bin/sh
# veille import / export: OPML in and out, duplicates, safe names, nested
# categories, the operator's file never rewritten, and a round trip.
. tests/e2e/lib.sh
has() {
	case "$2" in *"$3"*) ok "$1" ;; *) not_ok "$1" "'$3' not in: $2" ;; esac
}
cd "$TMP" || exit 1
V=$OLDPWD/$VEILLE
case "$VEILLE" in /*) V=$VEILLE ;; esac
cat >feeds.conf <<'EOT'
[settings]
jobs = 4
[feed known]
url = https://example.org/known.xml
EOT
cp feeds.conf feeds.conf.orig
cat >in.opml <<'EOT'
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Veille</title></head><body>
  <outline type="rss" text="Déjà là" xmlUrl="https://EXAMPLE.org:443/known.xml"/>
  <outline text="Industrie">
    <outline text="Énergie">
      <outline type="rss" text="Maintenance prédictive &amp; IoT" xmlUrl="https://example.org/pdm.xml"/>
      <outline type="rss" text="Maintenance prédictive &amp; IoT" xmlUrl="https://example.org/pdm2.xml"/>
    </outline>
  </outline>
  <outline type="rss" text="Evil&#10;[feed x]&#10;url = file:/etc/passwd" xmlUrl="https://example.org/evil.xml"/>
  <outline type="rss" text="Local" xmlUrl="file:/etc/passwd"/>
</body></opml>
EOT
"$V" --config feeds.conf import in.opml >out 2>err
is "import exits 0" "$?" 0
cmp -s feeds.conf feeds.conf.orig && ok "operator's file untouched" || not_ok "operator's file untouched"
has "says which include line to add" "$(cat out)" "include = feeds-imported.conf"
has "duplicate (canonical URL) reported" "$(cat err)" "already configured as 'known'"
grep -q '^url = file' feeds-imported.conf && not_ok "file: source never imported" || ok "file: source never imported"
has "name derived from the title" "$(cat feeds-imported.conf)" "[feed maintenance-predictive-iot]"
has "second same title made unique" "$(cat feeds-imported.conf)" "[feed maintenance-predictive-iot-2]"
has "nested folders kept as category" "$(cat feeds-imported.conf)" "category = Industrie/Énergie"
is "newline in a title cannot inject a section" "$(grep -c '^\[feed' feeds-imported.conf)" 3
echo "include = feeds-imported.conf" >>feeds.conf
"$V" --config feeds.conf check >/dev/null 2>&1
is "imported configuration is valid" "$?" 0
"$V" --config feeds.conf import in.opml >out2 2>err2
is "second import adds nothing" "$(grep -c '^\[feed' feeds-imported.conf)" 3
has "second import: duplicates counted" "$(cat out2)" "0 feeds"

# Round trip: export, import into an empty setup, export again: same OPML.
"$V" --config feeds.conf export >a.opml
/usr/bin/python3 -c 'import sys,xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' a.opml 2>/dev/null && ok "export is well-formed XML" || not_ok "export is well-formed XML"
mkdir rt && printf 'include = mine.conf\n[settings]\njobs = 1\nimports = mine.conf\n' >rt/feeds.conf && printf '# imported feeds\n' >rt/mine.conf
"$V" --config rt/feeds.conf import a.opml >/dev/null 2>&1
"$V" --config rt/feeds.conf export >b.opml
if /usr/bin/python3 - a.opml b.opml <<'EOT'
import sys, xml.dom.minidom as m
def feeds(p):
    out = []
    def walk(n, cat):
        for c in n.childNodes:
            if c.nodeType == c.ELEMENT_NODE and c.tagName == "outline":
                if c.getAttribute("xmlUrl"):
                    out.append((c.getAttribute("xmlUrl"), c.getAttribute("title"), cat))
                else:
                    walk(c, c.getAttribute("text"))
    walk(m.parse(p).getElementsByTagName("body")[0], "")
    return sorted(out)
a, b = feeds(sys.argv[1]), feeds(sys.argv[2])
sys.exit(0 if a == b and len(a) == 4 else 1)
EOT
then ok "import(export(x)) round-trips urls, titles and categories"
else not_ok "import(export(x)) round-trips" "$(cat a.opml b.opml)"
fi
