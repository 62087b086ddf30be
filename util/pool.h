/* A small pool of worker threads with a completion queue: in a crawl, a
 * fetching thread submits pages, the workers parse and classify them, and
 * the main thread takes them in completion order and stores them (the only
 * thread that touches the database).
 *
 *	struct pool *p = pool_new(4, &e);
 *	task->run = fn;             // runs on a worker
 *	pool_submit(p, task);
 *	while ((t = pool_take(p, 1)))   // finished tasks, in completion order
 *		...;
 *	pool_free(p);
 *
 * Another thread may submit while one takes: it holds the pool meanwhile
 * (pool_hold), so that the taker waits for what it may still submit, and
 * can wait for room (pool_wait_room) to bound the tasks in flight.
 *
 * Tasks are owned by the caller and must outlive their completion; the
 * pool only links them. */
#ifndef VEILLE_UTIL_POOL_H
#define VEILLE_UTIL_POOL_H

#include "err.h"

struct pool_task {
	void (*run)(struct pool_task *t);
	struct pool_task *next;		/* the pool's */
};

struct pool;

/* Returns a new pool of n threads (at least 1; free with pool_free()), or
 * NULL with e set. */
struct pool *pool_new(unsigned n, struct err *e);
/* Queues t. 0 (it always succeeds once the pool exists). */
int pool_submit(struct pool *p, struct pool_task *t);
/* A finished task, oldest first; NULL when none is finished and, with
 * wait, none is outstanding and no producer holds the pool either
 * (otherwise it waits for one). */
struct pool_task *pool_take(struct pool *p, int wait);
/* Tasks submitted and not yet taken. */
unsigned pool_outstanding(struct pool *p);
/* A producer starts (hold) and ends (unhold) submitting from a thread of
 * its own: while any holds, pool_take(p, 1) waits rather than return NULL. */
void pool_hold(struct pool *p);
void pool_unhold(struct pool *p);
/* Waits until fewer than max tasks are submitted and not yet taken. */
void pool_wait_room(struct pool *p, unsigned max);
/* Finishes the queued tasks, joins the threads and frees the pool;
 * finished tasks not taken are dropped (the caller owns them). */
void pool_free(struct pool *p);
/* Online processors, at least 1. */
unsigned pool_cpus(void);

#endif
