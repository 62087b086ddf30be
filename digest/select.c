/* A member's digest from the store: candidates of the week per niche,
 * filtered, ranked, capped, then turned into sections and entries. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "select.h"
#include "../index/store.h"
#include "../util/alloc.h"
#include "../util/conf.h"

struct cand {
	int64_t story;
	int64_t item;
	size_t niche;		/* index in the member's niche list */
	int lang;		/* LANG_OWN, LANG_UNKNOWN or LANG_OTHER */
	double score;
	double rank;
};

/* How an item's language stands to the member's: the member's own come
 * first in each niche, then those of unknown language, then the rest. */
enum { LANG_OTHER, LANG_UNKNOWN, LANG_OWN };

struct niche_list {
	const char **names;	/* borrowed from c or the member's list */
	size_t n;
	long *count;
	long *prev;
};

struct sel {
	struct niche_list *nl;
	const struct digest_week *w;
	struct cand *v;
	size_t n, cap;
	int64_t *backlog;	/* stories of backlog items, repeated */
	size_t nbacklog, capbacklog;
	int oom;
	const char *own;	/* the member's language: "fr" or "en" */
	char **langs;		/* the languages it reads ("languages"), or
				 * NULL: all */
};

/* 1 when language tag t ("fr", "fr-MA", "FR") is language code l. */
static int lang_is(const char *t, const char *l)
{
	size_t n = strlen(l);

	return strncasecmp(t, l, n) == 0 && (t[n] == '\0' || t[n] == '-' ||
					     t[n] == '_');
}

/* Where an item of language t (NULL or "": unknown) stands for s's
 * member: -1 when the member does not read it. */
static int lang_rank(const struct sel *s, const char *t)
{
	size_t i;

	if (!t || !*t)
		return LANG_UNKNOWN;
	if (s->langs) {
		for (i = 0; s->langs[i] && !lang_is(t, s->langs[i]); i++)
			;
		if (!s->langs[i])
			return -1;
	}
	return lang_is(t, s->own) ? LANG_OWN : LANG_OTHER;
}

/* a before b in a digest: the member's language first, then rank */
static int cand_before(const struct cand *a, const struct cand *b)
{
	if (a->lang != b->lang)
		return a->lang > b->lang;
	return a->rank > b->rank;
}

const char *digest_niche_label(const struct conf *c, const char *id,
			       enum digest_lang lang)
{
	const struct conf_section *s = conf_find(c, "niche", id);
	const char *fr = conf_get(s, "label"), *en = conf_get(s, "label_en");

	if (lang == DIGEST_EN)
		return en ? en : fr ? fr : id;
	return fr ? fr : en ? en : id;
}

static long niche_find(const struct niche_list *nl, const char *name)
{
	size_t i;

	for (i = 0; name && i < nl->n; i++)
		if (strcmp(nl->names[i], name) == 0)
			return (long)i;
	return -1;
}

struct count_ctx {
	struct niche_list *nl;
	long *into;
};

static int counts_cb(void *ctx, const struct store_niche_count *c)
{
	struct count_ctx *cc = ctx;
	long i = niche_find(cc->nl, c->niche);

	if (i >= 0)
		cc->into[i] = (long)(c->news + c->publications);
	return 0;
}

/* Grows *v (n used of *cap) by one; 0, or -1 when out of memory. */
static int grow(void **v, size_t n, size_t *cap, size_t size)
{
	size_t nc;
	void *a;

	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 64;
	a = v_reallocarray(*v, nc, size);
	if (a == NULL)
		return -1;
	*v = a;
	*cap = nc;
	return 0;
}

static int cmp_i64(const void *a, const void *b)
{
	const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The distinct stories in s->backlog. */
static long backlog_stories(struct sel *s)
{
	size_t i;
	long n = 0;

	if (s->nbacklog > 1)
		qsort(s->backlog, s->nbacklog, sizeof(*s->backlog), cmp_i64);
	for (i = 0; i < s->nbacklog; i++)
		n += i == 0 || s->backlog[i] != s->backlog[i - 1];
	return n;
}

static int cand_cb(void *ctx, const struct store_item *it)
{
	struct sel *s = ctx;
	long ni = niche_find(s->nl, it->niche);
	int64_t t, len;
	double recency, div;
	size_t i;
	struct cand c;

	if (ni < 0)
		return 0;
	if (it->backlog) {
		/* never news: counted in one line of the digest */
		if (grow((void **)&s->backlog, s->nbacklog, &s->capbacklog,
			 sizeof(*s->backlog)) < 0) {
			s->oom = 1;
			return 1;
		}
		s->backlog[s->nbacklog++] = it->story_id;
		return 0;
	}
	/* the item's date (an undated one: its first sighting), within
	 * the week: a date a week old or more makes the item backlog */
	t = it->date != FEED_NO_DATE ? it->date : it->first_seen;
	if (t < s->w->start)
		t = s->w->start;
	if (t > s->w->end)
		t = s->w->end;
	len = s->w->end - s->w->start;
	recency = len > 0 ? (double)(t - s->w->start) / (double)len : 0;
	div = it->nsources > 1 ? (double)(it->nsources - 1) : 0;
	if (div > 4)
		div = 4;
	c.story = it->story_id;
	c.item = it->id;
	c.niche = (size_t)ni;
	c.score = it->score;
	c.rank = it->score * (1 + 0.25 * div) + 0.5 * recency;
	if ((c.lang = lang_rank(s, it->language)) < 0)
		return 0;
	for (i = 0; i < s->n; i++) {
		if (s->v[i].story != c.story)
			continue;
		/* one entry per story: its item in the member's language,
		 * in the niche where it ranks best */
		if (cand_before(&c, &s->v[i]))
			s->v[i] = c;
		return 0;
	}
	if (grow((void **)&s->v, s->n, &s->cap, sizeof(*s->v)) < 0) {
		s->oom = 1;
		return 1;
	}
	s->v[s->n++] = c;
	return 0;
}

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->lang != y->lang)
		return x->lang > y->lang ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank > y->rank ? -1 : 1;
	return x->story < y->story ? -1 : x->story > y->story;
}

/* 1 when one of the member's sectors names list entry */
static int in_list(char **sectors, const char *name)
{
	size_t i;

	for (i = 0; sectors[i]; i++)
		if (strcmp(sectors[i], name) == 0)
			return 1;
	return 0;
}

struct feed_sector_ctx {
	const struct conf *c;
	char **sectors;
	int hit;
	int oom;
};

static int feed_sector_cb(void *ctx, const struct store_item *it)
{
	struct feed_sector_ctx *f = ctx;
	char **fs;
	size_t i;

	fs = conf_list(conf_find(f->c, "feed", it->feed), "sectors");
	if (fs == NULL) {
		f->oom = 1;
		return 1;
	}
	for (i = 0; fs[i] && !f->hit; i++)
		f->hit = in_list(f->sectors, fs[i]);
	conf_list_free(fs);
	return f->hit;
}

/* 1 when the story is in one of the sectors, 0 when not, -1 on error */
static int story_in_sectors(struct store *st, const struct conf *c,
			    int64_t story, char **sectors, size_t nsectors,
			    struct err *e)
{
	struct feed_sector_ctx f = { c, sectors, 0, 0 };
	int r;

	r = store_story_in_sectors(st, story, (const char *const *)sectors,
				   nsectors, e);
	if (r != 0)
		return r;
	r = store_story_items(st, story, feed_sector_cb, &f, e);
	if (f.oom)
		return err_set(e, "out of memory");
	return r < 0 ? -1 : f.hit;
}

/* The member's regions as stored: "region:NAME" (classify.h). 0 or -1. */
static int region_names(const struct conf_section *m, char ***out, size_t *n)
{
	char **names = conf_list(m, "regions");
	size_t i, k = 0;

	*out = NULL;
	*n = 0;
	if (!names)
		return -1;
	while (names[k])
		k++;
	*out = v_calloc(k + 1, sizeof **out);
	for (i = 0; *out && i < k; i++) {
		size_t len = strlen(names[i]);

		(*out)[i] = v_malloc(len + 8);
		if (!(*out)[i])
			break;
		memcpy((*out)[i], "region:", 7);
		memcpy((*out)[i] + 7, names[i], len + 1);
		*n = i + 1;
	}
	conf_list_free(names);
	return *out && *n == k ? 0 : -1;
}

struct entry_ctx {
	struct digest_section *sec;
	struct digest_entry *en;
	int64_t item;
	int oom;
};

static int entry_cb(void *ctx, const struct store_item *it)
{
	struct entry_ctx *x = ctx;

	x->en = digest_add_entry(x->sec, it->title, it->link, it->feed_title,
				 it->date, it->summary, 0);
	if (x->en == NULL)
		x->oom = 1;
	return x->oom;
}

static int other_cb(void *ctx, const struct store_item *it)
{
	struct entry_ctx *x = ctx;

	if (it->id == x->item)
		return 0;
	if (digest_entry_add_source(x->en, it->feed_title, it->link) < 0) {
		x->oom = 1;
		return 1;
	}
	return 0;
}

static int add_entry(struct store *st, struct digest_section *sec,
		     const struct cand *c, struct err *e)
{
	struct entry_ctx x = { sec, NULL, c->item, 0 };

	if (store_get_item(st, c->item, entry_cb, &x, e) < 0)
		return -1;
	if (x.oom)
		return err_set(e, "out of memory");
	if (x.en == NULL)
		return 0;	/* deleted since: nothing to show */
	x.en->score = c->score;
	if (c->story && store_story_items(st, c->story, other_cb, &x, e) < 0)
		return -1;
	if (x.oom)
		return err_set(e, "out of memory");
	return 0;
}

static int niches_of(const struct conf *c, const struct digest *d,
		     struct niche_list *nl)
{
	size_t i, k = 0;
	int all = 0;

	for (i = 0; i < d->member.nniches; i++)
		if (strcmp(d->member.niches[i], "all") == 0)
			all = 1;
	nl->n = all ? conf_count(c, "niche") : d->member.nniches;
	nl->names = v_calloc(nl->n + 1, sizeof(*nl->names));
	nl->count = v_calloc(nl->n + 1, sizeof(*nl->count));
	nl->prev = v_calloc(nl->n + 1, sizeof(*nl->prev));
	if (!nl->names || !nl->count || !nl->prev)
		return -1;
	if (all) {
		for (i = 0; i < c->nsections && k < nl->n; i++)
			if (strcmp(c->sections[i].type, "niche") == 0)
				nl->names[k++] = c->sections[i].name;
		nl->n = k;
	} else {
		for (i = 0; i < d->member.nniches; i++)
			nl->names[i] = d->member.niches[i];
	}
	return 0;
}

/* ---- the analyst's picks ---- */

#define WEEK_SECONDS (7 * 86400)

struct pick {
	int64_t item, story;
	char *note;
	int take;
};

struct picks {
	const struct niche_list *nl;
	const struct digest_week *w;
	struct pick *v;
	size_t n, cap;
	int oom;
};

/* 1 when one of the comma-separated niches is in nl. */
static int follows(const struct niche_list *nl, const char *niches)
{
	const char *p = niches, *q;
	size_t i, len;

	for (; p && *p; p = q ? q + 1 : NULL) {
		q = strchr(p, ',');
		len = q ? (size_t)(q - p) : strlen(p);
		for (i = 0; i < nl->n; i++)
			if (strlen(nl->names[i]) == len &&
			    strncmp(nl->names[i], p, len) == 0)
				return 1;
	}
	return 0;
}

static int pick_cb(void *ctx, const struct store_pick_row *r)
{
	struct picks *p = ctx;
	struct pick *a;

	/* a pick goes into the digest of the week it was made in, or of the
	 * week before when made before that week's digest went out (the
	 * Monday run digests the week that just ended) */
	if (r->at < p->w->start || r->at >= p->w->end + WEEK_SECONDS ||
	    !(r->everyone || follows(p->nl, r->niches)))
		return 0;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		if ((a = v_reallocarray(p->v, cap, sizeof(*a))) == NULL)
			return p->oom = 1;
		p->v = a;
		p->cap = cap;
	}
	a = &p->v[p->n];
	a->item = r->item_id;
	a->story = r->story_id;
	a->take = 0;
	if ((a->note = v_strdup(r->note ? r->note : "")) == NULL)
		return p->oom = 1;
	p->n++;
	return 0;
}

/* The picks for d's member, in a section of their own ahead of the
 * niches, each story once: never one the member received in another
 * week. Their stories go to ids (*n of them). */
static int select_picks(struct store *st, struct digest *d,
			const struct niche_list *nl, const char *wname,
			int64_t *ids, size_t *n, struct err *e)
{
	struct picks p = { nl, &d->week, NULL, 0, 0, 0 };
	struct digest_section *sec = NULL;
	size_t i, j, taken = 0;
	int rc = -1, r;

	if (store_picks_each(st, pick_cb, &p, e) < 0 && !p.oom)
		goto out;
	if (p.oom) {
		err_set(e, "out of memory");
		goto out;
	}
	for (i = 0; i < p.n && taken < DIGEST_PICKS_MAX; i++) {
		for (j = 0; j < i; j++)
			if (p.v[j].take && p.v[j].story == p.v[i].story)
				break;
		if (j < i)
			continue;
		r = store_digest_has_story_other_week(st, d->member.id, wname,
						      p.v[i].story, e);
		if (r < 0)
			goto out;
		p.v[i].take = r == 0;
		taken += r == 0;
	}
	if (taken == 0) {
		rc = 0;
		goto out;
	}
	sec = digest_add_section(d, "", d->member.lang == DIGEST_EN ?
				 "Analyst's picks" :
				 "La sélection de l’analyste", -1, -1);
	if (sec == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	sec->picks = 1;
	for (i = 0; i < p.n; i++) {
		struct cand cd;
		size_t before = sec->nentries;

		if (!p.v[i].take)
			continue;
		memset(&cd, 0, sizeof cd);
		cd.item = p.v[i].item;
		cd.story = p.v[i].story;
		if (add_entry(st, sec, &cd, e) < 0)
			goto out;
		if (sec->nentries > before && *p.v[i].note &&
		    digest_entry_set_note(&sec->entries[before],
					  p.v[i].note) < 0) {
			err_set(e, "out of memory");
			goto out;
		}
		ids[(*n)++] = p.v[i].story;
	}
	rc = 0;
out:
	for (i = 0; i < p.n; i++)
		v_free(p.v[i].note);
	v_free(p.v);
	return rc;
}

/* 1 when story is among the n of ids. */
static int has_id(const int64_t *ids, size_t n, int64_t story)
{
	while (n-- > 0)
		if (ids[n] == story)
			return 1;
	return 0;
}

int digest_select(struct store *st, const struct conf *c,
		  const struct conf_section *m, struct digest *d,
		  int64_t **story_ids, size_t *nstories, struct err *e)
{
	const struct conf_section *mail = conf_find(c, "mail", NULL);
	struct niche_list nl = { NULL, 0, NULL, NULL };
	struct sel s = { .nl = &nl, .w = &d->week };
	struct digest_week prev;
	struct count_ctx cc;
	char **sectors = NULL, **regions = NULL;
	size_t nsectors = 0, nregions = 0, i, total = 0, npicks = 0;
	size_t *per = NULL;
	int64_t per_niche, max_items, *ids = NULL;
	struct digest_section **secs = NULL;
	char wname[16];
	int rc = -1;

	*story_ids = NULL;
	*nstories = 0;
	per_niche = conf_int(m, "per_niche", conf_int(mail, "per_niche",
				DIGEST_PER_NICHE_DEFAULT));
	max_items = conf_int(m, "max_items", conf_int(mail, "max_items",
				DIGEST_MAX_ITEMS_DEFAULT));
	digest_week_name(&d->week, wname, sizeof(wname));
	if (niches_of(c, d, &nl) < 0 ||
	    (sectors = conf_list(m, "sectors")) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	while (sectors[nsectors])
		nsectors++;
	if (region_names(m, &regions, &nregions) < 0) {
		err_set(e, "out of memory");
		goto out;
	}
	s.own = d->member.lang == DIGEST_EN ? "en" : "fr";
	if (conf_get(m, "languages") && !(s.langs = conf_list(m, "languages"))) {
		err_set(e, "out of memory");
		goto out;
	}
	/* the header's numbers: every story of the niche, not only this
	 * member's selection, so members compare the same figures */
	cc.nl = &nl;
	cc.into = nl.count;
	if (store_niche_counts(st, d->week.start, d->week.end, counts_cb, &cc,
			       e) < 0)
		goto out;
	if (digest_week_previous(&d->week, tzone_of(c), &prev,
				 e) < 0)
		goto out;
	cc.into = nl.prev;
	if (store_niche_counts(st, prev.start, prev.end, counts_cb, &cc, e) < 0)
		goto out;
	if (store_items_between(st, d->week.start, d->week.end, NULL, cand_cb,
				&s, e) < 0 && !s.oom)
		goto out;
	if (s.oom) {
		err_set(e, "out of memory");
		goto out;
	}
	d->backlog = backlog_stories(&s);
	if (s.n > 1)
		qsort(s.v, s.n, sizeof(*s.v), cand_cmp);
	per = v_calloc(nl.n + 1, sizeof(*per));
	secs = v_calloc(nl.n + 1, sizeof(*secs));
	ids = v_calloc(s.n + DIGEST_PICKS_MAX + 1, sizeof(*ids));
	if (!per || !secs || !ids) {
		err_set(e, "out of memory");
		goto out;
	}
	if (select_picks(st, d, &nl, wname, ids, &npicks, e) < 0)
		goto out;
	for (i = 0; i < nl.n; i++) {
		secs[i] = digest_add_section(d, nl.names[i],
					     digest_niche_label(c, nl.names[i],
								d->member.lang),
					     nl.count[i], nl.prev[i]);
		if (secs[i] == NULL) {
			err_set(e, "out of memory");
			goto out;
		}
	}
	/* adding a section may move the earlier ones */
	for (i = 0; i < nl.n; i++)
		secs[i] = &d->sections[d->nsections - nl.n + i];
	for (i = 0; i < s.n && (int64_t)total < max_items; i++) {
		const struct cand *cd = &s.v[i];
		int r;

		if ((int64_t)per[cd->niche] >= per_niche ||
		    has_id(ids, npicks + total, cd->story))
			continue;
		r = store_digest_has_story_other_week(st, d->member.id, wname,
						      cd->story, e);
		if (r < 0)
			goto out;
		if (r > 0)
			continue;
		if (nsectors > 0) {
			r = story_in_sectors(st, c, cd->story, sectors,
					     nsectors, e);
			if (r < 0)
				goto out;
			if (r == 0)
				continue;
		}
		/* a region is the stored sector "region:NAME"; no feed
		 * stands for a region */
		if (nregions > 0) {
			r = store_story_in_sectors(st, cd->story,
						   (const char *const *)regions,
						   nregions, e);
			if (r < 0)
				goto out;
			if (r == 0)
				continue;
		}
		if (add_entry(st, secs[cd->niche], cd, e) < 0)
			goto out;
		per[cd->niche]++;
		ids[npicks + total++] = cd->story;
	}
	d->total = (long)(npicks + total);
	*story_ids = ids;
	*nstories = npicks + total;
	ids = NULL;
	rc = 0;
out:
	v_free(ids);
	v_free(secs);
	v_free(per);
	v_free(s.v);
	v_free(s.backlog);
	conf_list_free(sectors);
	for (i = 0; i < nregions; i++)
		v_free(regions[i]);
	v_free(regions);
	conf_list_free(s.langs);
	v_free(nl.names);
	v_free(nl.count);
	v_free(nl.prev);
	return rc;
}

struct niche_ctx {
	struct store *st;
	struct digest_section *sec;
	struct err *e;
	int failed;
};

static int niche_cb(void *ctx, const struct store_item *it)
{
	struct niche_ctx *x = ctx;
	struct cand c = { .story = it->story_id, .item = it->id,
			  .score = it->score };

	if (it->backlog)
		return 0;
	if (add_entry(x->st, x->sec, &c, x->e) < 0) {
		x->failed = 1;
		return 1;
	}
	return 0;
}

int digest_select_niche(struct store *st, const struct conf *c,
			const char *niche, struct digest *d, struct err *e)
{
	struct niche_ctx x = { st, NULL, e, 0 };

	x.sec = digest_add_section(d, niche,
				   digest_niche_label(c, niche, d->member.lang),
				   0, -1);
	if (x.sec == NULL)
		return err_set(e, "out of memory");
	/* the same stories as the digest's count (store_niche_counts):
	 * the first item of each story first seen in the week */
	if (store_items_between(st, d->week.start, d->week.end, niche,
				niche_cb, &x, e) < 0 && !x.failed)
		return -1;
	if (x.failed)
		return -1;
	x.sec->count = (long)x.sec->nentries;
	d->total = x.sec->count;
	return 0;
}
