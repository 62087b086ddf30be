/* util/pool: every task runs exactly once and comes back exactly once,
 * with 1 thread and several; pool_take without outstanding work returns
 * NULL instead of waiting forever. */
#include <stddef.h>
#include <string.h>

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

int main(void)
{
	struct err e = { "" };
	struct pool *p;
	static struct job j;

	round_trip(1);
	round_trip(4);
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
