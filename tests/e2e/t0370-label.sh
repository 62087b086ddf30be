#!/bin/sh
# veille label (analysts' corrections) on the sample feeds: recorded with
# who, when and note; winning over the rules in search --niche, digests,
# reports, show and explain; kept by veille classify; listed and exported
# in the rules eval format, which rules eval reads back (and --from-db
# measures directly). Then rules suggest on a labelled fixture whose
# over-represented terms were counted by hand, and rules eval's recall on
# title-only rows apart from rows with a summary.
. tests/e2e/lib.sh

DB="$TMP/v.db"
V() { "$VEILLE" --config samples/demo.conf --db "$DB" "$@"; }
# the demo's two crawls: the week before is backlog, week 48 is news
VEILLE_NOW=2026-11-22T20:00:00Z "$VEILLE" --config samples/demo-w47.conf --db "$DB" \
	-q fetch --all >"$TMP/fetch" 2>&1 || not_ok "first crawl of the samples" "$(cat "$TMP/fetch")"
export VEILLE_NOW=2026-11-29T20:00:00Z
V -q fetch --all >"$TMP/fetch" 2>&1 || not_ok "fetch of the samples" "$(cat "$TMP/fetch")"

# the RCM study of haul trucks: reliability-rcm by the rules
id=$(V search --format json '"haul trucks"' | sed -n 's/^{"id":\([0-9]*\),.*/\1/p' | head -1)
[ -n "$id" ] && ok "the haul trucks item is #$id" || not_ok "the haul trucks item found"
V search --niche reliability-rcm --format json trucks >"$TMP/out"
contains "before: in reliability-rcm by the rules" "$TMP/out" "^\{\"id\":$id,"
V report --from 2026-09-01 --to 2026-12-01 --by month --format csv >"$TMP/report-before"
VEILLE_NOW=2026-11-30T08:00:00Z V digest --week 2026-W48 --member acme-maintenance \
	--out "$TMP/d1" >/dev/null 2>&1
lacks "before: not in the digest of a member of predictive-maintenance" \
	"$TMP/d1/acme-maintenance.html" 'haul trucks'

n0=$(V rules suggest predictive-maintenance --limit 1 |
	sed -n 's/^niche predictive-maintenance: \([0-9]*\) positives.*/\1/p')

# usage errors: exit 2, nothing recorded
expect_exit 2 "unknown niche: exit 2" V label "$id" +reliabilty-rcm
contains "unknown niche: named, with a suggestion" "$TMP/err" "unknown niche 'reliabilty-rcm' \(did you mean 'reliability-rcm'\?\)"
expect_exit 2 "unknown item: exit 2" V label 99999 +cmms-eam
contains "unknown item: named" "$TMP/err" 'no item #99999'
expect_exit 2 "no correction: exit 2" V label "$id"
expect_exit 2 "the same niche twice: exit 2" V label "$id" +cmms-eam -cmms-eam
V label --list >"$TMP/out"
if [ -s "$TMP/out" ]; then not_ok "nothing recorded by the refused commands" "$(cat "$TMP/out")"
else ok "nothing recorded by the refused commands"; fi

VEILLE_USER=amina expect_exit 0 "label: recorded" \
	V label "$id" +predictive-maintenance -reliability-rcm --note "failure prediction, not RCM"
contains "label: prints the corrections" "$TMP/out" "^#$id -reliability-rcm by amina at 2026-11-29T20:00:00Z: failure prediction, not RCM$"
V label --list --format tsv >"$TMP/out"
check "label --list --format tsv: header and rows" diff -u - "$TMP/out" <<EOF
id	niche	verdict	who	at	note	title
$id	predictive-maintenance	+	amina	2026-11-29T20:00:00Z	failure prediction, not RCM	Reliability-centered maintenance for mining haul trucks
$id	reliability-rcm	-	amina	2026-11-29T20:00:00Z	failure prediction, not RCM	Reliability-centered maintenance for mining haul trucks
EOF
V label --list --format json >"$TMP/out"
contains "label --list --format json: one object per line" "$TMP/out" "^\{\"id\":$id,\"niche\":\"reliability-rcm\",\"verdict\":-1,\"who\":\"amina\",\"at\":\"2026-11-29T20:00:00Z\",\"note\":\"failure prediction, not RCM\",.*\"niches\":\"predictive-maintenance\"\}$"
USER=omar VEILLE_USER= V label "$id" +iiot-edge >/dev/null
V label --list >"$TMP/out"
contains "who: \$USER without \$VEILLE_USER" "$TMP/out" "^#$id \+iiot-edge by omar at"
V label "$id" -iiot-edge >/dev/null

check_effects() {
	V search --niche reliability-rcm --format json trucks >"$TMP/out"
	lacks "$1: search --niche reliability-rcm leaves it out" "$TMP/out" "^\{\"id\":$id,"
	V search --niche predictive-maintenance --format json trucks >"$TMP/out"
	contains "$1: search --niche predictive-maintenance finds it" "$TMP/out" "^\{\"id\":$id,"
	V show "$id" >"$TMP/out"
	contains "$1: show: the corrected niches" "$TMP/out" '^  predictive-maintenance [0-9.]+$'
	contains "$1: show: who corrected it" "$TMP/out" '^    labelled by amina at 2026-11-29T20:00:00Z'
	lacks "$1: show: reliability-rcm gone" "$TMP/out" '^  reliability-rcm '
	contains "$1: show: the correction" "$TMP/out" '^corrected  -reliability-rcm by amina at 2026-11-29T20:00:00Z: failure prediction, not RCM$'
}
check_effects "labelled"
V explain "$id" >"$TMP/out"
contains "explain: the corrections, who, when, note" "$TMP/out" '^  corrected -reliability-rcm by amina at 2026-11-29T20:00:00Z: failure prediction, not RCM$'
contains "explain: the rules' own verdict kept" "$TMP/out" '^niche reliability-rcm: IN, score'
V explain --format json "$id" >"$TMP/out"
contains "explain --format json: corrections" "$TMP/out" '"corrections":\[\{"niche":"iiot-edge","verdict":-1,.*\{"niche":"reliability-rcm","verdict":-1,"who":"amina","at":"2026-11-29T20:00:00Z","note":"failure prediction, not RCM"\}\]'

V classify --all >"$TMP/out"
contains "classify --all: a corrected item is no change" "$TMP/out" '^no niche or sector changed$'
check_effects "after classify --all"

# the rules change: every item is classified again
printf 'include = %s/samples/demo.conf\n\n[niche extra]\nmatch = zzyzx\n' "$ROOT" >"$TMP/demo.conf"
"$VEILLE" --config "$TMP/demo.conf" --db "$DB" classify >"$TMP/out" 2>&1
contains "new rules: every item stale" "$TMP/out" ' [0-9]+ items examined, [1-9][0-9]* stale'
check_effects "after new rules"

VEILLE_NOW=2026-11-30T08:00:00Z V digest --week 2026-W48 --member acme-maintenance \
	--out "$TMP/d2" >/dev/null 2>&1
contains "digest: the corrected item reaches a member of predictive-maintenance" \
	"$TMP/d2/acme-maintenance.html" 'haul trucks'
V report --from 2026-09-01 --to 2026-12-01 --by month --format csv >"$TMP/report-after"
b=$(tr -d '\r' <"$TMP/report-before" | sed -n 's/^total,reliability-rcm,items,//p')
a=$(tr -d '\r' <"$TMP/report-after" | sed -n 's/^total,reliability-rcm,items,//p')
if [ -n "$b" ] && [ "$a" = "$((b - 1))" ]; then ok "report: reliability-rcm counts one item less ($b, $a)"
else not_ok "report: reliability-rcm counts one item less" "before '$b', after '$a'"; fi
b=$(tr -d '\r' <"$TMP/report-before" | sed -n 's/^total,predictive-maintenance,items,//p')
a=$(tr -d '\r' <"$TMP/report-after" | sed -n 's/^total,predictive-maintenance,items,//p')
if [ -n "$b" ] && [ "$a" = "$((b + 1))" ]; then ok "report: predictive-maintenance one more ($b, $a)"
else not_ok "report: predictive-maintenance one more" "before '$b', after '$a'"; fi

# export, read back by rules eval; --from-db measures the same rows
V label --export >"$TMP/export.tsv"
printf 'id\tsource\tlang\tlabels\ttitle\tsummary\n%s\tplant-news\ten\tpredictive-maintenance\tReliability-centered maintenance for mining haul trucks\tAn RCM study with FMEA of haul truck subsystems raised MTBF by 22%% at an open-pit phosphate mine.\n' "$id" >"$TMP/want.tsv"
check "label --export: the rules eval format" diff -u "$TMP/want.tsv" "$TMP/export.tsv"
V rules eval "$TMP/export.tsv" >"$TMP/eval-file"
contains "rules eval reads the export" "$TMP/eval-file" '^rows 1, '
contains "rules eval: the rules miss the corrected niche" "$TMP/eval-file" '^predictive-maintenance +0\.000 +0\.000 +0\.000 +1 +0 +0 +1 '
V rules eval --from-db >"$TMP/eval-db"
check "rules eval --from-db: as on the export" diff -u "$TMP/eval-file" "$TMP/eval-db"
expect_exit 2 "rules eval: FILE or --from-db, not both" V rules eval --from-db "$TMP/export.tsv"

V rules suggest predictive-maintenance --limit 50 >"$TMP/out"
contains "suggest --from-db: the database's positives, corrections applied" "$TMP/out" '^niche predictive-maintenance: [0-9]+ positives, [0-9]+ others \(database\)'
n1=$(sed -n 's/^niche predictive-maintenance: \([0-9]*\) positives.*/\1/p' "$TMP/out")
if [ -n "$n0" ] && [ "$n1" = "$((n0 + 1))" ]; then ok "suggest --from-db: the corrected item is a positive ($n0, $n1)"
else not_ok "suggest --from-db: the corrected item is a positive" "before '$n0', after '$n1'"; fi


# prune keeps the corrected item
VEILLE_NOW=2027-06-01T00:00:00Z V prune --older-than 30d >/dev/null 2>&1
V show "$id" >"$TMP/out" 2>&1
contains "prune: the corrected item kept" "$TMP/out" 'haul trucks'

# rules suggest: cavitation is in 5 of 7 positives and no other row, and no
# rule matches it; pump (3 of 7) is matched by the rule
C="$VEILLE --config tests/data/label/rules.conf"
$C rules suggest pumps --labels tests/data/label/suggest.tsv >"$TMP/out"
contains "suggest: counts in the header" "$TMP/out" '^niche pumps: 7 positives, 8 others \(tests/data/label/suggest.tsv\)'
sed -n 2p "$TMP/out" >"$TMP/first"
contains "suggest: the over-represented term first, marked new" "$TMP/first" '^   1 NEW     cavitation  G² [0-9.]+, in niche 5/7 \(the rules miss 3\), elsewhere 0/8$'
contains "suggest: examples" "$TMP/out" '^             e\.g\. Cavitation in centrifugal pumps$'
contains "suggest: a covered term marked, with its rule" "$TMP/out" '^   2 covered pump  G² [0-9.]+, in niche 3/7 \(the rules miss 0\), elsewhere 0/8, by /\\bpumps\?\\b/$'
$C rules suggest pumps --labels tests/data/label/suggest.tsv --format tsv --limit 1 >"$TMP/out"
check "suggest --format tsv --limit 1" diff -u - "$TMP/out" <<'EOF'
term	covered	g2	in	missed	out	rule	example1	example2
cavitation	0	10.72	5	3	0		Cavitation in centrifugal pumps	Cavitation erosion measured on site
EOF
$C rules suggest pumps --labels tests/data/label/suggest.tsv --format json >"$TMP/out"
contains "suggest --format json: covered" "$TMP/out" '^\{"term":"pump","covered":true,"rule":"\\\\bpumps\?\\\\b","g2":[0-9.]+,"in":3,"in_docs":7,"missed":0,"out":0,"out_docs":8,"examples":\["New pump seals reduce leaks","Pump cavitation case study"\]\}$'
expect_exit 2 "suggest: unknown niche" $C rules suggest pompes --labels tests/data/label/suggest.tsv
expect_exit 2 "suggest: --labels and --from-db" $C rules suggest pumps --labels x --from-db
# recall on title-only rows apart: pumps' title-only positives p3 (missed)
# and p4; with a summary p1, p6, p7 found, p2, p5 missed
$C rules eval tests/data/label/suggest.tsv >"$TMP/out"
contains "eval: recall title-only and with a summary" "$TMP/out" '^pumps +1\.000 +0\.571 +0\.727 +7 +4 +0 +3 +0\.500/2 +0\.600/5$'
$C rules eval --format json tests/data/label/suggest.tsv >"$TMP/out"
contains "eval --format json: recall title-only and with a summary" "$TMP/out" '"niche":"pumps",.*"recall_title_only":0\.5,"support_title_only":2,"recall_with_summary":0\.6,"support_with_summary":5\}'
