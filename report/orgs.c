/* The watch list's mentions and the organisations: the [watch] entries
 * most mentioned in the period, and candidates the analyst might add to
 * the list (names written with a capital in titles of several sources,
 * almost never in lower case, not on the list), each with its niches and
 * its trend against the baseline. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/utf8.h"
#include "agg.h"
#include "report_int.h"

/* Distinct sources counted per organisation (a candidate needs a few). */
#define ORG_SOURCES_MAX 16
/* Bytes of a name: longer tokens are not names. */
#define NAME_MAX_BYTES 40

struct ostat {
	char *surface;		/* as first written */
	int64_t count, base, caps, lower, last_doc;
	int64_t covered;	/* latest coverage start of its sources */
	uint64_t niches;
	int64_t *mentions;	/* per bucket */
	size_t *srcs;
	size_t nsrcs, capsrcs;
};

struct orgs {
	struct rmap names;	/* folded name -> ostat */
	struct ostat *os;
	size_t n, cap;
	struct ostat *ws;	/* per watch entry */
	char **wpat;		/* folded watch patterns, NUL-separated */
	size_t *wpat_n, nwatch;
	struct buf fold;
};

static int word_at(const char *s, size_t len, const char *pat, size_t plen)
{
	const char *h = s, *end = s + len;

	while ((size_t)(end - h) >= plen) {
		const char *f = memchr(h, pat[0], (size_t)(end - h) - plen + 1);

		if (!f)
			return 0;
		if (memcmp(f, pat, plen) == 0) {
			int lb = f == s || !((f[-1] >= 'a' && f[-1] <= 'z') ||
					     (f[-1] >= '0' && f[-1] <= '9'));
			int rb = f + plen == end ||
				 !((f[plen] >= 'a' && f[plen] <= 'z') ||
				   (f[plen] >= '0' && f[plen] <= '9'));
			if (lb && rb)
				return 1;
		}
		h = f + 1;
	}
	return 0;
}

static void ostat_release(struct ostat *s)
{
	v_free(s->surface);
	v_free(s->mentions);
	v_free(s->srcs);
}

void agg_orgs_release(struct agg *a)
{
	struct orgs *o = a->orgs;
	size_t i;

	if (!o)
		return;
	for (i = 0; i < o->n; i++)
		ostat_release(&o->os[i]);
	for (i = 0; i < o->nwatch; i++) {
		ostat_release(&o->ws[i]);
		v_free(o->wpat[i]);
	}
	v_free(o->os);
	v_free(o->ws);
	v_free(o->wpat);
	v_free(o->wpat_n);
	rmap_release(&o->names);
	buf_release(&o->fold);
	v_free(o);
	a->orgs = NULL;
}

int agg_watch_init(struct agg *a, const struct report_watch_def *watch,
		   size_t nwatch)
{
	struct report *r = a->r;
	struct orgs *o = v_calloc(1, sizeof *o);
	size_t i, j;

	if (!o)
		return -1;
	a->orgs = o;
	rmap_init(&o->names);
	buf_init(&o->fold, 4096);
	o->ws = v_calloc(nwatch + 1, sizeof *o->ws);
	o->wpat = v_calloc(nwatch + 1, sizeof *o->wpat);
	o->wpat_n = v_calloc(nwatch + 1, sizeof *o->wpat_n);
	r->watch = v_calloc(nwatch + 1, sizeof *r->watch);
	if (!o->ws || !o->wpat || !o->wpat_n || !r->watch)
		return -1;
	for (i = 0; i < nwatch; i++) {
		struct report_watch *w = &r->watch[i];
		struct buf pb;

		r->nwatch = o->nwatch = i + 1;
		w->name = v_strdup(watch[i].name);
		w->label = agg_dup_or_empty(watch[i].label ? watch[i].label
							   : watch[i].name);
		w->mentions = v_calloc(r->nbuckets + 1, sizeof(int64_t));
		o->ws[i].last_doc = -1;
		o->ws[i].mentions = v_calloc(r->nbuckets + 1, sizeof(int64_t));
		if (!w->name || !w->label || !w->mentions || !o->ws[i].mentions)
			return -1;
		/* Patterns folded once, NUL-separated. */
		buf_init(&pb, 1 << 16);
		for (j = 0; j < watch[i].npatterns; j++)
			if (utf8_fold(&pb, watch[i].patterns[j],
				      strlen(watch[i].patterns[j])) < 0 ||
			    buf_addch(&pb, '\0') < 0) {
				buf_release(&pb);
				return -1;
			}
		o->wpat_n[i] = pb.len;
		o->wpat[i] = buf_detach(&pb, NULL);
		if (!o->wpat[i])
			return -1;
	}
	return 0;
}

/* Counts a mention of s by the current row. */
static int mention(struct agg *a, struct ostat *s, int64_t doc)
{
	const struct report_row *row = &a->rows[a->cur_row];

	if (s->last_doc == doc)
		return 0;
	s->last_doc = doc;
	if (a->in_base) {
		s->base++;
		return 0;
	}
	if (!a->in_period)
		return 0;
	s->count++;
	s->niches |= a->cur_niches;
	if (row->covered > s->covered)
		s->covered = row->covered;
	if (s->mentions)
		s->mentions[a->cur_bucket]++;
	if (s->nsrcs >= ORG_SOURCES_MAX)
		return 0;
	return agg_add_distinct(&s->srcs, &s->nsrcs, &s->capsrcs, a->cur_src);
}

int agg_watch_row(struct agg *a, const char *folded, size_t len)
{
	struct orgs *o = a->orgs;
	struct report *r = a->r;
	size_t j;

	for (j = 0; j < o->nwatch; j++) {
		const char *pt = o->wpat[j];
		struct report_watch *w = &r->watch[j];

		while (pt < o->wpat[j] + o->wpat_n[j]) {
			size_t pl = strlen(pt);

			if (pl && word_at(folded, len, pt, pl)) {
				if (!w->first_seen || a->cur_date < w->first_seen)
					w->first_seen = a->cur_date;
				if (a->in_period) {
					w->mentions[a->cur_bucket]++;
					w->total++;
					if (a->cur_regions & 1)
						r->home_watch[j]++;
				}
				if (mention(a, &o->ws[j], a->cur_doc) < 0)
					return -1;
				break;
			}
			pt += pl + 1;
		}
	}
	return 0;
}

/* ---- candidates: capitalised names of titles ---- */

/* Bytes of a token: ASCII letters and digits, and the letters of other
 * scripts; U+0080..U+00BF (C2: no-break space, guillemets) and general
 * punctuation (E2: dashes, quotes) separate. */
static size_t token(const char *s, size_t n, size_t i, size_t *st)
{
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || (c >= 0xc3 && c != 0xe2))
			break;
		i += c == 0xc2 ? 2 : c == 0xe2 ? 3 : 1;
	}
	*st = i;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || (c >= 0x80 && c != 0xc2 &&
						 c != 0xe2)))
			break;
		i++;
	}
	return i > n ? n : i;
}

static int capital(const char *w, size_t n)
{
	unsigned char c = (unsigned char)w[0];

	return (c >= 'A' && c <= 'Z') ||
	       (c == 0xc3 && n > 1 && (unsigned char)w[1] >= 0x80 &&
		(unsigned char)w[1] <= 0x9e);
}

/* A title in Title Case ("How AI Is Changing Maintenance") says nothing
 * of which of its words are names: most of its words of four letters or
 * more, but the first and the stop words, have a capital. */
static int title_case(struct agg *a, const char *s, size_t n)
{
	struct buf *f = &a->orgs->fold;
	size_t i = 0, st, words = 0, caps = 0;
	int first = 1;

	while ((i = token(s, n, i, &st)) > st) {
		if (first || i - st < 4) {
			first = 0;
			continue;
		}
		buf_reset(f);
		if (utf8_fold(f, s + st, i - st) < 0)
			return 1;
		if (report_stopword(f->data, f->len))
			continue;
		words++;
		caps += (size_t)capital(s + st, i - st);
	}
	return words >= 3 && caps * 10 >= words * 7;
}

/* Calls fn for each word of the title but its first (and the first after
 * a colon or a full stop): the words whose capital may say a name. */
static int title_words(struct agg *a, const char *t,
		       int (*fn)(struct agg *a, const char *w, size_t n,
				 int cap))
{
	size_t n = t ? strlen(t) : 0, i = 0, st;
	int head = 1, rc = 0;

	if (!n || title_case(a, t, n))
		return 0;
	while (rc == 0 && (i = token(t, n, i, &st)) > st) {
		size_t k;

		for (k = st; k > 0 && t[k - 1] == ' '; k--)
			;
		if (k > 0 && (t[k - 1] == ':' || t[k - 1] == '.' ||
			      t[k - 1] == '!' || t[k - 1] == '?' ||
			      t[k - 1] == '|'))
			head = 1;
		if (!head && i - st >= 2 && i - st <= NAME_MAX_BYTES)
			rc = fn(a, t + st, i - st, capital(t + st, i - st));
		head = 0;
	}
	return rc;
}

/* The folded word, or NULL when it cannot be a name: a stop word or
 * digits. */
static const char *name_key(struct agg *a, const char *w, size_t n,
			    size_t *klen)
{
	struct buf *f = &a->orgs->fold;
	size_t i;

	buf_reset(f);
	if (utf8_fold(f, w, n) < 0 || f->len < 2)
		return NULL;
	for (i = 0; i < f->len && f->data[i] >= '0' && f->data[i] <= '9'; i++)
		;
	if (i == f->len || report_stopword(f->data, f->len))
		return NULL;
	*klen = f->len;
	return f->data;
}

/* A candidate's name is no name when it is a word of the taxonomy or
 * common over the history. */
static int generic_name(const struct agg *a, const char *k, size_t n)
{
	char sk[NAME_MAX_BYTES * 4 + 2];

	if (n >= sizeof sk)
		return 1;
	report_term_key(k, n, sk);
	return agg_term_generic(a, sk);
}

static int on_period_word(struct agg *a, const char *w, size_t n, int cap)
{
	struct orgs *o = a->orgs;
	struct rmap_ent *en;
	struct ostat *s;
	const char *k;
	size_t klen;
	int added;

	if (!cap || !(k = name_key(a, w, n, &klen)))
		return 0;
	en = rmap_put(&o->names, k, klen, o->n, &added);
	if (!en)
		return -1;
	if (added) {
		if (o->n == o->cap) {
			size_t nc = o->cap ? o->cap * 2 : 256;
			struct ostat *x = v_reallocarray(o->os, nc, sizeof *x);

			if (!x)
				return -1;
			o->os = x;
			o->cap = nc;
		}
		s = &o->os[o->n++];
		memset(s, 0, sizeof *s);
		s->last_doc = -1;
		s->surface = v_strndup(w, n);
		s->mentions = v_calloc(a->r->nbuckets + 1, sizeof(int64_t));
		if (!s->surface || !s->mentions)
			return -1;
	}
	return mention(a, &o->os[en->val], a->cur_doc);
}

int agg_orgs_row(struct agg *a)
{
	if (!a->in_period)
		return 0;
	return title_words(a, a->rows[a->cur_row].title, on_period_word);
}

/* Second look, over the baseline and the period: how often each
 * candidate is written in lower case (a common word after all), and its
 * mentions in the baseline. */
static int on_any_word(struct agg *a, const char *w, size_t n, int cap)
{
	struct orgs *o = a->orgs;
	const struct rmap_ent *en;
	struct buf *f = &o->fold;
	struct ostat *s;

	buf_reset(f);
	if (utf8_fold(f, w, n) < 0)
		return -1;
	en = rmap_get(&o->names, f->data ? f->data : "", f->len);
	if (!en)
		return 0;
	s = &o->os[en->val];
	if (cap)
		s->caps++;
	else
		s->lower++;
	if (a->in_base && s->last_doc != a->cur_doc) {
		s->last_doc = a->cur_doc;
		s->base++;
	}
	return 0;
}

static int on_watch_list(const struct orgs *o, const char *key, size_t n)
{
	size_t j;

	for (j = 0; j < o->nwatch; j++) {
		const char *pt = o->wpat[j];

		while (pt < o->wpat[j] + o->wpat_n[j]) {
			size_t pl = strlen(pt);

			if (pl && (word_at(pt, pl, key, n) ||
				   word_at(key, n, pt, pl)))
				return 1;
			pt += pl + 1;
		}
	}
	return 0;
}

struct opick {
	const struct ostat *s;
	const char *name;
	int candidate;
};

static int cmp_org(const void *x, const void *y)
{
	const struct opick *a = x, *b = y;

	if (a->candidate != b->candidate)
		return a->candidate - b->candidate;
	if (a->candidate && a->s->nsrcs != b->s->nsrcs)
		return a->s->nsrcs < b->s->nsrcs ? 1 : -1;
	if (a->s->count != b->s->count)
		return a->s->count < b->s->count ? 1 : -1;
	return strcmp(a->name, b->name);
}

int agg_orgs(struct agg *a, size_t nrows)
{
	struct orgs *o = a->orgs;
	struct report *r = a->r;
	const struct report_params *p = a->p;
	struct opick *pk;
	size_t i, np = 0, nw = 0, nc = 0;

	/* the second look at the rows of the baseline and the period */
	for (i = 0; o->n && i < nrows; i++) {
		const struct report_row *row = &a->rows[i];
		int64_t seen = row->seen ? row->seen : row->date;

		if ((p->as_of && seen > p->as_of) || row->date >= p->to ||
		    row->date < a->base_from)
			continue;
		a->in_base = row->date < p->from;
		a->cur_doc = -(int64_t)i - 2;	/* apart from the first look */
		if (title_words(a, row->title, on_any_word) < 0)
			return -1;
	}
	pk = v_calloc(o->n + o->nwatch + 1, sizeof *pk);
	if (!pk)
		return -1;
	for (i = 0; i < o->nwatch; i++)
		if (o->ws[i].count) {
			pk[np].s = &o->ws[i];
			pk[np].name = r->watch[i].label;
			pk[np++].candidate = 0;
		}
	for (i = 0; i < a->orgs->names.cap; i++) {
		const struct rmap_ent *en = &o->names.ents[i];
		const struct ostat *s;

		if (!en->used)
			continue;
		s = &o->os[en->val];
		if ((int64_t)s->nsrcs < p->first_min_sources ||
		    s->caps < 2 * s->lower ||
		    on_watch_list(o, rmap_key(en), en->len) ||
		    generic_name(a, rmap_key(en), en->len))
			continue;
		pk[np].s = s;
		pk[np].name = s->surface;
		pk[np++].candidate = 1;
	}
	qsort(pk, np, sizeof *pk, cmp_org);
	r->orgs = v_calloc(np + 1, sizeof *r->orgs);
	if (!r->orgs) {
		v_free(pk);
		return -1;
	}
	for (i = 0; i < np; i++) {
		struct report_org *g = &r->orgs[r->norgs];

		if (pk[i].candidate ? nc >= (size_t)p->top_n
				    : nw >= (size_t)p->top_n)
			continue;
		*(pk[i].candidate ? &nc : &nw) += 1;
		r->norgs++;
		g->name = v_strdup(pk[i].name);
		g->mentions = v_calloc(r->nbuckets + 1, sizeof(int64_t));
		if (!g->name || !g->mentions) {
			v_free(pk);
			return -1;
		}
		memcpy(g->mentions, pk[i].s->mentions,
		       r->nbuckets * sizeof(int64_t));
		g->candidate = pk[i].candidate;
		g->total = pk[i].s->count;
		g->base = pk[i].s->base;
		g->sources = (int64_t)pk[i].s->nsrcs;
		g->niches = pk[i].s->niches;
		agg_trend(a, pk[i].s->count, pk[i].s->base, pk[i].s->mentions,
			  pk[i].s->covered, &g->trend);
	}
	v_free(pk);
	return 0;
}

void report_org_release(struct report_org *g)
{
	v_free(g->name);
	v_free(g->mentions);
}
