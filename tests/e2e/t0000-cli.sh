#!/bin/sh
# The command line: help, version, unknown commands and options, exit codes.
. tests/e2e/lib.sh

expect_exit 0 "--version" "$VEILLE" --version
contains "--version names libcurl and its TLS backend" "$TMP/out" '^libcurl [0-9.]+ \(.+\)'
contains "--version names libxml2" "$TMP/out" '^libxml2 [0-9]+\.[0-9]+'
contains "--version says whether FTS5 is there" "$TMP/out" '^SQLite [0-9.]+ \(FTS5 (yes|no)'
contains "--version says whether PCRE2 JIT is there" "$TMP/out" '^PCRE2 .*JIT'

expect_exit 0 "--help" "$VEILLE" --help
contains "--help lists check" "$TMP/out" '^  check '
expect_exit 2 "no command is a usage error" "$VEILLE"

expect_exit 2 "unknown command" "$VEILLE" chek
contains "unknown command suggests" "$TMP/err" "unknown command 'chek' \(did you mean 'check'\?\)"
expect_exit 2 "unknown global option" "$VEILLE" --confgi x check
contains "unknown option suggests" "$TMP/err" "did you mean '--config'"
expect_exit 2 "unknown command option" "$VEILLE" check --frobnicate
contains "command option error names the command" "$TMP/err" "^veille check: unknown option '--frobnicate'"

for c in $("$VEILLE" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF>1 {print $1}'); do
	expect_exit 0 "help $c" "$VEILLE" help "$c"
	contains "help $c shows usage" "$TMP/out" "^usage: veille $c"
	expect_exit 0 "$c --help" "$VEILLE" "$c" --help
done

expect_exit 0 "help feeds.conf" "$VEILLE" help feeds.conf
contains "help feeds.conf lists feed keys" "$TMP/out" '^  url +URL or file'

# The man pages are generated from the same tables: they must be in step.
for page in veille.1 feeds.conf.5; do
	sh mk/man.sh "$VEILLE" $page >"$TMP/$page"
	if diff -u doc/$page "$TMP/$page" >"$TMP/diff"; then
		ok "doc/$page is in step with the code"
	else
		not_ok "doc/$page is out of date: run 'make man'" "$(head -30 "$TMP/diff")"
	fi
	if command -v groff >/dev/null 2>&1; then
		LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z doc/$page 2>"$TMP/groff"
		if [ -s "$TMP/groff" ]; then
			not_ok "$page renders without warnings" "$(cat "$TMP/groff")"
		else
			ok "$page renders without warnings"
		fi
	else
		skip "$page renders without warnings" "groff is not installed"
	fi
done

# make install / uninstall honour DESTDIR and PREFIX
if make -s install DESTDIR="$TMP/dest" PREFIX=/usr >/dev/null 2>"$TMP/err" &&
   [ -x "$TMP/dest/usr/bin/veille" ] &&
   [ -f "$TMP/dest/usr/share/man/man1/veille.1" ] &&
   [ -f "$TMP/dest/usr/share/man/man5/feeds.conf.5" ]; then
	ok "make install puts binary and man pages under DESTDIR"
else
	not_ok "make install puts binary and man pages under DESTDIR" "$(cat "$TMP/err")"
fi
make -s uninstall DESTDIR="$TMP/dest" PREFIX=/usr >/dev/null 2>&1
if [ -e "$TMP/dest/usr/bin/veille" ]; then
	not_ok "make uninstall removes them"
else
	ok "make uninstall removes them"
fi
