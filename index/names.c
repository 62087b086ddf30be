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

/* Items of each niche, sector or feed, by first sighting: the last 7 and
 * 30 days before now, and all. */
static const char *const count_sql[] = {
	[STORE_NAME_NICHE] = "SELECT x.name, sum(i.first_seen >= ?1),"
		" sum(i.first_seen >= ?2), count(*) FROM item_niches n"
		" JOIN niches x ON x.id = n.niche_id JOIN items i"
		" ON i.id = n.item_id GROUP BY x.name ORDER BY 4 DESC, 1",
	[STORE_NAME_SECTOR] = "SELECT x.name, sum(i.first_seen >= ?1),"
		" sum(i.first_seen >= ?2), count(*) FROM item_sectors n"
		" JOIN sectors x ON x.id = n.sector_id JOIN items i"
		" ON i.id = n.item_id GROUP BY x.name ORDER BY 4 DESC, 1",
	[STORE_NAME_FEED] = "SELECT f.name, coalesce(sum(i.first_seen >= ?1), 0),"
		" coalesce(sum(i.first_seen >= ?2), 0), count(i.id) FROM feeds f"
		" LEFT JOIN items i ON i.feed_id = f.id GROUP BY f.id"
		" ORDER BY 4 DESC, 1",
	[STORE_NAME_LANG] = "SELECT coalesce(i.language, f.language, ''),"
		" sum(i.first_seen >= ?1), sum(i.first_seen >= ?2), count(*)"
		" FROM items i JOIN feeds f ON f.id = i.feed_id GROUP BY 1"
		" ORDER BY 4 DESC, 1",
};

int store_group_counts(struct store *st, enum store_name_kind kind,
		       int64_t now,
		       int (*cb)(void *ctx, const struct store_group_count *c),
		       void *ctx, struct err *e)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, count_sql[kind], -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "counting");
	sqlite3_bind_int64(s, 1, now - 7 * 86400);
	sqlite3_bind_int64(s, 2, now - 30 * 86400);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_group_count c;

		c.name = store_col_text(s, 0);
		c.week = sqlite3_column_int64(s, 1);
		c.month = sqlite3_column_int64(s, 2);
		c.all = sqlite3_column_int64(s, 3);
		if (cb(ctx, &c) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_db_err(st, e, "counting");
}
