#!/bin/sh
# Parse benchmark: the generated corpus (bench/gen-corpus.py, 1,000 feeds,
# ~120 MB) parsed into items by veille's push parser (tests/tools/
# parse-stream: every file, 64 KiB chunks, nothing printed), by sfeed (its
# TSV output to /dev/null) and by `xmllint --sax --noout` (libxml2's floor),
# each in the same run on the same files. Prints a Markdown section.
set -eu
BUILD=${BUILD:-build/plain}
TOOL=$BUILD/tests/tools/parse-stream
CORPUS=${CORPUS:-bench/out/corpus}
PY=/usr/bin/python3

make --no-print-directory "$TOOL" >/dev/null
if [ ! -f "$CORPUS/urls.txt" ]; then
	$PY bench/gen-corpus.py "$CORPUS" >/dev/null
fi
files=$(sed "s|^|$CORPUS/|" "$CORPUS/urls.txt")
bytes=$(cat $files | wc -c)

# CPU seconds (user+sys, children included), wall seconds and peak KiB of
# one command: 3 runs, best times, max memory. The ratios use CPU time:
# on a shared machine wall time measures the neighbours as much as us.
measure() {
	best="" wall="" mem=0
	for run in 1 2 3; do
		/usr/bin/time -f "%U %S %e %M" -o bench/out/time.txt "$@" >/dev/null 2>&1 || true
		read -r u s e m <bench/out/time.txt
		t=$(awk "BEGIN{print $u + $s}")
		if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
		if [ -z "$wall" ] || awk "BEGIN{exit !($e < $wall)}"; then wall=$e; fi
		[ "$m" -gt "$mem" ] && mem=$m
	done
	echo "$best $mem $wall"
}
sfeed_all() { for f in $files; do sfeed <"$f"; done; }
xmllint_all() { for f in $files; do xmllint --sax --noout "$f"; done; }
# shell loops cost the same for both peers: measured alone and subtracted
loop_only() { for f in $files; do /bin/true <"$f"; done; }

items=$("$TOOL" $files | awk '{print $4}')
set -- $(measure "$TOOL" $files); v_t=$1 v_m=$2 v_w=$3
export files
set -- $(measure sh -c 'for f in $files; do sfeed <"$f"; done'); s_t=$1 s_m=$2 s_w=$3
set -- $(measure sh -c 'for f in $files; do xmllint --sax --noout "$f"; done'); x_t=$1 x_m=$2 x_w=$3
set -- $(measure sh -c 'for f in $files; do /bin/true <"$f"; done'); l_t=$1 l_w=$3
s_items=$(sfeed_all 2>/dev/null | wc -l)

ratio() { awk "BEGIN{ if ($2 <= 0) print \"n/a\"; else printf \"%.2f\", $1 / $2 }"; }
net() { awk "BEGIN{ v = $1 - $2; if (v < 0.001) v = 0.001; printf \"%.3f\", v }"; }
s_n=$(net "$s_t" "$l_t")
x_n=$(net "$x_t" "$l_t")

echo "## Parse ($(echo "$files" | wc -l) feeds, $((bytes / 1048576)) MiB, bench/b10-parse.sh)"
echo
echo "veille parses the corpus into $items items (sfeed: $s_items). Times are CPU"
echo "seconds (user + sys, best of three runs; wall seconds in brackets, which on a"
echo "busy machine count the neighbours too); sfeed and xmllint run once per file"
echo "from a shell loop, whose own cost (${l_t} s, measured with /bin/true) is"
echo "subtracted in the 'net' column. Peak memory is the largest RSS of one process"
echo "(/usr/bin/time %M)."
echo
echo "| parser | CPU time (s) | net (s) | MB/s | peak RSS (MiB) | veille / this |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
printf '| veille (push parser, items built) | %s (%s) | %s | %s | %s | 1.00 |\n' "$v_t" "$v_w" "$v_t" \
	"$(awk "BEGIN{printf \"%.0f\", $bytes / 1048576 / $v_t}")" "$(awk "BEGIN{printf \"%.1f\", $v_m / 1024}")"
printf '| sfeed | %s (%s) | %s | %s | %s | %s |\n' "$s_t" "$s_w" "$s_n" \
	"$(awk "BEGIN{printf \"%.0f\", $bytes / 1048576 / $s_n}")" "$(awk "BEGIN{printf \"%.1f\", $s_m / 1024}")" "$(ratio "$v_t" "$s_n")"
printf '| xmllint --sax --noout | %s (%s) | %s | %s | %s | %s |\n' "$x_t" "$x_w" "$x_n" \
	"$(awk "BEGIN{printf \"%.0f\", $bytes / 1048576 / $x_n}")" "$(awk "BEGIN{printf \"%.1f\", $x_m / 1024}")" "$(ratio "$v_t" "$x_n")"
echo
echo "Targets (issue 3): veille / sfeed <= 1.5, veille / xmllint <= 2, peak < 32 MiB."

# One large file through `veille parse` (the command: JSON written as the
# items come) and through sfeed, the same file for both: issue 20 asks for
# <= 1.5x sfeed's wall time and a bounded peak.
BIG=bench/out/big-70.xml
[ -f "$BIG" ] || $PY tests/tools/gen-big-rss.py 70 >"$BIG" 2>/dev/null
big_mb=$(($(wc -c <"$BIG") / 1048576))
make --no-print-directory veille >/dev/null
set -- $(measure ./veille parse "$BIG"); p_t=$1 p_m=$2 p_w=$3
set -- $(measure sh -c "sfeed <'$BIG'"); f_t=$1 f_m=$2 f_w=$3
echo
echo "### One $big_mb MiB RSS file (tests/tools/gen-big-rss.py 70)"
echo
echo "\`veille parse FILE\` (JSON to /dev/null) and \`sfeed <FILE\` (TSV to"
echo "/dev/null) on the same file; best of three runs, peak RSS of the process."
echo
echo "| command | wall (s) | CPU (s) | peak RSS (MiB) | veille / this (wall) | veille / this (CPU) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
printf '| veille parse | %s | %s | %s | 1.00 | 1.00 |\n' "$p_w" "$p_t" \
	"$(awk "BEGIN{printf \"%.1f\", $p_m / 1024}")"
printf '| sfeed | %s | %s | %s | %s | %s |\n' "$f_w" "$f_t" \
	"$(awk "BEGIN{printf \"%.1f\", $f_m / 1024}")" "$(ratio "$p_w" "$f_w")" "$(ratio "$p_t" "$f_t")"
echo
echo "Targets (issue 20): veille parse / sfeed <= 1.5 (wall), peak < 32 MiB."
