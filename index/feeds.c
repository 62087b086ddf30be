/* The feeds' rows: created from the configuration, moved, and their
 * crawl state (validators, health, due time, coverage) read and written. */
#include <string.h>

#include "../util/alloc.h"
#include "store_int.h"

int store_feed_ensure(struct store *st, const char *name, const char *url,
		      const char *kind, const char *language, int64_t *feed_id,
		      struct err *e)
{
	sqlite3_stmt *s;

	if (store_prepare(st, STMT_FEED_ENSURE,
			  "INSERT INTO feeds(name, url, kind, language)"
			  " VALUES (?1, ?2, coalesce(?3, 'news'), ?4)"
			  " ON CONFLICT(name) DO UPDATE SET"
			  " url = CASE WHEN coalesce(configured_url, url) = ?2"
			  "  THEN url ELSE ?2 END,"
			  " configured_url = CASE WHEN coalesce(configured_url, url)"
			  "  = ?2 THEN configured_url ELSE NULL END,"
			  " kind = coalesce(?3, kind), language = ?4"
			  " RETURNING id", &s, e) < 0)
		return -1;
	store_bind_text(s, 1, name);
	store_bind_text(s, 2, url ? url : "");
	store_bind_text(s, 3, kind);
	store_bind_text(s, 4, language);
	if (sqlite3_step(s) != SQLITE_ROW) {
		store_db_err(st, e, "feed");
		sqlite3_reset(s);
		return -1;
	}
	if (feed_id)
		*feed_id = sqlite3_column_int64(s, 0);
	while (sqlite3_step(s) == SQLITE_ROW)
		;
	sqlite3_reset(s);
	return 0;
}

int store_feed_move(struct store *st, int64_t feed_id, const char *url,
		    struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, STMT_FEED_MOVE,
			  "UPDATE feeds SET configured_url ="
			  " coalesce(configured_url, url), url = ?2 WHERE id = ?1",
			  &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, feed_id);
	store_bind_text(s, 2, url);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "feed url");
	return 0;
}

int store_feed_cover(struct store *st, int64_t feed_id, int64_t t,
		     struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "UPDATE feeds SET coverage_start ="
			       " coalesce(coverage_start, ?2) WHERE id = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "feed coverage");
	sqlite3_bind_int64(s, 1, feed_id);
	sqlite3_bind_int64(s, 2, t);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "feed coverage");
	return 0;
}

static char *dup_col(sqlite3_stmt *s, int i, int *oom)
{
	const char *t = store_col_text(s, i);
	char *d;

	if (!t)
		return NULL;
	d = v_strdup(t);
	if (!d)
		*oom = 1;
	return d;
}

void store_feed_state_release(struct store_feed_state *fs)
{
	v_free(fs->name);
	v_free(fs->url);
	v_free(fs->kind);
	v_free(fs->language);
	v_free(fs->title);
	v_free(fs->etag);
	v_free(fs->last_modified);
	v_free(fs->last_error);
	v_free(fs->disabled_reason);
	v_free(fs->oai_datestamp);
	v_free(fs->configured_url);
	memset(fs, 0, sizeof *fs);
}

int store_feed_get(struct store *st, const char *name,
		   struct store_feed_state *fs, struct err *e)
{
	sqlite3_stmt *s;
	int rc, oom = 0;

	memset(fs, 0, sizeof *fs);
	if (store_prepare(st, STMT_FEED_GET,
			  "SELECT id, name, url, kind, language, title, etag,"
			  " last_modified, last_fetch, last_status, http_code,"
			  " last_error, consecutive_errors, next_due,"
			  " disabled_reason, redirects, oai_datestamp, bytes,"
			  " configured_url, last_success,"
			  " coalesce(ttfb_ms, -1), coalesce(transfer_ms, -1)"
			  " FROM feeds WHERE name = ?1", &s, e) < 0)
		return -1;
	store_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	if (rc != SQLITE_ROW) {
		store_db_err(st, e, "feed");
		sqlite3_reset(s);
		return -1;
	}
	fs->id = sqlite3_column_int64(s, 0);
	fs->name = dup_col(s, 1, &oom);
	fs->url = dup_col(s, 2, &oom);
	fs->kind = dup_col(s, 3, &oom);
	fs->language = dup_col(s, 4, &oom);
	fs->title = dup_col(s, 5, &oom);
	fs->etag = dup_col(s, 6, &oom);
	fs->last_modified = dup_col(s, 7, &oom);
	fs->last_fetch = sqlite3_column_int64(s, 8);
	fs->last_status = sqlite3_column_int(s, 9);
	fs->http_code = sqlite3_column_int(s, 10);
	fs->last_error = dup_col(s, 11, &oom);
	fs->consecutive_errors = sqlite3_column_int(s, 12);
	fs->next_due = sqlite3_column_int64(s, 13);
	fs->disabled_reason = dup_col(s, 14, &oom);
	fs->redirects = sqlite3_column_int(s, 15);
	fs->oai_datestamp = dup_col(s, 16, &oom);
	fs->bytes = sqlite3_column_int64(s, 17);
	fs->configured_url = dup_col(s, 18, &oom);
	fs->last_success = sqlite3_column_int64(s, 19);
	fs->ttfb_ms = sqlite3_column_int64(s, 20);
	fs->transfer_ms = sqlite3_column_int64(s, 21);
	sqlite3_reset(s);
	if (oom) {
		store_feed_state_release(fs);
		return err_set(e, "out of memory");
	}
	return 1;
}

int store_feed_update(struct store *st, const struct store_feed_state *fs,
		      struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, STMT_FEED_UPDATE,
			  "UPDATE feeds SET title = ?2, etag = ?3,"
			  " last_modified = ?4, last_fetch = ?5,"
			  " last_status = ?6, http_code = ?7, last_error = ?8,"
			  " consecutive_errors = ?9, next_due = ?10,"
			  " disabled_reason = ?11, redirects = ?12,"
			  " oai_datestamp = ?13, bytes = ?14, last_success = ?15,"
			  " coverage_start = coalesce(coverage_start, ?15),"
			  " ttfb_ms = ?16, transfer_ms = ?17"
			  " WHERE id = ?1",
			  &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, fs->id);
	store_bind_text(s, 2, fs->title);
	store_bind_text(s, 3, fs->etag);
	store_bind_text(s, 4, fs->last_modified);
	sqlite3_bind_int64(s, 5, fs->last_fetch);
	sqlite3_bind_int(s, 6, fs->last_status);
	sqlite3_bind_int(s, 7, fs->http_code);
	store_bind_text(s, 8, fs->last_error);
	sqlite3_bind_int(s, 9, fs->consecutive_errors);
	sqlite3_bind_int64(s, 10, fs->next_due);
	store_bind_text(s, 11, fs->disabled_reason);
	sqlite3_bind_int(s, 12, fs->redirects);
	store_bind_text(s, 13, fs->oai_datestamp);
	sqlite3_bind_int64(s, 14, fs->bytes);
	if (fs->last_success > 0)
		sqlite3_bind_int64(s, 15, fs->last_success);
	else
		sqlite3_bind_null(s, 15);
	if (fs->ttfb_ms >= 0)
		sqlite3_bind_int64(s, 16, fs->ttfb_ms);
	else
		sqlite3_bind_null(s, 16);
	if (fs->transfer_ms >= 0)
		sqlite3_bind_int64(s, 17, fs->transfer_ms);
	else
		sqlite3_bind_null(s, 17);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "feed state");
	if (sqlite3_changes(st->db) == 0)
		return err_set(e, "no feed with id %lld", (long long)fs->id);
	return 0;
}
