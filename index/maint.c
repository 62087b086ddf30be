/* Upkeep of the database: statistics, online backup, pruning, optimising. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../util/vtime.h"
#include "store_int.h"

static int scalar(struct store *st, const char *sql, int64_t *v, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	*v = 0;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "stats");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
						     : store_db_err(st, e, "stats");
}

int store_stats(struct store *st, struct store_stats *o, struct err *e)
{
	int64_t pages, psize;

	memset(o, 0, sizeof *o);
	if (scalar(st, "SELECT count(*) FROM items", &o->items, e) < 0 ||
	    scalar(st, "SELECT count(*) FROM stories", &o->stories, e) < 0 ||
	    scalar(st, "SELECT count(*) FROM feeds", &o->feeds, e) < 0 ||
	    scalar(st, "SELECT count(*) FROM niches", &o->niches, e) < 0 ||
	    scalar(st, "SELECT count(*) FROM members", &o->members, e) < 0 ||
	    scalar(st, "SELECT count(*) FROM digests_sent", &o->digests, e) < 0 ||
	    scalar(st, "SELECT coalesce(min(first_seen), 0) FROM items",
		   &o->oldest, e) < 0 ||
	    scalar(st, "SELECT coalesce(max(first_seen), 0) FROM items",
		   &o->newest, e) < 0 ||
	    scalar(st, "PRAGMA page_count", &pages, e) < 0 ||
	    scalar(st, "PRAGMA page_size", &psize, e) < 0)
		return -1;
	o->db_bytes = pages * psize;
	return 0;
}

/* ISO 8601 week of a day number (days since 1970-01-01, a Thursday). */
static void iso_week(int64_t day, char out[16])
{
	int64_t wd = ((day + 3) % 7 + 7) % 7;	/* 0 = Monday */
	int64_t thu = day - wd + 3;
	int y, mon, d, h, mi, s;

	vtime_to_utc(thu * 86400, &y, &mon, &d, &h, &mi, &s);
	snprintf(out, 16, "%04d-W%02d", y,
		 (int)((thu - vtime_days_from_civil(y, 1, 1)) / 7 + 1));
}

int store_week_counts(struct store *st, int max,
		      int (*cb)(void *ctx, const char *week, int64_t n),
		      void *ctx, struct err *e)
{
	sqlite3_stmt *s;
	char cur[16] = "", wk[16];
	int64_t n = 0;
	int rc, weeks = 0, stop = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT first_seen / 86400 AS day,"
			       " count(*) FROM items GROUP BY day ORDER BY day DESC",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "stats");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		iso_week(sqlite3_column_int64(s, 0), wk);
		if (strcmp(wk, cur)) {
			if (cur[0] && (stop = cb(ctx, cur, n)) != 0)
				break;
			if (cur[0] && ++weeks >= max)
				break;
			memcpy(cur, wk, sizeof cur);
			n = 0;
		}
		n += sqlite3_column_int64(s, 1);
	}
	if (!stop && rc == SQLITE_DONE && cur[0])
		stop = cb(ctx, cur, n);
	if (!stop && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return store_db_err(st, e, "stats");
	}
	sqlite3_finalize(s);
	return stop;
}

int store_backup(struct store *st, const char *path, struct err *e)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *bk;
	char tmp[4096];
	int rc;

	if (store_flush(st, e) < 0)
		return -1;
	/* a partial copy never takes the name of a backup */
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
		return err_set(e, "backup path too long");
	unlink(tmp);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		err_set(e, "backup '%s': %s", path,
			dst ? sqlite3_errmsg(dst) : "out of memory");
		sqlite3_close(dst);
		return -1;
	}
	bk = sqlite3_backup_init(dst, "main", st->db, "main");
	if (!bk) {
		err_set(e, "backup '%s': %s", path, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		unlink(tmp);
		return -1;
	}
	/* one step: in WAL mode the copy reads one snapshot while a crawl
	 * keeps writing; copying in several steps would restart after each
	 * write of another process and might never end during a crawl */
	do {
		rc = sqlite3_backup_step(bk, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		err_set(e, "backup '%s': %s", path, sqlite3_errstr(rc));
		sqlite3_close(dst);
		unlink(tmp);
		return -1;
	}
	/* the copy is a standalone file: no -wal beside it */
	rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE;", NULL, NULL, NULL);
	sqlite3_close(dst);
	if (rc != SQLITE_OK) {
		unlink(tmp);
		return err_set(e, "backup '%s': cannot finish the copy", path);
	}
	if (rename(tmp, path) < 0) {
		store_errno_msg(e, "backup", path);
		unlink(tmp);
		return -1;
	}
	return 0;
}

int store_prune(struct store *st, int64_t before, int64_t *removed,
		struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (removed)
		*removed = 0;
	if (store_begin(st, e) < 0)
		return -1;
	if (sqlite3_prepare_v2(st->db, "DELETE FROM items WHERE first_seen < ?1"
			       " AND story_id NOT IN (SELECT story_id FROM"
			       " digest_items)"
			       " AND id NOT IN (SELECT item_id FROM labels)",
			       -1, &s, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(s, 1, before);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		goto fail;
	if (removed)
		*removed = sqlite3_changes(st->db);
	if (sqlite3_exec(st->db, "DELETE FROM stories WHERE NOT EXISTS"
			 " (SELECT 1 FROM items WHERE story_id = stories.id)",
			 NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return store_commit(st, e);
fail:
	store_db_err(st, e, "prune");
	store_rollback(st, NULL);
	return -1;
}

int store_optimize(struct store *st, int vacuum, struct err *e)
{
	if (store_flush(st, e) < 0)
		return -1;
	if (sqlite3_exec(st->db, "INSERT INTO items_fts(items_fts)"
			 " VALUES ('optimize'); ANALYZE; PRAGMA optimize;",
			 NULL, NULL, NULL) != SQLITE_OK)
		return store_db_err(st, e, "optimize");
	if (vacuum && sqlite3_exec(st->db, "VACUUM;", NULL, NULL, NULL) != SQLITE_OK)
		return store_db_err(st, e, "vacuum");
	return 0;
}

int store_check(struct store *st, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (store_fts_flush(st, e) < 0)
		return -1;
	if (sqlite3_exec(st->db, "INSERT INTO items_fts(items_fts, rank)"
			 " VALUES ('integrity-check', 1);", NULL, NULL,
			 NULL) != SQLITE_OK)
		return store_db_err(st, e, "full-text index");
	if (sqlite3_prepare_v2(st->db, "PRAGMA quick_check", -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "check");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && strcmp(store_col_text(s, 0), "ok")) {
		err_set(e, "database '%s': %s", store_path(st), store_col_text(s, 0));
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : store_db_err(st, e, "check");
}
