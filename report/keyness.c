/* Terms over-represented in a set of documents against the rest (what a
 * rules curator reads to add a term to a niche): document frequencies of
 * the report's terms, compared with Dunning's G² as emerging terms are. */
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/utf8.h"
#include "report.h"
#include "report_int.h"

/* Bytes of a document that are read: past it, a pasted full text would
 * only add noise and memory. */
#define KEYNESS_TEXT_MAX 8192

struct kstat {
	int64_t in, out, in_marked;
	size_t last_doc;	/* 1 + the document that counted it last */
	size_t ex[2];		/* 1 + the set's documents that hold it */
};

struct report_keyness {
	struct rmap terms;
	struct kstat *st;
	size_t nst, capst;
	char **titles;		/* of the set's documents, for examples */
	size_t ntitles, captitles;
	size_t docs;		/* documents added */
	int64_t nin, nout;
	int rest_started;
	struct report_key_term *ranked;
	struct buf fold;
};

struct add_ctx {
	struct report_keyness *k;
	int in, mark;
};

struct report_keyness *report_keyness_new(void)
{
	struct report_keyness *k = v_calloc(1, sizeof *k);

	if (!k)
		return NULL;
	rmap_init(&k->terms);
	buf_init(&k->fold, 4 * (size_t)KEYNESS_TEXT_MAX + 64);
	return k;
}

void report_keyness_free(struct report_keyness *k)
{
	size_t i;

	if (!k)
		return;
	rmap_release(&k->terms);
	for (i = 0; i < k->ntitles; i++)
		v_free(k->titles[i]);
	v_free(k->titles);
	v_free(k->st);
	v_free(k->ranked);
	buf_release(&k->fold);
	v_free(k);
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap * 2 : 256;
	void *np;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	np = v_reallocarray(*p, ncap, size);
	if (!np)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

static int on_term(const char *term, size_t len, void *arg)
{
	struct add_ctx *a = arg;
	struct report_keyness *k = a->k;
	const struct rmap_ent *got;
	struct rmap_ent *en;
	struct kstat *s;
	int added = 0;

	if (!a->in) {
		/* the rest only counts the set's terms: the others cannot
		 * be over-represented in the set */
		got = rmap_get(&k->terms, term, len);
		if (!got)
			return 0;
		s = &k->st[got->val];
		if (s->last_doc != k->docs) {
			s->last_doc = k->docs;
			s->out++;
		}
		return 0;
	}
	en = rmap_put(&k->terms, term, len, k->nst, &added);
	if (!en)
		return -1;
	if (added) {
		if (grow((void **)&k->st, &k->capst, k->nst + 1, sizeof *k->st) < 0)
			return -1;
		memset(&k->st[k->nst++], 0, sizeof *k->st);
	}
	s = &k->st[en->val];
	if (s->last_doc != k->docs) {
		s->last_doc = k->docs;
		s->in++;
		s->in_marked += a->mark;
		/* a story syndicated under the same title is one example */
		if (!s->ex[0])
			s->ex[0] = k->ntitles;
		else if (!s->ex[1] && strcmp(k->titles[s->ex[0] - 1],
					     k->titles[k->ntitles - 1]))
			s->ex[1] = k->ntitles;
	}
	return 0;
}

static int fold_part(struct buf *b, const char *s)
{
	size_t n;

	if (!s)
		return 0;
	n = utf8_truncate_len(s, strlen(s), KEYNESS_TEXT_MAX);
	return utf8_fold(b, s, n);
}

int report_keyness_add(struct report_keyness *k, const char *title,
		       const char *text, int in, int mark)
{
	struct add_ctx a = { k, in, in && mark };

	if (in && k->rest_started)
		return -1;
	k->rest_started |= !in;
	k->docs++;
	if (in) {
		if (grow((void **)&k->titles, &k->captitles, k->ntitles + 1,
			 sizeof *k->titles) < 0)
			return -1;
		k->titles[k->ntitles] = v_strdup(title ? title : "");
		if (!k->titles[k->ntitles])
			return -1;
		k->ntitles++;
		k->nin++;
	} else {
		k->nout++;
	}
	/* a phrase never spans the end of the title */
	buf_reset(&k->fold);
	if (fold_part(&k->fold, title) < 0 || buf_addstr(&k->fold, " . ") < 0 ||
	    fold_part(&k->fold, text) < 0)
		return -1;
	return report_terms_folded(buf_cstr(&k->fold), k->fold.len, k->fold.len,
				   on_term, &a) < 0 ? -1 : 0;
}

static int cmp_key(const void *pa, const void *pb)
{
	const struct report_key_term *a = pa, *b = pb;

	if (a->g2 != b->g2)
		return a->g2 < b->g2 ? 1 : -1;
	return strcmp(a->term, b->term);
}

int report_keyness_rank(struct report_keyness *k, int64_t min_docs,
			const struct report_key_term **out, size_t *n)
{
	size_t i, m = 0;

	*out = NULL;
	*n = 0;
	v_free(k->ranked);
	k->ranked = v_calloc(k->nst + 1, sizeof *k->ranked);
	if (!k->ranked)
		return -1;
	for (i = 0; i < k->terms.cap; i++) {
		const struct rmap_ent *en = &k->terms.ents[i];
		const struct kstat *s;
		struct report_key_term *t;

		if (!en->used)
			continue;
		s = &k->st[en->val];
		if (s->in < min_docs ||
		    (double)s->in * (double)k->nout <=
		    (double)s->out * (double)k->nin)
			continue;
		t = &k->ranked[m++];
		t->term = rmap_key(en);
		t->in = s->in;
		t->in_marked = s->in_marked;
		t->out = s->out;
		t->g2 = report_g2((double)s->in, (double)k->nin, (double)s->out,
				  (double)k->nout);
		t->example[0] = s->ex[0] ? k->titles[s->ex[0] - 1] : NULL;
		t->example[1] = s->ex[1] ? k->titles[s->ex[1] - 1] : NULL;
	}
	qsort(k->ranked, m, sizeof *k->ranked, cmp_key);
	*out = k->ranked;
	*n = m;
	return 0;
}

void report_keyness_docs(const struct report_keyness *k, int64_t *in,
			 int64_t *out)
{
	*in = k->nin;
	*out = k->nout;
}
