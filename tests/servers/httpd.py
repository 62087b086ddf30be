#!/usr/bin/python3
"""A scripted HTTP/1.1 server for end-to-end tests, loopback only.

usage: httpd.py --port-file FILE --log FILE [--bind 127.0.0.1] [--script F]
                [--tls CERT KEY]

It listens on a free port of the given loopback address, writes the port to
--port-file once ready, logs every request as one JSON line (method, path,
headers, client port, requests in flight when it started) to --log, and
stops on SIGTERM. Behaviour comes from the path (conventions below) or from a
JSON script {"/path": {"status": 200, "headers": {...}, "body": "..."}}
(read again whenever its file changes, so a test can change the answers
between runs without a new port);
"body_b64" instead of "body" gives raw bytes (other charsets), "file" the
bytes of a file. A path may map to a list of such answers, each with an
optional "query": {"name": "value", ...}: the first whose parameters all
match answers (a capture per page of a harvest).

Path conventions (query parameters in brackets):
  /ok[?etag=E&lm=HTTPDATE&etag304=E2&body=TEXT&ct=TYPE]  200 with validators,
        304 when If-None-Match or If-Modified-Since match (etag304: a new
        ETag sent with the 304)
  /gzip, /deflate[?size=N]     compressed body when accepted
  /coded?enc=NAME[&bad=1]      a feed with Content-Encoding NAME whatever was
        accepted: gzip, deflate (zlib) or rawdeflate (sent as "deflate",
        without zlib's wrapper); bad=1 or any other NAME: bytes that are not
        in that coding
  /redir/CODE/N                N redirects of CODE, then /ok
  /redirect?code=C&to=URL      one redirect anywhere (file:, ftp:, dict:...)
  /loop                        endless redirect loop
  /status/CODE[?retry-after=V] that status, with Retry-After when given
  /trickle                     one byte a second, forever
  /reset                       connection reset without an answer
  /truncated                   Content-Length larger than what is sent
  /big?size=N                  N bytes
  /bomb                        small gzip expanding to 64 MiB
  /endless                     chunked body that never ends
  /hugeheaders?size=N          N bytes of headers
  /html                        an HTML page advertising feeds
  /cache?max-age=N|expires=D   200 with Cache-Control / Expires
  /slow?delay=S                answers after S seconds
  /oai?verb=ListRecords&metadataPrefix=oai_dc[&from=D]   OAI-PMH over
        three pages of two records (datestamps 2026-11-01..06), following
        resumptionToken (exclusive: any other argument is badArgument)
  /arxiv?start=S&max_results=N arXiv-like Atom page of 10 entries in all
"""
import base64
import argparse
import email.utils
import gzip
import json
import os
import signal
import socket
import struct
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

RSS = (b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
       b'<title>Test feed</title><link>http://example.org/</link>'
       b'<item><title>Maintenance pr\xc3\xa9dictive</title><guid>1</guid></item>'
       b'</channel></rss>\n')
LM = "Wed, 01 Jan 2025 00:00:00 GMT"

state = {"inflight": 0, "lock": threading.Lock(), "log": None, "script": {},
         "bomb": None, "script_path": None, "script_mtime": None}


def script():
    """The script, read again when its file changed since last read."""
    path = state["script_path"]
    if path:
        with state["lock"]:
            m = os.stat(path).st_mtime_ns
            if m != state["script_mtime"]:
                with open(path) as f:
                    state["script"] = json.load(f)
                state["script_mtime"] = m
    return state["script"]


def bomb():
    with state["lock"]:
        if state["bomb"] is None:
            c = zlib.compressobj(9, zlib.DEFLATED, 31)
            zero = bytes(1 << 20)
            parts = [c.compress(zero) for _ in range(64)]
            parts.append(c.flush())
            state["bomb"] = b"".join(parts)
    return state["bomb"]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "veille-test-httpd"

    def log_message(self, fmt, *args):
        pass

    def log_request_line(self):
        rec = {"method": self.command, "path": self.path,
               "headers": {k.lower(): v for k, v in self.headers.items()},
               "port": self.client_address[1],
               "inflight": state["inflight"], "t": time.time()}
        with state["lock"]:
            state["log"].write(json.dumps(rec) + "\n")
            state["log"].flush()

    def send(self, code, body=b"", headers=None, ctype="application/rss+xml"):
        self.send_response(code)
        hdrs = dict(headers or {})
        if body is not None:
            hdrs.setdefault("Content-Type", ctype)
            hdrs.setdefault("Content-Length", str(len(body)))
        for k, v in hdrs.items():
            self.send_header(k, v)
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def answered(self):
        # Counted out before the answer leaves, so a client that sends its
        # next request as soon as it reads this one is never counted twice.
        with state["lock"]:
            if self._counted:
                self._counted = False
                state["inflight"] -= 1

    def send_response(self, *args, **kwargs):
        self.answered()
        super().send_response(*args, **kwargs)

    def do_GET(self):
        with state["lock"]:
            state["inflight"] += 1
            self._counted = True
        try:
            self.log_request_line()
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            self.answered()

    def route(self):
        u = urlsplit(self.path)
        q = {k: v[-1] for k, v in parse_qs(u.query).items()}
        p = u.path
        sc = script()
        if p in sc:
            s = sc[p]
            if isinstance(s, list):
                s = next((v for v in s if all(q.get(k) == x for k, x in
                                              v.get("query", {}).items())),
                         {"status": 404, "body": "no variant\n"})
            if "file" in s:
                with open(s["file"], "rb") as f:
                    body = f.read()
            elif "body_b64" in s:
                body = base64.b64decode(s["body_b64"])
            else:
                body = s.get("body", "").encode()
            self.send(s.get("status", 200), body, s.get("headers"))
            return
        parts = p.strip("/").split("/")
        name = parts[0]
        if name == "ok":
            etag = q.get("etag", '"v1"')
            lm = q.get("lm", LM)
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            if (inm and inm == etag) or (not inm and ims and ims == lm):
                h = {}
                if "etag304" in q:
                    h["ETag"] = q["etag304"]
                self.send(304, None, h)
                return
            body = q.get("body", "").encode() or RSS
            self.send(200, body, {"ETag": etag, "Last-Modified": lm},
                      q.get("ct", "application/rss+xml; charset=UTF-8"))
        elif name in ("gzip", "deflate"):
            size = int(q.get("size", "100000"))
            raw = (RSS * (size // len(RSS) + 1))[:size]
            ae = self.headers.get("Accept-Encoding", "")
            if name in ae:
                if name == "gzip":
                    body = gzip.compress(raw)
                else:
                    body = zlib.compress(raw)
                self.send(200, body, {"Content-Encoding": name})
            else:
                self.send(200, raw)
        elif name == "coded":
            enc = q.get("enc", "gzip")
            body = b"this is not %s data, just text" % enc.encode()
            if q.get("bad") != "1":
                if enc == "gzip":
                    body = gzip.compress(RSS)
                elif enc == "deflate":
                    body = zlib.compress(RSS)
                elif enc == "rawdeflate":
                    c = zlib.compressobj(6, zlib.DEFLATED, -15)
                    body = c.compress(RSS) + c.flush()
            if enc == "rawdeflate":
                enc = "deflate"
            self.send(200, body, {"Content-Encoding": enc})
        elif name == "redir":
            code, n = int(parts[1]), int(parts[2])
            to = "/ok" if n <= 1 else "/redir/%d/%d" % (code, n - 1)
            self.send(code, b"", {"Location": to})
        elif name == "redirect":
            self.send(int(q.get("code", "302")), b"",
                      {"Location": q.get("to", "/ok")})
        elif name == "loop":
            self.send(302, b"", {"Location": "/loop2" if p == "/loop" else "/loop"})
        elif name == "loop2":
            self.send(302, b"", {"Location": "/loop"})
        elif name == "status":
            h = {}
            if "retry-after" in q:
                ra = q["retry-after"]
                if ra.startswith("+"):
                    ra = email.utils.formatdate(time.time() + int(ra[1:]),
                                                usegmt=True)
                h["Retry-After"] = ra
            self.send(int(parts[1]), b"status page\n", h, "text/plain")
        elif name == "trickle":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(100000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(1)
        elif name == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
        elif name == "truncated":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(RSS[:100])
            self.wfile.flush()
            self.close_connection = True
        elif name == "big":
            self.send(200, b"x" * int(q.get("size", "1000000")))
        elif name == "bomb":
            self.send(200, bomb(), {"Content-Encoding": "gzip"})
        elif name == "endless":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"y" * 65536
            while True:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        elif name == "hugeheaders":
            size = int(q.get("size", str(4 << 20)))
            self.send_response(200)
            line = "a" * 8000
            for i in range(size // 8000 + 1):
                self.send_header("X-Filler-%d" % i, line)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif name == "html":
            base = "http://%s:%d" % self.server.server_address[:2]
            body = ('<!DOCTYPE html><html><head><title>News</title>'
                    '<link rel="stylesheet" href="/style.css">'
                    '<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.rss">'
                    '<LINK REL="Alternate" TYPE="application/atom+xml" href="atom.xml" title="Atom">'
                    '<link rel="alternate" type="application/feed+json" href="%s/feed.json">'
                    '<link rel="alternate" type="text/html" href="/fr/">'
                    '</head><body><p>Not a feed<p>unclosed</body></html>' % base)
            self.send(200, body.encode(), None, "text/html; charset=utf-8")
        elif name == "cache":
            h = {}
            if "max-age" in q:
                h["Cache-Control"] = "public, max-age=" + q["max-age"]
            if "expires" in q:
                h["Expires"] = email.utils.formatdate(time.time() + int(q["expires"]), usegmt=True)
            self.send(200, RSS, h)
        elif name == "oai":
            self.oai(parse_qs(u.query))
        elif name == "arxiv":
            start, n = int(q.get("start", "0")), int(q.get("max_results", "10"))
            ids = range(start, min(start + n, 10))
            entries = "".join('<entry><id>http://arxiv.org/abs/2611.%05d</id>'
                              '<title>Paper %d</title></entry>' % (i, i) for i in ids)
            body = ('<?xml version="1.0" encoding="UTF-8"?><feed xmlns='
                    '"http://www.w3.org/2005/Atom"><title>arXiv</title>%s</feed>'
                    % entries)
            self.send(200, body.encode(), None, "application/atom+xml")
        elif name == "slow":
            time.sleep(float(q.get("delay", "1")))
            self.send(200, RSS)
        else:
            self.send(404, b"not found\n", None, "text/plain")


OAI_TOKENS = {"": 0, "p2/x+y=&z": 2, "p3": 4}


def oai_page(records, token_next, cursor, total):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns='
           '"http://www.openarchives.org/OAI/2.0/"><responseDate>'
           '2026-11-29T00:00:00Z</responseDate><request verb="ListRecords">'
           'http://127.0.0.1/oai</request><ListRecords>']
    for i in records:
        out.append('<record><header><identifier>oai:test:%d</identifier>'
                   '<datestamp>2026-11-%02d</datestamp></header><metadata>'
                   '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"'
                   ' xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Record %d'
                   '</dc:title></oai_dc:dc></metadata></record>' % (i, i, i))
    if token_next is not None:
        out.append('<resumptionToken completeListSize="%d" cursor="%d">%s'
                   '</resumptionToken>' % (total, cursor, token_next
                                           .replace("&", "&amp;")))
    elif cursor:
        out.append('<resumptionToken completeListSize="%d" cursor="%d"/>'
                   % (total, cursor))
    out.append('</ListRecords></OAI-PMH>\n')
    return "".join(out).encode()


def oai_error(code):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns='
            '"http://www.openarchives.org/OAI/2.0/"><error code="%s"/>'
            '</OAI-PMH>\n' % code).encode()


def _oai(self, args):
    a = {k: v[-1] for k, v in args.items()}
    if a.get("verb") != "ListRecords":
        return self.send(200, oai_error("badVerb"), None, "text/xml")
    if "resumptionToken" in a:
        if set(a) != {"verb", "resumptionToken"}:
            return self.send(200, oai_error("badArgument"), None, "text/xml")
        tok = a["resumptionToken"]
        if tok not in OAI_TOKENS or not tok:
            return self.send(200, oai_error("badResumptionToken"), None, "text/xml")
        first = OAI_TOKENS[tok] + 1
        recs = [first, first + 1]
        nxt = "p3" if first == 3 else None
        return self.send(200, oai_page(recs, nxt, first - 1, 6), None, "text/xml")
    if a.get("metadataPrefix") != "oai_dc":
        return self.send(200, oai_error("cannotDisseminateFormat"), None, "text/xml")
    lo = a.get("from", "")[:10]
    recs = [i for i in range(1, 7) if "2026-11-%02d" % i >= lo]
    if not recs:
        return self.send(200, oai_error("noRecordsMatch"), None, "text/xml")
    if len(recs) > 2:
        return self.send(200, oai_page(recs[:2], "p2/x+y=&z", 0, 6), None, "text/xml")
    return self.send(200, oai_page(recs, None, 0, len(recs)), None, "text/xml")


Handler.oai = _oai


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request, client_address):
        pass  # clients hanging up mid-answer are what the tests do


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--script")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"),
                    help="serve HTTPS with this certificate")
    a = ap.parse_args()
    if not a.bind.startswith("127."):
        sys.exit("httpd.py: loopback addresses only")
    if a.script:
        state["script_path"] = a.script
        script()
    state["log"] = open(a.log, "a")
    srv = Server((a.bind, 0), Handler)
    if a.tls:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, a.port_file)

    def stop(*_):
        threading.Thread(target=srv.shutdown, daemon=True).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    srv.serve_forever(poll_interval=0.2)
    srv.server_close()


if __name__ == "__main__":
    main()
