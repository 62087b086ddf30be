#!/bin/sh
# Every capture under ../shared/corpus parses without a crash (or, in the
# sanitizer build, a sanitizer report) and exits as listed in
# tests/data/parse/corpus-exit.tsv: 0 for a feed, 1 for what is not one
# (HTML pages, error responses, broken JSON).
. tests/e2e/lib.sh

if [ ! -d "$SHARED/corpus" ]; then
	skip "parse every corpus file" "../shared/corpus absent"
	exit 0
fi
tab=$(printf '\t')
n=0 bad=""
while IFS="$tab" read -r path want; do
	"$VEILLE" parse "$SHARED/$path" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	n=$((n + 1))
	if [ "$rc" -ne "$want" ]; then
		bad="$bad
$path: exit $rc, expected $want: $(head -c 300 "$TMP/err")"
	fi
done <tests/data/parse/corpus-exit.tsv
if [ -z "$bad" ]; then
	ok "parse $n corpus files, each with its expected exit code"
else
	not_ok "parse corpus files" "$bad"
fi
missing=$(cd "$SHARED" && find corpus -type f ! -name MANIFEST.tsv | sort |
	  while read -r f; do grep -q "^$f$tab" "$ROOT/tests/data/parse/corpus-exit.tsv" || echo "$f"; done)
if [ -z "$missing" ]; then
	ok "every corpus file has an expected exit code"
else
	not_ok "corpus files without an expected exit code" "$missing"
fi
