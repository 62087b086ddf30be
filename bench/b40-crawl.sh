#!/bin/sh
# Crawl benchmark: the generated corpus (bench/gen-corpus.py, 1,000 feeds)
# served by nginx on 127.0.0.1 (ETag on, gzip on), crawled cold into a
# searchable index by `veille fetch --all`, then warm (conditional), against
# (a) curl --parallel --parallel-max 16 --compressed on the same URLs (the
# network floor), (b) that curl run + sfeed + sqlite3 FTS5 import (the sum
# of the parts) and (c) newsboat -x reload (the peer), all in this run.
# Prints a Markdown section.
set -eu
VEILLE=${VEILLE:-./veille}
CORPUS=${CORPUS:-bench/out/corpus}
OUT=bench/out/crawl
PY=/usr/bin/python3
for t in nginx curl sfeed sqlite3 newsboat; do
	command -v $t >/dev/null 2>&1 || [ -x /usr/sbin/$t ] || {
		echo "## Crawl"; echo; echo "_skipped: $t not installed (make deps-bench)_"; exit 0; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -f "$CORPUS/urls.txt" ] || $PY bench/gen-corpus.py "$CORPUS" >/dev/null
rm -rf "$OUT"
mkdir -p "$OUT/nginx/logs" "$OUT/curl" "$OUT/nb"
root=$(cd "$CORPUS" && pwd)
port=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
cat >"$OUT/nginx/nginx.conf" <<EOT
worker_processes 1;
error_log $PWD/$OUT/nginx/logs/error.log;
pid $PWD/$OUT/nginx/nginx.pid;
events { worker_connections 1024; }
http {
	access_log $PWD/$OUT/nginx/logs/access.log;
	client_body_temp_path $PWD/$OUT/nginx/body;
	proxy_temp_path $PWD/$OUT/nginx/proxy;
	fastcgi_temp_path $PWD/$OUT/nginx/fastcgi;
	uwsgi_temp_path $PWD/$OUT/nginx/uwsgi;
	scgi_temp_path $PWD/$OUT/nginx/scgi;
	types { application/xml xml; }
	gzip on;
	gzip_types application/xml;
	etag on;
	keepalive_requests 10000;
	server { listen 127.0.0.1:$port; root $root; }
}
EOT
"$NGINX" -p "$PWD/$OUT/nginx" -c "$PWD/$OUT/nginx/nginx.conf" -g 'daemon off;' 2>/dev/null &
npid=$!
trap 'kill $npid 2>/dev/null' EXIT INT TERM
i=0
until curl -s -o /dev/null "http://127.0.0.1:$port/urls.txt" || [ $i -gt 50 ]; do sleep 0.1; i=$((i + 1)); done
base=http://127.0.0.1:$port
nfeeds=$(wc -l <"$CORPUS/urls.txt")
sed "s|^|$base/|" "$CORPUS/urls.txt" >"$OUT/urls"
{
	echo "include = $PWD/conf/taxonomy.conf"
	echo "[settings]"
	echo "jobs = 16"
	n=0
	while read -r u; do
		n=$((n + 1))
		printf '[feed f%04d]\nurl = %s\nevery = 1h\n' $n "$u"
	done <"$OUT/urls"
} >"$OUT/feeds.conf"
# The same feeds without the niche rules: the crawl itself (fetch, parse,
# index) apart from classification, which (b) and (c) do not do.
grep -v '^include = ' "$OUT/feeds.conf" >"$OUT/norules.conf"
n=0
while read -r u; do
	n=$((n + 1))
	printf 'url = "%s"\noutput = "%s/curl/%04d.xml"\netag-save = "%s/curl/%04d.etag"\n' "$u" "$OUT" $n "$OUT" $n
done <"$OUT/urls" >"$OUT/curl-cold.cfg"
n=0
while read -r u; do
	n=$((n + 1))
	printf 'url = "%s"\noutput = "%s/curl/w%04d.xml"\netag-compare = "%s/curl/%04d.etag"\n' "$u" "$OUT" $n "$OUT" $n
done <"$OUT/urls" >"$OUT/curl-warm.cfg"

# tm CMD...: runs CMD under /usr/bin/time; then `last` gives "seconds KiB"
# (the file may start with a "Command exited with non-zero status" line).
tm() { /usr/bin/time -f "%e %M %U %S" -o "$OUT/time" "$@" || true; }
# cpu: user+sys of the last tm
cpu() { set -- $(last); awk "BEGIN{printf \"%.2f\", $3 + $4}"; }
last() { tail -n 1 "$OUT/time"; }
export VEILLE_NOW=2026-11-30T08:00:00Z
DB=$OUT/veille.db
# fetch exits 1 when a feed failed; the report says which
tm "$VEILLE" -q --config "$OUT/feeds.conf" --db "$DB" fetch --all --format json >"$OUT/cold.json" 2>/dev/null
set -- $(last); v_cold=$1 v_mem=$2; v_cpu=$(cpu)
hits=$("$VEILLE" --db "$DB" search --format json maintenance 2>/dev/null | wc -c)
tm "$VEILLE" -q --config "$OUT/feeds.conf" --db "$DB" fetch --all --format json >"$OUT/warm.json" 2>/dev/null
set -- $(last); v_warm=$1 v_wmem=$2; vw_cpu=$(cpu)
tm "$VEILLE" -q --config "$OUT/norules.conf" --db "$OUT/norules.db" fetch --all >/dev/null 2>&1
set -- $(last); nr_t=$1 nr_m=$2; nr_cpu=$(cpu)
tm "$VEILLE" -q --config "$OUT/feeds.conf" --db "$OUT/t0.db" fetch --all --threads 0 >/dev/null 2>&1
set -- $(last); t0_t=$1 t0_m=$2; t0_cpu=$(cpu)
rep() { $PY -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r[sys.argv[2]])' "$1" "$2"; }
c_items=$(rep "$OUT/cold.json" items_new)
w_304=$(rep "$OUT/warm.json" not_modified)
w_failed=$(rep "$OUT/warm.json" failed)
c_failed=$(rep "$OUT/cold.json" failed)
# wire bytes as nginx logged them (compressed), per run
cold_wire=$(awk 'NR>1 && NR<='$((nfeeds + 1))' {b += $10} END {print b+0}' "$OUT/nginx/logs/access.log")
warm_wire=$(awk 'NR>'$((nfeeds + 1))' && NR<='$((2 * nfeeds + 1))' {b += $10} END {print b+0}' "$OUT/nginx/logs/access.log")

tm curl -s --parallel --parallel-max 16 --compressed -K "$OUT/curl-cold.cfg"
set -- $(last); a_t=$1 a_m=$2; a_cpu=$(cpu)
tm curl -s --parallel --parallel-max 16 --compressed -K "$OUT/curl-warm.cfg"
set -- $(last); aw_t=$1; aw_cpu=$(cpu)
cat >"$OUT/import.sh" <<EOT
set -e
for f in $OUT/curl/[0-9]*.xml; do sfeed <"\$f"; done >$OUT/items.tsv
rm -f $OUT/sum.db
sqlite3 $OUT/sum.db "create virtual table items using fts5(ts, title, link, content, ctype, id, author, enclosure, category);" ".mode tabs" ".import $OUT/items.tsv items"
EOT
tm sh "$OUT/import.sh"
set -- $(last); b_t=$1 b_m=$2; b_cpu=$(cpu)
b_items=$(sqlite3 "$OUT/sum.db" 'select count(*) from items')
b_total=$(awk "BEGIN{printf \"%.2f\", $a_t + $b_t}")
b_tcpu=$(awk "BEGIN{printf \"%.2f\", $a_cpu + $b_cpu}")
# The cold crawl and (b) twice more, alternated: their rows give the
# median of three runs (this machine's timing noise is some 15%), the
# peak memory the highest.
v_runs=$v_cold b_runs=$b_total v_cpus=$v_cpu b_cpus=$b_tcpu
for k in 2 3; do
	rm -f "$OUT/cold$k.db" "$OUT/cold$k.db-wal" "$OUT/cold$k.db-shm"
	tm "$VEILLE" -q --config "$OUT/feeds.conf" --db "$OUT/cold$k.db" fetch --all >/dev/null 2>&1
	set -- $(last); v_runs="$v_runs $1"; v_cpus="$v_cpus $(cpu)"
	if [ "$2" -gt "$v_mem" ]; then v_mem=$2; fi
	rm -f "$OUT/cold$k.db" "$OUT/cold$k.db-wal" "$OUT/cold$k.db-shm"
	tm curl -s --parallel --parallel-max 16 --compressed -K "$OUT/curl-cold.cfg"
	set -- $(last); t=$1; c=$(cpu)
	tm sh "$OUT/import.sh"
	set -- $(last)
	if [ "$2" -gt "$b_m" ]; then b_m=$2; fi
	b_runs="$b_runs $(awk "BEGIN{printf \"%.2f\", $t + $1}")"
	b_cpus="$b_cpus $(awk "BEGIN{printf \"%.2f\", $c + $(cpu)}")"
done
med() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
v_cold=$(med $v_runs) v_cpu=$(med $v_cpus)
b_total=$(med $b_runs) b_tcpu=$(med $b_cpus)
printf 'reload-threads 16\n' >"$OUT/nb/config"
tm newsboat -x reload -u "$OUT/urls" -c "$OUT/nb/cache.db" -C "$OUT/nb/config" </dev/null >/dev/null 2>&1
set -- $(last); n_t=$1 n_m=$2; n_cpu=$(cpu)

r() { awk "BEGIN{ if ($2 <= 0) print \"n/a\"; else printf \"%.2f\", $1 / $2 }"; }
mib() { awk "BEGIN{printf \"%.1f\", $1 / 1024}"; }
echo "## Crawl ($nfeeds feeds over HTTP from nginx on 127.0.0.1, bench/b40-crawl.sh)"
echo
echo "nginx serves the generated corpus with ETag and gzip. veille's cold crawl"
echo "fetches, parses, classifies and indexes every feed ($c_items items, $c_failed failed);"
echo "the warm crawl repeats it with the stored validators. The cold crawl and"
echo "(b): median of three runs, alternated (veille $(echo $v_runs | sed 's/ /, /g') s;"
echo "(b) $(echo $b_runs | sed 's/ /, /g') s), peak memory the highest; one run of the others."
echo "veille transfers on one thread, undoes gzip, parses and classifies on"
echo "$(nproc) worker threads, stores on the main thread and checkpoints on"
echo "another, unless --threads 0 (all in the main thread, pages parsed as"
echo "they arrive). (b) does"
echo "not classify: the 12 niches and 10 sectors of conf/taxonomy.conf are"
echo "veille's own work (see the run without rules)."
echo
echo "| run | time (s) | CPU user+sys (s) | peak RSS (MiB) | veille / this (time) |"
echo "| --- | ---: | ---: | ---: | ---: |"
echo "| veille fetch --all, cold, to a searchable index | $v_cold | $v_cpu | $(mib $v_mem) | 1.00 |"
echo "| veille fetch --all --threads 0 (all in the main thread) | $t0_t | $t0_cpu | $(mib $t0_m) | $(r $v_cold $t0_t) |"
echo "| veille fetch --all, cold, without niche rules | $nr_t | $nr_cpu | $(mib $nr_m) | $(r $v_cold $nr_t) |"
echo "| (a) curl --parallel 16 --compressed (fetch only) | $a_t | $a_cpu | $(mib $a_m) | $(r $v_cold $a_t) |"
echo "| (b) (a) + sfeed + sqlite3 FTS5 import ($b_items items) | $b_total | $b_tcpu | $(mib $b_m) | $(r $v_cold $b_total) |"
echo "| (c) newsboat -x reload | $n_t | $n_cpu | $(mib $n_m) | $(r $v_cold $n_t) |"
echo "| veille fetch --all, warm | $v_warm | $vw_cpu | $(mib $v_wmem) | 1.00 |"
echo "| curl warm (etag-compare) | $aw_t | $aw_cpu | | $(r $v_warm $aw_t) |"
echo
echo "Warm crawl: $w_304 of $nfeeds answers were 304 ($(awk "BEGIN{printf \"%.1f\", 100 * $w_304 / $nfeeds}")%), $w_failed failed;"
echo "bytes on the wire (nginx log): cold $cold_wire, warm $warm_wire ($(awk "BEGIN{ if ($cold_wire > 0) printf \"%.2f\", 100 * $warm_wire / $cold_wire; else print \"n/a\"}")% of cold)."
echo "Search output after the cold crawl: $hits bytes of JSON for 'maintenance'."
