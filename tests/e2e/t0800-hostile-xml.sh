#!/bin/sh
# Hostile documents the parser tests (t0102) do not cover: 100 000 levels
# of nesting, a 100 MB attribute, invalid UTF-8 everywhere, NUL bytes, an
# external entity pointing at a live loopback server (never contacted),
# windows-1252 bytes libxml2 cannot convert; and a server announcing a 2 GB
# Content-Length that never arrives. Each ends in a clean answer or a clean
# error: no crash, bounded output, no request made.
. tests/e2e/lib.sh
PY=/usr/bin/python3

# parse_ok DESC FILE: exit 0 or 1 with a message, never a crash; output
# kept in $TMP/out
parse_ok() {
	"$VEILLE" parse "$2" >"$TMP/out" 2>"$TMP/err"
	_rc=$?
	if grep -q 'Sanitizer\|runtime error' "$TMP/err"; then
		not_ok "$1: no sanitizer report" "$(head -5 "$TMP/err")"
	elif [ $_rc -eq 0 ] || { [ $_rc -eq 1 ] && [ -s "$TMP/err" ]; }; then
		ok "$1 (exit $_rc)"
	else
		not_ok "$1 (exit $_rc)" "$(head -c 500 "$TMP/err")"
	fi
}
utf8_ok() {
	if "$PY" -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$2" 2>/dev/null; then
		ok "$1: output is valid UTF-8"
	else
		not_ok "$1: output is valid UTF-8"
	fi
}

if [ ! -x "$PY" ]; then
	skip "hostile XML" "$PY needed to generate the documents"
	exit 0
fi

# 100 000 nested elements inside an item
"$PY" - >"$TMP/deep.xml" <<'PYEOF'
import sys
n = 100000
sys.stdout.write('<rss version="2.0"><channel><title>deep</title><item><title>t</title><guid>d1</guid><description>')
sys.stdout.write("<a>" * n + "x" + "</a>" * n)
sys.stdout.write('</description></item><item><title>after</title><guid>d2</guid></item></channel></rss>')
PYEOF
parse_ok "100 000 nested elements" "$TMP/deep.xml"
s=$(wc -c <"$TMP/out")
if [ "$s" -lt 100000 ]; then ok "deep nesting: output bounded ($s bytes)"; else not_ok "deep nesting: output bounded ($s bytes)"; fi

# 100 000 nested elements at the top (the parser's own element stack)
"$PY" - >"$TMP/deep2.xml" <<'PYEOF'
import sys
n = 100000
sys.stdout.write('<rss version="2.0"><channel><title>deep</title>' + "<x>" * n + "</x>" * n + '</channel></rss>')
PYEOF
parse_ok "100 000 nested unknown elements" "$TMP/deep2.xml"

# an attribute of 100 MB (on the item's link and on an enclosure)
"$PY" - >"$TMP/attr.xml" <<'PYEOF'
import sys
w = sys.stdout.write
w('<feed xmlns="http://www.w3.org/2005/Atom"><title>attr</title><entry><id>a1</id><title>big</title><link rel="alternate" href="https://x.example/')
chunk = "a" * (1 << 20)
for _ in range(100):
    w(chunk)
w('"/></entry><entry><id>a2</id><title>next</title></entry></feed>')
PYEOF
parse_ok "100 MB attribute" "$TMP/attr.xml"
s=$(wc -c <"$TMP/out")
if [ "$s" -lt 5000000 ]; then ok "100 MB attribute: not copied to the output ($s bytes)"; else not_ok "100 MB attribute: output of $s bytes"; fi
rm -f "$TMP/attr.xml"

# invalid UTF-8 in every place: names, attributes, text, CDATA, comments
"$PY" - >"$TMP/badutf8.xml" <<'PYEOF'
import sys
b = b'\xff\xfe\xc0\xaf\xed\xa0\x80\xf8\x88\x80\x80\x80\x80'
doc = (b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>' + b +
       b'</title><item x' + b + b'="' + b + b'"><title>caf' + b + b'</title><guid>g' + b +
       b'</guid><description><![CDATA[' + b + b']]>' + b + b'</description><!-- ' + b +
       b' --><link>https://x.example/' + b + b'</link></item><item><title>second</title><guid>g2</guid></item></channel></rss>')
sys.stdout.buffer.write(doc)
PYEOF
parse_ok "invalid UTF-8 everywhere" "$TMP/badutf8.xml"
utf8_ok "invalid UTF-8 everywhere" "$TMP/out"
contains "invalid UTF-8: the second item survives" "$TMP/out" '"second"'

# NUL bytes in text, in a tag and at the start
printf '<rss version="2.0"><channel><title>nul\000here</title><item><title>a\000b</title><guid>n1</guid></item><it\000em><title>second</title><guid>n2</guid></item></channel></rss>' >"$TMP/nul.xml"
parse_ok "NUL bytes" "$TMP/nul.xml"
if tr -d '\000' <"$TMP/out" | cmp -s - "$TMP/out"; then ok "NUL bytes: none in the output"; else not_ok "NUL bytes: none in the output"; fi
printf '\000\000\000<rss version="2.0"><channel><title>x</title></channel></rss>' >"$TMP/nul0.xml"
parse_ok "NUL bytes first" "$TMP/nul0.xml"

# windows-1252 text with the five bytes it leaves undefined: the rest of
# the document must not be lost (libxml2's converter stops there)
printf '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>t</title><item><title>\223caf\351\224 \201\215\217\220\235 one</title><guid>1</guid></item><item><title>two</title><guid>2</guid></item></channel></rss>' >"$TMP/cp.xml"
parse_ok "windows-1252 with undefined bytes" "$TMP/cp.xml"
contains "windows-1252: both items kept" "$TMP/out" '"title":"two"'
contains "windows-1252: text converted" "$TMP/out" 'café'
printf '<rss version="2.0"><channel><title>t</title><item><title>caf\351 \235 one</title><guid>1</guid></item><item><title>two</title><guid>2</guid></item></channel></rss>' >"$TMP/cp2.xml"
parse_ok "undeclared Latin text with an undefined byte" "$TMP/cp2.xml"
contains "undeclared Latin: both items kept" "$TMP/out" '"title":"two"'

# XXE against a live loopback server: the parser must never connect
"$PY" - "$TMP/xxe.port" "$TMP/xxe.hits" <<'PYEOF' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(5)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
hits = 0
s.settimeout(20)
try:
    while True:
        c, _ = s.accept()
        hits += 1
        open(sys.argv[2], "w").write(str(hits))
        c.sendall(b"HTTP/1.0 200 OK\r\n\r\n<!ENTITY x 'LEAKED'>")
        c.close()
except socket.timeout:
    pass
PYEOF
track $!
i=0
while [ ! -s "$TMP/xxe.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$TMP/xxe.port")
cat >"$TMP/xxe-net.xml" <<XEOF
<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY ext SYSTEM "http://127.0.0.1:$port/entity">
<!ENTITY % pe SYSTEM "http://127.0.0.1:$port/dtd">
%pe;
]>
<rss version="2.0"><channel><title>net</title>
<item><title>a &ext; b</title><guid>x1</guid></item></channel></rss>
XEOF
parse_ok "XXE over the network" "$TMP/xxe-net.xml"
lacks "XXE over the network: nothing fetched into the output" "$TMP/out" LEAKED
if [ -s "$TMP/xxe.hits" ]; then not_ok "XXE over the network: the server was never contacted" "$(cat "$TMP/xxe.hits") connections"; else ok "XXE over the network: the server was never contacted"; fi

# HTTP: a 2 GB Content-Length, a few bytes, then silence
FETCH="$TOOLS/fetchtool"
if [ -x "$FETCH" ]; then
	"$PY" - "$TMP/cl.port" <<'PYEOF' &
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(5)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
s.settimeout(30)
try:
    while True:
        c, _ = s.accept()
        c.recv(65536)
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                  b"Content-Length: 2147483648\r\n\r\n<rss version=\"2.0\"><channel>")
        time.sleep(8)
        c.close()
except socket.timeout:
    pass
PYEOF
	track $!
	i=0
	while [ ! -s "$TMP/cl.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	"$FETCH" --max-bytes 4000000 "http://127.0.0.1:$(cat "$TMP/cl.port")/feed" >"$TMP/r" 2>"$TMP/err"
	contains "2 GB Content-Length: refused as too big before reading" "$TMP/r" '"status":"too-big"'
	"$FETCH" --max-bytes 4000000000 --low-speed 100:2 "http://127.0.0.1:$(cat "$TMP/cl.port")/feed" >"$TMP/r" 2>"$TMP/err"
	contains "2 GB Content-Length under a higher limit: the stall ends in a time-out" "$TMP/r" '"status":"(timeout|network-error)"'
else
	skip "2 GB Content-Length" "$FETCH not built"
fi
