#!/bin/sh
# Runs every unit test binary given as argument and every end-to-end script
# in tests/e2e/, counts the "ok", "not ok" and "skip" lines they print, and
# ends with one line: "N passed, N failed, N skipped". Logs are kept in
# $BUILD/test-logs/. Exit 1 when anything failed.
#
# Tests run TEST_JOBS at a time (default: the number of processors, at
# least 2: most tests wait on servers and child processes more than they
# compute). Each test has its own temporary folder and ports, so they do
# not meet. The longest start first: the durations of the last run are
# kept in $BUILD/test-times; without them (a clean clone), the torture
# and crash tests t08xx, the longest by far, lead. A test's result line is
# printed when it ends.
#
# Environment: VEILLE (the binary under test), BUILD, TEST_FILTER (a
# substring of the test names to run), TEST_TIMEOUT (seconds, default 600),
# TEST_JOBS, TOOLS (folder of the test tools built from tests/tools/*.c).
set -u
: "${VEILLE:?VEILLE must name the binary under test}"
: "${BUILD:=build/plain}"
export VEILLE BUILD
logs="$BUILD/test-logs"
times="$BUILD/test-times"

# One test: run.sh --one NAME COMMAND...; writes NAME's log and its counts
# (passed failed skipped seconds) beside it, and prints its result line.
if [ "${1:-}" = "--one" ]; then
	name=$2
	shift 2
	log="$logs/$(echo "$name" | tr '/' '_').log"
	timeout_s=${TEST_TIMEOUT:-600}
	t0=$(date +%s)
	timeout -k 10 "$timeout_s" "$@" >"$log" 2>&1 </dev/null
	rc=$?
	secs=$(($(date +%s) - t0))
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
	echo "$p $f $s $secs" >"$log.counts"
	{
		if [ "$f" -gt 0 ]; then
			echo "FAIL $name ($p passed, $f failed) — log: $log"
			grep -A3 '^not ok - ' "$log" | head -40 | sed 's/^/    /'
		else
			echo "ok   $name ($p passed${s:+, $s skipped}, ${secs}s)" |
				sed 's/, 0 skipped//'
		fi
		grep '^skip - ' "$log" | sed 's/^/    /'
	} >"$log.result"
	cat "$log.result"
	exit 0
fi

rm -rf "$logs"
mkdir -p "$logs"
jobs=${TEST_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
[ "$jobs" -ge 2 ] 2>/dev/null || jobs=2

# The list: "name<TAB>command words", filtered, longest first.
list="$logs/list"
{
	for t in "$@"; do
		echo "unit/$(basename "$t")	$t"
	done
	for t in tests/e2e/t*.sh; do
		[ -f "$t" ] && echo "e2e/$(basename "$t" .sh)	sh $t"
	done
} | awk -F'\t' -v filter="${TEST_FILTER:-}" -v times="$times" '
	BEGIN {
		while ((getline line < times) > 0) {
			split(line, a, " ")
			last[a[1]] = a[2]
		}
	}
	index($1, filter) {
		w = ($1 in last) ? last[$1] : ($1 ~ /^e2e\/t08/ ? 100000 : 0)
		printf "%d\t%s\t%s\n", w, $1, $2
	}' | sort -t'	' -k1,1nr -k2,2 | cut -f2- >"$list"

tr '\t' ' ' <"$list" | xargs -P "$jobs" -L 1 sh "$0" --one

pass=0 fail=0 skip=0
: >"$times.new"
while IFS='	' read -r name cmd; do
	c="$logs/$(echo "$name" | tr '/' '_').log.counts"
	if [ -f "$c" ]; then
		read -r p f s secs <"$c"
	else
		p=0 f=1 s=0 secs=0
		echo "FAIL $name: did not run"
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	echo "$name $secs" >>"$times.new"
done <"$list"
# keep the durations of tests this run left out
[ -f "$times" ] && awk 'NR == FNR { seen[$1] = 1; next } !($1 in seen)' \
	"$times.new" "$times" >>"$times.new"
mv "$times.new" "$times"

failed=$(cat "$logs"/*.result 2>/dev/null | grep '^FAIL' | sed 's/ (.*//')
if [ -n "$failed" ]; then
	echo "failed:"
	echo "$failed" | sed 's/^FAIL /  /'
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
