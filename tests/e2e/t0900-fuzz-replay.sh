#!/bin/sh
# Every fuzz target replays its regression files (crashes found once) and
# its seed corpus through a plain build, on every `make test`.
. tests/e2e/lib.sh
: "${FUZZ_BIN:=build/plain/fuzz}"
for src in fuzz/fuzz_*.c; do
	t=$(basename "$src" .c)
	name=${t#fuzz_}
	if [ ! -x "$FUZZ_BIN/$t" ]; then
		not_ok "fuzz $name: replay binary $FUZZ_BIN/$t missing"
		continue
	fi
	check "fuzz $name: regressions and seeds replay cleanly" \
		"$FUZZ_BIN/$t" "fuzz/regressions/$name" "fuzz/corpus/$name"
done
