#!/bin/sh
# make bench: runs every bench/b*.sh in order; each prints a Markdown
# section on stdout. BENCHMARKS.md is written from them, all measured in
# this one run on this machine.
set -eu
mkdir -p bench/out
{
	echo "# Benchmarks"
	echo
	echo "Measured by \`make bench\` on $(date -u +%Y-%m-%d), $(nproc) cores,"
	echo "$(uname -m), $(cc --version | head -1). Figures from one run; every"
	echo "comparison in a table was measured in that same run, on the same files."
	echo
	for b in bench/b*.sh; do
		[ -f "$b" ] || continue
		echo "bench: $b" >&2
		sh "$b" || echo "_(${b} failed: see its output above)_"
		echo
	done
} >bench/out/BENCHMARKS.md
cp bench/out/BENCHMARKS.md BENCHMARKS.md
echo "bench: wrote BENCHMARKS.md" >&2
