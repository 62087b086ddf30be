#!/bin/sh
# Writes veille(1) to stdout: doc/veille.1.in with its @COMMANDS@ line
# replaced by the sections that `veille help --man` generates from the
# command and option tables.
# usage: sh mk/man.sh ./veille
set -eu
bin=${1:-./veille}
"$bin" help --man >"${TMPDIR:-/tmp}/veille-man.$$"
sed -e "/^@COMMANDS@\$/{
r ${TMPDIR:-/tmp}/veille-man.$$
d
}" doc/veille.1.in
rm -f "${TMPDIR:-/tmp}/veille-man.$$"
