#!/bin/sh
# Reading the configuration needs no more permission than opening it: a
# feeds.conf (and its includes) read from a folder whose ancestors the
# user cannot search (a clone in root's 0700 home, read by nobody). And
# every command that reads the configuration fails the same way when it
# cannot: exit 2, naming the file and the reason.
. tests/e2e/lib.sh

export VEILLE_NOW=2026-11-06T00:00:00Z
DB="$TMP/v.db"
"$TOOLS/mkdb" -q "$DB" tests/data/index/items.tsv 2>"$TMP/mkdb.err" ||
	not_ok "mkdb loads the fixture" "$(cat "$TMP/mkdb.err")"
chmod 755 "$TMP"
chmod 644 "$DB"

# The commands that read the configuration, with what each needs besides.
cmds="check|classify --dry-run|digest --list|explain 1|fetch|export|report --from 2026-10-01 --to 2026-11-06|rules test -|stats"

# all_fail DESC PATTERN CONFIG [RUNNER...]: every command above exits 2
# with a message matching PATTERN
all_fail() {
	_d=$1 _pat=$2 _conf=$3
	shift 3
	echo "$cmds" | tr '|' '\n' >"$TMP/cmds"
	while read -r c; do
		# shellcheck disable=SC2086
		echo "predictive maintenance" | "$@" "$VEILLE" --config "$_conf" --db "$DB" $c \
			>"$TMP/out" 2>"$TMP/err"
		rc=$?
		if [ "$rc" -eq 2 ] && grep -Eq -- "$_pat" "$TMP/err"; then
			ok "$_d: ${c%% *} exits 2 naming the file"
		else
			not_ok "$_d: ${c%% *} (exit $rc, expected 2)" "$(cat "$TMP/err")"
		fi
	done <"$TMP/cmds"
}

all_fail "named configuration missing" "$TMP/nope.conf.*No such file" "$TMP/nope.conf"
mkdir "$TMP/adir"
all_fail "configuration is a folder" "$TMP/adir.*is a directory" "$TMP/adir"

# stats without a configuration at all still summarises the database
mkdir "$TMP/empty"
(cd "$TMP/empty" && "$VEILLE" --db "$DB" stats) >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 0 ] && grep -q "^stale    unknown (no configuration: 'feeds.conf' not found)" "$TMP/out"; then
	ok "stats with no configuration at all: summary, stale count unknown"
else
	not_ok "stats with no configuration at all (exit $rc)" "$(cat "$TMP/err" "$TMP/out")"
fi

# The unprivileged runner: as root, nobody (file modes do not stop root).
if ! unprivileged_runner; then
	skip "permissions" "running as root without a working setpriv"
	exit 0
fi

# An unreadable configuration: permission denied, for every command.
printf '[settings]\n' >"$TMP/secret.conf"
chmod 000 "$TMP/secret.conf"
# shellcheck disable=SC2086
all_fail "unreadable configuration" "$TMP/secret.conf.*Permission denied" "$TMP/secret.conf" $AS

# A configuration with an include, in a folder readable by all inside a
# folder only its owner may search, read from inside as another user.
mkdir -p "$TMP/home/clone/conf"
printf '[feed one]\nurl = https://example.org/feed\ninclude = conf/more.conf\n' \
	>"$TMP/home/clone/feeds.conf"
printf '[feed two]\nurl = https://example.org/two\n' >"$TMP/home/clone/conf/more.conf"
chmod -R a+rX "$TMP/home"
cp "$VEILLE" "$TMP/veille"
chmod 755 "$TMP/veille"
# as root, nobody cannot search root's 0700 folder; as a user, the owner
# loses its own search bit once inside
if [ -n "$AS" ]; then lock=700; else lock=600; fi
# shellcheck disable=SC2086
(cd "$TMP/home/clone" && chmod "$lock" "$TMP/home" && $AS "$TMP/veille" check) \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
chmod 755 "$TMP/home"
if [ "$rc" -eq 0 ] && grep -Eq '2 feeds' "$TMP/out"; then
	ok "configuration and include read below an unsearchable folder"
else
	not_ok "configuration and include read below an unsearchable folder (exit $rc)" \
		"$(cat "$TMP/err" "$TMP/out")"
fi
# an include cycle is still found, by the file's identity
printf 'include = ../feeds.conf\n' >>"$TMP/home/clone/conf/more.conf"
"$VEILLE" --config "$TMP/home/clone/feeds.conf" check >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 2 ] && grep -q "include '../feeds.conf': include cycle" "$TMP/err"; then
	ok "include cycle found by the file's identity"
else
	not_ok "include cycle found by the file's identity (exit $rc)" "$(cat "$TMP/err")"
fi

# a FIFO (or a device) is refused before it is opened: opening it would
# wait for a writer forever
mkfifo "$TMP/fifo"
printf '[feed one]\nurl = https://example.org/feed\ninclude = fifo\n' >"$TMP/withfifo.conf"
timeout 20 "$VEILLE" --config "$TMP/withfifo.conf" check >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 2 ] && grep -q "include 'fifo': not a regular file" "$TMP/err"; then
	ok "an included FIFO is refused, not opened"
else
	not_ok "an included FIFO is refused, not opened (exit $rc)" "$(cat "$TMP/err")"
fi
timeout 20 "$VEILLE" --config "$TMP/fifo" check >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 2 ] && grep -q "fifo: not a regular file" "$TMP/err"; then
	ok "a FIFO as the configuration is refused"
else
	not_ok "a FIFO as the configuration is refused (exit $rc)" "$(cat "$TMP/err")"
fi
