#!/usr/bin/env python3
"""Regenerate labelled.tsv, the labelled set `veille rules eval` reads.

Every row is a real item written by others; its niche comes only from how
its own source files it (the list section, the catalogue, the review's
selection), never from veille's rules. See README.md for the sources.

usage: build.py MIRROR_DIR [SHARED_CORPUS_DIR] > labelled.tsv

MIRROR_DIR holds the git snapshots as owner+name/repo (what the fetch tool
brings); SHARED_CORPUS_DIR is ../shared/corpus for the arXiv negatives.
Python 3 standard library only. The output is sorted and stable: the same
snapshots give the same file.
"""

import hashlib
import html
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MIRROR = None
ROWS = []
SEEN = set()
# Sources whose text may be copied (a licence that allows it); the others
# give their titles only (bibliographic facts) unless --full is given, for
# a local file that is never committed.
FULL = False
USED = {}     # repo -> commit, for the provenance list (--sources)

# A source is split as a whole: test sources never appear in training.
TEST_SOURCES = set()


def git_show(repo, path):
    gitdir = os.path.join(MIRROR, repo.replace("/", "+"), "repo")
    if repo not in USED:
        USED[repo] = subprocess.run(
            ["git", "-C", gitdir, "rev-parse", "HEAD"], check=True,
            capture_output=True).stdout.decode().strip()
    return subprocess.run(["git", "-C", gitdir, "show", "HEAD:" + path],
                          check=True, capture_output=True).stdout.decode(
                              "utf-8", "replace")


def git_ls(repo, under=""):
    gitdir = os.path.join(MIRROR, repo.replace("/", "+"), "repo")
    out = subprocess.run(["git", "-C", gitdir, "ls-tree", "-r", "--name-only",
                          "HEAD", "--", under] if under else
                         ["git", "-C", gitdir, "ls-tree", "-r", "--name-only",
                          "HEAD"], check=True, capture_output=True).stdout
    return out.decode("utf-8", "replace").splitlines()


def have(repo):
    return os.path.isdir(os.path.join(MIRROR, repo.replace("/", "+"), "repo"))


def clean(s):
    s = html.unescape(s)
    s = re.sub(r"<[^>]+>", " ", s)
    s = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", s)      # images
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)    # links keep their text
    s = re.sub(r"\[([^\]]*)\]", r"\1", s)
    s = s.replace("**", "").replace("`", "")
    s = re.sub(r"\s+", " ", s).strip(" -|:")
    return s


def add(source, split, filing, labels, title, summary="", lang="en"):
    title = clean(title)
    summary = clean(summary)
    # A bare name ("@handle", a brand) says nothing a reader could file.
    if len(title) < 4 or len((title + " " + summary).split()) < 4:
        return
    key = re.sub(r"\W+", " ", title.lower()).strip()
    if key in SEEN:
        return
    SEEN.add(key)
    if split == "test":
        TEST_SOURCES.add(source)
    ROWS.append({"split": split, "source": source, "lang": lang,
                 "labels": ",".join(labels), "title": title[:300],
                 "summary": summary[:600], "filing": filing})


def md_sections(text):
    """Yield (heading path, line) for every line of a markdown file."""
    path = []
    for line in text.splitlines():
        m = re.match(r"^(#{1,6})\s+(.*)", line)
        if m:
            depth = len(m.group(1))
            path = path[:depth - 1] + [clean(m.group(2))]
            continue
        yield " > ".join(path), line


def md_items(text):
    """Yield (section, name, description) for list items and table rows."""
    for sect, line in md_sections(text):
        m = re.match(r"^\s*[-*]\s+\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])?"
                     r"\s*[-:–]?\s*(.*)", line)
        if m:
            yield sect, m.group(1), m.group(2)
            continue
        if line.startswith("|") and not re.match(r"^\|[\s|:-]+\|?\s*$", line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            m = re.match(r"\[([^\]]+)\]", cells[0])
            if m and len(cells) >= 2:
                yield sect, m.group(1), " ".join(cells[1:])


# --- Positives ---------------------------------------------------------------

def ot_orange():
    """Orange-Cyberdefense/awesome-industrial-protocols (CC0): offensive
    security of industrial protocols; each link is filed by its protocol."""
    repo = "Orange-Cyberdefense/awesome-industrial-protocols"
    if not have(repo):
        return
    for line in git_show(repo, "db/links.json").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        add("github:" + repo, "train",
            "awesome-industrial-protocols db/links.json type=" +
            d.get("type", "?"), ["ot-cybersecurity"], d.get("name", ""),
            d.get("description", ""))


def ot_offsec():
    """offsecmarc/awesome-ot-security (CC-BY 4.0): OT/ICS security; its
    training, certification and course sections are training too."""
    repo = "offsecmarc/awesome-ot-security"
    if not have(repo):
        return
    for sect, name, desc in md_items(git_show(repo, "README.md")):
        sect = sect.split(" > ", 1)[-1]
        if sect.startswith("Related Awesome") or sect == "Contents":
            continue
        labels = ["ot-cybersecurity"]
        if re.match(r"(Certifications|Training Courses|University Courses)",
                    sect):
            labels.append("skills-training")
        add("github:" + repo, "test", "awesome-ot-security section '%s'" %
            sect, labels, name, desc)


def ot_iti():
    """ITI/ICS-Security-Tools (CC-BY 4.0): tools filed as ICS security."""
    repo = "ITI/ICS-Security-Tools"
    if not have(repo):
        return
    paths = [p for p in sorted(git_ls(repo, "tools"))
             if p.endswith("README.md") and "/mirrored/" not in p]
    for path in paths + ["guides/README.md", "protocols/README.md"]:
        for sect, name, desc in md_items(git_show(repo, path)):
            labels = ["ot-cybersecurity"]
            # its guides' training and certification sections are
            # training too, as in awesome-ot-security
            if path.startswith("guides/") and re.search(
                    r"Training|Certification", sect):
                labels.append("skills-training")
            add("github:" + repo, "train", "ICS-Security-Tools %s section "
                "'%s'" % (path, sect), labels, name, desc)


def dt_holimolirev():
    """HoliMoLiRev/HoliMoLiRev: the papers a systematic review of the
    digital twin literature kept as relevant (node type paper_relevant)."""
    repo = "HoliMoLiRev/HoliMoLiRev"
    if not have(repo):
        return
    root = ET.fromstring(git_show(repo, "appendix/citation_network.gexf"))
    for node in root.iter("{http://www.gexf.net/1.2draft}node"):
        vals = {a.get("for"): a.get("value")
                for a in node.iter("{http://www.gexf.net/1.2draft}attvalue")}
        if vals.get("2") != "paper_relevant":
            continue
        kind = vals.get("1", "")
        # Journal articles test, the rest train: two sub-collections of one
        # review, so that the niche is measured on titles tuned on no row.
        split = "test" if kind == "journalArticle" else "train"
        add("github:%s#%s" % (repo, kind), split,
            "digital twin literature review: paper_relevant (%s)" % kind,
            ["digital-twin"], node.get("label", ""))


def nilm_workshop():
    """smakonin/nilmworkshop.org: talks and papers of the International
    Workshop on Non-Intrusive Load Monitoring (energy disaggregation)."""
    repo = "smakonin/nilmworkshop.org"
    if not have(repo):
        return
    for path in sorted(git_ls(repo)):
        if not path.endswith(".html"):
            continue
        year = path.split("/")[0]
        if not year.isdigit():
            continue
        # Titles are quoted in the text; a tag (with its attribute values,
        # which are not titles) becomes a mark no title crosses.
        text = html.unescape(re.sub(r"<[^>]*>", "\x00", git_show(repo, path)))
        for m in re.finditer(r"[“\"]([^”\"<>\x00]{20,200})[”\"]", text):
            t = m.group(1).strip().rstrip(",")
            if re.search(r"keynote|lunch|break|http|=|;|\{|/|\.pdf", t, re.I):
                continue
            split = "test" if year == "2012" else "train"
            add("github:%s#%s" % (repo, year), split,
                "NILM workshop %s programme (%s)" % (year, path),
                ["asset-energy"], t)


def iot_hqarroum():
    """HQarroum/awesome-iot (CC0): protocols, networks and IoT middleware."""
    repo = "HQarroum/awesome-iot"
    if not have(repo):
        return
    keep = ("Protocols and Networks", "Technologies", "Software > Middlewares",
            "Software > Frameworks")
    path, item, body = [], None, []

    def flush():
        sect = " > ".join(path)
        if item and sect.startswith(keep):
            add("github:" + repo, "test", "awesome-iot section '%s'" % sect,
                ["iiot-edge"], item, " ".join(body))
    for line in git_show(repo, "README.md").splitlines():
        m = re.match(r"^(#{2,4})\s+(.*)", line)
        if m:
            flush()
            item, body = None, []
            depth, head = len(m.group(1)), m.group(2)
            if "](" in head and depth >= 3:
                item = re.sub(r"^.*?\[", "[", head)
                if depth == 3:
                    path = path[:1]
            else:
                path = path[:depth - 2] + [clean(head)]
            continue
        if item:
            body.append(line.lstrip("> "))
            continue
        sect = " > ".join(path)
        for _, name, desc in md_items(line + "\n"):
            if sect.startswith(keep):
                add("github:" + repo, "test", "awesome-iot section '%s'" %
                    sect, ["iiot-edge"], name, desc)
    flush()


def iot_orange_protocols():
    """Orange-Cyberdefense/awesome-industrial-protocols (CC0), its
    db/protocols.json: the industrial communication protocols the list
    covers, each with its description (industrial IoT and protocols)."""
    repo = "Orange-Cyberdefense/awesome-industrial-protocols"
    if not have(repo):
        return
    for line in git_show(repo, "db/protocols.json").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        alias = d.get("alias") or []
        if isinstance(alias, str):
            alias = [alias] if alias else []
        kw = d.get("keywords") or []
        if isinstance(kw, str):
            kw = [kw] if kw else []
        # The list tags a few protocols of medicine and laboratories: those
        # are not industrial.
        if set(k.lower() for k in kw) & {"medical", "biomedical",
                                          "healthcare", "laboratory"}:
            continue
        title = d.get("name", "") + (" (%s)" % ", ".join(alias) if alias
                                     else "")
        add("github:%s#protocols" % repo, "train",
            "awesome-industrial-protocols db/protocols.json (industrial "
            "protocols)", ["iiot-edge"], title,
            d.get("description", "") + (". " + ", ".join(kw) if kw else ""))


def cm_fault_diagnosis_papers():
    """sumyinho/Novel-Models-for-Fault-Diagnosis (no licence: titles only),
    branch master: the papers of intelligent fault diagnosis of rotating
    machinery the study lists (condition monitoring)."""
    repo = "sumyinho/Novel-Models-for-Fault-Diagnosis"
    if not have(repo):
        return
    gitdir = os.path.join(MIRROR, repo.replace("/", "+"), "repo")
    text = subprocess.run(["git", "-C", gitdir, "show", "master:README.md"],
                          capture_output=True).stdout.decode("utf-8",
                                                             "replace")
    USED.setdefault(repo + "@master", subprocess.run(
        ["git", "-C", gitdir, "rev-parse", "master"],
        capture_output=True).stdout.decode().strip())
    sect = ""
    for line in text.splitlines():
        m = re.match(r"^#+\s+(.*)", line)
        if m:
            sect = m.group(1).strip()
            continue
        m = re.match(r"^\s*-\s+(.*?)\s*\(\*\*[\w-]+\*\*\)", line)
        if m and "Papers" not in sect:
            add("github:" + repo, "train", "Novel-Models-for-Fault-Diagnosis "
                "section '%s'" % sect, ["condition-monitoring"], m.group(1))


def pdm_caglarmert():
    """caglarmert/awesome-predictive-maintenance (CC-BY-SA 4.0): papers of
    its Predictive Maintenance section."""
    repo = "caglarmert/awesome-predictive-maintenance"
    if not have(repo):
        return
    for sect, line in md_sections(git_show(repo, "README.md")):
        if not sect.endswith("(PdM) > Papers"):
            continue
        m = re.match(r"^\+\s+\*\*(.*?)\*\*\s*(.*?)(\[\[|$)", line)
        if m:
            title = m.group(1).rstrip(":")
            rest = re.sub(r"\s*\(\d{4}\)\.?", "", m.group(2)).strip()
            if title.endswith(("IoT and PdM", "PdM")):
                title = rest.strip('"').split('"')[1] if '"' in rest else \
                    title
            add("github:" + repo, "test", "awesome-predictive-maintenance "
                "section 'Papers'", ["predictive-maintenance"],
                title.replace("_", " "))


def split_by_name(name):
    """A stable half of a source's sub-collections (its files)."""
    return "test" if int(hashlib.sha1(name.encode()).hexdigest(), 16) % 2 \
        else "train"


KLIPPER_META = ("API_Server", "CONTRIBUTING", "Code_Overview", "Contact",
                "Config_Changes", "Releases", "Sponsors", "Packaging",
                "Debugging", "Benchmarks", "README", "index", "manual-index",
                "Navigation", "Overview", "Protocol", "MCU_Commands")


def am_klipper_fr():
    """Klipper3d/klipper-translations (translations of the Klipper 3D
    printer firmware's documentation, GPL-3.0 like Klipper): the French
    documents, one row per section (heading and first paragraph). The
    project's meta documents (contributing, releases, code overview, host
    protocol...) are left out. Documents are the split unit."""
    repo = "Klipper3d/klipper-translations"
    if not have(repo):
        return
    for path in sorted(git_ls(repo, "docs/locales/fr")):
        if not path.endswith(".md") or "/LC_MESSAGES/" in path:
            continue
        doc = os.path.basename(path)[:-3]
        if doc in KLIPPER_META:
            continue
        split = split_by_name(doc)
        head, para, fence, n = None, [], False, 0

        def flush():
            # untranslated paragraphs stay English in the French tree
            if head and para and n < 6 and \
                    guess_lang(head + " " + " ".join(para)) == "fr":
                add("github:%s#%s" % (repo, doc), split, "Klipper "
                    "documentation (French), document %s" % doc,
                    ["additive-manufacturing"], head, " ".join(para),
                    lang="fr")
        for line in git_show(repo, path).splitlines():
            s = line.strip()
            if s.startswith("```"):
                fence = not fence
                continue
            if fence:
                continue
            m = re.match(r"^#{1,4}\s+(.*)", s)
            if m:
                flush()
                if head and para:
                    n += 1
                head, para = clean(m.group(1)), []
                continue
            if head and not para and s and not s.startswith(
                    ("!", "|", "-", "*", "`", "<", "[")):
                para.append(s)
        flush()


AM_TEST_SECTIONS = ("Slicers", "3D Printer Firmware", "Technologies",
                    "Filaments", "On Demand 3D Printing Services",
                    "Control Software")


def am_3dprinting():
    """ad-si/awesome-3d-printing (CC0): 3D printing, entries with their
    own description only (bare brand names say nothing)."""
    repo = "ad-si/awesome-3d-printing"
    if not have(repo):
        return
    for sect, name, desc in md_items(git_show(repo, "readme.md")):
        if not desc.strip() or sect in ("Contents", "Related"):
            continue
        # Sections are the split unit here: one list, no other source.
        sect = sect.split(" > ", 1)[-1]
        split = "test" if sect in AM_TEST_SECTIONS else "train"
        add("github:%s#%s" % (repo, sect), split,
            "awesome-3d-printing section '%s'" % sect,
            ["additive-manufacturing"], name, desc)


def ai_surface_defects():
    """Charmve/Surface-Defect-Detection (MIT): datasets and papers of
    industrial surface defect detection by machine vision and deep
    learning. The datasets (README) train, the papers (Papers/) test."""
    repo = "Charmve/Surface-Defect-Detection"
    if not have(repo):
        return
    text = git_show(repo, "README.md")
    m = re.search(r"\n## 2\. (.*?)\n## 3\.", text, re.S)
    for block in re.split(r"\n### ", m.group(1) if m else "")[1:]:
        head, _, body = block.partition("\n")
        name = re.sub(r"^\d+[）)]\s*", "", head)
        body = re.sub(r"👆.*", "", body)
        add("github:%s#README" % repo, "train",
            "Surface-Defect-Detection section 'Common Datasets for "
            "Industrial Surface Defect Detection'", ["ai-analytics"], name,
            body)
    papers = git_show(repo, "Papers/README.md")
    for m in re.finditer(r"<strong>Paper</strong>\s*[:：]\s*(.*?)\s*\[<a.*?"
                         r"<strong>Abstract</strong>\s*[:：]\s*(.*?)\n", papers,
                         re.S):
        add("github:%s#Papers" % repo, "test",
            "Surface-Defect-Detection Papers/README.md",
            ["ai-analytics"], m.group(1), m.group(2))
    for path in sorted(git_ls(repo, "Papers")):
        if path.endswith(".pdf"):
            t = os.path.basename(path)[:-4].replace("_", " ")
            add("github:%s#Papers" % repo, "test",
                "Surface-Defect-Detection Papers/ (file name)",
                ["ai-analytics"], t)


def cm_bearing_datasets():
    """VictorBauler/awesome-bearing-dataset (MIT): public datasets for
    bearing fault diagnosis and prognostics (condition monitoring)."""
    repo = "VictorBauler/awesome-bearing-dataset"
    if not have(repo):
        return
    for line in git_show(repo, "README.md").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 6 or not cells[0].startswith("["):
            continue
        name = re.sub(r"\[([^\]]*)\].*", r"\1", cells[0])
        desc = "%s, %s. Task: %s. Faults: %s. Signals: %s." % tuple(cells[1:6])
        add("github:" + repo, "test", "awesome-bearing-dataset summary table",
            ["condition-monitoring"], name, desc)


FR_NEG_KINDS = {"films": "train", "livres": "train", "jeux-videos": "test"}


def neg_culturesnumeriques():
    """noesya/culturesnumeriques (MIT): French notices of films, books and
    video games of digital culture (the 'inventions' kind is left out: it
    mixes in technologies of the niches)."""
    repo = "noesya/culturesnumeriques"
    if not have(repo):
        return
    for path in sorted(git_ls(repo, "_events")):
        text = git_show(repo, path)
        fm = text.split("\n---", 1)[0]
        kind = re.search(r"^kind:\s*(\S+)", fm, re.M)
        if not kind or kind.group(1) not in FR_NEG_KINDS:
            continue
        title = re.search(r"^title:\s*(.*)", fm, re.M)
        body = re.search(r"^description:\s*>?-?\s*\n?(.*?)(?:\n\w+:|\Z)", fm,
                         re.M | re.S)
        abstract = re.search(r"^abstract:\s*(.*?)(?:\n\w+:|\Z)", fm, re.M | re.S)
        summary = (abstract.group(1) if abstract else "") + " " + \
            (body.group(1) if body else "")
        add("github:%s#%s" % (repo, kind.group(1)), FR_NEG_KINDS[kind.group(1)],
            "culturesnumeriques kind '%s' (French, outside the niches)" %
            kind.group(1), [], title.group(1).strip("'\"") if title else "",
            summary, lang="fr")


def cmms_atlas_site():
    """Grashjs/cmms (AGPL-3.0), the Atlas CMMS marketing site's strings in
    English and French (home/src/i18n/translations/{en,fr}.ts): the values
    of 12 words or more whose key names a description, a heading, a slogan
    or a message (the site's prose), not the dialogs of the application
    (add_/confirm_/no_access/payment keys) nor the admin template the site
    is built on. Same split as the repository's other rows."""
    repo = "Grashjs/cmms"
    if not have(repo):
        return
    keep = re.compile(r"^(h1|h3|message|slogan_\w+|\w+_description)$")
    drop = re.compile(r"^(add_|confirm_|no_access|payment|verify|upgrade|"
                      r"downgrade|import_|create_role|simplify|pay_|"
                      r"auto_assign|include_|update_|edit_)")
    for lang in ("en", "fr"):
        text = git_show(repo, "home/src/i18n/translations/%s.ts" % lang)
        for m in re.finditer(r'\n\s*"?([\w\- .]+?)"?\s*:\s*\n?\s*"((?:[^"\\]'
                             r'|\\.){40,})"', text):
            key, s = m.group(1), m.group(2).replace('\\"', '"')
            if not keep.match(key) or drop.match(key):
                continue
            s = re.sub(r"\{(short)?[bB]randName\}", "Atlas CMMS", s)
            if len(s.split()) < 12 or re.search(r"Tokyo|template|\{|<", s):
                continue
            add("github:" + repo, split_by_name(repo), "Atlas CMMS website "
                "strings (%s.ts, key %s)" % (lang, key), ["cmms-eam"], s,
                lang=lang)

# --- Documentation of a field's software, filed by the software's field ----

def doc_blocks(text, kind):
    """Yield (heading, first paragraph) for each section of a markdown,
    reStructuredText, AsciiDoc or Rd document."""
    lines = text.splitlines()
    head, para, fence, out = None, [], False, []
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        h = None
        if kind == "md":
            if s.startswith("```"):
                fence = not fence
            m = re.match(r"^#{1,4}\s+(.*)", s)
            if m and not fence:
                h = m.group(1)
        elif kind == "rst":
            if s and re.match(r"^([=\-~^*#\"'])\1{2,}$", nxt) and \
                    len(nxt) >= len(s) - 2 and not re.match(r"^[=\-~^*#]+$",
                                                             s):
                h = s
                i += 1
            elif s.startswith(".. ") or s.endswith("::"):
                fence = True
            elif fence and s and not lines[i].startswith((" ", "\t")):
                fence = False
            if re.match(r"^([=\-~^*#])\1{2,}$", s):
                i += 1
                continue
        elif kind == "adoc":
            if s.startswith(("----", "....", "````")):
                fence = not fence
            m = re.match(r"^={1,4}\s+(.*)", s)
            if m and not fence:
                h = m.group(1)
            if s.startswith(("[", ":", "//", "image:", "include:")):
                i += 1
                continue
        if h is not None:
            if head and para:
                out.append((head, " ".join(para)))
            head, para, fence = clean(h), [], False
        elif head and not fence and s and len(" ".join(para)) < 500 and \
                not s.startswith(("!", "|", "-", "*", "`", "<", "[", "..",
                                  ":", "+", "#", "{", "NOTE", "TIP")):
            para.append(s)
        elif head and para and not s:
            para.append("")
        i += 1
    if head and para:
        out.append((head, " ".join(para)))
    for head, p in out:
        p = p.split("  ")[0].strip()      # first paragraph only
        yield head, p


def rd_fields(text):
    t = re.search(r"\\title\{(.*?)\}\s*\n", text, re.S)
    d = re.search(r"\\description\{(.*?)\n\}", text, re.S)
    strip = lambda s: re.sub(r"\\\w+\{([^{}]*)\}", r"\1", s or "")
    return (strip(t.group(1)) if t else "",
            strip(d.group(1)) if d else "")


DOCS = [
    # (repository, path pattern, niche, split, what the source is)
    ("rakhimov/scram", r"^doc/(theory|fault_tree_analysis|probability_"
     r"analysis|uncertainty_analysis|common_cause_analysis|event_tree_"
     r"analysis|fta_algorithms|fta_preprocessing|description)\.rst$",
     "reliability-rcm", "train",
     "SCRAM (probabilistic risk analysis: fault trees, event trees) "
     "documentation"),
    ("Tim-TU/weibulltools", r"^man/.*\.Rd$", "reliability-rcm", "test",
     "weibulltools (R package for reliability and life data analysis) "
     "reference manual"),
    ("nasa/progpy", r"^docs/_sources/(guide|prog_models_guide|prog_algs_"
     r"guide|glossary)\.rst\.txt$", "predictive-maintenance", "train",
     "NASA ProgPy (prognostics and health management) documentation"),
    ("openvinotoolkit/anomalib", r"^src/anomalib/models/(image|video)/"
     r"[^/]+/README\.md$", "ai-analytics", "test",
     "anomalib (visual anomaly detection for industrial inspection) "
     "model descriptions"),
    ("ProtoGulix/tunnel-gmao", r"^docs/philosophy\.md$",
     "cmms-eam", None, "Tunnel GMAO (open-source CMMS) documentation, in "
     "French"),
    ("eclipse-sparkplug/sparkplug", r"^specification/src/main/asciidoc/"
     r"chapters/.*\.adoc$", "iiot-edge", "train",
     "Eclipse Sparkplug specification (MQTT for industrial IoT)"),
]

DOC_SKIP = r"(?i)^(install|installation|usage|license|contributing|" \
    r"changelog|references?|citation|table of contents|authors?|" \
    r"acknowledg|see also|example|examples|parameters|arguments|value|" \
    r"returns?|requirements?|bugs?|todo|notes?)$"


def field_docs():
    for repo, pattern, niche, split, what in DOCS:
        if not have(repo):
            continue
        for path in sorted(git_ls(repo)):
            if not re.search(pattern, path):
                continue
            text = git_show(repo, path)
            if path.endswith(".Rd"):
                title, desc = rd_fields(text)
                add("github:" + repo, split, what, [niche], title, desc)
                continue
            kind = "md" if path.endswith(".md") else \
                "adoc" if path.endswith(".adoc") else "rst"
            doc_title, n = None, 0
            if split is None:   # the same split as its other rows
                split = split_by_name(repo)
            for head, para in doc_blocks(text, kind):
                if doc_title is None:
                    doc_title = head
                if re.match(DOC_SKIP, head) or len(para.split()) < 8:
                    continue
                title = head if head == doc_title else \
                    "%s: %s" % (doc_title, head)
                n += 1
                if n > 16:
                    break
                add("github:" + repo, split, "%s (%s)" % (what, path),
                    [niche], title, para, lang=guess_lang(title + " " +
                                                          para))


# --- Negatives ---------------------------------------------------------------

NEG_FOLDERS = {
    # folder of doosik71/arxivjsdata: arXiv papers filed by ML topic
    "AI_Healthcare": "test", "Medical_Image_Segmentation": "train",
    "Medical_Image_Analysis": "test", "Surgical_Phase_Recognition": "train",
    "Surgical_Instrument_Segmentation": "test", "Sleep_Stage": "train",
    "Blood_Pressure_Estimation_PPG": "test", "Speech_Recognition": "train",
    "Speech_Synthesis": "test", "Keyword_Spotting": "train",
    "Large_Language_Model": "test", "Retrieval-Augmented_Generation": "train",
    "Human_Pose_Estimation": "test", "Quantum_Computation": "train",
    "Coding_Agent": "test", "Chain_of_Thought": "train",
    "Object_Tracking": "test", "Image_Classification": "train",
}


def neg_arxivjsdata(per_folder=60):
    repo = "doosik71/arxivjsdata"
    if not have(repo):
        return
    for folder, split in sorted(NEG_FOLDERS.items()):
        n = 0
        for path in sorted(git_ls(repo, folder)):
            if not path.endswith(".json") or n >= per_folder:
                continue
            d = json.loads(git_show(repo, path))
            before = len(ROWS)
            add("github:%s#%s" % (repo, folder), split,
                "arxivjsdata folder '%s' (arXiv, outside the niches)" % folder,
                [], d.get("title", ""), d.get("abstract", ""))
            n += len(ROWS) - before


SRE_TEST = ("Culture", "Hiring", "Monitoring & Observability & Alerting",
            "Post-Mortem", "Service Level Agreement", "Programming",
            "Real-time Messaging", "Newsletters", "Twitter", "Podcasts")


def neg_awesome_sre():
    """dastergon/awesome-sre (CC0): site reliability engineering, the
    reliability, monitoring and failures of software services, outside the
    niches: hard negatives sharing words with reliability, monitoring and
    maintenance. Sections alternate between the splits."""
    repo = "dastergon/awesome-sre"
    if not have(repo):
        return
    for sect, name, desc in md_items(git_show(repo, "README.md")):
        sect = sect.split(" > ", 1)[-1]
        if sect in ("Contents", "Contributing") or not sect:
            continue
        split = "test" if sect in SRE_TEST else "train"
        add("github:%s#%s" % (repo, sect), split, "awesome-sre section "
            "'%s' (software operations, outside the niches)" % sect, [],
            name, desc)


ATOM = "{http://www.w3.org/2005/Atom}"


def neg_shared_arxiv(corpus):
    """arXiv API and OAI-PMH captures of ../shared/corpus (arXiv metadata,
    CC0): astrophysics, software testing, statistics, physics."""
    if not corpus or not os.path.isdir(corpus):
        return
    files = sorted(os.listdir(os.path.join(corpus, "arxiv")))
    for i, name in enumerate(files):
        try:
            root = ET.parse(os.path.join(corpus, "arxiv", name)).getroot()
        except ET.ParseError:
            continue
        split = "test" if i % 2 else "train"
        for e in root.iter(ATOM + "entry"):
            t = e.findtext(ATOM + "title") or ""
            s = e.findtext(ATOM + "summary") or ""
            cats = [c.get("term") for c in e.iter(ATOM + "category")]
            if t == "Error" or not s:
                continue
            add("corpus:arxiv/" + name, split, "arXiv categories " +
                " ".join(c for c in cats if c), [], t, s)
    oai = os.path.join(corpus, "oai-pmh")
    for i, name in enumerate(sorted(os.listdir(oai))):
        if not name.startswith("arxiv-oai2") or "ListRecords" not in name:
            continue
        root = ET.parse(os.path.join(oai, name)).getroot()
        split = "test" if i % 2 else "train"
        for rec in root.iter("{http://www.openarchives.org/OAI/2.0/}record"):
            t = s = cats = ""
            for el in rec.iter():
                tag = el.tag.split("}")[-1]
                if tag == "title" and not t:
                    t = el.text or ""
                elif tag in ("abstract", "description") and not s:
                    s = el.text or ""
                elif tag in ("categories", "setSpec") and not cats:
                    cats = el.text or ""
            if not t or not s:
                continue
            # cs papers may be industrial: keep only the physics, maths,
            # statistics and q-fin ones as negatives.
            if re.search(r"\bcs\b|cs\.|eess", cats):
                continue
            add("corpus:oai-pmh/" + name, split, "arXiv categories " + cats,
                [], t, s)


# --- Repositories that name themselves after a niche's subject -------------

# Found by a search of repository names on a public code index (the query
# beside each niche); every repository of the query's answer whose snapshot
# could be had is listed, none chosen by reading it. The label is the
# subject the repository names itself after (its name and its README's
# title), the text its README's title and first paragraphs. Each repository
# is its own source: the split is per repository (a hash of its name), so a
# test repository is never in training.
SELF_DECLARED = {
    # niche: the name search, as a pattern on "owner+name" in MIRROR_DIR
    "predictive-maintenance": r"(?i)maintenance-predictive|predictive-"
                              r"maintenance|remaining-useful-life",
    "cmms-eam": r"(?i)cmms|(?<![a-z])gmao|gmao(?![a-z])|"
                r"maintenance-management|maintenance_management",
    "robotics-inspection": r"(?i)inspection-robot|drone-inspection|"
                           r"pipe(line)?-inspection|robotic-inspection|"
                           r"infrastructure-inspection",
    "reliability-rcm": r"(?i)(?<![a-z])fmea|fmea(?![a-z])|fmeca|"
                       r"reliability-cent(er|re)d|fault-tree|"
                       r"weibull-(analy|reliab)",
    "asset-energy": r"(?i)energy-disaggregation|(?<![a-z])nilm(?![a-z])",
    "condition-monitoring": r"(?i)(machine|vibration|industrial|gear|"
                            r"gearbox|bearing|motor|turbine)-condition-"
                            r"monitoring|bearing-fault|vibration-analysis",
}


def self_declared_repos():
    if not os.path.isdir(MIRROR):
        return
    for name in sorted(os.listdir(MIRROR)):
        if "+" not in name or not os.path.isdir(
                os.path.join(MIRROR, name, "repo")):
            continue
        if name.split("+", 1)[1].lower().startswith("awesome"):
            continue      # a list: read for its items, not as one
        for niche, pattern in sorted(SELF_DECLARED.items()):
            if re.search(pattern, name.split("+", 1)[1]):
                yield niche, pattern, name.replace("+", "/", 1)
                break


FR_WORDS = set("le la les des de du et pour une un est avec dans sur au aux "
               "ce cette qui par en son ses leur".split())
EN_WORDS = set("the and of for with is to in on a an this that by from are "
               "which its".split())
ES_WORDS = set("el los las del con para una por que y se como esta este "
               "sistema gestión mantenimiento desarrollado em com não dos "
               "das falhas rolamentos".split())


def guess_lang(text):
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    fr = sum(w in FR_WORDS for w in words)
    en = sum(w in EN_WORDS for w in words)
    es = sum(w in ES_WORDS for w in words)
    if es > fr and es > en:
        return "es"
    return "fr" if fr > en and fr >= 2 else "en"


def licence_name(repo):
    """The first line of the repository's licence file, or "none"."""
    for path in git_ls(repo):
        if re.match(r"(?i)(licen[cs]e|copying)(\.\w+)?$", path):
            for line in git_show(repo, path).splitlines():
                line = re.sub(r"[#=*]+", "", line).strip()
                if line:
                    return line[:60]
    return "none"


def licensed(repo):
    """True when the repository carries a licence that lets its text be
    copied (MIT, BSD, Apache, CC0, CC-BY, GPL family)."""
    for path in git_ls(repo):
        if re.match(r"(?i)(licen[cs]e|copying)(\.\w+)?$", path):
            head = git_show(repo, path)[:400]
            return bool(re.search(r"MIT|BSD|Apache|CC0|Creative Commons|"
                                  r"Attribution|GNU|Unlicense", head))
    return False


def readme_text(repo):
    names = [p for p in git_ls(repo) if "/" not in p and
             re.match(r"(?i)readme(\.(md|markdown|rst|txt))?$", p)]
    # README.md before README_xx.md and the like
    names.sort(key=lambda p: (len(p), p))
    return git_show(repo, names[0]) if names else ""


def readme_parts(text):
    """The README's first title and its first prose paragraphs."""
    title, body, fence = "", [], False
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("```"):
            fence = not fence
            continue
        if fence or not s:
            if body and body[-1] != "":
                body.append("")
            continue
        if s.startswith("<!--") or re.match(r"^[|=\-_*#>]*$", s):
            continue
        m = re.match(r"(?i)^<h1[^>]*>(.*?)</h1>", s)
        if m and not title:
            title = clean(m.group(1))
            continue
        m = re.match(r"^#{1,3}\s+(.*)", s)
        if m:
            head = clean(re.sub(r"[^\w\s'’:,.()/&+-]", " ", m.group(1)))
            if not title and len(head) >= 3:
                title = head
            elif title and sum(len(b) for b in body) > 200:
                break
            continue
        if s.startswith(("[![", "![", "<", "|", "[<img")):
            continue
        body.append(s.lstrip("> ").lstrip("-*+ "))
    summary = " ".join(b for b in body if b)
    return title, summary


def self_declared():
    for niche, pattern, repo in self_declared_repos():
        title, summary = readme_parts(readme_text(repo))
        name = repo.split("/")[1]
        name_words = re.sub(r"[-_.]+", " ", name).strip()
        lang = guess_lang(title + " " + summary + " " + name_words)
        if lang == "es":
            continue
        if " " not in title:
            title = re.sub(r"[-_]+", " ", title)
        # A README title that shares no word with the repository's name is
        # a framework's boilerplate ("About Laravel") or a project's brand:
        # the name says what the repository is about.
        shared = set(re.findall(r"\w{3,}", title.lower())) & \
            set(re.findall(r"\w{3,}", name_words.lower()))
        needed = min(2, len(set(re.findall(r"\w{3,}", name_words.lower()))))
        if len(shared) < needed or len(title.split()) < 3 or \
                re.search(r"[\u3000-\u9fff\uac00-\ud7af]", title):
            # a title in another script says nothing to these rules
            if re.search(r"[\u3000-\u9fff\uac00-\ud7af]", title):
                title = ""
            title = name_words + (" - " + title if title and
                                  title.lower() not in name_words.lower()
                                  else "")
        if not licensed(repo) and not FULL:
            summary = ""      # no licence: names and titles only
        split = split_by_name(repo)
        add("github:" + repo, split, "repository named after its subject "
            "(name search %s)" % pattern.replace("(?i)", ""), [niche],
            title, summary, lang=lang)


def main():
    global MIRROR
    if len(sys.argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    global FULL
    args = sys.argv[1:]
    sources = None
    if "--full" in args:
        FULL = True
        args.remove("--full")
    if "--sources" in args:
        i = args.index("--sources")
        sources = args[i + 1]
        del args[i:i + 2]
    MIRROR = args[0]
    corpus = args[1] if len(args) > 1 else None
    for f in (ot_orange, ot_offsec, ot_iti, dt_holimolirev, nilm_workshop,
              iot_hqarroum, am_3dprinting, ai_surface_defects,
              cm_bearing_datasets, neg_arxivjsdata, neg_culturesnumeriques,
              self_declared, neg_awesome_sre, iot_orange_protocols,
              cm_fault_diagnosis_papers, pdm_caglarmert,
              am_klipper_fr, field_docs, cmms_atlas_site):
        f()
    neg_shared_arxiv(corpus)
    both = set(r["source"] for r in ROWS if r["split"] == "train") & \
        set(r["source"] for r in ROWS if r["split"] == "test")
    if both:
        sys.stderr.write("build.py: sources in both splits: %s\n" %
                         ", ".join(sorted(both)))
        return 1
    out = sys.stdout
    out.write("id\tsplit\tsource\tlang\tlabels\tsectors\ttitle\tsummary\t"
              "filing\n")
    for r in sorted(ROWS, key=lambda r: (r["source"], r["title"])):
        rid = "L" + hashlib.sha1((r["source"] + r["title"]).encode()
                                 ).hexdigest()[:10]
        out.write("\t".join([rid, r["split"], r["source"], r["lang"],
                             r["labels"], "", r["title"], r["summary"],
                             r["filing"]]).replace("\r", " ") + "\n")
    if sources:
        with open(sources, "w") as f:
            f.write("repository\tcommit\tlicence file\trows\n")
            rows = {}
            for r in ROWS:
                key = r["source"].split(":", 1)[1].split("#")[0]
                rows[key] = rows.get(key, 0) + 1
            for repo in sorted(USED):
                name = repo.split("@")[0]
                f.write("%s\t%s\t%s\t%d\n" % (
                    repo, USED[repo], licence_name(name) if have(name)
                    else "?", rows.get(repo, 0)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
