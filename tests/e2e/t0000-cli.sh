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

# veille(1) is generated from the same tables: it must be in step.
if command -v man >/dev/null 2>&1 || command -v groff >/dev/null 2>&1; then :; fi
sh mk/man.sh "$VEILLE" >"$TMP/veille.1"
if diff -u doc/veille.1 "$TMP/veille.1" >"$TMP/diff"; then
	ok "doc/veille.1 is in step with the command tables"
else
	not_ok "doc/veille.1 is out of date: run 'make man'" "$(head -30 "$TMP/diff")"
fi
if command -v groff >/dev/null 2>&1; then
	LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z doc/veille.1 2>"$TMP/groff"
	if [ -s "$TMP/groff" ]; then not_ok "veille.1 renders without warnings" "$(cat "$TMP/groff")"; else ok "veille.1 renders without warnings"; fi
else
	skip "veille.1 renders without warnings" "groff is not installed"
fi
