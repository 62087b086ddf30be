/* Aggregation of item rows into the report model: one pass over the rows
 * for volumes, sources, stories, terms and watch mentions, then the tests
 * and rankings on the small aggregated tables. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "../util/utf8.h"
#include "report.h"
#include "report_int.h"
#include "agg.h"

/* Text is read from the first TEXT_MAX bytes of a field: enough for a
 * summary, and it bounds the folding buffer whatever a feed sends. */
#define TEXT_MAX 65536

const char *report_version(void)
{
	return "report 1";
}

void report_params_init(struct report_params *p)
{
	memset(p, 0, sizeof *p);
	p->by = REPORT_WEEK;
	p->baseline_periods = 4;
	p->alpha = 0.05;
	p->term_min_count = 3;
	p->term_common_share = 0.05;
	p->term_min_g2 = 10.83;
	p->first_min_sources = 3;
	p->top_n = 10;
	p->lang = REPORT_FR;
}

int report_format_parse(const char *s, enum report_format *f)
{
	static const char *const names[] = { "html", "md", "csv", "json" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*f = (enum report_format)i;
			return 0;
		}
	return -1;
}

int report_gran_parse(const char *s, enum report_gran *g)
{
	static const char *const names[] = { "week", "month", "quarter" };
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*g = (enum report_gran)i;
			return 0;
		}
	return -1;
}

static size_t find_bucket(const struct report *r, int64_t t)
{
	size_t lo = 0, hi = r->nbuckets;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (r->buckets[mid].start <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static int fold_field(struct buf *out, const char *s)
{
	size_t n;

	if (!s)
		return 0;
	n = utf8_truncate_len(s, strlen(s), TEXT_MAX);
	return utf8_fold(out, s, n);
}


void report_free(struct report *r)
{
	size_t i, j;

	if (!r)
		return;
	v_free(r->title);
	v_free(r->fingerprint);
	v_free(r->generated);
	v_free(r->buckets);
	for (i = 0; i < r->nniches; i++) {
		struct report_niche *n = &r->niches[i];

		v_free(n->id);
		v_free(n->label);
		v_free(n->items);
		v_free(n->stories);
		v_free(n->news);
		v_free(n->pubs);
		for (j = 0; j < n->ntop_sources; j++)
			v_free(n->top_sources[j]);
		v_free(n->top_sources);
		v_free(n->top_source_counts);
		for (j = 0; j < n->nstories; j++) {
			v_free(n->stories_top[j].title);
			v_free(n->stories_top[j].link);
		}
		v_free(n->stories_top);
	}
	v_free(r->niches);
	v_free(r->by_rank);
	for (i = 0; i < r->nsectors; i++)
		v_free(r->sector_labels[i]);
	v_free(r->sector_labels);
	v_free(r->co_niche);
	v_free(r->co_sector);
	for (i = 0; i < r->nterms; i++)
		report_term_release(&r->terms[i]);
	v_free(r->terms);
	for (i = 0; i < r->nfirst; i++)
		report_term_release(&r->first[i]);
	v_free(r->first);
	for (i = 0; i < r->nwatch; i++) {
		v_free(r->watch[i].name);
		v_free(r->watch[i].label);
		v_free(r->watch[i].mentions);
	}
	v_free(r->watch);
	for (i = 0; i < r->norgs; i++)
		report_org_release(&r->orgs[i]);
	v_free(r->orgs);
	report_regions_free(r);
	for (i = 0; i < r->nsilent; i++)
		v_free(r->silent[i]);
	v_free(r->silent);
	for (i = 0; i < r->nsettled; i++)
		v_free(r->settled[i].term);
	v_free(r->settled);
	v_free(r);
}

static void agg_release(struct agg *a)
{
	size_t i;

	for (i = 0; i < a->nts; i++)
		v_free(a->ts[i].srcs);
	v_free(a->ts);
	for (i = 0; i < a->nss; i++)
		v_free(a->ss[i].srcs);
	v_free(a->ss);
	v_free(a->src_niche);
	v_free(a->src_period);
	v_free(a->src_base);
	agg_orgs_release(a);
	agg_regions_release(a);
	rmap_release(&a->sources);
	rmap_release(&a->terms);
	rmap_release(&a->generic);
	imap_release(&a->stories);
}

static int make_buckets(struct report *r)
{
	const struct report_params *p = &r->params;
	int64_t t;
	size_t n = 0, i = 0;

	for (t = rcal_align(p->from, p->by); t < p->to;
	     t = rcal_next(t, p->by))
		n++;
	r->buckets = v_calloc(n ? n : 1, sizeof *r->buckets);
	if (!r->buckets)
		return -1;
	for (t = rcal_align(p->from, p->by); t < p->to;
	     t = rcal_next(t, p->by)) {
		struct report_bucket *b = &r->buckets[i++];
		int64_t next = rcal_next(t, p->by);

		b->start = t < p->from ? p->from : t;
		b->end = next > p->to ? p->to : next;
		/* as_of is the last second known */
		b->partial = next > p->to ||
			     (p->as_of > 0 && b->end > p->as_of + 1);
		rcal_label(t, p->by, b->label, sizeof b->label);
		snprintf(b->title, sizeof b->title, b->partial ? "%s (%s)" :
			 "%s", b->label, rl(r, L_PARTIAL));
	}
	r->nbuckets = n;
	return 0;
}

static int grow_sources(struct agg *a, size_t need, size_t nn)
{
	size_t nc = a->capsrc;
	int64_t *x, *y, *z;

	if (need <= a->capsrc)
		return 0;
	while (nc < need)
		nc = nc ? nc * 2 : 64;
	x = v_calloc(nc * (nn ? nn : 1), sizeof *x);
	y = v_calloc(nc, sizeof *y);
	z = v_calloc(nc, sizeof *z);
	if (!x || !y || !z) {
		v_free(x);
		v_free(y);
		v_free(z);
		return -1;
	}
	if (a->capsrc) {
		memcpy(x, a->src_niche, a->capsrc * nn * sizeof *x);
		memcpy(y, a->src_period, a->capsrc * sizeof *y);
		memcpy(z, a->src_base, a->capsrc * sizeof *z);
	}
	v_free(a->src_niche);
	v_free(a->src_period);
	v_free(a->src_base);
	a->src_niche = x;
	a->src_period = y;
	a->src_base = z;
	a->capsrc = nc;
	return 0;
}

static int story_stat(struct agg *a, const struct report_row *row, size_t ri)
{
	struct imap_ent *en;
	struct sstat *s;
	int added;

	/* a row without a story is one of its own: keyed by its negated
	 * number, apart from every story id */
	en = imap_put(&a->stories, row->story > 0 ? row->story :
				   -(int64_t)ri - 1, a->nss, &added);
	if (!en)
		return -1;
	if (added) {
		if (a->nss == a->capss) {
			size_t nc = a->capss ? a->capss * 2 : 1024;
			struct sstat *n = v_reallocarray(a->ss, nc, sizeof *n);

			if (!n)
				return -1;
			a->ss = n;
			a->capss = nc;
		}
		s = &a->ss[a->nss++];
		memset(s, 0, sizeof *s);
		s->first = row->date;
		s->row = ri;
		s->score = row->score;
	}
	s = &a->ss[en->val];
	if (row->date < s->first) {
		s->first = row->date;
		s->row = ri;
	}
	if (row->score > s->score)
		s->score = row->score;
	s->niches |= a->cur_niches;
	return agg_add_distinct(&s->srcs, &s->nsrcs, &s->capsrcs, a->cur_src);
}

/* Ranking key: strength of the evidence, signed by the direction. */
static double rank_key(const struct report_niche *n)
{
	double p = n->vs_base.p, z;

	if (isnan(p))
		return n->total > 0 ? 0.5 : 0;
	z = -log10(p > 1e-300 ? p : 1e-300);
	if (n->vs_base.significant)
		z += 1000;
	return n->vs_base.k1 * n->vs_base.exposure >= (double)n->vs_base.k2
		       ? z : -z;
}

struct pick {
	size_t i;
	int64_t a;
	double b;
	const char *c;
};

static int cmp_pick(const void *x, const void *y)
{
	const struct pick *a = x, *b = y;

	if (a->a != b->a)
		return a->a < b->a ? 1 : -1;
	if (a->b != b->b)
		return a->b < b->b ? 1 : -1;
	return strcmp(a->c ? a->c : "", b->c ? b->c : "");
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Compares niche n's period with its reference [ref_from, p->from) of
 * k2 items (agg_compare). */
static void compare(const struct report *r, const struct report_niche *n,
		    struct report_growth *g, int64_t k2, int64_t ref_from)
{
	agg_compare(r, n->total, n->items, n->covered, g, k2, ref_from);
}


static int finish(struct agg *a, const struct report_niche_def *nd,
		  size_t nn, const char **src_names, size_t nsrc)
{
	struct report *r = a->r;
	const struct report_params *p = a->p;
	size_t i, j, k;
	struct pick *pk = NULL;
	size_t cap = (nsrc > a->nss ? nsrc : a->nss) + nn + a->nts + 1;

	(void)nd;
	pk = v_calloc(cap, sizeof *pk);
	if (!pk)
		return -1;
	/* Stories: counted in the bucket of their earliest item. */
	for (i = 0; i < a->nss; i++) {
		struct sstat *s = &a->ss[i];
		size_t b = find_bucket(r, s->first);

		r->total_stories++;
		for (j = 0; j < nn; j++)
			if (s->niches >> j & 1) {
				r->niches[j].stories[b]++;
				r->niches[j].total_stories++;
			}
	}
	for (j = 0; j < nn; j++) {
		struct report_niche *n = &r->niches[j];
		size_t np = 0;
		double h = 0;

		n->share = r->total_items ? (double)n->total / r->total_items
					  : NAN;
		compare(r, n, &n->vs_prev, n->prev, report_previous_from(p));
		compare(r, n, &n->vs_base, n->baseline, a->base_from);
		for (k = 0; k < nsrc; k++) {
			int64_t c = a->src_niche[k * nn + j];

			if (!c)
				continue;
			n->nsources++;
			h -= (double)c / n->total * log((double)c / n->total);
			pk[np].i = k;
			pk[np].a = c;
			pk[np].b = 0;
			pk[np].c = src_names[k];
			np++;
		}
		n->diversity = n->total ? exp(h) : 0;
		qsort(pk, np, sizeof *pk, cmp_pick);
		if (np > (size_t)p->top_n)
			np = (size_t)p->top_n;
		n->top_sources = v_calloc(np + 1, sizeof *n->top_sources);
		n->top_source_counts = v_calloc(np + 1, sizeof(int64_t));
		if (!n->top_sources || !n->top_source_counts)
			goto fail;
		for (k = 0; k < np; k++) {
			n->top_sources[k] = v_strdup(pk[k].c);
			if (!n->top_sources[k])
				goto fail;
			n->ntop_sources = k + 1;
			n->top_source_counts[k] = pk[k].a;
		}
		/* Top stories: most sources, then highest score. */
		np = 0;
		for (i = 0; i < a->nss; i++) {
			if (!(a->ss[i].niches >> j & 1))
				continue;
			pk[np].i = i;
			pk[np].a = (int64_t)a->ss[i].nsrcs;
			pk[np].b = a->ss[i].score;
			pk[np].c = a->rows[a->ss[i].row].title;
			np++;
		}
		qsort(pk, np, sizeof *pk, cmp_pick);
		if (np > (size_t)p->top_n)
			np = (size_t)p->top_n;
		n->stories_top = v_calloc(np + 1, sizeof *n->stories_top);
		if (!n->stories_top)
			goto fail;
		for (k = 0; k < np; k++) {
			const struct sstat *s = &a->ss[pk[k].i];
			struct report_story *o = &n->stories_top[k];

			o->title = agg_dup_or_empty(a->rows[s->row].title);
			o->link = agg_dup_or_empty(a->rows[s->row].link);
			o->sources = (int64_t)s->nsrcs;
			o->score = s->score;
			n->nstories = k + 1;
			if (!o->title || !o->link)
				goto fail;
		}
	}
	r->by_rank = v_calloc(nn + 1, sizeof *r->by_rank);
	if (!r->by_rank)
		goto fail;
	for (j = 0; j < nn; j++) {
		pk[j].i = j;
		pk[j].a = 0;
		pk[j].b = rank_key(&r->niches[j]);
		pk[j].c = r->niches[j].id;
	}
	qsort(pk, nn, sizeof *pk, cmp_pick);
	for (j = 0; j < nn; j++) {
		r->by_rank[j] = pk[j].i;
		r->niches[pk[j].i].rank = (int)j + 1;
	}

	if (agg_terms(a) < 0)
		goto fail;

	/* Sources silent in the period. */
	{
		size_t ns = 0;

		for (k = 0; k < nsrc; k++)
			if (a->src_base[k] && !a->src_period[k])
				ns++;
		r->silent = v_calloc(ns + 1, sizeof *r->silent);
		if (!r->silent)
			goto fail;
		for (k = 0; k < nsrc; k++)
			if (a->src_base[k] && !a->src_period[k]) {
				r->silent[r->nsilent] = v_strdup(src_names[k]);
				if (!r->silent[r->nsilent])
					goto fail;
				r->nsilent++;
			}
		qsort(r->silent, r->nsilent, sizeof *r->silent, cmp_str);
	}
	v_free(pk);
	return 0;
fail:
	v_free(pk);
	return -1;
}

struct report *report_build(const struct report_params *p,
			    const struct report_niche_def *niches, size_t nn,
			    const struct report_sector_def *sectors, size_t nsec,
			    const struct report_watch_def *watch, size_t nwatch,
			    const struct report_row *rows, size_t nrows,
			    struct err *e)
{
	struct report *r;
	struct agg a;
	const char *ids[REPORT_NICHES_MAX], *sids[REPORT_NICHES_MAX];
	const char **src_names = NULL;
	int64_t prev_from;
	size_t tlen, plen;
	size_t i, j;
	struct buf fold;

	if (p->to <= p->from) {
		err_set(e, "empty period: 'to' is not after 'from'");
		return NULL;
	}
	if (nn > REPORT_NICHES_MAX || nsec > REPORT_NICHES_MAX) {
		err_set(e, "too many niches or sectors (at most %d)",
			REPORT_NICHES_MAX);
		return NULL;
	}
	if (p->baseline_periods < 1 || p->top_n < 1 || p->term_text_bytes < 0 ||
	    p->term_text_bytes > TEXT_MAX) {
		err_set(e, "baseline and top counts must be at least 1, "
			   "term_text_bytes in [0, %d]", TEXT_MAX);
		return NULL;
	}
	memset(&a, 0, sizeof a);
	rmap_init(&a.sources);
	rmap_init(&a.terms);
	rmap_init(&a.generic);
	imap_init(&a.stories);
	buf_init(&fold, 16 * TEXT_MAX);
	r = v_calloc(1, sizeof *r);
	if (!r)
		goto nomem;
	r->params = *p;
	r->params.title = r->params.rules_fingerprint = NULL;
	r->params.generated = NULL;
	r->params.previous = NULL;
	r->params.regions = NULL;
	r->params.nregions = 0;
	r->title = p->title ? v_strdup(p->title) : NULL;
	r->fingerprint = p->rules_fingerprint ? v_strdup(p->rules_fingerprint)
					      : NULL;
	r->generated = p->generated ? v_strdup(p->generated) : NULL;
	if ((p->title && !r->title) ||
	    (p->rules_fingerprint && !r->fingerprint) ||
	    (p->generated && !r->generated))
		goto nomem;
	if (make_buckets(r) < 0)
		goto nomem;
	r->niches = v_calloc(nn + 1, sizeof *r->niches);
	r->sector_labels = v_calloc(nsec + 1, sizeof *r->sector_labels);
	r->co_niche = v_calloc(nn * nn + 1, sizeof *r->co_niche);
	r->co_sector = v_calloc(nn * nsec + 1, sizeof *r->co_sector);
	if (!r->niches || !r->sector_labels || !r->co_niche || !r->co_sector)
		goto nomem;
	for (i = 0; i < nn; i++) {
		struct report_niche *n = &r->niches[i];
		const char *lab = p->lang == REPORT_EN && niches[i].label_en
					  ? niches[i].label_en
					  : niches[i].label_fr;

		r->nniches = i + 1;
		ids[i] = niches[i].id;
		n->id = v_strdup(niches[i].id);
		n->label = v_strdup(lab ? lab : niches[i].id);
		n->items = v_calloc(r->nbuckets + 1, sizeof(int64_t));
		n->stories = v_calloc(r->nbuckets + 1, sizeof(int64_t));
		n->news = v_calloc(r->nbuckets + 1, sizeof(int64_t));
		n->pubs = v_calloc(r->nbuckets + 1, sizeof(int64_t));
		if (!n->id || !n->label || !n->items || !n->stories ||
		    !n->news || !n->pubs)
			goto nomem;
	}
	for (i = 0; i < nsec; i++) {
		r->nsectors = i + 1;
		sids[i] = sectors[i].id;
		r->sector_labels[i] = v_strdup(sectors[i].label
						       ? sectors[i].label
						       : sectors[i].id);
		if (!r->sector_labels[i])
			goto nomem;
	}
	if (agg_generic_words(&a, niches, nn, sectors, nsec) < 0)
		goto nomem;
	prev_from = report_previous_from(p);
	a.p = p;
	a.r = r;
	a.rows = rows;
	a.base_from = report_baseline_from(p);
	if (agg_watch_init(&a, watch, nwatch) < 0 ||
	    agg_regions_init(&a) < 0)
		goto nomem;
	for (i = 0; i < nrows; i++) {
		const struct report_row *row = &rows[i];
		int64_t seen = row->seen ? row->seen : row->date;
		uint64_t nm, sm;
		struct rmap_ent *en;
		int added, in_period, in_base;
		size_t src, b = 0;

		if ((p->as_of && seen > p->as_of) || row->date >= p->to) {
			r->rows_ignored++;
			continue;
		}
		r->rows_used++;
		in_period = row->date >= p->from;
		in_base = !in_period && row->date >= a.base_from;
		nm = agg_ids(row->niches, ids, nn);
		en = rmap_put(&a.sources, row->source ? row->source : "",
			      row->source ? strlen(row->source) : 0,
			      a.sources.n, &added);
		if (!en || grow_sources(&a, a.sources.n, nn) < 0)
			goto nomem;
		src = en->val;
		if (in_period) {
			b = find_bucket(r, row->date);
			a.src_period[src]++;
		} else if (in_base) {
			a.src_base[src]++;
		}
		a.cur_row = i;
		a.cur_doc = (int64_t)i;
		a.cur_src = src;
		a.cur_date = row->date;
		a.cur_niches = nm;
		a.in_period = in_period;
		a.in_base = in_base;
		a.cur_bucket = b;
		if (nm && in_period) {
			sm = agg_ids(row->sectors, sids, nsec);
			for (j = 0; j < nn; j++)
				if (nm >> j & 1 &&
				    row->covered > r->niches[j].covered)
					r->niches[j].covered = row->covered;
			r->total_items++;
			if (row->kind == REPORT_PUBLICATION)
				r->total_pubs++;
			else
				r->total_news++;
			for (j = 0; j < nn; j++) {
				size_t k;

				if (!(nm >> j & 1))
					continue;
				r->niches[j].items[b]++;
				r->niches[j].total++;
				if (row->kind == REPORT_PUBLICATION) {
					r->niches[j].pubs[b]++;
					r->niches[j].total_pubs++;
				} else {
					r->niches[j].news[b]++;
					r->niches[j].total_news++;
				}
				a.src_niche[src * nn + j]++;
				for (k = 0; k < nn; k++)
					if (nm >> k & 1)
						r->co_niche[j * nn + k]++;
				for (k = 0; k < nsec; k++)
					if (sm >> k & 1)
						r->co_sector[j * nsec + k]++;
			}
			if (story_stat(&a, row, i) < 0)
				goto nomem;
		} else if (nm && in_base) {
			r->baseline_items++;
			for (j = 0; j < nn; j++)
				if (nm >> j & 1) {
					r->niches[j].baseline++;
					if (row->date >= prev_from)
						r->niches[j].prev++;
				}
			if (row->date >= prev_from)
				r->prev_items++;
		}
		/* Terms and watch: every row (terms need the whole history
		 * for first sightings). */
		buf_reset(&fold);
		if (fold_field(&fold, row->title) < 0 ||
		    buf_addstr(&fold, " . ") < 0)
			goto nomem;
		tlen = fold.len;
		if (fold_field(&fold, row->text) < 0)
			goto nomem;
		/* Words come from the title (and the start of the summary
		 * when asked), phrases from the title only: the title says
		 * what an item is about, and phrases of whole summaries would
		 * make tens of millions of distinct pairs over a year. */
		plen = tlen;
		tlen = utf8_truncate_len(buf_cstr(&fold), fold.len,
					 tlen + (size_t)p->term_text_bytes);
		if (in_period)
			r->period_docs++;
		else if (in_base)
			r->baseline_docs++;
		if (report_terms_folded(buf_cstr(&fold), tlen, plen, agg_on_term,
					&a) < 0)
			goto nomem;
		if (agg_regions_row(&a, nm) < 0 ||
		    agg_watch_row(&a, buf_cstr(&fold), fold.len) < 0 ||
		    agg_orgs_row(&a) < 0)
			goto nomem;
	}
	src_names = v_calloc(a.sources.n + 1, sizeof *src_names);
	if (!src_names)
		goto nomem;
	for (i = 0; i < a.sources.cap; i++)
		if (a.sources.ents[i].used)
			src_names[a.sources.ents[i].val] =
				rmap_key(&a.sources.ents[i]);
	if (finish(&a, niches, nn, src_names, a.sources.n) < 0 ||
	    agg_orgs(&a, nrows) < 0 || agg_regions(&a) < 0 ||
	    (p->previous && agg_since_previous(&a, p->previous) < 0))
		goto nomem;
	v_free(src_names);
	agg_release(&a);
	buf_release(&fold);
	return r;
nomem:
	v_free(src_names);
	agg_release(&a);
	buf_release(&fold);
	report_free(r);
	err_set(e, "out of memory while building the report");
	return NULL;
}

int report_write(const struct report *r, enum report_format f,
		 struct buf *out, struct err *e)
{
	int rc;

	switch (f) {
	case REPORT_HTML:
		rc = report_write_html(r, out);
		break;
	case REPORT_MD:
		rc = report_write_md(r, out);
		break;
	case REPORT_CSV:
		rc = report_write_csv(r, out);
		break;
	default:
		rc = report_write_json(r, out);
		break;
	}
	if (rc < 0)
		return err_set(e, rc == BUF_ETOOBIG ? "report too large"
						    : "out of memory while "
						      "writing the report");
	return 0;
}
