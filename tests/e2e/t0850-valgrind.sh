#!/bin/sh
# A representative end-to-end run under valgrind's memcheck: parse of
# several dialects, search, show and stats on a small database, and a
# fetch of local feeds when `veille fetch` exists. Any invalid access or
# leak fails (--error-exitcode). About a minute, so it runs when asked:
# `make test VALGRIND=1` (as .ci/run does). Skipped without valgrind, and
# for the sanitizer build (ASan and valgrind do not mix).
. tests/e2e/lib.sh

if [ -z "${VALGRIND:-}" ]; then
	skip "valgrind run" "slow; run with make test VALGRIND=1"
	exit 0
fi

if ! command -v valgrind >/dev/null 2>&1; then
	skip "valgrind run" "valgrind not installed (apt-get install valgrind)"
	exit 0
fi
case "$VEILLE" in
*san*) skip "valgrind run" "sanitizer build: ASan and valgrind do not mix"; exit 0 ;;
esac

VG="valgrind -q --suppressions=tests/valgrind.supp --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99"
# vg DESC CMD...: passes when CMD exits below 99 with no valgrind report
vg() {
	_d=$1
	shift
	# shellcheck disable=SC2086
	$VG "$@" >"$TMP/out" 2>"$TMP/err"
	_rc=$?
	if [ $_rc -eq 99 ] || grep -q '^==[0-9]*==' "$TMP/err"; then
		not_ok "valgrind: $_d" "$(grep '^==' "$TMP/err" | head -30)"
	elif [ $_rc -gt 3 ]; then
		not_ok "valgrind: $_d (exit $_rc)" "$(head -5 "$TMP/err")"
	else
		ok "valgrind: $_d (exit $_rc)"
	fi
}

in=tests/data/parse/in
for f in reddit-r-rust_atom.xml slashdot_rss10.xml \
	synthetic_jsonfeed-1.1_author-vs-authors.json netnewswire-subs_opml11.xml \
	arxiv-oai2_2024_ListRecords_oai_dc_set-cs_resumptionToken.xml \
	kc0011-dvbbs_rss2_gb2312-chinese.xml html-error-page-served-as-rss.xml; do
	vg "parse $f" "$VEILLE" parse "$in/$f"
done
vg "parse of a hostile document" "$VEILLE" parse tests/data/parse/hostile/billion-laughs.xml

export VEILLE_NOW=2026-11-06T00:00:00Z
DB="$TMP/v.db"
if "$TOOLS/mkdb" -q "$DB" tests/data/index/items.tsv 2>"$TMP/mkdb.err"; then
	vg "search" "$VEILLE" --db "$DB" search --format json 'maintenance OR "analyse vibratoire"'
	vg "search with an error" "$VEILLE" --db "$DB" search 'foo "bar'
	vg "show" "$VEILLE" --db "$DB" show 1
	vg "stats" "$VEILLE" --db "$DB" stats
else
	not_ok "mkdb loads the fixture" "$(cat "$TMP/mkdb.err")"
fi

if "$VEILLE" help fetch >/dev/null 2>&1 && [ -x /usr/bin/python3 ]; then
	. tests/e2e/httpd.inc
	start_httpd S
	cat >"$TMP/feeds.conf" <<CEOF
[feed one]
url = $S_URL/ok
kind = news
[feed two]
url = $S_URL/gzip?size=20000
kind = news
CEOF
	vg "fetch" "$VEILLE" --config "$TMP/feeds.conf" --db "$TMP/f.db" fetch
else
	skip "valgrind: fetch" "'veille fetch' not in this build yet"
fi
