#!/bin/sh
# libcurl is loaded only by commands that use it (util/curl_lazy.h): the
# dynamic loader's own trace (LD_DEBUG=files) says which libraries a run
# mapped.
. tests/e2e/lib.sh

export VEILLE_NOW=2026-11-06T00:00:00Z
DB="$TMP/v.db"
"$TOOLS/mkdb" -q "$DB" tests/data/index/items.tsv 2>"$TMP/mkdb.err" ||
	not_ok "mkdb loads the fixture" "$(cat "$TMP/mkdb.err")"

# loads DESC WANT(yes|no) ARGS...: runs veille under the loader's trace
loads() {
	_desc=$1 _want=$2
	shift 2
	LD_DEBUG=files "$VEILLE" "$@" >/dev/null 2>"$TMP/trace"
	_rc=$?
	if ! grep -q "file=ld-linux\|file=libc\.so" "$TMP/trace"; then
		skip "$_desc" "the dynamic loader prints no LD_DEBUG trace here"
		return
	fi
	if grep -q "file=libcurl" "$TMP/trace"; then _got=yes; else _got=no; fi
	if [ "$_got" = "$_want" ] && [ "$_rc" -eq 0 ]; then
		ok "$_desc"
	else
		not_ok "$_desc" "exit $_rc, libcurl loaded: $_got, expected $_want"
	fi
}

loads "search does not load libcurl" no --db "$DB" search maintenance
loads "search with a date filter does not load libcurl" no \
	--db "$DB" search --since 2026-01-01 --format json maintenance
loads "show does not load libcurl" no --db "$DB" show 1
loads "stats does not load libcurl" no --db "$DB" stats
loads "--help does not load libcurl" no --help
loads "--version loads libcurl to name it" yes --version
contains "--version names the loaded libcurl" "$TMP/trace" 'file=libcurl[^ ]*\.so\.[0-9]+ .*dynamically loaded'

# a fetch of a bundled sample resolves links with libcurl's URL API
cat >"$TMP/feeds.conf" <<EOT
include = $PWD/conf/taxonomy.conf
[feed sample]
url = $PWD/samples/feeds/$(ls samples/feeds | head -1)
EOT
loads "fetch loads libcurl" yes --config "$TMP/feeds.conf" --db "$TMP/f.db" fetch --all

# Where libcurl is missing (a build that looks for a library file that does
# not exist): the commands that need it say so and exit 3, the others work.
NOCURL=$TOOLS/veille-nocurl
expect_exit 0 "without libcurl, search works" "$NOCURL" --db "$DB" search maintenance
contains "without libcurl, search finds items" "$TMP/out" 'maintenance|Maintenance'
expect_exit 0 "without libcurl, stats works" "$NOCURL" --db "$DB" stats
expect_exit 0 "without libcurl, --version works" "$NOCURL" --version
contains "--version says libcurl cannot be loaded" "$TMP/out" "^cannot load libcurl 'libveille-missing\.so\.4'"
contains "--version still names SQLite" "$TMP/out" '^SQLite '
expect_exit 3 "without libcurl, fetch exits 3" \
	"$NOCURL" --config "$TMP/feeds.conf" --db "$TMP/n.db" fetch --all
contains "fetch names the missing library" "$TMP/err" "^veille fetch: cannot load libcurl 'libveille-missing\.so\.4': "
expect_exit 3 "without libcurl, discover exits 3" "$NOCURL" discover http://127.0.0.1:9/
contains "discover names the missing library" "$TMP/err" "^veille discover: cannot load libcurl"
cp tests/data/digest-cmd/veille.conf "$TMP/mail.conf"
cat >>"$TMP/mail.conf" <<EOT
[mail]
smtp = smtp://127.0.0.1:9
tls = none
from = Veille <veille@cluster.example>
EOT
"$TOOLS/mkdb" -q "$TMP/d.db" tests/data/digest-cmd/items.tsv 2>/dev/null ||
	not_ok "mkdb loads the digest fixture"
expect_exit 3 "without libcurl, digest --send exits 3" \
	"$NOCURL" --config "$TMP/mail.conf" --db "$TMP/d.db" digest --send
contains "digest names the missing library" "$TMP/err" "^veille digest: cannot load libcurl"
expect_exit 0 "without libcurl, digest --dry-run works" \
	"$NOCURL" --config "$TMP/mail.conf" --db "$TMP/d.db" digest --dry-run
