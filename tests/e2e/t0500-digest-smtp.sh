#!/bin/sh
# Digest delivery over SMTP to a real local server (tests/servers/smtpd.py):
# message structure and escaping checked with Python's email package, one
# member refused with 550 while the others are delivered, 421 then success,
# connection dropped mid-DATA, STARTTLS required but not offered, AUTH and
# the password file's mode.
. tests/e2e/lib.sh

PY=/usr/bin/python3
if ! $PY -c 'import aiosmtpd' 2>/dev/null; then
	skip "digest SMTP" "Debian's python3-aiosmtpd is not installed"
	exit 0
fi
DT="$TOOLS/digesttool"
FIX=tests/data/digest/members.tsv
OPTS="--now 2026-11-30T06:00:00Z --unsub-https https://cluster-maintenance.example/desabonnement?m={member} --archive https://cluster-maintenance.example/archives/ --retry-delay 20 --timeout 10000"

# start NAME ARGS...: an SMTP server writing to $TMP/NAME; sets $port
start() {
	_n=$1
	shift
	port=$(free_port)
	$PY tests/servers/smtpd.py --port "$port" --dir "$TMP/$_n" "$@" \
		2>"$TMP/$_n.stderr" &
	track $!
	wait_port "$port" || not_ok "smtpd $_n started" "$(cat "$TMP/$_n.stderr")"
}
log_count() { grep -c "$2" "$TMP/$1/log" 2>/dev/null || true; }

# 1. delivery, with one recipient refused
start main --refuse digest@beta.example
expect_exit 1 "a refused member makes the run exit 1" \
	"$DT" $OPTS --tls none "$FIX" send "smtp://127.0.0.1:$port"
contains "the refused member is named with the server's reply" "$TMP/err" \
	'beta: refused .*550 5\.1\.1 <digest@beta\.example>: Recipient address rejected'
contains "the others are delivered" "$TMP/out" '^sent gamma after 1 attempt'
[ "$(ls "$TMP/main"/*.eml | wc -l)" -eq 3 ] && ok "three messages received" ||
	not_ok "three messages received" "$(ls "$TMP/main")"
$PY tests/e2e/checkmail.py "$TMP/main"

# byte-identical: what --out writes is what the server received
mkdir -p "$TMP/out-eml"
"$DT" $OPTS "$FIX" out "$TMP/out-eml"
if cmp -s "$TMP/out-eml/acme.eml" "$(grep -l 'veille@acme.example' "$TMP/main"/*.eml)"; then
	ok "written .eml is byte-identical to what was sent"
else
	not_ok "written .eml is byte-identical to what was sent"
fi

# 2. 421 twice, then accepted
start tempfail --tempfail 2
sed -n '/^member	beta/,/^entry/p' "$FIX" >"$TMP/one.tsv"
expect_exit 0 "421 twice then accepted" \
	"$DT" $OPTS --tls none "$TMP/one.tsv" send "smtp://127.0.0.1:$port"
contains "sent on the third attempt" "$TMP/out" '^sent beta after 3 attempt'
[ "$(log_count tempfail accepted)" -eq 1 ] && ok "delivered exactly once" ||
	not_ok "delivered exactly once" "$(cat "$TMP/tempfail/log")"

# 3. retries exhausted: transient failure reported, nothing delivered
start busy --tempfail 10
expect_exit 1 "persistent 421 fails after the retries" \
	"$DT" $OPTS --tls none --retries 2 "$TMP/one.tsv" send "smtp://127.0.0.1:$port"
contains "transient failure named with 421" "$TMP/err" 'beta: failed after 3 attempt.*421'

# 4. connection dropped in the middle of DATA, then retried
start drop --drop-in-data 1
expect_exit 0 "dropped mid-DATA then retried" \
	"$DT" $OPTS --tls none "$TMP/one.tsv" send "smtp://127.0.0.1:$port"
[ "$(log_count drop drop-in-data)" -eq 1 ] && [ "$(log_count drop accepted)" -eq 1 ] &&
	ok "one drop, one accepted message" || not_ok "one drop, one accepted message" "$(cat "$TMP/drop/log")"

# 5. STARTTLS required (the default) but not offered: nothing in clear
start notls
expect_exit 1 "STARTTLS required but not offered fails" \
	"$DT" $OPTS "$TMP/one.tsv" send "smtp://127.0.0.1:$port"
contains "the reason is given" "$TMP/err" 'does not offer STARTTLS'
if [ -s "$TMP/notls/log" ] || ls "$TMP/notls"/*.eml >/dev/null 2>&1; then
	not_ok "nothing sent in clear" "$(cat "$TMP/notls/log")"
else
	ok "nothing sent in clear (no MAIL command reached the server)"
fi

# 6. AUTH with a password file, which must be mode 0600
start auth --auth veille:Tr0ub4dor-s3cret
printf 'Tr0ub4dor-s3cret\n' >"$TMP/pass"
chmod 644 "$TMP/pass"
expect_exit 2 "password file readable by others refused" \
	"$DT" $OPTS --tls none --user veille --password-file "$TMP/pass" \
	"$TMP/one.tsv" send "smtp://127.0.0.1:$port"
contains "the refusal says why" "$TMP/err" "readable by others"
chmod 600 "$TMP/pass"
expect_exit 0 "AUTH with a 0600 password file" \
	"$DT" $OPTS --tls none --user veille --password-file "$TMP/pass" \
	"$TMP/one.tsv" send "smtp://127.0.0.1:$port"
contains "server saw a good login" "$TMP/auth/log" '^auth veille ok'
lacks "password not printed" "$TMP/out" 'Tr0ub4dor'
lacks "password not in errors" "$TMP/err" 'Tr0ub4dor'
VEILLE_SMTP_PASSWORD=wrong expect_exit 1 "bad password refused (VEILLE_SMTP_PASSWORD)" \
	"$DT" $OPTS --tls none --user veille --retries 0 "$TMP/one.tsv" send "smtp://127.0.0.1:$port"
contains "bad login is permanent" "$TMP/err" 'beta: refused'

# 7. STARTTLS offered with a certificate: verified against the given CA,
# refused (nothing sent) against the system's
if command -v openssl >/dev/null 2>&1 &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$TMP/key.pem" -out "$TMP/cert.pem" -days 2 -subj /CN=localhost \
		-addext "subjectAltName=DNS:localhost,IP:127.0.0.1" >/dev/null 2>&1; then
	start tls --tls "$TMP/cert.pem" "$TMP/key.pem" --auth veille:Tr0ub4dor-s3cret
	VEILLE_SMTP_PASSWORD=Tr0ub4dor-s3cret expect_exit 0 "STARTTLS with a verified certificate" \
		"$DT" $OPTS --ca-file "$TMP/cert.pem" --user veille "$TMP/one.tsv" send "smtp://127.0.0.1:$port"
	contains "MAIL was sent inside TLS" "$TMP/tls/log" '^tls veille@cluster-maintenance\.example'
	contains "AUTH inside TLS" "$TMP/tls/log" '^auth veille ok'
	: >"$TMP/tls/log"
	VEILLE_SMTP_PASSWORD=Tr0ub4dor-s3cret expect_exit 1 "unknown certificate authority refused" \
		"$DT" $OPTS --user veille "$TMP/one.tsv" send "smtp://127.0.0.1:$port"
	contains "the refusal names the certificate" "$TMP/err" 'beta: refused.*(certificate|SSL)'
	if [ -s "$TMP/tls/log" ]; then
		not_ok "nothing sent to an unverified server" "$(cat "$TMP/tls/log")"
	else
		ok "nothing sent to an unverified server (not even AUTH)"
	fi
else
	skip "STARTTLS with a certificate" "openssl cannot make a test certificate"
fi
