#!/bin/sh
# b20: veille's store (indexing, database size, search latency) against the
# sqlite3 CLI with a bare FTS5 table, at the generated corpus (60,000 items)
# and a 10x one (600,000): about 4.5 min on 2 cores, plus 3 min the first
# time to generate the 10x corpus (1.2 GB, kept in bench/out/b20/s10).
# BENCH_INDEX_SCALES=1 runs the 60,000 items alone (about 25 s).
# CORPUS: an existing scale-1 corpus to reuse. BENCH_KEEP=1 keeps the
# databases and item lists (about 6 GB at 10x).
set -eu
command -v sqlite3 >/dev/null 2>&1 || { echo "_(b20 skipped: sqlite3 CLI not installed)_"; exit 0; }
make --no-print-directory build/plain/tests/tools/mkdb >/dev/null
mkdir -p bench/out/b20
exec /usr/bin/python3 bench/b20-index.py ./veille build/plain/tests/tools/mkdb bench/out/b20 ${BENCH_INDEX_SCALES:-1 10}
