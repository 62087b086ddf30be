/* Emerging terms and first sightings: counting the words and phrases of
 * each row (agg_on_term), then the tests, the terms left out as generic,
 * and what the previous report's terms became. */
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "report_int.h"
#include "agg.h"

/* Keeps the two earliest rows of the period holding a term, of two
 * different titles: what the reader is shown of it. */
static void example_put(struct agg *a, struct tstat *s)
{
	const struct report_row *rows = a->rows, *row = &rows[a->cur_row];
	const char *t1;

	if (s->example == (size_t)-1 || row->date < rows[s->example].date) {
		t1 = s->example == (size_t)-1 ? NULL : rows[s->example].title;
		if (t1 && (!row->title || strcmp(t1, row->title)))
			s->example2 = s->example;
		s->example = a->cur_row;
		return;
	}
	t1 = rows[s->example].title;
	if (row->title && t1 && !strcmp(t1, row->title))
		return;
	if (s->example2 == (size_t)-1 || row->date < rows[s->example2].date)
		s->example2 = a->cur_row;
}

static int on_generic(const char *t, size_t len, void *arg)
{
	struct agg *a = arg;
	char key[2 * 40 + 2];
	int added;

	if (len >= sizeof key || memchr(t, ' ', len))
		return 0;
	len = report_term_key(t, len, key);
	return rmap_put(&a->generic, key, len, 0, &added) ? 0 : -1;
}

/* The words of the taxonomy's names (niche labels in both languages,
 * ids cut at their hyphens, sector labels): "maintenance", "predictive". */
int agg_generic_words(struct agg *a, const struct report_niche_def *nd,
			 size_t nn, const struct report_sector_def *sd,
			 size_t ns)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < nn + ns && rc == 0; i++) {
		const char *x[3];
		size_t k;

		x[0] = i < nn ? nd[i].id : sd[i - nn].id;
		x[1] = i < nn ? nd[i].label_fr : sd[i - nn].label;
		x[2] = i < nn ? nd[i].label_en : NULL;
		for (k = 0; k < 3 && rc == 0; k++)
			if (x[k])
				rc = report_terms(x[k], strlen(x[k]),
						  on_generic, a);
	}
	return rc;
}

int agg_on_term(const char *t, size_t len, void *arg)
{
	struct agg *a = arg;
	struct rmap_ent *en;
	struct tstat *s;
	char key[2 * 40 + 2];
	size_t klen;
	int added;

	if (len >= sizeof key)
		return 0;
	klen = report_term_key(t, len, key);
	en = rmap_put(&a->terms, key, klen, a->nts, &added);
	if (!en)
		return -1;
	if (added) {
		if (a->nts == a->capts) {
			size_t nc = a->capts ? a->capts * 2 : 1024;
			struct tstat *n = v_reallocarray(a->ts, nc, sizeof *n);

			if (!n)
				return -1;
			a->ts = n;
			a->capts = nc;
		}
		s = &a->ts[a->nts++];
		memset(s, 0, sizeof *s);
		s->first_seen = a->cur_date;
		s->last_doc = -1;
		s->example = s->example2 = (size_t)-1;
	}
	s = &a->ts[en->val];
	if (a->cur_date < s->first_seen)
		s->first_seen = a->cur_date;
	/* Counts are of items containing the term, not occurrences: one
	 * long article repeating a word is not a trend. */
	if (s->last_doc == a->cur_doc)
		return 0;
	s->last_doc = a->cur_doc;
	s->df++;
	if (a->cur_date < a->base_from)
		return 0;
	if (!a->in_period) {
		s->base++;
		return 0;
	}
	s->count++;
	s->niches |= a->cur_niches;
	example_put(a, s);
	if (s->nsrcs >= TERM_SOURCES_MAX)
		return 0;
	return agg_add_distinct(&s->srcs, &s->nsrcs, &s->capsrcs, a->cur_src);
}

static int term_out(struct report_term *o, const struct tstat *s,
		    const char *term, const struct report_row *rows)
{
	size_t ex[2] = { s->example, s->example2 }, k;
	struct buf d = BUF_INIT;

	memset(o, 0, sizeof *o);
	if (report_term_display(&d, term, s->example == (size_t)-1 ? NULL
					  : rows[s->example].title) < 0) {
		buf_release(&d);
		return -1;
	}
	o->term = buf_detach(&d, NULL);
	o->key = v_strdup(term);
	o->count = s->count;
	o->base = s->base;
	o->first_seen = s->first_seen;
	o->sources = (int64_t)s->nsrcs;
	o->niches = s->niches;
	for (k = 0; k < 2; k++) {
		int some = ex[k] != (size_t)-1;

		o->example_title[k] = agg_dup_or_empty(some ? rows[ex[k]].title
						       : NULL);
		o->example_link[k] = agg_dup_or_empty(some ? rows[ex[k]].link
						      : NULL);
		if (!o->example_title[k] || !o->example_link[k])
			return -1;
	}
	return o->term && o->key ? 0 : -1;
}

/* A term not worth a reader's time: each of its words is one of the
 * taxonomy's own (a niche's or sector's name) or common over the whole
 * history (held by more than term_common_share of the items read, and by
 * at least TERM_COMMON_MIN of them). */
int agg_term_generic(const struct agg *a, const char *key)
{
	const struct report_params *p = a->p;
	double limit = p->term_common_share * (double)a->r->rows_used;

	while (*key) {
		const char *w = key;
		const struct rmap_ent *en;
		size_t n = strcspn(w, " ");

		key = w[n] ? w + n + 1 : w + n;
		if (rmap_get(&a->generic, w, n))
			continue;
		en = rmap_get(&a->terms, w, n);
		if (en && a->ts[en->val].df >= TERM_COMMON_MIN &&
		    (double)a->ts[en->val].df > limit)
			continue;
		return 0;
	}
	return 1;
}

static void trim(struct report_term *t, size_t *n, size_t max)
{
	size_t i;

	for (i = max; i < *n; i++)
		report_term_release(&t[i]);
	if (*n > max)
		*n = max;
}

/* 1 when the key w (a word) is one of the words of the key p. */
static int word_of(const char *w, const char *p)
{
	size_t n = strlen(w);
	const char *h;

	for (h = strstr(p, w); h; h = strstr(h + 1, w))
		if ((h == p || h[-1] == ' ') && (h[n] == ' ' || !h[n]))
			return 1;
	return 0;
}

static void drop_subsumed(struct report_term *t, size_t *n)
{
	unsigned char *drop = v_calloc(*n + 1, 1);
	size_t i, j, o = 0;

	if (!drop)
		return;		/* listed, only less tidily */
	for (i = 0; i < *n; i++)
		for (j = 0; j < *n && !drop[i] && !strchr(t[i].key, ' '); j++)
			drop[i] = j != i && t[j].count == t[i].count &&
				  strchr(t[j].key, ' ') &&
				  word_of(t[i].key, t[j].key);
	for (i = 0; i < *n; i++) {
		if (drop[i])
			report_term_release(&t[i]);
		else
			t[o++] = t[i];
	}
	*n = o;
	v_free(drop);
}

static int cmp_term(const void *x, const void *y)
{
	const struct report_term *a = x, *b = y;

	if (a->g2 != b->g2)
		return a->g2 < b->g2 ? 1 : -1;
	return strcmp(a->term, b->term);
}

static int cmp_first(const void *x, const void *y)
{
	const struct report_term *a = x, *b = y;

	if (a->sources != b->sources)
		return a->sources < b->sources ? 1 : -1;
	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	return strcmp(a->term, b->term);
}

/* The emerging terms (G² against the baseline) and the first sightings
 * (never seen before the period, in several sources), the generic ones
 * left out, into a->r. 0 or -1 (out of memory). */
int agg_terms(struct agg *a)
{
	struct report *r = a->r;
	const struct report_params *p = a->p;
	size_t i, ne = 0, nf = 0;
	const char **names = v_calloc(a->nts + 1, sizeof *names);

	if (!names)
		return -1;
	for (i = 0; i < a->terms.cap; i++)
		if (a->terms.ents[i].used)
			names[a->terms.ents[i].val] =
				rmap_key(&a->terms.ents[i]);
	for (i = 0; i < a->nts; i++) {
		struct tstat *s = &a->ts[i];
		double g;

		if (s->count < p->term_min_count)
			continue;
		if (agg_term_generic(a, names[i])) {
			s->skip = 1;
			continue;
		}
		if (s->first_seen >= p->from &&
		    (int64_t)s->nsrcs >= p->first_min_sources)
			nf++;
		if ((double)s->count * (double)r->baseline_docs <=
		    (double)s->base * (double)r->period_docs)
			continue;
		g = report_g2((double)s->count, (double)r->period_docs,
			      (double)s->base, (double)r->baseline_docs);
		if (g >= p->term_min_g2)
			ne++;
	}
	r->terms = v_calloc(ne + 1, sizeof *r->terms);
	r->first = v_calloc(nf + 1, sizeof *r->first);
	if (!r->terms || !r->first) {
		v_free(names);
		return -1;
	}
	for (i = 0; i < a->nts; i++) {
		struct tstat *s = &a->ts[i];
		double g;

		if (s->count < p->term_min_count || s->skip)
			continue;
		if (s->first_seen >= p->from &&
		    (int64_t)s->nsrcs >= p->first_min_sources) {
			if (term_out(&r->first[r->nfirst++], s,
				     names[i], a->rows) < 0) {
				v_free(names);
				return -1;
			}
		}
		if ((double)s->count * (double)r->baseline_docs <=
		    (double)s->base * (double)r->period_docs)
			continue;
		g = report_g2((double)s->count, (double)r->period_docs,
			      (double)s->base, (double)r->baseline_docs);
		if (g < p->term_min_g2)
			continue;
		if (term_out(&r->terms[r->nterms], s, names[i],
			     a->rows) < 0) {
			r->nterms++;
			v_free(names);
			return -1;
		}
		r->terms[r->nterms++].g2 = g;
	}
	v_free(names);
	qsort(r->terms, r->nterms, sizeof *r->terms, cmp_term);
	qsort(r->first, r->nfirst, sizeof *r->first, cmp_first);
	/* Keep the full ranking bounded: the report lists the top,
	 * and a word is not listed beside a phrase of it held by
	 * the same items ("arret" beside "arret evite"). */
	trim(r->terms, &r->nterms, (size_t)p->top_n * 6);
	trim(r->first, &r->nfirst, (size_t)p->top_n * 6);
	drop_subsumed(r->terms, &r->nterms);
	drop_subsumed(r->first, &r->nfirst);
	trim(r->terms, &r->nterms, (size_t)p->top_n * 3);
	trim(r->first, &r->nfirst, (size_t)p->top_n * 3);
	return 0;
}

/* What changed since the previous report: each niche's rank then, and the
 * terms emerging then that this period holds at least as often. */
int agg_since_previous(struct agg *a, const struct report *prev)
{
	struct report *r = a->r;
	size_t i, j;

	r->has_previous = 1;
	r->prev_from = prev->params.from;
	r->prev_to = prev->params.to;
	r->prev_report_items = prev->total_items;
	for (i = 0; i < r->nniches; i++)
		for (j = 0; j < prev->nniches; j++)
			if (!strcmp(r->niches[i].id, prev->niches[j].id))
				r->niches[i].prev_rank = prev->niches[j].rank;
	r->settled = v_calloc(prev->nterms + 1, sizeof *r->settled);
	if (!r->settled)
		return -1;
	for (i = 0; i < prev->nterms; i++) {
		const struct report_term *t = &prev->terms[i];
		const struct rmap_ent *en;
		struct report_settled *o;
		int64_t now;

		en = rmap_get(&a->terms, t->key, strlen(t->key));
		now = en ? a->ts[en->val].count : 0;
		if (now < a->p->term_min_count || now < t->count)
			continue;
		o = &r->settled[r->nsettled];
		o->term = v_strdup(t->term);
		if (!o->term)
			return -1;
		o->then = t->count;
		o->now = now;
		o->still = 0;
		for (j = 0; j < r->nterms; j++)
			if (!strcmp(r->terms[j].key, t->key))
				o->still = 1;
		r->nsettled++;
	}
	return 0;
}

void report_term_release(struct report_term *t)
{
	v_free(t->term);
	v_free(t->key);
	v_free(t->example_title[0]);
	v_free(t->example_link[0]);
	v_free(t->example_title[1]);
	v_free(t->example_link[1]);
}

