/* The connection's primitives that every file of index/ uses: running
 * statements, the cache of prepared statements, binding and reading values,
 * and errors that name the database. */
#include "store_int.h"

int store_db_err(struct store *st, struct err *e, const char *what)
{
	return err_set(e, "%s: %s", what, sqlite3_errmsg(st->db));
}

int store_exec(struct store *st, const char *sql, struct err *e)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, "database '%s': %s", st->path,
			msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int store_prepare(struct store *st, enum store_stmt id, const char *sql,
		  sqlite3_stmt **out, struct err *e)
{
	if (!st->stmts[id]) {
		if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
				       &st->stmts[id], NULL) != SQLITE_OK) {
			st->stmts[id] = NULL;
			return store_db_err(st, e, "prepare");
		}
	} else {
		sqlite3_reset(st->stmts[id]);
		sqlite3_clear_bindings(st->stmts[id]);
	}
	*out = st->stmts[id];
	return 0;
}

int store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (!v)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

int store_bind_static(sqlite3_stmt *s, int i, const char *v)
{
	if (!v)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

int store_bind_time(sqlite3_stmt *s, int i, int64_t t)
{
	if (t == FEED_NO_DATE)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_int64(s, i, t);
}

int64_t store_col_time(sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return FEED_NO_DATE;
	return sqlite3_column_int64(s, i);
}

const char *store_col_text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}
