/* util/pool: every task runs exactly once and comes back exactly once,
 * with 1 thread and several; pool_take without outstanding work returns
 * NULL instead of waiting forever; with a producer on a thread of its own
 * (hold, wait for room), the taker waits for all it submits, and never
 * more than the room asked for is in flight. */
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "../../util/pool.h"
#include "tap.h"

#define NTASKS 2000

struct job {
	struct pool_task t;
	unsigned long in, out;
	int runs, taken;
};

static void square(struct pool_task *t)
{
	struct job *j = (struct job *)((char *)t - offsetof(struct job, t));

	j->out = j->in * j->in;
	j->runs++;
}

static void round_trip(unsigned threads)
{
	static struct job jobs[NTASKS];
	struct err e = { "" };
	struct pool *p = pool_new(threads, &e);
	struct pool_task *t;
	size_t i, taken = 0, bad = 0;

	OK(p != NULL, "pool of %u threads: created (%s)", threads, e.msg);
	if (!p)
		return;
	OK(pool_take(p, 1) == NULL, "%u threads: nothing outstanding, take returns", threads);
	memset(jobs, 0, sizeof jobs);
	for (i = 0; i < NTASKS; i++) {
		jobs[i].in = i;
		jobs[i].t.run = square;
		pool_submit(p, &jobs[i].t);
		/* take some while others still run, as the crawl does */
		if (i % 7 == 0 && (t = pool_take(p, 0)) != NULL) {
			((struct job *)(void *)t)->taken++;
			taken++;
		}
	}
	while ((t = pool_take(p, 1)) != NULL) {
		((struct job *)(void *)t)->taken++;
		taken++;
	}
	for (i = 0; i < NTASKS; i++)
		if (jobs[i].runs != 1 || jobs[i].taken != 1 ||
		    jobs[i].out != (unsigned long)i * i)
			bad++;
	OK(taken == NTASKS, "%u threads: %zu of %d tasks came back", threads, taken, NTASKS);
	OK(bad == 0, "%u threads: each ran once, came back once, right result (%zu bad)", threads, bad);
	OK(pool_outstanding(p) == 0, "%u threads: nothing outstanding at the end", threads);
	pool_free(p);
}

/* A producer on a thread of its own, as the crawl's transfers are. */
struct producer {
	struct pool *p;
	struct job *jobs;
	size_t n;
	unsigned room;
	unsigned max_seen;	/* outstanding after each submit, at most */
};

static void *produce(void *arg)
{
	struct producer *pr = arg;
	size_t i;
	unsigned o;

	for (i = 0; i < pr->n; i++) {
		pool_wait_room(pr->p, pr->room);
		pr->jobs[i].in = i;
		pr->jobs[i].t.run = square;
		pool_submit(pr->p, &pr->jobs[i].t);
		o = pool_outstanding(pr->p);
		if (o > pr->max_seen)
			pr->max_seen = o;
		if (i % 100 == 0)
			usleep(1000);	/* the taker catches up, then waits */
	}
	pool_unhold(pr->p);
	return NULL;
}

static void held(unsigned threads)
{
	static struct job jobs[NTASKS];
	struct err e = { "" };
	struct producer pr;
	struct pool_task *t;
	pthread_t th;
	size_t i, taken = 0, bad = 0;

	memset(jobs, 0, sizeof jobs);
	memset(&pr, 0, sizeof pr);
	pr.p = pool_new(threads, &e);
	pr.jobs = jobs;
	pr.n = NTASKS;
	pr.room = 3;
	if (!pr.p) {
		OK(0, "held pool of %u threads: created (%s)", threads, e.msg);
		return;
	}
	pool_hold(pr.p);
	if (pthread_create(&th, NULL, produce, &pr) != 0) {
		OK(0, "held pool: producer thread started");
		pool_free(pr.p);
		return;
	}
	/* the queue runs dry each time the producer sleeps: take waits for
	 * the hold, not for the queue */
	while ((t = pool_take(pr.p, 1)) != NULL) {
		((struct job *)(void *)t)->taken++;
		taken++;
	}
	pthread_join(th, NULL);
	for (i = 0; i < NTASKS; i++)
		if (jobs[i].runs != 1 || jobs[i].taken != 1 ||
		    jobs[i].out != (unsigned long)i * i)
			bad++;
	OK(taken == NTASKS, "held, %u threads: %zu of %d tasks came back while "
	   "submitted from another thread", threads, taken, NTASKS);
	OK(bad == 0, "held, %u threads: each ran once, came back once (%zu bad)",
	   threads, bad);
	OK(pr.max_seen <= pr.room, "held, %u threads: at most %u in flight (saw %u)",
	   threads, pr.room, pr.max_seen);
	pool_free(pr.p);
}

int main(void)
{
	struct err e = { "" };
	struct pool *p;
	static struct job j;

	round_trip(1);
	round_trip(4);
	held(1);
	held(3);
	/* tasks queued but never taken are finished by pool_free, not lost
	 * mid-run (the caller owns them) */
	p = pool_new(2, &e);
	j.t.run = square;
	j.in = 12;
	pool_submit(p, &j.t);
	pool_free(p);
	OK(j.runs == 1 && j.out == 144, "pool_free finishes queued work");
	OK(pool_cpus() >= 1, "at least one processor online");
	return tap_done();
}
