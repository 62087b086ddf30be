/* The SQLite store: opening, schema migrations, feeds, items, stories,
 * niches, members and digests. The other files of index/ each hold the
 * queries of one reader (search.c, read.c, report.c, feedlist.c,
 * digests.c, classified.c, maint.c) or the checkpoint thread (ckpt.c);
 * shared declarations in store_int.h. */
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
#include "store_int.h"

/* 'veil': marks a database as veille's, so that another application's
 * SQLite file is never migrated. */
#define STORE_APP_ID 0x7665696c

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

/* Each step takes the schema from version i to i + 1. */
static const char *const schema1[] = {
	"CREATE TABLE feeds("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" url TEXT NOT NULL,"
	" kind TEXT NOT NULL DEFAULT 'news',"
	" language TEXT,"
	" title TEXT,"
	" etag TEXT,"
	" last_modified TEXT,"
	" last_fetch INTEGER,"
	" last_status INTEGER NOT NULL DEFAULT 0,"
	" http_code INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT,"
	" consecutive_errors INTEGER NOT NULL DEFAULT 0,"
	" next_due INTEGER,"
	" disabled_reason TEXT,"
	" redirects INTEGER NOT NULL DEFAULT 0,"
	" bytes INTEGER NOT NULL DEFAULT 0);"
	,
	"CREATE TABLE stories("
	" id INTEGER PRIMARY KEY,"
	" first_seen INTEGER NOT NULL,"
	" title TEXT);"
	"CREATE TABLE items("
	" id INTEGER PRIMARY KEY,"
	" feed_id INTEGER NOT NULL REFERENCES feeds(id),"
	" guid TEXT NOT NULL,"
	" link TEXT,"
	" canonical_link TEXT,"
	" title TEXT,"
	" title_key TEXT,"
	" summary TEXT,"
	" content TEXT,"
	" authors TEXT,"
	" published INTEGER,"
	" updated INTEGER,"
	" first_seen INTEGER NOT NULL,"
	" content_hash TEXT NOT NULL,"
	" doi TEXT,"
	" arxiv_id TEXT,"
	" hal_id TEXT,"
	" language TEXT,"
	" story_id INTEGER NOT NULL REFERENCES stories(id),"
	" UNIQUE(feed_id, guid));"
	"CREATE INDEX items_story ON items(story_id);"
	"CREATE INDEX items_first_seen ON items(first_seen);"
	"CREATE INDEX items_canonical ON items(canonical_link)"
	" WHERE canonical_link IS NOT NULL;"
	"CREATE INDEX items_doi ON items(doi) WHERE doi IS NOT NULL;"
	"CREATE INDEX items_arxiv ON items(arxiv_id) WHERE arxiv_id IS NOT NULL;"
	"CREATE INDEX items_hal ON items(hal_id) WHERE hal_id IS NOT NULL;"
	"CREATE INDEX items_title_key ON items(title_key)"
	" WHERE title_key IS NOT NULL;"
	,
	"CREATE TABLE niches(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	" label TEXT);"
	"CREATE TABLE sectors(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	" label TEXT);"
	"CREATE TABLE item_niches("
	" item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,"
	" niche_id INTEGER NOT NULL REFERENCES niches(id),"
	" score REAL NOT NULL,"
	" evidence TEXT,"
	" fingerprint TEXT,"
	" PRIMARY KEY(item_id, niche_id)) WITHOUT ROWID;"
	"CREATE INDEX item_niches_niche ON item_niches(niche_id);"
	"CREATE TABLE item_sectors("
	" item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,"
	" sector_id INTEGER NOT NULL REFERENCES sectors(id),"
	" score REAL NOT NULL,"
	" PRIMARY KEY(item_id, sector_id)) WITHOUT ROWID;"
	"CREATE TABLE members("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" email TEXT);"
	"CREATE TABLE digests_sent("
	" id INTEGER PRIMARY KEY,"
	" member_id INTEGER NOT NULL REFERENCES members(id),"
	" week TEXT NOT NULL,"
	" message_id TEXT,"
	" sent_at INTEGER,"
	" status TEXT NOT NULL,"
	" reply TEXT,"
	" UNIQUE(member_id, week));"
	,
	/* The full-text index reads its text from the items through a view,
	 * so the text is stored once; content is indexed as plain text. New
	 * items are indexed in one statement per transaction
	 * (store_fts_flush), not by a trigger per item: every INSERT into
	 * items opens a savepoint (constraints, foreign keys), and FTS5
	 * flushes its pending terms at each savepoint, which wrote one tiny
	 * segment per item (3x slower). Deletes and updates are rare and
	 * stay triggers, run after a flush. */
	"CREATE VIEW items_fts_src AS SELECT i.id AS id, i.title AS title,"
	" i.summary AS summary, veille_text(i.content) AS content,"
	" i.authors AS authors, f.name AS feed"
	" FROM items i JOIN feeds f ON f.id = i.feed_id;"
	"CREATE VIRTUAL TABLE items_fts USING fts5(title, summary, content,"
	" authors, feed, content='items_fts_src', content_rowid='id',"
	" tokenize='unicode61 remove_diacritics 2', prefix='2 3');"
	,
	"CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN"
	" INSERT INTO items_fts(items_fts, rowid, title, summary, content,"
	" authors, feed) VALUES ('delete', old.id, old.title, old.summary,"
	" veille_text(old.content), old.authors,"
	" (SELECT name FROM feeds WHERE id = old.feed_id));"
	" END;"
	"CREATE TRIGGER items_fts_au AFTER UPDATE OF title, summary, content,"
	" authors ON items BEGIN"
	" INSERT INTO items_fts(items_fts, rowid, title, summary, content,"
	" authors, feed) VALUES ('delete', old.id, old.title, old.summary,"
	" veille_text(old.content), old.authors,"
	" (SELECT name FROM feeds WHERE id = old.feed_id));"
	" INSERT INTO items_fts(rowid, title, summary, content, authors, feed)"
	" VALUES (new.id, new.title, new.summary, veille_text(new.content),"
	" new.authors, (SELECT name FROM feeds WHERE id = new.feed_id));"
	" END;"
	"CREATE TRIGGER feeds_fts_au AFTER UPDATE OF name ON feeds BEGIN"
	" INSERT INTO items_fts(items_fts, rowid, title, summary, content,"
	" authors, feed) SELECT 'delete', id, title, summary,"
	" veille_text(content), authors, old.name FROM items"
	" WHERE feed_id = old.id;"
	" INSERT INTO items_fts(rowid, title, summary, content, authors, feed)"
	" SELECT id, title, summary, veille_text(content), authors, new.name"
	" FROM items WHERE feed_id = new.id;"
	" END;",
	NULL,
};

/* 1 -> 2: which stories each digest carried (so none is sent twice),
	 * and the OAI-PMH harvesting position. */
static const char *const schema2[] = {
	"ALTER TABLE feeds ADD COLUMN oai_datestamp TEXT;"
	"CREATE TABLE digest_items("
	" digest_id INTEGER NOT NULL REFERENCES digests_sent(id)"
	"  ON DELETE CASCADE,"
	" story_id INTEGER NOT NULL,"
	" PRIMARY KEY(digest_id, story_id)) WITHOUT ROWID;"
	"CREATE INDEX digest_items_story ON digest_items(story_id);",
	NULL,
};

/* 2 -> 3: the rules fingerprint that last classified each item (also when
 * it landed in no niche), so that `veille classify` knows the stale ones;
 * and the evidence of sectors, as for niches. */
static const char *const schema3[] = {
	"ALTER TABLE items ADD COLUMN rules_fp TEXT;"
	"CREATE INDEX items_rules_fp ON items(rules_fp);"
	"ALTER TABLE item_sectors ADD COLUMN evidence TEXT;"
	"CREATE INDEX item_sectors_sector ON item_sectors(sector_id);",
	NULL,
};

/* 3 -> 4, for indexing speed and size (issue 5):
 * - new items wait in fts_pending and are indexed in batches of
 *   STORE_FTS_BATCH across transactions (store_fts_flush): one FTS5
 *   segment per feed made FTS5 merge tiny segments all the time. The
 *   pending list is committed with its items, so a crash loses nothing:
 *   the next writer indexes what is left. Deletes and updates of an item
 *   still pending have nothing to undo in the index.
 * - story keys are 64-bit hashes of the canonical link and of the
 *   normalised title, indexed as integers; a candidate is confirmed on
 *   its link or title (find_story), so a colliding hash never merges.
 * - stories.title was never read.
 * - items_hit: see search.c. */
static const char *const schema4[] = {
	"CREATE TABLE fts_pending(id INTEGER PRIMARY KEY);"
	"ALTER TABLE items ADD COLUMN canon_hash INTEGER;"
	"ALTER TABLE items ADD COLUMN title_hash INTEGER;"
	"UPDATE items SET canon_hash = veille_hash(canonical_link),"
	" title_hash = veille_hash(title_key);"
	"DROP INDEX items_canonical;"
	"DROP INDEX items_title_key;"
	"ALTER TABLE items DROP COLUMN canonical_link;"
	"ALTER TABLE items DROP COLUMN title_key;"
	"CREATE INDEX items_canon_hash ON items(canon_hash)"
	" WHERE canon_hash IS NOT NULL;"
	/* with the date, feed and story (and the date's columns, as SQLite
	 * 3.40 covers a query with columns, not expressions): the items of a
	 * common title ("Weekly news") are filtered without reading their
	 * rows, which made indexing slow down as the database grew */
	"CREATE INDEX items_title_hash ON items(title_hash,"
	" coalesce(published, first_seen), feed_id, story_id, published,"
	" first_seen) WHERE title_hash IS NOT NULL;"
	"DROP INDEX items_story;"
	"CREATE INDEX items_story ON items(story_id, feed_id);"
	"ALTER TABLE stories DROP COLUMN title;"
	/* what search ranks and filters every hit by, so that only the
	 * results shown read their (large) item rows */
	"CREATE INDEX items_hit ON items(id, story_id, published, first_seen,"
	" feed_id, language);"
	/* FTS5 tuning for batches (measured by bench/b20: 15% less CPU to
	 * index): a batch's terms fit the pending hash (default 1 MiB), so a
	 * flush writes one segment, not three; and segments merge 8 at a
	 * time, not 4, which rewrites the index fewer times. More segments
	 * between merges cost searches little; `veille optimize` merges all */
	"INSERT INTO items_fts(items_fts, rank) VALUES ('hashsize', 8388608);"
	"INSERT INTO items_fts(items_fts, rank) VALUES ('automerge', 8);"
	,
	"DROP TRIGGER items_fts_ad;"
	"DROP TRIGGER items_fts_au;"
	"DROP TRIGGER feeds_fts_au;"
	"CREATE TRIGGER items_fts_ai AFTER INSERT ON items BEGIN"
	" INSERT INTO fts_pending(id) VALUES (new.id);"
	" END;"
	"CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN"
	" INSERT INTO items_fts(items_fts, rowid, title, summary, content,"
	" authors, feed) SELECT 'delete', old.id, old.title, old.summary,"
	" veille_text(old.content), old.authors,"
	" (SELECT name FROM feeds WHERE id = old.feed_id)"
	" WHERE NOT EXISTS (SELECT 1 FROM fts_pending WHERE id = old.id);"
	" DELETE FROM fts_pending WHERE id = old.id;"
	" END;"
	"CREATE TRIGGER items_fts_au AFTER UPDATE OF title, summary, content,"
	" authors ON items WHEN NOT EXISTS (SELECT 1 FROM fts_pending"
	" WHERE id = old.id) BEGIN"
	" INSERT INTO items_fts(items_fts, rowid, title, summary, content,"
	" authors, feed) VALUES ('delete', old.id, old.title, old.summary,"
	" veille_text(old.content), old.authors,"
	" (SELECT name FROM feeds WHERE id = old.feed_id));"
	" INSERT INTO items_fts(rowid, title, summary, content, authors, feed)"
	" VALUES (new.id, new.title, new.summary, veille_text(new.content),"
	" new.authors, (SELECT name FROM feeds WHERE id = new.feed_id));"
	" END;"
	"CREATE TRIGGER feeds_fts_au AFTER UPDATE OF name ON feeds BEGIN"
	" INSERT INTO items_fts(items_fts, rowid, title, summary, content,"
	" authors, feed) SELECT 'delete', id, title, summary,"
	" veille_text(content), authors, old.name FROM items"
	" WHERE feed_id = old.id AND id NOT IN (SELECT id FROM fts_pending);"
	" INSERT INTO items_fts(rowid, title, summary, content, authors, feed)"
	" SELECT id, title, summary, veille_text(content), authors, new.name"
	" FROM items WHERE feed_id = new.id"
	" AND id NOT IN (SELECT id FROM fts_pending);"
	" END;",
	NULL,
};

/* 4 -> 5: a feed moved by the server keeps the address the configuration
 * gives apart from the one it is fetched from, so that an operator's edit
 * is told from "not updated yet"; and the last success survives the
 * errors that follow it (`veille feeds`). */
static const char *const schema5[] = {
	"ALTER TABLE feeds ADD COLUMN configured_url TEXT;"
	"ALTER TABLE feeds ADD COLUMN last_success INTEGER;"
	"UPDATE feeds SET last_success = last_fetch"
	" WHERE consecutive_errors = 0 AND last_fetch > 0;",
	NULL,
};

/* 5 -> 6, for indexing speed (issue 5): the store queues a new item for
 * the full-text index itself, in a statement of its own, instead of a
 * trigger on items. A trigger made every item's INSERT a statement that
 * writes two tables and may abort (UNIQUE), for which SQLite keeps a
 * statement journal of the pages it changes; past 64 KiB that journal
 * goes to a temporary file, which was written 1.4 GB for the bench's
 * 60,000 items, half of all the bytes the indexing wrote. And story keys
 * of links start with their host's (canon_key): random keys made each
 * item of a feed write its own page of the index, 14% of all the pages
 * the write-ahead log received. Title keys, random by nature, were 28%:
 * they now live in story_titles, which new items join in batches sorted
 * by key, at the full-text index's flush (store_fts_flush); until then a
 * writer finds them in a table of its own (rebuilt from fts_pending at
 * open, so a crash loses none; see schema7). Triggers keep story_titles in step
 * with updates and deletes of items. */
static const char *const schema6[] = {
	"DROP TRIGGER items_fts_ai;"
	"UPDATE items SET canon_hash = veille_canon_key(link)"
	" WHERE canon_hash IS NOT NULL;"
	"CREATE TABLE story_titles("
	" title_hash INTEGER NOT NULL,"
	" at INTEGER NOT NULL,"
	" item_id INTEGER NOT NULL,"
	" PRIMARY KEY(title_hash, at, item_id)) WITHOUT ROWID;"
	"INSERT INTO story_titles SELECT title_hash,"
	" coalesce(published, first_seen), id FROM items"
	" WHERE title_hash IS NOT NULL"
	" AND id NOT IN (SELECT id FROM fts_pending) ORDER BY 1, 2, 3;"
	"DROP INDEX items_title_hash;"
	"CREATE TRIGGER story_titles_ad AFTER DELETE ON items"
	" WHEN old.title_hash IS NOT NULL BEGIN"
	" DELETE FROM story_titles WHERE title_hash = old.title_hash"
	" AND at = coalesce(old.published, old.first_seen)"
	" AND item_id = old.id;"
	" END;"
	"CREATE TRIGGER story_titles_au AFTER UPDATE OF title_hash, published,"
	" first_seen ON items BEGIN"
	" DELETE FROM story_titles WHERE title_hash = old.title_hash"
	" AND at = coalesce(old.published, old.first_seen)"
	" AND item_id = old.id;"
	" INSERT OR IGNORE INTO story_titles SELECT new.title_hash,"
	" coalesce(new.published, new.first_seen), new.id"
	" WHERE new.title_hash IS NOT NULL;"
	" END;",
	NULL,
};

/* 6 -> 7, for indexing speed at scale (issue 5), where titles repeat
 * ("This week in maintenance"): at 600,000 items a title key had up to
 * 6,000 items, dozens of them within the days a story may span.
 * - story_titles carries each item's feed and story, so that the
 *   candidates of a common title are filtered without reading their
 *   (large) item rows, which made a fifth of the indexing's time;
 * - new items' keys join story_titles in batches of STORE_TITLE_BATCH,
 *   not at each full-text flush (then 2,000 items): the keys are
 *   random, so a batch writes a page of story_titles for nearly every key
 *   once the table outgrows it. They wait in titles_pending (committed
 *   with their items, appended in id order, so cheap to write), from
 *   which a writer rebuilds its mem.pending_titles at open.
 * And for the crawl: the indexes of niche and sector rows by niche and by
 * sector were read by no query (each goes from items to their niches, by
 * the primary key) but written in every feed's transaction, a page per
 * niche and per sector. */
static const char *const schema7[] = {
	"DROP INDEX item_niches_niche;"
	"DROP INDEX item_sectors_sector;"
	"DROP TRIGGER story_titles_ad;"
	"DROP TRIGGER story_titles_au;"
	"ALTER TABLE story_titles RENAME TO story_titles_v6;"
	"CREATE TABLE story_titles("
	" title_hash INTEGER NOT NULL,"
	" at INTEGER NOT NULL,"
	" item_id INTEGER NOT NULL,"
	" feed_id INTEGER NOT NULL,"
	" story_id INTEGER NOT NULL,"
	" PRIMARY KEY(title_hash, at, item_id)) WITHOUT ROWID;"
	"INSERT INTO story_titles SELECT s.title_hash, s.at, s.item_id,"
	" i.feed_id, i.story_id FROM story_titles_v6 s"
	" JOIN items i ON i.id = s.item_id ORDER BY 1, 2, 3;"
	"DROP TABLE story_titles_v6;"
	"CREATE TABLE titles_pending(id INTEGER PRIMARY KEY);"
	"INSERT INTO titles_pending SELECT p.id FROM fts_pending p"
	" JOIN items i ON i.id = p.id WHERE i.title_hash IS NOT NULL;"
	"CREATE TRIGGER story_titles_ad AFTER DELETE ON items"
	" WHEN old.title_hash IS NOT NULL BEGIN"
	" DELETE FROM story_titles WHERE title_hash = old.title_hash"
	" AND at = coalesce(old.published, old.first_seen)"
	" AND item_id = old.id;"
	" DELETE FROM titles_pending WHERE id = old.id;"
	" END;"
	"CREATE TRIGGER story_titles_au AFTER UPDATE OF title_hash, published,"
	" first_seen, feed_id, story_id ON items BEGIN"
	" DELETE FROM story_titles WHERE title_hash = old.title_hash"
	" AND at = coalesce(old.published, old.first_seen)"
	" AND item_id = old.id;"
	" INSERT OR IGNORE INTO story_titles SELECT new.title_hash,"
	" coalesce(new.published, new.first_seen), new.id, new.feed_id,"
	" new.story_id WHERE new.title_hash IS NOT NULL;"
	" END;",
	NULL,
};

/* 7 -> 8, for the crawl (issue 4): niche and sector rows without
 * foreign keys. Each row's INSERT looked up its item and its niche, two
 * searches that were 5% of the crawl's main thread (b40), for rows that
 * only the store writes, for the item it has just written and niches it
 * has just found or made. A trigger deletes them with their item, as
 * ON DELETE CASCADE did. */
static const char *const schema8[] = {
	/* new tables renamed into place, so that nothing referring to the
	 * old names is rewritten */
	"CREATE TABLE item_niches_v8("
	" item_id INTEGER NOT NULL,"
	" niche_id INTEGER NOT NULL,"
	" score REAL NOT NULL,"
	" evidence TEXT,"
	" fingerprint TEXT,"
	" PRIMARY KEY(item_id, niche_id)) WITHOUT ROWID;"
	"INSERT INTO item_niches_v8 SELECT item_id, niche_id, score, evidence,"
	" fingerprint FROM item_niches ORDER BY 1, 2;"
	"DROP TABLE item_niches;"
	"ALTER TABLE item_niches_v8 RENAME TO item_niches;"
	"CREATE TABLE item_sectors_v8("
	" item_id INTEGER NOT NULL,"
	" sector_id INTEGER NOT NULL,"
	" score REAL NOT NULL,"
	" evidence TEXT,"
	" PRIMARY KEY(item_id, sector_id)) WITHOUT ROWID;"
	"INSERT INTO item_sectors_v8 SELECT item_id, sector_id, score, evidence"
	" FROM item_sectors ORDER BY 1, 2;"
	"DROP TABLE item_sectors;"
	"ALTER TABLE item_sectors_v8 RENAME TO item_sectors;"
	"CREATE TRIGGER item_groups_ad AFTER DELETE ON items BEGIN"
	" DELETE FROM item_niches WHERE item_id = old.id;"
	" DELETE FROM item_sectors WHERE item_id = old.id;"
	" END;",
	NULL,
};

/* 8 -> 9 (issue 19): the analysts' corrections (veille label). One row
 * per item and niche: verdict +1 puts the item in the niche whatever the
 * rules say, -1 takes it out. item_niches holds the corrected set (the
 * store applies the corrections when it writes an item's niches), so
 * that every reader of item_niches sees it; the rules' own verdict is
 * recomputed by explain and rules eval. The corrections go with their
 * item, as its niches do. */
static const char *const schema9[] = {
	"CREATE TABLE labels("
	" item_id INTEGER NOT NULL,"
	" niche_id INTEGER NOT NULL REFERENCES niches(id),"
	" verdict INTEGER NOT NULL CHECK (verdict IN (-1, 1)),"
	" who TEXT NOT NULL,"
	" at INTEGER NOT NULL,"
	" note TEXT,"
	" PRIMARY KEY(item_id, niche_id)) WITHOUT ROWID;"
	"CREATE TRIGGER labels_ad AFTER DELETE ON items BEGIN"
	" DELETE FROM labels WHERE item_id = old.id;"
	" END;",
	NULL,
};

/* An item's date from the date d its source gives, in a statement on
 * its row: a claim when after the first sighting by more than the slack. */
#define ITEM_DATE_SQL(d) \
	"CASE WHEN " d " <= first_seen + " STORE_FUTURE_SLACK_SQL \
	" THEN " d " END"

/* 9 -> 10, the item's own date (issue 20): the date an item's source
 * gives (given_date: published, else updated, else another date of the
 * dialect, see feed_item_date()) and which it was; item_date is that date
 * unless it lies more than STORE_FUTURE_SLACK after the item's first
 * sighting, which makes it a claim and the item undated. Each feed's
 * coverage starts at its first successful crawl; an item of that crawl, or
 * dated more than STORE_BACKLOG_AGE before it was first seen, is backlog.
 * Dates were stored as given, so every existing item gets its date back:
 * an updated-only item, read as dated by its crawl until now, is dated by
 * its update. OAI-PMH records (guids "oai:") had their dc:date in
 * published and datestamp in updated: both are "other". An RSS dc:date
 * was stored as published and stays labelled so. A feed's coverage starts
 * at its first item's sighting (else its last success). */
static const char *const schema10[] = {
	"ALTER TABLE items ADD COLUMN given_date INTEGER;"
	"ALTER TABLE items ADD COLUMN date_source TEXT;"
	/* written, not generated: search reads it from items_hit, and
	 * SQLite reads a generated column from the row, not an index */
	"ALTER TABLE items ADD COLUMN item_date INTEGER;"
	"ALTER TABLE items ADD COLUMN backlog INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE feeds ADD COLUMN coverage_start INTEGER;"
	"UPDATE items SET given_date = coalesce(published, updated),"
	" date_source = CASE WHEN coalesce(published, updated) IS NULL"
	" THEN NULL WHEN guid LIKE 'oai:%' THEN 'other'"
	" WHEN published IS NOT NULL THEN 'published' ELSE 'updated' END;"
	"UPDATE items SET item_date = " ITEM_DATE_SQL("given_date") ";"
	"UPDATE feeds SET coverage_start = coalesce((SELECT min(first_seen)"
	" FROM items WHERE feed_id = feeds.id), last_success);"
	"UPDATE items SET backlog = 1 WHERE first_seen <= (SELECT"
	" coverage_start FROM feeds WHERE id = items.feed_id)"
	" OR item_date < first_seen - " STORE_BACKLOG_AGE_SQL ";"
	"DROP INDEX items_hit;"
	"CREATE INDEX items_hit ON items(id, story_id, item_date, first_seen,"
	" feed_id, language);",
	NULL,
};

static const char *const *const migrations[] = {
	schema1, schema2, schema3, schema4, schema5, schema6, schema7, schema8,
	schema9, schema10, store_schema_stories
};

_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_SCHEMA_VERSION,
	       "one migration per schema version");
_Static_assert(STORE_FUTURE_SLACK == 86400 && STORE_BACKLOG_AGE == 604800,
	       "the SQL literals of store_int.h follow store.h");

int store_db_err(struct store *st, struct err *e, const char *what)
{
	return err_set(e, "%s: %s", what, sqlite3_errmsg(st->db));
}

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

int64_t store_key(const char *s)
{
	return (int64_t)str_hash64(s, strlen(s));
}

/* The story key of a canonical link: the hash of its host in the top 20
 * bits, the whole link's below. The links of one site (most of a feed's
 * items) sit side by side in items_canon_hash, so storing a feed writes a
 * few pages of that index, not one per item (schema 6). Matches are
 * confirmed on the link, as for any hash. */
int64_t canon_key(const char *canon)
{
	const uint64_t low = ((uint64_t)1 << 44) - 1;
	const char *h = strstr(canon, "://");
	uint64_t host, all = str_hash64(canon, strlen(canon));

	h = h ? h + 3 : canon;
	host = str_hash64(h, strcspn(h, "/?#"));
	return (int64_t)((host & ~low) | (all & low));
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

static int exec(struct store *st, const char *sql, struct err *e)
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

static int apply_migrations(struct store *st, int from, int to, struct err *e)
{
	int v;
	char sql[64];

	const char *const *m;

	for (v = from; v < to; v++) {
		for (m = migrations[v]; *m; m++) {
			if (exec(st, *m, e) < 0) {
				err_prefix(e, "migrating to schema %d", v + 1);
				return -1;
			}
		}
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d;", to);
	if (exec(st, sql, e) < 0)
		return -1;
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d;", STORE_APP_ID);
	return exec(st, sql, e);
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
	if (exec(st, "PRAGMA foreign_keys = ON;"
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
	if (exec(st, "PRAGMA page_size = " STR(STORE_PAGE_SIZE) ";"
		 " PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
		 " PRAGMA cache_size = " STORE_CACHE_KIB ";"
		 " PRAGMA wal_autocheckpoint = " STR(STORE_WAL_LIMIT) ";"
		 " PRAGMA secure_delete = FAST;", e) < 0)
		goto fail;
	if (v < target) {
		if (exec(st, "BEGIN IMMEDIATE;", e) < 0)
			goto fail;
		/* another process may have migrated while we waited */
		if (pragma_int(st, "PRAGMA user_version", &v, e) < 0 ||
		    (v < target && apply_migrations(st, (int)v, target, e) < 0) ||
		    exec(st, "COMMIT;", e) < 0) {
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
	    (exec(st, "ATTACH DATABASE ':memory:' AS mem;"
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
	if (store_stories_upgrade(st, e) < 0)
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

	if (exec(st, "DELETE FROM temp.feed_titles;", e) < 0)
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
	if (exec(st, "BEGIN IMMEDIATE;", e) < 0)
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
	if (exec(st, "COMMIT;", e) < 0) {
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
	if (own && exec(st, "BEGIN IMMEDIATE;", e) < 0)
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
	if (own && exec(st, "COMMIT;", e) < 0)
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
	if (exec(st, "ROLLBACK;", e) < 0)
		return -1;
	/* what waited before this transaction still waits */
	if (pragma_int(st, "SELECT count(*) FROM fts_pending", &n, NULL) == 0)
		st->fts_pending = n;
	if (st->titles_ready &&
	    pragma_int(st, "SELECT count(*) FROM titles_pending", &n, NULL) == 0)
		st->titles_pending = n;
	return 0;
}

/* ---- feeds ---- */

int store_feed_ensure(struct store *st, const char *name, const char *url,
		      const char *kind, const char *language, int64_t *feed_id,
		      struct err *e)
{
	sqlite3_stmt *s;

	if (store_prepare(st, STMT_FEED_ENSURE,
			  "INSERT INTO feeds(name, url, kind, language)"
			  " VALUES (?1, ?2, coalesce(?3, 'news'), ?4)"
			  " ON CONFLICT(name) DO UPDATE SET"
			  " url = CASE WHEN coalesce(configured_url, url) = ?2"
			  "  THEN url ELSE ?2 END,"
			  " configured_url = CASE WHEN coalesce(configured_url, url)"
			  "  = ?2 THEN configured_url ELSE NULL END,"
			  " kind = coalesce(?3, kind), language = ?4"
			  " RETURNING id", &s, e) < 0)
		return -1;
	store_bind_text(s, 1, name);
	store_bind_text(s, 2, url ? url : "");
	store_bind_text(s, 3, kind);
	store_bind_text(s, 4, language);
	if (sqlite3_step(s) != SQLITE_ROW) {
		store_db_err(st, e, "feed");
		sqlite3_reset(s);
		return -1;
	}
	if (feed_id)
		*feed_id = sqlite3_column_int64(s, 0);
	while (sqlite3_step(s) == SQLITE_ROW)
		;
	sqlite3_reset(s);
	return 0;
}

int store_feed_move(struct store *st, int64_t feed_id, const char *url,
		    struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, STMT_FEED_MOVE,
			  "UPDATE feeds SET configured_url ="
			  " coalesce(configured_url, url), url = ?2 WHERE id = ?1",
			  &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, feed_id);
	store_bind_text(s, 2, url);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "feed url");
	return 0;
}

int store_feed_cover(struct store *st, int64_t feed_id, int64_t t,
		     struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "UPDATE feeds SET coverage_start ="
			       " coalesce(coverage_start, ?2) WHERE id = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "feed coverage");
	sqlite3_bind_int64(s, 1, feed_id);
	sqlite3_bind_int64(s, 2, t);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "feed coverage");
	return 0;
}

static char *dup_col(sqlite3_stmt *s, int i, int *oom)
{
	const char *t = store_col_text(s, i);
	char *d;

	if (!t)
		return NULL;
	d = v_strdup(t);
	if (!d)
		*oom = 1;
	return d;
}

void store_feed_state_release(struct store_feed_state *fs)
{
	v_free(fs->name);
	v_free(fs->url);
	v_free(fs->kind);
	v_free(fs->language);
	v_free(fs->title);
	v_free(fs->etag);
	v_free(fs->last_modified);
	v_free(fs->last_error);
	v_free(fs->disabled_reason);
	v_free(fs->oai_datestamp);
	v_free(fs->configured_url);
	memset(fs, 0, sizeof *fs);
}

int store_feed_get(struct store *st, const char *name,
		   struct store_feed_state *fs, struct err *e)
{
	sqlite3_stmt *s;
	int rc, oom = 0;

	memset(fs, 0, sizeof *fs);
	if (store_prepare(st, STMT_FEED_GET,
			  "SELECT id, name, url, kind, language, title, etag,"
			  " last_modified, last_fetch, last_status, http_code,"
			  " last_error, consecutive_errors, next_due,"
			  " disabled_reason, redirects, oai_datestamp, bytes,"
			  " configured_url, last_success"
			  " FROM feeds WHERE name = ?1", &s, e) < 0)
		return -1;
	store_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	if (rc != SQLITE_ROW) {
		store_db_err(st, e, "feed");
		sqlite3_reset(s);
		return -1;
	}
	fs->id = sqlite3_column_int64(s, 0);
	fs->name = dup_col(s, 1, &oom);
	fs->url = dup_col(s, 2, &oom);
	fs->kind = dup_col(s, 3, &oom);
	fs->language = dup_col(s, 4, &oom);
	fs->title = dup_col(s, 5, &oom);
	fs->etag = dup_col(s, 6, &oom);
	fs->last_modified = dup_col(s, 7, &oom);
	fs->last_fetch = sqlite3_column_int64(s, 8);
	fs->last_status = sqlite3_column_int(s, 9);
	fs->http_code = sqlite3_column_int(s, 10);
	fs->last_error = dup_col(s, 11, &oom);
	fs->consecutive_errors = sqlite3_column_int(s, 12);
	fs->next_due = sqlite3_column_int64(s, 13);
	fs->disabled_reason = dup_col(s, 14, &oom);
	fs->redirects = sqlite3_column_int(s, 15);
	fs->oai_datestamp = dup_col(s, 16, &oom);
	fs->bytes = sqlite3_column_int64(s, 17);
	fs->configured_url = dup_col(s, 18, &oom);
	fs->last_success = sqlite3_column_int64(s, 19);
	sqlite3_reset(s);
	if (oom) {
		store_feed_state_release(fs);
		return err_set(e, "out of memory");
	}
	return 1;
}

int store_feed_update(struct store *st, const struct store_feed_state *fs,
		      struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, STMT_FEED_UPDATE,
			  "UPDATE feeds SET title = ?2, etag = ?3,"
			  " last_modified = ?4, last_fetch = ?5,"
			  " last_status = ?6, http_code = ?7, last_error = ?8,"
			  " consecutive_errors = ?9, next_due = ?10,"
			  " disabled_reason = ?11, redirects = ?12,"
			  " oai_datestamp = ?13, bytes = ?14, last_success = ?15,"
			  " coverage_start = coalesce(coverage_start, ?15)"
			  " WHERE id = ?1",
			  &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, fs->id);
	store_bind_text(s, 2, fs->title);
	store_bind_text(s, 3, fs->etag);
	store_bind_text(s, 4, fs->last_modified);
	sqlite3_bind_int64(s, 5, fs->last_fetch);
	sqlite3_bind_int(s, 6, fs->last_status);
	sqlite3_bind_int(s, 7, fs->http_code);
	store_bind_text(s, 8, fs->last_error);
	sqlite3_bind_int(s, 9, fs->consecutive_errors);
	sqlite3_bind_int64(s, 10, fs->next_due);
	store_bind_text(s, 11, fs->disabled_reason);
	sqlite3_bind_int(s, 12, fs->redirects);
	store_bind_text(s, 13, fs->oai_datestamp);
	sqlite3_bind_int64(s, 14, fs->bytes);
	if (fs->last_success > 0)
		sqlite3_bind_int64(s, 15, fs->last_success);
	else
		sqlite3_bind_null(s, 15);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "feed state");
	if (sqlite3_changes(st->db) == 0)
		return err_set(e, "no feed with id %lld", (long long)fs->id);
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

/* ---- classification ---- */

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

int store_clear_item_rows(struct store *st, int sector, int64_t item_id,
			  struct err *e)
{
	int64_t *fresh = sector ? &st->fresh_sectors : &st->fresh_niches;
	sqlite3_stmt *s;
	int rc;

	if (item_id == *fresh) {
		*fresh = 0;	/* nothing to clear, once */
		return 0;
	}
	if (sector ?
	    store_prepare(st, STMT_SECTORS_CLEAR,
			  "DELETE FROM item_sectors WHERE item_id = ?1", &s, e) < 0 :
	    store_prepare(st, STMT_NICHES_CLEAR,
			  "DELETE FROM item_niches WHERE item_id = ?1", &s, e) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, item_id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 :
	       store_db_err(st, e, sector ? "sectors" : "niches");
}

int store_set_item_niches(struct store *st, int64_t item_id,
			  const struct store_niche_score *v, size_t n,
			  const char *fingerprint, struct err *e)
{
	sqlite3_stmt *s;
	size_t i;
	int64_t nid = 0;
	/* a new item has no correction yet */
	const int fresh = item_id == st->fresh_niches;
	int rc;

	if (store_clear_item_rows(st, 0, item_id, e) < 0)
		return -1;
	/* written with the item when store_upsert_prepared was told */
	if (item_id != st->fp_item || !fingerprint ||
	    strcmp(fingerprint, st->fp)) {
		if (store_prepare(st, STMT_ITEM_RULES_FP,
				  "UPDATE items SET rules_fp = ?2 WHERE id = ?1",
				  &s, e) < 0)
			return -1;
		sqlite3_bind_int64(s, 1, item_id);
		store_bind_text(s, 2, fingerprint);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_db_err(st, e, "item rules");
	}
	st->fp_item = 0;
	/* A plain INSERT: the item's rows are gone (cleared above, or it is
	 * new) and a taxonomy names each niche once. OR REPLACE made every
	 * row a statement that may delete and abort (foreign keys), which
	 * SQLite runs with a statement journal of the pages it changes; in
	 * b40's crawl those journals went to temporary files, 490,000
	 * writes of 8 KiB for 58,670 items. */
	for (i = 0; i < n; i++) {
		if (!v[i].niche)
			return err_set(e, "niche without a name");
		if (store_group_id(st, 0, v[i].niche, &nid, e) < 0)
			return -1;
		if (store_prepare(st, STMT_NICHES_ADD,
				  "INSERT INTO item_niches(item_id,"
				  " niche_id, score, evidence, fingerprint)"
				  " VALUES (?1, ?2, ?3, ?4, ?5)", &s, e) < 0)
			return -1;
		sqlite3_bind_int64(s, 1, item_id);
		sqlite3_bind_int64(s, 2, nid);
		sqlite3_bind_double(s, 3, v[i].score);
		store_bind_static(s, 4, v[i].evidence_json);
		store_bind_static(s, 5, fingerprint);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_db_err(st, e, "item niches");
	}
	return st->labels && !fresh ? store_labels_apply(st, item_id, e) : 0;
}

int store_item_niches(struct store *st, int64_t item_id,
		      int (*cb)(void *ctx, const struct store_niche_score *ns),
		      void *ctx, struct err *e)
{
	sqlite3_stmt *s;
	struct store_niche_score ns;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(st->db,
			       "SELECT x.name, n.score, n.evidence FROM item_niches n"
			       " JOIN niches x ON x.id = n.niche_id"
			       " WHERE n.item_id = ?1 ORDER BY n.score DESC, x.name",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "niches");
	sqlite3_bind_int64(s, 1, item_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ns.niche = store_col_text(s, 0);
		ns.score = sqlite3_column_double(s, 1);
		ns.evidence_json = store_col_text(s, 2);
		if ((stop = cb(ctx, &ns)) != 0)
			break;
	}
	if (!stop && rc != SQLITE_DONE)
		store_db_err(st, e, "niches");
	sqlite3_finalize(s);
	return stop ? stop : (rc == SQLITE_DONE ? 0 : -1);
}

/* ---- members and digests ---- */

int store_member_ensure(struct store *st, const char *name, const char *email,
			int64_t *member_id, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO members(name, email) VALUES (?1, ?2)"
			       " ON CONFLICT(name) DO UPDATE SET email = ?2"
			       " RETURNING id", -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "member");
	store_bind_text(s, 1, name);
	store_bind_text(s, 2, email);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && member_id)
		*member_id = sqlite3_column_int64(s, 0);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_db_err(st, e, "member");
}

static int query_exists(struct store *st, const char *sql, const char *a,
			const char *b, int64_t n, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "digests");
	store_bind_text(s, 1, a);
	if (b)
		store_bind_text(s, 2, b);
	else
		sqlite3_bind_int64(s, 2, n);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_db_err(st, e, "digests");
}

int store_digest_has_story(struct store *st, const char *member,
			   int64_t story_id, struct err *e)
{
	return query_exists(st, "SELECT 1 FROM digest_items di"
			    " JOIN digests_sent d ON d.id = di.digest_id"
			    " JOIN members m ON m.id = d.member_id"
			    " WHERE m.name = ?1 AND di.story_id = ?2"
			    " AND d.status = 'sent'", member, NULL, story_id, e);
}

int store_digest_sent(struct store *st, const char *member, const char *week,
		      struct err *e)
{
	return query_exists(st, "SELECT 1 FROM digests_sent d"
			    " JOIN members m ON m.id = d.member_id"
			    " WHERE m.name = ?1 AND d.week = ?2"
			    " AND d.status = 'sent'", member, week, 0, e);
}

int store_digest_record(struct store *st, const char *member, const char *week,
			const char *message_id, int64_t sent_at,
			const char *status, const char *reply,
			const int64_t *story_ids, size_t nstories, struct err *e)
{
	sqlite3_stmt *s;
	int64_t mid = 0, did = 0;
	size_t i;
	int rc;

	if (store_member_ensure(st, member, NULL, &mid, e) < 0)
		return -1;
	/* keeps the e-mail address a member may already have */
	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO digests_sent(member_id, week, message_id,"
			       " sent_at, status, reply) VALUES (?1, ?2, ?3, ?4,"
			       " ?5, ?6) ON CONFLICT(member_id, week) DO UPDATE SET"
			       " message_id = ?3, sent_at = ?4, status = ?5,"
			       " reply = ?6 RETURNING id", -1, &s, NULL) != SQLITE_OK)
		return store_db_err(st, e, "digest");
	sqlite3_bind_int64(s, 1, mid);
	store_bind_text(s, 2, week);
	store_bind_text(s, 3, message_id);
	sqlite3_bind_int64(s, 4, sent_at);
	store_bind_text(s, 5, status ? status : "sent");
	store_bind_text(s, 6, reply);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		did = sqlite3_column_int64(s, 0);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, e, "digest");
	if (sqlite3_prepare_v2(st->db,
			       "INSERT OR IGNORE INTO digest_items(digest_id,"
			       " story_id) VALUES (?1, ?2)", -1, &s,
			       NULL) != SQLITE_OK)
		return store_db_err(st, e, "digest");
	for (i = 0; i < nstories; i++) {
		sqlite3_bind_int64(s, 1, did);
		sqlite3_bind_int64(s, 2, story_ids[i]);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(s);
			return store_db_err(st, e, "digest items");
		}
	}
	sqlite3_finalize(s);
	return 0;
}

/* The store's path, for messages. */
const char *store_path(const struct store *st)
{
	return st->path;
}

int store_errno_msg(struct err *e, const char *what, const char *path)
{
	return err_set(e, "%s '%s': %s", what, path, strerror(errno));
}
