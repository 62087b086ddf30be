#!/usr/bin/python3
"""Checks the digests an SMTP test server received, with Python's email
package: prints one "ok - ..." or "not ok - ..." line per check.
usage: checkmail.py MAILDIR"""
import email
import email.policy
import glob
import os
import re
import sys

maildir = sys.argv[1]
checks = []


def check(cond, what, detail=""):
    print(("ok - " if cond else "not ok - ") + what)
    if not cond and detail:
        print("#   " + str(detail)[:500].replace("\n", "\n#   "))


msgs = {}
for path in sorted(glob.glob(os.path.join(maildir, "*.eml"))):
    raw = open(path, "rb").read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    msgs[str(msg["To"].addresses[0].addr_spec)] = (raw, msg)

check(set(msgs) == {"veille@acme.example", "veille@gamma.example",
                    "delta@delta.example"},
      "one message for each member not refused", sorted(msgs))

for addr, (raw, msg) in sorted(msgs.items()):
    lines = raw.split(b"\r\n")
    check(b"\n" not in raw.replace(b"\r\n", b""), addr + ": CRLF line ends only")
    check(max(len(l) for l in lines) <= 78, addr + ": lines <= 78 octets",
          max(len(l) for l in lines))
    check(all(b < 128 for b in raw), addr + ": 7-bit message (encoded)")
    check(len(msg["To"].addresses) == 1 and msg["Cc"] is None
          and msg["Bcc"] is None, addr + ": one recipient, no Cc or Bcc")
    check(msg.get_content_type() == "multipart/alternative",
          addr + ": multipart/alternative")
    parts = [p.get_content_type() for p in msg.iter_parts()]
    check(parts == ["text/plain", "text/html"], addr + ": text then HTML", parts)
    for p in msg.iter_parts():
        check(p.get_content_charset() == "utf-8" and
              p["Content-Transfer-Encoding"] == "quoted-printable",
              addr + ": " + p.get_content_type() + " UTF-8 quoted-printable")
    for h in ("Date", "Message-ID", "List-Id", "List-Unsubscribe",
              "MIME-Version", "Subject", "From"):
        check(msg[h] is not None, addr + ": has " + h)
    check(msg["Precedence"] == "bulk" and
          msg["Auto-Submitted"] == "auto-generated", addr + ": bulk headers")
    check(re.fullmatch(r"<veille-2026-W48-[a-z]+@cluster-maintenance\.example>",
                       str(msg["Message-ID"])) is not None,
          addr + ": stable Message-ID", msg["Message-ID"])
    names = [k.lower() for k in msg.keys()]
    check("x-injected" not in names and "bcc" not in names,
          addr + ": no injected header", names)

raw, msg = msgs["veille@acme.example"]
check(str(msg["Subject"]) == "Veille Maintenance 4.0 — semaine 48\u00a0: 27 nouveautés",
      "acme: French subject with accents decodes", msg["Subject"])
check(b"Subject: =?UTF-8?B?" in raw, "acme: subject RFC 2047 encoded")
check("List-Unsubscribe=One-Click" == str(msg["List-Unsubscribe-Post"]),
      "acme: one-click unsubscribe")
check("<https://cluster-maintenance.example/desabonnement?m=acme>" in str(msg["List-Unsubscribe"])
      and "<mailto:" in str(msg["List-Unsubscribe"]), "acme: List-Unsubscribe mailto and the member's https URL",
      msg["List-Unsubscribe"])
text = msg.get_body(("plain",)).get_content()
html = msg.get_body(("html",)).get_content()
check("https://cluster-maintenance.example/desabonnement?m=acme" in text and
      'href="https://cluster-maintenance.example/desabonnement?m=acme"' in html,
      "acme: the member's unsubscribe link in both parts")
check("https://news.example/vibration?utm_source=x&a=1" in text,
      "acme: text lists links")
check(all(len(l) <= 76 or re.fullmatch(r"\s*https?://\S+", l)
          for l in text.splitlines()), "acme: text wrapped at 76 columns")
check('href="https://news.example/vibration?utm_source=x&amp;a=1"' in html,
      "acme: HTML links the title")
check("<script" not in html.lower() and "&lt;script&gt;" in html,
      "acme: hostile title escaped in HTML")
check("<img" not in html and "<b>" not in html, "acme: no feed markup in HTML")
check("javascript:" not in html and "javascript:" not in text,
      "acme: javascript: link dropped")
check("Nouveaux termes cette semaine" in html and "jumeau numérique" in html,
      "acme: new-in-the-watch line")
check("+3" in html and "-2" in html, "acme: change from last week")

raw, msg = msgs["veille@gamma.example"]
html = msg.get_body(("html",)).get_content()
check("rien de nouveau" in str(msg["Subject"]) and
      "Rien de nouveau cette semaine" in html, "gamma: nothing-new digest")
check("Nouveaux termes cette semaine" not in html, "gamma: no new-terms line when none")

raw, msg = msgs["delta@delta.example"]
to = msg["To"].addresses[0].display_name
check("\n" not in to and "\r" not in to and "Bcc: victim" in to,
      "delta: CR/LF flattened in the display name", to)
# Python joins adjacent encoded words of a phrase with a space (RFC 2047
# says to drop it), so compare without spaces
check("=?utf-8?B?SGFjaw==?=" in to.replace(" ", "") and "Hack" not in to,
      "delta: encoded word from input stays literal text", to)
check("=?utf-8?B?SGFjaw==?=" not in raw.decode("ascii").split("\r\n\r\n")[0],
      "delta: no raw encoded word from input in headers")
check(str(msg["Subject"]).startswith("Maintenance 4.0 watch — week 48:"),
      "delta: English subject", msg["Subject"])
