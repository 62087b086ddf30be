#!/usr/bin/python3
"""Turns a reporttool fixture (see tests/tools/reporttool.c) into what
`veille report` reads: a mkdb TSV (items with niches, sectors, dates, feed
kinds), a feeds.conf with the [niche], [sector] and [watch] sections, and
the fixture as the store will see it (a feed has one kind, that of its
first item), so that reporttool on it and `veille report` on the database
must give the same numbers.

Usage: to-store.py FIXTURE OUT.tsv OUT.conf OUT-fixture.tsv"""
import sys

src, tsv, conf, fix = sys.argv[1:5]
defs, rows, kinds = [], [], {}
for line in open(src, encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("#"):
        defs.append(line)
        continue
    f = line.split("\t")
    if len(f) < 10:
        continue
    kinds.setdefault(f[3], f[4])
    rows.append(f)


def esc(s):
    return (s.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n"))


with open(tsv, "w", encoding="utf-8") as o:
    o.write("feed\tkind\tguid\tlink\ttitle\tsummary\tpublished\tfirst_seen"
            "\tniches\tsectors\tfingerprint\n")
    # mkdb commits a transaction per run of one feed: keep the file order,
    # which is the item id order the report reads.
    for n, f in enumerate(rows):
        seen = f[10] if len(f) > 10 and f[10] else f[0]
        o.write("\t".join([f[3], kinds[f[3]], "g%d" % n, esc(f[8]), esc(f[7]),
                           esc(f[9]), f[0], seen,
                           ",".join("%s:%s" % (x, f[6]) for x in f[1].split(",")),
                           f[2], "fp-test"])
                + "\n")

with open(conf, "w", encoding="utf-8") as o:
    for d in defs:
        f = d.split("\t")
        if f[0] == "#niche":
            o.write("[niche %s]\nlabel = %s\n" % (f[1], f[2]))
            if len(f) > 3:
                o.write("label_en = %s\n" % f[3])
            o.write("match = \\b%s\\b\n\n" % f[1])
        elif f[0] == "#sector":
            o.write("[sector %s]\nlabel = %s\nmatch = \\b%s\\b\n\n"
                    % (f[1], f[2], f[1]))
        elif f[0] == "#watch":
            o.write("[watch %s]\nlabel = %s\nmatch = \\b(%s)\\b\n\n"
                    % (f[1], f[2], f[3]))

with open(fix, "w", encoding="utf-8") as o:
    for d in defs:
        o.write(d + "\n")
    for f in rows:
        f = list(f)
        f[4] = kinds[f[3]]
        o.write("\t".join(f) + "\n")
