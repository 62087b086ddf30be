#!/bin/sh
# The HTML digest in headless Chromium: it renders (DOM dump), it requests
# nothing but itself (every request of the browser goes through a logging
# proxy on 127.0.0.1, and a page with a tracking pixel proves the proxy
# sees such requests), and light and dark screenshots are kept in
# $BUILD/artefacts/ for a human eye.
. tests/e2e/lib.sh

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	skip "digest in a browser" "chromium is not installed (Debian package chromium)"
	exit 0
fi
ART="$ROOT/${BUILD:-build/plain}/artefacts"
mkdir -p "$ART" "$TMP/www"
"$TOOLS/digesttool" --now 2026-11-30T06:00:00Z \
	--unsub-https https://cluster-maintenance.example/desabonnement \
	--archive https://cluster-maintenance.example/archives/ \
	tests/data/digest/members.tsv out "$TMP/www"
# the control: a page that does fetch from outside
cat >"$TMP/www/control.html" <<'HTML'
<!DOCTYPE html><html><body><p>control</p>
<img src="http://tracker.example/pixel.gif" alt=""></body></html>
HTML

port=$(free_port)
/usr/bin/python3 tests/servers/logproxy.py "$port" "$TMP/www" "$TMP/requests" &
track $!
wait_port "$port" || not_ok "logging proxy started"

# browse URL [extra flags...]: output in $TMP/browser.out
browse() {
	_url=$1
	shift
	timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --disable-default-apps \
		--user-data-dir="$TMP/profile" \
		--proxy-server="http://127.0.0.1:$port" --proxy-bypass-list='<-loopback>' \
		"$@" "$_url" >"$TMP/browser.out" 2>"$TMP/browser.err"
}

page="http://127.0.0.1:$port/acme.html"
: >"$TMP/requests"
browse "$page" --dump-dom
contains "the digest renders (DOM has the first title)" "$TMP/browser.out" \
	'Analyse vibratoire'
contains "the hostile title is text, not markup" "$TMP/browser.out" \
	'&lt;script&gt;alert'
lacks "no script element in the DOM" "$TMP/browser.out" '<script'
# Chromium's own background calls (component updater, network time, sign-in)
# go to Google hosts without a Referer; they reach only this proxy. Anything
# else, or anything with a Referer, came from the page.
# (the browser may also ask our own origin for /favicon.ico: not the page)
grep -v "^GET $page " "$TMP/requests" |
	grep -v "^GET http://127.0.0.1:$port/favicon.ico " |
	grep -Ev '^(GET|POST|CONNECT) (http://)?[a-z0-9.-]*(google\.com|googleapis\.com|gstatic\.com)[:/][^ ]* -$' \
	>"$TMP/others" || true
if [ -s "$TMP/requests" ] && [ ! -s "$TMP/others" ]; then
	ok "the browser requested the digest and nothing else"
else
	not_ok "the browser requested the digest and nothing else" "$(cat "$TMP/others")"
fi

: >"$TMP/requests"
browse "http://127.0.0.1:$port/control.html" --dump-dom
contains "control: an outside image is seen by the proxy" "$TMP/requests" \
	'tracker\.example/pixel\.gif'

browse "$page" --screenshot="$ART/digest-acme.png" --window-size=412,1600 \
	--hide-scrollbars
browse "$page" --screenshot="$ART/digest-acme-dark.png" --window-size=412,1600 \
	--hide-scrollbars --force-dark-mode --enable-features=WebContentsForceDark:inversion_method/cielab_based
if [ -s "$ART/digest-acme.png" ] && [ -s "$ART/digest-acme-dark.png" ]; then
	ok "phone-width screenshots kept in $ART"
else
	not_ok "phone-width screenshots kept" "$(tail -5 "$TMP/browser.err")"
fi
if cmp -s "$ART/digest-acme.png" "$ART/digest-acme-dark.png"; then
	not_ok "dark mode changes the rendering"
else
	ok "dark mode changes the rendering"
fi
browse "$page" --screenshot="$ART/digest-acme-wide.png" --window-size=1024,1400 \
	--hide-scrollbars
[ -s "$ART/digest-acme-wide.png" ] && ok "desktop-width screenshot kept" ||
	not_ok "desktop-width screenshot kept"
