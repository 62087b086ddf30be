#!/bin/sh
# The item's own date and each feed's coverage (issues 20 and 27), end to
# end with the real ./veille on local feed files: Atom entries with only
# <updated> keep that date through the store, search --since, the digest
# and the report; an undated item is shown undated; a date in the future
# of the first sighting is a claim (undated, shown as claimed); a first
# crawl bringing a year of backlog gives a digest that presents none of it
# as news and a report that claims no significance before coverage.
. tests/e2e/lib.sh

PY=/usr/bin/python3
if [ ! -x "$PY" ] || ! command -v sqlite3 >/dev/null 2>&1; then
	skip "dates and coverage" "python3 or the sqlite3 CLI not installed"
	exit 0
fi
DB=$TMP/v.db
CONF=$TMP/feeds.conf
F=$TMP/feeds
mkdir -p "$F"
cat >"$CONF" <<EOT
[niche pm]
label    = Maintenance prédictive
label_en = Predictive maintenance
match    = predictive maintenance

[feed archive]
url = $F/archive.xml

[feed commits]
url = $F/commits.xml

[member fr]
name   = Membre FR
email  = fr@example.org
niches = pm

[member en]
name     = Member EN
email    = en@example.org
niches   = pm
language = en

[mail]
smtp = smtp://127.0.0.1:1
from = Veille <veille@example.org>
EOT
V() { VEILLE_NOW=$NOW "$VEILLE" --config "$CONF" --db "$DB" "$@"; }
q() { sqlite3 "$DB" "$1"; }
has() { case "$2" in *"$3"*) ok "$1" ;; *) not_ok "$1" "'$3' not in: $2" ;; esac; }
hasnt() { case "$2" in *"$3"*) not_ok "$1" "'$3' in: $2" ;; *) ok "$1" ;; esac; }
# jq-like: jget FILE EXPR (python over the first JSON line, or each line)
jget() { $PY -c 'import json,sys
rows=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(eval(sys.argv[2]))' "$1" "$2"; }

# A year of weekly items (RSS, pubDate) about predictive maintenance: the
# backlog of the archive feed's first crawl.
$PY - "$F/archive.xml" <<'PYEOF'
import sys, datetime
t0 = datetime.datetime(2025, 11, 3, 9, 0)
items = []
for i in range(52):
    d = t0 + datetime.timedelta(days=7 * i)
    items.append("<item><title>Archive %d: predictive maintenance note</title>"
                 "<link>https://archive.example/%d</link><guid>a%d</guid>"
                 "<pubDate>%s</pubDate></item>" %
                 (i, i, i, d.strftime("%a, %d %b %Y %H:%M:%S +0000")))
open(sys.argv[1], "w").write('<?xml version="1.0"?><rss version="2.0"><channel>'
    "<title>Archive</title><link>https://archive.example/</link>"
    + "".join(items) + "</channel></rss>")
PYEOF
# commits: a GitHub-like Atom feed, <updated> only.
atom() {
	printf '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Commits</title><id>urn:c</id><updated>2026-11-01T00:00:00Z</updated>%s</feed>' "$1" >"$F/commits.xml"
}
entry() { # entry ID TITLE [DATE-ELEMENTS]
	printf '<entry><id>urn:c:%s</id><title>%s</title><link href="https://commits.example/%s"/>%s</entry>' "$1" "$2" "$1" "$3"
}
OLD="$(entry c1 'Old commit one: predictive maintenance model' '<updated>2024-03-05T10:00:00Z</updated>')$(entry c2 'Old commit two: predictive maintenance data' '<updated>2024-06-07T10:00:00Z</updated>')"
atom "$OLD"

# ---- night one: the first crawl (Monday of 2026-W45) ----
NOW=2026-11-02T02:00:00Z
V fetch --all >"$TMP/f1" 2>&1
is "first crawl succeeds" "$?" 0
is "the archive's 52 items stored" "$(q "SELECT count(*) FROM items i JOIN feeds f ON f.id = i.feed_id WHERE f.name = 'archive'")" 52
is "coverage starts at the first crawl" "$(q "SELECT group_concat(coverage_start) FROM feeds ORDER BY name")" "1793584800,1793584800"
is "every item of a first crawl is backlog" "$(q "SELECT count(*) FROM items WHERE backlog = 0")" 0
is "updated-only entries keep their date" \
	"$(q "SELECT group_concat(datetime(item_date, 'unixepoch') || ' ' || date_source, '; ') FROM (SELECT * FROM items WHERE guid LIKE 'urn:c:%' ORDER BY guid)")" \
	"2024-03-05 10:00:00 updated; 2024-06-07 10:00:00 updated"

# ---- night two (2026-W46): new entries ----
NEW="$(entry c3 'New commit: predictive maintenance alerts' '<updated>2026-11-10T10:00:00Z</updated>')$(entry c4 'Undated commit: predictive maintenance fix' '')$(entry c5 'Future commit: predictive maintenance release' '<published>2027-03-01T09:00:00Z</published>')$(entry c6 'Late note: predictive maintenance of 2025' '<updated>2025-12-01T09:00:00Z</updated>')"
atom "$OLD$NEW"
NOW=2026-11-11T02:00:00Z
V fetch --all >"$TMP/f2" 2>&1
is "second crawl succeeds" "$?" 0
is "coverage start kept" "$(q "SELECT coverage_start FROM feeds WHERE name = 'commits'")" 1793584800
is "news of the second crawl is not backlog, old news is" \
	"$(q "SELECT group_concat(guid || '=' || backlog, ' ') FROM (SELECT guid, backlog FROM items WHERE guid IN ('urn:c:c3', 'urn:c:c4', 'urn:c:c5', 'urn:c:c6') ORDER BY guid)")" \
	"urn:c:c3=0 urn:c:c4=0 urn:c:c5=0 urn:c:c6=1"
id_of() { q "SELECT id FROM items WHERE guid = 'urn:c:$1'"; }

# search: the item's date, --since/--until on it, undated by first seen
V search --format json --sort date 'predictive maintenance' >"$TMP/s.json"
is "search JSON: the updated-only entry dated by its update" \
	"$(jget "$TMP/s.json" '[ (r["date"], r["date_source"], r["first_seen"]) for r in rows if r["title"].startswith("New commit")][0]')" \
	"('2026-11-10T10:00:00Z', 'updated', '2026-11-11T02:00:00Z')"
is "search JSON: an undated item has a null date" \
	"$(jget "$TMP/s.json" '[ (r["date"], r["date_source"]) for r in rows if r["title"].startswith("Undated")][0]')" \
	"(None, 'none')"
is "search JSON: a future date is a claim" \
	"$(jget "$TMP/s.json" '[ (r["date"], r["date_source"], r["claimed_date"]) for r in rows if r["title"].startswith("Future")][0]')" \
	"(None, 'claimed', '2027-03-01T09:00:00Z')"
is "sorted by date: undated items by their first sighting, first" \
	"$(jget "$TMP/s.json" '" | ".join(sorted(r["title"].split(":")[0] for r in rows[:2])) + " | " + " | ".join(r["title"].split(":")[0] for r in rows[2:4])')" \
	"Future commit | Undated commit | New commit | Archive 51"
V search --since 2024-01-01 --until 2024-12-31 'predictive maintenance' >"$TMP/s24"
is "--since/--until 2024 finds the 2024 commits (not dated by their crawl)" \
	"$(grep -c '^Old commit' "$TMP/s24")" 2
V search --since 2026-11-10 --until 2026-11-10 --format json 'predictive maintenance' >"$TMP/s10"
is "--since/--until 2026-11-10: the entry updated that day only" \
	"$(jget "$TMP/s10" '" ".join(sorted(r["title"].split(":")[0] for r in rows))')" "New commit"
V search --since 2027-01-01 'predictive maintenance' >"$TMP/s27"
is "a claimed date is never searched" "$(grep -c 'commit' "$TMP/s27")" 0
V search commit >"$TMP/st"
has "text output marks undated items" "$(cat "$TMP/st")" "| undated, seen 2026-11-11 |"

# show and explain
V show "$(id_of c4)" >"$TMP/show4"
has "show: an undated item says so" "$(cat "$TMP/show4")" "date       undated"
has "show: its first sighting" "$(cat "$TMP/show4")" "first_seen 2026-11-11T02:00:00Z"
V show "$(id_of c5)" >"$TMP/show5"
has "show: a future date shown as claimed" "$(cat "$TMP/show5")" "date       undated (claims 2027-03-01, after its first sighting)"
V show "$(id_of c3)" >"$TMP/show3"
has "show: the date and its source" "$(cat "$TMP/show3")" "date       2026-11-10 (updated)"
V show --format json "$(id_of c5)" >"$TMP/show5.json"
is "show JSON: date, source, claim, first sighting" \
	"$(jget "$TMP/show5.json" '(rows[0]["date"], rows[0]["date_source"], rows[0]["claimed_date"], rows[0]["first_seen"], rows[0]["backlog"])')" \
	"(None, 'claimed', '2027-03-01T09:00:00Z', '2026-11-11T02:00:00Z', False)"
V explain "$(id_of c5)" >"$TMP/ex5"
has "explain: the claim" "$(cat "$TMP/ex5")" "date       undated (claims 2027-03-01"
V explain --format json "$(id_of c5)" >"$TMP/ex5.json"
is "explain JSON: the claim" "$(jget "$TMP/ex5.json" '(rows[0]["date"], rows[0]["claimed_date"])')" "(None, '2027-03-01T09:00:00Z')"

# body FILE: the text part of a message, decoded
body() { $PY -c 'import email,sys
m=email.message_from_binary_file(open(sys.argv[1],"rb"))
for p in m.walk():
    if p.get_content_type()=="text/plain": print(p.get_payload(decode=True).decode())' "$1"; }

# ---- the digests ----
NOW=2026-11-16T08:00:00Z
V digest --week 2026-W45 --out "$TMP/w45" >"$TMP/d45" 2>&1
is "digest of the first week written" "$?" 0
W45=$(cat "$TMP/w45/fr.eml" "$TMP/w45/fr.html" 2>/dev/null)
hasnt "first week: no archive item presented" "$W45" "Archive 1"
hasnt "first week: no old commit presented" "$W45" "Old commit"
has "first week: the backlog in one line (French)" "$(body "$TMP/w45/fr.eml")" "54 articles plus anciens ont été archivés sans être envoyés"
has "first week: the backlog in one line (English)" "$(body "$TMP/w45/en.eml")" "Archived, not sent: 54 earlier items"
has "first week: the HTML says it too" "$(cat "$TMP/w45/en.html")" "Archived, not sent: 54 earlier items"
V digest --week 2026-W46 --dry-run --raw --member fr >"$TMP/d46fr" 2>&1
V digest --week 2026-W46 --dry-run --raw --member en >"$TMP/d46en" 2>&1
D46=$(body "$TMP/d46fr")
D46EN=$(body "$TMP/d46en")
# the feed is named by its own title, "Commits" (no title in the configuration)
has "week 46: the updated-only entry with its date" "$D46" "Source${NB}: Commits, 10 novembre 2026"
has "week 46: the undated item (French)" "$D46" "Source${NB}: Commits, sans date"
has "week 46: the undated item (English)" "$D46EN" "Source: Commits, undated"
has "week 46: the future-dated item is news, undated" "$D46" "Future commit"
hasnt "week 46: no claimed date shown" "$D46" "mars 2027"
hasnt "week 46: old news not presented" "$D46" "Late note"
has "week 46: old news counted in the line" "$D46" "1 article plus ancien a été archivé sans être envoyé"

# ---- the report ----
NOW=2026-11-16T08:00:00Z
V report --from 2026-10-01 --to 2026-11-16 --by week --format json -o "$TMP/r.json" 2>"$TMP/rerr"
is "report written" "$?" 0
is "no significance before coverage: not enough history" \
	"$($PY -c 'import json,sys; r=json.load(open(sys.argv[1])); n=[x for x in r["niches"] if x["id"]=="pm"][0]; print(n["history_vs_baseline"], n["history_vs_previous"], n["significant_vs_baseline"], n["significant_vs_previous"])' "$TMP/r.json")" \
	"False False False False"
V report --from 2026-10-01 --to 2026-11-16 --by week --format csv -o "$TMP/r.csv"
is "the 2024 commits are not counted in the week of their crawl" \
	"$(grep '^2026-W45,pm,items,' "$TMP/r.csv" | cut -d, -f4 | tr -d '\r')" 0
is "W46 counts the new and the undated entries (by first sighting)" \
	"$(grep '^2026-W46,pm,items,' "$TMP/r.csv" | cut -d, -f4 | tr -d '\r')" 3
V report --from 2026-10-01 --to 2026-11-16 --by week --format html -o "$TMP/r.html"
has "the HTML says not enough history" "$(cat "$TMP/r.html")" "historique insuffisant"
V report --from 2026-10-01 --to 2026-11-12 --by week --format json -o "$TMP/rp.json"
is "a week cut by the report's end is partial" \
	"$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["partial_buckets"])' "$TMP/rp.json")" "['2026-W46']"
V report --from 2026-10-01 --to 2026-11-12 --by week --format html --lang en -o "$TMP/rp.html"
has "the partial week is marked in the table and chart" "$(cat "$TMP/rp.html")" "2026-W46 (partial)"
