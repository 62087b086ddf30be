/* The database schema: the current one, which creates a new database in
 * one step, and the migrations, which take an existing database from each
 * version to the next. A change of schema adds a migration AND changes
 * schema_current the same way: tests/unit/test_schema.c checks that a
 * database migrated from version 1 and a new one have the same tables,
 * columns, indexes, views and triggers. */
#include <stdio.h>

#include "stem.h"
#include "store_int.h"

/* ---- the current schema (version STORE_SCHEMA_VERSION) ---- */

static const char *const schema_current[] = {
	/* a configured feed and its crawl state */
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
	" bytes INTEGER NOT NULL DEFAULT 0,"
	" oai_datestamp TEXT,"
	" configured_url TEXT,"
	" last_success INTEGER,"
	" coverage_start INTEGER,"
	" ttfb_ms INTEGER,"
	" transfer_ms INTEGER);",
	/* one work or event, seen in one or more items */
	"CREATE TABLE stories("
	" id INTEGER PRIMARY KEY,"
	" first_seen INTEGER NOT NULL);",
	/* one entry of one feed (guid unique within its feed) */
	"CREATE TABLE items("
	" id INTEGER PRIMARY KEY,"
	" feed_id INTEGER NOT NULL REFERENCES feeds(id),"
	" guid TEXT NOT NULL,"
	" link TEXT,"
	" title TEXT,"
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
	" rules_fp TEXT,"
	" canon_hash INTEGER,"
	" title_hash INTEGER,"
	" given_date INTEGER,"
	" date_source TEXT,"
	" item_date INTEGER,"
	" backlog INTEGER NOT NULL DEFAULT 0,"
	" UNIQUE(feed_id, guid));",
	"CREATE INDEX items_first_seen ON items(first_seen);",
	"CREATE INDEX items_doi ON items(doi) WHERE doi IS NOT NULL;",
	"CREATE INDEX items_arxiv ON items(arxiv_id) WHERE arxiv_id IS NOT NULL;",
	"CREATE INDEX items_hal ON items(hal_id) WHERE hal_id IS NOT NULL;",
	"CREATE INDEX items_rules_fp ON items(rules_fp);",
	"CREATE INDEX items_canon_hash ON items(canon_hash)"
	" WHERE canon_hash IS NOT NULL;",
	"CREATE INDEX items_story ON items(story_id, feed_id);",
	"CREATE INDEX items_hit ON items(id, story_id, item_date, first_seen,"
	" feed_id, language);",
	/* a feed's items by date: republished items (index/republish.c) */
	"CREATE INDEX items_feed_date ON items(feed_id, published)"
	" WHERE published IS NOT NULL;",
	/* the niches and sectors of the configuration, by name */
	"CREATE TABLE niches(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	" label TEXT);",
	"CREATE TABLE sectors(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	" label TEXT);",
	"CREATE TABLE item_niches("
	" item_id INTEGER NOT NULL,"
	" niche_id INTEGER NOT NULL,"
	" score REAL NOT NULL,"
	" evidence TEXT,"
	" fingerprint TEXT,"
	" PRIMARY KEY(item_id, niche_id)) WITHOUT ROWID;",
	"CREATE TABLE item_sectors("
	" item_id INTEGER NOT NULL,"
	" sector_id INTEGER NOT NULL,"
	" score REAL NOT NULL,"
	" evidence TEXT,"
	" PRIMARY KEY(item_id, sector_id)) WITHOUT ROWID;",
	"CREATE TRIGGER item_groups_ad AFTER DELETE ON items BEGIN"
	" DELETE FROM item_niches WHERE item_id = old.id;"
	" DELETE FROM item_sectors WHERE item_id = old.id;"
	" END;",
	/* the analysts' corrections (veille label) */
	"CREATE TABLE labels("
	" item_id INTEGER NOT NULL,"
	" niche_id INTEGER NOT NULL REFERENCES niches(id),"
	" verdict INTEGER NOT NULL CHECK (verdict IN (-1, 1)),"
	" who TEXT NOT NULL,"
	" at INTEGER NOT NULL,"
	" note TEXT,"
	" PRIMARY KEY(item_id, niche_id)) WITHOUT ROWID;",
	"CREATE TRIGGER labels_ad AFTER DELETE ON items BEGIN"
	" DELETE FROM labels WHERE item_id = old.id;"
	" END;",
	/* members, the digests sent to them and the stories each held */
	"CREATE TABLE members("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" email TEXT);",
	"CREATE TABLE digests_sent("
	" id INTEGER PRIMARY KEY,"
	" member_id INTEGER NOT NULL REFERENCES members(id),"
	" week TEXT NOT NULL,"
	" message_id TEXT,"
	" sent_at INTEGER,"
	" status TEXT NOT NULL,"
	" reply TEXT,"
	" UNIQUE(member_id, week));",
	"CREATE TABLE digest_items("
	" digest_id INTEGER NOT NULL REFERENCES digests_sent(id)"
	" ON DELETE CASCADE,"
	" story_id INTEGER NOT NULL,"
	" PRIMARY KEY(digest_id, story_id)) WITHOUT ROWID;",
	"CREATE INDEX digest_items_story ON digest_items(story_id);",
	/* the full-text index, external content: items_fts_src; items of
	 * fts_pending are indexed at the next batch (store_fts_flush) */
	"CREATE VIEW items_fts_src AS SELECT i.id AS id, i.title AS title,"
	" i.summary AS summary, veille_text(i.content) AS content,"
	" i.authors AS authors, f.name AS feed"
	" FROM items i JOIN feeds f ON f.id = i.feed_id;",
	"CREATE VIRTUAL TABLE items_fts USING fts5(title, summary, content,"
	" authors, feed, content='items_fts_src', content_rowid='id',"
	" tokenize='" STEM_TOKENIZER " remove_diacritics 2', prefix='2 3');",
	"CREATE TABLE fts_pending(id INTEGER PRIMARY KEY);",
	"CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN"
	" INSERT INTO items_fts(items_fts, rowid, title, summary, content,"
	" authors, feed) SELECT 'delete', old.id, old.title, old.summary,"
	" veille_text(old.content), old.authors,"
	" (SELECT name FROM feeds WHERE id = old.feed_id)"
	" WHERE NOT EXISTS (SELECT 1 FROM fts_pending WHERE id = old.id);"
	" DELETE FROM fts_pending WHERE id = old.id;"
	" END;",
	"CREATE TRIGGER items_fts_au AFTER UPDATE OF title, summary, content,"
	" authors ON items"
	" WHEN NOT EXISTS (SELECT 1 FROM fts_pending WHERE id = old.id) BEGIN"
	" INSERT INTO items_fts(items_fts, rowid, title, summary, content,"
	" authors, feed) VALUES ('delete', old.id, old.title, old.summary,"
	" veille_text(old.content), old.authors,"
	" (SELECT name FROM feeds WHERE id = old.feed_id));"
	" INSERT INTO items_fts(rowid, title, summary, content, authors, feed)"
	" VALUES (new.id, new.title, new.summary, veille_text(new.content),"
	" new.authors, (SELECT name FROM feeds WHERE id = new.feed_id));"
	" END;",
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
	/* items by title key and date, for story merging by title; keys of
	 * titles_pending join at the next batch (store_titles_flush) */
	"CREATE TABLE story_titles("
	" title_hash INTEGER NOT NULL,"
	" at INTEGER NOT NULL,"
	" item_id INTEGER NOT NULL,"
	" feed_id INTEGER NOT NULL,"
	" story_id INTEGER NOT NULL,"
	" PRIMARY KEY(title_hash, at, item_id)) WITHOUT ROWID;",
	"CREATE TABLE titles_pending(id INTEGER PRIMARY KEY);",
	"CREATE TRIGGER story_titles_ad AFTER DELETE ON items"
	" WHEN old.title_hash IS NOT NULL BEGIN"
	" DELETE FROM story_titles WHERE title_hash = old.title_hash"
	" AND at = coalesce(old.published, old.first_seen)"
	" AND item_id = old.id;"
	" DELETE FROM titles_pending WHERE id = old.id;"
	" END;",
	"CREATE TRIGGER story_titles_au AFTER UPDATE OF title_hash, published,"
	" first_seen, feed_id, story_id ON items BEGIN"
	" DELETE FROM story_titles WHERE title_hash = old.title_hash"
	" AND at = coalesce(old.published, old.first_seen)"
	" AND item_id = old.id;"
	" INSERT OR IGNORE INTO story_titles SELECT new.title_hash,"
	" coalesce(new.published, new.first_seen), new.id, new.feed_id,"
	" new.story_id WHERE new.title_hash IS NOT NULL;"
	" END;",
	/* the analyst's picks for the coming digests (veille pick) */
	"CREATE TABLE picks("
	" item_id INTEGER PRIMARY KEY,"
	" note TEXT,"
	" everyone INTEGER NOT NULL DEFAULT 0,"
	" who TEXT NOT NULL,"
	" at INTEGER NOT NULL);",
	"CREATE TRIGGER picks_ad AFTER DELETE ON items BEGIN"
	" DELETE FROM picks WHERE item_id = old.id;"
	" END;",
	/* a member paused or resumed by veille member, over the
	 * configuration's paused key */
	"CREATE TABLE member_states("
	" name TEXT PRIMARY KEY,"
	" paused INTEGER NOT NULL,"
	" who TEXT NOT NULL,"
	" at INTEGER NOT NULL) WITHOUT ROWID;",
	/* a rebuild of the stories an upgrade asked for (story_rebuild.c);
	 * empty in a new database */
	"CREATE TABLE stories_rebuild_due(reason TEXT NOT NULL);",
	NULL,
};

/* ---- migrations: version i to i + 1 ---- */

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

/* 10 -> 11, issue 21: the analyst's picks (an item, its note, for the
 * members of its niches or everyone) and members paused from the command
 * line, recorded here rather than by rewriting the configuration. */
static const char *const schema11[] = {
	/* the analyst's picks for the coming digests (veille pick) */
	"CREATE TABLE picks("
	" item_id INTEGER PRIMARY KEY,"
	" note TEXT,"
	" everyone INTEGER NOT NULL DEFAULT 0,"
	" who TEXT NOT NULL,"
	" at INTEGER NOT NULL);",
	"CREATE TRIGGER picks_ad AFTER DELETE ON items BEGIN"
	" DELETE FROM picks WHERE item_id = old.id;"
	" END;",
	/* a member paused or resumed by veille member, over the
	 * configuration's paused key */
	"CREATE TABLE member_states("
	" name TEXT PRIMARY KEY,"
	" paused INTEGER NOT NULL,"
	" who TEXT NOT NULL,"
	" at INTEGER NOT NULL) WITHOUT ROWID;",
	NULL,
};

/* Schema 12: a feed's items by date, so that an item republished under a
 * new id is found by its feed, date and title in a few rows, whatever the
 * feed's history (index/republish.c). */
static const char *const schema12[] = {
	"CREATE INDEX items_feed_date ON items(feed_id, published)"
	" WHERE published IS NOT NULL;",
	NULL,
};

/* 12 -> 13, each feed's response times (issue 25): the time to its
 * answer's first byte and the time its body took, in milliseconds, of the
 * last answer (NULL: never measured). The crawl starts the hosts with
 * the most expected time first; `veille feeds` shows which are slow. */
static const char *const schema13[] = {
	"ALTER TABLE feeds ADD COLUMN ttfb_ms INTEGER;"
	"ALTER TABLE feeds ADD COLUMN transfer_ms INTEGER;",
	NULL,
};

/* 14 -> 15 (issue 26): the stories are recomputed under the rules of
 * one work, one story (story_rebuild.c) once, at the next writable open
 * (cli/index_cli.c); this step only asks for it. */
static const char *const schema15[] = {
	"CREATE TABLE IF NOT EXISTS stories_rebuild_due(reason TEXT NOT NULL);"
	"INSERT INTO stories_rebuild_due VALUES ('one work, one story');",
	NULL,
};

static const char *const *const migrations[] = {
	schema1, schema2, schema3, schema4, schema5, schema6, schema7, schema8,
	schema9, schema10, schema11, schema12, schema13, stem_migration,
	schema15
};

_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_SCHEMA_VERSION,
	       "one migration per schema version");
_Static_assert(STORE_FUTURE_SLACK == 86400 && STORE_BACKLOG_AGE == 604800,
	       "the SQL literals of store_int.h follow store.h");

int store_schema_apply(struct store *st, int from, int to, struct err *e)
{
	const char *const *m;
	char sql[64];
	int v;

	if (from == 0 && to == STORE_SCHEMA_VERSION) {
		for (m = schema_current; *m; m++) {
			if (store_exec(st, *m, e) < 0) {
				err_prefix(e, "creating schema %d", to);
				return -1;
			}
		}
	} else {
		for (v = from; v < to; v++) {
			for (m = migrations[v]; *m; m++) {
				if (store_exec(st, *m, e) < 0) {
					err_prefix(e, "migrating to schema %d",
						   v + 1);
					return -1;
				}
			}
		}
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d;", to);
	if (store_exec(st, sql, e) < 0)
		return -1;
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d;", STORE_APP_ID);
	return store_exec(st, sql, e);
}
