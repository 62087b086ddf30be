/* A small pool of worker threads with a completion queue: the crawl
 * classifies items on the workers while the main thread fetches, parses
 * and stores (the only thread that touches the database).
 *
 *	struct pool *p = pool_new(4, &e);
 *	task->run = fn;             // runs on a worker
 *	pool_submit(p, task);
 *	while ((t = pool_take(p, 1)))   // finished tasks, in completion order
 *		...;
 *	pool_free(p);
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
 * wait, none is outstanding either (otherwise it waits for one). */
struct pool_task *pool_take(struct pool *p, int wait);
/* Tasks submitted and not yet taken. */
unsigned pool_outstanding(const struct pool *p);
/* Finishes the queued tasks, joins the threads and frees the pool;
 * finished tasks not taken are dropped (the caller owns them). */
void pool_free(struct pool *p);
/* Online processors, at least 1. */
unsigned pool_cpus(void);

#endif
