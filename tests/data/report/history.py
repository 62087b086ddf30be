#!/usr/bin/python3
"""Writes a synthetic item history with known answers for the trend report
(tests/tools/reporttool fixture format) to stdout.

Period 2026-Q1, baseline the four quarters of 2025:
- pdm doubles from a large base: 200 items a quarter, then 400 (significant);
- twin goes 2 -> 4 (not significant);
- cmms is stable at 100;
- iiot falls from 100 to 40 (significant fall, ranked last);
- "hydrogen electrolyser" appears in 2026-Q1 only, in 5 sources (emerging
  and a first sighting); "vibration analysis" is in every cmms item, always
  (not emerging);
- feed "old-feed" publishes in 2025 only (silent in the period).
Usage: history.py [hostile]  (hostile adds titles and labels from a hostile
feed: markup, quotes, javascript: links)."""
import sys

hostile = len(sys.argv) > 1 and sys.argv[1] == "hostile"
out = []
if hostile:
    out.append("#niche\tpdm\t</svg><script>alert(1)</script>\tPredictive \" onload=\"x")
else:
    out.append("#niche\tpdm\tMaintenance prédictive\tPredictive maintenance")
out.append("#niche\ttwin\tJumeau numérique\tDigital twin")
out.append("#niche\tcmms\tGMAO\tCMMS")
out.append("#niche\tiiot\tIIoT industriel et efficacité énergétique\tIndustrial IoT")
out.append("#sector\tenergy\tÉnergie")
out.append("#sector\tmining\tMines")
out.append("#watch\tiso55000\tISO 55000\tISO 55000|ISO55000")
out.append("#watch\topcua\tOPC UA\tOPC UA|OPC-UA")

quarters = [(2025, 1), (2025, 4), (2025, 7), (2025, 10), (2026, 1)]
plan = {"pdm": [200, 200, 200, 200, 400], "twin": [2, 2, 2, 2, 4],
        "cmms": [100] * 5, "iiot": [100, 100, 100, 100, 40]}
words = {"pdm": "remaining useful life bearing prognostics",
         "twin": "simulation model plant replica",
         "cmms": "work order vibration analysis",
         "iiot": "sensor gateway network edge"}
story = 0
for qi, (y, m) in enumerate(quarters):
    for niche, counts in plan.items():
        n = counts[qi]
        for i in range(n):
            day = 1 + (i * 89) // max(n, 1)       # spread over the quarter
            month = m + (day - 1) // 30
            dom = 1 + (day - 1) % 30
            if month == m + 2 and dom > 28:
                dom = 28
            date = "%04d-%02d-%02dT08:00:00Z" % (y, month, dom)
            src = "feed-%s-%d" % (niche, i % 4)
            if qi < 4 and niche == "iiot" and i % 10 == 0:
                src = "old-feed"
            story += 1
            title = "%s %s %d" % (niche.upper(), words[niche], i % 7)
            if niche == "cmms":
                title = "Vibration analysis for %s %d" % (words[niche], i % 7)
            text = "Item %d of %s." % (i, niche)
            if niche == "pdm" and i % 25 == 0:
                text += " Conforms to ISO 55000."
            sect = "energy" if i % 2 else "mining"
            niches = niche + (",cmms" if niche == "pdm" and i % 50 == 0 else "")
            kind = "publication" if i % 3 == 0 else "news"
            link = "https://example.org/%s/%d/%d" % (niche, qi, i)
            score = i % 10
            if hostile and qi == 4 and niche == "pdm" and i < 3:
                title = ["<script>alert('t')</script> pump",
                         "</svg><script>alert(2)</script>",
                         "quote \" onmouseover=\"alert(3)"][i]
                link = "javascript:alert(4)"
                score = 99.0 - i  # top stories, so they reach the page
            out.append("\t".join([date, niches, sect, src, kind, str(story),
                                  "%.1f" % score, title, link, text]))
# the sudden term: 10 items in 2026-Q1 from 5 sources
for i in range(10):
    story += 1
    out.append("\t".join(["2026-02-%02dT09:00:00Z" % (1 + i), "pdm", "energy",
                          "h2-source-%d" % (i % 5), "news", str(story), "5.0",
                          "Hydrogen electrolyser maintenance %d" % i,
                          "https://example.org/h2/%d" % i,
                          "Predictive upkeep of a hydrogen electrolyser."]))
print("\n".join(out))
