/* Reading items back: one item, a story's sources, a period's items per
 * niche and its counts (for show, digests and reports). */
#include <string.h>

#include "store_int.h"

#define ITEM_COLS \
	"i.id, i.story_id, i.feed_id, f.name, f.kind, i.guid, i.title," \
	" i.link, i.summary, i.content, i.authors," \
	" coalesce(i.language, f.language), i.doi, i.arxiv_id, i.hal_id," \
	" i.published, i.updated, i.first_seen," \
	" (SELECT count(*) FROM items k WHERE k.story_id = i.story_id), " \
	STORE_FEED_TITLE("f") \
	", i.item_date, i.given_date, " STORE_DATE_SOURCE("i") ", i.backlog"
#define ITEM_NCOLS 24

static void row_item(sqlite3_stmt *s, struct store_item *it)
{
	memset(it, 0, sizeof *it);
	it->id = sqlite3_column_int64(s, 0);
	it->story_id = sqlite3_column_int64(s, 1);
	it->feed_id = sqlite3_column_int64(s, 2);
	it->feed = store_col_text(s, 3);
	it->feed_kind = store_col_text(s, 4);
	it->guid = store_col_text(s, 5);
	it->title = store_col_text(s, 6);
	it->link = store_col_text(s, 7);
	it->summary = store_col_text(s, 8);
	it->content = store_col_text(s, 9);
	it->authors = store_col_text(s, 10);
	it->language = store_col_text(s, 11);
	it->doi = store_col_text(s, 12);
	it->arxiv_id = store_col_text(s, 13);
	it->hal_id = store_col_text(s, 14);
	it->published = store_col_time(s, 15);
	it->updated = store_col_time(s, 16);
	it->first_seen = sqlite3_column_int64(s, 17);
	it->nsources = sqlite3_column_int(s, 18);
	it->feed_title = store_col_text(s, 19);
	it->date = store_col_time(s, 20);
	it->claimed_date = it->date == FEED_NO_DATE ? store_col_time(s, 21)
						    : FEED_NO_DATE;
	it->date_source = store_col_text(s, 22);
	it->backlog = sqlite3_column_int(s, 23);
}

/* Steps s to the end, calling cb per row; finalizes s. Returns the number
 * of rows, cb's non-zero value, or -1. */
static int run_items(struct store *st, sqlite3_stmt *s, int with_niche,
		     int (*cb)(void *ctx, const struct store_item *it),
		     void *ctx, struct err *e)
{
	struct store_item it;
	int rc, n = 0, stop = 0;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		row_item(s, &it);
		if (with_niche) {
			it.niche = store_col_text(s, ITEM_NCOLS);
			it.score = sqlite3_column_double(s, ITEM_NCOLS + 1);
		}
		n++;
		if ((stop = cb(ctx, &it)) != 0)
			break;
	}
	if (!stop && rc != SQLITE_DONE) {
		store_db_err(st, e, "items");
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	return stop ? stop : n;
}

int store_get_item(struct store *st, int64_t item_id,
		   int (*cb)(void *ctx, const struct store_item *it), void *ctx,
		   struct err *e)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, "SELECT " ITEM_COLS " FROM items i"
			       " JOIN feeds f ON f.id = i.feed_id WHERE i.id = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "item");
	sqlite3_bind_int64(s, 1, item_id);
	return run_items(st, s, 0, cb, ctx, e);
}

int store_story_items(struct store *st, int64_t story_id,
		      int (*cb)(void *ctx, const struct store_item *it),
		      void *ctx, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT " ITEM_COLS " FROM items i"
			       " JOIN feeds f ON f.id = i.feed_id"
			       " WHERE i.story_id = ?1 ORDER BY i.first_seen, i.id",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "story");
	sqlite3_bind_int64(s, 1, story_id);
	rc = run_items(st, s, 0, cb, ctx, e);
	return rc < 0 ? rc : 0;
}

int store_items_between(struct store *st, int64_t t0, int64_t t1,
			const char *niche,
			int (*cb)(void *ctx, const struct store_item *it),
			void *ctx, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT " ITEM_COLS ", x.name, n.score"
			       " FROM items i JOIN feeds f ON f.id = i.feed_id"
			       " JOIN item_niches n ON n.item_id = i.id"
			       " JOIN niches x ON x.id = n.niche_id"
			       " WHERE i.first_seen >= ?1 AND i.first_seen < ?2"
			       " AND (?3 IS NULL OR x.name = ?3)"
			       " AND i.id = (SELECT min(k.id) FROM items k"
			       "  WHERE k.story_id = i.story_id)"
			       " ORDER BY n.score DESC,"
			       " " STORE_ITEM_AT("i") " DESC, i.id",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "items");
	sqlite3_bind_int64(s, 1, t0);
	sqlite3_bind_int64(s, 2, t1);
	store_bind_text(s, 3, niche);
	rc = run_items(st, s, 1, cb, ctx, e);
	return rc < 0 ? rc : 0;
}

int store_niche_counts(struct store *st, int64_t t0, int64_t t1,
		       int (*cb)(void *ctx, const struct store_niche_count *c),
		       void *ctx, struct err *e)
{
	sqlite3_stmt *s;
	struct store_niche_count c;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT x.name,"
			       " sum(f.kind <> 'publication'),"
			       " sum(f.kind = 'publication')"
			       " FROM items i JOIN feeds f ON f.id = i.feed_id"
			       " JOIN item_niches n ON n.item_id = i.id"
			       " JOIN niches x ON x.id = n.niche_id"
			       " WHERE i.first_seen >= ?1 AND i.first_seen < ?2"
			       " AND i.backlog = 0"
			       " AND i.id = (SELECT min(k.id) FROM items k"
			       "  WHERE k.story_id = i.story_id)"
			       " GROUP BY x.name ORDER BY x.name", -1, &s,
			       NULL) != SQLITE_OK)
		return store_db_err(st, e, "counts");
	sqlite3_bind_int64(s, 1, t0);
	sqlite3_bind_int64(s, 2, t1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		c.niche = store_col_text(s, 0);
		c.news = sqlite3_column_int64(s, 1);
		c.publications = sqlite3_column_int64(s, 2);
		if ((stop = cb(ctx, &c)) != 0)
			break;
	}
	if (!stop && rc != SQLITE_DONE)
		store_db_err(st, e, "counts");
	sqlite3_finalize(s);
	return stop ? stop : (rc == SQLITE_DONE ? 0 : -1);
}
