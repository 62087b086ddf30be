/* Queries for the digest command: what a member already received, sector
 * filters, and the record of digests sent or failed. */
#include <string.h>

#include "store_int.h"

int store_digest_has_story_other_week(struct store *st, const char *member,
				      const char *week, int64_t story_id,
				      struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM digest_items di"
			       " JOIN digests_sent d ON d.id = di.digest_id"
			       " JOIN members m ON m.id = d.member_id"
			       " WHERE m.name = ?1 AND di.story_id = ?2"
			       " AND d.week <> ?3 AND d.status = 'sent'", -1, &s,
			       NULL) != SQLITE_OK)
		return store_db_err(st, e, "digests");
	store_bind_text(s, 1, member);
	sqlite3_bind_int64(s, 2, story_id);
	store_bind_text(s, 3, week);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_db_err(st, e, "digests");
}

int store_story_in_sectors(struct store *st, int64_t story_id,
			   const char *const *sectors, size_t n,
			   struct err *e)
{
	sqlite3_stmt *s;
	size_t i;
	int rc = SQLITE_DONE;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM items i"
			       " JOIN item_sectors t ON t.item_id = i.id"
			       " JOIN sectors x ON x.id = t.sector_id"
			       " WHERE i.story_id = ?1 AND x.name = ?2 LIMIT 1",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "sectors");
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(s, 1, story_id);
		store_bind_text(s, 2, sectors[i]);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_db_err(st, e, "sectors");
}

int store_digest_list(struct store *st, const char *member, const char *week,
		      int (*cb)(void *ctx, const struct store_digest_row *r),
		      void *ctx, struct err *e)
{
	sqlite3_stmt *s;
	struct store_digest_row r;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT m.name, d.week, d.status,"
			       " d.message_id, d.sent_at, d.reply,"
			       " (SELECT count(*) FROM digest_items di"
			       "  WHERE di.digest_id = d.id)"
			       " FROM digests_sent d JOIN members m"
			       " ON m.id = d.member_id"
			       " WHERE (?1 IS NULL OR m.name = ?1)"
			       " AND (?2 IS NULL OR d.week = ?2)"
			       " ORDER BY d.week DESC, m.name", -1, &s,
			       NULL) != SQLITE_OK)
		return store_db_err(st, e, "digests");
	store_bind_text(s, 1, member);
	store_bind_text(s, 2, week);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		r.member = store_col_text(s, 0);
		r.week = store_col_text(s, 1);
		r.status = store_col_text(s, 2);
		r.message_id = store_col_text(s, 3);
		r.sent_at = sqlite3_column_int64(s, 4);
		r.reply = store_col_text(s, 5);
		r.nstories = sqlite3_column_int64(s, 6);
		if ((stop = cb(ctx, &r)) != 0)
			break;
	}
	if (!stop && rc != SQLITE_DONE)
		store_db_err(st, e, "digests");
	sqlite3_finalize(s);
	return stop ? stop : (rc == SQLITE_DONE ? 0 : -1);
}

/* ---- members and digests ---- */

int store_member_ensure(struct store *st, const char *name, const char *email,
			int64_t *member_id, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO members(name, email) VALUES (?1, ?2)"
			       " ON CONFLICT(name) DO UPDATE SET email = ?2"
			       " RETURNING id", -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "member");
	store_bind_text(s, 1, name);
	store_bind_text(s, 2, email);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && member_id)
		*member_id = sqlite3_column_int64(s, 0);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_db_err(st, e, "member");
}

static int query_exists(struct store *st, const char *sql, const char *a,
			const char *b, int64_t n, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "digests");
	store_bind_text(s, 1, a);
	if (b)
		store_bind_text(s, 2, b);
	else
		sqlite3_bind_int64(s, 2, n);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_db_err(st, e, "digests");
}

int store_digest_has_story(struct store *st, const char *member,
			   int64_t story_id, struct err *e)
{
	return query_exists(st, "SELECT 1 FROM digest_items di"
			    " JOIN digests_sent d ON d.id = di.digest_id"
			    " JOIN members m ON m.id = d.member_id"
			    " WHERE m.name = ?1 AND di.story_id = ?2"
			    " AND d.status = 'sent'", member, NULL, story_id, e);
}

int store_digest_sent(struct store *st, const char *member, const char *week,
		      struct err *e)
{
	return query_exists(st, "SELECT 1 FROM digests_sent d"
			    " JOIN members m ON m.id = d.member_id"
			    " WHERE m.name = ?1 AND d.week = ?2"
			    " AND d.status = 'sent'", member, week, 0, e);
}

int store_digest_record(struct store *st, const char *member, const char *week,
			const char *message_id, int64_t sent_at,
			const char *status, const char *reply,
			const int64_t *story_ids, size_t nstories, struct err *e)
{
	sqlite3_stmt *s;
	int64_t mid = 0, did = 0;
	size_t i;
	int rc;

	if (store_member_ensure(st, member, NULL, &mid, e) < 0)
		return -1;
	/* keeps the e-mail address a member may already have */
	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO digests_sent(member_id, week, message_id,"
			       " sent_at, status, reply) VALUES (?1, ?2, ?3, ?4,"
			       " ?5, ?6) ON CONFLICT(member_id, week) DO UPDATE SET"
			       " message_id = ?3, sent_at = ?4, status = ?5,"
			       " reply = ?6 RETURNING id", -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "digest");
	sqlite3_bind_int64(s, 1, mid);
	store_bind_text(s, 2, week);
	store_bind_text(s, 3, message_id);
	sqlite3_bind_int64(s, 4, sent_at);
	store_bind_text(s, 5, status ? status : "sent");
	store_bind_text(s, 6, reply);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		did = sqlite3_column_int64(s, 0);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "digest");
	if (sqlite3_prepare_v2(st->db,
			       "INSERT OR IGNORE INTO digest_items(digest_id,"
			       " story_id) VALUES (?1, ?2)", -1, &s,
			       NULL) != SQLITE_OK)
		return store_db_err(st, e, "digest");
	for (i = 0; i < nstories; i++) {
		sqlite3_bind_int64(s, 1, did);
		sqlite3_bind_int64(s, 2, story_ids[i]);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(s);
			return store_db_err(st, e, "digest items");
		}
	}
	sqlite3_finalize(s);
	return 0;
}

/* The store's path, for messages. */
