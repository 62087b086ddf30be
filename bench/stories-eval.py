#!/usr/bin/env python3
"""Story evaluation of issue 26: one work, one story.

Builds a set of items from public bibliographic data written by others,
stores it with tests/tools/mkdb (the store API, one feed per
transaction, as a crawl does) in both arrival orders, and prints the
pairwise precision and recall of the stories veille makes.

Source: iml-wg/HEPML-LivingReview, HEPML.bib (INSPIRE-HEP BibTeX of
about 2,400 papers on machine learning in particle physics, each with
its arXiv eprint and, once published, its DOI and journal), read from a
clone at the commit below and from earlier commits of its history,
where an entry often still has the title of its arXiv version (INSPIRE
replaces it with the published title): that is the real title variation
between a preprint and its journal version.

  same-work groups: each entry with an eprint and a DOI gives an arXiv
    listing item (its arXiv id, its earliest title in the history,
    authors as "First Last", dated the 15th of its eprint's month) and a
    journal table-of-contents item (its DOI, today's title, authors as
    "Last, F.", dated its publication month, at least a month after).
    Neither carries the other's identifier: they meet by title only.
  look-alike pairs: two entries of different works whose titles share
    most of their words (at least 3, and a Jaccard index of title words
    of at least 0.34: a third of all their words); both items of
    each are in the same database, so a false merge shows.
  generic titles: the titles journals reuse ("Guest editorial",
    "Introduction to the special issue", ...), each in several journals
    over several years, with and without a DOI (DOIs of the test prefix
    10.5555): constructed, since no bibliography of these was at hand;
    they must all stay apart.

usage: stories-eval.py CLONE MKDB [--keep DIR]
  CLONE  a clone of https://github.com/iml-wg/HEPML-LivingReview
  MKDB   the mkdb tool (make build/plain/tests/tools/mkdb)
Prints a Markdown table; exit 1 when a target is missed (recall >= 0.95
in each order, no false merge).
"""
import itertools
import os
import re
import subprocess
import sys
import tempfile

COMMIT = "921f2330887c2603aa8dea7bb6abe28b483fa4b9"
BIB = "HEPML.bib"
HISTORY_SAMPLES = 40

GENERIC = [
    "Guest editorial",
    "Editorial",
    "Introduction to the special issue",
    "Message from the editor",
    "Message from the Editor-in-Chief",
    "Preface",
    "Foreword",
    "Erratum",
    "Corrigendum",
    "Guest Editorial: Special Issue on Digital Twins",
    "Guest Editorial: Special Issue on Predictive Maintenance",
    "Introduction to the Special Issue on Industrial AI",
    "Editorial: Reliability engineering in the age of machine learning",
    "Acknowledgement to reviewers",
    "Issue information",
    "Table of contents",
]
JOURNALS = ["ieee-tii", "jmsy", "ress", "ymssp", "cie", "ijpr", "rcim", "mst"]


def git(clone, *args):
    return subprocess.run(["git", "-C", clone] + list(args), check=True,
                          capture_output=True).stdout.decode("utf-8", "replace")


def value_at(s, i):
    """The BibTeX value starting at s[i] ('"' or '{'), and where it ends."""
    if s[i] == '"':
        depth, j = 0, i + 1
        while j < len(s):
            c = s[j]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            elif c == '"' and depth == 0:
                return s[i + 1:j], j + 1
            j += 1
    elif s[i] == "{":
        depth, j = 1, i + 1
        while j < len(s) and depth:
            depth += {"{": 1, "}": -1}.get(s[j], 0)
            j += 1
        return s[i + 1:j - 1], j
    m = re.match(r"[^,}\s]+", s[i:])
    return (m.group(0) if m else ""), i + (m.end() if m else 0)


def parse_bib(text):
    entries = {}
    for m in re.finditer(r"@(\w+)\s*\{\s*([^,\s]+)\s*,", text):
        key, i, fields = m.group(2), m.end(), {}
        while True:
            f = re.compile(r"\s*(\w+)\s*=\s*").match(text, i)
            if not f:
                break
            v, i = value_at(text, f.end())
            fields[f.group(1).lower()] = v
            c = re.compile(r"\s*,?").match(text, i)
            i = c.end()
        entries[key] = fields
    return entries


def clean(s):
    """LaTeX of a title or name to text, as a feed would carry it."""
    s = re.sub(r"\\[a-zA-Z]+\s*", "", s)
    s = re.sub(r"[{}$\\^_~]", "", s)
    return re.sub(r"\s+", " ", s).strip()


def words(t):
    return set(re.findall(r"[a-z0-9]+", t.lower()))


def authors_of(a, style):
    out = []
    for name in a.split(" and "):
        name = clean(name)
        if name == "others":
            continue
        last, _, first = name.partition(",")
        last, first = last.strip(), first.strip()
        if style == "first-last":
            out.append((first + " " + last).strip())
        else:
            initials = " ".join(p[0] + "." for p in first.split() if p)
            out.append((last + ", " + initials).strip(", "))
    return "; ".join(out[:30])


def month_of(eprint):
    m = re.match(r"(\d\d)(\d\d)\.", eprint)
    if m:
        return 2000 + int(m.group(1)), int(m.group(2))
    m = re.search(r"/(\d\d)(\d\d)", eprint)
    if m:
        y = int(m.group(1))
        return (1900 + y if y > 90 else 2000 + y), int(m.group(2))
    return None


def date(y, mo, d=15):
    return "%04d-%02d-%02dT00:00:00Z" % (y, mo, d)


def earliest_titles(clone, keys):
    commits = git(clone, "rev-list", "--reverse", COMMIT, "--", BIB).split()
    step = max(1, len(commits) // HISTORY_SAMPLES)
    first = {}
    for c in commits[::step] + [COMMIT]:
        for k, f in parse_bib(git(clone, "show", c + ":" + BIB)).items():
            if k in keys and k not in first and "title" in f:
                first[k] = clean(f["title"])
    return first


def build(clone):
    bib = parse_bib(git(clone, "show", COMMIT + ":" + BIB))
    for f in bib.values():			# "\_" in LaTeX
        for x in ("doi", "eprint"):
            if x in f:
                f[x] = f[x].replace("\\", "").strip()
    works = {k: f for k, f in bib.items()
             if f.get("eprint") and f.get("doi") and f.get("title") and
             month_of(f["eprint"])}
    early = earliest_titles(clone, set(works))
    items, varied, seen = [], 0, set()
    for k, f in sorted(works.items()):
        ids = (f["eprint"].lower(), f["doi"].lower())
        if ids[0] in seen or ids[1] in seen:	# one work listed twice
            continue
        seen.update(ids)
        y, mo = month_of(f["eprint"])
        py = int(f.get("year") or y)
        pm = int(f.get("month") or mo) if (f.get("month") or "").isdigit() else mo
        if (py, pm) <= (y, mo):		# a month at least after the preprint
            py, pm = (y + (mo == 12), mo % 12 + 1)
        t_now, t_pre = clean(f["title"]), early.get(k, clean(f["title"]))
        varied += words(t_now) != words(t_pre) or t_now.lower() != t_pre.lower()
        jfeed = re.sub(r"[^a-z0-9]+", "-", clean(f.get("journal", "journal")).lower()).strip("-")
        items.append(dict(group=k, feed="arxiv", guid="http://arxiv.org/abs/" + f["eprint"],
                          title=t_pre, authors=authors_of(f.get("author", ""), "first-last"),
                          published=date(y, mo), doi="", arxiv=f["eprint"]))
        items.append(dict(group=k, feed=jfeed or "journal", guid="https://doi.org/" + f["doi"],
                          title=t_now, authors=authors_of(f.get("author", ""), "last-first"),
                          published=date(py, pm, 1), doi=f["doi"].lower(), arxiv=""))
    # look-alike pairs: different works, most title words shared
    titles = [(k, words(clean(f["title"]))) for k, f in bib.items() if f.get("title")]
    by_word = {}
    for i, (k, w) in enumerate(titles):
        for x in w:
            by_word.setdefault(x, []).append(i)
    alike = set()
    for i, (k, w) in enumerate(titles):
        if len(w) < 3:
            continue
        cands = {}
        for x in w:
            if len(by_word[x]) < 400:
                for j in by_word[x]:
                    if j > i:
                        cands[j] = cands.get(j, 0) + 1
        for j, n in cands.items():
            u = len(w | titles[j][1])
            if n >= 3 and n / u >= 0.34 and titles[j][1] != w:
                alike.add((k, titles[j][0]))
    # the look-alike entries without a DOI or eprint are items too (one
    # each, as a listing would show them)
    present = {it["group"] for it in items}
    for a, b in sorted(alike):
        for k in (a, b):
            if k in present or k not in bib:
                continue
            f = bib[k]
            m = month_of(f.get("eprint", "")) or (int(f.get("year") or 2020), 6)
            items.append(dict(group=k, feed="listing", guid="urn:hepml:" + k,
                              title=clean(f["title"]),
                              authors=authors_of(f.get("author", ""), "first-last"),
                              published=date(*m), doi="", arxiv=""))
            present.add(k)
    # generic titles, constructed
    n = 0
    for t in GENERIC:
        for j, feed in enumerate(JOURNALS):
            for year in (2021, 2023, 2025):
                n += 1
                doi = "10.5555/%s.%d.%d" % (feed, year, n) if n % 2 else ""
                items.append(dict(group="generic-%d" % n, feed=feed, guid="urn:gen:%d" % n,
                                  title=t, authors="", published=date(year, 1 + j, 10),
                                  doi=doi, arxiv=""))
    return items, len(seen) // 2, varied, len(alike), n


def run(items, order, mkdb, tmp):
    if order == "preprints first":
        seq = sorted(items, key=lambda it: (it["feed"] != "arxiv", it["feed"]))
    else:
        seq = sorted(items, key=lambda it: (it["feed"] == "arxiv", it["feed"]))
    tsv = os.path.join(tmp, "items.tsv")
    db = os.path.join(tmp, order.replace(" ", "-") + ".db")
    with open(tsv, "w") as f:
        f.write("feed\tkind\tguid\tlink\ttitle\tauthors\tpublished\tfirst_seen\tdoi\tarxiv\n")
        for it in seq:
            f.write("\t".join([it["feed"], "publication", it["guid"], it["guid"],
                               it["title"], it["authors"], it["published"],
                               it["published"], it["doi"], it["arxiv"]]) + "\n")
    out = subprocess.run([mkdb, db, tsv], check=True, capture_output=True,
                         env=dict(os.environ, VEILLE_NOW="2026-12-01T00:00:00Z")).stdout
    story = {}
    for line in out.decode().splitlines():
        g, _, _, s = line.split("\t")
        story[g] = s
    group = {it["guid"]: it["group"] for it in items}
    by_story = {}
    for g, s in story.items():
        by_story.setdefault(s, []).append(g)
    tp = fp = 0
    for gs in by_story.values():
        for a, b in itertools.combinations(gs, 2):
            if group[a] == group[b]:
                tp += 1
            else:
                fp += 1
    by_group = {}
    for it in items:
        by_group.setdefault(it["group"], []).append(it["guid"])
    true = sum(len(v) * (len(v) - 1) // 2 for v in by_group.values())
    return tp, fp, true


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    clone, mkdb = sys.argv[1], os.path.abspath(sys.argv[2])
    items, groups, varied, alike, generic = build(clone)
    print("Items: %d (%d same-work groups, %d of them with a title that "
          "changed between the versions; %d look-alike pairs; %d generic-title "
          "items)\n" % (len(items), groups, varied, alike, generic))
    print("| arrival order | true pairs | merged right | false merges | precision | recall |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for order in ("preprints first", "journals first"):
            tp, fp, true = run(items, order, mkdb, tmp)
            p = tp / (tp + fp) if tp + fp else 1.0
            r = tp / true if true else 1.0
            ok = ok and fp == 0 and r >= 0.95
            print("| %s | %d | %d | %d | %.4f | %.4f |" % (order, true, tp, fp, p, r))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
