/* Declarations shared by the files of index/ (never included elsewhere). */
#ifndef VEILLE_INDEX_STORE_INT_H
#define VEILLE_INDEX_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

/* store.h's date constants as SQL literals (checked in store.c). */
#define STORE_FUTURE_SLACK_SQL "86400"
#define STORE_BACKLOG_AGE_SQL "604800"
/* What an item is dated, sorted and counted by in SQL, for items aliased
 * t: its own date, else (undated) its first sighting. */
#define STORE_ITEM_AT(t) "coalesce(" t ".item_date, " t ".first_seen)"
/* Where that date comes from, as store.h names it. */
#define STORE_DATE_SOURCE(t) \
	"CASE WHEN " t ".item_date IS NULL AND " t ".given_date IS NOT NULL" \
	" THEN 'claimed' ELSE coalesce(" t ".date_source, 'none') END"

/* An item's date from the date d its source gives, in a statement on
 * its row: a claim when after the first sighting by more than the slack. */
#define ITEM_DATE_SQL(d) \
	"CASE WHEN " d " <= first_seen + " STORE_FUTURE_SLACK_SQL \
	" THEN " d " END"

/* Statements kept prepared for the write path. */
enum store_stmt {
	STMT_FEED_ENSURE,
	STMT_FEED_GET,
	STMT_FEED_UPDATE,
	STMT_FEED_MOVE,
	STMT_ITEM_FIND,
	STMT_ITEM_INSERT,
	STMT_FTS_FLUSH,
	STMT_FTS_CLEAR,
	STMT_FTS_PENDING,
	STMT_TITLE_PENDING,
	STMT_TITLES_FLUSH,
	STMT_TITLES_CLEAR,
	STMT_TITLES_DONE,
	STMT_TITLE_WAITS,
	STMT_ITEM_UPDATE,
	STMT_ITEM_DELETE,
	STMT_STORY_CANON,
	STMT_STORY_DOI,
	STMT_STORY_ARXIV,
	STMT_STORY_HAL,
	STMT_STORY_TITLE,
	STMT_STORY_TITLE_OF,
	STMT_STORY_NEW,
	STMT_STORY_GC,
	STMT_STORY_FEED_KIND,
	STMT_STORY_IDS,
	STMT_STORY_IDS2,
	STMT_NICHE_ENSURE,
	STMT_NICHE_ID,
	STMT_SECTOR_ID,
	STMT_NICHES_CLEAR,
	STMT_NICHES_ADD,
	STMT_ITEM_RULES_FP,
	STMT_SECTOR_ENSURE,
	STMT_SECTORS_CLEAR,
	STMT_SECTORS_ADD,
	STMT_LABELS_ANY,
	STMT_LABELS_OF,
	STMT_LABELS_OUT,
	STMT_LABELS_IN,
	STMT_COUNT
};

/* Niche and sector ids already read or created: a crawl asks for them
 * once per niche of every item. Forgotten when a transaction fails, since
 * the ids it created are gone. */
#define STORE_GROUPS_CACHED 64
struct store_group {
	int sector;
	int64_t id;
	char *name;
};

/* Pages of write-ahead log after which the writer checkpoints (64 MiB
 * with 8 KiB pages): PRAGMA wal_autocheckpoint, or ckpt.c's hook. */
#define STORE_WAL_LIMIT 8192

struct store_ckpt;

struct store {
	sqlite3 *db;
	struct store_ckpt *ckpt;	/* checkpoints aside (ckpt.c), or NULL */
	char *path;
	int readonly;
	int opened_version;
	sqlite3_stmt *stmts[STMT_COUNT];
	int64_t fts_pending;	/* rows of fts_pending (new, not indexed) */
	int64_t titles_pending;	/* rows of titles_pending (schema 7) */
	int titles_ready;	/* temp.pending_titles made (schema 7) */
	struct store_group groups[STORE_GROUPS_CACHED];
	size_t ngroups;
	/* The item store_upsert_item has just inserted: it has no niche and
	 * no sector rows to clear yet. 0 once they were set, or none. */
	int64_t fresh_niches, fresh_sectors;
	/* The item last inserted or updated with a rules fingerprint
	 * (store_upsert_prepared), and that fingerprint. */
	int64_t fp_item;
	char fp[64];
	int labels_table;	/* the schema has labels (9 on) */
	int labels;		/* some item has a correction */
	/* stories.c: the story window of news (store_set_story_window),
	 * the feed whose kind was last read and whether it is publication,
	 * and the stories joined since open */
	int64_t story_window;
	int64_t kind_feed;
	int kind_pub;
	int64_t stories_joined;
};

/* Deletes the niche (sector 0) or sector (1) rows of an item, unless it
 * is the item store_upsert_item has just inserted, which has none yet. */
int store_clear_item_rows(struct store *st, int sector, int64_t item_id,
			  struct err *e);
/* Reads whether any correction exists (labels.c): once at open and at
 * each transaction, so that the write path looks an item's corrections up
 * only when there are some. */
int store_labels_refresh(struct store *st, struct err *e);
/* Applies the corrections of item_id to its niche rows. */
int store_labels_apply(struct store *st, int64_t item_id, struct err *e);
/* Forgets the cached group ids and fresh items (after a rollback). */
void store_forget(struct store *st);

/* "what: sqlite's message"; returns -1. */
int store_db_err(struct store *st, struct err *e, const char *what);
/* The id of the niche (sector 0) or sector (1) called name, created when
 * new; 0 or -1 with the error in e. */
int store_group_id(struct store *st, int sector, const char *name,
		   int64_t *id, struct err *e);
/* Prepares once, resets on later calls. */
int store_prepare(struct store *st, enum store_stmt id, const char *sql,
		  sqlite3_stmt **out, struct err *e);
int store_bind_text(sqlite3_stmt *s, int i, const char *v);
/* Without a copy: v must outlive the statement's next step, and the
 * statement be reset by store_prepare (which clears the bindings)
 * before it runs again. For the long texts of the write path. */
int store_bind_static(sqlite3_stmt *s, int i, const char *v);
int store_bind_time(sqlite3_stmt *s, int i, int64_t t);
int64_t store_col_time(sqlite3_stmt *s, int i);
const char *store_col_text(sqlite3_stmt *s, int i);

/* The name people see for the feed of alias f: its configured title (see
 * store_set_feed_titles), else its own (the document's), else its name. */
#define STORE_FEED_TITLE(f) "coalesce((SELECT t.title FROM temp.feed_titles t" \
	" WHERE t.name = " f ".name), " f ".title, " f ".name)"
const char *store_path(const struct store *st);
/* Indexes the items waiting in fts_pending (see schema4) when this store
 * is writable. */
int store_fts_flush(struct store *st, struct err *e);
/* Moves the title keys waiting in titles_pending to story_titles (see
 * schema7) when this store is writable. */
int store_titles_flush(struct store *st, struct err *e);
/* Both. */
int store_flush(struct store *st, struct err *e);
int store_errno_msg(struct err *e, const char *what, const char *path);
/* Runs sql (one or more statements) on the connection; errors name the
 * database. */
int store_exec(struct store *st, const char *sql, struct err *e);

/* schema.c: takes a database from schema version `from` to `to` (0: a
 * new, empty database), in the caller's transaction, and stamps it with
 * the version and veille's application id. */
/* 'veil': marks a database as veille's, so that another application's
 * SQLite file is never migrated. */
#define STORE_APP_ID 0x7665696c
int store_schema_apply(struct store *st, int from, int to, struct err *e);

/* Stories (stories.c). The hash keys of the items table: store_key() of a
 * title key, canon_key() of a canonical link (keys.c). */
int64_t store_key(const char *s);
int64_t canon_key(const char *canon);
/* Whether a title key is distinctive enough to join stories on its own. */
int store_title_distinctive(const char *k);
/* Whether an item's title key, short, is kept all the same: the item is
 * a publication with authors, whose title joins with an author in
 * common (see store_find_story). */
int store_title_weak_key(const struct feed_item *it, const char *k);
/* Looks for the story a new item of feed_id joins (canonical link canon,
 * title key tkey, both may be NULL, dated when): *story, or 0 when none.
 * 0 or -1 with the error in e. */
int store_find_story(struct store *st, int64_t feed_id, const char *canon,
		     const struct feed_item *it, const char *tkey,
		     const char *authors, int64_t when, int64_t *story,
		     struct err *e);
/* Moves the items of story gone to story keep, with the digests that
 * carried it, and deletes gone. */
int store_merge_stories(struct store *st, int64_t keep, int64_t gone,
			struct err *e);
/* story_rules.c. Whether a title key is one of the pieces journals run
 * every issue: it names one ("editorial", "special issue", "erratum",
 * ...), or has fewer than two words besides such words. */
int store_title_generic(const char *k);
/* Whether a DOI names a preprint or a data set, not the work's
 * publication (arXiv, bioRxiv, SSRN, Zenodo, ...). */
int store_doi_soft(const char *doi);
/* Whether two DOIs say two works: both given, both of publications, and
 * different. */
int store_dois_differ(const char *a, const char *b);
/* Whether two author lists ("A; B; C") share a family name: 1 yes, 0 no,
 * -1 when either lists none, -2 when out of memory. */
int store_authors_agree(const char *a, const char *b);
/* Deletes story unless some item still belongs to it. */
int store_delete_empty_story(struct store *st, int64_t story,
			      struct err *e);

#endif
