#!/usr/bin/python3
"""Fills a veille database (schema made by mkdb) with a year of classified
items for the report benchmark, straight through SQLite: the fetch and
classify paths are measured elsewhere, and 600,000 items through them take
much longer than the report itself.

usage: b50-gen.py DB ITEMS [--seed 42]

Items are spread over 2025-12-01 .. 2026-12-01 (a little busier towards the
end), in 800 feeds (a quarter of them publications), 12 niches (one or two
per item, with niche-specific growth), 6 sectors, titles of 6 to 10 words
from an English and French maintenance vocabulary with a few terms that
appear during the year. The same seed gives the same database."""
import random
import sqlite3
import sys

db, n = sys.argv[1], int(sys.argv[2])
seed = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--seed" else 42
rnd = random.Random(seed)

NICHES = ["predictive-maintenance", "condition-monitoring", "cmms-eam",
          "digital-twin", "iiot-edge", "reliability", "ai-maintenance",
          "ot-cybersecurity", "inspection-ndt", "asset-management",
          "tpm-lean", "additive-spares"]
SECTORS = ["energy", "mining", "water", "automotive", "aerospace", "food"]
WORDS = ("predictive maintenance vibration analysis condition monitoring "
         "thermography cmms digital twin iiot sensor gateway edge reliability "
         "failure bearing gearbox pump motor compressor turbine anomaly "
         "detection machine learning model dataset prognostics remaining "
         "useful life inspection drone ultrasound corrosion asset management "
         "iso 55000 opc ua scada plc retrofit cybersecurity ransomware "
         "maintenance prédictive analyse vibratoire surveillance jumeau "
         "numérique capteur fiabilité défaillance roulement pompe moteur "
         "détection anomalies modèle données inspection corrosion gestion "
         "actifs usine industrie atelier technicien formation plan rapport "
         "new study approach method system platform launch partnership "
         "contract plant factory fleet wind solar hydro mine port railway "
         "oil gas water utility cement steel chemical pharmaceutical food "
         "automotive aerospace robot cobot spare parts lubrication alignment "
         "balancing shutdown outage downtime uptime kpi oee mtbf mttr").split()
EMERGING = ["hydrogen electrolyser", "llm copilot", "battery storage",
            "cyber resilience act", "quantum sensor"]
T0 = 1764547200          # 2025-12-01T00:00:00Z
SPAN = 365 * 86400

con = sqlite3.connect(db)
cur = con.cursor()
cur.execute("PRAGMA journal_mode=WAL")
cur.execute("PRAGMA synchronous=OFF")
cur.execute("BEGIN")
feeds = []
for i in range(800):
    kind = "publication" if i % 4 == 0 else "news"
    cur.execute("INSERT INTO feeds(name, url, kind) VALUES (?, ?, ?)",
                ("feed-%03d" % i, "https://feeds.example.org/%d" % i, kind))
    feeds.append(cur.lastrowid)
nid = {}
for x in NICHES:
    cur.execute("INSERT OR IGNORE INTO niches(name) VALUES (?)", (x,))
    nid[x] = cur.execute("SELECT id FROM niches WHERE name = ?", (x,)).fetchone()[0]
sid = {}
for x in SECTORS:
    cur.execute("INSERT OR IGNORE INTO sectors(name) VALUES (?)", (x,))
    sid[x] = cur.execute("SELECT id FROM sectors WHERE name = ?", (x,)).fetchone()[0]
base_id = cur.execute("SELECT coalesce(max(id), 0) FROM items").fetchone()[0]
items, niches, sectors, stories = [], [], [], []
for k in range(n):
    # busier towards the end of the year: density 1 + 0.5 t
    u = rnd.random()
    t = T0 + int(SPAN * 2 * (-1 + (1 + 1.25 * u) ** 0.5))
    iid = base_id + k + 1
    f = feeds[rnd.randrange(len(feeds))]
    words = [rnd.choice(WORDS) for _ in range(rnd.randint(6, 10))]
    frac = (t - T0) / SPAN
    for j, e in enumerate(EMERGING):
        if frac > 0.5 + 0.1 * j and rnd.random() < 0.02 * (frac - 0.4):
            words.insert(rnd.randrange(len(words)), e)
    title = " ".join(words).capitalize()
    summary = "Summary of item %d: %s." % (iid, " ".join(rnd.choice(WORDS) for _ in range(30)))
    stories.append((iid, t))
    items.append((iid, f, "g%d" % iid, "https://example.org/i/%d" % iid, title,
                  summary, t, t, "h%d" % iid, iid))
    # niche growth: the first niches rise during the year, the last fall
    for m in range(1 if rnd.random() < 0.7 else 2):
        w = [1 + (0.8 * frac if i < 3 else -0.4 * frac if i > 8 else 0)
             for i in range(len(NICHES))]
        x = rnd.choices(NICHES, weights=w)[0]
        niches.append((iid, nid[x], round(1 + 9 * rnd.random(), 1), "bench-rules"))
    sectors.append((iid, sid[rnd.choice(SECTORS)], 1.0))
cur.executemany("INSERT INTO stories(id, first_seen) VALUES (?, ?)", stories)
cur.executemany("INSERT INTO items(id, feed_id, guid, link, title, summary,"
                " published, first_seen, content_hash, story_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", items)
cur.executemany("INSERT OR IGNORE INTO item_niches(item_id, niche_id, score,"
                " fingerprint) VALUES (?, ?, ?, ?)", niches)
cur.executemany("INSERT INTO item_sectors(item_id, sector_id, score)"
                " VALUES (?, ?, ?)", sectors)
con.commit()
con.close()
