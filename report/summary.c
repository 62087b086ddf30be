/* The summary at the top of the report: a few sentences written from the
 * numbers of the report (every claim with its figure), in the report's
 * language, handed line by line to the writer that formats them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "report_int.h"

#define TRY(x) do { if ((rc = (x)) < 0) goto out; } while (0)
/* Niches, terms and stories named in one sentence. */
#define SUMMARY_LIST 3
/* Rank changes listed, and the least change listed. */
#define RANK_MOVES 5
#define RANK_MOVE_MIN 2
/* Niches without history named before an ellipsis. */
#define NAMED_MAX 4

/* "12 articles", "1 source". */
static void count(const struct report *r, char *out, size_t n, int64_t v,
		  enum rlabel one)
{
	snprintf(out, n, "%lld %s", (long long)v, rl_count(r, v, one));
}

/* In French a decimal comma and a no-break space before %. */
static void frenchify(const struct report *r, char *s)
{
	char tmp[64];
	size_t i, o = 0;

	if (r->params.lang == REPORT_EN)
		return;
	for (i = 0; s[i] && o + 3 < sizeof tmp; i++) {
		if (s[i] == '.' && i && s[i - 1] >= '0' && s[i - 1] <= '9') {
			tmp[o++] = ',';
		} else if (s[i] == ' ' && s[i + 1] == '%') {
			tmp[o++] = '\xc2';
			tmp[o++] = '\xa0';
		} else {
			tmp[o++] = s[i];
		}
	}
	tmp[o] = '\0';
	str_copy(s, tmp, 64);
}

static void pct(const struct report *r, char *out, const struct report_growth *g)
{
	rfmt_pct(out, 64, g->pct, rl_na(r, g));
	frenchify(r, out);
}

/* "= 0.003" or "< 0.001". */
static void pval(const struct report *r, char *out, double p)
{
	char d[32];

	rfmt_p(d, sizeof d, p, "");
	snprintf(out, 64, "%s%s", p < 0.001 ? "" : "= ", d);
	frenchify(r, out);
}

static int quote(const struct report *r, struct buf *b, const char *s)
{
	int rc;

	if ((rc = buf_addstr(b, rl(r, L_S_QUOTE_OPEN))) < 0 ||
	    (rc = buf_addstr(b, s)) < 0)
		return rc;
	return buf_addstr(b, rl(r, L_S_QUOTE_CLOSE));
}

struct sum {
	const struct report *r;
	int (*emit)(void *arg, int level, const char *kind, const char *text);
	void *arg;
	struct buf line, list;
};

static int say(struct sum *s, int level, const char *kind)
{
	return s->emit(s->arg, level, kind, buf_cstr(&s->line));
}

static int sep(struct sum *s)
{
	return s->list.len ? buf_addstr(&s->list, rl(s->r, L_S_LIST_SEP)) : 0;
}

static int changes(struct sum *s, int rise)
{
	const struct report *r = s->r;
	char a[64], b[64], c[64], d[64];
	size_t k;
	int rc = 0, said = 0;

	for (k = 0; k < r->nniches && said < SUMMARY_LIST; k++) {
		const struct report_niche *n =
			&r->niches[r->by_rank[rise ? k : r->nniches - 1 - k]];
		const struct report_growth *g = &n->vs_base;

		if (!g->significant || isnan(g->pct) || (g->pct > 0) != rise)
			continue;
		pct(r, a, g);
		count(r, b, sizeof b, g->k1, L_ITEM_1);
		snprintf(c, sizeof c, "%.0f", (double)g->k2 / g->exposure);
		pval(r, d, g->p);
		buf_reset(&s->line);
		if ((rc = rl_fill(&s->line, rl(r, rise ? L_S_RISE : L_S_FALL),
				   n->label, a, b, c, d)) < 0 ||
		    (rc = say(s, 0, rise ? "rise" : "fall")) < 0)
			return rc;
		said++;
	}
	return said;
}

static int no_history(struct sum *s)
{
	const struct report *r = s->r;
	char a[64];
	size_t k;
	int64_t nh = 0;
	int rc;

	buf_reset(&s->list);
	for (k = 0; k < r->nniches; k++)
		if (r->niches[k].vs_base.no_history && ++nh <= NAMED_MAX) {
			if ((rc = sep(s)) < 0 ||
			    (rc = buf_addstr(&s->list, r->niches[k].label)) < 0)
				return rc;
		}
	if (!nh)
		return 0;
	if (nh > NAMED_MAX && ((rc = sep(s)) < 0 ||
			       (rc = buf_addstr(&s->list, "…")) < 0))
		return rc;
	count(r, a, sizeof a, nh, L_NICHE_1);
	buf_reset(&s->line);
	if ((rc = rl_fill(&s->line, rl(r, L_S_NO_HISTORY), a,
			   buf_cstr(&s->list))) < 0)
		return rc;
	return say(s, 0, "nohistory");
}

/* 1 when the key is a first sighting's: said as new already. */
static int is_first(const struct report *r, const char *key)
{
	size_t k;

	for (k = 0; k < r->nfirst; k++)
		if (!strcmp(r->first[k].key, key))
			return 1;
	return 0;
}

static int terms(struct sum *s, int first)
{
	const struct report *r = s->r;
	const struct report_term *t = first ? r->first : r->terms;
	size_t n = first ? r->nfirst : r->nterms, k, j, shown = 0;
	char a[64], b[64];
	int rc;

	if (!n)
		return 0;
	buf_reset(&s->list);
	for (k = 0; k < n && shown < SUMMARY_LIST; k++) {
		struct buf q = BUF_INIT;

		/* one term per story: the words of one title told by five
		 * sources are one piece of news */
		for (j = 0; j < k; j++)
			if (!strcmp(t[j].example_title[0], t[k].example_title[0]))
				break;
		if (j < k || (!first && is_first(r, t[k].key)))
			continue;
		shown++;

		rc = quote(r, &q, t[k].term);
		count(r, a, sizeof a, first ? t[k].sources : t[k].count,
		      first ? L_SOURCE_1 : L_ITEM_1);
		if (first)
			count(r, b, sizeof b, t[k].count, L_ITEM_1);
		else
			snprintf(b, sizeof b, "%lld", (long long)t[k].base);
		if (rc >= 0 && (rc = sep(s)) >= 0)
			rc = first ? rl_fill(&s->list, rl(r, L_S_FIRST_ONE),
					      buf_cstr(&q), a, b)
				   : rl_fill(&s->list, rl(r, L_S_EMERGING_ONE),
					      buf_cstr(&q), a, b);
		buf_release(&q);
		if (rc < 0)
			return rc;
	}
	if (!shown)
		return 0;
	buf_reset(&s->line);
	if ((rc = rl_fill(&s->line, rl(r, first ? L_S_FIRST : L_S_EMERGING),
			   buf_cstr(&s->list))) < 0)
		return rc;
	return say(s, 0, first ? "new" : "emerging");
}

static int cmp_story(const void *x, const void *y)
{
	const struct report_story *a = *(const struct report_story *const *)x;
	const struct report_story *b = *(const struct report_story *const *)y;

	if (a->sources != b->sources)
		return a->sources < b->sources ? 1 : -1;
	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	return strcmp(a->title, b->title);
}

/* The stories most sources covered, all niches together (a story in two
 * niches once, and one title once: two stories of one title read as
 * one). */
static int stories(struct sum *s)
{
	const struct report *r = s->r;
	const struct report_story **all;
	size_t n = 0, i, j, k, shown = 0;
	char a[64];
	int rc = 0;

	for (i = 0; i < r->nniches; i++)
		n += r->niches[i].nstories;
	if (!n)
		return 0;
	all = v_calloc(n, sizeof *all);
	if (!all)
		return BUF_ENOMEM;
	n = 0;
	for (i = 0; i < r->nniches; i++)
		for (j = 0; j < r->niches[i].nstories; j++)
			all[n++] = &r->niches[i].stories_top[j];
	qsort(all, n, sizeof *all, cmp_story);
	buf_reset(&s->list);
	for (i = 0; i < n && shown < SUMMARY_LIST && rc >= 0; i++) {
		struct buf q = BUF_INIT;

		for (k = 0; k < i; k++)
			if (!strcmp(all[k]->title, all[i]->title))
				break;
		if (k < i || !*all[i]->title || all[i]->sources < 2)
			continue;
		count(r, a, sizeof a, all[i]->sources, L_SOURCE_1);
		rc = quote(r, &q, all[i]->title);
		if (rc >= 0 && (rc = sep(s)) >= 0)
			rc = rl_fill(&s->list, rl(r, L_S_STORY_ONE),
				      buf_cstr(&q), a);
		buf_release(&q);
		shown++;
	}
	v_free(all);
	if (rc < 0 || !shown)
		return rc;
	buf_reset(&s->line);
	if ((rc = rl_fill(&s->line, rl(r, L_S_STORIES),
			   buf_cstr(&s->list))) < 0)
		return rc;
	return say(s, 0, "stories");
}

/* The association's region: its volume, share and trend, and its niches
 * most items. */
int report_home_niches(const struct report *r, struct buf *out, size_t max)
{
	const struct report_region *x = &r->regions[0];
	size_t shown = 0, k, j;
	int rc = 0;
	int64_t last = INT64_MAX;

	/* niches by count, most first, ties in the report's order */
	while (shown < max && rc >= 0) {
		int64_t best = 0;

		for (k = 0; k < r->nniches; k++)
			if (x->by_niche[k] < last && x->by_niche[k] > best)
				best = x->by_niche[k];
		if (!best)
			break;
		for (j = 0; j < r->nniches && shown < max && rc >= 0; j++) {
			if (x->by_niche[j] != best)
				continue;
			if (shown++)
				rc = buf_addstr(out, rl(r, L_S_LIST_SEP));
			if (rc >= 0)
				rc = buf_addf(out, "%s (%lld)", r->niches[j].label,
					      (long long)best);
		}
		last = best;
	}
	return rc;
}

static int home_region(struct sum *s)
{
	const struct report *r = s->r;
	const struct report_region *x;
	char a[64], b[64], c[160], d[64];
	int rc;

	if (!r->nregions)
		return 0;
	x = &r->regions[0];
	count(r, a, sizeof a, x->total, L_ITEM_1);
	if (r->total_items)
		snprintf(b, sizeof b, "%.1f %%", 100.0 * (double)x->total /
			 (double)r->total_items);
	else
		str_copy(b, rl(r, L_NA), sizeof b);
	frenchify(r, b);
	pct(r, d, &x->vs_base);
	if (!isnan(x->vs_base.pct)) {
		char e[64];

		pval(r, e, x->vs_base.p);
		snprintf(c, sizeof c, "%s %s (p %s)", d, rl(r, L_S_VS_BASE), e);
	} else {
		str_copy(c, d, sizeof c);
	}
	buf_reset(&s->list);
	if ((rc = report_home_niches(r, &s->list, SUMMARY_LIST)) < 0)
		return rc;
	buf_reset(&s->line);
	if ((rc = rl_fill(&s->line, rl(r, L_S_REGION), x->label, a, b, c,
			  s->list.len ? buf_cstr(&s->list) : "—")) < 0)
		return rc;
	return say(s, 0, "region");
}

/* The watch entries most mentioned (they come first in r->orgs, most
 * mentioned first), or the candidates for the list. */
static int organisations(struct sum *s, int candidates)
{
	const struct report *r = s->r;
	char a[64], b[64];
	size_t k, shown = 0;
	int rc;

	buf_reset(&s->list);
	for (k = 0; k < r->norgs && shown < SUMMARY_LIST; k++) {
		const struct report_org *g = &r->orgs[k];

		if (g->candidate != candidates)
			continue;
		count(r, a, sizeof a, g->total, L_ITEM_1);
		count(r, b, sizeof b, g->sources, L_SOURCE_1);
		if ((rc = sep(s)) < 0 ||
		    (rc = rl_fill(&s->list, rl(r, L_S_ORG_ONE), g->name, a,
				  b)) < 0)
			return rc;
		shown++;
	}
	if (!shown)
		return 0;
	buf_reset(&s->line);
	if ((rc = rl_fill(&s->line, rl(r, candidates ? L_S_CANDS : L_S_ORGS),
			  buf_cstr(&s->list))) < 0)
		return rc;
	return say(s, 0, candidates ? "candidates" : "organisations");
}

static int cmp_move(const void *x, const void *y)
{
	const struct report_niche *a = *(const struct report_niche *const *)x;
	const struct report_niche *b = *(const struct report_niche *const *)y;
	int da = abs(a->rank - a->prev_rank), db = abs(b->rank - b->prev_rank);

	if (da != db)
		return da < db ? 1 : -1;
	return a->rank - b->rank;
}

static int since(struct sum *s)
{
	const struct report *r = s->r;
	const struct report_niche *mv[REPORT_NICHES_MAX];
	char a[32], b[32], c[64];
	size_t k, nm = 0;
	int rc;

	if (!r->has_previous)
		return 0;
	rfmt_date(a, sizeof a, r->prev_from);
	rfmt_date(b, sizeof b, r->prev_to - 1);
	buf_reset(&s->line);
	if (r->prev_report_items == 0) {
		if ((rc = rl_fill(&s->line, rl(r, L_S_PREV_EMPTY), a, b)) < 0)
			return rc;
		return say(s, 0, "since-empty");
	}
	count(r, c, sizeof c, r->prev_report_items, L_ITEM_1);
	if ((rc = rl_fill(&s->line, rl(r, L_S_SINCE), a, b, c)) < 0 ||
	    (rc = say(s, 0, "since")) < 0)
		return rc;
	buf_reset(&s->line);
	for (k = 0; k < r->nniches; k++) {
		const struct report_niche *n = &r->niches[k];

		if (n->prev_rank && abs(n->rank - n->prev_rank) >= RANK_MOVE_MIN)
			mv[nm++] = n;
	}
	qsort(mv, nm, sizeof *mv, cmp_move);
	buf_reset(&s->list);
	for (k = 0; k < nm && k < RANK_MOVES; k++) {
		char g[64], d[160], ra[16], rb[16];

		pct(r, g, &mv[k]->vs_base);
		if (!isnan(mv[k]->vs_base.pct))
			snprintf(d, sizeof d, "%s %s", g, rl(r, L_S_VS_BASE));
		else
			str_copy(d, g, sizeof d);
		snprintf(ra, sizeof ra, "%d", mv[k]->prev_rank);
		snprintf(rb, sizeof rb, "%d", mv[k]->rank);
		if ((rc = sep(s)) < 0 ||
		    (rc = rl_fill(&s->list, rl(r, L_S_RANK_ONE), mv[k]->label,
				  ra, rb, d)) < 0)
			return rc;
	}
	rc = nm ? rl_fill(&s->line, rl(r, L_S_RANKS), buf_cstr(&s->list))
		: buf_addstr(&s->line, rl(r, L_S_NO_RANKS));
	if (rc < 0 || (rc = say(s, 1, "since-ranks")) < 0)
		return rc;
	buf_reset(&s->list);
	for (k = 0; k < r->nsettled && k < SUMMARY_LIST; k++) {
		const struct report_settled *t = &r->settled[k];
		struct buf q = BUF_INIT;

		count(r, c, sizeof c, t->now, L_ITEM_1);
		snprintf(a, sizeof a, "%lld", (long long)t->then);
		rc = quote(r, &q, t->term);
		if (rc >= 0 && (rc = sep(s)) >= 0)
			rc = rl_fill(&s->list, rl(r, L_S_SETTLED_ONE),
				      buf_cstr(&q), a, c,
				      t->still ? rl(r, L_S_STILL) : "");
		buf_release(&q);
		if (rc < 0)
			return rc;
	}
	buf_reset(&s->line);
	rc = r->nsettled ? rl_fill(&s->line, rl(r, L_S_SETTLED),
				    buf_cstr(&s->list))
			 : buf_addstr(&s->line, rl(r, L_S_NO_SETTLED));
	if (rc < 0)
		return rc;
	return say(s, 1, "since-terms");
}

/* 1 when some niche's growth was tested against the baseline. */
static int tested(const struct report *r)
{
	size_t k;

	for (k = 0; k < r->nniches; k++)
		if (!isnan(r->niches[k].vs_base.p))
			return 1;
	return 0;
}

int report_summary(const struct report *r,
		   int (*emit)(void *arg, int level, const char *kind,
			       const char *text),
		   void *arg)
{
	struct sum s;
	char a[64], b[64], c[64];
	int rc, rises, falls;

	s.r = r;
	s.emit = emit;
	s.arg = arg;
	buf_init(&s.line, 1 << 16);
	buf_init(&s.list, 1 << 16);
	count(r, a, sizeof a, r->total_items, L_ITEM_1);
	count(r, b, sizeof b, r->total_news, L_NEWS_1);
	count(r, c, sizeof c, r->total_pubs, L_PUB_1);
	TRY(rl_fill(&s.line, rl(r, L_S_TOTAL), a, b, c));
	TRY(say(&s, 0, "total"));
	TRY(rises = changes(&s, 1));
	TRY(falls = changes(&s, 0));
	if (!rises && !falls && tested(r)) {
		snprintf(a, sizeof a, "%g", r->params.alpha);
		frenchify(r, a);
		buf_reset(&s.line);
		TRY(rl_fill(&s.line, rl(r, L_S_NO_CHANGE), a));
		TRY(say(&s, 0, "nochange"));
	}
	TRY(no_history(&s));
	TRY(terms(&s, 1));
	TRY(terms(&s, 0));
	TRY(stories(&s));
	TRY(home_region(&s));
	TRY(organisations(&s, 0));
	TRY(organisations(&s, 1));
	TRY(since(&s));
	rc = 0;
out:
	buf_release(&s.line);
	buf_release(&s.list);
	return rc;
}
