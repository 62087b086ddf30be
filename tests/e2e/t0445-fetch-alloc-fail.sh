#!/bin/sh
# fetcher under allocation failure: each of the first allocations of a small
# batch (redirects, gzip, validators) fails in turn; every run must end
# cleanly (exit 0, or 3 when the batch could not start), without a crash or,
# under the sanitizers, a leak, and a result reported as a success always
# carries the validators the server sent.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "fetch allocation failures"
start_httpd S

bad=""
lost=""
n=1
while [ $n -le 80 ]; do
	VEILLE_ALLOC_FAIL_AT=$n "$FETCH" "$S_URL/redir/301/2" "$S_URL/gzip?size=5000" \
		"$S_URL/ok?x=$n" >"$TMP/r" 2>"$TMP/e"
	rc=$?
	if { [ $rc -ne 0 ] && [ $rc -ne 3 ]; } || grep -q 'Sanitizer' "$TMP/e"; then
		bad="$bad $n(rc=$rc)"
	fi
	if grep '"status":"\(ok\|moved-permanently\)"' "$TMP/r" | grep '/ok' | grep -qv '"etag"'; then
		lost="$lost $n"
	fi
	n=$((n + 1))
done
if [ -z "$bad" ]; then ok "80 injected allocation failures end cleanly"; else not_ok "allocation failures end cleanly" "failed at:$bad $(head -5 "$TMP/e")"; fi
if [ -z "$lost" ]; then ok "no success reported with a lost validator"; else not_ok "validators never silently lost" "at:$lost"; fi
