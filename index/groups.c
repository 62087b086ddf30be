/* The ids of niches and sectors by name, created on first use and cached
 * on the connection (store_group_id). */
#include <string.h>

#include "../util/alloc.h"
#include "store_int.h"

/* Caches an id when there is room; out of memory only means no cache. */
static int remember_group(struct store *st, int sector, const char *name,
			  int64_t id)
{
	struct store_group *g;

	if (st->ngroups == STORE_GROUPS_CACHED)
		return 0;
	g = &st->groups[st->ngroups];
	if ((g->name = v_strdup(name)) == NULL)
		return 0;
	g->sector = sector;
	g->id = id;
	st->ngroups++;
	return 0;
}

/* The id of the niche or sector called name, created when new. */
int store_group_id(struct store *st, int sector, const char *name,
		   int64_t *id, struct err *e)
{
	sqlite3_stmt *s;
	size_t i;
	int rc;

	for (i = 0; i < st->ngroups; i++)
		if (st->groups[i].sector == sector &&
		    strcmp(st->groups[i].name, name) == 0) {
			*id = st->groups[i].id;
			return 0;
		}
	/* read first: the upsert below writes the row even when it exists,
	 * which was 15% of a crawl's time (one per niche of every item) */
	if (sector ?
	    store_prepare(st, STMT_SECTOR_ID,
			  "SELECT id FROM sectors WHERE name = ?1", &s, e) < 0 :
	    store_prepare(st, STMT_NICHE_ID,
			  "SELECT id FROM niches WHERE name = ?1", &s, e) < 0)
		return -1;
	store_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return remember_group(st, sector, name, *id);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, sector ? "sector" : "niche");
	if (sector ?
	    store_prepare(st, STMT_SECTOR_ENSURE,
			  "INSERT INTO sectors(name) VALUES (?1) ON CONFLICT(name)"
			  " DO UPDATE SET name = name RETURNING id", &s, e) < 0 :
	    store_prepare(st, STMT_NICHE_ENSURE,
			  "INSERT INTO niches(name) VALUES (?1) ON CONFLICT(name)"
			  " DO UPDATE SET name = name RETURNING id", &s, e) < 0)
		return -1;
	store_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? remember_group(st, sector, name, *id) :
	       store_db_err(st, e, sector ? "sector" : "niche");
}
