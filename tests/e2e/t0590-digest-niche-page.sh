#!/bin/sh
# "N more in this niche" (issue 21): with [mail] archive_url, digest --out
# writes one archive page per niche and week listing every story of the
# niche that week, not capped, in the member's language; a digest whose
# niche has more stories than it shows links to that page, in the text
# and the HTML part, with the right N; no link without archive_url, nor
# when the archive does not have the page; --atom does not list the niche
# pages as digests.
. tests/e2e/lib.sh
PY=/usr/bin/python3
[ -x $PY ] || { skip "niche page" "python3 not installed"; exit 0; }
export VEILLE_NOW=2026-11-30T08:00:00Z

# pm: 7 stories this week (5 French, 2 English); ot: 2
{
	printf 'feed\tkind\tlang\tguid\tlink\ttitle\tsummary\tpublished\tfirst_seen\tniches\n'
	for i in 1 2 3 4 5; do
		printf 'fr-news\tnews\tfr\tp%s\thttps://fr.example/%s\tMaintenance prédictive numéro %s des pompes\tRésumé %s.\t2026-11-2%sT09:00:00Z\t2026-11-2%sT10:00:00Z\tpm:%s\n' \
			$i $i $i $i $((3 + i)) $((3 + i)) "0.$((9 - i))"
	done
	printf 'en-news\tnews\ten\te1\thttps://en.example/1\tPredictive maintenance of conveyors one\tSummary.\t2026-11-24T09:00:00Z\t2026-11-24T11:00:00Z\tpm:0.3\n'
	printf 'en-news\tnews\ten\te2\thttps://en.example/2\tPredictive maintenance of fans two\tSummary.\t2026-11-25T09:00:00Z\t2026-11-25T11:00:00Z\tpm:0.2\n'
	printf 'en-news\tnews\ten\to1\thttps://en.example/o1\tPLC firmware attack one\tReport.\t2026-11-25T09:00:00Z\t2026-11-25T10:00:00Z\tot:1\n'
	printf 'en-news\tnews\ten\to2\thttps://en.example/o2\tPLC firmware attack two\tReport.\t2026-11-26T09:00:00Z\t2026-11-26T10:00:00Z\tot:1\n'
} >"$TMP/items.tsv"
conf() { # conf FILE ARCHIVE_DIR [ARCHIVE_URL]
	cat >"$1" <<EOF
[niche pm]
label    = Maintenance prédictive
label_en = Predictive maintenance
match    = predictive maintenance

[niche ot]
label    = Cybersécurité OT
label_en = OT security
match    = plc

[member pmfr]
name      = Membre PdM
email     = pm@member.example
niches    = pm, ot
language  = fr
per_niche = 3

[member pmen]
name      = PdM member
email     = pm@member.example
niches    = pm
language  = en
per_niche = 2

[mail]
smtp        = smtp://127.0.0.1:9
tls         = none
from        = Veille <veille@cluster.example>
archive_dir = $2
EOF
	[ $# -gt 2 ] && printf 'archive_url = %s\n' "$3" >>"$1"
}
URL=https://veille.cluster.example/archives
conf "$TMP/a.conf" "$TMP/arch" "$URL"
conf "$TMP/b.conf" "$TMP/arch-b"
conf "$TMP/c.conf" "$TMP/arch-c" "$URL/"
"$TOOLS/mkdb" -q "$TMP/v.db" "$TMP/items.tsv" 2>"$TMP/err" || not_ok "mkdb" "$(cat "$TMP/err")"
V() { _c=$1; shift; "$VEILLE" --config "$TMP/$_c.conf" --db "$TMP/v.db" "$@"; }
# part FILE TYPE: the decoded text/plain or text/html part of a message
part() { $PY -c 'import email,sys
m=email.message_from_binary_file(open(sys.argv[1],"rb"))
for p in m.walk():
    if p.get_content_type()==sys.argv[2]: print(p.get_payload(decode=True).decode())' "$1" "$2"; }

# ---- with archive_url ----
expect_exit 0 "digest --out with archive_url" V a digest --week 2026-W48 --out "$TMP/o-a"
PAGE="$TMP/arch/niches/2026-W48-pm.fr.html"
[ -f "$PAGE" ] && ok "the French page of the niche is in the archive" ||
	not_ok "the French page of the niche is in the archive" "$(find "$TMP/arch")"
is "the page lists all 7 stories of the niche, French and English" \
	"$(grep -c 'href="https://[fe][rn].example/[0-9]' "$PAGE")" 7
for t in "numéro 1 " "numéro 5 " "conveyors one" "fans two"; do
	contains "the page holds '$t'" "$PAGE" "$t"
done
lacks "the page holds no story of another niche" "$PAGE" "PLC firmware"
contains "the page is titled by the niche, in French" "$PAGE" "<h1[^>]*>Maintenance prédictive</h1>"
contains "the page says how many stories" "$PAGE" "7 sujets apparus cette semaine"
lacks "the page has no unsubscribe link" "$PAGE" "désabonner"
[ -f "$TMP/arch/niches/2026-W48-pm.en.html" ] && ok "the English page for the English member" ||
	not_ok "the English page for the English member" "$(find "$TMP/arch")"
contains "the English page is in English" "$TMP/arch/niches/2026-W48-pm.en.html" "7 stories first seen this week"
[ -f "$TMP/arch/niches/2026-W48-ot.fr.html" ] && ok "a page for a niche whose stories all fit" ||
	not_ok "a page for a niche whose stories all fit" "$(find "$TMP/arch")"

part "$TMP/o-a/pmfr.eml" text/plain >"$TMP/fr.txt"
part "$TMP/o-a/pmfr.eml" text/html >"$TMP/fr.html"
part "$TMP/o-a/pmen.eml" text/plain >"$TMP/en.txt"
part "$TMP/o-a/pmen.eml" text/html >"$TMP/en.html"
is "French text: 3 entries of the niche shown" "$(grep -c 'numéro\|conveyors\|fans' "$TMP/fr.txt")" 3
contains "French text: 4 more, after a no-break space" "$TMP/fr.txt" "^→ 4 autres dans cette niche${NB}:$"
contains "French text: the page's URL" "$TMP/fr.txt" "^  $URL/niches/2026-W48-pm\\.fr\\.html$"
is "French text: one 'more' line (ot fits in 3)" "$(grep -c 'dans cette niche' "$TMP/fr.txt")" 1
contains "French HTML: the link with N" "$TMP/fr.html" "<a href=\"$URL/niches/2026-W48-pm\\.fr\\.html\"[^>]*>4 autres dans cette niche</a>"
contains "English text: 5 more" "$TMP/en.txt" "^→ 5 more in this niche:$"
contains "English text: the English page" "$TMP/en.txt" "^  $URL/niches/2026-W48-pm\\.en\\.html$"
contains "English HTML: the link with N" "$TMP/en.html" "<a href=\"$URL/niches/2026-W48-pm\\.en\\.html\"[^>]*>5 more in this niche</a>"
cmp -s "$TMP/o-a/pmfr.html" "$TMP/arch/2026-W48-pmfr.html" && ok "the archived digest is the one written" ||
	not_ok "the archived digest is the one written"

V a digest --atom >"$TMP/atom" 2>&1
is "--atom: the two digests, not the niche pages" "$(grep -c '<entry>' "$TMP/atom")" 2
lacks "--atom: no niche page" "$TMP/atom" "niches"

# ---- without archive_url ----
expect_exit 0 "digest --out without archive_url" V b digest --week 2026-W48 --out "$TMP/o-b"
[ -e "$TMP/arch-b/niches" ] && not_ok "no niche page without archive_url" "$(find "$TMP/arch-b")" ||
	ok "no niche page without archive_url"
part "$TMP/o-b/pmfr.eml" text/plain >"$TMP/b.txt"
part "$TMP/o-b/pmfr.eml" text/html >"$TMP/b.html"
lacks "no 'more' line in the text without archive_url" "$TMP/b.txt" "dans cette niche"
lacks "no 'more' link in the HTML without archive_url" "$TMP/b.html" "dans cette niche"

# ---- the link only when the archive has the page ----
V c digest --week 2026-W48 --dry-run --member pmfr >"$TMP/c1" 2>&1
lacks "--dry-run: no link to a page the archive does not have" "$TMP/c1" "dans cette niche"
expect_exit 0 "digest --out writes the pages (archive_url ending in /)" V c digest --week 2026-W48 --out "$TMP/o-c"
V c digest --week 2026-W48 --dry-run --member pmfr >"$TMP/c2" 2>&1
contains "--dry-run: the link once the archive has the page, one slash" "$TMP/c2" "^  $URL/niches/2026-W48-pm\\.fr\\.html$"
