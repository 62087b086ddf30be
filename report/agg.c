/* Helpers of the aggregation shared by build.c and the files it calls
 * per row (emerging.c, orgs.c, region.c), which so call nothing back in
 * build.c. */
#include <math.h>
#include <string.h>

#include "../util/alloc.h"
#include "agg.h"
#include "report_int.h"

int agg_add_distinct(size_t **a, size_t *n, size_t *cap, size_t v)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*a)[i] == v)
			return 0;
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 4;
		size_t *na = v_reallocarray(*a, nc, sizeof **a);

		if (!na)
			return -1;
		*a = na;
		*cap = nc;
	}
	(*a)[(*n)++] = v;
	return 0;
}

char *agg_dup_or_empty(const char *s)
{
	return v_strdup(s ? s : "");
}

uint64_t agg_ids(const char *list, const char *const *ids, size_t n)
{
	uint64_t m = 0;
	const char *s = list;

	if (!s)
		return 0;
	while (*s) {
		const char *st, *en;
		size_t i, len;

		while (*s == ',' || *s == ' ' || *s == '\t')
			s++;
		st = s;
		while (*s && *s != ',')
			s++;
		en = s;
		while (en > st && (en[-1] == ' ' || en[-1] == '\t'))
			en--;
		len = (size_t)(en - st);
		for (i = 0; i < n && i < 64; i++)
			if (strlen(ids[i]) == len && memcmp(ids[i], st, len) == 0)
				m |= (uint64_t)1 << i;
	}
	return m;
}

void agg_compare(const struct report *r, int64_t k1, const int64_t *items,
		 int64_t covered, struct report_growth *g, int64_t k2,
		 int64_t ref_from)
{
	const struct report_params *p = &r->params;
	int64_t end = p->to;
	size_t b = r->nbuckets;

	while (b > 0 && r->buckets[b - 1].partial) {
		b--;
		k1 -= items[b];
		end = r->buckets[b].start;
	}
	if (covered > ref_from || end <= p->from) {
		memset(g, 0, sizeof *g);
		g->k1 = k1;
		g->k2 = k2;
		g->rate_ratio = g->pct = g->p = NAN;
		g->no_history = covered > ref_from;
		return;
	}
	report_growth(g, k1, k2, (double)(p->from - ref_from) /
			  (double)(end - p->from), p->alpha);
}

void agg_trend(const struct agg *a, int64_t k1, int64_t k2,
	       const int64_t *items, int64_t covered, struct report_growth *g)
{
	agg_compare(a->r, k1, items, covered, g, k2, a->base_from);
}
