/* Regions beside niches and sectors: each region's classified items per
 * bucket, in the baseline and its trend; for the association's own region
 * (the first) its niches, top stories and the watch entries its items
 * mention. A row's regions are the "region:NAME" entries of its sectors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "agg.h"
#include "report_int.h"

/* Top stories of the home region. */
#define HOME_STORIES 5

struct regions {
	const char *ids[REPORT_NICHES_MAX];	/* "region:NAME", borrowed */
	size_t *home_rows;	/* period rows of the home region */
	size_t nhome, caphome;
};

int agg_regions_init(struct agg *a)
{
	const struct report_params *p = a->p;
	struct report *r = a->r;
	struct regions *g;
	size_t i;

	if (!p->nregions)
		return 0;
	if (p->nregions > REPORT_NICHES_MAX)
		return -1;
	g = v_calloc(1, sizeof *g);
	r->regions = v_calloc(p->nregions, sizeof *r->regions);
	r->home_watch = v_calloc(r->nwatch + 1, sizeof *r->home_watch);
	a->regions = g;
	if (!g || !r->regions || !r->home_watch)
		return -1;
	for (i = 0; i < p->nregions; i++) {
		struct report_region *x = &r->regions[i];
		const char *id = p->regions[i].id;
		size_t pl = strlen(REPORT_REGION_PREFIX);

		r->nregions = i + 1;
		g->ids[i] = id;
		x->id = v_strdup(strncmp(id, REPORT_REGION_PREFIX, pl) ? id
								       : id + pl);
		x->label = v_strdup(p->regions[i].label ? p->regions[i].label
							 : x->id ? x->id : "");
		x->items = v_calloc(r->nbuckets + 1, sizeof(int64_t));
		x->by_niche = v_calloc(r->nniches + 1, sizeof(int64_t));
		if (!x->id || !x->label || !x->items || !x->by_niche)
			return -1;
	}
	return 0;
}

int agg_regions_row(struct agg *a, uint64_t niches)
{
	struct regions *g = a->regions;
	struct report *r = a->r;
	const struct report_row *row = &a->rows[a->cur_row];
	size_t i, j;

	a->cur_regions = 0;
	if (!g || !niches || !(a->in_period || a->in_base))
		return 0;
	a->cur_regions = agg_ids(row->sectors, g->ids, r->nregions);
	for (i = 0; i < r->nregions; i++) {
		struct report_region *x = &r->regions[i];

		if (!(a->cur_regions >> i & 1))
			continue;
		if (a->in_base) {
			x->baseline++;
			continue;
		}
		x->items[a->cur_bucket]++;
		x->total++;
		if (row->covered > x->covered)
			x->covered = row->covered;
		for (j = 0; j < r->nniches; j++)
			if (niches >> j & 1)
				x->by_niche[j]++;
	}
	if (a->in_period && (a->cur_regions & 1)) {
		if (g->nhome == g->caphome) {
			size_t nc = g->caphome ? g->caphome * 2 : 64;
			size_t *n = v_reallocarray(g->home_rows, nc, sizeof *n);

			if (!n)
				return -1;
			g->home_rows = n;
			g->caphome = nc;
		}
		g->home_rows[g->nhome++] = a->cur_row;
	}
	return 0;
}

struct spick {
	const struct sstat *s;
	int64_t key;
};

static int cmp_spick(const void *x, const void *y)
{
	const struct spick *a = x, *b = y;

	if (a->s->nsrcs != b->s->nsrcs)
		return a->s->nsrcs < b->s->nsrcs ? 1 : -1;
	if (a->s->score != b->s->score)
		return a->s->score < b->s->score ? 1 : -1;
	return a->key < b->key ? -1 : a->key > b->key;
}

/* The home region's stories (all stories of its items in the period, most
 * sources first), and each region's trend. */
int agg_regions(struct agg *a)
{
	struct regions *g = a->regions;
	struct report *r = a->r;
	struct spick *pk;
	size_t i, k, np = 0;

	if (!g)
		return 0;
	for (i = 0; i < r->nregions; i++)
		agg_trend(a, r->regions[i].total, r->regions[i].baseline,
			  r->regions[i].items, r->regions[i].covered,
			  &r->regions[i].vs_base);
	pk = v_calloc(g->nhome + 1, sizeof *pk);
	if (!pk)
		return -1;
	for (i = 0; i < g->nhome; i++) {
		const struct report_row *row = &a->rows[g->home_rows[i]];
		int64_t key = row->story > 0 ? row->story
					     : -(int64_t)g->home_rows[i] - 1;
		const struct imap_ent *en = imap_get(&a->stories, key);

		if (!en)
			continue;
		for (k = 0; k < np && pk[k].key != key; k++)
			;
		if (k < np)
			continue;
		pk[np].s = &a->ss[en->val];
		pk[np++].key = key;
	}
	qsort(pk, np, sizeof *pk, cmp_spick);
	if (np > HOME_STORIES)
		np = HOME_STORIES;
	r->home_stories = v_calloc(np + 1, sizeof *r->home_stories);
	if (!r->home_stories) {
		v_free(pk);
		return -1;
	}
	for (i = 0; i < np; i++) {
		struct report_story *o = &r->home_stories[i];
		const struct report_row *row = &a->rows[pk[i].s->row];

		r->nhome_stories = i + 1;
		o->title = agg_dup_or_empty(row->title);
		o->link = agg_dup_or_empty(row->link);
		o->sources = (int64_t)pk[i].s->nsrcs;
		o->score = pk[i].s->score;
		if (!o->title || !o->link) {
			v_free(pk);
			return -1;
		}
	}
	v_free(pk);
	return 0;
}

void agg_regions_release(struct agg *a)
{
	if (!a->regions)
		return;
	v_free(a->regions->home_rows);
	v_free(a->regions);
	a->regions = NULL;
}

void report_regions_free(struct report *r)
{
	size_t i;

	for (i = 0; i < r->nregions; i++) {
		v_free(r->regions[i].id);
		v_free(r->regions[i].label);
		v_free(r->regions[i].items);
		v_free(r->regions[i].by_niche);
	}
	v_free(r->regions);
	for (i = 0; i < r->nhome_stories; i++) {
		v_free(r->home_stories[i].title);
		v_free(r->home_stories[i].link);
	}
	v_free(r->home_stories);
	v_free(r->home_watch);
}
