/* The report as data (CSV in tidy long form, JSON) and as Markdown for
 * minutes. CSV and JSON values come from one enumeration of the metrics,
 * formatted by rfmt_num() like the HTML's data-v attributes. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../util/jsonw.h"
#include "../util/str.h"
#include "report_int.h"

#define TRY(x) do { if ((rc = (x)) < 0) return rc; } while (0)

typedef int (*metric_fn)(void *arg, const char *period, const char *niche,
			 const char *metric, double v);

static int metrics(const struct report *r, metric_fn fn, void *arg)
{
	size_t i, b;
	int rc;

	for (i = 0; i < r->nniches; i++) {
		const struct report_niche *n = &r->niches[i];

		for (b = 0; b < r->nbuckets; b++)
			TRY(fn(arg, r->buckets[b].label, n->id, "items",
			       (double)n->items[b]));
		TRY(fn(arg, "total", n->id, "items", (double)n->total));
		TRY(fn(arg, "total", n->id, "stories",
		       (double)n->total_stories));
		TRY(fn(arg, "total", n->id, "news", (double)n->total_news));
		TRY(fn(arg, "total", n->id, "publications",
		       (double)n->total_pubs));
		TRY(fn(arg, "total", n->id, "share", n->share));
		TRY(fn(arg, "total", n->id, "rank", n->rank));
		if (r->has_previous)
			TRY(fn(arg, "previous", n->id, "rank",
			       n->prev_rank ? n->prev_rank : NAN));
		TRY(fn(arg, "previous", n->id, "items", (double)n->prev));
		TRY(fn(arg, "total", n->id, "growth_prev_pct", n->vs_prev.pct));
		TRY(fn(arg, "total", n->id, "p_prev", n->vs_prev.p));
		TRY(fn(arg, "baseline", n->id, "items", (double)n->baseline));
		TRY(fn(arg, "total", n->id, "growth_base_pct", n->vs_base.pct));
		TRY(fn(arg, "total", n->id, "p_base", n->vs_base.p));
		TRY(fn(arg, "total", n->id, "sources", (double)n->nsources));
		TRY(fn(arg, "total", n->id, "diversity", n->diversity));
	}
	TRY(fn(arg, "total", "all", "items", (double)r->total_items));
	TRY(fn(arg, "total", "all", "stories", (double)r->total_stories));
	TRY(fn(arg, "total", "all", "news", (double)r->total_news));
	TRY(fn(arg, "total", "all", "publications", (double)r->total_pubs));
	for (i = 0; i < r->nregions; i++) {
		const struct report_region *x = &r->regions[i];
		char key[300];

		snprintf(key, sizeof key, "region:%s", x->id);
		for (b = 0; b < r->nbuckets; b++)
			TRY(fn(arg, r->buckets[b].label, key, "items",
			       (double)x->items[b]));
		TRY(fn(arg, "total", key, "items", (double)x->total));
		TRY(fn(arg, "baseline", key, "items", (double)x->baseline));
		TRY(fn(arg, "total", key, "growth_base_pct", x->vs_base.pct));
		TRY(fn(arg, "total", key, "p_base", x->vs_base.p));
	}
	for (i = 0; i < r->nwatch; i++) {
		char key[300];

		snprintf(key, sizeof key, "watch:%s", r->watch[i].name);
		for (b = 0; b < r->nbuckets; b++)
			TRY(fn(arg, r->buckets[b].label, key, "mentions",
			       (double)r->watch[i].mentions[b]));
		TRY(fn(arg, "total", key, "mentions",
		       (double)r->watch[i].total));
	}
	return 0;
}

static int csv_row(void *arg, const char *period, const char *niche,
		   const char *metric, double v)
{
	struct buf *o = arg;
	char num[64];
	int rc;

	rfmt_num(num, sizeof num, v);
	TRY(csv_field(o, period));
	TRY(buf_addch(o, ','));
	TRY(csv_field(o, niche));
	TRY(buf_addch(o, ','));
	TRY(csv_field(o, metric));
	TRY(buf_addch(o, ','));
	/* NA stays empty, as pandas and spreadsheets read a missing value. */
	TRY(buf_addstr(o, strcmp(num, "NA") ? num : ""));
	return buf_addstr(o, "\r\n");
}

int report_write_csv(const struct report *r, struct buf *o)
{
	int rc;

	TRY(buf_addstr(o, "period,niche,metric,value\r\n"));
	return metrics(r, csv_row, o);
}

/* ---- JSON, written by hand so numbers keep the digits of the CSV ---- */

struct jctx {
	struct buf *o;
	int first;
};

static int jnum(struct buf *o, double v)
{
	char num[64];

	rfmt_num(num, sizeof num, v);
	return buf_addstr(o, strcmp(num, "NA") ? num : "null");
}

static int jstr(struct buf *o, const char *s)
{
	return json_quote(o, s ? s : "", s ? strlen(s) : 0);
}

static int jkey(struct buf *o, int *first, const char *k)
{
	int rc;

	TRY(buf_addstr(o, *first ? "" : ","));
	*first = 0;
	TRY(jstr(o, k));
	return buf_addch(o, ':');
}

static int json_val(void *arg, const char *period, const char *niche,
		    const char *metric, double v)
{
	struct jctx *c = arg;
	int rc;

	TRY(buf_addstr(c->o, c->first ? "\n{\"period\":" : ",\n{\"period\":"));
	c->first = 0;
	TRY(jstr(c->o, period));
	TRY(buf_addstr(c->o, ",\"niche\":"));
	TRY(jstr(c->o, niche));
	TRY(buf_addstr(c->o, ",\"metric\":"));
	TRY(jstr(c->o, metric));
	TRY(buf_addstr(c->o, ",\"value\":"));
	TRY(jnum(c->o, v));
	return buf_addch(c->o, '}');
}

static int json_line(void *arg, int level, const char *kind,
		     const char *text)
{
	struct jctx *c = arg;
	int rc;

	TRY(buf_addstr(c->o, c->first ? "\n{\"kind\":" : ",\n{\"kind\":"));
	c->first = 0;
	TRY(jstr(c->o, kind));
	TRY(buf_addf(c->o, ",\"level\":%d,\"text\":", level));
	TRY(jstr(c->o, text));
	return buf_addch(c->o, '}');
}

static int jterms(const struct report *r, struct buf *o,
		  const struct report_term *t, size_t n)
{
	size_t i, j;
	char d[32];
	int rc;

	TRY(buf_addch(o, '['));
	for (i = 0; i < n; i++) {
		int f = 1, fn = 1;

		TRY(buf_addstr(o, i ? ",\n{" : "\n{"));
		TRY(jkey(o, &f, "term"));
		TRY(jstr(o, t[i].term));
		TRY(jkey(o, &f, "count"));
		TRY(jnum(o, (double)t[i].count));
		TRY(jkey(o, &f, "baseline"));
		TRY(jnum(o, (double)t[i].base));
		TRY(jkey(o, &f, "g2"));
		TRY(jnum(o, t[i].g2));
		TRY(jkey(o, &f, "sources"));
		TRY(jnum(o, (double)t[i].sources));
		rfmt_date(d, sizeof d, t[i].first_seen);
		TRY(jkey(o, &f, "first_seen"));
		TRY(jstr(o, d));
		TRY(jkey(o, &f, "niches"));
		TRY(buf_addch(o, '['));
		for (j = 0; j < r->nniches; j++)
			if (t[i].niches >> j & 1) {
				TRY(buf_addstr(o, fn ? "" : ","));
				fn = 0;
				TRY(jstr(o, r->niches[j].id));
			}
		TRY(buf_addch(o, ']'));
		TRY(jkey(o, &f, "example_title"));
		TRY(jstr(o, t[i].example_title[0]));
		TRY(jkey(o, &f, "example_link"));
		TRY(jstr(o, t[i].example_link[0]));
		TRY(jkey(o, &f, "examples"));
		TRY(buf_addch(o, '['));
		for (j = 0; j < 2 && *t[i].example_title[j]; j++) {
			TRY(buf_addstr(o, j ? ",{\"title\":" : "{\"title\":"));
			TRY(jstr(o, t[i].example_title[j]));
			TRY(buf_addstr(o, ",\"link\":"));
			TRY(jstr(o, t[i].example_link[j]));
			TRY(buf_addch(o, '}'));
		}
		TRY(buf_addch(o, ']'));
		TRY(buf_addch(o, '}'));
	}
	return buf_addch(o, ']');
}

static int jorgs(const struct report *r, struct buf *o)
{
	size_t i, j;
	int rc;

	TRY(buf_addch(o, '['));
	for (i = 0; i < r->norgs; i++) {
		const struct report_org *g = &r->orgs[i];
		int f = 1, fn = 1;

		TRY(buf_addstr(o, i ? ",\n{" : "\n{"));
		TRY(jkey(o, &f, "name"));
		TRY(jstr(o, g->name));
		TRY(jkey(o, &f, "candidate"));
		TRY(buf_addstr(o, g->candidate ? "true" : "false"));
		TRY(jkey(o, &f, "items"));
		TRY(jnum(o, (double)g->total));
		TRY(jkey(o, &f, "baseline"));
		TRY(jnum(o, (double)g->base));
		TRY(jkey(o, &f, "sources"));
		TRY(jnum(o, (double)g->sources));
		TRY(jkey(o, &f, "growth_base_pct"));
		TRY(jnum(o, g->trend.pct));
		TRY(jkey(o, &f, "p_base"));
		TRY(jnum(o, g->trend.p));
		TRY(jkey(o, &f, "niches"));
		TRY(buf_addch(o, '['));
		for (j = 0; j < r->nniches; j++)
			if (g->niches >> j & 1) {
				TRY(buf_addstr(o, fn ? "" : ","));
				fn = 0;
				TRY(jstr(o, r->niches[j].id));
			}
		TRY(buf_addstr(o, "]}"));
	}
	return buf_addch(o, ']');
}

static int jregions(const struct report *r, struct buf *o)
{
	size_t i, j;
	int rc;

	TRY(buf_addch(o, '['));
	for (i = 0; i < r->nregions; i++) {
		const struct report_region *x = &r->regions[i];
		int f = 1, fn = 1;

		TRY(buf_addstr(o, i ? ",\n{" : "\n{"));
		TRY(jkey(o, &f, "id"));
		TRY(jstr(o, x->id));
		TRY(jkey(o, &f, "label"));
		TRY(jstr(o, x->label));
		TRY(jkey(o, &f, "home"));
		TRY(buf_addstr(o, i ? "false" : "true"));
		TRY(jkey(o, &f, "history_vs_baseline"));
		TRY(buf_addstr(o, x->vs_base.no_history ? "false" : "true"));
		TRY(jkey(o, &f, "niches"));
		TRY(buf_addch(o, '{'));
		for (j = 0; j < r->nniches; j++)
			if (x->by_niche[j]) {
				TRY(buf_addstr(o, fn ? "" : ","));
				fn = 0;
				TRY(jstr(o, r->niches[j].id));
				TRY(buf_addf(o, ":%lld", (long long)x->by_niche[j]));
			}
		TRY(buf_addch(o, '}'));
		if (i == 0) {
			TRY(jkey(o, &f, "top_stories"));
			TRY(buf_addch(o, '['));
			for (j = 0; j < r->nhome_stories; j++) {
				TRY(buf_addstr(o, j ? ",{\"title\":"
						    : "{\"title\":"));
				TRY(jstr(o, r->home_stories[j].title));
				TRY(buf_addstr(o, ",\"link\":"));
				TRY(jstr(o, r->home_stories[j].link));
				TRY(buf_addf(o, ",\"sources\":%lld}",
					     (long long)r->home_stories[j].sources));
			}
			TRY(buf_addch(o, ']'));
			TRY(jkey(o, &f, "organisations"));
			TRY(buf_addch(o, '['));
			for (j = 0, fn = 1; j < r->nwatch; j++)
				if (r->home_watch[j]) {
					TRY(buf_addstr(o, fn ? "{\"name\":"
							     : ",{\"name\":"));
					fn = 0;
					TRY(jstr(o, r->watch[j].label));
					TRY(buf_addf(o, ",\"items\":%lld}",
						     (long long)r->home_watch[j]));
				}
			TRY(buf_addch(o, ']'));
		}
		TRY(buf_addch(o, '}'));
	}
	return buf_addch(o, ']');
}

static int jmatrix(struct buf *o, const int64_t *m, size_t nr, size_t nc)
{
	size_t i, j;
	int rc;

	TRY(buf_addch(o, '['));
	for (i = 0; i < nr; i++) {
		TRY(buf_addstr(o, i ? ",[" : "["));
		for (j = 0; j < nc; j++)
			TRY(buf_addf(o, "%s%lld", j ? "," : "",
				     (long long)m[i * nc + j]));
		TRY(buf_addch(o, ']'));
	}
	return buf_addch(o, ']');
}

int report_write_json(const struct report *r, struct buf *o)
{
	const struct report_params *p = &r->params;
	struct jctx c = { o, 1 };
	char d[32];
	size_t i, k;
	int rc, f = 1;

	TRY(buf_addch(o, '{'));
	TRY(jkey(o, &f, "title"));
	TRY(jstr(o, r->title ? r->title : rl(r, L_TITLE)));
	rfmt_date(d, sizeof d, p->from);
	TRY(jkey(o, &f, "from"));
	TRY(jstr(o, d));
	rfmt_date(d, sizeof d, p->to - 1);
	TRY(jkey(o, &f, "to"));
	TRY(jstr(o, d));
	TRY(jkey(o, &f, "by"));
	TRY(jstr(o, p->by == REPORT_WEEK ? "week"
		    : p->by == REPORT_MONTH ? "month" : "quarter"));
	TRY(jkey(o, &f, "buckets"));
	TRY(buf_addch(o, '['));
	for (i = 0; i < r->nbuckets; i++) {
		TRY(buf_addstr(o, i ? "," : ""));
		TRY(jstr(o, r->buckets[i].label));
	}
	TRY(buf_addch(o, ']'));
	TRY(jkey(o, &f, "partial_buckets"));
	TRY(buf_addch(o, '['));
	for (i = 0, k = 0; i < r->nbuckets; i++) {
		if (!r->buckets[i].partial)
			continue;
		TRY(buf_addstr(o, k++ ? "," : ""));
		TRY(jstr(o, r->buckets[i].label));
	}
	TRY(buf_addch(o, ']'));
	TRY(jkey(o, &f, "niches"));
	TRY(buf_addch(o, '['));
	for (i = 0; i < r->nniches; i++) {
		const struct report_niche *n = &r->niches[i];
		int g = 1;

		TRY(buf_addstr(o, i ? ",\n{" : "\n{"));
		TRY(jkey(o, &g, "id"));
		TRY(jstr(o, n->id));
		TRY(jkey(o, &g, "label"));
		TRY(jstr(o, n->label));
		TRY(jkey(o, &g, "significant_vs_baseline"));
		TRY(buf_addstr(o, n->vs_base.significant ? "true" : "false"));
		TRY(jkey(o, &g, "significant_vs_previous"));
		TRY(buf_addstr(o, n->vs_prev.significant ? "true" : "false"));
		/* false: "not enough history", no figure nor test */
		TRY(jkey(o, &g, "history_vs_baseline"));
		TRY(buf_addstr(o, n->vs_base.no_history ? "false" : "true"));
		TRY(jkey(o, &g, "history_vs_previous"));
		TRY(buf_addstr(o, n->vs_prev.no_history ? "false" : "true"));
		TRY(jkey(o, &g, "top_sources"));
		TRY(buf_addch(o, '['));
		for (k = 0; k < n->ntop_sources; k++) {
			TRY(buf_addstr(o, k ? ",{\"source\":" : "{\"source\":"));
			TRY(jstr(o, n->top_sources[k]));
			TRY(buf_addf(o, ",\"items\":%lld}",
				     (long long)n->top_source_counts[k]));
		}
		TRY(buf_addch(o, ']'));
		TRY(jkey(o, &g, "top_stories"));
		TRY(buf_addch(o, '['));
		for (k = 0; k < n->nstories; k++) {
			TRY(buf_addstr(o, k ? ",{\"title\":" : "{\"title\":"));
			TRY(jstr(o, n->stories_top[k].title));
			TRY(buf_addstr(o, ",\"link\":"));
			TRY(jstr(o, n->stories_top[k].link));
			TRY(buf_addf(o, ",\"sources\":%lld,\"score\":",
				     (long long)n->stories_top[k].sources));
			TRY(jnum(o, n->stories_top[k].score));
			TRY(buf_addch(o, '}'));
		}
		TRY(buf_addstr(o, "]}"));
	}
	TRY(buf_addch(o, ']'));
	TRY(jkey(o, &f, "summary"));
	TRY(buf_addch(o, '['));
	c.first = 1;
	TRY(report_summary(r, json_line, &c));
	TRY(buf_addch(o, ']'));
	c.first = 1;
	TRY(jkey(o, &f, "values"));
	TRY(buf_addch(o, '['));
	TRY(metrics(r, json_val, &c));
	TRY(buf_addch(o, ']'));
	TRY(jkey(o, &f, "emerging_terms"));
	TRY(jterms(r, o, r->terms, r->nterms));
	TRY(jkey(o, &f, "first_sightings"));
	TRY(jterms(r, o, r->first, r->nfirst));
	TRY(jkey(o, &f, "watch"));
	TRY(buf_addch(o, '['));
	for (i = 0; i < r->nwatch; i++) {
		TRY(buf_addstr(o, i ? ",{\"name\":" : "{\"name\":"));
		TRY(jstr(o, r->watch[i].name));
		TRY(buf_addstr(o, ",\"label\":"));
		TRY(jstr(o, r->watch[i].label));
		TRY(buf_addstr(o, ",\"first_seen\":"));
		if (r->watch[i].first_seen) {
			rfmt_date(d, sizeof d, r->watch[i].first_seen);
			TRY(jstr(o, d));
		} else {
			TRY(buf_addstr(o, "null"));
		}
		TRY(buf_addch(o, '}'));
	}
	TRY(buf_addch(o, ']'));
	TRY(jkey(o, &f, "organisations"));
	TRY(jorgs(r, o));
	TRY(jkey(o, &f, "regions"));
	TRY(jregions(r, o));
	TRY(jkey(o, &f, "cooccurrence_niches"));
	TRY(jmatrix(o, r->co_niche, r->nniches, r->nniches));
	TRY(jkey(o, &f, "sectors"));
	TRY(buf_addch(o, '['));
	for (i = 0; i < r->nsectors; i++) {
		TRY(buf_addstr(o, i ? "," : ""));
		TRY(jstr(o, r->sector_labels[i]));
	}
	TRY(buf_addch(o, ']'));
	TRY(jkey(o, &f, "cooccurrence_sectors"));
	TRY(jmatrix(o, r->co_sector, r->nniches, r->nsectors));
	TRY(jkey(o, &f, "silent_sources"));
	TRY(buf_addch(o, '['));
	for (i = 0; i < r->nsilent; i++) {
		TRY(buf_addstr(o, i ? "," : ""));
		TRY(jstr(o, r->silent[i]));
	}
	TRY(buf_addch(o, ']'));
	TRY(jkey(o, &f, "method"));
	TRY(buf_addf(o, "{\"test\":\"exact conditional binomial (two "
			"Poisson counts)\",\"alpha\":"));
	TRY(jnum(o, p->alpha));
	TRY(buf_addf(o, ",\"baseline_periods\":%d,\"term_test\":\"Dunning "
			"G2\",\"term_min_g2\":", p->baseline_periods));
	TRY(jnum(o, p->term_min_g2));
	TRY(buf_addf(o, ",\"term_min_count\":%d,\"first_min_sources\":%d",
		     p->term_min_count, p->first_min_sources));
	TRY(buf_addstr(o, ",\"rules_fingerprint\":"));
	TRY(r->fingerprint ? jstr(o, r->fingerprint) : buf_addstr(o, "null"));
	TRY(buf_addstr(o, ",\"as_of\":"));
	if (p->as_of) {
		rfmt_date(d, sizeof d, p->as_of);
		TRY(jstr(o, d));
	} else {
		TRY(buf_addstr(o, "null"));
	}
	if (r->generated) {
		TRY(buf_addstr(o, ",\"generated\":"));
		TRY(jstr(o, r->generated));
	}
	return buf_addstr(o, "}}\n");
}

/* ---- Markdown ---- */

/* Cell text: pipes and line breaks would break the table, and a renderer
 * would take < as HTML. */
static int md(struct buf *o, const char *s)
{
	int rc = 0;

	for (; s && *s && !rc; s++) {
		if (*s == '|')
			rc = buf_addstr(o, "\\|");
		else if (*s == '<')
			rc = buf_addstr(o, "&lt;");
		else if (*s == '>')
			rc = buf_addstr(o, "&gt;");
		else if (*s == '&')
			rc = buf_addstr(o, "&amp;");
		else if (*s == '\n' || *s == '\r' || *s == '\t')
			rc = buf_addch(o, ' ');
		else if (*s == '[' || *s == ']' || *s == '*' || *s == '_' ||
			 *s == '`' || *s == '\\')
			rc = buf_addf(o, "\\%c", *s);
		else
			rc = buf_addch(o, *s);
	}
	return rc;
}

static int md_line(void *arg, int level, const char *kind, const char *text)
{
	struct buf *o = arg;
	int rc;

	(void)kind;
	TRY(buf_addstr(o, level ? "  - " : "- "));
	TRY(md(o, text));
	return buf_addch(o, '\n');
}

int report_write_md(const struct report *r, struct buf *o)
{
	size_t i, k;
	char a[32], b[32], x[64], y[64], pp[32], pb[32], x1[64];
	int rc;

	rfmt_date(a, sizeof a, r->params.from);
	rfmt_date(b, sizeof b, r->params.to - 1);
	TRY(buf_addstr(o, "# "));
	TRY(md(o, r->title ? r->title : rl(r, L_TITLE)));
	TRY(buf_addf(o, "\n\n%s — %s\n\n", a, b));
	if (r->total_items == 0) {
		TRY(buf_addstr(o, "**"));
		TRY(md(o, rl(r, L_NO_DATA)));
		TRY(buf_addstr(o, "**\n\n"));
	}
	TRY(buf_addstr(o, "## "));
	TRY(md(o, rl(r, L_SUMMARY)));
	TRY(buf_addstr(o, "\n\n"));
	TRY(report_summary(r, md_line, o));
	TRY(buf_addstr(o, "\n## "));
	TRY(md(o, rl(r, L_GROWTH)));
	TRY(buf_addstr(o, "\n\n| # | "));
	TRY(md(o, rl(r, L_NICHE)));
	TRY(buf_addstr(o, " | "));
	TRY(md(o, rl(r, L_ITEMS)));
	TRY(buf_addstr(o, " | "));
	TRY(md(o, rl(r, L_VS_PREV)));
	TRY(buf_addstr(o, " | p | "));
	TRY(md(o, rl(r, L_VS_BASE)));
	TRY(buf_addstr(o, " | p |\n|---:|---|---:|---:|---:|---:|---:|\n"));
	for (k = 0; k < r->nniches; k++) {
		const struct report_niche *n = &r->niches[r->by_rank[k]];

		TRY(buf_addf(o, "| %d | ", n->rank));
		TRY(md(o, n->label));
		rfmt_pct(x, sizeof x, n->vs_prev.pct, rl_na(r, &n->vs_prev));
		rfmt_pct(y, sizeof y, n->vs_base.pct, rl_na(r, &n->vs_base));
		rfmt_p(pp, sizeof pp, n->vs_prev.p, rl_na(r, &n->vs_prev));
		rfmt_p(pb, sizeof pb, n->vs_base.p, rl_na(r, &n->vs_base));
		TRY(buf_addf(o, "%s | %lld | %s | %s | %s%s | %s |\n",
			     n->vs_base.significant ? " \\*" : "",
			     (long long)n->total, x, pp, y,
			     n->vs_base.significant ? " \\*" : "", pb));
	}
	TRY(buf_addstr(o, "\n## "));
	TRY(md(o, rl(r, L_TERMS)));
	TRY(buf_addstr(o, "\n\n"));
	for (i = 0; i < r->nterms && i < (size_t)r->params.top_n; i++) {
		TRY(buf_addstr(o, "- "));
		TRY(md(o, r->terms[i].term));
		TRY(buf_addf(o, " (%lld / %lld, G² %.1f)\n",
			     (long long)r->terms[i].count,
			     (long long)r->terms[i].base, r->terms[i].g2));
	}
	if (!r->nterms)
		TRY(buf_addf(o, "%s\n", rl(r, L_NONE)));
	TRY(buf_addstr(o, "\n## "));
	TRY(md(o, rl(r, L_FIRST)));
	TRY(buf_addstr(o, "\n\n"));
	for (i = 0; i < r->nfirst && i < (size_t)r->params.top_n; i++) {
		rfmt_date(a, sizeof a, r->first[i].first_seen);
		TRY(buf_addstr(o, "- "));
		TRY(md(o, r->first[i].term));
		TRY(buf_addf(o, " (%s, %lld %s)\n", a,
			     (long long)r->first[i].sources,
			     rl_count(r, r->first[i].sources, L_SOURCE_1)));
	}
	if (!r->nfirst)
		TRY(buf_addf(o, "%s\n", rl(r, L_NONE)));
	if (r->nwatch) {
		TRY(buf_addstr(o, "\n## "));
		TRY(md(o, rl(r, L_WATCH)));
		TRY(buf_addstr(o, "\n\n"));
		for (i = 0; i < r->nwatch; i++) {
			TRY(buf_addstr(o, "- "));
			TRY(md(o, r->watch[i].label));
			TRY(buf_addf(o, ": %lld\n",
				     (long long)r->watch[i].total));
		}
	}
	if (r->nregions) {
		TRY(buf_addstr(o, "\n## "));
		TRY(md(o, rl(r, L_REGIONS)));
		TRY(buf_addstr(o, "\n\n"));
		for (i = 0; i < r->nregions; i++) {
			const struct report_region *g = &r->regions[i];

			rfmt_pct(x1, sizeof x1, g->vs_base.pct,
				 rl_na(r, &g->vs_base));
			TRY(buf_addstr(o, "- "));
			TRY(md(o, g->label));
			TRY(buf_addf(o, ": %lld %s (%s)\n", (long long)g->total,
				     rl_count(r, g->total, L_ITEM_1), x1));
		}
		if (r->nhome_stories) {
			struct buf hb = BUF_INIT;

			rc = rl_fill(&hb, rl(r, L_HOME), r->regions[0].label);
			if (rc >= 0 && (rc = buf_addstr(o, "\n### ")) >= 0 &&
			    (rc = md(o, buf_cstr(&hb))) >= 0)
				rc = buf_addstr(o, "\n\n");
			buf_release(&hb);
			if (rc < 0)
				return rc;
		}
		for (i = 0; i < r->nhome_stories; i++) {
			TRY(buf_addstr(o, "- "));
			TRY(md(o, r->home_stories[i].title));
			TRY(buf_addf(o, " (%lld %s)\n",
				     (long long)r->home_stories[i].sources,
				     rl_count(r, r->home_stories[i].sources,
					      L_SOURCE_1)));
		}
	}
	if (r->norgs) {
		TRY(buf_addstr(o, "\n## "));
		TRY(md(o, rl(r, L_ORGS)));
		TRY(buf_addstr(o, "\n\n"));
		for (i = 0; i < r->norgs; i++) {
			const struct report_org *g = &r->orgs[i];

			rfmt_pct(x, sizeof x, g->trend.pct,
				 rl_na(r, &g->trend));
			TRY(buf_addstr(o, "- "));
			TRY(md(o, g->name));
			TRY(buf_addf(o, " (%s; %lld %s, %lld %s; %s)\n",
				     rl(r, g->candidate ? L_ORG_CAND
							: L_ORG_WATCH),
				     (long long)g->total,
				     rl_count(r, g->total, L_ITEM_1),
				     (long long)g->sources,
				     rl_count(r, g->sources, L_SOURCE_1), x));
		}
	}
	TRY(buf_addstr(o, "\n## "));
	TRY(md(o, rl(r, L_STORIES)));
	TRY(buf_addstr(o, "\n"));
	for (k = 0; k < r->nniches; k++) {
		const struct report_niche *n = &r->niches[r->by_rank[k]];

		if (!n->nstories)
			continue;
		TRY(buf_addstr(o, "\n### "));
		TRY(md(o, n->label));
		TRY(buf_addstr(o, "\n\n"));
		for (i = 0; i < n->nstories && i < 3; i++) {
			TRY(buf_addstr(o, "- "));
			TRY(md(o, n->stories_top[i].title));
			TRY(buf_addf(o, " (%lld %s)\n",
				     (long long)n->stories_top[i].sources,
				     rl_count(r, n->stories_top[i].sources,
					      L_SOURCE_1)));
		}
	}
	TRY(buf_addstr(o, "\n## "));
	TRY(md(o, rl(r, L_METHOD)));
	TRY(buf_addstr(o, "\n\n"));
	TRY(md(o, rl(r, L_TESTS_TXT)));
	TRY(buf_addf(o, " alpha = %.3f; G² ≥ %.2f.\n", r->params.alpha,
		     r->params.term_min_g2));
	if (r->fingerprint) {
		TRY(buf_addstr(o, "\n"));
		TRY(md(o, rl(r, L_FINGERPRINT)));
		TRY(buf_addstr(o, ": "));
		TRY(md(o, r->fingerprint));
		TRY(buf_addch(o, '\n'));
	}
	return 0;
}
