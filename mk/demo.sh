#!/bin/sh
# make demo: the whole pipeline, offline, on the bundled sample feeds.
set -eu
out=${DEMO_DIR:-demo-out}
mkdir -p "$out"
echo "== veille check: the bundled configuration"
./veille --config feeds.conf check
echo "== veille check: the demo configuration (sample feeds)"
./veille --config samples/demo.conf check
