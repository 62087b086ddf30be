#!/usr/bin/python3
"""A scriptable SMTP server for the digest tests (Debian's python3-aiosmtpd).

Binds 127.0.0.1 only. Each accepted message is written to DIR as NNN.eml
(the bytes as received) and every event is appended to DIR/log as one line
("mail FROM", preceded by "tls FROM" inside STARTTLS, "rcpt ADDR", "refused ADDR 550", "accepted NNN.eml RCPTS",
"tempfail 421", "drop-in-data", "auth USER"), so tests can count attempts
and prove what was or was not sent.

Faults, combinable:
  --refuse ADDR        answer 550 to RCPT TO:<ADDR> (repeatable)
  --tempfail N         answer 421 to the first N MAIL commands
  --drop-in-data N     close the connection in the middle of the first N DATA
  --stall-after N      after N accepted messages, never answer MAIL (logs
                       "stall"), so a test can kill the server mid-run
  --tls CERT KEY       advertise STARTTLS with this certificate
  --auth USER:PASS     require AUTH (PLAIN/LOGIN) with these credentials
"""
import argparse
import asyncio
import os
import signal
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, syntax


class State:
    def __init__(self, args):
        self.dir = args.dir
        self.refuse = set(a.lower() for a in args.refuse)
        self.tempfail = args.tempfail
        self.drops = args.drop_in_data
        self.count = 0
        self.stall_after = args.stall_after

    def log(self, line):
        with open(os.path.join(self.dir, "log"), "a", encoding="utf-8") as f:
            f.write(line + "\n")


class Handler:
    def __init__(self, st):
        self.st = st

    async def handle_MAIL(self, server, session, envelope, address, options):
        if self.st.stall_after >= 0 and self.st.count >= self.st.stall_after:
            self.st.log("stall")
            await asyncio.sleep(3600)
        if self.st.tempfail > 0:
            self.st.tempfail -= 1
            self.st.log("tempfail 421")
            return "421 4.3.2 Service not available, try again later"
        if getattr(server, "_tls_protocol", None) is not None:
            self.st.log("tls " + address)
        self.st.log("mail " + address)
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.lower() in self.st.refuse:
            self.st.log("refused %s 550" % address)
            return "550 5.1.1 <%s>: Recipient address rejected: no such user" % address
        self.st.log("rcpt " + address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.st.count += 1
        name = "%03d.eml" % self.st.count
        tmp = os.path.join(self.st.dir, name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, os.path.join(self.st.dir, name))
        self.st.log("accepted %s %s" % (name, ",".join(envelope.rcpt_tos)))
        return "250 2.0.0 Ok: queued as %s" % name


class FaultySMTP(SMTP):
    st = None

    @syntax("DATA")
    async def smtp_DATA(self, arg):
        if self.st.drops > 0 and self.envelope.rcpt_tos:
            self.st.drops -= 1
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            try:
                await asyncio.wait_for(self._reader.read(200), 5)
            except Exception:
                pass
            self.st.log("drop-in-data")
            self.transport.close()
            return
        return await super().smtp_DATA(arg)


class TheController(Controller):
    def __init__(self, handler, st, args, **kw):
        self.st = st
        self.args = args
        super().__init__(handler, **kw)

    def factory(self):
        FaultySMTP.st = self.st
        kw = dict(self.SMTP_kwargs)
        return FaultySMTP(self.handler, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--refuse", action="append", default=[])
    ap.add_argument("--tempfail", type=int, default=0)
    ap.add_argument("--drop-in-data", type=int, default=0)
    ap.add_argument("--stall-after", type=int, default=-1)
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--auth")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    st = State(args)
    kw = {}
    if args.tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.tls[0], args.tls[1])
        kw["tls_context"] = ctx
    if args.auth:
        user, pw = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (auth_data.login.decode() == user and
                  auth_data.password.decode() == pw)
            st.log("auth %s %s" % (auth_data.login.decode(), "ok" if ok else "bad"))
            return AuthResult(success=ok, handled=False,
                              message=None if ok else "535 5.7.8 Authentication credentials invalid")

        kw.update(authenticator=authenticator, auth_required=True,
                  auth_require_tls=bool(args.tls))
    ctl = TheController(Handler(st), st, args, hostname="127.0.0.1",
                        port=args.port, server_hostname="localhost", **kw)
    ctl.start()
    stop = []
    signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
    signal.signal(signal.SIGINT, lambda *a: stop.append(1))
    try:
        while not stop:
            signal.pause()
    finally:
        ctl.stop()


if __name__ == "__main__":
    sys.exit(main())
