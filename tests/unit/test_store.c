/* Unit tests of the store (index/): schema creation and migration from
 * every earlier version, refusals, upserts and the full-text index kept in
 * step, stories, niches, digests, prune, and every query form run against
 * a real FTS5 index. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../index/query.h"
#include "../../util/alloc.h"
#include "../../index/store.h"
#include "tap.h"

#define DAY 86400
static const int64_t T0 = 1793491200;	/* 2026-11-01T00:00:00Z */
static char dir[] = "/tmp/veille-store-XXXXXX";

static const char *path(const char *name)
{
	static char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

static int count_hits(void *ctx, const struct store_hit *h)
{
	(void)h;
	(*(int *)ctx)++;
	return 0;
}

/* Number of items matching the user query q (all items, no filter). */
static int hits(struct store *st, const char *q)
{
	struct buf m = BUF_INIT;
	struct err e = { "" };
	struct store_search s;
	int n = 0, rc;

	if (query_translate(q, &m, &e) < 0) {
		buf_release(&m);
		return -100;
	}
	memset(&s, 0, sizeof s);
	s.match = buf_cstr(&m);
	s.since = s.until = FEED_NO_DATE;
	s.now = T0;
	s.all_items = 1;
	s.limit = 100;
	rc = store_search(st, &s, count_hits, &n, &e);
	buf_release(&m);
	if (rc < 0) {
		printf("# search [%s]: %s\n", q, e.msg);
		return -1;
	}
	return n == rc ? n : -2;
}

static int64_t add(struct store *st, int64_t feed, const char *guid,
		   const char *title, const char *summary, int64_t published,
		   int *status)
{
	struct feed_item it;
	struct err e = { "" };
	int64_t id = 0;

	memset(&it, 0, sizeof it);
	it.id = (char *)guid;
	it.title = (char *)title;
	it.summary = (char *)summary;
	it.published = published;
	it.updated = FEED_NO_DATE;
	if (store_upsert_item(st, feed, &it, T0, status, &id, &e) < 0) {
		printf("# upsert %s: %s\n", guid, e.msg);
		return -1;
	}
	return id;
}

static void test_open(void)
{
	struct store *st;
	struct err e = { "" };
	FILE *f;
	int v;

	OK(store_open(path("new.db"), STORE_READONLY, &st, &e) < 0 &&
	   strstr(e.msg, "does not exist"), "read-only open of a missing file: %s",
	   e.msg);
	OK(store_open(path("new.db"), 0, &st, &e) == 0, "create: %s", e.msg);
	OK(store_opened_version(st) == 0, "new file was version 0");
	store_close(st);
	OK(store_open(path("new.db"), STORE_READONLY, &st, &e) == 0,
	   "read-only reopen: %s", e.msg);
	OK(st && store_opened_version(st) == STORE_SCHEMA_VERSION,
	   "reopened at the current version");
	store_close(st);

	for (v = 1; v < STORE_SCHEMA_VERSION; v++) {
		char name[32];
		int64_t fid, sid = 1;

		snprintf(name, sizeof name, "v%d.db", v);
		OK(store_create_at_version(path(name), v, &e) == 0,
		   "create version %d: %s", v, e.msg);
		OK(store_open(path(name), STORE_READONLY, &st, &e) < 0 &&
		   strstr(e.msg, "upgrades it"), "read-only open of version %d "
		   "refused: %s", v, e.msg);
		OK(store_open(path(name), 0, &st, &e) == 0, "migrate from %d: %s",
		   v, e.msg);
		if (!st)
			continue;
		OK(store_opened_version(st) == v, "migrated file was version %d", v);
		OK(store_feed_ensure(st, "f", "https://x.org/", "news", "fr", &fid,
				     &e) == 0 && add(st, fid, "g", "Titre", NULL,
						     T0, NULL) > 0,
		   "migrated from %d: items", v);
		OK(store_digest_record(st, "m", "2026-W45", "<id@x>", T0, "sent",
				       "250 ok", &sid, 1, &e) == 0,
		   "migrated from %d: digests: %s", v, e.msg);
		OK(store_label(st, 1, "pdm", -1, "t", T0, NULL, &e) == 1,
		   "migrated from %d: labels: %s", v, e.msg);
		OK(store_check(st, &e) == 0, "migrated from %d: check: %s", v, e.msg);
		store_close(st);
	}

	f = fopen(path("junk.db"), "w");
	if (f) {
		fputs("this is not a database, but it is long enough to look like"
		      " one to a careless reader of headers......................"
		      "..........................................................",
		      f);
		fclose(f);
	}
	OK(store_open(path("junk.db"), 0, &st, &e) < 0 &&
	   strstr(e.msg, "not a SQLite database"), "junk file refused: %s", e.msg);
}

static void test_items(void)
{
	struct store *st = NULL;
	struct err e = { "" };
	struct store_feed_state fs;
	int64_t fa, fb, id, id2;
	int status = 0;
	struct feed_item it;
	char *authors[2];

	if (store_open(path("items.db"), 0, &st, &e) < 0) {
		OK(0, "open: %s", e.msg);
		return;
	}
	OK(store_feed_ensure(st, "actu-fr", "https://a.example/rss", "news", "fr",
			     &fa, &e) == 0, "feed a");
	OK(store_feed_ensure(st, "arxiv", "https://b.example/atom", "publication",
			     "en", &fb, &e) == 0, "feed b");
	OK(store_begin(st, &e) == 0, "begin");
	id = add(st, fa, "a1", "Maintenance prédictive des compresseurs",
		 "Thermographie et analyse vibratoire", T0, &status);
	OK(id > 0 && status == STORE_ITEM_NEW, "new item");
	OK(add(st, fa, "a1", "Maintenance prédictive des compresseurs",
	       "Thermographie et analyse vibratoire", T0, &status) == id &&
	   status == STORE_ITEM_UNCHANGED, "same item unchanged");
	OK(store_commit(st, &e) == 0, "commit");

	OK(hits(st, "maintenance predictive") == 1, "accents folded");
	OK(hits(st, "MAINTENANCE PRÉDICTIVE") == 1, "case folded");
	OK(hits(st, "thermo*") == 1, "prefix");
	OK(hits(st, "th*") == 1, "two-letter prefix");
	OK(hits(st, "\"analyse vibratoire\"") == 1, "phrase");
	OK(hits(st, "\"vibratoire analyse\"") == 0, "phrase order matters");
	OK(hits(st, "title:compresseurs") == 1, "title field");
	OK(hits(st, "title:thermographie") == 0, "title field excludes summary");
	OK(hits(st, "feed:actu") == 1, "feed field");
	OK(hits(st, "compresseurs -thermographie") == 0, "exclusion");
	OK(hits(st, "compresseurs OR nothingatall") == 1, "OR");
	OK(hits(st, "NEAR(maintenance compresseurs, 3)") == 1, "NEAR within");
	OK(hits(st, "NEAR(maintenance vibratoire, 1)") == 0, "NEAR too far");

	/* update: the old words leave the index, the new come in */
	id2 = add(st, fa, "a1", "Jumeau numérique des compresseurs",
		  "Thermographie et analyse vibratoire", T0, &status);
	OK(id2 == id && status == STORE_ITEM_UPDATED, "changed item updated");
	OK(hits(st, "predictive") == 0, "old title gone from index");
	OK(hits(st, "jumeau numerique") == 1, "new title indexed");

	/* authors and content (HTML indexed as text) */
	memset(&it, 0, sizeof it);
	{
		static char a1[] = "Marie Curie", a2[] = "Ada Lovelace",
			    guid[] = "b1", title[] = "Remaining useful life estimation",
			    content[] = "<p>Bearing <b>degradation</b> &amp; prognostics</p>",
			    doi[] = "10.1000/xyz";
		it.id = guid;
		it.title = title;
		it.content = content;
		authors[0] = a1;
		authors[1] = a2;
		it.authors = authors;
		it.nauthors = 2;
		it.published = T0 - DAY;
		it.updated = FEED_NO_DATE;
		it.doi = doi;
		OK(store_upsert_item(st, fb, &it, T0, &status, &id2, &e) == 0,
		   "publication: %s", e.msg);
	}
	OK(hits(st, "author:lovelace") == 1, "author field");
	OK(hits(st, "degradation prognostics") == 1, "content text");
	OK(hits(st, "content:p") == 0, "HTML tags not indexed");

	OK(store_delete_item(st, id2, &e) == 1, "delete");
	OK(hits(st, "lovelace") == 0, "deleted item gone from index");
	OK(store_check(st, &e) == 0, "index in step: %s", e.msg);

	/* deleted flag from a feed (OAI-PMH) */
	it.flags = FEED_ITEM_DELETED;
	it.id = (char *)(uintptr_t)"a1";
	OK(store_upsert_item(st, fa, &it, T0, &status, &id2, &e) == 0 &&
	   status == 0, "deleted record removes the item");
	OK(hits(st, "jumeau") == 0, "deleted record gone from index");

	OK(store_feed_get(st, "actu-fr", &fs, &e) == 1 && fs.id == fa,
	   "feed state read");
	fs.etag = strdup("\"abc\"");
	fs.consecutive_errors = 3;
	fs.next_due = T0 + DAY;
	OK(store_feed_update(st, &fs, &e) == 0, "feed state written");
	store_feed_state_release(&fs);
	OK(store_feed_get(st, "actu-fr", &fs, &e) == 1 && fs.etag &&
	   !strcmp(fs.etag, "\"abc\"") && fs.consecutive_errors == 3 &&
	   fs.next_due == T0 + DAY, "feed state round trip");
	store_feed_state_release(&fs);
	OK(store_feed_get(st, "nope", &fs, &e) == 0, "unknown feed");

	/* a rolled-back feed leaves neither item nor index entry */
	OK(store_begin(st, &e) == 0, "begin 2");
	add(st, fa, "r1", "Rollback candidate about gearboxes", NULL, T0, &status);
	OK(hits(st, "gearboxes") == 1, "new item searchable inside its transaction");
	OK(store_rollback(st, &e) == 0, "rollback");
	OK(hits(st, "gearboxes") == 0, "rolled-back item not found");
	OK(store_begin(st, &e) == 0, "begin 3");
	id = add(st, fa, "r2", "Gearboxes inserted then changed", NULL, T0, &status);
	add(st, fa, "r2", "Gearboxes changed in the same transaction", NULL, T0, &status);
	OK(status == STORE_ITEM_UPDATED, "update in the same transaction");
	OK(store_commit(st, &e) == 0, "commit 3");
	OK(hits(st, "inserted") == 0 && hits(st, "gearboxes changed") == 1,
	   "insert then update in one transaction indexed once, right");
	OK(store_check(st, &e) == 0, "index in step at the end: %s", e.msg);
	store_close(st);
}

/* New items wait for the full-text index across commits (schema 4): a
 * reader finds them once the writer closes or a later writer opens, and
 * an update or delete of a waiting item leaves the index in step. */
static void test_pending(void)
{
	struct store *st = NULL, *ro = NULL;
	struct err e = { "" };
	int64_t fa = 0, x2 = 0;
	int status = 0;
	pid_t pid;

	if (store_open(path("pending.db"), 0, &st, &e) < 0) {
		OK(0, "open: %s", e.msg);
		return;
	}
	OK(store_feed_ensure(st, "p", "https://p.example/rss", "news", "en",
			     &fa, &e) == 0, "feed");
	OK(store_begin(st, &e) == 0 &&
	   add(st, fa, "x1", "Pending turbine overhaul", NULL, T0, &status) > 0 &&
	   (x2 = add(st, fa, "x2", "Pending compressor audit", NULL, T0,
		     &status)) > 0 &&
	   store_commit(st, &e) == 0, "two items committed: %s", e.msg);
	OK(store_open(path("pending.db"), STORE_READONLY, &ro, &e) == 0,
	   "reader: %s", e.msg);
	if (ro)
		OK(hits(ro, "turbine") == 0, "committed item waits for the index");
	OK(store_begin(st, &e) == 0 &&
	   add(st, fa, "x1", "Updated turbine overhaul", NULL, T0, &status) > 0 &&
	   status == STORE_ITEM_UPDATED &&
	   store_delete_item(st, x2, &e) == 1 && store_commit(st, &e) == 0,
	   "waiting items updated and deleted: %s", e.msg);
	store_close(st);
	if (ro) {
		OK(hits(ro, "updated turbine") == 1, "indexed at close, new text");
		OK(hits(ro, "pending") == 0 && hits(ro, "compressor") == 0,
		   "old text and deleted item never indexed");
		store_close(ro);
	}

	/* a writer killed before close: its committed items are indexed by
	 * the next writer */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (store_open(path("pending.db"), 0, &st, &e) < 0 ||
		    store_begin(st, &e) < 0 ||
		    add(st, fa, "x3", "Crashed writer left pumps", NULL, T0,
			&status) <= 0 || store_commit(st, &e) < 0)
			_exit(1);
		_exit(0);
	}
	OK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	   WEXITSTATUS(status) == 0, "writer exits without closing");
	OK(store_open(path("pending.db"), STORE_READONLY, &ro, &e) == 0 &&
	   hits(ro, "pumps") == 0, "its item waits");
	store_close(ro);
	OK(store_open(path("pending.db"), 0, &st, &e) == 0, "next writer: %s",
	   e.msg);
	OK(hits(st, "pumps") == 1, "next writer indexes it");
	OK(store_check(st, &e) == 0, "index in step: %s", e.msg);
	store_close(st);
}

struct snips {
	int n, marked;
};

static int on_snip(void *ctx, const struct store_hit *h)
{
	struct snips *c = ctx;

	c->n++;
	if (h->snippet && strstr(h->snippet, "[gearbox]"))
		c->marked++;
	return 0;
}

/* More results than one snippet query serves (32), one line per story
 * with the offset counted in stories. */
static void test_many_hits(void)
{
	struct store *st = NULL;
	struct err e = { "" };
	struct store_search q;
	struct snips c;
	int64_t fa = 0, fb = 0;
	int i, n, status, ok = 1;
	char guid[16], title[96];

	if (store_open(path("many.db"), 0, &st, &e) < 0) {
		OK(0, "open: %s", e.msg);
		return;
	}
	ok &= store_feed_ensure(st, "ma", "https://a.example/", "news", "en",
				&fa, &e) == 0;
	ok &= store_feed_ensure(st, "mb", "https://b.example/", "news", "en",
				&fb, &e) == 0;
	ok &= store_begin(st, &e) == 0;
	/* 45 stories, each carried by both feeds under the same title */
	for (i = 0; i < 45 && ok; i++) {
		snprintf(guid, sizeof guid, "g%d", i);
		snprintf(title, sizeof title, "Gearbox report number %d from the"
			 " plant floor", i);
		ok &= add(st, fa, guid, title, "gearbox wear", T0 - i * DAY,
			  &status) > 0;
		ok &= add(st, fb, guid, title, "gearbox wear", T0 - i * DAY,
			  &status) > 0;
	}
	ok &= store_commit(st, &e) == 0;
	OK(ok, "90 items in 45 stories: %s", e.msg);

	memset(&q, 0, sizeof q);
	q.match = "\"gearbox\"";
	q.since = q.until = FEED_NO_DATE;
	q.now = T0;
	q.limit = 1000;
	q.mark_open = "[";
	q.mark_close = "]";
	q.all_items = 1;
	memset(&c, 0, sizeof c);
	n = store_search(st, &q, on_snip, &c, &e);
	OK(n == 90 && c.n == 90 && c.marked == 90, "90 items, each with its"
	   " snippet (%d, %d, %d): %s", n, c.n, c.marked, e.msg);
	q.all_items = 0;
	memset(&c, 0, sizeof c);
	n = store_search(st, &q, on_snip, &c, &e);
	OK(n == 45 && c.marked == 45, "one result per story (%d)", n);
	q.offset = 40;
	memset(&c, 0, sizeof c);
	n = store_search(st, &q, on_snip, &c, &e);
	OK(n == 5, "offset counts stories (%d)", n);
	q.offset = 0;
	q.limit = 33;
	memset(&c, 0, sizeof c);
	n = store_search(st, &q, on_snip, &c, &e);
	OK(n == 33 && c.marked == 33, "limit just past a chunk (%d, %d)", n,
	   c.marked);
	/* a prefix query reads its snippets another way */
	q.match = "\"gear\"*";
	q.limit = 40;
	memset(&c, 0, sizeof c);
	n = store_search(st, &q, on_snip, &c, &e);
	OK(n == 40 && c.marked == 40, "prefix query: 40 results, each with its"
	   " snippet marked (%d, %d): %s", n, c.marked, e.msg);
	store_close(st);
}

/* Story ids of the results, in order. */
struct stories {
	int n;
	int64_t id[400];
};

static int on_story(void *ctx, const struct store_hit *h)
{
	struct stories *c = ctx;

	if (c->n < 400)
		c->id[c->n] = h->story_id;
	c->n++;
	return 0;
}

/* Stories carried by many feeds: the rows a first pass over the ranked
 * hits reads (twice the results wanted, and 16) hold fewer stories than
 * asked for, so the search reads further; results and offsets must be
 * those of every hit ranked, each story kept at its best. */
static void test_story_passes(void)
{
	struct store *st = NULL;
	struct err e = { "" };
	struct store_search q;
	struct stories all, got;
	int64_t feed[12];
	int i, j, k, n, ok = 1;
	char name[16], guid[16], title[96];

	if (store_open(path("passes.db"), 0, &st, &e) < 0) {
		OK(0, "open: %s", e.msg);
		return;
	}
	for (j = 0; j < 12 && ok; j++) {
		snprintf(name, sizeof name, "p%d", j);
		ok &= store_feed_ensure(st, name, "https://p.example/", "news",
					"en", &feed[j], &e) == 0;
	}
	ok &= store_begin(st, &e) == 0;
	/* 30 stories, each under the same title in 12 feeds; a story's date
	 * sets its rank apart from the others' */
	for (i = 0; i < 30 && ok; i++)
		for (j = 0; j < 12 && ok; j++) {
			snprintf(guid, sizeof guid, "s%d", i);
			snprintf(title, sizeof title, "Bearing fault story %d"
				 " seen across the sector", i);
			ok &= add(st, feed[j], guid, title, "bearing fault",
				  T0 - ((i * 7) % 30) * DAY - j * 60, NULL) > 0;
		}
	ok &= store_commit(st, &e) == 0;
	OK(ok, "360 items in 30 stories: %s", e.msg);

	memset(&q, 0, sizeof q);
	q.match = "\"bearing\"";
	q.since = q.until = FEED_NO_DATE;
	q.now = T0;
	q.limit = 1000;
	/* the expected order: every item ranked, each story's first kept */
	q.all_items = 1;
	memset(&all, 0, sizeof all);
	n = store_search(st, &q, on_story, &all, &e);
	OK(n == 360, "360 items ranked (%d): %s", n, e.msg);
	for (i = k = 0; i < all.n && i < 400; i++) {
		for (j = 0; j < k && all.id[j] != all.id[i]; j++)
			;
		if (j == k)
			all.id[k++] = all.id[i];
	}
	OK(k == 30, "30 stories among them (%d)", k);
	q.all_items = 0;
	for (i = 0; i < 3; i++) {
		static const int64_t lim[] = { 10, 4, 30 }, off[] = { 0, 15, 0 };

		q.limit = lim[i];
		q.offset = off[i];
		memset(&got, 0, sizeof got);
		n = store_search(st, &q, on_story, &got, &e);
		ok = n == got.n && n == (int)(off[i] + lim[i] > 30 ? 30 - off[i]
								 : lim[i]);
		for (j = 0; ok && j < got.n; j++)
			ok = got.id[j] == all.id[off[i] + j];
		OK(ok, "limit %d offset %d: the stories ranked %d to %d (%d): %s",
		   (int)lim[i], (int)off[i], (int)off[i] + 1,
		   (int)(off[i] + lim[i]), n, e.msg);
	}
	store_close(st);
}

struct collect {
	int n;
	char niche[64];
	double score;
	int64_t story;
};

static int on_niche(void *ctx, const struct store_niche_score *ns)
{
	struct collect *c = ctx;
	if (!c->n++) {
		snprintf(c->niche, sizeof c->niche, "%s", ns->niche);
		c->score = ns->score;
	}
	return 0;
}

static int on_item(void *ctx, const struct store_item *it)
{
	struct collect *c = ctx;
	c->n++;
	c->story = it->story_id;
	return 0;
}

static int on_count(void *ctx, const struct store_niche_count *nc)
{
	struct collect *c = ctx;
	if (!strcmp(nc->niche, "pdm"))
		c->n = (int)(nc->news * 10 + nc->publications);
	return 0;
}

static void test_niches_digests(void)
{
	struct store *st = NULL;
	struct err e = { "" };
	struct collect c;
	int64_t fa, fb, a, b, story, removed = -1;
	int rc;
	struct store_niche_score ns[2] = {
		{ "cm", 1.0, NULL }, { "pdm", 3.0, "{\"rule\":\"x\"}" },
	};

	if (store_open(path("niches.db"), 0, &st, &e) < 0) {
		OK(0, "open: %s", e.msg);
		return;
	}
	store_feed_ensure(st, "a", "https://a/", "news", "fr", &fa, &e);
	store_feed_ensure(st, "b", "https://b/", "publication", "en", &fb, &e);
	/* watched before: the items below are news, not backlog */
	OK(store_feed_cover(st, fa, 0, &e) == 0 &&
	   store_feed_cover(st, fb, 0, &e) == 0, "feeds covered: %s", e.msg);
	a = add(st, fa, "1", "Analyse vibratoire des roulements en usine", NULL,
		T0, NULL);
	b = add(st, fb, "1", "Analyse vibratoire des roulements en usine", NULL,
		T0 + DAY, NULL);
	OK(store_set_item_niches(st, a, ns, 2, "fp1", &e) == 0, "set niches");
	OK(store_set_item_niches(st, b, ns + 1, 1, "fp1", &e) == 0, "set niches b");
	memset(&c, 0, sizeof c);
	store_item_niches(st, a, on_niche, &c, &e);
	OK(c.n == 2 && !strcmp(c.niche, "pdm") && c.score == 3.0,
	   "niches read best first");
	OK(store_set_item_niches(st, a, ns, 1, "fp2", &e) == 0, "replace niches");
	memset(&c, 0, sizeof c);
	store_item_niches(st, a, on_niche, &c, &e);
	OK(c.n == 1 && !strcmp(c.niche, "cm"), "niches replaced");
	store_set_item_niches(st, a, ns, 2, "fp3", &e);

	memset(&c, 0, sizeof c);
	OK(store_items_between(st, T0 - DAY, T0 + DAY, "pdm", on_item, &c, &e) == 0
	   && c.n == 1, "one story per period and niche (%d)", c.n);
	story = c.story;
	memset(&c, 0, sizeof c);
	store_story_items(st, story, on_item, &c, &e);
	OK(c.n == 2, "story has both sources");
	memset(&c, 0, sizeof c);
	store_niche_counts(st, T0 - DAY, T0 + DAY, on_count, &c, &e);
	OK(c.n == 10, "counts: one news story in pdm (%d)", c.n);

	OK(store_digest_has_story(st, "acme", story, &e) == 0, "not sent yet");
	OK(store_digest_record(st, "acme", "2026-W45", "<m@x>", T0, "sent",
			       "250 ok", &story, 1, &e) == 0, "digest recorded");
	OK(store_digest_has_story(st, "acme", story, &e) == 1, "story sent");
	OK(store_digest_sent(st, "acme", "2026-W45", &e) == 1, "week sent");
	OK(store_digest_sent(st, "acme", "2026-W46", &e) == 0, "other week not");

	add(st, fa, "old", "Un article ancien", NULL, T0, NULL);
	/* apart: the order in which OK's arguments are read is unspecified */
	rc = store_prune(st, T0 + 1, &removed, &e);
	OK(rc == 0 && removed == 1, "prune keeps stories sent in digests (%lld"
	   " removed): %s", (long long)removed, e.msg);
	OK(hits(st, "ancien") == 0 && hits(st, "roulements") == 2,
	   "pruned item left the index, kept ones stay");
	OK(store_check(st, &e) == 0, "index in step after prune: %s", e.msg);
	OK(store_optimize(st, 1, &e) == 0, "optimize and vacuum: %s", e.msg);
	OK(store_backup(st, path("copy.db"), &e) == 0, "backup: %s", e.msg);
	store_close(st);
	OK(store_open(path("copy.db"), STORE_READONLY, &st, &e) == 0 &&
	   hits(st, "roulements") == 2, "backup is searchable");
	store_close(st);
}

/* The niche and sector ids the store caches, and the clearing it skips for
 * an item it has just inserted. */
static void test_group_cache(void)
{
	struct store *st = NULL;
	struct err e = { "" };
	struct collect c;
	int64_t f, x;
	struct store_niche_score ns[2] = {
		{ "cm", 1.0, NULL }, { "pdm", 3.0, NULL },
	};
	struct store_niche_score fresh = { "brand-new-niche", 2.0, NULL };

	if (store_open(path("groups.db"), 0, &st, &e) < 0) {
		OK(0, "open: %s", e.msg);
		return;
	}
	store_feed_ensure(st, "a", "https://a/", "news", "fr", &f, &e);
	x = add(st, f, "1", "Surveillance vibratoire", NULL, T0, NULL);
	OK(store_set_item_niches(st, x, ns, 2, "fp1", &e) == 0 &&
	   store_set_item_niches(st, x, ns, 1, "fp1", &e) == 0,
	   "a new item's niches set twice");
	memset(&c, 0, sizeof c);
	store_item_niches(st, x, on_niche, &c, &e);
	OK(c.n == 1 && !strcmp(c.niche, "cm"),
	   "the second set replaces the first (%d niches)", c.n);
	OK(store_set_item_sectors(st, x, ns, 2, &e) == 0 &&
	   store_set_item_sectors(st, x, ns + 1, 1, &e) == 0,
	   "a new item's sectors set twice");
	memset(&c, 0, sizeof c);
	store_item_sectors(st, x, on_niche, &c, &e);
	OK(c.n == 1 && !strcmp(c.niche, "pdm"),
	   "the second set of sectors replaces the first (%d)", c.n);

	/* a niche created in a transaction that is rolled back is gone: its
	 * cached id must not be used again */
	OK(store_begin(st, &e) == 0 &&
	   store_set_item_niches(st, x, &fresh, 1, "fp2", &e) == 0 &&
	   store_rollback(st, &e) == 0, "niche created, then rolled back");
	e.msg[0] = '\0';
	OK(store_begin(st, &e) == 0 &&
	   store_set_item_niches(st, x, &fresh, 1, "fp2", &e) == 0 &&
	   store_commit(st, &e) == 0,
	   "the same niche set again after the rollback: %s", e.msg);
	memset(&c, 0, sizeof c);
	store_item_niches(st, x, on_niche, &c, &e);
	OK(c.n == 1 && !strcmp(c.niche, "brand-new-niche"),
	   "the niche exists and is the item's (%d)", c.n);
	store_close(st);
}

/* An item prepared apart (as the crawl's workers do) is stored as
 * store_upsert_item stores it, with the rules fingerprint it was given;
 * a change keeps the fingerprint unless a new one comes, and niches set
 * with another fingerprint record that one. */
static int rules_of(struct store *st, int64_t id, const char *want)
{
	struct buf b = BUF_INIT;
	struct err e = { "" };
	int rc = store_item_rules(st, id, &b, &e);
	int same = want ? rc == 1 && !strcmp(buf_cstr(&b), want) : rc == 0;

	if (!same)
		printf("# item %lld: rules %d '%s', want '%s'\n", (long long)id,
		       rc, buf_cstr(&b), want ? want : "(none)");
	buf_release(&b);
	return same;
}

static void test_prepared(void)
{
	struct store *st = NULL;
	struct err e = { "" };
	struct feed_item it;
	struct store_item_prep p;
	struct store_niche_score ns = { "cm", 1.0, NULL };
	struct collect c;
	char a1[] = "Nadia Alaoui", a2[] = "", a3[] = "Omar Idrissi";
	char *authors[] = { a1, a2, a3 };
	char id1[] = "p1", id2[] = "p2", link[] = "https://Example.org/a/?utm_source=x";
	char title[] = "Analyse vibratoire des roulements de broche en usinage";
	char sum1[] = "Suivi d'état.", sum2[] = "Suivi d'état, nouvelle version.";
	char sum3[] = "Suivi d'état, troisième version.";
	int64_t f, a, b, id = 0;
	int status = 0;

	if (store_open(path("prepared.db"), 0, &st, &e) < 0) {
		OK(0, "open: %s", e.msg);
		return;
	}
	store_feed_ensure(st, "a", "https://a/", "news", "fr", &f, &e);
	memset(&it, 0, sizeof it);
	it.id = id1;
	it.title = title;
	it.link = link;
	it.summary = sum1;
	it.authors = authors;
	it.nauthors = 3;
	it.published = T0;
	it.updated = FEED_NO_DATE;
	OK(store_item_prepare(&it, 0, &p) == 0 && strlen(p.hash) == 16 &&
	   !p.keyed && !p.canon && !p.tkey,
	   "without keys: the hash alone (the store derives the keys when "
	   "the item is new or changed)");
	store_item_prep_release(&p);
	OK(store_item_prepare(&it, 1, &p) == 0 && p.keyed, "an item prepared");
	OK(p.authors && !strcmp(p.authors, "Nadia Alaoui; Omar Idrissi") &&
	   p.canon && !strcmp(p.canon, "http://example.org/a") && p.tkey &&
	   strlen(p.hash) == 16 && !p.rules_fp,
	   "its authors, canonical link, title key and hash (%s, %s)",
	   p.authors ? p.authors : "-", p.canon ? p.canon : "-");
	p.rules_fp = "fp-a";
	OK(store_upsert_prepared(st, f, &it, &p, T0, &status, &a, &e) == 0 &&
	   status == STORE_ITEM_NEW, "stored from what was prepared: %s", e.msg);
	OK(rules_of(st, a, "fp-a"), "the new item carries the fingerprint");
	OK(store_set_item_niches(st, a, &ns, 1, "fp-a", &e) == 0 &&
	   rules_of(st, a, "fp-a"), "niches with the same fingerprint");
	/* the same item through store_upsert_item: nothing changed */
	OK(store_upsert_item(st, f, &it, T0, &status, &id, &e) == 0 &&
	   status == STORE_ITEM_UNCHANGED && id == a,
	   "store_upsert_item finds it unchanged (same hash)");
	it.id = id2;
	OK(store_upsert_item(st, f, &it, T0, &status, &b, &e) == 0 &&
	   status == STORE_ITEM_NEW && rules_of(st, b, NULL),
	   "without a fingerprint, none is recorded");
	OK(store_set_item_niches(st, b, &ns, 1, "fp-b", &e) == 0 &&
	   rules_of(st, b, "fp-b"), "until niches are set");
	/* a change without a fingerprint keeps the item's */
	it.id = id1;
	it.summary = sum2;
	store_item_prep_release(&p);
	OK(store_item_prepare(&it, 1, &p) == 0 &&
	   store_upsert_prepared(st, f, &it, &p, T0, &status, &id, &e) == 0 &&
	   status == STORE_ITEM_UPDATED && id == a && rules_of(st, a, "fp-a"),
	   "a change without a fingerprint keeps the item's");
	it.summary = sum3;
	store_item_prep_release(&p);
	OK(store_item_prepare(&it, 1, &p) == 0, "prepared again");
	p.rules_fp = "fp-c";
	OK(store_upsert_prepared(st, f, &it, &p, T0, &status, &id, &e) == 0 &&
	   status == STORE_ITEM_UPDATED && rules_of(st, a, "fp-c"),
	   "a change with a fingerprint records it");
	/* the fingerprint skipped by store_set_item_niches is only the one
	 * written with this very item */
	OK(store_set_item_niches(st, b, &ns, 1, "fp-c", &e) == 0 &&
	   rules_of(st, b, "fp-c"), "another item's niches record theirs");
	OK(store_set_item_niches(st, a, &ns, 1, "fp-d", &e) == 0 &&
	   rules_of(st, a, "fp-d"), "other rules on the same item are recorded");
	/* niche and sector rows go with their item (a trigger since schema
	 * 8, which dropped their foreign keys) */
	OK(store_set_item_sectors(st, b, &ns, 1, &e) == 0 &&
	   store_delete_item(st, b, &e) == 1, "an item with niches and sectors "
	   "deleted: %s", e.msg);
	memset(&c, 0, sizeof c);
	store_item_niches(st, b, on_niche, &c, &e);
	store_item_sectors(st, b, on_niche, &c, &e);
	OK(c.n == 0, "its niche and sector rows are gone (%d left)", c.n);
	memset(&c, 0, sizeof c);
	store_item_niches(st, a, on_niche, &c, &e);
	OK(c.n == 1, "another item's stay (%d)", c.n);
	store_item_prep_release(&p);
	store_close(st);
}

/* Checkpoints aside: made by the thread as the log grows, the log kept
 * within bounds while a writer commits without a pause, nothing lost,
 * and the log gone once the store is closed. */
static long wal_pages(const char *db)
{
	char w[300];
	struct stat sb;

	snprintf(w, sizeof w, "%s-wal", db);
	return stat(w, &sb) == 0 ? (long)(sb.st_size / 8192) : 0;
}

static void test_checkpoint_aside(void)
{
	const char *db = path("aside.db");
	struct store *st = NULL;
	struct err e = { "" };
	struct feed_item it;
	char guid[32], *text;
	int64_t f, n = 0;
	long most = 0, pages;
	int i, k, ok = 1;
	unsigned long runs;

	if (store_open(db, 0, &st, &e) < 0) {
		OK(0, "open: %s", e.msg);
		return;
	}
	store_feed_ensure(st, "a", "https://a/", "news", "fr", &f, &e);
	text = malloc(6000);
	if (!text) {
		OK(0, "out of memory");
		store_close(st);
		return;
	}
	/* no memory for the thread: an error, and the writer goes on with
	 * its own checkpoints */
	v_alloc_fail_at(1);	/* the next allocation */
	i = store_checkpoint_aside_at(st, 64, 256, &e);
	v_alloc_fail_at(0);
	OK(i < 0 && strstr(e.msg, "out of memory") &&
	   store_checkpoint_runs(st) == 0, "no thread without memory: %s",
	   e.msg);
	e.msg[0] = '\0';
	OK(store_checkpoint_aside_at(st, 64, 256, &e) == 0 &&
	   store_checkpoint_aside_at(st, 64, 256, &e) == 0,
	   "checkpoints aside started (twice is once): %s", e.msg);
	memset(&it, 0, sizeof it);
	it.updated = FEED_NO_DATE;
	/* 3,000 pages of log or so: ten times the writer's bound */
	for (k = 0; k < 150 && ok; k++) {
		ok = store_begin(st, &e) == 0;
		for (i = 0; i < 20 && ok; i++, n++) {
			snprintf(guid, sizeof guid, "g%lld", (long long)n);
			memset(text, 'a' + (int)(n % 26), 5999);
			text[5999] = '\0';
			it.id = guid;
			it.title = guid;
			it.content = text;
			it.published = T0 + n;
			ok = store_upsert_item(st, f, &it, T0, NULL, NULL, &e) == 0;
		}
		ok = ok && store_commit(st, &e) == 0;
		pages = wal_pages(db);
		if (pages > most)
			most = pages;
	}
	runs = store_checkpoint_runs(st);
	OK(ok, "3,000 items written in 150 transactions: %s", e.msg);
	OK(runs > 0, "checkpoints made aside: %lu", runs);
	/* the writer's own checkpoint at 256 pages waits for one aside to
	 * end, so the log starts over at the next transaction: at most one
	 * transaction's pages (some 33 here) over the bound, however loaded
	 * the machine (when it gave up instead, 2,119 were seen) */
	OK(most <= 256 + 64, "the log stayed within bounds: at most %ld pages",
	   most);
	store_checkpoint_stop(st);
	store_checkpoint_stop(st);
	OK(store_checkpoint_runs(st) == 0, "stopped (twice is once)");
	store_close(st);
	OK(wal_pages(db) == 0, "no log left once closed");
	st = NULL;
	OK(store_open(db, 1, &st, &e) == 0 && hits(st, "g2999") == 1 &&
	   hits(st, "g0") == 1, "every item there after reopening: %s", e.msg);
	store_close(st);
	free(text);
}

/* Deleting writes to the log the pages it changes, not every page it
 * frees: Debian builds SQLite with secure_delete on, which zeroes each
 * freed page in the log (the crawl's FTS5 merges free pages all the
 * time: 5% of the log's pages in b40), where secure_delete = FAST only
 * clears deleted text in pages that are written anyway. */
static void test_delete_frees(void)
{
	const char *db = path("frees.db");
	struct store *st = NULL;
	struct err e = { "" };
	struct feed_item it;
	char guid[32], *text;
	int64_t f, ids[100];
	long pages;
	int i, k, ok;

	text = malloc(20000);
	if (!text || store_open(db, 0, &st, &e) < 0) {
		OK(0, "open: %s", e.msg);
		free(text);
		return;
	}
	store_feed_ensure(st, "a", "https://a/", "news", "fr", &f, &e);
	memset(&it, 0, sizeof it);
	it.updated = FEED_NO_DATE;
	ok = store_begin(st, &e) == 0;
	for (i = 0; i < 100 && ok; i++) {
		snprintf(guid, sizeof guid, "g%d", i);
		/* words, as feeds have: a long single token would make
		 * FTS5's deletion markers as big as the text; words that
		 * are their own stem, so the index is the size it was
		 * when these bounds were measured */
		for (k = 0; k + 6 < 20000; k += 6)
			memcpy(text + k, i % 2 ? "alpha " : "tango ", 6);
		text[k] = '\0';
		it.id = guid;
		it.title = guid;
		it.content = text;
		it.published = T0 + i;
		ok = store_upsert_item(st, f, &it, T0, NULL, &ids[i], &e) == 0;
	}
	ok = ok && store_commit(st, &e) == 0;
	/* indexed and checkpointed: the log starts empty */
	store_close(st);
	st = NULL;
	ok = ok && store_open(db, 0, &st, &e) == 0 && store_begin(st, &e) == 0;
	for (i = 0; i < 100 && ok; i++)
		ok = store_delete_item(st, ids[i], &e) == 1;
	ok = ok && store_commit(st, &e) == 0;
	pages = wal_pages(db);
	OK(ok, "100 items of 20 KB written, then deleted: %s", e.msg);
	/* the rows' pages and the overflow pages they free: 212 pages of
	 * log; with secure_delete on, each freed page once more, 424 */
	OK(pages > 0 && pages < 300, "the delete wrote %ld pages of log",
	   pages);
	store_close(st);
	free(text);
}

/* The item's niche names, comma-separated in the order read (best
 * first). */
static int on_niche_name(void *ctx, const struct store_niche_score *ns)
{
	char *all = ctx;
	size_t n = strlen(all);

	snprintf(all + n, 256 - n, "%s%s:%g", n ? "," : "", ns->niche, ns->score);
	return 0;
}

static const char *niches_of(struct store *st, int64_t id)
{
	static char all[256];
	struct err e = { "" };

	all[0] = '\0';
	if (store_item_niches(st, id, on_niche_name, all, &e) < 0)
		snprintf(all, sizeof all, "error: %.200s", e.msg);
	return all;
}

struct labels_seen {
	int n;
	char last[256];
};

static int on_label(void *ctx, const struct store_label_row *r)
{
	struct labels_seen *l = ctx;

	l->n++;
	snprintf(l->last, sizeof l->last, "%lld %c%s %s %lld %s [%s] %s",
		 (long long)r->item_id, r->verdict > 0 ? '+' : '-', r->niche,
		 r->who, (long long)r->at, r->note ? r->note : "-", r->niches,
		 r->title);
	return 0;
}

/* Corrections: applied at once, kept when the rules write the niches
 * again (both ways), replaced by a later correction, listed, gone with
 * their item, kept by prune. */
static void test_labels(void)
{
	struct store *st = NULL;
	struct err e = { "" };
	struct labels_seen l;
	int64_t f, a, b, removed = -1;
	struct store_niche_score ns[2] = {
		{ "pdm", 3.0, NULL }, { "rcm", 2.0, NULL },
	};

	if (store_open(path("labels.db"), 0, &st, &e) < 0) {
		OK(0, "labels: open: %s", e.msg);
		return;
	}
	store_feed_ensure(st, "f", "https://f/", "news", "fr", &f, &e);
	a = add(st, f, "a", "Haul truck reliability", "RCM study", T0, NULL);
	b = add(st, f, "b", "Weather", NULL, T0, NULL);
	OK(store_set_item_niches(st, a, ns, 2, "fp1", &e) == 0 &&
	   store_set_item_niches(st, b, NULL, 0, "fp1", &e) == 0, "labels: niches");
	OK(store_label(st, 999, "pdm", 1, "amina", T0, NULL, &e) == 0,
	   "labels: no such item: 0, nothing written");
	OK(store_label(st, a, "rcm", -1, "amina", T0, "not RCM", &e) == 1 &&
	   store_label(st, a, "cmms", 1, "amina", T0, NULL, &e) == 1,
	   "labels: recorded: %s", e.msg);
	STREQ(niches_of(st, a), "cmms:3,pdm:3",
	      "labels: applied at once, an added niche with the best score");
	OK(store_set_item_niches(st, a, ns, 2, "fp2", &e) == 0,
	   "labels: the rules write again");
	STREQ(niches_of(st, a), "cmms:3,pdm:3",
	      "labels: kept when the rules write the niches again");
	OK(store_set_item_niches(st, a, ns + 1, 1, "fp3", &e) == 0 &&
	   !strcmp(niches_of(st, a), "cmms:2"),
	   "labels: the rules' removed niche stays out, the added one in (%s)",
	   niches_of(st, a));
	OK(store_label(st, a, "rcm", 1, "omar", T0 + DAY, NULL, &e) == 1,
	   "labels: a new correction of the same niche");
	STREQ(niches_of(st, a), "cmms:2,rcm:2",
	      "labels: the later correction replaces the earlier");
	memset(&l, 0, sizeof l);
	OK(store_labels(st, 0, on_label, &l, &e) == 0 && l.n == 2,
	   "labels: two corrections listed (%d)", l.n);
	STREQ(l.last, "1 +rcm omar 1793577600 - [cmms,rcm] Haul truck reliability",
	      "labels: listed with who, when, note, niches, title");
	memset(&l, 0, sizeof l);
	OK(store_labels(st, b, on_label, &l, &e) == 0 && l.n == 0,
	   "labels: none for another item");
	OK(store_set_item_niches(st, b, ns, 1, "fp3", &e) == 0 &&
	   !strcmp(niches_of(st, b), "pdm:3"), "labels: other items untouched");
	OK(store_prune(st, T0 + DAY, &removed, &e) == 0 && removed == 1,
	   "labels: prune keeps the corrected item (%lld removed)",
	   (long long)removed);
	OK(store_delete_item(st, a, &e) == 1, "labels: item deleted");
	memset(&l, 0, sizeof l);
	OK(store_labels(st, 0, on_label, &l, &e) == 0 && l.n == 0,
	   "labels: gone with their item");
	store_close(st);
}

int main(void)
{
	char cmd[300];

	if (!mkdtemp(dir)) {
		tap_skip("mkdtemp failed", "store tests");
		return tap_done();
	}
	test_open();
	test_items();
	test_pending();
	test_many_hits();
	test_story_passes();
	test_niches_digests();
	test_labels();
	test_group_cache();
	test_prepared();
	test_checkpoint_aside();
	test_delete_frees();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
