#!/bin/sh
# veille digest end to end: a database built by mkdb from
# tests/data/digest-cmd/items.tsv, the members of
# tests/data/digest-cmd/veille.conf, the real ./veille, and a real SMTP
# server on 127.0.0.1 (tests/servers/smtpd.py). Selection, both languages,
# exactly-once delivery across faults and re-runs, --list, --out, --atom.
. tests/e2e/lib.sh

PY=/usr/bin/python3
DATA=tests/data/digest-cmd
export VEILLE_NOW=2026-11-30T08:00:00Z
export VEILLE_SMTP_RETRY_DELAY=20

# fresh NAME: a new database in $TMP/NAME with the fixture's items
fresh() {
	mkdir -p "$TMP/$1"
	"$TOOLS/mkdb" -q "$TMP/$1/v.db" "$DATA/items.tsv" 2>/dev/null ||
		not_ok "mkdb $1"
}
# conf NAME PORT [TLS]: the fixture's members with a [mail] section
conf() {
	cp "$DATA/veille.conf" "$TMP/$1.conf"
	cat >>"$TMP/$1.conf" <<EOF

[mail]
smtp        = smtp://127.0.0.1:$2
${3:-tls = none}
from        = Veille Cluster Maintenance 4.0 <veille@cluster.example>
unsubscribe = https://cluster.example/desabonnement?m={member}
archive_url = https://cluster.example/archives/
EOF
}
v() { _n=$1; shift; $VEILLE --config "$TMP/$_n.conf" --db "$TMP/$_n/v.db" digest "$@"; }
sent_count() { [ -f "$TMP/$1/log" ] && grep -c "^accepted" "$TMP/$1/log" || echo 0; }

# ---- selection, without a server: --dry-run --raw and --out ----
fresh sel
conf sel 1
expect_exit 0 "--out writes the week's digests" v sel --out "$TMP/sel/out"
contains "--out says where" "$TMP/out" "4 digests for 2026-W48 in .*/sel/out"
contains "a paused member is skipped" "$TMP/out" "^skipped dormant: paused"
contains "skip_empty with nothing new: no digest" "$TMP/out" "^skipped quiet: nothing new"
for m in acme beta gamma calm; do
	[ -s "$TMP/sel/out/$m.eml" ] && [ -s "$TMP/sel/out/$m.html" ] &&
		[ -s "$TMP/sel/digests/2026-W48-$m.html" ] &&
		ok "$m: .eml, .html and archived copy written" ||
		not_ok "$m: .eml, .html and archived copy written" "$(ls -R "$TMP/sel")"
done
[ ! -e "$TMP/sel/out/quiet.eml" ] && [ ! -e "$TMP/sel/out/dormant.eml" ] &&
	ok "nothing written for the paused and skip_empty members" ||
	not_ok "nothing written for the paused and skip_empty members"
$PY tests/e2e/digestcheck.py selection "$TMP/sel/out"

expect_exit 0 "--dry-run --raw prints one member's message" v sel --dry-run --raw --member acme
contains "the printed message has its subject" "$TMP/out" "^Subject: "
[ "$(grep -c '^Message-ID: ' "$TMP/out")" -eq 1 ] && ok "only the chosen member" ||
	not_ok "only the chosen member" "$(grep '^To:' "$TMP/out")"
cp "$TMP/out" "$TMP/dry.eml"
if cmp -s "$TMP/dry.eml" "$TMP/sel/out/acme.eml" 2>/dev/null ||
   [ "$(tr -d '\r' <"$TMP/dry.eml" | sed '$d' | md5sum)" = "$(tr -d '\r' <"$TMP/sel/out/acme.eml" | md5sum)" ]; then
	ok "--dry-run --raw prints what --out writes"
else
	not_ok "--dry-run --raw prints what --out writes"
fi
expect_exit 2 "an unknown member is a usage error" v sel --member nobody
contains "the unknown member is named" "$TMP/err" "unknown member 'nobody'"
expect_exit 2 "--send and --out together are refused" v sel --send --out "$TMP/x"

# a week across the end of daylight saving time (Europe/Paris, 2026-W43
# ends on Sunday 25 October at 24:00 CET = 23:00 UTC: 169 hours); items
# dated a day before they were seen (a week before would be backlog)
mkdir -p "$TMP/dst"
printf 'feed\tguid\tlink\ttitle\tpublished\tfirst_seen\tniches\n%s\n%s\n%s\n%s\n' \
	"f	d1	https://d.example/1	Lundi debut CEST	2026-10-17T00:00:00Z	2026-10-18T22:30:00Z	pm:1" \
	"f	d2	https://d.example/2	Dimanche fin CET	2026-10-24T00:00:00Z	2026-10-25T22:30:00Z	pm:1" \
	"f	d3	https://d.example/3	Dimanche semaine 42	2026-10-20T00:00:00Z	2026-10-18T21:30:00Z	pm:1" \
	"f	d4	https://d.example/4	Lundi semaine 44	2026-10-20T00:00:00Z	2026-10-25T23:30:00Z	pm:1" \
	>"$TMP/dst.tsv"
"$TOOLS/mkdb" -q "$TMP/dst/v.db" "$TMP/dst.tsv" 2>/dev/null
conf dst 1
sed -i 's/^from /timezone = Europe\/Paris\nfrom /' "$TMP/dst.conf"
expect_exit 0 "a week across a DST change" v dst --week 2026-W43 --member acme
tr -d '\r' <"$TMP/out" >"$TMP/dst.txt"
contains "first seen Monday 00:30 CEST is in the week" "$TMP/dst.txt" "Lundi debut CEST"
contains "first seen Sunday 23:30 CET is in the week" "$TMP/dst.txt" "Dimanche fin CET"
lacks "Sunday 23:30 of the week before is not" "$TMP/dst.txt" "semaine 42"
lacks "Monday 00:30 of the week after is not" "$TMP/dst.txt" "semaine 44"

# ---- delivery ----
if ! $PY -c 'import aiosmtpd' 2>/dev/null; then
	skip "digest delivery" "Debian's python3-aiosmtpd is not installed"
	exit 0
fi
start() { start_smtpd "$@"; }

# 1. one recipient refused with 550, the others delivered and recorded
fresh db
start s1 --refuse gamma@gamma.example
conf db "$port"
expect_exit 1 "a refused member makes the run exit 1" v db --send
contains "the failure is on stderr with the server's reply" "$TMP/err" \
	"^digest 'gamma': 550 .*Recipient address rejected"
contains "the others are reported sent" "$TMP/out" "^sent acme: 4 stories"
[ "$(sent_count s1)" -eq 3 ] && ok "three messages accepted (acme, beta, calm)" ||
	not_ok "three messages accepted" "$(cat "$TMP/s1/log")"
$PY tests/e2e/digestcheck.py delivered "$TMP/s1"
expect_exit 0 "--list" v db --list
contains "--list: acme sent with its Message-ID" "$TMP/out" \
	"^2026-W48	acme	sent	2026-11-30T08:00:00Z	<veille-2026-W48-acme@cluster.example>	4 stories"
contains "--list: gamma failed with the reply" "$TMP/out" "^2026-W48	gamma	failed	.*550 "
expect_exit 0 "--list --format json" v db --list --format json
$PY -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {r["member"]: r for r in rows}
ok = (by["acme"]["status"] == "sent" and by["acme"]["stories"] == 4
      and by["gamma"]["status"] == "failed" and "550" in by["gamma"]["reply"]
      and by["beta"]["message_id"] == "<veille-2026-W48-beta@cluster.example>")
print(("ok" if ok else "not ok") + " - --list json: one object per line with status, reply, stories")
' "$TMP/out"

# 2. a re-run sends only what failed
start s2
conf db "$port"
expect_exit 0 "the re-run completes the week" v db --send
[ "$(sent_count s2)" -eq 1 ] && grep -q "accepted .*gamma@gamma.example" "$TMP/s2/log" &&
	ok "only gamma is sent again" || not_ok "only gamma is sent again" "$(cat "$TMP/s2/log")"
contains "acme is not re-sent" "$TMP/out" "^skipped acme: 2026-W48 already sent"
expect_exit 0 "a third run" v db --send
[ "$(sent_count s2)" -eq 1 ] && ok "a third run sends nothing" ||
	not_ok "a third run sends nothing" "$(cat "$TMP/s2/log")"

# 3. --force sends again, with the same Message-ID and the same stories
expect_exit 0 "--force" v db --send --force --member acme
[ "$(sent_count s2)" -eq 2 ] && ok "--force re-sends" || not_ok "--force re-sends" "$(cat "$TMP/s2/log")"
contains "--force: the same stories" "$TMP/out" "^sent acme: 4 stories"
# the item first seen on Monday 00:30 local time belongs to the next week
expect_exit 0 "the next week" v db --send --week 2026-W49 --member acme
contains "W49: one story for acme" "$TMP/out" "^sent acme: 1 story"
grep -q "Apres la semaine locale" "$TMP/s2/003.eml" &&
	ok "W49 carries the item first seen after W48 ended" ||
	not_ok "W49 carries the item first seen after W48 ended"

# two --send runs at once: the second stops before sending anything
before=$(sent_count s2)
$PY -c '
import fcntl, os, sys, time
f = open(sys.argv[1], "a")
fcntl.lockf(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(60)
' "$TMP/db/v.db.digest-lock" "$TMP/locked" &
lpid=$!
track $lpid
i=0
while [ $i -lt 200 ] && [ ! -e "$TMP/locked" ]; do sleep 0.05; i=$((i + 1)); done
expect_exit 3 "a second --send while one runs is refused" v db --send --force
contains "it says why" "$TMP/err" "another 'veille digest --send' is running"
[ "$(sent_count s2)" -eq "$before" ] && ok "nothing sent by the refused run" ||
	not_ok "nothing sent by the refused run"
kill $lpid 2>/dev/null

# 4. 421 twice, then accepted
fresh t421
start s3 --tempfail 2
conf t421 "$port"
expect_exit 0 "421 twice then accepted" v t421 --send --member acme
[ "$(sent_count s3)" -eq 1 ] && ok "delivered once after 421s" || not_ok "delivered once after 421s" "$(cat "$TMP/s3/log")"

# 5. connection dropped mid-DATA past the retries: left for the next run
fresh drop
start s4 --drop-in-data 10
conf drop "$port"
expect_exit 1 "dropped mid-DATA on every attempt" v drop --send --member acme
contains "the drop is reported" "$TMP/err" "^digest 'acme': "
v drop --list >"$TMP/list"
lacks "not marked sent" "$TMP/list" "	sent	"
contains "recorded as deferred" "$TMP/list" "^2026-W48	acme	deferred"
start s5
conf drop "$port"
expect_exit 0 "the next run completes the week" v drop --send --member acme
[ "$(sent_count s5)" -eq 1 ] && ok "sent once on the next run" || not_ok "sent once on the next run"

# 6. the server killed during the run (it stops answering after two
# messages; killed once the third transaction waits): only what it
# accepted is marked sent
fresh kill
start s6 --stall-after 2
conf kill "$port"
v kill --send >"$TMP/kill.out" 2>"$TMP/kill.err" &
vpid=$!
i=0
while [ $i -lt 600 ] && ! grep -q stall "$TMP/s6/log" 2>/dev/null; do
	sleep 0.05
	i=$((i + 1))
done
kill -9 $spid 2>/dev/null
wait $vpid
[ $? -eq 1 ] && ok "the run with the server killed exits 1" ||
	not_ok "the run with the server killed exits 1" "$(cat "$TMP/kill.err")"
v kill --list >"$TMP/list"
nsent=$(grep -c "	sent	" "$TMP/list" || true)
[ "$nsent" -eq 2 ] && [ "$(sent_count s6)" -eq 2 ] &&
	ok "two accepted, two members marked sent" ||
	not_ok "two accepted, two members marked sent" "$(cat "$TMP/list" "$TMP/s6/log")"
start s7
conf kill "$port"
expect_exit 0 "the next run after the kill" v kill --send
[ $((nsent + $(sent_count s7))) -eq 4 ] &&
	ok "every member got the week exactly once across both servers" ||
	not_ok "every member got the week exactly once across both servers" "$(cat "$TMP/s7/log")"

# 7. STARTTLS required (the default) but not offered
fresh tls
start s8
conf tls "$port" "# tls required"
expect_exit 1 "STARTTLS required but not offered" v tls --send --member acme
contains "the reason is on stderr" "$TMP/err" "^digest 'acme': .*STARTTLS"
if [ -s "$TMP/s8/log" ]; then
	not_ok "nothing sent in clear" "$(cat "$TMP/s8/log")"
else
	ok "nothing sent in clear"
fi

# ---- the archive as Atom ----
expect_exit 0 "--atom" v db --atom -o "$TMP/atom.xml"
if command -v xmllint >/dev/null; then
	check "the Atom feed is well-formed" xmllint --noout "$TMP/atom.xml"
else
	skip "the Atom feed is well-formed" "xmllint is not installed"
fi
$PY - "$TMP/atom.xml" <<'EOF'
import sys
import xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
root = ET.parse(sys.argv[1]).getroot()
entries = root.findall(A + "entry")
links = sorted(e.find(A + "link").get("href") for e in entries)
want = sorted("https://cluster.example/archives/%s-%s.html" % (w, m)
              for w, m in [("2026-W48", "acme"), ("2026-W48", "beta"),
                           ("2026-W48", "calm"), ("2026-W48", "gamma"),
                           ("2026-W49", "acme")])
print(("ok" if links == want else "not ok") +
      " - Atom: one entry per archived digest, linked under archive_url")
if links != want:
    print("#   " + repr(links))
EOF
