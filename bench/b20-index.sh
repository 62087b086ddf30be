#!/bin/sh
# b20: veille's store (indexing, database size, search latency) against the
# sqlite3 CLI with a bare FTS5 table. BENCH_INDEX_SCALES="1 10" adds the
# 600,000-item run (long). CORPUS: an existing scale-1 corpus to reuse.
set -eu
command -v sqlite3 >/dev/null 2>&1 || { echo "_(b20 skipped: sqlite3 CLI not installed)_"; exit 0; }
make --no-print-directory build/plain/tests/tools/mkdb >/dev/null
mkdir -p bench/out/b20
exec /usr/bin/python3 bench/b20-index.py ./veille build/plain/tests/tools/mkdb bench/out/b20 ${BENCH_INDEX_SCALES:-1}
