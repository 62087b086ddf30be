/* index/: the SQLite database. No other module reaches the database, and
 * sqlite3.h appears in no header: outside index/, only parser/jsonfeed.c
 * includes it, for SQLite's JSON functions on a database in memory.
 *
 * One struct store per open database. Every function returns 0 (or a
 * count / a positive status where documented) on success and a negative
 * value on failure with the reason in the caller's struct err; nothing here
 * prints. Strings handed in are borrowed for the call. Strings handed to a
 * callback are borrowed for the duration of the callback only; a callback
 * returns 0 to go on, anything else to stop (the function then returns
 * that value).
 *
 * Times are seconds since the epoch (UTC); FEED_NO_DATE (INT64_MIN) means
 * absent and is stored as NULL.
 *
 * Typical write path (one transaction per fetched feed):
 *
 *	store_open(path, 0, &st, &e);
 *	store_feed_ensure(st, "arxiv-pdm", url, "publication", "en", &feed_id, &e);
 *	store_begin(st, &e);
 *	for each item: store_upsert_item(st, feed_id, it, now, &status, &id, &e);
 *	store_feed_update(st, &state, &e);
 *	store_commit(st, &e);  (store_rollback(st, NULL) on any error)
 *	store_close(st);
 */
#ifndef VEILLE_INDEX_STORE_H
#define VEILLE_INDEX_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../parser/feed.h"
#include "../util/buf.h"
#include "../util/err.h"

/* Appends SQLite's version and whether FTS5 and JSON are compiled in. */
int store_version(struct buf *out);

/* The schema version this veille writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 15

/* What an item's date means (schema 10). An item's date is the one its
 * source gives (feed_item_date()); none makes it undated, never the time
 * it was fetched. A given date more than STORE_FUTURE_SLACK seconds after
 * the item's first sighting is a claim: the item counts as undated and the
 * claimed date is kept apart. An undated item sorts, is searched and
 * counted by its first sighting. Backlog: an item of its feed's first
 * successful crawl (the feed's coverage start), or dated more than
 * STORE_BACKLOG_AGE seconds before its first sighting; searchable, never
 * a week's news. */
#define STORE_FUTURE_SLACK 86400
#define STORE_BACKLOG_AGE (7 * 86400)

/* store_open() flags. */
#define STORE_READONLY 1u	/* search, show, stats, report: never writes */
#define STORE_NOCREATE 2u	/* fail when the file does not exist */

struct store;

/* Opens (creating it unless STORE_READONLY/STORE_NOCREATE) the database at
 * path: WAL mode, foreign keys on, a busy timeout of 10 s, and the schema
 * migrated forward to STORE_SCHEMA_VERSION. A database from a newer veille
 * is refused untouched; a file that is not a SQLite database, or is
 * corrupted, gets a clear error. A read-only open of an older schema is
 * refused (run a writing command first). Returns a new store in *out; free
 * with store_close(). */
int store_open(const char *path, unsigned flags, struct store **out,
	       struct err *e);
/* Closes the database (rolls back an open transaction; indexes the items
 * still waiting for the full-text index, see store_commit()). NULL is a
 * no-op. */
void store_close(struct store *st);
/* The schema version read at open, before any migration. */
int store_opened_version(const struct store *st);

/* For tests of migrations: creates a new database at path holding the
 * schema of version (1 .. STORE_SCHEMA_VERSION), as an older veille did. */
int store_create_at_version(const char *path, int version, struct err *e);

/* Copies the write-ahead log to the database on a thread of its own, with
 * a connection of its own, while this writer goes on (a long run of
 * commits: the crawl); the writer checkpoints itself only when the log
 * has grown large all the same. Until store_checkpoint_stop() or
 * store_close(). No-op for a reader or a database in memory. */
int store_checkpoint_aside(struct store *st, struct err *e);
void store_checkpoint_stop(struct store *st);
/* For tests: the same, aside every step pages of log, by the writer at
 * limit; and the number of checkpoints made aside so far. */
int store_checkpoint_aside_at(struct store *st, int step, int limit,
			      struct err *e);
unsigned long store_checkpoint_runs(const struct store *st);

/* ---- transactions (BEGIN IMMEDIATE, so a writer waits for the lock) --- */
int store_begin(struct store *st, struct err *e);
/* New items become searchable in batches: at the commit that makes
 * STORE_FTS_BATCH of them wait, at store_close(), or at the next writer's
 * open after a crash (they are stored and durable at once). */
int store_commit(struct store *st, struct err *e);
/* Safe to call with no open transaction; e may be NULL. */
int store_rollback(struct store *st, struct err *e);

/* ---- feeds ------------------------------------------------------------- */

/* The HTTP and schedule state of a feed; strings owned by the struct, free
 * with store_feed_state_release(). NULL strings mean absent; 0 times mean
 * never. */
struct store_feed_state {
	int64_t id;
	char *name;
	char *url;
	char *kind;		/* "news" or "publication" */
	char *language;
	char *title;
	char *etag;
	char *last_modified;
	int64_t last_fetch;	/* time of the last attempt */
	int last_status;	/* the fetcher's domain result, as it wishes */
	int http_code;
	char *last_error;
	int consecutive_errors;
	int64_t next_due;
	char *disabled_reason;	/* NULL while enabled */
	int redirects;		/* permanent redirects seen in a row */
	char *oai_datestamp;	/* OAI-PMH: last datestamp harvested */
	int64_t bytes;		/* bytes of the last body */
	/* The url of the configuration, when a permanent move made url
	 * differ from it (NULL: the same as url). */
	char *configured_url;
	int64_t last_success;	/* time of the last good answer (0: never) */
	/* The last answer's time to first byte and the time its body took,
	 * milliseconds; -1: never measured. */
	int64_t ttfb_ms, transfer_ms;
};

/* Creates the feed when new, else updates its kind and language from the
 * configuration (its name is its identity) and, when the configured url
 * changed, its url; a feed moved by the server (store_feed_move) keeps
 * its new address while the configuration still says the old one. Stores
 * its id in *feed_id. */
int store_feed_ensure(struct store *st, const char *name, const char *url,
		      const char *kind, const char *language, int64_t *feed_id,
		      struct err *e);
/* A permanent move: the feed is fetched from url from now on, its
 * configured address remembered. */
int store_feed_move(struct store *st, int64_t feed_id, const char *url,
		    struct err *e);
/* The titles the configuration gives feeds, names[i] titled titles[i]
 * (borrowed for the call), replacing any given before: for the reads of
 * this connection, a feed's feed_title is its configured title, else its
 * own (the document's), else its name. */
int store_set_feed_titles(struct store *st, const char *const *names,
			  const char *const *titles, size_t n, struct err *e);
/* Fills *fs with the feed named name. Returns 1 when found, 0 when not
 * (fs then zeroed), negative on error. */
int store_feed_get(struct store *st, const char *name,
		   struct store_feed_state *fs, struct err *e);
/* Writes every state field of fs (by fs->id) except name, url,
 * configured_url, kind and language, which belong to store_feed_ensure()
 * and store_feed_move(). The first last_success written starts the feed's
 * coverage. */
int store_feed_update(struct store *st, const struct store_feed_state *fs,
		      struct err *e);
/* Starts the feed's coverage at t unless it has started (for tools that
 * load items without a crawl). */
int store_feed_cover(struct store *st, int64_t feed_id, int64_t t,
		     struct err *e);
void store_feed_state_release(struct store_feed_state *fs);

/* One feed as listed: its state (borrowed for the callback; the strings are
 * not owned, do not release) and counts. */
struct store_feed_row {
	const struct store_feed_state *fs;
	int64_t items;			/* items stored */
	double items_per_week;		/* first seen in the 4 weeks before now */
	const char *feed_title;		/* the name people see (see
					 * store_set_feed_titles) */
};
/* Calls cb for every feed in the database, by name. */
int store_feed_list(struct store *st, int64_t now,
		    int (*cb)(void *ctx, const struct store_feed_row *r),
		    void *ctx, struct err *e);

/* ---- items --------------------------------------------------------------- */

enum store_item_status {
	STORE_ITEM_NEW = 1,
	STORE_ITEM_UPDATED = 2,	/* content hash changed: rewritten, FTS too */
	STORE_ITEM_UNCHANGED = 3,
};

/* Inserts or updates the item (unique per feed and it->id). A new item gets
 * first_seen = now and joins a story (see below) or starts one; an existing
 * one is rewritten only when its content hash changed (first_seen and story
 * kept). The full-text index follows: an update or delete at once, a new
 * item at store_commit() (one FTS5 statement per transaction; at once when
 * no transaction is open; store_search() flushes too, so a search in the
 * same transaction sees it). Items flagged FEED_ITEM_DELETED are
 * deleted when present. *status gets a store_item_status (0 for a deleted
 * item), *item_id the row id (0 for a deleted item); either may be NULL.
 *
 * Stories: a new item joins the story of an existing item with the same
 * canonical link (url_canonical), the same DOI, arXiv id or HAL id, or,
 * for titles of at least 4 words and 24 characters, the same normalised
 * title (folded, punctuation removed) published within 3 days in another
 * feed whose story holds no item of this feed. */
int store_upsert_item(struct store *st, int64_t feed_id,
		      const struct feed_item *it, int64_t now, int *status,
		      int64_t *item_id, struct err *e);
/* What store_upsert_item derives from an item's fields alone, before it
 * reads the database: store_item_prepare() touches no store, so another
 * thread may prepare items while the writer stores others (the crawl's
 * workers do). The content hash always; with keys, the keys a new or
 * changed item is stored with too (else store_upsert_prepared derives
 * them when the item turns out new or changed). Returns 0, or -1 when out
 * of memory. */
struct store_item_prep {
	char hash[17];		/* content hash */
	char *authors;		/* joined with "; ", NULL when none */
	int keyed;		/* canon and tkey derived */
	char *canon;		/* canonical link, NULL when none */
	char *tkey;		/* title key when distinctive, else NULL */
	/* Set by the caller, NULL by store_item_prepare: the fingerprint of
	 * the rules the caller will classify the item with, written with a
	 * new or changed item (store_set_item_niches then need not). */
	const char *rules_fp;
};
int store_item_prepare(const struct feed_item *it, int keys,
		       struct store_item_prep *p);
void store_item_prep_release(struct store_item_prep *p);
/* store_upsert_item, with p prepared from it. */
int store_upsert_prepared(struct store *st, int64_t feed_id,
			  const struct feed_item *it,
			  const struct store_item_prep *p, int64_t now,
			  int *status, int64_t *item_id, struct err *e);
/* Before a whole document of a feed is stored (index/republish.c): an item
 * whose guid and link are new to the feed but whose title and date are
 * those of an item of the feed no longer in the document is that item
 * republished under a new id; the stored item takes the new guid, so the
 * upsert that follows updates it and keeps its first sighting, story and
 * digest history. *moved counts them. 0 or -1. */
int store_republished(struct store *st, int64_t feed_id,
		      const struct feed_item *items, size_t n, size_t *moved,
		      struct err *e);
/* Deletes an item (its niches and FTS row go with it; an emptied story
 * goes too). Returns 1 when deleted, 0 when absent. */
int store_delete_item(struct store *st, int64_t item_id, struct err *e);

/* How far apart in time two news items with the same distinctive title
 * may be to join one story (seconds; 0: the default, 3 days).
 * Publications join whatever the gap. */
void store_set_story_window(struct store *st, int64_t seconds);

/* Which version of its work an item is, for show: "preprint" (an arXiv
 * or HAL id, or a preprint server's DOI, and no publisher DOI),
 * "published" (a publisher DOI, or an item of a publication feed) or
 * "news". */
struct store_item;
const char *store_item_version(const struct store_item *it);

/* What store_stories_rebuild did: items read, stories before and after,
 * new stories that joined items of several old ones, old stories whose
 * items went to several new ones. */
struct store_rebuild {
	int64_t items, before, after, joined, split;
};
/* Recomputes every item's story under the current rules, in the order
 * the items were stored, in one transaction (all or nothing); with
 * dry_run, says what would change and changes nothing. Idempotent: a
 * second run changes nothing. Digests that carried a story carry the
 * stories its items are in after. progress (may be NULL) is called after
 * each batch of items. 0, or -1 with the error in e. */
int store_stories_rebuild(struct store *st, int dry_run,
			  void (*progress)(void *ctx, int64_t done, int64_t total),
			  void *ctx, struct store_rebuild *out, struct err *e);

/* Runs the rebuild an upgrade asked for (schema 13), once: 0 at once
 * when none is due or the store is read-only. */
int store_stories_upgrade(struct store *st, struct err *e);

/* The normalised title used for story merging: folded, punctuation turned
 * to spaces, white space collapsed. Appends to out. */
int store_title_key(struct buf *out, const char *title);

/* ---- classification --------------------------------------------------------- */

struct store_item_text {
	int64_t id;
	int64_t feed_id;
	const char *feed;
	const char *title;
	const char *summary;
	const char *content;
	const char *language;
	/* the fingerprint of the rules that last classified the item (NULL:
	 * never), and its stored niches and sectors, comma-separated in name
	 * order ("" for none) */
	const char *rules_fp;
	const char *niches;
	const char *sectors;
	/* the analysts' corrections of its niches (store_label),
	 * "+name" or "-name", comma-separated ("" for none) */
	const char *labels;
};

struct store_niche_score {
	const char *niche;		/* the [niche NAME] of the config */
	double score;
	const char *evidence_json;	/* borrowed; may be NULL */
};

/* Replaces every niche of the item by the n given (n may be 0), recording
 * the rules fingerprint (which version of the rules decided). Niches are
 * created by name when new. The analysts' corrections of the item
 * (store_label) then win: a niche labelled -1 is left out, one labelled +1
 * added (see store_label for its score and evidence). */
int store_set_item_niches(struct store *st, int64_t item_id,
			  const struct store_niche_score *v, size_t n,
			  const char *fingerprint, struct err *e);
/* Calls cb for each niche of the item, best score first. */
int store_item_niches(struct store *st, int64_t item_id,
		      int (*cb)(void *ctx, const struct store_niche_score *ns),
		      void *ctx, struct err *e);

/* Reclassification (veille classify). Calls cb for at most limit items
 * (limit <= 0: no limit) with id > after_id, first seen at or after since,
 * whose rules fingerprint is not fingerprint (NULL: every item), in id
 * order, with rules_fp, niches, sectors and labels filled. Do not write from cb:
 * stop it (return 1) and call again after the last id seen. */
int store_each_stale(struct store *st, int64_t since, int64_t after_id,
		     const char *fingerprint, int64_t limit,
		     int (*cb)(void *ctx, const struct store_item_text *it),
		     void *ctx, struct err *e);
/* Sectors, as niches above (the niche member of v names the [sector]);
 * store_set_item_niches() records the fingerprint, so call it too. */
int store_set_item_sectors(struct store *st, int64_t item_id,
			   const struct store_niche_score *v, size_t n,
			   struct err *e);
int store_item_sectors(struct store *st, int64_t item_id,
		       int (*cb)(void *ctx, const struct store_niche_score *ns),
		       void *ctx, struct err *e);
/* The fingerprint of the rules that last classified the item, appended to
 * out: 1 when there is one, 0 when the item was never classified (or does
 * not exist), negative on error. */
int store_item_rules(struct store *st, int64_t item_id, struct buf *out,
		     struct err *e);
/* Calls cb for each rules fingerprint held by items (NULL: items never
 * classified) with its number of items, most items first. */
int store_fingerprints(struct store *st,
		       int (*cb)(void *ctx, const char *fp, int64_t items),
		       void *ctx, struct err *e);

/* ---- analysts' corrections (veille label) ---------------------------- */

/* Records an analyst's correction of item_id: verdict +1 puts the item in
 * niche, -1 takes it out, whatever the rules say, now and at every later
 * classification; a new correction of the same item and niche replaces the
 * old one. The item's niches follow at once: a niche added by a correction
 * (and not by the rules) has the item's best score (at least 1) and the
 * evidence [{"kind":"label","who","at","note"}]. who and at (seconds) say
 * who corrected and when; note may be NULL. Returns 1, or 0 when there is
 * no item item_id (nothing written). */
int store_label(struct store *st, int64_t item_id, const char *niche,
		int verdict, const char *who, int64_t at, const char *note,
		struct err *e);

/* One correction as read back, with its item; strings borrowed for the
 * callback, note and summary may be NULL. */
struct store_label_row {
	int64_t item_id;
	const char *niche;
	int verdict;		/* +1 or -1 */
	const char *who;
	int64_t at;
	const char *note;
	const char *title;
	const char *summary;
	const char *feed;
	const char *language;	/* the item's, else its feed's; may be NULL */
	const char *niches;	/* the item's niches as stored (corrections
				 * applied), comma-separated in name order,
				 * "" for none */
};
/* Calls cb for each correction of item_id (0: of every item), by item
 * then niche. */
int store_labels(struct store *st, int64_t item_id,
		 int (*cb)(void *ctx, const struct store_label_row *r),
		 void *ctx, struct err *e);

/* ---- reading for digests, reports, show -------------------------------- */

/* One item as read back; strings borrowed for the callback. */
struct store_item {
	int64_t id;
	int64_t story_id;
	int64_t feed_id;
	const char *feed;
	const char *feed_title;		/* see store_set_feed_titles */
	const char *feed_kind;		/* "news" or "publication" */
	const char *guid;
	const char *title;
	const char *link;
	const char *summary;
	const char *content;
	const char *authors;		/* "; "-separated */
	const char *language;
	const char *doi;
	const char *arxiv_id;
	const char *hal_id;
	int64_t published;		/* FEED_NO_DATE when absent */
	int64_t updated;
	int64_t first_seen;
	int64_t date;			/* the item's date; FEED_NO_DATE when
					 * undated (or claimed) */
	int64_t claimed_date;		/* the date given, when a claim in the
					 * future; else FEED_NO_DATE */
	/* "published", "updated", "other" (a date of the dialect), "none"
	 * (undated) or "claimed" (undated: a date in the future) */
	const char *date_source;
	int backlog;			/* not news: see STORE_BACKLOG_AGE */
	const char *niche;		/* store_items_between: the niche */
	double score;			/* and its score */
	int nsources;			/* items in the story */
};

/* Reads one item; returns 1 and calls cb once when found, 0 when not. */
int store_get_item(struct store *st, int64_t item_id,
		   int (*cb)(void *ctx, const struct store_item *it), void *ctx,
		   struct err *e);
/* Items first seen in [t0, t1) classified in niche (NULL: any niche, one
 * call per item and niche), best score first then newest. Only the first
 * item seen of each story is listed (its other sources: store_story_items). */
int store_items_between(struct store *st, int64_t t0, int64_t t1,
			const char *niche,
			int (*cb)(void *ctx, const struct store_item *it),
			void *ctx, struct err *e);
/* Every item of a story, oldest first. */
int store_story_items(struct store *st, int64_t story_id,
		      int (*cb)(void *ctx, const struct store_item *it),
		      void *ctx, struct err *e);

/* Stories (not items) first seen in [t0, t1) per niche and feed kind,
 * backlog left out. */
struct store_niche_count {
	const char *niche;
	int64_t news;
	int64_t publications;
};
int store_niche_counts(struct store *st, int64_t t0, int64_t t1,
		       int (*cb)(void *ctx, const struct store_niche_count *c),
		       void *ctx, struct err *e);

/* ---- the trend report ----------------------------------------------------- */

struct store_report_query {
	int64_t from, to;	/* the item's date, else first seen, in
				 * [from, to) */
	int64_t as_of;		/* > 0: only items first seen at or before */
	int64_t text_chars;	/* summary characters handed back (0: none) */
};

/* One item for the report; strings borrowed for the callback, any may be
 * NULL. */
struct store_report_row {
	int64_t date;		/* the item's date, else first seen */
	int64_t first_seen;
	int64_t covered;	/* its feed's coverage start (0: unknown) */
	const char *niches;	/* comma-joined niche names, or NULL */
	const char *sectors;	/* comma-joined sector names, or NULL */
	const char *feed;	/* feed name: the source */
	const char *feed_title;	/* see store_set_feed_titles */
	const char *title;
	const char *link;
	const char *text;	/* the summary's first text_chars characters */
	int publication;	/* the feed's kind is publication */
	int64_t story_id;
	double score;		/* best niche score, 0 when in no niche */
};

/* Calls cb for each item matching q, in id order (so the same database and
 * query give the same sequence, and items added later never come before
 * older ones). Runs inside a read. */
int store_report_rows(struct store *st, const struct store_report_query *q,
		      int (*cb)(void *ctx, const struct store_report_row *r),
		      void *ctx, struct err *e);
/* Appends to out the distinct rules fingerprints recorded on the niches of
 * the items matching q, ", "-separated, most frequent first. Returns how
 * many (0: none recorded), or negative. */
int store_report_fingerprints(struct store *st,
			      const struct store_report_query *q,
			      struct buf *out, struct err *e);

/* ---- members and digests ---------------------------------------------------- */

int store_member_ensure(struct store *st, const char *name, const char *email,
			int64_t *member_id, struct err *e);
/* 1 when member already received story_id in a sent digest, else 0. */
int store_digest_has_story(struct store *st, const char *member,
			   int64_t story_id, struct err *e);
/* 1 when a digest for member and ISO week ("2026-W47") has status "sent". */
int store_digest_sent(struct store *st, const char *member, const char *week,
		      struct err *e);
/* Records (or updates) the digest of member for week with the stories it
 * carried. status: "sent", "failed", ... reply: the server's last reply. */
int store_digest_record(struct store *st, const char *member, const char *week,
			const char *message_id, int64_t sent_at,
			const char *status, const char *reply,
			const int64_t *story_ids, size_t nstories, struct err *e);
/* 1 when member received story_id in a sent digest of a week other than
 * week (so re-sending a week with --force carries its stories again). */
int store_digest_has_story_other_week(struct store *st, const char *member,
				      const char *week, int64_t story_id,
				      struct err *e);
/* 1 when an item of the story is in one of the n sectors (item_sectors),
 * else 0. */
int store_story_in_sectors(struct store *st, int64_t story_id,
			   const char *const *sectors, size_t n,
			   struct err *e);

/* One recorded digest; strings borrowed for the callback, any may be
 * NULL. */
struct store_digest_row {
	const char *member;
	const char *week;	/* "2026-W48" */
	const char *status;	/* "sent", "failed", ... */
	const char *message_id;
	int64_t sent_at;	/* when sent or last tried; 0 when unknown */
	const char *reply;	/* the server's last reply */
	int64_t nstories;
};
/* Calls cb for each recorded digest of member (NULL: every member) and
 * week (NULL: every week), newest week first then by member. */
int store_digest_list(struct store *st, const char *member, const char *week,
		      int (*cb)(void *ctx, const struct store_digest_row *r),
		      void *ctx, struct err *e);

/* ---- picks and member states (picks.c) ---- */

/* Marks item_id for the coming digests with an optional note: for the
 * members who follow one of its niches, or every member (everyone). A
 * second pick of the item replaces the first. 1, 0 when there is no such
 * item, -1 with e set. */
int store_pick(struct store *st, int64_t item_id, const char *note,
	       int everyone, const char *who, int64_t at, struct err *e);
/* 1 when item_id's pick was removed, 0 when it had none, -1. */
int store_unpick(struct store *st, int64_t item_id, struct err *e);

/* One pick; strings borrowed for the callback. */
struct store_pick_row {
	int64_t item_id, story_id;
	const char *title, *link, *feed_title, *note, *who;
	int everyone;
	int64_t at;		/* when picked */
	int64_t item_date;	/* FEED_NO_DATE: undated */
	const char *niches;	/* the item's niches, comma-separated */
};
/* Calls cb for each pick, oldest first. */
int store_picks_each(struct store *st,
		     int (*cb)(void *ctx, const struct store_pick_row *p),
		     void *ctx, struct err *e);

/* Records member name as paused (1) or active (0), over the
 * configuration's paused key. */
int store_member_state_set(struct store *st, const char *name, int paused,
			   const char *who, int64_t at, struct err *e);
/* *paused: 1 or 0 as recorded, -1 when nothing is (the configuration
 * decides). *at (may be NULL): when. 0 or -1. */
int store_member_state(struct store *st, const char *name, int *paused,
		       int64_t *at, struct err *e);

/* ---- search ---------------------------------------------------------------------- */

enum store_sort { STORE_SORT_RANK = 0, STORE_SORT_DATE = 1 };

struct store_search {
	const char *match;		/* an FTS5 expression (query_translate) */
	const char *exact;		/* forms as written, or NULL (see
					 * query_translate_flags) */
	const char *const *niches;	/* any of these; NULL/0: no filter */
	size_t nniches;
	const char *const *sectors;	/* any of these; NULL/0: no filter */
	size_t nsectors;
	const char *feed;		/* feed name, or NULL */
	const char *kind;		/* "news", "publication", or NULL */
	const char *lang;		/* item language (else the feed's) */
	int64_t since;			/* FEED_NO_DATE: no bound; the */
	int64_t until;			/* item's date, else first seen */
	int64_t now;			/* for the recency part of the rank */
	int64_t limit;
	int64_t offset;
	enum store_sort sort;
	int all_items;			/* 0: one hit per story */
	const char *region;		/* a sector name ("region:NAME" for
					 * a [region]), or NULL */
	const char *mark_open;		/* snippet markers, e.g. "\x01" */
	const char *mark_close;
};

/* The number of results store_search() would give q without its limit
 * and offset (stories, or items with all_items): 0, or -1 with e set. */
int store_search_count(struct store *st, const struct store_search *q,
		       int64_t *total, struct err *e);

/* One piece of evidence of an item's niche (the classifier's JSON). */
struct store_evidence {
	const char *kind;	/* "match", "exclude" or "limit" */
	const char *field;	/* title, summary, content, or NULL */
	const char *text;	/* what matched, or NULL */
	const char *pattern;
	int64_t points;		/* -1 when absent */
	int64_t weight;		/* -1 when absent */
	const char *who, *at, *note;	/* an analyst's label (kind "label") */
};

/* Calls cb with each piece of evidence in json (as store_item_niches
 * gives it; anything but a JSON array of objects gives none) until cb
 * returns non-zero; 0, or -1 with e set. The strings live for the call. */
int store_evidence_rows(struct store *st, const char *json,
			int (*cb)(void *ctx, const struct store_evidence *ev),
			void *ctx, struct err *e);

/* What a search filter names. */
enum store_name_kind {
	STORE_NAME_NICHE,
	STORE_NAME_SECTOR,
	STORE_NAME_FEED,
	STORE_NAME_LANG,	/* an item's language, or its feed's */
};

/* 1 when the database knows name as a kind (a niche, a feed ...); 0 when
 * not, with every name of that kind appended to names (when not NULL),
 * each followed by a NUL byte; -1 with e set on error. */
int store_name_known(struct store *st, enum store_name_kind kind,
		     const char *name, struct buf *names, struct err *e);

/* Items of one niche, sector, feed or language (store_group_counts). */
struct store_group_count {
	const char *name;	/* "" for items of no known language */
	int64_t week;		/* first seen in the 7 days before now */
	int64_t month;		/* in the 30 days before now */
	int64_t all;
};

/* Calls cb with the items of each niche (sector, feed, language), most
 * items first, until it returns non-zero; 0, or -1 with e set. */
int store_group_counts(struct store *st, enum store_name_kind kind,
		       int64_t now,
		       int (*cb)(void *ctx, const struct store_group_count *c),
		       void *ctx, struct err *e);

struct store_hit {
	int64_t item_id;
	int64_t story_id;
	const char *title;
	const char *link;
	const char *feed;
	const char *feed_title;		/* see store_set_feed_titles */
	const char *kind;
	int64_t date;			/* the item's date, else first seen */
	int64_t item_date;		/* FEED_NO_DATE when undated */
	int64_t first_seen;
	int64_t claimed_date;		/* a date claimed in the future, or
					 * FEED_NO_DATE */
	const char *date_source;	/* see struct store_item */
	const char *niches;		/* comma-separated, or NULL */
	const char *snippet;		/* with mark_open/mark_close */
	const char *other_feeds;	/* titles of the story's other sources,
					 * ", " */
	double rank;			/* lower is better */
};

/* Runs the search; calls cb per hit in order. Returns the number of hits
 * (>= 0), or negative: a malformed match expression gives "search: ...". */
int store_search(struct store *st, const struct store_search *q,
		 int (*cb)(void *ctx, const struct store_hit *h), void *ctx,
		 struct err *e);

/* ---- maintenance --------------------------------------------------------------- */

struct store_stats {
	int64_t items, stories, feeds, niches, members, digests;
	int64_t db_bytes;
	int64_t oldest, newest;		/* first_seen bounds, 0 when empty */
};
int store_stats(struct store *st, struct store_stats *out, struct err *e);
/* Items first seen per ISO week, most recent first, at most max weeks. */
int store_week_counts(struct store *st, int max,
		      int (*cb)(void *ctx, const char *week, int64_t n),
		      void *ctx, struct err *e);
/* Copies the database to path with SQLite's online backup: one read
 * snapshot (WAL lets a concurrent writer go on), written to "path.tmp" and
 * renamed, so path is never a partial copy. */
int store_backup(struct store *st, const char *path, struct err *e);
/* Deletes items first seen before `before`, except those whose story was
 * sent in a digest and those with a correction (store_label); removes emptied stories. *removed gets the count. */
int store_prune(struct store *st, int64_t before, int64_t *removed,
		struct err *e);
/* Checks that the full-text index matches the items (FTS5
 * integrity-check) and the file's structure (PRAGMA quick_check). */
int store_check(struct store *st, struct err *e);
/* FTS5 optimize, ANALYZE, PRAGMA optimize, and VACUUM when vacuum. */
int store_optimize(struct store *st, int vacuum, struct err *e);

#endif
