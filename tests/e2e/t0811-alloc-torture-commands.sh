#!/bin/sh
# Allocation failure at each allocation site in turn (curl-style torture),
# the second half of t0810: `veille parse` of inline markup and of every
# JSON Feed field, `veille search`, `show`, `stats`, `report` and
# `explain` (t0810 holds the dialects; two files so that the runner runs
# them side by side): a clean run counts its allocations
# (VEILLE_ALLOC_COUNT), then every N from 1 to that count fails in turn.
# Each run must fail cleanly (exit 1, 2 or 3 with a message; no crash, no
# sanitizer report, no leak under SANITIZE) or give exactly the clean
# run's output. A success whose output differs from the clean run's is a
# silent partial result (a field, a line or a count dropped because an
# allocation failed): a failure.
. tests/e2e/lib.sh

. tests/e2e/torture.inc

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
