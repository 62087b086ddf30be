/* The HTML report: one self-contained file (inline CSS and SVG, no script,
 * no outside request, enforced by a Content-Security-Policy), printable on
 * A4. Number cells carry data-p/-n/-m/-v attributes with the exact values
 * of the CSV, so tests (and analysts) can check one against the other. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "report_int.h"

#define TRY(x) do { if ((rc = (x)) < 0) return rc; } while (0)

static const char css[] =
	"body{font-family:sans-serif;color:#222;max-width:1100px;margin:0 "
	"auto;padding:1em;line-height:1.4}"
	"h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid "
	"#0072B2;padding-bottom:.2em;margin-top:2em}"
	"table{border-collapse:collapse;margin:.8em 0;font-size:.85em}"
	"th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;"
	"vertical-align:top}td.n,th.n{text-align:right}"
	"th{background:#eef4fa}caption{text-align:left;font-weight:bold;"
	"padding:.3em 0}.sig{font-weight:bold}.muted{color:#666}"
	"svg.chart{max-width:100%;height:auto;display:block;margin:.5em 0}"
	"svg.spark{vertical-align:middle}.wide{overflow-x:auto}"
	"@page{size:A4;margin:14mm}"
	"@media print{body{max-width:none;padding:0;font-size:10pt}"
	"section{break-before:page}section#summary{break-before:auto}"
	"table,svg{break-inside:avoid}a{color:#222;text-decoration:none}}";

static int esc(struct buf *o, const char *s)
{
	return report_esc(o, s);
}

/* Only http(s) links are made clickable; anything else (javascript:,
 * data:, ...) is shown as text. */
static int link(struct buf *o, const char *href, const char *label)
{
	int rc;

	if (href && (str_ncasecmp(href, "http://", 7) == 0 ||
		     str_ncasecmp(href, "https://", 8) == 0)) {
		TRY(buf_addstr(o, "<a href=\""));
		TRY(esc(o, href));
		TRY(buf_addstr(o, "\" rel=\"noreferrer noopener\">"));
		TRY(esc(o, label && *label ? label : href));
		return buf_addstr(o, "</a>");
	}
	return esc(o, label);
}

/* A number cell: data attributes with the exact CSV value, and the
 * display text. */
static int cell(struct buf *o, const char *period, const char *niche,
		const char *metric, double v, const char *display)
{
	char num[64];
	int rc;

	rfmt_num(num, sizeof num, v);
	TRY(buf_addstr(o, "<td class=\"n\" data-p=\""));
	TRY(esc(o, period));
	TRY(buf_addstr(o, "\" data-n=\""));
	TRY(esc(o, niche));
	TRY(buf_addf(o, "\" data-m=\"%s\" data-v=\"%s\">", metric, num));
	TRY(esc(o, display ? display : num));
	return buf_addstr(o, "</td>");
}

static int th(struct buf *o, const char *s, int num)
{
	int rc;

	TRY(buf_addstr(o, num ? "<th class=\"n\">" : "<th>"));
	TRY(esc(o, s));
	return buf_addstr(o, "</th>");
}

static int section(struct buf *o, const char *id, const char *title)
{
	int rc;

	TRY(buf_addf(o, "<section id=\"%s\"><h2>", id));
	TRY(esc(o, title));
	return buf_addstr(o, "</h2>");
}

/* The head of a table with a column per bucket: its name column, a
 * sparkline, the buckets; the caller adds its own columns. */
static int bucket_head(const struct report *r, struct buf *o,
		       const char *cls, enum rlabel first)
{
	size_t b;
	int rc;

	TRY(buf_addf(o, "<div class=\"wide\"><table class=\"%s\"><thead>"
			"<tr>", cls));
	TRY(th(o, rl(r, first), 0));
	TRY(th(o, rl(r, L_TREND), 0));
	for (b = 0; b < r->nbuckets; b++)
		TRY(th(o, r->buckets[b].title, 1));
	return 0;
}

static int niche_names(const struct report *r, const char **names)
{
	size_t i;

	for (i = 0; i < r->nniches; i++)
		names[i] = r->niches[i].label;
	return 0;
}

static int volumes(const struct report *r, struct buf *o)
{
	const char *names[REPORT_NICHES_MAX + 1];
	const char **bl = v_calloc(r->nbuckets + 1, sizeof *bl);
	int64_t *vals = v_calloc(r->nniches * r->nbuckets + 1, sizeof *vals);
	size_t i, b;
	int rc = 0;
	char d[64];

	if (!bl || !vals) {
		v_free(bl);
		v_free(vals);
		return BUF_ENOMEM;
	}
	niche_names(r, names);
	for (b = 0; b < r->nbuckets; b++)
		bl[b] = r->buckets[b].title;
	for (i = 0; i < r->nniches; i++)
		memcpy(vals + i * r->nbuckets, r->niches[i].items,
		       r->nbuckets * sizeof *vals);
	rc = section(o, "volumes", rl(r, L_VOLUMES));
	if (!rc)
		rc = report_svg_lines(o, rl(r, L_VOLUMES), rl(r, L_LINES_DESC),
				      rl(r, L_PERIOD), rl(r, L_ITEMS_UNIT),
				      names, r->nniches, bl, r->nbuckets, vals);
	v_free(bl);
	v_free(vals);
	if (rc)
		return rc;
	TRY(bucket_head(r, o, "volumes", L_NICHE));
	TRY(th(o, rl(r, L_ITEMS), 1));
	TRY(th(o, rl(r, L_STORIES_N), 1));
	TRY(th(o, rl(r, L_NEWS), 1));
	TRY(th(o, rl(r, L_PUBS), 1));
	TRY(th(o, rl(r, L_SHARE), 1));
	TRY(buf_addstr(o, "</tr></thead><tbody>"));
	for (i = 0; i < r->nniches; i++) {
		const struct report_niche *n = &r->niches[i];

		TRY(buf_addstr(o, "<tr><td>"));
		TRY(esc(o, n->label));
		TRY(buf_addstr(o, "</td><td>"));
		TRY(report_svg_sparkline(o, n->label, n->items, r->nbuckets));
		TRY(buf_addstr(o, "</td>"));
		for (b = 0; b < r->nbuckets; b++)
			TRY(cell(o, r->buckets[b].label, n->id, "items",
				 (double)n->items[b], NULL));
		TRY(cell(o, "total", n->id, "items", (double)n->total, NULL));
		TRY(cell(o, "total", n->id, "stories",
			 (double)n->total_stories, NULL));
		TRY(cell(o, "total", n->id, "news", (double)n->total_news,
			 NULL));
		TRY(cell(o, "total", n->id, "publications",
			 (double)n->total_pubs, NULL));
		if (isnan(n->share))
			str_copy(d, rl(r, L_NA), sizeof d);
		else
			snprintf(d, sizeof d, "%.1f %%", n->share * 100);
		TRY(cell(o, "total", n->id, "share", n->share, d));
		TRY(buf_addstr(o, "</tr>"));
	}
	TRY(buf_addstr(o, "<tr><th>"));
	TRY(esc(o, rl(r, L_TOTAL)));
	TRY(buf_addstr(o, "</th><td></td>"));
	for (b = 0; b < r->nbuckets; b++)
		TRY(buf_addstr(o, "<td></td>"));
	TRY(cell(o, "total", "all", "items", (double)r->total_items, NULL));
	TRY(cell(o, "total", "all", "stories", (double)r->total_stories,
		 NULL));
	TRY(cell(o, "total", "all", "news", (double)r->total_news, NULL));
	TRY(cell(o, "total", "all", "publications", (double)r->total_pubs,
		 NULL));
	TRY(buf_addstr(o, "<td></td></tr></tbody></table></div></section>"));
	return 0;
}

static int growth(const struct report *r, struct buf *o)
{
	const char *names[REPORT_NICHES_MAX + 1];
	double pct[REPORT_NICHES_MAX + 1];
	int sig[REPORT_NICHES_MAX + 1];
	const char *na[REPORT_NICHES_MAX + 1];
	char d[64];
	size_t k;
	int rc;

	for (k = 0; k < r->nniches; k++) {
		const struct report_niche *n = &r->niches[r->by_rank[k]];

		names[k] = n->label;
		pct[k] = n->vs_base.pct;
		sig[k] = n->vs_base.significant;
		na[k] = rl_na(r, &n->vs_base);
	}
	TRY(section(o, "growth", rl(r, L_GROWTH)));
	TRY(report_svg_bars(o, rl(r, L_GROWTH), rl(r, L_BARS_DESC),
			    rl(r, L_PCT_UNIT), rl(r, L_SIGNIFICANT),
			    rl(r, L_NOT_SIGNIFICANT), names, r->nniches, pct,
			    sig, na));
	TRY(buf_addstr(o, "<table class=\"growth\"><thead><tr>"));
	TRY(th(o, rl(r, L_RANK), 1));
	if (r->has_previous)
		TRY(th(o, rl(r, L_PREV_RANK), 1));
	TRY(th(o, rl(r, L_NICHE), 0));
	TRY(th(o, rl(r, L_ITEMS), 1));
	TRY(th(o, rl(r, L_PREV), 1));
	TRY(th(o, rl(r, L_VS_PREV), 1));
	TRY(th(o, rl(r, L_PVALUE), 1));
	TRY(th(o, rl(r, L_BASELINE), 1));
	TRY(th(o, rl(r, L_VS_BASE), 1));
	TRY(th(o, rl(r, L_PVALUE), 1));
	TRY(buf_addstr(o, "</tr></thead><tbody>"));
	for (k = 0; k < r->nniches; k++) {
		const struct report_niche *n = &r->niches[r->by_rank[k]];

		TRY(buf_addf(o, "<tr%s>", n->vs_base.significant
						 ? " class=\"sig\"" : ""));
		snprintf(d, sizeof d, "%d", n->rank);
		TRY(cell(o, "total", n->id, "rank", n->rank, d));
		if (r->has_previous) {
			snprintf(d, sizeof d, "%d", n->prev_rank);
			TRY(cell(o, "previous", n->id, "rank",
				 n->prev_rank ? n->prev_rank : NAN,
				 n->prev_rank ? d : "—"));
		}
		TRY(buf_addstr(o, "<td>"));
		TRY(esc(o, n->label));
		TRY(buf_addstr(o, n->vs_base.significant ? " *</td>"
							 : "</td>"));
		TRY(buf_addf(o, "<td class=\"n\">%lld</td>",
			     (long long)n->total));
		TRY(cell(o, "previous", n->id, "items", (double)n->prev,
			 NULL));
		rfmt_pct(d, sizeof d, n->vs_prev.pct, rl_na(r, &n->vs_prev));
		TRY(cell(o, "total", n->id, "growth_prev_pct", n->vs_prev.pct,
			 d));
		rfmt_p(d, sizeof d, n->vs_prev.p, rl_na(r, &n->vs_prev));
		TRY(cell(o, "total", n->id, "p_prev", n->vs_prev.p, d));
		TRY(cell(o, "baseline", n->id, "items", (double)n->baseline,
			 NULL));
		rfmt_pct(d, sizeof d, n->vs_base.pct, rl_na(r, &n->vs_base));
		TRY(cell(o, "total", n->id, "growth_base_pct", n->vs_base.pct,
			 d));
		rfmt_p(d, sizeof d, n->vs_base.p, rl_na(r, &n->vs_base));
		TRY(cell(o, "total", n->id, "p_base", n->vs_base.p, d));
		TRY(buf_addstr(o, "</tr>"));
	}
	return buf_addstr(o, "</tbody></table></section>");
}

static int story_list(const struct report *r, struct buf *o,
		      const struct report_story *st, size_t n);

/* Each region's items, baseline and trend; then the association's own
 * region: its niches, top stories and the watch entries it mentions. */
static int regions(const struct report *r, struct buf *o)
{
	const struct report_region *x;
	struct buf nb = BUF_INIT;
	char d[64], key[300];
	size_t i, b;
	int64_t last;
	int rc, any = 0;

	if (!r->nregions)
		return 0;
	TRY(section(o, "regions", rl(r, L_REGIONS)));
	TRY(bucket_head(r, o, "regions", L_REGION));
	TRY(th(o, rl(r, L_ITEMS), 1));
	TRY(th(o, rl(r, L_BASELINE), 1));
	TRY(th(o, rl(r, L_VS_BASE), 1));
	TRY(th(o, rl(r, L_PVALUE), 1));
	TRY(buf_addstr(o, "</tr></thead><tbody>"));
	for (i = 0; i < r->nregions; i++) {
		x = &r->regions[i];
		snprintf(key, sizeof key, "region:%s", x->id);
		TRY(buf_addf(o, "<tr%s><td>", x->vs_base.significant
						      ? " class=\"sig\"" : ""));
		TRY(esc(o, x->label));
		TRY(buf_addstr(o, "</td><td>"));
		TRY(report_svg_sparkline(o, x->label, x->items, r->nbuckets));
		TRY(buf_addstr(o, "</td>"));
		for (b = 0; b < r->nbuckets; b++)
			TRY(cell(o, r->buckets[b].label, key, "items",
				 (double)x->items[b], NULL));
		TRY(cell(o, "total", key, "items", (double)x->total, NULL));
		TRY(cell(o, "baseline", key, "items", (double)x->baseline,
			 NULL));
		rfmt_pct(d, sizeof d, x->vs_base.pct, rl_na(r, &x->vs_base));
		TRY(cell(o, "total", key, "growth_base_pct", x->vs_base.pct, d));
		rfmt_p(d, sizeof d, x->vs_base.p, rl_na(r, &x->vs_base));
		TRY(cell(o, "total", key, "p_base", x->vs_base.p, d));
		TRY(buf_addstr(o, "</tr>"));
	}
	TRY(buf_addstr(o, "</tbody></table></div>"));
	x = &r->regions[0];
	TRY(buf_addstr(o, "<div id=\"home-region\"><h3>"));
	TRY(rl_fill(&nb, rl(r, L_HOME), x->label));
	rc = esc(o, buf_cstr(&nb));
	buf_release(&nb);
	if (rc < 0)
		return rc;
	TRY(buf_addstr(o, "</h3>"));
	if (!x->total) {
		TRY(buf_addstr(o, "<p>"));
		TRY(esc(o, rl(r, L_HOME_NONE)));
		return buf_addstr(o, "</p></div></section>");
	}
	TRY(buf_addstr(o, "<table class=\"home-niches\"><thead><tr>"));
	TRY(th(o, rl(r, L_NICHE), 0));
	TRY(th(o, rl(r, L_ITEMS), 1));
	TRY(buf_addstr(o, "</tr></thead><tbody>"));
	/* most items first, ties in rank order */
	for (b = 0, last = INT64_MAX; b < r->nniches; b++) {
		int64_t best = 0;

		for (i = 0; i < r->nniches; i++)
			if (x->by_niche[i] < last && x->by_niche[i] > best)
				best = x->by_niche[i];
		if (!best)
			break;
		for (i = 0; i < r->nniches; i++) {
			size_t k = r->by_rank[i];

			if (x->by_niche[k] != best)
				continue;
			TRY(buf_addstr(o, "<tr><td>"));
			TRY(esc(o, r->niches[k].label));
			TRY(buf_addf(o, "</td><td class=\"n\">%lld</td></tr>",
				     (long long)best));
		}
		last = best;
	}
	TRY(buf_addstr(o, "</tbody></table>"));
	TRY(story_list(r, o, r->home_stories, r->nhome_stories));
	for (i = 0; i < r->nwatch; i++) {
		if (!r->home_watch[i])
			continue;
		if (!any++) {
			TRY(buf_addstr(o, "<p class=\"home-orgs\"><strong>"));
			TRY(esc(o, rl(r, L_ORGS)));
			TRY(buf_addstr(o, r->params.lang == REPORT_EN
						  ? "</strong>: "
						  : "</strong>\xc2\xa0: "));
		} else {
			TRY(buf_addstr(o, ", "));
		}
		TRY(esc(o, r->watch[i].label));
		TRY(buf_addf(o, " (%lld)", (long long)r->home_watch[i]));
	}
	if (any)
		TRY(buf_addstr(o, "</p>"));
	return buf_addstr(o, "</div></section>");
}

static int niche_list(const struct report *r, struct buf *o, uint64_t m)
{
	size_t i;
	int rc, first = 1;

	for (i = 0; i < r->nniches; i++)
		if (m >> i & 1) {
			TRY(buf_addstr(o, first ? "" : ", "));
			TRY(esc(o, r->niches[i].label));
			first = 0;
		}
	return 0;
}

static int terms(const struct report *r, struct buf *o, int first)
{
	const struct report_term *t = first ? r->first : r->terms;
	size_t n = first ? r->nfirst : r->nterms, i;
	char d[64];
	int rc;

	if (n > (size_t)r->params.top_n * 2)
		n = (size_t)r->params.top_n * 2;
	TRY(section(o, first ? "first" : "terms",
		    rl(r, first ? L_FIRST : L_TERMS)));
	if (n == 0) {
		TRY(buf_addstr(o, "<p>"));
		TRY(esc(o, rl(r, L_NONE)));
		return buf_addstr(o, "</p></section>");
	}
	TRY(buf_addf(o, "<table class=\"%s\"><thead><tr>",
		     first ? "first" : "terms"));
	TRY(th(o, rl(r, L_TERM), 0));
	TRY(th(o, rl(r, L_COUNT), 1));
	TRY(th(o, rl(r, first ? L_FIRST_SEEN : L_BASE_COUNT), !first));
	TRY(th(o, rl(r, first ? L_NSOURCES : L_G2), 1));
	TRY(th(o, rl(r, L_NICHES), 0));
	TRY(th(o, rl(r, L_EXAMPLE), 0));
	TRY(buf_addstr(o, "</tr></thead><tbody>"));
	for (i = 0; i < n; i++) {
		TRY(buf_addstr(o, "<tr><td class=\"term\">"));
		TRY(esc(o, t[i].term));
		TRY(buf_addf(o, "</td><td class=\"n\">%lld</td>",
			     (long long)t[i].count));
		if (first) {
			rfmt_date(d, sizeof d, t[i].first_seen);
			TRY(buf_addf(o, "<td>%s</td><td class=\"n\">%lld</td>",
				     d, (long long)t[i].sources));
		} else {
			TRY(buf_addf(o, "<td class=\"n\">%lld</td>"
					"<td class=\"n\">%.1f</td>",
				     (long long)t[i].base, t[i].g2));
		}
		TRY(buf_addstr(o, "<td>"));
		TRY(niche_list(r, o, t[i].niches));
		TRY(buf_addstr(o, "</td><td>"));
		TRY(link(o, t[i].example_link[0], t[i].example_title[0]));
		if (*t[i].example_title[1]) {
			TRY(buf_addstr(o, "<br>"));
			TRY(link(o, t[i].example_link[1],
				 t[i].example_title[1]));
		}
		TRY(buf_addstr(o, "</td></tr>"));
	}
	return buf_addstr(o, "</tbody></table></section>");
}

static int watch(const struct report *r, struct buf *o)
{
	size_t i, b;
	char d[64];
	int rc;

	if (r->nwatch == 0)
		return 0;
	TRY(section(o, "watch", rl(r, L_WATCH)));
	TRY(bucket_head(r, o, "watch", L_NAME));
	TRY(th(o, rl(r, L_MENTIONS), 1));
	TRY(th(o, rl(r, L_FIRST_SEEN), 0));
	TRY(buf_addstr(o, "</tr></thead><tbody>"));
	for (i = 0; i < r->nwatch; i++) {
		const struct report_watch *w = &r->watch[i];
		char key[300];

		snprintf(key, sizeof key, "watch:%s", w->name);
		TRY(buf_addstr(o, "<tr><td>"));
		TRY(esc(o, w->label));
		TRY(buf_addstr(o, "</td><td>"));
		TRY(report_svg_sparkline(o, w->label, w->mentions,
					 r->nbuckets));
		TRY(buf_addstr(o, "</td>"));
		for (b = 0; b < r->nbuckets; b++)
			TRY(cell(o, r->buckets[b].label, key, "mentions",
				 (double)w->mentions[b], NULL));
		TRY(cell(o, "total", key, "mentions", (double)w->total, NULL));
		if (w->first_seen)
			rfmt_date(d, sizeof d, w->first_seen);
		else
			str_copy(d, "—", sizeof d);
		TRY(buf_addf(o, "<td>%s</td></tr>", d));
	}
	return buf_addstr(o, "</tbody></table></div></section>");
}

static int orgs(const struct report *r, struct buf *o)
{
	size_t i;
	char d[64];
	int rc;

	if (r->norgs == 0)
		return 0;
	TRY(section(o, "organisations", rl(r, L_ORGS)));
	TRY(buf_addstr(o, "<p>"));
	snprintf(d, sizeof d, "%d", r->params.first_min_sources);
	TRY(rl_fill(o, rl(r, L_ORGS_TXT), d));
	TRY(buf_addstr(o, "</p><table class=\"orgs\"><thead><tr>"));
	TRY(th(o, rl(r, L_NAME), 0));
	TRY(th(o, rl(r, L_ORG_KIND), 0));
	TRY(th(o, rl(r, L_ITEMS), 1));
	TRY(th(o, rl(r, L_NSOURCES), 1));
	TRY(th(o, rl(r, L_NICHES), 0));
	TRY(th(o, rl(r, L_TREND), 0));
	TRY(th(o, rl(r, L_VS_BASE), 1));
	TRY(buf_addstr(o, "</tr></thead><tbody>"));
	for (i = 0; i < r->norgs; i++) {
		const struct report_org *g = &r->orgs[i];

		TRY(buf_addf(o, "<tr class=\"%s\"><td>",
			     g->candidate ? "candidate" : "watch"));
		TRY(esc(o, g->name));
		TRY(buf_addstr(o, "</td><td>"));
		TRY(esc(o, rl(r, g->candidate ? L_ORG_CAND : L_ORG_WATCH)));
		TRY(buf_addf(o, "</td><td class=\"n\">%lld</td>"
				"<td class=\"n\">%lld</td><td>",
			     (long long)g->total, (long long)g->sources));
		TRY(niche_list(r, o, g->niches));
		TRY(buf_addstr(o, "</td><td>"));
		TRY(report_svg_sparkline(o, g->name, g->mentions, r->nbuckets));
		rfmt_pct(d, sizeof d, g->trend.pct, rl_na(r, &g->trend));
		TRY(buf_addf(o, "</td><td class=\"n\">%s%s</td></tr>", d,
			     g->trend.significant ? " *" : ""));
	}
	return buf_addstr(o, "</tbody></table></section>");
}

static int cooc(const struct report *r, struct buf *o)
{
	const char *names[REPORT_NICHES_MAX + 1];
	const char *sect[REPORT_NICHES_MAX + 1];
	size_t i;
	int rc;

	niche_names(r, names);
	for (i = 0; i < r->nsectors; i++)
		sect[i] = r->sector_labels[i];
	TRY(section(o, "cooccurrence", rl(r, L_COOC)));
	TRY(report_svg_heatmap(o, rl(r, L_COOC), rl(r, L_HEAT_DESC), names,
			       r->nniches, names, r->nniches, r->co_niche));
	if (r->nsectors)
		TRY(report_svg_heatmap(o, rl(r, L_SECTOR),
				       rl(r, L_HEAT_SECT_DESC), names,
				       r->nniches, sect, r->nsectors,
				       r->co_sector));
	return buf_addstr(o, "</section>");
}

static int sources(const struct report *r, struct buf *o)
{
	size_t i, k;
	char d[64];
	int rc;

	TRY(section(o, "sources", rl(r, L_SOURCES)));
	TRY(buf_addstr(o, "<table class=\"sources\"><thead><tr>"));
	TRY(th(o, rl(r, L_NICHE), 0));
	TRY(th(o, rl(r, L_NSOURCES), 1));
	TRY(th(o, rl(r, L_DIVERSITY), 1));
	TRY(th(o, rl(r, L_TOP_SOURCES), 0));
	TRY(buf_addstr(o, "</tr></thead><tbody>"));
	for (i = 0; i < r->nniches; i++) {
		const struct report_niche *n = &r->niches[i];

		TRY(buf_addstr(o, "<tr><td>"));
		TRY(esc(o, n->label));
		TRY(buf_addstr(o, "</td>"));
		TRY(cell(o, "total", n->id, "sources", (double)n->nsources,
			 NULL));
		snprintf(d, sizeof d, "%.1f", n->diversity);
		TRY(cell(o, "total", n->id, "diversity", n->diversity, d));
		TRY(buf_addstr(o, "<td>"));
		for (k = 0; k < n->ntop_sources && k < 5; k++) {
			TRY(buf_addstr(o, k ? ", " : ""));
			TRY(esc(o, n->top_sources[k]));
			TRY(buf_addf(o, " (%lld)",
				     (long long)n->top_source_counts[k]));
		}
		TRY(buf_addstr(o, "</td></tr>"));
	}
	TRY(buf_addstr(o, "</tbody></table><h3>"));
	TRY(esc(o, rl(r, L_SILENT)));
	TRY(buf_addstr(o, "</h3>"));
	if (r->nsilent == 0) {
		TRY(buf_addstr(o, "<p>"));
		TRY(esc(o, rl(r, L_SILENT_NONE)));
		TRY(buf_addstr(o, "</p>"));
	} else {
		TRY(buf_addstr(o, "<ul class=\"silent\">"));
		for (i = 0; i < r->nsilent; i++) {
			TRY(buf_addstr(o, "<li>"));
			TRY(esc(o, r->silent[i]));
			TRY(buf_addstr(o, "</li>"));
		}
		TRY(buf_addstr(o, "</ul>"));
	}
	return buf_addstr(o, "</section>");
}

static int story_list(const struct report *r, struct buf *o,
		      const struct report_story *st, size_t n)
{
	size_t k;
	int rc;

	if (!n)
		return 0;
	TRY(buf_addstr(o, "<table class=\"stories\"><thead><tr>"));
	TRY(th(o, rl(r, L_TITLE_COL), 0));
	TRY(th(o, rl(r, L_NSOURCES), 1));
	TRY(th(o, rl(r, L_SCORE), 1));
	TRY(buf_addstr(o, "</tr></thead><tbody>"));
	for (k = 0; k < n; k++) {
		TRY(buf_addstr(o, "<tr><td>"));
		TRY(link(o, st[k].link, st[k].title));
		TRY(buf_addf(o, "</td><td class=\"n\">%lld</td>"
				"<td class=\"n\">%.1f</td></tr>",
			     (long long)st[k].sources, st[k].score));
	}
	return buf_addstr(o, "</tbody></table>");
}

static int stories(const struct report *r, struct buf *o)
{
	size_t i;
	int rc;

	TRY(section(o, "stories", rl(r, L_STORIES)));
	for (i = 0; i < r->nniches; i++) {
		const struct report_niche *n = &r->niches[r->by_rank[i]];

		if (n->nstories == 0)
			continue;
		TRY(buf_addstr(o, "<h3>"));
		TRY(esc(o, n->label));
		TRY(buf_addstr(o, "</h3>"));
		TRY(story_list(r, o, n->stories_top,
			       n->nstories < 5 ? n->nstories : 5));
	}
	return buf_addstr(o, "</section>");
}

static int method(const struct report *r, struct buf *o)
{
	const struct report_params *p = &r->params;
	char a[32], b[32];
	int rc;

	rfmt_date(a, sizeof a, p->from);
	rfmt_date(b, sizeof b, p->to - 1);
	TRY(section(o, "method", rl(r, L_METHOD)));
	TRY(buf_addstr(o, "<dl><dt>"));
	TRY(esc(o, rl(r, L_PERIOD)));
	TRY(buf_addf(o, "</dt><dd>%s — %s (", a, b));
	TRY(esc(o, rl(r, p->by == REPORT_WEEK ? L_WEEK
			 : p->by == REPORT_MONTH ? L_MONTH : L_QUARTER)));
	TRY(buf_addstr(o, ")</dd><dt>"));
	TRY(esc(o, rl(r, L_BASELINE)));
	rfmt_date(a, sizeof a, report_baseline_from(p));
	rfmt_date(b, sizeof b, p->from - 1);
	TRY(buf_addf(o, "</dt><dd>%s — %s (%d × %s)</dd><dt>", a, b,
		     p->baseline_periods, rl(r, L_PERIOD)));
	TRY(esc(o, rl(r, L_METHOD)));
	TRY(buf_addstr(o, "</dt><dd>"));
	TRY(esc(o, rl(r, L_TESTS_TXT)));
	TRY(buf_addstr(o, "</dd><dt>"));
	TRY(esc(o, rl(r, L_THRESHOLDS)));
	TRY(buf_addf(o, "</dt><dd>alpha = %.3f; G² ≥ %.2f; ", p->alpha,
		     p->term_min_g2));
	snprintf(a, sizeof a, "%d", p->term_min_count);
	snprintf(b, sizeof b, "%d", p->first_min_sources);
	/* our own words and numbers: nothing to escape */
	TRY(rl_fill(o, rl(r, L_TH_MIN), a));
	TRY(buf_addstr(o, "; "));
	TRY(rl_fill(o, rl(r, L_TH_FIRST), b));
	TRY(buf_addstr(o, "; "));
	snprintf(a, sizeof a, "%.0f %%", p->term_common_share * 100);
	TRY(rl_fill(o, rl(r, L_TH_COMMON), a));
	TRY(buf_addstr(o, "</dd>"));
	if (r->fingerprint) {
		TRY(buf_addstr(o, "<dt>"));
		TRY(esc(o, rl(r, L_FINGERPRINT)));
		TRY(buf_addstr(o, "</dt><dd><code>"));
		TRY(esc(o, r->fingerprint));
		TRY(buf_addstr(o, "</code></dd>"));
	}
	if (p->as_of) {
		rfmt_date(a, sizeof a, p->as_of);
		TRY(buf_addstr(o, "<dt>"));
		TRY(esc(o, rl(r, L_AS_OF)));
		TRY(buf_addf(o, "</dt><dd>%s</dd>", a));
	}
	if (r->generated) {
		TRY(buf_addstr(o, "<dt>"));
		TRY(esc(o, rl(r, L_GENERATED)));
		TRY(buf_addstr(o, "</dt><dd>"));
		TRY(esc(o, r->generated));
		TRY(buf_addstr(o, "</dd>"));
	}
	return buf_addstr(o, "</dl></section>");
}

struct sum_html {
	struct buf *o;
	int level, open;
};

/* One sentence of the summary: a detail (level 1) nested in the list of
 * the point before it. */
static int sum_line(void *arg, int level, const char *kind, const char *text)
{
	struct sum_html *h = arg;
	int rc;

	if (h->open && level > h->level)
		TRY(buf_addstr(h->o, "<ul>"));
	else if (h->open && level < h->level)
		TRY(buf_addstr(h->o, "</li></ul></li>"));
	else if (h->open)
		TRY(buf_addstr(h->o, "</li>"));
	h->level = level;
	h->open = 1;
	TRY(buf_addf(h->o, "<li class=\"%s\">", kind));
	return esc(h->o, text);
}

static int summary(const struct report *r, struct buf *o)
{
	struct sum_html h = { o, 0, 0 };
	int rc;

	TRY(section(o, "summary", rl(r, L_SUMMARY)));
	if (r->total_items == 0) {
		TRY(buf_addstr(o, "<p class=\"nodata\"><strong>"));
		TRY(esc(o, rl(r, L_NO_DATA)));
		TRY(buf_addstr(o, "</strong></p>"));
	}
	TRY(buf_addstr(o, "<ul class=\"synthesis\">"));
	TRY(report_summary(r, sum_line, &h));
	if (h.open)
		TRY(buf_addstr(o, h.level ? "</li></ul></li>" : "</li>"));
	return buf_addstr(o, "</ul></section>");
}

int report_write_html(const struct report *r, struct buf *o)
{
	const char *title = r->title ? r->title : rl(r, L_TITLE);
	char a[32], b[32];
	int rc;

	rfmt_date(a, sizeof a, r->params.from);
	rfmt_date(b, sizeof b, r->params.to - 1);
	TRY(buf_addf(o, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
			"<meta charset=\"utf-8\">"
			"<meta http-equiv=\"Content-Security-Policy\" "
			"content=\"default-src 'none'; style-src "
			"'unsafe-inline'; img-src data:\">"
			"<meta name=\"viewport\" content=\"width=device-width\">"
			"<link rel=\"icon\" href=\"data:,\"><title>",
		     r->params.lang == REPORT_EN ? "en" : "fr"));
	TRY(esc(o, title));
	TRY(buf_addf(o, "</title><style>%s</style></head><body><header><h1>",
		     css));
	TRY(esc(o, title));
	TRY(buf_addf(o, "</h1><p class=\"muted\">%s — %s</p></header>\n", a,
		     b));
	TRY(summary(r, o));
	TRY(buf_addch(o, '\n'));
	TRY(volumes(r, o));
	TRY(buf_addch(o, '\n'));
	TRY(growth(r, o));
	TRY(buf_addch(o, '\n'));
	TRY(regions(r, o));
	TRY(buf_addch(o, '\n'));
	TRY(terms(r, o, 0));
	TRY(buf_addch(o, '\n'));
	TRY(terms(r, o, 1));
	TRY(buf_addch(o, '\n'));
	TRY(watch(r, o));
	TRY(buf_addch(o, '\n'));
	TRY(orgs(r, o));
	TRY(buf_addch(o, '\n'));
	TRY(cooc(r, o));
	TRY(buf_addch(o, '\n'));
	TRY(sources(r, o));
	TRY(buf_addch(o, '\n'));
	TRY(stories(r, o));
	TRY(buf_addch(o, '\n'));
	TRY(method(r, o));
	return buf_addstr(o, "\n</body></html>\n");
}
