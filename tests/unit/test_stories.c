/* Story merging measured on a labelled set of pairs
 * (tests/data/story-pairs.tsv): each pair is loaded into a fresh database
 * through store_upsert_item(), and the two items must share a story when
 * labelled "same" and must not when labelled "different". Reports
 * precision and recall; a false merge always fails. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../index/stem.h"
#include "../../index/store.h"
#include "../../index/store_int.h"
#include "../../util/vtime.h"
#include "tap.h"

#define NCOLS 12

static int story_of(void *ctx, const struct store_item *it)
{
	*(int64_t *)ctx = it->story_id;
	return 0;
}

static int64_t load(struct store *st, char **c, int64_t now, struct err *e)
{
	struct feed_item it;
	int64_t feed, id, story = 0;
	char url[256], guid[1024];

	snprintf(url, sizeof url, "https://feeds.example/%s", c[0]);
	if (store_feed_ensure(st, c[0], url, "news", NULL, &feed, e) < 0)
		return -1;
	memset(&it, 0, sizeof it);
	/* the guid: link and title, so that one feed may give two items
	 * one link (an agenda page, a job board) */
	snprintf(guid, sizeof guid, "%s %s", c[2], c[1]);
	it.id = guid;
	it.title = c[1];
	it.link = c[2];
	it.published = it.updated = FEED_NO_DATE;
	if (*c[3] && vtime_parse_rfc3339(c[3], &it.published) < 0)
		return -1;
	if (!strncmp(c[4], "doi:", 4))
		it.doi = c[4] + 4;
	else if (!strncmp(c[4], "arxiv:", 6))
		it.arxiv_id = c[4] + 6;
	else if (!strncmp(c[4], "hal:", 4))
		it.hal_id = c[4] + 4;
	if (store_upsert_item(st, feed, &it, now, NULL, &id, e) < 0 ||
	    store_get_item(st, id, story_of, &story, e) < 0)
		return -1;
	return story;
}

/* Stores one item of feed fname, titled title, published at t (in its own
 * transaction, as a crawl does); returns its story, -1 on error. */
static int64_t put(struct store *st, const char *fname, const char *guid,
		   const char *title, const char *summary, int64_t when,
		   struct err *e)
{
	struct feed_item it;
	int64_t feed, item, story = 0;
	char url[256], link[256], id[64], t[256], sum[256];

	snprintf(url, sizeof url, "https://%s.example/rss", fname);
	snprintf(link, sizeof link, "https://%s.example/%s", fname, guid);
	snprintf(id, sizeof id, "%s", guid);
	snprintf(t, sizeof t, "%s", title);
	snprintf(sum, sizeof sum, "%s", summary);
	memset(&it, 0, sizeof it);
	it.id = id;
	it.title = t;
	it.summary = sum;
	it.link = link;
	it.published = when;
	it.updated = FEED_NO_DATE;
	if (store_begin(st, e) < 0 ||
	    store_feed_ensure(st, fname, url, "news", NULL, &feed, e) < 0 ||
	    store_upsert_item(st, feed, &it, when, NULL, &item, e) < 0 ||
	    store_commit(st, e) < 0 ||
	    store_get_item(st, item, story_of, &story, e) < 0)
		return -1;
	return story;
}

/* Schema 6 keeps the title keys of items not yet indexed in the writer's
 * memory (mem.pending_titles) until the batch's flush (schema 7: until
 * their own batch): items must find them there, after the flush, and after
 * a crash that lost the memory. */
static void title_keys_waiting(void)
{
	char dir[] = "/tmp/veille-stories-XXXXXX", path[64];
	const char *t1 = "Gearbox failure prediction at the Kenitra plant";
	const char *t2 = "Vibration sensors retrofitted on Jorf Lasfar pumps";
	const char *t3 = "Thermal imaging drones inspect Noor solar fields";
	const char *t4 = "Predictive lubrication schedules for conveyor belts";
	const int64_t day = 86400, t = 1793577600;
	struct store *st = NULL;
	struct err e = { "" };
	int64_t a, b, c, d;
	pid_t pid;
	int status = -1;

	if (!mkdtemp(dir)) {
		tap_skip("mkdtemp failed", "title keys waiting");
		return;
	}
	snprintf(path, sizeof path, "%s/s.db", dir);
	OK(store_open(path, 0, &st, &e) == 0, "open: %s", e.msg);
	if (!st)
		return;
	a = put(st, "one", "a1", t1, "first", t, &e);
	b = put(st, "two", "b1", t1, "second", t + day, &e);
	OK(a > 0 && a == b, "same title, next day, other feed, before the "
	   "flush: one story (%lld, %lld) %s", (long long)a, (long long)b, e.msg);
	/* retitled while waiting: the old title no longer leads to it */
	c = put(st, "one", "r1", t4, "retitled soon", t, &e);
	d = put(st, "one", "r1", t2, "retitled", t, &e);
	OK(c > 0 && d == c, "retitled item keeps its story (%lld, %lld)",
	   (long long)c, (long long)d);
	d = put(st, "three", "c1", t4, "third", t + day, &e);
	OK(d > 0 && d != c, "its old title leads elsewhere (%lld)", (long long)d);
	d = put(st, "four", "d1", t2, "fourth", t, &e);
	OK(d == c, "its new title leads to it (%lld)", (long long)d);
	OK(store_flush(st, &e) == 0, "flush: %s", e.msg);
	d = put(st, "five", "e1", t2, "fifth", t + 2 * day, &e);
	OK(d == c, "after the flush: found in story_titles (%lld)", (long long)d);
	store_close(st);
	st = NULL;

	/* a writer killed before its flush: the next one rebuilds the keys */
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		struct store *w = NULL;
		struct err we = { "" };

		int64_t six;

		if (store_open(path, 0, &w, &we) < 0)
			_exit(255);
		six = put(w, "six", "f1", t3, "sixth", t, &we);
		/* indexed for search, as every 1,000 items, while its title
		 * key waits for a batch of its own (schema 7) */
		if (store_fts_flush(w, &we) < 0)
			_exit(255);
		/* its story by the exit status; no store_close(): no flush */
		_exit(six > 0 && six < 255 ? (int)six : 255);
	}
	OK(pid > 0 && waitpid(pid, &status, 0) == pid &&
	   WIFEXITED(status) && WEXITSTATUS(status) != 255, "writer killed");
	OK(store_open(path, 0, &st, &e) == 0, "reopen: %s", e.msg);
	if (!st)
		return;
	a = put(st, "seven", "g1", t3, "seventh", t + day, &e);
	b = put(st, "eight", "h1", t3, "eighth", t + 40 * day, &e);
	OK(a > 0 && WIFEXITED(status) && a == WEXITSTATUS(status),
	   "after the crash, the same title a day later joins the killed "
	   "writer's item (%lld, %d)", (long long)a, WEXITSTATUS(status));
	OK(b > 0 && b != a, "forty days later: a story of its own (%lld)",
	   (long long)b);
	store_close(st);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	OK(system(path) == 0, "cleaned");
}

/* A schema 6 database left by a killed writer: an item's title key waits
 * (its item in fts_pending, not in story_titles). The migration to schema
 * 7 must keep it waiting, in titles_pending. The database is made by the
 * current store and taken back to schema 6's shape by hand. */
static void title_keys_migrated(void)
{
	char dir[] = "/tmp/veille-stories-XXXXXX", path[64];
	const char *title = "Acoustic leak detection on the Safi pipelines";
	const int64_t day = 86400, t = 1793577600;
	static const char *const to_v6 =
		"DROP TRIGGER story_titles_ad; DROP TRIGGER story_titles_au;"
		"DROP TABLE story_titles; DROP TABLE titles_pending;"
		"CREATE TABLE story_titles(title_hash INTEGER NOT NULL,"
		" at INTEGER NOT NULL, item_id INTEGER NOT NULL,"
		" PRIMARY KEY(title_hash, at, item_id)) WITHOUT ROWID;"
		"CREATE TRIGGER story_titles_ad AFTER DELETE ON items BEGIN"
		" SELECT 1; END;"
		"CREATE TRIGGER story_titles_au AFTER UPDATE OF title_hash ON"
		" items BEGIN SELECT 1; END;"
		"CREATE INDEX item_niches_niche ON item_niches(niche_id);"
		"CREATE INDEX item_sectors_sector ON item_sectors(sector_id);"
		"DROP TRIGGER item_groups_ad;"	/* schema 8 */
		"DROP TRIGGER labels_ad; DROP TABLE labels;"	/* schema 9 */
		"DROP INDEX items_hit;"		/* schema 10 */
		"ALTER TABLE items DROP COLUMN item_date;"
		"ALTER TABLE items DROP COLUMN given_date;"
		"ALTER TABLE items DROP COLUMN date_source;"
		"ALTER TABLE items DROP COLUMN backlog;"
		"ALTER TABLE feeds DROP COLUMN coverage_start;"
		"CREATE INDEX items_hit ON items(id, story_id, published,"
		" first_seen, feed_id, language);"
		"DROP TRIGGER IF EXISTS picks_ad; DROP TABLE IF EXISTS picks;"	/* 11 */
		"DROP TABLE IF EXISTS member_states;"
		"DROP INDEX IF EXISTS items_feed_date;"	/* 12 */
		"ALTER TABLE feeds DROP COLUMN ttfb_ms;"	/* 13 */
		"ALTER TABLE feeds DROP COLUMN transfer_ms;"
		"DROP TABLE IF EXISTS stories_rebuild_due;"	/* 15 */
		"PRAGMA user_version = 6;";
	struct store *st = NULL;
	struct err e = { "" };
	sqlite3 *db = NULL;
	int64_t a = -1, b;
	pid_t pid;
	int status = -1, waiting = -1;

	if (!mkdtemp(dir)) {
		tap_skip("mkdtemp failed", "title keys migrated");
		return;
	}
	snprintf(path, sizeof path, "%s/m.db", dir);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		struct store *w = NULL;
		struct err we = { "" };

		if (store_open(path, 0, &w, &we) < 0)
			_exit(255);
		a = put(w, "one", "a1", title, "first", t, &we);
		_exit(a > 0 && a < 255 ? (int)a : 255);	/* no flush */
	}
	OK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	   WEXITSTATUS(status) != 255, "writer killed before any flush");
	a = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	/* the triggers name the full-text index, whose tokenizer is ours */
	status = sqlite3_open(path, &db) == SQLITE_OK && stem_register(db) == 0 &&
		 sqlite3_exec(db, to_v6, NULL, NULL, NULL) == SQLITE_OK;
	OK(status, "taken back to schema 6: %s", sqlite3_errmsg(db));
	sqlite3_close(db);
	OK(store_open(path, 0, &st, &e) == 0, "migrated to 7 and on: %s", e.msg);
	if (!st)
		return;
	b = put(st, "two", "b1", title, "second", t + day, &e);
	OK(b > 0 && b == a, "the waiting key survived the migration: the same "
	   "title a day later joins its story (%lld, %lld)", (long long)a,
	   (long long)b);
	store_close(st);
	if (sqlite3_open(path, &db) == SQLITE_OK) {
		sqlite3_stmt *s;

		if (sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM"
				       " titles_pending) + (SELECT count(*) FROM"
				       " items WHERE title_hash IS NOT NULL) -"
				       " (SELECT count(*) FROM story_titles s JOIN"
				       " items i ON i.id = s.item_id AND"
				       " i.feed_id = s.feed_id AND"
				       " i.story_id = s.story_id)", -1, &s,
				       NULL) == SQLITE_OK &&
		    sqlite3_step(s) == SQLITE_ROW)
			waiting = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	OK(waiting == 0, "after close every key is in story_titles, with its "
	   "item's feed and story (%d off)", waiting);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	OK(system(path) == 0, "cleaned");
}

/* A new item with the title of several stories in other feeds joins the
 * nearest in time, and of two as near the one seen first; whether their
 * title keys wait in the writer's memory or are in story_titles. */
static void nearest_story(void)
{
	char dir[] = "/tmp/veille-stories-XXXXXX", path[64];
	const int64_t day = 86400, t = 1793577600;
	struct store *st = NULL;
	struct err e = { "" };
	int round;

	if (!mkdtemp(dir)) {
		tap_skip("mkdtemp failed", "nearest story");
		return;
	}
	snprintf(path, sizeof path, "%s/n.db", dir);
	OK(store_open(path, 0, &st, &e) == 0, "open: %s", e.msg);
	if (!st)
		return;
	for (round = 0; round < 2; round++) {
		const char *where = round ? "in story_titles" : "waiting";
		char t1[96], t2[96], g[8][32];
		int64_t x, y, c, u, v, w;
		int i;

		snprintf(t1, sizeof t1, "Compressor audit results for the %s"
			 " round", round ? "second" : "first");
		snprintf(t2, sizeof t2, "Boiler inspection campaign notes for the"
			 " %s round", round ? "second" : "first");
		for (i = 0; i < 8; i++)
			snprintf(g[i], sizeof g[i], "r%dg%d", round, i);
		/* two stories of one title in feed a (an item never joins a
		 * story of its own feed): two days before, one day after */
		x = put(st, "a", g[0], t1, "", t - 2 * day, &e);
		y = put(st, "a", g[1], t1, "", t + day, &e);
		/* the same with equal distances */
		u = put(st, "a", g[2], t2, "", t - day, &e);
		v = put(st, "a", g[3], t2, "", t + day, &e);
		OK(x > 0 && y > 0 && x != y && u > 0 && v > 0 && u != v,
		   "%s: two stories per title in one feed: %s", where, e.msg);
		if (round && store_flush(st, &e) < 0)
			OK(0, "flush: %s", e.msg);
		c = put(st, "c", g[4], t1, "", t, &e);
		OK(c == y, "%s: the nearest story is joined (%lld; %lld and %lld)",
		   where, (long long)c, (long long)x, (long long)y);
		w = put(st, "c", g[5], t2, "", t, &e);
		OK(w == u, "%s: as near, the story seen first (%lld; %lld and"
		   " %lld)", where, (long long)w, (long long)u, (long long)v);
	}
	store_close(st);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	OK(system(path) == 0, "cleaned");
}

int main(void)
{
	FILE *f = fopen("tests/data/story-pairs.tsv", "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int tp = 0, fp = 0, fn = 0, tn = 0;
	/* 2026-11-02T00:00:00Z: "now" for items without a date */
	const int64_t now = 1793577600;

	if (!f) {
		tap_skip("tests/data/story-pairs.tsv not found (run from the top)",
			 "story pairs");
		return tap_done();
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		char *c[NCOLS], *p = line;
		struct store *st = NULL;
		struct err e = { "" };
		int64_t s1, s2;
		int i, same, merged;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (line[len - 1] == '\n')
			line[len - 1] = 0;
		for (i = 0; i < NCOLS && p; i++) {
			c[i] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = 0;
		}
		if (i != NCOLS) {
			OK(0, "story pair line has %d columns, expected %d", i, NCOLS);
			continue;
		}
		same = !strcmp(c[0], "same");
		if (store_open(":memory:", 0, &st, &e) < 0) {
			OK(0, "open: %s", e.msg);
			break;
		}
		s1 = load(st, c + 2, now, &e);
		s2 = s1 < 0 ? -1 : load(st, c + 7, now, &e);
		store_close(st);
		if (s1 < 0 || s2 < 0) {
			OK(0, "pair '%s': %s", c[1], e.msg);
			continue;
		}
		merged = s1 == s2;
		tp += same && merged;
		fn += same && !merged;
		fp += !same && merged;
		tn += !same && !merged;
		if (same)
			printf("# %s: %s\n", merged ? "merged" : "MISSED", c[1]);
		else
			OK(!merged, "no false merge: %s", c[1]);
	}
	free(line);
	fclose(f);
	printf("# story merging: precision %.2f, recall %.2f (%d merged right, "
	       "%d missed, %d false merges, %d kept apart)\n",
	       tp + fp ? (double)tp / (tp + fp) : 1.0,
	       tp + fn ? (double)tp / (tp + fn) : 1.0, tp, fn, fp, tn);
	OK(tp + fn > 0 && tp * 10 >= (tp + fn) * 9,
	   "recall at least 0.9 (%d of %d)", tp, tp + fn);
	title_keys_waiting();
	title_keys_migrated();
	nearest_story();
	return tap_done();
}
