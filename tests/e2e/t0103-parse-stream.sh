#!/bin/sh
# A 200 MiB feed goes through the push parser in bounded memory: peak RSS
# (the whole process, libxml2 included) stays under 64 MiB.
. tests/e2e/lib.sh

if [ ! -x "$TOOLS/parse-stream" ]; then
	skip "stream a 200 MiB feed" "$TOOLS/parse-stream not built"
	exit 0
fi
case "${VEILLE:-}" in
*san*) skip "stream a 200 MiB feed" "sanitizer build: its shadow memory skews RSS"; exit 0 ;;
esac
"$TOOLS/parse-stream" --gen 200 >"$TMP/out" 2>"$TMP/err"
rc=$?
set -- $(cat "$TMP/out")
if [ $rc -ne 0 ]; then
	not_ok "stream a 200 MiB feed" "$(cat "$TMP/err")"
elif [ "$4" -lt 500000 ]; then
	not_ok "stream a 200 MiB feed: only $4 items"
elif [ "$8" -ge 65536 ]; then
	not_ok "stream a 200 MiB feed: peak RSS $8 KiB"
else
	ok "stream a 200 MiB feed: $4 items, peak RSS $8 KiB"
fi
