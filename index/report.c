/* Reading for the trend report: every item known at a date, one row each
 * with its niches and sectors joined, and the rules fingerprints that
 * classified them. */
#include <string.h>

#include "store_int.h"

/* The item's date as the report counts it: its own, else (undated, or a
 * date claimed in the future) its first sighting. */
#define ROW_DATE STORE_ITEM_AT("i")

int store_report_rows(struct store *st, const struct store_report_query *q,
		      int (*cb)(void *ctx, const struct store_report_row *r),
		      void *ctx, struct err *e)
{
	sqlite3_stmt *s;
	struct store_report_row r;
	int rc, stop = 0;

	/* Correlated sub-selects rather than joins with GROUP BY: one pass over
	 * items in id order, each niche lookup a primary-key range of the
	 * WITHOUT ROWID table, and no temporary b-tree for the grouping. */
	if (sqlite3_prepare_v2(st->db, "SELECT " ROW_DATE ", i.first_seen,"
			       " (SELECT group_concat(x.name) FROM item_niches n"
			       "  JOIN niches x ON x.id = n.niche_id"
			       "  WHERE n.item_id = i.id),"
			       " (SELECT group_concat(x.name) FROM item_sectors n"
			       "  JOIN sectors x ON x.id = n.sector_id"
			       "  WHERE n.item_id = i.id),"
			       " f.name, i.title, i.link,"
			       " CASE WHEN ?4 > 0 THEN substr(i.summary, 1, ?4) END,"
			       " f.kind, i.story_id,"
			       " (SELECT max(n.score) FROM item_niches n"
			       "  WHERE n.item_id = i.id), " STORE_FEED_TITLE("f")
			       ", f.coverage_start"
			       " FROM items i JOIN feeds f ON f.id = i.feed_id"
			       " WHERE " ROW_DATE " >= ?1 AND " ROW_DATE " < ?2"
			       " AND (?3 = 0 OR i.first_seen <= ?3)"
			       " ORDER BY i.id", -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "report rows");
	sqlite3_bind_int64(s, 1, q->from);
	sqlite3_bind_int64(s, 2, q->to);
	sqlite3_bind_int64(s, 3, q->as_of);
	sqlite3_bind_int64(s, 4, q->text_chars);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *kind;

		r.date = sqlite3_column_int64(s, 0);
		r.first_seen = sqlite3_column_int64(s, 1);
		r.niches = store_col_text(s, 2);
		r.sectors = store_col_text(s, 3);
		r.feed = store_col_text(s, 4);
		r.title = store_col_text(s, 5);
		r.link = store_col_text(s, 6);
		r.text = store_col_text(s, 7);
		kind = store_col_text(s, 8);
		r.publication = kind && strcmp(kind, "publication") == 0;
		r.story_id = sqlite3_column_int64(s, 9);
		r.score = sqlite3_column_double(s, 10);
		r.feed_title = store_col_text(s, 11);
		r.covered = sqlite3_column_int64(s, 12);
		if ((stop = cb(ctx, &r)) != 0)
			break;
	}
	if (!stop && rc != SQLITE_DONE)
		store_db_err(st, e, "report rows");
	sqlite3_finalize(s);
	return stop ? stop : (rc == SQLITE_DONE ? 0 : -1);
}

int store_report_fingerprints(struct store *st,
			      const struct store_report_query *q,
			      struct buf *out, struct err *e)
{
	sqlite3_stmt *s;
	int rc, n = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT n.fingerprint, count(*) AS c"
			       " FROM items i JOIN item_niches n"
			       " ON n.item_id = i.id"
			       " WHERE " ROW_DATE " >= ?1 AND " ROW_DATE " < ?2"
			       " AND (?3 = 0 OR i.first_seen <= ?3)"
			       " AND n.fingerprint IS NOT NULL"
			       " GROUP BY n.fingerprint ORDER BY c DESC,"
			       " n.fingerprint", -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "fingerprints");
	sqlite3_bind_int64(s, 1, q->from);
	sqlite3_bind_int64(s, 2, q->to);
	sqlite3_bind_int64(s, 3, q->as_of);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *fp = store_col_text(s, 0);

		if ((n++ && buf_add(out, ", ", 2) < 0) ||
		    buf_add(out, fp, strlen(fp)) < 0) {
			sqlite3_finalize(s);
			return err_set(e, "fingerprints: out of memory");
		}
	}
	if (rc != SQLITE_DONE)
		store_db_err(st, e, "fingerprints");
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? n : -1;
}


