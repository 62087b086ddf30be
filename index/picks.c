/* The analyst's picks (items marked for the coming digests, with a note)
 * and members paused or resumed from the command line (schema 11). */
#include <string.h>

#include "store_int.h"

/* Runs one statement binding ?1 (integer) and ?2..?4 (text or NULL), ?5
 * (integer); returns the number of rows it changed, or -1. */
static int step(struct store *st, const char *sql, int64_t a, const char *b,
		const char *c, const char *d, int64_t f, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "picks");
	sqlite3_bind_int64(s, 1, a);
	store_bind_text(s, 2, b);
	store_bind_text(s, 3, c);
	store_bind_text(s, 4, d);
	sqlite3_bind_int64(s, 5, f);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "picks");
	return sqlite3_changes(st->db);
}

int store_pick(struct store *st, int64_t item_id, const char *note,
	       int everyone, const char *who, int64_t at, struct err *e)
{
	/* everyone rides in ?4 as text: one binder for every statement */
	return step(st, "INSERT INTO picks(item_id, note, everyone, who, at)"
		    " SELECT id, ?2, CAST(?4 AS INTEGER), ?3, ?5 FROM items"
		    " WHERE id = ?1 ON CONFLICT(item_id) DO UPDATE SET"
		    " note = excluded.note, everyone = excluded.everyone,"
		    " who = excluded.who, at = excluded.at",
		    item_id, note, who, everyone ? "1" : "0", at, e);
}

int store_unpick(struct store *st, int64_t item_id, struct err *e)
{
	return step(st, "DELETE FROM picks WHERE item_id = ?1", item_id, NULL,
		    NULL, NULL, 0, e);
}

int store_picks_each(struct store *st,
		     int (*cb)(void *ctx, const struct store_pick_row *p),
		     void *ctx, struct err *e)
{
	sqlite3_stmt *s;
	struct store_pick_row p;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(st->db,
			       "SELECT p.item_id, i.story_id, i.title, i.link, "
			       STORE_FEED_TITLE("f") ", p.note, p.who,"
			       " p.everyone, p.at, i.item_date,"
			       " coalesce((SELECT group_concat(x.name, ',')"
			       "  FROM item_niches n JOIN niches x"
			       "  ON x.id = n.niche_id WHERE n.item_id = i.id), '')"
			       " FROM picks p JOIN items i ON i.id = p.item_id"
			       " JOIN feeds f ON f.id = i.feed_id"
			       " ORDER BY p.at, p.item_id", -1, &s,
			       NULL) != SQLITE_OK)
		return store_db_err(st, e, "picks");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&p, 0, sizeof p);
		p.item_id = sqlite3_column_int64(s, 0);
		p.story_id = sqlite3_column_int64(s, 1);
		p.title = store_col_text(s, 2);
		p.link = store_col_text(s, 3);
		p.feed_title = store_col_text(s, 4);
		p.note = store_col_text(s, 5);
		p.who = store_col_text(s, 6);
		p.everyone = sqlite3_column_int(s, 7);
		p.at = sqlite3_column_int64(s, 8);
		p.item_date = store_col_time(s, 9);
		p.niches = store_col_text(s, 10);
		if ((stop = cb(ctx, &p)) != 0)
			break;
	}
	if (!stop && rc != SQLITE_DONE)
		store_db_err(st, e, "picks");
	sqlite3_finalize(s);
	return stop ? stop : (rc == SQLITE_DONE ? 0 : -1);
}

int store_member_state_set(struct store *st, const char *name, int paused,
			   const char *who, int64_t at, struct err *e)
{
	return step(st, "INSERT INTO member_states(name, paused, who, at)"
		    " VALUES (?2, ?1, ?3, ?5) ON CONFLICT(name) DO UPDATE SET"
		    " paused = ?1, who = ?3, at = ?5", paused ? 1 : 0, name,
		    who, NULL, at, e) < 0 ? -1 : 0;
}

int store_member_state(struct store *st, const char *name, int *paused,
		       int64_t *at, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	*paused = -1;
	if (sqlite3_prepare_v2(st->db, "SELECT paused, at FROM member_states"
			       " WHERE name = ?1", -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "member states");
	store_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*paused = sqlite3_column_int(s, 0) != 0;
		if (at)
			*at = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_err(st, e, "member states");
	return 0;
}
