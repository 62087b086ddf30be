#!/bin/sh
# The redirect guard through an HTTP proxy: the address veille connects to
# is then the proxy's (a private one, as usual), so the guard checks each
# redirect target's own host, by name and by address. A public feed (on
# 127.0.0.2, public for the test: see t0410) redirecting to an internal
# service (127.0.0.1, localhost) is refused before the request reaches the
# proxy; public to public, and a private feed as configured, still work.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "fetch through a proxy"
start_httpd S
start_httpd PUB 127.0.0.2
if [ -z "${PUB_URL:-}" ]; then
	skip "fetch through a proxy" "cannot listen on 127.0.0.2"
	exit 0
fi
rm -f "$TMP/proxy.port"
"$HTTPD_PY" tests/servers/proxy.py --port-file "$TMP/proxy.port" --log "$TMP/proxy.log" &
track $!
i=0
while [ ! -s "$TMP/proxy.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$TMP/proxy.port" ] || { not_ok "proxy did not start"; exit 0; }
PROXY=http://127.0.0.1:$(cat "$TMP/proxy.port")
SPORT=${S_URL##*:}
export VEILLE_TEST_PUBLIC_ADDRESSES=127.0.0.2
proxied() { env http_proxy="$PROXY" no_proxy= NO_PROXY= "$@"; }
# through_proxy PREFIX: how many requests the proxy was asked for whose
# URL starts with PREFIX (forwarded or not)
through_proxy() {
	"$HTTPD_PY" -c 'import json,sys
print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["url"].startswith(sys.argv[2])))' \
		"$TMP/proxy.log" "$1"
}

proxied "$FETCH" "$PUB_URL/redir/302/1" >"$TMP/r"
is "public to public through the proxy: followed" "$(field "$TMP/r" 1 status)" ok
[ "$(through_proxy "$PUB_URL/ok")" -ge 1 ] && ok "the proxy carried it" ||
	not_ok "the proxy carried it" "$(cat "$TMP/proxy.log")"

for to in "$S_URL/ok?ssrf=1" "http://localhost:$SPORT/ok?ssrf=2" "http://[::1]:$SPORT/ok?ssrf=3" \
	"http://127.1:$SPORT/ok?ssrf=4" "http://intranet:$SPORT/ok?ssrf=5"; do
	proxied "$FETCH" "$PUB_URL/redirect?to=$to" >"$TMP/r"
	is "public feed redirecting to $to through the proxy: refused" "$(field "$TMP/r" 1 status)" refused
done
contains "refusal names the target's host" "$TMP/r" "'intranet' refused"
n=0
for p in "$S_URL" "http://localhost:$SPORT" "http://[::1]:$SPORT" "http://127.1:$SPORT" \
	"http://127.0.0.1:$SPORT" "http://intranet:$SPORT"; do
	n=$((n + $(through_proxy "$p")))
done
is "the proxy was never asked for the internal targets" "$n" 0
is "the internal service was never asked" "$(requests "$TMP/S.log" "/ok?ssrf")" 0

proxied "$FETCH" "$S_URL/redirect?to=$S_URL/ok%3Fprivate%3D1" >"$TMP/r"
is "private feed (as configured) may redirect to private through the proxy" \
	"$(field "$TMP/r" 1 status)" ok

# the same through veille fetch and discover: nothing stored, the feed failed
cat >"$TMP/feeds.conf" <<EOT
[feed pub]
url = $PUB_URL/redirect?to=$S_URL/ok%3Fssrf%3Dfeed
EOT
proxied "$VEILLE" --config "$TMP/feeds.conf" --db "$TMP/v.db" fetch >"$TMP/out" 2>"$TMP/err"
is "veille fetch through the proxy: the feed failed (exit 1)" "$?" 1
contains "veille fetch names the refusal" "$TMP/err" "refused"
proxied "$VEILLE" --db "$TMP/v.db" search --all-items --format json ok >"$TMP/out" 2>&1
lacks "nothing of the internal page stored" "$TMP/out" '"id"'
proxied "$VEILLE" discover "$PUB_URL/redirect?to=$S_URL/html%3Fssrf%3Ddiscover" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" -ne 0 ] && grep -q "refused" "$TMP/err"; then
	ok "veille discover through the proxy: refused (exit $rc)"
else
	not_ok "veille discover through the proxy: refused (exit $rc)" "$(cat "$TMP/err" "$TMP/out")"
fi
is "the internal service was never asked, by fetch or discover" "$(requests "$TMP/S.log" "/ok?ssrf")$(requests "$TMP/S.log" "/html?ssrf")" 00
