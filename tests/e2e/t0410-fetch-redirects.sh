#!/bin/sh
# fetcher: redirect chains (permanent reported, temporary not), loops,
# redirects to other protocols, and server-side request forgery.
#
# A "public" address on a machine with only loopback: the fetcher's
# test-only policy VEILLE_TEST_PUBLIC_ADDRESSES lists 127/8 addresses to
# treat as public, so a server on 127.0.0.2 plays a public feed and a server
# on 127.0.0.1 plays an internal service (see fetch_addr_is_private()).
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "fetch redirects"
start_httpd S
LOG=$TMP/S.log

"$FETCH" "$S_URL/redir/301/3" "$S_URL/redir/308/2" "$S_URL/redir/302/2" "$S_URL/redir/307/1" >"$TMP/r"
is "301 chain: moved-permanently" "$(field "$TMP/r" 1 status)" moved-permanently
is "301 chain: final URL reported" "$(field "$TMP/r" 1 final_url)" "$S_URL/ok"
is "301 chain: 3 redirects" "$(field "$TMP/r" 1 redirects)" 3
is "308: moved-permanently" "$(field "$TMP/r" 2 status)" moved-permanently
is "302 chain: ok, not moved" "$(field "$TMP/r" 3 status)/$(field "$TMP/r" 3 moved)" ok/false
is "307: ok, not moved" "$(field "$TMP/r" 4 status)/$(field "$TMP/r" 4 moved)" ok/false

"$FETCH" "$S_URL/redirect?code=301&to=/redir/302/1" >"$TMP/r"
is "a 302 anywhere in the chain keeps the URL" "$(field "$TMP/r" 1 status)" ok

"$FETCH" "$S_URL/redir/301/6" >"$TMP/r"
is "more than 5 redirects: error" "$(field "$TMP/r" 1 status)" http-error

"$FETCH" "$S_URL/loop" >"$TMP/r"
is "redirect loop: error" "$(field "$TMP/r" 1 status)" http-error
contains "redirect loop: message" "$TMP/r" 'too many redirects'
n=$(requests "$LOG" /loop)
if [ "$n" -le 6 ]; then ok "redirect loop stopped after $n requests"; else not_ok "redirect loop bounded" "$n requests"; fi

for to in "file:///etc/passwd" "ftp://127.0.0.1/feed" "dict://127.0.0.1:2628/d:x" "gopher://127.0.0.1/"; do
	"$FETCH" "$S_URL/redirect?to=$to" >"$TMP/r"
	is "redirect to ${to%%:*}: refused" "$(field "$TMP/r" 1 status)" refused
	lacks "redirect to ${to%%:*}: no body" "$TMP/r" 'root:'
done
contains "refusal names the target" "$TMP/r" "redirect to 'gopher://127.0.0.1/' refused"
# a scheme libcurl cannot parse at all gives no redirect URL: the
# Location header still names it
"$FETCH" "$S_URL/redirect?to=javascript:alert(1)" >"$TMP/r"
is "redirect to javascript: refused" "$(field "$TMP/r" 1 status)" refused
contains "refusal names the javascript: target" "$TMP/r" "redirect to 'javascript:alert\(1\)' refused"

# Server-side request forgery.
start_httpd PUB 127.0.0.2
if [ -z "${PUB_URL:-}" ]; then
	skip "ssrf" "cannot listen on 127.0.0.2"
	exit 0
fi
export VEILLE_TEST_PUBLIC_ADDRESSES=127.0.0.2
for to in "$S_URL/ok?ssrf=1" "http://169.254.169.254/latest/meta-data/" "http://10.0.0.1/" "http://[::1]:1/" "http://0.0.0.0:1/"; do
	"$FETCH" --connect-timeout 2 "$PUB_URL/redirect?to=$to" >"$TMP/r"
	is "public feed redirecting to $to: refused" "$(field "$TMP/r" 1 status)" refused
done
contains "refusal names the address" "$TMP/r" "private address"
is "the internal service was never asked" "$(requests "$LOG" "/ok?ssrf=1")" 0

"$FETCH" "$PUB_URL/redir/302/2" >"$TMP/r"
is "public feed redirecting to a public address: followed" "$(field "$TMP/r" 1 status)" ok

"$FETCH" "$S_URL/redirect?to=$PUB_URL/redirect%3Fto%3D$S_URL/ok%3Fprivate%3D1" >"$TMP/r"
is "private feed (as configured) may redirect to private" "$(field "$TMP/r" 1 status)" ok
unset VEILLE_TEST_PUBLIC_ADDRESSES

"$FETCH" "$PUB_URL/redirect?to=$S_URL/ok?nopolicy=1" >"$TMP/r"
is "without the test policy 127.0.0.2 is private, so allowed" "$(field "$TMP/r" 1 status)" ok
