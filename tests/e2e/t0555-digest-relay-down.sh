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

# 3. the relay is back: every member delivered, once
start back
conf "$port"
expect_exit 0 "relay back: the next run sends the week" v --send
[ "$(grep -c '^accepted' "$TMP/back/log")" -eq 4 ] && ok "four messages, one per member" ||
	not_ok "four messages, one per member" "$(cat "$TMP/back/log")"
expect_exit 0 "and a run after that sends nothing again" v --send
[ "$(grep -c '^accepted' "$TMP/back/log")" -eq 4 ] && ok "still four messages" ||
	not_ok "still four messages" "$(cat "$TMP/back/log")"
