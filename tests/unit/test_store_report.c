/* Unit tests of the store's reading for the trend report: the item date
 * (published, else first seen), the period and as-of bounds, niches and
 * sectors joined, the best score, the summary bound, id order, and the
 * rules fingerprints. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../index/store.h"
#include "tap.h"

#define DAY 86400
static const int64_t T0 = 1767225600;	/* 2026-01-01T00:00:00Z */
static char dir[] = "/tmp/veille-store-report-XXXXXX";

struct seen {
	struct buf log;
	int n;
};

static int on_row(void *ctx, const struct store_report_row *r)
{
	struct seen *s = ctx;

	s->n++;
	buf_addf(&s->log, "%s|%lld|%lld|%s|%s|%s|%s|%d|%.1f|%s\n",
		 r->title ? r->title : "-", (long long)((r->date - T0) / DAY),
		 (long long)((r->first_seen - T0) / DAY),
		 r->niches ? r->niches : "-", r->sectors ? r->sectors : "-",
		 r->feed ? r->feed : "-", r->link ? r->link : "-",
		 r->publication, r->score, r->text ? r->text : "-");
	return 0;
}

static int64_t add(struct store *st, int64_t feed, const char *guid,
		   const char *title, int64_t published, int64_t seen,
		   const char *summary)
{
	struct feed_item it;
	struct err e = { "" };
	int64_t id = 0;
	int status;

	memset(&it, 0, sizeof it);
	it.id = (char *)guid;
	it.title = (char *)title;
	it.summary = (char *)summary;
	it.published = published;
	it.updated = FEED_NO_DATE;
	if (store_upsert_item(st, feed, &it, seen, &status, &id, &e) < 0)
		printf("# add %s: %s\n", guid, e.msg);
	return id;
}

int main(void)
{
	struct store *st = NULL;
	struct err e = { "" };
	struct seen s = { BUF_INIT, 0 };
	struct buf fp = BUF_INIT;
	struct store_report_query q;
	struct store_niche_score ns[2];
	int64_t news = 0, pubs = 0, a, b, c, d;
	char p[256], cmd[300];
	int rc;

	if (!mkdtemp(dir)) {
		tap_skip("mkdtemp failed", "store report tests");
		return tap_done();
	}
	snprintf(p, sizeof p, "%s/r.db", dir);
	OK(store_open(p, 0, &st, &e) == 0, "open: %s", e.msg);
	store_feed_ensure(st, "news-a", "https://a.example/f", "news", "fr", &news, &e);
	store_feed_ensure(st, "arxiv", "https://b.example/f", "publication", "en", &pubs, &e);
	a = add(st, news, "a", "Pompe A", T0 + 2 * DAY, T0 + 3 * DAY, "Résumé long de l'article A");
	b = add(st, pubs, "b", "Paper B", FEED_NO_DATE, T0 + 5 * DAY, NULL);
	c = add(st, news, "c", "Late C", T0 + 4 * DAY, T0 + 40 * DAY, "C");
	d = add(st, news, "d", "Next quarter D", T0 + 95 * DAY, T0 + 95 * DAY, "D");
	OK(a && b && c && d, "items added");
	ns[0].niche = "pdm";
	ns[0].score = 2.5;
	ns[0].evidence_json = NULL;
	ns[1].niche = "cmms";
	ns[1].score = 4.0;
	ns[1].evidence_json = NULL;
	OK(store_set_item_niches(st, a, ns, 2, "fp1", &e) == 0, "niches a: %s", e.msg);
	OK(store_set_item_niches(st, c, ns, 1, "fp2", &e) == 0, "niches c: %s", e.msg);
	OK(store_set_item_niches(st, d, ns + 1, 1, "fp2", &e) == 0, "niches d: %s", e.msg);
	ns[0].niche = "energy";
	OK(store_set_item_sectors(st, a, ns, 1, &e) == 0, "sectors a: %s", e.msg);
	ns[0].niche = "mining";
	OK(store_set_item_sectors(st, a, ns, 1, &e) == 0 &&
	   store_set_item_sectors(st, c, ns, 1, &e) == 0,
	   "sectors replaced, and reused by name: %s", e.msg);

	memset(&q, 0, sizeof q);
	q.from = T0;
	q.to = T0 + 90 * DAY;
	q.text_chars = 6;
	rc = store_report_rows(st, &q, on_row, &s, &e);
	OK(rc == 0 && s.n == 3, "the period's three items (rc %d, %d): %s", rc, s.n, e.msg);
	/* group_concat's order is SQLite's: either is right */
	if (strstr(buf_cstr(&s.log), "|pdm,cmms|"))
		STREQ(buf_cstr(&s.log),
		      "Pompe A|2|3|pdm,cmms|mining|news-a|-|0|4.0|Résumé\n"
		      "Paper B|5|5|-|-|arxiv|-|1|0.0|-\n"
		      "Late C|4|40|pdm|mining|news-a|-|0|2.5|C\n",
		      "rows in id order, dates, niches, sectors, kind, best score, bounded text");
	else
		STREQ(buf_cstr(&s.log),
		      "Pompe A|2|3|cmms,pdm|mining|news-a|-|0|4.0|Résumé\n"
		      "Paper B|5|5|-|-|arxiv|-|1|0.0|-\n"
		      "Late C|4|40|pdm|mining|news-a|-|0|2.5|C\n",
		      "rows in id order, dates, niches, sectors, kind, best score, bounded text");

	buf_reset(&s.log);
	s.n = 0;
	q.as_of = T0 + 10 * DAY;
	q.text_chars = 0;
	rc = store_report_rows(st, &q, on_row, &s, &e);
	OK(rc == 0 && s.n == 2 && !strstr(buf_cstr(&s.log), "Late C") &&
	   !strstr(buf_cstr(&s.log), "Résumé"),
	   "as_of leaves out what was first seen later; no text when not asked");

	rc = store_report_fingerprints(st, &q, &fp, &e);
	STREQ(buf_cstr(&fp), "fp1", "fingerprints known at as_of (%d)", rc);
	buf_reset(&fp);
	q.as_of = 0;
	q.to = T0 + 100 * DAY;
	rc = store_report_fingerprints(st, &q, &fp, &e);
	OK(rc == 2, "two fingerprints (%d)", rc);
	STREQ(buf_cstr(&fp), "fp1, fp2", "most frequent first, ties by name");

	store_close(st);
	buf_release(&s.log);
	buf_release(&fp);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
