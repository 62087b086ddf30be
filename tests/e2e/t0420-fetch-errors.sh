#!/bin/sh
# fetcher: HTTP errors, rate limiting with both Retry-After forms, network
# failures and hostile servers (size and decompression bombs, endless
# bodies, megabyte headers, trickle), each mapped to its domain status.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "fetch errors"
start_httpd S

t0=$(date +%s)
"$FETCH" "$S_URL/status/404" "$S_URL/status/410" "$S_URL/status/500" \
	"$S_URL/status/429?retry-after=120" "$S_URL/status/503?retry-after=%2B600" \
	"$S_URL/status/503" "$S_URL/status/429" "$S_URL/status/429?retry-after=soon" >"$TMP/r"
t1=$(date +%s)
is "404: http-error 404" "$(field "$TMP/r" 1 status)/$(field "$TMP/r" 1 http)" http-error/404
contains "404: message names the URL" "$TMP/r" "'$S_URL/status/404': HTTP 404"
is "410: gone" "$(field "$TMP/r" 2 status)" gone
is "500: http-error 500" "$(field "$TMP/r" 3 status)/$(field "$TMP/r" 3 http)" http-error/500
is "429 Retry-After seconds: rate-limited" "$(field "$TMP/r" 4 status)" rate-limited
within "429 Retry-After seconds: retry 120 s after the answer" "$(field "$TMP/r" 4 retry_at)" $((t0 + 120)) $((t1 + 120))
is "503 Retry-After HTTP-date: rate-limited" "$(field "$TMP/r" 5 status)" rate-limited
# The server writes now+600 as an HTTP-date (whole seconds).
within "503 Retry-After HTTP-date: that time" "$(field "$TMP/r" 5 retry_at)" $((t0 + 599)) $((t1 + 600))
contains "rate limit message gives the time" "$TMP/r" "HTTP 503, retry after 20[0-9-]+T[0-9:]+Z"
is "503 without Retry-After: http-error" "$(field "$TMP/r" 6 status)" http-error
is "429 without Retry-After: rate-limited, no time" "$(field "$TMP/r" 7 status)/$(field "$TMP/r" 7 retry_after)" rate-limited/
is "429 with a bad Retry-After: no time" "$(field "$TMP/r" 8 retry_after)" ""

"$FETCH" "$S_URL/reset" "$S_URL/truncated" "http://127.0.0.1:1/closed" >"$TMP/r"
is "connection reset: network-error" "$(field "$TMP/r" 1 status)" network-error
is "truncated body: network-error" "$(field "$TMP/r" 2 status)" network-error
contains "truncated body: said so" "$TMP/r" "truncated body"
is "connection refused: network-error" "$(field "$TMP/r" 3 status)" network-error

"$FETCH" --max-bytes 1000000 "$S_URL/big?size=2000000" "$S_URL/big?size=500000" >"$TMP/r"
is "body over the limit: too-big" "$(field "$TMP/r" 1 status)" too-big
is "body under the limit: ok" "$(field "$TMP/r" 2 status)/$(field "$TMP/r" 2 bytes)" ok/500000

"$FETCH" --max-bytes 4000000 "$S_URL/bomb" >"$TMP/r"
is "gzip bomb: too-big" "$(field "$TMP/r" 1 status)" too-big
b=$(field "$TMP/r" 1 bytes)
if [ "$b" -le 4100000 ]; then ok "gzip bomb: stopped near the cap ($b bytes)"; else not_ok "gzip bomb stopped near the cap" "$b"; fi

"$FETCH" --max-bytes 2000000 "$S_URL/endless" >"$TMP/r"
is "endless chunked body: too-big" "$(field "$TMP/r" 1 status)" too-big

"$FETCH" "$S_URL/hugeheaders?size=4000000" >"$TMP/r"
is "megabyte headers: too-big" "$(field "$TMP/r" 1 status)" too-big
contains "megabyte headers: said so" "$TMP/r" "headers over"

"$FETCH" --low-speed 100:2 "$S_URL/trickle" >"$TMP/r"
is "slow trickle cut off: timeout" "$(field "$TMP/r" 1 status)" timeout

"$FETCH" --timeout 1 "$S_URL/slow?delay=5" >"$TMP/r"
is "total time-out: timeout" "$(field "$TMP/r" 1 status)" timeout

"$FETCH" "$S_URL/html" >"$TMP/r"
is "HTML page instead of a feed: ok (the parser judges)" "$(field "$TMP/r" 1 status)" ok
contains "HTML page: content type reported" "$TMP/r" '"content_type":"text/html'

"$FETCH" --abort-after 1000 "$S_URL/endless" >"$TMP/r"
is "reader asking to stop: aborted" "$(field "$TMP/r" 1 status)" aborted

"$FETCH" --max-redirects 2 "$S_URL/redir/302/3" "$S_URL/redir/302/2" >"$TMP/r"
is "--max-redirects 2: a third redirect is an error" "$(field "$TMP/r" 1 status)" http-error
is "--max-redirects 2: two are followed" "$(field "$TMP/r" 2 status)" ok
"$FETCH" --max-redirects -1 "$S_URL/redir/302/1" >"$TMP/r"
is "no redirects allowed: error" "$(field "$TMP/r" 1 status)" http-error

# Answers that must not pass for what they are not: a 304 to a request
# that carried no validator would keep the feed unread for ever; a header
# line over libcurl's 100 KiB is named, not "out of memory".
python3 - "$TMP/odd.json" <<'EOP'
import json, sys
json.dump({"/n304": {"status": 304, "headers": {}, "body": ""},
           "/bighdr": {"status": 200, "headers": {"X-Big": "A" * 150000},
                       "body": "x"}}, open(sys.argv[1], "w"))
EOP
start_httpd ODD 127.0.0.1 --script "$TMP/odd.json"
"$FETCH" "$ODD_URL/n304" "$ODD_URL/bighdr" >"$TMP/r"
is "304 to an unconditional request: an error" "$(field "$TMP/r" 1 status)" http-error
contains "304 error says why" "$TMP/r" "HTTP 304 to a request that was not conditional"
is "a 150 KiB header line: too big" "$(field "$TMP/r" 2 status)" too-big
contains "the long header line is named" "$TMP/r" "a response header line over 100 KiB"
"$FETCH" --etag '"x"' "$ODD_URL/n304" >"$TMP/r"
is "304 to a conditional request: not modified" "$(field "$TMP/r" 1 status)" not-modified
