/* What the store knows of classifications: sectors, the rules fingerprint
 * of each item, and the stale items that `veille classify` recomputes. */
#include <string.h>

#include "../util/alloc.h"
#include "store_int.h"

int store_each_stale(struct store *st, int64_t since, int64_t after_id,
		     const char *fingerprint, int64_t limit,
		     int (*cb)(void *ctx, const struct store_item_text *it),
		     void *ctx, struct err *e)
{
	/* the stored niches come with the text, so a run over the whole
	 * history makes one query per batch, not three per item */
	static const char sql[] =
		"SELECT i.id, i.feed_id, f.name, i.title, i.summary, i.content,"
		" coalesce(i.language, f.language), i.rules_fp,"
		" coalesce((SELECT group_concat(name, ',') FROM (SELECT x.name"
		"  FROM item_niches n JOIN niches x ON x.id = n.niche_id"
		"  WHERE n.item_id = i.id ORDER BY x.name)), ''),"
		" coalesce((SELECT group_concat(name, ',') FROM (SELECT x.name"
		"  FROM item_sectors n JOIN sectors x ON x.id = n.sector_id"
		"  WHERE n.item_id = i.id ORDER BY x.name)), ''),"
		" coalesce((SELECT group_concat(CASE WHEN l.verdict > 0"
		"  THEN '+' ELSE '-' END || x.name, ',') FROM labels l"
		"  JOIN niches x ON x.id = l.niche_id WHERE l.item_id = i.id), '')"
		" FROM items i JOIN feeds f ON f.id = i.feed_id"
		" WHERE i.id > ?2 AND i.first_seen >= ?1"
		" AND (?3 IS NULL OR i.rules_fp IS NOT ?3)"
		" ORDER BY i.id LIMIT ?4";
	sqlite3_stmt *s;
	struct store_item_text t;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "items");
	sqlite3_bind_int64(s, 1, since);
	sqlite3_bind_int64(s, 2, after_id);
	store_bind_text(s, 3, fingerprint);
	sqlite3_bind_int64(s, 4, limit > 0 ? limit : -1);
	memset(&t, 0, sizeof t);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		t.id = sqlite3_column_int64(s, 0);
		t.feed_id = sqlite3_column_int64(s, 1);
		t.feed = store_col_text(s, 2);
		t.title = store_col_text(s, 3);
		t.summary = store_col_text(s, 4);
		t.content = store_col_text(s, 5);
		t.language = store_col_text(s, 6);
		t.rules_fp = store_col_text(s, 7);
		t.niches = store_col_text(s, 8);
		t.sectors = store_col_text(s, 9);
		t.labels = store_col_text(s, 10);
		stop = cb(ctx, &t);
		if (stop)
			break;
	}
	if (!stop && rc != SQLITE_DONE) {
		store_db_err(st, e, "items");
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	return stop;
}

int store_set_item_sectors(struct store *st, int64_t item_id,
			   const struct store_niche_score *v, size_t n,
			   struct err *e)
{
	sqlite3_stmt *s;
	size_t i;
	int64_t sid = 0;
	int rc;

	if (store_clear_item_rows(st, 1, item_id, e) < 0)
		return -1;
	/* plain INSERT, as for niches (store_set_item_niches) */
	for (i = 0; i < n; i++) {
		if (!v[i].niche)
			return err_set(e, "sector without a name");
		if (store_group_id(st, 1, v[i].niche, &sid, e) < 0)
			return -1;
		if (store_prepare(st, STMT_SECTORS_ADD,
				  "INSERT INTO item_sectors(item_id,"
				  " sector_id, score, evidence) VALUES (?1, ?2, ?3, ?4)",
				  &s, e) < 0)
			return -1;
		sqlite3_bind_int64(s, 1, item_id);
		sqlite3_bind_int64(s, 2, sid);
		sqlite3_bind_double(s, 3, v[i].score);
		store_bind_static(s, 4, v[i].evidence_json);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_db_err(st, e, "item sectors");
	}
	return 0;
}

int store_item_rules(struct store *st, int64_t item_id, struct buf *out,
		     struct err *e)
{
	sqlite3_stmt *s;
	const char *fp = NULL;
	int rc, ret = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT rules_fp FROM items WHERE id = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "items");
	sqlite3_bind_int64(s, 1, item_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		fp = store_col_text(s, 0);
	if (fp) {
		ret = 1;
		if (buf_addstr(out, fp) < 0)
			ret = err_set(e, "out of memory");
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		ret = store_db_err(st, e, "items");
	}
	sqlite3_finalize(s);
	return ret;
}

int store_fingerprints(struct store *st,
		       int (*cb)(void *ctx, const char *fp, int64_t items),
		       void *ctx, struct err *e)
{
	sqlite3_stmt *s;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(st->db,
			       "SELECT rules_fp, count(*) AS n FROM items"
			       " GROUP BY rules_fp ORDER BY n DESC, rules_fp",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "items");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((stop = cb(ctx, store_col_text(s, 0),
			       sqlite3_column_int64(s, 1))) != 0)
			break;
	if (!stop && rc != SQLITE_DONE)
		store_db_err(st, e, "items");
	sqlite3_finalize(s);
	return stop ? stop : (rc == SQLITE_DONE ? 0 : -1);
}

int store_clear_item_rows(struct store *st, int sector, int64_t item_id,
			  struct err *e)
{
	int64_t *fresh = sector ? &st->fresh_sectors : &st->fresh_niches;
	sqlite3_stmt *s;
	int rc;

	if (item_id == *fresh) {
		*fresh = 0;	/* nothing to clear, once */
		return 0;
	}
	if (sector ?
	    store_prepare(st, STMT_SECTORS_CLEAR,
			  "DELETE FROM item_sectors WHERE item_id = ?1", &s, e) < 0 :
	    store_prepare(st, STMT_NICHES_CLEAR,
			  "DELETE FROM item_niches WHERE item_id = ?1", &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, item_id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 :
	       store_db_err(st, e, sector ? "sectors" : "niches");
}

int store_set_item_niches(struct store *st, int64_t item_id,
			  const struct store_niche_score *v, size_t n,
			  const char *fingerprint, struct err *e)
{
	sqlite3_stmt *s;
	size_t i;
	int64_t nid = 0;
	/* a new item has no correction yet */
	const int fresh = item_id == st->fresh_niches;
	int rc;

	if (store_clear_item_rows(st, 0, item_id, e) < 0)
		return -1;
	/* written with the item when store_upsert_prepared was told */
	if (item_id != st->fp_item || !fingerprint ||
	    strcmp(fingerprint, st->fp)) {
		if (store_prepare(st, STMT_ITEM_RULES_FP,
				  "UPDATE items SET rules_fp = ?2 WHERE id = ?1",
				  &s, e) < 0)
			return -1;
		sqlite3_bind_int64(s, 1, item_id);
		store_bind_text(s, 2, fingerprint);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_db_err(st, e, "item rules");
	}
	st->fp_item = 0;
	/* A plain INSERT: the item's rows are gone (cleared above, or it is
	 * new) and a taxonomy names each niche once. OR REPLACE made every
	 * row a statement that may delete and abort (foreign keys), which
	 * SQLite runs with a statement journal of the pages it changes; in
	 * b40's crawl those journals went to temporary files, 490,000
	 * writes of 8 KiB for 58,670 items. */
	for (i = 0; i < n; i++) {
		if (!v[i].niche)
			return err_set(e, "niche without a name");
		if (store_group_id(st, 0, v[i].niche, &nid, e) < 0)
			return -1;
		if (store_prepare(st, STMT_NICHES_ADD,
				  "INSERT INTO item_niches(item_id,"
				  " niche_id, score, evidence, fingerprint)"
				  " VALUES (?1, ?2, ?3, ?4, ?5)", &s, e) < 0)
			return -1;
		sqlite3_bind_int64(s, 1, item_id);
		sqlite3_bind_int64(s, 2, nid);
		sqlite3_bind_double(s, 3, v[i].score);
		store_bind_static(s, 4, v[i].evidence_json);
		store_bind_static(s, 5, fingerprint);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_db_err(st, e, "item niches");
	}
	return st->labels && !fresh ? store_labels_apply(st, item_id, e) : 0;
}

/* The niches (sector 0) or sectors (1) of an item, best first. */
static int item_groups(struct store *st, int sector, int64_t item_id,
		       int (*cb)(void *ctx, const struct store_niche_score *ns),
		       void *ctx, struct err *e)
{
	static const char *const sql[2] = {
		"SELECT x.name, n.score, n.evidence FROM item_niches n"
		" JOIN niches x ON x.id = n.niche_id"
		" WHERE n.item_id = ?1 ORDER BY n.score DESC, x.name",
		"SELECT x.name, n.score, n.evidence FROM item_sectors n"
		" JOIN sectors x ON x.id = n.sector_id"
		" WHERE n.item_id = ?1 ORDER BY n.score DESC, x.name",
	};
	const char *what = sector ? "sectors" : "niches";
	sqlite3_stmt *s;
	struct store_niche_score ns;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(st->db, sql[!!sector], -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, what);
	sqlite3_bind_int64(s, 1, item_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ns.niche = store_col_text(s, 0);
		ns.score = sqlite3_column_double(s, 1);
		ns.evidence_json = store_col_text(s, 2);
		if ((stop = cb(ctx, &ns)) != 0)
			break;
	}
	if (!stop && rc != SQLITE_DONE)
		store_db_err(st, e, what);
	sqlite3_finalize(s);
	return stop ? stop : (rc == SQLITE_DONE ? 0 : -1);
}

int store_item_niches(struct store *st, int64_t item_id,
		      int (*cb)(void *ctx, const struct store_niche_score *ns),
		      void *ctx, struct err *e)
{
	return item_groups(st, 0, item_id, cb, ctx, e);
}

int store_item_sectors(struct store *st, int64_t item_id,
		       int (*cb)(void *ctx, const struct store_niche_score *ns),
		       void *ctx, struct err *e)
{
	return item_groups(st, 1, item_id, cb, ctx, e);
}
