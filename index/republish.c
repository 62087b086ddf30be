/* A feed's archive republished under new ids (a CMS migration): within one
 * feed, an item whose guid and link are new but whose title and date are
 * those of an item of the same feed that has left the document is that
 * item moved. It takes the new guid here, before the page is stored, so
 * the store then finds it by its guid and only updates it (link, content):
 * its row, first sighting, story, niches, labels and the digests that
 * carried its story stay. */
#include <string.h>

#include "store_int.h"

struct repub {
	struct store *st;
	sqlite3_stmt *known;	/* the guid is the feed's already */
	sqlite3_stmt *cand;	/* items of the feed with this title and date */
	sqlite3_stmt *link;	/* the link is the feed's already */
	sqlite3_stmt *move;	/* the new guid */
};

static int prepare(struct repub *r, sqlite3_stmt **s, const char *sql,
		   struct err *e)
{
	if (*s)
		return 0;
	if (sqlite3_prepare_v2(r->st->db, sql, -1, s, NULL) != SQLITE_OK)
		return store_db_err(r->st, e, "republished items");
	return 0;
}

/* 1, 0, or -1 on error: whether the one-row query s finds a row. */
static int exists(struct repub *r, sqlite3_stmt *s, struct err *e)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return store_db_err(r->st, e, "republished items");
	return 0;
}

static int in_document(const struct feed_item *items, size_t n,
		       const char *guid)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (items[i].id && !strcmp(items[i].id, guid))
			return 1;
	return 0;
}

/* The earliest item of the feed with the title and date of it whose guid
 * the document no longer has: 0 when none, its id otherwise. */
static int64_t left_twin(struct repub *r, int64_t feed_id,
			 const struct feed_item *it,
			 const struct feed_item *items, size_t n, struct err *e)
{
	int64_t found = 0;
	int rc;

	/* items_feed_date: a few rows, however long the feed's history */
	if (prepare(r, &r->cand, "SELECT id, guid FROM items"
		    " WHERE feed_id = ?1 AND published = ?2 AND title = ?3"
		    " ORDER BY id", e) < 0)
		return -1;
	sqlite3_bind_int64(r->cand, 1, feed_id);
	sqlite3_bind_int64(r->cand, 2, it->published);
	store_bind_text(r->cand, 3, it->title);
	while ((rc = sqlite3_step(r->cand)) == SQLITE_ROW) {
		const char *g = store_col_text(r->cand, 1);

		if (g && !in_document(items, n, g)) {
			found = sqlite3_column_int64(r->cand, 0);
			break;
		}
	}
	sqlite3_reset(r->cand);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_err(r->st, e, "republished items");
	return found;
}

static int one(struct repub *r, int64_t feed_id, const struct feed_item *it,
	       const struct feed_item *items, size_t n, size_t *moved,
	       struct err *e)
{
	int64_t twin;
	int rc;

	if (!it->id || !*it->id || !it->link || !*it->link || !it->title ||
	    !*it->title || it->published == FEED_NO_DATE ||
	    (it->flags & FEED_ITEM_DELETED))
		return 0;
	if (prepare(r, &r->known, "SELECT 1 FROM items"
		    " WHERE feed_id = ?1 AND guid = ?2", e) < 0)
		return -1;
	sqlite3_bind_int64(r->known, 1, feed_id);
	store_bind_text(r->known, 2, it->id);
	if ((rc = exists(r, r->known, e)) != 0)
		return rc < 0 ? -1 : 0;
	if ((twin = left_twin(r, feed_id, it, items, n, e)) <= 0)
		return twin < 0 ? -1 : 0;
	/* only now (a twin is rare) the feed's links: no index holds them */
	if (prepare(r, &r->link, "SELECT 1 FROM items"
		    " WHERE feed_id = ?1 AND link = ?2", e) < 0)
		return -1;
	sqlite3_bind_int64(r->link, 1, feed_id);
	store_bind_text(r->link, 2, it->link);
	if ((rc = exists(r, r->link, e)) != 0)
		return rc < 0 ? -1 : 0;
	if (prepare(r, &r->move, "UPDATE items SET guid = ?2 WHERE id = ?1",
		    e) < 0)
		return -1;
	sqlite3_bind_int64(r->move, 1, twin);
	store_bind_text(r->move, 2, it->id);
	rc = sqlite3_step(r->move);
	sqlite3_reset(r->move);
	if (rc != SQLITE_DONE)
		return store_db_err(r->st, e, "republished items");
	(*moved)++;
	return 0;
}

int store_republished(struct store *st, int64_t feed_id,
		      const struct feed_item *items, size_t n, size_t *moved,
		      struct err *e)
{
	struct repub r;
	size_t i;
	int rc = 0;

	*moved = 0;
	memset(&r, 0, sizeof r);
	r.st = st;
	for (i = 0; i < n && rc == 0; i++)
		rc = one(&r, feed_id, &items[i], items, n, moved, e);
	sqlite3_finalize(r.known);
	sqlite3_finalize(r.cand);
	sqlite3_finalize(r.link);
	sqlite3_finalize(r.move);
	return rc;
}
