/* The names `veille search` filters by, checked against the database so
 * that a misspelt filter is an error with a suggestion, not an empty
 * result. */
#include <string.h>

#include "store_int.h"

static const struct {
	const char *known, *all;
} name_sql[] = {
	[STORE_NAME_NICHE] = { "SELECT 1 FROM niches WHERE name = ?1",
			       "SELECT name FROM niches ORDER BY name" },
	[STORE_NAME_SECTOR] = { "SELECT 1 FROM sectors WHERE name = ?1",
				"SELECT name FROM sectors ORDER BY name" },
	[STORE_NAME_FEED] = { "SELECT 1 FROM feeds WHERE name = ?1",
			      "SELECT name FROM feeds ORDER BY name" },
	/* the feeds' first: an item's own language is rarely another */
	[STORE_NAME_LANG] = { "SELECT 1 FROM feeds WHERE language = ?1 UNION ALL"
			      " SELECT 1 FROM items WHERE language = ?1 LIMIT 1",
			      "SELECT language FROM feeds WHERE language IS NOT"
			      " NULL UNION SELECT language FROM items WHERE"
			      " language IS NOT NULL ORDER BY 1" },
};

int store_name_known(struct store *st, enum store_name_kind kind,
		     const char *name, struct buf *names, struct err *e)
{
	sqlite3_stmt *s = NULL;
	int rc, known;

	if (sqlite3_prepare_v2(st->db, name_sql[kind].known, -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "checking a filter");
	store_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_err(st, e, "checking a filter");
	known = rc == SQLITE_ROW;
	if (known || !names)
		return known;
	if (sqlite3_prepare_v2(st->db, name_sql[kind].all, -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "checking a filter");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = store_col_text(s, 0);

		if (t && (buf_addstr(names, t) < 0 || buf_addch(names, 0) < 0)) {
			sqlite3_finalize(s);
			return err_set(e, "out of memory");
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_db_err(st, e, "checking a filter");
}
