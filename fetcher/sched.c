/* The order a batch's requests start in: see sched.h. */
#include <string.h>

#include "sched.h"
#include "../util/alloc.h"
#include "../util/str.h"

int fetch_sched_init(struct fetch_sched *s, const char *const *keys,
		     const double *expect, size_t n, int per_host)
{
	size_t i, k, m = n ? n : 1;

	memset(s, 0, sizeof *s);
	s->n = n;
	s->per_host = per_host > 0 ? per_host : 1;
	s->hid = v_calloc(m, sizeof *s->hid);
	s->expect = v_calloc(m, sizeof *s->expect);
	s->state = v_calloc(m, sizeof *s->state);
	s->running = v_calloc(m, sizeof *s->running);
	s->started = v_calloc(m, sizeof *s->started);
	s->known_left = v_calloc(m, sizeof *s->known_left);
	s->unknown_left = v_calloc(m, sizeof *s->unknown_left);
	s->obs = v_calloc(m, sizeof *s->obs);
	s->nobs = v_calloc(m, sizeof *s->nobs);
	if (!s->hid || !s->expect || !s->state || !s->running ||
	    !s->started || !s->known_left || !s->unknown_left || !s->obs ||
	    !s->nobs)
		return -1;
	for (i = 0; i < n; i++) {
		/* the hosts of a night are few: a linear search is enough */
		for (k = 0; k < i; k++)
			if (!str_casecmp(keys[k], keys[i]))
				break;
		s->hid[i] = k < i ? s->hid[k] : s->nhosts++;
		s->expect[i] = expect && expect[i] > 0 ? expect[i] : 0;
		if (s->expect[i] > 0) {
			s->known_left[s->hid[i]] += s->expect[i];
			s->all_known += s->expect[i];
			s->nall_known++;
		} else {
			s->unknown_left[s->hid[i]]++;
		}
	}
	return 0;
}

void fetch_sched_release(struct fetch_sched *s)
{
	v_free(s->hid);
	v_free(s->expect);
	v_free(s->state);
	v_free(s->running);
	v_free(s->started);
	v_free(s->known_left);
	v_free(s->unknown_left);
	v_free(s->obs);
	v_free(s->nobs);
	memset(s, 0, sizeof *s);
}

/* What a request of host h whose time is unknown is expected to take. */
static double guess(const struct fetch_sched *s, size_t h)
{
	if (s->nobs[h])
		return s->obs[h] / s->nobs[h];
	if (s->nall_obs)
		return s->all_obs / s->nall_obs;
	if (s->nall_known)
		return s->all_known / s->nall_known;
	return 1.0;
}

static double left(const struct fetch_sched *s, size_t h)
{
	return s->known_left[h] + (double)s->unknown_left[h] * guess(s, h);
}

/* A host to learn first: nothing started, nothing known. */
static int unprobed(const struct fetch_sched *s, size_t h)
{
	return !s->started[h] && s->known_left[h] <= 0;
}

size_t fetch_sched_pick(const struct fetch_sched *s, size_t from)
{
	size_t i, best = s->n;
	double bl = 0;
	int bp = 0;

	for (i = from; i < s->n; i++) {
		size_t h = s->hid[i];
		double l;
		int p;

		if (s->state[i] || s->running[h] >= s->per_host)
			continue;
		p = unprobed(s, h);
		l = left(s, h);
		if (best == s->n || p > bp || (p == bp && l > bl)) {
			best = i;
			bl = l;
			bp = p;
		}
	}
	return best;
}

void fetch_sched_start(struct fetch_sched *s, size_t i)
{
	if (s->state[i])
		return;
	s->state[i] = 1;
	s->running[s->hid[i]]++;
	s->started[s->hid[i]]++;
}

void fetch_sched_done(struct fetch_sched *s, size_t i, double seconds)
{
	size_t h = s->hid[i];

	if (s->state[i] == 2)
		return;
	if (s->state[i] == 1)
		s->running[h]--;
	s->state[i] = 2;
	if (s->expect[i] > 0)
		s->known_left[h] -= s->expect[i];
	else if (s->unknown_left[h])
		s->unknown_left[h]--;
	if (seconds >= 0) {
		s->obs[h] += seconds;
		s->nobs[h]++;
		s->all_obs += seconds;
		s->nall_obs++;
	}
}
