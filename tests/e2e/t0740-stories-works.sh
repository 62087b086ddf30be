#!/bin/sh
# One work, one story (issue 26): a preprint and its journal version join
# whatever the gap and the order they arrive in; different works with the
# same title stay apart (two DOIs, no author in common, journals' generic
# titles); news keeps its short window; short titles need authors.
# Items are stored with the mkdb tool, one feed per transaction as in a
# crawl; mkdb prints "guid status item story" per row.
. tests/e2e/lib.sh

export VEILLE_NOW=2026-11-06T00:00:00Z
H='feed	kind	guid	link	title	authors	published	doi	arxiv'

# story DB-OUTPUT GUID: the story mkdb gave the item
story() { awk -F '\t' -v g="$2" '$1 == g { print $4 }' "$1"; }
# same DESC OUT G1 G2 / apart DESC OUT G1 G2
same() {
	a=$(story "$2" "$3") b=$(story "$2" "$4")
	if [ -n "$a" ] && [ "$a" = "$b" ]; then ok "$1"; else not_ok "$1" "stories '$a' and '$b'"; fi
}
apart() {
	a=$(story "$2" "$3") b=$(story "$2" "$4")
	if [ -n "$a" ] && [ -n "$b" ] && [ "$a" != "$b" ]; then ok "$1"; else not_ok "$1" "stories '$a' and '$b'"; fi
}

# the preprint in January, the journal version 200 days later
pre="arxiv	publication	http://arxiv.org/abs/2601.01234v1	http://arxiv.org/abs/2601.01234v1	Remaining useful life of rolling bearings with physics-informed transformers	Amina El Idrissi; Wei Zhang; Jean Martin	2026-01-10T00:00:00Z		2601.01234"
pub="ymssp	publication	https://doi.org/10.1016/j.ymssp.2026.111234	https://www.sciencedirect.com/science/article/pii/S0888327026001234	Remaining Useful Life of Rolling Bearings with Physics-Informed Transformers	El Idrissi, A.; Zhang, W.; Martin, J.	2026-07-29T00:00:00Z	10.1016/j.ymssp.2026.111234	"
printf '%s\n%s\n%s\n' "$H" "$pre" "$pub" >"$TMP/a.tsv"
printf '%s\n%s\n%s\n' "$H" "$pub" "$pre" >"$TMP/b.tsv"
"$TOOLS/mkdb" "$TMP/a.db" "$TMP/a.tsv" >"$TMP/a.out" 2>"$TMP/err" || not_ok "mkdb a" "$(cat "$TMP/err")"
"$TOOLS/mkdb" "$TMP/b.db" "$TMP/b.tsv" >"$TMP/b.out" 2>"$TMP/err" || not_ok "mkdb b" "$(cat "$TMP/err")"
same "preprint then journal version 200 days later: one story" "$TMP/a.out" \
	http://arxiv.org/abs/2601.01234v1 https://doi.org/10.1016/j.ymssp.2026.111234
same "journal version then preprint 200 days earlier: one story" "$TMP/b.out" \
	http://arxiv.org/abs/2601.01234v1 https://doi.org/10.1016/j.ymssp.2026.111234

# different works under one title
cat >"$TMP/c.tsv" <<TSV
$H
tii	publication	tii-1	https://ieeexplore.ieee.org/document/1	Guest Editorial: Special Issue on Digital Twins	Ana Silva; Bo Li	2026-03-01T00:00:00Z	10.1109/tii.2026.1000001	
jmsy	publication	jmsy-1	https://www.sciencedirect.com/science/article/pii/1	Guest Editorial: Special Issue on Digital Twins	Ana Silva; Bo Li	2026-03-02T00:00:00Z	10.1016/j.jmsy.2026.02.001	
ress	publication	ress-1	https://x.org/ress/1	Introduction to the special issue		2026-04-01T00:00:00Z		
rcim	publication	rcim-1	https://x.org/rcim/1	Introduction to the special issue		2026-04-01T00:00:00Z		
ijpr	publication	ijpr-1	https://x.org/ijpr/1	A survey of predictive maintenance for machine tools in industry	Kofi Mensah; Lena Vogel	2026-05-01T00:00:00Z		
cie	publication	cie-1	https://x.org/cie/1	A Survey of Predictive Maintenance for Machine Tools in Industry	Hiroshi Tanaka; Olga Ivanova	2026-09-01T00:00:00Z		
usine	news	un-1	https://usine.example/a	Les jumeaux numériques arrivent dans les cimenteries marocaines		2026-01-05T00:00:00Z		
medias	news	m24-1	https://medias.example/b	Les jumeaux numériques arrivent dans les cimenteries marocaines		2026-06-05T00:00:00Z		
lemag	news	lm-1	https://lemag.example/c	Les jumeaux numériques arrivent dans les cimenteries marocaines		2026-06-06T00:00:00Z		
arxiv	publication	http://arxiv.org/abs/2602.00001	http://arxiv.org/abs/2602.00001	Random stable looptrees	Nicolas Curien; Igor Kortchemski	2026-02-01T00:00:00Z		2602.00001
ejp	publication	ejp-1	https://doi.org/10.1214/ejp.v19-2732	Random Stable Looptrees	Curien, N.; Kortchemski, I.	2026-02-02T00:00:00Z	10.1214/ejp.v19-2732	
arxiv	publication	http://arxiv.org/abs/2602.00002	http://arxiv.org/abs/2602.00002	Random planar maps	Ana Silva	2026-02-01T00:00:00Z		2602.00002
aop	publication	aop-1	https://doi.org/10.1214/aop.1	Random Planar Maps	Kenji Sato	2026-02-01T00:00:00Z	10.1214/aop.1	
TSV
"$TOOLS/mkdb" "$TMP/c.db" "$TMP/c.tsv" >"$TMP/c.out" 2>"$TMP/err" || not_ok "mkdb c" "$(cat "$TMP/err")"
apart "two journals' guest editorial on digital twins with different DOIs: apart" "$TMP/c.out" tii-1 jmsy-1
apart "two journals' 'Introduction to the special issue' without DOI or authors: apart" "$TMP/c.out" ress-1 rcim-1
apart "one title, no author in common: two works" "$TMP/c.out" ijpr-1 cie-1
apart "news: the same title five months apart is not one story" "$TMP/c.out" un-1 m24-1
same "news: the same title the next day is one story" "$TMP/c.out" m24-1 lm-1
same "short title, same authors, a day apart: one story" "$TMP/c.out" \
	http://arxiv.org/abs/2602.00001 ejp-1
apart "short title, other authors: apart" "$TMP/c.out" http://arxiv.org/abs/2602.00002 aop-1

# [settings] story_window widens the news window
cat >"$TMP/w.conf" <<CONF
[settings]
story_window = 200d
CONF
"$VEILLE" --config "$TMP/w.conf" check >"$TMP/out" 2>&1 &&
	ok "story_window is a known setting" || not_ok "story_window is a known setting" "$(cat "$TMP/out")"
