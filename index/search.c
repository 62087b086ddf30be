/* Full-text search over items_fts with filters, story collapsing and a
 * rank that blends bm25 (title > summary > content) with recency. The
 * match expression and every filter value are bound, never pasted. */
#include <string.h>

#include "store_int.h"

/* bm25 column weights: title, summary, content, authors, feed. */
#define RANK_EXPR \
	"bm25(items_fts, 10.0, 4.0, 1.0, 3.0, 1.0)" \
	" / (1.0 + max(0, ?2 - coalesce(i.published, i.first_seen))" \
	" / 2592000.0)"

static int build_sql(struct buf *b, const struct store_search *q)
{
	size_t k;
	int rc;

	rc = buf_addstr(b, "SELECT i.id, i.story_id, i.title, i.link, f.name,"
			" f.kind, coalesce(i.published, i.first_seen) AS d, "
			RANK_EXPR " AS r FROM items_fts"
			" JOIN items i ON i.id = items_fts.rowid"
			" JOIN feeds f ON f.id = i.feed_id"
			" WHERE items_fts MATCH ?1");
	if (q->feed)
		rc |= buf_addstr(b, " AND f.name = ?3");
	if (q->kind)
		rc |= buf_addstr(b, " AND f.kind = ?4");
	if (q->lang)
		rc |= buf_addstr(b, " AND coalesce(i.language, f.language) = ?5");
	if (q->since != FEED_NO_DATE)
		rc |= buf_addstr(b, " AND coalesce(i.published, i.first_seen) >= ?6");
	if (q->until != FEED_NO_DATE)
		rc |= buf_addstr(b, " AND coalesce(i.published, i.first_seen) < ?7");
	if (q->nniches) {
		rc |= buf_addstr(b, " AND EXISTS (SELECT 1 FROM item_niches n"
				 " JOIN niches x ON x.id = n.niche_id"
				 " WHERE n.item_id = i.id AND x.name IN (");
		for (k = 0; k < q->nniches; k++)
			rc |= buf_addf(b, "%s?%zu", k ? ", " : "", 10 + k);
		rc |= buf_addstr(b, "))");
	}
	if (!q->all_items) {
		/* bm25() only works where the MATCH is: rank every hit in a
		 * materialised CTE, then keep each story's best (SQLite takes
		 * the bare columns from the row holding min(r)) */
		struct buf w = BUF_INIT;
		rc |= buf_addstr(&w, "WITH h AS MATERIALIZED (");
		rc |= buf_add(&w, b->data, b->len);
		rc |= buf_addstr(&w, ") SELECT id, story_id, title, link, name,"
				 " kind, d, min(r) AS r FROM h GROUP BY story_id");
		buf_reset(b);
		rc |= buf_add(b, w.data, w.len);
		buf_release(&w);
	}
	rc |= buf_addstr(b, q->sort == STORE_SORT_DATE ? " ORDER BY d DESC, r"
			 : " ORDER BY r, d DESC");
	rc |= buf_addstr(b, " LIMIT ?8 OFFSET ?9");
	return rc ? -1 : 0;
}

static int one_text(struct store *st, sqlite3_stmt **s, const char *sql,
		    int64_t a, int64_t b, const char *t1, const char *t2,
		    const char *match, struct buf *out, struct err *e)
{
	int rc;

	buf_reset(out);
	if (!*s && sqlite3_prepare_v2(st->db, sql, -1, s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "search");
	sqlite3_reset(*s);
	sqlite3_bind_int64(*s, 1, a);
	sqlite3_bind_int64(*s, 2, b);
	if (t1) {
		store_bind_text(*s, 3, t1);
		store_bind_text(*s, 4, t2);
		store_bind_text(*s, 5, match);
	}
	rc = sqlite3_step(*s);
	if (rc == SQLITE_ROW && sqlite3_column_text(*s, 0) &&
	    buf_addstr(out, store_col_text(*s, 0)) < 0)
		return err_set(e, "out of memory");
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_err(st, e, "search");
	sqlite3_reset(*s);
	return rc == SQLITE_ROW && out->len > 0;
}

int store_search(struct store *st, const struct store_search *q,
		 int (*cb)(void *ctx, const struct store_hit *h), void *ctx,
		 struct err *e)
{
	struct buf sql = BUF_INIT, snip = BUF_INIT, niches = BUF_INIT,
		   others = BUF_INIT;
	sqlite3_stmt *s = NULL, *s_snip = NULL, *s_niche = NULL,
		     *s_other = NULL;
	struct store_hit h;
	size_t k;
	int rc, n = 0, ret = -1;

	if (!q->match || !*q->match)
		return err_set(e, "empty query");
	if (store_fts_flush(st, e) < 0)
		return -1;
	if (build_sql(&sql, q) < 0) {
		err_set(e, "out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(st->db, buf_cstr(&sql), -1, &s, NULL) != SQLITE_OK) {
		store_db_err(st, e, "query");
		goto out;
	}
	store_bind_text(s, 1, q->match);
	sqlite3_bind_int64(s, 2, q->now);
	store_bind_text(s, 3, q->feed);
	store_bind_text(s, 4, q->kind);
	store_bind_text(s, 5, q->lang);
	store_bind_time(s, 6, q->since);
	store_bind_time(s, 7, q->until);
	sqlite3_bind_int64(s, 8, q->limit > 0 ? q->limit : -1);
	sqlite3_bind_int64(s, 9, q->offset > 0 ? q->offset : 0);
	for (k = 0; k < q->nniches; k++)
		store_bind_text(s, (int)(10 + k), q->niches[k]);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&h, 0, sizeof h);
		h.item_id = sqlite3_column_int64(s, 0);
		h.story_id = sqlite3_column_int64(s, 1);
		h.title = store_col_text(s, 2);
		h.link = store_col_text(s, 3);
		h.feed = store_col_text(s, 4);
		h.kind = store_col_text(s, 5);
		h.date = sqlite3_column_int64(s, 6);
		h.rank = sqlite3_column_double(s, 7);
		/* the summary's context first: the title is shown anyway */
		if (one_text(st, &s_snip, "SELECT coalesce(nullif(snippet("
			     "items_fts, 1, ?3, ?4, '…', 16), ''), snippet("
			     "items_fts, -1, ?3, ?4, '…', 16)) FROM items_fts"
			     " WHERE items_fts MATCH ?5"
			     " AND rowid = ?1 AND ?2 = ?2", h.item_id, 0,
			     q->mark_open ? q->mark_open : "",
			     q->mark_close ? q->mark_close : "", q->match,
			     &snip, e) < 0 ||
		    one_text(st, &s_niche, "SELECT group_concat(name, ',') FROM"
			     " (SELECT x.name FROM item_niches n JOIN niches x"
			     " ON x.id = n.niche_id WHERE n.item_id = ?1"
			     " AND ?2 = ?2 ORDER BY n.score DESC, x.name)",
			     h.item_id, 0, NULL, NULL, NULL, &niches, e) < 0 ||
		    one_text(st, &s_other, "SELECT group_concat(name, ', ') FROM"
			     " (SELECT DISTINCT f.name FROM items i JOIN feeds f"
			     " ON f.id = i.feed_id WHERE i.story_id = ?1"
			     " AND i.id <> ?2 ORDER BY f.name)", h.story_id,
			     h.item_id, NULL, NULL, NULL, &others, e) < 0)
			goto out;
		h.snippet = buf_cstr(&snip);
		h.niches = niches.len ? buf_cstr(&niches) : NULL;
		h.other_feeds = others.len ? buf_cstr(&others) : NULL;
		n++;
		if ((rc = cb(ctx, &h)) != 0) {
			ret = rc;
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		if (strstr(sqlite3_errmsg(st->db), "fts5") ||
		    strstr(sqlite3_errmsg(st->db), "syntax"))
			err_set(e, "query: %s", sqlite3_errmsg(st->db));
		else
			store_db_err(st, e, "search");
		goto out;
	}
	ret = n;
out:
	sqlite3_finalize(s);
	sqlite3_finalize(s_snip);
	sqlite3_finalize(s_niche);
	sqlite3_finalize(s_other);
	buf_release(&sql);
	buf_release(&snip);
	buf_release(&niches);
	buf_release(&others);
	return ret;
}
