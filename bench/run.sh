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
	cat <<'EOF'
## How to run

`make bench` installs the peers it compares with (`make deps-bench`:
sfeed, xmllint, pcre2grep, nginx, curl, newsboat, the sqlite3 CLI), runs
every `bench/b*.sh` in order and rewrites this file, one section per
script; nothing is copied by hand. One script alone: `sh bench/b40-crawl.sh`
(after `make veille`), which prints its section. The corpus is generated
(`bench/gen-corpus.py`: 1,000 RSS 2.0 and Atom feeds in English and French,
about 60,000 items and 120 MB, the same bytes from the same seed) and the
crawl is served by nginx on 127.0.0.1: no network. b20 is the longest
(about 4.5 minutes on 2 cores, 3 more the first time, which generates a
corpus ten times larger). The machine is shared, so ratios are of CPU time
measured back to back in the same run; wall times are given beside them.
Compare figures of two runs only on the same machine.

## What is compared with what

| section | veille | against |
| --- | --- | --- |
| Parse (b10) | its push parser building every item (`tests/tools/parse-stream`) | sfeed (a small C feed parser), and `xmllint --sax` (libxml2 alone, no item built: the floor) |
| Index and search (b20) | the store API loading every item as a crawl does (`tests/tools/mkdb`), then `veille search` | the sqlite3 CLI importing the same items into a bare FTS5 table, and running the same MATCH (the floor) |
| Classifying (b30) | `veille rules test` and `veille classify --all` with the shipped rules; their quality on the labelled set | pcre2grep over the same folded text, once per pattern (the floor) |
| Crawl (b40) | `veille fetch --all`, cold then warm | curl alone (the network floor), curl + sfeed + sqlite3 (the sum of the parts), newsboat (a peer) |
| Crawl schedule (b45) | `veille fetch --all` over 100 hosts x 10 feeds, each host with its own delay, cold and warm, feed list grouped and shuffled | the lower bound of that work (max of the slowest host's queue and total time / 16), newsboat and sfeed_update in the same run; connections and per-host concurrency counted by the server |
| Trend report (b50) | `veille report` over a year of 600,000 items | one sqlite3 query doing the volume-per-niche-per-week aggregation alone (the floor) |
EOF
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
