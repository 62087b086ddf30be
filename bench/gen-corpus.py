#!/usr/bin/env python3
"""Deterministic generator of a realistic feed corpus for the benchmarks.

usage: gen-corpus.py OUTDIR [--feeds 1000] [--scale 1] [--seed 42]

Writes OUTDIR/feeds/NNNN.xml (a mix of RSS 2.0 and Atom 1.0 feeds in English
and French industrial-maintenance vocabulary, HTML in descriptions, entities,
some CDATA, RFC 822 / RFC 3339 / French dates over about two years) and
OUTDIR/urls.txt (the feed paths relative to OUTDIR, one per line).
At scale 1: about 60,000 items and 120 MB; scale N multiplies the items.
The same seed always gives the same bytes (stdlib only, no clock).
"""

import argparse
import os
import random
import sys

EN_TOPICS = [
    "predictive maintenance", "vibration analysis", "condition monitoring",
    "infrared thermography", "CMMS", "computerized maintenance management",
    "digital twin", "IIoT", "industrial internet of things", "OPC UA",
    "reliability-centred maintenance", "RCM", "FMEA", "FMECA",
    "total productive maintenance", "TPM", "OEE", "inspection drones",
    "OT cybersecurity", "ISO 55000", "asset management", "additive manufacturing",
    "technician training", "remaining useful life", "anomaly detection",
    "oil analysis", "ultrasound testing", "motor current signature analysis",
    "root cause analysis", "spare parts optimisation", "edge computing",
    "machine learning for maintenance", "augmented reality maintenance",
    "SCADA", "PLC retrofit", "bearing failure", "gearbox monitoring",
]
FR_TOPICS = [
    "maintenance prédictive", "analyse vibratoire", "surveillance d'état",
    "thermographie infrarouge", "GMAO", "gestion de maintenance assistée par ordinateur",
    "jumeau numérique", "IIoT", "internet industriel des objets", "OPC UA",
    "maintenance basée sur la fiabilité", "AMDEC", "RCM",
    "maintenance productive totale", "TPM", "TRS", "drones d'inspection",
    "cybersécurité OT", "ISO 55000", "gestion des actifs", "fabrication additive",
    "formation des techniciens", "durée de vie résiduelle", "détection d'anomalies",
    "analyse d'huile", "contrôle par ultrasons", "analyse des causes racines",
    "optimisation des pièces de rechange", "réalité augmentée", "rétrofit d'automates",
    "défaillance de roulement", "surveillance des réducteurs", "fiabilité des équipements",
]
EN_SECTORS = [
    "phosphates", "automotive", "aerospace", "energy", "railways", "water",
    "cement", "food processing", "mining", "ports", "wind power", "solar plants",
]
FR_SECTORS = [
    "phosphates", "automobile", "aéronautique", "énergie", "ferroviaire", "eau",
    "ciment", "agroalimentaire", "mines", "ports", "éolien", "centrales solaires",
]
PLACES = [
    "Casablanca", "Tanger", "Kénitra", "Jorf Lasfar", "Safi", "Khouribga",
    "Rabat", "Marrakech", "Agadir", "Fès", "Oujda", "Laâyoune", "Lyon",
    "Toulouse", "Hamburg", "Detroit", "Bilbao", "Milano",
]
ORGS = [
    "OCP", "Renault Tanger", "Stellantis Kénitra", "Safran", "ONCF", "ONEE",
    "LafargeHolcim Maroc", "Cosumar", "Siemens", "ABB", "Schneider Electric",
    "SKF", "Emerson", "Bosch Rexroth", "Boeing", "Airbus", "Ciments du Maroc",
    "Lesieur Cristal", "Masen", "Tanger Med", "ENSAM Casablanca", "UM6P",
    "Université Hassan II", "EMI Rabat", "AFIM", "Cluster Maintenance 4.0",
]
EN_VERBS = [
    "deploys", "announces", "pilots", "rolls out", "invests in", "partners on",
    "publishes a study on", "cuts downtime with", "trains staff in", "evaluates",
]
FR_VERBS = [
    "déploie", "annonce", "teste", "généralise", "investit dans", "s'associe pour",
    "publie une étude sur", "réduit ses arrêts grâce à", "forme ses équipes à", "évalue",
]
EN_NOISE = (
    "the company said in a statement that the programme would continue next year "
    "while analysts expect the market to grow as sensors get cheaper and data "
    "platforms mature across plants of every size including small suppliers and "
    "large groups alike with results shared at the annual conference"
).split()
FR_NOISE = (
    "selon le communiqué de l'entreprise le programme se poursuivra l'an prochain "
    "tandis que les analystes prévoient une croissance du marché à mesure que les "
    "capteurs deviennent moins chers et que les plateformes de données mûrissent "
    "dans les usines de toutes tailles des PME aux grands groupes avec des résultats "
    "présentés lors de la conférence annuelle à l'été"
).split()
GENERAL_NOISE_EN = [
    "Weather update for the weekend", "Stock markets close higher",
    "Football: local club wins derby", "New restaurant opens downtown",
    "Traffic disruption expected on the highway", "Film festival line-up revealed",
]
GENERAL_NOISE_FR = [
    "Météo du week-end", "La Bourse de Casablanca termine en hausse",
    "Football : le Raja remporte le derby", "Un nouveau restaurant ouvre en centre-ville",
    "Perturbations attendues sur l'autoroute", "Le festival de Marrakech dévoile sa sélection",
]

DAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
             "Oct", "Nov", "Dec"]
DAYS_FR = ["Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim"]
DAYS_FR_LONG = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
             "août", "septembre", "octobre", "novembre", "décembre"]
ZONES = [("+0000", 0), ("GMT", 0), ("+0100", 60), ("+0200", 120),
         ("-0500", -300), ("EST", -300), ("PDT", -420), ("+0530", 330)]

# 2024-09-01T00:00:00Z .. about two years later: fixed, not the clock.
T0 = 1725148800
SPAN = 2 * 365 * 86400

# Civil-from-days (Howard Hinnant), so that no timezone or locale of the
# machine can change the output.
def civil(t):
    days, secs = divmod(t, 86400)
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    if m <= 2:
        y += 1
    wday = (days + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    return y, m, d, secs // 3600, secs % 3600 // 60, secs % 60, wday


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rfc822(t, rng):
    zname, zmin = rng.choice(ZONES)
    y, m, d, hh, mi, ss, wd = civil(t + zmin * 60)
    return "%s, %02d %s %d %02d:%02d:%02d %s" % (
        DAYS_EN[wd], d, MONTHS_EN[m - 1], y, hh, mi, ss, zname)


def rfc3339(t, rng):
    zmin = rng.choice((0, 0, 60, 120, -300))
    y, m, d, hh, mi, ss, _ = civil(t + zmin * 60)
    if zmin == 0:
        z = "Z"
    else:
        z = "%s%02d:%02d" % ("+" if zmin > 0 else "-", abs(zmin) // 60, abs(zmin) % 60)
    return "%04d-%02d-%02dT%02d:%02d:%02d%s" % (y, m, d, hh, mi, ss, z)


def french_date(t, rng):
    y, m, d, hh, mi, ss, wd = civil(t + 3600)
    if rng.random() < 0.5:
        return "%s, %02d %s %d %02d:%02d:%02d +0100" % (
            DAYS_FR[wd], d, MONTHS_FR[m - 1].capitalize(), y, hh, mi, ss)
    return "%s %d %s %d %02d:%02d" % (DAYS_FR_LONG[wd], d, MONTHS_FR[m - 1], y, hh, mi)


class Words:
    def __init__(self, rng, fr):
        self.rng = rng
        self.fr = fr
        self.topics = FR_TOPICS if fr else EN_TOPICS
        self.sectors = FR_SECTORS if fr else EN_SECTORS
        self.verbs = FR_VERBS if fr else EN_VERBS
        self.noise = FR_NOISE if fr else EN_NOISE
        self.general = GENERAL_NOISE_FR if fr else GENERAL_NOISE_EN

    def title(self):
        r = self.rng
        if r.random() < 0.12:
            return r.choice(self.general)
        t = "%s %s %s" % (r.choice(ORGS), r.choice(self.verbs), r.choice(self.topics))
        if r.random() < 0.5:
            t += (" (%s)" if r.random() < 0.5 else " — %s") % r.choice(self.sectors)
        if r.random() < 0.08:
            t += " & " + r.choice(self.topics)
        return t

    def sentence(self):
        r = self.rng
        n = r.randint(9, 21)
        words = [r.choice(self.noise) for _ in range(n)]
        k = r.randrange(n)
        words[k] = r.choice(self.topics)
        if r.random() < 0.5:
            words[r.randrange(n)] = r.choice(self.sectors)
        if r.random() < 0.3:
            words[r.randrange(n)] = r.choice(PLACES)
        s = " ".join(words)
        return s[0].upper() + s[1:] + "."

    def html(self, link):
        """An HTML description of about 1.5 to 2 kB, as publishers write it."""
        r = self.rng
        parts = []
        for _ in range(r.randint(2, 5)):
            sents = [self.sentence() for _ in range(r.randint(2, 4))]
            txt = " ".join(sents)
            v = r.random()
            if v < 0.25:
                txt = txt.replace(" ", " <b>", 1).replace(".", "</b>.", 1) \
                    if "." in txt else txt
            elif v < 0.45:
                txt += ' <a href="%s">%s</a>' % (
                    link, "Lire la suite" if self.fr else "Read more")
            elif v < 0.55:
                txt += " &nbsp;&copy; %s&nbsp;&ndash; %s" % (
                    r.choice(ORGS), r.choice(PLACES))
            elif v < 0.6:
                txt = "<em>%s</em> %s" % (r.choice(self.topics), txt)
            parts.append("<p>%s</p>" % txt)
        if r.random() < 0.15:
            parts.append('<ul><li>%s</li><li>%s</li></ul>' % (
                r.choice(self.topics), r.choice(self.topics)))
        if r.random() < 0.1:
            parts.append('<img src="/img/%d.jpg" alt="%s" width="640" height="360">'
                         % (r.randrange(10000), esc(r.choice(self.topics))))
        return "".join(parts)


def rss_feed(fid, rng, nitems, fr):
    w = Words(rng, fr)
    host = "news%d.example.%s" % (fid, "ma" if fr else "com")
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
           '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n',
           "<title>%s</title>\n" % esc(("Veille %s n°%d" if fr else "%s Watch #%d")
                                        % (rng.choice(w.topics), fid)),
           "<link>https://%s/</link>\n" % host,
           '<atom:link href="https://%s/feed.xml" rel="self" type="application/rss+xml"/>\n' % host,
           "<description>%s</description>\n" % esc(w.sentence()),
           "<language>%s</language>\n" % ("fr-MA" if fr else "en-US")]
    t = T0 + SPAN - rng.randrange(86400 * 30)
    for i in range(nitems):
        t -= rng.randrange(3600, SPAN // max(nitems, 1) * 2 + 3600)
        t = max(t, T0)
        link = "https://%s/%d/%d-article.html" % (host, fid, i)
        title = w.title()
        desc = w.html(link)
        out.append("<item>\n<title>%s</title>\n<link>%s</link>\n" % (esc(title), link))
        if rng.random() < 0.85:
            out.append('<guid isPermaLink="false">%s-%d-%d</guid>\n' % (host, fid, i))
        if fr and rng.random() < 0.15:
            date = french_date(t, rng)
        else:
            date = rfc822(t, rng)
        out.append("<pubDate>%s</pubDate>\n" % date)
        if rng.random() < 0.4:
            out.append("<dc:creator>%s</dc:creator>\n" % esc(rng.choice(ORGS)))
        for _ in range(rng.randint(0, 3)):
            out.append("<category>%s</category>\n" % esc(rng.choice(w.topics)))
        if rng.random() < 0.3:
            out.append("<description><![CDATA[%s]]></description>\n" % desc)
        else:
            out.append("<description>%s</description>\n" % esc(desc))
        if rng.random() < 0.2:
            out.append("<content:encoded><![CDATA[%s%s]]></content:encoded>\n"
                       % (desc, w.html(link)))
        if rng.random() < 0.05:
            out.append('<enclosure url="https://%s/media/%d.mp3" length="%d" '
                       'type="audio/mpeg"/>\n' % (host, i, rng.randrange(10**6, 10**8)))
        out.append("</item>\n")
    out.append("</channel>\n</rss>\n")
    return "".join(out)


def atom_feed(fid, rng, nitems, fr):
    w = Words(rng, fr)
    host = "blog%d.example.%s" % (fid, "fr" if fr else "org")
    out = ['<?xml version="1.0" encoding="utf-8"?>\n',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="%s">\n' % ("fr" if fr else "en"),
           "<title>%s</title>\n" % esc(rng.choice(ORGS) + " — " + rng.choice(w.topics)),
           '<link href="https://%s/"/>\n' % host,
           '<link rel="self" href="https://%s/atom.xml"/>\n' % host,
           "<id>tag:%s,2024:feed</id>\n" % host]
    t = T0 + SPAN - rng.randrange(86400 * 30)
    out.append("<updated>%s</updated>\n" % rfc3339(t, rng))
    for i in range(nitems):
        t -= rng.randrange(3600, SPAN // max(nitems, 1) * 2 + 3600)
        t = max(t, T0)
        link = "https://%s/posts/%d" % (host, i)
        desc = w.html(link)
        out.append("<entry>\n<title>%s</title>\n" % esc(w.title()))
        out.append('<link rel="alternate" type="text/html" href="%s"/>\n' % link)
        out.append("<id>tag:%s,2024:post-%d</id>\n" % (host, i))
        out.append("<published>%s</published>\n" % rfc3339(t, rng))
        out.append("<updated>%s</updated>\n" % rfc3339(t + rng.randrange(0, 86400 * 3), rng))
        for _ in range(rng.randint(1, 3)):
            out.append("<author><name>%s</name></author>\n" % esc(
                rng.choice(["Salma", "Youssef", "Claire", "John", "Amina", "Pierre",
                            "Karim", "Fatima-Zahra", "Laura", "Mehdi"]) + " " +
                rng.choice(["Benali", "El Idrissi", "Martin", "Smith", "Alaoui",
                            "Dubois", "Tazi", "Müller"])))
        for _ in range(rng.randint(0, 3)):
            out.append('<category term="%s"/>\n' % esc(rng.choice(w.topics)))
        out.append('<summary type="html">%s</summary>\n' % esc(w.sentence() + " " + w.sentence()))
        if rng.random() < 0.3:
            out.append('<content type="html"><![CDATA[%s]]></content>\n' % desc)
        else:
            out.append('<content type="html">%s</content>\n' % esc(desc))
        out.append("</entry>\n")
    out.append("</feed>\n")
    return "".join(out)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args(argv)
    if a.feeds < 1 or a.scale < 1:
        ap.error("--feeds and --scale must be at least 1")
    fdir = os.path.join(a.outdir, "feeds")
    os.makedirs(fdir, exist_ok=True)
    rng = random.Random(a.seed)
    paths = []
    nitems = 0
    nbytes = 0
    for fid in range(a.feeds):
        frng = random.Random(rng.getrandbits(64))
        # Feed sizes vary a lot in the wild: a few big ones, many of ~60.
        n = frng.choice((10, 20, 30, 50, 60, 60, 60, 80, 100, 120)) * a.scale
        fr = frng.random() < 0.5
        if frng.random() < 0.6:
            body = rss_feed(fid, frng, n, fr)
        else:
            body = atom_feed(fid, frng, n, fr)
        rel = "feeds/%04d.xml" % fid
        data = body.encode("utf-8")
        with open(os.path.join(a.outdir, rel), "wb") as f:
            f.write(data)
        paths.append(rel)
        nitems += n
        nbytes += len(data)
    with open(os.path.join(a.outdir, "urls.txt"), "w") as f:
        f.write("\n".join(paths) + "\n")
    sys.stderr.write("gen-corpus: %d feeds, %d items, %.1f MB in %s\n"
                     % (len(paths), nitems, nbytes / 1e6, a.outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
