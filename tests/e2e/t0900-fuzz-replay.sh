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
# Findings not fixed yet (fuzz/open/TARGET, explained in FUZZING.md) are
# replayed too: each still failing is a skip naming it; one that passes now
# fails here, so that it moves to fuzz/regressions/ with its fix.
for f in fuzz/open/*/*; do
	[ -f "$f" ] || continue
	name=$(basename "$(dirname "$f")")
	if "$FUZZ_BIN/fuzz_$name" "$f" >/dev/null 2>&1; then
		not_ok "open finding $f passes now: move it to fuzz/regressions/$name"
	else
		skip "open finding $f" "not fixed yet, see FUZZING.md"
	fi
done
