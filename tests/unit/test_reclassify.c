/* Unit tests of what the store keeps for reclassification: the rules
 * fingerprint per item, stale items in batches, sectors, fingerprint
 * counts, and a schema 2 database migrated with its items unclassified. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../index/store.h"
#include "tap.h"

static char dir[] = "/tmp/veille-recl-XXXXXX";

static const char *path(const char *name)
{
	static char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

struct seen {
	int n;
	int64_t ids[16];
	char names[16][64];	/* "fp|niches|sectors" */
};

static int on_stale(void *ctx, const struct store_item_text *it)
{
	struct seen *s = ctx;

	if (s->n < 16) {
		s->ids[s->n] = it->id;
		snprintf(s->names[s->n], sizeof s->names[0], "%s|%s|%s",
			 it->rules_fp ? it->rules_fp : "-", it->niches, it->sectors);
	}
	s->n++;
	return 0;
}

static int on_fp(void *ctx, const char *fp, int64_t n)
{
	struct buf *b = ctx;

	buf_addf(b, "%s=%lld;", fp ? fp : "-", (long long)n);
	return 0;
}

static int on_sector(void *ctx, const struct store_niche_score *ns)
{
	struct buf *b = ctx;

	buf_addf(b, "%s:%g:%s;", ns->niche, ns->score,
		 ns->evidence_json ? ns->evidence_json : "-");
	return 0;
}

static int add_items(struct store *st, int n, struct err *e)
{
	int64_t feed;
	int i;

	if (store_feed_ensure(st, "f", "https://example.org/f", "news", "en",
			      &feed, e) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		struct feed_item it;
		char guid[16], title[64];

		memset(&it, 0, sizeof it);
		snprintf(guid, sizeof guid, "g%d", i);
		snprintf(title, sizeof title, "Distinct title number %d here", i);
		it.id = guid;
		it.title = title;
		it.published = FEED_NO_DATE;
		it.updated = FEED_NO_DATE;
		if (store_upsert_item(st, feed, &it, 1793491200 + i * 86400, NULL,
				      NULL, e) < 0)
			return -1;
	}
	return 0;
}

int main(void)
{
	struct store *st = NULL;
	struct err e = { "" };
	struct seen s;
	struct buf b = BUF_INIT;
	struct store_niche_score ns[2] = {
		{ "b-niche", 2, "{\"x\":1}" }, { "a-niche", 3, NULL },
	};
	struct store_niche_score sec = { "energy", 4, "{\"e\":2}" };

	if (!mkdtemp(dir))
		return 1;
	OK(store_open(path("r.db"), 0, &st, &e) == 0, "open: %s", e.msg);
	OK(add_items(st, 5, &e) == 0, "items: %s", e.msg);

	memset(&s, 0, sizeof s);
	OK(store_each_stale(st, 0, 0, "fp1", 0, on_stale, &s, &e) == 0, "stale: %s", e.msg);
	OK(s.n == 5, "every item is stale before any classification (%d)", s.n);
	STREQ(s.names[0], "-||", "never classified: no fingerprint, no niches");

	OK(store_set_item_niches(st, 2, ns, 2, "fp1", &e) == 0, "set niches: %s", e.msg);
	OK(store_set_item_sectors(st, 2, &sec, 1, &e) == 0, "set sectors: %s", e.msg);
	OK(store_set_item_niches(st, 3, NULL, 0, "fp1", &e) == 0, "no niche: %s", e.msg);
	OK(store_set_item_niches(st, 4, NULL, 0, "fp0", &e) == 0, "old rules: %s", e.msg);

	memset(&s, 0, sizeof s);
	OK(store_each_stale(st, 0, 0, "fp1", 0, on_stale, &s, &e) == 0, "stale: %s", e.msg);
	OK(s.n == 3 && s.ids[0] == 1 && s.ids[1] == 4 && s.ids[2] == 5,
	   "items 2 and 3 (fp1, even with no niche) are fresh (%d)", s.n);
	STREQ(s.names[1], "fp0||", "item 4 carries its old fingerprint");

	memset(&s, 0, sizeof s);
	OK(store_each_stale(st, 0, 1, NULL, 2, on_stale, &s, &e) == 0, "all: %s", e.msg);
	OK(s.n == 2 && s.ids[0] == 2 && s.ids[1] == 3,
	   "after id 1, at most 2, fingerprint ignored (%d)", s.n);
	STREQ(s.names[0], "fp1|a-niche,b-niche|energy", "stored niches and sectors, by name");

	memset(&s, 0, sizeof s);
	OK(store_each_stale(st, 1793491200 + 3 * 86400, 0, NULL, 0, on_stale, &s,
			    &e) == 0, "since: %s", e.msg);
	OK(s.n == 2 && s.ids[0] == 4, "since the 4th item's first sight (%d)", s.n);

	OK(store_fingerprints(st, on_fp, &b, &e) == 0, "fingerprints: %s", e.msg);
	STREQ(buf_cstr(&b), "-=2;fp1=2;fp0=1;", "items per fingerprint, most first");
	buf_reset(&b);
	OK(store_item_rules(st, 2, &b, &e) == 1, "item 2 classified");
	STREQ(buf_cstr(&b), "fp1", "item 2's fingerprint");
	buf_reset(&b);
	OK(store_item_rules(st, 1, &b, &e) == 0 && b.len == 0, "item 1 never classified");
	OK(store_item_rules(st, 99, &b, &e) == 0, "no item 99");
	OK(store_item_sectors(st, 2, on_sector, &b, &e) == 0, "sectors: %s", e.msg);
	STREQ(buf_cstr(&b), "energy:4:{\"e\":2};", "sector with score and evidence");
	buf_reset(&b);
	OK(store_set_item_sectors(st, 2, NULL, 0, &e) == 0, "clear sectors");
	OK(store_item_sectors(st, 2, on_sector, &b, &e) == 0 && b.len == 0,
	   "sectors cleared");
	OK(store_delete_item(st, 2, &e) == 1, "delete item 2: %s", e.msg);
	buf_reset(&b);
	OK(store_fingerprints(st, on_fp, &b, &e) == 0, "fingerprints: %s", e.msg);
	STREQ(buf_cstr(&b), "-=2;fp0=1;fp1=1;", "a deleted item leaves the counts");
	store_close(st);
	st = NULL;

	/* an older database: its items are kept and all stale */
	OK(store_create_at_version(path("v2.db"), 2, &e) == 0, "v2: %s", e.msg);
	OK(store_open(path("v2.db"), 0, &st, &e) == 0, "migrate: %s", e.msg);
	OK(store_opened_version(st) == 2, "opened at version 2");
	OK(add_items(st, 2, &e) == 0 && store_set_item_niches(st, 1, ns, 1, "fp", &e) == 0,
	   "write after migration: %s", e.msg);
	buf_reset(&b);
	OK(store_fingerprints(st, on_fp, &b, &e) == 0, "fingerprints: %s", e.msg);
	STREQ(buf_cstr(&b), "-=1;fp=1;", "migrated schema records fingerprints");
	store_close(st);

	buf_release(&b);
	unlink(path("r.db"));
	unlink(path("r.db-wal"));
	unlink(path("r.db-shm"));
	unlink(path("v2.db"));
	unlink(path("v2.db-wal"));
	unlink(path("v2.db-shm"));
	rmdir(dir);
	return tap_done();
}
