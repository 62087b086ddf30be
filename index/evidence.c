/* The evidence the classifier stored with an item's niche (JSON written by
 * classify/), read back as rows with SQLite's JSON functions so that
 * `veille show` can print it as lines. */
#include <string.h>

#include "store_int.h"

int store_evidence_rows(struct store *st, const char *json,
			int (*cb)(void *ctx, const struct store_evidence *ev),
			void *ctx, struct err *e)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (!json || !*json)
		return 0;
	if (sqlite3_prepare_v2(st->db, "SELECT json_extract(value, '$.kind'),"
			       " json_extract(value, '$.field'),"
			       " json_extract(value, '$.text'),"
			       " json_extract(value, '$.pattern'),"
			       " json_extract(value, '$.points'),"
			       " json_extract(value, '$.weight'),"
			       " json_extract(value, '$.who'),"
			       " json_extract(value, '$.at'),"
			       " json_extract(value, '$.note')"
			       " FROM json_each(?1) WHERE json_valid(?1)"
			       " AND type = 'object'", -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "evidence");
	store_bind_text(s, 1, json);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_evidence ev;

		memset(&ev, 0, sizeof ev);
		ev.kind = store_col_text(s, 0);
		ev.field = store_col_text(s, 1);
		ev.text = store_col_text(s, 2);
		ev.pattern = store_col_text(s, 3);
		ev.points = sqlite3_column_type(s, 4) == SQLITE_NULL ? -1 :
			    sqlite3_column_int64(s, 4);
		ev.weight = sqlite3_column_type(s, 5) == SQLITE_NULL ? -1 :
			    sqlite3_column_int64(s, 5);
		ev.who = store_col_text(s, 6);
		ev.at = store_col_text(s, 7);
		ev.note = store_col_text(s, 8);
		if (cb(ctx, &ev) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_finalize(s);
		return store_db_err(st, e, "evidence");
	}
	sqlite3_finalize(s);
	return 0;
}
