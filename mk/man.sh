#!/bin/sh
# Writes a man page to stdout from its template in doc/, replacing the
# @COMMANDS@ or @KEYS@ line by what veille generates from its own tables
# (commands and options for veille.1, the configuration schema for
# feeds.conf.5), so the pages cannot drift from the code.
# usage: sh mk/man.sh ./veille [veille.1|feeds.conf.5]
set -eu
bin=${1:-./veille}
page=${2:-veille.1}
tmp="${TMPDIR:-/tmp}/veille-man.$$"
case "$page" in
veille.1) "$bin" help --man >"$tmp"; marker=@COMMANDS@ ;;
feeds.conf.5) "$bin" help --man feeds.conf >"$tmp"; marker=@KEYS@ ;;
*) echo "mk/man.sh: unknown page '$page'" >&2; exit 2 ;;
esac
sed -e "/^$marker\$/{
r $tmp
d
}" "doc/$page.in"
rm -f "$tmp"
