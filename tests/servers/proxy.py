#!/usr/bin/env python3
"""A forwarding HTTP proxy for end-to-end tests, bound to loopback.

    proxy.py --port-file FILE --log FILE [--bind 127.0.0.1]

Takes "GET http://host:port/path HTTP/1.1" requests, forwards them with
http.client (no proxy of its own, no redirect followed: a 3xx goes back to
the client as it came) and logs each forwarded URL as a JSON line. It only
ever connects to 127.0.0.0/8 ("localhost" is 127.0.0.1): any other target
gets 403 and is logged as refused, so a test can never send traffic off the
machine through it. Stops on SIGTERM.
"""
import argparse
import http.client
import ipaddress
import json
import signal
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG_LOCK = threading.Lock()


def loopback(host):
    if host == "localhost":
        return "127.0.0.1"
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
    return str(ip) if ip.version == 4 and ip in ipaddress.ip_network("127.0.0.0/8") else None


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def record(self, url, outcome):
        with LOG_LOCK, open(self.server.logfile, "a") as f:
            f.write(json.dumps({"url": url, "outcome": outcome}) + "\n")

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        target = loopback(u.hostname or "")
        if u.scheme != "http" or target is None:
            self.record(self.path, "refused")
            self.send_response(403)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path = u.path or "/"
        if u.query:
            path += "?" + u.query
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("proxy-connection", "connection")}
        try:
            c = http.client.HTTPConnection(target, u.port or 80, timeout=10)
            c.request("GET", path, headers=headers)
            r = c.getresponse()
            body = r.read()
        except OSError as e:
            self.record(self.path, "error: %s" % e)
            self.send_response(502)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.record(self.path, r.status)
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    a = ap.parse_args()
    if loopback(a.bind) is None:
        sys.exit("proxy.py: binds loopback only")
    srv = ThreadingHTTPServer((a.bind, 0), Proxy)
    srv.daemon_threads = True
    srv.logfile = a.log
    open(a.log, "w").close()

    def stop(*_):
        threading.Thread(target=srv.shutdown).start()
    signal.signal(signal.SIGTERM, stop)
    with open(a.port_file, "w") as f:
        f.write(str(srv.server_address[1]))
    srv.serve_forever()


if __name__ == "__main__":
    main()
