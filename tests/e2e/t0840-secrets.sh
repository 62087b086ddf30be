#!/bin/sh
# The SMTP password stays secret: refused when its file is readable by
# group or others, never printed by `veille check` (even -vv), never taken
# from the configuration file itself, and never echoed back to us by a
# hostile server that repeats our AUTH line in its error reply (the reply
# is printed, logged and stored with the digest). t0500 covers the 0644
# password file and stdout/stderr of a good send.
. tests/e2e/lib.sh
PY=/usr/bin/python3
SECRET='Tr0ub4dor-s3cret-XYZ'

# ---- configuration: no password key, check never prints the secret
printf '%s\n' "$SECRET" >"$TMP/pass"
chmod 600 "$TMP/pass"
cat >"$TMP/ok.conf" <<CEOF
[mail]
from = Veille <veille@cluster.example>
smtp = smtp://127.0.0.1:2525
user = veille
password_file = $TMP/pass
CEOF
VEILLE_SMTP_PASSWORD="$SECRET" "$VEILLE" -vv --config "$TMP/ok.conf" check >"$TMP/out" 2>"$TMP/err"
cat "$TMP/out" "$TMP/err" >"$TMP/all"
lacks "check -vv never prints the password" "$TMP/all" "$SECRET"
cat >"$TMP/inline.conf" <<CEOF
[mail]
from = Veille <veille@cluster.example>
smtp = smtp://127.0.0.1:2525
user = veille
password = $SECRET
CEOF
"$VEILLE" --config "$TMP/inline.conf" check >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -eq 2 ]; then ok "a password written in the configuration is refused (exit 2)"; else not_ok "a password written in the configuration is refused (exit $rc)" "$(cat "$TMP/err")"; fi
cat "$TMP/out" "$TMP/err" >"$TMP/all"
lacks "the refusal does not repeat the password" "$TMP/all" "$SECRET"

# ---- password file modes
DT="$TOOLS/digesttool"
if [ ! -x "$DT" ] || [ ! -x "$PY" ]; then
	skip "password file and hostile SMTP server" "digesttool or $PY missing"
	exit 0
fi
printf 'member\tbeta\tBeta\tfr\nemail\tbeta@example.org\nweek\t2026-W48\nsection\tpdm\tMaintenance\t1\t0\nentry\tTitre\thttps://x.example/1\tFeed\t-\t-\t1\n' >"$TMP/one.tsv"
OPTS="--now 2026-11-30T06:00:00Z --retries 0 --timeout 5000 --tls none --user veille"
for mode in 640 604 660 606; do
	chmod "$mode" "$TMP/pass"
	expect_exit 2 "password file mode $mode refused" \
		"$DT" $OPTS --password-file "$TMP/pass" "$TMP/one.tsv" send smtp://127.0.0.1:9
done
chmod 600 "$TMP/pass"
ln -s "$TMP/pass" "$TMP/link"
chmod 644 "$TMP/pass"
expect_exit 2 "a symbolic link to a readable file refused" \
	"$DT" $OPTS --password-file "$TMP/link" "$TMP/one.tsv" send smtp://127.0.0.1:9
chmod 600 "$TMP/pass"

# ---- a hostile server echoes every command in its replies
"$PY" - "$TMP/smtp.port" <<'PYEOF' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(5)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
s.settimeout(20)
try:
    while True:
        c, _ = s.accept()
        f = c.makefile("rb")
        c.sendall(b"220 echo ESMTP\r\n")
        in_auth = False
        while True:
            line = f.readline()
            if not line:
                break
            l = line.rstrip(b"\r\n")
            if in_auth:
                c.sendall(b"535 5.7.8 rejected: " + l + b"\r\n")
                in_auth = False
            elif l.upper().startswith(b"EHLO"):
                c.sendall(b"250-echo\r\n250 AUTH PLAIN\r\n")
            elif l.upper() == b"AUTH PLAIN":
                c.sendall(b"334 \r\n")
                in_auth = True
            elif l.upper().startswith(b"AUTH"):
                c.sendall(b"535 5.7.8 rejected: " + l + b"\r\n")
            elif l.upper().startswith(b"QUIT"):
                c.sendall(b"221 bye\r\n")
                break
            else:
                c.sendall(b"500 what: " + l + b"\r\n")
        c.close()
except socket.timeout:
    pass
PYEOF
track $!
i=0
while [ ! -s "$TMP/smtp.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
"$DT" $OPTS --password-file "$TMP/pass" "$TMP/one.tsv" send "smtp://127.0.0.1:$(cat "$TMP/smtp.port")" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -eq 1 ]; then ok "echoing server: the send fails (exit 1)"; else not_ok "echoing server: the send fails (exit $rc)" "$(cat "$TMP/err")"; fi
cat "$TMP/out" "$TMP/err" >"$TMP/all"
b64=$("$PY" -c 'import base64,sys; p=sys.argv[1]; print(base64.b64encode(b"\0veille\0"+p.encode()).decode()); print(base64.b64encode(p.encode()).decode())' "$SECRET")
leak=""
for pat in "$SECRET" $b64; do
	grep -qF -- "$pat" "$TMP/all" && leak="$leak $pat"
done
if [ -z "$leak" ]; then ok "echoing server: neither the password nor its base64 reach our output"; else not_ok "echoing server: password leaked back" "$(cat "$TMP/all")"; fi
