#!/bin/sh
# The shipped feeds.conf on its first night: the file as shipped (with its
# includes), each URL pointed at the local server, which answers each with a
# capture of the same kind (arXiv API pages, an OAI-PMH ListRecords harvest
# over a resumption token, WordPress RSS). veille fetch must exit 0 with
# every feed healthy. Then an arXiv feed recognised from its content (no
# format = arxiv) pages through its results, and OAI-PMH answers without
# metadata veille reads are feed errors that store nothing.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "shipped configuration"
D=$ROOT/tests/data
CFG=$TMP/cfg
mkdir -p "$CFG"
cp feeds.conf "$CFG/feeds.conf"
cp -R conf "$CFG/conf"

# The script for the server: one entry per URL path of the configuration,
# chosen by what the URL asks for; a feed of a kind not listed here gets a
# 404 and fails the test.
"$HTTPD_PY" - "$CFG/feeds.conf" "$D" >"$TMP/script.json" <<'EOF'
import json, re, sys
from urllib.parse import urlsplit
conf, d = sys.argv[1], sys.argv[2]
arxiv = [{"query": {"start": "10"}, "file": d + "/shipped/arxiv-api-2026_search_testing_start10.xml"},
         {"query": {"start": "0"}, "file": d + "/shipped/arxiv-api-2026_search_testing_start0.xml"},
         {"query": {"start": None}, "file": d + "/shipped/arxiv-api-2026_search_testing_start0.xml"}]
oai = [{"query": {"resumptionToken": "6960524|1001"}, "file": d + "/shipped/dspace-eur-nl_2003_ListRecords_oai_dc.xml"},
       {"query": {"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": None},
        "file": d + "/parse/in/arxiv-oai2_2024_ListRecords_oai_dc_set-cs_resumptionToken.xml"}]
rss = {"file": d + "/shipped/rss-com-blog_wordpress_rss2.xml",
       "headers": {"Content-Type": "application/rss+xml; charset=UTF-8"}}
script = {"/oai-tei/": {"file": d + "/parse/in/hal_2016_GetRecord_xml-tei_thesis.xml"},
          "/oai-ids/": {"file": d + "/shipped/nsdl-org_2012_ListIdentifiers_nsdl_dc_page1of4.xml"}}
for line in open(conf):
    m = re.match(r"\s*url\s*=\s*(\S+)", line)
    if not m:
        continue
    u = urlsplit(m.group(1))
    path = "/" + u.netloc + u.path
    if u.path == "/api/query":
        script[path] = arxiv
    elif "verb=ListRecords" in u.query:
        script[path] = oai
    else:
        script[path] = rss
json.dump(script, sys.stdout)
EOF
start_httpd S 127.0.0.1 --script "$TMP/script.json"
# https://host/path -> http://127.0.0.1:PORT/host/path, meant to be on
# an internal address (allow_private = yes under each url)
sed -i "s#^\(url *= *\)https\{0,1\}://\(.*\)#\1$S_URL/\2\nallow_private = yes#" "$CFG/feeds.conf"
nfeeds=$(grep -c '^\[feed ' "$CFG/feeds.conf")
is "every feed's URL points at the local server" \
	"$(grep -c "^url *= *$S_URL/" "$CFG/feeds.conf")" "$nfeeds"

V() { "$VEILLE" --config "$CFG/feeds.conf" --db "$TMP/v.db" "$@"; }
expect_exit 0 "the shipped configuration passes veille check" V check
expect_exit 0 "first crawl of the shipped configuration: exit 0" V fetch -q
cp "$TMP/err" "$TMP/fetch.err"
lacks "no feed error on stderr" "$TMP/fetch.err" "."
V feeds --format json >"$TMP/feeds.json"
"$HTTPD_PY" - "$TMP/feeds.json" "$nfeeds" >"$TMP/health" <<'EOF'
import json, sys
feeds = json.load(open(sys.argv[1]))
bad = ["%s: %s (%s)" % (f["name"], f.get("health"), f.get("last_error"))
       for f in feeds if f.get("health") != "ok" or not f.get("items")]
print("%d feeds, %d unhealthy or empty" % (len(feeds), len(bad)))
for b in bad:
    print(b)
EOF
is "veille feeds: every feed healthy, with items" "$(head -n 1 "$TMP/health")" \
	"$nfeeds feeds, 0 unhealthy or empty"
[ "$(wc -l <"$TMP/health")" -gt 1 ] && sed 1d "$TMP/health" | sed 's/^/#   /'
is "OAI-PMH: the resumption token followed to the second page" \
	"$(requests "$TMP/S.log" /api.archives-ouvertes.fr/oai/hal/)" 2
contains "OAI-PMH: the token alone on the second request" "$TMP/S.log" \
	'"path": "/api.archives-ouvertes.fr/oai/hal/\?verb=ListRecords&resumptionToken=6960524%7[cC]1001"'
is "arXiv: one request per feed (a short page ends the harvest)" \
	"$(requests "$TMP/S.log" /export.arxiv.org/api/query)" 4

# Recognised from its content, paged by the URL's max_results, up to
# max_pages.
cat >"$TMP/arxiv.conf" <<EOT
[feed arxiv-detected]
url = $S_URL/export.arxiv.org/api/query?search_query=all:testing&max_results=10
kind = publication
max_pages = 2
EOT
"$VEILLE" --config "$TMP/arxiv.conf" --db "$TMP/a.db" fetch -q >"$TMP/out" 2>"$TMP/err"
is "detected arXiv feed: exit 0" "$?" 0
lacks "detected arXiv feed: no paging error" "$TMP/err" "invalid page"
contains "detected arXiv feed: second page asked" "$TMP/S.log" \
	'"path": "/export.arxiv.org/api/query\?search_query=all:testing&start=10&max_results=10"'
"$VEILLE" --config "$TMP/arxiv.conf" --db "$TMP/a.db" feeds --format json >"$TMP/a.json"
is "detected arXiv feed: twenty papers over two pages" \
	"$("$HTTPD_PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["items"])' "$TMP/a.json")" 20

# OAI-PMH without Dublin Core: the feed fails, naming the problem, and
# nothing is stored.
cat >"$TMP/oai.conf" <<EOT
[feed hal-tei]
url = $S_URL/oai-tei/?verb=ListRecords&metadataPrefix=xml-tei
kind = publication
format = oai-pmh
[feed nsdl-ids]
url = $S_URL/oai-ids/?verb=ListIdentifiers&metadataPrefix=nsdl_dc
kind = publication
EOT
"$VEILLE" --config "$TMP/oai.conf" --db "$TMP/o.db" fetch -q >"$TMP/out" 2>"$TMP/err"
is "OAI-PMH without metadata: exit 1" "$?" 1
contains "TEI: the error names the prefix and the fix" "$TMP/err" \
	"^fetch 'hal-tei': .*no oai_dc metadata in GetRecord \(metadataPrefix 'xml-tei'\); set metadataPrefix=oai_dc"
contains "ListIdentifiers: the error says to list records" "$TMP/err" \
	"^fetch 'nsdl-ids': .*ListIdentifiers gives no metadata; set verb=ListRecords&metadataPrefix=oai_dc"
"$VEILLE" --config "$TMP/oai.conf" --db "$TMP/o.db" feeds --format json >"$TMP/o.json"
is "OAI-PMH without metadata: both feeds in error, no item stored" \
	"$("$HTTPD_PY" -c 'import json,sys; print(" ".join("%s:%s:%s" % (f["name"], f["health"], f["items"]) for f in json.load(open(sys.argv[1]))))' "$TMP/o.json")" \
	"hal-tei:error:0 nsdl-ids:error:0"
