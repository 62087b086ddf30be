/* The trend report: from item rows to volumes, growth, emerging terms,
 * first sightings, watch list, co-occurrence, sources and top stories, and
 * from there to HTML (inline SVG), Markdown, CSV and JSON.
 *
 * report/ does not read the database: the caller (cli/ with index/) hands
 * it an array of struct report_row, one per item known at the as-of date,
 * covering the baseline and the period (rows outside are ignored, rows
 * before the baseline only feed "first seen" dates). Aggregation is one
 * linear pass over the rows.
 *
 *	struct report_params p;
 *	report_params_init(&p);
 *	p.from = ...; p.to = ...;
 *	struct report *r = report_build(&p, niches, nn, watch, nw, rows, n, &e);
 *	report_write(r, REPORT_HTML, &out, &e);
 *	report_free(r);
 *
 * Output is deterministic: the same rows and parameters give the same bytes
 * (no time of generation unless params.generated says so). */
#ifndef VEILLE_REPORT_REPORT_H
#define VEILLE_REPORT_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"
#include "../util/err.h"

const char *report_version(void);

enum report_gran { REPORT_WEEK, REPORT_MONTH, REPORT_QUARTER };
enum report_lang { REPORT_FR, REPORT_EN };
enum report_format { REPORT_HTML, REPORT_MD, REPORT_CSV, REPORT_JSON };
enum report_kind { REPORT_NEWS, REPORT_PUBLICATION };

/* At most this many niches (co-occurrence and term niches use bit masks). */
#define REPORT_NICHES_MAX 64

/* One item as the store knows it. All strings are borrowed for the call
 * to report_build() and may be NULL. */
struct report_row {
	int64_t date;		/* the item's date, else first seen (UTC) */
	int64_t seen;		/* first seen; rows seen after as_of are ignored */
	int64_t covered;	/* the source's coverage start (0: always) */
	const char *niches;	/* comma-separated niche ids */
	const char *sectors;	/* comma-separated sector ids */
	const char *source;	/* feed name */
	const char *title;
	const char *link;
	const char *text;	/* summary, plain text; used for terms and watch */
	enum report_kind kind;
	int64_t story;		/* story id; 0: the item is its own story */
	double score;		/* best classification score */
};

struct report_niche_def {
	const char *id;
	const char *label_fr;
	const char *label_en;	/* NULL: label_fr */
};

struct report_sector_def {
	const char *id;
	const char *label;
};

/* A watch entry: mentions are rows whose folded title+text contains one of
 * the patterns (matched as folded substrings at word boundaries). */
struct report_watch_def {
	const char *name;
	const char *label;
	const char *const *patterns;
	size_t npatterns;
};

struct report_params {
	int64_t from, to;	/* the period [from, to), Unix seconds UTC */
	enum report_gran by;
	int baseline_periods;	/* trailing periods of the same length (4) */
	int64_t as_of;		/* 0: no limit */
	double alpha;		/* significance level of the growth test (0.05) */
	int term_min_count;	/* items containing a term in the period (3) */
	double term_min_g2;	/* G² threshold (10.83, p < 0.001 at 1 df) */
	int first_min_sources;	/* distinct sources of a first sighting (3) */
	int top_n;		/* terms, stories, sources listed (10) */
	int term_text_bytes;	/* words also from this many bytes of the
				 * summary (0: titles only, the default:
				 * a year of summaries costs ~10x the time) */
	enum report_lang lang;
	const char *title;		/* borrowed; NULL: default title */
	const char *rules_fingerprint;	/* borrowed; may be NULL */
	const char *generated;	/* borrowed; NULL: no generation line */
	double term_common_share;	/* a word held by more than this
				 * share of the items of the whole history
				 * (0.05), and by at least 50, is common:
				 * left out of terms like the taxonomy's
				 * own words */
	/* regions: ids as stored ("region:NAME", REPORT_REGION_PREFIX),
	 * the first the association's own; borrowed for report_build() */
	const struct report_sector_def *regions;
	size_t nregions;
	const struct report *previous;	/* borrowed for report_build():
				 * the report of the previous period, to
				 * say what changed since; NULL: none */
};

void report_params_init(struct report_params *p);

/* ---- the report data model (everything owned by struct report) ---- */

struct report_bucket {
	int64_t start, end;	/* [start, end), clipped to the period */
	char label[32];		/* 2026-W05, 2026-03, 2026-Q1 */
	char title[64];		/* the label shown: "2026-W05 (partial)" */
	int partial;		/* cut by the period's end or by as_of:
				 * shown as such, left out of growth tests */
};

/* A comparison of a count k1 in the period against k2 in a reference of
 * `exposure` times the period's length. */
struct report_growth {
	int64_t k1, k2;
	double exposure;
	double rate_ratio;	/* k1 / (k2 / exposure); NAN when k2 == 0 */
	double pct;		/* (rate_ratio - 1) * 100; NAN when k2 == 0 */
	double p;		/* two-sided exact conditional binomial p-value */
	int significant;	/* p < alpha */
	int no_history;		/* the reference predates the coverage of
				 * the niche's sources: no figure, no test */
};

struct report_niche {
	char *id;
	char *label;
	int64_t *items;		/* per bucket */
	int64_t *stories;	/* per bucket: distinct stories */
	int64_t *news, *pubs;	/* per bucket */
	int64_t total, total_stories, total_news, total_pubs;
	double share;		/* of all classified items in the period */
	int64_t prev;		/* items in the previous period */
	int64_t baseline;	/* items in the whole baseline */
	int64_t covered;	/* the latest coverage start of the sources
				 * of its items in the period (0: always) */
	struct report_growth vs_prev, vs_base;
	int rank;		/* 1 = strongest significant rise */
	int prev_rank;		/* in the previous report; 0: none */
	size_t nsources;	/* distinct sources in the period */
	double diversity;	/* exp(Shannon entropy) over sources */
	size_t ntop_sources;
	char **top_sources;
	int64_t *top_source_counts;
	size_t nstories;
	struct report_story *stories_top;
};

struct report_story {
	char *title, *link;
	int64_t sources;
	double score;
};

struct report_term {
	char *term;		/* as the first example writes it */
	char *key;		/* accent-folded, singular: what is counted */
	int64_t count;		/* items containing it in the period */
	int64_t base;		/* items containing it in the baseline */
	double g2;		/* Dunning's log-likelihood */
	int64_t first_seen;	/* earliest date in the rows */
	int64_t sources;	/* distinct sources in the period */
	uint64_t niches;	/* bit i: niche i */
	/* the two earliest items of the period holding it, of two titles
	 * ("" when fewer) */
	char *example_title[2], *example_link[2];
};

/* A term emerging in the previous report that the period holds at least
 * as often: established. */
struct report_settled {
	char *term;
	int64_t then, now;	/* items holding it, previous and this period */
	int still;		/* emerging still */
};

/* A row's regions are the sectors of its list named so. */
#define REPORT_REGION_PREFIX "region:"

struct report_region {
	char *id;		/* NAME, without the prefix */
	char *label;
	int64_t *items;		/* classified items per bucket */
	int64_t total, baseline;
	int64_t covered;	/* latest coverage start of its sources */
	int64_t *by_niche;	/* items per niche, period */
	struct report_growth vs_base;
};

struct report_watch {
	char *name, *label;
	int64_t *mentions;	/* per bucket */
	int64_t total;
	int64_t first_seen;	/* 0: never */
};

/* An organisation active in the period: a [watch] entry, or a candidate
 * for the list: a name written with a capital (not as a title's first
 * word, nor in a Title Case title) in titles of at least
 * first_min_sources sources, at least twice as often so as in lower case,
 * not a stop word, nor a word of the taxonomy or common, nor on the
 * list. */
struct report_org {
	char *name;		/* the watch entry's label, or as written */
	int candidate;
	int64_t total, base;	/* items mentioning it, period and baseline */
	int64_t sources;	/* distinct sources in the period (to 16) */
	uint64_t niches;	/* bit i: niche i */
	int64_t *mentions;	/* per bucket */
	struct report_growth trend;	/* against the baseline */
};

struct report {
	struct report_params params;	/* strings re-owned below */
	char *title, *fingerprint, *generated;
	size_t nbuckets;
	struct report_bucket *buckets;
	size_t nniches;
	struct report_niche *niches;
	size_t *by_rank;		/* niche indices, ranked */
	size_t nsectors;
	char **sector_labels;
	int64_t *co_niche;		/* nniches × nniches, items in period */
	int64_t *co_sector;		/* nniches × nsectors */
	int64_t total_items, total_stories, total_news, total_pubs;
	int64_t prev_items, baseline_items;
	int64_t period_docs, baseline_docs;	/* items seen for terms */
	size_t nterms;
	struct report_term *terms;	/* emerging, by G² */
	size_t nfirst;
	struct report_term *first;	/* first sightings, by sources */
	size_t nwatch;
	struct report_watch *watch;
	size_t norgs;
	struct report_org *orgs;	/* watch entries, then candidates */
	size_t nregions;
	struct report_region *regions;	/* the first: the home region */
	size_t nhome_stories;
	struct report_story *home_stories;	/* most sources first */
	int64_t *home_watch;		/* per watch entry: home items */
	size_t nsilent;
	char **silent;			/* sources active in baseline only */
	int has_previous;		/* params.previous was given */
	int64_t prev_from, prev_to, prev_report_items;
	size_t nsettled;
	struct report_settled *settled;
	int64_t rows_used, rows_ignored;
};

/* Builds the report. Every argument is borrowed for the call. Returns a
 * new report; free with report_free(). NULL with e set on failure. */
struct report *report_build(const struct report_params *p,
			    const struct report_niche_def *niches, size_t nniches,
			    const struct report_sector_def *sectors, size_t nsectors,
			    const struct report_watch_def *watch, size_t nwatch,
			    const struct report_row *rows, size_t nrows,
			    struct err *e);
void report_free(struct report *r);

/* Appends the report in the given format to out. 0 or -1 with e set.
 *
 * CSV is tidy long form, header "period,niche,metric,value", CRLF lines
 * (RFC 4180); JSON's "values" array holds the same rows, and the HTML's
 * number cells carry them as data-p/data-n/data-m/data-v. period is a
 * bucket label, "total" (the period), "previous" or "baseline"; niche is a
 * niche id, "all", "region:NAME" or "watch:NAME". Metrics: items (per
 * bucket and total), rank ("previous": in the previous report),
 * stories, news, publications, share, rank, growth_prev_pct, p_prev,
 * growth_base_pct, p_base, sources, diversity, mentions (watch). Values
 * are integers or 4 decimals; a missing value is empty in CSV, null in
 * JSON (e.g. growth from zero). JSON also has summary (its sentences),
 * niches (labels, significance, top sources, top stories),
 * emerging_terms, first_sightings, watch, organisations, regions,
 * co-occurrence matrices, silent_sources and method. */
int report_write(const struct report *r, enum report_format f,
		 struct buf *out, struct err *e);

/* Parses "html", "md", "csv", "json" / "week", "month", "quarter".
 * 0 or -1. */
int report_format_parse(const char *s, enum report_format *f);
int report_gran_parse(const char *s, enum report_gran *g);

/* Starts of the previous period and of the baseline: whole calendar
 * months back when from and to are month starts, else the same length. */
int64_t report_previous_from(const struct report_params *p);
int64_t report_baseline_from(const struct report_params *p);

/* The zone (IANA name) whose local midnights start the days, ISO weeks,
 * months and quarters of every report function, and in which dates are
 * written; NULL (the default): UTC. */
void report_zone(const char *tz);

/* The default period: the last complete quarter before now. */
void report_last_quarter(int64_t now, int64_t *from, int64_t *to);

/* ---- charts (report/svg.c): each appends one self-contained <svg> with
 * <title> and <desc>; text is escaped; numbers have fixed decimals. ---- */

/* Volumes per series over buckets: values[s * nb + b]. */
int report_svg_lines(struct buf *out, const char *title, const char *desc,
		     const char *xunit, const char *yunit, const char *const *series, size_t ns,
		     const char *const *buckets, size_t nb,
		     const int64_t *values);
/* Growth in percent per niche; significant bars solid with an asterisk,
 * others hatched; a NAN value is drawn as its na text (in the report's
 * language: "n.d.", "not enough history"). */
int report_svg_bars(struct buf *out, const char *title, const char *desc,
		    const char *xunit, const char *legend_sig,
		    const char *legend_nonsig, const char *const *names,
		    size_t n, const double *pct, const int *significant,
		    const char *const *na);
/* Matrix rows × cols of counts, darker is more. */
int report_svg_heatmap(struct buf *out, const char *title, const char *desc,
		       const char *const *rows, size_t nr,
		       const char *const *cols, size_t nc,
		       const int64_t *values);
/* A small line of n values for a table cell. */
int report_svg_sparkline(struct buf *out, const char *title,
			 const int64_t *values, size_t n);

/* Appends s escaped for HTML text and attribute values (& < > " '). */
int report_esc(struct buf *out, const char *s);

/* ---- statistics (report/stats.c), pure ---- */

/* Two-sided p-value of the exact conditional test comparing two Poisson
 * counts: k1 ~ Bin(k1 + k2, t1 / (t1 + t2)); sums the probabilities of
 * outcomes no more likely than k1 (as scipy's binomtest). */
double report_poisson_test(int64_t k1, double t1, int64_t k2, double t2);
/* Fills g comparing k1 (exposure 1) with k2 (exposure t2). */
void report_growth(struct report_growth *g, int64_t k1, int64_t k2,
		   double t2, double alpha);
/* Dunning's log-likelihood G² of a count a out of c against b out of d. */
double report_g2(double a, double c, double b, double d);

/* ---- terms (report/terms.c) ---- */

/* Calls fn for each term occurrence in text: accent-folded words of two or
 * more letters (or digits) that are not stop words, and two-word phrases of
 * adjacent such words (a stop word breaks a phrase). Returns 0, or the first non-zero value fn returned, or -1 on
 * allocation failure. */
int report_terms(const char *text, size_t n,
		 int (*fn)(const char *term, size_t len, void *arg), void *arg);
/* 1 when the folded word is a French or English stop word. */
int report_stopword(const char *w, size_t n);

/* ---- over-represented terms (report/keyness.c) ---- */

/* The terms (report_terms() of the title and text, so accent-folded, stop
 * words out) that a set of documents holds more often than the rest, by
 * Dunning's G² on document counts: what `veille rules suggest` shows a
 * rules curator. Ownership: report_keyness_new() returns a new one (NULL
 * when out of memory), free with report_keyness_free(). */
struct report_keyness;

struct report_key_term {
	const char *term;	/* borrowed from the keyness */
	int64_t in, out;	/* documents of the set, of the rest, holding it */
	int64_t in_marked;	/* documents of the set added with mark */
	double g2;
	/* titles of the first two documents of the set holding it (NULL
	 * when fewer); borrowed from the keyness */
	const char *example[2];
};

struct report_keyness *report_keyness_new(void);
void report_keyness_free(struct report_keyness *k);
/* Adds a document of the set (in = 1) or of the rest (in = 0); title and
 * text may be NULL; a term counts once per document, and once more in
 * in_marked for a document of the set added with mark set. Every document of the
 * set comes before the first of the rest, which only counts the set's
 * terms (the others cannot be over-represented): a document of the set
 * after one of the rest is refused. 0, or -1 (out of memory, or that). */
int report_keyness_add(struct report_keyness *k, const char *title,
		       const char *text, int in, int mark);
/* The terms held by at least min_docs documents of the set and more often
 * in the set than in the rest, by G² descending then term; *out (n
 * entries) lives until the next call or report_keyness_free(). 0, or -1
 * when out of memory. */
int report_keyness_rank(struct report_keyness *k, int64_t min_docs,
			const struct report_key_term **out, size_t *n);
/* The numbers of documents added to the set and to the rest. */
void report_keyness_docs(const struct report_keyness *k, int64_t *in,
			 int64_t *out);

#endif
