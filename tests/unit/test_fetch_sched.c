/* The order a batch's requests start in (fetcher/sched.c): order and
 * counts, no network, no clock. */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "../../fetcher/sched.h"

/* Runs a whole batch on a simulated clock: `slots` transfers at once,
 * request i taking took[i] seconds; writes the start order into order
 * (request indexes) and returns the most requests ever running on one
 * host. */
static int simulate(const char *const *keys, const double *expect,
		    const double *took, size_t n, int slots, int per_host,
		    size_t *order)
{
	struct fetch_sched s;
	double end[64];
	int run[64], most = 0;
	size_t i, k, started = 0, nrun = 0;
	double now = 0;

	memset(run, 0, sizeof run);
	if (fetch_sched_init(&s, keys, expect, n, per_host) < 0)
		return -1;
	while (started < n || nrun) {
		while ((int)nrun < slots && (i = fetch_sched_pick(&s, 0)) < n) {
			fetch_sched_start(&s, i);
			order[started++] = i;
			end[i] = now + took[i];
			run[i] = 1;
			nrun++;
			for (k = 0; k < s.nhosts; k++)
				if (s.running[k] > most)
					most = s.running[k];
		}
		/* the next to end */
		k = n;
		for (i = 0; i < n; i++)
			if (run[i] && (k == n || end[i] < end[k]))
				k = i;
		if (k == n)
			break;
		now = end[k];
		run[k] = 0;
		nrun--;
		fetch_sched_done(&s, k, took[k]);
	}
	fetch_sched_release(&s);
	return most;
}

static void test_first_night(void)
{
	/* host a: 2 feeds, b: 4, c: 1, all unknown: one request to each
	 * host first, the most feeds first; then b's second before a's */
	static const char *const keys[] = { "a:80", "a:80", "b:80", "b:80",
					    "b:80", "b:80", "c:80" };
	double took[] = { 1, 1, 5, 5, 5, 5, 1 };
	size_t order[7];
	int most = simulate(keys, NULL, took, 7, 2, 2, order);

	OK(most >= 1 && most <= 2, "first night: per-host cap kept (%d)", most);
	OK(order[0] == 2, "first night: the host with most feeds probed first (%zu)",
	   order[0]);
	OK(order[1] == 0, "first night: then the next host never started (%zu)",
	   order[1]);
	OK(order[2] == 6, "first night: every host probed before any second request (%zu)",
	   order[2]);
	OK(order[3] == 3, "first night: then the host with the most time left (%zu)",
	   order[3]);
}

static void test_known(void)
{
	/* a's feeds known quick, b's known slow, listed last: b first */
	static const char *const keys[] = { "a", "a", "a", "a", "b", "b" };
	double expect[] = { 0.1, 0.1, 0.1, 0.1, 2, 2 };
	size_t order[6];
	int most = simulate(keys, expect, expect, 6, 3, 2, order);

	OK(order[0] == 4 && order[1] == 5,
	   "known: the slow host's two started first (%zu %zu)", order[0], order[1]);
	OK(order[2] == 0, "known: then the quick host (%zu)", order[2]);
	OK(most == 2, "known: never over per_host (%d)", most);
}

static void test_cap(void)
{
	/* one host, eight requests, sixteen slots: two at a time */
	static const char *const keys[] = { "h", "H", "h", "h", "h", "h", "h", "h" };
	double took[] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	size_t order[8], i;
	int most = simulate(keys, NULL, took, 8, 16, 2, order), inorder = 1;

	OK(most == 2, "cap: one host, never more than two (%d; host names without case)",
	   most);
	for (i = 0; i < 8; i++)
		inorder &= order[i] == i;
	OK(inorder, "cap: a host's requests in list order");
}

static void test_lpt(void)
{
	/* 16 hosts x 4 feeds, one host 10 times slower, last in the list,
	 * known from an earlier run: it starts in the first round */
	const char *keys[64];
	char names[16][16];
	double expect[64], took[64];
	size_t order[64], i, first_slow = 64;
	int h;

	for (h = 0; h < 16; h++) {
		snprintf(names[h], sizeof names[h], "h%d", h);
		for (i = 0; i < 4; i++) {
			keys[h * 4 + i] = names[h];
			expect[h * 4 + i] = took[h * 4 + i] = h == 15 ? 3.0 : 0.3;
		}
	}
	simulate(keys, expect, took, 64, 8, 2, order);
	for (i = 0; i < 64; i++)
		if (order[i] >= 60) {
			first_slow = i;
			break;
		}
	OK(first_slow == 0, "lpt: the slow host, listed last, started first (%zu)",
	   first_slow);
}

int main(void)
{
	test_first_night();
	test_known();
	test_cap();
	test_lpt();
	return tap_done();
}
