#!/bin/sh
# Allocation failure at each allocation site in turn (curl-style torture)
# over `veille parse` of several dialects (t0811 does the same over inline
# markup, JSON Feed fields, `veille search`, `show`, `stats`, `report` and
# `explain`): a clean run counts its allocations
# (VEILLE_ALLOC_COUNT), then every N from 1 to that count fails in turn.
# Each run must fail cleanly (exit 1, 2 or 3 with a message; no crash, no
# sanitizer report, no leak under SANITIZE) or give exactly the clean
# run's output. A success whose output differs from the clean run's is a
# silent partial result (a field, a line or a count dropped because an
# allocation failed): a failure.
. tests/e2e/lib.sh

. tests/e2e/torture.inc

in=tests/data/parse/in
for f in reddit-r-rust_atom.xml kernel-org-releases_rss2.xml \
	slashdot_rss10.xml synthetic_jsonfeed-1.1_author-vs-authors.json \
	netnewswire-subs_opml11.xml \
	sickle_ListRecords_deleted-record_resumptionToken.xml \
	arxiv-api-classic-2016_id_list-1111.2011v2.xml \
	biorxiv_rss10_prism_dc.xml synthetic_atom_xml-base-nested_bray.xml \
	kc0011-dvbbs_rss2_gb2312-chinese.xml \
	synthetic_mrss_youtube-channel_media-group.xml \
	synthetic_rss2_entities_doctype-internal-subset.xml \
	synthetic_atom03_base64-mode_purl-namespace.xml \
	synthetic_atom_content-models_mathml-svg-typepad.xml; do
	torture "parse $f" "$VEILLE" parse "$in/$f"
done
