#!/bin/sh
# veille show (issue 22): the content as wrapped plain text (paragraphs
# apart, list items, no script), links numbered where they stand and
# listed after it; each niche's evidence as readable lines; --format json
# keeps the content as stored and the evidence as JSON.
. tests/e2e/lib.sh

export VEILLE_NOW=2026-11-06T00:00:00Z
DB="$TMP/v.db"
PY=/usr/bin/python3
long="Les pompes centrifuges de la station ont été suivies pendant six mois par analyse vibratoire, et les résultats ont conduit à changer les roulements avant la panne."
{
	printf 'feed\tguid\tlink\ttitle\tsummary\tcontent\tpublished\tfirst_seen\n'
	printf 'plant\tg1\thttps://a.example/1\tPompes : six mois de suivi\tUn retour.\t<p>Premier paragraphe avec <a href="https://a.example/rapport">le rapport complet</a> et <a href="https://b.example/annexe">une annexe</a>.</p><ul><li>un</li><li>deux</li></ul><p>%s</p><script>alert(1)</script>\t2026-11-02T08:00:00Z\t2026-11-02T09:00:00Z\n' "$long"
} >"$TMP/items.tsv"
"$TOOLS/mkdb" -q "$DB" "$TMP/items.tsv" 2>"$TMP/mkdb.err" ||
	not_ok "mkdb loads the item" "$(cat "$TMP/mkdb.err")"
cat >"$TMP/feeds.conf" <<'CONF'
[niche pumps]
label = Pompes
match = pompes? weight=2
match = roulements?
CONF
"$VEILLE" --config "$TMP/feeds.conf" --db "$DB" classify >/dev/null 2>"$TMP/cerr" ||
	not_ok "classify" "$(cat "$TMP/cerr")"

expect_exit 0 "show" "$VEILLE" --db "$DB" show 1
lacks "no HTML tags" "$TMP/out" '<p>|<a |</li>'
lacks "no script" "$TMP/out" 'alert'
contains "link numbered where it stands" "$TMP/out" '^  Premier paragraphe avec le rapport complet \[1\] et une annexe \[2\]\.$'
contains "list items" "$TMP/out" '^  - un$'
contains "list items, each a line" "$TMP/out" '^  - deux$'
contains "links listed after the content" "$TMP/out" '^  \[1\] https://a\.example/rapport$'
contains "second link" "$TMP/out" '^  \[2\] https://b\.example/annexe$'
long_lines=$(awk 'length($0) > 78' "$TMP/out" | grep -v '^link\|^guid\|^summary\|^title' | wc -l | tr -d ' ')
if [ "$long_lines" = 0 ]; then ok "content wrapped at 76 columns"; else not_ok "content wrapped at 76 columns" "$(awk 'length($0) > 78' "$TMP/out")"; fi
contains "paragraphs apart by a blank line" "$TMP/out" '^$'
contains "the long paragraph wrapped, word by word" "$TMP/out" '^  Les pompes centrifuges'
contains "evidence as lines: what matched, where, points" "$TMP/out" '^    match in (title|content|summary): «[Pp]ompes» \+[0-9]+$'
lacks "no raw JSON evidence" "$TMP/out" '"kind"'
expect_exit 0 "show --format json" "$VEILLE" --db "$DB" show --format json 1
got=$($PY -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d["content"].startswith("<p>Premier"), isinstance(json.loads(d["niches"][0]["evidence"]), (list, dict)))' "$TMP/out" 2>&1)
if [ "$got" = "True True" ]; then ok "JSON: content as stored, evidence as JSON"; else not_ok "JSON: content as stored, evidence as JSON" "$got"; fi
