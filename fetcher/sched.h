/* fetcher/'s own: the order a batch's requests start in (fetch.c), apart
 * from libcurl so that it is tested alone (tests/unit/test_fetch_sched.c).
 * No other module includes this header. */
#ifndef VEILLE_FETCHER_SCHED_H
#define VEILLE_FETCHER_SCHED_H

#include <stddef.h>

/* Requests of a batch by host. A request's expected time is the caller's
 * (fetch_request.expect) or, when unknown, what its host's answers took
 * in this batch, else what all answers took, else what the known ones are
 * expected to take, else 1. When a slot frees, the next request goes
 * first to a host never started whose time is unknown (the most requests
 * first: its first answer tells how slow it is, and a slow host learnt
 * late runs alone at the end), then to the host with the most expected
 * time left (longest processing time first); never over per_host running
 * on one host; ties in request order. */
struct fetch_sched {
	size_t n, nhosts;
	int per_host;
	size_t *hid;		/* request -> host */
	double *expect;		/* request -> its own estimate, 0: unknown */
	unsigned char *state;	/* request: 0 waiting, 1 running, 2 done */
	int *running;		/* host -> requests running */
	int *started;		/* host -> requests started */
	double *known_left;	/* host -> expected time of its known
				 * requests not done */
	size_t *unknown_left;	/* host -> its unknown requests not done */
	double *obs;		/* host -> seconds its answers took */
	int *nobs;
	double all_obs, all_known;
	int nall_obs, nall_known;
};

/* keys[i] names request i's host (compared without case); expect[i] > 0
 * its expected seconds. 0, or -1 when out of memory (release anyway). */
int fetch_sched_init(struct fetch_sched *s, const char *const *keys,
		     const double *expect, size_t n, int per_host);
void fetch_sched_release(struct fetch_sched *s);
/* The request to start next among those waiting from index `from` on, or
 * n when none may start now. */
size_t fetch_sched_pick(const struct fetch_sched *s, size_t from);
/* Request i started. */
void fetch_sched_start(struct fetch_sched *s, size_t i);
/* Request i is over (started or not); seconds >= 0 when its answer's
 * time was measured. */
void fetch_sched_done(struct fetch_sched *s, size_t i, double seconds);

#endif
