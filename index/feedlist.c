/* Listing the feeds with their state and item counts (veille feeds, and the
 * fetch pipeline's view of what the database already knows). */
#include <string.h>

#include "store_int.h"

int store_feed_list(struct store *st, int64_t now,
		    int (*cb)(void *ctx, const struct store_feed_row *r),
		    void *ctx, struct err *e)
{
	/* Average per week over the last four weeks: long enough to smooth a
	 * weekly newsletter, short enough to show a feed going quiet. */
	static const char sql[] =
		"SELECT f.id, f.name, f.url, f.kind, f.language, f.title,"
		" f.etag, f.last_modified, f.last_fetch, f.last_status,"
		" f.http_code, f.last_error, f.consecutive_errors, f.next_due,"
		" f.disabled_reason, f.redirects, f.oai_datestamp, f.bytes,"
		" (SELECT count(*) FROM items i WHERE i.feed_id = f.id),"
		" (SELECT count(*) FROM items i WHERE i.feed_id = f.id"
		"  AND i.first_seen >= ?1), f.configured_url, f.last_success, "
		STORE_FEED_TITLE("f") ","
		" coalesce(f.ttfb_ms, -1), coalesce(f.transfer_ms, -1)"
		" FROM feeds f ORDER BY f.name";
	sqlite3_stmt *s = NULL;
	int rc, ret = 0;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "feeds");
	sqlite3_bind_int64(s, 1, now - 28 * 86400);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_feed_state fs;
		struct store_feed_row r;

		memset(&fs, 0, sizeof fs);
		fs.id = sqlite3_column_int64(s, 0);
		fs.name = (char *)store_col_text(s, 1);
		fs.url = (char *)store_col_text(s, 2);
		fs.kind = (char *)store_col_text(s, 3);
		fs.language = (char *)store_col_text(s, 4);
		fs.title = (char *)store_col_text(s, 5);
		fs.etag = (char *)store_col_text(s, 6);
		fs.last_modified = (char *)store_col_text(s, 7);
		fs.last_fetch = sqlite3_column_int64(s, 8);
		fs.last_status = sqlite3_column_int(s, 9);
		fs.http_code = sqlite3_column_int(s, 10);
		fs.last_error = (char *)store_col_text(s, 11);
		fs.consecutive_errors = sqlite3_column_int(s, 12);
		fs.next_due = sqlite3_column_int64(s, 13);
		fs.disabled_reason = (char *)store_col_text(s, 14);
		fs.redirects = sqlite3_column_int(s, 15);
		fs.oai_datestamp = (char *)store_col_text(s, 16);
		fs.bytes = sqlite3_column_int64(s, 17);
		fs.configured_url = (char *)store_col_text(s, 20);
		fs.last_success = sqlite3_column_int64(s, 21);
		fs.ttfb_ms = sqlite3_column_int64(s, 23);
		fs.transfer_ms = sqlite3_column_int64(s, 24);
		r.fs = &fs;
		r.items = sqlite3_column_int64(s, 18);
		r.items_per_week = (double)sqlite3_column_int64(s, 19) / 4.0;
		r.feed_title = store_col_text(s, 22);
		ret = cb(ctx, &r);
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = store_db_err(st, e, "feeds");
	sqlite3_finalize(s);
	return ret;
}
