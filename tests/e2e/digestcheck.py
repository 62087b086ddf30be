#!/usr/bin/python3
"""Checks the digests of t0550-digest-cmd with Python's email package;
prints one "ok - ..." or "not ok - ..." line per check.
usage: digestcheck.py selection DIR   (DIR/MEMBER.eml written by --out)
       digestcheck.py delivered DIR   (DIR/NNN.eml received by smtpd.py)"""
import email
import email.policy
import glob
import os
import sys


def check(cond, what, detail=""):
    print(("ok - " if cond else "not ok - ") + what)
    if not cond and detail:
        print("#   " + str(detail)[:800].replace("\n", "\n#   "))


def load(path):
    raw = open(path, "rb").read()
    return raw, email.message_from_bytes(raw, policy=email.policy.default)


def parts(msg):
    return (msg.get_body(("plain",)).get_content(),
            msg.get_body(("html",)).get_content())


def selection(d):
    msgs = {os.path.basename(p)[:-4]: load(p)
            for p in glob.glob(os.path.join(d, "*.eml"))}
    check(sorted(msgs) == ["acme", "beta", "calm", "gamma"],
          "one message per member not paused or skipped", sorted(msgs))
    raw, m = msgs["acme"]
    text, html = parts(m)
    check(str(m["Subject"]) == "Veille Maintenance 4.0 — semaine 48\u00a0: 4 nouveautés",
          "acme: French subject with accents, RFC 2047 decoded", m["Subject"])
    check("Maintenance prédictive\u00a0: 3 (-1 " in text,
          "acme: the week's count per niche and the change from the week before",
          text[:600])
    a = text.find("Pompes : la maintenance")
    b = text.find("Durée de vie résiduelle")
    check(0 <= a < b, "acme: ranked by score and source diversity", text)
    check("Analyse vibratoire" not in text,
          "acme: per_niche = 2 keeps the two best of the niche")
    check("Avant la semaine" not in text and "Apres la semaine" not in text,
          "acme: selected by first seen in the local week, not by published")
    check("Également dans\u00a0: plant" in text and "Predictive maintenance cuts" not in text,
          "acme: one entry per story, its other source listed")
    check("Thermographie" in text, "acme: the second niche has its entries")
    check("<script>alert" not in html and "<img src=x" not in html and
          "&lt;script&gt;" in html,
          "acme: a hostile feed title is escaped in the HTML")
    check(m["Bcc"] is None and b"x@evil" not in raw.split(b"\r\n\r\n")[0],
          "acme: CR/LF in a title never makes a header")
    raw, m = msgs["beta"]
    text, html = parts(m)
    check(str(m["Subject"]) == "Maintenance 4.0 watch — week 48: 3 new items",
          "beta: English subject, max_items = 3", m["Subject"])
    check("Predictive maintenance: 3" in text and "OT cybersecurity: 0" in text,
          "beta: niches = all, English labels", text[:800])
    raw, m = msgs["gamma"]
    text, html = parts(m)
    check("poste electrique" in text and "ligne automobile" not in text,
          "gamma: only the member's sectors", text)
    raw, m = msgs["calm"]
    text, html = parts(m)
    check("Rien de nouveau cette semaine" in text,
          "calm: a short nothing-new digest", text)


def delivered(d):
    seen = {}
    for p in sorted(glob.glob(os.path.join(d, "*.eml"))):
        raw, m = load(p)
        to = [a.addr_spec for a in m["To"].addresses]
        seen[to[0]] = m
        check(len(to) == 1 and m["Cc"] is None,
              "%s: one member per message" % to[0])
        check(m.get_content_type() == "multipart/alternative",
              "%s: text and HTML alternatives" % to[0])
    check(sorted(seen) == ["calm@calm.example", "veille@acme.example",
                           "watch@beta.example"],
          "the server received acme, beta and calm", sorted(seen))
    m = seen.get("veille@acme.example")
    check(m is not None and
          m["Message-ID"] == "<veille-2026-W48-acme@cluster.example>",
          "a stable Message-ID from member and week",
          m and m["Message-ID"])


{"selection": selection, "delivered": delivered}[sys.argv[1]](sys.argv[2])
