#!/bin/sh
# make demo: the whole pipeline, offline, on the bundled sample feeds.
set -eu
out=${DEMO_DIR:-demo-out}
mkdir -p "$out"
# A fixed clock: the same run gives the same database and output.
VEILLE_NOW=${VEILLE_NOW:-2026-11-30T08:00:00Z}
export VEILLE_NOW
echo "== veille fetch: the sample feeds (five formats) into $out/veille.db"
rm -f "$out/veille.db" "$out/veille.db-wal" "$out/veille.db-shm"
./veille --config samples/demo.conf --db "$out/veille.db" fetch --all
echo "== veille check: the bundled configuration"
./veille --config feeds.conf check
echo "== veille check: the demo configuration (sample feeds)"
./veille --config samples/demo.conf check
echo "== veille feeds"
./veille --config samples/demo.conf --db "$out/veille.db" feeds
echo "== veille search: maintenance predictive"
./veille --config samples/demo.conf --db "$out/veille.db" search maintenance predictive
