#!/bin/sh
# Allocation failure at each allocation site in turn (curl-style torture)
# over `veille parse` of several dialects, `veille search`, `show`,
# `stats`, `report` and `explain`: a clean run counts its allocations
# (VEILLE_ALLOC_COUNT), then every N from 1 to that count fails in turn.
# Each run must fail cleanly (exit 1, 2 or 3 with a message; no crash, no
# sanitizer report, no leak under SANITIZE) or give exactly the clean
# run's output. A success whose output differs from the clean run's is a
# silent partial result (a field, a line or a count dropped because an
# allocation failed): a failure.
. tests/e2e/lib.sh

# Bounded for CI: the files below make about 60 to 150 allocations each;
# commands that load the rules make ~1,800 and are sampled every STEP-th
# allocation, and every one of their last TAIL (where the output is built).
MAXN=${VEILLE_TORTURE_MAX:-400}
STEP=1
TAIL=40

# torture NAME CMD...: the loop above over one command.
torture() {
	_name=$1
	shift
	VEILLE_ALLOC_COUNT=1 "$@" >"$TMP/base" 2>"$TMP/base.err"
	_brc=$?
	_total=$(sed -n 's/^veille: \([0-9]*\) allocations$/\1/p' "$TMP/base.err")
	if [ -z "$_total" ]; then
		not_ok "$_name: clean run counts its allocations" "$(cat "$TMP/base.err")"
		return
	fi
	[ "$STEP" -eq 1 ] && [ "$_total" -gt "$MAXN" ] && _total=$MAXN
	_bad="" _silent="" _n=1
	while [ "$_n" -le "$_total" ]; do
		VEILLE_ALLOC_FAIL_AT=$_n "$@" >"$TMP/o" 2>"$TMP/e"
		_rc=$?
		if grep -q 'Sanitizer\|LeakSanitizer\|runtime error' "$TMP/e"; then
			_bad="$_bad $_n(sanitizer)"
			cp "$TMP/e" "$TMP/bad.err"
		elif [ "$_rc" -eq "$_brc" ] && cmp -s "$TMP/o" "$TMP/base"; then
			:	# a fallback absorbed the failure: same result
		elif [ "$_rc" -eq 0 ] || [ "$_rc" -eq "$_brc" ]; then
			_silent="$_silent $_n(rc=$_rc)"
		elif [ "$_rc" -lt 1 ] || [ "$_rc" -gt 3 ]; then
			_bad="$_bad $_n(rc=$_rc)"
			cp "$TMP/e" "$TMP/bad.err"
		elif ! [ -s "$TMP/e" ]; then
			_bad="$_bad $_n(no message)"
		fi
		if [ $((_n + TAIL)) -ge "$_total" ]; then
			_n=$((_n + 1))
		else
			_n=$((_n + STEP))
		fi
	done
	if [ -z "$_bad" ]; then
		ok "$_name: $_total injected allocation failures end cleanly"
	else
		not_ok "$_name: allocation failures end cleanly" \
			"at:$_bad $(head -c 1500 "$TMP/bad.err" 2>/dev/null)"
	fi
	if [ -z "$_silent" ]; then
		ok "$_name: no failure gives a different result reported as success"
	else
		not_ok "$_name: no silent partial result" \
			"partial output reported as success at:$_silent"
	fi
}

in=tests/data/parse/in
for f in reddit-r-rust_atom.xml kernel-org-releases_rss2.xml \
	slashdot_rss10.xml synthetic_jsonfeed-1.1_author-vs-authors.json \
	netnewswire-subs_opml11.xml \
	sickle_ListRecords_deleted-record_resumptionToken.xml \
	arxiv-api-classic-2016_id_list-1111.2011v2.xml \
	biorxiv_rss10_prism_dc.xml synthetic_atom_xml-base-nested_bray.xml \
	kc0011-dvbbs_rss2_gb2312-chinese.xml \
	synthetic_mrss_youtube-channel_media-group.xml \
	synthetic_rss2_entities_doctype-internal-subset.xml \
	synthetic_atom03_base64-mode_purl-namespace.xml \
	synthetic_atom_content-models_mathml-svg-typepad.xml; do
	torture "parse $f" "$VEILLE" parse "$in/$f"
done

# Inline markup inside a field (Atom type="xhtml", unescaped HTML in RSS):
# the field's text is built from many appends, none of which may be lost.
for f in atom-inline-markup.xml rss-inline-markup.xml; do
	torture "parse $f" "$VEILLE" parse tests/data/torture/$f
done

# Every field of a JSON Feed item, relative URLs among them: each is read
# by a different call (url_resolve, tags, authors, attachments, language).
torture "parse json feed, every field" "$VEILLE" parse \
	--base https://example.org/feed.json tests/data/torture/jsonfeed-every-field.json

export VEILLE_NOW=2026-11-06T00:00:00Z
DB="$TMP/v.db"
# search and show read the configuration for the feeds' titles: a small
# one, so that the failures reach past it into the search itself.
printf '[feed usine-nouvelle]\nurl = https://example.org/feed\ntitle = Usine\n' \
	>"$TMP/titles.conf"
if "$TOOLS/mkdb" -q "$DB" tests/data/index/items.tsv 2>"$TMP/mkdb.err"; then
	torture "search" "$VEILLE" --config "$TMP/titles.conf" --db "$DB" search --all-items maintenance
	torture "search json" "$VEILLE" --config "$TMP/titles.conf" --db "$DB" search --format json 'therm* OR "analyse vibratoire"'
	torture "search csv" "$VEILLE" --config "$TMP/titles.conf" --db "$DB" search --format csv maintenance
	torture "show" "$VEILLE" --config "$TMP/titles.conf" --db "$DB" show 1
	torture "show json" "$VEILLE" --config "$TMP/titles.conf" --db "$DB" show --format json 1
	torture "stats" "$VEILLE" --db "$DB" stats
	torture "stats json" "$VEILLE" --db "$DB" stats --format json
	STEP=23
	torture "report json" "$VEILLE" --db "$DB" report --format json \
		--from 2026-10-01 --to 2026-11-06
	torture "explain" "$VEILLE" --db "$DB" explain 1
	STEP=1
else
	not_ok "mkdb loads the fixture" "$(cat "$TMP/mkdb.err")"
fi
