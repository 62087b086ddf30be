#!/bin/sh
# Runs every unit test binary given as argument and every end-to-end script
# in tests/e2e/, counts the "ok", "not ok" and "skip" lines they print, and
# ends with one line: "N passed, N failed, N skipped". Logs are kept in
# $BUILD/test-logs/. Exit 1 when anything failed.
# Environment: VEILLE (the binary under test), BUILD, TEST_FILTER (a
# substring of the test names to run), TEST_TIMEOUT (seconds, default 600),
# TOOLS (folder of the test tools built from tests/tools/*.c).
set -u
: "${VEILLE:?VEILLE must name the binary under test}"
: "${BUILD:=build/plain}"
logs="$BUILD/test-logs"
rm -rf "$logs"
mkdir -p "$logs"
pass=0 fail=0 skip=0
timeout_s=${TEST_TIMEOUT:-600}
export VEILLE

run_one() {
	name=$1
	shift
	case "$name" in *"${TEST_FILTER:-}"*) ;; *) return ;; esac
	log="$logs/$(echo "$name" | tr '/' '_').log"
	timeout -k 10 "$timeout_s" "$@" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok - ' "$log")
	f=$(grep -c '^not ok - ' "$log")
	s=$(grep -c '^skip - ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
			echo "not ok - $name: timed out after ${timeout_s}s" >>"$log"
		else
			echo "not ok - $name: exited with status $rc" >>"$log"
		fi
		f=1
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	if [ "$f" -gt 0 ]; then
		echo "FAIL $name ($p passed, $f failed) — log: $log"
		grep -A3 '^not ok - ' "$log" | head -40 | sed 's/^/    /'
	else
		echo "ok   $name ($p passed${s:+, $s skipped})" | sed 's/, 0 skipped//'
	fi
	grep '^skip - ' "$log" | sed 's/^/    /'
}

for t in "$@"; do
	run_one "unit/$(basename "$t")" "$t"
done
for t in tests/e2e/t*.sh; do
	[ -f "$t" ] || continue
	run_one "e2e/$(basename "$t" .sh)" sh "$t"
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
