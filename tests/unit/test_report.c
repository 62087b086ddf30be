/* Unit tests of report/: the statistics against values computed
 * independently (exact sums with Python's math.comb, see the comments),
 * term extraction, escaping in SVG and HTML, determinism, and allocation
 * failures during building and writing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../report/report.h"
#include "../../report/report_int.h"
#include "../../util/alloc.h"
#include "../../util/vtime.h"
#include "tap.h"

static int close_rel(double got, double want, double rel)
{
	if (want == 0)
		return fabs(got) < 1e-12;
	return fabs(got - want) <= rel * fabs(want);
}

static void test_stats(void)
{
	/* Expected values: sum(comb(n,k) p^k q^(n-k)) over outcomes no more
	 * likely than k1, in Python with exact integers. */
	static const struct {
		long long k1, k2;
		double t2, want;
	} pt[] = {
		{ 4, 2, 1, 0.6875 },
		{ 400, 200, 1, 2.3925776987708647e-16 },
		{ 8, 8, 4, 0.007003561164800006 },
		{ 30, 40, 4, 1.4573181269663092e-05 },
		{ 0, 5, 1, 0.0625 },
		{ 12, 20, 4, 0.02384682045695694 },
	};
	struct report_growth g;
	size_t i;

	for (i = 0; i < sizeof pt / sizeof pt[0]; i++) {
		double p = report_poisson_test(pt[i].k1, 1, pt[i].k2, pt[i].t2);

		OK(close_rel(p, pt[i].want, 1e-6),
		   "poisson test %lld vs %lld (t2=%g): %.17g, want %.17g",
		   pt[i].k1, pt[i].k2, pt[i].t2, p, pt[i].want);
	}
	OK(report_poisson_test(0, 1, 0, 1) == 1, "poisson test: 0 vs 0 is 1");
	report_growth(&g, 4, 2, 1, 0.05);
	OK(!g.significant && close_rel(g.pct, 100, 1e-12),
	   "growth: 2 -> 4 is +100%% and not significant");
	report_growth(&g, 400, 200, 1, 0.05);
	OK(g.significant && close_rel(g.pct, 100, 1e-12),
	   "growth: 200 -> 400 is +100%% and significant");
	report_growth(&g, 5, 0, 4, 0.05);
	OK(isnan(g.pct) && !isnan(g.p), "growth: from zero has no percentage");
	/* 2x2 G² with the same formula in Python. */
	OK(close_rel(report_g2(10, 1000, 2, 4000), 22.340375550234484, 1e-9),
	   "g2: 10/1000 vs 2/4000");
	OK(fabs(report_g2(50, 1000, 200, 4000)) < 1e-9,
	   "g2: same rate gives 0");
	OK(close_rel(report_g2(5, 100, 0, 400), 16.298485685672873, 1e-9),
	   "g2: new term");
}

struct collect {
	char all[2048];
};

static int add_term(const char *t, size_t n, void *arg)
{
	struct collect *c = arg;
	size_t l = strlen(c->all);

	if (l + n + 2 < sizeof c->all) {
		memcpy(c->all + l, t, n);
		c->all[l + n] = '|';
		c->all[l + n + 1] = '\0';
	}
	return 0;
}

static void test_terms(void)
{
	struct collect c;
	const char *s;

	c.all[0] = '\0';
	s = "La Maintenance PRÉDICTIVE des pompes, et l'IIoT.";
	OK(report_terms(s, strlen(s), add_term, &c) == 0, "terms: runs");
	STREQ(c.all, "maintenance|predictive|maintenance predictive|pompes|"
		     "iiot|", "terms: folded words, phrases, stop words out");
	c.all[0] = '\0';
	s = "Remaining useful life. Digital twin 2026";
	report_terms(s, strlen(s), add_term, &c);
	STREQ(c.all, "remaining|useful|remaining useful|life|useful life|"
		     "digital|twin|digital twin|",
	      "terms: no phrase across a full stop, numbers dropped");
	OK(report_stopword("les", 3) && report_stopword("the", 3) &&
	   !report_stopword("pompe", 5), "stop words: fr and en");
}

/* The term of most of the set and none of the rest comes first; a term as
 * common in the rest is not listed; counts are per document; a document of
 * the set after the rest is refused. */
static void test_keyness(void)
{
	static const char *const set[][2] = {
		{ "Cavitation des pompes", "La cavitation abîme la roue." },
		{ "Cavitation erosion on impellers", NULL },
		{ "Pump news", "Cavitation seen early, and the weather." },
		{ "Impeller wear", "The weather was cold." },
	};
	static const char *const rest[] = {
		"Weather of the week", "Weather and football", "Stock markets",
		"Impeller of a fan", "The weather again",
	};
	struct report_keyness *k = report_keyness_new();
	const struct report_key_term *t = NULL;
	size_t i, n = 0, weather = 0;
	int64_t nin, nout;

	OK(k != NULL, "keyness: new");
	if (!k)
		return;
	for (i = 0; i < 4; i++)
		OK(report_keyness_add(k, set[i][0], set[i][1], 1, i == 1) == 0,
		   "keyness: add set %zu", i);
	for (i = 0; i < 5; i++)
		OK(report_keyness_add(k, rest[i], NULL, 0, 1) == 0,
		   "keyness: add rest %zu", i);
	OK(report_keyness_add(k, "late", NULL, 1, 0) < 0,
	   "keyness: a document of the set after the rest is refused");
	report_keyness_docs(k, &nin, &nout);
	OK(nin == 4 && nout == 5, "keyness: documents counted (%lld, %lld)",
	   (long long)nin, (long long)nout);
	OK(report_keyness_rank(k, 2, &t, &n) == 0 && n > 0, "keyness: ranks");
	if (n > 0) {
		STREQ(t[0].term, "cavitation", "keyness: the set's own term first");
		OK(t[0].in == 3 && t[0].out == 0 && t[0].in_marked == 1,
		   "keyness: once per document (in %lld, out %lld, marked %lld)",
		   (long long)t[0].in, (long long)t[0].out,
		   (long long)t[0].in_marked);
		STREQ(t[0].example[0], "Cavitation des pompes",
		      "keyness: first example");
		STREQ(t[0].example[1], "Cavitation erosion on impellers",
		      "keyness: second example");
		OK(t[0].g2 > 0, "keyness: G² positive");
	}
	for (i = 0; i < n; i++) {
		weather |= !strcmp(t[i].term, "weather");
		OK(t[i].in >= 2, "keyness: min_docs kept (%s)", t[i].term);
		if (i)
			OK(t[i].g2 <= t[i - 1].g2, "keyness: by G² (%s)", t[i].term);
	}
	OK(!weather, "keyness: a term as common in the rest is not listed");
	report_keyness_free(k);
}

static void test_escape(void)
{
	struct buf b = BUF_INIT;
	const char *names[] = { "</svg><script>alert(1)</script>",
				"a\"b' onload=x" };
	int64_t v[4] = { 1, 2, 3, 4 };
	double pct[2] = { 50, NAN };
	int sig[2] = { 1, 0 };
	const char *na[2] = { "n.d.", "<n/a>" };

	report_svg_lines(&b, "t<", "d&", "x", "y", names, 2,
			 (const char *const[]){ "w1", "w2" }, 2, v);
	report_svg_bars(&b, "bars", "d", "x", "s", "n", names, 2, pct, sig, na);
	report_svg_heatmap(&b, "h", "d", names, 2, names, 2, v);
	OK(!strstr(buf_cstr(&b), "<script") &&
	   !strstr(buf_cstr(&b), "</svg><script") &&
	   !strstr(buf_cstr(&b), "\"b'"),
	   "svg: hostile names escaped");
	OK(strstr(buf_cstr(&b), "&lt;/svg&gt;&lt;script&gt;") != NULL,
	   "svg: escaped text present");
	OK(strstr(buf_cstr(&b), "<title>t&lt;</title><desc>d&amp;</desc>") !=
		   NULL, "svg: title and desc");
	buf_reset(&b);
	report_esc(&b, "caf\xc3\xa9 \xff\xc3 x\x01");
	STREQ(buf_cstr(&b), "caf\xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd x ",
	      "escape: invalid UTF-8 and controls replaced, valid kept");
	buf_release(&b);
}

/* The viewBox's width and height of the first <svg> in s. */
static int viewbox(const char *s, double *w, double *h)
{
	const char *v = strstr(s, "viewBox=\"0 0 ");

	return v && sscanf(v, "viewBox=\"0 0 %lf %lf", w, h) == 2 ? 0 : -1;
}

/* Charts make room for the taxonomy's labels: "Gestion d'actifs et
 * efficacité énergétique" measured 194.5 px in Chromium at the charts'
 * 11 px with Liberation Sans, 224 with DejaVu Sans (the line chart's
 * legend cut it at 150); a label past
 * the chart's limit is cut with an ellipsis and kept whole in its
 * tooltip; the legend gets as many rows as there are series. */
static void test_svg_room(void)
{
	struct buf b = BUF_INIT;
	const char *longer = "Gestion d'actifs et efficacit\xc3\xa9 "
			     "\xc3\xa9nerg\xc3\xa9tique";
	const char *names[2] = { "Fiabilit\xc3\xa9", longer };
	const char *many[30];
	char huge[400];
	int64_t v[60] = { 0 };
	double pct[2] = { 10, -5 }, w = 0, h = 0;
	int sig[2] = { 1, 0 };
	const char *na[2] = { "n.d.", "n.d." };
	size_t i;
	int ok;

	report_svg_lines(&b, "t", "d", "x", "y", names, 2,
			 (const char *const[]){ "w1", "w2" }, 2, v);
	/* plot 56 + 514, legend's line 40, the name, a margin */
	ok = viewbox(buf_cstr(&b), &w, &h) == 0;
	OK(ok && w >= 56 + 514 + 40 + 224 &&
	   strstr(buf_cstr(&b), "tique</text>"),
	   "lines: the legend holds the longest name whole (width %.0f)", w);
	buf_reset(&b);
	report_svg_bars(&b, "bars", "d", "x", "s", "n", names, 2, pct, sig, na);
	OK(strstr(buf_cstr(&b), "tique</text>") != NULL,
	   "bars: the name whole");
	{
		/* the names end at L - 8, so L - 8 >= their width */
		const char *t = strstr(buf_cstr(&b), "text-anchor=\"end\"");
		double x = 0;

		while (t && t > buf_cstr(&b) && strncmp(t, "<text x=\"", 9))
			t--;
		if (!t || sscanf(t, "<text x=\"%lf\"", &x) != 1)
			x = 0;
		OK(x >= 224,
		   "bars: names have their width on the left (%.1f)", x);
	}
	buf_reset(&b);
	report_svg_heatmap(&b, "h", "d", names, 2, names, 2, v);
	/* column names slanted at 45 degrees rise 0.707 of their width */
	ok = viewbox(buf_cstr(&b), &w, &h) == 0;
	OK(ok && h >= 224 * 0.707 + 2 * 24,
	   "heatmap: room above for slanted names (height %.0f)", h);
	buf_reset(&b);

	memset(huge, 'M', sizeof huge - 1);
	huge[sizeof huge - 1] = '\0';
	names[1] = huge;
	report_svg_lines(&b, "t", "d", "x", "y", names, 2,
			 (const char *const[]){ "w1", "w2" }, 2, v);
	ok = viewbox(buf_cstr(&b), &w, &h) == 0;
	OK(ok && w <= 56 + 514 + 40 + 260 + 10 &&
	   strstr(buf_cstr(&b), "<title>MMMM") &&
	   strstr(buf_cstr(&b), "M\xe2\x80\xa6</text>"),
	   "lines: a name past 260 px cut with an ellipsis, whole in its "
	   "tooltip (width %.0f)", w);
	buf_reset(&b);
	for (i = 0; i < 30; i++)
		many[i] = "niche";
	report_svg_lines(&b, "t", "d", "x", "y", many, 30,
			 (const char *const[]){ "w1", "w2" }, 2, v);
	ok = viewbox(buf_cstr(&b), &w, &h) == 0;
	OK(ok && h >= 20 + 16 * 30,
	   "lines: a legend row for each of 30 series (height %.0f)", h);
	buf_release(&b);
}

#define T0 1767225600	/* 2026-01-01T00:00:00Z, a Thursday */
#define DAY 86400

static const struct report_niche_def niches[] = {
	{ "big", "Grande niche", "Big niche" },
	{ "small", "Petite niche", "Small niche" },
};
static const struct report_sector_def sectors[] = { { "energy", "Énergie" } };

static struct report *build_small(struct err *e, enum report_lang lang)
{
	static struct report_row rows[64];
	static const char *const pats[] = { "ISO 55000" };
	static const struct report_watch_def w[] = {
		{ "iso55000", "ISO 55000", pats, 1 },
	};
	struct report_params p;
	size_t n = 0, i;

	memset(rows, 0, sizeof rows);
	for (i = 0; i < 20; i++) {
		rows[n].date = T0 - 30 * DAY + (int64_t)i * DAY;
		rows[n].niches = "big";
		rows[n].source = i % 2 ? "feed-a" : "feed-old";
		rows[n].title = "Pompe vibration";
		rows[n].story = 0;
		n++;
	}
	for (i = 0; i < 30; i++) {
		rows[n].date = T0 + (int64_t)i * DAY;
		rows[n].niches = i < 3 ? "big,small" : "big";
		rows[n].sectors = "energy";
		rows[n].source = i % 3 == 0 ? "feed-a" : i % 3 == 1 ? "feed-b"
								   : "feed-c";
		rows[n].title = i == 0 ? "<script>alert(1)</script> ISO 55000"
				       : "Jumeau numerique ISO 55000";
		rows[n].link = i == 0 ? "javascript:alert(1)"
				      : "https://example.org/a";
		rows[n].kind = i % 2 ? REPORT_PUBLICATION : REPORT_NEWS;
		rows[n].story = 1 + (int64_t)i / 2;
		rows[n].score = (double)i;
		n++;
	}
	report_params_init(&p);
	p.from = T0;
	p.to = T0 + 31 * DAY;
	p.by = REPORT_WEEK;
	p.baseline_periods = 1;
	p.lang = lang;
	p.rules_fingerprint = "abc123";
	return report_build(&p, niches, 2, sectors, 1, w, 1, rows, n, e);
}

/* Stories are counted by id; an item without one (0, or an id no store
 * writes, negative) is a story of its own, never merged with another or
 * with a story whose id looks like its row number. */
static void test_story_keys(void)
{
	static const int64_t ids[] = { 0, 0, 7, 7, -3, -3, 1, 2, 0 };
	struct report_row rows[9];
	struct report_params p;
	struct report *r;
	struct err e;
	size_t i;

	memset(rows, 0, sizeof rows);
	for (i = 0; i < 9; i++) {
		rows[i].date = T0 + (int64_t)i * DAY;
		rows[i].niches = "big";
		rows[i].source = "feed-a";
		rows[i].title = "Pompe";
		rows[i].story = ids[i];
	}
	report_params_init(&p);
	p.from = T0;
	p.to = T0 + 31 * DAY;
	p.by = REPORT_WEEK;
	p.baseline_periods = 1;
	r = report_build(&p, niches, 2, sectors, 1, NULL, 0, rows, 9, &e);
	/* 0, 0, 0 and -3, -3: five of their own; 7 once; 1 and 2 */
	OK(r && r->niches[0].total == 9 && r->niches[0].total_stories == 8,
	   "build: stories by id, rows without one on their own (%lld)",
	   r ? (long long)r->niches[0].total_stories : -1LL);
	report_free(r);
}

static void test_build(void)
{
	struct err e;
	struct report *r = build_small(&e, REPORT_FR);
	struct buf h = BUF_INIT, h2 = BUF_INIT, c = BUF_INIT, j = BUF_INIT;
	struct report *r2;

	OK(r != NULL, "build: small report");
	if (!r)
		return;
	OK(r->nbuckets == 5, "build: 5 ISO weeks touch January (got %zu)",
	   r->nbuckets);
	STREQ(r->buckets[0].label, "2026-W01", "build: first week label");
	OK(r->niches[0].total == 30 && r->niches[1].total == 3,
	   "build: totals per niche");
	OK(r->niches[0].baseline == 20 && r->niches[0].prev == 20,
	   "build: baseline counts");
	OK(r->niches[0].total_stories == 15, "build: stories (got %lld)",
	   (long long)r->niches[0].total_stories);
	OK(r->co_niche[0 * 2 + 1] == 3 && r->co_sector[0] == 30,
	   "build: co-occurrence");
	OK(r->nwatch == 1 && r->watch[0].total == 30, "build: watch mentions");
	OK(r->nsilent == 1 && strcmp(r->silent[0], "feed-old") == 0,
	   "build: silent source");
	OK(r->niches[0].nsources == 3, "build: sources per niche");
	OK(report_write(r, REPORT_HTML, &h, &e) == 0, "write: html");
	OK(strstr(buf_cstr(&h), "<script") == NULL, "html: no script tag");
	OK(strstr(buf_cstr(&h), "href=\"javascript:") == NULL,
	   "html: javascript: link not clickable");
	OK(strstr(buf_cstr(&h), "Grande niche") != NULL, "html: French labels");
	OK(strstr(buf_cstr(&h), "Content-Security-Policy") != NULL,
	   "html: content security policy");
	OK(report_write(r, REPORT_CSV, &c, &e) == 0 &&
		   strstr(buf_cstr(&c), "total,big,items,30\r\n") != NULL,
	   "csv: niche total row");
	OK(report_write(r, REPORT_JSON, &j, &e) == 0 &&
		   strstr(buf_cstr(&j), "\"niche\":\"big\",\"metric\":"
					"\"items\",\"value\":30}") != NULL,
	   "json: niche total value");
	r2 = build_small(&e, REPORT_FR);
	if (r2 && report_write(r2, REPORT_HTML, &h2, &e) == 0)
		OK(h.len == h2.len && memcmp(h.data, h2.data, h.len) == 0,
		   "html: same data, same bytes");
	report_free(r2);
	buf_reset(&h2);
	r2 = build_small(&e, REPORT_EN);
	if (r2 && report_write(r2, REPORT_HTML, &h2, &e) == 0)
		OK(strstr(buf_cstr(&h2), "Big niche") != NULL &&
			   strstr(buf_cstr(&h2), "lang=\"en\"") != NULL,
		   "html: English labels");
	report_free(r2);
	report_free(r);
	buf_release(&h);
	buf_release(&h2);
	buf_release(&c);
	buf_release(&j);
}

/* Every allocation of a build and its writing fails in turn: each ends in
 * a clean error (the sanitizer build checks there is no leak). */
static void test_alloc_failures(void)
{
	unsigned long n, total, failed = 0, crashed = 0;
	struct err e;
	struct report *r;
	struct buf b = BUF_INIT;

	v_alloc_fail_at(0);
	n = v_alloc_count();
	r = build_small(&e, REPORT_FR);
	report_write(r, REPORT_HTML, &b, &e);
	report_write(r, REPORT_JSON, &b, &e);
	report_free(r);
	buf_release(&b);
	total = v_alloc_count() - n;
	for (n = 1; n <= total; n++) {
		int rc = 0;

		v_alloc_fail_at(v_alloc_count() + n);
		r = build_small(&e, REPORT_FR);
		if (!r) {
			failed++;
			if (!strstr(e.msg, "out of memory"))
				crashed++;
		} else {
			rc = report_write(r, REPORT_HTML, &b, &e);
			if (rc == 0)
				rc = report_write(r, REPORT_JSON, &b, &e);
			failed += rc < 0;
		}
		v_alloc_fail_at(0);
		report_free(r);
		buf_release(&b);
	}
	OK(total > 10 && failed > 0 && crashed == 0,
	   "alloc failures: %lu sites, %lu clean failures", total, failed);
}

static int64_t ymd(int y, int m, int d)
{
	return vtime_from_utc(y, m, d, 0, 0, 0);
}

static void test_periods(void)
{
	struct report_params p;
	struct report *r;
	struct err e;
	int64_t f, t;

	report_last_quarter(ymd(2026, 5, 10) + 3600, &f, &t);
	OK(f == ymd(2026, 1, 1) && t == ymd(2026, 4, 1),
	   "last complete quarter before 2026-05-10 is 2026-Q1");
	report_last_quarter(ymd(2026, 1, 1), &f, &t);
	OK(f == ymd(2025, 10, 1) && t == ymd(2026, 1, 1),
	   "last complete quarter on a quarter's first day");
	report_params_init(&p);
	p.from = ymd(2026, 1, 1);
	p.to = ymd(2026, 4, 1);
	OK(report_previous_from(&p) == ymd(2025, 10, 1) &&
		   report_baseline_from(&p) == ymd(2025, 1, 1),
	   "calendar quarters back: previous 2025-Q4, baseline from 2025-01");
	p.from = ymd(2026, 1, 5);
	p.to = ymd(2026, 1, 12);
	OK(report_previous_from(&p) == ymd(2025, 12, 29),
	   "unaligned period: same length back");
	p.from = ymd(2025, 11, 1);
	p.to = ymd(2026, 5, 1);
	p.by = REPORT_QUARTER;
	r = report_build(&p, NULL, 0, NULL, 0, NULL, 0, NULL, 0, &e);
	OK(r && r->nbuckets == 3 && strcmp(r->buckets[0].label, "2025-Q4") == 0 &&
		   strcmp(r->buckets[2].label, "2026-Q2") == 0 &&
		   r->buckets[0].start == p.from,
	   "quarter buckets, first clipped to the period");
	report_free(r);
	p.by = REPORT_MONTH;
	r = report_build(&p, NULL, 0, NULL, 0, NULL, 0, NULL, 0, &e);
	OK(r && r->nbuckets == 6 && strcmp(r->buckets[1].label, "2025-12") == 0,
	   "month buckets");
	report_free(r);
	p.by = REPORT_WEEK;
	p.from = ymd(2020, 12, 28);
	p.to = ymd(2021, 1, 11);
	r = report_build(&p, NULL, 0, NULL, 0, NULL, 0, NULL, 0, &e);
	OK(r && r->nbuckets == 2 && strcmp(r->buckets[0].label, "2020-W53") == 0 &&
		   strcmp(r->buckets[1].label, "2021-W01") == 0,
	   "ISO week 53 and week 1 across a year end");
	report_free(r);
	p.to = p.from;
	OK(report_build(&p, NULL, 0, NULL, 0, NULL, 0, NULL, 0, &e) == NULL &&
		   strstr(e.msg, "empty period"), "empty period refused");
}

/* Coverage and partial periods: a burst in a week cut by the period's
 * end is shown, never tested; a reference that predates the coverage of
 * the niche's sources gets no figure and no test. */
static void test_coverage(void)
{
	static struct report_row rows[80];
	const int64_t t = ymd(2026, 1, 5);	/* a Monday */
	struct report_params p;
	struct report *r;
	struct buf out = BUF_INIT;
	struct err e;
	size_t i, n = 0;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		/* pass 0: sources covered since long; 1: since 5 days before
		 * the period, after the reference starts */
		int64_t covered = pass ? t - 5 * DAY : t - 400 * DAY;

		memset(rows, 0, sizeof rows);
		n = 0;
		for (i = 0; i < 10; i++)	/* the previous 30 days */
			rows[n++].date = t - 25 * DAY + (int64_t)i * DAY;
		for (i = 0; i < 40; i++)	/* four whole weeks */
			rows[n++].date = t + (int64_t)(i * 28 / 40) * DAY;
		for (i = 0; i < 30; i++)	/* two days of the fifth */
			rows[n++].date = t + 28 * DAY + (int64_t)i * 3600;
		for (i = 0; i < n; i++) {
			rows[i].niches = "big";
			rows[i].source = "feed-a";
			rows[i].title = "Pompe";
			rows[i].covered = covered;
		}
		report_params_init(&p);
		p.from = t;
		p.to = t + 30 * DAY;
		p.by = REPORT_WEEK;
		p.baseline_periods = 1;
		r = report_build(&p, niches, 2, sectors, 1, NULL, 0, rows, n, &e);
		if (!r) {
			OK(0, "coverage: build: %s", e.msg);
			return;
		}
		if (pass == 0) {
			OK(r->nbuckets == 5 && r->buckets[4].partial &&
			   !r->buckets[3].partial &&
			   !strcmp(r->buckets[4].title, "2026-W06 (partielle)"),
			   "the week cut by the period's end is partial (%s)",
			   r->buckets[r->nbuckets - 1].title);
			OK(r->niches[0].total == 70 &&
			   r->niches[0].vs_prev.k1 == 40 &&
			   fabs(r->niches[0].vs_prev.exposure - 30.0 / 28) < 1e-9,
			   "growth tested on the whole weeks only (%lld, %.3f)",
			   (long long)r->niches[0].vs_prev.k1,
			   r->niches[0].vs_prev.exposure);
			OK(!r->niches[0].vs_prev.no_history &&
			   !isnan(r->niches[0].vs_prev.p),
			   "covered: a figure and a test");
		} else {
			OK(r->niches[0].covered == t - 5 * DAY &&
			   r->niches[0].vs_prev.no_history &&
			   r->niches[0].vs_base.no_history &&
			   isnan(r->niches[0].vs_base.pct) &&
			   isnan(r->niches[0].vs_base.p) &&
			   !r->niches[0].vs_base.significant,
			   "reference before coverage: no figure, no test");
			buf_reset(&out);
			OK(report_write(r, REPORT_HTML, &out, &e) == 0 &&
			   strstr(buf_cstr(&out), "historique insuffisant") &&
			   strstr(buf_cstr(&out), "2026-W06 (partielle)"),
			   "the HTML says so, and marks the partial week");
		}
		report_free(r);
	}
	buf_release(&out);
}

/* 1 when s holds w as whole words (no letter on either side). */
static int has_words(const char *s, const char *w)
{
	size_t n = strlen(w);
	const char *h;

	for (h = strstr(s, w); h; h = strstr(h + 1, w)) {
		char a = h > s ? h[-1] : ' ', b = h[n];

		if (!((a >= 'a' && a <= 'z') || (a >= 'A' && a <= 'Z')) &&
		    !((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')))
			return 1;
	}
	return 0;
}

/* Every label in both languages; plural rules; a French page holds no
 * English label that differs from its French one. */
static void test_labels(void)
{
	struct report fr, en;
	struct report *r;
	struct buf h = BUF_INIT;
	struct err e;
	int l, missing = 0, english = 0;

	memset(&fr, 0, sizeof fr);
	memset(&en, 0, sizeof en);
	fr.params.lang = REPORT_FR;
	en.params.lang = REPORT_EN;
	for (l = 0; l < L_COUNT_MAX; l++)
		missing += !*rl(&fr, (enum rlabel)l) + !*rl(&en, (enum rlabel)l);
	OK(missing == 0, "labels: every label in French and in English "
	   "(%d missing)", missing);
	OK(!strcmp(rl_count(&fr, 0, L_SOURCE_1), "source") &&
	   !strcmp(rl_count(&fr, 1, L_ITEM_1), "article") &&
	   !strcmp(rl_count(&fr, 2, L_ITEM_1), "articles") &&
	   !strcmp(rl_count(&en, 0, L_ITEM_1), "items") &&
	   !strcmp(rl_count(&en, 1, L_SOURCE_1), "source") &&
	   !strcmp(rl_count(&en, 3, L_NEWS_1), "news items"),
	   "labels: plural forms (French: 0 and 1 singular)");
	r = build_small(&e, REPORT_FR);
	if (r && report_write(r, REPORT_HTML, &h, &e) == 0) {
		for (l = 0; l < L_COUNT_MAX; l++) {
			const char *x = rl(&en, (enum rlabel)l);

			if (strlen(x) >= 6 && !strchr(x, '%') &&
			    strcmp(x, rl(&fr, (enum rlabel)l)) &&
			    has_words(buf_cstr(&h), x)) {
				printf("# English in the French page: %s\n", x);
				english++;
			}
		}
		OK(english == 0 && !strstr(buf_cstr(&h), "n/a") &&
		   !strstr(buf_cstr(&h), "first sightings"),
		   "labels: no English label in the French page");
	} else {
		OK(0, "labels: the French page: %s", e.msg);
	}
	report_free(r);
	buf_release(&h);
}

int main(void)
{
	test_periods();
	test_coverage();
	test_stats();
	test_terms();
	test_keyness();
	test_escape();
	test_svg_room();
	test_story_keys();
	test_build();
	test_labels();
	test_alloc_failures();
	return tap_done();
}
