#!/bin/sh
# A relay that is down or stalled holds a --send run for one member's
# attempts only: once it has failed for a member, the members after it are
# deferred without trying, the run exits 1, nothing is recorded as sent,
# and the next run delivers every one of them exactly once. Counted by the
# server's log, never timed.
. tests/e2e/lib.sh

PY=/usr/bin/python3
if ! $PY -c 'import aiosmtpd' 2>/dev/null; then
	skip "relay down" "python3-aiosmtpd not installed"
	exit 0
fi
DATA=tests/data/digest-cmd
export VEILLE_NOW=2026-11-30T08:00:00Z
export VEILLE_SMTP_RETRY_DELAY=20
"$TOOLS/mkdb" -q "$TMP/v.db" "$DATA/items.tsv" 2>/dev/null || not_ok "mkdb"
# conf PORT: the fixture's members, replies awaited 1 s at most
conf() {
	cp "$DATA/veille.conf" "$TMP/v.conf"
	cat >>"$TMP/v.conf" <<EOT

[mail]
smtp    = smtp://127.0.0.1:$1
tls     = none
from    = Veille <veille@cluster.example>
timeout = 1s
EOT
}
v() { $VEILLE --config "$TMP/v.conf" --db "$TMP/v.db" digest "$@"; }
start() { start_smtpd "$@"; }
members="acme beta gamma calm"	# the others are paused or have nothing new

# 1. a relay that accepts connections and never answers MAIL
start stalled --stall-after 0
conf "$port"
expect_exit 1 "stalled relay: the run exits 1" v --send
n=$(grep -c '^stall' "$TMP/stalled/log")
if [ "$n" -ge 1 ] && [ "$n" -le 4 ]; then
	ok "stalled relay: tried for one member only ($n attempts)"
else
	not_ok "stalled relay: tried for one member only" "$n transactions stalled"
fi
[ "$(grep -c '^digest ' "$TMP/err")" -eq 4 ] && ok "each member named on stderr" ||
	not_ok "each member named on stderr" "$(cat "$TMP/err")"
contains "the others say why they were not tried" "$TMP/err" \
	"^digest 'beta': not tried: the relay failed for 'acme'"
v --list >"$TMP/list"
lacks "nothing recorded as sent" "$TMP/list" "	sent	"
for m in $members; do
	contains "$m deferred" "$TMP/list" "^2026-W48	$m	deferred"
done
kill "$spid" 2>/dev/null

# 2. nothing listening at all
port=$(free_port)
conf "$port"
expect_exit 1 "relay down: the run exits 1" v --send
contains "relay down: the others not tried" "$TMP/err" \
	"^digest 'calm': not tried: the relay failed for 'acme'"

# 3. the relay is back on the next Monday: the scheduled run (no --week)
# delivers the week left deferred, then its own, each message once
cp "$TMP/v.db" "$TMP/old.db"
start back
conf "$port"
export VEILLE_NOW=2026-12-07T08:00:00Z
expect_exit 0 "next Monday, relay back: the scheduled run succeeds" v --send
contains "it says it catches up" "$TMP/out" "^catching up acme: 2026-W48 was deferred"
w48=$(grep -l 'Message-ID: <veille-2026-W48-' "$TMP"/back/*.eml 2>/dev/null | wc -l)
[ "$w48" -eq 4 ] && ok "the missed week 48 delivered to its four members" ||
	not_ok "the missed week 48 delivered to its four members" "$w48 messages; $(cat "$TMP/back/log")"
v --list >"$TMP/list"
lacks "no week left deferred" "$TMP/list" "	deferred	"
for m in $members; do
	contains "$m: week 48 sent" "$TMP/list" "^2026-W48	$m	sent"
done
n=$(grep -c '^accepted' "$TMP/back/log")
expect_exit 0 "a run after that" v --send
[ "$(grep -c '^accepted' "$TMP/back/log")" -eq "$n" ] && ok "sends nothing again ($n messages in all)" ||
	not_ok "sends nothing again" "$(cat "$TMP/back/log")"

# 4. a week deferred more than four weeks before is named, not sent
export VEILLE_NOW=2027-01-11T08:00:00Z
$VEILLE --config "$TMP/v.conf" --db "$TMP/old.db" digest --send >"$TMP/out" 2>"$TMP/err"
contains "an old deferred week is named with how to send it" "$TMP/err" \
	"^digest 'acme': 2026-W48 was deferred and is more than 4 weeks old: not sent \\(digest --send --week 2026-W48 --member acme sends it\\)"
[ "$(grep -l 'Message-ID: <veille-2026-W48-' "$TMP"/back/*.eml | wc -l)" -eq 4 ] &&
	ok "and not sent again" || not_ok "and not sent again"
