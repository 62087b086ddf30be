#!/bin/sh
# Hostile text from feeds (markup, </svg><script>, quotes in attributes,
# javascript: links) and hostile labels reach the report's HTML and SVG
# only as escaped text.
. tests/e2e/lib.sh
PY=/usr/bin/python3
$PY tests/data/report/history.py hostile >"$TMP/h.tsv"
mkdir -p "$TMP/o"
check "report of a hostile history" "$TOOLS/reporttool" "$TMP/h.tsv" "$TMP/o" \
	--from 2026-01-01 --to 2026-04-01 --by week --baseline 4
h="$TMP/o/report.html"
lacks "no script element" "$h" '<script'
lacks "no javascript: link" "$h" 'href="javascript:'
lacks "no injected attribute" "$h" '" onmouseover="|" onload="'
contains "hostile title kept as text" "$h" '&lt;/svg&gt;&lt;script&gt;alert\(2\)'
contains "hostile label escaped in SVG" "$TMP/o/chart-1.svg" '&lt;/svg&gt;&lt;script&gt;'
$PY - "$TMP/o" <<'PYEOF'
import glob, sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
d = sys.argv[1]
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad = []
        self.texts = []
    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "base", "form"):
            self.bad.append(tag)
        for k, v in attrs:
            if k.startswith("on") or (k in ("href", "src", "xlink:href")
                    and v and not v.startswith(("https://", "http://", "data:,", "url(#"))):
                self.bad.append("%s=%s" % (k, v))
    def handle_data(self, data):
        self.texts.append(data)
p = P()
p.feed(open(d + "/report.html", encoding="utf-8").read())
print(("ok" if not p.bad else "not ok") + " - html parses without active content %s" % p.bad[:5])
t = "".join(p.texts)
print(("ok" if "quote \" onmouseover=\"alert(3)" in t and "<script>alert('t')</script> pump" in t else "not ok")
      + " - hostile titles shown as text")
bad = []
for f in sorted(glob.glob(d + "/chart-*.svg")):
    try:
        root = ET.parse(f).getroot()
        for el in root.iter():
            if el.tag.endswith("script") or any(k.startswith("on") for k in el.attrib):
                bad.append(f)
    except ET.ParseError as e:
        bad.append("%s: %s" % (f, e))
print(("ok" if not bad else "not ok") + " - every chart is well-formed SVG without script %s" % bad[:3])
PYEOF
