#!/bin/sh
# Builds every fuzz target with clang's libFuzzer and ASan+UBSan into
# build/fuzz, runs each for SECONDS with its corpus (fuzz/corpus/TARGET,
# grown in build/fuzz/corpus/TARGET) and records what it finds: a crash is
# copied to fuzz/regressions/TARGET/ so `make test` replays it for ever.
# usage: FUZZ_CFLAGS=... FUZZ_LIBS=... sh mk/fuzz.sh SECONDS fuzz/fuzz_*.c
# (`make fuzz` passes the Makefile's own flags and libraries, so that a
# dependency added there reaches the fuzz targets too)
set -u
: "${FUZZ_LIBS:?run by make fuzz, which gives the libraries to link}"
secs=$1
shift
san="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
make --no-print-directory BUILD=build/fuzz CC=clang OPT="-O1 -g" \
	SANFLAGS="$san" build/fuzz/veille >/dev/null || exit 3
libobjs=$(find build/fuzz -name '*.o' ! -path '*/cli/main.o' ! -path '*/tests/*' | sort)
status=0
mkdir -p build/fuzz/logs
for src in "$@"; do
	t=$(basename "$src" .c)
	name=${t#fuzz_}
	bin=build/fuzz/$t-libfuzzer
	# shellcheck disable=SC2086
	clang -O1 -g -pthread -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
		${FUZZ_CFLAGS:-} -o "$bin" "$src" $libobjs $FUZZ_LIBS || { status=3; continue; }
	corpus=build/fuzz/corpus/$name
	mkdir -p "$corpus" "fuzz/regressions/$name" "fuzz/corpus/$name"
	log=build/fuzz/logs/$name.log
	"$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="fuzz/regressions/$name/" -print_final_stats=1 \
		"$corpus" "fuzz/corpus/$name" >"$log" 2>&1
	rc=$?
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
	echo "fuzz $name: exit $rc, ${execs:-?} executions, coverage ${cov:-?} edges, log $log"
	[ $rc -ne 0 ] && status=1
done
exit $status
