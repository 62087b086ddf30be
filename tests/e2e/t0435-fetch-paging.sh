#!/bin/sh
# fetcher paging helpers against a scripted OAI-PMH server: ListRecords over
# three pages following resumptionToken (exclusive argument, special
# characters encoded), then an incremental re-harvest with from=.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "fetch paging"
start_httpd S

# Reads the JSON result on stdin; prints "RECORDS TOKEN" of its body.
page() {
	"$HTTPD_PY" -c 'import json,sys,xml.etree.ElementTree as ET
r=json.load(sys.stdin); ns={"o":"http://www.openarchives.org/OAI/2.0/"}
d=ET.fromstring(r["body"]); e=d.find("o:error",ns)
if e is not None: print("error", e.get("code")); sys.exit()
t=d.find(".//o:resumptionToken",ns)
print(len(d.findall(".//o:record",ns)), (t.text or "") if t is not None else "")'
}

base="$S_URL/oai?verb=ListRecords&metadataPrefix=oai_dc"
url=$base
total=0 pages=0
while [ $pages -lt 10 ]; do
	set -- $("$FETCH" --body "$url" | page)
	[ "$1" = error ] && { not_ok "oai page $pages" "error $2"; break; }
	total=$((total + $1)) pages=$((pages + 1))
	[ -z "${2:-}" ] && break
	url=$("$FETCH" --oai-next "$base" "$2") || { not_ok "oai next url" "$url"; break; }
done
is "ListRecords: three pages" "$pages" 3
is "ListRecords: six records" "$total" 6
contains "second page asked with the token alone, encoded" "$TMP/S.log" \
	'"path": "/oai\?verb=ListRecords&resumptionToken=p2%2[fF]x%2[bB]y%3[dD]%26z"'
contains "third page asked" "$TMP/S.log" '"path": "/oai\?verb=ListRecords&resumptionToken=p3"'

url=$("$FETCH" --oai-from "$S_URL/oai?metadataPrefix=oai_dc&resumptionToken=stale" 2026-11-05)
set -- $("$FETCH" --body "$url" | page)
is "incremental harvest from 2026-11-05: two records, no token" "$1/${2:-}" "2/"
contains "from= sent, stale token dropped" "$TMP/S.log" '"path": "/oai\?verb=ListRecords&metadataPrefix=oai_dc&from=2026-11-05"'

set -- $("$FETCH" --body "$("$FETCH" --oai-from "$base" 2026-12-01)" | page)
is "incremental harvest with nothing new: noRecordsMatch" "$*" "error noRecordsMatch"

# arXiv: start/max_results pages until a short page.
q="$S_URL/arxiv?search_query=all:%22predictive+maintenance%22&sortBy=submittedDate&start=99"
start=0 total=0 pages=0
while [ $pages -lt 10 ]; do
	url=$("$FETCH" --arxiv-page "$q" $start 4)
	n=$("$FETCH" --body "$url" | "$HTTPD_PY" -c 'import json,sys; print(json.load(sys.stdin)["body"].count("<entry>"))')
	total=$((total + n)) pages=$((pages + 1)) start=$((start + 4))
	[ "$n" -lt 4 ] && break
done
is "arXiv: three pages of at most 4" "$pages" 3
is "arXiv: ten entries" "$total" 10
contains "arXiv: query kept, start replaced" "$TMP/S.log" \
	'"path": "/arxiv\?search_query=all:%22predictive\+maintenance%22&sortBy=submittedDate&start=8&max_results=4"'
