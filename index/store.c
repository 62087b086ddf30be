/* The SQLite store: opening a database (the schema and its migrations
 * are in schema.c), the connection's functions and prepared statements,
 * transactions and the batched index writes, and items. The other files
 * of index/ each hold one part of the write path (feeds.c: the feeds'
 * crawl state; classified.c: niches and sectors; digests.c: members and
 * digests), the queries of one reader (search.c, read.c, report.c,
 * feedlist.c, maint.c) or the checkpoint thread (ckpt.c); shared
 * declarations in store_int.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "../util/url.h"
#include "../util/utf8.h"
#include "stem.h"
#include "store_int.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/* New items indexed together (see schema4): FTS5 writes one segment per
 * flush and merges them later, so a flush per feed (about 60 items) made
 * it spend more on merging than on indexing. 1,000 indexes as fast as
 * 2,000 (b20, both scales) and keeps the crawl's peak memory 2 MiB lower:
 * the flush holds the batch's terms in memory. */
#define STORE_FTS_BATCH 1000

/* New items' title keys joining story_titles together (see schema7): the
 * keys are random, so a batch writes pages all over the table; at 600,000
 * items, batches of 2,000 made a quarter of the indexing's CPU time. The
 * batch waits in memory (mem.pending_titles): 16,384 keys, under 1 MiB. */
#define STORE_TITLE_BATCH 16384

/* Page size of a new database (see open_at). */
#define STORE_PAGE_SIZE 8192

/* The page cache of a writer, in KiB (negative: SQLite's unit): enough for
 * the upper levels of the items' indexes and FTS5's; more only raised the
 * crawl's peak memory. */
#define STORE_CACHE_KIB "-8192"


/* Plain text of sanitised HTML for the full-text index: tags become
 * spaces and the usual entities are decoded. Deterministic, since the
 * index's delete must see exactly what the insert saw. */
static void fn_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s;
	char *out;
	size_t n, i, o = 0;
	int in_tag = 0;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	s = sqlite3_value_text(argv[0]);
	n = (size_t)sqlite3_value_bytes(argv[0]);
	if (!s) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	out = sqlite3_malloc64(n + 1);
	if (!out) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	/* by runs (memchr, strcspn), not byte by byte: this is 3% of
	 * indexing's instructions (b20) */
	i = 0;
	while (i < n) {
		static const struct { const char *e; char c; } ents[] = {
			{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
			{ "&quot;", '"' }, { "&#39;", '\'' }, { "&nbsp;", ' ' },
		};
		const unsigned char *gt;
		size_t run, k;

		if (in_tag) {
			gt = memchr(s + i, '>', n - i);
			if (!gt)
				break;	/* the rest is inside a tag */
			i = (size_t)(gt - s) + 1;
			in_tag = 0;
			out[o++] = ' ';
			continue;
		}
		/* s is NUL-terminated at n; an earlier NUL ends a run too */
		run = strcspn((const char *)s + i, "<&");
		if (run > n - i)
			run = n - i;
		memcpy(out + o, s + i, run);
		o += run;
		i += run;
		if (i >= n)
			break;
		if (s[i] == '<') {
			in_tag = 1;
			i++;
			continue;
		}
		if (s[i] == '&') {
			for (k = 0; k < sizeof ents / sizeof ents[0]; k++) {
				size_t l = strlen(ents[k].e);
				if (n - i >= l && !memcmp(s + i, ents[k].e, l)) {
					out[o++] = ents[k].c;
					i += l;
					break;
				}
			}
			if (k < sizeof ents / sizeof ents[0])
				continue;
		}
		out[o++] = (char)s[i++];	/* '&' of no entity, or NUL */
	}
	sqlite3_result_text(ctx, out, (int)o, sqlite3_free);
}

/* The 64-bit story key of a text (NULL stays NULL); the same as
 * store_key() in C. */
static void fn_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	s = sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_int64(ctx, (sqlite3_int64)str_hash64(s,
			     (size_t)sqlite3_value_bytes(argv[0])));
}

/* veille_canon_key(link): canon_key() of the link's canonical form; NULL
 * when it has none (as when the item was stored). */
static void fn_canon_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s;
	char *canon = NULL;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	s = sqlite3_value_text(argv[0]);
	if (!s || url_canonical_checked((const char *)s, &canon) < 0) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (canon)
		sqlite3_result_int64(ctx, canon_key(canon));
	else
		sqlite3_result_null(ctx);
	v_free(canon);
}

static int pragma_int(struct store *st, const char *sql, int64_t *v,
		      struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(s, 0);
	else if (rc == SQLITE_DONE)
		*v = 0;
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
fail:
	{
		int code = sqlite3_errcode(st->db);
		if (code == SQLITE_NOTADB)
			return err_set(e, "'%s' is not a SQLite database",
				       st->path);
		if (code == SQLITE_CORRUPT)
			return err_set(e, "database '%s' is corrupted (restore "
				       "a backup)", st->path);
		return err_set(e, "database '%s': %s", st->path,
			       sqlite3_errmsg(st->db));
	}
}

static int user_tables(struct store *st, int64_t *n, struct err *e)
{
	return pragma_int(st, "SELECT count(*) FROM sqlite_schema"
			  " WHERE name NOT LIKE 'sqlite_%'", n, e);
}

/* Why a read-only open could not read path, when the cause is one SQLite
 * words badly ("attempt to write a readonly database" for a search): a
 * file we may not read, or a WAL database in a directory we may not write
 * to, where SQLite must create the -shm index beside it before it can read
 * safely (it reads without creating it only when -wal and -shm are both
 * there, or with immutable=1, which would be wrong while a crawl writes).
 * Leaves e alone otherwise. */
static void explain_unreadable(const char *path, struct err *e)
{
	unsigned char hdr[20];
	char dir[4096], shm[4096];
	const char *slash;
	FILE *f;
	size_t n;

	if (access(path, R_OK) < 0) {
		err_set(e, "cannot read database '%s': %s", path,
			strerror(errno));
		return;
	}
	f = fopen(path, "rb");
	n = f ? fread(hdr, 1, sizeof hdr, f) : 0;
	if (f)
		fclose(f);
	/* bytes 18 and 19 of the header: 2 for WAL */
	if (n < sizeof hdr || hdr[18] != 2)
		return;
	slash = strrchr(path, '/');
	if (!slash)
		str_copy(dir, ".", sizeof dir);
	else if ((size_t)(slash - path) + 1 < sizeof dir)
		str_copy(dir, path, (size_t)(slash - path) + 1 + (slash == path));
	else
		return;
	snprintf(shm, sizeof shm, "%s-shm", path);
	if (access(dir, W_OK) == 0 || access(shm, F_OK) == 0)
		return;
	err_set(e, "cannot read database '%s': it is in WAL mode and its "
		"directory is read-only, so SQLite cannot create '%s' to read it "
		"safely; read a copy made with 'veille backup' (readable from "
		"anywhere) or one in a writable directory", path, shm);
}

/* Opens the connection and checks what the file is; migrates to `target`
 * when writable (target < 0: STORE_SCHEMA_VERSION). */
static int open_at(const char *path, unsigned flags, int target,
		   struct store **out, struct err *e)
{
	struct store *st;
	int oflags, rc;
	int64_t v, app, ntables;
	struct stat sb;

	*out = NULL;
	if (target < 0)
		target = STORE_SCHEMA_VERSION;
	if ((flags & (STORE_READONLY | STORE_NOCREATE)) && stat(path, &sb) < 0)
		return err_set(e, "database '%s' does not exist (run 'veille "
			       "fetch' first)", path);
	st = v_calloc(1, sizeof *st);
	if (!st)
		return err_set(e, "out of memory");
	st->path = v_strdup(path);
	st->readonly = !!(flags & STORE_READONLY);
	store_set_story_window(st, 0);
	if (!st->path) {
		v_free(st);
		return err_set(e, "out of memory");
	}
	oflags = st->readonly ? SQLITE_OPEN_READONLY
			      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, "cannot open database '%s': %s", path,
			st->db ? sqlite3_errmsg(st->db) : "out of memory");
		if (st->readonly && rc != SQLITE_NOMEM)
			explain_unreadable(path, e);
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 0);
	sqlite3_busy_timeout(st->db, 10000);
	if (sqlite3_create_function(st->db, "veille_text", 1,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC |
				    SQLITE_INNOCUOUS, NULL, fn_text, NULL,
				    NULL) != SQLITE_OK ||
	    sqlite3_create_function(st->db, "veille_hash", 1,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC |
				    SQLITE_INNOCUOUS, NULL, fn_hash, NULL,
				    NULL) != SQLITE_OK ||
	    sqlite3_create_function(st->db, "veille_canon_key", 1,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC |
				    SQLITE_INNOCUOUS, NULL, fn_canon_key, NULL,
				    NULL) != SQLITE_OK) {
		store_db_err(st, e, "registering functions");
		goto fail;
	}
	if (stem_register(st->db) < 0) {
		store_db_err(st, e, "registering the stemming tokenizer");
		goto fail;
	}
	if (pragma_int(st, "PRAGMA user_version", &v, e) < 0) {
		/* the first read: where SQLite opens the -wal and -shm */
		if (st->readonly && sqlite3_errcode(st->db) != SQLITE_NOMEM)
			explain_unreadable(path, e);
		goto fail;
	}
	if (pragma_int(st, "PRAGMA application_id", &app, e) < 0 ||
	    user_tables(st, &ntables, e) < 0)
		goto fail;
	if ((v > 0 || app != 0) && app != STORE_APP_ID) {
		err_set(e, "'%s' is a SQLite database but not veille's", path);
		goto fail;
	}
	if (v == 0 && ntables > 0) {
		err_set(e, "'%s' is a SQLite database but not veille's", path);
		goto fail;
	}
	if (v > STORE_SCHEMA_VERSION) {
		err_set(e, "database '%s' has schema version %d, newer than "
			"this veille knows (%d): use a newer veille", path,
			(int)v, STORE_SCHEMA_VERSION);
		goto fail;
	}
	st->opened_version = (int)v;
	/* the connection's configured feed titles (store_set_feed_titles) */
	if (store_exec(st, "PRAGMA foreign_keys = ON;"
		 " CREATE TEMP TABLE feed_titles(name TEXT PRIMARY KEY,"
		 " title TEXT NOT NULL) WITHOUT ROWID;", e) < 0)
		goto fail;
	if (st->readonly) {
		if (v < STORE_SCHEMA_VERSION) {
			err_set(e, "database '%s' has schema version %d; a "
				"writing command (veille fetch) upgrades it to %d",
				path, (int)v, STORE_SCHEMA_VERSION);
			goto fail;
		}
		st->labels_table = v >= 9;
		*out = st;
		return 0;
	}
	/* - pages of 8 KiB in a new database (an existing one keeps its
	 *   own): SQLite writes each page to the log in two system calls,
	 *   and copies it to the database at checkpoints; half as many pages
	 *   made indexing 6% (58,670 items) to 11% (586,700) cheaper, and
	 *   the database 5% smaller (b20);
	 * - checkpoints every 8,192 pages of log (64 MiB, 32 with 4 KiB
	 *   pages), not 1,000: pages written by several feeds' transactions
	 *   reach the database file once (b40's crawl wrote 584 MiB there
	 *   with 4 MiB, 508 MiB with 32);
	 * - secure_delete = FAST, not Debian's ON: deleted text is still
	 *   cleared in the pages a change writes anyway, but a freed page is
	 *   no longer zeroed and written to the log on its own (FTS5's merges
	 *   free pages all the time: b40's crawl wrote 5% fewer pages of
	 *   log, and its main thread ran 1.2% fewer instructions). */
	if (store_exec(st, "PRAGMA page_size = " STR(STORE_PAGE_SIZE) ";"
		 " PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
		 " PRAGMA cache_size = " STORE_CACHE_KIB ";"
		 " PRAGMA wal_autocheckpoint = " STR(STORE_WAL_LIMIT) ";"
		 " PRAGMA secure_delete = FAST;", e) < 0)
		goto fail;
	if (v < target) {
		if (store_exec(st, "BEGIN IMMEDIATE;", e) < 0)
			goto fail;
		/* another process may have migrated while we waited */
		if (pragma_int(st, "PRAGMA user_version", &v, e) < 0 ||
		    (v < target && store_schema_apply(st, (int)v, target, e) < 0) ||
		    store_exec(st, "COMMIT;", e) < 0) {
			sqlite3_exec(st->db, "ROLLBACK;", NULL, NULL, NULL);
			goto fail;
		}
	}
	/* the title keys of items not yet in story_titles (schema 7), in a
	 * database of the writer's memory: in a temp table on disk, each
	 * transaction journaled the pages of it that it changed, and
	 * temp_store = MEMORY would also hold VACUUM's copy of the whole
	 * database in memory */
	if (target >= 7 &&
	    (store_exec(st, "ATTACH DATABASE ':memory:' AS mem;"
		  "CREATE TABLE mem.pending_titles("
		  " title_hash INTEGER NOT NULL,"
		  " at INTEGER NOT NULL,"
		  " item_id INTEGER NOT NULL,"
		  " PRIMARY KEY(title_hash, at, item_id)) WITHOUT ROWID;"
		  "INSERT OR IGNORE INTO mem.pending_titles"
		  " SELECT i.title_hash, coalesce(i.published, i.first_seen),"
		  " i.id FROM titles_pending p JOIN items i ON i.id = p.id"
		  " WHERE i.title_hash IS NOT NULL;", e) < 0 ||
	     pragma_int(st, "SELECT count(*) FROM titles_pending",
			&st->titles_pending, e) < 0))
		goto fail;
	st->titles_ready = target >= 7;
	st->labels_table = target >= 9;
	if (store_labels_refresh(st, e) < 0)
		goto fail;
	/* items a crashed writer left unindexed: indexed at the next batch */
	if (target >= 4 && pragma_int(st, "SELECT count(*) FROM fts_pending",
				      &st->fts_pending, e) < 0)
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

int store_open(const char *path, unsigned flags, struct store **out,
	       struct err *e)
{
	return open_at(path, flags, -1, out, e);
}

int store_create_at_version(const char *path, int version, struct err *e)
{
	struct store *st;
	struct stat sb;

	if (version < 1 || version > STORE_SCHEMA_VERSION)
		return err_set(e, "no schema version %d", version);
	if (stat(path, &sb) == 0)
		return err_set(e, "'%s' exists", path);
	if (open_at(path, 0, version, &st, e) < 0)
		return -1;
	store_close(st);
	return 0;
}

void store_close(struct store *st)
{
	size_t i;

	if (!st)
		return;
	store_checkpoint_stop(st);
	if (st->db && !st->readonly && sqlite3_get_autocommit(st->db))
		store_flush(st, NULL);
	for (i = 0; i < STMT_COUNT; i++)
		sqlite3_finalize(st->stmts[i]);
	store_forget(st);
	if (st->db) {
		if (!sqlite3_get_autocommit(st->db))
			sqlite3_exec(st->db, "ROLLBACK;", NULL, NULL, NULL);
		sqlite3_close_v2(st->db);
	}
	v_free(st->path);
	v_free(st);
}

int store_set_feed_titles(struct store *st, const char *const *names,
			  const char *const *titles, size_t n, struct err *e)
{
	sqlite3_stmt *s = NULL;
	size_t i;
	int rc = SQLITE_DONE;

	if (store_exec(st, "DELETE FROM temp.feed_titles;", e) < 0)
		return -1;
	if (n == 0)
		return 0;
	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO"
			       " temp.feed_titles(name, title) VALUES(?1, ?2)",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "feed titles");
	for (i = 0; i < n && rc == SQLITE_DONE; i++) {
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, names[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, titles[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "feed titles");
	return 0;
}

int store_opened_version(const struct store *st)
{
	return st->opened_version;
}

int store_begin(struct store *st, struct err *e)
{
	if (store_exec(st, "BEGIN IMMEDIATE;", e) < 0)
		return -1;
	/* once per transaction, not per item: a correction recorded by
	 * another process since the last one is applied from now on */
	if (store_labels_refresh(st, e) < 0) {
		store_rollback(st, NULL);
		return -1;
	}
	return 0;
}

int store_commit(struct store *st, struct err *e)
{
	if (st->fts_pending >= STORE_FTS_BATCH && store_fts_flush(st, e) < 0)
		return -1;
	if (st->titles_pending >= STORE_TITLE_BATCH &&
	    store_titles_flush(st, e) < 0)
		return -1;
	if (store_exec(st, "COMMIT;", e) < 0) {
		/* the transaction may be rolled back already (disk full) */
		store_forget(st);
		return -1;
	}
	return 0;
}

void store_forget(struct store *st)
{
	size_t i;

	for (i = 0; i < st->ngroups; i++)
		v_free(st->groups[i].name);
	st->ngroups = 0;
	st->fresh_niches = st->fresh_sectors = 0;
	st->fp_item = 0;
}

struct flush_step {
	enum store_stmt id;
	const char *sql;
};

/* Runs steps in the current transaction, or in one of their own. */
static int run_steps(struct store *st, const struct flush_step *steps,
		     size_t n, const char *what, struct err *e)
{
	sqlite3_stmt *s;
	size_t k;
	int rc, own;

	own = sqlite3_get_autocommit(st->db);
	if (own && store_exec(st, "BEGIN IMMEDIATE;", e) < 0)
		return -1;
	for (k = 0; k < n; k++) {
		if (store_prepare(st, steps[k].id, steps[k].sql, &s, e) < 0)
			goto fail;
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE) {
			store_db_err(st, e, what);
			goto fail;
		}
	}
	if (own && store_exec(st, "COMMIT;", e) < 0)
		goto fail;
	return 0;
fail:
	if (own)
		sqlite3_exec(st->db, "ROLLBACK;", NULL, NULL, NULL);
	return -1;
}

int store_fts_flush(struct store *st, struct err *e)
{
	static const struct flush_step steps[] = {
		/* in id order, so FTS5 appends to its segments */
		{ STMT_FTS_FLUSH,
		  "INSERT INTO items_fts(rowid, title, summary, content,"
		  " authors, feed) SELECT i.id, i.title, i.summary,"
		  " veille_text(i.content), i.authors, f.name"
		  " FROM fts_pending p JOIN items i ON i.id = p.id"
		  " JOIN feeds f ON f.id = i.feed_id ORDER BY p.id" },
		{ STMT_FTS_CLEAR, "DELETE FROM fts_pending" },
	};

	if (st->readonly || !st->fts_pending)
		return 0;
	if (run_steps(st, steps, sizeof steps / sizeof steps[0],
		      "indexing items", e) < 0)
		return -1;
	st->fts_pending = 0;
	return 0;
}

int store_titles_flush(struct store *st, struct err *e)
{
	static const struct flush_step steps[] = {
		/* sorted: each page of story_titles is written once per
		 * batch, not once per item; entries of items deleted or
		 * changed since are left out */
		{ STMT_TITLES_FLUSH,
		  "INSERT OR IGNORE INTO story_titles"
		  " SELECT p.title_hash, p.at, p.item_id, i.feed_id,"
		  " i.story_id FROM mem.pending_titles p JOIN items i"
		  " ON i.id = p.item_id AND i.title_hash = p.title_hash"
		  " AND coalesce(i.published, i.first_seen) = p.at"
		  " ORDER BY 1, 2, 3" },
		{ STMT_TITLES_CLEAR, "DELETE FROM mem.pending_titles" },
		{ STMT_TITLES_DONE, "DELETE FROM titles_pending" },
	};

	if (st->readonly || !st->titles_ready || !st->titles_pending)
		return 0;
	if (run_steps(st, steps, sizeof steps / sizeof steps[0],
		      "indexing titles", e) < 0)
		return -1;
	st->titles_pending = 0;
	return 0;
}

int store_flush(struct store *st, struct err *e)
{
	if (store_fts_flush(st, e) < 0)
		return -1;
	return store_titles_flush(st, e);
}

int store_rollback(struct store *st, struct err *e)
{
	int64_t n = 0;

	store_forget(st);
	if (sqlite3_get_autocommit(st->db))
		return 0;
	if (store_exec(st, "ROLLBACK;", e) < 0)
		return -1;
	/* what waited before this transaction still waits */
	if (pragma_int(st, "SELECT count(*) FROM fts_pending", &n, NULL) == 0)
		st->fts_pending = n;
	if (st->titles_ready &&
	    pragma_int(st, "SELECT count(*) FROM titles_pending", &n, NULL) == 0)
		st->titles_pending = n;
	return 0;
}

/* ---- items ---- */

static int join_authors(struct buf *b, const struct feed_item *it)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < it->nauthors && rc == 0; i++) {
		if (!it->authors[i] || !*it->authors[i])
			continue;
		if (b->len)
			rc = buf_addstr(b, "; ");
		if (rc == 0)
			rc = buf_addstr(b, it->authors[i]);
	}
	return rc;
}

static void hash_field(struct buf *b, const char *s)
{
	/* a separator that cannot occur in text keeps fields apart */
	buf_addstr(b, s ? s : "");
	buf_addch(b, '\x1f');
}

static int content_hash(const struct feed_item *it, const char *authors,
			char out[17])
{
	struct buf b = BUF_INIT;
	int rc;

	hash_field(&b, it->title);
	hash_field(&b, it->link);
	hash_field(&b, it->summary);
	hash_field(&b, it->content);
	hash_field(&b, authors);
	hash_field(&b, it->doi);
	hash_field(&b, it->arxiv_id);
	hash_field(&b, it->hal_id);
	hash_field(&b, it->language);
	rc = buf_addf(&b, "%lld\x1f%lld", (long long)it->published,
		      (long long)it->updated);
	if (rc == 0)
		str_hash_hex(b.data, b.len, out);
	buf_release(&b);
	return rc;
}

static int bind_item(sqlite3_stmt *s, const struct feed_item *it,
		     const char *canon, const char *tkey, const char *authors,
		     const char *hash)
{
	store_bind_static(s, 2, it->link);
	if (canon)
		sqlite3_bind_int64(s, 3, canon_key(canon));
	else
		sqlite3_bind_null(s, 3);
	store_bind_static(s, 4, it->title);
	if (tkey)
		sqlite3_bind_int64(s, 5, store_key(tkey));
	else
		sqlite3_bind_null(s, 5);
	store_bind_static(s, 6, it->summary);
	store_bind_static(s, 7, it->content);
	store_bind_static(s, 8, authors && *authors ? authors : NULL);
	store_bind_time(s, 9, it->published);
	store_bind_time(s, 10, it->updated);
	store_bind_static(s, 11, hash);
	store_bind_static(s, 12, it->doi);
	store_bind_static(s, 13, it->arxiv_id);
	store_bind_static(s, 14, it->hal_id);
	return store_bind_static(s, 15, it->language);
}

static void bind_date(sqlite3_stmt *s, int i, const struct feed_item *it)
{
	int64_t d;
	enum feed_date_source src = feed_item_date(it, &d);

	store_bind_time(s, i, d);
	store_bind_static(s, i + 1, src == FEED_DATE_NONE ? NULL :
			  feed_date_source_name(src));
}

int store_delete_item(struct store *st, int64_t item_id, struct err *e)
{
	sqlite3_stmt *s;
	int64_t story = 0;
	int rc;

	if (store_prepare(st, STMT_ITEM_DELETE,
			  "DELETE FROM items WHERE id = ?1 RETURNING story_id",
			  &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, item_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		story = sqlite3_column_int64(s, 0);
		rc = sqlite3_step(s);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "deleting item");
	if (!story)
		return 0;
	if (store_delete_empty_story(st, story, e) < 0)
		return -1;
	return 1;
}

/* The keys a new or changed item is stored with: canonical link and title
 * key. -1 when out of memory. */
static int item_keys(const struct feed_item *it, struct store_item_prep *p)
{
	struct buf k = BUF_INIT;
	int rc = 0;

	/* out of memory must not pass for "no canonical link": the item
	 * would miss its story */
	if (it->link && url_canonical_checked(it->link, &p->canon) < 0)
		rc = -1;
	else if (store_title_key(&k, it->title) < 0)
		rc = -1;
	else if ((store_title_distinctive(buf_cstr(&k)) ||
		  store_title_weak_key(it, buf_cstr(&k))) &&
		 !(p->tkey = buf_detach(&k, NULL)))
		rc = -1;
	buf_release(&k);
	p->keyed = rc == 0;
	return rc;
}

int store_item_prepare(const struct feed_item *it, int keys,
		       struct store_item_prep *p)
{
	struct buf a = BUF_INIT;

	memset(p, 0, sizeof *p);
	if (join_authors(&a, it) < 0 || content_hash(it, buf_cstr(&a), p->hash) < 0 ||
	    (a.len && !(p->authors = buf_detach(&a, NULL))) ||
	    (keys && item_keys(it, p) < 0)) {
		buf_release(&a);
		store_item_prep_release(p);
		return -1;
	}
	buf_release(&a);
	return 0;
}

void store_item_prep_release(struct store_item_prep *p)
{
	v_free(p->authors);
	v_free(p->canon);
	v_free(p->tkey);
	memset(p, 0, sizeof *p);
}

int store_upsert_item(struct store *st, int64_t feed_id,
		      const struct feed_item *it, int64_t now, int *status,
		      int64_t *item_id, struct err *e)
{
	struct store_item_prep p;
	int rc;

	if (store_item_prepare(it, 0, &p) < 0)
		return err_set(e, "out of memory");
	rc = store_upsert_prepared(st, feed_id, it, &p, now, status, item_id, e);
	store_item_prep_release(&p);
	return rc;
}

/* The item's rules fingerprint is p->rules_fp from now: store_set_item_niches
 * then need not write it again. */
static void remember_fp(struct store *st, int64_t id,
			const struct store_item_prep *p)
{
	st->fp_item = 0;
	if (p->rules_fp && strlen(p->rules_fp) < sizeof st->fp) {
		str_copy(st->fp, p->rules_fp, sizeof st->fp);
		st->fp_item = id;
	}
}

/* Writes a new item (id 0) or a changed one, with its keys. */
static int write_item(struct store *st, int64_t feed_id,
		      const struct feed_item *it,
		      const struct store_item_prep *p, int64_t id, int64_t now,
		      int *status, int64_t *item_id, struct err *e)
{
	sqlite3_stmt *s;
	int64_t story = 0;
	/* the date a title is matched by: as stored, coalesce(published,
	 * first_seen) */
	const int64_t at = it->published != FEED_NO_DATE ? it->published : now;
	const char *authors = p->authors ? p->authors : "";
	int rc;

	if (id) {
		if (store_prepare(st, STMT_ITEM_UPDATE,
				  "UPDATE items SET link = ?2, canon_hash = ?3,"
				  " title = ?4, title_hash = ?5, summary = ?6,"
				  " content = ?7, authors = ?8, published = ?9,"
				  " updated = ?10, content_hash = ?11, doi = ?12,"
				  " arxiv_id = ?13, hal_id = ?14, language = ?15,"
				  " rules_fp = coalesce(?16, rules_fp),"
				  " given_date = ?17, date_source = ?18,"
				  " item_date = " ITEM_DATE_SQL("?17")
				  " WHERE id = ?1", &s, e) < 0)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		bind_item(s, it, p->canon, p->tkey, authors, p->hash);
		store_bind_text(s, 16, p->rules_fp);
		bind_date(s, 17, it);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_db_err(st, e, "updating item");
		remember_fp(st, id, p);
		if (status)
			*status = STORE_ITEM_UPDATED;
		if (item_id)
			*item_id = id;
		return 0;
	}
	if (store_find_story(st, feed_id, p->canon, it, p->tkey, p->authors, at,
			     &story, e) < 0)
		return -1;
	if (!story) {
		if (store_prepare(st, STMT_STORY_NEW,
				  "INSERT INTO stories(first_seen) VALUES (?1)",
				  &s, e) < 0)
			return -1;
		sqlite3_bind_int64(s, 1, now);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_db_err(st, e, "story");
		story = sqlite3_last_insert_rowid(st->db);
	}
	if (store_prepare(st, STMT_ITEM_INSERT,
			  "INSERT INTO items(feed_id, link, canon_hash, title,"
			  " title_hash, summary, content, authors, published,"
			  " updated, content_hash, doi, arxiv_id, hal_id,"
			  " language, guid, first_seen, story_id, rules_fp,"
			  " given_date, date_source, item_date, backlog)"
			  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
			  " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,"
			  " ?21, CASE WHEN ?20 <= ?17 + " STORE_FUTURE_SLACK_SQL
			  " THEN ?20 END,"
			  /* backlog: the feed's first successful crawl has not
			   * ended before this one, or the item is old news */
			  " coalesce((SELECT coverage_start IS NULL"
			  " OR coverage_start >= ?17 FROM feeds WHERE id = ?1), 1)"
			  " OR coalesce(?20 < ?17 - " STORE_BACKLOG_AGE_SQL ", 0))",
			  &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, feed_id);
	bind_item(s, it, p->canon, p->tkey, authors, p->hash);
	store_bind_text(s, 16, it->id);
	sqlite3_bind_int64(s, 17, now);
	sqlite3_bind_int64(s, 18, story);
	store_bind_text(s, 19, p->rules_fp);
	bind_date(s, 20, it);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "inserting item");
	id = sqlite3_last_insert_rowid(st->db);
	if (store_prepare(st, STMT_FTS_PENDING,
			  "INSERT INTO fts_pending(id) VALUES (?1)", &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "inserting item");
	if (p->tkey) {
		if (store_prepare(st, STMT_TITLE_PENDING,
				  "INSERT OR IGNORE INTO mem.pending_titles"
				  " VALUES (?1, ?2, ?3)", &s, e) < 0)
			return -1;
		sqlite3_bind_int64(s, 1, store_key(p->tkey));
		sqlite3_bind_int64(s, 2, at);
		sqlite3_bind_int64(s, 3, id);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_db_err(st, e, "inserting item");
		if (store_prepare(st, STMT_TITLE_WAITS,
				  "INSERT OR IGNORE INTO titles_pending(id)"
				  " VALUES (?1)", &s, e) < 0)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_db_err(st, e, "inserting item");
		st->titles_pending++;
	}
	st->fts_pending++;
	/* outside a transaction no commit would index it */
	if (sqlite3_get_autocommit(st->db) && store_fts_flush(st, e) < 0)
		return -1;
	st->fresh_niches = st->fresh_sectors = id;
	remember_fp(st, id, p);
	if (status)
		*status = STORE_ITEM_NEW;
	if (item_id)
		*item_id = id;
	return 0;
}

int store_upsert_prepared(struct store *st, int64_t feed_id,
			  const struct feed_item *it,
			  const struct store_item_prep *p, int64_t now,
			  int *status, int64_t *item_id, struct err *e)
{
	struct store_item_prep keyed;
	sqlite3_stmt *s;
	int64_t id = 0;
	int rc, same = 0;

	if (status)
		*status = 0;
	if (item_id)
		*item_id = 0;
	st->fp_item = 0;
	if (!it->id || !*it->id)
		return err_set(e, "item without an id");
	if (store_prepare(st, STMT_ITEM_FIND,
			  "SELECT id, content_hash FROM items"
			  " WHERE feed_id = ?1 AND guid = ?2", &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, feed_id);
	store_bind_text(s, 2, it->id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		same = store_col_text(s, 1) &&
		       !strcmp(store_col_text(s, 1), p->hash);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_err(st, e, "item");
	if (it->flags & FEED_ITEM_DELETED) {
		rc = id ? store_delete_item(st, id, e) : 0;
		return rc > 0 ? 0 : rc;
	}
	if (id && same) {
		if (status)
			*status = STORE_ITEM_UNCHANGED;
		if (item_id)
			*item_id = id;
		return 0;
	}
	if (p->keyed)
		return write_item(st, feed_id, it, p, id, now, status, item_id, e);
	/* the keys, only now that the item is new or changed */
	keyed = *p;
	keyed.canon = keyed.tkey = NULL;
	rc = item_keys(it, &keyed) < 0 ? err_set(e, "out of memory") :
	     write_item(st, feed_id, it, &keyed, id, now, status, item_id, e);
	v_free(keyed.canon);
	v_free(keyed.tkey);
	return rc;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

int store_errno_msg(struct err *e, const char *what, const char *path)
{
	return err_set(e, "%s '%s': %s", what, path, strerror(errno));
}
