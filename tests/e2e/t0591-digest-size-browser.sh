#!/bin/sh
# A full French digest (issue 21): 30 entries of real French news (Le
# Monde, Le Cercle Psy and Framasoft captures of the shared corpus, parsed
# by veille itself), a third of them covered by a second source, summaries
# long enough to be cut, stays under 100 KB as sent (the .eml written by
# --out is the message the server receives), and its HTML renders in
# headless Chromium with no request but the page itself (chromium.inc:
# the page is served by a logging proxy that is the browser's only way
# out; a control page with an outside image proves such requests are seen).
. tests/e2e/lib.sh
PY=/usr/bin/python3
[ -x $PY ] || { skip "digest size" "python3 not installed"; exit 0; }
C="$SHARED/corpus"
for f in rss/lemonde_rss2_fr.xml quirks/le-cercle-psy_rss2_no-xml-decl_iso-8859-1.xml \
	rss/peertube-framasoft_rss2_media_video.xml; do
	[ -f "$C/$f" ] || { skip "digest size" "corpus file $f missing ($C)"; exit 0; }
	"$VEILLE" parse --format jsonl "$C/$f" >>"$TMP/items.jsonl" 2>/dev/null
done
export VEILLE_NOW=2026-11-30T08:00:00Z

# The real items, into the week 2026-W48 (their own dates are years old:
# they would be backlog). A summary shorter than the digest's cut (300
# characters) is followed by the next item's, so every entry shows a full
# snippet; every third story has a second source.
$PY - "$TMP/items.jsonl" >"$TMP/items.tsv" <<'PYEOF'
import json, sys
rows = [o for o in map(json.loads, open(sys.argv[1]))
        if "items" not in o and o.get("title")]
def clean(s):
    return " ".join((s or "").split()).replace("\\", "\\\\")
print("feed\tkind\tlang\tguid\tlink\ttitle\tsummary\tpublished\tfirst_seen\tniches")
niches = ["pm", "ot", "jn"]
for i, o in enumerate(rows[:30]):
    summary = clean(o.get("summary") or o.get("content"))
    k = i + 1
    while len(summary) < 320 and k < len(rows):
        summary += " " + clean(rows[k].get("summary") or rows[k].get("content"))
        k += 1
    day, hour = 23 + i % 7, 6 + i % 12
    seen = "2026-11-%02dT%02d:00:00Z" % (day, hour)
    pub = "2026-11-%02dT%02d:00:00Z" % (day, hour - 1)
    link = o.get("link") or "https://corpus.example/%d" % i
    niche = "%s:0.%d" % (niches[i % 3], 9 - i % 9)
    print("\t".join(["fr-presse", "news", "fr", "g%d" % i, link,
                     clean(o["title"]), summary, pub, seen, niche]))
    if i % 3 == 0:
        print("\t".join(["fr-revue", "news", "fr", "h%d" % i, link,
                         clean(o["title"]), summary, pub,
                         "2026-11-%02dT%02d:30:00Z" % (day, hour), niche]))
PYEOF
cat >"$TMP/veille.conf" <<'EOF'
[niche pm]
label = Maintenance prédictive
match = maintenance

[niche ot]
label = Cybersécurité des systèmes industriels
match = plc

[niche jn]
label = Jumeaux numériques et simulation
match = twin

[member lecteur]
name      = Lectrice du Cluster Maintenance 4.0
email     = lectrice@member.example
niches    = pm, ot, jn
language  = fr
per_niche = 10
max_items = 30

[mail]
smtp        = smtp://127.0.0.1:9
tls         = none
from        = Veille Maintenance 4.0 <veille@cluster-maintenance.example>
archive_url = https://cluster-maintenance.example/archives
unsubscribe = https://cluster-maintenance.example/desinscription/{member}
EOF
"$TOOLS/mkdb" -q "$TMP/v.db" "$TMP/items.tsv" 2>"$TMP/err" || not_ok "mkdb" "$(cat "$TMP/err")"
V() { "$VEILLE" --config "$TMP/veille.conf" --db "$TMP/v.db" "$@"; }
expect_exit 0 "digest --out" V digest --week 2026-W48 --out "$TMP/www"
EML="$TMP/www/lecteur.eml"
$PY -c 'import email,sys
m=email.message_from_binary_file(open(sys.argv[1],"rb"))
for p in m.walk():
    if p.get_content_type()=="text/plain": print(p.get_payload(decode=True).decode())' "$EML" >"$TMP/text"
is "30 entries in the text part" "$(grep -c '^[0-9][0-9]*\. ' "$TMP/text")" 30
contains "snippets are cut at a word, with an ellipsis" "$TMP/text" "…$"
contains "second sources shown" "$TMP/text" "^   Également dans${NB}: fr-revue"
size=$(wc -c <"$EML" | tr -d ' ')
if [ "$size" -gt 0 ] && [ "$size" -lt 102400 ]; then
	ok "the message as sent is under 100 KB ($size bytes for 30 entries)"
else
	not_ok "the message as sent is under 100 KB ($size bytes)"
fi

. tests/e2e/chromium.inc
need_chromium "digest of 30 entries in headless chromium"
# the control: a page that fetches from outside is seen
cat >"$TMP/www/control.html" <<'HTML'
<!DOCTYPE html><html><body><p>control</p>
<img src="https://tracker.example/pixel.gif" alt=""></body></html>
HTML
proxy_dir "$TMP/www"
browse_proxied --dump-dom "$PROXY_URL/lecteur.html" >"$TMP/dom.html" 2>"$TMP/console.log"
first=$(sed -n 's/^1\. //p' "$TMP/text" | cut -c1-20)
contains "chromium renders the digest (its first title)" "$TMP/dom.html" "$first"
is "chromium's DOM has the 30 entries" \
	"$(grep -o 'text-decoration:none;">' "$TMP/dom.html" | wc -l | tr -d ' ')" 30
lacks "no console error" "$TMP/console.log" 'CONSOLE|Refused to|Uncaught'
check_only_page lecteur.html "the browser asked for the digest and nothing else"
: >"$PROXY_LOG"
browse_proxied --dump-dom "$PROXY_URL/control.html" >/dev/null 2>&1
contains "control: an outside image is seen by the proxy" "$PROXY_LOG" 'tracker\.example'
