/* Fuzz target: query_translate. Whatever the user types, the translation
 * is either refused with a positioned message or an expression FTS5
 * accepts: a syntax error from SQLite would mean user text was read as FTS5
 * syntax. The expression runs against a one-item in-memory index. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../index/query.h"
#include "../index/store.h"
#include "../parser/feed.h"
#include "../util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *db;

static int count(void *ctx, const struct store_hit *h)
{
	(void)h;
	(*(int *)ctx)++;
	return 0;
}

static struct store *open_db(void)
{
	struct err e = { "" };
	struct feed_item it;
	int64_t feed = 0;

	if (store_open(":memory:", 0, &db, &e) < 0 ||
	    store_feed_ensure(db, "f", "http://127.0.0.1/f", "news", "fr",
			      &feed, &e) < 0)
		abort();
	memset(&it, 0, sizeof it);
	it.id = (char *)"g1";
	it.title = (char *)"Maintenance prédictive des roulements";
	it.summary = (char *)"Analyse vibratoire et jumeau numérique";
	it.published = FEED_NO_DATE;
	it.updated = FEED_NO_DATE;
	if (store_upsert_item(db, feed, &it, 1700000000, NULL, NULL, &e) < 0)
		abort();
	return db;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *q = malloc(size + 1);
	struct buf m = BUF_INIT;
	struct err e = { "" };
	struct store_search s;
	int n = 0, rc;

	if (!q)
		return 0;
	memcpy(q, data, size);
	q[size] = '\0';
	if (!db)
		open_db();
	rc = query_translate(q, &m, &e);
	if (rc < 0) {
		/* refused: the message says where, and is never empty */
		if (!e.msg[0])
			abort();
	} else {
		memset(&s, 0, sizeof s);
		s.match = buf_cstr(&m);
		s.since = s.until = FEED_NO_DATE;
		s.now = 1700000000;
		s.all_items = 1;
		s.limit = 10;
		if (m.len && store_search(db, &s, count, &n, &e) < 0)
			abort();
	}
	buf_release(&m);
	free(q);
	return 0;
}
