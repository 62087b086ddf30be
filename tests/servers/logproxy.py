#!/usr/bin/python3
"""An HTTP server and proxy on 127.0.0.1 that logs every request it sees.

Started as the browser's proxy for everything (loopback included), it is the
only way out of the browser: each request, to any host, lands in LOG as one
line "METHOD URL REFERER". Requests for /NAME on this server are served from
DIR; anything else gets 404 and is only logged.
usage: logproxy.py PORT DIR LOG"""
import http.server
import os
import sys
import urllib.parse

port, root, logpath = int(sys.argv[1]), sys.argv[2], sys.argv[3]


class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def _log(self):
        with open(logpath, "a") as f:
            f.write("%s %s %s\n" % (self.command, self.path,
                                    self.headers.get("Referer", "-")))

    def do_GET(self):
        self._log()
        u = urllib.parse.urlsplit(self.path)
        name = os.path.basename(u.path)
        local = u.netloc in ("", "127.0.0.1:%d" % port)
        p = os.path.join(root, name)
        if local and name and os.path.isfile(p):
            body = open(p, "rb").read()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        else:
            body = b"not here\n"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_POST = do_GET

    def do_CONNECT(self):
        self._log()
        self.send_response(403)
        self.end_headers()


http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
