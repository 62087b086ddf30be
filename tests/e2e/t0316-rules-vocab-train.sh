#!/bin/sh
# The shipped niche vocabulary on real rows of the TRAIN split of the
# labelled set (tests/data/labelled/, written and filed by others; the test
# split is only measured, by t0315): specialist phrasing that never names
# the niche's generic words lands in its niche, and hard negatives that
# share words with the niches (site reliability engineering, medical image
# segmentation, a sleep model, keyword spotting, software testing, a film)
# land in none.
. tests/e2e/lib.sh

D=tests/data/labelled
if [ ! -f $D/labelled.tsv ]; then
	skip "no $D/labelled.tsv (regenerate it with $D/build.py)"
	exit 0
fi

# row ID -> "id<TAB>title<TAB>summary" in $TMP/one, its split checked.
row() {
	awk -F'\t' -v id="$1" '$1 == id && $2 == "train" { print $1 "\t" $7 "\t" $8 }' \
		$D/labelled.tsv >"$TMP/one"
	[ -s "$TMP/one" ]
}

# ID NICHE: a train positive filed under NICHE by its source, in NICHE.
while read -r id niche; do
	if ! row "$id"; then
		not_ok "train row $id is in the set"
		continue
	fi
	"$VEILLE" --config feeds.conf rules test --format tsv "$TMP/one" >"$TMP/got"
	title=$(cut -f2 "$TMP/one" | cut -c1-60)
	contains "$niche: $title" "$TMP/got" "[[:space:],]$niche:"
done <<'ROWS'
L2333ca8f4d predictive-maintenance
Lcb06ee205e condition-monitoring
La2ef2b3e73 cmms-eam
L384eb91c33 digital-twin
L20b196c9c9 iiot-edge
L836d3f4a6d ai-analytics
L014f6e2d28 reliability-rcm
L28fd6fd9fb robotics-inspection
Lb1f51a6347 ot-cybersecurity
Lf11f9cdfdd asset-energy
L6c2176feb1 additive-manufacturing
ROWS

# Hard negatives of the train split: in no niche.
for id in L63409efef9 L0418ffddc4 L7cb6055868 L06c3a4bc13 L33258ace91 \
	L4377ff92f9 L971ea53fa4 L5518892439 L3b6348ae1b L246b71b163 L840adb054c; do
	if ! row "$id"; then
		not_ok "train row $id is in the set"
		continue
	fi
	"$VEILLE" --config feeds.conf rules test --format tsv "$TMP/one" >"$TMP/got"
	title=$(cut -f2 "$TMP/one" | cut -c1-60)
	check "hard negative in no niche: $title" awk -F'\t' '{ exit $2 != "" }' "$TMP/got"
done

# A French printer manual's translator's note "(NdT : ...)" is not NDT.
if row L4c6b4b5fb2; then
	"$VEILLE" --config feeds.conf rules test --format tsv "$TMP/one" >"$TMP/got"
	contains "French 3D-printer manual: additive manufacturing" "$TMP/got" "additive-manufacturing:"
	lacks "French translator's note NdT: not robotics-inspection (NDT)" "$TMP/got" "robotics-inspection"
else
	not_ok "train row L4c6b4b5fb2 is in the set"
fi
