/* Checkpoints on a thread of their own: see store_checkpoint_aside().
 *
 * In WAL mode every commit appends pages to the log, and a checkpoint
 * copies them to the database file. SQLite's automatic checkpoint runs in
 * the committing connection, after the commit: in a crawl, the writer
 * (the main thread, which stores every page) would stop for it. Here a
 * second connection, on a thread of its own, copies what the log holds
 * each time it has grown by STORE_CKPT_STEP pages (PASSIVE: it never
 * waits for the writer, nor the writer for it). The log's size stays
 * bounded all the same: past STORE_WAL_LIMIT pages the writer checkpoints
 * itself, which then finds little left to copy, and the log starts over
 * at the next transaction. The writer then waits for a checkpoint aside
 * that is running and keeps the next from starting until its own is done:
 * two checkpoints cannot overlap, because the second gives up at once, and
 * a writer's that gave up would let the log outgrow its bound on a loaded
 * machine by as much as the checkpoints aside kept colliding with it. */
#include <pthread.h>
#include <string.h>

#include "store_int.h"
#include "../util/alloc.h"

/* pages of log between checkpoints aside (16 MiB with 8 KiB pages) */
#define STORE_CKPT_STEP 2048

struct store_ckpt {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	sqlite3 *db;		/* the thread's own connection */
	pthread_cond_t idle;	/* a checkpoint aside ended */
	int asked, stop;
	int running;		/* a checkpoint aside is copying */
	int step, limit;	/* pages of log: a checkpoint aside, the writer's */
	int signalled;		/* log pages when last asked (writer only) */
	unsigned long runs;	/* checkpoints made aside */
};

static void *ckpt_main(void *arg)
{
	struct store_ckpt *c = arg;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->asked && !c->stop)
			pthread_cond_wait(&c->wake, &c->lock);
		if (c->stop)
			break;
		c->asked = 0;
		c->running = 1;
		pthread_mutex_unlock(&c->lock);
		/* best effort: a failure leaves the pages to the writer */
		sqlite3_wal_checkpoint_v2(c->db, "main",
					  SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->lock);
		c->running = 0;
		c->runs++;
		pthread_cond_broadcast(&c->idle);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

/* After each commit of the writer, with the log's size in pages. */
static int on_commit(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct store_ckpt *c = arg;

	if (pages >= c->limit) {
		pthread_mutex_lock(&c->lock);
		while (c->running)
			pthread_cond_wait(&c->idle, &c->lock);
		c->asked = 0;	/* this one copies what it was asked for */
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE,
					  NULL, NULL);
		c->signalled = 0;
		pthread_mutex_unlock(&c->lock);
		return SQLITE_OK;
	}
	if (pages < c->signalled)
		c->signalled = 0;	/* the log started over */
	if (pages - c->signalled >= c->step) {
		c->signalled = pages;
		pthread_mutex_lock(&c->lock);
		c->asked = 1;
		pthread_cond_signal(&c->wake);
		pthread_mutex_unlock(&c->lock);
	}
	return SQLITE_OK;
}

int store_checkpoint_aside(struct store *st, struct err *e)
{
	return store_checkpoint_aside_at(st, STORE_CKPT_STEP, STORE_WAL_LIMIT, e);
}

int store_checkpoint_aside_at(struct store *st, int step, int limit,
			      struct err *e)
{
	struct store_ckpt *c;
	const char *file;
	int rc;

	if (st->readonly || st->ckpt)
		return 0;
	file = sqlite3_db_filename(st->db, "main");
	if (!file || !*file)
		return 0;	/* in memory: no log */
	c = v_calloc(1, sizeof *c);
	if (!c)
		return err_set(e, "out of memory");
	c->step = step > 0 ? step : STORE_CKPT_STEP;
	c->limit = limit > 0 ? limit : STORE_WAL_LIMIT;
	rc = sqlite3_open_v2(file, &c->db, SQLITE_OPEN_READWRITE, NULL);
	/* a connection learns that the database is in WAL mode at its
	 * first read: until then it has no log to checkpoint */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(c->db, "SELECT count(*) FROM sqlite_schema;",
				  NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, "%s: %s", file, c->db ? sqlite3_errmsg(c->db) :
			sqlite3_errstr(rc));
		sqlite3_close_v2(c->db);
		v_free(c);
		return -1;
	}
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	pthread_cond_init(&c->idle, NULL);
	if ((rc = pthread_create(&c->thread, NULL, ckpt_main, c)) != 0) {
		err_set(e, "cannot start a thread: %s", strerror(rc));
		pthread_cond_destroy(&c->idle);
		pthread_cond_destroy(&c->wake);
		pthread_mutex_destroy(&c->lock);
		sqlite3_close_v2(c->db);
		v_free(c);
		return -1;
	}
	st->ckpt = c;
	sqlite3_wal_hook(st->db, on_commit, c);
	return 0;
}

unsigned long store_checkpoint_runs(const struct store *st)
{
	unsigned long n;

	if (!st->ckpt)
		return 0;
	pthread_mutex_lock(&st->ckpt->lock);
	n = st->ckpt->runs;
	pthread_mutex_unlock(&st->ckpt->lock);
	return n;
}

void store_checkpoint_stop(struct store *st)
{
	struct store_ckpt *c = st->ckpt;

	if (!c)
		return;
	sqlite3_wal_autocheckpoint(st->db, STORE_WAL_LIMIT);
	pthread_mutex_lock(&c->lock);
	c->stop = 1;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	pthread_cond_destroy(&c->idle);
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	/* before the writer's connection: the last one to close copies the
	 * log and removes it */
	sqlite3_close_v2(c->db);
	v_free(c);
	st->ckpt = NULL;
}
