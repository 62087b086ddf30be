#!/usr/bin/python3
"""The network of a night's crawl, on loopback only (bench/b45-schedule.sh).

usage: schedule-server.py --dir OUT --hosts H --feeds K [--seed S]
                          [--median 0.3] [--sigma 0.8] [--max 2.0]
                          [--bandwidth 2000000] FEEDFILE...

H hosts, 127.0.0.1 .. 127.0.0.H, on one port, K feeds each
(http://127.0.0.h:PORT/fNNNN.xml), each feed the bytes of one FEEDFILE in
turn. Every host answers after its own delay, drawn once from a
log-normal law (median, sigma, at most max seconds), then sends at
`bandwidth` bytes a second per connection; gzip when accepted, ETag and
Last-Modified, 304 when a validator matches. HTTP/1.1 with keep-alive.

Writes OUT/port, OUT/plan.json (each feed: url, host, delay, bytes, gzip
bytes) once ready. On SIGUSR1, writes OUT/stats.json (connections
accepted, requests, 304s, bytes sent, most requests in flight on one host,
per host too) and starts counting afresh. Stops on SIGTERM.
"""
import argparse
import asyncio
import email.utils
import gzip
import hashlib
import json
import math
import os
import random
import signal
import socket
import sys

LM = email.utils.formatdate(1795000000, usegmt=True)


class Stats:
    def __init__(self):
        self.reset()

    def reset(self):
        self.connections = 0
        self.requests = 0
        self.not_modified = 0
        self.bytes = 0
        self.inflight = {}
        self.most = {}
        self.conns = {}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--hosts", type=int, default=100)
    ap.add_argument("--feeds", type=int, default=10)
    ap.add_argument("--seed", type=int, default=25)
    ap.add_argument("--median", type=float, default=0.3)
    ap.add_argument("--sigma", type=float, default=0.8)
    ap.add_argument("--max", type=float, default=2.0)
    ap.add_argument("--bandwidth", type=float, default=2e6)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    if not 1 <= a.hosts <= 250:
        sys.exit("schedule-server: 1..250 hosts (127.0.0.1 .. 127.0.0.250)")
    rnd = random.Random(a.seed)
    bodies = []
    for f in a.files:
        with open(f, "rb") as fh:
            raw = fh.read()
        bodies.append((raw, gzip.compress(raw, 6, mtime=0)))
    delays = [min(a.max, a.median * math.exp(rnd.gauss(0, a.sigma)))
              for _ in range(a.hosts)]
    feeds = {}
    plan = []
    n = 0
    # a free port on every address
    for _ in range(50):
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        socks = []
        try:
            for h in range(a.hosts):
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.%d" % (h + 1), port))
                s.listen(256)
                s.setblocking(False)
                socks.append(s)
            break
        except OSError:
            for s in socks:
                s.close()
            socks = []
    if not socks:
        sys.exit("schedule-server: no port free on every address")
    for h in range(a.hosts):
        host = "127.0.0.%d" % (h + 1)
        for _ in range(a.feeds):
            n += 1
            raw, gz = bodies[(n - 1) % len(bodies)]
            path = "/f%04d.xml" % n
            etag = '"%s"' % hashlib.sha1(raw + path.encode()).hexdigest()[:16]
            feeds[(host, path)] = (raw, gz, etag, delays[h])
            plan.append({"url": "http://%s:%d%s" % (host, port, path),
                         "host": host, "delay": delays[h], "bytes": len(raw),
                         "gzip_bytes": len(gz)})
    st = Stats()

    async def send_paced(w, data):
        chunk = 16384
        for i in range(0, len(data), chunk):
            part = data[i:i + chunk]
            w.write(part)
            await w.drain()
            st.bytes += len(part)
            await asyncio.sleep(len(part) / a.bandwidth)

    async def serve(r, w):
        host = w.get_extra_info("sockname")[0]
        st.connections += 1
        st.conns[host] = st.conns.get(host, 0) + 1
        try:
            while True:
                line = await r.readline()
                if not line:
                    return
                hdrs = {}
                while True:
                    h = await r.readline()
                    if h in (b"\r\n", b"\n", b""):
                        break
                    k, _, v = h.decode("latin-1").partition(":")
                    hdrs[k.strip().lower()] = v.strip()
                parts = line.decode("latin-1").split()
                path = parts[1] if len(parts) > 1 else "/"
                f = feeds.get((host, path.split("?")[0]))
                st.requests += 1
                st.inflight[host] = st.inflight.get(host, 0) + 1
                st.most[host] = max(st.most.get(host, 0), st.inflight[host])
                try:
                    if not f:
                        w.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                        await w.drain()
                        continue
                    raw, gz, etag, delay = f
                    await asyncio.sleep(delay)
                    inm = hdrs.get("if-none-match")
                    ims = hdrs.get("if-modified-since")
                    if (inm and etag in [t.strip() for t in inm.split(",")]) or \
                            (not inm and ims == LM):
                        st.not_modified += 1
                        w.write(("HTTP/1.1 304 Not Modified\r\nETag: %s\r\n"
                                 "Last-Modified: %s\r\n\r\n" % (etag, LM)).encode())
                        await w.drain()
                        continue
                    zipped = "gzip" in hdrs.get("accept-encoding", "")
                    body = gz if zipped else raw
                    head = ("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n"
                            "Content-Length: %d\r\nETag: %s\r\nLast-Modified: %s\r\n"
                            "%s\r\n" % (len(body), etag, LM,
                                        "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n"
                                        if zipped else ""))
                    w.write(head.encode())
                    await send_paced(w, body)
                finally:
                    st.inflight[host] -= 1
                if hdrs.get("connection", "").lower() == "close":
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            w.close()

    def dump():
        out = {"connections": st.connections, "requests": st.requests,
               "not_modified": st.not_modified, "bytes": st.bytes,
               "most_per_host": max(st.most.values()) if st.most else 0,
               "most_connections_per_host":
                   max(st.conns.values()) if st.conns else 0}
        tmp = os.path.join(a.dir, "stats.json.tmp")
        with open(tmp, "w") as fh:
            json.dump(out, fh)
        os.rename(tmp, os.path.join(a.dir, "stats.json"))
        st.reset()

    async def run():
        loop = asyncio.get_running_loop()
        servers = [await asyncio.start_server(serve, sock=s) for s in socks]
        stop = loop.create_future()
        loop.add_signal_handler(signal.SIGUSR1, dump)
        loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
        with open(os.path.join(a.dir, "plan.json"), "w") as fh:
            json.dump({"port": port, "bandwidth": a.bandwidth,
                       "feeds": plan}, fh)
        with open(os.path.join(a.dir, "port.tmp"), "w") as fh:
            fh.write("%d\n" % port)
        os.rename(os.path.join(a.dir, "port.tmp"), os.path.join(a.dir, "port"))
        await stop
        for s in servers:
            s.close()

    asyncio.run(run())


if __name__ == "__main__":
    main()
