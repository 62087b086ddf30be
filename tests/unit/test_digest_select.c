/* Unit tests of the digest's store queries (stories sent in another week,
 * sector filter, the list of digests) and of digest_select() on a small
 * store and configuration. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../digest/select.h"
#include "../../index/store.h"
#include "../../util/alloc.h"
#include "../../util/conf.h"
#include "tap.h"

static char dir[] = "/tmp/veille-dsel-XXXXXX";
/* 2026-W48 in Africa/Casablanca (UTC+1): 2026-11-22T23:00Z to 11-29T23:00Z */
static const int64_t W48 = 1795388400;
#define HOUR 3600

static int64_t add(struct store *st, int64_t feed, const char *guid,
		   const char *link, const char *title, int64_t seen,
		   const char *niche, double score, const char *sector)
{
	struct feed_item it;
	struct err e = { "" };
	struct store_niche_score ns = { niche, score, NULL };
	int64_t id = 0;

	memset(&it, 0, sizeof(it));
	/* the item is only read: its fields are char * for the parser's sake */
	it.id = (char *)(uintptr_t)guid;
	it.link = (char *)(uintptr_t)link;
	it.title = (char *)(uintptr_t)title;
	it.published = FEED_NO_DATE;
	it.updated = FEED_NO_DATE;
	if (store_upsert_item(st, feed, &it, seen, NULL, &id, &e) < 0 ||
	    store_set_item_niches(st, id, &ns, 1, "t", &e) < 0)
		printf("# add %s: %s\n", guid, e.msg);
	if (sector) {
		ns.niche = sector;
		if (store_set_item_sectors(st, id, &ns, 1, &e) < 0)
			printf("# sector %s: %s\n", guid, e.msg);
	}
	return id;
}

struct rows {
	int n;
	char status[4][16];
	int64_t stories[4];
};

static int row_cb(void *ctx, const struct store_digest_row *r)
{
	struct rows *x = ctx;

	if (x->n < 4) {
		snprintf(x->status[x->n], sizeof(x->status[0]), "%s", r->status);
		x->stories[x->n] = r->nstories;
	}
	x->n++;
	return 0;
}

static int64_t story_of_item;

static int story_cb(void *ctx, const struct store_item *it)
{
	(void)ctx;
	story_of_item = it->story_id;
	return 0;
}

static const char conf_text[] =
	"[niche pm]\nlabel = Maintenance prédictive\nlabel_en = Predictive maintenance\n"
	"match = x\n"
	"[niche cm]\nmatch = y\n"
	"[feed b]\nurl = https://b.example/feed\nsectors = energy\n"
	"[member m]\nname = M\nemail = m@m.example\nniches = all\nper_niche = 1\n"
	"[member s]\nname = S\nemail = s@s.example\nniches = pm\nsectors = energy\n"
	"[mail]\nsmtp = smtp://127.0.0.1:25\ntls = none\nfrom = v@v.example\n";

int main(void)
{
	char db[300];
	struct store *st = NULL;
	struct err e = { "" };
	struct conf c;
	struct rows rows;
	int64_t fa = 0, fb = 0, i1, i2, i3, s1, s3, *ids = NULL;
	size_t nids = 0;
	struct digest *d;
	const char *energy[] = { "energy" }, *auto_[] = { "auto" };

	if (!mkdtemp(dir)) {
		tap_skip("mkdtemp failed", "digest select tests");
		return tap_done();
	}
	snprintf(db, sizeof(db), "%s/v.db", dir);
	OK(store_open(db, 0, &st, &e) == 0, "open: %s", e.msg);
	store_feed_ensure(st, "a", "https://a.example/feed", "news", "fr", &fa, &e);
	store_feed_ensure(st, "b", "https://b.example/feed", "news", "fr", &fb, &e);
	/* watched before: these items are news, not a first crawl's backlog */
	OK(store_feed_cover(st, fa, 0, &e) == 0 &&
	   store_feed_cover(st, fb, 0, &e) == 0, "feeds covered: %s", e.msg);
	i1 = add(st, fa, "1", "https://x.example/1", "Un", W48 + 30 * HOUR, "pm", 3, NULL);
	i2 = add(st, fb, "2", "https://x.example/1", "Un bis", W48 + 40 * HOUR, "pm", 3, NULL);
	i3 = add(st, fa, "3", "https://x.example/3", "Trois", W48 + 50 * HOUR, "pm", 1, "energy");
	add(st, fa, "4", "https://x.example/4", "Quatre", W48 - HOUR, "pm", 9, NULL);
	add(st, fa, "5", "https://x.example/5", "Cinq", W48 + 20 * HOUR, "cm", 1, NULL);
	store_get_item(st, i1, story_cb, NULL, &e);
	s1 = story_of_item;
	store_get_item(st, i3, story_cb, NULL, &e);
	s3 = story_of_item;
	store_get_item(st, i2, story_cb, NULL, &e);
	OK(story_of_item == s1, "the two items of one link share a story");

	OK(store_story_in_sectors(st, s3, energy, 1, &e) == 1, "item sector found");
	OK(store_story_in_sectors(st, s3, auto_, 1, &e) == 0, "other sector not");
	OK(store_story_in_sectors(st, s1, energy, 1, &e) == 0,
	   "story without sector items is not in it");

	OK(store_digest_record(st, "m", "2026-W47", "<a@b>", W48, "sent", "250 ok",
			       &s1, 1, &e) == 0, "record: %s", e.msg);
	OK(store_digest_has_story_other_week(st, "m", "2026-W48", s1, &e) == 1,
	   "sent in W47: seen from W48");
	OK(store_digest_has_story_other_week(st, "m", "2026-W47", s1, &e) == 0,
	   "not from W47 itself (so --force carries it again)");
	OK(store_digest_record(st, "s", "2026-W47", "<c@b>", W48, "failed",
			       "550 no", NULL, 0, &e) == 0, "record failed");
	OK(store_digest_has_story_other_week(st, "s", "2026-W48", s1, &e) == 0,
	   "another member did not get it");
	memset(&rows, 0, sizeof(rows));
	OK(store_digest_list(st, NULL, NULL, row_cb, &rows, &e) == 0 &&
	   rows.n == 2 && !strcmp(rows.status[0], "sent") &&
	   rows.stories[0] == 1 && !strcmp(rows.status[1], "failed"),
	   "list: both digests, by member, with their stories (%d)", rows.n);
	memset(&rows, 0, sizeof(rows));
	store_digest_list(st, "s", "2026-W47", row_cb, &rows, &e);
	OK(rows.n == 1 && !strcmp(rows.status[0], "failed"), "list filtered");

	conf_init(&c);
	OK(conf_load_string(&c, "t.conf", conf_text) == 0, "conf: %s",
	   c.nerrors ? c.errors[0] : "");
	d = digest_member_from_conf(conf_find(&c, "member", "m"), &e);
	OK(d != NULL, "member m");
	if (d) {
		OK(digest_week_make(2026, 48, NULL, &d->week, &e) == 0, "week");
		OK(digest_select(st, &c, conf_find(&c, "member", "m"), d, &ids,
				 &nids, &e) == 0, "select m: %s", e.msg);
		OK(d->nsections == 2 && !strcmp(d->sections[0].niche, "pm") &&
		   !strcmp(d->sections[1].niche, "cm"),
		   "all: every niche of the conf, in order");
		OK(d->nsections == 2 && d->sections[0].count == 2 &&
		   d->sections[0].prev_count == 1, "counts this week and the week before");
		/* s1 was sent in W47: the best left in pm is item 3 */
		OK(d->nsections == 2 && d->sections[0].nentries == 1 &&
		   !strcmp(d->sections[0].entries[0].title, "Trois"),
		   "per_niche 1, the story sent in another week left out");
		OK(nids == 2 && d->total == 2, "two stories carried (%zu)", nids);
		v_free(ids);
		digest_free(d);
	}
	d = digest_member_from_conf(conf_find(&c, "member", "s"), &e);
	if (d) {
		digest_week_make(2026, 48, NULL, &d->week, &e);
		OK(digest_select(st, &c, conf_find(&c, "member", "s"), d, &ids,
				 &nids, &e) == 0, "select s: %s", e.msg);
		/* story 1 is in energy through feed b's configured sectors */
		OK(nids == 2 && d->sections[0].nentries == 2 &&
		   !strcmp(d->sections[0].entries[0].title, "Un") &&
		   d->sections[0].entries[0].nothers == 1 &&
		   !strcmp(d->sections[0].entries[0].others[0].name, "b"),
		   "sectors: by item sector or the feed's, other source listed");
		OK(!strcmp(d->sections[0].label, "Maintenance prédictive"),
		   "French label");
		v_free(ids);
		digest_free(d);
	}
	/* every allocation of a selection made to fail in turn: each ends in
	 * an error, never a crash, a leak or a silently shorter digest */
	{
		const struct conf_section *ms = conf_find(&c, "member", "s");
		unsigned long i, n, silent = 0;
		int rc;

		d = digest_member_from_conf(ms, &e);
		digest_week_make(2026, 48, NULL, &d->week, &e);
		v_alloc_fail_at(0);
		rc = digest_select(st, &c, ms, d, &ids, &nids, &e);
		n = v_alloc_count();
		v_free(ids);
		digest_free(d);
		OK(rc == 0 && n > 10, "a clean selection makes %lu allocations", n);
		for (i = 1; i <= n; i++) {
			d = digest_member_from_conf(ms, &e);
			if (d == NULL)
				break;
			digest_week_make(2026, 48, NULL, &d->week, &e);
			ids = NULL;
			v_alloc_fail_at(i);
			rc = digest_select(st, &c, ms, d, &ids, &nids, &e);
			v_alloc_fail_at(0);
			if (rc == 0 && silent++ == 0)
				OK(0, "allocation %lu failed silently", i);
			v_free(ids);
			digest_free(d);
		}
		OK(silent == 0, "each of %lu allocation failures ends in an "
		   "error (%lu silent)", n, silent);
	}
	conf_release(&c);
	store_close(st);
	snprintf(db, sizeof(db), "rm -rf '%s'", dir);
	if (system(db) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
