#!/usr/bin/env python3
"""Writes one large RSS 2.0 document to stdout, for memory tests and the
single-file parse benchmark: usage: gen-big-rss.py MB.

Items look like a news site's: HTML description (escaped, sometimes CDATA),
entities, categories, an author, an enclosure; the same MB always gives the
same bytes. The last line on stderr is the number of items written."""

import sys

WORDS = ("maintenance prédictive analyse vibratoire roulements thermographie "
         "infrarouge GMAO jumeau numérique capteurs IIoT fiabilité arrêt "
         "planifié pompe compresseur moteur usure lubrification").split()


def item(k):
    w = [WORDS[(k * 7 + i * 3) % len(WORDS)] for i in range(40)]
    title = "Maintenance n°%d : %s &amp; %s" % (k, w[0], w[1])
    body = "&lt;p&gt;%s &lt;b&gt;%s&lt;/b&gt; %s&amp;nbsp;%s.&lt;/p&gt;" % (
        " ".join(w[:15]), w[15], " ".join(w[16:30]), w[30])
    if k % 3 == 0:
        body = "<![CDATA[<p>%s <a href=\"https://example.com/r/%d\">%s</a></p>]]>" % (
            " ".join(w), k, w[3])
    return ("<item><title>%s</title><link>https://example.com/a/%d</link>"
            "<guid isPermaLink=\"false\">urn:gen:%d</guid>"
            "<pubDate>Mon, %02d Jun 2025 10:%02d:00 +0100</pubDate>"
            "<author>redaction@example.com (R&#233;daction)</author>"
            "<category>%s</category><category>%s</category>"
            "<enclosure url=\"https://example.com/m/%d.mp3\" length=\"%d\" type=\"audio/mpeg\"/>"
            "<description>%s</description></item>\n") % (
        title, k, k, 1 + k % 28, k % 60, w[4], w[5], k, 1000 + k, body)


def main():
    want = int(sys.argv[1]) << 20
    out = sys.stdout.buffer
    head = ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
            "<channel><title>Generated</title><link>https://example.com/</link>"
            "<description>a large feed</description>\n").encode()
    out.write(head)
    total, k = len(head), 0
    while total < want:
        b = item(k).encode()
        out.write(b)
        total += len(b)
        k += 1
    out.write(b"</channel></rss>\n")
    print(k, file=sys.stderr)


main()
