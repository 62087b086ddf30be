#!/bin/sh
# A server whose answer has no status line (HTTP/0.9) or a malformed one is
# named as such (issue 24, item 9), not "unsupported protocol (only http
# and https)", which sent the reader looking at the feed's URL. A raw TCP
# server on 127.0.0.1 writes each answer byte for byte.
. tests/e2e/lib.sh
. tests/e2e/httpd.inc
need_httpd "answers that are not HTTP"
cat >"$TMP/raw.py" <<'EOP'
import socket, sys, threading
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
ans = {b"/h09": b"<rss version='2.0'><channel><title>x</title></channel></rss>\n",
       b"/badversion": b"HTTP/1.1 OK-ish\r\nContent-Length: 2\r\n\r\nok",
       b"/notproto": b"FOO/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
       b"/badcode": b"HTTP/1.1 999999 Odd\r\nContent-Length: 2\r\n\r\nok",
       b"/fine": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"}
def serve(c):
    req = b""
    while b"\r\n\r\n" not in req:
        d = c.recv(4096)
        if not d:
            break
        req += d
    path = req.split(b" ")[1] if b" " in req else b"/"
    c.sendall(ans.get(path, b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))
    c.close()
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
EOP
"$HTTPD_PY" "$TMP/raw.py" "$TMP/port" &
track $!
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
U=http://127.0.0.1:$(cat "$TMP/port")
"$FETCH" "$U/h09" "$U/badversion" "$U/notproto" "$U/badcode" "$U/fine" >"$TMP/r"
n=1
for p in h09 badversion notproto badcode; do
	is "$p: a network error" "$(field "$TMP/r" $n status)" network-error
	contains "$p: the answer is said not to be HTTP" "$TMP/r" \
		"'$U/$p': the server's answer is not HTTP: no status line \(HTTP/0.9\) or a malformed one \(.+\)"
	n=$((n + 1))
done
lacks "no answer is called an unsupported protocol" "$TMP/r" "unsupported protocol"
is "a good status line on the same server: ok" "$(field "$TMP/r" 5 status)" ok
"$FETCH" "ftp://127.0.0.1/x" >"$TMP/r"
contains "an ftp URL stays an unsupported protocol" "$TMP/r" "unsupported protocol \(only http and https\)"
