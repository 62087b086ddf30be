#!/usr/bin/env python3
"""b20: indexing and search speed of veille's store against the floor, the
sqlite3 CLI with a bare FTS5 table. Prints a Markdown section.

usage: b20-index.py VEILLE MKDB WORKDIR SCALE...

For each scale: generates the corpus (bench/gen-corpus.py), turns its feeds
into one item list (stdlib XML), loads it with tests/tools/mkdb (veille's
store API: one transaction per feed, stories, FTS5 through triggers) and
with the sqlite3 CLI into a bare FTS5 table in one transaction, then times
`veille search --format json --limit 20` against the same FTS5 query run by
the sqlite3 CLI on the same database (median of repeated runs)."""

import email.utils
import os
import re
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

A = "{http://www.w3.org/2005/Atom}"
TAG = re.compile(r"<[^>]*>")
REPEATS = 9
T_START = time.perf_counter()


def esc(s):
    return (s or "").replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "")


def plain(s):
    return " ".join(TAG.sub(" ", s or "").split())


def when(s):
    if not s:
        return ""
    try:
        if s[:4].isdigit() and "T" in s:
            from datetime import datetime
            return str(int(datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()))
        return str(int(email.utils.parsedate_to_datetime(s).timestamp()))
    except Exception:
        return ""


def items(corpus):
    for name in sorted(os.listdir(os.path.join(corpus, "feeds"))):
        feed = "f" + name.split(".")[0]
        root = ET.parse(os.path.join(corpus, "feeds", name)).getroot()
        if root.tag == A + "feed":
            for e in root.iter(A + "entry"):
                link = e.find(A + "link")
                yield dict(feed=feed, guid=e.findtext(A + "id"),
                           link=link.get("href") if link is not None else "",
                           title=e.findtext(A + "title"), summary=plain(e.findtext(A + "summary")),
                           content=e.findtext(A + "content") or "",
                           authors="; ".join(a.findtext(A + "name") or "" for a in e.findall(A + "author")),
                           published=when(e.findtext(A + "published")))
        else:
            for e in root.iter("item"):
                yield dict(feed=feed, guid=e.findtext("guid") or e.findtext("link"),
                           link=e.findtext("link") or "", title=e.findtext("title"),
                           summary="", content=e.findtext("description") or "",
                           authors=e.findtext("author") or "",
                           published=when(e.findtext("pubDate")))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd, stdin=None, stdout=subprocess.DEVNULL, stderr=None, env=None):
    """Runs cmd; returns (wall seconds, CPU seconds: user + sys of the
    process and its children)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else None,
                         stdout=stdout, stderr=stderr, env=env)
    if stdin is not None:
        p.stdin.write(stdin)
        p.stdin.close()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        raise subprocess.CalledProcessError(p.returncode, cmd)
    return wall, ru.ru_utime + ru.ru_stime


def median_times(cmds, env=None):
    """Median wall and median CPU time of REPEATS runs of each command,
    after one run of each that warms the page cache. The runs alternate
    (a, b, a, b ...), so that a change in the machine's load during the
    measure weighs on all alike."""
    for c in cmds:
        timed(c, env=env)
    runs = [[] for _ in cmds]
    for _ in range(REPEATS):
        for c, r in zip(cmds, runs):
            r.append(timed(c, env=env))
    return tuple((statistics.median(r[0] for r in rs),
                  statistics.median(r[1] for r in rs)) for rs in runs)


def main():
    veille, mkdb, work = sys.argv[1:4]
    scales = [int(s) for s in sys.argv[4:]] or [1]
    print("## Index and search (b20)\n")
    print("Indexing: `tests/tools/mkdb` loads every item through veille's store "
          "API (one transaction per feed as in a crawl, story lookup by canonical "
          "link, ids and title, items table with its indexes, WAL mode, full-text "
          "index written in batches of 1,000 items, title keys in batches of 16,384, FTS5 `hashsize` 8 MiB and "
          "`automerge` 8); the floor is the `sqlite3` CLI importing the same "
          "items into a bare FTS5 table (`unicode61 remove_diacritics 2`, "
          "`prefix='2 3'`, FTS5 defaults) in one transaction. "
          "Search: `veille search --format json --limit 20` (ranking with recency, "
          "one result per story, snippets, niches, other sources) against the same "
          "FTS5 MATCH with bm25 ordering and `LIMIT 20` run by the `sqlite3` CLI on "
          "the same database; median of %d runs of each, alternated, each a new "
          "process, start-up included. The machine is shared, so ratios are of CPU time (user + "
          "system) of veille and its floor measured back to back; wall-clock "
          "figures are given beside them.\n\n"
          "Stemming (issue 22): the index stems French and English words "
          "(`veille_stem`). The same items are loaded again with "
          "`VEILLE_NO_STEM=1` (the tokenizer then indexes as `unicode61` "
          "alone), and that database's table declared `unicode61` again: "
          "it is the index as it was before stemming, so the sqlite3 floor "
          "and veille without stemming search it, and veille with stemming "
          "its own (same items, same binary, same run). That database is "
          "then marked schema 10 and opened by `mkdb -C`: the migration "
          "that rebuilds the index with stems, timed.\n" % REPEATS)
    rows_i, rows_s, rows_m = [], [], []
    for scale in scales:
        d = os.path.join(work, "s%d" % scale)
        os.makedirs(d, exist_ok=True)
        corpus = os.path.join(d, "corpus")
        # a scale-1 corpus made by another bench (b10, b40) is reused
        if scale == 1 and os.path.isdir(os.path.join(os.environ.get("CORPUS", ""), "feeds")):
            corpus = os.environ["CORPUS"]
        if not os.path.isdir(os.path.join(corpus, "feeds")):
            run([sys.executable, "bench/gen-corpus.py", corpus, "--scale", str(scale)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        tsv, floor_in = os.path.join(d, "items.tsv"), os.path.join(d, "floor.txt")
        n = 0
        with open(tsv, "w", encoding="utf-8") as t, open(floor_in, "w", encoding="utf-8") as fl:
            t.write("feed\tguid\tlink\ttitle\tsummary\tcontent\tauthors\tpublished\tfirst_seen\n")
            for it in items(corpus):
                n += 1
                t.write("\t".join(esc(it[k]) for k in
                                  ("feed", "guid", "link", "title", "summary", "content",
                                   "authors", "published")) + "\t1793577600\n")
                fields = [it["title"], it["summary"], plain(it["content"]), it["authors"], it["feed"]]
                fl.write("\x1f".join((f or "").replace("\x1f", " ").replace("\x1e", " ")
                                     for f in fields) + "\x1e")
        vdb, fdb = os.path.join(d, "veille.db"), os.path.join(d, "floor.db")
        udb = os.path.join(d, "unstemmed.db")
        for p in (vdb, vdb + "-wal", vdb + "-shm", fdb, udb, udb + "-wal", udb + "-shm"):
            if os.path.exists(p):
                os.remove(p)
        tv = timed([mkdb, "-q", vdb, tsv], stderr=subprocess.DEVNULL)
        run([veille, "--db", vdb, "optimize"])  # checkpoints the WAL too
        nostem = dict(os.environ, VEILLE_NO_STEM="1")
        tu = timed([mkdb, "-q", udb, tsv], stderr=subprocess.DEVNULL, env=nostem)
        run([veille, "--db", udb, "optimize"], env=nostem)
        run(["sqlite3", udb, "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET "
             "sql = replace(sql, 'veille_stem remove', 'unicode61 remove') "
             "WHERE name = 'items_fts';"])
        script = ("CREATE VIRTUAL TABLE items_fts USING fts5(title, summary, content, "
                  "authors, feed, tokenize='unicode61 remove_diacritics 2', prefix='2 3');\n"
                  ".mode ascii\nBEGIN;\n.import %s items_fts\nCOMMIT;\n" % floor_in)
        tf = timed(["sqlite3", fdb], stdin=script.encode())
        run(["sqlite3", fdb, "INSERT INTO items_fts(items_fts) VALUES('optimize'); VACUUM;"])
        sv, sf = os.path.getsize(vdb), os.path.getsize(fdb)
        rows_i.append((n, tv, tf, sv / n, sf / n, tu, os.path.getsize(udb) / n))

        since = 1780272000  # 2026-06-01
        queries = [
            ("phrase", ['"predictive maintenance"'], '"predictive maintenance"', ""),
            ("prefix", ["thermo*"], '"thermo"*', ""),
            ("NEAR", ["NEAR(vibration analysis, 5)"], 'NEAR("vibration" "analysis", 5)', ""),
            ("filtered", ["--since", "2026-06-01", "maintenance"], '"maintenance"',
             " AND coalesce(i.published, i.first_seen) >= %d" % since),
        ]
        env = dict(os.environ, VEILLE_NOW="2026-11-02T00:00:00Z")
        for name, args, match, extra in queries:
            sql = ("SELECT i.id, i.title, i.link FROM items_fts JOIN items i ON i.id = "
                   "items_fts.rowid WHERE items_fts MATCH '%s'%s ORDER BY "
                   "bm25(items_fts, 10.0, 4.0, 1.0, 3.0, 1.0) LIMIT 20;"
                   % (match.replace("'", "''"), extra))
            search = [veille, "--db", "DB", "search", "--format", "json", "--limit", "20"] + args
            mv, mu, mf = median_times([[vdb if a == "DB" else a for a in search],
                                       [udb if a == "DB" else a for a in search],
                                       ["sqlite3", udb, sql]], env=env)
            rows_s.append((n, name, mv, mf, mu))
        # the migration of a schema-10 database of these items
        run(["sqlite3", udb, "PRAGMA user_version = 10;"])
        tm = timed([mkdb, "-C", udb])
        rows_m.append((n, tm))
        # the 10x scale leaves about 6 GB of these: kept only when asked
        if not os.environ.get("BENCH_KEEP"):
            for p in (tsv, floor_in, vdb, vdb + "-wal", vdb + "-shm", fdb, udb,
                      udb + "-wal", udb + "-shm"):
                if os.path.exists(p):
                    os.remove(p)
    print("| items | veille items/s | sqlite3 floor items/s | ratio (target ≥ 0.7) "
          "| wall: veille, floor items/s | veille bytes/item | floor bytes/item "
          "| ratio | unstemmed veille items/s, bytes/item |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, v, f, bv, bf, u, bu in rows_i:
        print("| %d | %.0f | %.0f | %.2f | %.0f, %.0f | %.0f | %.0f | %.2f | %.0f, %.0f |"
              % (n, n / v[1], n / f[1], f[1] / v[1], n / v[0], n / f[0], bv, bf, bv / bf,
                 n / u[1], bu))
    print()
    print("| items | query | veille CPU ms | unstemmed veille CPU ms | ratio (target ≤ 1.2) "
          "| sqlite3 CPU ms (unstemmed) | wall ms: veille, unstemmed, sqlite3 |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for n, name, mv, mf, mu in rows_s:
        print("| %d | %s | %.1f | %.1f | %.2f | %.1f | %.1f, %.1f, %.1f |"
              % (n, name, mv[1] * 1000, mu[1] * 1000, mv[1] / mu[1], mf[1] * 1000,
                 mv[0] * 1000, mu[0] * 1000, mf[0] * 1000))
    print()
    print("| items | migration from schema 10 (index rebuilt with stems): wall s | CPU s |")
    print("| ---: | ---: | ---: |")
    for n, tm in rows_m:
        print("| %d | %.1f | %.1f |" % (n, tm[0], tm[1]))
    print()
    print("b20 ran in %.0f s.\n" % (time.perf_counter() - T_START))


if __name__ == "__main__":
    main()
