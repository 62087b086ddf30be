#!/bin/sh
# make install DESTDIR=... PREFIX=/usr: what the shipped configuration needs
# is installed, and the installed binary checks the installed example
# configuration, its include of the taxonomy found in the share folder.
# /etc/veille/feeds.conf is written only when absent; uninstall keeps it.
. tests/e2e/lib.sh
if ! command -v make >/dev/null 2>&1; then
	skip "make install" "make not installed"
	exit 0
fi
R=$TMP/root
# The binary under test is the one installed (BUILD names its build).
M() { make -s --no-print-directory BUILD="${BUILD:-build/plain}" \
	SANITIZE="${SANITIZE:-}" DESTDIR="$R" PREFIX=/usr "$@"; }

if M install >"$TMP/out" 2>&1; then ok "make install exits 0"; else
	not_ok "make install exits 0" "$(cat "$TMP/out")"; exit 0; fi
for f in usr/bin/veille usr/share/man/man1/veille.1 usr/share/man/man5/feeds.conf.5 \
	 usr/share/veille/conf/taxonomy.conf usr/share/veille/conf/regions.conf \
	 usr/share/doc/veille/feeds.conf \
	 etc/veille/feeds.conf usr/share/doc/veille/veille.cron \
	 usr/lib/systemd/system/veille-fetch.service usr/lib/systemd/system/veille-fetch.timer \
	 usr/lib/systemd/system/veille-digest.service usr/lib/systemd/system/veille-digest.timer; do
	if [ -f "$R/$f" ]; then ok "installed /$f"; else not_ok "installed /$f"; fi
done
[ -x "$R/usr/bin/veille" ] && ok "the binary is executable" || not_ok "the binary is executable"
cmp -s feeds.conf "$R/etc/veille/feeds.conf" && ok "/etc/veille/feeds.conf is the example" ||
	not_ok "/etc/veille/feeds.conf is the example"
contains "fetch unit runs the installed binary" "$R/usr/lib/systemd/system/veille-fetch.service" \
	'^ExecStart=/usr/bin/veille --config /etc/veille/feeds.conf '
contains "digest unit runs the installed binary" "$R/usr/lib/systemd/system/veille-digest.service" \
	'^ExecStart=/usr/bin/veille '
contains "cron file: PATH with the installed binary's folder" "$R/usr/share/doc/veille/veille.cron" \
	'^PATH=/usr/bin:/usr/bin:/bin$'
lacks "cron file: no CRON_TZ (Debian's cron ignores it)" "$R/usr/share/doc/veille/veille.cron" '^CRON_TZ'
lacks "no path of the build machine in what is installed" "$R/usr/lib/systemd/system/veille-fetch.service" \
	"$ROOT"

# The installed binary and configuration, as the service runs them: the
# include of conf/taxonomy.conf is not next to /etc/veille/feeds.conf but
# in /usr/share/veille.
[ -e "$R/etc/veille/conf" ] && not_ok "no taxonomy copied next to the configuration"
V() { "$R/usr/bin/veille" --config "$R/etc/veille/feeds.conf" "$@"; }
expect_exit 0 "installed veille checks the installed configuration" V check
nniche=$(grep -c '^\[niche ' conf/taxonomy.conf)
contains "the shipped taxonomy was read from the share folder" "$TMP/out" \
	"^$R/etc/veille/feeds.conf: 12 feeds, $nniche niches, "
# A copy next to the configuration wins: the operator's own taxonomy.
mkdir -p "$R/etc/veille/conf"
printf '[niche own]\nlabel = Own\nmatch = own\n' >"$R/etc/veille/conf/taxonomy.conf"
expect_exit 0 "an operator's taxonomy next to the configuration" V check
contains "it is the one read" "$TMP/out" ': 12 feeds, 1 niche, 0 sectors'
rm -r "$R/etc/veille/conf"
mv "$R/usr/share/veille/conf/taxonomy.conf" "$TMP/taxonomy.conf"
expect_exit 2 "include found nowhere: configuration error" V check
contains "the error names both places" "$TMP/err" \
	"feeds.conf:[0-9]+: include 'conf/taxonomy.conf': not found next to this file nor in '$R/usr/share/veille/'"
mv "$TMP/taxonomy.conf" "$R/usr/share/veille/conf/taxonomy.conf"
# The build tree's binary has no share folder: the repository's own
# feeds.conf still reads conf/ next to it.
expect_exit 0 "the build tree's veille reads the repository's feeds.conf" \
	"$VEILLE" --config feeds.conf check

echo "# edited by the operator" >>"$R/etc/veille/feeds.conf"
M install >"$TMP/out" 2>&1 || not_ok "make install again" "$(cat "$TMP/out")"
contains "a second install keeps the operator's configuration" \
	"$R/etc/veille/feeds.conf" '^# edited by the operator$'

M uninstall >"$TMP/out" 2>&1 || not_ok "make uninstall" "$(cat "$TMP/out")"
left=$(cd "$R" && find . -type f | sort)
if [ "$left" = ./etc/veille/feeds.conf ]; then
	ok "uninstall leaves only the operator's configuration"
else
	not_ok "uninstall leaves only the operator's configuration" "$left"
fi
