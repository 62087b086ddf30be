/* Full-text search over items_fts with filters, story collapsing and a
 * rank that blends bm25 (title > summary > content) with recency. The
 * match expression and every filter value are bound, never pasted.
 *
 * Every hit is ranked and filtered from the items_hit index (no item row
 * read), and only the best are sorted; only the results shown read their
 * rows, and their snippets come from a MATCH seeking each of them (or, for
 * a prefix query, one MATCH over a chunk of results). */
#include <string.h>

#include "../util/alloc.h"
#include "store_int.h"

/* bm25 column weights: title, summary, content, authors, feed; bm25
 * saturates a word's count, so the weights alone let a summary match
 * outrank a title match: a match in the title doubles the score (the
 * title-only bm25 is below 0 exactly when the title matches). Then
 * recency: a month old halves it. */
#define RANK_EXPR \
	"bm25(items_fts, 10.0, 4.0, 1.0, 3.0, 1.0)" \
	" * (1 + (bm25(items_fts, 1.0, 0.0, 0.0, 0.0, 0.0) < 0))" \
	" / (1.0 + max(0, ?2 - " STORE_ITEM_AT("k") ")" \
	" / 2592000.0)"

/* Results completed together; a prefix query reads their snippets with
 * one query (parameters ?6 to ?37). */
#define CHUNK 32

/* The hits of q, filtered: " FROM ... WHERE ...", items aliased k. */
static int build_from(struct buf *b, const struct store_search *q)
{
	int filter_feed = q->feed || q->kind || q->lang;
	size_t k;
	int rc = 0;

	rc |= buf_addstr(b, " FROM items_fts"
			 " JOIN items k INDEXED BY items_hit"
			 " ON k.id = items_fts.rowid");
	if (filter_feed)
		rc |= buf_addstr(b, " JOIN feeds f ON f.id = k.feed_id");
	rc |= buf_addstr(b, " WHERE items_fts MATCH ?1");
	if (q->exact && *q->exact)
		rc |= buf_addstr(b, " AND veille_exact(items_fts, ?60)");
	if (q->feed)
		rc |= buf_addstr(b, " AND f.name = ?3");
	if (q->kind)
		rc |= buf_addstr(b, " AND f.kind = ?4");
	if (q->lang)
		rc |= buf_addstr(b, " AND coalesce(k.language, f.language) = ?5");
	if (q->since != FEED_NO_DATE)
		rc |= buf_addstr(b, " AND " STORE_ITEM_AT("k") " >= ?6");
	if (q->until != FEED_NO_DATE)
		rc |= buf_addstr(b, " AND " STORE_ITEM_AT("k") " < ?7");
	if (q->nniches) {
		rc |= buf_addstr(b, " AND EXISTS (SELECT 1 FROM item_niches n"
				 " JOIN niches x ON x.id = n.niche_id"
				 " WHERE n.item_id = k.id AND x.name IN (");
		for (k = 0; k < q->nniches; k++)
			rc |= buf_addf(b, "%s?%zu", k ? ", " : "", 10 + k);
		rc |= buf_addstr(b, "))");
	}
	if (q->nsectors) {
		rc |= buf_addstr(b, " AND EXISTS (SELECT 1 FROM item_sectors n"
				 " JOIN sectors x ON x.id = n.sector_id"
				 " WHERE n.item_id = k.id AND x.name IN (");
		for (k = 0; k < q->nsectors; k++)
			rc |= buf_addf(b, "%s?%zu", k ? ", " : "", 70 + k);
		rc |= buf_addstr(b, "))");
	}
	if (q->region)
		rc |= buf_addstr(b, " AND EXISTS (SELECT 1 FROM item_sectors n"
				 " JOIN sectors x ON x.id = n.sector_id"
				 " WHERE n.item_id = k.id AND x.name = ?50)");
	return rc;
}

/* The ranked hits as (id, story_id, d, r). By rank, one per story: the
 * hits in rank order, and store_search() keeps each story's first (its
 * best); SQLite sorts once instead of grouping then sorting, and keeps
 * only the first ?8 after ?9 (a top-N sort: sorting every hit of a common
 * word cost more than ranking them), the id making the order total so that
 * a second pass over the following rows continues where the first ended.
 * By date, or with all items: SQLite groups, sorts and pages. */
static int build_sql(struct buf *b, const struct store_search *q, int dedup)
{
	const char *order = q->sort == STORE_SORT_DATE ? " ORDER BY d DESC, r"
				  : dedup ? " ORDER BY r, d DESC, id"
					  : " ORDER BY r, d DESC";
	int group = !q->all_items && !dedup;
	int rc = 0;

	/* bm25() only works where the MATCH is: to group, every hit is
	 * ranked in a materialised CTE first, then each story keeps its
	 * best (SQLite takes the bare columns from the row holding min(r)) */
	if (group)
		rc |= buf_addstr(b, "WITH h AS MATERIALIZED (");
	rc |= buf_addstr(b, "SELECT k.id AS id, k.story_id AS story_id,"
			 " " STORE_ITEM_AT("k") " AS d, "
			 RANK_EXPR " AS r");
	rc |= build_from(b, q);
	if (group)
		rc |= buf_addstr(b, ") SELECT id, story_id, d, min(r) AS r FROM h"
				 " GROUP BY story_id");
	rc |= buf_addstr(b, order);
	rc |= buf_addstr(b, " LIMIT ?8 OFFSET ?9");
	return rc ? -1 : 0;
}

/* The stories already given (or skipped by the offset): open addressing
 * over story ids, which are > 0. */
struct seen {
	int64_t *v;
	size_t cap, n;
};

/* Adds id; 1 when new, 0 when already there, -1 when out of memory. */
static int seen_add(struct seen *s, int64_t id)
{
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 256, j;
		int64_t *v = v_calloc(cap, sizeof *v);

		if (!v)
			return -1;
		for (j = 0; j < s->cap; j++) {
			if (!s->v[j])
				continue;
			for (i = (size_t)s->v[j] & (cap - 1); v[i]; i = (i + 1) & (cap - 1))
				;
			v[i] = s->v[j];
		}
		v_free(s->v);
		s->v = v;
		s->cap = cap;
	}
	for (i = (size_t)id & (s->cap - 1); s->v[i]; i = (i + 1) & (s->cap - 1))
		if (s->v[i] == id)
			return 0;
	s->v[i] = id;
	s->n++;
	return 1;
}

/* One result waiting for its snippet: copies of the row's text. */
struct pend {
	struct store_hit h;
	char *title, *link, *feed, *feed_title, *kind, *snippet, *date_source;
};

static void pend_clear(struct pend *p)
{
	v_free(p->title);
	v_free(p->link);
	v_free(p->feed);
	v_free(p->feed_title);
	v_free(p->kind);
	v_free(p->snippet);
	v_free(p->date_source);
	memset(p, 0, sizeof *p);
}

static int dup_text(sqlite3_stmt *s, int col, char **out)
{
	const char *t = store_col_text(s, col);

	*out = NULL;
	if (!t)
		return 0;
	*out = v_strdup(t);
	return *out ? 0 : -1;
}

static int one_text(struct store *st, sqlite3_stmt **s, const char *sql,
		    int64_t a, int64_t b, struct buf *out, struct err *e)
{
	int rc;

	buf_reset(out);
	if (!*s && sqlite3_prepare_v2(st->db, sql, -1, s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "search");
	sqlite3_reset(*s);
	sqlite3_bind_int64(*s, 1, a);
	sqlite3_bind_int64(*s, 2, b);
	rc = sqlite3_step(*s);
	if (rc == SQLITE_ROW && sqlite3_column_text(*s, 0) &&
	    buf_addstr(out, store_col_text(*s, 0)) < 0)
		return err_set(e, "out of memory");
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_err(st, e, "search");
	sqlite3_reset(*s);
	return rc == SQLITE_ROW && out->len > 0;
}

/* 1 when the FTS5 expression m has a prefix term (a '*' outside quotes). */
static int has_prefix(const char *m)
{
	int quoted = 0;

	for (; *m; m++) {
		if (*m == '"')
			quoted = !quoted;
		else if (*m == '*' && !quoted)
			return 1;
	}
	return 0;
}

/* A result's snippet shows a word the query matched: from the summary
 * when it holds one (the title is shown anyway, the summary says more),
 * else from the title (SNIPPETS, picked by pick_snippet), else from the
 * column that matched best (SNIPPET_BEST, read only then: it may
 * tokenize the whole content). ?2 and ?3 are the markers. */
#define SNIP(col) "snippet(items_fts, " col ", ?2, ?3, '…', 16)"
#define SNIPPETS SNIP("1") ", " SNIP("0")
#define SNIPPET_BEST "coalesce(nullif(" SNIP("-1") ", ''), " SNIP("1") ")"

/* Keeps the first of columns col and col + 1 of s holding the open
 * marker; 1 when neither does (the best column's is wanted), -1 when out
 * of memory. */
static int pick_snippet(sqlite3_stmt *s, int col, const char *mark,
			char **out)
{
	int k;

	for (k = col; k <= col + 1; k++) {
		const char *t = store_col_text(s, k);

		if (t && (!mark || !*mark || strstr(t, mark)))
			return dup_text(s, k, out);
	}
	return 1;
}

/* Prepares *s from sql once, and binds the match (?1) and markers. */
static int snippet_stmt(struct store *st, sqlite3_stmt **s, const char *sql,
			const struct store_search *q, struct err *e)
{
	if (!*s && sqlite3_prepare_v2(st->db, sql, -1, s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "search");
	sqlite3_reset(*s);
	sqlite3_clear_bindings(*s);
	store_bind_text(*s, 1, q->match);
	store_bind_text(*s, 2, q->mark_open ? q->mark_open : "");
	store_bind_text(*s, 3, q->mark_close ? q->mark_close : "");
	return 0;
}

/* Reads the snippet of the column that matched best of item id into
 * *out: 0, or -1 with e set. */
static int best_snippet(struct store *st, sqlite3_stmt **s,
			const struct store_search *q, int64_t id, char **out,
			struct err *e)
{
	static const char sql[] = "SELECT " SNIPPET_BEST " FROM items_fts"
				  " WHERE items_fts MATCH ?1 AND rowid = ?4";
	int rc;

	if (snippet_stmt(st, s, sql, q, e) < 0)
		return -1;
	sqlite3_bind_int64(*s, 4, id);
	rc = sqlite3_step(*s);
	if (rc == SQLITE_ROW && dup_text(*s, 0, out) < 0) {
		sqlite3_reset(*s);
		return err_set(e, "out of memory");
	}
	sqlite3_reset(*s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
						    : store_db_err(st, e, "search");
}

/* Reads the snippets of the n results in p, one MATCH per result: FTS5
 * seeks to each rowid through the doclist indexes, where a range over
 * their ids would test every hit in between (reading the position lists
 * of each for a phrase or NEAR). */
static int snippets_each(struct store *st, sqlite3_stmt **s,
			 const struct store_search *q, struct pend *p,
			 size_t n, struct err *e)
{
	static const char sql[] = "SELECT " SNIPPETS " FROM items_fts"
				  " WHERE items_fts MATCH ?1 AND rowid = ?4";
	size_t i;
	int rc = SQLITE_DONE, picked;

	if (snippet_stmt(st, &s[0], sql, q, e) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		sqlite3_reset(s[0]);
		sqlite3_bind_int64(s[0], 4, p[i].h.item_id);
		rc = sqlite3_step(s[0]);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			break;
		picked = rc == SQLITE_ROW ? pick_snippet(s[0], 0, q->mark_open,
							 &p[i].snippet) : 0;
		if (picked < 0) {
			sqlite3_reset(s[0]);
			return err_set(e, "out of memory");
		}
		if (picked == 1 && best_snippet(st, &s[1], q, p[i].h.item_id,
						&p[i].snippet, e) < 0) {
			sqlite3_reset(s[0]);
			return -1;
		}
	}
	sqlite3_reset(s[0]);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
						    : store_db_err(st, e, "search");
}

/* Reads the snippets of the n results in p with one MATCH over the range
 * of their ids. For a prefix query: FTS5 merges the doclists of every
 * term with the prefix before a seek, so one walk beats one per result. */
static int snippets_range(struct store *st, sqlite3_stmt **s,
			  const struct store_search *q, struct pend *p,
			  size_t n, struct err *e)
{
	static const char sql[] =
		"SELECT rowid, " SNIPPETS " FROM items_fts"
		" WHERE items_fts MATCH ?1"
		" AND rowid BETWEEN ?4 AND ?5 AND +rowid IN (?6, ?7, ?8, ?9,"
		" ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,"
		" ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33,"
		" ?34, ?35, ?36, ?37)";
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	size_t i;
	int rc;

	_Static_assert(CHUNK == 32, "one parameter per result of a chunk");
	if (snippet_stmt(st, s, sql, q, e) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		int64_t id = p[i].h.item_id;
		lo = id < lo ? id : lo;
		hi = id > hi ? id : hi;
		sqlite3_bind_int64(*s, (int)(6 + i), id);
	}
	sqlite3_bind_int64(*s, 4, lo);
	sqlite3_bind_int64(*s, 5, hi);
	while ((rc = sqlite3_step(*s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(*s, 0);
		for (i = 0; i < n; i++) {
			if (p[i].h.item_id != id || p[i].snippet)
				continue;
			if (pick_snippet(*s, 1, q->mark_open,
					 &p[i].snippet) < 0) {
				sqlite3_reset(*s);
				return err_set(e, "out of memory");
			}
		}
	}
	sqlite3_reset(*s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "search");
	for (i = 0; i < n; i++)
		if (!p[i].snippet && best_snippet(st, &s[1], q, p[i].h.item_id,
						  &p[i].snippet, e) < 0)
			return -1;
	return 0;
}

struct run {
	struct store *st;
	const struct store_search *q;
	int (*cb)(void *ctx, const struct store_hit *h);
	void *ctx;
	sqlite3_stmt *s_row, *s_snip[2], *s_niche, *s_other;
	int prefix;		/* the match has a prefix term */
	struct buf niches, others;
	struct pend p[CHUNK];
	size_t n;
};

/* Reads the texts of a result from its item row. */
static int row_text(struct run *r, struct pend *p, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (!r->s_row &&
	    sqlite3_prepare_v2(r->st->db, "SELECT i.title, i.link, f.name, f.kind,"
			       " i.item_date, i.first_seen, i.given_date, "
			       STORE_DATE_SOURCE("i") ", " STORE_FEED_TITLE("f")
			       " FROM items i JOIN feeds f ON f.id = i.feed_id"
			       " WHERE i.id = ?1", -1, &r->s_row,
			       NULL) != SQLITE_OK)
		return store_db_err(r->st, e, "search");
	s = r->s_row;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, p->h.item_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW &&
	    (dup_text(s, 0, &p->title) < 0 || dup_text(s, 1, &p->link) < 0 ||
	     dup_text(s, 2, &p->feed) < 0 || dup_text(s, 3, &p->kind) < 0 ||
	     dup_text(s, 7, &p->date_source) < 0 ||
	     dup_text(s, 8, &p->feed_title) < 0)) {
		sqlite3_reset(s);
		return err_set(e, "out of memory");
	}
	if (rc == SQLITE_ROW) {
		p->h.item_date = store_col_time(s, 4);
		p->h.first_seen = sqlite3_column_int64(s, 5);
		p->h.claimed_date = p->h.item_date == FEED_NO_DATE ?
			store_col_time(s, 6) : FEED_NO_DATE;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_db_err(r->st, e, "search");
	return 0;
}

/* Completes and hands over the results waiting in r; returns 0, the
 * callback's non-zero value, or -1. */
static int flush(struct run *r, struct err *e)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < r->n && rc == 0; i++)
		rc = row_text(r, &r->p[i], e);
	if (rc == 0 && r->n &&
	    (r->prefix ? snippets_range(r->st, r->s_snip, r->q, r->p, r->n, e)
		       : snippets_each(r->st, r->s_snip, r->q, r->p, r->n, e)) < 0)
		rc = -1;
	for (i = 0; i < r->n && rc == 0; i++) {
		struct store_hit *h = &r->p[i].h;

		if (one_text(r->st, &r->s_niche, "SELECT group_concat(name, ',')"
			     " FROM (SELECT x.name FROM item_niches n JOIN"
			     " niches x ON x.id = n.niche_id WHERE n.item_id = ?1"
			     " AND ?2 = ?2 ORDER BY n.score DESC, x.name)",
			     h->item_id, 0, &r->niches, e) < 0 ||
		    one_text(r->st, &r->s_other, "SELECT group_concat(t, ', ')"
			     " FROM (SELECT DISTINCT " STORE_FEED_TITLE("f")
			     " AS t FROM items i JOIN"
			     " feeds f ON f.id = i.feed_id WHERE i.story_id = ?1"
			     " AND i.id <> ?2 ORDER BY t)", h->story_id,
			     h->item_id, &r->others, e) < 0) {
			rc = -1;
			break;
		}
		h->title = r->p[i].title;
		h->link = r->p[i].link;
		h->feed = r->p[i].feed;
		h->feed_title = r->p[i].feed_title;
		h->kind = r->p[i].kind;
		h->date_source = r->p[i].date_source;
		h->snippet = r->p[i].snippet ? r->p[i].snippet : "";
		h->niches = r->niches.len ? buf_cstr(&r->niches) : NULL;
		h->other_feeds = r->others.len ? buf_cstr(&r->others) : NULL;
		rc = r->cb(r->ctx, h);
	}
	for (i = 0; i < r->n; i++)
		pend_clear(&r->p[i]);
	r->n = 0;
	return rc;
}

/* Rows of hits the first pass of the deduplicating query reads for limit
 * results after skip (-1: all): most stories have one item, so twice as
 * many and a margin usually do. When they do not (a few stories with many
 * items among the best hits, such as a feed whose items all link to one
 * page), the second pass reads all the rest: each pass ranks every hit
 * again, so more passes, growing, could cost several times one full sort. */
static int64_t first_pass(int64_t limit, int64_t skip)
{
	if (limit <= 0 || limit > INT64_MAX / 8 || skip > INT64_MAX / 8)
		return -1;
	return 2 * (limit + skip) + 16;
}

/* Binds the match, now and the filters of build_from(). */
static void bind_filters(sqlite3_stmt *s, const struct store_search *q)
{
	size_t k;

	store_bind_text(s, 1, q->match);
	sqlite3_bind_int64(s, 2, q->now);
	store_bind_text(s, 3, q->feed);
	store_bind_text(s, 4, q->kind);
	store_bind_text(s, 5, q->lang);
	store_bind_time(s, 6, q->since);
	store_bind_time(s, 7, q->until);
	if (q->exact && *q->exact)
		store_bind_text(s, 60, q->exact);
	for (k = 0; k < q->nniches; k++)
		store_bind_text(s, (int)(10 + k), q->niches[k]);
	for (k = 0; k < q->nsectors; k++)
		store_bind_text(s, (int)(70 + k), q->sectors[k]);
	if (q->region)
		store_bind_text(s, 50, q->region);
}

int store_search_count(struct store *st, const struct store_search *q,
		       int64_t *total, struct err *e)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *s = NULL;
	int rc;

	*total = 0;
	if (!q->match || !*q->match)
		return err_set(e, "empty query");
	if (buf_addstr(&sql, q->all_items ? "SELECT count(*)"
		       : "SELECT count(DISTINCT k.story_id)") < 0 ||
	    build_from(&sql, q) < 0) {
		buf_release(&sql);
		return err_set(e, "out of memory");
	}
	rc = sqlite3_prepare_v2(st->db, buf_cstr(&sql), -1, &s, NULL);
	buf_release(&sql);
	if (rc != SQLITE_OK)
		return store_db_err(st, e, "count");
	bind_filters(s, q);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*total = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : store_db_err(st, e, "count");
}

int store_search(struct store *st, const struct store_search *q,
		 int (*cb)(void *ctx, const struct store_hit *h), void *ctx,
		 struct err *e)
{
	struct buf sql = BUF_INIT;
	struct run r;
	struct seen seen = { NULL, 0, 0 };
	sqlite3_stmt *s = NULL;
	size_t k;
	int rc, n = 0, ret = -1, dedup, txn = 0, done = 0;
	int64_t skip = q->offset > 0 ? q->offset : 0;
	int64_t taken = 0, pass;	/* rows read; rows a pass may read */

	if (!q->match || !*q->match)
		return err_set(e, "empty query");
	if (store_fts_flush(st, e) < 0)
		return -1;
	memset(&r, 0, sizeof r);
	r.niches = (struct buf)BUF_INIT;
	r.others = (struct buf)BUF_INIT;
	r.st = st;
	r.q = q;
	r.cb = cb;
	r.ctx = ctx;
	r.prefix = has_prefix(q->match);
	dedup = !q->all_items && q->sort != STORE_SORT_DATE;
	if (build_sql(&sql, q, dedup) < 0) {
		err_set(e, "out of memory");
		goto out;
	}
	/* passes after the first must see the rows the first saw */
	if (dedup && sqlite3_get_autocommit(st->db)) {
		if (sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
			store_db_err(st, e, "search");
			goto out;
		}
		txn = 1;
	}
	if (sqlite3_prepare_v2(st->db, buf_cstr(&sql), -1, &s, NULL) != SQLITE_OK) {
		store_db_err(st, e, "query");
		goto out;
	}
	bind_filters(s, q);
	if (!dedup) {
		sqlite3_bind_int64(s, 8, q->limit > 0 ? q->limit : -1);
		sqlite3_bind_int64(s, 9, skip);
	}
	pass = dedup ? first_pass(q->limit, skip) : -1;
	do {
		int64_t got = 0;

		if (dedup) {
			sqlite3_reset(s);
			sqlite3_bind_int64(s, 8, pass);
			sqlite3_bind_int64(s, 9, taken);
		}
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			struct pend *p;

			got++;
			if (dedup) {
				int added = seen_add(&seen, sqlite3_column_int64(s, 1));

				taken++;
				if (added < 0) {
					err_set(e, "out of memory");
					goto out;
				}
				if (!added)
					continue;
				if (skip > 0) {
					skip--;
					continue;
				}
			}
			p = &r.p[r.n++];
			p->h.item_id = sqlite3_column_int64(s, 0);
			p->h.story_id = sqlite3_column_int64(s, 1);
			p->h.date = sqlite3_column_int64(s, 2);
			p->h.rank = sqlite3_column_double(s, 3);
			n++;
			if (r.n == CHUNK && (rc = flush(&r, e)) != 0) {
				ret = rc;
				goto out;
			}
			if (dedup && q->limit > 0 && n >= q->limit) {
				rc = SQLITE_DONE;
				done = 1;
				break;
			}
		}
		if (rc != SQLITE_DONE) {
			if (strstr(sqlite3_errmsg(st->db), "fts5") ||
			    strstr(sqlite3_errmsg(st->db), "syntax"))
				err_set(e, "query: %s", sqlite3_errmsg(st->db));
			else
				store_db_err(st, e, "search");
			goto out;
		}
		/* a pass that read all it could may have left stories behind */
		done |= pass < 0 || got < pass;
		pass = -1;
	} while (!done);
	if ((rc = flush(&r, e)) != 0) {
		ret = rc;
		goto out;
	}
	ret = n;
out:
	for (k = 0; k < r.n; k++)
		pend_clear(&r.p[k]);
	v_free(seen.v);
	sqlite3_finalize(s);
	sqlite3_finalize(r.s_row);
	sqlite3_finalize(r.s_snip[0]);
	sqlite3_finalize(r.s_snip[1]);
	sqlite3_finalize(r.s_niche);
	sqlite3_finalize(r.s_other);
	if (txn)
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	buf_release(&sql);
	buf_release(&r.niches);
	buf_release(&r.others);
	return ret;
}
