/* Stories: the title key, and the story a new item joins (by link,
 * scholarly identifier or title). */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "../util/url.h"
#include "../util/utf8.h"
#include "store_int.h"

/* Story merging by title: the window of news (the default of [settings]
 * story_window), the reach of publications (all time), and the minimum
 * title size that makes a title distinctive enough on its own. */
#define STORY_TITLE_WINDOW (3 * 86400)
#define STORY_ALL_TIME ((int64_t)1 << 40)
/* Items of two feeds sharing a link join one story only when their dates
 * are this close: agendas, job boards and "latest issue" pages reuse one
 * link for years. */
#define STORY_LINK_WINDOW (30 * 86400)
#define STORY_TITLE_MIN_WORDS 4
#define STORY_TITLE_MIN_BYTES 24

#define STR_(x) #x
#define STR(x) STR_(x)

int store_title_distinctive(const char *k)
{
	int words = 1;

	if (strlen(k) < STORY_TITLE_MIN_BYTES)
		return 0;
	for (; *k; k++)
		if (*k == ' ')
			words++;
	return words >= STORY_TITLE_MIN_WORDS;
}

int store_title_weak_key(const struct feed_item *it, const char *k)
{
	return *k && it->nauthors > 0 && ((it->doi && *it->doi) ||
	       (it->arxiv_id && *it->arxiv_id) || (it->hal_id && *it->hal_id));
}

/* The title key of a stored title equals key. */
static int same_title_key(const char *title, const char *key)
{
	struct buf k = BUF_INIT;
	int same;

	if (store_title_key(&k, title) < 0) {
		buf_release(&k);
		return -1;
	}
	same = !strcmp(buf_cstr(&k), key);
	buf_release(&k);
	return same;
}

/* The canonical form of a stored link equals canon. */
static int same_canon(const char *link, const char *canon)
{
	char *c;
	int same;

	if (!link)
		return 0;
	c = url_canonical(link);
	if (!c)
		return 0;
	same = !strcmp(c, canon);
	v_free(c);
	return same;
}

/* Candidates checked per key: beyond that many items sharing a hash but
 * not the text (crafted collisions), the item starts its own story. */
#define STORY_CANDIDATES 8

/* A candidate of the title lookup: its item's date is dist away. */
struct near {
	int64_t story, item, dist;
};

/* Keeps in near[0 .. *n) the STORY_CANDIDATES candidates nearest in time
 * (the earlier item first among equals), nearest first. */
static void near_add(struct near *near, size_t *n, int64_t story,
		     int64_t item, int64_t at, int64_t when)
{
	struct near c;
	size_t i;

	c.story = story;
	c.item = item;
	c.dist = at > when ? at - when : when - at;
	i = *n;
	while (i > 0 && (near[i - 1].dist > c.dist ||
			 (near[i - 1].dist == c.dist && near[i - 1].item > c.item)))
		i--;
	if (i >= STORY_CANDIDATES)
		return;
	if (*n < STORY_CANDIDATES)
		(*n)++;
	memmove(near + i + 1, near + i, (*n - 1 - i) * sizeof *near);
	near[i] = c;
}

/* Whether the item of row s (story_id, link, feed_id, title_hash, date)
 * and a new item with this canonical link, feed, title key and date are
 * one story. A shared link alone is not enough: in one feed, the titles
 * must be the same too (an item republished under a new guid), and
 * across feeds the dates must be within STORY_LINK_WINDOW. */
static int link_joins(sqlite3_stmt *s, const char *canon, int64_t feed_id,
		      const char *tkey, int64_t when)
{
	int64_t at;

	if (!same_canon(store_col_text(s, 1), canon))
		return 0;
	if (sqlite3_column_int64(s, 2) == feed_id)
		return tkey && sqlite3_column_type(s, 3) != SQLITE_NULL &&
		       sqlite3_column_int64(s, 3) == store_key(tkey);
	at = sqlite3_column_int64(s, 4);
	return (at > when ? at - when : when - at) <= STORY_LINK_WINDOW;
}

/* Whether feed_id is of kind publication (cached: a crawl stores a
 * feed's items together). */
static int feed_is_pub(struct store *st, int64_t feed_id, int *pub,
		       struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (st->kind_feed == feed_id) {
		*pub = st->kind_pub;
		return 0;
	}
	if (store_prepare(st, STMT_STORY_FEED_KIND,
			  "SELECT kind = 'publication' FROM feeds WHERE id = ?1",
			  &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, feed_id);
	rc = sqlite3_step(s);
	*pub = rc == SQLITE_ROW && sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_err(st, e, "story");
	st->kind_feed = feed_id;
	st->kind_pub = *pub;
	return 0;
}

/* Whether story holds an item whose identifiers say it is another work
 * than one with this DOI and arXiv id (either may be NULL): another
 * publisher DOI, another arXiv id. 1, 0, or -1 with e set. */
static int story_conflicts(struct store *st, enum store_stmt id,
			   int64_t story, const char *doi, const char *arxiv,
			   struct err *e)
{
	sqlite3_stmt *s;
	int rc, conflict = 0;

	if (!doi && !arxiv)
		return 0;
	if (store_prepare(st, id, "SELECT doi, arxiv_id FROM items"
			  " WHERE story_id = ?1"
			  " AND (doi IS NOT NULL OR arxiv_id IS NOT NULL)",
			  &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, story);
	while (!conflict && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *d = store_col_text(s, 0), *a = store_col_text(s, 1);

		conflict = store_dois_differ(doi, d) ||
			   (arxiv && a && strcmp(arxiv, a));
	}
	if (conflict)
		rc = SQLITE_DONE;
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "story");
	return conflict;
}

/* Whether two stories hold different works by their identifiers. */
static int stories_conflict(struct store *st, int64_t a, int64_t b,
			    struct err *e)
{
	sqlite3_stmt *s;
	int rc, conflict = 0;

	if (store_prepare(st, STMT_STORY_IDS, "SELECT doi, arxiv_id FROM items"
			  " WHERE story_id = ?1"
			  " AND (doi IS NOT NULL OR arxiv_id IS NOT NULL)",
			  &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, b);
	while (conflict == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW)
		conflict = story_conflicts(st, STMT_STORY_IDS2, a,
					   store_col_text(s, 0),
					   store_col_text(s, 1), e);
	if (conflict)
		rc = SQLITE_DONE;
	sqlite3_reset(s);
	if (conflict < 0)
		return -1;
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "story");
	return conflict;
}

int store_merge_stories(struct store *st, int64_t keep, int64_t gone,
			struct err *e)
{
	char sql[640];
	char *msg = NULL;

	/* a digest that carried either half carried the story */
	snprintf(sql, sizeof sql,
		 "UPDATE items SET story_id = %lld WHERE story_id = %lld;"
		 "UPDATE OR IGNORE digest_items SET story_id = %lld"
		 " WHERE story_id = %lld;"
		 "DELETE FROM digest_items WHERE story_id = %lld;"
		 "UPDATE stories SET first_seen = min(first_seen, coalesce("
		 "(SELECT first_seen FROM stories WHERE id = %lld), first_seen))"
		 " WHERE id = %lld;"
		 "DELETE FROM stories WHERE id = %lld;",
		 (long long)keep, (long long)gone, (long long)keep,
		 (long long)gone, (long long)gone, (long long)gone,
		 (long long)keep, (long long)gone);
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, "joining stories: %s", msg ? msg : "failed");
		sqlite3_free(msg);
		return -1;
	}
	st->stories_joined++;
	return 0;
}

/* Whether the item id (a candidate of the title lookup, dist away in
 * time) and the new item are one work. Its row is read only now, for the
 * few candidates the index let through. The title keys must be equal.
 * Beyond the story window, both must be publications (of a publication
 * feed or with a scholarly identifier) with a distinctive title. A weak
 * title (short, or made of the words journals reuse) needs a second
 * signal: an author in common, within the window. Two publications
 * listing authors share at least one family name. */
static int title_joins(struct store *st, int64_t id, const char *key,
		       const char *authors, int scholarly, int weak,
		       int64_t dist, struct err *e)
{
	sqlite3_stmt *s;
	int rc, same = 0, agree = -1, cand = 0;

	if (store_prepare(st, STMT_STORY_TITLE_OF,
			  "SELECT i.title, i.authors, i.doi IS NOT NULL"
			  " OR i.arxiv_id IS NOT NULL OR i.hal_id IS NOT NULL"
			  " OR f.kind = 'publication'"
			  " FROM items i JOIN feeds f ON f.id = i.feed_id"
			  " WHERE i.id = ?1", &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		same = same_title_key(store_col_text(s, 0), key);
		cand = sqlite3_column_int(s, 2);
		if (same > 0 && (weak || (scholarly && cand)))
			agree = store_authors_agree(authors,
						    store_col_text(s, 1));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_err(st, e, "story");
	if (same < 0 || agree == -2)
		return err_set(e, "out of memory");
	if (!same)
		return 0;
	if (dist > st->story_window && !(scholarly && cand && !weak))
		return 0;
	if (weak)
		return agree == 1 && dist <= st->story_window;
	return !(scholarly && cand && agree == 0);
}

/* A title that joins only with a second signal: short, or one of a
 * journal's recurring pieces. */
static int title_weak(const char *tkey)
{
	return !store_title_distinctive(tkey) || store_title_generic(tkey);
}

/* Looks for the story a new item joins; 0 when none. Keys are looked up
 * by hash and confirmed on the text. When the item's identifiers find
 * more than one story, they are one work: the stories are joined. */
int store_find_story(struct store *st, int64_t feed_id, const char *canon,
		     const struct feed_item *it, const char *tkey,
		     const char *authors, int64_t when, int64_t *story,
		     struct err *e)
{
	static const struct { enum store_stmt id; const char *sql; } by_key[] = {
		/* the most recent first: the window below keeps those */
		{ STMT_STORY_CANON, "SELECT story_id, link, feed_id, title_hash,"
		  " coalesce(published, first_seen) FROM items"
		  " WHERE canon_hash = ?1 AND story_id > 0 ORDER BY id DESC"
		  " LIMIT " STR(STORY_CANDIDATES) },
		{ STMT_STORY_DOI, "SELECT story_id FROM items"
		  " WHERE doi = ?1 AND story_id > 0 LIMIT 1" },
		{ STMT_STORY_ARXIV, "SELECT story_id FROM items"
		  " WHERE arxiv_id = ?1 AND story_id > 0 LIMIT 1" },
		{ STMT_STORY_HAL, "SELECT story_id FROM items"
		  " WHERE hal_id = ?1 AND story_id > 0 LIMIT 1" },
	};
	const char *keys[4];
	struct near near[STORY_CANDIDATES];
	sqlite3_stmt *s;
	size_t k, i, n = 0;
	int rc, same, pub, scholarly, weak;
	int64_t found[4] = { 0, 0, 0, 0 };

	keys[0] = canon;
	keys[1] = it->doi && *it->doi ? it->doi : NULL;
	keys[2] = it->arxiv_id && *it->arxiv_id ? it->arxiv_id : NULL;
	keys[3] = it->hal_id && *it->hal_id ? it->hal_id : NULL;
	*story = 0;
	for (k = 0; k < 4; k++) {
		if (!keys[k])
			continue;
		if (store_prepare(st, by_key[k].id, by_key[k].sql, &s, e) < 0)
			return -1;
		if (k == 0)
			sqlite3_bind_int64(s, 1, canon_key(canon));
		else
			store_bind_text(s, 1, keys[k]);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (k == 0 && !link_joins(s, canon, feed_id, tkey, when))
				continue;
			found[k] = sqlite3_column_int64(s, 0);
			break;
		}
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_db_err(st, e, "story");
		if (found[k] && !*story)
			*story = found[k];
	}
	/* an item naming two stories by its identifiers joins them, the
	 * older keeping its id, unless their own identifiers differ */
	for (k = 1; k < 4 && *story; k++) {
		int64_t keep, gone;
		int c;

		if (!found[k] || found[k] == *story)
			continue;
		keep = found[k] < *story ? found[k] : *story;
		gone = found[k] < *story ? *story : found[k];
		c = stories_conflict(st, keep, gone, e);
		if (c < 0)
			return -1;
		if (c)
			continue;
		if (store_merge_stories(st, keep, gone, e) < 0)
			return -1;
		for (i = 0; i < 4; i++)
			if (found[i] == gone)
				found[i] = keep;
		*story = keep;
	}
	if (*story || !tkey)
		return 0;
	if (feed_is_pub(st, feed_id, &pub, e) < 0)
		return -1;
	scholarly = pub || keys[1] || keys[2] || keys[3];
	/* worked out only when it matters: for the window of a publication,
	 * else once a candidate turns up (most items have none) */
	weak = scholarly ? title_weak(tkey) : -1;
	if (store_prepare(st, STMT_STORY_TITLE,
			  /* story_titles is kept exact by triggers and has
			   * what the filter needs; a pending key may be stale
			   * (its item changed or went), so its item says */
			  "SELECT c.story_id, c.item_id, c.at FROM ("
			  "SELECT item_id, at, story_id FROM story_titles"
			  " WHERE title_hash = ?1 AND at BETWEEN ?3 - ?4 AND ?3 + ?4"
			  " AND feed_id <> ?2 AND story_id > 0"
			  " UNION ALL SELECT p.item_id, p.at, i.story_id"
			  " FROM mem.pending_titles p JOIN items i"
			  " ON i.id = p.item_id AND i.title_hash = ?1"
			  " AND coalesce(i.published, i.first_seen) = p.at"
			  " WHERE p.title_hash = ?1"
			  " AND p.at BETWEEN ?3 - ?4 AND ?3 + ?4 AND i.feed_id <> ?2"
			  " AND i.story_id > 0"
			  /* nearest first, chosen below: an ORDER BY here
			   * made SQLite open a temporary b-tree for every
			   * item, 6% of a crawl's main thread (b40) */
			  ") c WHERE NOT EXISTS (SELECT 1 FROM items j WHERE"
			  " j.story_id = c.story_id AND j.feed_id = ?2)",
			  &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, store_key(tkey));
	sqlite3_bind_int64(s, 2, feed_id);
	sqlite3_bind_int64(s, 3, when);
	/* a publication looks whatever the gap: preprint and journal
	 * version are months apart */
	sqlite3_bind_int64(s, 4, scholarly && !weak ? STORY_ALL_TIME :
			   st->story_window);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		near_add(near, &n, sqlite3_column_int64(s, 0),
			 sqlite3_column_int64(s, 1),
			 sqlite3_column_int64(s, 2), when);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "story");
	if (n && weak < 0)
		weak = title_weak(tkey);
	for (i = 0; i < n; i++) {
		same = title_joins(st, near[i].item, tkey, authors, scholarly,
				   weak, near[i].dist, e);
		if (same > 0) {
			int c = story_conflicts(st, STMT_STORY_IDS,
						near[i].story, keys[1], keys[2], e);

			if (c < 0)
				return -1;
			same = !c;
		}
		if (same < 0)
			return -1;
		if (same == 1) {
			*story = near[i].story;
			break;
		}
	}
	return 0;
}

int store_delete_empty_story(struct store *st, int64_t story,
			      struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, STMT_STORY_GC,
			  "DELETE FROM stories WHERE id = ?1 AND NOT EXISTS"
			  " (SELECT 1 FROM items WHERE story_id = ?1)", &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, story);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_db_err(st, e, "story");
}

void store_set_story_window(struct store *st, int64_t seconds)
{
	st->story_window = seconds > 0 ? seconds : STORY_TITLE_WINDOW;
}
