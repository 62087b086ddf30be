/* Stories recomputed over the whole history (veille stories --rebuild):
 * every item, in the order it was stored, finds its story again under
 * today's rules, in one transaction. */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/url.h"
#include "store_int.h"

/* Items read at a time: the statement that reads them is done before
 * the items are written. */
#define REBUILD_BATCH 256

struct rb_item {
	int64_t id, feed_id, old, at, first_seen;
	int64_t title_hash;
	int has_hash;
	char *link, *title, *doi, *arxiv, *hal, *authors;
};

static void rb_item_release(struct rb_item *r)
{
	v_free(r->link);
	v_free(r->title);
	v_free(r->doi);
	v_free(r->arxiv);
	v_free(r->hal);
	v_free(r->authors);
	memset(r, 0, sizeof *r);
}

static int dup_col(sqlite3_stmt *s, int i, char **out)
{
	const char *t = store_col_text(s, i);

	*out = NULL;
	if (!t)
		return 0;
	*out = v_strdup(t);
	return *out ? 0 : -1;
}

static int run(struct store *st, const char *sql, struct err *e)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, "rebuilding stories: %s", msg ? msg : "failed");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int count_of(struct store *st, const char *sql, int64_t *n,
		    struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "rebuilding stories");
	rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : store_db_err(st, e, "rebuilding stories");
}

/* Reads up to REBUILD_BATCH items after id *after into v. */
static int read_batch(struct store *st, sqlite3_stmt *s, int64_t after,
		      struct rb_item *v, size_t *n, struct err *e)
{
	int rc;

	*n = 0;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, after);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct rb_item *r = &v[(*n)++];

		r->id = sqlite3_column_int64(s, 0);
		r->feed_id = sqlite3_column_int64(s, 1);
		r->old = sqlite3_column_int64(s, 2);
		r->at = sqlite3_column_int64(s, 3);
		r->first_seen = sqlite3_column_int64(s, 4);
		r->has_hash = sqlite3_column_type(s, 5) != SQLITE_NULL;
		r->title_hash = sqlite3_column_int64(s, 5);
		if (dup_col(s, 6, &r->link) < 0 || dup_col(s, 7, &r->title) < 0 ||
		    dup_col(s, 8, &r->doi) < 0 || dup_col(s, 9, &r->arxiv) < 0 ||
		    dup_col(s, 10, &r->hal) < 0 || dup_col(s, 11, &r->authors) < 0) {
			sqlite3_reset(s);
			return err_set(e, "out of memory");
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_db_err(st, e, "rebuilding stories");
}

/* The story of one item, found again among the items before it. */
static int place(struct store *st, struct rb_item *r, sqlite3_stmt *upd,
		 sqlite3_stmt *reuse, struct err *e)
{
	struct feed_item it;
	char *authors[1];
	char *canon = NULL, *tkey = NULL;
	struct buf k = BUF_INIT;
	int64_t story = 0, hash = 0;
	int rc = 0;

	memset(&it, 0, sizeof it);
	it.link = r->link;
	it.title = r->title;
	it.doi = r->doi;
	it.arxiv_id = r->arxiv;
	it.hal_id = r->hal;
	authors[0] = r->authors;
	it.authors = authors;
	it.nauthors = r->authors && *r->authors ? 1 : 0;
	if ((r->link && url_canonical_checked(r->link, &canon) < 0) ||
	    store_title_key(&k, r->title) < 0) {
		rc = err_set(e, "out of memory");
		goto out;
	}
	if (store_title_distinctive(buf_cstr(&k)) ||
	    store_title_weak_key(&it, buf_cstr(&k))) {
		if (!(tkey = buf_detach(&k, NULL))) {
			rc = err_set(e, "out of memory");
			goto out;
		}
		hash = store_key(tkey);
	}
	if (store_find_story(st, r->feed_id, canon, &it, tkey, r->authors,
			     r->at, &story, e) < 0) {
		rc = -1;
		goto out;
	}
	if (!story) {
		/* a story keeps its id when its first item keeps it */
		sqlite3_reset(reuse);
		sqlite3_bind_int64(reuse, 1, r->old);
		rc = sqlite3_step(reuse);
		if (rc == SQLITE_ROW && sqlite3_column_int(reuse, 0)) {
			story = r->old;
		} else if (rc == SQLITE_ROW) {
			char sql[96];

			snprintf(sql, sizeof sql, "INSERT INTO stories(first_seen)"
				 " VALUES (%lld);", (long long)r->first_seen);
			if (run(st, sql, e) < 0) {
				rc = -1;
				goto out;
			}
			story = sqlite3_last_insert_rowid(st->db);
		} else {
			sqlite3_reset(reuse);
			rc = store_db_err(st, e, "rebuilding stories");
			goto out;
		}
		sqlite3_reset(reuse);
	}
	sqlite3_reset(upd);
	sqlite3_bind_int64(upd, 1, r->id);
	sqlite3_bind_int64(upd, 2, story);
	if (tkey)
		sqlite3_bind_int64(upd, 3, hash);
	else
		sqlite3_bind_null(upd, 3);
	rc = sqlite3_step(upd);
	sqlite3_reset(upd);
	rc = rc == SQLITE_DONE ? 0 : store_db_err(st, e, "rebuilding stories");
out:
	buf_release(&k);
	v_free(canon);
	v_free(tkey);
	return rc;
}

int store_stories_rebuild(struct store *st, int dry_run,
			  void (*progress)(void *ctx, int64_t done, int64_t total),
			  void *ctx, struct store_rebuild *out, struct err *e)
{
	sqlite3_stmt *rd = NULL, *upd = NULL, *reuse = NULL;
	struct rb_item *v;
	size_t n = 0, i;
	int64_t after = 0, done = 0;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (!(v = v_calloc(REBUILD_BATCH, sizeof *v)))
		return err_set(e, "out of memory");
	if (store_begin(st, e) < 0) {
		v_free(v);
		return -1;
	}
	/* items point at stories not made yet until the end */
	if (run(st, "PRAGMA defer_foreign_keys = ON;", e) < 0 ||
	    store_titles_flush(st, e) < 0 ||
	    count_of(st, "SELECT count(*) FROM items", &out->items, e) < 0 ||
	    count_of(st, "SELECT count(*) FROM stories", &out->before, e) < 0 ||
	    run(st, "DROP TABLE IF EXISTS temp.rebuild_old;"
		"CREATE TEMP TABLE rebuild_old(item_id INTEGER PRIMARY KEY,"
		" story_id INTEGER NOT NULL);"
		"INSERT INTO temp.rebuild_old SELECT id, story_id FROM items;"
		/* DOIs stored before they were read right (issue 26) */
		"UPDATE items SET doi = lower(CASE WHEN instr(doi, '?') > 0"
		" THEN substr(doi, 1, instr(doi, '?') - 1) ELSE doi END)"
		" WHERE doi IS NOT NULL AND (doi <> lower(doi)"
		" OR instr(doi, '?') > 0);"
		"UPDATE items SET story_id = 0;", e) < 0)
		goto fail;
	if (sqlite3_prepare_v2(st->db, "SELECT i.id, i.feed_id, o.story_id,"
			       " coalesce(i.published, i.first_seen), i.first_seen,"
			       " i.title_hash, i.link, i.title, i.doi, i.arxiv_id,"
			       " i.hal_id, i.authors FROM items i"
			       " JOIN temp.rebuild_old o ON o.item_id = i.id"
			       " WHERE i.id > ?1 ORDER BY i.id LIMIT "
			       "256", -1, &rd, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "UPDATE items SET story_id = ?2,"
			       " title_hash = ?3 WHERE id = ?1", -1, &upd,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "SELECT EXISTS (SELECT 1 FROM stories"
			       " WHERE id = ?1) AND NOT EXISTS (SELECT 1 FROM"
			       " items WHERE story_id = ?1)", -1, &reuse,
			       NULL) != SQLITE_OK) {
		store_db_err(st, e, "rebuilding stories");
		goto fail;
	}
	st->stories_joined = 0;
	do {
		if (read_batch(st, rd, after, v, &n, e) < 0)
			goto fail;
		for (i = 0; i < n; i++) {
			if (place(st, &v[i], upd, reuse, e) < 0)
				goto fail;
			after = v[i].id;
			rb_item_release(&v[i]);
		}
		done += (int64_t)n;
		if (progress)
			progress(ctx, done, out->items);
	} while (n == REBUILD_BATCH);
	if (run(st, "DELETE FROM stories WHERE NOT EXISTS"
		" (SELECT 1 FROM items WHERE story_id = stories.id);"
		"UPDATE stories SET first_seen = (SELECT min(first_seen)"
		" FROM items WHERE story_id = stories.id)"
		" WHERE first_seen > (SELECT min(first_seen) FROM items"
		" WHERE story_id = stories.id);"
		/* a digest that carried an item's old story carried its new
		 * one: nothing sent is sent again */
		"INSERT OR IGNORE INTO digest_items(digest_id, story_id)"
		" SELECT DISTINCT d.digest_id, i.story_id FROM digest_items d"
		" JOIN temp.rebuild_old o ON o.story_id = d.story_id"
		" JOIN items i ON i.id = o.item_id;"
		"DELETE FROM digest_items WHERE story_id NOT IN"
		" (SELECT id FROM stories);"
		"DELETE FROM stories_rebuild_due;", e) < 0 ||
	    count_of(st, "SELECT count(*) FROM stories", &out->after, e) < 0 ||
	    count_of(st, "SELECT count(*) FROM (SELECT i.story_id FROM items i"
		     " JOIN temp.rebuild_old o ON o.item_id = i.id"
		     " GROUP BY i.story_id HAVING count(DISTINCT o.story_id) > 1)",
		     &out->joined, e) < 0 ||
	    count_of(st, "SELECT count(*) FROM (SELECT o.story_id FROM"
		     " temp.rebuild_old o JOIN items i ON i.id = o.item_id"
		     " GROUP BY o.story_id HAVING count(DISTINCT i.story_id) > 1)",
		     &out->split, e) < 0 ||
	    run(st, "DROP TABLE temp.rebuild_old;", e) < 0)
		goto fail;
	sqlite3_finalize(rd);
	sqlite3_finalize(upd);
	sqlite3_finalize(reuse);
	rd = upd = reuse = NULL;
	if (dry_run) {
		store_rollback(st, NULL);
		rc = 0;
	} else {
		rc = store_commit(st, e);
	}
	v_free(v);
	return rc;
fail:
	for (i = 0; i < n; i++)
		rb_item_release(&v[i]);
	v_free(v);
	sqlite3_finalize(rd);
	sqlite3_finalize(upd);
	sqlite3_finalize(reuse);
	store_rollback(st, NULL);
	return -1;
}

int store_stories_upgrade(struct store *st, struct err *e)
{
	struct store_rebuild r;
	int64_t due = 0;

	if (st->readonly ||
	    count_of(st, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
		     " AND name = 'stories_rebuild_due'", &due, e) < 0)
		return st->readonly ? 0 : -1;
	if (due && count_of(st, "SELECT count(*) FROM stories_rebuild_due",
			    &due, e) < 0)
		return -1;
	if (!due)
		return 0;
	return store_stories_rebuild(st, 0, NULL, NULL, &r, e);
}
