#!/bin/sh
# fetcher: TLS verification is always on: a self-signed certificate is a
# tls-error, never a silent success; nothing is asked of the server.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "fetch tls"
if ! command -v openssl >/dev/null 2>&1; then
	skip "fetch tls" "openssl command not installed"
	exit 0
fi
if ! openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$TMP/key.pem" \
	-out "$TMP/cert.pem" >/dev/null 2>&1; then
	skip "fetch tls" "openssl cannot make a test certificate"
	exit 0
fi
start_httpd T 127.0.0.1 --tls "$TMP/cert.pem" "$TMP/key.pem"

"$FETCH" "$T_URL/ok" >"$TMP/r"
is "self-signed certificate: tls-error" "$(field "$TMP/r" 1 status)" tls-error
contains "message names the URL" "$TMP/r" "'$T_URL/ok': TLS"
is "no request reached the server" "$(requests "$TMP/T.log" /ok)" 0

start_httpd S
"$FETCH" "$S_URL/redirect?to=$T_URL/ok" >"$TMP/r"
is "redirect to an unverifiable https server: tls-error" "$(field "$TMP/r" 1 status)" tls-error
