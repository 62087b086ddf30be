/* The analysts' corrections of the niches (veille label): recorded in
 * labels, applied to item_niches whenever an item's niches are written, so
 * that search, digests and reports see the corrected set unchanged. */
#include <string.h>

#include "store_int.h"

int store_labels_refresh(struct store *st, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	st->labels = 0;
	if (!st->labels_table)
		return 0;
	if (store_prepare(st, STMT_LABELS_ANY,
		       "SELECT EXISTS (SELECT 1 FROM labels)", &s, e) < 0)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		st->labels = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_db_err(st, e, "labels");
}

static int step_item(struct store *st, enum store_stmt id, const char *sql,
		     int64_t item_id, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, id, sql, &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, item_id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_db_err(st, e, "labels");
}

int store_labels_apply(struct store *st, int64_t item_id, struct err *e)
{
	int rc;

	/* the one lookup every item of a database with corrections pays */
	rc = step_item(st, STMT_LABELS_OF,
		       "SELECT 1 FROM labels WHERE item_id = ?1 LIMIT 1",
		       item_id, e);
	if (rc <= 0)
		return rc;
	/* an added niche ranks with the item's best niche: the analyst
	 * vouches for it as much as the rules do for theirs */
	if (step_item(st, STMT_LABELS_IN,
		      "INSERT INTO item_niches(item_id, niche_id, score,"
		      " evidence, fingerprint)"
		      " SELECT ?1, l.niche_id,"
		      " (SELECT max(1.0, coalesce(max(n.score), 0))"
		      "  FROM item_niches n WHERE n.item_id = ?1),"
		      " json_array(json_object('kind', 'label', 'who', l.who,"
		      "  'at', strftime('%Y-%m-%dT%H:%M:%SZ', l.at, 'unixepoch'),"
		      "  'note', l.note)),"
		      " (SELECT rules_fp FROM items WHERE id = ?1)"
		      " FROM labels l WHERE l.item_id = ?1 AND l.verdict > 0"
		      " AND NOT EXISTS (SELECT 1 FROM item_niches n"
		      "  WHERE n.item_id = ?1 AND n.niche_id = l.niche_id)",
		      item_id, e) < 0)
		return -1;
	/* after the additions, which rank with the niches the rules gave */
	return step_item(st, STMT_LABELS_OUT,
		      "DELETE FROM item_niches WHERE item_id = ?1 AND niche_id IN"
		      " (SELECT niche_id FROM labels WHERE item_id = ?1"
		      " AND verdict < 0)", item_id, e) < 0 ? -1 : 0;
}

/* Runs sql with ?1 item, ?2 niche, ?3 verdict and, when it has them, ?4
 * who, ?5 at, ?6 note. */
static int label_step(struct store *st, const char *sql, int64_t item_id,
		      int64_t nid, int verdict, const char *who, int64_t at,
		      const char *note, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "labels");
	sqlite3_bind_int64(s, 1, item_id);
	sqlite3_bind_int64(s, 2, nid);
	sqlite3_bind_int(s, 3, verdict);
	if (sqlite3_bind_parameter_count(s) >= 6) {
		store_bind_text(s, 4, who);
		sqlite3_bind_int64(s, 5, at);
		store_bind_text(s, 6, note);
	}
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_db_err(st, e, "labels");
}

int store_label(struct store *st, int64_t item_id, const char *niche,
		int verdict, const char *who, int64_t at, const char *note,
		struct err *e)
{
	sqlite3_stmt *s;
	int64_t nid;
	int rc;

	if (!st->labels_table)
		return err_set(e, "labels: the database's schema is too old");
	if (verdict != 1 && verdict != -1)
		return err_set(e, "labels: verdict %d is not +1 or -1", verdict);
	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM items WHERE id = ?1", -1,
			       &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "labels");
	sqlite3_bind_int64(s, 1, item_id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_db_err(st, e, "labels");
	if (store_group_id(st, 0, niche, &nid, e) < 0)
		return -1;
	if (label_step(st, "INSERT INTO labels(item_id, niche_id, verdict, who,"
		       " at, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
		       " ON CONFLICT(item_id, niche_id) DO UPDATE SET"
		       " verdict = ?3, who = ?4, at = ?5, note = ?6",
		       item_id, nid, verdict, who, at, note, e) < 0 ||
	    /* the row of an earlier correction goes, so that the evidence
	     * names the latest */
	    label_step(st, "DELETE FROM item_niches WHERE item_id = ?1"
		       " AND niche_id = ?2 AND (?3 < 0 OR"
		       " json_extract(evidence, '$[0].kind') = 'label')",
		       item_id, nid, verdict, NULL, 0, NULL, e) < 0)
		return -1;
	st->labels = 1;
	return store_labels_apply(st, item_id, e) < 0 ? -1 : 1;
}

int store_labels(struct store *st, int64_t item_id,
		 int (*cb)(void *ctx, const struct store_label_row *r),
		 void *ctx, struct err *e)
{
	sqlite3_stmt *s;
	struct store_label_row r;
	int rc, stop = 0;

	if (!st->labels_table)
		return 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT l.item_id, x.name, l.verdict, l.who, l.at,"
			       " l.note, i.title, i.summary, f.name,"
			       " coalesce(i.language, f.language),"
			       " coalesce((SELECT group_concat(name, ',') FROM"
			       "  (SELECT y.name FROM item_niches n JOIN niches y"
			       "  ON y.id = n.niche_id WHERE n.item_id = i.id"
			       "  ORDER BY y.name)), '')"
			       " FROM labels l JOIN niches x ON x.id = l.niche_id"
			       " JOIN items i ON i.id = l.item_id"
			       " JOIN feeds f ON f.id = i.feed_id"
			       " WHERE ?1 = 0 OR l.item_id = ?1"
			       " ORDER BY l.item_id, x.name", -1, &s,
			       NULL) != SQLITE_OK)
		return store_db_err(st, e, "labels");
	sqlite3_bind_int64(s, 1, item_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r.item_id = sqlite3_column_int64(s, 0);
		r.niche = store_col_text(s, 1);
		r.verdict = sqlite3_column_int(s, 2);
		r.who = store_col_text(s, 3);
		r.at = sqlite3_column_int64(s, 4);
		r.note = store_col_text(s, 5);
		r.title = store_col_text(s, 6);
		r.summary = store_col_text(s, 7);
		r.feed = store_col_text(s, 8);
		r.language = store_col_text(s, 9);
		r.niches = store_col_text(s, 10);
		if ((stop = cb(ctx, &r)) != 0)
			break;
	}
	if (!stop && rc != SQLITE_DONE)
		store_db_err(st, e, "labels");
	sqlite3_finalize(s);
	return stop ? stop : (rc == SQLITE_DONE ? 0 : -1);
}
