#!/usr/bin/python3
"""Writes a synthetic history for the report's summary (t0640), in the
reporttool fixture format, to stdout. Six quarters, 2024-Q4 to 2026-Q1; the
report is 2026-Q1 (baseline 2025), the previous report 2025-Q4 (baseline
2024-Q4 to 2025-Q3). Known answers:
- pdm 100 a quarter, then 220 in 2026-Q1: the top riser now;
- twin 20 a quarter, 60 in 2025-Q4 (the previous report's top riser),
  then 25: its rank falls;
- cmms stable at 100; iiot 80, then 30: a significant fall;
- robot: its feeds start on 2025-12-01 (coverage), 10 items then and 50 in
  2026-Q1: not enough history, no claim of a rise;
- "hydrogène vert": 6 items in 4 sources in 2025-Q4 (emerging then), 10
  in 2026-Q1 (established now);
- first sightings in 2026-Q1: "drone" (robot titles, 4 sources) and
  "inspection", a word of the robot niche's own name (left out);
  "capteurs intelligents" twice and "capteur intelligent" twice in 4
  sources (one term);
- one pdm story told by 5 sources;
- organisations: Siemens on the watch list; "Stellantis" in titles of 3
  sources in 2026-Q1, not on the list (a candidate); "Rapport" starts
  titles (a title's first word, not a name)."""

out = []
out.append("#niche\tpdm\tMaintenance prédictive\tPredictive maintenance")
out.append("#niche\ttwin\tJumeau numérique\tDigital twin")
out.append("#niche\tcmms\tGMAO\tCMMS")
out.append("#niche\tiiot\tIIoT industriel\tIndustrial IoT")
out.append("#niche\trobot\tRobotique et inspection\tRobotics and inspection")
out.append("#sector\tenergy\tÉnergie")
out.append("#watch\tsiemens\tSiemens\tSiemens")

quarters = [(2024, 10), (2025, 1), (2025, 4), (2025, 7), (2025, 10),
            (2026, 1)]
plan = {"pdm": [100, 100, 100, 100, 100, 220],
        "twin": [20, 20, 20, 20, 60, 25],
        "cmms": [100] * 6,
        "iiot": [80, 80, 80, 80, 80, 30],
        "robot": [0, 0, 0, 0, 10, 50]}
words = {"pdm": ["pompe", "roulement", "moteur", "compresseur"],
         "twin": ["usine", "ligne", "atelier"],
         "cmms": ["ordre", "stock", "intervention"],
         "iiot": ["passerelle", "réseau", "automate"],
         "robot": ["cuve"]}
rows = []
story = 0
for qi, (y, m) in enumerate(quarters):
    for niche, counts in plan.items():
        n = counts[qi]
        for i in range(n):
            day = 1 + (i * 89) // max(n, 1)
            month = m + (day - 1) // 30
            dom = 1 + (day - 1) % 30
            if month == m + 2 and dom > 28:
                dom = 28
            if niche == "robot" and qi == 4:
                month, dom = 12, 1 + i % 28
            date = "%04d-%02d-%02dT08:00:00Z" % (y, month, dom)
            src = "feed-%s-%d" % (niche, i % 4)
            story += 1
            w = words[niche][i % len(words[niche])]
            title = "Suivi %s %s %d" % (w, niche, i % 5)
            if niche == "robot":
                title = ("Inspection par drone du convoyeur %d" % (i % 5)
                         if qi == 5 else "Robot mobile pour la cuve %d" % i)
            if niche == "pdm" and qi == 4 and i < 6:
                title = "Hydrogène vert pour la %s %d" % (w, i)
                src = "feed-pdm-%d" % (i % 4)
            if niche == "pdm" and qi == 5 and i < 10:
                title = "Hydrogène vert pour la %s %d" % (w, i)
            if niche == "cmms" and qi == 5 and i < 4:
                title = ("Les capteurs intelligents de l'atelier %d" % i
                         if i % 2 else "Un capteur intelligent pour le "
                         "stock %d" % i)
            if niche == "iiot" and qi == 5 and i < 3:
                title = "Passerelle chez Stellantis à Kénitra %d" % i
                src = "feed-iiot-%d" % i
            if niche == "pdm" and qi == 5 and 20 <= i < 24:
                title = "Rapport sur la pompe %d avec Siemens" % i
            st = str(story)
            if niche == "pdm" and qi == 5 and 30 <= i < 35:
                title = "Arrêt évité à la cimenterie de Safi"
                src = ("feed-pdm-%d" % (i - 30) if i < 34
                       else "feed-cmms-0")
                st = "999999"
            rows.append((date, niche, "energy" if i % 3 == 0 else "", src,
                         "news", st, "0.8", title,
                         "https://example.org/%s/%d/%d" % (niche, qi, i),
                         ""))
rows.sort(key=lambda r: r[0])
for d in out:
    print(d)
for r in rows:
    print("\t".join(r))
